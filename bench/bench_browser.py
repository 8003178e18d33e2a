"""Benchmark the conformance suite in a real browser against the same suite run in-process in Python.

Run from the repository root:

    .venv/bin/python bench/bench_browser.py [--repeats N] [--level LEVEL] [--json PATH] [--report DIR]

Every row runs the whole suite with the ``ci`` profile, ``--repeats`` times each, as fresh
subprocesses (alternating, so that drift hits all alike), at each requirement level (``--level
documented`` or ``strict``; both by default)::

    python -m pytest generated/conformance -q -p no:cacheprovider --conformance-profile ci \\
        --conformance-level LEVEL --session-impl IMPL --conformance-report TMP -p bench_conformance

IMPL is the Python reference, which the suite drives in its own process
(``webfuse_reference.adapter:factory``), and the JavaScript reference in headless Chromium
(``browser:reference/js/dist/webfuse-reference.js``), which it drives through Playwright in batched
page round trips. The ``ci`` profile is derandomized, so both runs draw the same examples: the
benchmark counts them with bench_conformance.py's statistics plugin (loaded with ``-p``, ``bench/``
on PYTHONPATH) and aborts if the two implementations did not get the same number of examples or
did not run the same checks. Every check must pass in both (``pass``: at the documented level an
advisory result, a broken reading, aborts the benchmark too).

It reports, per level, the median wall time of each (the whole subprocess: interpreter start,
collection, Chromium start for the browser, every check), the ratio browser / Python at that level,
and the browser run's page round trips (from its report.json) in total and per check. Nothing here
fails because something is slow; it fails only when a run fails.

The suite runs with the working directory in a temporary folder, so Hypothesis's example
database and the reports are written there, not in the repository; ``--report DIR`` keeps a copy
of the last browser run's report.json and junit.xml (of the last level given).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO / "generated" / "conformance"
PROFILE = "ci"  # derandomized: the same examples every run, for both implementations
LEVELS = ("documented", "strict")  # --conformance-level: the certificate, and readings enforced too
SCRIPT = REPO / "reference" / "js" / "dist" / "webfuse-reference.js"
IMPLS = {  # label: --session-impl
    "python reference (in-process)": "webfuse_reference.adapter:factory",
    "javascript reference (browser)": f"browser:{SCRIPT}",
}
PYTHON_LABEL, BROWSER_LABEL = IMPLS
CHROMIUM = Path(os.environ.get("WEBFUSE_CHROMIUM", "/usr/bin/chromium"))  # as webfuse_conformance.browser has it
STATS_PLUGIN = "bench_conformance"  # bench/bench_conformance.py is also a pytest plugin counting examples...
STATS_ENV = "BENCH_CONFORMANCE_STATS"  # ...which it writes, as JSON, to the file this variable names

_PASSED = re.compile(r"\b(\d+) passed\b")


@dataclass
class Run:
    seconds: float
    checks: dict[str, str]  # check id: result, from report.json
    examples: int  # Hypothesis test cases that ran and passed
    round_trips: int | None  # page round trips (browser only)


@dataclass
class Result:
    label: str
    level: str
    impl: str
    command: str
    median_seconds: float
    runs: list[float] = field(default_factory=list)
    checks: int = 0
    passed: int = 0
    examples: int = 0
    round_trips: float | None = None  # median over the runs (the same every run: the examples are)
    round_trips_per_check: float | None = None
    ratio_to_python: float | None = None


def display(args: Sequence[str]) -> str:
    """The command as a shell line; this interpreter shows as ``python``."""
    return shlex.join(["python", *args])


def suite_args(impl: str, level: str, report: Path) -> list[str]:
    return [
        "-m", "pytest", str(SUITE), "-q", "-p", "no:cacheprovider", "--session-impl", impl,
        "--conformance-profile", PROFILE, "--conformance-level", level, "--conformance-report", str(report), "-p", STATS_PLUGIN,
    ]


def shown(args: Sequence[str], folder: Path) -> str:
    """``display(args)`` with the repository and the temporary folder as short relative names."""
    return display(args).replace(str(SUITE), "generated/conformance").replace(str(REPO) + "/", "").replace(str(folder), "TMP")


def run_suite(impl: str, level: str, folder: Path, report: Path, env: Mapping[str, str]) -> Run:
    """One run of the whole suite against ``impl`` at ``level``; exits the benchmark if it fails."""
    stats = folder / "stats.json"
    stats.unlink(missing_ok=True)
    shutil.rmtree(report, ignore_errors=True)
    args = suite_args(impl, level, report)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=folder, env={**env, STATS_ENV: str(stats)}, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(
            f"benchmark aborted: `{display(args)}` in {folder} exited {proc.returncode}"
            f"\n--- stdout ---\n{proc.stdout[-20000:]}--- stderr ---\n{proc.stderr[-5000:]}"
        )
    if not stats.is_file() or not (report / "report.json").is_file():
        raise SystemExit(f"benchmark aborted: `{display(args)}` wrote no statistics or no report.json\n{proc.stdout[-5000:]}")
    data: dict[str, Any] = json.loads((report / "report.json").read_text(encoding="utf-8"))
    totals: dict[str, int] = json.loads(stats.read_text(encoding="utf-8"))
    checks = {check: str(info["result"]) for check, info in data["checks"].items()}
    passed = _PASSED.findall(proc.stdout)
    if not checks or any(result != "pass" for result in checks.values()) or not passed or int(passed[-1]) != len(checks):
        raise SystemExit(f"benchmark aborted: not every check passed against {impl} at the {level} level\n{proc.stdout[-5000:]}")
    round_trips = data.get("round_trips")
    return Run(elapsed, checks, int(totals.get("valid", 0)), None if round_trips is None else int(round_trips))


def summarise(label: str, level: str, runs: list[Run], folder: Path) -> Result:
    impl = IMPLS[label]
    first = runs[0]
    if any(r.checks.keys() != first.checks.keys() or r.examples != first.examples for r in runs):
        raise SystemExit(f"benchmark aborted: the runs of {label} ({level}) differ in checks or examples; "
                         f"is the {PROFILE} profile derandomized?")
    trips = [r.round_trips for r in runs if r.round_trips is not None]
    round_trips = statistics.median(trips) if trips else None
    return Result(
        label,
        level,
        impl,
        shown(suite_args(impl, level, folder / "report"), folder),
        statistics.median(r.seconds for r in runs),
        [r.seconds for r in runs],
        checks=len(first.checks),
        passed=sum(1 for result in first.checks.values() if result == "pass"),
        examples=first.examples,
        round_trips=round_trips,
        round_trips_per_check=None if round_trips is None else round_trips / len(first.checks),
    )


def run_benchmark(repeats: int, levels: Sequence[str] = LEVELS, keep_report: Path | None = None) -> list[Result]:
    """Per level in ``levels``: the Python row, then the browser row."""
    if not CHROMIUM.is_file():
        raise SystemExit(f"benchmark aborted: no Chromium at {CHROMIUM} (`make test` installs it; or set WEBFUSE_CHROMIUM)")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)}
    env.pop(STATS_ENV, None)
    runs: dict[tuple[str, str], list[Run]] = {(label, level): [] for level in levels for label in IMPLS}
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        folder = Path(tmp)
        reports = {label: folder / f"report-{'browser' if impl.startswith('browser:') else 'python'}" for label, impl in IMPLS.items()}
        for _ in range(repeats):
            for level in levels:
                for label, impl in IMPLS.items():
                    runs[label, level].append(run_suite(impl, level, folder, reports[label], env))
                    print(f"  measured {label} at the {level} level", file=sys.stderr, flush=True)
        if keep_report is not None:
            shutil.copytree(reports[BROWSER_LABEL], keep_report, dirs_exist_ok=True)
        for level in levels:
            python, browser = (summarise(label, level, runs[label, level], folder) for label in IMPLS)
            if runs[PYTHON_LABEL, level][0].checks.keys() != runs[BROWSER_LABEL, level][0].checks.keys() or python.examples != browser.examples:
                raise SystemExit(
                    f"benchmark aborted: the two implementations did not run the same checks and examples at the {level} level "
                    f"({python.checks} checks and {python.examples} examples in Python, {browser.checks} and {browser.examples} in the browser)"
                )
            for result in (python, browser):
                result.ratio_to_python = result.median_seconds / python.median_seconds
            results += [python, browser]
    return results


# -- reporting ----------------------------------------------------------------------------------

HEADER = ("", "level", "wall time", "ratio", "checks", "examples", "round trips", "round trips/check")


def cells(result: Result) -> tuple[str, ...]:
    assert result.ratio_to_python is not None
    return (
        result.label,
        result.level,
        f"{result.median_seconds:.3f} s",
        f"{result.ratio_to_python:.2f}x python",
        str(result.checks),
        str(result.examples),
        "-" if result.round_trips is None else f"{result.round_trips:g}",
        "-" if result.round_trips_per_check is None else f"{result.round_trips_per_check:.2f}",
    )


def table(results: Sequence[Result]) -> str:
    rows = [HEADER, *(cells(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = []
    for row in rows:
        first = [f"{row[0]:<{widths[0]}}", f"{row[1]:<{widths[1]}}"]
        rest = [f"{cell:>{widths[i + 2]}}" for i, cell in enumerate(row[2:])]
        lines.append("   ".join([*first, *rest]).rstrip())
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=2, help="runs per implementation; the median is kept (default: %(default)s)")
    parser.add_argument("--level", choices=LEVELS, action="append", dest="levels",
                        help="--conformance-level of the runs; repeat for several (default: both, documented then strict)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--report", type=Path, metavar="DIR", help="keep the last browser run's report.json and junit.xml in DIR")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    levels: list[str] = list(dict.fromkeys(args.levels or LEVELS))

    print(f"benchmarking the conformance suite in Chromium and in Python with {sys.executable}, "
          f"median of {args.repeats} run(s), level(s) {', '.join(levels)}...", file=sys.stderr)
    results = run_benchmark(args.repeats, levels, args.report)
    print(f"Median of {args.repeats} run(s); the whole suite, profile {PROFILE} (derandomized: both get the same examples); "
          f"browser = headless Chromium at {CHROMIUM}")
    print(table(results))
    ratios: dict[str, float] = {}
    for browser in results[1::2]:
        assert browser.ratio_to_python is not None and browser.round_trips is not None and browser.round_trips_per_check is not None
        ratios[browser.level] = browser.ratio_to_python
        print(f"browser / python ({browser.level}): {browser.ratio_to_python:.2f}x wall time; "
              f"{browser.round_trips:g} page round trips, {browser.round_trips_per_check:.2f} per check")
    if args.json is not None:
        report = {
            "python": sys.executable,
            "python_version": sys.version.split()[0],
            "chromium": str(CHROMIUM),
            "repeats": args.repeats,
            "profile": PROFILE,
            "levels": levels,
            "ratio_browser_to_python": ratios,
            "results": [asdict(r) for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0

if __name__ == "__main__":
    sys.exit(main())
