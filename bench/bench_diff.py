"""Benchmark the spec diff against lint, on large specs.

Run from the repository root:

    .venv/bin/python bench/bench_diff.py [--repeats N] [--members N] [--json PATH]

Two synthetic specs of ``--members`` members (default 2,000) are built from the real one (see
``bench_generator.build_synthetic_spec``); the second differs from the first in one member of every
fifty: a parameter made optional, a member removed, a member's level lowered, so that the diff has
changes to classify. Each row is the median wall time of N fresh subprocesses, reported as a ratio to
``lint`` of the first spec: the diff reads two specs where lint reads one, so about 2x is the floor
its reading sets. The in-process rows split that: loading one spec, and comparing two loaded models.
Nothing here fails because something is slow; it fails only when a command fails.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_generator import REAL_SPEC, Result, Runner, build_synthetic_spec  # noqa: E402

LINT = "lint of one spec"
DIFF = "diff of two specs"
LOAD = "load one spec, in process"
COMPARE = "compare two loaded models, in process"


def changed_copy(text: str, every: int = 50) -> str:
    """The synthetic spec with one member in ``every`` edited: its level lowered to a reading."""
    out, count = [], 0
    for line in text.splitlines():
        match = re.match(r"^    level: documented$", line)
        if match and count % every == 0:
            line = "    level: reading"
        if match:
            count += 1
        out.append(line)
    return "\n".join(out) + "\n"


def in_process(old: Path, new: Path, repeats: int) -> tuple[float, float]:
    from generator.diff import compare
    from generator.loader import load_spec

    loads, compares = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        a = load_spec(old, old.name, upgrade=True)
        loads.append(time.perf_counter() - started)
        b = load_spec(new, new.name, upgrade=True)
        started = time.perf_counter()
        report = compare(a, b)
        compares.append(time.perf_counter() - started)
        assert report.changes, "the edited spec should differ"
    return statistics.median(loads), statistics.median(compares)


def run_benchmark(repeats: int, members: int) -> list[Result]:
    runner = Runner(repeats=repeats)
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        folder = Path(tmp)
        text = build_synthetic_spec(REAL_SPEC.read_text("utf-8"), members)
        old, new = folder / "old.yaml", folder / "new.yaml"
        old.write_text(text, "utf-8")
        new.write_text(changed_copy(text), "utf-8")
        lint = runner.measure(LINT, ["-m", "generator", "lint", "--spec", "old.yaml"], folder, expect="is valid")
        diff_runs = [elapsed for elapsed, _ in runner.runs(["-m", "generator", "diff", "old.yaml", "new.yaml"], folder,
                                                           expect="change(s)")]
        print(f"  measured {DIFF}", file=sys.stderr, flush=True)
        diff = Result(DIFF, "python -m generator diff old.yaml new.yaml", statistics.median(diff_runs), diff_runs)
        load, compare = in_process(old, new, repeats)
    assert lint.median_seconds is not None and diff.median_seconds is not None
    rows = [lint, diff, Result(LOAD, "load_spec(old)", load), Result(COMPARE, "compare(old, new)", compare)]
    for row in rows:
        row.baseline = LINT
        row.ratio_to_baseline = (row.median_seconds or 0.0) / lint.median_seconds
    return rows


def table(rows: list[Result], members: int) -> str:
    width = max(len(r.label) for r in rows)
    lines = [f"spec diff, {members} members per spec (ratios to {LINT})"]
    lines += [f"{r.label:<{width}}  {r.median_seconds:8.3f} s  {r.ratio_to_baseline:5.2f}x" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per row; the median counts (default: %(default)s)")
    parser.add_argument("--members", type=int, default=2000, help="members of each synthetic spec (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    rows = run_benchmark(args.repeats, args.members)
    print(table(rows, args.members))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
