"""Runner timeouts: a call into the implementation that does not return fails its check within the call
timeout, without shrinking, and the checks after it pass on a fresh implementation (issue 14, point 6).

Python adapters (webfuse_conformance.adapter): a method that blocks for good, and an async member whose
awaitable never settles, run through webfuse_conformance.runner with a 1 s timeout; then the same through
the pytest plugin (``--conformance-call-timeout``), whose report.json and JUnit XML show the failure.
JavaScript in Chromium (webfuse_conformance.browser): a method that loops for ever blocks the page, which
is replaced; a method whose Promise never settles is reported by the page.

This module is also the ``--session-impl`` of the plugin run (``test_runner_timeouts:hanging_open_tab``,
``tests/`` on PYTHONPATH), so it imports nothing relative.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webfuse_conformance import runner
from webfuse_conformance.browser import BrowserImplementation
from webfuse_conformance.browser import factory as browser_factory
from webfuse_reference.adapter import ReferenceImplementation
from webfuse_reference.session import Caller, VirtualSession, _SessionObject

REPO = Path(__file__).resolve().parent.parent
REFERENCE_SCRIPT = REPO / "reference" / "js" / "dist" / "webfuse-reference.js"
TIMEOUT = 1.0
BOUND = 10.0
"""Seconds a run with one hanging check may take in all (the timeout, the other checks, a loaded CI machine)."""

HANG = "openTab.widget.valid-call"
AFTER = "getTabs.widget.valid-call"
"""A check on another member, run after the hanging one: it must pass (a fresh implementation, a fresh page)."""

RELEASE = threading.Event()
"""Set at the end of the Python test: the blocked call returns, late, and its abandoned check must end
without calling the adapter again."""


class OpenTabBlocks(VirtualSession):
    """openTab never returns (until RELEASE)."""

    def _do_open_tab(self, caller: Caller, url: str) -> None:
        RELEASE.wait()


class GetTabsNeverSettles(VirtualSession):
    """getTabs returns an awaitable that never settles; the adapter awaits it (``ReferenceImplementation.settle``)."""

    def _call_async(self, session: _SessionObject, js_name: str, values: tuple[Any, ...]) -> Any:
        if js_name == "getTabs":
            return asyncio.Event().wait()  # a coroutine nothing will ever wake
        return super()._call_async(session, js_name, values)


class Counting(ReferenceImplementation):
    """The reference adapter, counting the calls made into it."""

    calls = 0

    def call(self, *args: Any) -> Any:
        self.calls += 1
        return super().call(*args)

    def close(self, session: Any) -> None:
        self.calls += 1
        super().close(session)


def hanging_open_tab() -> ReferenceImplementation:
    """``--session-impl test_runner_timeouts:hanging_open_tab``."""
    return ReferenceImplementation(OpenTabBlocks)


def test_a_python_method_that_never_returns_fails_its_check_within_the_timeout() -> None:
    made: list[Counting] = []

    def factory() -> Counting:
        made.append(Counting(OpenTabBlocks))
        return made[-1]

    start = time.monotonic()
    results = runner.run(factory(), [HANG, AFTER, "openTab.widget.exposure"], level="strict", call_timeout=TIMEOUT, factory=factory)
    elapsed = time.monotonic() - start
    hung = results[HANG]
    assert hung.result == "fail"
    assert hung.message.startswith("openTab did not return within 1 s (called by participant 0 in the widget context"), hung.message
    assert "the implementation is taken as hung" in hung.message
    # the replay ends with the call that hung, in Python and in JavaScript
    assert "'openTab', [" in hung.message and "# did not return" in hung.message and "// did not return" in hung.message
    assert results[AFTER].result == "pass" and results["openTab.widget.exposure"].result == "pass", results
    assert len(made) == 2, "the checks after the hang did not get a fresh implementation from the factory"
    assert TIMEOUT <= elapsed < BOUND, f"{elapsed:.1f} s"

    # The abandoned call returns at last: its thread ends at once, without calling the adapter again
    # (not even close() in the check's finally block).
    threads = [t for t in threading.enumerate() if t.name == "webfuse-conformance-check"]
    calls = made[0].calls
    RELEASE.set()
    deadline = time.monotonic() + 5
    while all(t.is_alive() for t in threads) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sum(not t.is_alive() for t in threads) == 1, "the abandoned check's thread did not end"
    assert made[0].calls == calls


def test_a_python_promise_that_never_settles_fails_fast_the_stateful_test_too() -> None:
    """An awaitable that never settles blocks the adapter's call like any other; the stateful test, which
    calls getTabs among everything else, stops at once too instead of shrinking a sequence for minutes."""
    start = time.monotonic()
    results = runner.run(ReferenceImplementation(GetTabsNeverSettles), [AFTER, "session.stateful", HANG], level="strict",
                         call_timeout=TIMEOUT)
    elapsed = time.monotonic() - start
    assert results[AFTER].result == "fail"
    assert results[AFTER].message.startswith("getTabs did not return within 1 s"), results[AFTER].message
    assert results["session.stateful"].result == "fail"
    assert "getTabs did not return within 1 s" in results["session.stateful"].message.splitlines()[0]
    assert results[HANG].result == "pass", results[HANG].message  # no factory: the same object, which still answers
    assert 2 * TIMEOUT <= elapsed < 2 * BOUND, f"{elapsed:.1f} s"


def test_no_timeout_and_a_normal_run_are_unchanged() -> None:
    """With the default timeout, and with none (0: the checks run on the caller's thread), the reference passes."""
    for timeout in (5.0, 0.0):
        results = runner.run(ReferenceImplementation(), [HANG, AFTER], level="strict", call_timeout=timeout)
        assert all(r.result == "pass" for r in results.values()), {k: r.message[:500] for k, r in results.items()}
    with pytest.raises(ValueError, match="call timeout"):
        runner.run(ReferenceImplementation(), [HANG], call_timeout=-1)


@pytest.mark.slow
def test_the_plugin_reports_a_hung_check(tmp_path: Path) -> None:
    """``--conformance-call-timeout``: the check fails with the message, the next one passes, and report.json
    and the JUnit XML are written."""
    report = tmp_path / "report"
    suite = REPO / "generated" / "conformance" / "test_conformance.py"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "reference" / "python"), str(REPO / "tests")])}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", f"{suite}::test_check[{HANG}]", f"{suite}::test_check[{AFTER}]", "-q", "-p",
         "no:cacheprovider", "--session-impl", "test_runner_timeouts:hanging_open_tab", "--conformance-profile", "ci",
         "--conformance-call-timeout", "1", "--conformance-report", str(report)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    elapsed = time.monotonic() - start
    output = proc.stdout[-6000:] + proc.stderr[-2000:]
    assert proc.returncode == 1, output
    assert "1 failed, 1 passed" in proc.stdout, output
    checks = json.loads((report / "report.json").read_text())["checks"]
    assert checks[HANG]["result"] == "fail" and checks[HANG]["reason"].startswith("openTab did not return within 1 s"), checks[HANG]
    assert checks[AFTER]["result"] == "pass", checks[AFTER]
    junit = (report / "junit.xml").read_text()
    assert junit.count("<failure") == 1 and "openTab did not return within 1 s" in junit, junit[:3000]
    assert elapsed < 60, f"{elapsed:.1f} s"


