"""Run the suite against a JavaScript implementation in real headless Chromium.

``--session-impl browser:impl.js[,more.js]`` loads the scripts into one page, in order. The
implementation provides the harness contract as ``window.webfuseConformance`` (``open(situation)``,
``addParticipant``, ``removeParticipant``, ``session(world, clientIndex, context)``, ``snapshot``,
``close``; see the README); this adapter's page driver does the rest: it calls members on the
session objects (a dotted member path such as ``automation.act.click`` is looked up step by step, and
a namespace's method is called with its namespace as ``this``), converts tokens to real browser objects and back (the spec's host types, made from
their ``javascript_sample`` and recognised from whatever frame or window they come, even another
origin's, without touching their contents), records what listeners receive
(including whether ``this`` was the session), and answers in as few round trips as it can.
Participants are separate clients in one page; their events cross through the implementation.

Every round trip has the call timeout (``set_call_timeout``, which the suite calls with
``--conformance-call-timeout``). A Promise that does not settle in time is reported by the page
itself. A page that does not answer at all (a script that never yields, such as an endless loop,
blocks the page's only thread) is closed and replaced by a fresh page with the same scripts. Either
way the adapter raises :class:`~webfuse_conformance.adapter.CallTimeout`. Playwright is driven through
its asyncio API on an event loop of the adapter's own, so that a round trip can be abandoned
(``asyncio.wait_for``); Playwright's ``evaluate`` has no timeout of its own.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from .adapter import DEFAULT_CALL_TIMEOUT, CallTimeout, Delivery, Outcome, Situation, Snapshot
from .spec_data import DATA

T = TypeVar("T")

CHROMIUM = os.environ.get("WEBFUSE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CALL_TIMEOUT_MS = int(DEFAULT_CALL_TIMEOUT * 1000)
"""The page's limit for a Promise to settle when the driver is called without one."""
PAGE_GRACE = 0.5
"""Seconds the page is given beyond the call timeout to report a Promise that did not settle, before
it is taken as blocked."""
CLOSE_TIMEOUT = 5.0
"""Seconds to wait for a blocked page to close before leaving it behind."""
HOST_SAMPLES: dict[str, str | None] = {name: t.get("javascript_sample") for name, t in DATA["types"].items() if t["kind"] == "host"}
"""The spec's host (browser) types, each with the JavaScript expression that makes one (``javascript_sample``):
the driver recognises exactly these in results and payloads, and makes them for arguments."""

