// JS mutant "path_accepted_as_origin": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Invalid argument accepted: a URL with a path passes as targetOrigin (origin or '*').
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class PathAcceptedAsOrigin extends webfuseConformance.World {
    validateOriginOrWildcard(what, value) {
      return value;
    }
  }
  webfuseConformance.World = PathAcceptedAsOrigin;
})();
