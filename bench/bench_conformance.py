"""Benchmark the conformance suite against the Python reference, with the import floor as the unit.

Run from the repository root:

    .venv/bin/python bench/bench_conformance.py [--repeats N] [--profiles default,ci] [--levels documented,strict]
        [--select EXPR] [--json PATH]
    .venv/bin/python bench/bench_conformance.py --seeds 20 [--impl IMPL]

For each Hypothesis profile and conformance level it runs, ``--repeats`` times as a fresh subprocess::

    python -m pytest generated/conformance -q -p no:cacheprovider \\
        --session-impl webfuse_reference.adapter:factory --conformance-profile PROFILE \\
        --conformance-level LEVEL --conformance-report TMP -p bench_conformance

``--seeds N`` instead runs the suite (default profile) under seeds 0 .. N-1 at both levels (or ``--levels``) against
``--impl`` (the Python reference unless given; ``browser:reference/js/dist/webfuse-reference.js`` for
the JavaScript one) and prints, per level, how many seeds passed and the wall time of each.

and reports the median wall time (the whole subprocess: interpreter start, collection, every
check), how many Hypothesis examples ran, and examples per second. The same table has the import
floor (``python -c "import jinja2, pydantic, yaml"``, as in bench_generator.py) measured in the
same run, every time as a ratio to it, and the suite with ``--collect-only``, which is the part of
the wall time spent before any check runs. Nothing here fails because something is slow; it fails
only when a command fails (a failing check included).

How the examples are counted
    ``--hypothesis-show-statistics`` prints nothing for this suite: Hypothesis's pytest plugin
    collects statistics only for test functions that are themselves decorated with ``@given``,
    and the suite's tests are not (``test_check`` builds and calls a ``@given`` function inside
    the test, ``test_stateful`` runs a state machine). So this file is also a tiny pytest plugin,
    loaded with ``-p bench_conformance`` (``bench/`` on PYTHONPATH), that adds nothing to the
    suite: around every test call it installs a callback in ``hypothesis.statistics.collector``,
    the hook Hypothesis itself reports its statistics through, and so sees the statistics of
    every Hypothesis run inside the test, nested or stateful. At the end of the session it writes
    the totals to the file named by ``$BENCH_CONFORMANCE_STATS``. An *example* is a test case
    Hypothesis ran to completion and that passed (status ``valid``, what the statistics call
    "passing"), in every phase (explicit, reuse, generate, shrink); test cases rejected by
    ``assume``/filters or overrunning are reported apart as *invalid*. A stateful example is a
    whole sequence of steps. Checks that take no data (``uses_data`` false) run once without
    Hypothesis and count as no example. The ``ci`` profile is derandomized, so its count is the
    same every run; the ``default`` one may vary a little, and its median is shown. The
    per-test call cost of the callback is a dictionary walk after each Hypothesis run: noise.

The suite runs with the working directory in a temporary folder, so Hypothesis's example
database (``.hypothesis/``) and the reports are written there, not in the repository, and no
saved failure from an earlier run is replayed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Generator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO / "generated" / "conformance"
SESSION_IMPL = "webfuse_reference.adapter:factory"
PROFILES = ("default", "ci", "thorough")  # webfuse_conformance.plugin.PROFILES
DEFAULT_PROFILES = ("default", "ci")
PLUGIN = Path(__file__).stem  # this module, loaded by the suite's pytest with -p
STATS_ENV = "BENCH_CONFORMANCE_STATS"

FLOOR_LABEL = "import floor"
FLOOR_CODE = "import jinja2, pydantic, yaml"
COLLECT_LABEL = "suite, collect only"

_PASSED = re.compile(r"\b(\d+) passed\b")


# -- the pytest plugin (runs inside the suite's pytest process) ---------------------------------

_totals: Counter[str] = Counter()  # "runs" and one key per test-case status


def _note_statistics(stats: Mapping[str, Any]) -> None:
    """Add one Hypothesis run's statistics (the dict ``ConjectureRunner.statistics``) to the totals."""
    _totals["runs"] += 1
    for key, phase in stats.items():
        if key.endswith("-phase") and isinstance(phase, Mapping):
            for case in phase.get("test-cases", ()):
                _totals[str(case.get("status"))] += 1


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    from hypothesis.statistics import collector

    # Typed DynamicVariable[None] (its initial value), but a callback is what it is meant to hold.
    statistics_callback: Any = collector
    with statistics_callback.with_value(_note_statistics):
        return (yield)


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get(STATS_ENV)
    if path:
        Path(path).write_text(json.dumps(dict(_totals)) + "\n", encoding="utf-8")


# -- measuring ----------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    checks: int = 0  # tests pytest reported passed
    hypothesis_runs: int = 0  # @given / state machine executions
    examples: int = 0  # passing test cases
    invalid: int = 0  # rejected by assume/filters, or overran

    @property
    def examples_per_second(self) -> float:
        return self.examples / self.seconds