DRIVER = r"""
(() => {
  const TIMEOUT = %(timeout)d;
  const OUTCOME = Symbol("outcome"), THROWN = Symbol("thrown"), REJECTED = Symbol("rejected");
  const received = new Map();
  // Host (browser) types, from the spec: name -> a JavaScript expression that makes one, or null.
  const SAMPLES = %(hosts)s;
  const HOSTS = new Set(Object.keys(SAMPLES));
  const globalEval = eval;  // indirect: a sample runs in the global scope, as in a replay pasted into the console
  async function sample(name) {
    return Object.hasOwn(SAMPLES, name) && SAMPLES[name] ? await globalEval(SAMPLES[name]) : undefined;
  }
  // The interfaces a value is an instance of, most derived first, in whatever realm (frame, window)
  // it was made: every Web IDL interface prototype carries its name as its own Symbol.toStringTag,
  // while instanceof only knows this page's constructors. Reads prototypes, never the value itself.
  function interfaces(value) {
    const names = [];
    try {
      for (let proto = Object.getPrototypeOf(value); proto !== null && names.length < 64; proto = Object.getPrototypeOf(proto)) {
        const tag = Object.getOwnPropertyDescriptor(proto, Symbol.toStringTag);
        if (tag && typeof tag.value === "string") names.push(tag.value);
      }
    } catch (error) { /* a proxy that refuses: no browser object */ }
    return names;
  }
  // An object of another origin (a WindowProxy or its Location): no prototype, and reading almost any
  // property throws a SecurityError.
  function crossOrigin(value) {
    try { Object.getOwnPropertyDescriptor(value, "webfuseConformanceProbe"); return false; }
    catch (error) { return (error && error.name) === "SecurityError"; }
  }
  function hostName(value) {
    let names = interfaces(value);
    if (names.length === 0 && crossOrigin(value)) {
      // A cross-origin window is still its own `self` (one of the few properties it lets us read),
      // and an instance of what this page's window is.
      let windowProxy = false;
      try { windowProxy = value.self === value; } catch (error) { /* a cross-origin Location */ }
      names = windowProxy ? interfaces(globalThis) : [];
    }
    return names.find((name) => HOSTS.has(name));
  }
  async function toValue(value) {
    if (Array.isArray(value)) return Promise.all(value.map(toValue));
    if (value && typeof value === "object") {
      if ("$host" in value) return sample(value.$host);
      if ("$unserialisable" in value) return () => {};
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = await toValue(v);
      return out;
    }
    return value;
  }
  function toJSON(value, session, depth = 0) {
    if (value === session && session !== undefined) return { $session: true };
    if (value === undefined || value === null) return null;
    if (typeof value !== "object" && typeof value !== "function") return value;
    const host = hostName(value);
    if (host !== undefined) return { $host: host };
    if (crossOrigin(value)) return { $unserialisable: "cross-origin object" };
    if (typeof value === "function") return { $unserialisable: "function" };
    if (depth > 20) return null;
    if (Array.isArray(value)) return value.map((v) => toJSON(v, session, depth + 1));
    if (typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJSON(v, session, depth + 1);
      return out;
    }
    return value;
  }
  function harness() {
    if (!window.webfuseConformance) throw new Error("the page has no window.webfuseConformance harness");
    return window.webfuseConformance;
  }
  const TIMED_OUT = Symbol("timed out");
  function within(value, what, timeout) {
    // A Promise that does not settle within the timeout (ms; 0: none) rejects with TIMED_OUT.
    if (!timeout || value === null || (typeof value !== "object" && typeof value !== "function") || typeof value.then !== "function") return value;
    let timer;
    const late = new Promise((_, reject) => { timer = setTimeout(() => reject({ [TIMED_OUT]: what }), timeout); });
    return Promise.race([Promise.resolve(value), late]).finally(() => clearTimeout(timer));
  }
  // A member by dotted path (automation.act.click, on.addListener): [the object holding it, its value, whether it is there].
  function lookup(session, member) {
    let owner = session, value = session;
    for (const part of String(member).split(".")) {
      if (value === null || (typeof value !== "object" && typeof value !== "function") || !(part in value)) return [owner, undefined, false];
      owner = value;
      value = value[part];
    }
    return [owner, value, true];
  }
  const ops = {
    open: (situation) => harness().open(situation),
    add: (world) => harness().addParticipant(world),
    remove: (world, who) => harness().removeParticipant(world, who),
    close: (world) => { received.delete(world); return harness().close(world); },
    snapshot: (world) => toJSON(harness().snapshot(world)),
    exposes: (world, who, context, member) => { const s = harness().session(world, who, context); return s != null && lookup(s, member)[2]; },
    async call(world, who, context, member, args) {
      // Says whether the call returned a Promise, and whether an error was thrown or the Promise rejected.
      const session = harness().session(world, who, context);
      const [owner, fn] = lookup(session, member);  // a namespace's method is called on its namespace
      if (typeof fn !== "function") throw Object.assign(new Error(member + " is not a function here"), { name: "TypeError" });
      const values = await toValue(args);
      let returned;
      try { returned = fn.apply(owner, values); }
      catch (error) { throw Object.assign(error instanceof Error ? error : new Error(String(error)), { [THROWN]: true }); }
      const promise = returned !== null && (typeof returned === "object" || typeof returned === "function") && typeof returned.then === "function";
      let result;
      try { result = promise ? await within(returned, member, this.timeout) : returned; }
      catch (error) {
        if (error && error[TIMED_OUT]) throw error;
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { [REJECTED]: true });
      }
      return { [OUTCOME]: true, value: toJSON(result, session), promise };
    },
    members(world, who, context) {
      // Every property name of the session object and of its prototypes but Object.prototype.
      const names = new Set();
      for (let o = harness().session(world, who, context); o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
        for (const name of Object.getOwnPropertyNames(o)) if (name !== "constructor") names.add(name);
      }
      return [...names].sort();
    },
    read(world, who, context, member) { const s = harness().session(world, who, context); return toJSON(lookup(s, member)[1], s); },
    listen(world, who, context, event, subscribe) {
      const session = harness().session(world, who, context);
      if (!received.has(world)) received.set(world, []);
      const result = session[subscribe](event, function (first, payload) {
        received.get(world).push({ participant: who, context, event, payload: toJSON(payload, session),
                                   session_argument: first === session, this_is_session: this === session });
      });
      return toJSON(result, session);
    },
    drain(world) { const log = received.get(world) || []; received.set(world, []); return log; },
  };
  window.__webfuseConformanceDriver = async (batch, timeout = TIMEOUT) => {
    // timeout: ms a Promise may take to settle (0: no limit); one that does not ends the batch.
    const out = [];
    ops.timeout = timeout;
    for (const [op, args] of batch) {
      try {
        const answer = await within(ops[op](...args), "the harness's " + op + "()", op === "call" ? 0 : timeout);
        out.push(answer && answer[OUTCOME] ? { value: answer.value, promise: answer.promise } : { value: answer });
      } catch (error) {
        if (error && error[TIMED_OUT]) { out.push({ timeout: error[TIMED_OUT] }); break; }
        const how = error && error[REJECTED] ? { promise: true, rejected: true } : error && error[THROWN] ? { rejected: false } : {};
        out.push({ error: (error && error.name) || "Error", message: String((error && error.message) || error), ...how });
      }
    }
    return out;
  };
})();
"""


