// JS mutant "on_returns_nothing": the JavaScript reference with one rule broken (its level: the Python mutant's).
// on() does not return the session (no chaining).
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class OnReturnsNothing extends webfuseConformance.World {
    doOn(caller, eventName, callback) {
      super.doOn(caller, eventName, callback);
      return undefined;
    }
  }
  webfuseConformance.World = OnReturnsNothing;
})();
