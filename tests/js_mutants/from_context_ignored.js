// JS mutant "from_context_ignored": the JavaScript reference with one rule broken (its level: the Python mutant's).
// from_context ignored: a widget's sendMessage also fires the public-to-widget message, at the sender's widget.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class FromContextIgnored extends webfuseConformance.World {
    emitApplies(e, caller) {
      return true;
    }
  }
  webfuseConformance.World = FromContextIgnored;
})();
