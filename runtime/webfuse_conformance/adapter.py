"""How an implementation of the Session API plugs into the conformance suite.

Provide a factory (``package.module:factory``, passed as ``--session-impl``) that returns an object
with the methods of :class:`Implementation`. Everything that crosses this interface is JSON plus a
few tokens, so that a JavaScript implementation in a browser can be driven just like a Python one:

- ``{"$host": NAME}``, NAME one of the spec's host types (browser objects such as a file): arguments
  carry one for the implementation to turn into a real object; results that are browser objects come
  back as one.
- ``{"$session": true}``: in a result, the very session object the call was made on (chaining).
- ``{"$unserialisable": "function"}``: in an argument, a value that JSON cannot carry (a function).

What the names mean (the contexts, roles, states and options a :class:`Situation` names, the error
names an :class:`Outcome` reports, what a :class:`Snapshot` holds) comes from the spec, and the
suite's README lists them for this version of the API, under "The adapter contract". The suite
checks what an adapter returns (:func:`guarded`): a missing method or a value of the wrong shape
stops the run with a message naming the method, instead of failing checks for the wrong reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

JSON = Any


@dataclass
class Situation:
    """The session to open: its options, who holds each role and which states hold.

    ``participants`` are numbered by client index from 0. ``options`` maps an option of the spec to its
    value; an option left out takes the implementation's default. ``roles`` maps a role of the spec to
    the client index holding it (a role the spec fixes to one index is always given that index).
    ``states`` maps a state of the spec to whether it holds. ``origins`` maps a context to the origin of
    the page it runs in, for messages filtered by origin. Every participant has a session object in
    every context.
    """

    participants: int = 3
    options: dict[str, JSON] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    states: dict[str, bool] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What a call did: its value (Promises resolved), or the name of the JavaScript error it raised
    (``TypeError``, ``Error``, ...: the constructor's name, as ``error.name`` gives it)."""

    value: JSON = None
    error: str | None = None
    message: str = ""
    promise: bool | None = field(default=None, compare=False)
    """For a method call: whether it returned a Promise (a thenable); None when the adapter cannot tell.
    (Outcomes compare by value and error only.)"""
    rejected: bool | None = field(default=None, compare=False)
    """For an error: True when a returned Promise rejected, False when the call threw; None when the
    adapter cannot tell."""


@dataclass
class Delivery:
    """One event as a listener received it."""

    participant: int
    context: str
    event: str
    payload: JSON
    session_argument: bool
    """The callback's first argument was the session object the listener was registered on."""
    this_is_session: bool | None
    """``this`` inside the callback was that session; None for languages without ``this``."""


@dataclass
class Snapshot:
    """The observable state of a session, to tell whether a call changed anything.

    ``participants``: the client indexes of everyone in the session. ``roles``: every role of the spec
    and the client index holding it. ``states``: every state of the spec and whether it holds.
    ``ended``: whether the session has ended. ``data``: anything else the implementation can observe
    (tabs, the audit log, flags), compared for equality only: equal before and after a call that must
    change nothing.
    """

    participants: list[int]
    roles: dict[str, int]
    states: dict[str, bool]
    ended: bool
    data: JSON = None
    state: dict[str, JSON] = field(default_factory=dict)
    """The spec's state variables by name (see the suite's README): a per-participant variable as
    ``{"client index": value}``, where a participant left out has the variable's initial value."""
    """Anything else the implementation can observe (tabs, logs, flags); compared for equality."""


class Implementation(Protocol):
    """An implementation of the Session API, as the conformance suite drives it."""

    name: str

    def open(self, situation: Situation) -> Any:
        """Create a session in the given situation and return a handle the other methods take."""
        ...

    def add_participant(self, session: Any) -> int:
        """Let one more participant join; return their client index."""
        ...

    def remove_participant(self, session: Any, client_index: int) -> None:
        ...

    def exposes(self, session: Any, client_index: int, context: str, member: str) -> bool:
        """Whether the participant's session object in ``context`` has ``member`` (by JavaScript name)."""
        ...

    def call(self, session: Any, client_index: int, context: str, member: str, args: list[JSON]) -> Outcome:
        """Call a method (by JavaScript name) with positional arguments; await a returned Promise."""
        ...

    def read(self, session: Any, client_index: int, context: str, member: str) -> Outcome:
        """Read a property (by JavaScript name)."""
        ...

    def listen(self, session: Any, client_index: int, context: str, event: str) -> Outcome:
        """Register a recording listener with the context's subscription method; return its result."""
        ...

    # Optional: ``members(session, client_index, context) -> list[str]``, every member name the session
    # object offers in that context (its own and its prototypes' properties, JavaScript names), so that
    # members the spec does not declare are seen. Without it, only declared members are looked for.

    def deliveries(self, session: Any) -> list[Delivery]:
        """Every event the recording listeners received since the last call, in order; then forget them."""
        ...

    def snapshot(self, session: Any) -> Snapshot:
        ...

    def close(self, session: Any) -> None:
        ...


