"""The generated conformance suite against a JavaScript implementation in real headless Chromium
(``--session-impl browser:SCRIPT.js[,MORE.js]``), proven in both directions as tests/test_conformance.py
does for Python: the JavaScript reference passes every check, and each JavaScript mutant (the reference
with one documented rule broken, tests/js_mutants/) fails the check that names that rule. A failure
found in the browser prints a JavaScript replay, and that replay runs in a fresh page and shows the bug.

Every browser run is its own subprocess with its own Chromium, two at a time. The whole suite runs once,
inside bench/bench_browser.py --repeats 1, which also times it against the Python reference: the smoke
test of the benchmark and the proof that the reference passes share that run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO
from .js_mutants.gallery import JS_MUTANTS, REFERENCE_SCRIPT
from .mutants.gallery import MUTANTS

SUITE = REPO / "generated" / "conformance"
REFERENCE = f"browser:{REFERENCE_SCRIPT}"
WORKERS = 2  # subprocesses at a time, each with its own Chromium
pytestmark = pytest.mark.slow

Run = tuple[subprocess.CompletedProcess[str], dict[str, Any]]


def run_suite(tmp_path: Path, impl: str, *extra: str, targets: Sequence[str] = (str(SUITE),)) -> Run:
    """Run the suite (or only ``targets``, pytest node ids) against ``impl``; the process and report.json."""
    report = tmp_path / "report"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *targets, "-q", "-p", "no:cacheprovider", "--session-impl", impl,
         "--conformance-report", str(report), *extra],
        capture_output=True, text=True, cwd=REPO, env=dict(os.environ), timeout=600,
    )
    data = json.loads((report / "report.json").read_text()) if (report / "report.json").exists() else {}
    return proc, data


def run_bench(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """bench/bench_browser.py --repeats 1: the process, its --json file and its --report folder."""
    results, report = tmp_path / "bench.json", tmp_path / "report"
    proc = subprocess.run(
        [sys.executable, "bench/bench_browser.py", "--repeats", "1", "--json", str(results), "--report", str(report)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    return proc, results, report


# ---------------------------------------------------------------------- every run, two at a time

BENCH = "<bench>"
REFERENCE_RUN = "<reference>"
REPLAY_MUTANT = "event_duplicated_broadcast"  # its replay logs each broadcast_message twice
BENCH_TESTS = {"test_reference_passes_every_check_in_the_browser", "test_benchmark_prints_the_browser_to_python_ratio"}


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Any]]]:
    """Only what the selected tests need, started at once on WORKERS threads: the benchmark (the whole
    suite in the browser, and in Python), one subprocess per selected mutant (only its expected check,
    ci profile, -x, no shrinking), and one running all their checks against the unmutated reference."""
    selected = {getattr(item, "originalname", item.name): item for item in request.session.items
                if getattr(item, "module", None) is request.module}
    mutants = [item.callspec.params["name"] for item in request.session.items if getattr(item, "module", None) is request.module
               and getattr(item, "originalname", None) == "test_js_mutant_is_caught_by_its_check" and hasattr(item, "callspec")]
    if "test_browser_failure_replays_as_javascript" in selected and REPLAY_MUTANT not in mutants:
        mutants.append(REPLAY_MUTANT)
    ci = ("--conformance-profile", "ci", "--conformance-no-shrink")  # detection is the point here, not the shortest replay
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures: dict[str, Future[Any]] = {}
        if BENCH_TESTS & set(selected):  # the longest run first
            futures[BENCH] = pool.submit(run_bench, tmp_path_factory.mktemp("bench"))
        if "test_js_mutant_is_caught_by_its_check" in selected:
            futures[REFERENCE_RUN] = pool.submit(run_suite, tmp_path_factory.mktemp("reference"), REFERENCE, *ci,
                                                 targets=sorted({JS_MUTANTS[name].node for name in mutants}))
        for name in mutants:
            mutant = JS_MUTANTS[name]
            futures[name] = pool.submit(run_suite, tmp_path_factory.mktemp(name), mutant.impl, *ci, "-x", targets=[mutant.node])
        yield futures
        for future in futures.values():
            future.cancel()


# ---------------------------------------------------------------------- the reference, and the benchmark


def test_reference_passes_every_check_in_the_browser(runs: dict[str, Future[Any]]) -> None:
    """The whole suite, --conformance-profile ci, against browser:reference/js/dist/webfuse-reference.js."""
    proc, results, report_dir = runs[BENCH].result()
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
    browser = json.loads(results.read_text())["results"][1]
    assert browser["impl"] == f"browser:{REPO / REFERENCE_SCRIPT}", browser["impl"]
    assert f"--session-impl {REFERENCE} --conformance-profile ci" in browser["command"], browser["command"]
    report = json.loads((report_dir / "report.json").read_text())
    failed = {k: v for k, v in report["checks"].items() if v["result"] != "pass"}
    assert not failed and len(report["checks"]) >= 324, failed or len(report["checks"])
    assert report["summary"]["pass"] == len(report["checks"])
    assert isinstance(report["round_trips"], int) and report["round_trips"] > 0, report["round_trips"]
    assert (report_dir / "junit.xml").is_file()


def test_benchmark_prints_the_browser_to_python_ratio(runs: dict[str, Future[Any]]) -> None:
    proc, results, _ = runs[BENCH].result()
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
    out = proc.stdout
    assert re.search(r"^\s+wall time\s+ratio\s+checks\s+examples\s+round trips\s+round trips/check$", out, re.MULTILINE), out
    python = re.search(r"^python reference \(in-process\)\s+(\d+\.\d{3}) s\s+1\.00x python\s+(\d+)\s+(\d+)\s+-\s+-$", out, re.MULTILINE)
    browser = re.search(r"^javascript reference \(browser\)\s+(\d+\.\d{3}) s\s+(\d+\.\d{2})x python\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+\.\d{2})$",
                        out, re.MULTILINE)
    assert python and browser, out
    assert python[2] == browser[3] and int(python[2]) >= 324, "both ran the whole suite"
    assert python[3] == browser[4] and int(python[3]) > 0, "derandomized: both got the same examples"
    ratio, trips, per_check = float(browser[2]), int(browser[5]), float(browser[6])
    assert trips > 0 and per_check == pytest.approx(trips / int(browser[3]), abs=0.01)
    assert re.search(rf"^browser / python: {ratio:.2f}x wall time; {trips} page round trips, {per_check:.2f} per check$", out, re.MULTILINE), out
    data = json.loads(results.read_text())
    assert [r["label"] for r in data["results"]] == ["python reference (in-process)", "javascript reference (browser)"]
    assert data["repeats"] == 1 and data["profile"] == "ci" and data["ratio_browser_to_python"] == pytest.approx(ratio, abs=0.01)
    assert data["results"][1]["round_trips"] == trips and data["results"][0]["round_trips"] is None


# ---------------------------------------------------------------------- the JavaScript mutant gallery

PORTED = {  # the Python mutants every JavaScript implementation's suite must be seen to catch in the browser
    "gate_ignored_chat", "gate_inverted_screensharing", "role_gate_ignored_pause_tabs", "control_to_non_participant",
    "event_dropped_session_ended", "event_duplicated_broadcast", "all_excludes_caller", "session_info_to_wrong_context",
    "origin_filter_ignored", "listener_without_session", "on_returns_nothing", "relocate_exposed_publicly",
    "pin_five_digits", "negative_client_index_accepted", "answers_after_end",
}


def test_js_gallery_is_complete() -> None:
    assert len(JS_MUTANTS) >= 12 and PORTED <= set(JS_MUTANTS), PORTED - set(JS_MUTANTS)
    for name, mutant in JS_MUTANTS.items():
        python = MUTANTS.get(name)
        assert python is not None, f"{name} is no port of a Python mutant (tests/mutants/gallery.py)"
        assert (mutant.check, mutant.rule) == (python.check, python.rule), f"{name} must break the Python mutant's rule, caught by its check"
        script = (REPO / mutant.script).read_text()
        assert mutant.script == f"tests/js_mutants/{name}.js" and "webfuseConformance.World =" in script, mutant.script
        assert mutant.impl == f"browser:{REFERENCE_SCRIPT},{mutant.script}"


@pytest.mark.parametrize("name", list(JS_MUTANTS), ids=list(JS_MUTANTS))
def test_js_mutant_is_caught_by_its_check(name: str, runs: dict[str, Future[Any]]) -> None:
    mutant = JS_MUTANTS[name]

    # The unmutated reference passes the check in the browser...
    ref_proc, ref_report = runs[REFERENCE_RUN].result()
    ref_result = ref_report.get("checks", {}).get(mutant.check, {}).get("result")
    assert ref_result == "pass", f"the reference fails {mutant.check}:\n{ref_proc.stdout[-6000:]}{ref_proc.stderr[-2000:]}"

    # ...and the mutant fails it, for the stated reason, and nothing else runs.
    proc, report = runs[name].result()
    output = proc.stdout[-8000:] + proc.stderr[-2000:]
    assert proc.returncode == 1, f"{mutant.check} did not fail on {name} ({mutant.rule}):\n{output}"
    assert set(report["checks"]) == {mutant.check}, f"expected only {mutant.check} to run: {sorted(report['checks'])}"
    assert report["checks"][mutant.check]["result"] == "fail", f"report.json marks {mutant.check} {report['checks'][mutant.check]}:\n{output}"
    missing_evidence = [phrase for phrase in mutant.evidence if phrase not in proc.stdout]
    assert not missing_evidence, f"{name} failed, but not for the stated reason (no {missing_evidence}):\n{output}"
    assert report["round_trips"] > 0, "the check ran in the browser"


# ---------------------------------------------------------------------- the JavaScript replay

REPLAY_HEADER = "Replay in JavaScript (browser console):"


def javascript_replay(output: str) -> list[str]:
    """The lines under REPLAY_HEADER in pytest's failure output (whose message lines start with ``E``)."""
    lines = [m[1] for m in re.finditer(r"^E {7}(.*)$", output, re.MULTILINE)]
    start = lines.index(REPLAY_HEADER) + 1  # ValueError: no replay
    replay = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        replay.append(line[4:])
    return replay


