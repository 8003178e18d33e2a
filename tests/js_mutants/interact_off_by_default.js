// JS mutant "interact_off_by_default": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Wrong option default: participants_can_request_to_interact is off unless set, so revokeTabControl does nothing.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class InteractOffByDefault extends webfuseConformance.World {
    optionDefault(name) {
      return name === "participants_can_request_to_interact" ? false : super.optionDefault(name);
    }
  }
  webfuseConformance.World = InteractOffByDefault;
})();
