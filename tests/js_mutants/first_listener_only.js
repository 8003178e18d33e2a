// JS mutant "first_listener_only": the JavaScript reference with one rule broken (its level: the Python mutant's).
// A second listener is dropped: on() ignores a listener when the event already has one.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class FirstListenerOnly extends webfuseConformance.World {
    doOn(caller, eventName, callback) {
      let contexts = this.listeners.get(caller.clientIndex);
      if (!contexts) this.listeners.set(caller.clientIndex, (contexts = new Map()));
      let events = contexts.get(caller.context);
      if (!events) contexts.set(caller.context, (events = new Map()));
      if (!events.has(eventName)) events.set(eventName, [callback]);
      return caller.session;
    }
  }
  webfuseConformance.World = FirstListenerOnly;
})();
