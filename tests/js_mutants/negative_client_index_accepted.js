// JS mutant "negative_client_index_accepted": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Invalid argument accepted: a negative clientIndex (minimum 0) raises no TypeError.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class NegativeClientIndexAccepted extends webfuseConformance.World {
    validateMinimum(what, value, minimum) {
      return value;
    }
  }
  webfuseConformance.World = NegativeClientIndexAccepted;
})();
