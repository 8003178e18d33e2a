"""The generated conformance suite against a JavaScript implementation in real headless Chromium
(``--session-impl browser:SCRIPT.js[,MORE.js]``), proven in both directions as tests/test_conformance.py
does for Python: the JavaScript reference passes every check at both levels (ci profile and a seed
of the default one), so does a conforming variant whose ``window`` is an iframe's contentWindow
(tests/js_variants/) on every check that sees browser objects, and each JavaScript mutant (the reference with one rule broken, tests/js_mutants/)
fails the check that names that rule: at the strict level always, at the documented level too when the
rule is documented. The page driver recognises browser objects from any realm, even another origin's.
A failure found in the browser prints a JavaScript replay, and that replay runs in a fresh page and
shows the bug.

Whole-suite runs are subprocesses (pytest and the plugin, as a user runs them), each with its own
Chromium, two at a time. The whole suite runs with the ci profile inside bench/bench_browser.py --repeats 1
--level strict, which also times it against the Python reference: the smoke test of the benchmark, the
proof that the reference passes, and the reference's side of every mutant's check share that run. The
mutants run in this process through webfuse_conformance.runner, each in a page of its own in one browser.
"""

from __future__ import annotations

import functools
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
from webfuse_conformance import runner
from webfuse_conformance.browser import BrowserImplementation
from webfuse_conformance.browser import factory as browser_factory
from webfuse_conformance.runner import CheckResult
from webfuse_conformance.spec_data import DATA

from .conftest import REPO
from .js_mutants.gallery import JS_MUTANTS, REFERENCE_SCRIPT
from .mutants.gallery import MUTANTS

SUITE = REPO / "generated" / "conformance"
REFERENCE = f"browser:{REFERENCE_SCRIPT}"
IFRAME_VARIANT = f"{REFERENCE},tests/js_variants/iframe_window.js"
"""A conforming variant: each session's ``window`` is the contentWindow of a same-origin iframe (another realm)."""
ENV = {name: value for name, value in os.environ.items() if name != "PYTEST_CURRENT_TEST"}
"""The subprocesses' environment, taken once: reading os.environ in a worker thread while pytest sets
PYTEST_CURRENT_TEST in the main one can raise KeyError."""
WORKERS = 2  # subprocesses at a time, each with its own Chromium
pytestmark = pytest.mark.slow

Run = tuple[subprocess.CompletedProcess[str], dict[str, Any]]


def run_suite(tmp_path: Path, impl: str, *extra: str, targets: Sequence[str] = (str(SUITE),)) -> Run:
    """Run the suite (or only ``targets``, pytest node ids) against ``impl``; the process and report.json."""
    report = tmp_path / "report"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *targets, "-q", "-p", "no:cacheprovider", "--session-impl", impl,
         "--conformance-report", str(report), *extra],
        capture_output=True, text=True, cwd=REPO, env=ENV, timeout=600,
    )
    data = json.loads((report / "report.json").read_text()) if (report / "report.json").exists() else {}
    return proc, data


