"""The reference as the conformance suite drives it: ``--session-impl webfuse_reference.adapter:factory``.

:class:`ReferenceImplementation` implements :class:`webfuse_conformance.adapter.Implementation` on
top of :class:`~webfuse_reference.session.VirtualSession`. A variant of the reference (a "mutant")
plugs in by subclassing ``VirtualSession``, overriding one rule, and handing the class over::

    class HostIgnoresParticipants(VirtualSession):
        def _is_participant(self, client_index: int) -> bool:
            return True

    def factory() -> ReferenceImplementation:
        return ReferenceImplementation(HostIgnoresParticipants, name="mutant: no participant check")

The translation between the suite's JSON (with its ``$host``, ``$session`` and ``$unserialisable``
tokens) and Python values is itself made of small methods (:meth:`ReferenceImplementation.to_python`,
:meth:`ReferenceImplementation.to_json`, :meth:`ReferenceImplementation.settle`,
:meth:`ReferenceImplementation.error_outcome`), which a subclass can override too.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import re
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from webfuse_conformance.adapter import Delivery, Implementation, Outcome, Situation, Snapshot
from webfuse_session import JS_TO_PYTHON
from webfuse_session.spec_runtime import LISTENER_FORMS

from .host import HOST_KINDS, HostObject, SettledPromise
from .rules import EXAMPLE_ENV
from .session import VirtualSession, _SessionObject

__all__ = ["ReferenceImplementation", "SessionHandle", "factory"]

JSON = Any


@dataclass
class SessionHandle:
    """What :meth:`ReferenceImplementation.open` returns: the session and what its listeners recorded."""

    vs: VirtualSession
    deliveries: list[Delivery] = field(default_factory=list)


def _unserialisable(*args: Any, **kwargs: Any) -> None:
    """Stands for ``{"$unserialisable": "function"}``: a JavaScript function, which JSON cannot carry."""
    return None


class ReferenceImplementation:
    """The Python reference, behind the conformance suite's interface."""

    def __init__(self, session_class: type[VirtualSession] = VirtualSession, *, name: str | None = None) -> None:
        self.session_class = session_class
        self.name = name or (
            "webfuse-reference (python)"
            if session_class is VirtualSession
            else f"webfuse-reference (python), variant {session_class.__name__}"
        )

    # ------------------------------------------------------------------ lifecycle

    def open(self, situation: Situation) -> SessionHandle:
        vs = self.session_class(
            participants=situation.participants,
            options=situation.options,
            roles=situation.roles,
            states=situation.states,
            origins=situation.origins,
            raise_listener_errors=False,
            env=EXAMPLE_ENV,
        )
        return SessionHandle(vs)

    def add_participant(self, session: SessionHandle) -> int:
        return session.vs.add_participant()

    def remove_participant(self, session: SessionHandle, client_index: int) -> None:
        session.vs.remove_participant(client_index)

    def close(self, session: SessionHandle) -> None:
        session.deliveries.clear()

    # ------------------------------------------------------------------ members

    def python_name(self, member: str) -> str | None:
        """The Python attribute of a JavaScript member name (None for names no session can have): the package's
        spelling, else the name in snake_case (``onMessage`` -> ``on_message``, ``addListener`` -> ``add_listener``)."""
        name = JS_TO_PYTHON.get(member) or re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", member).lower()
        if not name.isidentifier() or name.startswith("_"):
            return None
        return name

    def resolve(self, session: SessionHandle, client_index: int, context: str, member: str) -> tuple[object, str | None]:
        """The object holding the member at a dotted path (``automation.act.click``) and the member's Python name;
        (the nearest object reached, None) when a step is missing."""
        *steps, last = member.split(".")
        obj: object = session.vs.session(client_index, context)
        for i, step in enumerate(steps):
            # a method's event-object form is an attribute of its own in Python: on.addListener is on_listeners
            name = LISTENER_FORMS.get(".".join(steps[: i + 1])) or self.python_name(step)
            if name is None or not _has(obj, name):
                return obj, None
            try:
                obj = getattr(obj, name)
            except Exception:
                return obj, None
        return obj, self.python_name(last)

    def exposes(self, session: SessionHandle, client_index: int, context: str, member: str) -> bool:
        obj, name = self.resolve(session, client_index, context, member)
        return name is not None and _has(obj, name)

    def call(self, session: SessionHandle, client_index: int, context: str, member: str, args: list[JSON]) -> Outcome:
        obj, name = self.resolve(session, client_index, context, member)
        if name is None or not hasattr(obj, name):
            return Outcome(error="TypeError", message=f"session.{member} is not a function")
        try:
            function = getattr(obj, name)
            if not callable(function):
                return Outcome(error="TypeError", message=f"session.{member} is not a function")
            returned = function(*[self.to_python(arg) for arg in args])
        except Exception as error:
            return self.error_outcome(error, rejected=False)
        promise = isinstance(returned, SettledPromise) or inspect.isawaitable(returned)
        try:
            result = self.settle(returned)
        except Exception as error:
            return self.error_outcome(error, rejected=True, promise=promise)
        return Outcome(value=self.to_json(result, session.vs.session(client_index, context)), promise=promise)

    def members(self, session: SessionHandle, client_index: int, context: str) -> list[str]:
        """The public attributes of the participant's session object, by JavaScript name where they have one."""
        obj = session.vs.session(client_index, context)
        to_js = {python: js for js, python in JS_TO_PYTHON.items()}
        forms = set(LISTENER_FORMS.values())  # ``on_listeners`` is ``on``'s event-object form, not a member of its own
        return sorted(to_js.get(name, name) for name in dir(obj) if not name.startswith("_") and name not in forms)

    def read(self, session: SessionHandle, client_index: int, context: str, member: str) -> Outcome:
        obj, name = self.resolve(session, client_index, context, member)
        if name is None or not _has(obj, name):
            return Outcome(value=None)  # reading a missing property gives undefined
        try:
            value = getattr(obj, name)
        except Exception as error:
            return self.error_outcome(error)
        return Outcome(value=self.to_json(value, session.vs.session(client_index, context)))

    def listen(self, session: SessionHandle, client_index: int, context: str, event: str) -> Outcome:
        """Register a listener that records what it receives, with the context's ``on``."""
        obj = session.vs.session(client_index, context)

        def record(session_argument: Any, payload: Any) -> None:
            session.deliveries.append(
                Delivery(
                    participant=client_index,
                    context=context,
                    event=event,
                    payload=self.to_json(payload, obj),
                    session_argument=session_argument is obj,
                    this_is_session=None,
                )
            )

        if not hasattr(obj, "on"):
            return Outcome(error="TypeError", message="session.on is not a function")
        try:
            result = obj.on(event, record)
        except Exception as error:
            return self.error_outcome(error)
        return Outcome(value=self.to_json(result, obj))

    def deliveries(self, session: SessionHandle) -> list[Delivery]:
        delivered, session.deliveries = session.deliveries, []
        return delivered

    def snapshot(self, session: SessionHandle) -> Snapshot:
        state = session.vs.observe()
        roles = state.pop("roles")
        states = state.pop("states")
        ended = state.pop("ended")
        return Snapshot(
            participants=sorted(session.vs.participants),
            roles=roles,
            states=states,
            ended=ended,
            data=state,
            state=self.spec_state(state),
        )

    def spec_state(self, observed: dict[str, Any]) -> dict[str, Any]:
        """This session's state under the spec's names (``state`` of the spec), from :meth:`VirtualSession.observe`."""
        calls: dict[str, dict[str, Any]] = observed["videochat"]
        return {
            "tabs": observed["tabs"],
            "paused": observed["paused"],
            "drawing": observed["drawing"],
            "following": observed["following"],
            "videochat_fullscreen": {who: call["fullscreen"] for who, call in calls.items()},
            "videochat_mode": {who: call["mode"] for who, call in calls.items()},
            "microphone": {who: call["microphone"] for who, call in calls.items()},
            "screensharing": observed["screensharing"],
            "audit_log": [record["entry"] for record in observed["audit_log"]],
        }

    # ------------------------------------------------------------------ translation

    def to_python(self, value: JSON) -> Any:
        """Suite JSON to a Python argument: ``{"$host": kind}`` to a :class:`HostObject`,
        ``{"$unserialisable": ...}`` to a function; inside lists and objects too."""
        if isinstance(value, dict):
            if set(value) == {"$host"} and value["$host"] in HOST_KINDS:
                return HostObject(value["$host"])
            if set(value) == {"$unserialisable"}:
                return _unserialisable
            return {key: self.to_python(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.to_python(item) for item in value]
        return value

    def to_json(self, value: Any, session: _SessionObject | None = None) -> JSON:
        """A result or payload as suite JSON: models as their wire JSON, host objects as
        ``{"$host": kind}``, the session the call was made on as ``{"$session": true}``."""
        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, _SessionObject):
            return {"$session": value is session}
        if isinstance(value, HostObject):
            return {"$host": value.kind}
        if isinstance(value, BaseModel):
            return self.to_json(value.model_dump(by_alias=True), session)
        if isinstance(value, Mapping):  # a dict, or a read-only mapping (``env``)
            return {str(key): self.to_json(item, session) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.to_json(item, session) for item in value]
        if callable(value):
            return {"$unserialisable": "function"}
        return {"$unserialisable": type(value).__name__}

    def settle(self, value: Any) -> Any:
        """Await a returned Promise (a :class:`SettledPromise`, or any awaitable a variant returns)."""
        if isinstance(value, SettledPromise):
            return value.result()
        if inspect.isawaitable(value):
            return _run(value)
        return value

    def error_outcome(self, error: BaseException, rejected: bool | None = None, promise: bool | None = None) -> Outcome:
        """A JavaScript error name for a Python exception: TypeError stays TypeError, the rest are Error."""
        return Outcome(error="TypeError" if isinstance(error, TypeError) else "Error", message=str(error), promise=promise,
                       rejected=rejected)


def _has(obj: object, name: str) -> bool:
    """Whether ``obj`` has the member ``name``, like JavaScript's ``in``: a property whose getter
    raises (a variant may raise where a value is unavailable) still exists."""
    try:
        return hasattr(obj, name)
    except Exception:
        return True


def _run(awaitable: Awaitable[Any]) -> Any:
    async def wait() -> Any:
        return await awaitable

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(wait())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # called from inside an event loop
        return pool.submit(asyncio.run, wait()).result()


def factory() -> Implementation:
    """The reference, for ``--session-impl webfuse_reference.adapter:factory``."""
    return ReferenceImplementation()
