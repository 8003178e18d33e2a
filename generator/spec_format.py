"""The spec format, defined once.

These pydantic models are the grammar of ``spec/session_api.yaml``: the loader validates the YAML
against them, and ``spec/session_api.schema.json`` (the JSON Schema editors use) is generated from
them.  Structural rules live here; rules that need the whole document (references, identifiers,
ordering) live in :mod:`generator.rules`.

Every model forbids unknown keys, so a typo is an error and never silently ignored.
"""

from __future__ import annotations

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


class Source(Strict):
    """A document or code base the spec draws facts from."""

    title: str
    url: str | None = None
    kind: Literal["documentation", "code", "predecessor"]
    note: Text | None = None


class Claim(Strict):
    source: SourceRef
    says: Text


class Discrepancy(Strict):
    """Where the sources disagree: what each says, which reading the spec takes, and why."""

    id: Annotated[str, Field(pattern=r"^D[0-9]+$", description="Id in the facts file, section 6.")]
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
    sources: list[SourceRef] = []
    discrepancies: list[Discrepancy] = []


class Concept(Strict):
    """A role or a state that a precondition can name."""

    title: str
    description: Text


class KnownDefault(Strict):
    value: Any
    source: SourceRef


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
    error: str | None = Field(default=None, description="Key of `errors`; required for outcome: error.")
    basis: Text


class CallbackConvention(Strict):
    this: Literal["session"]
    arguments: list[Literal["session", "event"]]
    sources: list[SourceRef] = []


class Conventions(Strict):
    callbacks: CallbackConvention
    invalid_arguments: Outcome
    after_end: Outcome


class Constraints(Strict):
    """Machine-checkable limits on a value, beyond its type."""

    format: Literal["absolute-url", "url", "origin-or-wildcard"] | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: Annotated[str | None, Field(description="A regular expression the whole string must match.")] = None
    json_: Literal["plain-object", "serialisable"] | None = Field(default=None, alias="json")


class Param(Strict):
    name: str
    type: TypeExpr
    description: Text
    required: bool = True
    default: Any = Field(default=None, description="Value used when the argument is left out.")
    constraints: Constraints | None = None
    on_invalid: Outcome | None = Field(
        default=None, description="Overrides conventions.invalid_arguments for this parameter."
    )


class Returns(Strict):
    type: TypeExpr
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
    when: Text | None = None
    origin_param: str | None = Field(
        default=None,
        description=(
            "A parameter holding an origin or '*': the event reaches only receivers whose page has that "
            "origin (any receiver for '*')."
        ),
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
    otherwise: Literal["ignored", "error", "unavailable"]
    error: str | None = None
    basis: Literal["documented", "reading"] = "documented"
    note: Text | None = None


class Example(Strict):
    title: str
    code: str
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


class Member(_MemberBase):
    """A property or method of the session object."""

    kind: Literal["property", "method"]
    group: str
    public: bool = False
    type: TypeExpr | None = Field(default=None, description="Properties only.")
    constraints: Constraints | None = Field(default=None, description="Properties only.")
    params: list[Param] = []
    returns: Returns | None = Field(default=None, description="Methods only (required there).")
    emits: list[Emit] = []
    preconditions: list[Precondition] = []
    platforms: list[Literal["desktop", "mobile"]] | None = None
    ends_session: bool = Field(default=False, description="Calling it ends the session (conventions.after_end applies after).")
    aliases: list[Alias] = []
    discrepancies: list[Discrepancy] = []


class GlobalMember(_MemberBase):
    """A member of a global object (`webfuse`, `browser`) through which sessions are reached."""

    kind: Literal["property", "method"]
    contexts: Annotated[list[ContextRef], Field(min_length=1)]
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


class ReservedKeys(Strict):
    """Keys `prefix + N` for N in first..last, each with a fixed type."""

    prefix: str
    first: int
    last: int
    type: TypeExpr
    description: Text


class _TypeBase(Strict):
    description: Text
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


TypeDef = Annotated[ObjectType | EnumType | AliasType | HostType, Field(discriminator="kind")]


class Event(Strict):
    summary: Text
    description: Text | None = None
    payload: TypeExpr
    listeners: Annotated[list[ContextRef], Field(min_length=1)]
    global_listener: bool = Field(default=False, description="Can be subscribed to with webfuse.on.")
    sources: list[SourceRef] = []
    aliases: list[Alias] = []
    discrepancies: list[Discrepancy] = []


class ApiInfo(Strict):
    name: str
    version: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]
    description: Text


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
    options: dict[str, Option] = {}
    events: dict[str, Event] = {}
    types: dict[str, TypeDef] = {}
    members: dict[str, Member]
    discrepancies: list[Discrepancy] = Field(
        default=[], description="Inconsistencies that touch no single member, event, type or context."
    )
