"""The JavaScript reference implementation (reference/js): its build, its types, and its behaviour in a
real headless Chromium, checked against the Python reference (the contract it must match)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, sync_playwright

from .conftest import REPO

for _path in ("reference/python", "generated/python", "generated/conformance"):
    if str(REPO / _path) not in sys.path:
        sys.path.insert(0, str(REPO / _path))

from webfuse_conformance import strategies  # noqa: E402
from webfuse_conformance.adapter import Situation  # noqa: E402
from webfuse_conformance.situations import base_situation  # noqa: E402
from webfuse_conformance.spec_data import DATA  # noqa: E402
from webfuse_reference import rules  # noqa: E402
from webfuse_reference.adapter import ReferenceImplementation  # noqa: E402
from webfuse_session import models  # noqa: E402

pytestmark = pytest.mark.slow

JS = REPO / "reference" / "js"
DIST = JS / "dist" / "webfuse-reference.js"
COMPILERS = {
    "tsc7": ["node", str(REPO / "node_modules" / "typescript" / "bin" / "tsc")],
    "tsc5.9": ["node", str(REPO / "node_modules" / "typescript5" / "bin" / "tsc")],
}
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PUBLIC = ["end", "log", "on", "sendMessage"]
OWN_MEMBERS = {"widget": ["start"], "extension": ["env", "automation", "onMessage"]}
"""The members only one full context has (rules.CONTEXT_MEMBERS, by JavaScript name), after the others, before the aliases."""


def node(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", *args], capture_output=True, text=True, cwd=REPO)


# -- the build ---------------------------------------------------------------------------------------


def test_committed_dist_equals_a_fresh_build(tmp_path: Path) -> None:
    fresh = tmp_path / "webfuse-reference.js"
    result = node(str(JS / "build.mjs"), str(fresh))
    assert result.returncode == 0, result.stdout + result.stderr
    assert fresh.read_bytes() == DIST.read_bytes(), "reference/js/dist is stale: run `make reference-js` and commit it"
    check = node(str(JS / "build.mjs"), "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_dist_is_a_classic_script() -> None:
    text = DIST.read_text()
    assert not re.search(r"^\s*(import|export)\b", text, re.MULTILINE), "a classic script has no import or export"
    assert "var WebfuseReference;" in text


@pytest.mark.parametrize("compiler", list(COMPILERS))
def test_tsc_accepts_the_source_against_the_declarations(compiler: str) -> None:
    result = subprocess.run([*COMPILERS[compiler], "-p", str(JS)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        pytest.param('      toggleDrawing(): void {\n        run("toggleDrawing", arguments);\n      },\n', "",
                     "Property 'toggleDrawing' is missing", id="missing-member"),
        pytest.param("getTabs(): Promise<Tab[]> {", "getTabs(): Promise<string[]> {", "Promise<Tab[]>", id="wrong-result"),
        pytest.param('return { event_type: "chat_message",', 'return { event_type: "chat",', '"chat_message"',
                     id="wrong-payload"),
        pytest.param("  const session: PublicSession = {\n", "  const session: PublicSession = {\n      pauseTabs(): void {},\n",
                     "'pauseTabs' does not exist in type 'PublicSession'", id="extra-public-member"),
    ],
)
def test_the_type_check_has_teeth(tmp_path: Path, old: str, new: str, error: str) -> None:
    """The source is really held against the declarations: breaking it one way fails tsc."""
    shutil.copytree(REPO / "generated" / "typescript", tmp_path / "generated" / "typescript")
    work = tmp_path / "reference" / "js"
    shutil.copytree(JS / "src", work / "src")
    shutil.copy(JS / "tsconfig.json", work)
    source = (work / "src" / "reference.ts").read_text()
    assert old in source
    (work / "src" / "reference.ts").write_text(source.replace(old, new, 1))
    result = subprocess.run([*COMPILERS["tsc7"], "-p", str(work)], capture_output=True, text=True)
    assert result.returncode != 0 and error in result.stdout, result.stdout + result.stderr


# -- the rules, next to the Python reference's -------------------------------------------------------


def js_rules() -> dict[str, Any]:
    script = (
        f"require({json.dumps(str(DIST))}); const R = globalThis.WebfuseReference;"
        "console.log(JSON.stringify({members: R.MEMBERS, aliases: R.ALIASES, options: R.OPTION_DEFAULTS,"
        " unknown: R.UNKNOWN_OPTION_DEFAULT, origins: R.DEFAULT_ORIGINS, start: R.DEFAULT_START_URL,"
        " newtab: R.NEW_TAB_PAGE_URL, info: R.SESSION_INFO_EXAMPLE, joined: R.PARTICIPANT_JOINED}))"
    )
    result = node("-e", script)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_rules_table_is_the_python_references() -> None:
    from webfuse_reference.session import PARTICIPANT_JOINED

    got = js_rules()

    def emit(e: Any) -> dict[str, Any]:
        return {
            "event": e.event,
            "to": [{"context": r.context, "participants": r.participants} for r in e.to],
            "fromContext": list(e.from_context) if e.from_context is not None else None,
            "originParam": e.origin_param,
        }

    expected = {
        name: {
            "name": name,
            "kind": m.kind,
            "public": m.public,
            "isAsync": m.is_async,
            "params": [
                {"name": p.js_name, "type": p.type, "required": p.required, "hasDefault": p.has_default,
                 "constraints": p.constraints, **({"default": p.default} if p.has_default else {})}
                for p in m.params
            ],
            "preconditions": [
                {"kind": c.kind, "target": c.target, "otherwise": c.otherwise, "spec": c.spec} for c in m.preconditions
            ],
            "emits": [emit(e) for e in m.emits],
        }
        for name, m in rules.MEMBERS.items()
    }
    assert list(got["members"]) == list(expected)
    for name in expected:
        assert got["members"][name] == expected[name], name
    assert got["joined"] == emit(PARTICIPANT_JOINED)
    assert got["aliases"] == {"follow_participant": "followParticipant"}
    assert got["options"] == rules.OPTION_DEFAULTS
    assert got["unknown"] == rules.UNKNOWN_OPTION_DEFAULT
    assert got["origins"] == rules.DEFAULT_ORIGINS
    assert (got["start"], got["newtab"]) == (rules.DEFAULT_START_URL, rules.NEW_TAB_PAGE_URL)
    assert got["info"] == rules.SESSION_INFO_EXAMPLE


def test_node_test_double_example_passes() -> None:
    """The README's example: the reference as a test double in node's test runner."""
    result = node("--test", str(JS / "examples" / "extension-popup.test.cjs"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 3" in result.stdout and "# fail 0" in result.stdout


# -- in Chromium --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def open_page(browser: Browser) -> Page:
    page = browser.new_page()
    page.set_content("<!doctype html><meta charset='utf-8'><title>webfuse reference</title><p>page</p>")
    page.add_script_tag(path=str(DIST))
    return page


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = open_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def driver(browser: Browser) -> Iterator[Page]:
    page = open_page(browser)
    page.evaluate(DRIVER)
    yield page
    page.close()


INSTALL = """(situation) => {
  window.world = WebfuseReference.createWorld(situation);
  WebfuseReference.install(window.world, 0);
}"""


def test_globals_are_installed_for_the_pages_participant(page: Page) -> None:
    page.evaluate(INSTALL, {"participants": 2})
    got = page.evaluate("""() => {
      const widget = webfuse.listSessions()[0];
      return {
        isInsideSession: webfuse.isInsideSession,
        sessions: webfuse.listSessions().length,
        widget: Object.keys(widget),
        widgetIsWorlds: widget === world.widget(0) && webfuse.listSessions()[0] === widget,
        current: Object.keys(webfuse.currentSession),
        currentIsWorlds: webfuse.currentSession === world.public(0),
        extension: Object.keys(browser.webfuseSession),
        extensionIsWorlds: browser.webfuseSession === world.extension(0),
        distinct: widget !== browser.webfuseSession,
        onType: typeof webfuse.on,
        conformance: Object.keys(webfuseConformance).sort(),
      };
    }""")
    assert got["isInsideSession"] is False
    assert got["sessions"] == 1 and got["widgetIsWorlds"] and got["currentIsWorlds"] and got["extensionIsWorlds"]
    for context in ("widget", "extension"):
        assert got[context] == [*rules.MEMBERS, *OWN_MEMBERS[context], "follow_participant"], context
    assert sorted(got["current"]) == PUBLIC, "webfuse.currentSession has exactly the four public members"
    assert got["distinct"] and got["onType"] == "function"
    assert {"open", "addParticipant", "removeParticipant", "session", "snapshot", "close"} <= set(got["conformance"])


def test_global_on_listens_on_the_pages_sessions_and_uninstall_restores(page: Page) -> None:
    page.evaluate(INSTALL, {"participants": 2})
    got = page.evaluate("""() => {
      const seen = [];
      const result = webfuse.on('participant_joined', function (session, event) {
        seen.push([this === session, session === webfuse.listSessions()[0], event]);
      });
      world.addParticipant();
      WebfuseReference.uninstall();
      return { result: result === undefined, seen, gone: typeof window.webfuse, browser: typeof window.browser };
    }""")
    assert got == {"result": True, "seen": [[True, True, {"clientIndex": 2}]], "gone": "undefined", "browser": "undefined"}


def test_properties_are_real_browser_objects(page: Page) -> None:
    got = page.evaluate("""() => {
      const framed = WebfuseReference.createWorld({ states: { in_iframe: true } }).widget(0);
      const plain = WebfuseReference.createWorld({ states: { started: false } }).widget(0);
      return {
        node: framed.node instanceof HTMLIFrameElement, same: framed.node === framed.node,
        noNode: plain.node === undefined, window: framed.window === window,
        pin: framed.pin, noPin: plain.pin === undefined, started: [framed.started, plain.started],
      };
    }""")
    assert got["node"] and got["same"] and got["noNode"] and got["window"] and got["noPin"]
    assert re.fullmatch(r"[0-9]{4}", got["pin"])
    assert got["started"] == [True, False]


def test_get_session_info_resolves_to_the_documented_shape_and_is_sent(page: Page) -> None:
    page.evaluate(INSTALL, {"participants": 2})
    got = page.evaluate("""async () => {
      const events = [];
      for (const i of [0, 1]) for (const [ctx, s] of [['widget', world.widget(i)], ['extension', world.extension(i)]]) {
        s.on('session_info', function (session, info) { events.push([i, ctx, this === s && session === s, info.sessionId]); });
      }
      const promise = webfuse.listSessions()[0].getSessionInfo();
      const info = await promise;
      return { isPromise: promise instanceof Promise, info, id: world.sessionId, events };
    }""")
    assert got["isPromise"]
    models.SessionInfo.model_validate(got["info"])
    assert got["info"] == {**rules.SESSION_INFO_EXAMPLE, "sessionId": got["id"]}
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", got["id"])
    assert got["events"] == [[0, "widget", True, got["id"]], [0, "extension", True, got["id"]], [1, "extension", True, got["id"]]]


@pytest.mark.parametrize(
    ("target", "delivered"),
    [("https://app.test:8443", True), ("HTTPS://APP.TEST:8443/", True), ("*", True),
     ("https://app.test", False), ("https://elsewhere.invalid", False)],
)
def test_widget_message_reaches_the_public_listener_only_when_origins_match(page: Page, target: str, delivered: bool) -> None:
    page.evaluate(INSTALL, {"participants": 2, "origins": {"public": "https://app.test:8443", "widget": "https://embedder.test"}})
    got = page.evaluate("""(target) => {
      const seen = [];
      const current = webfuse.currentSession;
      const chained = current.on('message', function (session, event) {
        seen.push({ thisIsSession: this === current, sessionArgument: session === current, event });
      });
      world.public(1).on('message', (session, event) => seen.push({ other: true }));
      world.widget(0).on('message', (session, event) => seen.push({ sender: true }));
      const result = webfuse.listSessions()[0].sendMessage({ message: 'end', n: [1, null] }, target);
      return { chained: chained === current, result: result === undefined, seen };
    }""", target)
    assert got["chained"] and got["result"]
    expected = [{"thisIsSession": True, "sessionArgument": True,
                 "event": {"data": {"message": "end", "n": [1, None]}, "origin": "https://embedder.test"}}]
    assert got["seen"] == (expected if delivered else [])


def test_public_message_reaches_the_widget(page: Page) -> None:
    page.evaluate(INSTALL, {"participants": 2})
    got = page.evaluate("""() => {
      const seen = [];
      webfuse.listSessions()[0].on('message', function (session, event) { seen.push([this === session, event]); });
      webfuse.currentSession.sendMessage({ type: 'form_submitted' }, 'https://embedder.example.com');
      webfuse.currentSession.sendMessage({ type: 'lost' }, 'https://app.example.com');
      return seen;
    }""")
    assert got == [[True, {"data": {"type": "form_submitted"}, "origin": "https://app.example.com"}]]


def test_bad_arguments_throw_type_error_and_change_nothing(page: Page) -> None:
    page.evaluate(INSTALL, {"participants": 2})
    got = page.evaluate("""async () => {
      const s = webfuse.listSessions()[0];
      const before = JSON.stringify(world.snapshot());
      const thrown = (f) => { try { f(); return null; } catch (e) { return e instanceof TypeError ? 'TypeError' : String(e); } };
      const rejected = async (p) => { try { await p; return null; } catch (e) { return e instanceof TypeError ? 'TypeError' : String(e); } };
      const sync = [
        thrown(() => s.relocate(42)),
        thrown(() => s.relocate('example.com/no-scheme')),
        thrown(() => s.relocate('https://ok.example', 'yes')),
        thrown(() => s.uploadFile('hello.txt')),
        thrown(() => s.uploadFile({ name: 'hello.txt' })),
        thrown(() => s.log({ var5: 42 })),
        thrown(() => s.log({ when: new Date() })),
        thrown(() => s.log({ f: () => {} })),
        thrown(() => s.sendMessage({ a: NaN }, '*')),
        thrown(() => s.sendMessage({ a: 1 }, 'https://example.com/some/path')),
        thrown(() => s.makeHost(-1)),
        thrown(() => s.makeHost(1.5)),
        thrown(() => s.toggleVideochatMode('fullscreen')),
        thrown(() => s.on('message', 'not a function')),
        thrown(() => s.end('not a url')),
        thrown(() => s.openTab()),
        thrown(() => s.pauseTabs(1)),
        thrown(() => webfuse.currentSession.log('text')),
        thrown(() => webfuse.on(42, () => {})),
      ];
      const asyncs = [
        await rejected(s.takeScreenshot('yes')),
        await rejected(s.getTabs(1)),
      ];
      return { sync, asyncs, unchanged: before === JSON.stringify(world.snapshot()) };
    }""")
    assert got["sync"] == ["TypeError"] * len(got["sync"])
    assert got["asyncs"] == ["TypeError", "TypeError"]
    assert got["unchanged"]


def test_files_screenshots_and_tabs(page: Page) -> None:
    page.evaluate(INSTALL, {"participants": 2})
    got = page.evaluate("""async () => {
      const s = webfuse.listSessions()[0];
      const shots = [];
      for (const [who, ctx, obj] of [[0, 'widget', s], [1, 'widget', world.widget(1)], [1, 'extension', world.extension(1)]]) {
        obj.on('screenshot', (session, event) => shots.push([who, ctx, event.image instanceof ImageBitmap]));
      }
      s.uploadFile(new File(['hello'], 'hello.txt'));
      const image = await s.takeScreenshot(false);
      const tabs = await s.getTabs();
      return { bitmap: image instanceof ImageBitmap, size: [image.width, image.height], shots, tabs,
               stream: world.captureStreamOpen };
    }""")
    assert got["bitmap"] and got["size"] == [1280, 720]
    assert got["shots"] == [[0, "widget", True], [1, "extension", True]]
    assert got["tabs"] == [
        {"ssid": 0, "url": "https://app.example.com/", "active": False},
        {"ssid": 1, "url": "file:///hello.txt", "active": True},
    ]
    assert got["stream"] is False


def test_participants_roles_and_leaving(page: Page) -> None:
    got = page.evaluate("""async () => {
      const world = WebfuseReference.createWorld({ participants: 3, roles: { tab_owner: 2, in_control: 2 } });
      const joined = [];
      for (const i of [0, 1, 2]) world.widget(i).on('participant_joined', (session, event) => joined.push([i, event.clientIndex]));
      const lists = await Promise.all([0, 1, 2].map((i) => world.extension(i).getParticipants()));
      world.widget(0).makeHost(2);
      const three = world.addParticipant({ name: 'Dee' });
      world.removeParticipant(2);
      const gone = world.widget(2);
      return { selves: lists.map((l) => l.filter((p) => p.self).map((p) => p.client_index)), three, joined,
               roles: world.snapshot().roles, participants: world.snapshot().participants,
               goneAnswers: [gone.started, gone.relocate(42), await gone.getTabs()] };
    }""")
    assert got["selves"] == [[0], [1], [2]]
    assert got["three"] == 3 and got["joined"] == [[0, 3], [1, 3], [2, 3]]
    assert got["roles"] == {"leader": 0, "host": 0, "tab_owner": 0, "in_control": 0}
    assert got["participants"] == [0, 1, 3]
    assert got["goneAnswers"] == [None, None, None]


def test_after_end_nothing_answers(page: Page) -> None:
    page.evaluate(INSTALL, {"participants": 2})
    got = page.evaluate("""async () => {
      const s = webfuse.listSessions()[0];
      const ended = [];
      for (const i of [0, 1]) world.widget(i).on('session_ended', function (session, event) { ended.push([i, this === session, event]); });
      const heard = [];
      world.extension(1).on('chat_message', () => heard.push('chat'));
      webfuse.currentSession.on('message', () => heard.push('message'));
      webfuse.currentSession.end('https://example.com/thanks');
      const before = JSON.stringify(world.snapshot());
      const results = [
        s.relocate('https://example.com/'), s.relocate(42), s.sendChatMessage('hi'),
        s.sendMessage({ a: 1 }, '*'), s.on('message', () => {}), webfuse.currentSession.end(),
        s.started, s.pin, s.window, await s.getSessionInfo(), await s.takeScreenshot(), await s.getParticipants(),
      ];
      return { ended, heard, results: results.map((r) => r === undefined), unchanged: before === JSON.stringify(world.snapshot()),
               end: world.endInfo, isEnded: world.ended };
    }""")
    assert got["ended"] == [[0, True, {}], [1, True, {}]]
    assert got["heard"] == []
    assert all(got["results"]), got["results"]
    assert got["unchanged"] and got["isEnded"]
    assert got["end"] == {"client_index": 0, "context": "public", "redirect_url": "https://example.com/thanks", "popup_url": None}


def test_a_throwing_listener_does_not_stop_the_others(page: Page) -> None:
    got = page.evaluate("""() => {
      const world = WebfuseReference.createWorld({ participants: 2 });
      const heard = [];
      world.extension(0).on('broadcast_message', () => { throw new RangeError('boom'); });
      world.extension(1).on('broadcast_message', (s, e) => heard.push(e.message));
      let thrown = null;
      try { world.widget(0).broadcastMessage('refresh'); } catch (e) { thrown = e.name; }
      return { heard, thrown, collected: world.listenerErrors.length };
    }""")
    assert got == {"heard": ["refresh"], "thrown": "RangeError", "collected": 1}


def test_each_listener_gets_its_own_copy_of_the_payload(page: Page) -> None:
    got = page.evaluate("""async () => {
      const world = WebfuseReference.createWorld({ participants: 2 });
      const seen = [];
      const sent = { nested: { n: 1 } };
      for (const i of [0, 1]) world.extension(i).on('session_info', (s, info) => { seen.push(info.space.name); info.space.name = 'changed'; });
      world.public(0).on('message', (s, e) => { seen.push(e.data.nested.n); e.data.nested.n = 2; });
      world.public(0).on('message', (s, e) => seen.push(e.data.nested.n));
      const info = await world.extension(0).getSessionInfo();
      world.widget(0).sendMessage(sent, '*');
      return { seen, info: info.space.name, sent: sent.nested.n, again: (await world.extension(1).getSessionInfo()).space.name };
    }""")
    assert got == {"seen": ["test", "test", 1, 1, "test", "test"], "info": "test", "sent": 1, "again": "test"}


# -- the harness contract, and sameness with the Python reference ----------------------------------------


def test_harness_contract(page: Page) -> None:
    situation = dataclasses.asdict(base_situation())
    got = page.evaluate("""(situation) => {
      const H = window.webfuseConformance;
      const id = H.open(situation);
      const other = H.open(situation);
      const widget = H.session(id, 0, 'widget');
      const pub = H.session(id, 1, 'public');
      const seen = [];
      pub.on('message', (s, e) => seen.push(e.data));
      widget.relocate('https://example.com/next');
      H.session(id, 1, 'widget').sendMessage({ hi: 1 }, '*');
      const joined = H.addParticipant(id);
      H.removeParticipant(id, 1);
      const snapshot = H.snapshot(id);
      const untouched = H.snapshot(other);
      H.close(id);
      let closed = null;
      try { H.snapshot(id); } catch (e) { closed = e.message; }
      return { id, other, same: H.session(other, 0, 'widget') === H.session(other, 0, 'widget'),
               publicKeys: Object.keys(H.session(other, 0, 'public')).sort(), joined, seen, snapshot, untouched,
               closed, json: JSON.stringify(snapshot) === JSON.stringify(JSON.parse(JSON.stringify(snapshot))) };
    }""", situation)
    assert isinstance(got["id"], int) and got["id"] != got["other"] and got["same"]
    assert got["publicKeys"] == PUBLIC
    assert got["joined"] == 3 and got["seen"] == [{"hi": 1}]
    assert got["closed"] and got["json"]
    snap = got["snapshot"]
    assert set(snap) == {"participants", "roles", "states", "ended", "data", "state"}
    assert snap["participants"] == [0, 2, 3] and snap["ended"] is False
    assert snap["data"]["tabs"][0]["url"] == "https://example.com/next"
    assert snap["state"]["tabs"] == snap["data"]["tabs"] and snap["state"]["paused"] is False
    assert got["untouched"]["data"]["tabs"][0]["url"] == "https://app.example.com/"

    # The same situation in the Python reference gives the same snapshot (but for the random id and pin).
    impl = ReferenceImplementation()
    handle = impl.open(Situation(**situation))
    python = dataclasses.asdict(impl.snapshot(handle))
    fresh = page.evaluate("(s) => webfuseConformance.snapshot(webfuseConformance.open(s))", situation)
    for snapshot in (python, fresh):
        assert re.fullmatch(r"[0-9]{4}", snapshot["data"].pop("pin"))
        snapshot["data"].pop("session_id")
    assert fresh == python


# The conformance adapter's work, done in the page: tokens in, JSON out, recording listeners. It runs a
# list of steps against `webfuseConformance` and returns one result per step.
DRIVER = """() => {
  window.runSteps = async (situation, steps) => {
    const H = window.webfuseConformance;
    const id = H.open(situation);
    const recorded = [];
    const fromEventObjects = [];  // what addListener listeners received, after the on() deliveries (as in run_python)
    const out = [];
    // A member by dotted path (automation.act.click): [the object holding it, its name there].
    const resolve = (session, path) => {
      const parts = path.split('.');
      let owner = session;
      for (const part of parts.slice(0, -1)) {
        if (owner === null || owner === undefined || !(part in Object(owner))) return [undefined, parts[parts.length - 1]];
        owner = owner[part];
      }
      return [owner, parts[parts.length - 1]];
    };
    const host = (kind) => {
      if (kind === 'File') return new File(['hello'], '');
      if (kind === 'Window') return window;
      if (kind === 'HTMLIFrameElement') return document.createElement('iframe');
      if (kind === 'Element') return document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      if (kind === 'HTMLElement') return document.createElement('button');
      return { kind };
    };
    const toJs = (v) => {
      if (Array.isArray(v)) return v.map(toJs);
      if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === '$host') return host(v.$host);
        if (keys.length === 1 && keys[0] === '$unserialisable') return () => {};
        return Object.fromEntries(keys.map((k) => [k, toJs(v[k])]));
      }
      return v;
    };
    const kind = (v) => v instanceof File ? 'File' : v instanceof ImageBitmap ? 'ImageBitmap'
      : v === window ? 'Window' : v instanceof HTMLIFrameElement ? 'HTMLIFrameElement' : null;
    const toJson = (v, self) => {
      if (v === undefined || v === null) return null;
      if (typeof v === 'function') return { $unserialisable: 'function' };
      if (typeof v !== 'object') return v;
      if (kind(v)) return { $host: kind(v) };
      if (v === self) return { $session: true };
      if (Array.isArray(v)) return v.map((x) => toJson(x, self));
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x, self)]));
    };
    const error = (e) => ({ error: e instanceof TypeError ? 'TypeError' : 'Error' });
    for (const step of steps) {
      const [what, who, context, name, args] = step;
      if (what === 'snapshot') { out.push({ value: H.snapshot(id) }); continue; }
      if (what === 'deliveries') { out.push({ value: [...recorded.splice(0), ...fromEventObjects.splice(0)] }); continue; }
      if (what === 'add') { out.push({ value: H.addParticipant(id) }); continue; }
      if (what === 'exposes') {
        const obj = H.session(id, who, context);
        out.push({ value: args.filter((m) => Object.prototype.hasOwnProperty.call(obj, m)) });
        continue;
      }
      if (what === 'remove') { H.removeParticipant(id, who); out.push({ value: null }); continue; }
      const session = H.session(id, who, context);
      if (what === 'add_listener') {
        const [eventObject] = resolve(session, name + '.addListener');
        if (!eventObject || typeof eventObject.addListener !== 'function') { out.push({ error: 'TypeError' }); continue; }
        try {
          eventObject.addListener((...received) => {
            fromEventObjects.push({ participant: who, context, event_object: name, arguments: received.map((x) => toJson(x, session)) });
          });
          out.push({ value: null });
        } catch (e) { out.push(error(e)); }
        continue;
      }
      const [obj, key] = name.includes('.') ? resolve(session, name) : [session, name];
      const has = obj !== undefined && (obj === session ? Object.prototype.hasOwnProperty.call(obj, key) : key in Object(obj));
      if (what === 'read') { out.push({ value: has ? toJson(obj[key], session) : null }); continue; }
      if (what === 'listen') {
        try {
          const r = obj.on(name, function (session, payload) {
            recorded.push({ participant: who, context, event: name, payload: toJson(payload, obj),
                            session_argument: session === obj, this_is_session: this === obj });
          });
          out.push({ value: toJson(r, obj) });
        } catch (e) { out.push(error(e)); }
        continue;
      }
      if (!has || typeof obj[key] !== 'function') { out.push({ error: 'TypeError' }); continue; }
      try {
        let r = obj[key](...args.map(toJs));
        if (r instanceof Promise) r = await r;
        out.push({ value: toJson(r, session) });
      } catch (e) { out.push(error(e)); }
    }
    H.close(id);
    return out;
  };
}"""


def run_python(situation: Situation, steps: list[list[Any]]) -> list[dict[str, Any]]:
    """The same steps through the Python reference's conformance adapter."""
    impl = ReferenceImplementation()
    handle = impl.open(situation)
    out: list[dict[str, Any]] = []
    from_event_objects: list[dict[str, Any]] = []  # what addListener listeners received, after the on() deliveries
    for what, who, context, name, args in steps:
        if what == "snapshot":
            out.append({"value": dataclasses.asdict(impl.snapshot(handle))})
        elif what == "deliveries":
            out.append({"value": [dataclasses.asdict(d) for d in impl.deliveries(handle)] + list(from_event_objects)})
            from_event_objects.clear()
        elif what == "add_listener":
            holder, attribute = impl.resolve(handle, who, context, f"{name}.addListener")
            if attribute is None or not callable(getattr(holder, attribute, None)):
                out.append({"error": "TypeError"})
                continue
            session = handle.vs.session(who, context)

            def record(*received: Any, who: int = who, context: str = context, name: str = name, session: Any = session) -> None:
                from_event_objects.append({"participant": who, "context": context, "event_object": name,
                                           "arguments": [impl.to_json(x, session) for x in received]})

            getattr(holder, attribute)(record)
            out.append({"value": None})
        elif what == "add":
            out.append({"value": impl.add_participant(handle)})
        elif what == "exposes":
            out.append({"value": [m for m in args if impl.exposes(handle, who, context, m)]})
        elif what == "remove":
            impl.remove_participant(handle, who)
            out.append({"value": None})
        else:
            if what == "read":
                outcome = impl.read(handle, who, context, name)
            elif what == "listen":
                outcome = impl.listen(handle, who, context, name)
            else:
                outcome = impl.call(handle, who, context, name, args)
            out.append({"error": outcome.error} if outcome.error else {"value": outcome.value})
    impl.close(handle)
    return out


