// JS mutant "latecomers_miss_events": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Stale receivers: a participant who joined late is not told when yet another one joins.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class LatecomersMissEvents extends webfuseConformance.World {
    participantsMatching(which, caller) {
      const everyone = super.participantsMatching(which, caller);
      return which === "others" ? everyone.filter((index) => index < 3) : everyone;
    }
  }
  webfuseConformance.World = LatecomersMissEvents;
})();
