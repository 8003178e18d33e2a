// JS mutant "any_host_uploaded": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong browser object accepted: uploadFile takes any browser object, not only a File.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class AnyHostUploaded extends webfuseConformance.World {
    validateFile(what, value) {
      const proto = typeof value === "object" && value !== null ? Object.getPrototypeOf(value) : undefined;
      const browserObject = proto !== undefined && proto !== null && proto !== Object.prototype && !Array.isArray(value);
      return browserObject ? value : super.validateFile(what, value);
    }
  }
  webfuseConformance.World = AnyHostUploaded;
})();
