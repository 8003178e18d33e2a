// JS mutant "screenshot_throws": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Thrown, not rejected: takeScreenshot() throws on a bad argument instead of returning a rejected Promise.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ScreenshotThrows extends webfuseConformance.World {
    callAsync(caller, name, values) {
      return name === "takeScreenshot" ? Promise.resolve(this.call(caller, name, values)) : super.callAsync(caller, name, values);
    }
  }
  webfuseConformance.World = ScreenshotThrows;
})();
