// JS mutant "dom_snapshot_not_a_string": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong result type: see.domSnapshot() resolves to an object wrapping the HTML, not to the HTML string.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class DomSnapshotNotAString extends webfuseConformance.World {
    doAutomation(caller, path, args) {
      const result = super.doAutomation(caller, path, args);
      return path === "automation.see.domSnapshot" ? { html: result } : result;
    }
  }
  webfuseConformance.World = DomSnapshotNotAString;
})();
