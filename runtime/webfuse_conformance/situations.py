"""Sessions in which a member's preconditions hold, or all hold but one.

A precondition of the spec names an option that must be on, a role the caller must (not) hold, a
state that must (not) hold, or a parameter that must be a current participant's client index. The
solver searches the small space of who holds which role and which states hold for a situation
that makes each precondition true or false as asked.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .adapter import Situation
from .spec_data import DATA

PARTICIPANTS = 3
NOT_A_PARTICIPANT = 7  # a valid client index (an integer >= 0) that no participant has


@dataclass
class Setup:
    situation: Situation
    caller: int
    fixed: dict[str, Any] = field(default_factory=dict)  # parameter name -> value


def default_options() -> dict[str, Any]:
    """Every option on (booleans) or at its documented default."""
    out: dict[str, Any] = {}
    for name, option in DATA["options"].items():
        is_bool = option["type"] == {"kind": "primitive", "name": "boolean"}
        out[name] = True if is_bool else option["default"]
    return out


FIXED_HOLDERS: dict[str, int] = {name: r["holder"] for name, r in DATA["roles"].items() if r["holder"] is not None}
"""Roles that one client index always holds (the leader)."""


def base_situation() -> Situation:
    """Every role with the first participant, every state at its initial value, every option on."""
    roles = {role: FIXED_HOLDERS.get(role, 0) for role in DATA["roles"]}
    states = {name: state["initial"] for name, state in DATA["states"].items()}
    origins = {name: ctx["origin"] for name, ctx in DATA["contexts"].items()}
    return Situation(participants=PARTICIPANTS, options=default_options(), roles=roles, states=states, origins=origins)


def _holds(pre: dict[str, Any], situation: Situation, caller: int, fixed: dict[str, Any]) -> bool:
    kind, name = pre["kind"], pre["name"]
    if kind == "option":
        return bool(situation.options.get(name))
    if kind in ("role", "not_role"):
        holder = FIXED_HOLDERS.get(name, situation.roles.get(name, 0))
        return bool((holder == caller) == (kind == "role"))
    if kind in ("state", "not_state"):
        return bool(situation.states.get(name, False) == (kind == "state"))
    return fixed.get(name, 1) in range(situation.participants)


def solve(member: str, violate: int | None = None, want: Callable[[Setup], bool] | None = None) -> Setup | None:
    """A setup where every precondition of ``member`` holds, except number ``violate`` which fails
    (and, given ``want``, the first such setup it accepts)."""
    pres = DATA["paths"][member]["preconditions"]
    roles = [r for r in DATA["roles"] if r not in FIXED_HOLDERS]
    effects = DATA["paths"][member]["effects"]
    # The states its preconditions name, and those its effects toggle or depend on (when_state).
    states = [s for s in DATA["states"] if any(p["name"] == s and p["kind"] in ("state", "not_state") for p in pres)
              or any(e["target"] == s or s in e["when_state"] for e in effects)]
    for caller, holders, flags in itertools.product(
        range(PARTICIPANTS), itertools.product(range(PARTICIPANTS), repeat=len(roles)),
        itertools.product((True, False), repeat=len(states)),
    ):
        situation = base_situation()
        situation.roles.update(dict(zip(roles, holders, strict=True)))
        situation.states.update(dict(zip(states, flags, strict=True)))
        fixed: dict[str, Any] = {}
        for i, pre in enumerate(pres):
            if pre["kind"] == "option" and i == violate:
                situation.options[pre["name"]] = False
            if pre["kind"] == "participant":
                fixed[pre["name"]] = NOT_A_PARTICIPANT if i == violate else (caller + 1) % PARTICIPANTS
        if all(_holds(pre, situation, caller, fixed) == (i != violate) for i, pre in enumerate(pres)):
            setup = Setup(situation, caller, fixed)
            if want is None or want(setup):
                return setup
    return None
