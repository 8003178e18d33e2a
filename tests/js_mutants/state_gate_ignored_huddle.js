// JS mutant "state_gate_ignored_huddle": the JavaScript reference with one rule broken (its level: the Python mutant's).
// State gate ignored: followParticipant works outside huddle mode (state huddle_mode).
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class StateGateIgnoredHuddle extends webfuseConformance.World {
    stateHolds(state) {
      return state === "huddle_mode" ? true : super.stateHolds(state);
    }
  }
  webfuseConformance.World = StateGateIgnoredHuddle;
})();
