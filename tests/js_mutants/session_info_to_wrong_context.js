// JS mutant "session_info_to_wrong_context": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong context: session_info goes to every participant's widget instead of their extension.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class SessionInfoToWrongContext extends webfuseConformance.World {
    receiversFor(e, caller) {
      const receivers = super.receiversFor(e, caller);
      if (e.event !== "session_info") return receivers;
      const moved = receivers.map(([index, context]) => [index, context === "extension" ? "widget" : context]);
      return moved.filter(([index, context], at) => moved.findIndex(([i, c]) => i === index && c === context) === at);
    }
  }
  webfuseConformance.World = SessionInfoToWrongContext;
})();