def run_bench(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """bench/bench_browser.py --repeats 1 --level strict: the process, its --json file and its --report folder."""
    results, report = tmp_path / "bench.json", tmp_path / "report"
    proc = subprocess.run(
        [sys.executable, "bench/bench_browser.py", "--repeats", "1", "--level", "strict", "--json", str(results), "--report", str(report)],
        capture_output=True, text=True, cwd=REPO, env=ENV, timeout=600,
    )
    return proc, results, report


# ---------------------------------------------------------------------- every run, two at a time

BENCH = "<bench>"
SEEDS = ("default-seed-1",)
"""The reference at --conformance-profile default --hypothesis-seed=N: every check but the stateful test, whose
60 sequences of the ci run (in the benchmark) cost more in the page than any other check (``bench/bench_conformance.py
--seeds N --impl browser:...`` runs all of it under more seeds)."""
VARIANT, VARIANT_DOCUMENTED = "<iframe variant>", "<iframe variant, documented>"
REALMS = "<realms>"
REPLAY_MUTANT = "event_duplicated_broadcast"  # its replay logs each broadcast_message twice
BENCH_TESTS = {"test_reference_passes_every_check_in_the_browser", "test_benchmark_prints_the_browser_to_python_ratio"}

def _mentions_host(node: Any) -> bool:
    if isinstance(node, dict):
        return (node.get("kind") == "ref" and node.get("name") in HOST_TYPES) or any(_mentions_host(v) for v in node.values())
    return isinstance(node, list) and any(_mentions_host(v) for v in node)


HOST_TYPES = {name for name, t in DATA["types"].items() if t["kind"] == "host"}
HOST_MEMBERS = sorted(name for name, member in DATA["members"].items() if _mentions_host(member))
"""Members whose value, parameters or result are browser objects (window, node, takeScreenshot...): the
checks that see what the iframe variant changes. Every other check runs the unchanged reference."""
VARIANT_CHECKS = " or ".join(f"{name}." for name in HOST_MEMBERS)  # -k
STRICT, DOCUMENTED = ("--conformance-level", "strict"), ("--conformance-level", "documented")


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Any]]]:
    """Only what the selected tests need, started at once on WORKERS threads, longest first: the
    benchmark (the whole suite at the strict level, in the browser and in Python), the reference under
    a seed of the default profile, the iframe variant, and per selected mutant (only its expected check,
    ci profile, -x, no shrinking) a run at the strict level and, if its rule is documented, one at the
    documented level. The reference's side of the mutants' checks is the benchmark's run when it runs
    anyway (the same profile and level), else one run of only those checks."""
    selected = {getattr(item, "originalname", item.name): item for item in request.session.items
                if getattr(item, "module", None) is request.module}
    profiles = {item.callspec.params["profile"] for item in request.session.items if getattr(item, "module", None) is request.module
                and getattr(item, "originalname", None) == "test_reference_passes_every_check_in_the_browser" and hasattr(item, "callspec")}
    mutants = [REPLAY_MUTANT] if "test_browser_failure_replays_as_javascript" in selected else []
    ci = ("--conformance-profile", "ci", "--conformance-no-shrink")  # detection is the point here, not the shortest replay
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures: dict[str, Future[Any]] = {}
        if BENCH_TESTS & set(selected):  # the longest run first
            futures[BENCH] = pool.submit(run_bench, tmp_path_factory.mktemp("bench"))
        for profile in (p for p in SEEDS if p in profiles):
            name, _, seed = profile.partition("-seed-")
            futures[profile] = pool.submit(run_suite, tmp_path_factory.mktemp(profile), REFERENCE, *STRICT,
                                           "--conformance-profile", name, f"--hypothesis-seed={seed}", "-k", "not stateful")
        if "test_iframe_window_variant_passes" in selected:
            futures[VARIANT] = pool.submit(run_suite, tmp_path_factory.mktemp("variant"), IFRAME_VARIANT, *STRICT,
                                           "--conformance-profile", "ci", "-k", VARIANT_CHECKS)
            futures[VARIANT_DOCUMENTED] = pool.submit(run_suite, tmp_path_factory.mktemp("variant-documented"), IFRAME_VARIANT,
                                                      *DOCUMENTED, "--conformance-profile", "ci", "-k", VARIANT_CHECKS)
        for name in mutants:  # through the plugin, for its printed replay
            mutant = JS_MUTANTS[name]
            futures[f"{name}@strict"] = pool.submit(run_suite, tmp_path_factory.mktemp(name), mutant.impl, *ci, *STRICT, "-x",
                                                    targets=[mutant.node])
        if "test_driver_recognises_browser_objects_of_any_realm" in selected:
            futures[REALMS] = pool.submit(read_in_realms)
        yield futures
        for future in futures.values():
            future.cancel()


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


