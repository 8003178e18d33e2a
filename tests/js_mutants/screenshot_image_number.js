// JS mutant "screenshot_image_number": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong host object: the screenshot event's image is a number, not an ImageBitmap.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ScreenshotImageNumber extends webfuseConformance.World {
    payloadScreenshot(caller, args, result) {
      return { image: 3 };
    }
  }
  webfuseConformance.World = ScreenshotImageNumber;
})();
