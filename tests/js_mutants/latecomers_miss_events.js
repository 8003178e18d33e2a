// JS mutant "latecomers_miss_events": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Stale receivers: events for 'all' reach only the participants who were there from the start.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class LatecomersMissEvents extends webfuseConformance.World {
    participantsMatching(which, caller) {
      return super.participantsMatching(which, caller).filter((index) => index < 3);
    }
  }
  webfuseConformance.World = LatecomersMissEvents;
})();
