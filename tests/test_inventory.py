"""Pins what the spec contains, so that nothing disappears from it unnoticed.

These lists are written by hand on purpose: they are the inventory of the source documents
(the Session API page and the facts file), which the spec must keep covering.
"""

from __future__ import annotations

from generator import type_expr as te
from generator.model import Model

GROUPS = {
    "general": ["started", "pin", "node", "window", "start", "env", "relocate", "uploadFile", "getSessionInfo", "end"],
    "audit": ["log", "takeScreenshot"],
    "messaging": ["on", "onMessage", "sendMessage", "broadcastMessage", "sendChatMessage"],
    "tabs": ["openTab", "getTabs", "activateTab", "pauseTabs", "resumeTabs", "openNewTabPage"],
    "collaboration": [
        "getParticipants", "toggleDrawing", "makeHost", "requestToHost", "requestTabControl",
        "revokeTabControl", "returnTabControl", "transferTabControl", "toggleHuddleMode", "followParticipant",
    ],
    "videocall": ["toggleVideochatFullscreen", "toggleVideochatMode", "toggleVideochatMicrophone", "startScreensharing"],
    "automation": ["automation"],
}
ALL_MEMBERS = [name for names in GROUPS.values() for name in names]
PROPERTIES = ["started", "pin", "node", "window"]
PUBLIC = ["end", "log", "on", "sendMessage"]
WIDGET_ONLY = ["start"]
EXTENSION_ONLY = ["env", "onMessage", "automation"]
# What each namespace holds, by path; the older Automation API's methods are deprecated, most for a newer one.
NAMESPACES = {
    "env": [],
    "automation": ["mouse_move", "scroll", "left_click", "middle_click", "right_click", "type", "take_dom_snapshot",
                   "take_gui_snapshot", "wait", "navigate", "see", "act", "tool"],
    "automation.see": ["domSnapshot", "gui"],
    "automation.act": ["click", "type", "mouseMove", "scroll"],
    "automation.tool": [],
}
DEPRECATED = {
    "automation.mouse_move": "automation.act.mouseMove", "automation.scroll": "automation.act.scroll",
    "automation.left_click": "automation.act.click", "automation.middle_click": None, "automation.right_click": None,
    "automation.type": "automation.act.type", "automation.take_dom_snapshot": "automation.see.domSnapshot",
    "automation.take_gui_snapshot": "automation.see.gui",
}
EVENTS = [
    "session_created", "session_started", "session_ended", "participant_joined", "message",
    "session_info", "screenshot", "chat_message", "broadcast_message", "host_changed", "tab_control",
]
TYPES = [
    "SessionCreatedEvent", "SessionStartedEvent", "SessionEndedEvent", "ParticipantJoinedEvent", "MessageEvent",
    "ScreenshotEvent", "ChatMessageEvent", "BroadcastMessageEvent", "SessionInfo", "Space", "SpaceType",
    "SpaceAccessControl", "SpaceHostRights", "SpaceIdentification", "VideochatMode", "Participant", "Tab", "LogEntry",
    "ImageBitmap", "File", "Window", "HTMLIFrameElement",
    # beyond the Session API page: event-object messages, the Widget API, the Automation API
    "HostChangedEvent", "TabControlEvent", "SessionStartedMessage", "BroadcastSender", "ExtensionMessage",
    "InitSpaceOptions", "WidgetSpace", "Point", "LegacyAutomationTarget", "AutomationTarget", "ScrollDirection",
    "LegacyDomSnapshotOptions", "DomSnapshotModifier", "DomSnapshotOptions", "Element", "HTMLElement",
]
OPTIONS = [
    "chat_enabled", "host_switching_allowed", "participants_can_request_to_interact", "screensharing_enabled",
    "end_of_session_popup_url",
]
GLOBALS = {"webfuse": ["initSpace", "isInsideSession", "listSessions", "currentSession", "on"], "browser": ["webfuseSession"]}


def test_members_by_group_in_document_order(model: Model) -> None:
    assert list(model.members) == ALL_MEMBERS
    for group, names in GROUPS.items():
        assert [m.name for m in model.members_of_group(group)] == names
    assert len(model.members) == 38


def test_member_kinds(model: Model) -> None:
    assert [m.name for m in model.members.values() if m.kind == "property"] == PROPERTIES
    assert sum(m.kind == "method" for m in model.members.values()) == 31
    assert [m.name for m in model.members.values() if m.kind == "namespace"] == ["env", "automation"]
    assert [m.name for m in model.members.values() if m.kind == "event_object"] == ["onMessage"]
    assert model.members["on"].event_object is not None and model.members["on"].event_object.contexts == ("extension",)


def test_namespaces(model: Model) -> None:
    found = {m.path: [c.name for c in m.members] for m in model.all_members() if m.kind == "namespace"}
    assert found == NAMESPACES
    assert model.members["env"].additional is not None and model.members["env"].additional.text == "string"
    for m in model.all_members():
        assert m.contexts == (("widget",) if m.path in WIDGET_ONLY else ("extension",)) or m.path.split(".")[0] not in (
            WIDGET_ONLY + EXTENSION_ONLY), m.path
    deprecated = {m.path: m.deprecated.replacement for m in model.all_members() if m.deprecated}
    assert deprecated == DEPRECATED
    for replacement in filter(None, deprecated.values()):
        assert model.member_at(replacement) is not None, replacement
    assert [a.name for a in model.member_at("automation.left_click").aliases] == ["leftClick"]  # type: ignore[union-attr]


