"""Run checks from Python, without pytest: for a test of your own, a notebook, or a gallery of mutants.

    from webfuse_conformance.runner import run

    results = run(my_adapter, ["makeHost.widget.effects", "session.stateful"], level="strict", profile="ci")
    for check_id, result in results.items():
        print(check_id, result.result, result.message)

Each check runs exactly as the pytest suite runs it (the same check functions, Hypothesis profiles and
levels), and its outcome is a :class:`CheckResult`: ``pass``, ``fail`` (with the failure report:
every broken rule, cited, and the replayable trace) or ``advisory`` (a broken reading at the
documented level, which does not fail). The pytest plugin adds the command line, the table and the
report files on top of the same functions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from .adapter import Implementation, guarded
from .checks import Check, all_checks
from .levels import ADVISORIES, LEVELS, SETTINGS, Violation
from .profiles import profile_settings
from .stateful import CHECK as STATEFUL
from .stateful import machine_for


@dataclass
class CheckResult:
    check: str
    result: str
    """``pass``, ``fail`` or ``advisory``."""
    message: str = ""
    """The failure report (every broken rule enforced at the level, then the trace), for ``fail``."""
    advisory: list[Violation] = field(default_factory=list)
    """Broken rules that did not fail the check at its level (readings, at the documented level)."""


def run_check(check: Check, implementation: Implementation, profile: str | None = None, shrink: bool = True) -> None:
    """Run one check under a profile's settings (None: the loaded profile, as the plugin sets it); raise
    AssertionError if it fails at the current level."""
    if not check.uses_data:
        check.run(implementation, None)
        return

    @given(data=st.data())
    def examples(data: Any) -> None:
        check.run(implementation, data)

    (examples if profile is None else settings(profile_settings(profile, shrink=shrink))(examples))()


def run_stateful(implementation: Implementation, profile: str | None = None, shrink: bool = True) -> None:
    """Run the stateful test under a profile's settings (None: the loaded profile's stateful variant);
    raise AssertionError if it fails."""
    machine = machine_for(implementation)
    machine.TestCase.settings = (settings.get_profile(f"{settings._current_profile}-stateful") if profile is None
                                 else profile_settings(profile, stateful=True, shrink=shrink))
    machine.TestCase().runTest()


@contextlib.contextmanager
def at_level(level: str) -> Iterator[None]:
    """The run's level for the duration of the block."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    before, SETTINGS.level = SETTINGS.level, level
    try:
        yield
    finally:
        SETTINGS.level = before


def _message(error: BaseException) -> str:
    if isinstance(error, BaseExceptionGroup):
        return "\n\n".join(_message(e) for e in error.exceptions)
    return str(error)


def run(implementation: Any, checks: Sequence[str] | None = None, level: str = "documented", profile: str = "ci",
        shrink: bool = False) -> dict[str, CheckResult]:
    """Run the given checks (ids, ``session.stateful`` for the stateful test; all when None) against an
    adapter at a level; each one's result, by id. Unknown ids raise KeyError."""
    profile_settings(profile)  # an unknown profile raises ValueError before anything runs
    impl = guarded(implementation)
    by_id = {c.id: c for c in all_checks()}
    wanted = list(checks) if checks is not None else [*by_id, STATEFUL]
    unknown = [c for c in wanted if c != STATEFUL and c not in by_id]
    if unknown:
        raise KeyError(f"no such check: {', '.join(unknown)}")
    results: dict[str, CheckResult] = {}
    with at_level(level):
        for check_id in wanted:
            ADVISORIES.pop(check_id, None)
            try:
                if check_id == STATEFUL:
                    run_stateful(impl, profile, shrink)
                else:
                    run_check(by_id[check_id], impl, profile, shrink)
            except (AssertionError, BaseExceptionGroup) as error:
                results[check_id] = CheckResult(check_id, "fail", _message(error), ADVISORIES.get(check_id, []))
                continue
            advisory = ADVISORIES.get(check_id, [])
            results[check_id] = CheckResult(check_id, "advisory" if advisory else "pass", "", advisory)
    return results


__all__ = ["CheckResult", "at_level", "run", "run_check", "run_stateful"]