def run_in_page(scripts: Sequence[str], body: str) -> tuple[list[str], list[str]]:
    """Load ``scripts`` in a fresh Chromium page, as the suite's browser adapter does, and run ``body``
    inside an async function: the console output, and every JavaScript error."""
    from playwright.sync_api import Error, sync_playwright
    from webfuse_conformance.browser import ARGS, CHROMIUM

    console: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda message: console.append(message.text))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.set_content("<!doctype html><meta charset='utf-8'><title>replay</title>")
            for script in scripts:
                page.add_script_tag(content=(REPO / script).read_text("utf-8"))
            try:
                page.evaluate(f"async () => {{\n{body}\n}}")
            except Error as error:
                errors.append(error.message)
        finally:
            browser.close()
    return console, errors


def test_browser_failure_replays_as_javascript(runs: dict[str, Future[Any]]) -> None:
    mutant = JS_MUTANTS[REPLAY_MUTANT]
    proc, _ = runs[REPLAY_MUTANT].result()
    assert proc.returncode == 1, proc.stdout[-6000:] + proc.stderr[-2000:]
    replay = javascript_replay(proc.stdout)
    assert replay[0].startswith("const world = webfuseConformance.open("), replay
    assert any(".broadcastMessage(" in line for line in replay), replay

    # On the mutant the replay runs without a JavaScript error and shows the bug: every extension
    # hears the broadcast twice; on the unmutated reference, once.
    heard: dict[str, list[str]] = {}
    for label, scripts in {"mutant": [REFERENCE_SCRIPT, mutant.script], "reference": [REFERENCE_SCRIPT]}.items():
        console, errors = run_in_page(scripts, "\n".join(replay))
        assert not errors, f"the replay failed on the {label}: {errors}\n" + "\n".join(replay)
        heard[label] = [line for line in console if line.startswith("broadcast_message at ")]
    receivers = [f"broadcast_message at {who}/extension" for who in range(3)]
    assert sorted(line.split(" true ")[0] for line in heard["mutant"]) == sorted(receivers * 2), heard
    assert sorted(line.split(" true ")[0] for line in heard["reference"]) == receivers, heard
