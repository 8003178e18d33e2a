// JS mutant "log_missing_publicly": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Public member missing: webfuse.currentSession has no log.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class LogMissingPublicly extends webfuseConformance.World {
    publicMembers() {
      return super.publicMembers().filter((name) => name !== "log");
    }
  }
  webfuseConformance.World = LogMissingPublicly;
})();