class AdapterError(RuntimeError):
    """The adapter broke its contract: a method is missing or returned a value of the wrong shape."""


_METHODS = ("open", "add_participant", "remove_participant", "exposes", "call", "read", "listen", "deliveries",
            "snapshot", "close")


def _is_json(value: Any, depth: int = 0) -> bool:
    if depth > 64:
        return False
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, list):
        return all(_is_json(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v, depth + 1) for k, v in value.items())
    return False


class GuardedImplementation:
    """An adapter wrapped so that every answer is checked against the contract before a check uses it."""

    def __init__(self, impl: Any) -> None:
        missing = [m for m in _METHODS if not callable(getattr(impl, m, None))]
        if missing:
            raise AdapterError(f"the adapter {type(impl).__name__} lacks the method(s) {', '.join(missing)}; "
                               "see webfuse_conformance.adapter.Implementation")
        self._impl = impl
        self.name = str(getattr(impl, "name", type(impl).__name__))

    def __getattr__(self, name: str) -> Any:  # optional extras: listen_many, round_trips, shutdown
        return getattr(self._impl, name)

    def _expect(self, method: str, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
        if not isinstance(value, kind):
            raise AdapterError(f"adapter.{method}() returned {type(value).__name__} {value!r:.200}; expected {what}")
        return value

    def _outcome(self, method: str, answer: Any) -> Outcome:
        outcome: Outcome = self._expect(method, answer, Outcome, "a webfuse_conformance.adapter.Outcome")
        if outcome.error is not None and not isinstance(outcome.error, str):
            raise AdapterError(f"adapter.{method}() returned an Outcome whose error is {outcome.error!r}; expected the "
                               "JavaScript error's name as a string, or None")
        for flag in ("promise", "rejected"):
            if getattr(outcome, flag) not in (None, True, False):
                raise AdapterError(f"adapter.{method}() returned an Outcome whose {flag} is {getattr(outcome, flag)!r}; "
                                   "expected True, False or None")
        if not _is_json(outcome.value):
            raise AdapterError(f"adapter.{method}() returned a value that is not JSON: {outcome.value!r:.200}; expected "
                               "JSON with $host/$session/$unserialisable tokens for what JSON cannot carry")
        return outcome

    def open(self, situation: Situation) -> Any:
        return self._impl.open(situation)

    def add_participant(self, session: Any) -> int:
        return int(self._expect("add_participant", self._impl.add_participant(session), int, "the new client index"))

    def remove_participant(self, session: Any, client_index: int) -> None:
        self._impl.remove_participant(session, client_index)

    def exposes(self, session: Any, client_index: int, context: str, member: str) -> bool:
        return bool(self._expect("exposes", self._impl.exposes(session, client_index, context, member), bool, "True or False"))

    def call(self, session: Any, client_index: int, context: str, member: str, args: list[JSON]) -> Outcome:
        return self._outcome("call", self._impl.call(session, client_index, context, member, args))

    def read(self, session: Any, client_index: int, context: str, member: str) -> Outcome:
        return self._outcome("read", self._impl.read(session, client_index, context, member))

    def listen(self, session: Any, client_index: int, context: str, event: str) -> Outcome:
        return self._outcome("listen", self._impl.listen(session, client_index, context, event))

    def members(self, session: Any, client_index: int, context: str) -> list[str] | None:
        """The session object's member names, or None when the adapter does not list them."""
        lister = getattr(self._impl, "members", None)
        if not callable(lister):
            return None
        names = self._expect("members", lister(session, client_index, context), list, "a list of member names")
        return [str(self._expect("members", n, str, "a list of member names")) for n in names]

    def deliveries(self, session: Any) -> list[Delivery]:
        got = self._expect("deliveries", self._impl.deliveries(session), list, "a list of Delivery")
        for d in got:
            self._expect("deliveries", d, Delivery, "a list of webfuse_conformance.adapter.Delivery")
        return list(got)

    def snapshot(self, session: Any) -> Snapshot:
        snap: Snapshot = self._expect("snapshot", self._impl.snapshot(session), Snapshot, "a webfuse_conformance.adapter.Snapshot")
        if not (isinstance(snap.participants, list) and isinstance(snap.roles, dict) and isinstance(snap.states, dict)):
            raise AdapterError(f"adapter.snapshot() returned {snap!r:.300}; expected participants as a list of client "
                               "indexes, roles as {role: client index} and states as {state: bool}")
        return snap

    def close(self, session: Any) -> None:
        self._impl.close(session)


def guarded(impl: Any) -> Implementation:
    """``impl`` checked against the adapter contract (see :class:`GuardedImplementation`)."""
    return impl if isinstance(impl, GuardedImplementation) else GuardedImplementation(impl)
