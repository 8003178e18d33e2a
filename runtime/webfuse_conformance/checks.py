"""The checks: named functions with stable ids ``member.context.check``, all derived from spec_data.

Each check opens sessions through the implementation's adapter, records what it does in a
:class:`~webfuse_conformance.trace.Trace`, and collects every rule it sees broken as a
:class:`~webfuse_conformance.levels.Violation` that names the rules of the spec it rests on. A check
fails when a violation is enforced at the run's level (``--conformance-level``); the failure message
lists every broken rule with its level and citation, then the replayable trace.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from hypothesis import strategies as st
from pydantic import TypeAdapter
from webfuse_session import spec_runtime as runtime

from . import effects, strategies
from .adapter import Delivery, Implementation, Outcome
from .levels import ADAPTER, Findings, check_level, record_advisory
from .situations import FIXED_HOLDERS, Setup, base_situation, solve
from .spec_data import DATA
from .trace import Trace

MEMBERS: dict[str, Any] = DATA["members"]
"""The plain members (properties and methods of every context of their exposure rule): every check covers them."""
PATHS: dict[str, Any] = DATA["paths"]
"""Every member by dotted path (``automation.act.click``, ``on.addListener``), the plain ones as in MEMBERS."""
EVENTS: dict[str, Any] = DATA["events"]
TYPES: dict[str, Any] = DATA["types"]
CALLBACKS = "conventions.callbacks"
AFTER_END = "conventions.after_end"
DECLARED_EVENTS_ONLY = "conventions.declared_events_only"
CLOSED_TYPES = "conventions.closed_types"
ROLES_HELD = "conventions.roles_held_by_participants"
ELSEWHERE = "https://elsewhere.invalid"


@dataclass(frozen=True)
class Check:
    id: str
    member: str
    context: str
    name: str
    run: Callable[[Implementation, Any], None]
    rules: tuple[str, ...]
    """The spec paths of the rules this check is about; they give its level."""
    uses_data: bool = True
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return check_level(self.rules)


class Failed(AssertionError):
    pass


def conclude(findings: Findings, trace: Trace) -> None:
    """Record what is advisory at this level; raise with every enforced violation, if any."""
    record_advisory(findings.check, findings.advisory)
    failing = findings.failing
    if failing:
        listed = "\n".join(v.render() for v in failing)
        also = findings.advisory
        more = ("\nAlso seen (advisory at this level):\n" + "\n".join(v.render() for v in also)) if also else ""
        raise Failed(f"[{findings.check}] {len(failing)} rule(s) broken:\n{listed}{more}\n{trace.render(findings.events)}")


# -- shared steps ------------------------------------------------------------------------------
def subscriber(context: str) -> str | None:
    """The member a context subscribes to events with."""
    return next((name for name, m in MEMBERS.items() if m["subscribes"] and context in m["contexts"]), None)


def listenable(context: str) -> str:
    """An event that listeners in ``context`` can receive (or a custom name if there is none)."""
    return next((e for e, info in EVENTS.items() if context in info["listeners"]), "a_custom_event")


def listen_everywhere(trace: Trace, session: Any, participants: int | list[int], findings: Findings, times: int = 1) -> bool:
    """A recording listener (``times`` of them) for every event, in every context that can listen, of every
    participant (``participants`` of them numbered from 0, or these client indexes)."""
    people = range(participants) if isinstance(participants, int) else participants
    wanted = [(who, context, event) for event, info in EVENTS.items() for who in people
              for context in info["listeners"] if subscriber(context) is not None for _ in range(times)]
    ok = True
    for (who, context, event), outcome in zip(wanted, trace.listen_many(session, wanted), strict=True):
        ok &= findings.expect(outcome.error is None, f"listening to {event!r} in {context} as participant {who} failed: "
                              f"{outcome.error}: {outcome.message}", MEMBERS[subscriber(context) or ""]["rule"], EVENTS[event]["rule"])
    return ok


def error_name(declared: str | None) -> str:
    return str(DATA["errors"].get(declared or "", declared or "Error"))


def call_or_listen(trace: Trace, session: Any, caller: int, context: str, member: str, args: list[Any]) -> Outcome:
    if PATHS[member]["subscribes"]:
        return trace.listen(session, caller, context, listenable(context))
    return trace.call(session, caller, context, member, args)


def expect_unchanged(findings: Findings, trace: Trace, session: Any, before: Any, what: str, *rules: str) -> None:
    after = trace.snapshot(session)
    findings.expect(after == before, f"{what} changed the session's state; expected no change.\n    before: {before}\n"
                    f"    after:  {after}", *rules)
    extra = trace.deliveries(session)
    findings.expect(not extra, f"{what} sent events; expected none: {extra}", *rules, events=tuple(sorted({d.event for d in extra})))


def referenced_types(node: dict[str, Any]) -> list[str]:
    """Names of the spec types a type tree refers to directly."""
    kind = node.get("kind")
    if kind == "ref":
        return [node["name"]]
    children = [node[k] for k in ("item", "value") if k in node] + list(node.get("items", []))
    return [name for child in children for name in referenced_types(child)]


def shape_problems(node: dict[str, Any], value: Any, where: str = "") -> list[tuple[str, str, str]]:
    """(where, type, problem) for what a validator of the JSON shape cannot see: ``extra-key``, a key that a
    closed object type does not declare; ``host``, something else where a browser object (``{"$host": NAME}``)
    of the type belongs."""
    kind = node.get("kind")
    if kind == "promise":
        return shape_problems(node["item"], value, where)
    if kind == "array" and isinstance(value, list):
        return [x for i, item in enumerate(value) for x in shape_problems(node["item"], item, f"{where}[{i}]")]
    if kind == "union":
        return min((shape_problems(item, value, where) for item in node["items"]), key=len, default=[])
    if kind != "ref":
        return []
    name, typedef = node["name"], TYPES[node["name"]]
    if typedef["kind"] == "host":
        return [] if value == {"$host": name} else [(where.lstrip(".") or "the value", name, "host")]
    if typedef["kind"] == "alias":
        return shape_problems(typedef["type"], value, where)
    if typedef["kind"] != "object" or not isinstance(value, dict):
        return []
    fields = {f["name"]: f for f in typedef["fields"]}
    out = [] if typedef["additional"] is not None else [
        (f"{where}.{key}".lstrip("."), name, "extra-key") for key in value if key not in fields and key not in typedef["reserved_keys"]
    ]
    return out + [x for key, f in fields.items() if key in value for x in shape_problems(f["type"], value[key], f"{where}.{key}")]


def check_shape(findings: Findings, node: dict[str, Any], value: Any, validator: Any, what: str, *rules: str,
                events: tuple[str, ...] = ()) -> None:
    """``value`` has the type ``node`` (validated by ``validator``), browser objects are browser objects of
    the right kind, and closed object types have no other keys."""
    type_rules = tuple(TYPES[name]["rule"] for name in referenced_types(node))
    try:
        validator.validate_python(value, strict=True)
    except Exception as exc:  # pydantic's ValidationError
        findings.add(f"{what} does not match the spec's type: {exc}", *rules, *type_rules, events=events)
    for where, name, problem in shape_problems(node, value):
        if problem == "host":
            findings.add(f"{what} has {value!r:.200} where the spec wants a browser object {name} ({where})", *rules, *type_rules,
                         events=events)
        else:
            findings.add(f"{what} has the key {where!r}, which the closed type {name} does not declare", *rules,
                         TYPES[name]["rule"], CLOSED_TYPES, events=events)


def _annotation(node: dict[str, Any], depth: int = 0) -> Any:
    """A Python type that validates the JSON of a type tree (``type_expr.to_json`` form), for the members the Python
    package leaves out (those that use an interface type, and event objects' ``addListener``): closed object types
    and browser objects are left to :func:`shape_problems`."""
    kind = node.get("kind")
    if depth > 8:
        return Any
    if kind == "primitive":
        return {"string": str, "integer": int, "number": float, "boolean": bool, "null": type(None), "void": type(None)}.get(node["name"], Any)
    if kind == "literal":
        return Literal[node["value"]]
    if kind == "promise":
        return _annotation(node["item"], depth + 1)
    if kind == "array":
        return list[_annotation(node["item"], depth + 1)]  # type: ignore[misc]
    if kind == "record":
        return dict[str, _annotation(node["value"], depth + 1)]  # type: ignore[misc]
    if kind == "union":
        return functools.reduce(operator.or_, [_annotation(item, depth + 1) for item in node["items"]])
    if kind == "ref":
        typedef = TYPES.get(node["name"], {})
        if typedef.get("kind") == "enum":
            return Literal[tuple(typedef["values"])]
        if typedef.get("kind") == "alias":
            return _annotation(typedef["type"], depth + 1)
        if typedef.get("kind") == "object":
            return dict[str, Any]
    return Any


@dataclass(frozen=True)
class ResultSpec:
    """How a member's result is compared: as the Python package's ``spec_runtime`` gives it for the plain members."""

    result_kind: str
    result: Any


def result_spec(member: str) -> Any:
    """The Python package's runtime spec of a member, or one made from spec_data for a member it does not cover."""
    if member in runtime.MEMBERS:
        return runtime.MEMBERS[member]
    info = PATHS[member]
    validator = TypeAdapter(_annotation(info["type"])) if info["result_kind"] == "json" and info["type"] else None
    return ResultSpec(info["result_kind"], validator)


def check_result(findings: Findings, member: str, outcome: Outcome) -> None:
    """The value of a call or read (Promises settled) is what the spec says the member yields."""
    spec = result_spec(member)
    info = PATHS[member]
    value, rule = outcome.value, info["returns_rule"]
    if info["kind"] == "method" and outcome.promise is not None:
        is_async = (info["type"] or {}).get("kind") == "promise"
        findings.expect(outcome.promise == is_async, f"{member}() returned {'a Promise' if outcome.promise else 'a plain value'}; "
                        f"expected {'a Promise' if is_async else 'a plain value, not a Promise'}", rule)
    if spec.result_kind == "self":
        findings.expect(value == {"$session": True}, f"expected the session itself ({{'$session': True}}), got {value!r}", rule)
    elif spec.result_kind == "none":
        findings.expect(value is None, f"expected no value (undefined), got {value!r}", rule)
    elif spec.result_kind == "handle":
        node = info["type"]["item"] if info["type"]["kind"] == "promise" else info["type"]
        expected = {"$host": node.get("name")}
        findings.expect(value == expected or (value is None and info["maybe_unavailable"]),
                        f"expected a browser object {expected}, got {value!r}", rule)
    else:
        assert spec.result is not None
        rules = (rule, info["constraints_rule"]) if info["constraints_rule"] else (rule,)
        check_shape(findings, info["type"], value, spec.result, "the result", *rules)


Receivers = dict[str, list[tuple[int, str, str | None, str]]]
"""Per event: (participant, context, origin parameter, rule) of each receiver."""


def whom(which: str, caller: int, everyone: list[int]) -> list[int]:
    """The participants a receiver entry names (``self``, ``others`` or ``all``), relative to the caller."""
    return {"self": [caller], "others": [p for p in everyone if p != caller], "all": everyone}[which]


def on_join(joiner: int, before: list[int]) -> Receivers:
    """The declared receivers of the events the session sends when ``joiner`` joins the participants ``before``."""
    everyone = [*before, joiner]
    return {event: [(p, ctx, None, info["sent_on"]["rule"]) for ctx, which in info["sent_on"]["to"] for p in whom(which, joiner, everyone)]
            for event, info in EVENTS.items() if info["sent_on"] and info["sent_on"]["happening"] == "join"}


def receivers(member: str, context: str, caller: int, participants: int | list[int]) -> Receivers:
    """Per event: (participant, context, origin parameter, emit rule) of each declared receiver of a call
    (``participants`` of them numbered from 0, or these client indexes)."""
    everyone = list(range(participants)) if isinstance(participants, int) else sorted(participants)
    out: Receivers = {}
    for emit in MEMBERS[member]["emits"]:
        if emit["from_context"] and context not in emit["from_context"]:
            continue
        for ctx, which in emit["to"]:
            people = whom(which, caller, everyone)
            out.setdefault(emit["event"], []).extend((p, ctx, emit["origin_param"], emit["rule"]) for p in people)
    return out


def reached(member: str, context: str, caller: int, participants: list[int], args: list[Any],
            origins: dict[str, str]) -> Receivers:
    """The declared receivers of a call that its origin parameters let through (``*`` or the page's origin)."""
    named = effects.named_arguments(member, args)
    return {event: [(p, c, param, rule) for p, c, param, rule in found if param is None or named[param] in ("*", origins[c])]
            for event, found in receivers(member, context, caller, participants).items()}


def to_everyone(member: str, fixed: dict[str, Any]) -> dict[str, Any]:
    """``fixed`` with every origin parameter of the member's events set to ``*``, so that no receiver is filtered out."""
    return {**fixed, **{emit["origin_param"]: "*" for emit in MEMBERS[member]["emits"] if emit["origin_param"]}}


def open_setup(trace: Trace, setup: Setup) -> Any:
    return trace.open(setup.situation)


def check_deliveries(findings: Findings, got: list[Delivery], expected: Receivers,
                     *extra_rules: str, declared_by: dict[str, tuple[str, ...]] | None = None, when: str = "",
                     listeners: int = 1) -> None:
    """Each declared receiver got each event exactly once, nobody else got it, and payloads are valid.

    ``declared_by`` names the emit rules behind each event when ``expected`` cannot (an event filtered
    out for every receiver still rests on its emit). ``when`` is said after the event's name in a failure.
    With ``listeners`` > 1, each receiver registered that many listeners, and each must be called once.
    """
    once = "exactly once" if listeners == 1 else f"once at each of {listeners} listeners"
    for event in sorted(set(expected) | {d.event for d in got}):
        declared = expected.get(event, [])
        want = Counter({key: n * listeners for key, n in Counter((p, c) for p, c, _, _ in declared).items()})
        have = Counter((d.participant, d.context) for d in got if d.event == event)
        emit_rules = tuple(sorted({rule for *_, rule in declared} | set((declared_by or {}).get(event, ()))))
        rules = (*emit_rules, EVENTS[event]["rule"]) if event in EVENTS and emit_rules else ()
        missing = sorted((want - have).elements())
        extra = sorted((have - want).elements())
        if missing:
            findings.add(f"event {event!r}{when}: expected {once} at {sorted(want)} (participant, context); missing {missing}",
                         *rules, *extra_rules, events=(event,))
        if extra:
            why = rules or (DECLARED_EVENTS_ONLY,)
            findings.add(f"event {event!r}{when}: expected {once} at {sorted(want)} (participant, context); "
                         f"unexpected or duplicated {extra}", *why, *extra_rules, events=(event,))
    for delivery in got:
        check_delivery(findings, delivery)


def check_delivery(findings: Findings, delivery: Delivery) -> None:
    """A delivery's payload has the event's type, and the listener was called as the callback convention says."""
    event = delivery.event
    if event not in EVENTS:
        return
    check_shape(findings, EVENTS[event]["payload"], delivery.payload, runtime.EVENTS[event], f"the payload of {event!r}",
                EVENTS[event]["rule"], events=(event,))
    callbacks = DATA["conventions"]["callbacks"]
    if callbacks["arguments"][:1] == ["session"]:
        findings.expect(delivery.session_argument, f"the listener of {event!r} did not get the session as its first argument",
                        CALLBACKS, events=(event,))
    if callbacks["this"] == "session":
        findings.expect(delivery.this_is_session is not False, f"`this` in the listener of {event!r} was not the session",
                        CALLBACKS, events=(event,))


def check_carried(findings: Findings, member: str, context: str, args: list[Any], got: list[Delivery]) -> None:
    """Payload fields that carry an argument of the call (an emit's ``carries``) hold that argument."""
    named = effects.named_arguments(member, args)
    for emit in MEMBERS[member]["emits"]:
        if not emit["carries"] or (emit["from_context"] and context not in emit["from_context"]):
            continue
        payload_rules = tuple(TYPES[name]["rule"] for name in referenced_types(EVENTS[emit["event"]]["payload"]))
        for delivery in (d for d in got if d.event == emit["event"] and isinstance(d.payload, dict)):
            for field_name, param in emit["carries"].items():
                findings.expect(delivery.payload.get(field_name) == named[param],
                                f"the payload of {emit['event']!r} at ({delivery.participant}, {delivery.context!r}) has "
                                f"{field_name} {delivery.payload.get(field_name)!r:.200}; expected the {param} argument "
                                f"{named[param]!r:.200}", emit["rule"], *payload_rules, events=(emit["event"],))


def call_rules(member: str, args: list[Any]) -> tuple[str, ...]:
    """Rules a valid call relies on besides the member's own: the constraints that say which values of
    the given arguments are valid, and the optionality and defaults of the parameters left out."""
    params = PATHS[member]["params"]
    given = tuple(p["constraints_rule"] for p in params[: len(args)] if p["constraints_rule"])
    return given + tuple(p["rule"] for p in params[len(args):])


# -- the checks ---------------------------------------------------------------------------------
def exposure(member: str, context: str) -> Check:
    check_id = f"{member}.{context}.exposure"
    expected = context in PATHS[member]["contexts"]
    rules = (DATA["contexts"][context]["rule"], PATHS[member]["rule"])

    def run(impl: Implementation, data: Any) -> None:
        trace, findings = Trace(impl), Findings(check_id)
        session = trace.open(base_situation())
        try:
            found = trace.exposes(session, 0, context, member)
            findings.expect(not (found and not expected), f"{member} is reachable through {DATA['contexts'][context]['expression']}, "
                            f"but the spec does not expose it in the {context} context: an access-control breach", *rules)
            findings.expect(not (expected and not found), f"{member} is missing from the {context} context", *rules)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "exposure", run, rules, uses_data=False)


