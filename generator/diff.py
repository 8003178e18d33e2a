"""What changed between two versions of the spec, and whom it breaks.

Two resolved models are compared (never their text): members, parameters, results, contexts and
what each exposes, events and their receivers, payload fields and whether a type is open, options
and their defaults, preconditions, effects, requirement levels, and aliases. Each difference is a
:class:`Change` that names one rule of :data:`RULES`; the rule says, for each audience, whether the
change is ``breaking``, ``compatible`` or ``informational``, and why:

- **typescript**: would code that compiled against the generated declarations stop compiling?
- **python**: would a typed caller of the generated package, or a parse by its models, break?
- **implementers**: would an implementation that passed the conformance suite now fail it? When
  the rule concerned is a reading, only the strict level is affected (the certificate is not).

A type's changes depend on where it is used: a field added to a type that arguments take differs
from one added to a type that results and events carry. Rules for those come in ``input-`` and
``output-`` pairs; a type used in both places reports both.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from . import levels as lv
from . import spec_format as fmt
from . import type_expr as te
from .diagnostics import format_path
from .model import Effect, Emit, Model, Param, Precondition, TypeDef, TypeUse

Impact = Literal["breaking", "compatible", "informational"]
AUDIENCES = ("typescript", "python", "implementers")
AUDIENCE_TITLES = {"typescript": "TypeScript users", "python": "Python users", "implementers": "Implementers"}
_IMPACT = {"B": "breaking", "C": "compatible", "I": "informational"}


@dataclass(frozen=True)
class Verdict:
    impact: Impact
    reason: str


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # what changed, as a reader would say it
    typescript: Verdict
    python: Verdict
    implementers: Verdict
    addition: bool = False  # something new to use (and to implement): a minor version, though implementers must catch up

    def verdict(self, audience: str) -> Verdict:
        result: Verdict = getattr(self, audience)
        return result


def _r(rule_id: str, title: str, ts: str, py: str, impl: str) -> Rule:
    """A rule from three 'X: reason' strings, X being B(reaking), C(ompatible) or I(nformational)."""

    def verdict(text: str) -> Verdict:
        letter, _, reason = text.partition(": ")
        return Verdict(_IMPACT[letter], reason)  # type: ignore[arg-type]

    return Rule(rule_id, title, verdict(ts), verdict(py), verdict(impl), rule_id in _ADDITIONS)


_ADDITIONS = frozenset({
    "member-added", "member-context-added", "param-added-optional", "input-widened", "input-field-added-optional", "input-opened",
    "input-constraint-loosened", "output-field-added-optional", "output-field-added-required", "output-opened", "type-added",
    "event-added", "event-listener-added", "emit-added", "context-added", "global-member-added", "option-added", "alias-added",
    "event-object-added",
})
_CALLS_FAIL = "I: types are unchanged; some calls now behave differently at run time"
_NOT_TYPED = "I: the generated types do not show it"
_SUITE_NEW = "B: the suite now checks it"

# The classification table: one row per kind of change. Every row has a test (tests/test_diff.py).
RULES: dict[str, Rule] = {r.id: r for r in (
    # members
    _r("member-added", "member added", "C: new member; existing code is unaffected", "C: new method on the Protocols and clients",
       "B: implementations must offer it where the spec exposes it"),
    _r("member-removed", "member removed", "B: code that uses it no longer compiles", "B: code that calls it no longer type-checks",
       "C: the suite no longer checks it"),
    _r("member-kind-changed", "property became a method, or the reverse", "B: reads and calls no longer compile",
       "B: attribute access and calls swap", "B: the suite reaches it the other way"),
    _r("member-context-added", "member now offered in another context", "C: one more context's session type has it",
       "C: one more client has it", "B: the context must now offer it"),
    _r("member-context-removed", "member no longer offered in a context", "B: that context's session type no longer has it",
       "B: that client no longer has it", "B: the context must stop offering it (the suite treats it as an access-control breach)"),
    _r("ends-session-changed", "whether a call ends the session", _CALLS_FAIL, _CALLS_FAIL,
       "B: the suite checks what follows the call"),
    # parameters
    _r("param-added-required", "required parameter added", "B: calls without it no longer compile",
       "B: calls without it no longer type-check", "B: implementations must accept and check the new argument"),
    _r("param-added-optional", "optional parameter added", "C: existing calls still compile",
       "C: existing calls still type-check", "B: implementations must accept and check the new argument"),
    _r("param-removed", "parameter removed", "B: calls that pass it no longer compile", "B: calls that pass it no longer type-check",
       "C: the suite no longer passes it"),
    _r("param-renamed", "parameter renamed", "C: arguments are positional", "B: callers that pass it by keyword break",
       "I: arguments are positional on the wire"),
    _r("param-became-required", "parameter became required", "B: calls that leave it out no longer compile",
       "B: calls that leave it out no longer type-check", "C: the suite always passes it now"),
    _r("param-became-optional", "parameter became optional", "C: existing calls still compile", "C: existing calls still type-check",
       "B: implementations must handle calls that leave it out"),
    _r("param-default-changed", "parameter default changed", _CALLS_FAIL, _CALLS_FAIL,
       "B: implementations must apply the new default"),
    # types of values, by position
    _r("input-widened", "accepts more values", "C: every value accepted before still is", "C: every value accepted before still is",
       "B: implementations must accept the new values"),
    _r("input-narrowed", "accepts fewer values", "B: calls with the values no longer accepted stop compiling",
       "B: calls with the values no longer accepted stop type-checking",
       "B: values accepted before are now invalid arguments the suite expects refused"),
    _r("input-changed", "accepts different values", "B: calls with the old values stop compiling",
       "B: calls with the old values stop type-checking", "B: implementations must accept the new values and refuse the old"),
    _r("output-widened", "may yield more kinds of values", "B: code that relied on the narrower type no longer compiles",
       "B: code that relied on the narrower type no longer type-checks", "C: every value sent before still conforms"),
    _r("output-narrowed", "yields fewer kinds of values", "C: the values are a subset of what code handled",
       "C: the values are a subset of what code handled", "B: values sent before no longer conform"),
    _r("output-changed", "yields different values", "B: code that used the old type no longer compiles",
       "B: code that used the old type no longer type-checks", "B: values sent before no longer conform"),
    # fields of object types, by position
    _r("input-field-added-required", "required field added to an argument type", "B: object literals without it no longer compile",
       "B: models and dicts without it fail", "B: implementations must read the new field"),
    _r("input-field-added-optional", "optional field added to an argument type", "C: existing objects still compile",
       "C: existing objects still validate", "B: implementations must accept the new field"),
    _r("input-field-removed", "field removed from an argument type", "B: object literals that set it no longer compile",
       "B: models that set it fail", "C: callers no longer send it"),
    _r("input-field-became-required", "argument field became required", "B: objects without it no longer compile",
       "B: objects without it fail to validate", "C: callers always send it now"),
    _r("input-field-became-optional", "argument field became optional", "C: existing objects still compile",
       "C: existing objects still validate", "B: implementations must accept objects without it"),
    _r("output-field-added-required", "required field added to a result or event type", "C: readers gain a field",
       "C: models gain a field", "B: implementations must send it"),
    _r("output-field-added-optional", "optional field added to a result or event type", "C: readers gain a field",
       "C: models gain a field", "I: implementations may send it"),
    _r("output-field-removed", "field removed from a result or event type", "B: code that reads it no longer compiles",
       "B: code that reads the attribute no longer type-checks", "C: implementations may still send it"),
    _r("output-field-became-required", "result field became required", "C: readers may drop their checks for its absence",
       "C: the attribute is always set", "B: implementations must always send it"),
    _r("output-field-became-optional", "result field became optional", "B: reads without a check for absence no longer compile",
       "B: the attribute can now be None", "C: implementations may leave it out"),
    _r("input-opened", "argument type now takes keys beyond its fields", "C: more objects compile",
       "C: more objects validate", "B: implementations must accept other keys"),
    _r("input-closed", "argument type no longer takes other keys", "B: objects with other keys no longer compile",
       "B: objects with other keys fail", "C: callers send only its fields"),
    _r("output-opened", "result or event type may carry keys beyond its fields", "C: readers gain an index signature",
       "C: the models already keep unknown keys", "C: implementations may send more keys"),
    _r("output-closed", "result or event type no longer carries other keys", "B: reads of other keys no longer compile",
       "I: the models still keep unknown keys", "B: implementations must send only its fields"),
    # constraints, by position
    _r("input-constraint-tightened", "argument constraint tightened", _NOT_TYPED,
       "B: the clients check constraints before sending, so such calls now raise",
       "B: values allowed before are now invalid arguments the suite expects refused"),
    _r("input-constraint-loosened", "argument constraint loosened", "C: every call that worked still does",
       "C: every call that worked still does", "B: implementations must accept the values allowed now"),
    _r("input-constraint-changed", "argument constraint changed", _NOT_TYPED,
       "B: the clients check constraints before sending, so such calls may now raise",
       "B: implementations must follow the new constraint"),
    _r("output-constraint-tightened", "result constraint tightened", _NOT_TYPED, "C: conforming values still validate",
       "B: values sent before may no longer conform"),
    _r("output-constraint-loosened", "result constraint loosened", _NOT_TYPED, "I: code that relied on the bound may need a check",
       "C: every value sent before still conforms"),
    _r("output-constraint-changed", "result constraint changed", _NOT_TYPED, "I: code that relied on the bound may need a check",
       "B: values sent before may no longer conform"),
    # types
    _r("type-added", "type added", "C: a new declaration", "C: a new model", "I: a new shape"),
    _r("type-removed", "type removed", "B: code that names it no longer compiles", "B: code that imports it fails",
       "I: the rules that used it report their own changes"),
    _r("type-kind-changed", "type changed kind (object, enum, alias, host)", "B: the declaration changed form",
       "B: the model changed form", "B: values of the old form no longer conform"),
    _r("host-type-changed", "host type spelled differently", "B: the declaration names another type",
       "B: the annotation names another type", "I: host objects are not checked by shape"),
    _r("host-python-value-changed", "the Python clients hand a host object back in another form", _NOT_TYPED,
       "B: the clients' results change type (a handle, or PNG bytes)", "I: implementations hand over the browser object"),
    # events
    _r("event-added", "event added", "C: the event map gains an entry", "C: the event model gains an entry",
       "B: implementations must send it where the spec says"),
    _r("event-removed", "event removed", "B: listeners for it no longer compile", "B: code that names it no longer type-checks",
       "C: the suite no longer expects it"),
    _r("event-listener-added", "another context can listen to an event", "C: that context's event map gains it",
       "C: that client's event map gains it", "B: implementations must deliver it there"),
    _r("event-listener-removed", "a context can no longer listen to an event", "B: that context's listeners for it no longer compile",
       "B: that client's listeners for it no longer type-check", "C: the suite no longer expects it there"),
    _r("event-sent-on-changed", "when the session itself sends an event", _NOT_TYPED, _NOT_TYPED,
       "B: the suite checks the new delivery"),
    _r("emit-added", "a call now sends an event", "I: types are unchanged; listeners receive more", "I: types are unchanged",
       _SUITE_NEW),
    _r("emit-removed", "a call no longer sends an event", "I: types are unchanged; listeners receive less", "I: types are unchanged",
       "B: sending it now breaks the rule that a call sends only the events its member declares"),
    _r("emit-changed", "who receives an event a call sends, or what it carries", "I: types are unchanged",
       "I: types are unchanged", "B: the suite checks the new receivers"),
    # behaviour
    _r("precondition-added", "call needs one more condition", _CALLS_FAIL, _CALLS_FAIL,
       "B: implementations must refuse calls that do not meet it"),
    _r("precondition-removed", "call needs one condition less", _CALLS_FAIL, _CALLS_FAIL,
       "B: implementations that still refuse such calls fail the checks of valid calls"),
    _r("precondition-outcome-changed", "what a refused call does", _CALLS_FAIL, _CALLS_FAIL,
       "B: the suite checks the new outcome"),
    _r("effect-added", "a call changes more of the session", _CALLS_FAIL, _CALLS_FAIL, _SUITE_NEW),
    _r("effect-removed", "a call changes less of the session", _CALLS_FAIL, _CALLS_FAIL,
       "B: changing it now breaks the rule that a call changes only what its effects say"),
    _r("state-initial-changed", "a new session starts in another state", _NOT_TYPED, _NOT_TYPED,
       "B: the suite checks the new initial state"),
    _r("convention-changed", "a rule for every member changed", _CALLS_FAIL, _CALLS_FAIL, "B: the suite checks the new rule"),
    _r("callback-arguments-changed", "listeners receive other arguments", "B: listener signatures changed",
       "B: listener signatures changed", "B: the suite calls listeners the new way"),
    # options
    _r("option-added", "session option added", "I: options are set outside the API", "I: options are set outside the API",
       "I: members it gates report their own changes"),
    _r("option-removed", "session option removed", "I: options are set outside the API", "I: options are set outside the API",
       "I: members it gated report their own changes"),
    _r("option-default-changed", "session option default changed", _CALLS_FAIL, _CALLS_FAIL,
       "B: the suite checks sessions opened without the option"),
    # contexts and globals
    _r("context-added", "context added", "C: a new session type", "C: a new client kind", "B: implementations must offer it"),
    _r("context-removed", "context removed", "B: its session type is gone", "B: its client is gone", "C: the suite no longer checks it"),
    _r("context-exposure-changed", "a context offers all members, or only public ones", "B: its session type changed",
       "B: its client changed", "B: the context must offer the new set of members"),
    _r("global-member-added", "member added to a global object", "C: the global's type gains it", "C: no Python counterpart changes",
       "I: global objects are how the suite reaches sessions"),
    _r("global-member-removed", "member removed from a global object", "B: code that uses it no longer compiles",
       "I: no Python counterpart", "I: global objects are how the suite reaches sessions"),
    # levels
    _r("level-raised", "a rule is now documented", "I: types are unchanged", "I: types are unchanged",
       "B: the certificate (documented level) now checks it; the strict level already did"),
    _r("level-lowered", "a rule is now a reading", "I: types are unchanged", "I: types are unchanged",
       "C: the certificate no longer checks it; the strict level still does"),
    _r("level-introduced", "a rule's level is stated for the first time", "I: types are unchanged", "I: types are unchanged",
       "I: the earlier spec had no levels; its suite enforced every rule, as the strict level does"),
    # namespaces and event objects
    _r("event-object-added", "a method is now also an event object (`on.addListener`)",
       "C: the method's type gains `addListener`", "I: the Python side has no event objects yet",
       "B: implementations must offer the event object"),
    _r("event-object-removed", "a method is no longer an event object", "B: code that calls `addListener` on it no longer compiles",
       "I: the Python side has no event objects yet", "C: the suite no longer expects it"),
    _r("listener-changed", "an event object's listener receives other arguments", "B: listener signatures changed",
       "I: the Python side has no event objects yet", "B: implementations must call listeners the new way"),
    _r("member-deprecated", "a member deprecated, or no longer", "I: editors show the deprecation",
       "I: the Python side does not show it", "I: it is still offered"),
    # aliases
    _r("alias-added", "another spelling accepted", "C: the alias is declared too", "I: the Python side has no aliases",
       "B: implementations must accept the alias"),
    _r("alias-removed", "a spelling no longer accepted", "B: code that uses the alias no longer compiles",
       "I: the Python side has no aliases", "C: the suite no longer uses it"),
    _r("alias-deprecation-changed", "a spelling deprecated, or no longer", "I: editors show the deprecation",
       "I: the Python side has no aliases", "I: it is still accepted"),
)}

_ACK_ANY = "*"


@dataclass(frozen=True)
class Change:
    rule: str
    path: str  # where in the spec, as members.openTab.params.url
    message: str  # what changed, in one line
    level: str | None = None  # the level of the rule an implementation would break (reading: strict level only)

    @property
    def id(self) -> str:
        return f"{self.rule} {self.path}"

    @property
    def strict_only(self) -> bool:
        """It breaks implementers at the strict level only: the rule concerned is a reading, outside the certificate."""
        return self.level == "reading" and RULES[self.rule].implementers.impact == "breaking"

    def verdict(self, audience: str) -> Verdict:
        verdict = RULES[self.rule].verdict(audience)
        if audience == "implementers" and self.strict_only:
            return Verdict("breaking", verdict.reason + " (strict level only: the rule is a reading)")
        return verdict

    def breaks(self, audience: str | None = None) -> bool:
        audiences = AUDIENCES if audience is None else (audience,)
        return any(self.verdict(a).impact == "breaking" for a in audiences)


@dataclass
class Report:
    old_label: str
    new_label: str
    old_version: str
    new_version: str
    changes: list[Change]
    acknowledged: dict[str, str] = field(default_factory=dict)  # change id -> reason
    upgraded: int = 0  # keys an older shape of the format left out, filled in to read OLD

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaks()]

    @property
    def unacknowledged(self) -> list[Change]:
        return [c for c in self.breaking if c.id not in self.acknowledged]


# -- types: where each is used, and how two type expressions relate -------------------------------------


def _named_in(node: te.TypeNode) -> Iterator[str]:
    for sub in te.walk(node):
        if isinstance(sub, te.Named):
            yield sub.name


def positions(model: Model) -> dict[str, set[str]]:
    """For every named type, where its values travel: 'input' (arguments), 'output' (results, events)."""
    roots: list[tuple[str, te.TypeNode]] = []
    every = model.all_members() + [m for t in model.types.values() for m in t.members]
    for m in every:
        roots += [("input", p.type.node) for p in m.params]
        roots += [("output", use.node) for use in (m.type, m.returns, m.additional) if use is not None]
        listeners = m.listener + (m.event_object.listener if m.event_object else ())
        roots += [("output", arg.type.node) for arg in listeners]
    for g in model.globals.values():
        for gm in g.members:
            roots += [("input", p.type.node) for p in gm.params]
            roots += [("output", use.node) for use in (gm.type, gm.returns) if use is not None]
    roots += [("output", e.payload.node) for e in model.events.values()]
    found: dict[str, set[str]] = {}
    todo = [(pos, name) for pos, node in roots for name in _named_in(node)]
    while todo:
        pos, name = todo.pop()
        if pos in found.setdefault(name, set()) or name not in model.types:
            continue
        found[name].add(pos)
        t = model.types[name]
        uses = [f.type for f in t.fields] + [u for u in (t.additional, t.alias_of, t.reserved_type) if u is not None]
        todo += [(pos, n) for use in uses for n in _named_in(use.node)]
    return found


def _resolve(node: te.TypeNode, model: Model, depth: int = 0) -> te.TypeNode:
    """Aliases replaced by what they stand for, enums by the union of their values (named objects stay)."""
    if isinstance(node, te.Named) and node.name in model.types and depth < 32:
        t = model.types[node.name]
        if t.kind == "alias" and t.alias_of is not None:
            return _resolve(t.alias_of.node, model, depth + 1)
        if t.kind == "enum":
            return te.UnionOf(tuple(te.Lit(v.value) for v in t.values))
    return node


_LITERAL_PRIMS = {str: ("string",), bool: ("boolean",), int: ("integer", "number"), float: ("number",)}


def _within(a: te.TypeNode, b: te.TypeNode, ma: Model, mb: Model) -> bool:
    """Every value of ``a`` (read in model ``ma``) is a value of ``b`` (read in ``mb``)."""
    if a == b and not isinstance(a, te.Named):
        return True
    if isinstance(a, te.Named) and isinstance(b, te.Named) and a.name == b.name:
        return True  # the same type: its own changes are reported where it is defined
    if b == te.Prim("unknown"):
        return True
    ra, rb = _resolve(a, ma), _resolve(b, mb)
    if ra != a or rb != b:
        return _within(ra, rb, ma, mb)
    if isinstance(a, te.UnionOf):
        return all(_within(x, b, ma, mb) for x in a.items)
    if isinstance(b, te.UnionOf):
        return any(_within(a, y, ma, mb) for y in b.items)
    if isinstance(a, te.Lit) and isinstance(b, te.Prim):
        return b.name in _LITERAL_PRIMS.get(type(a.value), ())
    if isinstance(a, te.Prim) and isinstance(b, te.Prim):
        return a.name == b.name or (a.name, b.name) == ("integer", "number")
    for wrapper in (te.ArrayOf, te.PromiseOf):
        if isinstance(a, wrapper) and isinstance(b, wrapper):
            return _within(a.item, b.item, ma, mb)
    if isinstance(a, te.RecordOf) and isinstance(b, te.RecordOf):
        return _within(a.value, b.value, ma, mb)
    return False


def relation(old: TypeUse, new: TypeUse, mo: Model, mn: Model) -> str | None:
    """None when the two expressions mean the same; else 'widened', 'narrowed' or 'changed'."""
    wider, narrower = _within(old.node, new.node, mo, mn), _within(new.node, old.node, mn, mo)
    if wider and narrower:
        return None
    return "widened" if wider else "narrowed" if narrower else "changed"


# -- constraints -------------------------------------------------------------------------------------

_TIGHTER = {"minimum": lambda old, new: new > old, "maximum": lambda old, new: new < old}


def constraint_change(old: fmt.Constraints | None, new: fmt.Constraints | None) -> str | None:
    """None when both allow the same values; else 'tightened', 'loosened' or 'changed'."""
    keys = ("format", "minimum", "maximum", "pattern", "json_")
    before = {k: getattr(old, k) for k in keys} if old else dict.fromkeys(keys)
    after = {k: getattr(new, k) for k in keys} if new else dict.fromkeys(keys)
    tighter = looser = False
    for key in keys:
        a, b = before[key], after[key]
        if a == b:
            continue
        if a is None:
            tighter = True
        elif b is None:
            looser = True
        elif key in _TIGHTER:
            tighter |= _TIGHTER[key](a, b)
            looser |= not _TIGHTER[key](a, b)
        else:
            tighter = looser = True
    if not (tighter or looser):
        return None
    return "changed" if tighter and looser else "tightened" if tighter else "loosened"


# -- the comparison ------------------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: Model, new: Model) -> None:
        self.old, self.new = old, new
        self.old_rules, self.new_rules = lv.rules(old), lv.rules(new)
        self.pos_old, self.pos_new = positions(old), positions(new)
        self.out: list[Change] = []

    def level_of(self, path: str, removed: bool = False) -> str | None:
        """The level of the rule at ``path`` or the nearest one above it."""
        table = self.old_rules if removed else self.new_rules
        probe = path
        while probe:
            if probe in table:
                return table[probe].level
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return None

    def add(self, rule: str, path: str, message: str, removed: bool = False) -> None:
        assert rule in RULES, rule
        self.out.append(Change(rule, path, message, self.level_of(path, removed)))

    def run(self) -> list[Change]:
        self.contexts()
        self.conventions()
        self.options()
        self.state()
        self.events()
        self.types()
        self.members()
        self.globals()
        self.levels()
        return self.out

    # contexts, conventions, options, state

    def contexts(self) -> None:
        old, new = self.old.contexts, self.new.contexts
        for name in _ordered(new.keys() - old.keys(), list(new)):
            self.add("context-added", f"contexts.{name}", f"context `{name}` added")
        for name in _ordered(old.keys() - new.keys(), list(old)):
            self.add("context-removed", f"contexts.{name}", f"context `{name}` removed", removed=True)
        for name in _common(old, new):
            if old[name].exposes != new[name].exposes:
                self.add("context-exposure-changed", f"contexts.{name}",
                         f"context `{name}` now offers {new[name].exposes.replace('-', ' ')} (was {old[name].exposes.replace('-', ' ')})")

    def conventions(self) -> None:
        old, new = self.old.conventions, self.new.conventions
        if (old.callbacks.this, old.callbacks.arguments) != (new.callbacks.this, new.callbacks.arguments):
            self.add("callback-arguments-changed", "conventions.callbacks",
                     f"listeners are called with ({', '.join(new.callbacks.arguments)}) (was ({', '.join(old.callbacks.arguments)}))")
        for key in ("invalid_arguments", "after_end"):
            a, b = getattr(old, key), getattr(new, key)
            if (a.outcome, a.error) != (b.outcome, b.error):
                self.add("convention-changed", f"conventions.{key}",
                         f"{key.replace('_', ' ')}: {_outcome(b.outcome, b.error)} (was {_outcome(a.outcome, a.error)})")

    def options(self) -> None:
        old, new = self.old.options, self.new.options
        for name in _ordered(new.keys() - old.keys(), list(new)):
            self.add("option-added", f"options.{name}", f"option `{name}` added")
        for name in _ordered(old.keys() - new.keys(), list(old)):
            self.add("option-removed", f"options.{name}", f"option `{name}` removed", removed=True)
        for name in _common(old, new):
            a, b = old[name], new[name]
            if (a.default_known, a.default) != (b.default_known, b.default):
                self.add("option-default-changed", f"options.{name}.default",
                         f"option `{name}` defaults to {_default(b.default_known, b.default)} (was {_default(a.default_known, a.default)})")

    def state(self) -> None:
        old, new = self.old.state, self.new.state
        for name in _common(old, new):
            a, b = old[name], new[name]
            if (a.has_initial, a.initial) != (b.has_initial, b.initial):
                self.add("state-initial-changed", f"state.{name}",
                         f"`{name}` starts as {_value(b.has_initial, b.initial)} (was {_value(a.has_initial, a.initial)})")

    # events

    def events(self) -> None:
        old, new = self.old.events, self.new.events
        for name in _ordered(new.keys() - old.keys(), list(new)):
            self.add("event-added", f"events.{name}", f"event `{name}` added")
        for name in _ordered(old.keys() - new.keys(), list(old)):
            self.add("event-removed", f"events.{name}", f"event `{name}` removed", removed=True)
        for name in _common(old, new):
            a, b = old[name], new[name]
            base = f"events.{name}"
            for ctx in _ordered(set(b.listeners) - set(a.listeners), b.listeners):
                self.add("event-listener-added", base, f"`{name}` can now be received in the {ctx} context")
            for ctx in _ordered(set(a.listeners) - set(b.listeners), a.listeners):
                self.add("event-listener-removed", base, f"`{name}` can no longer be received in the {ctx} context")
            if a.global_listener != b.global_listener:
                rule = "event-listener-added" if b.global_listener else "event-listener-removed"
                self.add(rule, base, f"`{name}` {'can now' if b.global_listener else 'can no longer'} be received through webfuse.on")
            self.type_change("output", f"{base}.payload", a.payload, b.payload, f"the payload of `{name}`")
            if _dump(a.sent_on, "level", "evidence") != _dump(b.sent_on, "level", "evidence"):
                if b.sent_on is None:
                    text = f"`{name}` is no longer sent by the session itself"
                else:
                    text = f"`{name}` is {'now ' if a.sent_on is None else ''}sent by the session itself on {b.sent_on.happening}, " \
                           f"to {', '.join(f'{r.participants} in {r.context}' for r in b.sent_on.to)}"
                self.add("event-sent-on-changed", f"{base}.sent_on", text)
            self.aliases(base, a.aliases, b.aliases, f"event `{name}`")

    # types

    def types(self) -> None:
        old, new = self.old.types, self.new.types
        for name in _ordered(new.keys() - old.keys(), list(new)):
            self.add("type-added", f"types.{name}", f"type `{name}` added")
        for name in _ordered(old.keys() - new.keys(), list(old)):
            self.add("type-removed", f"types.{name}", f"type `{name}` removed", removed=True)
        for name in _common(old, new):
            a, b = old[name], new[name]
            base = f"types.{name}"
            if a.kind != b.kind:
                self.add("type-kind-changed", base, f"`{name}` is now {_article(b.kind)} {b.kind} (was {_article(a.kind)} {a.kind})")
                continue
            where = sorted(self.pos_old.get(name, set()) | self.pos_new.get(name, set())) or ["input", "output"]
            for pos in where:
                self.typedef_change(pos, base, a, b)
            if a.kind == "interface":
                self.members(f"{base}.members", {m.name: m for m in a.members}, {m.name: m for m in b.members})
            if a.kind == "host" and a.host and b.host:
                spelled = ("typescript", "python")
                if [a.host.get(k) for k in spelled] != [b.host.get(k) for k in spelled]:
                    self.add("host-type-changed", base, f"host type `{name}` is spelled differently")
                if a.host.get("python_value", "handle") != b.host.get("python_value", "handle"):
                    self.add("host-python-value-changed", f"{base}.python_value",
                             f"the Python clients now give `{name}` back as {b.host.get('python_value', 'handle')}")

    def typedef_change(self, pos: str, base: str, a: TypeDef, b: TypeDef) -> None:
        name = a.name
        if a.kind == "object":
            fa, fb = {f.name: f for f in a.fields}, {f.name: f for f in b.fields}
            for fname in _ordered(fb.keys() - fa.keys(), list(fb)):
                req = "required" if fb[fname].required else "optional"
                self.add(f"{pos}-field-added-{req}", f"{base}.fields.{fname}", f"`{name}` gained the {req} field `{fname}`")
            for fname in _ordered(fa.keys() - fb.keys(), list(fa)):
                self.add(f"{pos}-field-removed", f"{base}.fields.{fname}", f"`{name}` lost the field `{fname}`", removed=True)
            for fname in _common(fa, fb):
                x, y = fa[fname], fb[fname]
                path = f"{base}.fields.{fname}"
                if x.required != y.required:
                    became = "required" if y.required else "optional"
                    self.add(f"{pos}-field-became-{became}", path, f"the field `{fname}` of `{name}` became {became}")
                self.type_change(pos, f"{path}.type", x.type, y.type, f"the field `{fname}` of `{name}`")
                self.constraints(pos, f"{path}.constraints", x.constraints, y.constraints, f"the field `{fname}` of `{name}`")
            if (a.additional is None) != (b.additional is None):
                state = "opened" if b.additional is not None else "closed"
                verb = {"input": ("now accepts", "no longer accepts"), "output": ("may now carry", "no longer carries")}[pos]
                self.add(f"{pos}-{state}", base, f"`{name}` {verb[state == 'closed']} keys beyond its fields")
            elif a.additional is not None and b.additional is not None:
                self.type_change(pos, f"{base}.additional", a.additional, b.additional, f"the other keys of `{name}`")
        elif a.kind == "enum":
            va, vb = [v.value for v in a.values], [v.value for v in b.values]
            added, removed = [v for v in vb if v not in va], [v for v in va if v not in vb]
            if added or removed:
                kind = "changed" if added and removed else "widened" if added else "narrowed"
                parts = ([f"gained {_quote(added)}"] if added else []) + ([f"lost {_quote(removed)}"] if removed else [])
                self.add(f"{pos}-{kind}", f"{base}.values", f"the enum `{name}` {' and '.join(parts)}")
        elif a.kind == "alias" and a.alias_of is not None and b.alias_of is not None:
            self.type_change(pos, f"{base}.type", a.alias_of, b.alias_of, f"the alias `{name}`")
            self.constraints(pos, f"{base}.constraints", a.constraints, b.constraints, f"the alias `{name}`")

    def type_change(self, pos: str, path: str, a: TypeUse, b: TypeUse, what: str) -> None:
        kind = relation(a, b, self.old, self.new)
        if kind is not None:
            self.add(f"{pos}-{kind}", path, f"{what} is now `{b.text}` (was `{a.text}`)")

    def constraints(self, pos: str, path: str, a: fmt.Constraints | None, b: fmt.Constraints | None, what: str) -> None:
        kind = constraint_change(a, b)
        if kind is not None:
            self.add(f"{pos}-constraint-{kind}", path, f"the constraints of {what} are now {_constraints(b)} (was {_constraints(a)})")

    # members

    def members(self, prefix: str = "members", old: dict[str, Any] | None = None, new: dict[str, Any] | None = None) -> None:
        """The members of the session, or of a namespace or an interface type (``prefix`` is their spec path)."""
        old = self.old.members if old is None else old
        new = self.new.members if new is None else new
        for name in _ordered(new.keys() - old.keys(), list(new)):
            shown = new[name].path or name
            self.add("member-added", f"{prefix}.{name}", f"`{shown}` added ({new[name].kind})")
        for name in _ordered(old.keys() - new.keys(), list(old)):
            shown = old[name].path or name
            self.add("member-removed", f"{prefix}.{name}", f"`{shown}` removed", removed=True)
            for ctx in old[name].contexts:
                if ctx in self.new.contexts and self.new.contexts[ctx].exposes != "all-members":
                    self.add("member-context-removed", f"{prefix}.{name}", f"`{shown}` must no longer be offered in the {ctx} context",
                             removed=True)
        for name in _common(old, new):
            self.member(name, old[name], new[name], f"{prefix}.{name}")

    def member(self, name: str, a: Any, b: Any, base: str | None = None) -> None:
        base = base or f"members.{name}"
        name = b.path or name
        if a.kind != b.kind:
            self.add("member-kind-changed", base, f"`{name}` is now a {b.kind} (was a {a.kind})")
            return
        for ctx in _ordered(set(b.contexts) - set(a.contexts), b.contexts):
            self.add("member-context-added", base, f"`{name}` is now offered in the {ctx} context")
        for ctx in _ordered(set(a.contexts) - set(b.contexts), a.contexts):
            if ctx in self.new.contexts:
                self.add("member-context-removed", base, f"`{name}` is no longer offered in the {ctx} context")
        if a.type is not None and b.type is not None:
            self.type_change("output", f"{base}.type", a.type, b.type, f"the value of `{name}`")
            self.constraints("output", f"{base}.constraints", a.constraints, b.constraints, f"`{name}`")
        if a.returns is not None and b.returns is not None:
            self.type_change("output", f"{base}.returns", a.returns, b.returns, f"the result of `{name}`")
        self.params(base, name, a.params, b.params)
        if a.ends_session != b.ends_session:
            self.add("ends-session-changed", base, f"calling `{name}` {'now ends' if b.ends_session else 'no longer ends'} the session")
        self.emits(base, name, a.emits, b.emits)
        self.preconditions(base, name, a.preconditions, b.preconditions)
        self.effects(base, name, a.effects, b.effects)
        self.aliases(base, a.aliases, b.aliases, f"`{name}`")
        if (a.deprecated is None) != (b.deprecated is None) or (
                a.deprecated and b.deprecated and a.deprecated.replacement != b.deprecated.replacement):
            now = "no longer deprecated" if b.deprecated is None else "deprecated" + (
                f" in favour of `{b.deprecated.replacement}`" if b.deprecated.replacement else "")
            self.add("member-deprecated", base, f"`{name}` is now {now}")
        if a.kind == "namespace":
            if (a.additional, b.additional) != (None, None):
                if a.additional is None or b.additional is None:
                    self.add("member-kind-changed", f"{base}.additional", f"`{name}` now {'has' if b.additional else 'has no'} members the spec does not list")
                else:
                    self.type_change("output", f"{base}.additional", a.additional, b.additional, f"the unlisted members of `{name}`")
            self.members(f"{base}.members", {m.name: m for m in a.members}, {m.name: m for m in b.members})
        self.listener(base, name, a.listener, b.listener)
        fa, fb = a.event_object, b.event_object
        if fa is None and fb is not None:
            self.add("event-object-added", f"{base}.event_object", f"`{name}` is now also an event object in {', '.join(fb.contexts)}")
        elif fa is not None and fb is None:
            self.add("event-object-removed", f"{base}.event_object", f"`{name}` is no longer an event object", removed=True)
        elif fa is not None and fb is not None:
            for ctx in _ordered(set(fb.contexts) - set(fa.contexts), fb.contexts):
                self.add("event-object-added", f"{base}.event_object", f"`{name}` is now also an event object in the {ctx} context")
            for ctx in _ordered(set(fa.contexts) - set(fb.contexts), fa.contexts):
                self.add("event-object-removed", f"{base}.event_object", f"`{name}` is no longer an event object in the {ctx} context")
            self.listener(f"{base}.event_object", name, fa.listener, fb.listener)

    def listener(self, base: str, owner: str, a: tuple[Any, ...], b: tuple[Any, ...]) -> None:
        """An event object's listener arguments: names, types and whether each is always given."""
        if [(x.name, x.required) for x in a] != [(y.name, y.required) for y in b] or any(
                relation(x.type, y.type, self.old, self.new) is not None for x, y in zip(a, b, strict=False)):
            shown = ", ".join(f"{y.name}: {y.type.text}" for y in b)
            self.add("listener-changed", f"{base}.listener", f"the listeners of `{owner}` now receive ({shown})")

    def params(self, base: str, owner: str, a: tuple[Param, ...], b: tuple[Param, ...]) -> None:
        pa, pb = {p.name: p for p in a}, {p.name: p for p in b}
        renamed: dict[str, str] = {}  # new name -> old name
        for i, p in enumerate(b):
            if p.name not in pa and i < len(a) and a[i].name not in pb and _same_param(a[i], p, self.old, self.new):
                renamed[p.name] = a[i].name
                self.add("param-renamed", f"{base}.params.{p.name}", f"the parameter `{a[i].name}` of `{owner}` is now called `{p.name}`")
        for p in b:
            if p.name not in pa and p.name not in renamed:
                req = "required" if p.required else "optional"
                self.add(f"param-added-{req}", f"{base}.params.{p.name}", f"`{owner}` gained the {req} parameter `{p.name}`")
        for p in a:
            if p.name not in pb and p.name not in renamed.values():
                self.add("param-removed", f"{base}.params.{p.name}", f"`{owner}` lost the parameter `{p.name}`", removed=True)
        for p in b:
            q = pa.get(renamed.get(p.name, p.name))
            if q is None:
                continue
            path = f"{base}.params.{p.name}"
            if q.required != p.required:
                became = "required" if p.required else "optional"
                self.add(f"param-became-{became}", path, f"the parameter `{p.name}` of `{owner}` became {became}")
            self.type_change("input", f"{path}.type", q.type, p.type, f"the parameter `{p.name}` of `{owner}`")
            self.constraints("input", f"{path}.constraints", q.constraints, p.constraints, f"the parameter `{p.name}` of `{owner}`")
            if (q.has_default, q.default) != (p.has_default, p.default) and not (q.required or p.required):
                self.add("param-default-changed", path, f"the parameter `{p.name}` of `{owner}` defaults to "
                         f"{_value(p.has_default, p.default)} (was {_value(q.has_default, q.default)})")

    def emits(self, base: str, owner: str, a: tuple[Emit, ...], b: tuple[Emit, ...]) -> None:
        ka, kb = _keyed(a, lambda e: e.event), _keyed(b, lambda e: e.event)
        for key in _new_keys(ka, kb):
            self.add("emit-added", f"{base}.emits[{kb[key][0]}]", f"`{owner}` now sends `{kb[key][1].event}`")
        for key in _new_keys(kb, ka):
            self.add("emit-removed", f"{base}.emits[{ka[key][0]}]", f"`{owner}` no longer sends `{ka[key][1].event}`", removed=True)
        for key in _common(ka, kb):
            (_, x), (i, y) = ka[key], kb[key]
            what = [k for k in ("to", "from_context", "origin_param", "carries") if _dump_field(x, k) != _dump_field(y, k)]
            if what:
                self.add("emit-changed", f"{base}.emits[{i}]", f"`{owner}` sends `{y.event}` with other {_EMIT_PARTS[what[0]]}"
                         + "".join(f" and {_EMIT_PARTS[k]}" for k in what[1:]) + f" (now: {_emit(y)})")

    def preconditions(self, base: str, owner: str, a: tuple[Precondition, ...], b: tuple[Precondition, ...]) -> None:
        ka, kb = _keyed(a, _condition), _keyed(b, _condition)
        for key in _new_keys(ka, kb):
            self.add("precondition-added", f"{base}.preconditions[{kb[key][0]}]", f"`{owner}` now needs {key}")
        for key in _new_keys(kb, ka):
            self.add("precondition-removed", f"{base}.preconditions[{ka[key][0]}]", f"`{owner}` no longer needs {key}", removed=True)
        for key in _common(ka, kb):
            (_, x), (i, y) = ka[key], kb[key]
            if (x.otherwise, x.error) != (y.otherwise, y.error):
                self.add("precondition-outcome-changed", f"{base}.preconditions[{i}].otherwise",
                         f"when `{owner}` lacks {key}: {_outcome(y.otherwise, y.error)} (was {_outcome(x.otherwise, x.error)})")

    def effects(self, base: str, owner: str, a: tuple[Effect, ...], b: tuple[Effect, ...]) -> None:
        ka, kb = _keyed(a, lambda e: e.key), _keyed(b, lambda e: e.key)
        for key in _new_keys(ka, kb):
            self.add("effect-added", f"{base}.effects[{kb[key][0]}]", f"`{owner}` now {_effect(kb[key][1])}")
        for key in _new_keys(kb, ka):
            self.add("effect-removed", f"{base}.effects[{ka[key][0]}]", f"`{owner}` no longer {_effect(ka[key][1])}", removed=True)

    def aliases(self, base: str, a: tuple[fmt.Alias, ...], b: tuple[fmt.Alias, ...], what: str) -> None:
        na, nb = {x.name: x for x in a}, {x.name: x for x in b}
        for name in _ordered(nb.keys() - na.keys(), list(nb)):
            self.add("alias-added", f"{base}.aliases", f"{what} is also accepted as `{name}`")
        for name in _ordered(na.keys() - nb.keys(), list(na)):
            self.add("alias-removed", f"{base}.aliases", f"{what} is no longer accepted as `{name}`", removed=True)
        for name in _common(na, nb):
            if na[name].deprecated != nb[name].deprecated:
                state = "now deprecated" if nb[name].deprecated else "no longer deprecated"
                self.add("alias-deprecation-changed", f"{base}.aliases", f"the spelling `{name}` of {what} is {state}")

    def globals(self) -> None:
        for gname in _common(self.old.globals, self.new.globals):
            ma = {m.name: m for m in self.old.globals[gname].members}
            mb = {m.name: m for m in self.new.globals[gname].members}
            for name in _ordered(mb.keys() - ma.keys(), list(mb)):
                self.add("global-member-added", f"globals.{gname}.members.{name}", f"`{gname}.{name}` added")
            for name in _ordered(ma.keys() - mb.keys(), list(ma)):
                self.add("global-member-removed", f"globals.{gname}.members.{name}", f"`{gname}.{name}` removed", removed=True)
            for name in _common(ma, mb):
                x, y = ma[name], mb[name]
                base = f"globals.{gname}.members.{name}"
                self.params(base, f"{gname}.{name}", x.params, y.params)
                if x.returns is not None and y.returns is not None:
                    self.type_change("output", f"{base}.returns", x.returns, y.returns, f"the result of `{gname}.{name}`")

    def levels(self) -> None:
        filled = _filled_rules(self.old)
        without_levels = bool(filled)  # the older shape had no levels at all: a level it seems to have is inherited
        for path in _common(self.old_rules, self.new_rules):
            a, b = self.old_rules[path].level, self.new_rules[path].level
            if a == b:
                continue
            if without_levels:
                if b == "reading":  # the older spec's suite enforced it as the strict level does now
                    self.add("level-introduced", path, f"{self.new_rules[path].summary}: a reading")
                continue
            rule = "level-raised" if b == "documented" else "level-lowered"
            self.add(rule, path, f"{self.new_rules[path].summary}: now {b} (was {a})")


