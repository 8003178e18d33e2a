// JS mutant "leaver_keeps_roles": the JavaScript reference with one rule broken (its level: the Python mutant's).
// A participant who leaves keeps the roles they held (instead of handing them back to the leader).
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class LeaverKeepsRoles extends webfuseConformance.World {
    removeParticipant(clientIndex) {
      const roles = { ...this.roles };
      super.removeParticipant(clientIndex);
      Object.assign(this.roles, roles);
    }
  }
  webfuseConformance.World = LeaverKeepsRoles;
})();
