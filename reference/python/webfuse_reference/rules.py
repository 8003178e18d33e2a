"""The spec's rules as this reference reads them, written out by hand (not generated).

Keeping this independent of the generator is the point of a reference: the conformance suite is
derived from ``spec/session_api.yaml`` by the generator, the reference from a person's reading of the
same file. ``tests/test_reference.py`` compares these tables with ``generated/spec.json`` so that the
two cannot drift apart unnoticed.

Names: members and parameters are keyed by their JavaScript names (as in the spec); each also
carries its Python name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AUTOMATION",
    "CONTEXTS",
    "CONTEXT_MEMBERS",
    "DOM_SNAPSHOT_HTML",
    "EVENT_OBJECT_CONTEXTS",
    "EVENT_OBJECT_MESSAGES",
    "EXAMPLE_ENV",
    "DEFAULT_ORIGINS",
    "DEFAULT_START_URL",
    "FULL_CONTEXTS",
    "MEMBERS",
    "NEW_TAB_PAGE_URL",
    "OPTION_DEFAULTS",
    "PUBLIC_CONTEXT",
    "ROLES",
    "SESSION_INFO_EXAMPLE",
    "START",
    "STATES",
    "UNKNOWN_OPTION_DEFAULT",
    "Emit",
    "Member",
    "Param",
    "Precondition",
    "Receivers",
]

CONTEXTS = ("widget", "extension", "public")
FULL_CONTEXTS = ("widget", "extension")
"""Contexts whose session objects have every member (``exposes: all-members``)."""
PUBLIC_CONTEXT = "public"
"""The context that has only the members marked ``public`` (``exposes: public-members``)."""

ROLES = ("leader", "host", "tab_owner", "in_control")
STATES = ("started", "in_iframe", "huddle_mode")

OPTION_DEFAULTS: dict[str, Any] = {
    "chat_enabled": True,  # S5
    "participants_can_request_to_interact": True,  # S8
    "end_of_session_popup_url": False,  # S1
}
"""Options with a documented default."""

UNKNOWN_OPTION_DEFAULT = True
"""What an option without a documented default (``host_switching_allowed``, ``screensharing_enabled``)
is when the session does not set it: on, so that the members it gates work unless a test turns it off."""

DEFAULT_ORIGINS: dict[str, str] = {
    "widget": "https://embedder.example.com",
    "extension": "chrome-extension://webfuse-extension",
    "public": "https://app.example.com",
}
"""Origin of the page each context runs in, unless the session is given others."""

DEFAULT_START_URL = "https://app.example.com/"
NEW_TAB_PAGE_URL = "about:newtab"

SESSION_INFO_EXAMPLE: dict[str, Any] = {
    "sessionId": "<session_id>",
    "opentokSessionId": "<opentok_session_id>",
    "space": {
        "access_control": "public",
        "company_id": 1,
        "domain": "<space_domain>",
        "host_rights": "everyone",
        "id": 1,
        "identification": "anonymous",
        "is_paused": False,
        "link": "<space_url>",
        "name": "test",
        "slug": "test",
        "type": "meeting",
        "visibility": "members-only",
        "adminIds": [9, 1],
        "memberIds": [],
    },
    "metadata": {"foo": "bar"},
}
"""``types.SessionInfo.examples[0]`` of the spec (the W3 example); ``sessionId`` is replaced per session."""


@dataclass(frozen=True)
class Param:
    """A parameter. ``type`` is the spec's type expression, ``constraints`` its constraints."""

    js_name: str
    name: str
    type: str
    required: bool = True
    default: Any = None
    has_default: bool = False
    constraints: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Precondition:
    """One precondition: ``kind`` is ``option | role | not_role | state | not_state | participant``
    (as in the spec) or ``tab`` (this reference's own: the ``ssid`` must name an open tab);
    ``target`` is the option, role, state or parameter (JavaScript name) it is about."""

    kind: str
    target: str
    otherwise: str = "ignored"
    spec: bool = True
    """False for a rule this reference adds where the spec is silent."""


@dataclass(frozen=True)
class Receivers:
    context: str
    participants: str
    """``self``, ``others`` or ``all``, relative to the caller."""


@dataclass(frozen=True)
class Emit:
    event: str
    to: tuple[Receivers, ...]
    from_context: tuple[str, ...] | None = None
    origin_param: str | None = None


@dataclass(frozen=True)
class Member:
    js_name: str
    name: str
    kind: str
    """``property`` or ``method``."""
    public: bool = False
    is_async: bool = False
    """The JavaScript result is a Promise."""
    params: tuple[Param, ...] = ()
    preconditions: tuple[Precondition, ...] = ()
    emits: tuple[Emit, ...] = ()


def _p(js_name: str, name: str, type_: str, **kw: Any) -> Param:
    return Param(js_name, name, type_, **kw)


_CLIENT_INDEX = _p("clientIndex", "client_index", "integer", constraints={"minimum": 0})
_PCRTI = Precondition("option", "participants_can_request_to_interact")
_WIDGET_SELF_EXTENSION_ALL = (Receivers("widget", "self"), Receivers("extension", "all"))

