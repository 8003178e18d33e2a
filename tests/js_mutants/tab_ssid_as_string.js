// JS mutant "tab_ssid_as_string": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong result type: getTabs() gives each tab's ssid as a string, not an integer.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class TabSsidAsString extends webfuseConformance.World {
    doGetTabs(caller) {
      return super.doGetTabs(caller).map((tab) => ({ ...tab, ssid: String(tab.ssid) }));
    }
  }
  webfuseConformance.World = TabSsidAsString;
})();