def own_members(context: str) -> Check:
    """A context that exposes only some members offers no others (when the adapter lists member names)."""
    check_id = f"session.{context}.own-members"
    declared = {name for name, m in PATHS.items() if "." not in name and context in m["contexts"]}
    rules = (DATA["contexts"][context]["rule"],)

    def run(impl: Implementation, data: Any) -> None:
        trace, findings = Trace(impl), Findings(check_id)
        session = trace.open(base_situation())
        try:
            names = trace.members(session, 0, context)
            extra = sorted(set(names or ()) - declared)
            findings.expect(not extra, f"the session object of the {context} context ({DATA['contexts'][context]['expression']}) "
                            f"also offers {extra}, which the spec does not expose there: an access-control breach", *rules)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, "session", context, "own-members", run, rules, uses_data=False)


def initial_state(context: str) -> Check:
    """A session opened without saying who holds the roles has them held by participants, and every state
    variable at its declared initial value."""
    check_id = f"session.{context}.initial-state"
    variables = {name: var for name, var in effects.STATE.items() if var["has_initial"] and not var["observed_by"]}
    rules = tuple(var["rule"] for var in variables.values())

    def run(impl: Implementation, data: Any) -> None:
        situation = base_situation()
        situation.roles = {role: holder for role, holder in situation.roles.items() if role in FIXED_HOLDERS}
        people = list(range(situation.participants))
        trace, findings = Trace(impl), Findings(check_id)
        session = trace.open(situation)
        try:
            observed = effects.observe(trace, session, 0, context, people)
            for role, holder in observed.roles.items():
                findings.expect(holder in people, f"role {role} is held by {holder}, not a participant", ROLES_HELD)
            for name, var in variables.items():
                if name in observed.missing:
                    continue
                want = {p: var["initial"] for p in people} if var["per_participant"] else var["initial"]
                findings.expect(observed.variables[name] == want, f"{name} starts as {observed.variables[name]!r}; expected "
                                f"{want!r}", var["rule"])
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, "session", context, "initial-state", run, (*rules, ROLES_HELD), uses_data=False)


