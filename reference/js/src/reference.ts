/**
 * Webfuse Session API: the reference implementation in JavaScript (built from
 * reference/js/src/reference.ts; do not edit the built file, run `make reference-js`).
 *
 * An in-memory co-browsing session ("world") that behaves exactly as the Python reference
 * (reference/python/webfuse_reference) does, with real browser objects: `File` arguments,
 * `ImageBitmap` screenshots, an `HTMLIFrameElement` node and the page's `window`.
 *
 * Loading this classic script defines two globals:
 * - `WebfuseReference`: `createWorld(situation)`, `World`, `install(world, clientIndex)`,
 *   `uninstall()`, `MEMBERS`, `VERSION`: the test double;
 * - `webfuseConformance`: the JSON-only harness contract the conformance suite's browser adapter
 *   drives (`open`, `addParticipant`, `removeParticipant`, `session`, `snapshot`, `close`).
 *
 * Every call on a session object goes through one pipeline (`World.call`), as in Python:
 * arity (a JavaScript signature error, even after the end), who answers (after `end()` and for a
 * participant who left: nothing, the call is ignored), arguments (TypeError on the first bad one,
 * before anything changes), preconditions (all checked first; one that fails makes the call do
 * nothing), the effect (`do<Member>`), then the events (`emit`), delivered synchronously to each
 * listener as `callback.call(session, session, payload)`. Every rule is one small method of
 * `World`, so a deliberately broken variant is a subclass that overrides exactly one of them.
 *
 * The source is type-checked with `tsc --strict` against the generated declarations
 * (generated/typescript/index.d.ts and globals.d.ts): the session objects are built as object
 * literals typed `Session` and `PublicSession`, the globals as `typeof webfuse` and
 * `typeof browser`, and the event payloads as `SessionEventMap[event]`.
 */
namespace WebfuseReference {
  // The generated declarations, by type-only `import()`: a top-level `import type` would turn this
  // file into a module, and tsc would emit `export {}`, which a classic script cannot contain.
  type Api = typeof import("webfuse-session-api-types");
  type Session = import("webfuse-session-api-types").Session;
  type PublicSession = import("webfuse-session-api-types").PublicSession;
  type WidgetSession = import("webfuse-session-api-types").WidgetSession;
  type ExtensionSession = import("webfuse-session-api-types").ExtensionSession;
  type WidgetSpace = import("webfuse-session-api-types").WidgetSpace;
  type SessionEventMap = import("webfuse-session-api-types").SessionEventMap;
  type SessionInfo = import("webfuse-session-api-types").SessionInfo;
  type Participant = import("webfuse-session-api-types").Participant;
  type Tab = import("webfuse-session-api-types").Tab;
  type LogEntry = import("webfuse-session-api-types").LogEntry;
  type VideochatMode = import("webfuse-session-api-types").VideochatMode;
  type SessionMessageEvent = import("webfuse-session-api-types").MessageEvent;
  type ScreenshotEvent = import("webfuse-session-api-types").ScreenshotEvent;
  type ChatMessageEvent = import("webfuse-session-api-types").ChatMessageEvent;
  type BroadcastMessageEvent = import("webfuse-session-api-types").BroadcastMessageEvent;
  type SessionEndedEvent = import("webfuse-session-api-types").SessionEndedEvent;
  type ParticipantJoinedEvent = import("webfuse-session-api-types").ParticipantJoinedEvent;
  type Automation = import("webfuse-session-api-types").Automation;
  type ExtensionMessage = import("webfuse-session-api-types").ExtensionMessage;
  type BroadcastSender = import("webfuse-session-api-types").BroadcastSender;
  // `Api` is only there to prove the package resolves as a whole (the declarations export no values).
  export type DeclarationsPackage = Api;

  export const VERSION = "0.1.0";

  // ================================================================ the spec, as this reference reads it

  export type Context = "widget" | "extension" | "public";
  export type SessionObject = Session | PublicSession;
  type Callback = (this: unknown, session: unknown, event: unknown) => unknown;
  type Args = Record<string, unknown>;

  export const CONTEXTS: readonly Context[] = ["widget", "extension", "public"];
  /** The context whose session object has only the members marked public. */
  export const PUBLIC_CONTEXT: Context = "public";
  export const ROLES = ["leader", "host", "tab_owner", "in_control"] as const;
  export const STATES = ["started", "in_iframe", "huddle_mode"] as const;
  export type Role = (typeof ROLES)[number];
  export type State = (typeof STATES)[number];
  type HeldRole = Exclude<Role, "leader">;

  /** Options with a documented default (S5, S8, S1). */
  export const OPTION_DEFAULTS: Readonly<Record<string, unknown>> = {
    chat_enabled: true,
    participants_can_request_to_interact: true,
    end_of_session_popup_url: false,
  };
  /** What an option without a documented default (`host_switching_allowed`, `screensharing_enabled`)
   * is when the session does not set it: on, so the members it gates work unless a test turns it off. */
  export const UNKNOWN_OPTION_DEFAULT = true;
  const UNKNOWN_DEFAULT_OPTIONS = ["host_switching_allowed", "screensharing_enabled"];

  /** Origin of the page each context runs in, unless the situation gives others. */
  export const DEFAULT_ORIGINS: Readonly<Record<Context, string>> = {
    widget: "https://embedder.example.com",
    extension: "chrome-extension://webfuse-extension",
    public: "https://app.example.com",
  };
  export const DEFAULT_START_URL = "https://app.example.com/";
  export const NEW_TAB_PAGE_URL = "about:newtab";

  /** `types.SessionInfo.examples[0]` of the spec (the W3 example); `sessionId` is replaced per session. */
  export const SESSION_INFO_EXAMPLE: SessionInfo = {
    sessionId: "<session_id>",
    opentokSessionId: "<opentok_session_id>",
    space: {
      id: 1,
      name: "test",
      slug: "test",
      link: "<space_url>",
      company_id: 1,
      type: "meeting",
      domain: "<space_domain>",
      access_control: "public",
      host_rights: "everyone",
      identification: "anonymous",
      is_paused: false,
      visibility: "members-only",
      adminIds: [9, 1],
      memberIds: [],
    },
    metadata: { foo: "bar" },
  };

  export interface Param {
    readonly name: string;
    /** The spec's type expression. */
    readonly type: string;
    readonly required: boolean;
    readonly hasDefault: boolean;
    readonly default?: unknown;
    readonly constraints: Readonly<Record<string, unknown>>;
  }

  /** `kind` is option | role | not_role | state | not_state | participant (as in the spec), or
   * `tab` (this reference's own: the ssid must name an open tab); `target` is the option, role,
   * state or parameter it is about. */
  export interface Precondition {
    readonly kind: string;
    readonly target: string;
    readonly otherwise: "ignored" | "unavailable" | "error";
    /** False for a rule this reference adds where the spec is silent. */
    readonly spec: boolean;
  }

  export interface Receivers {
    readonly context: Context;
    /** `self`, `others` or `all`, relative to the caller. */
    readonly participants: "self" | "others" | "all";
  }

  export interface Emit {
    readonly event: keyof SessionEventMap;
    readonly to: readonly Receivers[];
    readonly fromContext: readonly Context[] | null;
    readonly originParam: string | null;
  }

  export interface Member {
    readonly name: string;
    readonly kind: "property" | "method";
    readonly public: boolean;
    /** The result is a Promise. */
    readonly isAsync: boolean;
    readonly params: readonly Param[];
    readonly preconditions: readonly Precondition[];
    readonly emits: readonly Emit[];
  }

  function param(name: string, type: string, extra: Partial<Param> = {}): Param {
    return { name, type, required: true, hasDefault: false, constraints: {}, ...extra };
  }

  function pre(kind: string, target: string, otherwise: Precondition["otherwise"] = "ignored", spec = true): Precondition {
    return { kind, target, otherwise, spec };
  }

  function emit(event: keyof SessionEventMap, to: readonly Receivers[], fromContext: readonly Context[] | null = null,
    originParam: string | null = null): Emit {
    return { event, to, fromContext, originParam };
  }

  function member(name: string, kind: Member["kind"], extra: Partial<Member> = {}): Member {
    return { name, kind, public: false, isAsync: false, params: [], preconditions: [], emits: [], ...extra };
  }

  const CLIENT_INDEX = param("clientIndex", "integer", { constraints: { minimum: 0 } });
  const PCRTI = pre("option", "participants_can_request_to_interact");
  const WIDGET_SELF_EXTENSION_ALL: readonly Receivers[] = [
    { context: "widget", participants: "self" },
    { context: "extension", participants: "all" },
  ];

  /** Every member of the session, by JavaScript name, in the order of the spec (the same table as
   * the Python reference's `rules.MEMBERS`; tests/test_reference_js.py compares them). */
  export const MEMBERS: Readonly<Record<string, Member>> = Object.freeze(Object.fromEntries(([
    member("started", "property"),
    member("pin", "property", { preconditions: [pre("state", "started", "unavailable")] }),
    member("node", "property", { preconditions: [pre("state", "in_iframe", "unavailable")] }),
    member("window", "property"),
    member("relocate", "method", {
      params: [
        param("newUrl", "string", { constraints: { format: "absolute-url" } }),
        param("newTab", "boolean", { required: false, hasDefault: true, default: false }),
      ],
    }),
    member("uploadFile", "method", { params: [param("file", "File")] }),
    member("getSessionInfo", "method", { isAsync: true, emits: [emit("session_info", WIDGET_SELF_EXTENSION_ALL)] }),
    member("end", "method", {
      public: true,
      params: [param("redirectUrl", "string", { required: false, constraints: { format: "url" } })],
      emits: [emit("session_ended", [{ context: "widget", participants: "all" }])],
    }),
    member("log", "method", { public: true, params: [param("entry", "LogEntry", { constraints: { json: "plain-object" } })] }),
    member("takeScreenshot", "method", {
      isAsync: true,
      params: [param("keepStreamOpened", "boolean", { required: false, hasDefault: true, default: true })],
      emits: [emit("screenshot", WIDGET_SELF_EXTENSION_ALL)],
    }),
    member("on", "method", { public: true, params: [param("eventName", "EventName"), param("callback", "EventHandler")] }),
    member("sendMessage", "method", {
      public: true,
      params: [
        param("message", "Record<string, unknown>", { constraints: { json: "plain-object" } }),
        param("targetOrigin", "string", { constraints: { format: "origin-or-wildcard" } }),
      ],
      emits: [
        emit("message", [{ context: "public", participants: "self" }], ["widget"], "targetOrigin"),
        emit("message", [{ context: "widget", participants: "self" }], ["public"], "targetOrigin"),
      ],
    }),
    member("broadcastMessage", "method", {
      params: [param("message", "string")],
      emits: [emit("broadcast_message", [{ context: "extension", participants: "all" }])],
    }),
    member("sendChatMessage", "method", {
      params: [param("message", "string")],
      preconditions: [pre("option", "chat_enabled")],
      emits: [emit("chat_message", [{ context: "extension", participants: "all" }])],
    }),
    member("openTab", "method", { params: [param("url", "string", { constraints: { format: "absolute-url" } })] }),
    member("getTabs", "method", { isAsync: true }),
    member("activateTab", "method", {
      params: [param("ssid", "integer", { constraints: { minimum: 0 } })],
      preconditions: [pre("tab", "ssid", "ignored", false)],
    }),
    member("pauseTabs", "method", { preconditions: [pre("role", "tab_owner")] }),
    member("resumeTabs", "method", { preconditions: [pre("role", "tab_owner")] }),
    member("openNewTabPage", "method"),
    member("getParticipants", "method", { isAsync: true }),
    member("toggleDrawing", "method", { preconditions: [pre("role", "in_control")] }),
    member("makeHost", "method", { params: [CLIENT_INDEX], preconditions: [pre("participant", "clientIndex")] }),
    member("requestToHost", "method", {
      preconditions: [pre("not_role", "host"), pre("not_role", "leader"), pre("option", "host_switching_allowed")],
    }),
    member("requestTabControl", "method", { preconditions: [pre("not_role", "in_control"), PCRTI] }),
    member("revokeTabControl", "method", { preconditions: [pre("role", "tab_owner"), PCRTI] }),
    member("returnTabControl", "method", { preconditions: [pre("role", "in_control"), PCRTI] }),
    member("transferTabControl", "method", {
      params: [CLIENT_INDEX],
      preconditions: [pre("role", "tab_owner"), pre("participant", "clientIndex")],
    }),
    member("toggleHuddleMode", "method"),
    member("followParticipant", "method", {
      params: [CLIENT_INDEX],
      preconditions: [pre("state", "huddle_mode"), pre("participant", "clientIndex")],
    }),
    member("toggleVideochatFullscreen", "method"),
    member("toggleVideochatMode", "method", { params: [param("mode", "VideochatMode", { required: false })] }),
    member("toggleVideochatMicrophone", "method"),
    member("startScreensharing", "method", { preconditions: [pre("option", "screensharing_enabled")] }),
  ] as Member[]).map((m) => [m.name, m])));

