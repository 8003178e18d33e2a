// JS mutant "join_not_announced": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Event never sent: nobody hears that a participant joined.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class JoinNotAnnounced extends webfuseConformance.World {
    addParticipant(person = {}) {
      const ended = this.ended;
      this.ended = true; // as after the end: no participant_joined
      try {
        return super.addParticipant(person);
      } finally {
        this.ended = ended;
      }
    }
  }
  webfuseConformance.World = JoinNotAnnounced;
})();
