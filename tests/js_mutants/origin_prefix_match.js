// JS mutant "origin_prefix_match": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Prefix match: a message reaches a page whose origin merely starts with targetOrigin.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class OriginPrefixMatch extends webfuseConformance.World {
    originMatches(targetOrigin, origin) {
      return targetOrigin === "*" || origin.startsWith(targetOrigin);
    }
  }
  webfuseConformance.World = OriginPrefixMatch;
})();
