"""The spec's state model, interpreted: what a valid call must change, and that it changes nothing else.

The observable state is the session's roles and states (``Snapshot.roles``, ``Snapshot.states``) and
the spec's state variables (``DATA["state"]``). A variable that a member observes (``observed_by``:
``getTabs`` shows the tabs) is read through that member, as any script would read it; the others come
from ``Snapshot.state``. :func:`apply` predicts the state after a call from the state before and the
member's effects; tabs, whose new ssids only the implementation knows, are compared by the shape of
the change (:func:`tab_problems`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Protocol

from .adapter import Outcome, Snapshot
from .situations import FIXED_HOLDERS
from .spec_data import DATA

STATE: dict[str, Any] = DATA["state"]
MEMBERS: dict[str, Any] = DATA["members"]
TYPES: dict[str, Any] = DATA["types"]


class Reader(Protocol):
    """What observing needs: calls (to members that show state) and the snapshot (an adapter or a Trace)."""

    def call(self, session: Any, client_index: int, context: str, member: str, args: list[Any]) -> Outcome: ...

    def snapshot(self, session: Any) -> Snapshot: ...


@dataclass
class Observed:
    """The state as the suite sees it: roles, states, and each variable (per participant: by client index)."""

    roles: dict[str, int]
    states: dict[str, bool]
    variables: dict[str, Any]
    missing: list[str]
    """Variables the implementation reported nowhere."""


def named_arguments(member: str, args: list[Any]) -> dict[str, Any]:
    """The arguments by parameter name; a parameter left out has its default (or None)."""
    out: dict[str, Any] = {}
    for i, p in enumerate(MEMBERS[member]["params"]):
        out[p["name"]] = args[i] if i < len(args) else (p["default"] if p["has_default"] else None)
    return out


def _observer(name: str, context: str) -> tuple[str, str] | None:
    """(member, context) through which a script in ``context`` (or else any context) reads a variable."""
    for member in STATE[name]["observed_by"]:
        contexts = MEMBERS[member]["contexts"]
        if contexts:
            return member, context if context in contexts else contexts[0]
    return None


def observe(impl: Reader, session: Any, who: int, context: str, participants: list[int]) -> Observed:
    snapshot = impl.snapshot(session)
    variables: dict[str, Any] = {}
    missing: list[str] = []
    for name, var in STATE.items():
        observer = _observer(name, context)
        if observer is not None:
            outcome: Outcome = impl.call(session, who, observer[1], observer[0], [])
            if outcome.error is None:
                variables[name] = outcome.value
                continue
        if name not in snapshot.state:
            missing.append(name)
            continue
        raw = snapshot.state[name]
        if var["per_participant"]:
            raw = raw if isinstance(raw, dict) else {}
            variables[name] = {p: raw.get(str(p), copy.deepcopy(var["initial"])) for p in participants}
        else:
            variables[name] = raw
    return Observed(dict(snapshot.roles), dict(snapshot.states), variables, missing)


def _other_value(node: dict[str, Any], current: Any) -> Any:
    """The other value of a two-valued type (a boolean, or an enum of two values): what a toggle switches to."""
    if node.get("kind") == "ref" and TYPES[node["name"]]["kind"] == "enum":
        values = TYPES[node["name"]]["values"]
        return next((v for v in values if v != current), current)
    return not current


def applies(effect: dict[str, Any], args: dict[str, Any]) -> bool:
    return all(args.get(name) == value for name, value in effect["when"].items())


def apply(before: Observed, member: str, caller: int, args: dict[str, Any]) -> Observed:
    """The state the spec predicts after a valid call of ``member`` by ``caller`` with ``args``."""
    after = copy.deepcopy(before)
    for effect in MEMBERS[member]["effects"]:
        if not applies(effect, args) or any(after.states.get(k) != v for k, v in effect["when_state"].items()):
            continue
        kind, target = effect["kind"], effect["target"]
        if kind == "move_role":
            after.roles[target] = args[effect["to_param"]] if effect["to_param"] else before.roles.get(effect["to_role"], 0)
        elif kind == "toggle" and target in after.states:
            after.states[target] = not before.states.get(target, False)
        elif kind in ("set", "toggle"):
            var = STATE[target]
            old = before.variables[target][caller] if var["per_participant"] else before.variables[target]
            if kind == "toggle" or (effect["param"] and args.get(effect["param"]) is None and effect["or_toggle"]):
                new = _other_value(var["type"], old)
            else:
                new = args[effect["param"]] if effect["param"] else effect["value"]
            if var["per_participant"]:
                for who in (list(after.variables[target]) if effect["everyone"] else [caller]):
                    after.variables[target][who] = new
            else:
                after.variables[target] = new
        elif kind == "append":
            after.variables[target] = [*before.variables[target], args[effect["param"]]]
    return after


def tab_problems(member: str, args: dict[str, Any], before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(problem, rule) for the tabs: each tabs effect shows in the change, and nothing else about tabs changed."""
    effects = [e for e in MEMBERS[member]["effects"] if e["kind"] == "tabs" and applies(e, args)]
    old: dict[Any, dict[str, Any]] = {t.get("ssid"): t for t in before if isinstance(t, dict)}
    new: dict[Any, dict[str, Any]] = {t.get("ssid"): t for t in after if isinstance(t, dict)}
    problems: list[tuple[str, str]] = []
    if not effects:
        if before != after:
            problems.append((f"the tabs changed from {before} to {after}", "conventions.declared_effects_only"))
        return problems
    for effect in effects:
        rule, value = effect["rule"], args.get(effect["param"]) if effect["param"] else None
        if effect["target"] == "open":
            added = [t for ssid, t in new.items() if ssid not in old]
            if len(added) != 1 or len(new) != len(old) + 1:
                problems.append((f"expected exactly one new tab; before {before}, after {after}", rule))
            elif value is not None and added[0].get("url") != value:
                problems.append((f"the new tab has the address {added[0].get('url')!r}, expected {value!r}", rule))
            gone = [ssid for ssid in old if ssid not in new]
            if gone:
                problems.append((f"tabs {gone} were closed by a call that opens one", "conventions.declared_effects_only"))
        elif effect["target"] == "navigate":
            active = [t for t in after if isinstance(t, dict) and t.get("active")]
            if set(new) != set(old):
                problems.append((f"the set of tabs changed (before {list(old)}, after {list(new)}); expected the active tab "
                                 "to navigate", rule))
            elif len(active) != 1 or active[0].get("url") != value:
                problems.append((f"expected the active tab to show {value!r}; tabs after the call: {after}", rule))
        elif effect["target"] == "activate" and value in old:
            active = [ssid for ssid, t in new.items() if t.get("active")]
            if active != [value]:
                problems.append((f"expected tab {value} to be the only active tab; active after the call: {active}", rule))
    return problems


