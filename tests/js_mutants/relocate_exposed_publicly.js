// JS mutant "relocate_exposed_publicly": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Non-public member exposed: relocate is reachable through webfuse.currentSession.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class RelocateExposedPublicly extends webfuseConformance.World {
    publicMembers() {
      return [...super.publicMembers(), "relocate"];
    }
  }
  webfuseConformance.World = RelocateExposedPublicly;
})();
