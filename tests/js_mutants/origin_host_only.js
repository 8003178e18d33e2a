// JS mutant "origin_host_only": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Host-only match: targetOrigin is compared by host name, whatever its scheme and port.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class OriginHostOnly extends webfuseConformance.World {
    originMatches(targetOrigin, origin) {
      if (targetOrigin === "*") return true;
      const { urlsplit, hostnameOf } = WebfuseReference;
      try {
        return hostnameOf(urlsplit(targetOrigin).netloc) === hostnameOf(urlsplit(origin).netloc);
      } catch (error) {
        if (error instanceof WebfuseReference.UrlError) return false;
        throw error;
      }
    }
  }
  webfuseConformance.World = OriginHostOnly;
})();
