// A hand-written extension of the kind agents are built as (popup or content script): it reads its settings from
// the manifest's `env`, with fallbacks, drives the page through the Automation API in both generations, and listens
// with the event-object forms the official examples use. It must compile under `tsc --strict` with TypeScript 5.9
// and 7; nothing in it is cast.
/// <reference types="webfuse-session-api-types/globals" />
import type { ExtensionMessage, ExtensionSession, Tab } from "webfuse-session-api-types";

const session: ExtensionSession = browser.webfuseSession;

// -- env: values of the manifest's `env` list, usually with a fallback ---------------------------------------
const env = browser.webfuseSession.env;
const AGENT_URL = env.AGENT_URL || "https://agent.example.com/";
const API_URL: string = browser.webfuseSession.env.API_URL ?? "https://api.example.com/";
const keyName = "AGENT_KEY";
const agentKey = env[keyName] || "";
const hasToken = Boolean(browser.webfuseSession && browser.webfuseSession.env && browser.webfuseSession.env.TOKEN_URL);
console.log(new URL(AGENT_URL).host, API_URL.length, agentKey.length, hasToken);

// -- the Automation API, older generation (snake_case on `automation`; deprecated) ----------------------------
async function olderAgentTurn(): Promise<string> {
  const automation = browser.webfuseSession.automation;
  await automation.mouse_move("#search", true);
  await automation.left_click("#search", true);
  await automation.leftClick([100, 250]); // the camelCase spelling official code also uses
  await automation.left_click(); // at the virtual pointer
  await automation.type("#search", "cheap flights", true, true);
  await automation.scroll("#results", "vertical", 400);
  await automation.right_click(".result:first-child", true);
  await automation.middle_click(document.querySelector("a.more") ?? "#fallback");
  await automation.wait(".result", 5000);
  const html = await automation.take_dom_snapshot({ rootSelector: "body", modifier: "downsample" });
  const smaller = await automation.take_dom_snapshot({
    rootSelector: "main",
    modifier: { name: "AdaptiveD2Snap", params: { maxTokens: 2 ** 15, maxIterations: 2 } },
  });
  const bitmap = await automation.take_gui_snapshot();
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0);
  return `${html.length} / ${smaller.length} characters of HTML`;
}

// -- the Automation API, newer generation (see, act, tool) ----------------------------------------------------
async function newerAgentTurn(query: string): Promise<string> {
  const { see, act } = session.automation;
  const snapshot = await see.domSnapshot({ root: "body", webfuseIDs: true });
  await act.click("main > button.cta");
  await act.click([420, 890]);
  const button = document.getElementById("cta");
  if (button) await act.click(button);
  await act.type("input#email", "john.doe@example.org");
  await act.mouseMove("#menu");
  await act.scroll("body", 800);
  await session.automation.navigate("https://example.com/search?q=" + encodeURIComponent(query));
  const shot: unknown = await see.gui();
  void shot;
  void session.automation.tool;
  return snapshot.slice(0, 8000);
}

// A tool table dispatched by name, as the official voice agents do it.
type Tool = (args: { selector: string; text?: string }) => Promise<unknown>;
const tools: Record<string, Tool> = {
  click: ({ selector }) => session.automation.act.click(selector),
  type: ({ selector, text }) => session.automation.act.type(selector, text ?? ""),
  snapshot: () => session.automation.see.domSnapshot(),
};

// -- listening: the event-object forms -------------------------------------------------------------------------
const chatPrefix = "/agent";
function chatMessageHandler(message: ExtensionMessage): void {
  if (message.event_type === "chat_message" && message.message.startsWith(chatPrefix)) {
    void tools.click?.({ selector: message.message.slice(chatPrefix.length).trim() });
  }
}
browser.webfuseSession.on.addListener(chatMessageHandler);

// Broadcasts arrive as the very value that was broadcast, with who sent it.
browser.webfuseSession.on.addListener((message, sender) => {
  if (message === "extension_popup_DOMContentLoaded") {
    console.log("### Broadcasted message from popup ###", message, sender);
  }
});

browser.webfuseSession.onMessage.addListener((message) => {
  if (typeof message === "string") return;
  switch (message.event_type) {
    case "host_changed":
      console.log("my index is now", message.my_index);
      break;
    case "tab_control":
      console.log(message.controlIndex === message.leaderIndex ? "the leader has control" : "someone else has control");
      break;
    case "session_started":
      void olderAgentTurn().then(console.log);
      break;
  }
});

// The documented form still works, typed by the events an extension receives.
session.on("chat_message", (s, event) => {
  if (event.message === "/snapshot") void newerAgentTurn("").then((html) => s.log({ event: "snapshot", length: html.length }));
});

// -- tabs: `id` is what official code reads ----------------------------------------------------------------------
async function activeTabId(): Promise<number | undefined> {
  const tabs: Tab[] = await browser.webfuseSession.getTabs();
  const active = tabs.find((t) => t.active);
  if (active?.url?.startsWith("https://")) {
    await browser.tabs.sendMessage(active.id ?? active.ssid, { type: "EXTRACT" });
  }
  return active?.id;
}

// -- messages and log entries typed by an interface ------------------------------------------------------------
interface AgentReport {
  kind: "agent_report";
  steps: number;
  summary: string;
}
interface AuditEntry {
  event: string;
  var0: string;
  step: number;
}
function report(steps: number): void {
  const message: AgentReport = { kind: "agent_report", steps, summary: "done" };
  session.sendMessage(message, "*");
  const entry: AuditEntry = { event: "agent_turn", var0: "flights", step: steps };
  session.log(entry);
}

// Members of other contexts are not there.
// @ts-expect-error only a widget's session has start()
void session.start;

void activeTabId().then((id) => report(id ?? 0));
void newerAgentTurn("flights");

// The WebExtension API this file uses beside the session (not part of the declarations).
declare global {
  namespace browser.tabs {
    function sendMessage(tabId: number | null, message: unknown): Promise<unknown>;
  }
}
export {};
