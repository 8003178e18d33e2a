"""The spec format, defined once.

These pydantic models are the grammar of ``spec/session_api.yaml``: the loader validates the YAML
against them, and ``spec/session_api.schema.json`` (the JSON Schema editors use) is generated from
them.  Structural rules live here; rules that need the whole document (references, identifiers,
ordering) live in :mod:`generator.rules`.

Every model forbids unknown keys, so a typo is an error and never silently ignored.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

FORMAT_VERSION = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=False)


TypeExpr = Annotated[
    str,
    Field(
        description=(
            "A type expression: string, number, integer, boolean, null, unknown, void; a named type, "
            "option or host type; 'literal' values; T[]; Promise<T>; Record<string, T>; "
            "Session (the session the member is called on) or Session<context>; EventName; "
            "EventHandler; unions with |; parentheses."
        ),
        examples=["string", "Promise<Participant[]>", "'floating' | 'sidebar'"],
    ),
]
Text = Annotated[str, Field(description="Prose in our own words (Markdown inline syntax allowed).")]
SourceRef = Annotated[str, Field(description="Key of an entry in the top-level `sources` map.")]
ContextRef = Annotated[str, Field(description="Key of an entry in the top-level `contexts` map.")]
Level = Annotated[
    Literal["documented", "reading"],
    Field(
        description=(
            "How sure the spec is of a rule: `documented` when a cited documentation source states it or "
            "directly implies it, `reading` when the sources are silent or disagree and the spec chooses. "
            "A conformance certificate rests on documented rules only."
        )
    ),
]


class Source(Strict):
    """A document or code base the spec draws facts from."""

    title: str
    url: str | None = None
    kind: Literal["documentation", "code", "predecessor"]
    note: Text | None = None


class Evidence(Strict):
    """Where a documented rule is stated: a source and a short excerpt of what it says there."""

    source: SourceRef
    quote: Annotated[str, Field(description="A short excerpt of the source, quoted as evidence.")]


class Claim(Strict):
    source: SourceRef
    says: Text


class Discrepancy(Strict):
    """Where the sources disagree: what each says, which reading the spec takes, and why."""

    id: Annotated[
        str,
        Field(
            pattern=r"^[DE][0-9]+$",
            description="Id in the facts files: D for the Session API's (section 6), E for what lies beyond it (section 10).",
        ),
    ]
    claims: Annotated[list[Claim], Field(min_length=1)]
    reading: Text
    because: Text


class Group(Strict):
    title: str
    description: Text


class Context(Strict):
    """One of the three ways a script reaches a session."""

    title: str
    description: Text
    reached_by: Annotated[
        list[str], Field(min_length=1, description="JavaScript expressions that yield the session.")
    ]
    exposes: Literal["all-members", "public-members"]
    example_origin: str = Field(
        description="The origin a page of this context has in tests and examples (for messages filtered by origin)."
    )
    level: Level = Field(description="Level of the exposure rule: which members this context offers.")
    evidence: Evidence | None = None
    sources: list[SourceRef] = []
    discrepancies: list[Discrepancy] = []


class Concept(Strict):
    """A role or a state that a precondition can name."""

    title: str
    description: Text
    holder: int | None = Field(
        default=None, description="Roles only: the client index that always holds this role (the leader's 0)."
    )
    initial: bool | None = Field(
        default=None, description="States only: whether the state holds in a freshly opened session; false when left out."
    )


class KnownDefault(Strict):
    value: Any
    source: SourceRef
    level: Level


class UnknownDefault(Strict):
    unknown: Annotated[Text, Field(description="Why no default can be given.")]


def _default_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "unknown" if "unknown" in value else "known"
    return "unknown" if hasattr(value, "unknown") else "known"


class Option(Strict):
    """A session or space option that gates a member."""

    type: TypeExpr
    type_basis: Literal["documented", "inferred"] = "documented"
    default: Annotated[
        Annotated[KnownDefault, Tag("known")] | Annotated[UnknownDefault, Tag("unknown")],
        Discriminator(_default_kind),
    ]
    description: Text
    sources: list[SourceRef] = []


class ErrorKind(Strict):
    """An error a call can raise (or a Promise can reject with)."""

    javascript: Annotated[str, Field(description="The JavaScript constructor name.")]
    description: Text


class Outcome(Strict):
    """What happens when a rule is broken."""

    outcome: Literal["ignored", "error"]
    level: Level = Field(description="Level of the outcome: that the call fails (error) or is ignored, changing nothing.")
    error: str | None = Field(default=None, description="Key of `errors`; required for outcome: error.")
    error_level: Level | None = Field(default=None, description="Level of the error's name; required for outcome: error.")
    evidence: Evidence | None = None
    basis: Text


class CallbackConvention(Strict):
    this: Literal["session"]
    arguments: list[Literal["session", "event"]]
    level: Level
    evidence: Evidence | None = None
    sources: list[SourceRef] = []


class Convention(Strict):
    """A rule that holds everywhere, with how sure the spec is of it."""

    level: Level
    evidence: Evidence | None = None
    basis: Text


class Conventions(Strict):
    callbacks: CallbackConvention
    invalid_arguments: Outcome
    after_end: Outcome
    declared_events_only: Convention = Field(description="A call sends no event but those its member declares.")
    closed_types: Convention = Field(description="An object type without `additional` has no keys but its fields.")
    roles_held_by_participants: Convention = Field(description="Every role is always held by a current participant.")
    declared_effects_only: Convention = Field(description="A valid call changes the state its member's effects say, and nothing else.")


class Constraints(Strict):
    """Machine-checkable limits on a value, beyond its type."""

    format: Literal["absolute-url", "url", "origin-or-wildcard"] | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: Annotated[str | None, Field(description="A regular expression the whole string must match.")] = None
    json_: Literal["plain-object", "serialisable"] | None = Field(default=None, alias="json")
    level: Level
    evidence: Evidence | None = None


class Param(Strict):
    name: str
    type: TypeExpr
    description: Text
    required: bool = True
    default: Any = Field(default=None, description="Value used when the argument is left out.")
    level: Level | None = Field(
        default=None, description="Level of the parameter's type, optionality and default; the member's when left out."
    )
    constraints: Constraints | None = None
    on_invalid: Outcome | None = Field(
        default=None, description="Overrides conventions.invalid_arguments for this parameter."
    )


class Returns(Strict):
    type: TypeExpr
    level: Level = Field(description="Level of the result type.")
    description: Text | None = None


class Receiver(Strict):
    context: ContextRef
    participants: Literal["self", "others", "all"]


class Emit(Strict):
    event: str
    to: Annotated[list[Receiver], Field(min_length=1)]
    from_context: list[ContextRef] | None = Field(
        default=None, description="Only when the call is made through these contexts."
    )
    level: Level = Field(description="Level of the delivery: that this event reaches these receivers.")
    evidence: Evidence | None = None
    when: Text | None = None
    origin_param: str | None = Field(
        default=None,
        description=(
            "A parameter holding an origin or '*': the event reaches only receivers whose page has that "
            "origin (any receiver for '*')."
        ),
    )
    carries: dict[str, str] = Field(
        default_factory=dict,
        description="Payload fields that hold an argument of the call, as {payload field: parameter}.",
    )


class Precondition(Strict):
    """One condition a call needs.

    Exactly one of option/role/not_role/state/not_state/participant is set.  `participant` names a
    parameter that must hold the client index of a current participant.
    """

    option: str | None = None
    role: str | None = None
    not_role: str | None = None
    state: str | None = None
    not_state: str | None = None
    participant: str | None = None
    level: Level = Field(description="Level of the condition itself: that the call needs it.")
    otherwise: Literal["ignored", "error", "unavailable"]
    otherwise_level: Level = Field(
        description=(
            "Level of the outcome when the condition does not hold. At the documented level a `reading` "
            "outcome is only held to its documented core: the call is refused (ignored or an error, or no "
            "value for a property) and changes nothing."
        )
    )
    error: str | None = None
    evidence: Evidence | None = None
    note: Text | None = None


class StateVariable(Strict):
    """A part of the session's observable state, beyond its roles and states."""

    title: str
    description: Text
    type: TypeExpr
    per_participant: bool = Field(default=False, description="One value for each participant (set and toggled for the caller).")
    initial: Any = Field(
        default=None,
        description="The value in a freshly opened session (for each participant, when per participant); left out when "
        "the implementation decides (the tabs it opens with).",
    )
    level: Level = Field(description="Level of the variable and its initial value.")
    observed_by: list[str] = Field(default=[], description="Members whose result shows this state.")


