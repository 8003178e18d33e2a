// JS mutant "message_data_wrapped": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Payload not the argument: the message event wraps the sent object as {message: ...}.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class MessageDataWrapped extends webfuseConformance.World {
    payloadMessage(caller, args, result) {
      return super.payloadMessage(caller, { ...args, message: { message: args.message } }, result);
    }
  }
  webfuseConformance.World = MessageDataWrapped;
})();
