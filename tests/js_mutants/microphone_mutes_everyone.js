// JS mutant "microphone_mutes_everyone": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Effect too wide: toggling the caller's microphone mutes everyone.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class MicrophoneMutesEveryone extends webfuseConformance.World {
    doToggleVideochatMicrophone(caller) {
      for (const index of this.participants.keys()) {
        const call = this.videochatOf(index);
        call.microphone = !call.microphone;
      }
    }
  }
  webfuseConformance.World = MicrophoneMutesEveryone;
})();