def read(member: str, context: str) -> Check:
    check_id = f"{member}.{context}.read"
    info = PATHS[member]
    rules = (info["rule"],)

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member)
        assert setup is not None
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            outcome = trace.read(session, setup.caller, context, member)
            if findings.expect(outcome.error is None, f"reading {member} raised {outcome.error}: {outcome.message}", *rules):
                # every precondition holds here, so it must have a value
                findings.expect(outcome.value is not None, f"{member} is undefined although every precondition holds",
                                *rules, *(p["rule"] for p in info["preconditions"]))
                if outcome.value is not None:
                    check_result(findings, member, outcome)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "read", run, rules, uses_data=False)


def unavailable(member: str, context: str, index: int) -> Check:
    pre = MEMBERS[member]["preconditions"][index]
    check_id = f"{member}.{context}.unavailable-{pre['kind']}-{pre['name']}"

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member, violate=index)
        assert setup is not None
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            outcome = trace.read(session, setup.caller, context, member)
            what = f"reading {member} while {pre['kind']} {pre['name']!r} does not hold"
            # Documented: there is no value. How its absence shows (undefined, not an error) is the spec's reading.
            findings.expect(outcome.error is None, f"{what} raised {outcome.error}: {outcome.message}; expected undefined",
                            pre["rule"], pre["otherwise_rule"])
            findings.expect(outcome.error is not None or outcome.value is None,
                            f"{member} has a value ({outcome.value!r}) although its precondition {pre['kind']} {pre['name']!r} "
                            "does not hold; expected none",
                            pre["rule"])
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, f"unavailable-{pre['kind']}-{pre['name']}", run, (pre["rule"],), uses_data=False)


