// An extension script that uses @types/firefox-webext-browser (`namespace browser.<api>`) and the
// globals entry point, whose `namespace browser` merges with it. It must compile under `tsc --strict`
// with TypeScript 5.9 and 7.
import type { Session, SessionInfo } from "webfuse-session-api-types";

const session: Session = browser.webfuseSession;

async function activeTabTitle(): Promise<string> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const info: SessionInfo = await browser.webfuseSession.getSessionInfo();
  return `${tab?.title ?? "?"} (${browser.runtime.id}) in ${info.space.name}`;
}

browser.runtime.onMessage.addListener((message: unknown) => {
  session.log({ event: "runtime_message", var0: String(message) });
});
session.on("chat_message", (s, event) => {
  void s.sendChatMessage(`echo: ${event.message}`);
});
if (webfuse.isInsideSession) {
  webfuse.currentSession.log({ event: "page_inside_session" });
}

// @ts-expect-error the session is typed: it has no such member
void browser.webfuseSession.notAMember;
// @ts-expect-error @types/firefox-webext-browser is in effect: tabs.query takes a query object
void browser.tabs.query(42);

void activeTabTitle().then(console.log);
