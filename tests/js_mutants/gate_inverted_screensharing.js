// JS mutant "gate_inverted_screensharing": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Option gate inverted: startScreensharing works only while screensharing_enabled is off.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class GateInvertedScreensharing extends webfuseConformance.World {
    optionOn(option) {
      const on = super.optionOn(option);
      return option === "screensharing_enabled" ? !on : on;
    }
  }
  webfuseConformance.World = GateInvertedScreensharing;
})();