# -- helpers -------------------------------------------------------------------------------------------


def _common(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [k for k in b if k in a]


def _ordered(names: Iterable[str], order: Iterable[str]) -> list[str]:
    wanted = set(names)
    return [n for n in order if n in wanted]


def _new_keys(a: dict[str, tuple[int, Any]], b: dict[str, tuple[int, Any]]) -> list[str]:
    """Keys of ``b`` not in ``a``, in ``b``'s order."""
    return [k for k in b if k not in a]


def _keyed(items: tuple[Any, ...], key: Any) -> dict[str, tuple[int, Any]]:
    out: dict[str, tuple[int, Any]] = {}
    for i, item in enumerate(items):
        out.setdefault(str(key(item)), (i, item))
    return out


def _dump(value: Any, *leave_out: str) -> str:
    if value is None:
        return "null"
    data = value.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=set(leave_out))
    return repr(sorted(data.items()))


_EMIT_PARTS = {"to": "receivers", "from_context": "calling contexts", "origin_param": "origin filter", "carries": "carried arguments"}


def _dump_field(value: Any, key: str) -> str:
    return repr(getattr(value, key))


def _emit(e: Emit) -> str:
    text = f"to {_receivers(e)}"
    if e.from_context:
        text += f", when called from {', '.join(e.from_context)}"
    if e.origin_param:
        text += f", to pages of the origin in `{e.origin_param}`"
    if e.carries:
        text += ", carrying " + ", ".join(f"`{p}` as `{f}`" for f, p in e.carries.items())
    return text


