// JS mutant "invalid_log_entry_recorded": the JavaScript reference with one rule broken (its level: the Python mutant's).
// State changed before TypeError: an invalid log entry is written to the audit log, then rejected.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class InvalidLogEntryRecorded extends webfuseConformance.World {
    validateLogEntry(what, value) {
      try {
        return super.validateLogEntry(what, value);
      } catch (error) {
        if (error instanceof TypeError) {
          this.auditLog.push({ client_index: null, context: null, entry: Object.prototype.toString.call(value), rejected: true });
        }
        throw error;
      }
    }
  }
  webfuseConformance.World = InvalidLogEntryRecorded;
})();
