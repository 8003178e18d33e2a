// JS mutant "huddle_only_on": the JavaScript reference with one rule broken (its level: the Python mutant's).
// A toggle that never toggles back: toggleHuddleMode only ever turns huddle mode on.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class HuddleOnlyOn extends webfuseConformance.World {
    doToggleHuddleMode(caller) {
      this.states.huddle_mode = true;
    }
  }
  webfuseConformance.World = HuddleOnlyOn;
})();
