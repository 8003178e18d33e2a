"""An in-memory Webfuse session: the reference behaviour of the Session API, and a test double.

:class:`VirtualSession` holds the state of one co-browsing session (participants, roles, states,
options, tabs, chat, audit log, listeners...) and every rule of the spec. It hands out one session
object per participant and context:

- ``widget`` and ``extension``: a :class:`ReferenceSession`, with every member of
  :class:`webfuse_session.Session` (snake_case names, same signatures; Promise results are
  :class:`~webfuse_reference.host.SettledPromise`, which can be awaited);
- ``public``: a :class:`PublicReferenceSession`, with only ``end``, ``log``, ``on`` and
  ``send_message`` (:class:`webfuse_session.PublicSession`).

Every call goes through one pipeline (:meth:`VirtualSession._call`):

1. :meth:`~VirtualSession._answers` - after ``end`` (or for a participant who left) nothing answers:
   the call is ignored and its result is ``None``;
2. :meth:`~VirtualSession._check_arguments` - each argument against its type and constraints; a bad
   one raises :class:`TypeError` before anything changes;
3. :meth:`~VirtualSession._check_preconditions` - all of them, before anything changes; one that
   fails makes the call do nothing (``otherwise: ignored``);
4. the effect, ``_do_<python name>`` (for instance :meth:`~VirtualSession._do_make_host`);
5. :meth:`~VirtualSession._emit` - the events of the member's ``emits``, to
   :meth:`~VirtualSession._receivers_for`, filtered by :meth:`~VirtualSession._origin_matches` where
   the spec names an ``origin_param``, each handed to :meth:`~VirtualSession._deliver`.

Every rule is one small method, so that a deliberately broken variant (a "mutant", for testing the
conformance suite) is a subclass that overrides exactly one of them.

Events are delivered synchronously, during the call that emits them, to each listener exactly once,
as ``callback(session_object_it_was_registered_on, payload)``. Payloads are the pydantic models of
``webfuse_session.models`` (``SessionInfo``, ``MessageEvent``...), each listener getting its own copy;
``model_dump()`` gives the wire (camelCase) JSON.
"""

from __future__ import annotations

import copy
import random
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast, overload

from pydantic import BaseModel
from webfuse_session import models
from webfuse_session.spec_runtime import LISTENER_FORMS
from webfuse_session.testing import (
    AsyncExtensionSessionDouble,
    AsyncPublicSessionDouble,
    AsyncSessionDouble,
    AsyncWidgetSessionDouble,
    ExtensionSessionDouble,
    PublicSessionDouble,
    SessionDouble,
    WidgetSessionDouble,
)

from . import validators as v
from .host import HostObject, SettledPromise
from .rules import (
    AUTOMATION,
    CONTEXT_MEMBERS,
    CONTEXTS,
    DEFAULT_ORIGINS,
    DEFAULT_START_URL,
    DOM_SNAPSHOT_HTML,
    EVENT_OBJECT_CONTEXTS,
    EVENT_OBJECT_MESSAGES,
    MEMBERS,
    NEW_TAB_PAGE_URL,
    OPTION_DEFAULTS,
    PUBLIC_CONTEXT,
    SESSION_INFO_EXAMPLE,
    START,
    STATES,
    UNKNOWN_OPTION_DEFAULT,
    Emit,
    Member,
    Param,
    Precondition,
    Receivers,
)

__all__ = [
    "PARTICIPANT_JOINED",
    "Caller",
    "PublicReferenceSession",
    "ReferenceSession",
    "SessionError",
    "VirtualSession",
]

Context = Literal["widget", "extension", "public"]

PARTICIPANT_JOINED = Emit("participant_joined", (Receivers("widget", "others"),))
"""Who hears that a participant joined (the joiner is the "caller"). The spec names the event but no
receivers; this reference tells the widgets of everyone already in the session."""

_MISSING: Any = object()
_N = TypeVar("_N")


class SessionError(Exception):
    """A call refused with an error (a precondition with ``otherwise: error``); JavaScript ``Error``."""


@dataclass(frozen=True)
class Caller:
    """Who makes a call: the participant, the context, and the session object the call was made on."""

    client_index: int
    context: str
    session: _SessionObject


@dataclass
class _Participant:
    name: str
    email: str
    online: bool = True


