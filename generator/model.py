"""The intermediate model: the validated spec with every derived fact resolved.

Emitters read only this model. Type expressions are parsed (``TypeUse.node``), each member knows
the contexts that expose it, names carry their Python spelling, and defaults from ``conventions``
are applied. ``to_jsonable`` turns the model into the data of ``generated/spec.json``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from . import spec_format as fmt
from . import type_expr as te
from .diagnostics import Path
from .naming import python_name
from .rules import InterfacePlan, member_contexts, plan_interfaces, type_contexts


@dataclass(frozen=True)
class TypeUse:
    """A type expression as written in the spec, and its parsed tree."""

    text: str
    node: te.TypeNode


@dataclass(frozen=True)
class Param:
    name: str
    python_name: str
    type: TypeUse
    description: str
    required: bool
    has_default: bool
    default: Any
    constraints: fmt.Constraints | None
    on_invalid: fmt.Outcome
    level: str  # documented | reading: its type, optionality and default (the member's unless it says)


PRECONDITION_KINDS = ("option", "role", "not_role", "state", "not_state", "participant")


@dataclass(frozen=True)
class Precondition:
    """One condition a call needs: of what kind, on what, and what a call that lacks it does."""

    kind: str  # one of PRECONDITION_KINDS
    target: str  # the option, role or state it names, or (participant) the parameter holding a client index
    level: str
    otherwise: str  # ignored | error | unavailable
    otherwise_level: str
    error: str | None
    evidence: fmt.Evidence | None
    note: str | None

    @property
    def negated(self) -> bool:
        """It requires a role or state not to hold."""
        return self.kind.startswith("not_")

    @property
    def names(self) -> tuple[str, str] | None:
        """(option | role | state, name) for a condition on an option, role or state; None for a participant."""
        if self.kind == "participant":
            return None
        return self.kind.removeprefix("not_"), self.target


def _precondition(pre: fmt.Precondition) -> Precondition:
    kind = next(k for k in PRECONDITION_KINDS if getattr(pre, k) is not None)  # the loader's rules ensure exactly one
    return Precondition(kind, getattr(pre, kind), pre.level, pre.otherwise, pre.otherwise_level, pre.error, pre.evidence,
                        pre.note)


@dataclass(frozen=True)
class Receiver:
    context: str
    participants: str  # self | others | all


@dataclass(frozen=True)
class Emit:
    """An event a call sends: to whom, from which contexts, filtered by which origin, carrying which arguments."""

    event: str
    to: tuple[Receiver, ...]
    from_context: tuple[str, ...] | None
    level: str
    evidence: fmt.Evidence | None
    when: str | None
    origin_param: str | None
    carries: dict[str, str]  # payload field -> parameter


def _emit(e: fmt.Emit) -> Emit:
    return Emit(e.event, tuple(Receiver(r.context, r.participants) for r in e.to),
                tuple(e.from_context) if e.from_context else None, e.level, e.evidence, e.when, e.origin_param, dict(e.carries))


EFFECT_KINDS = ("set", "toggle", "move_role", "append", "tabs")


@dataclass(frozen=True)
class Effect:
    """One change a valid call makes: its kind (set, toggle, move_role, append, tabs) and what it changes."""

    kind: str  # one of EFFECT_KINDS
    target: str  # the state variable, state or role changed; for tabs: open | navigate | activate
    value: Any
    param: str | None
    or_toggle: bool
    to_param: str | None
    to_role: str | None
    when: dict[str, Any]
    when_state: dict[str, bool]
    everyone: bool
    level: str
    evidence: fmt.Evidence | None
    note: str | None

    @property
    def key(self) -> tuple[Any, ...]:
        """What the effect does, without how sure the spec is of it (for comparing two versions)."""
        return (self.kind, self.target, repr(self.value), self.param, self.or_toggle, self.to_param, self.to_role,
                repr(sorted(self.when.items())), repr(sorted(self.when_state.items())), self.everyone)


def _effect(e: fmt.Effect) -> Effect:
    kind = next(k for k in EFFECT_KINDS if getattr(e, k) is not None)  # the loader's rules ensure exactly one
    return Effect(kind, getattr(e, kind), e.value, e.param, e.or_toggle, e.to_param, e.to_role, dict(e.when),
                  dict(e.when_state), e.everyone, e.level, e.evidence, e.note)


@dataclass(frozen=True)
class ListenerArg:
    """One argument an event object's listener receives."""

    name: str
    type: TypeUse
    description: str
    required: bool


