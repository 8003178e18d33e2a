// JS mutant "origin_filter_ignored": the JavaScript reference with one rule broken (its level: the Python mutant's).
// targetOrigin ignored: a message is delivered although targetOrigin does not match the receiving page.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class OriginFilterIgnored extends webfuseConformance.World {
    originMatches(targetOrigin, origin) {
      return true;
    }
  }
  webfuseConformance.World = OriginFilterIgnored;
})();