_MEMBER_LIST: tuple[Member, ...] = (
    Member("started", "started", "property"),
    Member("pin", "pin", "property", preconditions=(Precondition("state", "started", "unavailable"),)),
    Member("node", "node", "property", preconditions=(Precondition("state", "in_iframe", "unavailable"),)),
    Member("window", "window", "property"),
    Member(
        "relocate", "relocate", "method",
        params=(
            _p("newUrl", "new_url", "string", constraints={"format": "absolute-url"}),
            _p("newTab", "new_tab", "boolean", required=False, default=False, has_default=True),
        ),
    ),
    Member("uploadFile", "upload_file", "method", params=(_p("file", "file", "File"),)),
    Member(
        "getSessionInfo", "get_session_info", "method", is_async=True,
        emits=(Emit("session_info", _WIDGET_SELF_EXTENSION_ALL),),
    ),
    Member(
        "end", "end", "method", public=True,
        params=(_p("redirectUrl", "redirect_url", "string", required=False, constraints={"format": "url"}),),
        emits=(Emit("session_ended", (Receivers("widget", "all"),)),),
    ),
    Member(
        "log", "log", "method", public=True,
        params=(_p("entry", "entry", "LogEntry", constraints={"json": "plain-object"}),),
    ),
    Member(
        "takeScreenshot", "take_screenshot", "method", is_async=True,
        params=(_p("keepStreamOpened", "keep_stream_opened", "boolean", required=False, default=True, has_default=True),),
        emits=(Emit("screenshot", _WIDGET_SELF_EXTENSION_ALL),),
    ),
    Member(
        "on", "on", "method", public=True,
        params=(_p("eventName", "event_name", "EventName"), _p("callback", "callback", "EventHandler")),
    ),
    Member(
        "sendMessage", "send_message", "method", public=True,
        params=(
            _p("message", "message", "Record<string, unknown>", constraints={"json": "plain-object"}),
            _p("targetOrigin", "target_origin", "string", constraints={"format": "origin-or-wildcard"}),
        ),
        emits=(
            Emit("message", (Receivers("public", "self"),), from_context=("widget",), origin_param="targetOrigin"),
            Emit("message", (Receivers("widget", "self"),), from_context=("public",), origin_param="targetOrigin"),
        ),
    ),
    Member(
        "broadcastMessage", "broadcast_message", "method",
        params=(_p("message", "message", "string"),),
        emits=(Emit("broadcast_message", (Receivers("extension", "all"),)),),
    ),
    Member(
        "sendChatMessage", "send_chat_message", "method",
        params=(_p("message", "message", "string"),),
        preconditions=(Precondition("option", "chat_enabled"),),
        emits=(Emit("chat_message", (Receivers("extension", "all"),)),),
    ),
    Member("openTab", "open_tab", "method", params=(_p("url", "url", "string", constraints={"format": "absolute-url"}),)),
    Member("getTabs", "get_tabs", "method", is_async=True),
    Member(
        "activateTab", "activate_tab", "method",
        params=(_p("ssid", "ssid", "integer", constraints={"minimum": 0}),),
        preconditions=(Precondition("tab", "ssid", spec=False),),
    ),
    Member("pauseTabs", "pause_tabs", "method", preconditions=(Precondition("role", "tab_owner"),)),
    Member("resumeTabs", "resume_tabs", "method", preconditions=(Precondition("role", "tab_owner"),)),
    Member("openNewTabPage", "open_new_tab_page", "method"),
    Member("getParticipants", "get_participants", "method", is_async=True),
    Member("toggleDrawing", "toggle_drawing", "method", preconditions=(Precondition("role", "in_control"),)),
    Member(
        "makeHost", "make_host", "method",
        params=(_CLIENT_INDEX,),
        preconditions=(Precondition("participant", "clientIndex"),),
    ),
    Member(
        "requestToHost", "request_to_host", "method",
        preconditions=(
            Precondition("not_role", "host"),
            Precondition("not_role", "leader"),
            Precondition("option", "host_switching_allowed"),
        ),
    ),
    Member(
        "requestTabControl", "request_tab_control", "method",
        preconditions=(Precondition("not_role", "in_control"), _PCRTI),
    ),
    Member("revokeTabControl", "revoke_tab_control", "method", preconditions=(Precondition("role", "tab_owner"), _PCRTI)),
    Member("returnTabControl", "return_tab_control", "method", preconditions=(Precondition("role", "in_control"), _PCRTI)),
    Member(
        "transferTabControl", "transfer_tab_control", "method",
        params=(_CLIENT_INDEX,),
        preconditions=(Precondition("role", "tab_owner"), Precondition("participant", "clientIndex")),
    ),
    Member("toggleHuddleMode", "toggle_huddle_mode", "method"),
    Member(
        "followParticipant", "follow_participant", "method",
        params=(_CLIENT_INDEX,),
        preconditions=(Precondition("state", "huddle_mode"), Precondition("participant", "clientIndex")),
    ),
    Member("toggleVideochatFullscreen", "toggle_videochat_fullscreen", "method"),
    Member(
        "toggleVideochatMode", "toggle_videochat_mode", "method",
        params=(_p("mode", "mode", "VideochatMode", required=False),),
    ),
    Member("toggleVideochatMicrophone", "toggle_videochat_microphone", "method"),
    Member(
        "startScreensharing", "start_screensharing", "method",
        preconditions=(Precondition("option", "screensharing_enabled"),),
    ),
)

