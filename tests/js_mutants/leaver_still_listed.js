// JS mutant "leaver_still_listed": the JavaScript reference with one rule broken (its level: the Python mutant's).
// A participant who left is still listed by getParticipants().
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class LeaverStillListed extends webfuseConformance.World {
    doGetParticipants(caller) {
      const listed = super.doGetParticipants(caller);
      for (let index = 0; index < this.nextIndex; index += 1) {  // everyone who ever joined, as they joined
        if (!this.participants.has(index)) listed.push(this.participantEntry(index, this.newParticipant(index, {}), caller));
      }
      return listed;
    }
  }
  webfuseConformance.World = LeaverStillListed;
})();
