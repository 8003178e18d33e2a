// JS mutant "properties_after_end": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Still answers after end: properties keep their values once the session has ended.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class PropertiesAfterEnd extends webfuseConformance.World {
    read(caller, name) {
      if (!this.hasEnded()) return super.read(caller, name);
      const ended = this.ended;
      this.ended = false; // read as if the session were still on
      try {
        return super.read(caller, name);
      } finally {
        this.ended = ended;
      }
    }
  }
  webfuseConformance.World = PropertiesAfterEnd;
})();
