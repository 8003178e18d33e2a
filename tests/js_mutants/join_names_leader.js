// JS mutant "join_names_leader": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong payload: participant_joined names the leader, not who joined.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class JoinNamesLeader extends webfuseConformance.World {
    payloadParticipantJoined(caller, args, result) {
      return super.payloadParticipantJoined(caller, { ...args, clientIndex: 0 }, result);
    }
  }
  webfuseConformance.World = JoinNamesLeader;
})();
