// A hand-written extension script, as an extension author would write it against the published
// declarations. It must compile under `tsc --strict` with TypeScript 5.9 and 7.
/// <reference types="webfuse-session-api-types/globals" />
import type { Participant, Session, SessionInfo, Tab } from "webfuse-session-api-types";

const session: Session = browser.webfuseSession;

async function describeSession(): Promise<string> {
  const info: SessionInfo = await session.getSessionInfo();
  const participants: Participant[] = await session.getParticipants();
  const me = participants.find((p) => p.self);
  return `${info.space.name} (${info.space.type}) with ${participants.length} participants, me: ${me?.name ?? "?"}`;
}

async function focusFirstTab(): Promise<void> {
  const tabs: Tab[] = await session.getTabs();
  const active = tabs.find((tab) => tab.active) ?? tabs[0];
  if (active !== undefined) {
    session.activateTab(active.ssid);
  }
}

session
  .on("chat_message", (s, event) => {
    if (event.message.startsWith("/help")) {
      s.relocate("https://help.example.com/", true);
    }
  })
  .on("broadcast_message", function (s, event) {
    // `this` is the session, as documented.
    this.log({ event: "broadcast_received", var0: event.message, length: event.message.length });
    void s;
  })
  .on("screenshot", (_s, event) => {
    const bitmap: ImageBitmap = event.image;
    console.log(bitmap.width, bitmap.height);
  })
  .on("a_custom_event", (_s, event) => {
    console.log("custom event", event);
  });

session.broadcastMessage("hello from the background script");
session.sendChatMessage("The co-browsing assistant is here.");
session.toggleVideochatMode("sidebar");
session.toggleVideochatMode();
session.follow_participant(1); // deprecated spelling, still declared
session.followParticipant(1);
session.takeScreenshot(false).then((bitmap) => bitmap.close());

void describeSession().then(console.log);
void focusFirstTab();
