"""The Python reference implementation (reference/python/webfuse_reference), through its Python API and
through its conformance adapter."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

for _path in ("reference/python", "generated/python", "generated/conformance"):
    if str(REPO / _path) not in sys.path:
        sys.path.insert(0, str(REPO / _path))

from webfuse_conformance.adapter import Delivery, Outcome, Situation  # noqa: E402
from webfuse_reference import HostObject, ReferenceSession, VirtualSession  # noqa: E402
from webfuse_reference.adapter import ReferenceImplementation, SessionHandle, factory  # noqa: E402
from webfuse_reference.rules import MEMBERS, SESSION_INFO_EXAMPLE  # noqa: E402
from webfuse_reference.session import PARTICIPANT_JOINED  # noqa: E402
from webfuse_session import JS_TO_PYTHON, models  # noqa: E402
from webfuse_session.spec_runtime import EVENTS  # noqa: E402
from webfuse_session.spec_runtime import MEMBERS as PY_MEMBERS  # noqa: E402

CONTEXTS = ("widget", "extension", "public")
ORIGINS = {"widget": "https://embedder.test", "extension": "chrome-extension://ext", "public": "https://app.test:8443"}
PUBLIC = {"end", "log", "on", "sendMessage"}


@pytest.fixture
def impl() -> ReferenceImplementation:
    made = factory()
    assert isinstance(made, ReferenceImplementation)
    return made


def open_session(impl: ReferenceImplementation, participants: int = 3, **situation: Any) -> SessionHandle:
    situation.setdefault("origins", ORIGINS)
    return impl.open(Situation(participants=participants, **situation))


def listen_everywhere(impl: ReferenceImplementation, handle: SessionHandle, event: str) -> None:
    for index in handle.vs.participants:
        for context in CONTEXTS:
            assert impl.listen(handle, index, context, event) == Outcome(value={"$session": True})


def receivers(deliveries: list[Delivery]) -> list[tuple[int, str]]:
    return [(d.participant, d.context) for d in deliveries]


# -- the Python API ----------------------------------------------------------------------------


def test_pin_is_four_digits_once_started_and_absent_before() -> None:
    for seed in range(30):
        pin = VirtualSession(seed=seed).widget(0).pin
        assert isinstance(pin, str) and len(pin) == 4 and pin.isdigit()
    vs = VirtualSession(seed=1)
    assert vs.widget(1).pin == vs.extension(2).pin
    assert VirtualSession(states={"started": False}).widget(0).pin is None
    assert VirtualSession(pin="0042").extension(0).pin == "0042"


def test_properties() -> None:
    vs = VirtualSession(states={"in_iframe": True})
    w = vs.widget(0)
    assert w.started is True
    assert isinstance(w.node, HostObject) and w.node.kind == "HTMLIFrameElement"
    assert isinstance(w.window, HostObject) and w.window.kind == "Window" and w.window is w.window
    assert VirtualSession().widget(0).node is None
    assert VirtualSession(states={"started": False}).extension(0).started is False


def test_leader_is_index_zero_and_self_is_only_the_caller() -> None:
    vs = VirtualSession(participants=[{"name": "Ada", "email": "ada@example.com"}, {}, {"online": False}])
    for caller in (0, 1, 2):
        for context in ("widget", "extension"):
            people = vs.session(caller, context).get_participants().result()
            assert [p.client_index for p in people] == [0, 1, 2]
            assert [p.self_ for p in people] == [i == caller for i in range(3)]
    first = vs.widget(0).get_participants().result()[0]
    assert first.model_dump() == {"name": "Ada", "email": "ada@example.com", "online": True, "client_index": 0, "self": True}
    assert vs.roles == {"host": 0, "tab_owner": 0, "in_control": 0}


def test_promise_members_can_be_awaited() -> None:
    vs = VirtualSession()
    w = vs.widget(1)

    async def main() -> tuple[models.SessionInfo, list[models.Tab], object]:
        return await w.get_session_info(), await w.get_tabs(), await w.take_screenshot(False)

    info, tabs, image = asyncio.run(main())
    assert info.session_id == vs.session_id and info.space.name == "test"
    assert [t.model_dump() for t in tabs] == [{"ssid": 0, "url": "https://app.example.com/", "active": True}]
    assert isinstance(image, HostObject) and image.kind == "ImageBitmap"


def test_effects() -> None:
    vs = VirtualSession(participants=3)
    w, e = vs.widget(0), vs.extension(1)
    w.relocate("https://example.com/a")
    w.relocate("https://example.com/b", True)
    w.open_tab("https://example.com/c")
    w.upload_file(HostObject("File", name="report.pdf"))
    w.open_new_tab_page()
    assert [(t["ssid"], t["url"], t["active"]) for t in vs.tabs] == [
        (0, "https://example.com/a", False),
        (1, "https://example.com/b", False),
        (2, "https://example.com/c", False),
        (3, "file:///report.pdf", False),
        (4, "about:newtab", True),
    ]
    w.activate_tab(1)
    assert [t["active"] for t in vs.tabs] == [False, True, False, False, False]
    w.pause_tabs()
    assert vs.paused
    w.resume_tabs()
    assert not vs.paused
    e.request_to_host()
    e.request_tab_control()
    assert vs.requests == [{"type": "host", "client_index": 1}, {"type": "tab_control", "client_index": 1}]
    w.make_host(1)
    assert vs.roles["host"] == 1 and vs.requests == [{"type": "tab_control", "client_index": 1}]
    w.transfer_tab_control(1)
    assert vs.roles["in_control"] == 1 and vs.requests == []
    e.toggle_drawing()
    assert vs.drawing == {1: True}
    e.return_tab_control()
    assert vs.roles["in_control"] == 0
    w.transfer_tab_control(2)
    w.revoke_tab_control()
    assert vs.roles["in_control"] == 0
    w.toggle_huddle_mode()
    e.follow_participant(0)
    assert vs.states["huddle_mode"] and vs.following == {1: 0}
    w.toggle_huddle_mode()
    assert vs.following == {}
    e.toggle_videochat_mode()
    e.toggle_videochat_fullscreen()
    e.toggle_videochat_microphone()
    assert vs.videochat == {1: {"mode": "sidebar", "fullscreen": True, "microphone": False}}
    e.toggle_videochat_mode("sidebar")
    assert vs.videochat[1]["mode"] == "sidebar"
    e.start_screensharing()
    assert vs.screensharing == {1: True}
    e.send_chat_message("hi")
    vs.public(2).log(models.LogEntry.model_validate({"event": "x", "var0": "a"}))
    e.log({"event": "y", "n": [1, 2]})
    assert vs.chat == [{"client_index": 1, "message": "hi"}]
    assert [entry["entry"] for entry in vs.audit_log] == [{"event": "x", "var0": "a"}, {"event": "y", "n": [1, 2]}]
    assert json.loads(json.dumps(vs.observe())) == vs.observe()


def test_bad_arguments_raise_type_error_and_change_nothing() -> None:
    vs = VirtualSession()
    w = vs.widget(0)
    before = vs.observe()
    bad: list[tuple[str, tuple[Any, ...]]] = [
        ("relocate", ("example.com",)),
        ("relocate", ("https://example.com", 1)),
        ("open_tab", ("https://",)),
        ("upload_file", ("report.pdf",)),
        ("log", ({"var3": 3},)),
        ("log", ({"nested": (1, 2)},)),
        ("send_message", ({"a": 1}, "https://a.test/path")),
        ("activate_tab", (-1,)),
        ("make_host", (True,)),
        ("toggle_videochat_mode", ("diagonal",)),
        ("end", ("two words",)),
        ("on", ("message", "not a function")),
    ]
    for name, args in bad:
        with pytest.raises(TypeError):
            getattr(w, name)(*args)
    with pytest.raises(TypeError):
        w.take_screenshot("yes").result()
    assert vs.observe() == before


def test_chaining_returns_the_same_session_and_callbacks_get_it() -> None:
    vs = VirtualSession()
    w = vs.widget(0)
    seen: list[tuple[object, object]] = []
    assert w.on("session_info", lambda s, e: seen.append((s, e))).on("custom", lambda s, e: None) is w
    p = vs.public(0)
    assert p.on("message", lambda s, e: seen.append((s, e))) is p
    w.get_session_info()
    w.send_message({"k": "v"}, "*")
    assert [(s, type(e)) for s, e in seen] == [(w, models.SessionInfo), (p, models.MessageEvent)]


def test_public_session_object_has_exactly_the_four_public_members() -> None:
    p = VirtualSession().public(0)
    assert {name for name in dir(p) if not name.startswith("_")} == {"end", "log", "on", "send_message"}
    assert not hasattr(p, "relocate") and not hasattr(p, "started")
    vs = VirtualSession()
    for context in ("widget", "extension"):  # each full context has every member the spec gives it, and no other
        expected = {JS_TO_PYTHON[m.js_name] for m in PY_MEMBERS.values() if "." not in m.js_name and context in m.contexts}
        session = vs.session(0, context)
        assert expected <= set(dir(session)), (context, expected - set(dir(session)))
        others = {JS_TO_PYTHON[m.js_name] for m in PY_MEMBERS.values() if "." not in m.js_name} - expected
        assert not any(hasattr(session, name) for name in others), context


def test_listener_errors_reach_the_caller_after_everyone_got_the_event() -> None:
    vs = VirtualSession()
    got: list[int] = []

    def broken(session: object, event: object) -> None:
        raise RuntimeError("listener bug")

    vs.extension(0).on("chat_message", broken)
    vs.extension(1).on("chat_message", lambda s, e: got.append(1))
    with pytest.raises(RuntimeError, match="listener bug"):
        vs.widget(0).send_chat_message("hi")
    assert got == [1] and len(vs.chat) == 1


def test_participants_join_and_leave() -> None:
    vs = VirtualSession(participants=2, roles={"host": 1})
    joined: list[models.ParticipantJoinedEvent] = []
    vs.widget(0).on("participant_joined", lambda s, e: joined.append(e))
    assert vs.add_participant(name="Bo") == 2
    assert [e.client_index for e in joined] == [2]
    vs.remove_participant(1)
    assert vs.roles["host"] == 0
    before = vs.observe()
    vs.widget(0).make_host(1)  # no longer a participant: ignored
    assert vs.observe() == before
    assert vs.extension(1).get_tabs().result() is None  # who left is not answered
    vs.widget(1).relocate("https://example.com/")
    assert vs.observe() == before
    assert vs.add_participant() == 3  # indexes are not reused
    with pytest.raises(ValueError):
        vs.widget(4)
    with pytest.raises(ValueError):
        vs.remove_participant(0)


# -- through the adapter -----------------------------------------------------------------------


def test_adapter_snapshot(impl: ReferenceImplementation) -> None:
    h = open_session(impl, 3, roles={"host": 2, "tab_owner": 1}, states={"huddle_mode": True},
                     options={"chat_enabled": False})
    snap = impl.snapshot(h)
    assert snap.participants == [0, 1, 2]
    assert snap.roles == {"leader": 0, "host": 2, "tab_owner": 1, "in_control": 0}
    assert snap.states == {"started": True, "huddle_mode": True, "in_iframe": False}
    assert snap.ended is False
    assert snap.data["options"] == {
        "chat_enabled": False,
        "participants_can_request_to_interact": True,
        "end_of_session_popup_url": False,
        "host_switching_allowed": True,
        "screensharing_enabled": True,
    }
    assert json.loads(json.dumps(snap.data)) == snap.data
    assert impl.read(h, 0, "widget", "pin").value == snap.data["pin"]


def test_adapter_converts_tokens_and_results(impl: ReferenceImplementation) -> None:
    h = open_session(impl, states={"in_iframe": True})
    uploaded = impl.call(h, 0, "widget", "uploadFile", [{"$host": "File"}])
    assert uploaded == Outcome(value=None) and uploaded.promise is False
    assert h.vs.tabs[-1]["url"].startswith("file:///")
    shot = impl.call(h, 0, "widget", "takeScreenshot", [])
    assert shot == Outcome(value={"$host": "ImageBitmap"}) and shot.promise is True
    rejected = impl.call(h, 0, "widget", "takeScreenshot", ["yes"])
    assert (rejected.error, rejected.promise, rejected.rejected) == ("TypeError", True, True)  # a Promise member rejects
    thrown = impl.call(h, 0, "widget", "openTab", [42])
    assert (thrown.error, thrown.promise, thrown.rejected) == ("TypeError", None, False)  # the others throw
    assert impl.read(h, 0, "widget", "node") == Outcome(value={"$host": "HTMLIFrameElement"})
    assert impl.read(h, 0, "extension", "window") == Outcome(value={"$host": "Window"})
    info = impl.call(h, 1, "extension", "getSessionInfo", []).value
    assert info["sessionId"] == h.vs.session_id and info["space"]["adminIds"] == [9, 1]
    models.SessionInfo.model_validate(info)
    tabs = impl.call(h, 1, "widget", "getTabs", []).value
    assert tabs[-1] == {"ssid": 1, "url": tabs[-1]["url"], "active": True}
    people = impl.call(h, 2, "widget", "getParticipants", []).value
    assert [p["self"] for p in people] == [False, False, True]
    bad = impl.call(h, 0, "widget", "log", [{"f": {"$unserialisable": "function"}}])
    assert bad.error == "TypeError"
    impl.call(h, 0, "widget", "toggleHuddleMode", [])
    assert impl.call(h, 0, "widget", "follow_participant", [2]) == Outcome(value=None)  # the deprecated alias
    assert h.vs.following == {0: 2}
    assert impl.call(h, 0, "widget", "started", []).error == "TypeError"  # a property is not a function
    assert impl.read(h, 0, "widget", "relocate").value == {"$unserialisable": "function"}


def test_adapter_public_context_exposes_exactly_the_public_members(impl: ReferenceImplementation) -> None:
    h = open_session(impl)
    contexts = {js: spec.contexts for spec in PY_MEMBERS.values() for js in [spec.js_name] if "." not in js}
    for member in JS_TO_PYTHON:
        for context in ("widget", "extension"):
            assert impl.exposes(h, 1, context, member) == (context in contexts.get(member, ("widget", "extension"))), (context, member)
        assert impl.exposes(h, 1, "public", member) == (JS_TO_PYTHON[member] in {"end", "log", "on", "send_message"})
    for name in ("isInsideSession", "__class__", "_vs", "listSessions", "start"):
        assert not impl.exposes(h, 0, "public", name)
    outcome = impl.call(h, 0, "public", "relocate", ["https://example.com/"])
    assert outcome.error == "TypeError" and h.vs.tabs[0]["url"] == "https://app.example.com/"
    assert impl.read(h, 0, "public", "pin") == Outcome(value=None)


def test_adapter_chaining(impl: ReferenceImplementation) -> None:
    h = open_session(impl)
    for context in CONTEXTS:
        assert impl.call(h, 1, context, "on", ["anything", {"$unserialisable": "function"}]) == Outcome(
            value={"$session": True}
        )
    assert impl.call(h, 1, "widget", "on", ["message", "not a function"]).error == "TypeError"


GATES: list[tuple[str, dict[str, Any], int, str, list[Any]]] = [
    # (why, situation, caller, member, args): each call must be ignored
    ("pause: not the tab owner", {}, 1, "pauseTabs", []),
    ("resume: not the tab owner", {}, 2, "resumeTabs", []),
    ("drawing: not in control", {}, 1, "toggleDrawing", []),
    ("make host: not a participant", {}, 0, "makeHost", [7]),
    ("request host: is host", {"roles": {"host": 1}}, 1, "requestToHost", []),
    ("request host: is leader", {"roles": {"host": 1}}, 0, "requestToHost", []),
    ("request host: option off", {"options": {"host_switching_allowed": False}}, 1, "requestToHost", []),
    ("request control: in control", {"roles": {"in_control": 1}}, 1, "requestTabControl", []),
    ("request control: option off", {"options": {"participants_can_request_to_interact": False}}, 1,
     "requestTabControl", []),
    ("revoke: not tab owner", {"roles": {"in_control": 2}}, 1, "revokeTabControl", []),
    ("revoke: option off", {"roles": {"in_control": 2}, "options": {"participants_can_request_to_interact": False}},
     0, "revokeTabControl", []),
    ("return: not in control", {"roles": {"in_control": 2}}, 1, "returnTabControl", []),
    ("return: option off", {"roles": {"in_control": 2}, "options": {"participants_can_request_to_interact": False}},
     2, "returnTabControl", []),
    ("transfer: not tab owner", {}, 1, "transferTabControl", [2]),
    ("transfer: not a participant", {}, 0, "transferTabControl", [3]),
    ("follow: no huddle mode", {}, 1, "followParticipant", [0]),
    ("follow: not a participant", {"states": {"huddle_mode": True}}, 1, "followParticipant", [9]),
    ("chat: disabled", {"options": {"chat_enabled": False}}, 0, "sendChatMessage", ["hi"]),
    ("screensharing: disabled", {"options": {"screensharing_enabled": False}}, 0, "startScreensharing", []),
    ("activate: no such tab", {}, 0, "activateTab", [5]),
]


@pytest.mark.parametrize(("why", "situation", "caller", "member", "args"), GATES, ids=[g[0] for g in GATES])
def test_gated_calls_are_ignored(
    impl: ReferenceImplementation, why: str, situation: dict[str, Any], caller: int, member: str, args: list[Any]
) -> None:
    h = open_session(impl, **situation)
    listen_everywhere(impl, h, "chat_message")
    before = impl.snapshot(h)
    for context in ("widget", "extension"):
        assert impl.call(h, caller, context, member, args) == Outcome(value=None)
    assert impl.snapshot(h) == before
    assert impl.deliveries(h) == []


ALLOWED: list[tuple[str, dict[str, Any], int, str, list[Any]]] = [
    ("pause: tab owner", {"roles": {"tab_owner": 1}}, 1, "pauseTabs", []),
    ("drawing: in control", {"roles": {"in_control": 2}}, 2, "toggleDrawing", []),
    ("make host", {}, 2, "makeHost", [1]),
    ("request host", {}, 1, "requestToHost", []),
    ("request control", {}, 1, "requestTabControl", []),
    ("revoke", {"roles": {"in_control": 2}}, 0, "revokeTabControl", []),
    ("return", {"roles": {"in_control": 2}}, 2, "returnTabControl", []),
    ("transfer", {}, 0, "transferTabControl", [2]),
    ("follow", {"states": {"huddle_mode": True}}, 1, "followParticipant", [2]),
    ("chat", {}, 0, "sendChatMessage", ["hi"]),
    ("screensharing", {}, 0, "startScreensharing", []),
    ("activate", {}, 0, "activateTab", [0]),  # already active: nothing to change, but not ignored
]


@pytest.mark.parametrize(("why", "situation", "caller", "member", "args"), ALLOWED, ids=[g[0] for g in ALLOWED])
def test_allowed_calls_take_effect(
    impl: ReferenceImplementation, why: str, situation: dict[str, Any], caller: int, member: str, args: list[Any]
) -> None:
    h = open_session(impl, **situation)
    before = impl.snapshot(h)
    assert impl.call(h, caller, "extension", member, args) == Outcome(value=None)
    assert (impl.snapshot(h) != before) == (member != "activateTab")


BAD_ARGUMENTS: list[tuple[str, list[Any]]] = [
    ("relocate", ["example.com"]),
    ("relocate", ["https://"]),
    ("relocate", [42]),
    ("relocate", ["https://example.com/", 1]),
    ("relocate", ["https://example.com/", None]),
    ("relocate", []),
    ("openTab", ["/relative/path"]),
    ("uploadFile", ["report.pdf"]),
    ("uploadFile", [{"$host": "ImageBitmap"}]),
    ("log", ["text"]),
    ("log", [[1, 2]]),
    ("log", [{"var0": 1}]),
    ("log", [{"var9": None}]),
    ("log", [{"f": {"$unserialisable": "function"}}]),
    ("log", [{"h": {"$host": "File"}}]),
    ("sendMessage", [{"a": 1}, "example.com"]),
    ("sendMessage", [{"a": 1}, "https://a.test/path"]),
    ("sendMessage", ["text", "*"]),
    ("sendMessage", [{"a": {"$unserialisable": "function"}}, "*"]),
    ("broadcastMessage", [1]),
    ("sendChatMessage", [None]),
    ("activateTab", [-1]),
    ("activateTab", [1.5]),
    ("activateTab", [True]),
    ("activateTab", ["0"]),
    ("makeHost", ["1"]),
    ("transferTabControl", [-1]),
    ("followParticipant", [None]),
    ("toggleVideochatMode", ["diagonal"]),
    ("toggleVideochatMode", [1]),
    ("takeScreenshot", ["yes"]),
    ("takeScreenshot", [0]),
    ("end", ["not a url"]),
    ("end", [42]),
    ("on", [1, {"$unserialisable": "function"}]),
    ("on", ["message", "not a function"]),
]


@pytest.mark.parametrize(("member", "args"), BAD_ARGUMENTS, ids=[f"{m}{a}" for m, a in BAD_ARGUMENTS])
def test_bad_arguments_are_type_errors_that_change_nothing(
    impl: ReferenceImplementation, member: str, args: list[Any]
) -> None:
    h = open_session(impl, states={"huddle_mode": True})
    listen_everywhere(impl, h, "session_ended")
    before = impl.snapshot(h)
    outcome = impl.call(h, 0, "widget", member, args)
    assert outcome.error == "TypeError", outcome
    assert impl.snapshot(h) == before
    assert impl.deliveries(h) == []


def test_integral_numbers_are_integers_as_in_javascript(impl: ReferenceImplementation) -> None:
    h = open_session(impl)
    assert impl.call(h, 0, "widget", "makeHost", [2.0]) == Outcome(value=None)
    assert h.vs.roles["host"] == 2


# -- events ------------------------------------------------------------------------------------


@pytest.mark.parametrize("context", ["widget", "extension"])
def test_session_info_goes_to_the_callers_widget_and_every_extension(
    impl: ReferenceImplementation, context: str
) -> None:
    h = open_session(impl)
    listen_everywhere(impl, h, "session_info")
    info = impl.call(h, 1, context, "getSessionInfo", []).value
    got = impl.deliveries(h)
    assert receivers(got) == [(1, "widget"), (0, "extension"), (1, "extension"), (2, "extension")]
    assert all(d.payload == info and d.session_argument and d.this_is_session is None for d in got)


def test_screenshot_event(impl: ReferenceImplementation) -> None:
    h = open_session(impl)
    listen_everywhere(impl, h, "screenshot")
    impl.call(h, 2, "widget", "takeScreenshot", [True])
    got = impl.deliveries(h)
    assert receivers(got) == [(2, "widget"), (0, "extension"), (1, "extension"), (2, "extension")]
    assert {json.dumps(d.payload) for d in got} == {json.dumps({"image": {"$host": "ImageBitmap"}})}


@pytest.mark.parametrize(
    ("sender", "receiver", "target", "delivered"),
    [
        ("widget", "public", "*", True),
        ("widget", "public", "https://app.test:8443", True),
        ("widget", "public", "https://APP.test:8443/", True),
        ("widget", "public", "https://app.test", False),
        ("widget", "public", "https://embedder.test", False),
        ("public", "widget", "*", True),
        ("public", "widget", "https://embedder.test", True),
        ("public", "widget", "https://embedder.test:443", True),
        ("public", "widget", "http://embedder.test", False),
        ("extension", None, "*", False),
    ],
)
def test_send_message_reaches_the_other_side_of_the_caller_when_the_origin_matches(
    impl: ReferenceImplementation, sender: str, receiver: str | None, target: str, delivered: bool
) -> None:
    h = open_session(impl)
    listen_everywhere(impl, h, "message")
    assert impl.call(h, 1, sender, "sendMessage", [{"message": "end", "n": [1]}, target]) == Outcome(value=None)
    got = impl.deliveries(h)
    if not delivered:
        assert got == []
        return
    assert receivers(got) == [(1, receiver)]
    assert got[0].payload == {"data": {"message": "end", "n": [1]}, "origin": ORIGINS[sender]}
    assert got[0].session_argument


def test_broadcast_and_chat_go_to_every_extension(impl: ReferenceImplementation) -> None:
    h = open_session(impl)
    listen_everywhere(impl, h, "broadcast_message")
    listen_everywhere(impl, h, "chat_message")
    impl.call(h, 2, "widget", "broadcastMessage", ["refresh"])
    got = impl.deliveries(h)
    assert receivers(got) == [(0, "extension"), (1, "extension"), (2, "extension")]
    assert all(d.event == "broadcast_message" and d.payload == {"message": "refresh"} for d in got)
    impl.call(h, 1, "extension", "sendChatMessage", ["hello"])
    got = impl.deliveries(h)
    assert receivers(got) == [(0, "extension"), (1, "extension"), (2, "extension")]
    assert all(d.payload == {"event_type": "chat_message", "message": "hello"} for d in got)


@pytest.mark.parametrize("context", CONTEXTS)
def test_end_tells_every_widget_and_then_nothing_answers(impl: ReferenceImplementation, context: str) -> None:
    h = open_session(impl, states={"huddle_mode": True})
    for event in ("session_ended", "session_info", "chat_message", "message", "broadcast_message", "screenshot"):
        listen_everywhere(impl, h, event)
    assert impl.call(h, 2, context, "end", ["https://example.com/thanks"]) == Outcome(value=None)
    got = impl.deliveries(h)
    assert receivers(got) == [(0, "widget"), (1, "widget"), (2, "widget")]
    assert all(d.event == "session_ended" and d.payload == {} for d in got)
    snap = impl.snapshot(h)
    assert snap.ended is True
    # after the end: every call ignored, results None, no events, nothing changes; bad arguments too
    calls: list[tuple[str, list[Any]]] = [
        ("getSessionInfo", []), ("getParticipants", []), ("getTabs", []), ("takeScreenshot", []),
        ("sendChatMessage", ["x"]), ("broadcastMessage", ["x"]), ("sendMessage", [{}, "*"]), ("end", []),
        ("relocate", ["https://example.com/"]), ("makeHost", [1]), ("log", [{"a": 1}]), ("toggleHuddleMode", []),
        ("on", ["message", {"$unserialisable": "function"}]), ("relocate", ["not a url"]),
    ]
    for member, args in calls:
        for caller_context in ("widget", "extension"):
            assert impl.call(h, 0, caller_context, member, args) == Outcome(value=None), member
    assert impl.call(h, 0, "public", "sendMessage", [{}, "*"]) == Outcome(value=None)
    for prop in ("started", "pin", "window", "node"):
        assert impl.read(h, 0, "widget", prop) == Outcome(value=None)
    assert impl.listen(h, 0, "widget", "message") == Outcome(value=None)
    assert impl.deliveries(h) == []
    assert impl.snapshot(h) == snap


def test_each_listener_once_and_payloads_validate(impl: ReferenceImplementation) -> None:
    h = open_session(impl, participants=2)
    for event in EVENTS:
        listen_everywhere(impl, h, event)
    impl.call(h, 0, "widget", "getSessionInfo", [])
    impl.call(h, 0, "widget", "takeScreenshot", [])
    impl.call(h, 0, "widget", "sendMessage", [{"a": 1}, "*"])
    impl.call(h, 0, "public", "sendMessage", [{"b": 2}, "*"])
    impl.call(h, 0, "widget", "broadcastMessage", ["b"])
    impl.call(h, 0, "widget", "sendChatMessage", ["c"])
    impl.add_participant(h)
    impl.call(h, 0, "widget", "end", [])
    got = impl.deliveries(h)
    keys = [(d.event, d.participant, d.context) for d in got]
    assert len(keys) == len(set(keys))
    assert ("message", 0, "public") in keys and ("message", 0, "widget") in keys
    # no call sends these: the widget's own lifecycle, and what extensions hear from the session itself
    assert {d.event for d in got} == set(EVENTS) - {"session_created", "session_started", "host_changed", "tab_control"}
    for d in got:
        payload = d.payload
        if d.event == "screenshot":
            assert payload == {"image": {"$host": "ImageBitmap"}}
            continue
        EVENTS[d.event].validate_python(payload)


# -- a variant overrides one rule --------------------------------------------------------------


def test_a_variant_is_a_subclass_overriding_one_rule() -> None:
    class EveryOriginMatches(VirtualSession):
        def _origin_matches(self, target_origin: str, origin: str) -> bool:
            return True

    class PublicSeesEverything(VirtualSession):
        def _public_members(self) -> frozenset[str]:
            return frozenset(member.name for member in MEMBERS.values())

    mutant = ReferenceImplementation(EveryOriginMatches)
    assert "EveryOriginMatches" in mutant.name
    h = open_session(mutant)
    listen_everywhere(mutant, h, "message")
    mutant.call(h, 0, "widget", "sendMessage", [{}, "https://elsewhere.test"])
    assert receivers(mutant.deliveries(h)) == [(0, "public")]

    leaky = ReferenceImplementation(PublicSeesEverything)
    h = open_session(leaky)
    assert leaky.exposes(h, 0, "public", "relocate") and leaky.read(h, 0, "public", "pin").value is not None
    assert leaky.call(h, 0, "public", "relocate", ["https://example.com/x"]) == Outcome(value=None)
    assert h.vs.tabs[0]["url"] == "https://example.com/x"


# -- the rules agree with the spec ---------------------------------------------------------------


LEVEL_KEYS = ("level", "otherwise_level", "evidence")
"""How sure the spec is of a rule: the reference implements every rule, whatever its level."""


def test_rules_agree_with_the_generated_spec() -> None:
    spec = json.loads((REPO / "generated" / "spec.json").read_text())
    # The reference implements the plain members, those the conformance suite checks (see Model.plain).
    spec["members"] = {name: m for name, m in spec["members"].items() if m["kind"] in ("property", "method") and not m["narrowed"]}
    assert list(MEMBERS) == list(spec["members"])
    for js_name, member in MEMBERS.items():
        s = spec["members"][js_name]
        assert (member.name, member.kind, member.public, member.is_async) == (
            s["python_name"], s["kind"], s["public"], s["is_async"]
        ), js_name
        assert [(p.js_name, p.name, p.type, p.required, p.has_default, p.default, p.constraints) for p in member.params] == [
            (p["name"], p["python_name"], p["type"]["text"], p["required"], p["has_default"], p["default"],
             {k: v for k, v in (p["constraints"] or {}).items() if k not in LEVEL_KEYS})
            for p in s["params"]
        ], js_name
        assert [(c.kind, c.target, c.otherwise) for c in member.preconditions if c.spec] == [
            (c["kind"], c["target"], c["otherwise"]) for c in s["preconditions"]
        ], js_name
        assert [
            (e.event, [(r.context, r.participants) for r in e.to], list(e.from_context or []) or None, e.origin_param)
            for e in member.emits
        ] == [
            (e["event"], [(r["context"], r["participants"]) for r in e["to"]], e.get("from_context"),
             e.get("origin_param"))
            for e in s["emits"]
        ], js_name
    sent_on = spec["events"]["participant_joined"]["sent_on"]
    assert (PARTICIPANT_JOINED.event, [(r.context, r.participants) for r in PARTICIPANT_JOINED.to]) == (
        "participant_joined", [(r["context"], r["participants"]) for r in sent_on["to"]])
    for name, option in spec["options"].items():
        assert VirtualSession().options[name] == (option["default"] if option["default_known"] else True), name
    assert spec["types"]["SessionInfo"]["examples"][0] == SESSION_INFO_EXAMPLE


# -- static typing ---------------------------------------------------------------------------------

TYPING_CHECK = """
from webfuse_reference import PublicReferenceSession, ReferenceSession, VirtualSession
from webfuse_session import (
    AsyncExtensionSession, AsyncSession, AsyncWidgetSession, ExtensionSession, ExtensionSessionObject, PublicSession,
    PublicSessionObject, Session, SessionObject, WidgetSession, WidgetSessionObject,
)