class Effect(Strict):
    """One change a valid call makes. Exactly one of set, toggle, move_role, append, tabs.

    - ``set: VAR`` with ``value`` or ``param`` (a parameter's value; ``or_toggle`` when it is left out
      switches between the two values of an enum or boolean);
    - ``toggle: VAR`` (a boolean variable, or a state of ``states``);
    - ``move_role: ROLE`` with ``to_param`` (a parameter holding a client index) or ``to_role`` (the
      holder of another role);
    - ``append: VAR`` with ``param`` (a list variable gets the argument);
    - ``tabs: open | navigate | activate`` with ``param`` (the URL, or the ssid to activate).

    ``when`` limits the effect to calls where the named parameters have the given values. A
    per-participant variable changes for the caller only.
    """

    set: str | None = None
    toggle: str | None = None
    move_role: str | None = None
    append: str | None = None
    tabs: Literal["open", "navigate", "activate"] | None = None
    value: Any = None
    param: str | None = None
    or_toggle: bool = False
    to_param: str | None = None
    to_role: str | None = None
    when: dict[str, Any] = {}
    when_state: dict[str, bool] = Field(
        default={}, description="Only when these states hold (true) or not (false) once the earlier effects are applied."
    )
    everyone: bool = Field(default=False, description="A per-participant variable changes for every participant, not only the caller.")
    level: Level
    evidence: Evidence | None = None
    note: Text | None = None


