"""A stateful test: random multi-participant sequences of every member, invariants after each step.

Invariants cite the rules they rest on, like the checks do: a broken reading is advisory at the
documented level, a broken documented rule (or the adapter contract) fails the test.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from . import effects, strategies
from .adapter import Implementation
from .checks import (
    AFTER_END,
    MEMBERS,
    check_carried,
    check_deliveries,
    check_result,
    conclude,
    listen_everywhere,
    on_join,
    reached,
    receivers,
)
from .levels import ADAPTER, Findings
from .situations import FIXED_HOLDERS, PARTICIPANTS, base_situation
from .spec_data import DATA
from .trace import Trace

CHECK = "session.stateful"
DECLARED_EFFECTS_ONLY = "conventions.declared_effects_only"
ROLES_HELD = "conventions.roles_held_by_participants"

CALLABLE = [name for name, m in MEMBERS.items() if m["kind"] == "method" and not m["subscribes"] and not m["ends_session"]]
ENDERS = [name for name, m in MEMBERS.items() if m["ends_session"]]
CONSTRAINED_PROPERTIES = [name for name, m in MEMBERS.items() if m["kind"] == "property" and m["constraints"]]


def _participant_fields(member: str) -> tuple[str, str, str] | None:
    """For a member whose result lists participants: (item type, client index field, is-caller field)."""
    node = MEMBERS[member]["type"] or {}
    node = node.get("item", node) if node.get("kind") == "promise" else node
    if node.get("kind") != "array" or node["item"].get("kind") != "ref":
        return None
    name = node["item"]["name"]
    typedef = DATA["types"][name]
    meanings = {f["meaning"]: f["name"] for f in typedef.get("fields", []) if f.get("meaning")}
    if typedef["kind"] != "object" or not {"client-index", "is-caller"} <= set(meanings):
        return None
    return name, meanings["client-index"], meanings["is-caller"]


PARTICIPANT_LISTS = {name: fields for name in CALLABLE if (fields := _participant_fields(name)) is not None}
MOVABLE_ROLES = [role for role in DATA["roles"] if role not in FIXED_HOLDERS]
EFFECTFUL = [name for name in CALLABLE if MEMBERS[name]["effects"]]
NAMING_A_PARTICIPANT = [name for name in CALLABLE if any(p["kind"] == "participant" for p in MEMBERS[name]["preconditions"])]


def machine_for(impl: Implementation) -> type[RuleBasedStateMachine]:
    class SessionMachine(RuleBasedStateMachine):
        """Mixes every member across participants; the spec's invariants must hold throughout."""

        def __init__(self) -> None:
            super().__init__()
            self.trace = Trace(impl)
            self.findings = Findings(CHECK)
            self.session: Any = None
            self.people: list[int] = []
            self.ended = False

        def conclude(self) -> None:
            """Fail on what is enforced at this level; keep the rest as advisory."""
            conclude(self.findings, self.trace)

        @initialize(options=st.fixed_dictionaries({
            name: st.booleans() for name, o in DATA["options"].items() if o["type"] == {"kind": "primitive", "name": "boolean"}
        }), holders=st.fixed_dictionaries({role: st.integers(0, PARTICIPANTS - 1) for role in MOVABLE_ROLES}))
        def open(self, options: dict[str, bool], holders: dict[str, int]) -> None:
            situation = base_situation()
            situation.options.update(options)
            situation.roles.update(holders)  # roles start anywhere, so that leaving and handing over matter from the start
            self.session = self.trace.open(situation)
            self.options = dict(situation.options)
            self.origins = dict(situation.origins)
            self.people = list(range(situation.participants))
            listen_everywhere(self.trace, self.session, situation.participants, self.findings)
            self.conclude()

        @rule(data=st.data())
        def call(self, data: Any) -> None:
            member = data.draw(st.sampled_from(CALLABLE), label="member")
            context = data.draw(st.sampled_from(MEMBERS[member]["contexts"]), label="context")
            who = data.draw(st.sampled_from(self.people), label="participant")
            if data.draw(st.booleans(), label="valid arguments") or not any(p["invalid"] for p in MEMBERS[member]["params"]):
                # Parameters that must name a participant mostly do, so that roles really move around.
                people = {p["name"]: data.draw(st.sampled_from(self.people), label=p["name"])
                          for p in MEMBERS[member]["preconditions"] if p["kind"] == "participant"
                          if data.draw(st.integers(0, 4), label="a participant?") > 0}
                args = data.draw(strategies.arguments(member, people), label="arguments")
            else:
                args = data.draw(strategies.invalid_arguments(member), label="invalid arguments")[2]
                self.step(who, context, member, args, valid=False)
                return
            self.step(who, context, member, args, valid=True)

        def step(self, who: int, context: str, member: str, args: list[Any], valid: bool) -> None:
            """One call, with the model in lockstep: the state afterwards is what the spec's effects
            predict for an accepted call, and unchanged for a refused one, an invalid one, or after the end;
            an accepted call's result has its type and its events reach exactly their receivers among the
            participants of the moment (each listens everywhere), an ignored call sends none."""
            before = effects.observe(self.trace, self.session, who, context, self.people)
            self.trace.deliveries(self.session)
            outcome = self.trace.call(self.session, who, context, member, args)
            got = self.trace.deliveries(self.session)
            after = effects.observe(self.trace, self.session, who, context, self.people)
            named = effects.named_arguments(member, args)
            failing = effects.failing_precondition(member, who, named, before, self.options, self.people)
            if self.ended or not valid or failing is not None:
                rule = AFTER_END if self.ended else failing if failing is not None else "conventions.invalid_arguments"
                for problem, _ in effects.differences(member, who, named, before, after, none=True):
                    self.findings.add(f"{member}(...) by participant {who} changed the state although it must change "
                                      f"nothing: {problem}", rule)
                if not self.ended and valid and outcome.error is None:  # ignored (after the end: below)
                    self.findings.expect(not got, f"{member}(...) by participant {who} was refused but sent events: {got}", rule,
                                         events=tuple(sorted({d.event for d in got})))
            elif outcome.error is None:
                for problem, why in effects.differences(member, who, named, before, after):
                    self.findings.add(f"after {member}(...) by participant {who}: {problem}", *why)
                check_result(self.findings, member, outcome)
                declared = receivers(member, context, who, self.people)
                check_deliveries(self.findings, got, reached(member, context, who, self.people, args, self.origins),
                                 declared_by={e: tuple(rule for *_, rule in r) for e, r in declared.items()},
                                 when=f" after {member}(...) by participant {who}, with participants {self.people}")
                check_carried(self.findings, member, context, args, got)
            self.conclude()
            if self.ended:
                late = self.trace.deliveries(self.session)
                self.findings.expect(not late, f"events after the session ended: {late}", AFTER_END,
                                     events=tuple(sorted({d.event for d in late})))
                self.conclude()

        def draw_call(self, data: Any, members: list[str]) -> tuple[int, str, str, list[Any]]:
            """(participant, context, member, valid arguments); parameters naming a participant name a current one."""
            member = data.draw(st.sampled_from(members), label="member")
            context = data.draw(st.sampled_from(MEMBERS[member]["contexts"]), label="context")
            who = data.draw(st.sampled_from(self.people), label="participant")
            people = {p["name"]: data.draw(st.sampled_from(self.people), label=p["name"])
                      for p in MEMBERS[member]["preconditions"] if p["kind"] == "participant"}
            return who, context, member, data.draw(strategies.arguments(member, people), label="arguments")

        @precondition(lambda self: bool(EFFECTFUL))
        @rule(data=st.data())
        def twice(self, data: Any) -> None:
            """The same call twice in a row: a toggle must toggle back, a set must stay set."""
            who, context, member, args = self.draw_call(data, EFFECTFUL)
            self.step(who, context, member, args, valid=True)
            self.step(who, context, member, args, valid=True)

        @precondition(lambda self: bool(NAMING_A_PARTICIPANT))
        @rule(data=st.data())
        def name_a_participant(self, data: Any) -> None:
            """Calls that hand something (a role, control, following) to a current participant."""
            self.step(*self.draw_call(data, NAMING_A_PARTICIPANT), valid=True)

        @precondition(lambda self: len(self.people) < 5 and not self.ended)
        @rule()
        def join(self) -> None:
            """Someone joins, and listens everywhere too; the session's own events on a join reach the others."""
            self.trace.deliveries(self.session)
            joiner = self.trace.add_participant(self.session)
            got = self.trace.deliveries(self.session)
            check_deliveries(self.findings, got, on_join(joiner, self.people), when=f" when participant {joiner} joins {self.people}")
            self.people.append(joiner)
            listen_everywhere(self.trace, self.session, [joiner], self.findings)
            self.conclude()

        @precondition(lambda self: len(self.people) > 2 and not self.ended)
        @rule(data=st.data())
        def leave(self, data: Any) -> None:
            """Someone leaves; mostly someone who holds a role, whose roles then have to go somewhere."""
            roles = self.trace.snapshot(self.session).roles
            holders = sorted({h for h in roles.values() if h in self.people[1:]})
            pool = holders if holders and data.draw(st.integers(0, 3), label="a role holder?") > 0 else self.people[1:]
            who = data.draw(st.sampled_from(pool), label="leaving")
            self.trace.remove_participant(self.session, who)
            self.people.remove(who)
            after = self.trace.snapshot(self.session).roles
            moved = {role: (holder, after.get(role)) for role, holder in roles.items() if holder != who and after.get(role) != holder}
            self.findings.expect(not moved, f"participant {who} left, and roles they did not hold moved (from, to): {moved}",
                                 DECLARED_EFFECTS_ONLY)
            self.conclude()

        @precondition(lambda self: bool(ENDERS) and not self.ended)
        @rule()
        def end(self) -> None:
            member = ENDERS[0]
            self.trace.call(self.session, 0, MEMBERS[member]["contexts"][0], member, [])
            self.trace.deliveries(self.session)
            self.ended = True

        @invariant()
        def roles_are_held_by_participants(self) -> None:
            if self.session is None:
                return
            snap = self.trace.snapshot(self.session)
            self.findings.expect(sorted(snap.participants) == sorted(self.people),
                                 f"the snapshot lists participants {snap.participants}, but {self.people} are in the session", ADAPTER)
            self.findings.expect(set(snap.roles) >= set(DATA["roles"]),
                                 f"the snapshot lacks roles: {sorted(set(DATA['roles']) - set(snap.roles))}", ADAPTER)
            for role, holder in snap.roles.items():
                self.findings.expect(holder in snap.participants, f"role {role} is held by {holder}, not a participant", ROLES_HELD)
            self.conclude()

        @invariant()
        def properties_meet_their_constraints(self) -> None:
            if self.session is None or self.ended:
                return
            for member in CONSTRAINED_PROPERTIES:
                context = MEMBERS[member]["contexts"][0]
                value = self.trace.read(self.session, 0, context, member).value
                pattern = MEMBERS[member]["constraints"].get("pattern")
                if value is not None and pattern:
                    self.findings.expect(isinstance(value, str) and re.fullmatch(pattern, value) is not None,
                                         f"{member} is {value!r}, not matching {pattern}", MEMBERS[member]["constraints_rule"])
            self.conclude()

        @invariant()
        def one_self_per_viewer(self) -> None:
            if self.session is None or self.ended:
                return
            for member, (item, index_field, caller_field) in PARTICIPANT_LISTS.items():
                context = MEMBERS[member]["contexts"][0]
                for who in self.people:
                    listed = self.trace.call(self.session, who, context, member, []).value or []
                    indexes = sorted((p.get(index_field) for p in listed if isinstance(p, dict)), key=str)
                    self.findings.expect(indexes == sorted(self.people, key=str), f"{member}() lists the participants {indexes} to "
                                         f"participant {who}, but {sorted(self.people)} are in the session",
                                         MEMBERS[member]["returns_rule"])
                    selves = [p for p in listed if isinstance(p, dict) and p.get(caller_field)]
                    self.findings.expect(len(selves) == 1 and selves[0].get(index_field) == who,
                                         f"participant {who} sees {len(selves)} entries marked {caller_field}: {selves}",
                                         MEMBERS[member]["returns_rule"], DATA["types"][item]["rule"])
            self.conclude()

        def teardown(self) -> None:
            if self.session is not None:
                self.trace.close(self.session)

    return SessionMachine