@dataclass
class Result:
    label: str
    command: str
    median_seconds: float
    runs: list[float] = field(default_factory=list)
    ratio_to_floor: float | None = None
    profile: str | None = None  # set on the suite rows only, as are the fields below
    checks: int | None = None
    hypothesis_runs: int | None = None
    examples: float | None = None  # median over the runs
    invalid: float | None = None
    examples_per_second: float | None = None  # median over the runs of examples / wall time
    examples_per_run: list[int] = field(default_factory=list)


def display(args: Sequence[str]) -> str:
    """The command as a shell line; this interpreter shows as ``python``."""
    return shlex.join(["python", *args])


def suite_args(profile: str, report: Path, *extra: str, level: str = "documented", impl: str = SESSION_IMPL) -> list[str]:
    return [
        "-m", "pytest", str(SUITE), "-q", "-p", "no:cacheprovider", "--session-impl", impl,
        "--conformance-profile", profile, "--conformance-level", level, "--conformance-report", str(report), *extra,
    ]


def shown(args: Sequence[str], folder: Path) -> str:
    """``display(args)`` with the repository and the temporary folder as short relative names."""
    return display(args).replace(str(SUITE), "generated/conformance").replace(str(folder), "TMP")


def run(args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> tuple[float, str]:
    """Seconds and standard output of one successful run; exits the benchmark if it fails."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=cwd, env=dict(env), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(
            f"benchmark aborted: `{display(args)}` in {cwd} exited {proc.returncode}"
            f"\n--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}"
        )
    return elapsed, proc.stdout


def measure_suite(
    profile: str, repeats: int, folder: Path, env: Mapping[str, str], level: str = "documented", select: str | None = None
) -> Result:
    stats_file = folder / f"stats-{profile}-{level}.json"
    chosen = ("-k", select) if select else ()
    args = suite_args(profile, folder / f"report-{profile}-{level}", "-p", PLUGIN, *chosen, level=level)
    runs: list[Run] = []
    for _ in range(repeats):
        stats_file.unlink(missing_ok=True)
        seconds, stdout = run(args, folder, {**env, STATS_ENV: str(stats_file)})
        if not stats_file.is_file():
            raise SystemExit(f"benchmark aborted: the {PLUGIN} plugin wrote no statistics; was it loaded?\n{stdout}")
        totals = json.loads(stats_file.read_text(encoding="utf-8"))
        passed = _PASSED.findall(stdout)
        runs.append(Run(
            seconds,
            checks=int(passed[-1]) if passed else 0,
            hypothesis_runs=int(totals.get("runs", 0)),
            examples=int(totals.get("valid", 0)),
            invalid=int(totals.get("invalid", 0)) + int(totals.get("overrun", 0)),
        ))
    label = f"suite, profile {profile}, {level} level"
    print(f"  measured {label}", file=sys.stderr, flush=True)
    return Result(
        label,
        shown(args, folder),
        statistics.median(r.seconds for r in runs),
        [r.seconds for r in runs],
        profile=profile,
        checks=max(r.checks for r in runs),
        hypothesis_runs=max(r.hypothesis_runs for r in runs),
        examples=statistics.median(r.examples for r in runs),
        invalid=statistics.median(r.invalid for r in runs),
        examples_per_second=statistics.median(r.examples_per_second for r in runs),
        examples_per_run=[r.examples for r in runs],
    )


def measure(label: str, args: Sequence[str], repeats: int, folder: Path, env: Mapping[str, str]) -> Result:
    runs = [run(args, folder, env)[0] for _ in range(repeats)]
    print(f"  measured {label}", file=sys.stderr, flush=True)
    return Result(label, shown(args, folder), statistics.median(runs), runs)


def run_benchmark(
    repeats: int, profiles: Sequence[str], levels: Sequence[str] = ("documented",), select: str | None = None
) -> list[Result]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)}
    env.pop(STATS_ENV, None)
    with tempfile.TemporaryDirectory(prefix="bench-conformance-") as tmp:
        folder = Path(tmp)
        results = [
            measure(FLOOR_LABEL, ["-c", FLOOR_CODE], repeats, folder, env),
            measure(COLLECT_LABEL, suite_args("default", folder / "report-collect", "--collect-only"), repeats, folder, env),
        ]
        results += [measure_suite(profile, repeats, folder, env, level, select) for profile in profiles for level in levels]
    floor = results[0].median_seconds
    for result in results:
        result.ratio_to_floor = result.median_seconds / floor
    return results


# -- reporting ----------------------------------------------------------------------------------

HEADER = ("", "wall time", "ratio", "checks", "hyp. runs", "examples", "invalid", "examples/s")


def cells(result: Result) -> tuple[str, ...]:
    assert result.ratio_to_floor is not None
    timing = (result.label, f"{result.median_seconds:.3f} s", f"{result.ratio_to_floor:.2f}x floor")
    if result.profile is None:
        return timing
    return (
        *timing,
        str(result.checks),
        str(result.hypothesis_runs),
        f"{result.examples:g}",
        f"{result.invalid:g}",
        f"{result.examples_per_second:.1f}",
    )


def table(results: Sequence[Result]) -> str:
    rows = [HEADER, *(cells(r) for r in results)]
    widths = [max(len(row[i]) for row in rows if len(row) > i) for i in range(len(HEADER))]
    lines = []
    for row in rows:
        first = f"{row[0]:<{widths[0]}}"
        rest = [f"{cell:>{widths[i + 1]}}" for i, cell in enumerate(row[1:])]
        lines.append("   ".join([first, *rest]).rstrip())
    return "\n".join(lines)


def parse_profiles(text: str) -> list[str]:
    profiles = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in profiles if p not in PROFILES]
    if not profiles or unknown:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of {', '.join(PROFILES)}; got {text!r}")
    return list(dict.fromkeys(profiles))


LEVELS = ("documented", "strict")  # webfuse_conformance.levels.LEVELS


def parse_levels(text: str) -> list[str]:
    levels = [p.strip() for p in text.split(",") if p.strip()]
    if not levels or any(level not in LEVELS for level in levels):
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of {', '.join(LEVELS)}; got {text!r}")
    return list(dict.fromkeys(levels))


def run_seeds(seeds: int, impl: str, levels: Sequence[str] = LEVELS) -> int:
    """The suite under ``seeds`` seeds at the given levels, two runs at a time; 0 when every run passes."""
    from concurrent.futures import ThreadPoolExecutor

    env = {**os.environ}
    with tempfile.TemporaryDirectory(prefix="bench-seeds-") as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        folder = Path(tmp)

        def one(seed: int, level: str) -> tuple[int, str, float, int]:
            args = suite_args("default", folder / f"report-{seed}-{level}", f"--hypothesis-seed={seed}", level=level, impl=impl)
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                print(proc.stdout[-4000:], file=sys.stderr)
            return seed, level, time.perf_counter() - started, proc.returncode

        runs = list(pool.map(lambda job: one(*job), [(seed, level) for seed in range(seeds) for level in levels]))
    print(f"suite (default profile) against {impl} under {seeds} seeds")
    failed = 0
    for level in levels:
        mine = [r for r in runs if r[1] == level]
        bad = [seed for seed, _, _, code in mine if code != 0]
        failed += len(bad)
        times = [t for _, _, t, _ in mine]
        print(f"  {level:<10} {len(mine) - len(bad)}/{len(mine)} seeds passed; wall time median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s" + (f"; failed seeds: {bad}" if bad else ""))
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="runs per command; the median is kept (default: %(default)s)")
    parser.add_argument(
        "--profiles", type=parse_profiles, default=list(DEFAULT_PROFILES), metavar="PROFILES",
        help=f"comma-separated Hypothesis profiles of the suite to run (default: {','.join(DEFAULT_PROFILES)})",
    )
    parser.add_argument(
        "--levels", type=parse_levels, default=list(LEVELS), metavar="LEVELS",
        help="comma-separated conformance levels to time (default: documented,strict)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--select", metavar="EXPR", help="time only the checks pytest -k EXPR selects (default: all of them)")
    parser.add_argument("--seeds", type=int, metavar="N", help="instead: run the suite under N seeds at both levels")
    parser.add_argument("--impl", default=SESSION_IMPL, help="with --seeds: the --session-impl (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.impl.startswith("browser:"):  # the runs start in a scratch folder: script paths from here
        args.impl = "browser:" + ",".join(str(Path(p).resolve()) for p in args.impl.removeprefix("browser:").split(","))
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.seeds is not None:
        return run_seeds(args.seeds, args.impl, args.levels)

    print(f"benchmarking the conformance suite with {sys.executable}, median of {args.repeats} run(s)...", file=sys.stderr)
    results = run_benchmark(args.repeats, args.profiles, args.levels, args.select)
    print(f"Median of {args.repeats} run(s); floor = python -c {FLOOR_CODE!r}; suite = --session-impl {SESSION_IMPL}")
    print("examples: Hypothesis test cases that ran and passed; invalid: rejected by assume/filters; "
          "examples/s: examples / wall time")
    print(table(results))
    if args.json is not None:
        report = {
            "python": sys.executable,
            "python_version": sys.version.split()[0],
            "repeats": args.repeats,
            "profiles": args.profiles,
            "levels": args.levels,
            "select": args.select,
            "floor_seconds": results[0].median_seconds,
            "results": [asdict(r) for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
