// JS mutant "control_returned_to_leader": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong participant: returnTabControl gives control to the leader, not to the tab owner.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ControlReturnedToLeader extends webfuseConformance.World {
    doReturnTabControl(caller) {
      this.roles.in_control = 0;
    }
  }
  webfuseConformance.World = ControlReturnedToLeader;
})();