MEMBERS: dict[str, Member] = {member.js_name: member for member in _MEMBER_LIST}
"""Every member of the session, by JavaScript name, in the order of the spec."""

# ---------------------------------------------------------------------- members only some contexts have

CONTEXT_MEMBERS: dict[str, tuple[str, ...]] = {
    "widget": ("start",),
    "extension": ("env", "automation", "on_message"),
}
"""Python names of the members only one full context has, besides every member of MEMBERS: ``start`` in the widget
(its sessions may not have started), ``env``, ``automation`` and ``onMessage`` in the extension."""

EVENT_OBJECT_CONTEXTS = ("extension",)
"""Where ``on`` is also an event object (``on.addListener(listener)``)."""

START = Member("start", "start", "method", is_async=True, params=(_p("selector", "selector", "string", required=False),))
"""The widget's ``start(selector?)``: resolves to nothing; this reference records the call and changes nothing else."""

_LEGACY_TARGET = _p("target", "target", "LegacyAutomationTarget")
_LEGACY_OPTIONAL_TARGET = _p("target", "target", "LegacyAutomationTarget", required=False)
_TARGET = _p("target", "target", "AutomationTarget")
_MOVE_MOUSE = _p("moveMouse", "move_mouse", "boolean", required=False, default=False, has_default=True)

AUTOMATION: dict[str, Member] = {
    m.js_name: m
    for m in (
        Member("automation.mouse_move", "mouse_move", "method", is_async=True, params=(
            _LEGACY_TARGET, _p("persistent", "persistent", "boolean", required=False, default=False, has_default=True))),
        Member("automation.scroll", "scroll", "method", is_async=True, params=(
            _LEGACY_TARGET, _p("direction", "direction", "ScrollDirection"), _p("amount", "amount", "number"))),
        Member("automation.left_click", "left_click", "method", is_async=True, params=(_LEGACY_OPTIONAL_TARGET, _MOVE_MOUSE)),
        Member("automation.middle_click", "middle_click", "method", is_async=True, params=(_LEGACY_OPTIONAL_TARGET, _MOVE_MOUSE)),
        Member("automation.right_click", "right_click", "method", is_async=True, params=(_LEGACY_OPTIONAL_TARGET, _MOVE_MOUSE)),
        Member("automation.type", "type", "method", is_async=True, params=(
            _LEGACY_TARGET, _p("text", "text", "string"), _p("moveMouse", "move_mouse", "boolean", required=False),
            _p("overwrite", "overwrite", "boolean", required=False))),
        Member("automation.take_dom_snapshot", "take_dom_snapshot", "method", is_async=True, params=(
            _p("options", "options", "LegacyDomSnapshotOptions", required=False),)),
        Member("automation.take_gui_snapshot", "take_gui_snapshot", "method", is_async=True),
        Member("automation.wait", "wait", "method", is_async=True, params=(
            _p("selector", "selector", "string"), _p("timeout", "timeout", "number", required=False))),
        Member("automation.navigate", "navigate", "method", is_async=True, params=(_p("url", "url", "string"),)),
        Member("automation.see.domSnapshot", "dom_snapshot", "method", is_async=True, params=(
            _p("options", "options", "DomSnapshotOptions", required=False),)),
        Member("automation.see.gui", "gui", "method", is_async=True),
        Member("automation.act.click", "click", "method", is_async=True, params=(_TARGET,)),
        Member("automation.act.type", "type", "method", is_async=True, params=(_TARGET, _p("text", "text", "string"))),
        Member("automation.act.mouseMove", "mouse_move", "method", is_async=True, params=(_TARGET,)),
        Member("automation.act.scroll", "scroll", "method", is_async=True, params=(_TARGET, _p("amount", "amount", "number"))),
    )
}
"""The Automation API, both generations, by dotted JavaScript path. Every method returns a Promise that resolves once
the action has completed; this reference performs no action but records each call (VirtualSession.automation_calls)."""

DOM_SNAPSHOT_HTML = "<html><head></head><body></body></html>"
"""What a DOM snapshot of the reference's (empty) page resolves to."""

EXAMPLE_ENV: dict[str, str] = {"AGENT_KEY": "agent-key", "API_URL": ""}
"""The manifest ``env`` values the conformance adapter gives the extension (a session made directly has none unless
given ``env``): one filled in, one left empty, as configured extensions have them."""

EVENT_OBJECT_MESSAGES: dict[str, str] = {
    "chat_message": "payload",
    "host_changed": "payload",
    "tab_control": "payload",
    "broadcast_message": "message",
}
"""Events an extension's event objects (``on.addListener``, ``onMessage.addListener``) also deliver, and how: the payload
itself (a message tagged with its ``event_type``), or, for a broadcast, the broadcast value (the payload's ``message``).
Both objects deliver all of them (spec: ExtensionMessage, E11, E12)."""
