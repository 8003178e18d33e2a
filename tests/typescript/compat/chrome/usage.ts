// An extension script that uses @types/chrome (0.3.0 or later declares `browser` as `typeof chrome`)
// and the globals-chrome entry point. It must compile under `tsc --strict` with TypeScript 5.9 and 7.
import type { Session, SessionInfo } from "webfuse-session-api-types";

const session: Session = browser.webfuseSession;

async function activeTabTitle(): Promise<string> {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const same: chrome.tabs.Tab[] = await browser.tabs.query({ active: true });
  const info: SessionInfo = await browser.webfuseSession.getSessionInfo();
  return `${tab?.title ?? "?"} (${same.length}) in ${info.space.name}`;
}

chrome.runtime.onMessage.addListener((message: unknown) => {
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
// @ts-expect-error @types/chrome is in effect: tabs.query takes a query object
void chrome.tabs.query(42);

void activeTabTitle().then(console.log);
