// JS mutant "answers_after_end": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Still answers after end: calls after end() take effect and send events.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class AnswersAfterEnd extends webfuseConformance.World {
    hasEnded() {
      return false;
    }
  }
  webfuseConformance.World = AnswersAfterEnd;
})();
