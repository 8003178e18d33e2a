// JS mutant "log_not_recorded": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Effect missing: log() accepts the entry but never writes it to the audit log.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class LogNotRecorded extends webfuseConformance.World {
    doLog(caller, entry) {
      return undefined;
    }
  }
  webfuseConformance.World = LogNotRecorded;
})();