def differences(member: str, caller: int, args: dict[str, Any], before: Observed, after: Observed,
                none: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """(problem, rules) for every way ``after`` is not what the spec predicts from ``before`` (with
    ``none``: for a call that must change nothing)."""
    expected = before if none else apply(before, member, caller, args)
    out: list[tuple[str, tuple[str, ...]]] = []
    effect_rules = {(e["kind"], e["target"]): e["rule"] for e in MEMBERS[member]["effects"] if applies(e, args)}
    member_rule = MEMBERS[member]["rule"]

    def why(kind_target: list[tuple[str, str]]) -> tuple[str, ...]:
        rules = [effect_rules[k] for k in kind_target if k in effect_rules]
        return (member_rule, *rules) if rules else ("conventions.declared_effects_only",)

    for role in sorted(set(expected.roles) | set(after.roles)):
        if expected.roles.get(role) != after.roles.get(role):
            out.append((f"role {role} is held by {after.roles.get(role)}, expected {expected.roles.get(role)}",
                        why([("move_role", role)])))
    for state in sorted(set(expected.states) | set(after.states)):
        if expected.states.get(state) != after.states.get(state):
            out.append((f"state {state} is {after.states.get(state)}, expected {expected.states.get(state)}", why([("toggle", state)])))
    for name in STATE:
        if name in before.missing or name in after.missing:
            continue
        if name == "tabs" and none:
            if before.variables[name] != after.variables[name]:
                out.append((f"the tabs changed from {before.variables[name]} to {after.variables[name]}", ()))
            continue
        if name == "tabs":
            out += [(problem, (member_rule, rule) if rule.startswith("members.") else (rule,))
                    for problem, rule in tab_problems(member, args, before.variables[name], after.variables[name])]
            continue
        changed = why([("set", name), ("toggle", name), ("append", name)])
        if STATE[name]["per_participant"]:  # the caller's value follows the effect; everyone else's stays
            for who in sorted(set(expected.variables[name]) | set(after.variables[name])):
                want, got = expected.variables[name].get(who), after.variables[name].get(who)
                if want != got:
                    rules = changed if who == caller else ("conventions.declared_effects_only",)
                    out.append((f"{name} of participant {who} is {got!r}, expected {want!r} (before the call: "
                                f"{before.variables[name].get(who)!r})", rules))
        elif expected.variables[name] != after.variables[name]:
            out.append((f"{name} is {after.variables[name]!r}, expected {expected.variables[name]!r} (before the call: "
                        f"{before.variables[name]!r})", changed))
    return out


def changes(before: Observed, after: Observed) -> list[str]:
    """What differs from ``before`` to ``after``, in words: ``role host 0 -> 1``, ``paused False -> True``."""
    out = [f"role {r} {before.roles.get(r)} -> {after.roles.get(r)}" for r in sorted(after.roles) if before.roles.get(r) != after.roles[r]]
    out += [f"state {s} {before.states.get(s)} -> {after.states.get(s)}" for s in sorted(after.states) if before.states.get(s) != after.states[s]]
    for name, value in after.variables.items():
        old = before.variables.get(name)
        if isinstance(value, dict) and isinstance(old, dict):
            out += [f"{name} of participant {who} {old.get(who)!r} -> {v!r}" for who, v in value.items() if old.get(who) != v]
        elif old != value:
            out.append(f"{name} {old!r} -> {value!r}")
    return out


def roles_would_move(member: str, roles: dict[str, int], fixed: dict[str, Any]) -> bool:
    """Whether the member's role moves would change who holds a role, in a situation with these holders."""
    moves = [e for e in MEMBERS[member]["effects"] if e["kind"] == "move_role"]
    return all(
        roles.get(e["target"], 0) != (fixed.get(e["to_param"], -1) if e["to_param"] else roles.get(e["to_role"], 0))
        for e in moves
    )


def would_change(member: str, roles: dict[str, int], fixed: dict[str, Any], states: dict[str, bool] | None = None) -> bool:
    """Whether a call, if accepted, would change something in a situation with these role holders and
    states: every role move moves a role, and every effect that depends on a state (``when_state``) applies
    after the call's toggles (before any preparation; a set whose value is the initial one needs
    :func:`preparations`)."""
    if not MEMBERS[member]["effects"] or not roles_would_move(member, roles, fixed):
        return False
    now = dict(states or {})
    after = {**now, **{e["target"]: not now.get(e["target"], False) for e in MEMBERS[member]["effects"]
                       if e["kind"] == "toggle" and e["target"] in now}}
    return all(after.get(k) == v for e in MEMBERS[member]["effects"] for k, v in e["when_state"].items())


def preparer(member: str, roles: dict[str, int], participants: int) -> int | None:
    """A participant for whom every role precondition of ``member`` holds, with these role holders."""
    for who in range(participants):
        holds = [(FIXED_HOLDERS.get(p["name"], roles.get(p["name"], 0)) == who) == (p["kind"] == "role")
                 for p in MEMBERS[member]["preconditions"] if p["kind"] in ("role", "not_role")]
        if all(holds):
            return who
    return None


def preparations(member: str) -> list[str]:
    """Members to call first so that the member's effects change something: another value for what it
    sets (``resumeTabs`` after ``pauseTabs``), a second tab for a tab to activate."""
    out: list[str] = []
    for effect in MEMBERS[member]["effects"]:
        if effect["kind"] == "set" and effect["param"] is None:  # a fixed value (null too): first set another
            out += [name for name, info in MEMBERS.items() if name != member and any(
                e["kind"] == "set" and e["target"] == effect["target"] and (e["param"] is not None or e["value"] != effect["value"])
                for e in info["effects"])][:1]
        if effect["kind"] == "tabs" and effect["target"] == "activate":
            out += [name for name, info in MEMBERS.items() if any(
                e["kind"] == "tabs" and e["target"] == "open" and e["param"] and not e["when"] for e in info["effects"])][:1]
    return out



def failing_precondition(member: str, caller: int, args: dict[str, Any], state: Observed, options: dict[str, Any],
                         people: list[int]) -> str | None:
    """The rule of the first precondition of ``member`` that does not hold for this call, if any."""
    for pre in MEMBERS[member]["preconditions"]:
        kind, name = pre["kind"], pre["name"]
        if kind == "option":
            holds = bool(options.get(name))
        elif kind in ("role", "not_role"):
            holder = FIXED_HOLDERS.get(name, state.roles.get(name))
            holds = (holder == caller) == (kind == "role")
        elif kind in ("state", "not_state"):
            holds = bool(state.states.get(name)) == (kind == "state")
        else:
            holds = args.get(name) in people
        if not holds:
            return str(pre["rule"])
    return None
