"""Sentences every target's documentation uses, built from the model's data.

Emitters format these for their own comment or Markdown syntax; the wording is kept here once
so that the TypeScript JSDoc, the Python docstrings and the reference pages say the same thing.
"""

from __future__ import annotations

from typing import Any

from .model import Effect, Emit, Event, Member, Model, Precondition, SessionInterface, TypeDef

READING = "(not stated by the documentation; this spec's reading)"
"""The marker of a rule the spec chose where the documents are silent or disagree."""

OUTCOME = {
    "ignored": "the call is silently ignored",
    "unavailable": "the value is undefined",
}


def outcome(model: Model, otherwise: str, error: str | None) -> str:
    if otherwise == "error":
        name = model.errors[error].javascript if error else "an error"
        return f"the call throws {name}"
    return OUTCOME[otherwise]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def marked(text: str, level: str | None) -> str:
    """``text`` followed by the reading marker when ``level`` is a reading."""
    return f"{text} {READING}" if level == "reading" else text


def precondition(model: Model, pre: Precondition) -> str:
    """One precondition as a sentence, e.g. "Requires the `chat_enabled` option; otherwise ..."."""
    if pre.kind == "option":
        need = f"Requires the `{pre.target}` option to be on"
    elif pre.kind in ("role", "not_role"):
        need = f"{'Not' if pre.negated else 'Only'} for {role(model, pre.target)}"
    elif pre.kind in ("state", "not_state"):
        need = f"{'Not when' if pre.negated else 'Only when'} {_lower_first(model.states[pre.target].title)}"
    else:
        need = f"`{pre.target}` must be the client index of a current participant"
    if pre.level == "reading":
        return f"{need}; otherwise {outcome(model, pre.otherwise, pre.error)} {READING}."
    if pre.otherwise_level == "reading":
        if pre.otherwise == "unavailable":
            return f"{need}; otherwise it has no value, which reads as undefined {READING}."
        return f"{need}; otherwise the call changes nothing, and {outcome(model, pre.otherwise, pre.error)} {READING}."
    return f"{need}; otherwise {outcome(model, pre.otherwise, pre.error)}."


HAPPENINGS = {"join": ("a participant joins the session", "the participant who joins", "the other participants")}


def sent_on(event: Event) -> str | None:
    """When the session itself sends an event (no member call does), as a sentence."""
    if event.sent_on is None:
        return None
    when, me, others = HAPPENINGS[event.sent_on.happening]
    who = {"self": me, "others": others, "all": "every participant"}
    parts = [f"{r.context} listeners of {who[r.participants]}" for r in event.sent_on.to]
    text = f"Sent when {when}, to " + ", ".join(parts)
    if event.sent_on.index_field:
        text += f"; its `{event.sent_on.index_field}` is the client index of {me}"
    return marked(text + ".", event.sent_on.level)


def receivers(emit: Emit) -> str:
    who = {"self": "the caller", "others": "the other participants", "all": "every participant"}
    parts = [f"{r.context} listeners of {who[r.participants]}" for r in emit.to]
    text = f"Emits `{emit.event}` to " + ", ".join(parts)
    if emit.from_context:
        text += " when called from " + " or ".join(emit.from_context)
    if emit.origin_param:
        text += f", only to pages whose origin matches `{emit.origin_param}` (to any page when it is `*`)"
    elif emit.when:
        text += f", when {emit.when}"
    text += "".join(f"; its `{field}` is the `{param}` argument" for field, param in emit.carries.items())
    return marked(text + ".", emit.level)


def platforms(member: Member) -> str | None:
    if not member.platforms:
        return None
    return " and ".join(p.capitalize() for p in member.platforms) + " only."