class Example(Strict):
    """A worked example of a member: JavaScript, and optionally the same in Python.

    ``make test`` runs every example (tests/test_examples.py): the JavaScript in a page with the
    JavaScript reference, the Python with ``session`` bound to the sync Playwright client of the
    example's context.
    """

    title: str
    code: str = Field(description="The example in JavaScript, as a script of the context would write it.")
    python: str | None = Field(
        default=None,
        description=(
            "The same example in Python, for the sync client: a variable `session` holds the "
            "session of the example's context (`webfuse_session.client.SessionClient` or "
            "`PublicSessionClient`). It must parse as Python."
        ),
    )
    context: ContextRef | None = None
    source: SourceRef | None = None


class Alias(Strict):
    name: str
    source: SourceRef
    deprecated: bool = True
    note: Text | None = None


class _MemberBase(Strict):
    summary: Text
    description: Text | None = None
    sources: list[SourceRef] = []
    notes: list[Text] = []
    examples: list[Example] = []


class ListenerParam(Strict):
    """One argument an event object's listener is called with."""

    name: str
    type: TypeExpr
    description: Text
    required: bool = Field(default=True, description="False when the listener is not always given this argument.")


class EventObjectForm(Strict):
    """The event-object form of a method that is also an event object: ``on(name, callback)`` and
    ``on.addListener(listener)``, where one listener receives every message."""

    summary: Text
    contexts: list[ContextRef] | None = Field(
        default=None, description="Contexts where the method is also an event object; those of the method when left out."
    )
    level: Level = Field(description="Level of the event-object form: that it exists and what its listener receives.")
    listener: list[ListenerParam] = Field(default=[], description="The arguments each listener is called with.")
    sources: list[SourceRef] = []
    notes: list[Text] = []
    discrepancies: list[Discrepancy] = []


class Deprecation(Strict):
    """The member is kept for code written against it; a newer member replaces it where there is one."""

    replacement: str | None = Field(
        default=None,
        description="Path of the member that replaces it, dotted from the session (`automation.act.click`); none when nothing does.",
    )
    note: Text | None = None


