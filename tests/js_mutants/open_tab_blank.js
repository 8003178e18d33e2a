// JS mutant "open_tab_blank": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong effect: openTab opens a blank tab instead of the given address.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class OpenTabBlank extends webfuseConformance.World {
    doOpenTab(caller, url) {
      this.openTabAt("about:blank");
    }
  }
  webfuseConformance.World = OpenTabBlank;
})();
