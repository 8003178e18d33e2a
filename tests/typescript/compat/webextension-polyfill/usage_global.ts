// A module that takes only types from the polyfill: the global `browser` is the one the globals entry
// point declares, with the session on it.
import type { Tabs } from "webextension-polyfill";
import type { SessionInfo } from "webfuse-session-api-types";

export async function describe(tab: Tabs.Tab): Promise<string> {
  const info: SessionInfo = await browser.webfuseSession.getSessionInfo();
  return `${tab.title ?? "?"} in ${info.space.name}`;
}

// @ts-expect-error the session is typed: it has no such member
void browser.webfuseSession.notAMember;
