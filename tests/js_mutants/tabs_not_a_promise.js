// JS mutant "tabs_not_a_promise": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Not a Promise: getTabs() returns the list itself.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class TabsNotAPromise extends webfuseConformance.World {
    callAsync(caller, name, values) {
      return name === "getTabs" ? this.call(caller, name, values) : super.callAsync(caller, name, values);
    }
  }
  webfuseConformance.World = TabsNotAPromise;
})();
