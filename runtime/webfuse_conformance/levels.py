"""Requirement levels: which broken rules fail a run, and how a failure cites the spec.

Every rule the checks enforce is addressed by its spec path and has a level (``spec_data.DATA["rules"]``):

- ``documented``: a cited documentation source states it. The default level of a run
  (``--conformance-level documented``) fails only on these: that is the certificate.
- ``reading``: the spec's own choice where the sources are silent or disagree. ``--conformance-level
  strict`` fails on these too; at the documented level they are reported as advisory, like WPT's
  tentative tests, and never fail the run.

A violation rests on one or more rules (a delivery on the emit and on the event's name, say): it is
documented only when all of them are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .spec_data import DATA

LEVELS = ("documented", "strict")
RULES: dict[str, dict[str, Any]] = DATA["rules"]
ADAPTER = "adapter"
"""Pseudo-rule of the adapter contract (a snapshot that disagrees with the session, say): always enforced."""


@dataclass
class RunSettings:
    level: str = "documented"


SETTINGS = RunSettings()


def rule_level(path: str) -> str:
    if path == ADAPTER:
        return "documented"
    return str(RULES[path]["level"])


def combined_level(rules: tuple[str, ...]) -> str:
    return "documented" if all(rule_level(r) == "documented" for r in rules) else "reading"


def enforced(level: str) -> bool:
    """Whether a violation of this level fails the run at the current setting."""
    return SETTINGS.level == "strict" or level == "documented"


def cite(path: str) -> str:
    """One rule as a citation: ``documented: W1 "Available if ..." (members.x.preconditions[0])``."""
    if path == ADAPTER:
        return "adapter contract: the adapter reported something the session itself contradicts"
    rule = RULES[path]
    if rule["level"] == "documented":
        source = rule["sources"][0] if rule["sources"] else "?"
        quote = f' "{rule["quote"]}"' if rule["quote"] else ""
        return f"documented: {source}{quote} (spec {path}: {rule['summary']})"
    return f"reading: spec {path}: {rule['summary']} (not stated by the documentation)"


@dataclass(frozen=True)
class Violation:
    """One broken rule (or combination of rules), as a check saw it."""

    message: str
    rules: tuple[str, ...]
    events: tuple[str, ...] = ()
    """Events the violation is about; the replay keeps the listeners of these only."""

    @property
    def level(self) -> str:
        return combined_level(self.rules)

    def render(self) -> str:
        lines = [f"- [{self.level}] {self.message}"]
        lines += [f"    {cite(r)}" for r in self.rules]
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {"message": self.message, "level": self.level,
                "rules": [{"path": r, "level": rule_level(r), "sources": RULES.get(r, {}).get("sources", [])} for r in self.rules]}


@dataclass
class Findings:
    """What one run of a check saw broken; every distinct rule, not only the first."""

    check: str
    violations: list[Violation] = field(default_factory=list)

    def add(self, message: str, *rules: str, events: tuple[str, ...] = ()) -> None:
        if not any(v.message == message and v.rules == rules for v in self.violations):
            self.violations.append(Violation(message, tuple(rules), events))

    def expect(self, condition: bool, message: str, *rules: str, events: tuple[str, ...] = ()) -> bool:
        if not condition:
            self.add(message, *rules, events=events)
        return condition

    @property
    def failing(self) -> list[Violation]:
        return [v for v in self.violations if enforced(v.level)]

    @property
    def advisory(self) -> list[Violation]:
        return [v for v in self.violations if not enforced(v.level)]

    @property
    def events(self) -> set[str]:
        return {e for v in self.violations for e in v.events}


ADVISORIES: dict[str, list[Violation]] = {}
"""Violations that did not fail the run (readings at the documented level), per check id, for the report."""


def record_advisory(check: str, violations: list[Violation]) -> None:
    seen = ADVISORIES.setdefault(check, [])
    for v in violations:
        if not any(v.rules == s.rules for s in seen):
            seen.append(v)


def check_level(rules: tuple[str, ...]) -> str:
    """The level of a check whose main rules are ``rules``: documented if it can fail at the documented level."""
    return combined_level(rules)
