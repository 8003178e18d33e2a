// JS variant "iframe_window": the JavaScript reference, embedded as the Session API document allows.
// A conforming variant, not a mutant: the suite must pass it at both levels.
// Each session's `window` is "the contentWindow of the iframe container" (the document: "either tab
// window or contentWindow of the iframe container"): the window of a same-origin <iframe> appended to
// the document, one per participant and context, so a Window of ANOTHER realm than the page's (its
// `instanceof Window` is false here). `node` is that iframe, and screenshots are ImageBitmaps made in
// its realm too. Load after reference/js/dist/webfuse-reference.js, like the mutants in tests/js_mutants/:
// it replaces webfuseConformance.World with a subclass that overrides how browser objects are made
// (see reference/js/src/reference.ts).
(() => {
  "use strict";
  const containers = new Map(); // "clientIndex:context" -> its iframe, shared by every world of the page

  function container(clientIndex, context) {
    const key = `${clientIndex}:${context}`;
    let frame = containers.get(key);
    if (!frame) {
      frame = document.createElement("iframe"); // about:blank: same origin as the page, its own realm
      frame.title = `session of participant ${clientIndex} (${context})`;
      document.body.appendChild(frame);
      containers.set(key, frame);
    }
    return frame;
  }

  class IframeWindow extends webfuseConformance.World {
    makeWindow(caller) {
      return container(caller.clientIndex, caller.context).contentWindow;
    }

    makeIframe(caller) {
      return container(caller.clientIndex, caller.context);
    }

    makeImageBitmap() {
      const realm = container(0, "widget").contentWindow;
      const canvas = new realm.OffscreenCanvas(1280, 720);
      canvas.getContext("2d");
      return canvas.transferToImageBitmap();
    }
  }
  webfuseConformance.World = IframeWindow;
})();
