"""Every rule of the spec that an implementation can break, with how sure the spec is of it.

A rule is addressed by its spec path (``members.sendChatMessage.preconditions[0]``) and has a level:
``documented`` when a cited documentation source states it, ``reading`` when the spec chose. The
conformance suite cites these when a check fails, and certifies on documented rules only.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import spec_format as fmt
from .model import Model


@dataclass(frozen=True)
class Rule:
    path: str
    level: str  # documented | reading
    summary: str
    sources: tuple[str, ...]  # the evidence's source first, when there is one
    quote: str | None = None


def _rule(path: str, level: str, summary: str, sources: tuple[str, ...], evidence: fmt.Evidence | None = None) -> Rule:
    if evidence is not None:
        sources = (evidence.source, *[s for s in sources if s != evidence.source])
    return Rule(path, level, summary, sources, evidence.quote if evidence else None)


def member_path(dotted: str) -> str:
    """The spec path of a member from its dotted path: ``automation.act`` -> ``members.automation.members.act``."""
    return "members." + ".members.".join(dotted.split("."))


def rules(model: Model) -> dict[str, Rule]:
    """The rules, keyed by spec path, in spec order."""
    out: list[Rule] = []
    conv = model.conventions
    out.append(_rule("conventions.callbacks", conv.callbacks.level, "listeners are called with the session and the event",
                     tuple(conv.callbacks.sources), conv.callbacks.evidence))
    for key, outcome, summary in (("invalid_arguments", conv.invalid_arguments, "a call with an invalid argument"),
                                  ("after_end", conv.after_end, "a call after the session has ended")):
        out.append(_rule(f"conventions.{key}", outcome.level, f"{summary}: {outcome.outcome}, changing nothing", (),
                         outcome.evidence))
        if outcome.error_level is not None:
            out.append(_rule(f"conventions.{key}.error", outcome.error_level, f"{summary} raises {outcome.error}", ()))
    for key in ("declared_events_only", "closed_types", "roles_held_by_participants", "declared_effects_only"):
        item: fmt.Convention = getattr(conv, key)
        out.append(_rule(f"conventions.{key}", item.level, item.basis.split(". ")[0].rstrip("."), (), item.evidence))
    for name, ctx in model.contexts.items():
        out.append(_rule(f"contexts.{name}", ctx.level, f"the {name} context offers {ctx.exposes.replace('-', ' ')}",
                         ctx.sources, ctx.evidence))
    for name, option in model.options.items():
        if option.default_known and option.default_level is not None:
            out.append(_rule(f"options.{name}.default", option.default_level, f"{name} defaults to {option.default!r}",
                             (option.default_source,) if option.default_source else ()))
    for name, var in model.state.items():
        out.append(_rule(f"state.{name}", var.level, f"the state {name!r} and its initial value", ()))
    for name, event in model.events.items():
        out.append(_rule(f"events.{name}", event.level, f"the event {name!r} and who can listen to it", event.sources,
                         event.evidence))
        if event.sent_on is not None:
            out.append(_rule(f"events.{name}.sent_on", event.sent_on.level, f"who receives {name!r} when it happens", event.sources,
                             event.sent_on.evidence))
    for name, t in model.types.items():
        out.append(_rule(f"types.{name}", t.level, f"the shape of {name}", t.sources))
        for f in t.fields:
            if f.constraints is not None:
                out.append(_rule(f"types.{name}.fields.{f.name}.constraints", f.constraints.level,
                                 f"the constraints of {name}.{f.name}", t.sources, f.constraints.evidence))
    for m in model.all_members():
        name = m.path
        base = member_path(name)
        out.append(_rule(base, m.level, f"{name} exists in its contexts with its declared parameters", m.sources))
        if m.event_object is not None:
            out.append(_rule(f"{base}.event_object", m.event_object.level,
                             f"{name} is also an event object in {', '.join(m.event_object.contexts)}", m.event_object.sources))
        if m.returns_level is not None:
            out.append(_rule(f"{base}.returns", m.returns_level, f"the result of {name}", m.sources))
        if m.constraints is not None:
            out.append(_rule(f"{base}.constraints", m.constraints.level, f"the constraints of {name}", m.sources,
                             m.constraints.evidence))
        for p in m.params:
            out.append(_rule(f"{base}.params.{p.name}", p.level, f"the parameter {p.name} of {name}", m.sources))
            if p.on_invalid is not conv.invalid_arguments:
                out.append(_rule(f"{base}.params.{p.name}.on_invalid", p.on_invalid.level,
                                 f"a call of {name} with an invalid {p.name}: {p.on_invalid.outcome}", m.sources,
                                 p.on_invalid.evidence))
                if p.on_invalid.error_level is not None:
                    out.append(_rule(f"{base}.params.{p.name}.on_invalid.error", p.on_invalid.error_level,
                                     f"a call of {name} with an invalid {p.name} raises {p.on_invalid.error}", m.sources))
            if p.constraints is not None:
                out.append(_rule(f"{base}.params.{p.name}.constraints", p.constraints.level,
                                 f"the constraints of {p.name} in {name}", m.sources, p.constraints.evidence))
        for i, pre in enumerate(m.preconditions):
            path = f"{base}.preconditions[{i}]"
            out.append(_rule(path, pre.level, f"{name} needs its precondition {i}", m.sources, pre.evidence))
            out.append(_rule(f"{path}.otherwise", pre.otherwise_level, f"what {name} does when precondition {i} fails: "
                             f"{pre.otherwise}", m.sources, pre.evidence if pre.otherwise_level == "documented" else None))
        for i, effect in enumerate(m.effects):
            out.append(_rule(f"{base}.effects[{i}]", effect.level, f"what a call of {name} changes", m.sources, effect.evidence))
        for i, emit in enumerate(m.emits):
            out.append(_rule(f"{base}.emits[{i}]", emit.level, f"{name} sends {emit.event!r} to its receivers", m.sources,
                             emit.evidence))
    return {r.path: r for r in out}
