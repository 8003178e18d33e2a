// JS mutant "event_duplicated_broadcast": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Event duplicated: every broadcast_message reaches each listener twice.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class EventDuplicatedBroadcast extends webfuseConformance.World {
    deliver(clientIndex, context, event, payload) {
      super.deliver(clientIndex, context, event, payload);
      if (event === "broadcast_message") super.deliver(clientIndex, context, event, payload);
    }
  }
  webfuseConformance.World = EventDuplicatedBroadcast;
})();