class VirtualSession:
    """One co-browsing session, with every participant's session objects.

    Args:
        participants: how many (client indexes 0 .. n-1; 0 is the leader), or one mapping per
            participant with ``name``, ``email`` and ``online``.
        options: session options; missing ones take the spec's default, or ``True`` when the spec
            knows no default (``host_switching_allowed``, ``screensharing_enabled``).
        roles: client index holding ``host``, ``tab_owner`` and ``in_control`` (each the leader, 0,
            unless given). ``leader`` may be given, but only as 0.
        states: ``started`` (default true), ``huddle_mode`` and ``in_iframe`` (default false).
        origins: origin of the page of each context (``widget``, ``extension``, ``public``), used
            by ``sendMessage``'s ``targetOrigin`` and as the ``origin`` of ``message`` events.
        session_id, pin: fixed values instead of generated ones.
        start_url: address of the one tab open at the start.
        seed: seed of the generator of the session id and pin (random when None).
        raise_listener_errors: re-raise the first exception a listener raised, once the call that
            emitted the event has delivered it to everyone (otherwise they are only collected in
            :attr:`listener_errors`).
        env: the values of the extension manifest's ``env`` list, by key: what ``env`` reads in the
            extension context, read-only (none by default; the conformance adapter gives ``rules.EXAMPLE_ENV``).
    """

    def __init__(
        self,
        participants: int | Sequence[Mapping[str, Any]] = 3,
        *,
        options: Mapping[str, Any] | None = None,
        roles: Mapping[str, int] | None = None,
        states: Mapping[str, bool] | None = None,
        origins: Mapping[str, str] | None = None,
        session_id: str | None = None,
        pin: str | None = None,
        start_url: str = DEFAULT_START_URL,
        seed: int | None = None,
        raise_listener_errors: bool = True,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self._random = random.Random(seed)
        self.raise_listener_errors = raise_listener_errors
        self.listener_errors: list[BaseException] = []
        self._pending_errors: list[BaseException] = []

        self.participants: dict[int, _Participant] = {}
        people: Sequence[Mapping[str, Any]] = (
            [{} for _ in range(participants)] if isinstance(participants, int) else participants
        )
        if not people:
            raise ValueError("a session has at least one participant, the leader")
        for index, person in enumerate(people):
            self.participants[index] = self._new_participant(index, person)
        self._next_index = len(people)

        self.options: dict[str, Any] = self._initial_options(options or {})
        self.roles: dict[str, int] = self._initial_roles(roles or {})
        self.states: dict[str, bool] = self._initial_states(states or {})
        self.origins: dict[str, str] = {**DEFAULT_ORIGINS, **(origins or {})}

        self.session_id = session_id if session_id is not None else self._make_session_id()
        if pin is not None and not (len(pin) == 4 and pin.isascii() and pin.isdigit()):
            raise ValueError(f"a pin is four digits, got {pin!r}")
        self.pin_code: str | None = None
        if self.states["started"]:
            self.pin_code = pin if pin is not None else self._make_pin()

        self.tabs: list[dict[str, Any]] = []
        self._next_ssid = 0
        self._open_tab(start_url)
        self.paused = False
        self.drawing: dict[int, bool] = {}
        self.following: dict[int, int] = {}
        self.chat: list[dict[str, Any]] = []
        self.audit_log: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.screensharing: dict[int, bool] = {}
        self.videochat: dict[int, dict[str, Any]] = {}
        self.capture_stream_open = False
        self.ended = False
        self.end_info: dict[str, Any] | None = None

        self.listeners: dict[tuple[int, str, str], list[Callable[..., Any]]] = {}
        self.env: dict[str, str] = dict(env or {})
        self._namespaces: dict[tuple[int, str, str], Any] = {}
        self.recorded_calls: list[dict[str, Any]] = []
        """Each accepted call of the Automation API and of ``start``, in order: who, where, the member's dotted path
        and its arguments by name (omitted optional ones as ``None`` or their default). Nothing else happens."""
        self.event_object_listeners: dict[tuple[int, str, str], list[Callable[..., Any]]] = {}
        """Listeners added with ``addListener`` by (client index, context, event object: ``on`` or ``onMessage``)."""
        self._objects: dict[tuple[int, str], _SessionObject] = {}
        self._host_objects: dict[tuple[str, int, str], HostObject] = {}

    # ------------------------------------------------------------------ setup rules

    def _new_participant(self, index: int, person: Mapping[str, Any]) -> _Participant:
        return _Participant(
            name=str(person.get("name", f"Participant {index}")),
            email=str(person.get("email", f"participant{index}@example.com")),
            online=bool(person.get("online", True)),
        )

    def _initial_options(self, given: Mapping[str, Any]) -> dict[str, Any]:
        options = {name: self._option_default(name) for name in (*OPTION_DEFAULTS, "host_switching_allowed", "screensharing_enabled")}
        options.update(given)
        return options

    def _option_default(self, name: str) -> Any:
        return OPTION_DEFAULTS.get(name, UNKNOWN_OPTION_DEFAULT)

    def _initial_roles(self, given: Mapping[str, int]) -> dict[str, int]:
        roles = {"host": 0, "tab_owner": 0, "in_control": 0}
        for role, index in given.items():
            if role == "leader":
                if index != 0:
                    raise ValueError("the leader is always client index 0")
                continue
            if role not in roles:
                raise ValueError(f"unknown role {role!r}; roles are leader, host, tab_owner, in_control")
            if index not in self.participants:
                raise ValueError(f"role {role!r}: {index} is not a participant")
            roles[role] = index
        return roles

    def _initial_states(self, given: Mapping[str, bool]) -> dict[str, bool]:
        states = {"started": True, "huddle_mode": False, "in_iframe": False}
        for state, value in given.items():
            if state not in STATES:
                raise ValueError(f"unknown state {state!r}; states are {', '.join(STATES)}")
            states[state] = bool(value)
        return states

    def _make_session_id(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def _make_pin(self) -> str:
        """The four-digit join code, ``0000`` .. ``9999``."""
        return f"{self._random.randrange(10_000):04d}"

    # ------------------------------------------------------------------ session objects

    @overload
    def session(self, client_index: int, context: Literal["widget"]) -> WidgetReferenceSession: ...
    @overload
    def session(self, client_index: int, context: Literal["extension"]) -> ExtensionReferenceSession: ...
    @overload
    def session(self, client_index: int, context: Literal["public"]) -> PublicReferenceSession: ...
    @overload
    def session(self, client_index: int, context: str) -> ReferenceSession | PublicReferenceSession: ...
    def session(self, client_index: int, context: str) -> ReferenceSession | PublicReferenceSession:
        """The session object of a participant in a context; always the same object. A participant
        who left still has them, but they answer nothing. (A variant that exposes other members than the spec
        says, as the mutants do, gets objects of another class.)"""
        key = (client_index, context)
        if key not in self._objects:
            if context not in CONTEXTS:
                raise ValueError(f"unknown context {context!r}; contexts are {', '.join(CONTEXTS)}")
            if not 0 <= client_index < self._next_index:  # one who left keeps objects that answer nothing
                raise ValueError(f"{client_index} has never been a participant")
            self._objects[key] = self._make_session_object(client_index, context)
        return cast("ReferenceSession | PublicReferenceSession", self._objects[key])

    def widget(self, client_index: int = 0) -> WidgetReferenceSession:
        """``webfuse.listSessions()[0]`` on the participant's embedding page."""
        return self.session(client_index, "widget")

    def extension(self, client_index: int = 0) -> ExtensionReferenceSession:
        """``browser.webfuseSession`` in the participant's extension."""
        return self.session(client_index, "extension")

    def public(self, client_index: int = 0) -> PublicReferenceSession:
        """``webfuse.currentSession`` on the co-browsed page of the participant."""
        return self.session(client_index, "public")

    # The Python API over these objects: what the Playwright clients offer, without a browser.

    @overload
    def client(self, client_index: int, context: Literal["widget"]) -> WidgetSessionDouble: ...
    @overload
    def client(self, client_index: int = 0, context: Literal["extension"] = "extension") -> ExtensionSessionDouble: ...
    @overload
    def client(self, client_index: int, context: Literal["public"]) -> PublicSessionDouble: ...
    def client(
        self, client_index: int = 0, context: str = "extension"
    ) -> WidgetSessionDouble | ExtensionSessionDouble | SessionDouble | PublicSessionDouble:
        """A test double with the sync client's API (``webfuse_session.WidgetSession``, ``ExtensionSession`` or
        ``PublicSession``): Promise results come back as values, screenshots as PNG bytes, listeners get the double."""
        session = self.session(client_index, context)
        if isinstance(session, WidgetReferenceSession):
            return WidgetSessionDouble(session)
        if isinstance(session, ExtensionReferenceSession):
            return ExtensionSessionDouble(session)
        if isinstance(session, ReferenceSession):
            return SessionDouble(session)
        return PublicSessionDouble(session)

    @overload
    def async_client(self, client_index: int, context: Literal["widget"]) -> AsyncWidgetSessionDouble: ...
    @overload
    def async_client(
        self, client_index: int = 0, context: Literal["extension"] = "extension"
    ) -> AsyncExtensionSessionDouble: ...
    @overload
    def async_client(self, client_index: int, context: Literal["public"]) -> AsyncPublicSessionDouble: ...
    def async_client(
        self, client_index: int = 0, context: str = "extension"
    ) -> AsyncWidgetSessionDouble | AsyncExtensionSessionDouble | AsyncSessionDouble | AsyncPublicSessionDouble:
        """A test double with the async client's API (``webfuse_session.AsyncWidgetSession``,
        ``AsyncExtensionSession`` or ``AsyncPublicSession``)."""
        session = self.session(client_index, context)
        if isinstance(session, WidgetReferenceSession):
            return AsyncWidgetSessionDouble(session)
        if isinstance(session, ExtensionReferenceSession):
            return AsyncExtensionSessionDouble(session)
        if isinstance(session, ReferenceSession):
            return AsyncSessionDouble(session)
        return AsyncPublicSessionDouble(session)

    def _make_session_object(self, client_index: int, context: str) -> _SessionObject:
        cls = self._session_class(context)
        return cls(self, client_index, context)

    def _exposed_members(self, context: str) -> frozenset[str]:
        """Python names of the members a context's session object has."""
        if context == PUBLIC_CONTEXT:
            return self._public_members()
        return frozenset(member.name for member in MEMBERS.values()) | self._own_members(context)

    def _own_members(self, context: str) -> frozenset[str]:
        """Python names of the members only this context has (``start`` in the widget; ``env``, ``automation`` and
        ``on_message`` in the extension)."""
        return frozenset(CONTEXT_MEMBERS.get(context, ()))

    def _has_event_object_on(self, context: str) -> bool:
        """Whether ``on`` is also an event object here (``on.addListener``)."""
        return context in EVENT_OBJECT_CONTEXTS

    def _public_members(self) -> frozenset[str]:
        """The members marked public: all that ``webfuse.currentSession`` offers."""
        return frozenset(member.name for member in MEMBERS.values() if member.public)

    def _session_class(self, context: str) -> type[_SessionObject]:
        exposed = self._exposed_members(context)
        event_object = self._has_event_object_on(context)
        for cls in (ReferenceSession, WidgetReferenceSession, ExtensionReferenceSession, PublicReferenceSession):
            if exposed | ({ON_LISTENERS} if event_object else set()) == _members_of(cls):
                return cls
        return _session_class_with(exposed, event_object)

    # ------------------------------------------------------------------ participants

    def add_participant(self, name: str | None = None, email: str | None = None, online: bool = True) -> int:
        """Let a participant join; returns their client index. Tells the widgets of the others
        (``participant_joined``), unless the session has ended."""
        index = self._next_index
        self._next_index += 1
        person: dict[str, Any] = {"online": online}
        if name is not None:
            person["name"] = name
        if email is not None:
            person["email"] = email
        self.participants[index] = self._new_participant(index, person)
        if not self.ended:
            joiner = Caller(index, "widget", self.session(index, "widget"))
            self._emit_one(PARTICIPANT_JOINED, joiner, {"clientIndex": index}, None)
            self._raise_listener_errors()
        return index

    def remove_participant(self, client_index: int) -> None:
        """A participant leaves. Roles they held go back to the leader; the leader cannot leave."""
        if client_index == 0:
            raise ValueError("the leader (client index 0) cannot leave the session")
        if client_index not in self.participants:
            raise ValueError(f"{client_index} is not a participant")
        del self.participants[client_index]
        for role, holder in self.roles.items():
            if holder == client_index:
                self.roles[role] = 0
        for table in (self.drawing, self.screensharing, self.videochat):
            table.pop(client_index, None)
        self.following = {
            who: whom for who, whom in self.following.items() if client_index not in (who, whom)
        }
        self.requests = [r for r in self.requests if r["client_index"] != client_index]
        for key in [key for key in self.listeners if key[0] == client_index]:
            del self.listeners[key]
        for key in [key for key in self.event_object_listeners if key[0] == client_index]:
            del self.event_object_listeners[key]

    # ------------------------------------------------------------------ the call pipeline

    def _member(self, js_name: str) -> Member:
        if js_name == START.js_name:
            return START
        return AUTOMATION[js_name] if js_name in AUTOMATION else MEMBERS[js_name]

    def _call(self, session: _SessionObject, js_name: str, values: tuple[Any, ...]) -> Any:
        """Call a method: see the module docstring for the steps."""
        member = self._member(js_name)
        caller = Caller(session._client_index, session._context, session)
        if not self._answers(caller):
            return None
        args = self._check_arguments(member, values)
        if not self._check_preconditions(member, caller, args):
            return None
        result = self._perform(member, caller, args)
        self._emit(member, caller, args, result)
        self._raise_listener_errors()
        return result

    def _call_async(self, session: _SessionObject, js_name: str, values: tuple[Any, ...]) -> SettledPromise[Any]:
        """Call a method whose JavaScript result is a Promise: errors reject it instead of raising."""
        try:
            return SettledPromise(self._call(session, js_name, values))
        except Exception as error:
            return SettledPromise.rejected(error)

    def _read(self, session: _SessionObject, js_name: str) -> Any:
        """Read a property: ``None`` after the end, and while a precondition does not hold."""
        member = self._member(js_name)
        caller = Caller(session._client_index, session._context, session)
        if not self._answers(caller):
            return None
        if not self._check_preconditions(member, caller, {}):
            return None
        return getattr(self, f"_get_{member.name}")(caller)

    def _answers(self, caller: Caller) -> bool:
        """Whether the session still answers this caller (conventions.after_end)."""
        return not self._has_ended() and self._is_participant(caller.client_index)

    def _has_ended(self) -> bool:
        return self.ended

    # ------------------------------------------------------------------ arguments

    def _check_arguments(self, member: Member, values: tuple[Any, ...]) -> dict[str, Any]:
        """Every argument checked (TypeError on the first bad one); returns them by JavaScript name."""
        if len(values) != len(member.params):
            raise TypeError(f"{member.js_name}() takes {len(member.params)} arguments, got {len(values)}")
        args: dict[str, Any] = {}
        for param, value in zip(member.params, values, strict=True):
            args[param.js_name] = self._check_argument(member, param, value)
        return args

    def _check_argument(self, member: Member, param: Param, value: Any) -> Any:
        if value is None and self._is_omitted(param):
            return param.default if param.has_default else None
        what = f"{member.js_name}(): argument '{param.js_name}'"
        checked = self._check_type(what, param.type, value)
        return self._check_constraints(what, param.constraints, checked)

    def _is_omitted(self, param: Param) -> bool:
        """``None`` stands for a left-out optional argument that has no default (Python's signature
        fills in the others, so ``None`` there is a value: a wrong one)."""
        return not param.required and not param.has_default

    def _check_type(self, what: str, type_: str, value: Any) -> Any:
        checks: dict[str, Callable[[str, Any], Any]] = {
            "string": self._validate_string,
            "boolean": self._validate_boolean,
            "integer": self._validate_integer,
            "File": self._validate_file,
            "LogEntry": self._validate_log_entry,
            "Record<string, unknown>": self._validate_record,
            "VideochatMode": self._validate_videochat_mode,
            "EventName": self._validate_event_name,
            "EventHandler": self._validate_event_handler,
            "number": self._validate_number,
            "LegacyAutomationTarget": self._validate_legacy_target,
            "AutomationTarget": self._validate_target,
            "ScrollDirection": self._validate_scroll_direction,
            "DomSnapshotOptions": self._validate_dom_snapshot_options,
            "LegacyDomSnapshotOptions": self._validate_legacy_dom_snapshot_options,
        }
        return checks[type_](what, value)

    def _check_constraints(self, what: str, constraints: Mapping[str, Any], value: Any) -> Any:
        if "format" in constraints:
            formats: dict[str, Callable[[str, str], str]] = {
                "absolute-url": self._validate_absolute_url,
                "url": self._validate_url,
                "origin-or-wildcard": self._validate_origin_or_wildcard,
            }
            value = formats[constraints["format"]](what, value)
        if "minimum" in constraints:
            value = self._validate_minimum(what, value, constraints["minimum"])
        if constraints.get("json") == "plain-object":
            value = self._validate_plain_object(what, value)
        return value

    def _validate_string(self, what: str, value: Any) -> str:
        return v.check_string(what, value)

    def _validate_boolean(self, what: str, value: Any) -> bool:
        return v.check_boolean(what, value)

    def _validate_integer(self, what: str, value: Any) -> int:
        return v.check_integer(what, value)

    def _validate_minimum(self, what: str, value: int, minimum: int | float) -> int:
        return v.check_minimum(what, value, minimum)

    def _validate_file(self, what: str, value: Any) -> HostObject:
        return cast(HostObject, v.check_host(what, value, "File"))

    def _validate_record(self, what: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise TypeError(f"{what}: expected an object, got {value!r}")
        return value

    def _validate_log_entry(self, what: str, value: Any) -> dict[str, Any]:
        """A plain object (a ``models.LogEntry`` counts, as its wire JSON) whose reserved keys hold strings."""
        if isinstance(value, models.LogEntry):
            value = value.model_dump(by_alias=True)
        entry = self._validate_plain_object(what, value)
        return self._validate_reserved_keys(what, entry)

    def _validate_reserved_keys(self, what: str, value: dict[str, Any]) -> dict[str, Any]:
        return v.check_reserved_keys(what, value)

    def _validate_plain_object(self, what: str, value: Any) -> dict[str, Any]:
        return v.check_plain_object(what, value)

    def _validate_videochat_mode(self, what: str, value: Any) -> str:
        return v.check_videochat_mode(what, value)

    def _validate_event_name(self, what: str, value: Any) -> str:
        return v.check_string(what, value)

    def _validate_event_handler(self, what: str, value: Any) -> Callable[..., Any]:
        return v.check_callable(what, value)

    def _validate_number(self, what: str, value: Any) -> float | int:
        return v.check_number(what, value)

    def _validate_legacy_target(self, what: str, value: Any) -> Any:
        return v.check_target(what, value, "Element")

    def _validate_target(self, what: str, value: Any) -> Any:
        return v.check_target(what, value, "HTMLElement")

    def _validate_scroll_direction(self, what: str, value: Any) -> str:
        return v.check_scroll_direction(what, value)

    def _validate_dom_snapshot_options(self, what: str, value: Any) -> dict[str, Any]:
        return v.check_options(what, value, v.DOM_SNAPSHOT_OPTIONS)

    def _validate_legacy_dom_snapshot_options(self, what: str, value: Any) -> dict[str, Any]:
        return v.check_options(what, value, v.LEGACY_DOM_SNAPSHOT_OPTIONS)

    def _validate_absolute_url(self, what: str, value: str) -> str:
        return v.check_absolute_url(what, value)

    def _validate_url(self, what: str, value: str) -> str:
        return v.check_url(what, value)

    def _validate_origin_or_wildcard(self, what: str, value: str) -> str:
        return v.check_origin_or_wildcard(what, value)

    # ------------------------------------------------------------------ preconditions

    def _check_preconditions(self, member: Member, caller: Caller, args: Mapping[str, Any]) -> bool:
        """All preconditions, checked before anything happens. False: the call is ignored (or the
        property unavailable). A failing ``otherwise: error`` precondition raises :class:`SessionError`."""
        holds = True
        for precondition in member.preconditions:
            if not self._precondition_holds(precondition, caller, args):
                if precondition.otherwise == "error":
                    raise SessionError(f"{member.js_name}(): {precondition.kind} {precondition.target} does not hold")
                holds = False
        return holds

    def _precondition_holds(self, precondition: Precondition, caller: Caller, args: Mapping[str, Any]) -> bool:
        kind, target = precondition.kind, precondition.target
        if kind == "option":
            return self._option_on(target)
        if kind == "role":
            return self._has_role(caller.client_index, target)
        if kind == "not_role":
            return not self._has_role(caller.client_index, target)
        if kind == "state":
            return self._state_holds(target)
        if kind == "not_state":
            return not self._state_holds(target)
        if kind == "participant":
            return self._is_participant(args[target])
        if kind == "tab":
            return self._tab_exists(args[target])
        raise ValueError(f"unknown precondition kind {kind!r}")

    def _option_on(self, option: str) -> bool:
        return bool(self.options.get(option, self._option_default(option)))

    def _has_role(self, client_index: int, role: str) -> bool:
        if role == "leader":
            return client_index == 0
        return self.roles[role] == client_index

    def _state_holds(self, state: str) -> bool:
        return self.states[state]

    def _is_participant(self, client_index: int) -> bool:
        return client_index in self.participants

    def _tab_exists(self, ssid: int) -> bool:
        """activateTab with an ssid no tab has is ignored (the spec is silent; this reference's reading)."""
        return any(tab["ssid"] == ssid for tab in self.tabs)

    # ------------------------------------------------------------------ effects

    def _perform(self, member: Member, caller: Caller, args: Mapping[str, Any]) -> Any:
        if member.js_name in AUTOMATION:
            return self._do_automation(caller, member.js_name, args)
        by_python_name = {param.name: args[param.js_name] for param in member.params}
        return getattr(self, f"_do_{member.name}")(caller, **by_python_name)

    def _open_tab(self, url: str) -> dict[str, Any]:
        for tab in self.tabs:
            tab["active"] = False
        tab = {"ssid": self._next_ssid, "url": url, "active": True}
        self._next_ssid += 1
        self.tabs.append(tab)
        return tab

    def _active_tab(self) -> dict[str, Any]:
        for tab in self.tabs:
            if tab["active"]:
                return tab
        return self._open_tab("about:blank")

    def _do_relocate(self, caller: Caller, new_url: str, new_tab: bool) -> None:
        if new_tab:
            self._open_tab(new_url)
        else:
            self._active_tab()["url"] = new_url

    def _do_upload_file(self, caller: Caller, file: HostObject) -> None:
        self._open_tab(self._file_url(file))

    def _file_url(self, file: HostObject) -> str:
        name = str(file.properties.get("name") or f"upload-{self._next_ssid}")
        return f"file:///{name}"

    def _do_get_session_info(self, caller: Caller) -> models.SessionInfo:
        return self._session_info()

    def _session_info(self) -> models.SessionInfo:
        """The spec's SessionInfo example, with this session's id."""
        info = copy.deepcopy(SESSION_INFO_EXAMPLE)
        info["sessionId"] = self.session_id
        return models.SessionInfo.model_validate(info)

    def _do_end(self, caller: Caller, redirect_url: str | None) -> None:
        popup = self.options.get("end_of_session_popup_url")
        self.ended = True
        self.end_info = {
            "client_index": caller.client_index,
            "context": caller.context,
            "redirect_url": redirect_url,
            "popup_url": popup if isinstance(popup, str) and popup else None,
        }

    def _do_log(self, caller: Caller, entry: dict[str, Any]) -> None:
        self.audit_log.append({"client_index": caller.client_index, "context": caller.context, "entry": entry})

    def _do_take_screenshot(self, caller: Caller, keep_stream_opened: bool) -> HostObject:
        self.capture_stream_open = keep_stream_opened
        return HostObject("ImageBitmap", width=1280, height=720)

    def _record_call(self, caller: Caller, path: str, args: Mapping[str, Any]) -> None:
        """Keep an accepted call of the Automation API or of ``start`` in :attr:`recorded_calls`."""
        self.recorded_calls.append({"client_index": caller.client_index, "context": caller.context, "member": path,
                                    "args": {name: _recorded(value) for name, value in args.items()}})

    def _do_automation(self, caller: Caller, path: str, args: Mapping[str, Any]) -> Any:
        """An action or perception of the Automation API: recorded; a snapshot resolves to the (empty) page's HTML, a
        GUI snapshot to an image, an action to nothing once it "has completed"."""
        self._record_call(caller, path, args)
        if path in ("automation.take_dom_snapshot", "automation.see.domSnapshot"):
            return DOM_SNAPSHOT_HTML
        if path in ("automation.take_gui_snapshot", "automation.see.gui"):
            return HostObject("ImageBitmap", width=1280, height=720)
        return None

    def _do_start(self, caller: Caller, selector: str | None) -> None:
        """``start(selector?)``: recorded; the reference's sessions have no window to open."""
        self._record_call(caller, "start", {"selector": selector})

    def _namespace(self, session: _SessionObject, name: str, make: Callable[[_SessionObject], _N]) -> _N:
        """The object behind a namespace or event-object member of a session object: always the same one."""
        key = (session._client_index, session._context, name)
        if key not in self._namespaces:
            self._namespaces[key] = make(session)
        return cast(_N, self._namespaces[key])

    def _read_env(self, caller: Caller) -> Mapping[str, str]:
        """``env``: the manifest values, read-only."""
        return MappingProxyType(self.env)

    def _add_event_object_listener(self, caller: Caller, event_object: str, listener: Any) -> None:
        """``on.addListener(listener)`` / ``onMessage.addListener(listener)``: a function, kept until the session ends."""
        if not self._answers(caller):
            return
        listener = v.check_callable(f"{event_object}.addListener(): argument 'listener'", listener)
        self.event_object_listeners.setdefault((caller.client_index, caller.context, event_object), []).append(listener)

    def _deliver_to_event_objects(self, client_index: int, context: str, event: str, payload: BaseModel) -> None:
        """The event-object form of a delivery: ``on.addListener`` listeners get ``(message, sender)``,
        ``onMessage.addListener`` ones ``(message)``, where the message is the payload (tagged with its
        ``event_type``) or, for a broadcast, the broadcast value (rules.EVENT_OBJECT_MESSAGES)."""
        how = EVENT_OBJECT_MESSAGES.get(event)
        if how is None:
            return
        wire = payload.model_dump(by_alias=True)
        message = wire if how == "payload" else wire[how]
        for event_object in ("on", "onMessage"):
            for listener in list(self.event_object_listeners.get((client_index, context, event_object), ())):
                args = (copy.deepcopy(message), {}) if event_object == "on" else (copy.deepcopy(message),)
                try:
                    listener(*args)
                except Exception as error:  # a listener's error must not stop the others
                    self.listener_errors.append(error)
                    self._pending_errors.append(error)

    def _do_on(self, caller: Caller, event_name: str, callback: Callable[..., Any]) -> _SessionObject:
        self.listeners.setdefault((caller.client_index, caller.context, event_name), []).append(callback)
        return caller.session

    def _do_send_message(self, caller: Caller, message: dict[str, Any], target_origin: str) -> None:
        return None  # all it does is its event

    def _do_broadcast_message(self, caller: Caller, message: str) -> None:
        return None  # all it does is its event

    def _do_send_chat_message(self, caller: Caller, message: str) -> None:
        self.chat.append({"client_index": caller.client_index, "message": message})

    def _do_open_tab(self, caller: Caller, url: str) -> None:
        self._open_tab(url)

    def _do_get_tabs(self, caller: Caller) -> list[models.Tab]:
        return [models.Tab.model_validate(dict(tab)) for tab in self.tabs]

    def _do_activate_tab(self, caller: Caller, ssid: int) -> None:
        for tab in self.tabs:
            tab["active"] = tab["ssid"] == ssid

    def _do_pause_tabs(self, caller: Caller) -> None:
        self.paused = True

    def _do_resume_tabs(self, caller: Caller) -> None:
        self.paused = False

    def _do_open_new_tab_page(self, caller: Caller) -> None:
        self._open_tab(NEW_TAB_PAGE_URL)

    def _do_get_participants(self, caller: Caller) -> list[models.Participant]:
        return [
            self._participant_model(index, person, caller)
            for index, person in sorted(self.participants.items())
        ]

    def _participant_model(self, index: int, person: _Participant, caller: Caller) -> models.Participant:
        return models.Participant.model_validate(
            {
                "name": person.name,
                "email": person.email,
                "online": person.online,
                "client_index": index,
                "self": self._is_self(index, caller),
            }
        )

    def _is_self(self, index: int, caller: Caller) -> bool:
        return index == caller.client_index

    def _do_toggle_drawing(self, caller: Caller) -> None:
        self.drawing[caller.client_index] = not self.drawing.get(caller.client_index, False)

    def _do_make_host(self, caller: Caller, client_index: int) -> None:
        self.roles["host"] = client_index
        self._settle_requests("host", client_index)

    def _do_request_to_host(self, caller: Caller) -> None:
        self.requests.append({"type": "host", "client_index": caller.client_index})

    def _do_request_tab_control(self, caller: Caller) -> None:
        self.requests.append({"type": "tab_control", "client_index": caller.client_index})

    def _settle_requests(self, kind: str, client_index: int) -> None:
        """A request is no longer pending once the participant got what they asked for."""
        self.requests = [r for r in self.requests if (r["type"], r["client_index"]) != (kind, client_index)]

    def _do_revoke_tab_control(self, caller: Caller) -> None:
        self.roles["in_control"] = self.roles["tab_owner"]

    def _do_return_tab_control(self, caller: Caller) -> None:
        self.roles["in_control"] = self.roles["tab_owner"]

    def _do_transfer_tab_control(self, caller: Caller, client_index: int) -> None:
        self.roles["in_control"] = client_index
        self._settle_requests("tab_control", client_index)

    def _do_toggle_huddle_mode(self, caller: Caller) -> None:
        self.states["huddle_mode"] = not self.states["huddle_mode"]
        if not self.states["huddle_mode"]:
            self.following.clear()

    def _do_follow_participant(self, caller: Caller, client_index: int) -> None:
        self.following[caller.client_index] = client_index

    def _videochat(self, client_index: int) -> dict[str, Any]:
        """The caller's video call: layout, full screen and microphone are per participant."""
        return self.videochat.setdefault(client_index, {"fullscreen": False, "mode": "floating", "microphone": True})

    def _do_toggle_videochat_fullscreen(self, caller: Caller) -> None:
        call = self._videochat(caller.client_index)
        call["fullscreen"] = not call["fullscreen"]

    def _do_toggle_videochat_mode(self, caller: Caller, mode: str | None) -> None:
        call = self._videochat(caller.client_index)
        call["mode"] = mode if mode is not None else ("sidebar" if call["mode"] == "floating" else "floating")

    def _do_toggle_videochat_microphone(self, caller: Caller) -> None:
        call = self._videochat(caller.client_index)
        call["microphone"] = not call["microphone"]

    def _do_start_screensharing(self, caller: Caller) -> None:
        self.screensharing[caller.client_index] = True

    # ------------------------------------------------------------------ properties

    def _get_started(self, caller: Caller) -> bool:
        return self.states["started"]

    def _get_pin(self, caller: Caller) -> str | None:
        if self.pin_code is None:  # started later than it was created
            self.pin_code = self._make_pin()
        return self.pin_code

    def _get_node(self, caller: Caller) -> HostObject:
        return self._host_object("HTMLIFrameElement", caller)

    def _get_window(self, caller: Caller) -> HostObject:
        return self._host_object("Window", caller)

    def _host_object(self, kind: str, caller: Caller) -> HostObject:
        """One object per kind, participant and context, so that reading twice gives the same one."""
        key = (kind, caller.client_index, caller.context)
        if key not in self._host_objects:
            self._host_objects[key] = HostObject(kind)
        return self._host_objects[key]

    # ------------------------------------------------------------------ events

    def _emit(self, member: Member, caller: Caller, args: Mapping[str, Any], result: Any) -> None:
        for emit in member.emits:
            if self._emit_applies(emit, caller):
                self._emit_one(emit, caller, args, result)

    def _emit_applies(self, emit: Emit, caller: Caller) -> bool:
        """``from_context``: the event is sent only for calls from those contexts."""
        return emit.from_context is None or caller.context in emit.from_context

    def _emit_one(self, emit: Emit, caller: Caller, args: Mapping[str, Any], result: Any) -> None:
        payload = self._payload(emit.event, caller, args, result)
        for client_index, context in self._receivers_for(emit, caller):
            if emit.origin_param is not None and not self._origin_matches(
                args[emit.origin_param], self._origin_of(context)
            ):
                continue
            self._deliver(client_index, context, emit.event, payload)

    def _receivers_for(self, emit: Emit, caller: Caller) -> list[tuple[int, str]]:
        """(client index, context) of every receiver, in the order of ``to``, each once."""
        receivers: list[tuple[int, str]] = []
        for to in emit.to:
            for index in self._participants_matching(to.participants, caller):
                if (index, to.context) not in receivers:
                    receivers.append((index, to.context))
        return receivers

    def _participants_matching(self, which: str, caller: Caller) -> list[int]:
        """``self``, ``others`` or ``all``, relative to the caller."""
        everyone = sorted(self.participants)
        if which == "self":
            return [caller.client_index]
        if which == "others":
            return [index for index in everyone if index != caller.client_index]
        if which == "all":
            return everyone
        raise ValueError(f"unknown receivers {which!r}")

    def _origin_of(self, context: str) -> str:
        return self.origins[context]

    def _origin_matches(self, target_origin: str, origin: str) -> bool:
        """``*`` matches any page; an origin matches a page of the same scheme, host and port."""
        if target_origin == "*":
            return True
        try:
            return v.normalise_origin(target_origin) == v.normalise_origin(origin)
        except ValueError:
            return False

    def _payload(self, event: str, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        build: Callable[[Caller, Mapping[str, Any], Any], BaseModel] = getattr(self, f"_payload_{event}")
        return build(caller, args, result)

    def _payload_session_info(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return cast(models.SessionInfo, result).model_copy(deep=True)

    def _payload_screenshot(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return models.ScreenshotEvent.model_validate({"image": result})

    def _payload_message(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return models.MessageEvent.model_validate({"data": args["message"], "origin": self._origin_of(caller.context)})

    def _payload_broadcast_message(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return models.BroadcastMessageEvent.model_validate({"message": args["message"]})

    def _payload_chat_message(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return models.ChatMessageEvent.model_validate({"event_type": "chat_message", "message": args["message"]})

    def _payload_session_ended(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return models.SessionEndedEvent.model_validate({})

    def _payload_participant_joined(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return models.ParticipantJoinedEvent.model_validate({"clientIndex": args["clientIndex"]})

    def _deliver(self, client_index: int, context: str, event: str, payload: BaseModel) -> None:
        """Call each listener of (participant, context, event) once, with (its session, a copy of the payload)."""
        session = self.session(client_index, context)
        for callback in list(self.listeners.get((client_index, context, event), ())):
            self._invoke_listener(callback, session, payload.model_copy(deep=True))
        self._deliver_to_event_objects(client_index, context, event, payload)

    def _invoke_listener(self, callback: Callable[..., Any], session: _SessionObject, payload: Any) -> None:
        try:
            callback(session, payload)
        except Exception as error:  # a listener's error must not stop the others
            self.listener_errors.append(error)
            self._pending_errors.append(error)

    def _raise_listener_errors(self) -> None:
        pending, self._pending_errors = self._pending_errors, []
        if pending and self.raise_listener_errors:
            raise pending[0]

    # ------------------------------------------------------------------ observation

    def observe(self) -> dict[str, Any]:
        """Everything this session holds, as JSON (dict keys of participants are strings)."""
        return {
            "session_id": self.session_id,
            "participants": {
                str(i): {"name": p.name, "email": p.email, "online": p.online}
                for i, p in sorted(self.participants.items())
            },
            "roles": {"leader": 0, **self.roles},
            "states": dict(self.states),
            "ended": self.ended,
            "pin": self.pin_code,
            "options": copy.deepcopy(self.options),
            "origins": dict(self.origins),
            "tabs": copy.deepcopy(self.tabs),
            "paused": self.paused,
            "drawing": {str(i): on for i, on in sorted(self.drawing.items())},
            "following": {str(i): whom for i, whom in sorted(self.following.items())},
            "chat": copy.deepcopy(self.chat),
            "audit_log": copy.deepcopy(self.audit_log),
            "requests": copy.deepcopy(self.requests),
            "videochat": {str(i): dict(call) for i, call in sorted(self.videochat.items())},
            "screensharing": {str(i): on for i, on in sorted(self.screensharing.items())},
            "capture_stream_open": self.capture_stream_open,
            "end": copy.deepcopy(self.end_info),
            "recorded_calls": copy.deepcopy(self.recorded_calls),
        }


# ====================================================================== session objects


def _recorded(value: Any) -> Any:
    """An argument as JSON for :attr:`VirtualSession.recorded_calls`: browser objects as ``{"$host": kind}`` (elements
    as ``Element``)."""
    if isinstance(value, HostObject):  # an element target as an Element, whichever kind of element it is
        return {"$host": "Element" if value.kind in ("Element", "HTMLElement") else value.kind}
    if isinstance(value, dict):
        return {str(key): _recorded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_recorded(item) for item in value]
    return value


class _SessionObject:
    """What every session object shares: whose it is, and the session it belongs to."""

    __slots__ = ("_client_index", "_context", "_vs")

    def __init__(self, vs: VirtualSession, client_index: int, context: str) -> None:
        self._vs = vs
        self._client_index = client_index
        self._context = context

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of client {self._client_index} in {self._context}>"


class _PublicMembers(_SessionObject):
    """The members marked public, shared by both kinds of session object."""

    __slots__ = ()

    def end(self, redirect_url: str | None = None) -> None:
        self._vs._call(self, "end", (redirect_url,))

    def log(self, entry: models.LogEntry | Mapping[str, object]) -> None:
        self._vs._call(self, "log", (entry,))

    def on(self, event_name: str, callback: Callable[[Self, Any], object]) -> Self:
        """Register ``callback(session, event)``; returns this session (None after the end)."""
        return cast(Self, self._vs._call(self, "on", (event_name, callback)))

    def send_message(self, message: Mapping[str, object], target_origin: str) -> None:
        self._vs._call(self, "sendMessage", (message, target_origin))


class PublicReferenceSession(_PublicMembers):
    """``webfuse.currentSession``: only ``end``, ``log``, ``on`` and ``send_message``."""

    __slots__ = ()


class ReferenceSession(_PublicMembers):
    """The session object of the ``widget`` and ``extension`` contexts: every member."""

    __slots__ = ()

    @property
    def started(self) -> bool:
        return cast(bool, self._vs._read(self, "started"))

    @property
    def pin(self) -> str | None:
        return cast("str | None", self._vs._read(self, "pin"))

    @property
    def node(self) -> HostObject | None:
        return cast("HostObject | None", self._vs._read(self, "node"))

    @property
    def window(self) -> HostObject:
        return cast(HostObject, self._vs._read(self, "window"))

    def relocate(self, new_url: str, new_tab: bool = False) -> None:
        self._vs._call(self, "relocate", (new_url, new_tab))

    def upload_file(self, file: object) -> None:
        self._vs._call(self, "uploadFile", (file,))

    def get_session_info(self) -> SettledPromise[models.SessionInfo]:
        return self._vs._call_async(self, "getSessionInfo", ())

    def take_screenshot(self, keep_stream_opened: bool = True) -> SettledPromise[HostObject]:
        return self._vs._call_async(self, "takeScreenshot", (keep_stream_opened,))

    def broadcast_message(self, message: str) -> None:
        self._vs._call(self, "broadcastMessage", (message,))

    def send_chat_message(self, message: str) -> None:
        self._vs._call(self, "sendChatMessage", (message,))

    def open_tab(self, url: str) -> None:
        self._vs._call(self, "openTab", (url,))

    def get_tabs(self) -> SettledPromise[list[models.Tab]]:
        return self._vs._call_async(self, "getTabs", ())

    def activate_tab(self, ssid: int) -> None:
        self._vs._call(self, "activateTab", (ssid,))

    def pause_tabs(self) -> None:
        self._vs._call(self, "pauseTabs", ())

    def resume_tabs(self) -> None:
        self._vs._call(self, "resumeTabs", ())

    def open_new_tab_page(self) -> None:
        self._vs._call(self, "openNewTabPage", ())

    def get_participants(self) -> SettledPromise[list[models.Participant]]:
        return self._vs._call_async(self, "getParticipants", ())

    def toggle_drawing(self) -> None:
        self._vs._call(self, "toggleDrawing", ())

    def make_host(self, client_index: int) -> None:
        self._vs._call(self, "makeHost", (client_index,))

    def request_to_host(self) -> None:
        self._vs._call(self, "requestToHost", ())

    def request_tab_control(self) -> None:
        self._vs._call(self, "requestTabControl", ())

    def revoke_tab_control(self) -> None:
        self._vs._call(self, "revokeTabControl", ())

    def return_tab_control(self) -> None:
        self._vs._call(self, "returnTabControl", ())

    def transfer_tab_control(self, client_index: int) -> None:
        self._vs._call(self, "transferTabControl", (client_index,))

    def toggle_huddle_mode(self) -> None:
        self._vs._call(self, "toggleHuddleMode", ())

    def follow_participant(self, client_index: int) -> None:
        self._vs._call(self, "followParticipant", (client_index,))

    def toggle_videochat_fullscreen(self) -> None:
        self._vs._call(self, "toggleVideochatFullscreen", ())

    def toggle_videochat_mode(self, mode: models.VideochatMode | None = None) -> None:
        self._vs._call(self, "toggleVideochatMode", (mode,))

    def toggle_videochat_microphone(self) -> None:
        self._vs._call(self, "toggleVideochatMicrophone", ())

    def start_screensharing(self) -> None:
        self._vs._call(self, "startScreensharing", ())


class WidgetReferenceSession(ReferenceSession):
    """The widget's session object: every member, and ``start`` (a widget's sessions may not have started yet)."""

    __slots__ = ()

    def start(self, selector: str | None = None) -> SettledPromise[None]:
        return self._vs._call_async(self, "start", (selector,))


class EventObject:
    """An event object of the extension (``onMessage``): ``add_listener(listener)``."""

    __slots__ = ("_name", "_session")

    def __init__(self, session: _SessionObject, name: str) -> None:
        self._session = session
        self._name = name

    def add_listener(self, listener: Callable[..., object]) -> None:
        session = self._session
        session._vs._add_event_object_listener(Caller(session._client_index, session._context, session), self._name, listener)


class _Namespace:
    """A namespace of the Automation API: its methods call the session's pipeline by dotted path. As in JavaScript, a
    missing argument is ``None`` (undefined): the argument check refuses it where the parameter is required, and the
    returned Promise rejects."""

    __slots__ = ("_path", "_session")

    def __init__(self, session: _SessionObject, path: str) -> None:
        self._session = session
        self._path = path

    def _run(self, name: str, *values: Any) -> SettledPromise[Any]:
        return self._session._vs._call_async(self._session, f"{self._path}.{name}", values)


class AutomationSee(_Namespace):
    """``automation.see``: perception."""

    __slots__ = ()

    def dom_snapshot(self, options: object = None) -> SettledPromise[str]:
        return self._run("domSnapshot", options)

    def gui(self) -> SettledPromise[object]:
        return self._run("gui")


class AutomationAct(_Namespace):
    """``automation.act``: actuation."""

    __slots__ = ()

    def click(self, target: object = None) -> SettledPromise[None]:
        return self._run("click", target)

    def type(self, target: object = None, text: str | None = None) -> SettledPromise[None]:
        return self._run("type", target, text)

    def mouse_move(self, target: object = None) -> SettledPromise[None]:
        return self._run("mouseMove", target)

    def scroll(self, target: object = None, amount: float | None = None) -> SettledPromise[None]:
        return self._run("scroll", target, amount)


class AutomationTool(_Namespace):
    """``automation.tool``: no member of it could be read."""

    __slots__ = ()


class Automation(_Namespace):
    """``automation``: the older generation's snake_case methods, and the newer ``see``, ``act`` and ``tool``."""

    __slots__ = ("act", "see", "tool")

    def __init__(self, session: _SessionObject) -> None:
        super().__init__(session, "automation")
        self.see = AutomationSee(session, "automation.see")
        self.act = AutomationAct(session, "automation.act")
        self.tool = AutomationTool(session, "automation.tool")

    def mouse_move(self, target: object = None, persistent: bool = False) -> SettledPromise[None]:
        return self._run("mouse_move", target, persistent)

    def scroll(self, target: object = None, direction: str | None = None, amount: float | None = None) -> SettledPromise[None]:
        return self._run("scroll", target, direction, amount)

    def left_click(self, target: object = None, move_mouse: bool = False) -> SettledPromise[None]:
        return self._run("left_click", target, move_mouse)

    def leftClick(self, target: object = None, move_mouse: bool = False) -> SettledPromise[None]:  # JavaScript's spelling
        """The deprecated spelling of ``left_click``, which the JavaScript reference accepts too."""
        return self._run("left_click", target, move_mouse)

    def middle_click(self, target: object = None, move_mouse: bool = False) -> SettledPromise[None]:
        return self._run("middle_click", target, move_mouse)

    def right_click(self, target: object = None, move_mouse: bool = False) -> SettledPromise[None]:
        return self._run("right_click", target, move_mouse)

    def type(self, target: object = None, text: str | None = None, move_mouse: bool | None = None, overwrite: bool | None = None) -> SettledPromise[None]:
        return self._run("type", target, text, move_mouse, overwrite)

    def take_dom_snapshot(self, options: object = None) -> SettledPromise[str]:
        return self._run("take_dom_snapshot", options)

    def take_gui_snapshot(self) -> SettledPromise[HostObject]:
        return self._run("take_gui_snapshot")

    def wait(self, selector: str | None = None, timeout: float | None = None) -> SettledPromise[None]:
        return self._run("wait", selector, timeout)

    def navigate(self, url: str | None = None) -> SettledPromise[None]:
        return self._run("navigate", url)


class ExtensionReferenceSession(ReferenceSession):
    """The extension's session object: every member, ``env``, ``automation``, ``on_message``, and ``on`` as an event
    object too (``on.add_listener``)."""

    __slots__ = ()

    @property
    def env(self) -> Mapping[str, str]:
        return self._vs._read_env(Caller(self._client_index, self._context, self))

    @property
    def automation(self) -> Automation:
        return self._vs._namespace(self, "automation", Automation)

    @property
    def on_message(self) -> EventObject:
        return self._vs._namespace(self, "on_message", lambda s: EventObject(s, "onMessage"))

    @property
    def on_listeners(self) -> EventObject:
        """``on``'s event-object form, ``on.addListener`` in JavaScript: in Python ``on`` stays the method."""
        return self._vs._namespace(self, "on_listeners", lambda s: EventObject(s, "on"))


ON_LISTENERS = LISTENER_FORMS["on"]
"""The Python attribute of ``on``'s event-object form (``on.addListener`` in JavaScript), where ``on`` is one."""

_ALL_MEMBERS = frozenset(member.name for member in MEMBERS.values())
_PUBLIC_MEMBERS = frozenset(member.name for member in MEMBERS.values() if member.public)


def _members_of(cls: type[_SessionObject]) -> frozenset[str]:
    return frozenset(name for name in dir(cls) if not name.startswith("_"))


def _session_class_with(members: Iterable[str], event_object: bool = False) -> type[_SessionObject]:
    """A session object class with exactly the given members (for variants that expose other sets), ``on`` an event
    object too when ``event_object``."""
    namespace: dict[str, Any] = {"__slots__": (), "__module__": __name__}
    for name in members:
        namespace[name] = _member_attribute(name)
    if event_object and "on" in namespace:
        namespace[ON_LISTENERS] = ExtensionReferenceSession.__dict__[ON_LISTENERS]
    return type("CustomSession", (_SessionObject,), namespace)


def _member_attribute(name: str) -> Any:
    for cls in (*WidgetReferenceSession.__mro__, ExtensionReferenceSession):
        if name in cls.__dict__:
            return cls.__dict__[name]
    raise AttributeError(name)


def _check_members_match_rules() -> None:
    have = _members_of(ReferenceSession)
    public = _members_of(PublicReferenceSession)
    own = {context: _members_of(cls) - have - {ON_LISTENERS} for context, cls in (("widget", WidgetReferenceSession),
                                                                                     ("extension", ExtensionReferenceSession))}
    if have != _ALL_MEMBERS or public != _PUBLIC_MEMBERS or own != {c: set(m) for c, m in CONTEXT_MEMBERS.items()}:  # pragma: no cover
        raise RuntimeError("the session object classes and rules.MEMBERS disagree")


_check_members_match_rules()


if TYPE_CHECKING:
    # mypy --strict proves the session objects are the spec's Protocols.
    from webfuse_session import PublicSessionObject, SessionObject

    def _conforms(vs: VirtualSession) -> tuple[SessionObject, SessionObject, PublicSessionObject, Awaitable[object]]:
        widget: SessionObject = vs.widget(0)
        extension: SessionObject = vs.session(1, "extension")
        public: PublicSessionObject = vs.public(0)
        return widget, extension, public, widget.get_tabs()
