// JS mutant "resume_gate_ignored": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Role gate ignored: resumeTabs resumes the paused tabs for a caller who is not the tab_owner.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ResumeGateIgnored extends webfuseConformance.World {
    member(name) {
      const found = super.member(name);
      if (name !== "resumeTabs") return found;
      return { ...found, preconditions: found.preconditions.filter((p) => !(p.kind === "role" && p.target === "tab_owner")) };
    }
  }
  webfuseConformance.World = ResumeGateIgnored;
})();
