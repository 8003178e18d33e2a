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

Every call into the implementation has ``call_timeout`` seconds (see webfuse_conformance.adapter): a
check whose call does not return in time fails at once (:class:`CheckHung`, no shrinking), and the
checks after it get a fresh implementation from ``factory`` (without one: the same object).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from .adapter import DEFAULT_CALL_TIMEOUT, CallTimeout, Implementation, guarded
from .checks import Check, Failed, all_checks
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


class CheckHung(Failed):
    """The check failed because a call into the implementation did not return within the call timeout."""


def _timed(implementation: Implementation, check: Callable[[], None]) -> None:
    """Run a check with the call timeout (see webfuse_conformance.adapter): first a fresh implementation if
    the last one hung; a call that does not return in time (:class:`CallTimeout`, which Hypothesis lets
    through at once, so nothing is shrunk) fails the check, with the replay up to that call."""
    recover = getattr(implementation, "recover", None)
    if callable(recover):
        recover()
    watched = getattr(implementation, "watched", None)
    try:
        watched(check) if callable(watched) else check()
    except CallTimeout as hung:
        raise CheckHung(f"{hung}\n{hung.replay}" if hung.replay else str(hung)) from None


def run_check(check: Check, implementation: Implementation, profile: str | None = None, shrink: bool = True) -> None:
    """Run one check under a profile's settings (None: the loaded profile, as the plugin sets it); raise
    AssertionError if it fails at the current level (:class:`CheckHung` if a call timed out)."""
    if not check.uses_data:
        _timed(implementation, lambda: check.run(implementation, None))
        return

    @given(data=st.data())
    def examples(data: Any) -> None:
        check.run(implementation, data)

    _timed(implementation, examples if profile is None else settings(profile_settings(profile, shrink=shrink))(examples))


def run_stateful(implementation: Implementation, profile: str | None = None, shrink: bool = True) -> None:
    """Run the stateful test under a profile's settings (None: the loaded profile's stateful variant);
    raise AssertionError if it fails (:class:`CheckHung` if a call timed out)."""
    machine = machine_for(implementation)
    machine.TestCase.settings = (settings.get_profile(f"{settings._current_profile}-stateful") if profile is None
                                 else profile_settings(profile, stateful=True, shrink=shrink))
    _timed(implementation, machine.TestCase().runTest)


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
        shrink: bool = False, call_timeout: float = DEFAULT_CALL_TIMEOUT,
        factory: Callable[[], Any] | None = None) -> dict[str, CheckResult]:
    """Run the given checks (ids, ``session.stateful`` for the stateful test; all when None) against an
    adapter at a level; each one's result, by id. Unknown ids raise KeyError. ``call_timeout``: seconds
    a call into the implementation may take (0: no limit); ``factory`` makes a fresh adapter for the
    checks after one that hung."""
    profile_settings(profile)  # an unknown profile raises ValueError before anything runs
    impl = guarded(implementation, call_timeout, factory)
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


__all__ = ["CheckHung", "CheckResult", "at_level", "run", "run_check", "run_stateful"]