@pytest.fixture(scope="module")
def js_reference() -> Iterator[BrowserImplementation]:
    """The unmutated JavaScript reference in a page of its own, in this process; each mutant gets a page
    in the same browser (:meth:`BrowserImplementation.sibling`)."""
    impl = browser_factory(str(REPO / REFERENCE_SCRIPT))
    try:
        yield impl
    finally:
        impl.shutdown()


@functools.cache
def reference_result(impl: BrowserImplementation, check: str) -> CheckResult:
    """A check's result on the reference (ci, strict), each check run once."""
    return runner.run(impl, [check], level="strict")[check]


def reference_passes(check: str, js_reference: BrowserImplementation) -> None:
    """The unmutated reference passes ``check`` in the browser at the strict level (ci), run here."""
    reference = reference_result(js_reference, check)
    assert reference.result == "pass", f"the reference fails {check}:\n{reference.message[-6000:]}"


@pytest.mark.parametrize("name", list(JS_MUTANTS), ids=list(JS_MUTANTS))
def test_js_mutant_is_caught_by_its_check(name: str, js_reference: BrowserImplementation, runs: dict[str, Future[Any]]) -> None:
    """In this process, through webfuse_conformance.runner and the browser adapter (a page of its own per
    mutant); the plugin's side of a browser run is proven by the reference's runs and the replay below."""
    mutant, level = JS_MUTANTS[name], MUTANTS[name].level  # the broken rule's level: the Python mutant's

    # The unmutated reference passes the check in the browser, at the strict level (when the benchmark runs
    # the whole suite anyway, test_reference_passes_every_check_in_the_browser[ci] proves it for every
    # mutant's check at once, after the mutants: they run here while the benchmark runs in its threads)...
    if BENCH not in runs:
        reference_passes(mutant.check, js_reference)

    # ...and the mutant fails it, for the stated reason: at the strict level...
    impl = js_reference.sibling([REPO / script for script in mutant.impl.removeprefix("browser:").split(",")])
    try:
        strict = runner.run(impl, [mutant.check], level="strict")[mutant.check]
        assert impl.round_trips > 0, "the check ran in the browser"
    finally:
        impl.shutdown()
    output = strict.message[-8000:]
    assert strict.result == "fail", f"{mutant.check} did not fail on {name} ({mutant.rule}) at the strict level: {strict.result}"
    missing_evidence = [phrase for phrase in mutant.evidence if phrase not in strict.message]
    assert not missing_evidence, f"{name} failed, but not for the stated reason (no {missing_evidence}):\n{output}"

    # ...and at the documented level (the certificate) too when the broken rule is documented: the failing
    # example lists a violation of that level. The ci profile is derandomized, so a documented run meets the
    # same examples in the same order, and fails at this one at the latest (the Python gallery runs both
    # levels and proves that the level only decides which violations fail; the browser run adds nothing there).
    assert f"- [{level}] " in strict.message, f"{name} breaks a {level} rule, but no violation of that level is listed:\n{output}"


# ---------------------------------------------------------------------- the reference, and the benchmark


def passed_every_check(report: dict[str, Any]) -> None:
    """Every check of the suite passed, and none was advisory (no broken reading either)."""
    assert report["level"] == "strict", report["level"]
    failed = {k: v for k, v in report["checks"].items() if v["result"] != "pass" or v["advisory"]}
    assert not failed and len(report["checks"]) >= 324, failed or len(report["checks"])
    assert report["summary"]["pass"] == len(report["checks"]) and report["summary"]["advisory"] == 0, report["summary"]
    assert isinstance(report["round_trips"], int) and report["round_trips"] > 0, report["round_trips"]


