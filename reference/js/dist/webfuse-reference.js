"use strict";
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
var WebfuseReference;
(function (WebfuseReference) {
    WebfuseReference.VERSION = "0.1.0";
    WebfuseReference.CONTEXTS = ["widget", "extension", "public"];
    /** The context whose session object has only the members marked public. */
    WebfuseReference.PUBLIC_CONTEXT = "public";
    WebfuseReference.ROLES = ["leader", "host", "tab_owner", "in_control"];
    WebfuseReference.STATES = ["started", "in_iframe", "huddle_mode"];
    /** Options with a documented default (S5, S8, S1). */
    WebfuseReference.OPTION_DEFAULTS = {
        chat_enabled: true,
        participants_can_request_to_interact: true,
        end_of_session_popup_url: false,
    };
    /** What an option without a documented default (`host_switching_allowed`, `screensharing_enabled`)
     * is when the session does not set it: on, so the members it gates work unless a test turns it off. */
    WebfuseReference.UNKNOWN_OPTION_DEFAULT = true;
    const UNKNOWN_DEFAULT_OPTIONS = ["host_switching_allowed", "screensharing_enabled"];
    /** Origin of the page each context runs in, unless the situation gives others. */
    WebfuseReference.DEFAULT_ORIGINS = {
        widget: "https://embedder.example.com",
        extension: "chrome-extension://webfuse-extension",
        public: "https://app.example.com",
    };
    WebfuseReference.DEFAULT_START_URL = "https://app.example.com/";
    WebfuseReference.NEW_TAB_PAGE_URL = "about:newtab";
    /** `types.SessionInfo.examples[0]` of the spec (the W3 example); `sessionId` is replaced per session. */
    WebfuseReference.SESSION_INFO_EXAMPLE = {
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
    function param(name, type, extra = {}) {
        return { name, type, required: true, hasDefault: false, constraints: {}, ...extra };
    }
    function pre(kind, target, otherwise = "ignored", spec = true) {
        return { kind, target, otherwise, spec };
    }
    function emit(event, to, fromContext = null, originParam = null) {
        return { event, to, fromContext, originParam };
    }
    function member(name, kind, extra = {}) {
        return { name, kind, public: false, isAsync: false, params: [], preconditions: [], emits: [], ...extra };
    }
    const CLIENT_INDEX = param("clientIndex", "integer", { constraints: { minimum: 0 } });
    const PCRTI = pre("option", "participants_can_request_to_interact");
    const WIDGET_SELF_EXTENSION_ALL = [
        { context: "widget", participants: "self" },
        { context: "extension", participants: "all" },
    ];
    /** Every member of the session, by JavaScript name, in the order of the spec (the same table as
     * the Python reference's `rules.MEMBERS`; tests/test_reference_js.py compares them). */
    WebfuseReference.MEMBERS = Object.freeze(Object.fromEntries([
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
    ].map((m) => [m.name, m])));
    // ---------------------------------------------------------------- members only some contexts have (rules.py)
    /** JavaScript names of the members only one full context has, besides every member of MEMBERS. */
    WebfuseReference.CONTEXT_MEMBERS = {
        widget: ["start"],
        extension: ["env", "automation", "onMessage"],
    };
    /** Where `on` is also an event object (`on.addListener(listener)`). */
    WebfuseReference.EVENT_OBJECT_CONTEXTS = ["extension"];
    /** The widget's `start(selector?)`: resolves to nothing; this reference records the call and changes nothing else. */
    WebfuseReference.START = member("start", "method", { isAsync: true, params: [param("selector", "string", { required: false })] });
    const LEGACY_TARGET = param("target", "LegacyAutomationTarget");
    const LEGACY_OPTIONAL_TARGET = param("target", "LegacyAutomationTarget", { required: false });
    const TARGET = param("target", "AutomationTarget");
    const MOVE_MOUSE = param("moveMouse", "boolean", { required: false, default: false, hasDefault: true });
    const automation = (path, params = []) => member(path, "method", { isAsync: true, params });
    /** The Automation API, both generations, by dotted path; every method returns a Promise that resolves once the
     * action has completed. This reference performs no action but records each call (`World.recordedCalls`). */
    WebfuseReference.AUTOMATION = Object.freeze(Object.fromEntries([
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
    WebfuseReference.DOM_SNAPSHOT_HTML = "<html><head></head><body></body></html>";
    /** The manifest `env` values the conformance harness gives the extension (a world made directly has none). */
    WebfuseReference.EXAMPLE_ENV = { AGENT_KEY: "agent-key", API_URL: "" };
    /** Events the extension's event objects also deliver, and how: the payload itself (tagged with its `event_type`),
     * or, for a broadcast, the broadcast value (the payload's `message`). Both objects deliver all of them. */
    WebfuseReference.EVENT_OBJECT_MESSAGES = {
        chat_message: "payload",
        host_changed: "payload",
        tab_control: "payload",
        broadcast_message: "message",
    };
    /** Deprecated spellings that session objects also have: alias -> member. */
    WebfuseReference.ALIASES = { follow_participant: "followParticipant" };
    /** Who hears that a participant joined (the joiner is the "caller"). The spec names the event but
     * no receivers; this reference tells the widgets of everyone already in the session. */
    WebfuseReference.PARTICIPANT_JOINED = emit("participant_joined", [{ context: "widget", participants: "others" }]);
    // ================================================================ argument checks (validators.py)
    /** Python's `str.isspace()` characters. */
    const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
    const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
    const SCHEME_CHARS = /^[A-Za-z0-9+.-]*$/;
    const HOST_REQUIRED = new Set(["http", "https", "ftp", "ws", "wss"]);
    const DEFAULT_PORTS = new Map([["http", 80], ["https", 443], ["ws", 80], ["wss", 443], ["ftp", 21]]);
    WebfuseReference.RESERVED_KEYS = Array.from({ length: 10 }, (_, n) => `var${n}`);
    WebfuseReference.VIDEOCHAT_MODES = ["floating", "sidebar"];
    /** What Python's urllib raises as ValueError: a string that is not a URL at all. */
    class UrlError extends Error {
        name = "UrlError";
    }
    WebfuseReference.UrlError = UrlError;
    /** A value that JSON cannot carry unchanged. */
    class NotJson extends Error {
    }
    function show(value) {
        let text;
        if (typeof value === "string")
            text = JSON.stringify(value);
        else if (value === undefined)
            text = "undefined";
        else if (typeof value === "function")
            text = "a function";
        else if (typeof value === "bigint" || typeof value === "symbol")
            text = String(value);
        else if (typeof value === "object" && value !== null && !Array.isArray(value) && !isPlainPrototype(value)) {
            text = Object.prototype.toString.call(value);
        }
        else {
            try {
                const replacer = (key, item) => typeof item === "function" ? "<function>"
                    : item === undefined ? "<undefined>" : typeof item === "number" && !Number.isFinite(item) ? String(item)
                        : typeof item === "bigint" ? String(item) : item;
                text = JSON.stringify(value, replacer) ?? String(value);
            }
            catch {
                text = Object.prototype.toString.call(value);
            }
        }
        return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
    }
    function fail(what, expected, value) {
        return new TypeError(`${what}: expected ${expected}, got ${show(value)}`);
    }
    function isPlainPrototype(value) {
        const proto = Object.getPrototypeOf(value);
        return proto === Object.prototype || proto === null;
    }
    function partition(text, sep) {
        const at = text.indexOf(sep);
        return at < 0 ? [text, "", ""] : [text.slice(0, at), sep, text.slice(at + sep.length)];
    }
    function rpartition(text, sep) {
        const at = text.lastIndexOf(sep);
        return at < 0 ? ["", "", text] : [text.slice(0, at), sep, text.slice(at + sep.length)];
    }
    /** Python's `urllib.parse.urlsplit` (3.11), which the Python reference's checks are made of. */
    function urlsplit(input) {
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
                if (at >= 0)
                    delim = Math.min(delim, at);
            }
            netloc = url.slice(2, delim);
            url = url.slice(delim);
            const open = netloc.includes("[");
            const close = netloc.includes("]");
            if (open !== close)
                throw new UrlError("Invalid IPv6 URL");
            if (open && close)
                checkBracketedHost(partition(partition(netloc, "[")[2], "]")[0]);
        }
        if (url.includes("#"))
            [url, , fragment] = partition(url, "#");
        if (url.includes("?"))
            [url, , query] = partition(url, "?");
        checkNetloc(netloc);
        return { scheme, netloc, path: url, query, fragment };
    }
    WebfuseReference.urlsplit = urlsplit;
    function checkNetloc(netloc) {
        if (!netloc || /^[\x00-\x7f]*$/.test(netloc))
            return;
        const n = netloc.replace(/[@:#?]/g, "");
        const normalised = n.normalize("NFKC");
        if (n === normalised)
            return;
        for (const c of "/?#@:") {
            if (normalised.includes(c))
                throw new UrlError(`netloc '${netloc}' contains invalid characters under NFKC normalization`);
        }
    }
    function checkBracketedHost(host) {
        if (host.startsWith("v")) {
            if (!/^v[a-fA-F0-9]+\..+$/.test(host))
                throw new UrlError("IPvFuture address is invalid");
            return;
        }
        if (isIPv4(host))
            throw new UrlError("An IPv4 address cannot be in brackets");
        if (!isIPv6(host))
            throw new UrlError(`'${host}' does not appear to be an IPv4 or IPv6 address`);
    }
    /** Python's `ipaddress.IPv4Address` parser. */
    function isIPv4(text) {
        if (!text || text.includes("/"))
            return false;
        const octets = text.split(".");
        return octets.length === 4 && octets.every((o) => /^[0-9]{1,3}$/.test(o) && (o === "0" || o[0] !== "0") && Number(o) <= 255);
    }
    /** Python's `ipaddress.IPv6Address` parser (with an optional `%scope`). */
    function isIPv6(text) {
        if (text.includes("/"))
            return false;
        const [address, percent, scope] = partition(text, "%");
        if (percent && (!scope || scope.includes("%")))
            return false;
        if (!address)
            return false;
        const parts = address.split(":");
        if (parts.length < 3)
            return false;
        if (parts[parts.length - 1].includes(".")) {
            const last = parts.pop();
            if (!isIPv4(last))
                return false;
            parts.push("0", "0");
        }
        if (parts.length > 9)
            return false;
        let skip = null;
        for (let i = 1; i < parts.length - 1; i++) {
            if (!parts[i]) {
                if (skip !== null)
                    return false;
                skip = i;
            }
        }
        let hi;
        let lo;
        if (skip !== null) {
            hi = skip;
            lo = parts.length - skip - 1;
            if (!parts[0] && --hi)
                return false;
            if (!parts[parts.length - 1] && --lo)
                return false;
            if (8 - (hi + lo) < 1)
                return false;
        }
        else {
            if (parts.length !== 8 || !parts[0] || !parts[parts.length - 1])
                return false;
            hi = parts.length;
            lo = 0;
        }
        const hextets = [...parts.slice(0, hi), ...parts.slice(parts.length - lo)];
        return hextets.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h));
    }
    function hostinfo(netloc) {
        const info = rpartition(netloc, "@")[2];
        const [, open, bracketed] = partition(info, "[");
        let host;
        let port;
        if (open) {
            const [inside, , rest] = partition(bracketed, "]");
            host = inside;
            port = partition(rest, ":")[2];
        }
        else {
            [host, , port] = partition(info, ":");
        }
        return [host, port ? port : null];
    }
    /** `SplitResult.hostname`: lower case (but not an IPv6 zone), null when empty. */
    function hostnameOf(netloc) {
        const host = hostinfo(netloc)[0];
        if (!host)
            return null;
        const [address, percent, zone] = partition(host, "%");
        return address.toLowerCase() + percent + zone;
    }
    WebfuseReference.hostnameOf = hostnameOf;
    /** `SplitResult.port`: null when absent; UrlError when not a number in 0..65535. */
    function portOf(netloc) {
        const port = hostinfo(netloc)[1];
        if (port === null)
            return null;
        if (!/^[0-9]+$/.test(port))
            throw new UrlError(`Port could not be cast to integer value as '${port}'`);
        const value = parseInt(port, 10);
        if (!(value >= 0 && value <= 65535))
            throw new UrlError("Port out of range 0-65535");
        return value;
    }
    WebfuseReference.portOf = portOf;
    function checkString(what, value) {
        if (typeof value !== "string")
            throw fail(what, "a string", value);
        return value;
    }
    WebfuseReference.checkString = checkString;
    function checkBoolean(what, value) {
        if (typeof value !== "boolean")
            throw fail(what, "a boolean", value);
        return value;
    }
    WebfuseReference.checkBoolean = checkBoolean;
    /** An integer: every number is a double, so 2.0 is the integer 2. */
    function checkInteger(what, value) {
        if (typeof value !== "number" || !Number.isInteger(value))
            throw fail(what, "an integer", value);
        return value;
    }
    WebfuseReference.checkInteger = checkInteger;
    function checkMinimum(what, value, minimum) {
        if (value < minimum)
            throw fail(what, `a number of at least ${minimum}`, value);
        return value;
    }
    WebfuseReference.checkMinimum = checkMinimum;
    function checkCallable(what, value) {
        if (typeof value !== "function")
            throw fail(what, "a function", value);
        return value;
    }
    WebfuseReference.checkCallable = checkCallable;
    /** A real browser `File` (`instanceof File`). */
    function checkFile(what, value) {
        if (typeof File === "undefined" || !(value instanceof File))
            throw fail(what, "a File", value);
        return value;
    }
    WebfuseReference.checkFile = checkFile;
    function checkVideochatMode(what, value) {
        if (typeof value !== "string" || !WebfuseReference.VIDEOCHAT_MODES.includes(value)) {
            throw fail(what, "'floating' or 'sidebar'", value);
        }
        return value;
    }
    WebfuseReference.checkVideochatMode = checkVideochatMode;
    /** A copy of `value` as JSON would make it, or NotJson when JSON would not carry it unchanged. */
    function jsonCopy(value, ancestors) {
        if (value === null || typeof value === "string" || typeof value === "boolean")
            return value;
        if (typeof value === "number") {
            if (!Number.isFinite(value))
                throw new NotJson();
            return value;
        }
        if (typeof value !== "object")
            throw new NotJson(); // undefined, functions, symbols, bigints
        if (ancestors.includes(value))
            throw new NotJson(); // a cycle
        ancestors.push(value);
        try {
            if (Array.isArray(value)) {
                if (Object.getPrototypeOf(value) !== Array.prototype)
                    throw new NotJson();
                if (Object.getOwnPropertyNames(value).length !== value.length + 1 || Object.getOwnPropertySymbols(value).length) {
                    throw new NotJson(); // holes, or keys JSON would drop
                }
                return value.map((item) => jsonCopy(item, ancestors));
            }
            if (!isPlainPrototype(value))
                throw new NotJson(); // Date, Map, File, class instances...
            const keys = Object.keys(value);
            if (Object.getOwnPropertyNames(value).length !== keys.length || Object.getOwnPropertySymbols(value).length) {
                throw new NotJson();
            }
            const copy = {};
            for (const key of keys) {
                setOwn(copy, key, jsonCopy(value[key], ancestors));
            }
            return copy;
        }
        finally {
            ancestors.pop();
        }
    }
    function setOwn(target, key, value) {
        if (key === "__proto__") {
            Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
        }
        else {
            target[key] = value;
        }
    }
    /** A plain JSON object that JSON carries unchanged (no functions, undefined, NaN, cycles, class
     * instances anywhere inside). Returns a deep copy, as JSON would make. */
    WebfuseReference.SCROLL_DIRECTIONS = ["vertical", "horizontal"];
    function checkNumber(what, value) {
        if (typeof value !== "number")
            throw fail(what, "a number", value);
        return value;
    }
    WebfuseReference.checkNumber = checkNumber;
    /** A point `[x, y]`: the spec's types have no tuples, so any array of numbers. */
    function checkPoint(what, value) {
        if (!Array.isArray(value))
            throw fail(what, "a point (an array of numbers)", value);
        return value.map((item) => checkNumber(what, item));
    }
    WebfuseReference.checkPoint = checkPoint;
    /** An Automation API target: an element (`Element`, or only an `HTMLElement`), a string or a point. */
    function checkTarget(what, value, element) {
        if (typeof value === "string")
            return value;
        if (Array.isArray(value))
            return checkPoint(what, value);
        const ok = element === "Element" ? typeof Element !== "undefined" && value instanceof Element
            : typeof HTMLElement !== "undefined" && value instanceof HTMLElement;
        if (!ok)
            throw fail(what, `an ${element}, a selector or a point`, value);
        return value;
    }
    WebfuseReference.checkTarget = checkTarget;
    function checkScrollDirection(what, value) {
        if (typeof value !== "string" || !WebfuseReference.SCROLL_DIRECTIONS.includes(value))
            throw fail(what, "'vertical' or 'horizontal'", value);
        return value;
    }
    WebfuseReference.checkScrollDirection = checkScrollDirection;
    /** An options object: an object whose known keys hold values of their types (other keys pass, unknown). */
    function checkOptions(what, value, fields) {
        if (typeof value !== "object" || value === null || Array.isArray(value))
            throw fail(what, "an options object", value);
        const options = value;
        for (const [key, check] of Object.entries(fields))
            if (key in options)
                check(`${what}.${key}`, options[key]);
        return options;
    }
    WebfuseReference.checkOptions = checkOptions;
    /** `'downsample'` or a modifier object `{name, params?}`. */
    function checkSnapshotModifier(what, value) {
        if (value === "downsample")
            return value;
        const modifier = checkOptions(what, value, { name: checkString, params: (w, v) => checkOptions(w, v, {}) });
        if (!("name" in modifier))
            throw fail(what, "'downsample' or a modifier with a name", value);
        return modifier;
    }
    WebfuseReference.checkSnapshotModifier = checkSnapshotModifier;
    WebfuseReference.DOM_SNAPSHOT_OPTIONS = { root: checkString, webfuseIDs: checkBoolean };
    WebfuseReference.LEGACY_DOM_SNAPSHOT_OPTIONS = { rootSelector: checkString, deep: checkBoolean, modifier: checkSnapshotModifier };
    function checkPlainObject(what, value) {
        if (typeof value !== "object" || value === null || Array.isArray(value))
            throw fail(what, "a plain JSON object", value);
        try {
            return jsonCopy(value, []);
        }
        catch (error) {
            if (error instanceof NotJson)
                throw fail(what, "a plain JSON object that survives JSON serialisation", value);
            throw error;
        }
    }
    WebfuseReference.checkPlainObject = checkPlainObject;
    /** The log entry's reserved keys `var0` .. `var9` must hold strings when present. */
    function checkReservedKeys(what, value) {
        for (const key of WebfuseReference.RESERVED_KEYS) {
            if (Object.prototype.hasOwnProperty.call(value, key) && typeof value[key] !== "string") {
                throw fail(`${what}.${key}`, "a string (reserved key)", value[key]);
            }
        }
        return value;
    }
    WebfuseReference.checkReservedKeys = checkReservedKeys;
    function splitOrFail(what, expected, value, withPort) {
        try {
            const parts = urlsplit(value);
            if (withPort)
                portOf(parts.netloc);
            return parts;
        }
        catch (error) {
            if (error instanceof UrlError)
                throw fail(what, expected, value);
            throw error;
        }
    }
    /** A URL with a scheme (`https:`, `file:`, `about:`...), and a host for http(s), ws(s) and ftp. */
    function checkAbsoluteUrl(what, value) {
        if (!value || PY_SPACE.test(value))
            throw fail(what, "an absolute URL", value);
        const parts = splitOrFail(what, "an absolute URL", value, true);
        if (!SCHEME.test(parts.scheme) || !value.includes(":")) {
            throw fail(what, "an absolute URL with a scheme such as https://", value);
        }
        if (HOST_REQUIRED.has(parts.scheme.toLowerCase()) && !hostnameOf(parts.netloc)) {
            throw fail(what, `an absolute ${parts.scheme} URL with a host`, value);
        }
        return value;
    }
    WebfuseReference.checkAbsoluteUrl = checkAbsoluteUrl;
    /** A URL, absolute or relative: not empty and without whitespace. */
    function checkUrl(what, value) {
        if (!value || PY_SPACE.test(value))
            throw fail(what, "a URL", value);
        splitOrFail(what, "a URL", value, false);
        return value;
    }
    WebfuseReference.checkUrl = checkUrl;
    /** `*`, or an origin: `scheme://host[:port]`, at most a trailing `/`, nothing else. */
    function checkOriginOrWildcard(what, value) {
        if (value === "*")
            return value;
        const expected = "an origin such as https://example.com, or '*'";
        if (PY_SPACE.test(value))
            throw fail(what, expected, value);
        const parts = splitOrFail(what, expected, value, true);
        if (!SCHEME.test(parts.scheme)
            || !hostnameOf(parts.netloc)
            || parts.netloc.includes("@")
            || (parts.path !== "" && parts.path !== "/")
            || parts.query
            || parts.fragment
            || value.includes("?")
            || value.includes("#")) {
            throw fail(what, expected, value);
        }
        return value;
    }
    WebfuseReference.checkOriginOrWildcard = checkOriginOrWildcard;
    /** `scheme://host[:port]` in lower case, without a trailing slash or the scheme's default port
     * (UrlError when `origin` is not a URL). */
    function normaliseOrigin(origin) {
        const parts = urlsplit(origin);
        const scheme = parts.scheme.toLowerCase();
        let host = (hostnameOf(parts.netloc) ?? "").toLowerCase();
        if (host.includes(":"))
            host = `[${host}]`;
        const port = portOf(parts.netloc);
        if (port === null || DEFAULT_PORTS.get(scheme) === port)
            return `${scheme}://${host}`;
        return `${scheme}://${host}:${port}`;
    }
    WebfuseReference.normaliseOrigin = normaliseOrigin;
    /** Python's truthiness, for option values (`[]`, `{}`, `""` and `0` are off). */
    function truthy(value) {
        if (Array.isArray(value))
            return value.length > 0;
        if (typeof value === "object" && value !== null && isPlainPrototype(value))
            return Object.keys(value).length > 0;
        return Boolean(value);
    }
    /** A per-listener copy of a payload: plain objects and arrays are copied, browser objects handed on. */
    function copyPayload(value) {
        if (Array.isArray(value))
            return value.map((item) => copyPayload(item));
        if (typeof value === "object" && value !== null && isPlainPrototype(value)) {
            const copy = {};
            for (const key of Object.keys(value))
                setOwn(copy, key, copyPayload(value[key]));
            return copy;
        }
        return value;
    }
    function jsonClone(value) {
        return value === undefined ? value : JSON.parse(JSON.stringify(value));
    }
    function randomSource(seed) {
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
        const crypto = globalThis.crypto;
        if (crypto && typeof crypto.getRandomValues === "function") {
            return () => crypto.getRandomValues(new Uint32Array(1))[0] / 4294967296;
        }
        return Math.random;
    }
    function sorted(numbers) {
        return [...numbers].sort((a, b) => a - b);
    }
    function byIndex(table) {
        const out = {};
        for (const index of sorted(table.keys()))
            out[String(index)] = table.get(index);
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
    class World {
        raiseListenerErrors;
        listenerErrors = [];
        pendingErrors = [];
        random;
        host;
        participants = new Map();
        nextIndex;
        options;
        roles;
        states;
        origins;
        sessionId;
        pinCode = null;
        tabs = [];
        nextSsid = 0;
        paused = false;
        drawing = new Map();
        following = new Map();
        chat = [];
        auditLog = [];
        requests = [];
        screensharing = new Map();
        videochat = new Map();
        captureStreamOpen = false;
        ended = false;
        endInfo = null;
        /** Listeners by client index, context and event name. */
        listeners = new Map();
        /** The extension manifest's `env` values (read-only to the session objects). */
        env;
        /** Each accepted call of the Automation API and of `start`, in order: who, where, the member's dotted path and its
         * arguments by name (omitted optional ones as null or their default). Nothing else happens. */
        recordedCalls = [];
        /** Listeners added with `addListener`, by `${clientIndex}:${context}:${eventObject}` (`on` or `onMessage`). */
        eventObjectListeners = new Map();
        objects = new Map();
        hostObjects = new Map();
        constructor(situation = {}) {
            this.random = randomSource(situation.seed);
            this.env = Object.freeze({ ...(situation.env ?? {}) });
            this.raiseListenerErrors = situation.raiseListenerErrors ?? true;
            this.host = situation.host ?? {};
            const given = situation.participants ?? 3;
            let people;
            if (typeof given === "number") {
                if (!Number.isInteger(given))
                    throw new Error(`participants: expected a count or a list, got ${show(given)}`);
                people = Array.from({ length: Math.max(given, 0) }, () => ({}));
            }
            else {
                people = given;
            }
            if (!people.length)
                throw new Error("a session has at least one participant, the leader");
            people.forEach((person, index) => this.participants.set(index, this.newParticipant(index, person)));
            this.nextIndex = people.length;
            this.options = this.initialOptions(situation.options ?? {});
            this.roles = this.initialRoles(situation.roles ?? {});
            this.states = this.initialStates(situation.states ?? {});
            this.origins = { ...WebfuseReference.DEFAULT_ORIGINS, ...(situation.origins ?? {}) };
            this.sessionId = situation.sessionId ?? this.makeSessionId();
            const pin = situation.pin;
            if (pin !== undefined && !/^[0-9]{4}$/.test(pin))
                throw new Error(`a pin is four digits, got ${show(pin)}`);
            if (this.states.started)
                this.pinCode = pin ?? this.makePin();
            this.openTabAt(situation.startUrl ?? WebfuseReference.DEFAULT_START_URL);
        }
        // ------------------------------------------------------------ setup rules
        newParticipant(index, person) {
            return {
                name: String(person.name ?? `Participant ${index}`),
                email: String(person.email ?? `participant${index}@example.com`),
                online: truthy(person.online ?? true),
            };
        }
        initialOptions(given) {
            const options = {};
            for (const name of [...Object.keys(WebfuseReference.OPTION_DEFAULTS), ...UNKNOWN_DEFAULT_OPTIONS])
                options[name] = this.optionDefault(name);
            return { ...options, ...jsonClone(given) };
        }
        optionDefault(name) {
            return Object.prototype.hasOwnProperty.call(WebfuseReference.OPTION_DEFAULTS, name) ? WebfuseReference.OPTION_DEFAULTS[name] : WebfuseReference.UNKNOWN_OPTION_DEFAULT;
        }
        initialRoles(given) {
            const roles = { host: 0, tab_owner: 0, in_control: 0 };
            for (const [role, index] of Object.entries(given)) {
                if (role === "leader") {
                    if (index !== 0)
                        throw new Error("the leader is always client index 0");
                    continue;
                }
                if (!Object.prototype.hasOwnProperty.call(roles, role)) {
                    throw new Error(`unknown role '${role}'; roles are leader, host, tab_owner, in_control`);
                }
                if (!this.participants.has(index))
                    throw new Error(`role '${role}': ${show(index)} is not a participant`);
                roles[role] = index;
            }
            return roles;
        }
        initialStates(given) {
            const states = { started: true, in_iframe: false, huddle_mode: false };
            for (const [state, value] of Object.entries(given)) {
                if (!WebfuseReference.STATES.includes(state))
                    throw new Error(`unknown state '${state}'; states are ${WebfuseReference.STATES.join(", ")}`);
                states[state] = truthy(value);
            }
            return states;
        }
        makeSessionId() {
            const bytes = Array.from({ length: 16 }, () => Math.floor(this.random() * 256));
            bytes[6] = (bytes[6] & 0x0f) | 0x40;
            bytes[8] = (bytes[8] & 0x3f) | 0x80;
            const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
            return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        }
        /** The four-digit join code, `0000` .. `9999`. */
        makePin() {
            return String(Math.floor(this.random() * 10000)).padStart(4, "0");
        }
        session(clientIndex, context) {
            const key = `${clientIndex}:${context}`;
            let object = this.objects.get(key);
            if (object === undefined) {
                if (!WebfuseReference.CONTEXTS.includes(context))
                    throw new Error(`unknown context ${show(context)}; contexts are ${WebfuseReference.CONTEXTS.join(", ")}`);
                if (!Number.isInteger(clientIndex) || clientIndex < 0 || clientIndex >= this.nextIndex) {
                    throw new Error(`${show(clientIndex)} has never been a participant`);
                }
                object = this.makeSessionObject(clientIndex, context);
                this.objects.set(key, object);
            }
            return object;
        }
        /** `webfuse.listSessions()[0]` on the participant's embedding page. */
        widget(clientIndex = 0) {
            return this.session(clientIndex, "widget");
        }
        /** `browser.webfuseSession` in the participant's extension. */
        extension(clientIndex = 0) {
            return this.session(clientIndex, "extension");
        }
        /** `webfuse.currentSession` on the co-browsed page of the participant. */
        public(clientIndex = 0) {
            return this.session(clientIndex, "public");
        }
        /** JavaScript names of the members a context's session object has. */
        exposedMembers(context) {
            if (context === WebfuseReference.PUBLIC_CONTEXT)
                return this.publicMembers();
            return [...Object.keys(WebfuseReference.MEMBERS), ...this.ownMembers(context)];
        }
        /** The members only this context has (`start` in the widget; `env`, `automation`, `onMessage` in the extension). */
        ownMembers(context) {
            return [...(WebfuseReference.CONTEXT_MEMBERS[context] ?? [])];
        }
        /** Whether `on` is also an event object here (`on.addListener`). */
        hasEventObjectOn(context) {
            return WebfuseReference.EVENT_OBJECT_CONTEXTS.includes(context);
        }
        /** The members marked public: all that `webfuse.currentSession` offers. */
        publicMembers() {
            return Object.values(WebfuseReference.MEMBERS).filter((m) => m.public).map((m) => m.name);
        }
        /** A plain object with exactly the exposed members (and the aliases of exposed members) as own
         * properties: getters for properties, functions for methods. */
        makeSessionObject(clientIndex, context) {
            const target = {};
            const caller = { clientIndex, context, session: target };
            const full = fullSessionMembers(this, caller);
            const own = { ...descriptorsOf(widgetSessionMembers(this, caller)), ...descriptorsOf(extensionSessionMembers(this, caller)) };
            const source = context === WebfuseReference.PUBLIC_CONTEXT
                ? { ...descriptorsOf(full), ...own, ...descriptorsOf(publicSessionMembers(this, caller)) }
                : { ...descriptorsOf(full), ...own, ...(this.hasEventObjectOn(context) ? {} : { on: descriptorsOf(full).on }) };
            const descriptors = source;
            const exposed = this.exposedMembers(context);
            const names = [...exposed, ...Object.keys(WebfuseReference.ALIASES).filter((alias) => exposed.includes(WebfuseReference.ALIASES[alias]))];
            for (const name of names) {
                const descriptor = descriptors[name];
                if (descriptor)
                    Object.defineProperty(target, name, { ...descriptor, enumerable: true, configurable: true });
            }
            return target;
        }
        // ------------------------------------------------------------ participants
        /** Let a participant join; returns their client index. Tells the widgets of the others
         * (`participant_joined`), unless the session has ended. */
        addParticipant(person = {}) {
            const index = this.nextIndex;
            this.nextIndex += 1;
            this.participants.set(index, this.newParticipant(index, person));
            if (!this.ended) {
                const joiner = { clientIndex: index, context: "widget", session: this.session(index, "widget") };
                this.emitOne(WebfuseReference.PARTICIPANT_JOINED, joiner, { clientIndex: index }, undefined);
                this.throwListenerErrors();
            }
            return index;
        }
        /** A participant leaves. Roles they held go back to the leader; the leader cannot leave. */
        removeParticipant(clientIndex) {
            if (clientIndex === 0)
                throw new Error("the leader (client index 0) cannot leave the session");
            if (!this.participants.has(clientIndex))
                throw new Error(`${show(clientIndex)} is not a participant`);
            this.participants.delete(clientIndex);
            for (const role of Object.keys(this.roles)) {
                if (this.roles[role] === clientIndex)
                    this.roles[role] = 0;
            }
            this.drawing.delete(clientIndex);
            this.screensharing.delete(clientIndex);
            this.videochat.delete(clientIndex);
            this.following = new Map([...this.following].filter(([who, whom]) => who !== clientIndex && whom !== clientIndex));
            this.requests = this.requests.filter((r) => r.client_index !== clientIndex);
            this.listeners.delete(clientIndex);
            for (const key of [...this.eventObjectListeners.keys()])
                if (key.startsWith(`${clientIndex}:`))
                    this.eventObjectListeners.delete(key);
        }
        // ------------------------------------------------------------ the call pipeline
        member(name) {
            const found = name === WebfuseReference.START.name ? WebfuseReference.START : (WebfuseReference.AUTOMATION[name] ?? WebfuseReference.MEMBERS[name]);
            if (!found)
                throw new Error(`no member '${name}'`);
            return found;
        }
        /** Call a method: arity, who answers, arguments, preconditions, effect, events. */
        call(caller, name, values) {
            const member = this.member(name);
            this.checkArity(member, values);
            if (!this.answers(caller))
                return undefined;
            const args = this.checkArguments(member, values);
            if (!this.checkPreconditions(member, caller, args))
                return undefined;
            const result = this.perform(member, caller, args);
            this.emit(member, caller, args, result);
            this.throwListenerErrors();
            return result;
        }
        /** Call a method whose result is a Promise: every error rejects it instead of throwing. */
        callAsync(caller, name, values) {
            try {
                return Promise.resolve(this.call(caller, name, values));
            }
            catch (error) {
                return Promise.reject(error);
            }
        }
        /** Read a property: undefined after the end, and while a precondition does not hold. */
        read(caller, name) {
            const member = this.member(name);
            if (!this.answers(caller))
                return undefined;
            if (!this.checkPreconditions(member, caller, {}))
                return undefined;
            return this.dispatch(`get${capitalise(member.name)}`, caller, []);
        }
        /** Whether the session still answers this caller (conventions.after_end; a participant who left). */
        answers(caller) {
            return !this.hasEnded() && this.isParticipant(caller.clientIndex);
        }
        hasEnded() {
            return this.ended;
        }
        // ------------------------------------------------------------ arguments
        /** What a signature rejects before the body runs (as the Python reference's signatures do, even
         * after the end): more arguments than parameters, or fewer than the required ones. */
        checkArity(member, values) {
            const required = member.params.filter((p) => p.required).length;
            if (values.length > member.params.length || values.length < required) {
                const range = required === member.params.length ? `${required}` : `${required} to ${member.params.length}`;
                throw new TypeError(`${member.name}() takes ${range} argument${member.params.length === 1 ? "" : "s"}, got ${values.length}`);
            }
        }
        /** Every argument checked (TypeError on the first bad one); returns them by name. */
        checkArguments(member, values) {
            const args = {};
            member.params.forEach((p, i) => {
                args[p.name] = this.checkArgument(member, p, values[i]);
            });
            return args;
        }
        checkArgument(member, p, value) {
            if (this.isOmitted(p, value))
                return p.hasDefault ? p.default : undefined;
            const what = `${member.name}(): argument '${p.name}'`;
            const checked = this.checkType(what, p.type, value);
            return this.checkConstraints(what, p.constraints, checked);
        }
        /** An optional argument left out: `undefined`, or `null` where the parameter has no default
         * (as JSON `null`, Python's None, is for the Python reference). */
        isOmitted(p, value) {
            if (p.required)
                return false;
            return value === undefined || (value === null && !p.hasDefault);
        }
        checkType(what, type, value) {
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
                case "DomSnapshotOptions": return checkOptions(what, value, WebfuseReference.DOM_SNAPSHOT_OPTIONS);
                case "LegacyDomSnapshotOptions": return checkOptions(what, value, WebfuseReference.LEGACY_DOM_SNAPSHOT_OPTIONS);
                default: throw new Error(`no check for type ${type}`);
            }
        }
        checkConstraints(what, constraints, value) {
            let checked = value;
            const format = constraints.format;
            if (format !== undefined) {
                if (format === "absolute-url")
                    checked = this.validateAbsoluteUrl(what, checked);
                else if (format === "url")
                    checked = this.validateUrl(what, checked);
                else if (format === "origin-or-wildcard")
                    checked = this.validateOriginOrWildcard(what, checked);
                else
                    throw new Error(`no check for format ${String(format)}`);
            }
            if (typeof constraints.minimum === "number")
                checked = this.validateMinimum(what, checked, constraints.minimum);
            if (constraints.json === "plain-object")
                checked = this.validatePlainObject(what, checked);
            return checked;
        }
        validateTarget(what, value, element) {
            return checkTarget(what, value, element);
        }
        validateString(what, value) {
            return checkString(what, value);
        }
        validateBoolean(what, value) {
            return checkBoolean(what, value);
        }
        validateInteger(what, value) {
            return checkInteger(what, value);
        }
        validateMinimum(what, value, minimum) {
            return checkMinimum(what, value, minimum);
        }
        validateFile(what, value) {
            return checkFile(what, value);
        }
        validateRecord(what, value) {
            if (typeof value !== "object" || value === null || Array.isArray(value))
                throw fail(what, "an object", value);
            return value;
        }
        /** A plain object whose reserved keys hold strings. */
        validateLogEntry(what, value) {
            return this.validateReservedKeys(what, this.validatePlainObject(what, value));
        }
        validateReservedKeys(what, value) {
            return checkReservedKeys(what, value);
        }
        validatePlainObject(what, value) {
            return checkPlainObject(what, value);
        }
        validateVideochatMode(what, value) {
            return checkVideochatMode(what, value);
        }
        validateEventName(what, value) {
            return checkString(what, value);
        }
        validateEventHandler(what, value) {
            return checkCallable(what, value);
        }
        validateAbsoluteUrl(what, value) {
            return checkAbsoluteUrl(what, value);
        }
        validateUrl(what, value) {
            return checkUrl(what, value);
        }
        validateOriginOrWildcard(what, value) {
            return checkOriginOrWildcard(what, value);
        }
        // ------------------------------------------------------------ preconditions
        /** All preconditions, checked before anything happens. False: the call is ignored (or the property
         * unavailable). A failing `otherwise: error` precondition throws an Error. */
        checkPreconditions(member, caller, args) {
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
        preconditionHolds(precondition, caller, args) {
            const { kind, target } = precondition;
            switch (kind) {
                case "option": return this.optionOn(target);
                case "role": return this.hasRole(caller.clientIndex, target);
                case "not_role": return !this.hasRole(caller.clientIndex, target);
                case "state": return this.stateHolds(target);
                case "not_state": return !this.stateHolds(target);
                case "participant": return this.isParticipant(args[target]);
                case "tab": return this.tabExists(args[target]);
                default: throw new Error(`unknown precondition kind '${kind}'`);
            }
        }
        optionOn(option) {
            const value = Object.prototype.hasOwnProperty.call(this.options, option) ? this.options[option] : this.optionDefault(option);
            return truthy(value);
        }
        hasRole(clientIndex, role) {
            if (role === "leader")
                return clientIndex === 0;
            return this.roles[role] === clientIndex;
        }
        stateHolds(state) {
            return this.states[state];
        }
        isParticipant(clientIndex) {
            return this.participants.has(clientIndex);
        }
        /** activateTab with an ssid no tab has is ignored (the spec is silent; this reference's reading). */
        tabExists(ssid) {
            return this.tabs.some((tab) => tab.ssid === ssid);
        }
        // ------------------------------------------------------------ effects
        perform(member, caller, args) {
            if (Object.prototype.hasOwnProperty.call(WebfuseReference.AUTOMATION, member.name))
                return this.doAutomation(caller, member.name, args);
            return this.dispatch(`do${capitalise(member.name)}`, caller, member.params.map((p) => args[p.name]));
        }
        dispatch(method, caller, values) {
            const rule = this[method];
            if (typeof rule !== "function")
                throw new Error(`no rule ${method}`);
            return rule.call(this, caller, ...values);
        }
        openTabAt(url) {
            for (const tab of this.tabs)
                tab.active = false;
            const tab = { ssid: this.nextSsid, url, active: true };
            this.nextSsid += 1;
            this.tabs.push(tab);
            return tab;
        }
        activeTab() {
            return this.tabs.find((tab) => tab.active) ?? this.openTabAt("about:blank");
        }
        doRelocate(caller, newUrl, newTab) {
            if (newTab)
                this.openTabAt(newUrl);
            else
                this.activeTab().url = newUrl;
        }
        doUploadFile(caller, file) {
            this.openTabAt(this.fileUrl(file));
        }
        fileUrl(file) {
            return `file:///${file.name || `upload-${this.nextSsid}`}`;
        }
        doGetSessionInfo(caller) {
            return this.sessionInfo();
        }
        /** The spec's SessionInfo example, with this session's id. */
        sessionInfo() {
            return { ...jsonClone(WebfuseReference.SESSION_INFO_EXAMPLE), sessionId: this.sessionId };
        }
        doEnd(caller, redirectUrl) {
            const popup = this.options.end_of_session_popup_url;
            this.ended = true;
            this.endInfo = {
                client_index: caller.clientIndex,
                context: caller.context,
                redirect_url: redirectUrl ?? null,
                popup_url: typeof popup === "string" && popup ? popup : null,
            };
        }
        doLog(caller, entry) {
            this.auditLog.push({ client_index: caller.clientIndex, context: caller.context, entry });
        }
        doTakeScreenshot(caller, keepStreamOpened) {
            this.captureStreamOpen = keepStreamOpened;
            return this.makeImageBitmap();
        }
        doOn(caller, eventName, callback) {
            let contexts = this.listeners.get(caller.clientIndex);
            if (!contexts)
                this.listeners.set(caller.clientIndex, (contexts = new Map()));
            let events = contexts.get(caller.context);
            if (!events)
                contexts.set(caller.context, (events = new Map()));
            const list = events.get(eventName);
            if (list)
                list.push(callback);
            else
                events.set(eventName, [callback]);
            return caller.session;
        }
        /** Keep an accepted call of the Automation API or of `start` in `recordedCalls`. */
        recordCall(caller, path, args) {
            const recorded = {};
            for (const [name, value] of Object.entries(args))
                recorded[name] = recordedValue(value);
            this.recordedCalls.push({ client_index: caller.clientIndex, context: caller.context, member: path, args: recorded });
        }
        /** An action or perception of the Automation API: recorded; a DOM snapshot resolves to the (empty) page's HTML,
         * a GUI snapshot to an image, an action to nothing once it "has completed". */
        doAutomation(caller, path, args) {
            this.recordCall(caller, path, args);
            if (path === "automation.take_dom_snapshot" || path === "automation.see.domSnapshot")
                return WebfuseReference.DOM_SNAPSHOT_HTML;
            if (path === "automation.take_gui_snapshot" || path === "automation.see.gui")
                return this.makeImageBitmap();
            return undefined;
        }
        /** `start(selector?)`: recorded; the reference's sessions have no window to open. */
        doStart(caller, selector) {
            this.recordCall(caller, "start", { selector });
        }
        /** `env`: the manifest values, read-only. */
        readEnv(caller) {
            return this.env;
        }
        /** `on.addListener(listener)` / `onMessage.addListener(listener)`: a function, kept until the session ends. */
        addEventObjectListener(caller, eventObject, listener) {
            if (!this.answers(caller))
                return;
            const checked = checkCallable(`${eventObject}.addListener(): argument 'listener'`, listener);
            const key = `${caller.clientIndex}:${caller.context}:${eventObject}`;
            const list = this.eventObjectListeners.get(key);
            if (list)
                list.push(checked);
            else
                this.eventObjectListeners.set(key, [checked]);
        }
        /** The event-object form of a delivery: `on.addListener` listeners get `(message, sender)`, `onMessage.addListener`
         * ones `(message)`, where the message is the payload (tagged with its `event_type`) or a broadcast's value. */
        deliverToEventObjects(clientIndex, context, event, payload) {
            const how = WebfuseReference.EVENT_OBJECT_MESSAGES[event];
            if (how === undefined)
                return;
            const message = how === "payload" ? payload : payload[how];
            for (const eventObject of ["on", "onMessage"]) {
                for (const listener of [...(this.eventObjectListeners.get(`${clientIndex}:${context}:${eventObject}`) ?? [])]) {
                    try {
                        if (eventObject === "on")
                            listener(copyPayload(message), {});
                        else
                            listener(copyPayload(message));
                    }
                    catch (error) {
                        this.listenerErrors.push(error);
                        this.pendingErrors.push(error);
                    }
                }
            }
        }
        doSendMessage(caller, message, targetOrigin) {
            // all it does is its event
        }
        doBroadcastMessage(caller, message) {
            // all it does is its event
        }
        doSendChatMessage(caller, message) {
            this.chat.push({ client_index: caller.clientIndex, message });
        }
        doOpenTab(caller, url) {
            this.openTabAt(url);
        }
        doGetTabs(caller) {
            return this.tabs.map((tab) => ({ ...tab }));
        }
        doActivateTab(caller, ssid) {
            for (const tab of this.tabs)
                tab.active = tab.ssid === ssid;
        }
        doPauseTabs(caller) {
            this.paused = true;
        }
        doResumeTabs(caller) {
            this.paused = false;
        }
        doOpenNewTabPage(caller) {
            this.openTabAt(WebfuseReference.NEW_TAB_PAGE_URL);
        }
        doGetParticipants(caller) {
            return sorted(this.participants.keys()).map((index) => this.participantEntry(index, this.participants.get(index), caller));
        }
        participantEntry(index, person, caller) {
            return { name: person.name, email: person.email, online: person.online, client_index: index, self: this.isSelf(index, caller) };
        }
        isSelf(index, caller) {
            return index === caller.clientIndex;
        }
        doToggleDrawing(caller) {
            this.drawing.set(caller.clientIndex, !(this.drawing.get(caller.clientIndex) ?? false));
        }
        doMakeHost(caller, clientIndex) {
            this.roles.host = clientIndex;
            this.settleRequests("host", clientIndex);
        }
        doRequestToHost(caller) {
            this.requests.push({ type: "host", client_index: caller.clientIndex });
        }
        doRequestTabControl(caller) {
            this.requests.push({ type: "tab_control", client_index: caller.clientIndex });
        }
        /** A request is no longer pending once the participant got what they asked for. */
        settleRequests(type, clientIndex) {
            this.requests = this.requests.filter((r) => !(r.type === type && r.client_index === clientIndex));
        }
        doRevokeTabControl(caller) {
            this.roles.in_control = this.roles.tab_owner;
        }
        doReturnTabControl(caller) {
            this.roles.in_control = this.roles.tab_owner;
        }
        doTransferTabControl(caller, clientIndex) {
            this.roles.in_control = clientIndex;
            this.settleRequests("tab_control", clientIndex);
        }
        doToggleHuddleMode(caller) {
            this.states.huddle_mode = !this.states.huddle_mode;
            if (!this.states.huddle_mode)
                this.following.clear();
        }
        doFollowParticipant(caller, clientIndex) {
            this.following.set(caller.clientIndex, clientIndex);
        }
        /** The caller's video call: layout, full screen and microphone are per participant. */
        videochatOf(clientIndex) {
            let call = this.videochat.get(clientIndex);
            if (!call)
                this.videochat.set(clientIndex, (call = { fullscreen: false, mode: "floating", microphone: true }));
            return call;
        }
        doToggleVideochatFullscreen(caller) {
            const call = this.videochatOf(caller.clientIndex);
            call.fullscreen = !call.fullscreen;
        }
        doToggleVideochatMode(caller, mode) {
            const call = this.videochatOf(caller.clientIndex);
            call.mode = mode ?? (call.mode === "floating" ? "sidebar" : "floating");
        }
        doToggleVideochatMicrophone(caller) {
            const call = this.videochatOf(caller.clientIndex);
            call.microphone = !call.microphone;
        }
        doStartScreensharing(caller) {
            this.screensharing.set(caller.clientIndex, true);
        }
        // ------------------------------------------------------------ properties and browser objects
        getStarted(caller) {
            return this.states.started;
        }
        getPin(caller) {
            if (this.pinCode === null)
                this.pinCode = this.makePin(); // started later than it was created
            return this.pinCode;
        }
        getNode(caller) {
            return this.hostObject("HTMLIFrameElement", caller, () => this.makeIframe(caller));
        }
        getWindow(caller) {
            return this.hostObject("Window", caller, () => this.makeWindow(caller));
        }
        /** One object per kind, participant and context, so that reading twice gives the same one. */
        hostObject(kind, caller, make) {
            const key = `${kind}:${caller.clientIndex}:${caller.context}`;
            if (!this.hostObjects.has(key))
                this.hostObjects.set(key, make());
            return this.hostObjects.get(key);
        }
        makeWindow(caller) {
            if (this.host.window)
                return this.host.window(caller.clientIndex, caller.context);
            return globalThis; // `window` in a page
        }
        makeIframe(caller) {
            if (this.host.iframe)
                return this.host.iframe(caller.clientIndex, caller.context);
            if (typeof document !== "undefined")
                return document.createElement("iframe");
            return { tagName: "IFRAME" }; // outside a browser: a stand-in
        }
        /** A real ImageBitmap, made synchronously (so the `screenshot` event is sent during the call). */
        makeImageBitmap() {
            if (this.host.imageBitmap)
                return this.host.imageBitmap();
            if (typeof OffscreenCanvas !== "undefined") {
                const canvas = new OffscreenCanvas(1280, 720);
                canvas.getContext("2d");
                return canvas.transferToImageBitmap();
            }
            return { width: 1280, height: 720, close() { } }; // outside a browser: a stand-in
        }
        // ------------------------------------------------------------ events
        emit(member, caller, args, result) {
            for (const e of member.emits) {
                if (this.emitApplies(e, caller))
                    this.emitOne(e, caller, args, result);
            }
        }
        /** `from_context`: the event is sent only for calls from those contexts. */
        emitApplies(e, caller) {
            return e.fromContext === null || e.fromContext.includes(caller.context);
        }
        emitOne(e, caller, args, result) {
            const payload = this.payload(e.event, caller, args, result);
            for (const [clientIndex, context] of this.receiversFor(e, caller)) {
                if (e.originParam !== null && !this.originMatches(args[e.originParam], this.originOf(context)))
                    continue;
                this.deliver(clientIndex, context, e.event, payload);
            }
        }
        /** [client index, context] of every receiver, in the order of `to`, each once. */
        receiversFor(e, caller) {
            const receivers = [];
            for (const to of e.to) {
                for (const index of this.participantsMatching(to.participants, caller)) {
                    if (!receivers.some(([i, c]) => i === index && c === to.context))
                        receivers.push([index, to.context]);
                }
            }
            return receivers;
        }
        /** `self`, `others` or `all`, relative to the caller. */
        participantsMatching(which, caller) {
            const everyone = sorted(this.participants.keys());
            if (which === "self")
                return [caller.clientIndex];
            if (which === "others")
                return everyone.filter((index) => index !== caller.clientIndex);
            if (which === "all")
                return everyone;
            throw new Error(`unknown receivers '${which}'`);
        }
        originOf(context) {
            return this.origins[context];
        }
        /** `*` matches any page; an origin matches a page of the same scheme, host and port. */
        originMatches(targetOrigin, origin) {
            if (targetOrigin === "*")
                return true;
            try {
                return normaliseOrigin(targetOrigin) === normaliseOrigin(origin);
            }
            catch (error) {
                if (error instanceof UrlError)
                    return false;
                throw error;
            }
        }
        payload(event, caller, args, result) {
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
        payloadSessionInfo(caller, args, result) {
            return jsonClone(result);
        }
        payloadScreenshot(caller, args, result) {
            return { image: result };
        }
        payloadMessage(caller, args, result) {
            return { data: args.message, origin: this.originOf(caller.context) };
        }
        payloadBroadcastMessage(caller, args, result) {
            return { message: args.message };
        }
        payloadChatMessage(caller, args, result) {
            return { event_type: "chat_message", message: args.message };
        }
        payloadSessionEnded(caller, args, result) {
            return {};
        }
        payloadParticipantJoined(caller, args, result) {
            return { clientIndex: args.clientIndex };
        }
        /** Call each listener of (participant, context, event) once, with (its session, a copy of the payload). */
        deliver(clientIndex, context, event, payload) {
            const session = this.session(clientIndex, context);
            const callbacks = this.listeners.get(clientIndex)?.get(context)?.get(event) ?? [];
            for (const callback of [...callbacks])
                this.invokeListener(callback, session, copyPayload(payload));
            this.deliverToEventObjects(clientIndex, context, event, payload);
        }
        /** `callback.call(session, session, payload)`; an error does not stop the other listeners. */
        invokeListener(callback, session, payload) {
            try {
                callback.call(session, session, payload);
            }
            catch (error) {
                this.listenerErrors.push(error);
                this.pendingErrors.push(error);
            }
        }
        throwListenerErrors() {
            const pending = this.pendingErrors;
            this.pendingErrors = [];
            if (pending.length && this.raiseListenerErrors)
                throw pending[0];
        }
        // ------------------------------------------------------------ observation
        /** Everything this session holds, as JSON (the same keys as the Python reference's `observe()`). */
        observe() {
            const participants = {};
            for (const index of sorted(this.participants.keys()))
                participants[String(index)] = { ...this.participants.get(index) };
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
        snapshot() {
            const data = this.observe();
            const roles = data.roles;
            const states = data.states;
            const ended = data.ended;
            delete data.roles;
            delete data.states;
            delete data.ended;
            return { participants: sorted(this.participants.keys()), roles, states, ended, data, state: this.specState(data) };
        }
        /** This session's state under the spec's names, from what `observe()` reports. */
        specState(observed) {
            const calls = observed.videochat;
            const each = (pick) => Object.fromEntries(Object.entries(calls).map(([who, call]) => [who, pick(call)]));
            return {
                tabs: observed.tabs,
                paused: observed.paused,
                drawing: observed.drawing,
                following: observed.following,
                videochat_fullscreen: each((call) => call.fullscreen),
                videochat_mode: each((call) => call.mode),
                microphone: each((call) => call.microphone),
                screensharing: observed.screensharing,
                audit_log: observed.audit_log.map((record) => record.entry),
            };
        }
    }
    WebfuseReference.World = World;
    /** An argument as JSON for `recordedCalls`: elements (of any kind) as `{"$host": "Element"}`, undefined as null. */
    function recordedValue(value) {
        if (value === undefined || value === null)
            return null;
        if (typeof Element !== "undefined" && value instanceof Element)
            return { $host: "Element" };
        if (Array.isArray(value))
            return value.map(recordedValue);
        if (typeof value === "object") {
            const out = {};
            for (const [key, item] of Object.entries(value))
                out[key] = recordedValue(item);
            return out;
        }
        return value;
    }
    function capitalise(name) {
        return name.charAt(0).toUpperCase() + name.slice(1);
    }
    function descriptorsOf(object) {
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
    function fullSessionMembers(world, caller) {
        const run = (name, args) => world.call(caller, name, args);
        const runAsync = (name, args) => world.callAsync(caller, name, args);
        const read = (name) => world.read(caller, name);
        const session = {
            get started() {
                return read("started"); // undefined after the end
            },
            get pin() {
                return read("pin");
            },
            get node() {
                return read("node");
            },
            get window() {
                return read("window"); // undefined after the end
            },
            relocate(newUrl, newTab) {
                run("relocate", arguments);
            },
            uploadFile(file) {
                run("uploadFile", arguments);
            },
            getSessionInfo() {
                return runAsync("getSessionInfo", arguments);
            },
            end(redirectUrl) {
                run("end", arguments);
            },
            log(entry) {
                run("log", arguments);
            },
            takeScreenshot(keepStreamOpened) {
                return runAsync("takeScreenshot", arguments);
            },
            on(eventName, callback) {
                return run("on", arguments); // undefined after the end
            },
            sendMessage(message, targetOrigin) {
                run("sendMessage", arguments);
            },
            broadcastMessage(message) {
                run("broadcastMessage", arguments);
            },
            sendChatMessage(message) {
                run("sendChatMessage", arguments);
            },
            openTab(url) {
                run("openTab", arguments);
            },
            getTabs() {
                return runAsync("getTabs", arguments);
            },
            activateTab(ssid) {
                run("activateTab", arguments);
            },
            pauseTabs() {
                run("pauseTabs", arguments);
            },
            resumeTabs() {
                run("resumeTabs", arguments);
            },
            openNewTabPage() {
                run("openNewTabPage", arguments);
            },
            getParticipants() {
                return runAsync("getParticipants", arguments);
            },
            toggleDrawing() {
                run("toggleDrawing", arguments);
            },
            makeHost(clientIndex) {
                run("makeHost", arguments);
            },
            requestToHost() {
                run("requestToHost", arguments);
            },
            requestTabControl() {
                run("requestTabControl", arguments);
            },
            revokeTabControl() {
                run("revokeTabControl", arguments);
            },
            returnTabControl() {
                run("returnTabControl", arguments);
            },
            transferTabControl(clientIndex) {
                run("transferTabControl", arguments);
            },
            toggleHuddleMode() {
                run("toggleHuddleMode", arguments);
            },
            followParticipant(clientIndex) {
                run("followParticipant", arguments);
            },
            follow_participant(clientIndex) {
                run("followParticipant", arguments);
            },
            toggleVideochatFullscreen() {
                run("toggleVideochatFullscreen", arguments);
            },
            toggleVideochatMode(mode) {
                run("toggleVideochatMode", arguments);
            },
            toggleVideochatMicrophone() {
                run("toggleVideochatMicrophone", arguments);
            },
            startScreensharing() {
                run("startScreensharing", arguments);
            },
        };
        return session;
    }
    /** The widget's own member, `start`, as an object literal typed by `WidgetSession`. */
    function widgetSessionMembers(world, caller) {
        return {
            start(selector) {
                return world.callAsync(caller, "start", arguments);
            },
        };
    }
    /** The extension's own members, as an object literal typed by `ExtensionSession`: `env`, `automation` (the older
     * snake_case methods and the newer `see`, `act` and `tool`, each called by dotted path), `onMessage`, and `on`, the
     * documented method that is also an event object (`on.addListener`). Each namespace is made once, so that reading
     * it twice gives the same object. */
    function extensionSessionMembers(world, caller) {
        const run = (path, args) => world.callAsync(caller, path, args);
        const automation = {
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
        const on = Object.assign(function on(eventName, callback) {
            return world.call(caller, "on", arguments); // undefined after the end
        }, {
            addListener(listener) {
                world.addEventObjectListener(caller, "on", listener);
            },
        });
        const onMessage = {
            addListener(listener) {
                world.addEventObjectListener(caller, "onMessage", listener);
            },
        };
        return {
            get env() {
                return world.readEnv(caller);
            },
            automation,
            onMessage,
            on,
        };
    }
    /** The four public members, as an object literal typed `PublicSession` (no other member fits). */
    function publicSessionMembers(world, caller) {
        const run = (name, args) => world.call(caller, name, args);
        const session = {
            end(redirectUrl) {
                run("end", arguments);
            },
            log(entry) {
                run("log", arguments);
            },
            on(eventName, callback) {
                return run("on", arguments); // undefined after the end
            },
            sendMessage(message, targetOrigin) {
                run("sendMessage", arguments);
            },
        };
        return session;
    }
    // ================================================================ the test double's API
    /** A new world (a co-browsing session): `createWorld(situation)` takes the conformance suite's
     * Situation JSON as it is, plus the extra fields of `WorldOptions`. */
    function createWorld(situation = {}) {
        return new World(situation);
    }
    WebfuseReference.createWorld = createWorld;
    let installed = null;
    /**
     * The globals of the page of participant `clientIndex`: `window.webfuse` (`isInsideSession`,
     * `listSessions()` with the widget session, `currentSession` with the public one, `on()` on every
     * session of the page) and `window.browser.webfuseSession` (the extension session). Returns the
     * `webfuse` object. `uninstall()` puts back what was there before.
     */
    function install(world, clientIndex = 0, options = {}) {
        const root = globalThis;
        // The widget's and the extension's session objects have their own members too (start; env, automation,
        // onMessage, on.addListener), which the common Session type the world hands out does not show.
        const widget = world.widget(clientIndex);
        const page = {
            initSpace(_widgetKey, spaceId) {
                // The world is one session of one space: its space hands out the page's widget session.
                return Promise.resolve({ id: spaceId, slug: spaceId, session: () => widget });
            },
            isInsideSession: options.isInsideSession ?? false,
            listSessions() {
                return [widget];
            },
            currentSession: world.public(clientIndex),
            on(eventName, callback) {
                for (const session of page.listSessions())
                    Reflect.apply(session.on, session, arguments);
            },
        };
        const namespace = { webfuseSession: world.extension(clientIndex) };
        uninstall();
        const existing = root.browser;
        installed = {
            webfuse: root.webfuse,
            hadWebfuse: Object.prototype.hasOwnProperty.call(root, "webfuse"),
            browser: existing,
            hadBrowser: Object.prototype.hasOwnProperty.call(root, "browser"),
            hadWebfuseSession: typeof existing === "object" && existing !== null && "webfuseSession" in existing,
            webfuseSession: typeof existing === "object" && existing !== null ? existing.webfuseSession : undefined,
        };
        root.webfuse = page;
        if (typeof existing === "object" && existing !== null)
            existing.webfuseSession = namespace.webfuseSession;
        else
            root.browser = namespace;
        return page;
    }
    WebfuseReference.install = install;
    /** Remove the globals `install()` defined, putting back what was there before. */
    function uninstall() {
        if (installed === null)
            return;
        const root = globalThis;
        const before = installed;
        installed = null;
        if (before.hadWebfuse)
            root.webfuse = before.webfuse;
        else
            delete root.webfuse;
        if (typeof before.browser === "object" && before.browser !== null) {
            if (before.hadWebfuseSession)
                before.browser.webfuseSession = before.webfuseSession;
            else
                delete before.browser.webfuseSession;
        }
        else if (before.hadBrowser) {
            root.browser = before.browser;
        }
        else {
            delete root.browser;
        }
    }
    WebfuseReference.uninstall = uninstall;
    const worlds = new Map();
    let nextWorldId = 1;
    function worldById(worldId) {
        const found = worlds.get(worldId);
        if (!found)
            throw new Error(`no open world ${show(worldId)}`);
        return found;
    }
    WebfuseReference.conformance = {
        name: "webfuse-reference (javascript)",
        World,
        open(situation) {
            const s = situation ?? {};
            const world = new WebfuseReference.conformance.World({
                participants: s.participants,
                options: s.options,
                roles: s.roles,
                states: s.states,
                origins: s.origins,
                raiseListenerErrors: false,
                env: { ...WebfuseReference.EXAMPLE_ENV },
            });
            const id = nextWorldId;
            nextWorldId += 1;
            worlds.set(id, world);
            return id;
        },
        addParticipant(worldId) {
            return worldById(worldId).addParticipant();
        },
        removeParticipant(worldId, clientIndex) {
            worldById(worldId).removeParticipant(clientIndex);
        },
        session(worldId, clientIndex, context) {
            return worldById(worldId).session(clientIndex, context);
        },
        snapshot(worldId) {
            return worldById(worldId).snapshot();
        },
        close(worldId) {
            worlds.delete(worldId);
        },
        world(worldId) {
            return worldById(worldId);
        },
    };
    const root = globalThis;
    root.WebfuseReference = WebfuseReference;
    root.webfuseConformance = WebfuseReference.conformance;
})(WebfuseReference || (WebfuseReference = {}));
