// JS mutant "on_event_object_in_widget": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Event-object form exposed where the spec does not say: the widget's on has addListener.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class OnEventObjectInWidget extends webfuseConformance.World {
    hasEventObjectOn(context) {
      return context === "widget" || context === "extension";
    }
  }
  webfuseConformance.World = OnEventObjectInWidget;
})();
