// JS mutant "listener_without_session": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Listener called without the session as its first argument (this is still the session).
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class ListenerWithoutSession extends webfuseConformance.World {
    invokeListener(callback, session, payload) {
      super.invokeListener(function (first, event) { return callback.call(this, undefined, event); }, session, payload);
    }
  }
  webfuseConformance.World = ListenerWithoutSession;
})();
