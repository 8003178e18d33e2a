// JS mutant "broadcast_payload_encoded": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Payload not the argument: broadcast_message carries the message JSON-encoded.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class BroadcastPayloadEncoded extends webfuseConformance.World {
    payloadBroadcastMessage(caller, args, result) {
      return super.payloadBroadcastMessage(caller, { ...args, message: JSON.stringify(args.message) }, result);
    }
  }
  webfuseConformance.World = BroadcastPayloadEncoded;
})();
