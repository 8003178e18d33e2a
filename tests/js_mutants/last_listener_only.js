// JS mutant "last_listener_only": the JavaScript reference with one rule broken (its level: the Python mutant's).
// A second listener replaces the first: on() keeps one listener per event.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class LastListenerOnly extends webfuseConformance.World {
    doOn(caller, eventName, callback) {
      let contexts = this.listeners.get(caller.clientIndex);
      if (!contexts) this.listeners.set(caller.clientIndex, (contexts = new Map()));
      let events = contexts.get(caller.context);
      if (!events) contexts.set(caller.context, (events = new Map()));
      events.set(eventName, [callback]);
      return caller.session;
    }
  }
  webfuseConformance.World = LastListenerOnly;
})();
