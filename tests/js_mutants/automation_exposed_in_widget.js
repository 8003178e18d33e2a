// JS mutant "automation_exposed_in_widget": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Extension-only namespace exposed: the Automation API is reachable through the widget's session.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class AutomationExposedInWidget extends webfuseConformance.World {
    ownMembers(context) {
      return context === "widget" ? [...super.ownMembers(context), "automation"] : super.ownMembers(context);
    }
  }
  webfuseConformance.World = AutomationExposedInWidget;
})();
