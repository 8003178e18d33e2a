// JS mutant "control_to_non_participant": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Participant check ignored: transferTabControl gives control to a client index that is no participant.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ControlToNonParticipant extends webfuseConformance.World {
    member(name) {
      const found = super.member(name);
      if (name !== "transferTabControl") return found;
      return { ...found, preconditions: found.preconditions.filter((p) => !(p.kind === "participant" && p.target === "clientIndex")) };
    }
  }
  webfuseConformance.World = ControlToNonParticipant;
})();