def valid_call(member: str, context: str) -> Check:
    check_id = f"{member}.{context}.valid-call"
    info = PATHS[member]

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member)
        assert setup is not None
        args = data.draw(strategies.arguments(member, setup.fixed), label="arguments")
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            outcome = call_or_listen(trace, session, setup.caller, context, member, args)
            if findings.expect(outcome.error is None, f"{member}(...) raised {outcome.error}: {outcome.message}; expected it "
                               "to be accepted", info["rule"], *call_rules(member, args)):
                check_result(findings, member, outcome)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "valid-call", run, (info["rule"],))


def invalid_args(member: str, context: str) -> Check:
    check_id = f"{member}.{context}.invalid-args"
    params = PATHS[member]["params"]
    main = tuple(sorted({p["on_invalid_rule"] for p in params if p["invalid"]}))

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member)
        assert setup is not None
        # Every invalid value at once, one call each: the spec's list and those made from the types.
        choices = data.draw(strategies.invalid_choices(member, setup.fixed), label="invalid arguments")
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            listen_everywhere(trace, session, setup.situation.participants, findings)
            trace.deliveries(session)
            for param, reason, args in choices:
                spec = next(p for p in params if p["name"] == param)
                declared, rule = spec["on_invalid"], spec["on_invalid_rule"]
                before = trace.snapshot(session)
                outcome = trace.call(session, setup.caller, context, member, args)
                what = f"{member} with '{param}' given {reason}"
                if declared["outcome"] == "error":
                    wanted = error_name(declared["error"])
                    if findings.expect(outcome.error is not None, f"{what}: expected {wanted}, got no error", rule):
                        findings.expect(outcome.error == wanted, f"{what}: expected {wanted}, got {outcome.error} {outcome.message}".rstrip(),
                                        rule + ".error")
                        if outcome.rejected is not None:  # a Promise member reports errors by rejecting, others by throwing
                            is_async = (PATHS[member]["type"] or {}).get("kind") == "promise"
                            findings.expect(outcome.rejected == is_async, f"{what}: the {outcome.error} was "
                                            f"{'a rejected Promise' if outcome.rejected else 'thrown'}; expected "
                                            f"{'the returned Promise to reject' if is_async else 'it to be thrown'}",
                                            rule, PATHS[member]["returns_rule"])
                else:
                    findings.expect(outcome.error is None, f"{what} raised {outcome.error}: {outcome.message}; expected it to be ignored", rule)
                expect_unchanged(findings, trace, session, before, what, rule)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "invalid-args", run, main)


