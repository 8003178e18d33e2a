// JS mutant "self_for_everyone": the JavaScript reference with one rule broken (its level: the Python mutant's).
// 'self' is true for everyone in getParticipants(), not only for the viewer.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class SelfForEveryone extends webfuseConformance.World {
    isSelf(index, caller) {
      return true;
    }
  }
  webfuseConformance.World = SelfForEveryone;
})();
