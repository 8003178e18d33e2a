// A hand-written widget host page: the Widget API's entry, `webfuse.initSpace()` -> space -> `space.session()` ->
// `session.start()`, as the Widget API page and the official landing pages write it. It must compile under
// `tsc --strict` with TypeScript 5.9 and 7.
import type { WidgetSession, WidgetSpace } from "webfuse-session-api-types";

interface QueryMetadata {
  query: string;
  source: "landing_page";
}

async function startAssistedSession(query: string): Promise<WidgetSession> {
  const metadata: QueryMetadata = { query, source: "landing_page" };
  const space: WidgetSpace = await webfuse.initSpace("<WIDGET_KEY>", "<SPACE_ID>", { metadata });
  console.log("space", space.id, space.slug);
  const session = space.session();
  session
    .on("session_created", () => console.log("created"))
    .on("session_started", function (s) {
      s.openTab("https://example.com/welcome");
      console.log("started, pin", this.pin ?? "(not yet)");
    })
    .on("participant_joined", (_s, event) => console.log("joined:", event.clientIndex));
  await session.start();
  return session;
}

webfuse
  .initSpace("<WIDGET_KEY>", "<SPACE_ID>", {})
  .then((space) => space.session().start("#webfuse-container"))
  .catch((error: unknown) => console.error("could not start", error));

webfuse.on("session_ended", (session) => console.log("ended", session.started));
webfuse.on("message", (_session, event) => console.log("from the page:", event.data));

async function tabs(session: WidgetSession): Promise<void> {
  session.openTab("https://example.com/docs");
  const all = await session.getTabs();
  const second = all[1];
  if (second) session.activateTab(second.id ?? second.ssid);
}

if (webfuse.isInsideSession) {
  webfuse.currentSession.on("message", (session, event) => {
    if (event.data.message === "end") session.end();
  });
} else {
  void startAssistedSession("flights to Lisbon").then(tabs);
}

// The widget does not hear what only extensions receive, and has none of the extension's members.
// @ts-expect-error chat messages never reach a widget's listeners, so the payload is untyped there
webfuse.listSessions()[0]?.on("chat_message", (_s, event) => event.message);
// @ts-expect-error `env` belongs to the extension's session
void webfuse.listSessions()[0]?.env;
