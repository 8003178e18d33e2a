// JS mutant "unset_options_off": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong option defaults: every option left unset counts as off.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class UnsetOptionsOff extends webfuseConformance.World {
    optionDefault(name) {
      return false;
    }
  }
  webfuseConformance.World = UnsetOptionsOff;
})();