class _MemberFields(_MemberBase):
    kind: Literal["property", "method", "namespace", "event_object"]
    group: str | None = Field(default=None, description="Members of a namespace or an interface type take their parent's.")
    level: Level = Field(description="Level of the member itself: that it exists, its parameters and its property type.")
    contexts: list[ContextRef] | None = Field(
        default=None,
        description=(
            "Contexts that expose the member. Left out: every context its exposure rule gives (for a member of a "
            "namespace, its namespace's contexts; of an interface type, the type's). Given, it can only narrow them."
        ),
    )
    members: dict[str, NestedMember] = Field(
        default={}, description="Namespaces only: its members (the same schema, recursively, without what only the session's own members have)."
    )
    additional: TypeExpr | None = Field(
        default=None, description="Namespaces only: the type of members the spec does not list (the keys of `env`)."
    )
    listener: list[ListenerParam] = Field(default=[], description="Event objects only: the arguments each listener is called with.")
    event_object: EventObjectForm | None = Field(
        default=None, description="Methods only: the method is also an event object (`on.addListener(listener)`)."
    )
    deprecated: Deprecation | None = None
    type: TypeExpr | None = Field(default=None, description="Properties only.")
    constraints: Constraints | None = Field(default=None, description="Properties only.")
    params: list[Param] = []
    returns: Returns | None = Field(default=None, description="Methods only (required there).")
    aliases: list[Alias] = []
    discrepancies: list[Discrepancy] = []


class Member(_MemberFields):
    """A member of the session object: a property, a method, a namespace (an object with members of its own,
    as `automation`), or an event object (an object with `addListener`, as `onMessage`)."""

    group: str
    public: bool = False
    emits: list[Emit] = []
    effects: list[Effect] = Field(default=[], description="What a valid call changes; nothing else changes.")
    preconditions: list[Precondition] = []
    platforms: list[Literal["desktop", "mobile"]] | None = None
    ends_session: bool = Field(default=False, description="Calling it ends the session (conventions.after_end applies after).")


class NestedMember(_MemberFields):
    """A member of a namespace or of an interface type. It has no `public` (its contexts come from its parent), and
    none of what the conformance suite checks of the session's own members (emits, effects, preconditions,
    platforms, ends_session), which it does not reach into yet."""


for _model in (_MemberFields, Member, NestedMember):  # resolve `members` (it names NestedMember, defined last)
    _model.model_rebuild(force=True)


class GlobalMember(_MemberBase):
    """A member of a global object (`webfuse`, `browser`) through which sessions are reached."""

    kind: Literal["property", "method"]
    contexts: Annotated[list[ContextRef], Field(min_length=1)]
    level: Level = Field(description="Level of the member: that it exists, its parameters, its type and its result.")
    type: TypeExpr | None = None
    params: list[Param] = []
    returns: Returns | None = None
    discrepancies: list[Discrepancy] = []


class GlobalObject(Strict):
    description: Text
    members: dict[str, GlobalMember]
    discrepancies: list[Discrepancy] = []


class FieldSpec(Strict):
    type: TypeExpr
    description: Text
    required: bool = True
    constraints: Constraints | None = None
    meaning: Literal["client-index", "is-caller"] | None = Field(
        default=None,
        description=(
            "What the field stands for, when tools need to know: `client-index` holds a participant's client "
            "index; `is-caller` is true exactly for the participant who made the call."
        ),
    )


class ReservedKeys(Strict):
    """Keys `prefix + N` for N in first..last, each with a fixed type."""

    prefix: str
    first: int
    last: int
    type: TypeExpr
    description: Text


class _TypeBase(Strict):
    description: Text
    level: Level = Field(description="Level of the type's shape: fields, values, and whether it is closed.")
    contexts: list[ContextRef] | None = Field(
        default=None, description="Contexts the type is defined for; all when left out."
    )
    sources: list[SourceRef] = []
    discrepancies: list[Discrepancy] = []


class ObjectType(_TypeBase):
    kind: Literal["object"]
    fields: dict[str, FieldSpec] = {}
    additional: TypeExpr | None = Field(
        default=None, description="Type of keys not listed in fields; closed when left out."
    )
    reserved_keys: ReservedKeys | None = None
    examples: list[dict[str, Any]] = []


