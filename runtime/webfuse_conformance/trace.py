"""A record of what a check did to the implementation, replayable as Python and as JavaScript.

The JavaScript replay uses the harness contract of JavaScript implementations
(``window.webfuseConformance``, see browser.py), so it can be pasted into the console of a page
that has loaded the implementation and run against it as is.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .adapter import CallTimeout, Delivery, Implementation, Outcome, Situation, Snapshot
from .spec_data import DATA

_SUBSCRIBE = {ctx: name for name, m in DATA["members"].items() if m["subscribes"] for ctx in m["contexts"]}
_SAMPLES = {name: t["javascript_sample"] for name, t in DATA["types"].items() if t["kind"] == "host" and t["javascript_sample"]}


def _js(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"$host"}:
        sample = _SAMPLES.get(value["$host"])
        return f"(await {sample})" if sample else f"/* a {value['$host']} */ undefined"
    if isinstance(value, dict) and set(value) == {"$unserialisable"}:
        return "() => {}"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)}: {_js(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_js(v) for v in value) + "]"
    return json.dumps(value)


@dataclass
class Trace:
    """Wraps an implementation; every call is logged as a line of Python and of JavaScript."""

    impl: Implementation
    python: list[str] = field(default_factory=list)
    javascript: list[str] = field(default_factory=list)
    listened: list[str | None] = field(default_factory=list)
    """Per line: the event a listener line registers for (None for other lines)."""
    pending: tuple[str, str] | None = None
    """The call being made (its Python and JavaScript lines), while it is made."""

    def __post_init__(self) -> None:
        watch = getattr(self.impl, "watch_trace", None)  # the guarded adapter, to replay a call that hangs
        if callable(watch):
            watch(self)

    def _log(self, py: str, js: str, event: str | None = None) -> None:
        self.python.append(py)
        self.javascript.append(js)
        self.listened.append(event)

    @contextlib.contextmanager
    def _pending(self, py: str = "", js: str = "") -> Iterator[None]:
        """Around a call: it is :attr:`pending`, and if it times out (:class:`CallTimeout`), the exception takes
        the replay (:meth:`replay_pending`) along."""
        self.pending = (py, js) if py else None
        try:
            yield
        except CallTimeout as hung:
            if hung.replay is None:
                hung.replay = self.replay_pending()
            raise
        finally:
            self.pending = None

    def replay_pending(self) -> str:
        """The replay, ending with the call being made (if any) marked as not returning."""
        if self.pending is None:
            return self.render()
        py, js = self.pending
        return self.render(last=(f"{py}  # did not return", f"{js}  // did not return"))

    def open(self, situation: Situation) -> Any:
        plain = {"participants": situation.participants, "options": situation.options, "roles": situation.roles,
                 "states": situation.states, "origins": situation.origins}
        self._log(f"session = impl.open({situation!r})",
                  f"const world = webfuseConformance.open({json.dumps(plain)}); const at = (who, context) => "
                  "webfuseConformance.session(world, who, context);")
        with self._pending():
            return self.impl.open(situation)

    def call(self, session: Any, who: int, context: str, member: str, args: list[Any]) -> Outcome:
        python = f"impl.call(session, {who}, {context!r}, {member!r}, {args!r})"
        statement = f"await at({who}, {json.dumps(context)}).{member}({', '.join(_js(a) for a in args)});"
        with self._pending(python, statement):
            outcome = self.impl.call(session, who, context, member, args)
        expr = DATA["contexts"][context]["expression"]  # how the page itself would reach it
        self._log(f"{python}  # -> {outcome!r}", self._guard(statement, outcome, expr))
        return outcome

    def read(self, session: Any, who: int, context: str, member: str) -> Outcome:
        with self._pending(f"impl.read(session, {who}, {context!r}, {member!r})", f"console.log(at({who}, {json.dumps(context)}).{member});"):
            outcome = self.impl.read(session, who, context, member)
        self._log(f"impl.read(session, {who}, {context!r}, {member!r})  # -> {outcome!r}",
                  f"console.log(at({who}, {json.dumps(context)}).{member});")
        return outcome

    @staticmethod
    def _guard(statement: str, outcome: Outcome, note: str) -> str:
        """A call that raised is wrapped, so that the rest of the replay still runs."""
        if outcome.error is None:
            return f"{statement}  // {note}"
        return (f"try {{ {statement} }} catch (error) {{ console.log(error.name + ': ' + error.message); }}"
                f"  // {note}; raised {outcome.error}")

    def _listen_js(self, who: int, context: str, event: str) -> str:
        return (f"at({who}, {json.dumps(context)}).{_SUBSCRIBE.get(context, 'on')}({json.dumps(event)}, function (session, event) "
                f"{{ console.log({json.dumps(f'{event} at {who}/{context}')}, this === session, event); }});")

    def listen(self, session: Any, who: int, context: str, event: str) -> Outcome:
        with self._pending(f"impl.listen(session, {who}, {context!r}, {event!r})", self._listen_js(who, context, event)):
            outcome = self.impl.listen(session, who, context, event)
        self._log(f"impl.listen(session, {who}, {context!r}, {event!r})", self._listen_js(who, context, event), event)
        return outcome

    def listen_many(self, session: Any, listeners: list[tuple[int, str, str]]) -> list[Outcome]:
        """Many listeners at once: in one round trip when the implementation offers ``listen_many``."""
        batch = getattr(self.impl, "listen_many", None)
        if batch is None:
            return [self.listen(session, who, context, event) for who, context, event in listeners]
        with self._pending(f"impl.listen_many(session, {listeners!r})", "// the listeners above"):
            outcomes: list[Outcome] = batch(session, listeners)
        for who, context, event in listeners:
            self._log(f"impl.listen(session, {who}, {context!r}, {event!r})", self._listen_js(who, context, event), event)
        return outcomes

    def add_participant(self, session: Any) -> int:
        with self._pending("impl.add_participant(session)", "webfuseConformance.addParticipant(world);"):
            index = self.impl.add_participant(session)
        self._log(f"impl.add_participant(session)  # -> {index}", f"webfuseConformance.addParticipant(world);  // -> {index}")
        return index

    def remove_participant(self, session: Any, who: int) -> None:
        with self._pending(f"impl.remove_participant(session, {who})", f"webfuseConformance.removeParticipant(world, {who});"):
            self.impl.remove_participant(session, who)
        self._log(f"impl.remove_participant(session, {who})", f"webfuseConformance.removeParticipant(world, {who});")

    def exposes(self, session: Any, who: int, context: str, member: str) -> bool:
        with self._pending(f"impl.exposes(session, {who}, {context!r}, {member!r})",
                           f"console.log({json.dumps(member)} in at({who}, {json.dumps(context)}));"):
            found = self.impl.exposes(session, who, context, member)
        self._log(f"impl.exposes(session, {who}, {context!r}, {member!r})  # -> {found}",
                  f"console.log({json.dumps(member)} in at({who}, {json.dumps(context)}));")
        return found

    def members(self, session: Any, who: int, context: str) -> list[str] | None:
        """The session object's member names, when the adapter lists them (``members``), else None."""
        lister = getattr(self.impl, "members", None)
        with self._pending(f"impl.members(session, {who}, {context!r})",
                           f"console.log(Object.getOwnPropertyNames(at({who}, {json.dumps(context)})));"):
            names: list[str] | None = lister(session, who, context) if callable(lister) else None
        if names is not None:
            self._log(f"impl.members(session, {who}, {context!r})  # -> {names}",
                      f"console.log(Object.getOwnPropertyNames(at({who}, {json.dumps(context)})));")
        return names

    def deliveries(self, session: Any) -> list[Delivery]:
        with self._pending("impl.deliveries(session)", "// (the events received)"):
            return self.impl.deliveries(session)

    def snapshot(self, session: Any) -> Snapshot:
        with self._pending("impl.snapshot(session)", "webfuseConformance.snapshot(world);"):
            return self.impl.snapshot(session)

    def close(self, session: Any) -> None:
        with self._pending("impl.close(session)", "webfuseConformance.close(world);"):
            self.impl.close(session)

    def render(self, events: set[str] | None = None, last: tuple[str, str] | None = None) -> str:
        """The replay; with ``events``, only the listeners of those events are kept (the steps that matter);
        ``last``: one more line (Python, JavaScript) at the end."""
        keep = [event is None or events is None or event in events for event in self.listened]
        python = [line for line, k in zip(self.python, keep, strict=True) if k] + ([last[0]] if last else [])
        javascript = [line for line, k in zip(self.javascript, keep, strict=True) if k] + ([last[1]] if last else [])
        return (
            "Replay in Python:\n    " + "\n    ".join(python)
            + "\nReplay in JavaScript (browser console):\n    " + "\n    ".join(javascript)
        )
