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

Every call into the adapter has a time limit (``--conformance-call-timeout``, :data:`DEFAULT_CALL_TIMEOUT`
seconds; 0 for none). A check against a Python adapter runs on a worker thread (a daemon thread),
and the thread that started it times each of its calls into the adapter: a call that does not return
in time (a method that blocks, a Promise that never settles) is abandoned with its thread, the check
fails at once with :class:`CallTimeout`'s message, without shrinking, and the next check gets a fresh
implementation from the factory (or the same object, when there is no factory). Python cannot stop a
thread: the abandoned one is left to itself, and if its call ever returns, it ends without calling
the adapter again. Timing a call costs a clock read, not a thread switch. An adapter that enforces
the limit itself (the browser adapter, whose Playwright objects belong to the thread that made them)
has a ``set_call_timeout(seconds)`` method, raises :class:`CallTimeout` itself, and is called on the
check's own thread.
"""

from __future__ import annotations

import contextlib
import contextvars
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol

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
        """Whether the participant's session object in ``context`` has ``member`` (by JavaScript name). ``member``
        may be a dotted path (``automation.act.click``, ``on.addListener``): whether each step has the next one."""
        ...

    def call(self, session: Any, client_index: int, context: str, member: str, args: list[JSON]) -> Outcome:
        """Call a method (by JavaScript name, or dotted path: a namespace's method, called on its namespace) with
        positional arguments; await a returned Promise."""
        ...

    def read(self, session: Any, client_index: int, context: str, member: str) -> Outcome:
        """Read a property (by JavaScript name, or dotted path: ``env`` is read as a whole)."""
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


DEFAULT_CALL_TIMEOUT = 5.0
"""Seconds a call into the implementation may take (``--conformance-call-timeout``)."""


class CallTimeout(BaseException):  # noqa: N818 (a signal, like KeyboardInterrupt, not an error to handle)
    """A call into the implementation did not return (or its Promise did not settle) within the call timeout.

    A BaseException, so that no ``except Exception`` swallows it and Hypothesis neither catches nor
    shrinks it: the check stops at once (:func:`webfuse_conformance.runner.run_check` turns it into
    the check's failure, :class:`webfuse_conformance.runner.CheckHung`). ``replay`` is the trace of
    the check up to the call, when a :class:`~webfuse_conformance.trace.Trace` saw it.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.replay: str | None = None


Pending = tuple[float, Callable[[], tuple[str, str]]]
"""A call in progress: when it started, and what names it (the call, its details) for a message."""


class _Watch:
    """A check running on a worker thread: the call it is making into the implementation, for the
    thread that waits for it to time; whether it was abandoned; the trace it records (for the replay)."""

    __slots__ = ("abandoned", "call", "message", "trace")

    def __init__(self) -> None:
        self.call: Pending | None = None
        self.abandoned = False
        self.message = ""
        self.trace: Any = None


_local = threading.local()
"""``watch``: the :class:`_Watch` of the check the current thread runs, if any."""

Job = tuple[Callable[[], None], _Watch, "queue.SimpleQueue[tuple[BaseException | None]]"]


class _CheckThread:
    """A daemon thread that runs checks, one after the other, each with its :class:`_Watch`.

    Kept for the checks that follow (in :data:`_IDLE`) unless one of its checks hung: Hypothesis makes
    some set-up on the first run in each thread (it registers a thread-local random generator, with a
    full garbage collection), which a thread per check would pay every time."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="webfuse-conformance-check", daemon=True).start()

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            check, watch, done = job
            _local.watch = watch
            try:
                check()
            except BaseException as error:  # handed to the waiting thread
                done.put((error,))
            else:
                done.put((None,))
            finally:
                _local.watch = None
            del job, check, watch, done

    def run(self, check: Callable[[], None], watch: _Watch) -> queue.SimpleQueue[tuple[BaseException | None]]:
        """Start ``check`` in the calling thread's context (:func:`_in_context`); the queue gets (what it
        raised, or None) when it ends."""
        done: queue.SimpleQueue[tuple[BaseException | None]] = queue.SimpleQueue()
        self._jobs.put((_in_context(check), watch, done))
        return done

    def stop(self) -> None:
        """End the thread once its current check (if any, and if ever) ends."""
        self._jobs.put(None)


_THREAD_LOCALS = (("hypothesis.statistics", "collector"), ("hypothesis.reporting", "reporter"),
                  ("hypothesis._settings", "default_variable"), ("hypothesis.internal.escalation", "current_pytest_item"))
"""Hypothesis's thread-local settings (``DynamicVariable``): the statistics callback (``--hypothesis-show-statistics``,
bench_conformance), where reports go, the settings in force, the pytest item."""


def _in_context(check: Callable[[], None]) -> Callable[[], None]:
    """``check``, to run on another thread as it would on this one: in a copy of this thread's context
    variables, with this thread's values of Hypothesis's thread-local settings (:data:`_THREAD_LOCALS`)."""
    context = contextvars.copy_context()
    variables: list[Any] = [getattr(sys.modules.get(module), name, None) for module, name in _THREAD_LOCALS]
    carried = [(variable, variable.value) for variable in variables if hasattr(variable, "with_value")]

    def run() -> None:
        with contextlib.ExitStack() as stack:
            for variable, value in carried:
                stack.enter_context(variable.with_value(value))
            context.run(check)

    return run


_IDLE: list[_CheckThread] = []
"""Check threads waiting for a check (one, unless checks run from several threads at once)."""
_IDLE_LOCK = threading.Lock()


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


def _check_methods(impl: Any) -> None:
    missing = [m for m in _METHODS if not callable(getattr(impl, m, None))]
    if missing:
        raise AdapterError(f"the adapter {type(impl).__name__} lacks the method(s) {', '.join(missing)}; "
                           "see webfuse_conformance.adapter.Implementation")


class GuardedImplementation:
    """An adapter wrapped so that every answer is checked against the contract before a check uses it,
    and every call is given the call timeout (see the module's docstring; :meth:`watched` runs a check).

    After a call timed out, the implementation is *hung*: every further call raises the same
    :class:`CallTimeout` at once (``close`` does nothing) until :meth:`recover`, which the runner calls
    before each check, replaces it with ``factory()`` when there is a factory. An adapter that enforces
    the timeout itself (``set_call_timeout``) has already replaced what hung (the browser adapter: the
    page) and is kept.
    """

    def __init__(self, impl: Any, call_timeout: float = DEFAULT_CALL_TIMEOUT, factory: Callable[[], Any] | None = None) -> None:
        _check_methods(impl)
        self._impl = impl
        self._factory = factory
        self._hung: str | None = None
        self.call_timeout = call_timeout
        self.name = str(getattr(impl, "name", type(impl).__name__))

    @property
    def call_timeout(self) -> float:
        """Seconds a call may take; 0: no limit (checks then run on the caller's thread)."""
        return self._call_timeout

    @call_timeout.setter
    def call_timeout(self, seconds: float) -> None:
        if not seconds >= 0:
            raise ValueError(f"the call timeout must be a number of seconds >= 0 (0: none), got {seconds!r}")
        self._call_timeout = float(seconds)
        setter = getattr(self._impl, "set_call_timeout", None)
        self._times_itself = callable(setter)
        if callable(setter):
            setter(self._call_timeout)

    @property
    def hung(self) -> bool:
        """Whether a call timed out since the last :meth:`recover`."""
        return self._hung is not None

    def recover(self) -> None:
        """After a call timed out: a fresh implementation (see the class docstring) for what runs next."""
        if self._hung is None:
            return
        self._hung = None
        if self._factory is not None and not self._times_itself:
            impl = self._factory()
            _check_methods(impl)
            self._impl = impl
            self.call_timeout = self._call_timeout  # the new one's set_call_timeout, if any

    def watched(self, check: Callable[[], None]) -> None:
        """Run ``check`` (all of a check's examples) on a worker thread while this thread times each call it
        makes into the implementation; raise what it raises, or :class:`CallTimeout` when a call does not
        return in time (the worker is then abandoned: another thread runs the next check). Without a
        timeout, or for an adapter that enforces it itself, ``check`` runs on this thread."""
        if not self._call_timeout or self._times_itself:
            check()
            return
        with _IDLE_LOCK:
            worker = _IDLE.pop() if _IDLE else _CheckThread()
        watch = _Watch()
        done = worker.run(check, watch)
        limit = self._call_timeout
        try:
            while True:
                call = watch.call
                try:
                    (error,) = done.get(timeout=limit if call is None else max(call[0] + limit - time.monotonic(), 0.001))
                    break
                except queue.Empty:
                    if call is not None and watch.call is call and time.monotonic() - call[0] >= limit:
                        name, details = call[1]()
                        after = ("the next check gets a fresh implementation from the factory" if self._factory is not None
                                 else "the next check uses the same implementation (there is no factory to make another)")
                        self._hung = (f"{name} did not return within {limit:g} s ({details}): the implementation is taken "
                                      f"as hung, so this check fails at once, without shrinking, and {after} (the hung call "
                                      "is left running on a daemon thread)")
                        watch.message, watch.abandoned = self._hung, True
                        hung = CallTimeout(self._hung)
                        replay = getattr(watch.trace, "replay_pending", None)
                        hung.replay = replay() if callable(replay) else None
                        raise hung from None
        except BaseException:
            watch.abandoned = True  # a KeyboardInterrupt too: the check stops at its next call
            watch.message = watch.message or "the check was interrupted"
            worker.stop()
            raise
        with _IDLE_LOCK:
            _IDLE.append(worker)
        if error is not None:
            raise error

    def watch_trace(self, trace: Any) -> None:
        """The trace a check records on this thread (``Trace`` calls this), for the replay of a call that hangs."""
        watch: _Watch | None = getattr(_local, "watch", None)
        if watch is not None:
            watch.trace = trace

    def _raise_hung(self) -> NoReturn:
        assert self._hung is not None
        raise CallTimeout(self._hung)

    def _timed(self, what: Callable[[], tuple[str, str]], function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)``, timed when the check runs :meth:`watched`; ``what()`` names the call and its
        details for the message."""
        watch: _Watch | None = getattr(_local, "watch", None)
        if watch is not None and watch.abandoned:  # this thread's check was given up: no more calls
            raise CallTimeout(watch.message)
        if self._hung is not None:
            self._raise_hung()
        if watch is not None:
            watch.call = (time.monotonic(), what)
        try:
            result = function(*args)
        except CallTimeout as error:  # the adapter's own timeout (set_call_timeout)
            self._hung = str(error)
            raise
        finally:
            if watch is not None:
                watch.call = None
        if watch is not None and watch.abandoned:  # it returned, too late
            raise CallTimeout(watch.message)
        return result

    def __getattr__(self, name: str) -> Any:  # optional extras: listen_many, round_trips, shutdown
        if name.startswith("__") or name == "_impl":
            raise AttributeError(name)
        value = getattr(self._impl, name)
        if name == "listen_many" and callable(value):
            def listen_many(session: Any, listeners: list[tuple[int, str, str]]) -> list[Outcome]:
                got = self._timed(lambda: ("listen_many", f"{len(listeners)} listeners"), value, session, listeners)
                return [self._outcome("listen_many", o) for o in self._expect("listen_many", got, list, "a list of Outcome")]
            return listen_many
        return value

    def shutdown(self) -> None:
        """The adapter's ``shutdown``, if it has one; not for a Python adapter that hung (it may hang again)."""
        shutdown = getattr(self._impl, "shutdown", None)
        if callable(shutdown) and (self._hung is None or self._times_itself):
            shutdown()

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
        return self._timed(lambda: ("open", "opening a session"), self._impl.open, situation)

    def add_participant(self, session: Any) -> int:
        index = self._timed(lambda: ("add_participant", "a participant joining"), self._impl.add_participant, session)
        return int(self._expect("add_participant", index, int, "the new client index"))

    def remove_participant(self, session: Any, client_index: int) -> None:
        self._timed(lambda: ("remove_participant", f"participant {client_index} leaving"), self._impl.remove_participant,
                    session, client_index)

    def exposes(self, session: Any, client_index: int, context: str, member: str) -> bool:
        found = self._timed(lambda: ("exposes", f"whether the {context} context has {member}"), self._impl.exposes,
                            session, client_index, context, member)
        return bool(self._expect("exposes", found, bool, "True or False"))

    def call(self, session: Any, client_index: int, context: str, member: str, args: list[JSON]) -> Outcome:
        answer = self._timed(lambda: (member, f"called by participant {client_index} in the {context} context with the "
                                              f"arguments {args!r:.300}"),
                             self._impl.call, session, client_index, context, member, args)
        return self._outcome("call", answer)

    def read(self, session: Any, client_index: int, context: str, member: str) -> Outcome:
        answer = self._timed(lambda: (f"reading {member}", f"participant {client_index}, {context} context"), self._impl.read,
                             session, client_index, context, member)
        return self._outcome("read", answer)

    def listen(self, session: Any, client_index: int, context: str, event: str) -> Outcome:
        answer = self._timed(lambda: ("listen", f"to {event!r}, participant {client_index}, {context} context"), self._impl.listen,
                             session, client_index, context, event)
        return self._outcome("listen", answer)

    def members(self, session: Any, client_index: int, context: str) -> list[str] | None:
        """The session object's member names, or None when the adapter does not list them."""
        lister = getattr(self._impl, "members", None)
        if not callable(lister):
            return None
        got = self._timed(lambda: ("members", f"the {context} context"), lister, session, client_index, context)
        names = self._expect("members", got, list, "a list of member names")
        return [str(self._expect("members", n, str, "a list of member names")) for n in names]

    def deliveries(self, session: Any) -> list[Delivery]:
        got = self._timed(lambda: ("deliveries", "the events received"), self._impl.deliveries, session)
        self._expect("deliveries", got, list, "a list of Delivery")
        for d in got:
            self._expect("deliveries", d, Delivery, "a list of webfuse_conformance.adapter.Delivery")
        return list(got)

    def snapshot(self, session: Any) -> Snapshot:
        answer = self._timed(lambda: ("snapshot", "the session's state"), self._impl.snapshot, session)
        snap: Snapshot = self._expect("snapshot", answer, Snapshot, "a webfuse_conformance.adapter.Snapshot")
        if not (isinstance(snap.participants, list) and isinstance(snap.roles, dict) and isinstance(snap.states, dict)):
            raise AdapterError(f"adapter.snapshot() returned {snap!r:.300}; expected participants as a list of client "
                               "indexes, roles as {role: client index} and states as {state: bool}")
        return snap

    def close(self, session: Any) -> None:
        if self._hung is None:  # after a timeout, the session is abandoned with the implementation
            self._timed(lambda: ("close", "closing the session"), self._impl.close, session)


def guarded(impl: Any, call_timeout: float = DEFAULT_CALL_TIMEOUT, factory: Callable[[], Any] | None = None) -> Implementation:
    """``impl`` checked against the adapter contract and given the call timeout (see :class:`GuardedImplementation`);
    ``factory`` makes a fresh one after a call timed out. An adapter already guarded gets the timeout."""
    if isinstance(impl, GuardedImplementation):
        impl.call_timeout = call_timeout
        return impl
    return GuardedImplementation(impl, call_timeout, factory)