class EnumValue(Strict):
    value: str
    name: Annotated[str, Field(description="An identifier for targets that need one.")]
    description: Text | None = None


class EnumType(_TypeBase):
    kind: Literal["enum"]
    values: Annotated[list[EnumValue], Field(min_length=1)]


class AliasType(_TypeBase):
    kind: Literal["alias"]
    type: TypeExpr
    constraints: Constraints | None = None


class HostType(_TypeBase):
    """A browser object that crosses no JSON boundary; each target says how it spells it."""

    kind: Literal["host"]
    typescript: str
    python: str
    python_value: Literal["handle", "png"] = Field(
        default="handle",
        description="How the Python clients hand this object back: a Playwright handle, or (png) an image as its PNG bytes.",
    )
    javascript_sample: str | None = Field(
        default=None, description="A JavaScript expression (awaited) that makes a sample object, for tests and replays."
    )


class InterfaceType(_TypeBase):
    """An object the API hands out that has properties and methods rather than data (the widget's space):
    it never travels as JSON, so it can only be a result or a property's type."""

    kind: Literal["interface"]
    members: dict[str, NestedMember] = Field(description="Its properties and methods (the member schema; no namespaces).")


TypeDef = Annotated[ObjectType | EnumType | AliasType | HostType | InterfaceType, Field(discriminator="kind")]


class SentOn(Strict):
    """An event that no member call sends, sent when something happens to the session."""

    happening: Literal["join"] = Field(description="join: a participant joins the session (the joiner is the caller).")
    to: Annotated[list[Receiver], Field(min_length=1)]
    level: Level = Field(description="Level of the delivery: that this event reaches these receivers when it happens.")
    evidence: Evidence | None = None
    index_field: str | None = Field(default=None, description="The payload field holding the client index of the participant concerned.")


class Event(Strict):
    summary: Text
    description: Text | None = None
    payload: TypeExpr
    listeners: Annotated[list[ContextRef], Field(min_length=1)]
    level: Level = Field(description="Level of the event's name and of who can listen to it.")
    evidence: Evidence | None = None
    global_listener: bool = Field(default=False, description="Can be subscribed to with webfuse.on.")
    sent_on: SentOn | None = None
    sources: list[SourceRef] = []
    aliases: list[Alias] = []
    discrepancies: list[Discrepancy] = []


class ApiInfo(Strict):
    name: str
    version: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]
    description: Text


class Acknowledgement(Strict):
    """A breaking change made on purpose: which one (patterns with `*` allowed), and why."""

    rule: Annotated[str, Field(description="A rule id of the diff's table, as `param-removed`, or a pattern such as `member-*`.")]
    at: Annotated[str, Field(description="The spec path the diff reports, as `members.openTab.params.url`, or a pattern.")] = "*"
    reason: Text


class Release(Strict):
    """One released version: what it changed for users, and the breaking changes it makes on purpose."""

    version: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]
    date: Annotated[datetime.date, Field(strict=False, description="Release date, YYYY-MM-DD.")]
    summary: Text
    acknowledged: list[Acknowledgement] = []


class Spec(Strict):
    """The Webfuse Session API, as one machine-readable document."""

    format: Literal[1]
    api: ApiInfo
    sources: dict[str, Source]
    conventions: Conventions
    groups: dict[str, Group]
    contexts: dict[str, Context]
    globals: dict[str, GlobalObject] = {}
    roles: dict[str, Concept] = {}
    states: dict[str, Concept] = {}
    errors: dict[str, ErrorKind] = {}
    state: dict[str, StateVariable] = Field(default={}, description="The session's observable state beyond roles and states.")
    options: dict[str, Option] = {}
    events: dict[str, Event] = {}
    types: dict[str, TypeDef] = {}
    members: dict[str, Member]
    changelog: list[Release] = Field(
        default=[],
        description=(
            "Released versions, newest first; the first is `api.version`. The spec as each earlier version "
            "was released is kept beside this file as `releases/<version>.yaml`."
        ),
    )
    discrepancies: list[Discrepancy] = Field(
        default=[], description="Inconsistencies that touch no single member, event, type or context."
    )