def prepare(trace: Trace, session: Any, setup: Setup, member: str, context: str, data: Any,
            who: int | None = None) -> Iterator[tuple[str, int, list[Any], Outcome]]:
    """Call the member's :func:`effects.preparations` first, so that its effects have something to change
    (``pauseTabs`` before ``resumeTabs``): by ``who``, else by a participant for whom they are valid.
    Yields (member, caller, arguments, outcome) after each call."""
    for first in effects.preparations(member):
        caller = who if who is not None else effects.preparer(first, setup.situation.roles, setup.situation.participants)
        if caller is None:
            continue
        where = context if context in MEMBERS[first]["contexts"] else MEMBERS[first]["contexts"][0]
        # A parameter that must name a participant names another one, so that the preparation is accepted.
        named = {p["name"]: (caller + 1) % setup.situation.participants for p in MEMBERS[first]["preconditions"] if p["kind"] == "participant"}
        args = data.draw(strategies.arguments(first, named), label=f"{first} arguments")
        yield first, caller, args, trace.call(session, caller, where, first, args)


def gate(member: str, context: str, index: int) -> Check:
    """A call whose precondition fails is refused and changes nothing, in a situation (and after
    preparations) where it would change something if the precondition were ignored."""
    pre = MEMBERS[member]["preconditions"][index]
    name = f"gate-{pre['kind']}-{pre['name']}"
    check_id = f"{member}.{context}.{name}"

    def run(impl: Implementation, data: Any) -> None:
        setup = (solve(member, violate=index, want=lambda s: effects.would_change(member, s.situation.roles, s.fixed, s.situation.states))
                 or solve(member, violate=index))
        assert setup is not None
        args = data.draw(strategies.arguments(member, setup.fixed), label="arguments")
        people = list(range(setup.situation.participants))
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            listen_everywhere(trace, session, setup.situation.participants, findings)
            list(prepare(trace, session, setup, member, context, data))
            trace.deliveries(session)
            would = ""
            if MEMBERS[member]["effects"]:
                observed = effects.observe(trace, session, setup.caller, context, people)
                changed = effects.changes(observed, effects.apply(observed, member, setup.caller, effects.named_arguments(member, args)))
                would = f" (ignoring it would change: {'; '.join(changed)})" if changed else " (ignoring it would change nothing here)"
            before = trace.snapshot(session)
            outcome = trace.call(session, setup.caller, context, member, args)
            what = f"{member} by participant {setup.caller} while {pre['kind']} {pre['name']!r} does not hold"
            # Documented: the call is refused and changes nothing. Whether it is ignored or raises is the
            # otherwise rule, documented only where a source says so ("silently ignored").
            if pre["otherwise"] == "error":
                wanted = error_name(pre["error"])
                findings.expect(outcome.error == wanted, f"{what}: expected {wanted}, got {outcome.error or 'no error'}",
                                pre["rule"], pre["otherwise_rule"])
            else:
                findings.expect(outcome.error is None, f"{what} raised {outcome.error}: {outcome.message}; expected it to be "
                                "silently ignored", pre["rule"], pre["otherwise_rule"])
            expect_unchanged(findings, trace, session, before, what + would, pre["rule"])
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, name, run, (pre["rule"],), notes={"precondition": pre})


