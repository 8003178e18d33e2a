// JS mutant "env_missing_in_extension": the JavaScript reference with one rule broken (its level: the Python mutant's).
// Extension member missing: browser.webfuseSession has no env.
// Load after reference/js/dist/webfuse-reference.js: it replaces webfuseConformance.World with a
// subclass that overrides one rule method (see reference/js/src/reference.ts); tests/js_mutants/gallery.py
// names the conformance check that must catch it.
(() => {
  "use strict";
  class EnvMissingInExtension extends webfuseConformance.World {
    ownMembers(context) {
      return super.ownMembers(context).filter((name) => name !== "env");
    }
  }
  webfuseConformance.World = EnvMissingInExtension;
})();