def driver_script() -> str:
    """The page driver, with the spec's host types substituted as JSON."""
    return DRIVER % {"timeout": CALL_TIMEOUT_MS, "hosts": json.dumps(HOST_SAMPLES)}


class BrowserImplementation:
    """The conformance adapter for JavaScript implementations, through Playwright and Chromium."""

    def __init__(self, scripts: list[Path], subscribe: dict[str, str], owner: BrowserImplementation | None = None) -> None:
        missing = [str(s) for s in scripts if not s.is_file()]
        if missing:
            raise FileNotFoundError(f"implementation script not found: {', '.join(missing)}")
        self.name = "browser:" + ",".join(str(s) for s in scripts)
        self.round_trips = 0
        self.pages_replaced = 0
        """Pages closed because they stopped answering (see the module's docstring)."""
        self._scripts = [script.read_text("utf-8") for script in scripts]
        self._subscribe = subscribe
        self._owner = owner
        self._timeout: float = owner._timeout if owner is not None else DEFAULT_CALL_TIMEOUT
        if owner is None:
            from playwright.async_api import async_playwright

            self._loop = asyncio.new_event_loop()
            self._playwright = self._sync(async_playwright().start())
            self._browser = self._sync(self._playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS))
        else:  # one Playwright (and event loop) per thread: a sibling shares its owner's browser
            self._loop, self._playwright, self._browser = owner._loop, owner._playwright, owner._browser
        self._page = self._sync(self._new_page())

    def _sync(self, work: Coroutine[Any, Any, T], seconds: float = 0) -> T:
        """Run Playwright work on the adapter's event loop; with ``seconds``, at most that long (TimeoutError)."""
        return self._loop.run_until_complete(asyncio.wait_for(work, seconds) if seconds else work)

    async def _new_page(self) -> Any:
        page = await self._browser.new_page()
        await page.set_content("<!doctype html><meta charset='utf-8'><title>Session API conformance</title>")
        for script in self._scripts:
            await page.add_script_tag(content=script)
        await page.evaluate(driver_script())
        return page

    def set_call_timeout(self, seconds: float) -> None:
        """Seconds a round trip may take (0: no limit); this adapter enforces it itself (CallTimeout)."""
        self._timeout = seconds

    def _replace_page(self) -> None:
        """Close the page, which stopped answering, and load the scripts into a fresh one."""
        self.pages_replaced += 1
        try:
            self._sync(self._page.close(), CLOSE_TIMEOUT)
        except Exception:  # noqa: BLE001 (TimeoutError included: a page that cannot even close is left behind)
            pass
        self._page = self._sync(self._new_page())

    def _run(self, batch: list[tuple[str, list[Any]]]) -> list[Outcome]:
        self.round_trips += 1
        seconds = self._timeout
        evaluation = self._page.evaluate("([batch, timeout]) => window.__webfuseConformanceDriver(batch, timeout)",
                                         [batch, round(seconds * 1000)])
        try:
            results: list[dict[str, Any]] = self._sync(evaluation, seconds + PAGE_GRACE if seconds else 0)
        except TimeoutError:
            self._replace_page()
            raise CallTimeout(f"{_describe(batch)} did not return within {seconds:g} s: the page stopped answering (a script "
                              "that never yields, such as an endless loop, blocks it), so it was closed and a fresh page "
                              "with the same scripts replaces it; this check fails at once, without shrinking") from None
        for r in results:
            if "timeout" in r:
                raise CallTimeout(f"{r['timeout']} returned a Promise that did not settle within {seconds:g} s; this check "
                                  "fails at once, without shrinking")
        return [Outcome(value=r.get("value"), error=r.get("error"), message=r.get("message", ""), promise=r.get("promise"),
                        rejected=r.get("rejected")) for r in results]

    def _one(self, op: str, *args: Any) -> Outcome:
        return self._run([(op, list(args))])[0]

    def _value(self, op: str, *args: Any) -> Any:
        outcome = self._one(op, *args)
        if outcome.error:
            raise RuntimeError(f"the harness failed in {op}: {outcome.error}: {outcome.message}")
        return outcome.value

    def open(self, situation: Situation) -> Any:
        return self._value("open", {"participants": situation.participants, "options": situation.options,
                                    "roles": situation.roles, "states": situation.states, "origins": situation.origins})

    def add_participant(self, session: Any) -> int:
        return int(self._value("add", session))

    def remove_participant(self, session: Any, client_index: int) -> None:
        self._value("remove", session, client_index)

    def exposes(self, session: Any, client_index: int, context: str, member: str) -> bool:
        return bool(self._value("exposes", session, client_index, context, member))

    def call(self, session: Any, client_index: int, context: str, member: str, args: list[Any]) -> Outcome:
        return self._one("call", session, client_index, context, member, args)

    def read(self, session: Any, client_index: int, context: str, member: str) -> Outcome:
        return self._one("read", session, client_index, context, member)

    def members(self, session: Any, client_index: int, context: str) -> list[str]:
        return [str(name) for name in self._value("members", session, client_index, context)]

    def listen(self, session: Any, client_index: int, context: str, event: str) -> Outcome:
        return self._one("listen", session, client_index, context, event, self._subscribe[context])

    def listen_many(self, session: Any, listeners: list[tuple[int, str, str]]) -> list[Outcome]:
        """Register many recording listeners in one round trip."""
        return self._run([("listen", [session, who, ctx, event, self._subscribe[ctx]]) for who, ctx, event in listeners])

    def deliveries(self, session: Any) -> list[Delivery]:
        return [Delivery(**d) for d in self._value("drain", session)]

    def snapshot(self, session: Any) -> Snapshot:
        data = self._value("snapshot", session)
        return Snapshot(participants=data["participants"], roles=data["roles"], states=data["states"],
                        ended=data["ended"], data=data.get("data"), state=data.get("state") or {})

    def close(self, session: Any) -> None:
        self._value("close", session)

    def sibling(self, scripts: list[Path]) -> BrowserImplementation:
        """Other scripts in a page of their own in the same browser (until its owner shuts down)."""
        return BrowserImplementation(scripts, self._subscribe, owner=self)

    def shutdown(self) -> None:
        if self._owner is not None:
            self._sync(self._page.close(), CLOSE_TIMEOUT)
            return
        self._sync(self._browser.close())
        self._sync(self._playwright.stop())
        self._loop.close()


def _describe(batch: list[tuple[str, list[Any]]]) -> str:
    """What a round trip was doing, for a message: the member called, or the harness's operations."""
    names = {"call": 3, "read": 3}  # the position of the member's name among the operation's arguments
    what = [f"{'reading ' if op == 'read' else ''}{args[names[op]]}" if op in names else f"the harness's {op}()" for op, args in batch]
    return ", ".join(dict.fromkeys(what))


def factory(spec: str, subscribe: dict[str, str] | None = None) -> BrowserImplementation:
    """``spec`` is the part after ``browser:``: script paths separated by commas. ``subscribe`` maps a
    context to the member its scripts subscribe with (by default the spec's)."""
    if subscribe is None:
        from .checks import subscriber

        subscribe = {ctx: name for ctx in DATA["contexts"] if (name := subscriber(ctx)) is not None}
    return BrowserImplementation([Path(p) for p in spec.split(",") if p], subscribe)