def effect_check(member: str, context: str) -> Check:
    """A valid call changes what the member's effects say, and nothing else (observed through the API where
    a member shows the state, through the snapshot otherwise)."""
    check_id = f"{member}.{context}.effects"
    info = MEMBERS[member]
    rules = tuple(e["rule"] for e in info["effects"])

    def run(impl: Implementation, data: Any) -> None:
        # A situation where the effects would change something, so that a call that does nothing is seen.
        setup = (solve(member, want=lambda s: effects.would_change(member, s.situation.roles, s.fixed, s.situation.states))
                 or solve(member, want=lambda s: effects.roles_would_move(member, s.situation.roles, s.fixed)) or solve(member))
        assert setup is not None
        args = data.draw(strategies.arguments(member, setup.fixed), label="arguments")
        people = list(range(setup.situation.participants))
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            # The preparations' effects are checked too: a preparation that changes nothing leaves nothing to see.
            ready = effects.observe(trace, session, setup.caller, context, people)
            for first, _, first_args, prepared in prepare(trace, session, setup, member, context, data, who=setup.caller):
                if prepared.error is None:
                    done = effects.observe(trace, session, setup.caller, context, people)
                    for problem, why in effects.differences(first, setup.caller, effects.named_arguments(first, first_args), ready, done):
                        findings.add(f"preparing the call with {first}(...): {problem}", *why)
                    ready = done
            before = effects.observe(trace, session, setup.caller, context, people)
            findings.expect(not before.missing, f"the snapshot reports no state {before.missing} (Snapshot.state)", ADAPTER)
            outcome = trace.call(session, setup.caller, context, member, args)
            if findings.expect(outcome.error is None, f"{member}(...) raised {outcome.error}: {outcome.message}; expected it "
                               "to be accepted", info["rule"], *call_rules(member, args)):
                after = effects.observe(trace, session, setup.caller, context, people)
                named = effects.named_arguments(member, args)
                for problem, why in effects.differences(member, setup.caller, named, before, after):
                    findings.add(f"after {member}(...) by participant {setup.caller}: {problem}", *why)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "effects", run, rules)


