// JS mutant "event_dropped_session_ended": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Event dropped: end() never sends session_ended.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class EventDroppedSessionEnded extends webfuseConformance.World {
    emitOne(e, caller, args, result) {
      if (e.event !== "session_ended") super.emitOne(e, caller, args, result);
    }
  }
  webfuseConformance.World = EventDroppedSessionEnded;
})();
