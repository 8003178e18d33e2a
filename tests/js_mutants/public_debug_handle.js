// JS mutant "public_debug_handle": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Undeclared member: webfuse.currentSession also offers a debugging handle to the whole session.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class PublicDebugHandle extends webfuseConformance.World {
    makeSessionObject(clientIndex, context) {
      const made = super.makeSessionObject(clientIndex, context);
      if (context !== "public") return made;
      const world = this;
      Object.defineProperty(made, "debug_session", { get() { return world; }, enumerable: true, configurable: true });
      return made;
    }
  }
  webfuseConformance.World = PublicDebugHandle;
})();