_CONDITIONS = {"option": "the option `{}` on", "role": "the role `{}`", "not_role": "not to hold the role `{}`",
               "state": "the state `{}`", "not_state": "the state `{}` not to hold",
               "participant": "a current participant's index in `{}`"}


def _condition(p: Precondition) -> str:
    return _CONDITIONS[p.kind].format(p.target)


def _outcome(outcome: str, error: str | None) -> str:
    return f"{outcome} ({error})" if error else outcome


_EFFECT_VERBS = {"set": "sets", "toggle": "toggles", "move_role": "moves the role", "append": "appends to", "tabs": "changes tabs:"}


def _effect(e: Effect) -> str:
    return f"{_EFFECT_VERBS[e.kind]} `{e.target}`"


def _receivers(e: Emit) -> str:
    return ", ".join(f"{r.participants} in {r.context}" for r in e.to)


def _default(known: bool, value: Any) -> str:
    return f"`{value!r}`" if known else "an unknown value"


def _value(present: bool, value: Any) -> str:
    return f"`{value!r}`" if present else "(none)"


def _quote(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _constraints(c: fmt.Constraints | None) -> str:
    if c is None:
        return "none"
    parts = [f"{k.rstrip('_')} {getattr(c, k)!r}" for k in ("format", "minimum", "maximum", "pattern", "json_")
             if getattr(c, k) is not None]
    return ", ".join(parts) or "none"


def _same_param(a: Param, b: Param, ma: Model, mb: Model) -> bool:
    return a.required == b.required and relation(a.type, b.type, ma, mb) is None


def _filled_rules(model: Model) -> set[str]:
    """The rule paths (as levels.rules names them) whose level an older shape of the format left out."""
    out: set[str] = set()
    for path in model.filled:
        key, base = path[-1], list(path[:-1])
        if len(base) >= 4 and base[0] == "members" and base[2] == "params" and isinstance(base[3], int):
            params = model.members[str(base[1])].params if str(base[1]) in model.members else ()
            if base[3] < len(params):
                base[3] = params[base[3]].name
        if len(base) >= 3 and base[0] == "options" and base[2] == "default":
            base = base[:3]
        if len(base) >= 2 and base[0] == "types":
            base = base[:2] + [p for p in base[2:] if p not in ("object", "enum", "alias", "host")]
        text = format_path(tuple(base))
        suffix = {"level": "", "otherwise_level": ".otherwise", "error_level": ".error"}.get(str(key))
        if suffix is not None:
            out.add(text + suffix)
    return out


def compare(old: Model, new: Model, old_label: str = "OLD", new_label: str = "NEW") -> Report:
    """The report of what changed from ``old`` to ``new``, with the acknowledgements ``new``'s changelog gives."""
    changes = _Differ(old, new).run()
    report = Report(old_label, new_label, old.api.version, new.api.version, changes, upgraded=len(old.filled))
    report.acknowledged = acknowledgements(new, old.api.version, changes)
    return report


def acknowledgements(new: Model, since: str, changes: list[Change]) -> dict[str, str]:
    """Breaking changes that a changelog entry newer than ``since`` acknowledges, with the reason given."""
    out: dict[str, str] = {}
    entries = [e for e in new.changelog if version_key(e.version) > version_key(since)]
    for change in changes:
        for entry in entries:
            ack = next((a for a in entry.acknowledged if matches(a, change)), None)
            if ack is not None:
                out[change.id] = ack.reason
                break
    return out


def matches(ack: fmt.Acknowledgement, change: Change) -> bool:
    return fnmatch.fnmatchcase(change.rule, ack.rule) and fnmatch.fnmatchcase(change.path, ack.at or _ACK_ANY)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def required_version(old: str, report: Report) -> tuple[str, str]:
    """The least version the new spec may carry after ``old``, and why.

    Semver, for a spec: a change that breaks callers (TypeScript or Python), or that breaks
    implementers without adding anything, needs a major version; an addition (implementers must
    catch up with it, as with any new feature) or another compatible change needs a minor one. Below
    1.0.0 each moves one place right (major -> minor, minor -> patch), as Cargo does.
    """
    major, minor, patch = version_key(old)
    breaking = [c for c in report.changes if c.breaks("typescript") or c.breaks("python")
                or (c.breaks("implementers") and not RULES[c.rule].addition)]
    added = [c for c in report.changes if RULES[c.rule].addition or any(c.verdict(a).impact == "compatible" for a in AUDIENCES)]
    if breaking:
        why = f"{len(breaking)} breaking change(s), such as: {breaking[0].message}"
        return (f"{major + 1}.0.0" if major else f"0.{minor + 1}.0"), why
    if added:
        why = f"{len(added)} addition(s) or compatible change(s), such as: {added[0].message}"
        return (f"{major}.{minor + 1}.0" if major else f"0.{minor}.{patch + 1}"), why
    return old, "no breaking or compatible changes"


__all__ = ["AUDIENCES", "RULES", "Change", "Report", "Rule", "Verdict", "compare", "positions", "relation", "required_version"]