# The reference runs at the strict level only: that proves the documented level too. At strict every
# broken rule fails its check (none can be advisory), so a strict run in which every check passes saw no
# rule broken at all; the documented level differs only in failing on fewer of them (documented ones;
# readings become advisory), and the examples do not depend on the level (ci is derandomized, the default
# profile runs with a fixed seed, and nothing failed to make Hypothesis deviate). passed_every_check also
# asserts no advisory result. The documented level's own plumbing in the browser is exercised by the
# documented mutants and the variant below; each extra run of the whole suite would cost a minute or more.
@pytest.mark.parametrize("profile", ["ci", *SEEDS])
def test_reference_passes_every_check_in_the_browser(profile: str, runs: dict[str, Future[Any]]) -> None:
    """The whole suite against browser:reference/js/dist/webfuse-reference.js at the strict level: ci (in
    the benchmark) and the default profile under a seed (without the stateful test)."""
    if profile == "ci":
        proc, results, report_dir = runs[BENCH].result()
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
        browser = json.loads(results.read_text())["results"][1]
        assert browser["impl"] == f"browser:{REPO / REFERENCE_SCRIPT}", browser["impl"]
        assert f"--session-impl {REFERENCE} --conformance-profile ci --conformance-level strict" in browser["command"], browser["command"]
        assert (report_dir / "junit.xml").is_file()
        report = json.loads((report_dir / "report.json").read_text())
    else:
        proc, report = runs[profile].result()
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    passed_every_check(report)
    if profile == "ci":
        missing = {m.check for m in JS_MUTANTS.values()} - set(report["checks"])
        assert not missing, f"the mutants' checks did not run on the reference: {sorted(missing)}"


def test_benchmark_prints_the_browser_to_python_ratio(runs: dict[str, Future[Any]]) -> None:
    proc, results, _ = runs[BENCH].result()
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
    out = proc.stdout
    assert re.search(r"^\s+level\s+wall time\s+ratio\s+checks\s+examples\s+round trips\s+round trips/check$", out, re.MULTILINE), out
    python = re.search(r"^python reference \(in-process\)\s+strict\s+(\d+\.\d{3}) s\s+1\.00x python\s+(\d+)\s+(\d+)\s+-\s+-$", out, re.MULTILINE)
    browser = re.search(r"^javascript reference \(browser\)\s+strict\s+(\d+\.\d{3}) s\s+(\d+\.\d{2})x python\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+\.\d{2})$",
                        out, re.MULTILINE)
    assert python and browser, out
    assert python[2] == browser[3] and int(python[2]) >= 324, "both ran the whole suite"
    assert python[3] == browser[4] and int(python[3]) > 0, "derandomized: both got the same examples"
    ratio, trips, per_check = float(browser[2]), int(browser[5]), float(browser[6])
    assert trips > 0 and per_check == pytest.approx(trips / int(browser[3]), abs=0.01)
    assert re.search(rf"^browser / python \(strict\): {ratio:.2f}x wall time; {trips} page round trips, {per_check:.2f} per check$",
                     out, re.MULTILINE), out
    data = json.loads(results.read_text())
    assert [(r["label"], r["level"]) for r in data["results"]] == [("python reference (in-process)", "strict"), ("javascript reference (browser)", "strict")]
    assert data["repeats"] == 1 and data["profile"] == "ci" and data["levels"] == ["strict"]
    assert data["ratio_browser_to_python"] == {"strict": pytest.approx(ratio, abs=0.01)}
    assert data["results"][1]["round_trips"] == trips and data["results"][0]["round_trips"] is None


# ---------------------------------------------------------------------- browser objects of any realm