vs = VirtualSession(participants=2)
widget: SessionObject = vs.widget(0)
extension: SessionObject = ReferenceSession(vs, 1, "extension")
public: PublicSessionObject = vs.public(1)
also_public: PublicSessionObject = PublicReferenceSession(vs, 0, "public")
chained: SessionObject = widget.on("session_info", lambda session, info: print(info.session_id))
wrong: SessionObject = vs.public(0)  # type: ignore[assignment]
double: Session = vs.client(0, "widget")
public_double: PublicSession = vs.client(1, "public")
async_double: AsyncSession = vs.async_client(1)
not_the_python_api: Session = vs.widget(0)  # type: ignore[assignment]
own_widget: WidgetSessionObject = vs.widget(0)
own_extension: ExtensionSessionObject = vs.extension(1)
not_the_widget: WidgetSessionObject = vs.extension(1)  # type: ignore[assignment]
not_the_extension: ExtensionSessionObject = vs.widget(0)  # type: ignore[assignment]
widget_double: WidgetSession = vs.client(0, "widget")
extension_double: ExtensionSession = vs.client(1, "extension")
async_widget_double: AsyncWidgetSession = vs.async_client(0, "widget")
async_extension_double: AsyncExtensionSession = vs.async_client(1, "extension")
widget_double_is_no_extension: ExtensionSession = vs.client(0, "widget")  # type: ignore[assignment]
env: str = vs.client(1, "extension").env.get("API_KEY", "fallback")
vs.client(1, "extension").automation.act.click("#submit")
"""


@pytest.mark.slow
def test_mypy_strict_accepts_the_package_and_its_session_objects_are_the_protocols(tmp_path: Path) -> None:
    check = tmp_path / "typing_check.py"
    check.write_text(textwrap.dedent(TYPING_CHECK))
    mypypath = os.pathsep.join(str(REPO / p) for p in ("generated/python", "generated/conformance", "reference/python"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--warn-unused-ignores", "--no-incremental",
         "reference/python/webfuse_reference", str(check)],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "MYPYPATH": mypypath},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_reference_session_is_a_reference_session() -> None:
    assert isinstance(VirtualSession().widget(0), ReferenceSession)
