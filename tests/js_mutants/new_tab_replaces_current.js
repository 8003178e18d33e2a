// JS mutant "new_tab_replaces_current": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong effect: relocate(url, true) replaces the current tab instead of opening a new one.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class NewTabReplacesCurrent extends webfuseConformance.World {
    doRelocate(caller, newUrl, newTab) {
      super.doRelocate(caller, newUrl, false);
    }
  }
  webfuseConformance.World = NewTabReplacesCurrent;
})();
