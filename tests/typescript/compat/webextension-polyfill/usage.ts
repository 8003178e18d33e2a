// An extension module that imports the polyfill as `browser` (@types/webextension-polyfill) beside the
// globals entry point. The import shadows the global `browser` in this module, so the session is reached
// through `globalThis`. It must compile under `tsc --strict` with TypeScript 5.9 and 7.
import browser from "webextension-polyfill";
import type { Session, SessionInfo } from "webfuse-session-api-types";

const session: Session = globalThis.browser.webfuseSession;

async function activeTabTitle(): Promise<string> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const info: SessionInfo = await globalThis.browser.webfuseSession.getSessionInfo();
  return `${tab?.title ?? "?"} (${browser.runtime.id}) in ${info.space.name}`;
}

session.on("chat_message", (s, event) => {
  void s.sendChatMessage(`echo: ${event.message}`);
});

// @ts-expect-error the polyfill's object is not declared to carry the session: use globalThis.browser
void browser.webfuseSession;
// @ts-expect-error @types/webextension-polyfill is in effect: tabs.query takes a query object
void browser.tabs.query(42);

void activeTabTitle().then(console.log);
