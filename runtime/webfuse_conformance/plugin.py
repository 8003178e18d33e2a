"""The pytest plugin: ``--session-impl``, the level, Hypothesis profiles, the allowlist, and the reports.

``--conformance-level documented`` (the default, the certificate) fails a check only on rules a cited
document states; rules that are the spec's reading are still checked and reported as advisory.
``--conformance-level strict`` fails on readings too. The table, ``report.json`` and the JUnit XML
carry each check's level and the spec paths and sources of its rules.
``--conformance-call-timeout SECONDS`` limits every call into the implementation (see
webfuse_conformance.adapter): a check whose call does not return in time fails at once, and the
next checks get a fresh implementation from the factory.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from .adapter import DEFAULT_CALL_TIMEOUT, AdapterError, Implementation, guarded
from .levels import ADVISORIES, LEVELS, RULES, SETTINGS
from .profiles import PROFILES, profile_settings
from .runner import CheckHung

RESULTS_KEY = pytest.StashKey[dict[str, dict[str, Any]]]()
ROUND_TRIPS_KEY = pytest.StashKey[int | None]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("webfuse-conformance", "Session API conformance")
    group.addoption("--session-impl", metavar="MODULE:FACTORY",
                    help="the implementation under test: a factory returning a webfuse_conformance Implementation, "
                         "or browser:impl.js[,more.js] for a JavaScript implementation in headless Chromium")
    group.addoption("--conformance-level", choices=LEVELS, default="documented",
                    help="documented (default): fail only on rules the documents state, report readings as advisory; "
                         "strict: fail on the spec's readings too")
    group.addoption("--conformance-profile", choices=sorted(PROFILES), default="default",
                    help="Hypothesis profile: default (quick), ci (derandomized), thorough")
    group.addoption("--conformance-allow", metavar="FILE",
                    help="JSON object {check id: reason} of known deviations; they are reported, not hidden")
    group.addoption("--conformance-report", metavar="DIR", default="conformance-report",
                    help="folder for report.json and junit.xml (default: %(default)s)")
    group.addoption("--conformance-no-shrink", action="store_true",
                    help="report failures as found, without shrinking them (faster; the replay is longer)")
    group.addoption("--conformance-call-timeout", metavar="SECONDS", type=float, default=DEFAULT_CALL_TIMEOUT,
                    help="seconds a call into the implementation may take before its check fails (default: %(default)g; "
                         "0: no limit, and Python adapters are called on the test's own thread)")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.stash[RESULTS_KEY] = {}
    SETTINGS.level = config.getoption("--conformance-level", default="documented") or "documented"
    if config.getoption("--session-impl", default=None):
        name = f"conformance-{config.getoption('--conformance-profile')}"
        if config.getoption("--conformance-no-shrink"):
            profile = config.getoption("--conformance-profile")
            for suffix in ("", "-stateful"):
                settings.register_profile(f"{name}-noshrink{suffix}", profile_settings(profile, bool(suffix), shrink=False))
            name += "-noshrink"
        settings.load_profile(name)
        report = Path(config.getoption("--conformance-report"))
        if getattr(config.option, "xmlpath", None) is None:
            config.option.xmlpath = str(report / "junit.xml")


def load_factory(spec: str) -> Any:
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise pytest.UsageError(f"--session-impl must look like package.module:factory, got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise pytest.UsageError(f"--session-impl: cannot import {module_name}: {exc}") from None
    factory = getattr(module, attribute, None)
    if factory is None:
        raise pytest.UsageError(f"--session-impl: {module_name} has no attribute {attribute}")
    return factory


@pytest.fixture(scope="session")
def implementation(pytestconfig: pytest.Config) -> Iterator[Implementation]:
    spec = pytestconfig.getoption("--session-impl")
    if not spec:
        raise pytest.UsageError("the conformance suite needs --session-impl package.module:factory")
    timeout = pytestconfig.getoption("--conformance-call-timeout")
    if not timeout >= 0:
        raise pytest.UsageError(f"--conformance-call-timeout must be a number of seconds >= 0, got {timeout}")
    make: Any = None  # a fresh Python adapter after one hung (the browser adapter replaces its page itself)
    if spec.startswith("browser:"):
        from .browser import factory

        impl: Implementation = factory(spec.removeprefix("browser:"))
    else:
        make = load_factory(spec)
        impl = make()
    try:
        impl = guarded(impl, timeout, make)
    except AdapterError as exc:
        raise pytest.UsageError(f"--session-impl {spec}: {exc}") from None
    yield impl
    pytestconfig.stash[ROUND_TRIPS_KEY] = getattr(impl, "round_trips", None)
    shutdown = getattr(impl, "shutdown", None)
    if callable(shutdown):
        shutdown()


@pytest.fixture(scope="session")
def allowlist(pytestconfig: pytest.Config) -> dict[str, str]:
    path = pytestconfig.getoption("--conformance-allow")
    if not path:
        return {}
    data = json.loads(Path(path).read_text("utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise pytest.UsageError("--conformance-allow: expected a JSON object of {check id: reason}")
    return data


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if "implementation" not in getattr(item, "fixturenames", ()):
        return report  # not a conformance check
    callspec = getattr(item, "callspec", None)
    check = callspec.params.get("check") if callspec is not None else None
    check_id = str(getattr(check, "id", check if check is not None else item.name))
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        state = "fail" if report.failed else "skip" if report.skipped else "pass"
        reason = ""
        advisory = ADVISORIES.get(check_id, [])
        if hasattr(report, "wasxfail"):
            state, reason = "known-deviation", report.wasxfail
        elif report.skipped and isinstance(report.longrepr, tuple):
            reason = str(report.longrepr[2])
        elif report.failed and call.excinfo is not None and isinstance(call.excinfo.value, CheckHung):
            reason = str(call.excinfo.value).splitlines()[0][:300]  # the call that did not return
        elif report.failed:
            reason = _first_problem(str(report.longrepr)) if report.longrepr else ""
        elif advisory:
            state, reason = "advisory", advisory[0].message.splitlines()[0][:300]
        rules = list(getattr(check, "rules", ()))
        item.config.stash[RESULTS_KEY][check_id] = {
            "result": state, "reason": reason, "level": getattr(check, "level", "documented"),
            "rules": [{"path": r, "level": RULES[r]["level"], "sources": RULES[r]["sources"]} for r in rules if r in RULES],
            "advisory": [v.as_json() for v in advisory],
        }
    return report


def _first_problem(longrepr: str) -> str:
    """The first violation line of a failure (``- [level] message``), else the last line."""
    lines = longrepr.strip().splitlines()
    return next((line.strip().lstrip("E").strip() for line in lines if line.lstrip("E ").startswith("- [")), lines[-1])[:300]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    results = config.stash.get(RESULTS_KEY, {})
    if not results:
        return
    rows: dict[tuple[str, str], list[str]] = {}
    for check_id, info in results.items():
        member, _, rest = check_id.partition(".")
        context, _, name = rest.partition(".")
        mark = {"pass": "ok", "fail": "FAIL", "skip": "skip", "known-deviation": "known", "advisory": "adv"}[info["result"]]
        rows.setdefault((member, context), []).append(f"{name or context}:{mark}")
    level = config.getoption("--conformance-level", default="documented")
    terminalreporter.write_sep("=", f"Session API conformance ({level} level): member x context x check")
    width = max(len(m) for m, _ in rows) + 2
    for (member, context), cells in rows.items():
        terminalreporter.write_line(f"{member:<{width}}{context:<11}{'  '.join(cells)}")
    counts = {state: sum(1 for r in results.values() if r["result"] == state)
              for state in ("pass", "fail", "advisory", "skip", "known-deviation")}
    terminalreporter.write_line(", ".join(f"{n} {state}" for state, n in counts.items()))
    for check_id, info in results.items():
        if info["result"] in ("skip", "known-deviation", "advisory"):
            terminalreporter.write_line(f"  {info['result']}: {check_id}: {info['reason']}")
    if counts["advisory"]:
        terminalreporter.write_line(f"advisory: {counts['advisory']} check(s) saw the spec's readings broken; they do not fail "
                                    "the documented level (run --conformance-level strict to enforce them)")
    directory = Path(config.getoption("--conformance-report", default="conformance-report"))
    directory.mkdir(parents=True, exist_ok=True)
    round_trips = config.stash.get(ROUND_TRIPS_KEY, None)
    if round_trips is not None:
        terminalreporter.write_line(f"page round trips: {round_trips}")
    report = {"level": level, "checks": results, "summary": counts, "round_trips": round_trips}
    (directory / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    terminalreporter.write_line(f"report: {directory / 'report.json'}; JUnit XML: {config.option.xmlpath}")