def test_members_by_context(model: Model) -> None:
    assert list(model.contexts) == ["widget", "extension", "public"]
    order = list(model.members)
    assert list(model.contexts["widget"].members) == [m for m in order if m not in EXTENSION_ONLY]
    assert list(model.contexts["extension"].members) == [m for m in order if m not in WIDGET_ONLY]
    assert list(model.contexts["public"].members) == PUBLIC
    assert model.contexts["public"].reached_by == ("webfuse.currentSession",)
    assert model.contexts["extension"].reached_by == ("browser.webfuseSession",)


def test_globals(model: Model) -> None:
    assert {name: [m.name for m in g.members] for name, g in model.globals.items()} == GLOBALS


def test_events_types_options(model: Model) -> None:
    assert list(model.events) == EVENTS
    assert sorted(model.types) == sorted(TYPES)
    assert list(model.options) == OPTIONS


def test_host_types_say_how_each_target_spells_them(model: Model) -> None:
    hosts = {n: t.host for n, t in model.types.items() if t.kind == "host"}
    assert set(hosts) == {"ImageBitmap", "File", "Window", "HTMLIFrameElement", "Element", "HTMLElement"}
    for name, host in hosts.items():
        assert host is not None and host["typescript"] == name and host["python"]


def test_unknown_defaults_are_marked_not_invented(model: Model) -> None:
    unknown = sorted(n for n, o in model.options.items() if not o.default_known)
    assert unknown == ["host_switching_allowed", "screensharing_enabled"]
    for name in unknown:
        assert model.options[name].default is None and model.options[name].default_unknown_reason


def test_every_gating_option_is_used(model: Model) -> None:
    used = {n: o.used_by for n, o in model.options.items()}
    assert used["chat_enabled"] == ("sendChatMessage",)
    assert used["host_switching_allowed"] == ("requestToHost",)
    assert used["participants_can_request_to_interact"] == ("requestTabControl", "revokeTabControl", "returnTabControl")
    assert used["screensharing_enabled"] == ("startScreensharing",)


def test_every_member_is_described(model: Model) -> None:
    plain = model.plain().members
    for member in model.all_members():
        assert member.summary.strip(), member.path
        assert member.sources, member.path
        if member.kind == "method":
            assert member.returns is not None, member.path
            # Examples run against the references and the Python client (tests/test_examples.py), which cover the
            # plain members only so far.
            if member.name in plain:
                assert member.examples, f"{member.name} has no example"
            else:
                assert not member.examples, f"{member.path}: an example nothing can run yet"


# Contradictions of the second facts file (beyond the Session API) the spec does not record: they concern what it
# does not declare (MCP tools, the raw command channel, the extension's manifest and components, the MCP server).
UNRECORDED = {"E7", "E14", "E20", "E21"}


def test_every_discrepancy_of_the_facts_file_is_recorded(model: Model) -> None:
    recorded: set[str] = {d.id for d in model.discrepancies}
    entities = [*model.all_members(), *model.events.values(), *model.types.values(), *model.contexts.values(),
                *model.globals.values(), *(gm for g in model.globals.values() for gm in g.members),
                *(m for t in model.types.values() for m in t.members)]
    for entity in entities:
        recorded |= {d.id for d in entity.discrepancies}
        form = getattr(entity, "event_object", None)
        if form is not None:
            recorded |= {d.id for d in form.discrepancies}
    assert recorded == {f"D{n}" for n in range(1, 26)} | {f"E{n}" for n in range(1, 28)} - UNRECORDED


def test_readings_of_the_main_discrepancies(model: Model) -> None:
    members = model.members
    follow = members["followParticipant"]
    assert [a.name for a in follow.aliases] == ["follow_participant"] and follow.aliases[0].deprecated
    assert [p.name for p in follow.params] == ["clientIndex"]
    assert {d.id for d in follow.discrepancies} >= {"D2"}
    assert members["getSessionInfo"].returns == members["getSessionInfo"].returns and members["getSessionInfo"].is_async
    assert {d.id for d in members["on"].discrepancies} >= {"D1", "D9"}
    assert members["on"].chainable
    shot = members["takeScreenshot"].params[0]
    assert (shot.name, shot.required, shot.default) == ("keepStreamOpened", False, True)
    assert model.conventions.callbacks.arguments == ["session", "event"]


def test_emitted_events_reach_declared_receivers(model: Model) -> None:
    emitted = {m.name: sorted({e.event for e in m.emits}) for m in model.members.values() if m.emits}
    assert emitted == {
        "getSessionInfo": ["session_info"],
        "end": ["session_ended"],
        "takeScreenshot": ["screenshot"],
        "sendMessage": ["message"],
        "broadcastMessage": ["broadcast_message"],
        "sendChatMessage": ["chat_message"],
    }


def test_public_members_use_only_public_types(model: Model) -> None:
    for member in model.members_in("public"):
        uses = [p.type for p in member.params] + [member.returns, member.type]
        for use in filter(None, uses):
            for node in te.walk(use.node):
                if isinstance(node, te.Named):
                    assert "public" in model.types[node.name].contexts, (member.name, node.name)