def events_check(member: str, context: str) -> Check:
    check_id = f"{member}.{context}.events"
    plan = receivers(member, context, 0, 3)
    rules = tuple(sorted({rule for r in plan.values() for *_, rule in r} | {EVENTS[e]["rule"] for e in plan}))

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member)
        assert setup is not None
        args = data.draw(strategies.arguments(member, to_everyone(member, setup.fixed)), label="arguments")
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            # Two listeners each: a second registration must add a listener, not replace or drop it.
            listen_everywhere(trace, session, setup.situation.participants, findings, times=2)
            trace.deliveries(session)
            outcome = trace.call(session, setup.caller, context, member, args)
            if findings.expect(outcome.error is None, f"{member}(...) raised {outcome.error}: {outcome.message}; expected it "
                               "to be accepted", MEMBERS[member]["rule"], *call_rules(member, args)):
                expected = receivers(member, context, setup.caller, setup.situation.participants)
                got = trace.deliveries(session)
                check_deliveries(findings, got, expected, *call_rules(member, args), listeners=2)
                check_carried(findings, member, context, args, got)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "events", run, rules)


def near_misses(origin: str) -> list[str]:
    """Origins that a sloppy comparison confuses with ``origin``, none of them the same origin: one that
    extends it (``origin`` is its prefix), one it extends, another port, another scheme."""
    scheme, _, rest = origin.partition("://")
    other_scheme = "http" if scheme == "https" else "https"
    return [f"{origin}.elsewhere.invalid", origin[:-1], f"{origin}:8443", f"{other_scheme}://{rest}"]


def origin_filter(member: str, context: str) -> Check:
    """An event whose call names a target origin reaches exactly the receivers whose page has that origin:
    tried with the receiver's own origin, its near misses (:func:`near_misses`) and an unrelated one."""
    check_id = f"{member}.{context}.origin-filter"
    plan = receivers(member, context, 0, 3)
    filtered_rules = tuple(sorted({rule for r in plan.values() for _, _, param, rule in r if param}))

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member)
        assert setup is not None
        plan = receivers(member, context, setup.caller, setup.situation.participants)
        filtered = [(e, p, c, param, rule) for e, r in plan.items() for p, c, param, rule in r if param]
        event, who, receiving, param, _ = data.draw(st.sampled_from(filtered), label="receiver")
        origin_rules = tuple(sorted({rule for e, *_, rule in filtered if e == event}))
        own = setup.situation.origins[receiving]
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            listen_everywhere(trace, session, setup.situation.participants, findings)
            trace.deliveries(session)
            for origin in [own, *near_misses(own), ELSEWHERE]:
                args = data.draw(strategies.arguments(member, {**setup.fixed, param: origin}), label=f"arguments, {param} {origin}")
                outcome = trace.call(session, setup.caller, context, member, args)
                if findings.expect(outcome.error is None, f"{member}(...) with {param} {origin!r} raised {outcome.error}: "
                                   f"{outcome.message}; expected it to be accepted", MEMBERS[member]["rule"]):
                    matching: list[tuple[int, str, str | None, str]] = [
                        (p, c, prm, rule) for e, p, c, prm, rule in filtered if e == event and setup.situation.origins[c] == origin]
                    check_deliveries(findings, trace.deliveries(session), {event: matching}, declared_by={event: origin_rules},
                                     when=f" with {param} {origin!r}")
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "origin-filter", run, filtered_rules)


def option_default(member: str, context: str, option: str) -> Check:
    """A gated member whose option is left unset behaves as the option's default says: its events are
    sent and its effects happen when the default is on, neither when it is off."""
    default = DATA["options"][option]["default"]
    default_rule = DATA["options"][option]["default_rule"]
    check_id = f"{member}.{context}.default-option-{option}"

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member, want=lambda s: effects.would_change(member, s.situation.roles, s.fixed, s.situation.states)) or solve(member)
        assert setup is not None
        del setup.situation.options[option]
        args = data.draw(strategies.arguments(member, to_everyone(member, setup.fixed)), label="arguments")
        people = list(range(setup.situation.participants))
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            listen_everywhere(trace, session, setup.situation.participants, findings)
            list(prepare(trace, session, setup, member, context, data, who=setup.caller))
            trace.deliveries(session)
            before = effects.observe(trace, session, setup.caller, context, people)
            outcome = trace.call(session, setup.caller, context, member, args)
            if findings.expect(outcome.error is None, f"{member}(...) with {option} left at its default ({default!r}) raised "
                               f"{outcome.error}: {outcome.message}", default_rule):
                expected = receivers(member, context, setup.caller, setup.situation.participants) if default else {}
                check_deliveries(findings, trace.deliveries(session), expected, default_rule)
                after = effects.observe(trace, session, setup.caller, context, people)
                named = effects.named_arguments(member, args)
                for problem, _ in effects.differences(member, setup.caller, named, before, after, none=not default):
                    findings.add(f"{member}(...) by participant {setup.caller} with {option} left at its default ({default!r}): "
                                 f"{problem}", default_rule)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, f"default-option-{option}", run, (default_rule,))


