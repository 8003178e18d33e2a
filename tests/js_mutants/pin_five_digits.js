// JS mutant "pin_five_digits": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Pin not four digits: the join code has five.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class PinFiveDigits extends webfuseConformance.World {
    makePin() {
      return String(Math.floor(this.random() * 100000)).padStart(5, "0");
    }
  }
  webfuseConformance.World = PinFiveDigits;
})();