  // ---------------------------------------------------------------- members only some contexts have (rules.py)

  /** JavaScript names of the members only one full context has, besides every member of MEMBERS. */
  export const CONTEXT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
    widget: ["start"],
    extension: ["env", "automation", "onMessage"],
  };
  /** Where `on` is also an event object (`on.addListener(listener)`). */
  export const EVENT_OBJECT_CONTEXTS: readonly Context[] = ["extension"];

  /** The widget's `start(selector?)`: resolves to nothing; this reference records the call and changes nothing else. */
  export const START: Member = member("start", "method", { isAsync: true, params: [param("selector", "string", { required: false })] });

  const LEGACY_TARGET = param("target", "LegacyAutomationTarget");
  const LEGACY_OPTIONAL_TARGET = param("target", "LegacyAutomationTarget", { required: false });
  const TARGET = param("target", "AutomationTarget");
  const MOVE_MOUSE = param("moveMouse", "boolean", { required: false, default: false, hasDefault: true });
  const automation = (path: string, params: Param[] = []): Member => member(path, "method", { isAsync: true, params });

  /** The Automation API, both generations, by dotted path; every method returns a Promise that resolves once the
   * action has completed. This reference performs no action but records each call (`World.recordedCalls`). */
  export const AUTOMATION: Readonly<Record<string, Member>> = Object.freeze(Object.fromEntries([
    automation("automation.mouse_move", [LEGACY_TARGET, param("persistent", "boolean", { required: false, default: false, hasDefault: true })]),
    automation("automation.scroll", [LEGACY_TARGET, param("direction", "ScrollDirection"), param("amount", "number")]),
    automation("automation.left_click", [LEGACY_OPTIONAL_TARGET, MOVE_MOUSE]),
    automation("automation.middle_click", [LEGACY_OPTIONAL_TARGET, MOVE_MOUSE]),
    automation("automation.right_click", [LEGACY_OPTIONAL_TARGET, MOVE_MOUSE]),
    automation("automation.type", [LEGACY_TARGET, param("text", "string"), param("moveMouse", "boolean", { required: false }),
      param("overwrite", "boolean", { required: false })]),
    automation("automation.take_dom_snapshot", [param("options", "LegacyDomSnapshotOptions", { required: false })]),
    automation("automation.take_gui_snapshot"),
    automation("automation.wait", [param("selector", "string"), param("timeout", "number", { required: false })]),
    automation("automation.navigate", [param("url", "string")]),
    automation("automation.see.domSnapshot", [param("options", "DomSnapshotOptions", { required: false })]),
    automation("automation.see.gui"),
    automation("automation.act.click", [TARGET]),
    automation("automation.act.type", [TARGET, param("text", "string")]),
    automation("automation.act.mouseMove", [TARGET]),
    automation("automation.act.scroll", [TARGET, param("amount", "number")]),
  ].map((m) => [m.name, m])));

  /** What a DOM snapshot of the reference's (empty) page resolves to. */
  export const DOM_SNAPSHOT_HTML = "<html><head></head><body></body></html>";
  /** The manifest `env` values the conformance harness gives the extension (a world made directly has none). */
  export const EXAMPLE_ENV: Readonly<Record<string, string>> = { AGENT_KEY: "agent-key", API_URL: "" };
  /** Events the extension's event objects also deliver, and how: the payload itself (tagged with its `event_type`),
   * or, for a broadcast, the broadcast value (the payload's `message`). Both objects deliver all of them. */
  export const EVENT_OBJECT_MESSAGES: Readonly<Record<string, "payload" | "message">> = {
    chat_message: "payload",
    host_changed: "payload",
    tab_control: "payload",
    broadcast_message: "message",
  };

  /** Deprecated spellings that session objects also have: alias -> member. */
  export const ALIASES: Readonly<Record<string, string>> = { follow_participant: "followParticipant" };

  /** Who hears that a participant joined (the joiner is the "caller"). The spec names the event but
   * no receivers; this reference tells the widgets of everyone already in the session. */
  export const PARTICIPANT_JOINED: Emit = emit("participant_joined", [{ context: "widget", participants: "others" }]);

  // ================================================================ argument checks (validators.py)

  /** Python's `str.isspace()` characters. */
  const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
  const SCHEME_CHARS = /^[A-Za-z0-9+.-]*$/;
  const HOST_REQUIRED = new Set(["http", "https", "ftp", "ws", "wss"]);
  const DEFAULT_PORTS = new Map<string, number>([["http", 80], ["https", 443], ["ws", 80], ["wss", 443], ["ftp", 21]]);
  export const RESERVED_KEYS: readonly string[] = Array.from({ length: 10 }, (_, n) => `var${n}`);
  export const VIDEOCHAT_MODES: readonly VideochatMode[] = ["floating", "sidebar"];

  /** What Python's urllib raises as ValueError: a string that is not a URL at all. */
  export class UrlError extends Error {
    override name = "UrlError";
  }

  /** A value that JSON cannot carry unchanged. */
  class NotJson extends Error {}

  function show(value: unknown): string {
    let text: string;
    if (typeof value === "string") text = JSON.stringify(value);
    else if (value === undefined) text = "undefined";
    else if (typeof value === "function") text = "a function";
    else if (typeof value === "bigint" || typeof value === "symbol") text = String(value);
    else if (typeof value === "object" && value !== null && !Array.isArray(value) && !isPlainPrototype(value)) {
      text = Object.prototype.toString.call(value);
    } else {
      try {
        const replacer = (key: string, item: unknown): unknown => typeof item === "function" ? "<function>"
          : item === undefined ? "<undefined>" : typeof item === "number" && !Number.isFinite(item) ? String(item)
          : typeof item === "bigint" ? String(item) : item;
        text = JSON.stringify(value, replacer) ?? String(value);
      } catch {
        text = Object.prototype.toString.call(value);
      }
    }
    return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
  }

  function fail(what: string, expected: string, value: unknown): TypeError {
    return new TypeError(`${what}: expected ${expected}, got ${show(value)}`);
  }

  function isPlainPrototype(value: object): boolean {
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  }

  function partition(text: string, sep: string): [string, string, string] {
    const at = text.indexOf(sep);
    return at < 0 ? [text, "", ""] : [text.slice(0, at), sep, text.slice(at + sep.length)];
  }

  function rpartition(text: string, sep: string): [string, string, string] {
    const at = text.lastIndexOf(sep);
    return at < 0 ? ["", "", text] : [text.slice(0, at), sep, text.slice(at + sep.length)];
  }

  export interface SplitUrl {
    scheme: string;
    netloc: string;
    path: string;
    query: string;
    fragment: string;
  }

  /** Python's `urllib.parse.urlsplit` (3.11), which the Python reference's checks are made of. */
  export function urlsplit(input: string): SplitUrl {
    let url = input.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
    let scheme = "";
    let netloc = "";
    let query = "";
    let fragment = "";
    const colon = url.indexOf(":");
    if (colon > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, colon))) {
      scheme = url.slice(0, colon).toLowerCase();
      url = url.slice(colon + 1);
    }
    if (url.slice(0, 2) === "//") {
      let delim = url.length;
      for (const c of "/?#") {
        const at = url.indexOf(c, 2);
        if (at >= 0) delim = Math.min(delim, at);
      }
      netloc = url.slice(2, delim);
      url = url.slice(delim);
      const open = netloc.includes("[");
      const close = netloc.includes("]");
      if (open !== close) throw new UrlError("Invalid IPv6 URL");
      if (open && close) checkBracketedHost(partition(partition(netloc, "[")[2], "]")[0]);
    }
    if (url.includes("#")) [url, , fragment] = partition(url, "#");
    if (url.includes("?")) [url, , query] = partition(url, "?");
    checkNetloc(netloc);
    return { scheme, netloc, path: url, query, fragment };
  }

  function checkNetloc(netloc: string): void {
    if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return;
    const n = netloc.replace(/[@:#?]/g, "");
    const normalised = n.normalize("NFKC");
    if (n === normalised) return;
    for (const c of "/?#@:") {
      if (normalised.includes(c)) throw new UrlError(`netloc '${netloc}' contains invalid characters under NFKC normalization`);
    }
  }

  function checkBracketedHost(host: string): void {
    if (host.startsWith("v")) {
      if (!/^v[a-fA-F0-9]+\..+$/.test(host)) throw new UrlError("IPvFuture address is invalid");
      return;
    }
    if (isIPv4(host)) throw new UrlError("An IPv4 address cannot be in brackets");
    if (!isIPv6(host)) throw new UrlError(`'${host}' does not appear to be an IPv4 or IPv6 address`);
  }

  /** Python's `ipaddress.IPv4Address` parser. */
  function isIPv4(text: string): boolean {
    if (!text || text.includes("/")) return false;
    const octets = text.split(".");
    return octets.length === 4 && octets.every((o) => /^[0-9]{1,3}$/.test(o) && (o === "0" || o[0] !== "0") && Number(o) <= 255);
  }

  /** Python's `ipaddress.IPv6Address` parser (with an optional `%scope`). */
  function isIPv6(text: string): boolean {
    if (text.includes("/")) return false;
    const [address, percent, scope] = partition(text, "%");
    if (percent && (!scope || scope.includes("%"))) return false;
    if (!address) return false;
    const parts = address.split(":");
    if (parts.length < 3) return false;
    if (parts[parts.length - 1].includes(".")) {
      const last = parts.pop() as string;
      if (!isIPv4(last)) return false;
      parts.push("0", "0");
    }
    if (parts.length > 9) return false;
    let skip: number | null = null;
    for (let i = 1; i < parts.length - 1; i++) {
      if (!parts[i]) {
        if (skip !== null) return false;
        skip = i;
      }
    }
    let hi: number;
    let lo: number;
    if (skip !== null) {
      hi = skip;
      lo = parts.length - skip - 1;
      if (!parts[0] && --hi) return false;
      if (!parts[parts.length - 1] && --lo) return false;
      if (8 - (hi + lo) < 1) return false;
    } else {
      if (parts.length !== 8 || !parts[0] || !parts[parts.length - 1]) return false;
      hi = parts.length;
      lo = 0;
    }
    const hextets = [...parts.slice(0, hi), ...parts.slice(parts.length - lo)];
    return hextets.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h));
  }

  function hostinfo(netloc: string): [string, string | null] {
    const info = rpartition(netloc, "@")[2];
    const [, open, bracketed] = partition(info, "[");
    let host: string;
    let port: string;
    if (open) {
      const [inside, , rest] = partition(bracketed, "]");
      host = inside;
      port = partition(rest, ":")[2];
    } else {
      [host, , port] = partition(info, ":");
    }
    return [host, port ? port : null];
  }

  /** `SplitResult.hostname`: lower case (but not an IPv6 zone), null when empty. */
  export function hostnameOf(netloc: string): string | null {
    const host = hostinfo(netloc)[0];
    if (!host) return null;
    const [address, percent, zone] = partition(host, "%");
    return address.toLowerCase() + percent + zone;
  }

  /** `SplitResult.port`: null when absent; UrlError when not a number in 0..65535. */
  export function portOf(netloc: string): number | null {
    const port = hostinfo(netloc)[1];
    if (port === null) return null;
    if (!/^[0-9]+$/.test(port)) throw new UrlError(`Port could not be cast to integer value as '${port}'`);
    const value = parseInt(port, 10);
    if (!(value >= 0 && value <= 65535)) throw new UrlError("Port out of range 0-65535");
    return value;
  }

  export function checkString(what: string, value: unknown): string {
    if (typeof value !== "string") throw fail(what, "a string", value);
    return value;
  }

  export function checkBoolean(what: string, value: unknown): boolean {
    if (typeof value !== "boolean") throw fail(what, "a boolean", value);
    return value;
  }

  /** An integer: every number is a double, so 2.0 is the integer 2. */
  export function checkInteger(what: string, value: unknown): number {
    if (typeof value !== "number" || !Number.isInteger(value)) throw fail(what, "an integer", value);
    return value;
  }

  export function checkMinimum(what: string, value: number, minimum: number): number {
    if (value < minimum) throw fail(what, `a number of at least ${minimum}`, value);
    return value;
  }

  export function checkCallable(what: string, value: unknown): Callback {
    if (typeof value !== "function") throw fail(what, "a function", value);
    return value as Callback;
  }

  /** A real browser `File` (`instanceof File`). */
  export function checkFile(what: string, value: unknown): File {
    if (typeof File === "undefined" || !(value instanceof File)) throw fail(what, "a File", value);
    return value;
  }

  export function checkVideochatMode(what: string, value: unknown): VideochatMode {
    if (typeof value !== "string" || !(VIDEOCHAT_MODES as readonly string[]).includes(value)) {
      throw fail(what, "'floating' or 'sidebar'", value);
    }
    return value as VideochatMode;
  }

  /** A copy of `value` as JSON would make it, or NotJson when JSON would not carry it unchanged. */
  function jsonCopy(value: unknown, ancestors: object[]): unknown {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new NotJson();
      return value;
    }
    if (typeof value !== "object") throw new NotJson(); // undefined, functions, symbols, bigints
    if (ancestors.includes(value)) throw new NotJson(); // a cycle
    ancestors.push(value);
    try {
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) throw new NotJson();
        if (Object.getOwnPropertyNames(value).length !== value.length + 1 || Object.getOwnPropertySymbols(value).length) {
          throw new NotJson(); // holes, or keys JSON would drop
        }
        return value.map((item: unknown) => jsonCopy(item, ancestors));
      }
      if (!isPlainPrototype(value)) throw new NotJson(); // Date, Map, File, class instances...
      const keys = Object.keys(value);
      if (Object.getOwnPropertyNames(value).length !== keys.length || Object.getOwnPropertySymbols(value).length) {
        throw new NotJson();
      }
      const copy: Record<string, unknown> = {};
      for (const key of keys) {
        setOwn(copy, key, jsonCopy((value as Record<string, unknown>)[key], ancestors));
      }
      return copy;
    } finally {
      ancestors.pop();
    }
  }

  function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
    if (key === "__proto__") {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      target[key] = value;
    }
  }

  /** A plain JSON object that JSON carries unchanged (no functions, undefined, NaN, cycles, class
   * instances anywhere inside). Returns a deep copy, as JSON would make. */
  export const SCROLL_DIRECTIONS: readonly string[] = ["vertical", "horizontal"];

  export function checkNumber(what: string, value: unknown): number {
    if (typeof value !== "number") throw fail(what, "a number", value);
    return value;
  }

  /** A point `[x, y]`: the spec's types have no tuples, so any array of numbers. */
  export function checkPoint(what: string, value: unknown): number[] {
    if (!Array.isArray(value)) throw fail(what, "a point (an array of numbers)", value);
    return value.map((item) => checkNumber(what, item));
  }

  /** An Automation API target: an element (`Element`, or only an `HTMLElement`), a string or a point. */
  export function checkTarget(what: string, value: unknown, element: "Element" | "HTMLElement"): unknown {
    if (typeof value === "string") return value;
    if (Array.isArray(value)) return checkPoint(what, value);
    const ok = element === "Element" ? typeof Element !== "undefined" && value instanceof Element
      : typeof HTMLElement !== "undefined" && value instanceof HTMLElement;
    if (!ok) throw fail(what, `an ${element}, a selector or a point`, value);
    return value;
  }

  export function checkScrollDirection(what: string, value: unknown): string {
    if (typeof value !== "string" || !SCROLL_DIRECTIONS.includes(value)) throw fail(what, "'vertical' or 'horizontal'", value);
    return value;
  }

  /** An options object: an object whose known keys hold values of their types (other keys pass, unknown). */
  export function checkOptions(what: string, value: unknown, fields: Readonly<Record<string, (what: string, value: unknown) => unknown>>): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail(what, "an options object", value);
    const options = value as Record<string, unknown>;
    for (const [key, check] of Object.entries(fields)) if (key in options) check(`${what}.${key}`, options[key]);
    return options;
  }

  /** `'downsample'` or a modifier object `{name, params?}`. */
  export function checkSnapshotModifier(what: string, value: unknown): unknown {
    if (value === "downsample") return value;
    const modifier = checkOptions(what, value, { name: checkString, params: (w, v) => checkOptions(w, v, {}) });
    if (!("name" in modifier)) throw fail(what, "'downsample' or a modifier with a name", value);
    return modifier;
  }

  export const DOM_SNAPSHOT_OPTIONS = { root: checkString, webfuseIDs: checkBoolean };
  export const LEGACY_DOM_SNAPSHOT_OPTIONS = { rootSelector: checkString, deep: checkBoolean, modifier: checkSnapshotModifier };

  export function checkPlainObject(what: string, value: unknown): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail(what, "a plain JSON object", value);
    try {
      return jsonCopy(value, []) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof NotJson) throw fail(what, "a plain JSON object that survives JSON serialisation", value);
      throw error;
    }
  }

  /** The log entry's reserved keys `var0` .. `var9` must hold strings when present. */
  export function checkReservedKeys(what: string, value: Record<string, unknown>): Record<string, unknown> {
    for (const key of RESERVED_KEYS) {
      if (Object.prototype.hasOwnProperty.call(value, key) && typeof value[key] !== "string") {
        throw fail(`${what}.${key}`, "a string (reserved key)", value[key]);
      }
    }
    return value;
  }

  function splitOrFail(what: string, expected: string, value: string, withPort: boolean): SplitUrl {
    try {
      const parts = urlsplit(value);
      if (withPort) portOf(parts.netloc);
      return parts;
    } catch (error) {
      if (error instanceof UrlError) throw fail(what, expected, value);
      throw error;
    }
  }

  /** A URL with a scheme (`https:`, `file:`, `about:`...), and a host for http(s), ws(s) and ftp. */
  export function checkAbsoluteUrl(what: string, value: string): string {
    if (!value || PY_SPACE.test(value)) throw fail(what, "an absolute URL", value);
    const parts = splitOrFail(what, "an absolute URL", value, true);
    if (!SCHEME.test(parts.scheme) || !value.includes(":")) {
      throw fail(what, "an absolute URL with a scheme such as https://", value);
    }
    if (HOST_REQUIRED.has(parts.scheme.toLowerCase()) && !hostnameOf(parts.netloc)) {
      throw fail(what, `an absolute ${parts.scheme} URL with a host`, value);
    }
    return value;
  }

  /** A URL, absolute or relative: not empty and without whitespace. */
  export function checkUrl(what: string, value: string): string {
    if (!value || PY_SPACE.test(value)) throw fail(what, "a URL", value);
    splitOrFail(what, "a URL", value, false);
    return value;
  }

  /** `*`, or an origin: `scheme://host[:port]`, at most a trailing `/`, nothing else. */
  export function checkOriginOrWildcard(what: string, value: string): string {
    if (value === "*") return value;
    const expected = "an origin such as https://example.com, or '*'";
    if (PY_SPACE.test(value)) throw fail(what, expected, value);
    const parts = splitOrFail(what, expected, value, true);
    if (
      !SCHEME.test(parts.scheme)
      || !hostnameOf(parts.netloc)
      || parts.netloc.includes("@")
      || (parts.path !== "" && parts.path !== "/")
      || parts.query
      || parts.fragment
      || value.includes("?")
      || value.includes("#")
    ) {
      throw fail(what, expected, value);
    }
    return value;
  }

  /** `scheme://host[:port]` in lower case, without a trailing slash or the scheme's default port
   * (UrlError when `origin` is not a URL). */
  export function normaliseOrigin(origin: string): string {
    const parts = urlsplit(origin);
    const scheme = parts.scheme.toLowerCase();
    let host = (hostnameOf(parts.netloc) ?? "").toLowerCase();
    if (host.includes(":")) host = `[${host}]`;
    const port = portOf(parts.netloc);
    if (port === null || DEFAULT_PORTS.get(scheme) === port) return `${scheme}://${host}`;
    return `${scheme}://${host}:${port}`;
  }

  /** Python's truthiness, for option values (`[]`, `{}`, `""` and `0` are off). */
  function truthy(value: unknown): boolean {
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "object" && value !== null && isPlainPrototype(value)) return Object.keys(value).length > 0;
    return Boolean(value);
  }

  /** A per-listener copy of a payload: plain objects and arrays are copied, browser objects handed on. */
  function copyPayload<T>(value: T): T {
    if (Array.isArray(value)) return value.map((item: unknown) => copyPayload(item)) as T;
    if (typeof value === "object" && value !== null && isPlainPrototype(value)) {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) setOwn(copy, key, copyPayload((value as Record<string, unknown>)[key]));
      return copy as T;
    }
    return value;
  }

  function jsonClone<T>(value: T): T {
    return value === undefined ? value : JSON.parse(JSON.stringify(value)) as T;
  }

  // ================================================================ the world: one co-browsing session

  export interface Person {
    name?: string;
    email?: string;
    online?: boolean;
  }

  export interface ParticipantRecord {
    name: string;
    email: string;
    online: boolean;
  }

  /** How the world makes browser objects; the defaults are real ones where the page has them. */
  export interface HostFactories {
    /** The session's window (default: the page's `window`). */
    window?: (clientIndex: number, context: Context) => Window;
    /** The iframe of an embedded session (default: a new, detached `<iframe>`). */
    iframe?: (clientIndex: number, context: Context) => HTMLIFrameElement;
    /** A screenshot (default: a 1280x720 ImageBitmap from an OffscreenCanvas, made synchronously). */
    imageBitmap?: () => ImageBitmap;
  }

  /** The situation of the conformance suite (`adapter.Situation`), plus what a test double may set. */
  export interface WorldOptions {
    /** How many (client indexes 0 .. n-1; 0 is the leader), or one `{name, email, online}` each. Default 3. */
    participants?: number | readonly Person[];
    options?: Record<string, unknown>;
    /** Client index holding `host`, `tab_owner`, `in_control` (each the leader, 0, unless given). */
    roles?: Record<string, number>;
    /** `started` (default true), `in_iframe` and `huddle_mode` (default false). */
    states?: Record<string, boolean>;
    /** Origin of the page of each context, for `sendMessage`'s `targetOrigin` and `message` events. */
    origins?: Record<string, string>;
    sessionId?: string;
    pin?: string;
    startUrl?: string;
    /** Seed of the generator of the session id and pin (random when absent). */
    seed?: number;
    /** Re-throw the first error a listener threw once the call delivered its events (default true);
     * otherwise errors are only collected in `world.listenerErrors`. */
    raiseListenerErrors?: boolean;
    host?: HostFactories;
    /** The values of the extension manifest's `env` list, by key: what `env` reads in the extension, read-only. */
    env?: Record<string, string>;
  }

  export interface Caller {
    readonly clientIndex: number;
    readonly context: Context;
    readonly session: SessionObject;
  }

  export interface TabRecord {
    ssid: number;
    url: string;
    active: boolean;
  }

  export interface VideochatRecord {
    fullscreen: boolean;
    mode: VideochatMode;
    microphone: boolean;
  }

  export interface EndInfo {
    client_index: number;
    context: Context;
    redirect_url: string | null;
    popup_url: string | null;
  }

  /** The conformance suite's `adapter.Snapshot`, as JSON. */
  export interface SnapshotJson {
    participants: number[];
    roles: Record<string, number>;
    states: Record<string, boolean>;
    ended: boolean;
    data: Record<string, unknown>;
    /** The spec's state variables by name (`state` of the spec); per participant as `{"client index": value}`. */
    state: Record<string, unknown>;
  }

  function randomSource(seed: number | undefined): () => number {
    if (seed !== undefined) {
      let state = seed >>> 0; // mulberry32
      return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    const crypto = (globalThis as { crypto?: Crypto }).crypto;
    if (crypto && typeof crypto.getRandomValues === "function") {
      return () => crypto.getRandomValues(new Uint32Array(1))[0] / 4294967296;
    }
    return Math.random;
  }

  function sorted(numbers: Iterable<number>): number[] {
    return [...numbers].sort((a, b) => a - b);
  }

  function byIndex<T>(table: Map<number, T>): Record<string, T> {
    const out: Record<string, T> = {};
    for (const index of sorted(table.keys())) out[String(index)] = table.get(index) as T;
    return out;
  }

  /**
   * One co-browsing session, with every participant's session objects.
   *
   * State is public, to inspect (and arrange) in tests: `roles`, `states`, `options`, `origins`,
   * `participants`, `tabs`, `paused`, `drawing`, `following`, `chat`, `auditLog`, `requests`,
   * `videochat`, `screensharing`, `captureStreamOpen`, `ended`, `endInfo`, `listenerErrors`, or
   * all of it as JSON with `observe()`.
   */
  export class World {
    raiseListenerErrors: boolean;
    readonly listenerErrors: unknown[] = [];
    protected pendingErrors: unknown[] = [];
    protected random: () => number;
    protected host: HostFactories;

    readonly participants = new Map<number, ParticipantRecord>();
    protected nextIndex: number;
    options: Record<string, unknown>;
    roles: Record<HeldRole, number>;
    states: Record<State, boolean>;
    origins: Record<string, string>;
    sessionId: string;
    pinCode: string | null = null;

    tabs: TabRecord[] = [];
    protected nextSsid = 0;
    paused = false;
    readonly drawing = new Map<number, boolean>();
    following = new Map<number, number>();
    chat: Array<{ client_index: number; message: string }> = [];
    auditLog: Array<{ client_index: number; context: Context; entry: Record<string, unknown> }> = [];
    requests: Array<{ type: "host" | "tab_control"; client_index: number }> = [];
    readonly screensharing = new Map<number, boolean>();
    readonly videochat = new Map<number, VideochatRecord>();
    captureStreamOpen = false;
    ended = false;
    endInfo: EndInfo | null = null;

    /** Listeners by client index, context and event name. */
    readonly listeners = new Map<number, Map<Context, Map<string, Callback[]>>>();
    /** The extension manifest's `env` values (read-only to the session objects). */
    env: Readonly<Record<string, string>>;
    /** Each accepted call of the Automation API and of `start`, in order: who, where, the member's dotted path and its
     * arguments by name (omitted optional ones as null or their default). Nothing else happens. */
    recordedCalls: Array<{ client_index: number; context: Context; member: string; args: Record<string, unknown> }> = [];
    /** Listeners added with `addListener`, by `${clientIndex}:${context}:${eventObject}` (`on` or `onMessage`). */
    readonly eventObjectListeners = new Map<string, Array<(...args: unknown[]) => unknown>>();
    protected objects = new Map<string, SessionObject>();
    protected hostObjects = new Map<string, unknown>();

    constructor(situation: WorldOptions = {}) {
      this.random = randomSource(situation.seed);
      this.env = Object.freeze({ ...(situation.env ?? {}) });
      this.raiseListenerErrors = situation.raiseListenerErrors ?? true;
      this.host = situation.host ?? {};
      const given = situation.participants ?? 3;
      let people: readonly Person[];
      if (typeof given === "number") {
        if (!Number.isInteger(given)) throw new Error(`participants: expected a count or a list, got ${show(given)}`);
        people = Array.from({ length: Math.max(given, 0) }, () => ({}));
      } else {
        people = given;
      }
      if (!people.length) throw new Error("a session has at least one participant, the leader");
      people.forEach((person, index) => this.participants.set(index, this.newParticipant(index, person)));
      this.nextIndex = people.length;

      this.options = this.initialOptions(situation.options ?? {});
      this.roles = this.initialRoles(situation.roles ?? {});
      this.states = this.initialStates(situation.states ?? {});
      this.origins = { ...DEFAULT_ORIGINS, ...(situation.origins ?? {}) };

      this.sessionId = situation.sessionId ?? this.makeSessionId();
      const pin = situation.pin;
      if (pin !== undefined && !/^[0-9]{4}$/.test(pin)) throw new Error(`a pin is four digits, got ${show(pin)}`);
      if (this.states.started) this.pinCode = pin ?? this.makePin();

      this.openTabAt(situation.startUrl ?? DEFAULT_START_URL);
    }

    // ------------------------------------------------------------ setup rules

    protected newParticipant(index: number, person: Person): ParticipantRecord {
      return {
        name: String(person.name ?? `Participant ${index}`),
        email: String(person.email ?? `participant${index}@example.com`),
        online: truthy(person.online ?? true),
      };
    }

    protected initialOptions(given: Record<string, unknown>): Record<string, unknown> {
      const options: Record<string, unknown> = {};
      for (const name of [...Object.keys(OPTION_DEFAULTS), ...UNKNOWN_DEFAULT_OPTIONS]) options[name] = this.optionDefault(name);
      return { ...options, ...jsonClone(given) };
    }

    protected optionDefault(name: string): unknown {
      return Object.prototype.hasOwnProperty.call(OPTION_DEFAULTS, name) ? OPTION_DEFAULTS[name] : UNKNOWN_OPTION_DEFAULT;
    }

    protected initialRoles(given: Record<string, number>): Record<HeldRole, number> {
      const roles: Record<HeldRole, number> = { host: 0, tab_owner: 0, in_control: 0 };
      for (const [role, index] of Object.entries(given)) {
        if (role === "leader") {
          if (index !== 0) throw new Error("the leader is always client index 0");
          continue;
        }
        if (!Object.prototype.hasOwnProperty.call(roles, role)) {
          throw new Error(`unknown role '${role}'; roles are leader, host, tab_owner, in_control`);
        }
        if (!this.participants.has(index)) throw new Error(`role '${role}': ${show(index)} is not a participant`);
        roles[role as HeldRole] = index;
      }
      return roles;
    }

    protected initialStates(given: Record<string, boolean>): Record<State, boolean> {
      const states: Record<State, boolean> = { started: true, in_iframe: false, huddle_mode: false };
      for (const [state, value] of Object.entries(given)) {
        if (!(STATES as readonly string[]).includes(state)) throw new Error(`unknown state '${state}'; states are ${STATES.join(", ")}`);
        states[state as State] = truthy(value);
      }
      return states;
    }

    protected makeSessionId(): string {
      const bytes = Array.from({ length: 16 }, () => Math.floor(this.random() * 256));
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }

    /** The four-digit join code, `0000` .. `9999`. */
    protected makePin(): string {
      return String(Math.floor(this.random() * 10000)).padStart(4, "0");
    }

    // ------------------------------------------------------------ session objects

    /** The session object of a participant in a context; always the same object. A participant who
     * left keeps theirs, but they answer nothing. */
    session(clientIndex: number, context: "widget" | "extension"): Session;
    session(clientIndex: number, context: "public"): PublicSession;
    session(clientIndex: number, context: Context): SessionObject;
    session(clientIndex: number, context: Context): SessionObject {
      const key = `${clientIndex}:${context}`;
      let object = this.objects.get(key);
      if (object === undefined) {
        if (!CONTEXTS.includes(context)) throw new Error(`unknown context ${show(context)}; contexts are ${CONTEXTS.join(", ")}`);
        if (!Number.isInteger(clientIndex) || clientIndex < 0 || clientIndex >= this.nextIndex) {
          throw new Error(`${show(clientIndex)} has never been a participant`);
        }
        object = this.makeSessionObject(clientIndex, context);
        this.objects.set(key, object);
      }
      return object;
    }

    /** `webfuse.listSessions()[0]` on the participant's embedding page. */
    widget(clientIndex = 0): Session {
      return this.session(clientIndex, "widget");
    }

    /** `browser.webfuseSession` in the participant's extension. */
    extension(clientIndex = 0): Session {
      return this.session(clientIndex, "extension");
    }

    /** `webfuse.currentSession` on the co-browsed page of the participant. */
    public(clientIndex = 0): PublicSession {
      return this.session(clientIndex, "public");
    }

    /** JavaScript names of the members a context's session object has. */
    protected exposedMembers(context: Context): string[] {
      if (context === PUBLIC_CONTEXT) return this.publicMembers();
      return [...Object.keys(MEMBERS), ...this.ownMembers(context)];
    }

    /** The members only this context has (`start` in the widget; `env`, `automation`, `onMessage` in the extension). */
    protected ownMembers(context: Context): string[] {
      return [...(CONTEXT_MEMBERS[context] ?? [])];
    }

    /** Whether `on` is also an event object here (`on.addListener`). */
    protected hasEventObjectOn(context: Context): boolean {
      return EVENT_OBJECT_CONTEXTS.includes(context);
    }

    /** The members marked public: all that `webfuse.currentSession` offers. */
    protected publicMembers(): string[] {
      return Object.values(MEMBERS).filter((m) => m.public).map((m) => m.name);
    }

    /** A plain object with exactly the exposed members (and the aliases of exposed members) as own
     * properties: getters for properties, functions for methods. */
    protected makeSessionObject(clientIndex: number, context: Context): SessionObject {
      const target = {} as SessionObject;
      const caller: Caller = { clientIndex, context, session: target };
      const full = fullSessionMembers(this, caller);
      const own = { ...descriptorsOf(widgetSessionMembers(this, caller)), ...descriptorsOf(extensionSessionMembers(this, caller)) };
      const source: object = context === PUBLIC_CONTEXT
        ? { ...descriptorsOf(full), ...own, ...descriptorsOf(publicSessionMembers(this, caller)) }
        : { ...descriptorsOf(full), ...own, ...(this.hasEventObjectOn(context) ? {} : { on: descriptorsOf(full).on }) };
      const descriptors = source as Record<string, PropertyDescriptor>;
      const exposed = this.exposedMembers(context);
      const names = [...exposed, ...Object.keys(ALIASES).filter((alias) => exposed.includes(ALIASES[alias]))];
      for (const name of names) {
        const descriptor = descriptors[name];
        if (descriptor) Object.defineProperty(target, name, { ...descriptor, enumerable: true, configurable: true });
      }
      return target;
    }

    // ------------------------------------------------------------ participants

    /** Let a participant join; returns their client index. Tells the widgets of the others
     * (`participant_joined`), unless the session has ended. */
    addParticipant(person: Person = {}): number {
      const index = this.nextIndex;
      this.nextIndex += 1;
      this.participants.set(index, this.newParticipant(index, person));
      if (!this.ended) {
        const joiner: Caller = { clientIndex: index, context: "widget", session: this.session(index, "widget") };
        this.emitOne(PARTICIPANT_JOINED, joiner, { clientIndex: index }, undefined);
        this.throwListenerErrors();
      }
      return index;
    }

    /** A participant leaves. Roles they held go back to the leader; the leader cannot leave. */
    removeParticipant(clientIndex: number): void {
      if (clientIndex === 0) throw new Error("the leader (client index 0) cannot leave the session");
      if (!this.participants.has(clientIndex)) throw new Error(`${show(clientIndex)} is not a participant`);
      this.participants.delete(clientIndex);
      for (const role of Object.keys(this.roles) as HeldRole[]) {
        if (this.roles[role] === clientIndex) this.roles[role] = 0;
      }
      this.drawing.delete(clientIndex);
      this.screensharing.delete(clientIndex);
      this.videochat.delete(clientIndex);
      this.following = new Map([...this.following].filter(([who, whom]) => who !== clientIndex && whom !== clientIndex));
      this.requests = this.requests.filter((r) => r.client_index !== clientIndex);
      this.listeners.delete(clientIndex);
      for (const key of [...this.eventObjectListeners.keys()]) if (key.startsWith(`${clientIndex}:`)) this.eventObjectListeners.delete(key);
    }

    // ------------------------------------------------------------ the call pipeline

    protected member(name: string): Member {
      const found = name === START.name ? START : (AUTOMATION[name] ?? MEMBERS[name]);
      if (!found) throw new Error(`no member '${name}'`);
      return found;
    }

    /** Call a method: arity, who answers, arguments, preconditions, effect, events. */
    call(caller: Caller, name: string, values: ArrayLike<unknown>): unknown {
      const member = this.member(name);
      this.checkArity(member, values);
      if (!this.answers(caller)) return undefined;
      const args = this.checkArguments(member, values);
      if (!this.checkPreconditions(member, caller, args)) return undefined;
      const result = this.perform(member, caller, args);
      this.emit(member, caller, args, result);
      this.throwListenerErrors();
      return result;
    }

    /** Call a method whose result is a Promise: every error rejects it instead of throwing. */
    callAsync(caller: Caller, name: string, values: ArrayLike<unknown>): Promise<unknown> {
      try {
        return Promise.resolve(this.call(caller, name, values));
      } catch (error) {
        return Promise.reject(error);
      }
    }

    /** Read a property: undefined after the end, and while a precondition does not hold. */
    read(caller: Caller, name: string): unknown {
      const member = this.member(name);
      if (!this.answers(caller)) return undefined;
      if (!this.checkPreconditions(member, caller, {})) return undefined;
      return this.dispatch(`get${capitalise(member.name)}`, caller, []);
    }

    /** Whether the session still answers this caller (conventions.after_end; a participant who left). */
    protected answers(caller: Caller): boolean {
      return !this.hasEnded() && this.isParticipant(caller.clientIndex);
    }

    protected hasEnded(): boolean {
      return this.ended;
    }

    // ------------------------------------------------------------ arguments

    /** What a signature rejects before the body runs (as the Python reference's signatures do, even
     * after the end): more arguments than parameters, or fewer than the required ones. */
    protected checkArity(member: Member, values: ArrayLike<unknown>): void {
      const required = member.params.filter((p) => p.required).length;
      if (values.length > member.params.length || values.length < required) {
        const range = required === member.params.length ? `${required}` : `${required} to ${member.params.length}`;
        throw new TypeError(`${member.name}() takes ${range} argument${member.params.length === 1 ? "" : "s"}, got ${values.length}`);
      }
    }

    /** Every argument checked (TypeError on the first bad one); returns them by name. */
    protected checkArguments(member: Member, values: ArrayLike<unknown>): Args {
      const args: Args = {};
      member.params.forEach((p, i) => {
        args[p.name] = this.checkArgument(member, p, values[i]);
      });
      return args;
    }

    protected checkArgument(member: Member, p: Param, value: unknown): unknown {
      if (this.isOmitted(p, value)) return p.hasDefault ? p.default : undefined;
      const what = `${member.name}(): argument '${p.name}'`;
      const checked = this.checkType(what, p.type, value);
      return this.checkConstraints(what, p.constraints, checked);
    }

    /** An optional argument left out: `undefined`, or `null` where the parameter has no default
     * (as JSON `null`, Python's None, is for the Python reference). */
    protected isOmitted(p: Param, value: unknown): boolean {
      if (p.required) return false;
      return value === undefined || (value === null && !p.hasDefault);
    }

    protected checkType(what: string, type: string, value: unknown): unknown {
      switch (type) {
        case "string": return this.validateString(what, value);
        case "boolean": return this.validateBoolean(what, value);
        case "integer": return this.validateInteger(what, value);
        case "File": return this.validateFile(what, value);
        case "LogEntry": return this.validateLogEntry(what, value);
        case "Record<string, unknown>": return this.validateRecord(what, value);
        case "VideochatMode": return this.validateVideochatMode(what, value);
        case "EventName": return this.validateEventName(what, value);
        case "EventHandler": return this.validateEventHandler(what, value);
        case "number": return checkNumber(what, value);
        case "LegacyAutomationTarget": return this.validateTarget(what, value, "Element");
        case "AutomationTarget": return this.validateTarget(what, value, "HTMLElement");
        case "ScrollDirection": return checkScrollDirection(what, value);
        case "DomSnapshotOptions": return checkOptions(what, value, DOM_SNAPSHOT_OPTIONS);
        case "LegacyDomSnapshotOptions": return checkOptions(what, value, LEGACY_DOM_SNAPSHOT_OPTIONS);
        default: throw new Error(`no check for type ${type}`);
      }
    }

    protected checkConstraints(what: string, constraints: Readonly<Record<string, unknown>>, value: unknown): unknown {
      let checked = value;
      const format = constraints.format;
      if (format !== undefined) {
        if (format === "absolute-url") checked = this.validateAbsoluteUrl(what, checked as string);
        else if (format === "url") checked = this.validateUrl(what, checked as string);
        else if (format === "origin-or-wildcard") checked = this.validateOriginOrWildcard(what, checked as string);
        else throw new Error(`no check for format ${String(format)}`);
      }
      if (typeof constraints.minimum === "number") checked = this.validateMinimum(what, checked as number, constraints.minimum);
      if (constraints.json === "plain-object") checked = this.validatePlainObject(what, checked);
      return checked;
    }

    protected validateTarget(what: string, value: unknown, element: "Element" | "HTMLElement"): unknown {
      return checkTarget(what, value, element);
    }

    protected validateString(what: string, value: unknown): string {
      return checkString(what, value);
    }

    protected validateBoolean(what: string, value: unknown): boolean {
      return checkBoolean(what, value);
    }

    protected validateInteger(what: string, value: unknown): number {
      return checkInteger(what, value);
    }

    protected validateMinimum(what: string, value: number, minimum: number): number {
      return checkMinimum(what, value, minimum);
    }

    protected validateFile(what: string, value: unknown): File {
      return checkFile(what, value);
    }

    protected validateRecord(what: string, value: unknown): Record<string, unknown> {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail(what, "an object", value);
      return value as Record<string, unknown>;
    }

    /** A plain object whose reserved keys hold strings. */
    protected validateLogEntry(what: string, value: unknown): LogEntry {
      return this.validateReservedKeys(what, this.validatePlainObject(what, value)) as LogEntry;
    }

    protected validateReservedKeys(what: string, value: Record<string, unknown>): Record<string, unknown> {
      return checkReservedKeys(what, value);
    }

    protected validatePlainObject(what: string, value: unknown): Record<string, unknown> {
      return checkPlainObject(what, value);
    }

    protected validateVideochatMode(what: string, value: unknown): VideochatMode {
      return checkVideochatMode(what, value);
    }

    protected validateEventName(what: string, value: unknown): string {
      return checkString(what, value);
    }

    protected validateEventHandler(what: string, value: unknown): Callback {
      return checkCallable(what, value);
    }

    protected validateAbsoluteUrl(what: string, value: string): string {
      return checkAbsoluteUrl(what, value);
    }

    protected validateUrl(what: string, value: string): string {
      return checkUrl(what, value);
    }

    protected validateOriginOrWildcard(what: string, value: string): string {
      return checkOriginOrWildcard(what, value);
    }

    // ------------------------------------------------------------ preconditions

    /** All preconditions, checked before anything happens. False: the call is ignored (or the property
     * unavailable). A failing `otherwise: error` precondition throws an Error. */
    protected checkPreconditions(member: Member, caller: Caller, args: Args): boolean {
      let holds = true;
      for (const precondition of member.preconditions) {
        if (!this.preconditionHolds(precondition, caller, args)) {
          if (precondition.otherwise === "error") {
            throw new Error(`${member.name}(): ${precondition.kind} ${precondition.target} does not hold`);
          }
          holds = false;
        }
      }
      return holds;
    }

    protected preconditionHolds(precondition: Precondition, caller: Caller, args: Args): boolean {
      const { kind, target } = precondition;
      switch (kind) {
        case "option": return this.optionOn(target);
        case "role": return this.hasRole(caller.clientIndex, target);
        case "not_role": return !this.hasRole(caller.clientIndex, target);
        case "state": return this.stateHolds(target);
        case "not_state": return !this.stateHolds(target);
        case "participant": return this.isParticipant(args[target] as number);
        case "tab": return this.tabExists(args[target] as number);
        default: throw new Error(`unknown precondition kind '${kind}'`);
      }
    }

    protected optionOn(option: string): boolean {
      const value = Object.prototype.hasOwnProperty.call(this.options, option) ? this.options[option] : this.optionDefault(option);
      return truthy(value);
    }

    protected hasRole(clientIndex: number, role: string): boolean {
      if (role === "leader") return clientIndex === 0;
      return this.roles[role as HeldRole] === clientIndex;
    }

    protected stateHolds(state: string): boolean {
      return this.states[state as State];
    }

    protected isParticipant(clientIndex: number): boolean {
      return this.participants.has(clientIndex);
    }

    /** activateTab with an ssid no tab has is ignored (the spec is silent; this reference's reading). */
    protected tabExists(ssid: number): boolean {
      return this.tabs.some((tab) => tab.ssid === ssid);
    }

    // ------------------------------------------------------------ effects

    protected perform(member: Member, caller: Caller, args: Args): unknown {
      if (Object.prototype.hasOwnProperty.call(AUTOMATION, member.name)) return this.doAutomation(caller, member.name, args);
      return this.dispatch(`do${capitalise(member.name)}`, caller, member.params.map((p) => args[p.name]));
    }

    private dispatch(method: string, caller: Caller, values: unknown[]): unknown {
      const rule = (this as unknown as Record<string, unknown>)[method];
      if (typeof rule !== "function") throw new Error(`no rule ${method}`);
      return (rule as (...all: unknown[]) => unknown).call(this, caller, ...values);
    }

    protected openTabAt(url: string): TabRecord {
      for (const tab of this.tabs) tab.active = false;
      const tab: TabRecord = { ssid: this.nextSsid, url, active: true };
      this.nextSsid += 1;
      this.tabs.push(tab);
      return tab;
    }

    protected activeTab(): TabRecord {
      return this.tabs.find((tab) => tab.active) ?? this.openTabAt("about:blank");
    }

    protected doRelocate(caller: Caller, newUrl: string, newTab: boolean): void {
      if (newTab) this.openTabAt(newUrl);
      else this.activeTab().url = newUrl;
    }

    protected doUploadFile(caller: Caller, file: File): void {
      this.openTabAt(this.fileUrl(file));
    }

    protected fileUrl(file: File): string {
      return `file:///${file.name || `upload-${this.nextSsid}`}`;
    }

    protected doGetSessionInfo(caller: Caller): SessionInfo {
      return this.sessionInfo();
    }

    /** The spec's SessionInfo example, with this session's id. */
    protected sessionInfo(): SessionInfo {
      return { ...jsonClone(SESSION_INFO_EXAMPLE), sessionId: this.sessionId };
    }

    protected doEnd(caller: Caller, redirectUrl: string | undefined): void {
      const popup = this.options.end_of_session_popup_url;
      this.ended = true;
      this.endInfo = {
        client_index: caller.clientIndex,
        context: caller.context,
        redirect_url: redirectUrl ?? null,
        popup_url: typeof popup === "string" && popup ? popup : null,
      };
    }

    protected doLog(caller: Caller, entry: Record<string, unknown>): void {
      this.auditLog.push({ client_index: caller.clientIndex, context: caller.context, entry });
    }

    protected doTakeScreenshot(caller: Caller, keepStreamOpened: boolean): ImageBitmap {
      this.captureStreamOpen = keepStreamOpened;
      return this.makeImageBitmap();
    }

    protected doOn(caller: Caller, eventName: string, callback: Callback): SessionObject {
      let contexts = this.listeners.get(caller.clientIndex);
      if (!contexts) this.listeners.set(caller.clientIndex, (contexts = new Map()));
      let events = contexts.get(caller.context);
      if (!events) contexts.set(caller.context, (events = new Map()));
      const list = events.get(eventName);
      if (list) list.push(callback);
      else events.set(eventName, [callback]);
      return caller.session;
    }

    /** Keep an accepted call of the Automation API or of `start` in `recordedCalls`. */
    protected recordCall(caller: Caller, path: string, args: Args): void {
      const recorded: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(args)) recorded[name] = recordedValue(value);
      this.recordedCalls.push({ client_index: caller.clientIndex, context: caller.context, member: path, args: recorded });
    }

    /** An action or perception of the Automation API: recorded; a DOM snapshot resolves to the (empty) page's HTML,
     * a GUI snapshot to an image, an action to nothing once it "has completed". */
    protected doAutomation(caller: Caller, path: string, args: Args): unknown {
      this.recordCall(caller, path, args);
      if (path === "automation.take_dom_snapshot" || path === "automation.see.domSnapshot") return DOM_SNAPSHOT_HTML;
      if (path === "automation.take_gui_snapshot" || path === "automation.see.gui") return this.makeImageBitmap();
      return undefined;
    }

    /** `start(selector?)`: recorded; the reference's sessions have no window to open. */
    protected doStart(caller: Caller, selector: string | undefined): void {
      this.recordCall(caller, "start", { selector });
    }

    /** `env`: the manifest values, read-only. */
    readEnv(caller: Caller): Readonly<Record<string, string>> {
      return this.env;
    }

    /** `on.addListener(listener)` / `onMessage.addListener(listener)`: a function, kept until the session ends. */
    addEventObjectListener(caller: Caller, eventObject: "on" | "onMessage", listener: unknown): void {
      if (!this.answers(caller)) return;
      const checked = checkCallable(`${eventObject}.addListener(): argument 'listener'`, listener);
      const key = `${caller.clientIndex}:${caller.context}:${eventObject}`;
      const list = this.eventObjectListeners.get(key);
      if (list) list.push(checked as (...args: unknown[]) => unknown);
      else this.eventObjectListeners.set(key, [checked as (...args: unknown[]) => unknown]);
    }

    /** The event-object form of a delivery: `on.addListener` listeners get `(message, sender)`, `onMessage.addListener`
     * ones `(message)`, where the message is the payload (tagged with its `event_type`) or a broadcast's value. */
    protected deliverToEventObjects(clientIndex: number, context: Context, event: string, payload: unknown): void {
      const how = EVENT_OBJECT_MESSAGES[event];
      if (how === undefined) return;
      const message = how === "payload" ? payload : (payload as Record<string, unknown>)[how];
      for (const eventObject of ["on", "onMessage"]) {
        for (const listener of [...(this.eventObjectListeners.get(`${clientIndex}:${context}:${eventObject}`) ?? [])]) {
          try {
            if (eventObject === "on") listener(copyPayload(message), {});
            else listener(copyPayload(message));
          } catch (error) {
            this.listenerErrors.push(error);
            this.pendingErrors.push(error);
          }
        }
      }
    }

    protected doSendMessage(caller: Caller, message: Record<string, unknown>, targetOrigin: string): void {
      // all it does is its event
    }

    protected doBroadcastMessage(caller: Caller, message: string): void {
      // all it does is its event
    }

    protected doSendChatMessage(caller: Caller, message: string): void {
      this.chat.push({ client_index: caller.clientIndex, message });
    }

    protected doOpenTab(caller: Caller, url: string): void {
      this.openTabAt(url);
    }

    protected doGetTabs(caller: Caller): Tab[] {
      return this.tabs.map((tab) => ({ ...tab }));
    }

    protected doActivateTab(caller: Caller, ssid: number): void {
      for (const tab of this.tabs) tab.active = tab.ssid === ssid;
    }

    protected doPauseTabs(caller: Caller): void {
      this.paused = true;
    }

    protected doResumeTabs(caller: Caller): void {
      this.paused = false;
    }

    protected doOpenNewTabPage(caller: Caller): void {
      this.openTabAt(NEW_TAB_PAGE_URL);
    }

    protected doGetParticipants(caller: Caller): Participant[] {
      return sorted(this.participants.keys()).map((index) => this.participantEntry(index, this.participants.get(index) as ParticipantRecord, caller));
    }

    protected participantEntry(index: number, person: ParticipantRecord, caller: Caller): Participant {
      return { name: person.name, email: person.email, online: person.online, client_index: index, self: this.isSelf(index, caller) };
    }

    protected isSelf(index: number, caller: Caller): boolean {
      return index === caller.clientIndex;
    }

    protected doToggleDrawing(caller: Caller): void {
      this.drawing.set(caller.clientIndex, !(this.drawing.get(caller.clientIndex) ?? false));
    }

    protected doMakeHost(caller: Caller, clientIndex: number): void {
      this.roles.host = clientIndex;
      this.settleRequests("host", clientIndex);
    }

    protected doRequestToHost(caller: Caller): void {
      this.requests.push({ type: "host", client_index: caller.clientIndex });
    }

    protected doRequestTabControl(caller: Caller): void {
      this.requests.push({ type: "tab_control", client_index: caller.clientIndex });
    }

    /** A request is no longer pending once the participant got what they asked for. */
    protected settleRequests(type: "host" | "tab_control", clientIndex: number): void {
      this.requests = this.requests.filter((r) => !(r.type === type && r.client_index === clientIndex));
    }

    protected doRevokeTabControl(caller: Caller): void {
      this.roles.in_control = this.roles.tab_owner;
    }

    protected doReturnTabControl(caller: Caller): void {
      this.roles.in_control = this.roles.tab_owner;
    }

    protected doTransferTabControl(caller: Caller, clientIndex: number): void {
      this.roles.in_control = clientIndex;
      this.settleRequests("tab_control", clientIndex);
    }

    protected doToggleHuddleMode(caller: Caller): void {
      this.states.huddle_mode = !this.states.huddle_mode;
      if (!this.states.huddle_mode) this.following.clear();
    }

    protected doFollowParticipant(caller: Caller, clientIndex: number): void {
      this.following.set(caller.clientIndex, clientIndex);
    }

    /** The caller's video call: layout, full screen and microphone are per participant. */
    protected videochatOf(clientIndex: number): VideochatRecord {
      let call = this.videochat.get(clientIndex);
      if (!call) this.videochat.set(clientIndex, (call = { fullscreen: false, mode: "floating", microphone: true }));
      return call;
    }

    protected doToggleVideochatFullscreen(caller: Caller): void {
      const call = this.videochatOf(caller.clientIndex);
      call.fullscreen = !call.fullscreen;
    }

    protected doToggleVideochatMode(caller: Caller, mode: VideochatMode | undefined): void {
      const call = this.videochatOf(caller.clientIndex);
      call.mode = mode ?? (call.mode === "floating" ? "sidebar" : "floating");
    }

    protected doToggleVideochatMicrophone(caller: Caller): void {
      const call = this.videochatOf(caller.clientIndex);
      call.microphone = !call.microphone;
    }

    protected doStartScreensharing(caller: Caller): void {
      this.screensharing.set(caller.clientIndex, true);
    }

    // ------------------------------------------------------------ properties and browser objects

    protected getStarted(caller: Caller): boolean {
      return this.states.started;
    }

    protected getPin(caller: Caller): string {
      if (this.pinCode === null) this.pinCode = this.makePin(); // started later than it was created
      return this.pinCode;
    }

    protected getNode(caller: Caller): HTMLIFrameElement {
      return this.hostObject("HTMLIFrameElement", caller, () => this.makeIframe(caller));
    }

    protected getWindow(caller: Caller): Window {
      return this.hostObject("Window", caller, () => this.makeWindow(caller));
    }

    /** One object per kind, participant and context, so that reading twice gives the same one. */
    protected hostObject<T>(kind: string, caller: Caller, make: () => T): T {
      const key = `${kind}:${caller.clientIndex}:${caller.context}`;
      if (!this.hostObjects.has(key)) this.hostObjects.set(key, make());
      return this.hostObjects.get(key) as T;
    }

    protected makeWindow(caller: Caller): Window {
      if (this.host.window) return this.host.window(caller.clientIndex, caller.context);
      return globalThis as unknown as Window; // `window` in a page
    }

    protected makeIframe(caller: Caller): HTMLIFrameElement {
      if (this.host.iframe) return this.host.iframe(caller.clientIndex, caller.context);
      if (typeof document !== "undefined") return document.createElement("iframe");
      return { tagName: "IFRAME" } as unknown as HTMLIFrameElement; // outside a browser: a stand-in
    }

    /** A real ImageBitmap, made synchronously (so the `screenshot` event is sent during the call). */
    protected makeImageBitmap(): ImageBitmap {
      if (this.host.imageBitmap) return this.host.imageBitmap();
      if (typeof OffscreenCanvas !== "undefined") {
        const canvas = new OffscreenCanvas(1280, 720);
        canvas.getContext("2d");
        return canvas.transferToImageBitmap();
      }
      return { width: 1280, height: 720, close() {} } as ImageBitmap; // outside a browser: a stand-in
    }

    // ------------------------------------------------------------ events

    protected emit(member: Member, caller: Caller, args: Args, result: unknown): void {
      for (const e of member.emits) {
        if (this.emitApplies(e, caller)) this.emitOne(e, caller, args, result);
      }
    }

    /** `from_context`: the event is sent only for calls from those contexts. */
    protected emitApplies(e: Emit, caller: Caller): boolean {
      return e.fromContext === null || e.fromContext.includes(caller.context);
    }

    protected emitOne(e: Emit, caller: Caller, args: Args, result: unknown): void {
      const payload = this.payload(e.event, caller, args, result);
      for (const [clientIndex, context] of this.receiversFor(e, caller)) {
        if (e.originParam !== null && !this.originMatches(args[e.originParam] as string, this.originOf(context))) continue;
        this.deliver(clientIndex, context, e.event, payload);
      }
    }

    /** [client index, context] of every receiver, in the order of `to`, each once. */
    protected receiversFor(e: Emit, caller: Caller): Array<[number, Context]> {
      const receivers: Array<[number, Context]> = [];
      for (const to of e.to) {
        for (const index of this.participantsMatching(to.participants, caller)) {
          if (!receivers.some(([i, c]) => i === index && c === to.context)) receivers.push([index, to.context]);
        }
      }
      return receivers;
    }

    /** `self`, `others` or `all`, relative to the caller. */
    protected participantsMatching(which: string, caller: Caller): number[] {
      const everyone = sorted(this.participants.keys());
      if (which === "self") return [caller.clientIndex];
      if (which === "others") return everyone.filter((index) => index !== caller.clientIndex);
      if (which === "all") return everyone;
      throw new Error(`unknown receivers '${which}'`);
    }

    protected originOf(context: Context): string {
      return this.origins[context];
    }

    /** `*` matches any page; an origin matches a page of the same scheme, host and port. */
    protected originMatches(targetOrigin: string, origin: string): boolean {
      if (targetOrigin === "*") return true;
      try {
        return normaliseOrigin(targetOrigin) === normaliseOrigin(origin);
      } catch (error) {
        if (error instanceof UrlError) return false;
        throw error;
      }
    }

    protected payload<K extends keyof SessionEventMap>(event: K, caller: Caller, args: Args, result: unknown): SessionEventMap[K];
    protected payload(event: keyof SessionEventMap, caller: Caller, args: Args, result: unknown): SessionEventMap[keyof SessionEventMap] {
      switch (event) {
        case "session_info": return this.payloadSessionInfo(caller, args, result);
        case "screenshot": return this.payloadScreenshot(caller, args, result);
        case "message": return this.payloadMessage(caller, args, result);
        case "broadcast_message": return this.payloadBroadcastMessage(caller, args, result);
        case "chat_message": return this.payloadChatMessage(caller, args, result);
        case "session_ended": return this.payloadSessionEnded(caller, args, result);
        case "participant_joined": return this.payloadParticipantJoined(caller, args, result);
        default: throw new Error(`no payload for event '${event}'`);
      }
    }

    protected payloadSessionInfo(caller: Caller, args: Args, result: unknown): SessionInfo {
      return jsonClone(result as SessionInfo);
    }

    protected payloadScreenshot(caller: Caller, args: Args, result: unknown): ScreenshotEvent {
      return { image: result as ImageBitmap };
    }

    protected payloadMessage(caller: Caller, args: Args, result: unknown): SessionMessageEvent {
      return { data: args.message as Record<string, unknown>, origin: this.originOf(caller.context) };
    }

    protected payloadBroadcastMessage(caller: Caller, args: Args, result: unknown): BroadcastMessageEvent {
      return { message: args.message as string };
    }

    protected payloadChatMessage(caller: Caller, args: Args, result: unknown): ChatMessageEvent {
      return { event_type: "chat_message", message: args.message as string };
    }

    protected payloadSessionEnded(caller: Caller, args: Args, result: unknown): SessionEndedEvent {
      return {};
    }

    protected payloadParticipantJoined(caller: Caller, args: Args, result: unknown): ParticipantJoinedEvent {
      return { clientIndex: args.clientIndex as number };
    }

    /** Call each listener of (participant, context, event) once, with (its session, a copy of the payload). */
    protected deliver(clientIndex: number, context: Context, event: string, payload: unknown): void {
      const session = this.session(clientIndex, context);
      const callbacks = this.listeners.get(clientIndex)?.get(context)?.get(event) ?? [];
      for (const callback of [...callbacks]) this.invokeListener(callback, session, copyPayload(payload));
      this.deliverToEventObjects(clientIndex, context, event, payload);
    }

    /** `callback.call(session, session, payload)`; an error does not stop the other listeners. */
    protected invokeListener(callback: Callback, session: SessionObject, payload: unknown): void {
      try {
        callback.call(session, session, payload);
      } catch (error) {
        this.listenerErrors.push(error);
        this.pendingErrors.push(error);
      }
    }

    protected throwListenerErrors(): void {
      const pending = this.pendingErrors;
      this.pendingErrors = [];
      if (pending.length && this.raiseListenerErrors) throw pending[0];
    }

    // ------------------------------------------------------------ observation

    /** Everything this session holds, as JSON (the same keys as the Python reference's `observe()`). */
    observe(): Record<string, unknown> {
      const participants: Record<string, ParticipantRecord> = {};
      for (const index of sorted(this.participants.keys())) participants[String(index)] = { ...(this.participants.get(index) as ParticipantRecord) };
      return {
        session_id: this.sessionId,
        participants,
        roles: { leader: 0, ...this.roles },
        states: { ...this.states },
        ended: this.ended,
        pin: this.pinCode,
        options: jsonClone(this.options),
        origins: { ...this.origins },
        tabs: jsonClone(this.tabs),
        paused: this.paused,
        drawing: byIndex(this.drawing),
        following: byIndex(this.following),
        chat: jsonClone(this.chat),
        audit_log: jsonClone(this.auditLog),
        requests: jsonClone(this.requests),
        videochat: jsonClone(byIndex(this.videochat)),
        screensharing: byIndex(this.screensharing),
        capture_stream_open: this.captureStreamOpen,
        end: jsonClone(this.endInfo),
        recorded_calls: jsonClone(this.recordedCalls),
      };
    }

    /** The conformance suite's Snapshot: participants, roles, states, ended, and the rest in `data`. */
    snapshot(): SnapshotJson {
      const data = this.observe();
      const roles = data.roles as Record<string, number>;
      const states = data.states as Record<string, boolean>;
      const ended = data.ended as boolean;
      delete data.roles;
      delete data.states;
      delete data.ended;
      return { participants: sorted(this.participants.keys()), roles, states, ended, data, state: this.specState(data) };
    }

    /** This session's state under the spec's names, from what `observe()` reports. */
    specState(observed: Record<string, unknown>): Record<string, unknown> {
      const calls = observed.videochat as Record<string, { fullscreen: boolean; mode: string; microphone: boolean }>;
      const each = <T>(pick: (call: { fullscreen: boolean; mode: string; microphone: boolean }) => T): Record<string, T> =>
        Object.fromEntries(Object.entries(calls).map(([who, call]) => [who, pick(call)]));
      return {
        tabs: observed.tabs,
        paused: observed.paused,
        drawing: observed.drawing,
        following: observed.following,
        videochat_fullscreen: each((call) => call.fullscreen),
        videochat_mode: each((call) => call.mode),
        microphone: each((call) => call.microphone),
        screensharing: observed.screensharing,
        audit_log: (observed.audit_log as Array<{ entry: unknown }>).map((record) => record.entry),
      };
    }
  }

  /** An argument as JSON for `recordedCalls`: elements (of any kind) as `{"$host": "Element"}`, undefined as null. */
  function recordedValue(value: unknown): unknown {
    if (value === undefined || value === null) return null;
    if (typeof Element !== "undefined" && value instanceof Element) return { $host: "Element" };
    if (Array.isArray(value)) return value.map(recordedValue);
    if (typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = recordedValue(item);
      return out;
    }
    return value;
  }

  function capitalise(name: string): string {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function descriptorsOf(object: object): Record<string, PropertyDescriptor> {
    return Object.getOwnPropertyDescriptors(object);
  }

  // ================================================================ the session objects, typed by the declarations

  /**
   * Every member, as an object literal typed `Session`: tsc proves that the names, parameters and
   * results agree with the generated declarations. Each method hands its `arguments` to the world
   * (so that the world sees exactly what the caller passed, for the arity rule).
   *
   * Two places where the implementation returns what the declaration does not admit are marked
   * `as`: after `end()` properties read `undefined` and `on()` returns `undefined` (nothing answers).
   */
  function fullSessionMembers(world: World, caller: Caller): Session {
    const run = (name: string, args: ArrayLike<unknown>): unknown => world.call(caller, name, args);
    const runAsync = (name: string, args: ArrayLike<unknown>): Promise<unknown> => world.callAsync(caller, name, args);
    const read = (name: string): unknown => world.read(caller, name);
    const session: Session = {
      get started(): boolean {
        return read("started") as boolean; // undefined after the end
      },
      get pin(): string | undefined {
        return read("pin") as string | undefined;
      },
      get node(): HTMLIFrameElement | undefined {
        return read("node") as HTMLIFrameElement | undefined;
      },
      get window(): Window {
        return read("window") as Window; // undefined after the end
      },
      relocate(newUrl: string, newTab?: boolean): void {
        run("relocate", arguments);
      },
      uploadFile(file: File): void {
        run("uploadFile", arguments);
      },
      getSessionInfo(): Promise<SessionInfo> {
        return runAsync("getSessionInfo", arguments) as Promise<SessionInfo>;
      },
      end(redirectUrl?: string): void {
        run("end", arguments);
      },
      log(entry: LogEntry): void {
        run("log", arguments);
      },
      takeScreenshot(keepStreamOpened?: boolean): Promise<ImageBitmap> {
        return runAsync("takeScreenshot", arguments) as Promise<ImageBitmap>;
      },
      on(eventName: string, callback: (this: Session, session: Session, event: never) => void): Session {
        return run("on", arguments) as Session; // undefined after the end
      },
      sendMessage(message: Record<string, unknown>, targetOrigin: string): void {
        run("sendMessage", arguments);
      },
      broadcastMessage(message: string): void {
        run("broadcastMessage", arguments);
      },
      sendChatMessage(message: string): void {
        run("sendChatMessage", arguments);
      },
      openTab(url: string): void {
        run("openTab", arguments);
      },
      getTabs(): Promise<Tab[]> {
        return runAsync("getTabs", arguments) as Promise<Tab[]>;
      },
      activateTab(ssid: number): void {
        run("activateTab", arguments);
      },
      pauseTabs(): void {
        run("pauseTabs", arguments);
      },
      resumeTabs(): void {
        run("resumeTabs", arguments);
      },
      openNewTabPage(): void {
        run("openNewTabPage", arguments);
      },
      getParticipants(): Promise<Participant[]> {
        return runAsync("getParticipants", arguments) as Promise<Participant[]>;
      },
      toggleDrawing(): void {
        run("toggleDrawing", arguments);
      },
      makeHost(clientIndex: number): void {
        run("makeHost", arguments);
      },
      requestToHost(): void {
        run("requestToHost", arguments);
      },
      requestTabControl(): void {
        run("requestTabControl", arguments);
      },
      revokeTabControl(): void {
        run("revokeTabControl", arguments);
      },
      returnTabControl(): void {
        run("returnTabControl", arguments);
      },
      transferTabControl(clientIndex: number): void {
        run("transferTabControl", arguments);
      },
      toggleHuddleMode(): void {
        run("toggleHuddleMode", arguments);
      },
      followParticipant(clientIndex: number): void {
        run("followParticipant", arguments);
      },
      follow_participant(clientIndex: number): void {
        run("followParticipant", arguments);
      },
      toggleVideochatFullscreen(): void {
        run("toggleVideochatFullscreen", arguments);
      },
      toggleVideochatMode(mode?: VideochatMode): void {
        run("toggleVideochatMode", arguments);
      },
      toggleVideochatMicrophone(): void {
        run("toggleVideochatMicrophone", arguments);
      },
      startScreensharing(): void {
        run("startScreensharing", arguments);
      },
    };
    return session;
  }

  /** The widget's own member, `start`, as an object literal typed by `WidgetSession`. */
  function widgetSessionMembers(world: World, caller: Caller): Pick<WidgetSession, "start"> {
    return {
      start(selector?: string): Promise<void> {
        return world.callAsync(caller, "start", arguments) as Promise<void>;
      },
    };
  }

  /** The extension's own members, as an object literal typed by `ExtensionSession`: `env`, `automation` (the older
   * snake_case methods and the newer `see`, `act` and `tool`, each called by dotted path), `onMessage`, and `on`, the
   * documented method that is also an event object (`on.addListener`). Each namespace is made once, so that reading
   * it twice gives the same object. */
  function extensionSessionMembers(world: World, caller: Caller): Pick<ExtensionSession, "env" | "automation" | "onMessage" | "on"> {
    const run = (path: string, args: ArrayLike<unknown>): Promise<never> => world.callAsync(caller, path, args) as Promise<never>;
    const automation: Automation = {
      mouse_move(target, persistent) { return run("automation.mouse_move", arguments); },
      scroll(target, direction, amount) { return run("automation.scroll", arguments); },
      left_click(target, moveMouse) { return run("automation.left_click", arguments); },
      leftClick(target, moveMouse) { return run("automation.left_click", arguments); },
      middle_click(target, moveMouse) { return run("automation.middle_click", arguments); },
      right_click(target, moveMouse) { return run("automation.right_click", arguments); },
      type(target, text, moveMouse, overwrite) { return run("automation.type", arguments); },
      take_dom_snapshot(options) { return run("automation.take_dom_snapshot", arguments); },
      take_gui_snapshot() { return run("automation.take_gui_snapshot", arguments); },
      wait(selector, timeout) { return run("automation.wait", arguments); },
      navigate(url) { return run("automation.navigate", arguments); },
      see: {
        domSnapshot(options) { return run("automation.see.domSnapshot", arguments); },
        gui() { return run("automation.see.gui", arguments); },
      },
      act: {
        click(target) { return run("automation.act.click", arguments); },
        type(target, text) { return run("automation.act.type", arguments); },
        mouseMove(target) { return run("automation.act.mouseMove", arguments); },
        scroll(target, amount) { return run("automation.act.scroll", arguments); },
      },
      tool: {},
    };
    const on = Object.assign(
      function on(eventName: string, callback: unknown): ExtensionSession {
        return world.call(caller, "on", arguments) as ExtensionSession; // undefined after the end
      },
      {
        addListener(listener: (message: ExtensionMessage, sender?: BroadcastSender) => void): void {
          world.addEventObjectListener(caller, "on", listener);
        },
      },
    ) as unknown as ExtensionSession["on"];
    const onMessage: ExtensionSession["onMessage"] = {
      addListener(listener: (message: ExtensionMessage) => void): void {
        world.addEventObjectListener(caller, "onMessage", listener);
      },
    };
    return {
      get env(): ExtensionSession["env"] {
        return world.readEnv(caller);
      },
      automation,
      onMessage,
      on,
    };
  }

  /** The four public members, as an object literal typed `PublicSession` (no other member fits). */
  function publicSessionMembers(world: World, caller: Caller): PublicSession {
    const run = (name: string, args: ArrayLike<unknown>): unknown => world.call(caller, name, args);
    const session: PublicSession = {
      end(redirectUrl?: string): void {
        run("end", arguments);
      },
      log(entry: LogEntry): void {
        run("log", arguments);
      },
      on(eventName: string, callback: (this: PublicSession, session: PublicSession, event: never) => void): PublicSession {
        return run("on", arguments) as PublicSession; // undefined after the end
      },
      sendMessage(message: Record<string, unknown>, targetOrigin: string): void {
        run("sendMessage", arguments);
      },
    };
    return session;
  }

  // ================================================================ the test double's API

  /** A new world (a co-browsing session): `createWorld(situation)` takes the conformance suite's
   * Situation JSON as it is, plus the extra fields of `WorldOptions`. */
  export function createWorld(situation: WorldOptions = {}): World {
    return new World(situation);
  }

  export interface InstallOptions {
    /** `webfuse.isInsideSession` (default false: the page is the embedding page). */
    isInsideSession?: boolean;
  }

  type Globals = Record<string, unknown>;
  let installed: { webfuse: unknown; hadWebfuse: boolean; browser: unknown; hadBrowser: boolean; hadWebfuseSession: boolean; webfuseSession: unknown } | null = null;

  /**
   * The globals of the page of participant `clientIndex`: `window.webfuse` (`isInsideSession`,
   * `listSessions()` with the widget session, `currentSession` with the public one, `on()` on every
   * session of the page) and `window.browser.webfuseSession` (the extension session). Returns the
   * `webfuse` object. `uninstall()` puts back what was there before.
   */
  export function install(world: World, clientIndex = 0, options: InstallOptions = {}): typeof webfuse {
    const root = globalThis as unknown as Globals;
    // The widget's and the extension's session objects have their own members too (start; env, automation,
    // onMessage, on.addListener), which the common Session type the world hands out does not show.
    const widget = world.widget(clientIndex) as WidgetSession;
    const page: typeof webfuse = {
      initSpace(_widgetKey: string, spaceId: string): Promise<WidgetSpace> {
        // The world is one session of one space: its space hands out the page's widget session.
        return Promise.resolve({ id: spaceId, slug: spaceId, session: (): WidgetSession => widget });
      },
      isInsideSession: options.isInsideSession ?? false,
      listSessions(): WidgetSession[] {
        return [widget];
      },
      currentSession: world.public(clientIndex),
      on(eventName: string, callback: (this: WidgetSession, session: WidgetSession, event: never) => void): void {
        for (const session of page.listSessions()) Reflect.apply(session.on, session, arguments);
      },
    };
    const namespace: typeof browser = { webfuseSession: world.extension(clientIndex) as ExtensionSession };
    uninstall();
    const existing = root.browser;
    installed = {
      webfuse: root.webfuse,
      hadWebfuse: Object.prototype.hasOwnProperty.call(root, "webfuse"),
      browser: existing,
      hadBrowser: Object.prototype.hasOwnProperty.call(root, "browser"),
      hadWebfuseSession: typeof existing === "object" && existing !== null && "webfuseSession" in existing,
      webfuseSession: typeof existing === "object" && existing !== null ? (existing as Globals).webfuseSession : undefined,
    };
    root.webfuse = page;
    if (typeof existing === "object" && existing !== null) (existing as Globals).webfuseSession = namespace.webfuseSession;
    else root.browser = namespace;
    return page;
  }

  /** Remove the globals `install()` defined, putting back what was there before. */
  export function uninstall(): void {
    if (installed === null) return;
    const root = globalThis as unknown as Globals;
    const before = installed;
    installed = null;
    if (before.hadWebfuse) root.webfuse = before.webfuse;
    else delete root.webfuse;
    if (typeof before.browser === "object" && before.browser !== null) {
      if (before.hadWebfuseSession) (before.browser as Globals).webfuseSession = before.webfuseSession;
      else delete (before.browser as Globals).webfuseSession;
    } else if (before.hadBrowser) {
      root.browser = before.browser;
    } else {
      delete root.browser;
    }
  }

  // ================================================================ the conformance harness contract

  /** The conformance suite's `adapter.Situation`, as JSON. */
  export interface Situation {
    participants?: number;
    options?: Record<string, unknown>;
    roles?: Record<string, number>;
    states?: Record<string, boolean>;
    origins?: Record<string, string>;
  }

  /**
   * `window.webfuseConformance`: what a browser adapter of the conformance suite calls. Everything
   * but `session()` takes and returns JSON. `World` is the class `open()` instantiates; replace it
   * with a subclass to run the suite against a variant.
   */
  export interface ConformanceHarness {
    readonly name: string;
    World: new (situation: WorldOptions) => World;
    open(situation: Situation): number;
    addParticipant(worldId: number): number;
    removeParticipant(worldId: number, clientIndex: number): void;
    session(worldId: number, clientIndex: number, context: Context): SessionObject;
    snapshot(worldId: number): SnapshotJson;
    close(worldId: number): void;
    /** The World behind an id (not JSON; for debugging). */
    world(worldId: number): World;
  }

  const worlds = new Map<number, World>();
  let nextWorldId = 1;

  function worldById(worldId: number): World {
    const found = worlds.get(worldId);
    if (!found) throw new Error(`no open world ${show(worldId)}`);
    return found;
  }

  export const conformance: ConformanceHarness = {
    name: "webfuse-reference (javascript)",
    World,
    open(situation: Situation): number {
      const s = situation ?? {};
      const world = new conformance.World({
        participants: s.participants,
        options: s.options,
        roles: s.roles,
        states: s.states,
        origins: s.origins,
        raiseListenerErrors: false,
        env: { ...EXAMPLE_ENV },
      });
      const id = nextWorldId;
      nextWorldId += 1;
      worlds.set(id, world);
      return id;
    },
    addParticipant(worldId: number): number {
      return worldById(worldId).addParticipant();
    },
    removeParticipant(worldId: number, clientIndex: number): void {
      worldById(worldId).removeParticipant(clientIndex);
    },
    session(worldId: number, clientIndex: number, context: Context): SessionObject {
      return worldById(worldId).session(clientIndex, context);
    },
    snapshot(worldId: number): SnapshotJson {
      return worldById(worldId).snapshot();
    },
    close(worldId: number): void {
      worlds.delete(worldId);
    },
    world(worldId: number): World {
      return worldById(worldId);
    },
  };

  const root = globalThis as unknown as Globals;
  root.WebfuseReference = WebfuseReference;
  root.webfuseConformance = conformance;
}
