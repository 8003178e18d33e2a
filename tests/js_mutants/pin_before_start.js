// JS mutant "pin_before_start": the JavaScript reference with one rule broken (its level: the Python mutant's).
// pin available before the session started (its precondition state started ignored).
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class PinBeforeStart extends webfuseConformance.World {
    preconditionHolds(precondition, caller, args) {
      if (precondition.kind === "state" && precondition.target === "started") return true;
      return super.preconditionHolds(precondition, caller, args);
    }
  }
  webfuseConformance.World = PinBeforeStart;
})();