def test_iframe_window_variant_passes(runs: dict[str, Future[Any]]) -> None:
    """The variant whose ``window`` is an iframe's contentWindow (what the Session API document describes;
    its node and screenshots come from that iframe too) passes, in the browser, every check of the members
    that hand out or take browser objects (HOST_MEMBERS), at both levels. The rest of the suite sees only
    the unmodified reference, proven above (the whole suite passes on the variant too, but costs minutes
    in the browser, the stateful test alone two at the ci profile)."""
    assert {"window", "node", "takeScreenshot"} <= set(HOST_MEMBERS), HOST_MEMBERS
    for key, level in ((VARIANT, "strict"), (VARIANT_DOCUMENTED, "documented")):
        proc, report = runs[key].result()
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
        assert report["level"] == level
        checks = {k: v["result"] for k, v in report["checks"].items()}
        expected = {"window.widget.read", "window.extension.read", "node.widget.read", "node.extension.read",
                    "takeScreenshot.widget.valid-call", "takeScreenshot.extension.events"}
        assert expected <= set(checks) and set(checks.values()) == {"pass"}, checks
        assert all(k.split(".")[0] in HOST_MEMBERS for k in checks), sorted(checks)
        assert not any(v["advisory"] for v in report["checks"].values())


REALM_PAGE = r"""
async (hosts) => {
  // The page's own objects, and the same kinds made in a same-origin iframe (another realm: instanceof
  // is false here) and a sandboxed one (another origin: almost nothing of it is readable).
  const frame = document.body.appendChild(document.createElement("iframe"));
  const foreign = document.createElement("iframe");
  foreign.setAttribute("sandbox", "");
  foreign.srcdoc = "<p>another origin</p>";
  await new Promise((resolve) => { foreign.onload = resolve; document.body.appendChild(foreign); });
  const realm = frame.contentWindow;
  const bitmap = (scope) => { const canvas = new scope.OffscreenCanvas(1, 1); canvas.getContext("2d"); return canvas.transferToImageBitmap(); };
  const values = {
    window, iframe: frame, file: new File(["x"], "x.txt"), bitmap: bitmap(window),
    realmWindow: realm, realmIframe: realm.document.createElement("iframe"), realmFile: new realm.File(["x"], "x.txt"),
    realmBitmap: bitmap(realm), foreignWindow: foreign.contentWindow, foreignLocation: foreign.contentWindow.location,
    nested: { windows: [realm, foreign.contentWindow], plain: realm.JSON.parse('{"a": [1]}') },
  };
  const session = { ...values, echo: (value) => value, tag: (value) => Object.prototype.toString.call(value) };
  window.webfuseConformance = { session: () => session };
  const reads = Object.keys(values).map((name) => ["read", [1, 0, "widget", name]]);
  const made = hosts.flatMap((name) => [["call", [1, 0, "widget", "echo", [{ $host: name }]]],
                                        ["call", [1, 0, "widget", "tag", [{ $host: name }]]]]);
  return window.__webfuseConformanceDriver([...reads, ...made]);
}
"""


def read_in_realms() -> tuple[list[str], list[dict[str, Any]]]:
    """The page driver's answers for browser objects of the page, of a same-origin iframe and of a
    cross-origin one (read as properties of a stand-in session), and for host arguments it makes."""
    from playwright.sync_api import sync_playwright
    from webfuse_conformance.browser import ARGS, CHROMIUM, HOST_SAMPLES, driver_script

    hosts = list(HOST_SAMPLES)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><meta charset='utf-8'><title>realms</title>")
            page.evaluate(driver_script())
            answers: list[dict[str, Any]] = page.evaluate(REALM_PAGE, hosts)
        finally:
            browser.close()
    return hosts, answers


