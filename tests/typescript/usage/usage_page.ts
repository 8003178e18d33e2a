// A hand-written page script: the Session API document's messaging example, typed, on both sides
// of the channel (the embedding page and the co-browsed page inside the session).
import type { MessageEvent as SessionMessage, PublicSession } from "webfuse-session-api-types";

function sessionEnd(session: PublicSession): void {
  session.log({ event: "ended_from_page", var0: "queued" });
  session.end("https://example.com/thank-you");
}

if (!webfuse.isInsideSession) {
  // From outside a co-browsing window, send a message to the co-browsing window
  const endBtn = document.getElementById("btn-end-queued-session");
  endBtn?.addEventListener("click", function () {
    webfuse.listSessions()[0]?.sendMessage({ message: "end" }, window.location.origin);
  });
  webfuse.on("session_started", (session) => {
    console.log("started with pin", session.pin ?? "(not yet)");
  });
  webfuse.on("participant_joined", (_session, event) => {
    console.log("participant", event.clientIndex, "joined");
  });
} else {
  // Check the cobrowsing Session and set the message event listener
  webfuse.currentSession.on("message", function (session, event: SessionMessage) {
    if (event.data.message === "end") {
      // reply to the message
      sessionEnd(session);
    }
  });
}