@dataclass(frozen=True)
class EventObject:
    """The event-object form of a method (``on.addListener(listener)``): where it exists and what its listener gets."""

    summary: str
    contexts: tuple[str, ...]
    level: str
    listener: tuple[ListenerArg, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    discrepancies: tuple[fmt.Discrepancy, ...]


@dataclass(frozen=True)
class Member:
    name: str
    python_name: str
    kind: str  # property | method | namespace | event_object
    group: str
    level: str  # documented | reading: that it exists, its parameters and its property type
    public: bool
    contexts: tuple[str, ...]
    summary: str
    description: str | None
    type: TypeUse | None
    constraints: fmt.Constraints | None
    params: tuple[Param, ...]
    returns: TypeUse | None
    returns_description: str | None
    returns_level: str | None
    is_async: bool  # returns a Promise
    chainable: bool  # returns the session itself
    emits: tuple[Emit, ...]
    effects: tuple[Effect, ...]
    preconditions: tuple[Precondition, ...]
    platforms: tuple[str, ...] | None
    ends_session: bool
    aliases: tuple[fmt.Alias, ...]
    examples: tuple[fmt.Example, ...]
    discrepancies: tuple[fmt.Discrepancy, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    path: str = ""  # dotted from the session (``automation.act.click``), or from its interface type (``WidgetSpace.session``)
    narrowed: bool = False  # its own ``contexts`` narrow those it would have
    members: tuple[Member, ...] = ()  # a namespace's members
    additional: TypeUse | None = None  # a namespace's members the spec does not list (the keys of ``env``)
    listener: tuple[ListenerArg, ...] = ()  # an event object's listener arguments
    event_object: EventObject | None = None  # a method that is also an event object
    deprecated: fmt.Deprecation | None = None

    @property
    def maybe_unavailable(self) -> bool:
        """A property whose value can be missing (a precondition says `otherwise: unavailable`)."""
        return any(p.otherwise == "unavailable" for p in self.preconditions)

    @property
    def is_plain(self) -> bool:
        """A property or method every context of its exposure rule has: what every kind of conformance check covers
        (the suite also checks the others' exposure, calls and arguments, by dotted path: see
        ``emitters.conformance.suite_paths``). The Python package covers the others too (see :meth:`Model.python`)."""
        return self.kind in ("property", "method") and not self.narrowed

    def walk(self) -> list[Member]:
        """This member and, for a namespace, every member inside it, parents first."""
        return [self, *(m for child in self.members for m in child.walk())]


@dataclass(frozen=True)
class GlobalMember:
    name: str
    python_name: str
    kind: str
    contexts: tuple[str, ...]
    level: str
    summary: str
    description: str | None
    type: TypeUse | None
    params: tuple[Param, ...]
    returns: TypeUse | None
    returns_description: str | None
    examples: tuple[fmt.Example, ...]
    discrepancies: tuple[fmt.Discrepancy, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class GlobalObject:
    name: str
    description: str
    members: tuple[GlobalMember, ...]
    discrepancies: tuple[fmt.Discrepancy, ...]


@dataclass(frozen=True)
class Context:
    name: str
    title: str
    description: str
    reached_by: tuple[str, ...]
    exposes: str
    example_origin: str
    level: str
    evidence: fmt.Evidence | None
    members: tuple[str, ...]  # names of the members it exposes, in spec order
    sources: tuple[str, ...]
    discrepancies: tuple[fmt.Discrepancy, ...]


@dataclass(frozen=True)
class Field:
    name: str
    python_name: str
    type: TypeUse
    description: str
    required: bool
    constraints: fmt.Constraints | None
    meaning: str | None


@dataclass(frozen=True)
class TypeDef:
    name: str
    kind: str  # object | enum | alias | host | interface
    description: str
    level: str
    contexts: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    additional: TypeUse | None = None
    reserved_keys: tuple[str, ...] = ()
    reserved_type: TypeUse | None = None
    reserved_description: str | None = None
    values: tuple[fmt.EnumValue, ...] = ()
    alias_of: TypeUse | None = None
    constraints: fmt.Constraints | None = None
    host: dict[str, str] | None = None  # target -> spelling
    javascript_sample: str | None = None  # host types: an expression that makes one
    examples: tuple[Any, ...] = ()
    sources: tuple[str, ...] = ()
    discrepancies: tuple[fmt.Discrepancy, ...] = ()
    members: tuple[Member, ...] = ()  # an interface type's properties and methods


@dataclass(frozen=True)
class Event:
    name: str
    summary: str
    description: str | None
    payload: TypeUse
    listeners: tuple[str, ...]
    level: str
    evidence: fmt.Evidence | None
    global_listener: bool
    emitted_by: tuple[str, ...]  # members that declare this event
    sent_on: fmt.SentOn | None  # sent when something happens rather than by a call
    aliases: tuple[fmt.Alias, ...]
    sources: tuple[str, ...]
    discrepancies: tuple[fmt.Discrepancy, ...]


@dataclass(frozen=True)
class Option:
    name: str
    type: TypeUse
    type_basis: str
    default_known: bool
    default: Any
    default_source: str | None
    default_level: str | None
    default_unknown_reason: str | None
    description: str
    used_by: tuple[str, ...]  # members with a precondition on this option
    sources: tuple[str, ...]


@dataclass(frozen=True)
class StateVariable:
    name: str
    title: str
    description: str
    type: TypeUse
    per_participant: bool
    has_initial: bool
    initial: Any
    level: str
    observed_by: tuple[str, ...]


@dataclass(frozen=True)
class SessionInterface:
    """The session object as one or more contexts that expose exactly the same members see it."""

    name: str  # Session for contexts that expose every member; else named after its contexts
    contexts: tuple[str, ...]
    members: tuple[Member, ...]  # every member it has, inherited ones included
    events: tuple[str, ...]  # events its listeners can receive
    extends: str | None = None  # the interface whose members it shares with the other full contexts
    base: bool = False  # the common interface of full contexts that differ (no context's own)


@dataclass(frozen=True)
class Model:
    api: fmt.ApiInfo
    sources: dict[str, fmt.Source]
    conventions: fmt.Conventions
    groups: dict[str, fmt.Group]
    contexts: dict[str, Context]
    globals: dict[str, GlobalObject]
    roles: dict[str, fmt.Concept]
    states: dict[str, fmt.Concept]
    errors: dict[str, fmt.ErrorKind]
    state: dict[str, StateVariable]
    options: dict[str, Option]
    events: dict[str, Event]
    types: dict[str, TypeDef]
    members: dict[str, Member]
    discrepancies: tuple[fmt.Discrepancy, ...]
    changelog: tuple[fmt.Release, ...] = ()
    filled: frozenset[Path] = dataclasses.field(default=frozenset(), metadata={"json": False})
    # Where each changelog entry names its version (line, column), for problems found after loading.
    changelog_positions: tuple[tuple[int, int], ...] = dataclasses.field(default=(), metadata={"json": False})
    # What each release in the changelog changed (generator.history.ReleaseNotes), when the pipeline
    # has read the released versions kept beside the spec; derived, so not part of spec.json.
    release_notes: tuple[Any, ...] = dataclasses.field(default=(), metadata={"json": False})  # spec paths an older shape of the format left out (see upgrade)

    @property
    def interfaces(self) -> list[SessionInterface]:
        """One interface per set of contexts with the same members and the same events, in context order; when full
        contexts differ, a base ``Session`` with what they share comes first (see :func:`rules.plan_interfaces`).

        The base's events are those any of its contexts receives (a value typed ``Session`` may be either session).
        """
        received = {c: tuple(e.name for e in self.events.values() if c in e.listeners) for c in self.contexts}
        every = self.all_members()
        offered = {c: tuple(m.path for m in every if c in m.contexts) for c in self.contexts}
        plan = plan_interfaces([(n, c.exposes == "all-members") for n, c in self.contexts.items()], offered, received)
        return [self._interface(p) for p in plan]

    def member_interfaces(self) -> list[SessionInterface]:
        """One interface per set of contexts with the same members (events aside; the members inside namespaces and
        the event-object forms of methods included), in context order: the grouping of the Python package's
        Protocols, which type listeners by the events of every context of an interface."""
        received: dict[str, tuple[str, ...]] = {c: () for c in self.contexts}
        every = [m for name in self.members for m in self.members[name].walk()]
        offered = {c: tuple(m.path + ("()" if m.event_object and c in m.event_object.contexts else "")
                            for m in every if c in m.contexts) for c in self.contexts}
        plan = plan_interfaces([(n, c.exposes == "all-members") for n, c in self.contexts.items()], offered, received)
        return [self._interface(p) for p in plan]

    def _interface(self, plan: InterfacePlan) -> SessionInterface:
        contexts = plan.contexts
        if plan.base:
            names = [m for m in self.members if all(m in self.contexts[c].members for c in contexts)]
        else:
            names = list(self.contexts[contexts[0]].members)
        events = tuple(e.name for e in self.events.values() if set(e.listeners) & set(contexts))
        return SessionInterface(plan.name, contexts, tuple(self.members[m] for m in names), events, plan.extends, plan.base)

    def interface_of(self, context: str) -> SessionInterface:
        return next(i for i in self.interfaces if context in i.contexts and not i.base)

    def plain(self) -> Model:
        """The model as the conformance suite's member checks see it: only plain members (see :attr:`Member.is_plain`,
        and none whose type is an interface type) and no interface types; its path checks see every member."""
        return self._restricted(lambda m: m.is_plain, listeners=False)

    def python(self) -> Model:
        """The model as the Python package sees it: every member of the session, namespaces (with what is inside
        them), event objects and members narrowed to some contexts included, but none that uses an interface type
        (the widget's space), and no interface types."""
        return self._restricted(lambda m: m.kind in ("property", "method", "namespace", "event_object"), listeners=True)

    def _restricted(self, keep: Callable[[Member], bool], listeners: bool) -> Model:
        """The model with only the top-level members ``keep`` accepts and that use no interface type (nor does any
        member inside them), and only the types those members (their listeners' arguments too, with ``listeners``),
        the events, the state and the options use."""
        interface_types = {name for name, t in self.types.items() if t.kind == "interface"}

        def uses(m: Member) -> list[TypeUse]:
            args = [*m.listener, *(m.event_object.listener if m.event_object else ())] if listeners else []
            return [u for u in (m.type, m.returns, m.additional, *(p.type for p in m.params), *(a.type for a in args)) if u]

        def uses_interface(m: Member) -> bool:
            return any(isinstance(n, te.Named) and n.name in interface_types
                       for x in m.walk() for u in uses(x) for n in te.walk(u.node))

        members = {name: m for name, m in self.members.items() if keep(m) and not uses_interface(m)}
        contexts = {name: dataclasses.replace(c, members=tuple(m for m in c.members if m in members))
                    for name, c in self.contexts.items()}
        # the types those members, the events, the state and the options use (not those only other members use)
        roots = [u for top in members.values() for m in top.walk() for u in uses(m)]
        roots += [e.payload for e in self.events.values()] + [v.type for v in self.state.values()]
        roots += [o.type for o in self.options.values()]
        used: set[str] = set()
        todo = [n.name for u in roots if u for n in te.walk(u.node) if isinstance(n, te.Named)]
        while todo:
            name = todo.pop()
            if name in used or name not in self.types:
                continue
            used.add(name)
            t = self.types[name]
            for u in [*(f.type for f in t.fields), t.additional, t.reserved_type, t.alias_of]:
                todo += [n.name for n in te.walk(u.node) if isinstance(n, te.Named)] if u else []
        types = {name: t for name, t in self.types.items() if name in used and name not in interface_types}
        return dataclasses.replace(self, members=members, contexts=contexts, types=types)

    def member_at(self, dotted: str) -> Member | None:
        """The member at a dotted path from the session (``automation.act.click``), or None."""
        head, *rest = dotted.split(".")
        member = self.members.get(head)
        for part in rest:
            member = next((m for m in member.members if m.name == part), None) if member else None
        return member

    def all_members(self) -> list[Member]:
        """Every member of the session, namespaces' members included, parents first, in spec order."""
        return [m for top in self.members.values() for m in top.walk()]

    def members_in(self, context: str) -> list[Member]:
        return [self.members[n] for n in self.contexts[context].members]

    def members_of_group(self, group: str) -> list[Member]:
        return [m for m in self.members.values() if m.group == group]


def _use(parsed: dict[Path, te.TypeNode], path: Path, text: str) -> TypeUse:
    return TypeUse(text, parsed[path])


def _params(
    spec: fmt.Spec, parsed: dict[Path, te.TypeNode], base: Path, params: list[fmt.Param], level: str = "documented"
) -> tuple[Param, ...]:
    return tuple(
        Param(
            name=p.name,
            python_name=python_name(p.name),
            type=_use(parsed, (*base, "params", i, "type"), p.type),
            description=p.description,
            required=p.required,
            has_default="default" in p.model_fields_set,
            default=p.default,
            constraints=p.constraints,
            on_invalid=p.on_invalid or spec.conventions.invalid_arguments,
            level=p.level or level,
        )
        for i, p in enumerate(params)
    )


def _returns(parsed: dict[Path, te.TypeNode], base: Path, returns: fmt.Returns | None) -> TypeUse | None:
    return _use(parsed, (*base, "returns", "type"), returns.type) if returns else None


def _member(spec: fmt.Spec, parsed: dict[Path, te.TypeNode], base: Path, name: str, m: fmt.Member | fmt.NestedMember,
            contexts: tuple[str, ...], dotted: str, group: str) -> Member:
    """A member of the session (or of a namespace, or of an interface type), its own members built the same way."""
    returns = _returns(parsed, base, m.returns)
    form = m.event_object
    own = m if isinstance(m, fmt.Member) else None  # what only the session's own members have
    return Member(
        name=name,
        python_name=python_name(name),
        kind=m.kind,
        group=m.group or group,
        level=m.level,
        public=own.public if own else False,
        contexts=contexts,
        summary=m.summary,
        description=m.description,
        type=_use(parsed, (*base, "type"), m.type) if m.type else None,
        constraints=m.constraints,
        params=_params(spec, parsed, base, m.params, m.level),
        returns=returns,
        returns_description=m.returns.description if m.returns else None,
        returns_level=m.returns.level if m.returns else None,
        is_async=returns is not None and isinstance(returns.node, te.PromiseOf),
        chainable=returns is not None and returns.node == te.SessionRef(None),
        emits=tuple(_emit(e) for e in own.emits) if own else (),
        effects=tuple(_effect(e) for e in own.effects) if own else (),
        preconditions=tuple(_precondition(p) for p in own.preconditions) if own else (),
        platforms=tuple(own.platforms) if own and own.platforms else None,
        ends_session=own.ends_session if own else False,
        aliases=tuple(m.aliases),
        examples=tuple(m.examples),
        discrepancies=tuple(m.discrepancies),
        sources=tuple(m.sources),
        notes=tuple(m.notes),
        path=dotted,
        narrowed=m.contexts is not None,
        members=tuple(
            _member(spec, parsed, (*base, "members", child), child, cm, member_contexts(spec, cm, contexts), f"{dotted}.{child}",
                    m.group or group)
            for child, cm in m.members.items()
        ),
        additional=_use(parsed, (*base, "additional"), m.additional) if m.additional else None,
        listener=_listener(parsed, (*base, "listener"), m.listener),
        event_object=None if form is None else EventObject(
            summary=form.summary,
            contexts=tuple(c for c in contexts if form.contexts is None or c in form.contexts),
            level=form.level,
            listener=_listener(parsed, (*base, "event_object", "listener"), form.listener),
            sources=tuple(form.sources),
            notes=tuple(form.notes),
            discrepancies=tuple(form.discrepancies),
        ),
        deprecated=m.deprecated,
    )


def _listener(parsed: dict[Path, te.TypeNode], base: Path, args: list[fmt.ListenerParam]) -> tuple[ListenerArg, ...]:
    return tuple(ListenerArg(a.name, _use(parsed, (*base, i, "type"), a.type), a.description, a.required) for i, a in enumerate(args))


def build_model(spec: fmt.Spec, parsed: dict[Path, te.TypeNode], filled: frozenset[Path] = frozenset()) -> Model:
    """Build the model from a spec that passed every rule."""
    members: dict[str, Member] = {
        name: _member(spec, parsed, ("members", name), name, m, member_contexts(spec, m), name, m.group or "")
        for name, m in spec.members.items()
    }
    globals_ = {
        gname: GlobalObject(
            name=gname,
            description=g.description,
            members=tuple(
                GlobalMember(
                    name=mname,
                    python_name=python_name(mname),
                    kind=gm.kind,
                    contexts=tuple(gm.contexts),
                    level=gm.level,
                    summary=gm.summary,
                    description=gm.description,
                    type=_use(parsed, ("globals", gname, "members", mname, "type"), gm.type) if gm.type else None,
                    params=_params(spec, parsed, ("globals", gname, "members", mname), gm.params),
                    returns=_returns(parsed, ("globals", gname, "members", mname), gm.returns),
                    returns_description=gm.returns.description if gm.returns else None,
                    examples=tuple(gm.examples),
                    discrepancies=tuple(gm.discrepancies),
                    sources=tuple(gm.sources),
                )
                for mname, gm in g.members.items()
            ),
            discrepancies=tuple(g.discrepancies),
        )
        for gname, g in spec.globals.items()
    }
    contexts = {
        name: Context(
            name=name,
            title=c.title,
            description=c.description,
            reached_by=tuple(c.reached_by),
            exposes=c.exposes,
            example_origin=c.example_origin,
            level=c.level,
            evidence=c.evidence,
            members=tuple(m for m, member in members.items() if name in member.contexts),
            sources=tuple(c.sources),
            discrepancies=tuple(c.discrepancies),
        )
        for name, c in spec.contexts.items()
    }
    events = {
        name: Event(
            name=name,
            summary=e.summary,
            description=e.description,
            payload=_use(parsed, ("events", name, "payload"), e.payload),
            listeners=tuple(e.listeners),
            level=e.level,
            evidence=e.evidence,
            global_listener=e.global_listener,
            emitted_by=tuple(m.name for m in members.values() if any(x.event == name for x in m.emits)),
            sent_on=e.sent_on,
            aliases=tuple(e.aliases),
            sources=tuple(e.sources),
            discrepancies=tuple(e.discrepancies),
        )
        for name, e in spec.events.items()
    }
    options = {
        name: Option(
            name=name,
            type=_use(parsed, ("options", name, "type"), o.type),
            type_basis=o.type_basis,
            default_known=isinstance(o.default, fmt.KnownDefault),
            default=o.default.value if isinstance(o.default, fmt.KnownDefault) else None,
            default_source=o.default.source if isinstance(o.default, fmt.KnownDefault) else None,
            default_level=o.default.level if isinstance(o.default, fmt.KnownDefault) else None,
            default_unknown_reason=o.default.unknown if isinstance(o.default, fmt.UnknownDefault) else None,
            description=o.description,
            used_by=tuple(m.name for m in members.values() if any(p.names == ("option", name) for p in m.preconditions)),
            sources=tuple(o.sources),
        )
        for name, o in spec.options.items()
    }
    return Model(
        api=spec.api,
        sources=dict(spec.sources),
        conventions=spec.conventions,
        groups=dict(spec.groups),
        contexts=contexts,
        globals=globals_,
        roles=dict(spec.roles),
        states=dict(spec.states),
        errors=dict(spec.errors),
        state={
            name: StateVariable(name, v.title, v.description, _use(parsed, ("state", name, "type"), v.type), v.per_participant,
                                "initial" in v.model_fields_set, v.initial, v.level, tuple(v.observed_by))
            for name, v in spec.state.items()
        },
        options=options,
        events=events,
        types={name: _typedef(spec, parsed, name, t) for name, t in spec.types.items()},
        members=members,
        discrepancies=tuple(spec.discrepancies),
        changelog=tuple(spec.changelog),
        filled=filled,
    )


def _typedef(spec: fmt.Spec, parsed: dict[Path, te.TypeNode], name: str, t: Any) -> TypeDef:
    base: Path = ("types", name)
    common: dict[str, Any] = dict(
        name=name,
        kind=t.kind,
        description=t.description,
        level=t.level,
        contexts=type_contexts(spec, t),
        sources=tuple(t.sources),
        discrepancies=tuple(t.discrepancies),
    )
    if isinstance(t, fmt.ObjectType):
        rk = t.reserved_keys
        return TypeDef(
            **common,
            fields=tuple(
                Field(
                    name=fname,
                    python_name=python_name(fname),
                    type=_use(parsed, (*base, "fields", fname, "type"), f.type),
                    description=f.description,
                    required=f.required,
                    constraints=f.constraints,
                    meaning=f.meaning,
                )
                for fname, f in t.fields.items()
            ),
            additional=_use(parsed, (*base, "additional"), t.additional) if t.additional else None,
            reserved_keys=tuple(f"{rk.prefix}{n}" for n in range(rk.first, rk.last + 1)) if rk else (),
            reserved_type=_use(parsed, (*base, "reserved_keys", "type"), rk.type) if rk else None,
            reserved_description=rk.description if rk else None,
            examples=tuple(t.examples),
        )
    if isinstance(t, fmt.EnumType):
        return TypeDef(**common, values=tuple(t.values))
    if isinstance(t, fmt.AliasType):
        return TypeDef(**common, alias_of=_use(parsed, (*base, "type"), t.type), constraints=t.constraints)
    if isinstance(t, fmt.InterfaceType):
        used = type_contexts(spec, t)
        return TypeDef(**common, members=tuple(
            _member(spec, parsed, (*base, "members", mname), mname, m, member_contexts(spec, m, used), f"{name}.{mname}", m.group or "")
            for mname, m in t.members.items()
        ))
    return TypeDef(**common, host={"typescript": t.typescript, "python": t.python, "python_value": t.python_value}, javascript_sample=t.javascript_sample)


def to_jsonable(value: Any) -> Any:
    """Plain JSON data for any part of the model (dataclasses, format models, type trees)."""
    if isinstance(value, TypeUse):
        return {"text": value.text, "type": te.to_json(value.node)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.metadata.get("json", True)}
    if isinstance(value, BaseModel):
        return to_jsonable(value.model_dump(mode="json", by_alias=True, exclude_none=True))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value
