// JS mutant "reserved_keys_in_part": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Reserved keys checked in part: only var0 to var4 must hold strings.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ReservedKeysInPart extends webfuseConformance.World {
    validateReservedKeys(what, value) {
      const checked = Object.fromEntries(Object.entries(value).filter(([key]) => !/^var[5-9]$/.test(key)));
      super.validateReservedKeys(what, checked);
      return value;
    }
  }
  webfuseConformance.World = ReservedKeysInPart;
})();