def normalise(results: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Take out what may differ: the random session id and pin, and `this` (which Python lacks)."""
    session_id = results[0]["value"]["data"]["session_id"]

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            if "this_is_session" in value:
                assert value["this_is_session"] is (None if language == "python" else True), value
                value = {k: v for k, v in value.items() if k != "this_is_session"}
            if isinstance(value.get("data"), dict) and "pin" in value["data"]:
                pin = value["data"]["pin"]
                assert pin is None or re.fullmatch(r"[0-9]{4}", pin), pin
                value = {**value, "data": {**value["data"], "pin": pin is not None}}
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if value == session_id:
            return "<session id>"
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value):
            return "<pin>"
        return value

    return [clean(result) for result in results]


METHODS = [name for name, m in DATA["members"].items() if m["kind"] == "method"]
PROPERTIES = [name for name, m in DATA["members"].items() if m["kind"] == "property"]
BOOLEAN_OPTIONS = [name for name, o in DATA["options"].items() if o["type"] == {"kind": "primitive", "name": "boolean"}]
ORIGIN_TARGETS = ["https://app.example", "https://APP.example:443/", "https://widget.example", "https://app.example:8443", "*"]


EXPOSURE_PROBES = [*DATA["members"], "follow_participant", "toString", "constructor", "hasOwnProperty", "start", "session"]


def listen_everywhere_steps() -> list[list[Any]]:
    steps: list[list[Any]] = [["snapshot", 0, "", "", []]]
    steps += [["exposes", who, context, "", EXPOSURE_PROBES] for who in (0, 1) for context in ("widget", "extension", "public")]
    for event, info in DATA["events"].items():
        for who in range(3):
            for context in info["listeners"]:
                steps.append(["listen", who, context, event, []])
    return steps


def explicit(calls: list[list[Any]], **changes: dict[str, Any]) -> tuple[Situation, list[list[Any]]]:
    """A hand-written scenario: listeners everywhere, then ``calls`` ([who, context, member, args] or a
    whole step), each followed by its deliveries, then a snapshot."""
    situation = base_situation()
    for field_name, update in changes.items():
        getattr(situation, field_name).update(update)
    steps = listen_everywhere_steps()
    for call in calls:
        steps.append(call if isinstance(call[0], str) else ["call", *call])
        steps.append(["deliveries", 0, "", "", []])
    steps.append(["snapshot", 0, "", "", []])
    return situation, steps


FILE = {"$host": "File"}
ELEMENT = {"$host": "Element"}
HTML_ELEMENT = {"$host": "HTMLElement"}
FUNCTION = {"$unserialisable": "function"}
MESSAGES = explicit([
    [0, "widget", "sendMessage", [{"a": 1}, "https://app.example"]],
    [0, "widget", "sendMessage", [{"a": 2}, "HTTPS://App.Example:443/"]],
    [0, "widget", "sendMessage", [{"a": 3}, "https://widget.example"]],
    [0, "widget", "sendMessage", [{"a": 4}, "*"]],
    [1, "public", "sendMessage", [{"b": [1, None, "x"]}, "https://widget.example"]],
    [1, "public", "sendMessage", [{"b": 2}, "https://app.example"]],
    [2, "extension", "sendMessage", [{"c": 1}, "*"]],
    [0, "widget", "sendMessage", [{"d": FUNCTION}, "*"]],
    [0, "widget", "sendMessage", [{"d": 1}, "https://example.com/some/path"]],
    [0, "widget", "sendMessage", [{"d": 1}, "https://[::1]:8080"]],
    [0, "widget", "sendMessage", [{"d": 1}, "https://[1.2.3.4]"]],
    [0, "widget", "sendMessage", [{"d": 1}, "https://a.example:99999"]],
    [1, "widget", "broadcastMessage", ["refresh"]],
    [1, "public", "broadcastMessage", ["refresh"]],
    [2, "extension", "sendChatMessage", ["hello"]],
    [0, "extension", "getSessionInfo", []],
    [1, "widget", "takeScreenshot", [False]],
    [2, "extension", "takeScreenshot", []],
    ["add", 0, "", "", []],
    [1, "public", "end", ["https://example.com/bye"]],
    [0, "widget", "sendMessage", [{"a": 5}, "*"]],
    ["add", 0, "", "", []],
], origins={"public": "https://app.example"})
TABS_AND_HUDDLE = explicit([
    [0, "widget", "openTab", ["https://example.com/a"]],
    [0, "widget", "relocate", ["https://example.com/b", True]],
    [0, "widget", "relocate", ["https://example.com/c"]],
    [0, "widget", "relocate", ["about:blank"]],
    [0, "widget", "relocate", ["http:///no-host"]],
    [0, "widget", "relocate", ["example.com/no-scheme"]],
    [0, "widget", "activateTab", [0]],
    [0, "widget", "activateTab", [7]],
    [0, "widget", "activateTab", [-1]],
    [0, "extension", "uploadFile", [FILE]],
    [0, "extension", "uploadFile", ["file.txt"]],
    [1, "widget", "openNewTabPage", []],
    [1, "widget", "getTabs", []],
    [2, "widget", "pauseTabs", []],
    [1, "widget", "pauseTabs", []],
    [1, "widget", "resumeTabs", []],
    [1, "widget", "pauseTabs", []],
    [2, "widget", "followParticipant", [1]],
    [0, "widget", "toggleHuddleMode", []],
    [2, "widget", "followParticipant", [1]],
    [1, "extension", "follow_participant", [0]],
    [2, "widget", "followParticipant", [7]],
    ["snapshot", 0, "", "", []],
    ["remove", 1, "", "", []],
    [0, "widget", "toggleHuddleMode", []],
    [0, "widget", "toggleHuddleMode", []],
    [2, "widget", "followParticipant", [0]],
    [0, "widget", "toggleHuddleMode", []],
    [2, "extension", "toggleVideochatMode", []],
    [2, "extension", "toggleVideochatMode", ["floating"]],
    [2, "extension", "toggleVideochatMode", [None]],
    [2, "extension", "toggleVideochatMode", ["fullscreen"]],
    [0, "widget", "toggleVideochatFullscreen", []],
    [0, "widget", "toggleVideochatMicrophone", []],
    [0, "widget", "startScreensharing", []],
    [2, "widget", "startScreensharing", []],
    ["read", 0, "widget", "pin", []],
    ["read", 0, "widget", "node", []],
    ["read", 0, "extension", "window", []],
    ["read", 0, "public", "started", []],
], roles={"tab_owner": 1}, options={"screensharing_enabled": False})
ROLES_AND_LOG = explicit([
    [0, "public", "log", [{"event": "step", "var0": "basket-42", "n": [1, {"x": None}]}]],
    [0, "public", "log", [{"var5": 42}]],
    [0, "public", "log", [{"var9": {"x": "y"}}]],
    [0, "public", "log", [{"event": "x", "callback": FUNCTION}]],
    [0, "public", "log", ["text"]],
    [1, "widget", "sendChatMessage", ["hi"]],
    [1, "widget", "requestToHost", []],
    [0, "widget", "requestToHost", []],
    [2, "widget", "requestToHost", []],
    [0, "widget", "makeHost", [1]],
    [1, "widget", "requestToHost", []],
    [0, "widget", "makeHost", [7]],
    [0, "widget", "makeHost", [2.0]],
    [0, "widget", "makeHost", [1.5]],
    [0, "widget", "makeHost", [True]],
    [2, "widget", "requestTabControl", []],
    [0, "widget", "requestTabControl", []],
    [2, "widget", "transferTabControl", [2]],
    [0, "widget", "transferTabControl", [2]],
    [2, "widget", "toggleDrawing", []],
    [0, "widget", "toggleDrawing", []],
    [0, "widget", "returnTabControl", []],
    [2, "widget", "returnTabControl", []],
    [0, "widget", "transferTabControl", [1]],
    [0, "widget", "revokeTabControl", []],
    [1, "widget", "getParticipants", []],
    ["add", 0, "", "", []],
    [3, "extension", "requestTabControl", []],
    ["remove", 3, "", "", []],
    ["snapshot", 0, "", "", []],
    [0, "widget", "makeHost", [2]],
    ["remove", 2, "", "", []],
    [2, "widget", "getParticipants", []],
    [2, "widget", "makeHost", ["x"]],
    [0, "widget", "getParticipants", []],
    [0, "widget", "end", [None]],
    [0, "widget", "makeHost", [1]],
    [0, "widget", "makeHost", ["x"]],
    [0, "widget", "makeHost", []],
    [0, "widget", "getTabs", [1]],
    [1, "public", "on", ["message"]],
    ["read", 0, "widget", "started", []],
], options={"chat_enabled": False})


AUTOMATION_AND_EVENT_OBJECTS = explicit([
    ["add_listener", 0, "extension", "on", []],
    ["add_listener", 1, "extension", "onMessage", []],
    ["add_listener", 1, "widget", "on", []],
    ["add_listener", 0, "widget", "onMessage", []],
    [1, "widget", "sendChatMessage", ["hi"]],
    [2, "widget", "broadcastMessage", ["yo"]],
    [0, "widget", "makeHost", [1]],
    [0, "extension", "automation.act.click", ["#go"]],
    [0, "extension", "automation.act.click", [HTML_ELEMENT]],
    [0, "extension", "automation.act.click", [ELEMENT]],
    [0, "extension", "automation.act.type", [[10, 20], "text"]],
    [0, "extension", "automation.act.type", ["#field"]],
    [0, "extension", "automation.act.scroll", ["#list", 120.5]],
    [0, "extension", "automation.act.mouseMove", [True]],
    [1, "extension", "automation.left_click", []],
    [1, "extension", "automation.left_click", [ELEMENT, True]],
    [1, "extension", "automation.middle_click", [None, False]],
    [1, "extension", "automation.mouse_move", ["#a"]],
    [1, "extension", "automation.scroll", [[1, 2], "vertical", 10]],
    [1, "extension", "automation.scroll", ["#x", "down", 10]],
    [1, "extension", "automation.type", ["#field", "text", True, True]],
    [1, "extension", "automation.take_dom_snapshot", [{"rootSelector": "body", "modifier": "downsample"}]],
    [1, "extension", "automation.take_dom_snapshot", [{"modifier": {"params": {}}}]],
    [1, "extension", "automation.take_gui_snapshot", []],
    [1, "extension", "automation.wait", ["#ready", 5000]],
    [1, "extension", "automation.wait", [1500]],
    [1, "extension", "automation.navigate", ["https://example.com/"]],
    [2, "extension", "automation.see.domSnapshot", [{"root": "body", "webfuseIDs": True, "maxTokens": 9}]],
    [2, "extension", "automation.see.domSnapshot", [{"root": 1}]],
    [2, "extension", "automation.see.gui", []],
    [0, "widget", "automation.act.click", ["#go"]],
    [0, "widget", "start", []],
    [0, "widget", "start", ["#container"]],
    [0, "widget", "start", [42]],
    [0, "extension", "start", []],
    ["read", 0, "extension", "env", []],
    ["read", 0, "widget", "env", []],
    [0, "widget", "end", [None]],
    [0, "extension", "automation.act.click", ["#go"]],
    [2, "widget", "broadcastMessage", ["after the end"]],
])


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Situation, list[list[Any]]]:
    """A random situation, listeners everywhere, then a random mix of calls, reads, joins and leaves."""
    situation = base_situation()
    situation.options.update(draw(st.fixed_dictionaries({name: st.booleans() for name in BOOLEAN_OPTIONS})))
    situation.roles.update({role: draw(st.integers(0, 2)) for role in ("host", "tab_owner", "in_control")})
    situation.states.update({state: draw(st.booleans()) for state in ("started", "in_iframe", "huddle_mode")})
    steps = listen_everywhere_steps()
    people, joined = [0, 1, 2], 3
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["call"] * 8 + ["end", "read", "add", "remove", "snapshot", "deliveries", "listen"]))
        who = draw(st.sampled_from(people) if draw(st.integers(0, 9)) else st.integers(0, joined - 1))
        context = draw(st.sampled_from(["widget", "extension", "public"]))
        if kind in ("call", "end"):
            name = "end" if kind == "end" else draw(st.sampled_from(METHODS))
            if draw(st.integers(0, 5)):
                context = draw(st.sampled_from(DATA["members"][name]["contexts"]))
            fixed = {"targetOrigin": draw(st.sampled_from(ORIGIN_TARGETS))} if name == "sendMessage" and draw(st.booleans()) else {}
            if any(p["invalid"] for p in DATA["members"][name]["params"]) and not draw(st.integers(0, 3)):
                args = draw(strategies.invalid_arguments(name, fixed))[2]
            else:
                args = draw(strategies.arguments(name, fixed))
            odd = draw(st.integers(0, 19))
            if odd == 0:
                args = [*args, draw(st.sampled_from([None, 1, "extra"]))]  # one argument too many
            elif odd == 1 and args:
                args = args[:-1]  # one argument fewer
            elif odd == 2:
                params = DATA["members"][name]["params"]
                args = [None if not p["required"] else a for p, a in zip(params, args, strict=False)]  # JSON null
            steps.append(["call", who, context, name, args])
        elif kind == "read":
            steps.append(["read", who, context, draw(st.sampled_from(PROPERTIES)), []])
        elif kind == "listen":
            steps.append(["listen", who, context, draw(st.sampled_from([*DATA["events"], "custom_event"])), []])
        elif kind == "add":
            steps.append(["add", 0, "", "", []])
            people.append(joined)
            joined += 1
        elif kind == "remove":
            if len(people) > 1:
                leaving = draw(st.sampled_from(people[1:]))
                steps.append(["remove", leaving, "", "", []])
                people.remove(leaving)
        else:
            steps.append([kind, 0, "", "", []])
        steps.append(["deliveries", 0, "", "", []])
    steps.append(["snapshot", 0, "", "", []])
    return situation, steps


@settings(max_examples=200, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario=scenarios())
@example(scenario=MESSAGES)
@example(scenario=TABS_AND_HUDDLE)
@example(scenario=ROLES_AND_LOG)
@example(scenario=AUTOMATION_AND_EVENT_OBJECTS)
def test_behaves_as_the_python_reference(driver: Page, scenario: tuple[Situation, list[list[Any]]]) -> None:
    """Random sequences of every member, through each reference's harness: the same outcomes, the same
    events with the same payloads at the same receivers, and the same state after every step."""
    situation, steps = scenario
    python = normalise(run_python(situation, steps), "python")
    javascript = normalise(driver.evaluate("([s, steps]) => runSteps(s, steps)", [dataclasses.asdict(situation), steps]),
                           "javascript")
    for number, (step, py, js) in enumerate(zip(steps, python, javascript, strict=True)):
        # No shrinking (it takes minutes through a browser): the message shows the steps up to the difference.
        so_far = "\n    ".join(json.dumps(s) for s in steps[: number + 1])
        assert js == py, (f"step {number} {step} differs\n  python:     {py}\n  javascript: {js}\n"
                          f"situation {dataclasses.asdict(situation)}, steps:\n    {so_far}")
