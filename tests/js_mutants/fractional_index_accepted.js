// JS mutant "fractional_index_accepted": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Invalid argument accepted: a clientIndex that is not an integer is rounded down.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class FractionalIndexAccepted extends webfuseConformance.World {
    validateInteger(what, value) {
      return typeof value === "number" && Number.isFinite(value) ? Math.trunc(value) : super.validateInteger(what, value);
    }
  }
  webfuseConformance.World = FractionalIndexAccepted;
})();
