// JS mutant "return_gate_ignored": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Option gate ignored: returnTabControl hands control back although participants_can_request_to_interact is off.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ReturnGateIgnored extends webfuseConformance.World {
    member(name) {
      const found = super.member(name);
      if (name !== "returnTabControl") return found;
      return {
        ...found,
        preconditions: found.preconditions.filter((p) => !(p.kind === "option" && p.target === "participants_can_request_to_interact")),
      };
    }
  }
  webfuseConformance.World = ReturnGateIgnored;
})();
