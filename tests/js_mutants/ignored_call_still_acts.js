// JS mutant "ignored_call_still_acts": the JavaScript reference with one rule broken (its level: the Python mutant's).
// An ignored call changes state: a call whose precondition fails returns nothing and sends no event, but its effect still happens.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class IgnoredCallStillActs extends webfuseConformance.World {
    checkPreconditions(member, caller, args) {
      const holds = super.checkPreconditions(member, caller, args);
      if (!holds && member.kind === "method") this.perform(member, caller, args);
      return holds;
    }
  }
  webfuseConformance.World = IgnoredCallStillActs;
})();