def default(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def type_description(typedef: TypeDef) -> str:
    """A type's description, marked when its shape is the spec's reading."""
    return marked(typedef.description, typedef.level)


def event_summary(event: Event) -> str:
    """An event's summary, marked when its name or listeners are the spec's reading."""
    return marked(event.summary, event.level)


def effect(model: Model, e: Effect) -> str:
    """What a valid call changes, as a sentence, e.g. "Sets `paused` to true."."""
    def value(v: object) -> str:
        return f"`{default(v)}`"

    if e.kind == "move_role":
        role = model.roles[e.target].title
        to = f"the participant whose client index is `{e.to_param}`" if e.to_param else \
            f"whoever holds “{model.roles[e.to_role or ''].title}”"
        text = f"Moves the role “{role}” to {to}"
    elif e.kind == "toggle":
        whose = " of the caller" if e.target in model.state and model.state[e.target].per_participant else ""
        text = f"Toggles `{e.target}`{whose}"
    elif e.kind == "set":
        whose = " of the caller" if model.state[e.target].per_participant else ""
        what = f"`{e.param}`" if e.param else value(e.value)
        text = f"Sets `{e.target}`{whose} to {what}" + (" (to the other value when it is left out)" if e.or_toggle else "")
    elif e.kind == "append":
        text = f"Adds `{e.param}` to `{e.target}`"
    else:
        target = f" at `{e.param}`" if e.param else ""
        text = {"open": f"Opens a new tab{target}", "navigate": f"Shows{target} in the active tab",
                "activate": f"Makes the tab whose ssid is `{e.param}` the active one"}[e.target]
    if e.everyone:
        text = text.replace(" of the caller", " of every participant")
    conditions = [f"when `{k}` is {value(v)}" for k, v in e.when.items()]
    conditions += [("when " if v else "unless ") + _lower_first(model.states[k].title)
                   for k, v in e.when_state.items() if k in model.states]
    if conditions:
        text += " " + " and ".join(conditions)
    return marked(text + ".", e.level)


def reading_notes(member: Member) -> list[str]:
    """The parts of a member's signature that are the spec's reading rather than the documents' word."""
    notes = []
    if member.level == "reading":
        notes.append(f"This member {READING}.")
    if member.returns_level == "reading":
        notes.append(f"The result type {READING}.")
    if member.constraints is not None and member.constraints.level == "reading":
        notes.append(f"The limits on its value {READING}.")
    for p in member.params:
        if p.level == "reading" and member.level != "reading":
            notes.append(f"How `{p.name}` is declared (its type, whether it may be left out, its default) {READING}.")
        if p.constraints is not None and p.constraints.level == "reading":
            notes.append(f"The limits on `{p.name}` {READING}.")
    return notes


def member_notes(model: Model, member: Member, where: str = "") -> list[str]:
    """Everything a reader needs to know beyond the signature, one sentence per item (``where``: the member's
    section of the reference documentation, for the sources of its discrepancies)."""
    notes = [precondition(model, p) for p in member.preconditions]
    limits = platforms(member)
    if limits:
        notes.append(limits)
    notes += [receivers(e) for e in member.emits]
    notes += [effect(model, e) for e in member.effects]
    notes += reading_notes(member)
    notes += list(member.notes)
    notes += disagreements([d.reading for d in member.discrepancies], where)
    return notes


def role(model: Model, name: str) -> str:
    """Who holds a role, as a noun phrase: "the participant who holds the role “Host”"."""
    return f"the participant who holds the role “{model.roles[name].title}”"


def contexts(names: list[str] | tuple[str, ...]) -> str:
    """Contexts as a phrase: "the widget context", "the widget and extension contexts", "the a, b and c contexts"."""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"the {listed} context{'s' if len(names) > 1 else ''}"


def disagreements(readings: list[str], where: str) -> list[str]:
    """Where the documents disagree, in plain words for a doc comment: this spec's reading of each, and where the
    reference documentation (``where``: page and anchor) lists the sources and what each says."""
    if not readings:
        return []
    return [f"Where the documentation disagrees, this spec reads: {r}" for r in readings] + [
        f"The sources and what each of them says: {where} in the reference documentation."
    ]


def interface_lines(model: Model, iface: SessionInterface, quote: str = "`") -> list[str]:
    """How each context of an interface is described and reached; ``quote`` marks code (`` for reST)."""
    lines: list[str] = []
    for name in iface.contexts:
        ctx = model.contexts[name]
        reached = f"{quote}, {quote}".join(ctx.reached_by)
        lines += [f"{ctx.title}: {ctx.description}", f"Reached through {quote}{reached}{quote}.", ""]
    return lines[:-1]