# ---------------------------------------------------------------------- JavaScript in Chromium

LOOPS = """(() => {
  class Loops extends webfuseConformance.World {
    doOpenTab(caller, url) { for (;;) {} }
  }
  webfuseConformance.World = Loops;
})();"""
NEVER_SETTLES = """(() => {
  class NeverSettles extends webfuseConformance.World {
    callAsync(caller, name, values) {
      return name === "getTabs" ? new Promise(() => {}) : super.callAsync(caller, name, values);
    }
  }
  webfuseConformance.World = NeverSettles;
})();"""


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserImplementation]:
    """One Chromium for the module: the unchanged JavaScript reference; the tests open their scripts in pages of their own."""
    impl = browser_factory(str(REFERENCE_SCRIPT))
    yield impl
    impl.shutdown()


def page_with(browser: BrowserImplementation, tmp_path: Path, name: str, script: str) -> BrowserImplementation:
    path = tmp_path / name
    path.write_text(script)
    return browser.sibling([REFERENCE_SCRIPT, path])


@pytest.mark.slow
def test_a_page_in_an_endless_loop_fails_its_check_within_the_timeout(browser: BrowserImplementation, tmp_path: Path) -> None:
    impl = page_with(browser, tmp_path, "loops.js", LOOPS)
    try:
        start = time.monotonic()
        results = runner.run(impl, [HANG, AFTER, "openTab.widget.exposure"], level="strict", call_timeout=TIMEOUT)
        elapsed = time.monotonic() - start
        assert results[HANG].result == "fail"
        assert results[HANG].message.startswith("openTab did not return within 1 s: the page stopped answering"), results[HANG].message
        assert "# did not return" in results[HANG].message
        assert impl.pages_replaced == 1
        assert results[AFTER].result == "pass" and results["openTab.widget.exposure"].result == "pass", results
        assert TIMEOUT <= elapsed < BOUND, f"{elapsed:.1f} s"
    finally:
        impl.shutdown()


@pytest.mark.slow
def test_a_javascript_promise_that_never_settles_fails_fast(browser: BrowserImplementation, tmp_path: Path) -> None:
    impl = page_with(browser, tmp_path, "never_settles.js", NEVER_SETTLES)
    try:
        start = time.monotonic()
        results = runner.run(impl, [AFTER, "session.stateful", HANG], level="strict", call_timeout=TIMEOUT)
        elapsed = time.monotonic() - start
        for check in (AFTER, "session.stateful"):
            assert results[check].result == "fail"
            assert results[check].message.startswith("getTabs returned a Promise that did not settle within 1 s"), results[check].message
        assert impl.pages_replaced == 0  # the page answered: it was the Promise
        assert results[HANG].result == "pass", results[HANG].message
        assert 2 * TIMEOUT <= elapsed < 2 * BOUND, f"{elapsed:.1f} s"
    finally:
        impl.shutdown()
