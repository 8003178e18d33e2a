// JS mutant "all_excludes_caller": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong receivers: 'all' leaves the caller out (means 'others'), so the caller's own extension misses the event.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class AllExcludesCaller extends webfuseConformance.World {
    participantsMatching(which, caller) {
      return super.participantsMatching(which === "all" ? "others" : which, caller);
    }
  }
  webfuseConformance.World = AllExcludesCaller;
})();
