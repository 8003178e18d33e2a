// JS mutant "participants_missing_email": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong result shape: getParticipants() entries lack the required field email.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ParticipantsMissingEmail extends webfuseConformance.World {
    participantEntry(index, person, caller) {
      const entry = super.participantEntry(index, person, caller);
      delete entry.email;
      return entry;
    }
  }
  webfuseConformance.World = ParticipantsMissingEmail;
})();
