// JS mutant "gate_ignored_chat": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Option gate ignored: sendChatMessage works although the option chat_enabled is off.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class GateIgnoredChat extends webfuseConformance.World {
    optionOn(option) {
      return option === "chat_enabled" ? true : super.optionOn(option);
    }
  }
  webfuseConformance.World = GateIgnoredChat;
})();