def after_end(member: str, context: str, ender: str) -> Check:
    check_id = f"{member}.{context}.after-end"

    def run(impl: Implementation, data: Any) -> None:
        setup = solve(member)
        assert setup is not None
        args = data.draw(strategies.arguments(member, setup.fixed), label="arguments")
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            listen_everywhere(trace, session, setup.situation.participants, findings)
            ending_context = MEMBERS[ender]["contexts"][0]
            ended = trace.call(session, 0, ending_context, ender, [])
            if findings.expect(ended.error is None, f"{ender}() raised {ended.error}: {ended.message}", MEMBERS[ender]["rule"]):
                trace.deliveries(session)
                before = trace.snapshot(session)
                if MEMBERS[member]["kind"] == "property":
                    outcome = trace.read(session, setup.caller, context, member)
                    what = f"reading {member} after {ender}()"
                else:
                    outcome = call_or_listen(trace, session, setup.caller, context, member, args)
                    what = f"{member}(...) after {ender}()"
                if DATA["conventions"]["after_end"]["outcome"] == "ignored":
                    findings.expect(outcome.error is None, f"{what} raised {outcome.error}: {outcome.message}; expected it to be "
                                    "ignored", AFTER_END)
                    if MEMBERS[member]["kind"] == "property":  # nothing answers any more: no value
                        findings.expect(outcome.error is not None or outcome.value is None,
                                        f"{what} gave {outcome.value!r}; expected undefined", AFTER_END)
                expect_unchanged(findings, trace, session, before, what, AFTER_END)
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, member, context, "after-end", run, (AFTER_END,))


def sent_on(event: str) -> Check:
    """An event the session sends when something happens (no member call sends it) reaches its declared
    receivers, once at each listener, with the client index of the participant concerned."""
    info = EVENTS[event]["sent_on"]
    context = info["to"][0][0]
    check_id = f"{event}.{context}.on-{info['happening']}"
    rules = (info["rule"], EVENTS[event]["rule"])

    def run(impl: Implementation, data: Any) -> None:
        setup = Setup(base_situation(), 0)
        trace, findings = Trace(impl), Findings(check_id)
        session = open_setup(trace, setup)
        try:
            before = list(range(setup.situation.participants))
            listen_everywhere(trace, session, setup.situation.participants, findings, times=2)
            trace.deliveries(session)
            joiner = trace.add_participant(session)  # the only happening so far: "join"
            got = trace.deliveries(session)
            check_deliveries(findings, got, {event: on_join(joiner, before)[event]}, listeners=2, when=f" when participant {joiner} joins")
            field_name = info["index_field"]
            for delivery in (d for d in got if d.event == event and field_name and isinstance(d.payload, dict)):
                findings.expect(delivery.payload.get(field_name) == joiner,
                                f"the payload of {event!r} at ({delivery.participant}, {delivery.context!r}) has {field_name} "
                                f"{delivery.payload.get(field_name)!r}; expected {joiner}, who joined", *rules, events=(event,))
        finally:
            trace.close(session)
        conclude(findings, trace)

    return Check(check_id, event, context, f"on-{info['happening']}", run, rules, uses_data=False)


def all_checks() -> list[Check]:
    """Every check the spec implies, in spec order."""
    out: list[Check] = []
    enders = [name for name, m in MEMBERS.items() if m["ends_session"]]
    for member, info in MEMBERS.items():
        for context in DATA["contexts"]:
            out.append(exposure(member, context))
            if context not in info["contexts"]:
                continue
            if info["kind"] == "property":
                out.append(read(member, context))
                out += [unavailable(member, context, i) for i, p in enumerate(info["preconditions"]) if p["otherwise"] == "unavailable"]
                if enders:
                    out.append(after_end(member, context, enders[0]))
                continue
            out.append(valid_call(member, context))
            if info["effects"]:
                out.append(effect_check(member, context))
            if any(p["invalid"] for p in info["params"]):
                out.append(invalid_args(member, context))
            out += [gate(member, context, i) for i, p in enumerate(info["preconditions"]) if p["otherwise"] != "unavailable"]
            if receivers(member, context, 0, 3) or info["effects"]:
                out += [option_default(member, context, p["name"]) for p in info["preconditions"]
                        if p["kind"] == "option" and DATA["options"][p["name"]]["known"]
                        and isinstance(DATA["options"][p["name"]]["default"], bool)]
            if receivers(member, context, 0, 3):
                out.append(events_check(member, context))
                if any(param for r in receivers(member, context, 0, 3).values() for _, _, param, _ in r):
                    out.append(origin_filter(member, context))
            if enders and not info["ends_session"]:
                out.append(after_end(member, context, enders[0]))
    for member, info in PATHS.items():  # the members only some contexts have, namespaces' members, event objects
        if info["plain"]:
            continue
        out += [exposure(member, context) for context in DATA["contexts"]]
        for context in info["contexts"]:
            if info["kind"] == "namespace" and info["type"] is not None:  # a record of values (``env``)
                out.append(read(member, context))
            if info["kind"] != "method":
                continue
            out.append(valid_call(member, context))
            if any(p["invalid"] for p in info["params"]):
                out.append(invalid_args(member, context))
    out += [sent_on(event) for event, info in EVENTS.items() if info["sent_on"]]
    out += [own_members(context) for context, info in DATA["contexts"].items() if info["exposes"] != "all-members"]
    out.append(initial_state(next(iter(DATA["contexts"]))))
    return out


__all__ = ["Check", "Failed", "all_checks"]
