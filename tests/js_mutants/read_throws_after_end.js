// JS mutant "read_throws_after_end": the JavaScript reference with one rule broken (its level: the Python mutant's).
// A property throws after end instead of being undefined.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ReadThrowsAfterEnd extends webfuseConformance.World {
    read(caller, name) {
      if (this.hasEnded()) throw new Error("the session has ended");
      return super.read(caller, name);
    }
  }
  webfuseConformance.World = ReadThrowsAfterEnd;
})();
