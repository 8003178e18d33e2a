// JS mutant "activate_ignored": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Effect missing: activateTab leaves the active tab where it was.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ActivateIgnored extends webfuseConformance.World {
    doActivateTab(caller, ssid) {
      return undefined;
    }
  }
  webfuseConformance.World = ActivateIgnored;
})();