def test_driver_recognises_browser_objects_of_any_realm(runs: dict[str, Future[Any]]) -> None:
    hosts, answers = runs[REALMS].result()
    answers = [{k: v for k, v in answer.items() if k != "promise"} for answer in answers]  # plain functions: no Promise
    # The host types come from the spec (types of kind host, with their javascript_sample), not the runtime.
    assert {"Window", "HTMLIFrameElement", "File", "ImageBitmap"} <= set(hosts), hosts
    window, iframe, file, bitmap = ({"value": {"$host": name}} for name in ("Window", "HTMLIFrameElement", "File", "ImageBitmap"))
    reads, made = answers[:11], answers[11:]
    assert reads == [
        window, iframe, file, bitmap,  # this page's
        window, iframe, file, bitmap,  # a same-origin iframe's realm
        window,  # another origin's window: recognised without reading it (no SecurityError)...
        {"value": {"$unserialisable": "cross-origin object"}},  # ...and its location, which is no host type, not read
        {"value": {"windows": [{"$host": "Window"}, {"$host": "Window"}], "plain": {"a": [1]}}},
    ], reads
    # Every host argument is made from its javascript_sample, and is the real thing. An element is recognised as the
    # most derived host type it is (the Element sample, a div, is an HTMLElement too), and its tag is its own class's.
    for name, echo, tag in zip(hosts, made[0::2], made[1::2], strict=True):
        if name in ("Window", "HTMLIFrameElement", "File", "ImageBitmap"):
            assert (echo, tag) == ({"value": {"$host": name}}, {"value": f"[object {name}]"}), (name, echo, tag)
        else:
            assert echo["value"] in [{"$host": h} for h in hosts] and re.fullmatch(r"\[object \w+\]", tag["value"]), (name, echo, tag)


# ---------------------------------------------------------------------- the JavaScript replay

REPLAY_HEADER = "Replay in JavaScript (browser console):"


def javascript_replay(output: str) -> list[str]:
    """The lines under REPLAY_HEADER in pytest's failure output (whose message lines start with ``E`` and
    as many spaces as the source line that raised is indented)."""
    header = re.search(rf"^E( +){re.escape(REPLAY_HEADER)}$", output, re.MULTILINE)
    if header is None:
        raise ValueError(f"no {REPLAY_HEADER!r} in the output")
    indent = "E" + header[1] + "    "
    replay = []
    for line in output[header.end():].splitlines()[1:]:
        if not line.startswith(indent):
            break
        replay.append(line[len(indent):])
    return replay


def run_in_page(scripts: Sequence[str], body: str) -> tuple[list[str], list[str]]:
    """Load ``scripts`` in a fresh Chromium page, as the suite's browser adapter does, and run ``body``
    inside an async function: the console output, and every JavaScript error. In a thread of its own:
    Playwright's sync API allows one instance per thread, and the mutants' browser may still be open."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run_in_page, scripts, body).result()


def _run_in_page(scripts: Sequence[str], body: str) -> tuple[list[str], list[str]]:
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
    proc, _ = runs[f"{REPLAY_MUTANT}@strict"].result()  # a reading: it fails at the strict level
    assert proc.returncode == 1, proc.stdout[-6000:] + proc.stderr[-2000:]
    replay = javascript_replay(proc.stdout)
    assert replay[0].startswith("const world = webfuseConformance.open("), replay
    assert any(".broadcastMessage(" in line for line in replay), replay

    # On the mutant the replay runs without a JavaScript error and shows the bug: every listener of every
    # extension hears the broadcast twice; on the unmutated reference, once.
    listeners = sum('.on("broadcast_message"' in line for line in replay) // 3  # per extension
    assert listeners >= 1, replay
    heard: dict[str, list[str]] = {}
    for label, scripts in {"mutant": [REFERENCE_SCRIPT, mutant.script], "reference": [REFERENCE_SCRIPT]}.items():
        console, errors = run_in_page(scripts, "\n".join(replay))
        assert not errors, f"the replay failed on the {label}: {errors}\n" + "\n".join(replay)
        heard[label] = [line for line in console if line.startswith("broadcast_message at ")]
    receivers = [f"broadcast_message at {who}/extension" for who in range(3)]
    assert sorted(line.split(" true ")[0] for line in heard["mutant"]) == sorted(receivers * 2 * listeners), heard
    assert sorted(line.split(" true ")[0] for line in heard["reference"]) == sorted(receivers * listeners), heard
