// JS mutant "every_var_reserved": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Valid argument refused: every var<N> key counts as reserved, so var10 must be a string too.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class EveryVarReserved extends webfuseConformance.World {
    validateReservedKeys(what, value) {
      for (const [key, item] of Object.entries(value)) {
        if (/^var[0-9]+$/.test(key) && typeof item !== "string") {
          throw new TypeError(`${what}.${key}: expected a string (reserved key), got ${JSON.stringify(item) ?? String(item)}`);
        }
      }
      return value;
    }
  }
  webfuseConformance.World = EveryVarReserved;
})();
