// JS mutant "not_role_gate_ignored_host": the JavaScript reference with one rule broken (its level: the Python mutant's).
// not_role gate ignored: the host can requestToHost (not_role host).
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class NotRoleGateIgnoredHost extends webfuseConformance.World {
    preconditionHolds(precondition, caller, args) {
      if (precondition.kind === "not_role" && precondition.target === "host") return true;
      return super.preconditionHolds(precondition, caller, args);
    }
  }
  webfuseConformance.World = NotRoleGateIgnoredHost;
})();
