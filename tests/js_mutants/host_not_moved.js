// JS mutant "host_not_moved": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Effect missing: makeHost accepts the call but leaves the host where it was.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class HostNotMoved extends webfuseConformance.World {
    doMakeHost(caller, clientIndex) {
      return undefined;
    }
  }
  webfuseConformance.World = HostNotMoved;
})();
