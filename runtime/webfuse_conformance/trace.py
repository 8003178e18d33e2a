"""A record of what a check did to the implementation, replayable as Python and as JavaScript.

The JavaScript replay uses the harness contract of JavaScript implementations
(``window.webfuseConformance``, see browser.py), so it can be pasted into the console of a page
that has loaded the implementation and run against it as is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .adapter import Delivery, Implementation, Outcome, Situation, Snapshot
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

    def _log(self, py: str, js: str, event: str | None = None) -> None:
        self.python.append(py)
        self.javascript.append(js)
        self.listened.append(event)

    def open(self, situation: Situation) -> Any:
        plain = {"participants": situation.participants, "options": situation.options, "roles": situation.roles,
                 "states": situation.states, "origins": situation.origins}
        self._log(f"session = impl.open({situation!r})",
                  f"const world = webfuseConformance.open({json.dumps(plain)}); const at = (who, context) => "
                  "webfuseConformance.session(world, who, context);")
        return self.impl.open(situation)

    def call(self, session: Any, who: int, context: str, member: str, args: list[Any]) -> Outcome:
        outcome = self.impl.call(session, who, context, member, args)
        expr = DATA["contexts"][context]["expression"]  # how the page itself would reach it
        self._log(f"impl.call(session, {who}, {context!r}, {member!r}, {args!r})  # -> {outcome!r}",
                  self._guard(f"await at({who}, {json.dumps(context)}).{member}({', '.join(_js(a) for a in args)});", outcome, expr))
        return outcome

    def read(self, session: Any, who: int, context: str, member: str) -> Outcome:
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
        outcome = self.impl.listen(session, who, context, event)
        self._log(f"impl.listen(session, {who}, {context!r}, {event!r})", self._listen_js(who, context, event), event)
        return outcome

    def listen_many(self, session: Any, listeners: list[tuple[int, str, str]]) -> list[Outcome]:
        """Many listeners at once: in one round trip when the implementation offers ``listen_many``."""
        batch = getattr(self.impl, "listen_many", None)
        if batch is None:
            return [self.listen(session, who, context, event) for who, context, event in listeners]
        outcomes: list[Outcome] = batch(session, listeners)
        for who, context, event in listeners:
            self._log(f"impl.listen(session, {who}, {context!r}, {event!r})", self._listen_js(who, context, event), event)
        return outcomes

    def add_participant(self, session: Any) -> int:
        index = self.impl.add_participant(session)
        self._log(f"impl.add_participant(session)  # -> {index}", f"webfuseConformance.addParticipant(world);  // -> {index}")
        return index

    def remove_participant(self, session: Any, who: int) -> None:
        self.impl.remove_participant(session, who)
        self._log(f"impl.remove_participant(session, {who})", f"webfuseConformance.removeParticipant(world, {who});")

    def exposes(self, session: Any, who: int, context: str, member: str) -> bool:
        found = self.impl.exposes(session, who, context, member)
        self._log(f"impl.exposes(session, {who}, {context!r}, {member!r})  # -> {found}",
                  f"console.log({json.dumps(member)} in at({who}, {json.dumps(context)}));")
        return found

    def members(self, session: Any, who: int, context: str) -> list[str] | None:
        """The session object's member names, when the adapter lists them (``members``), else None."""
        lister = getattr(self.impl, "members", None)
        names: list[str] | None = lister(session, who, context) if callable(lister) else None
        if names is not None:
            self._log(f"impl.members(session, {who}, {context!r})  # -> {names}",
                      f"console.log(Object.getOwnPropertyNames(at({who}, {json.dumps(context)})));")
        return names

    def deliveries(self, session: Any) -> list[Delivery]:
        return self.impl.deliveries(session)

    def snapshot(self, session: Any) -> Snapshot:
        return self.impl.snapshot(session)

    def close(self, session: Any) -> None:
        self.impl.close(session)

    def render(self, events: set[str] | None = None) -> str:
        """The replay; with ``events``, only the listeners of those events are kept (the steps that matter)."""
        keep = [event is None or events is None or event in events for event in self.listened]
        python = [line for line, k in zip(self.python, keep, strict=True) if k]
        javascript = [line for line, k in zip(self.javascript, keep, strict=True) if k]
        return (
            "Replay in Python:\n    " + "\n    ".join(python)
            + "\nReplay in JavaScript (browser console):\n    " + "\n    ".join(javascript)
        )
