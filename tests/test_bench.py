"""The generator benchmark: its synthetic spec is valid, and the script runs and reports ratios."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bench_generator
from bench.bench_generator import (
    CODEGEN_LABEL,
    EMIT_CALL,
    PY_EMIT_LABEL,
    TS_EMIT_LABEL,
    TSC,
    build_synthetic_spec,
    labels,
)
from generator.loader import load_spec

from .conftest import REPO, SPEC


def test_synthetic_spec_is_valid_with_exactly_the_requested_members(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.yaml"
    path.write_text(build_synthetic_spec(SPEC.read_text(encoding="utf-8"), 60), encoding="utf-8")
    model = load_spec(path, "synthetic.yaml")
    assert len(model.members) == 60
    assert list(model.members)[:2] == ["started0000", "pin0001"]
    assert "on0012" in model.members  # the quoted key "on" is copied as a plain, renamed key
    aliases = [alias.name for member in model.members.values() for alias in member.aliases]
    assert aliases and len(aliases) == len(set(aliases))


def test_tsc_rows_are_skipped_without_node_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_generator, "TSC", {label: f"no_such_node_modules/{i}/tsc" for i, label in enumerate(TSC)})
    rows = bench_generator.bench_tsc(bench_generator.Runner(repeats=1))
    assert [(r.label, r.median_seconds, r.skipped) for r in rows] == [(label, None, "run npm ci") for label in TSC]
    assert bench_generator.table(rows).splitlines() == [f"{label:<13}   skipped: run npm ci" for label in TSC]


def test_only_picks_groups_of_rows() -> None:
    assert labels(60, ["python"]) == ["import floor", "bare interpreter", CODEGEN_LABEL, PY_EMIT_LABEL, PY_EMIT_LABEL + EMIT_CALL]
    assert labels(60, ["typescript", "generator"]) == labels(60)[: -3]
    with pytest.raises(SystemExit):
        bench_generator.main(["--only", "generator,rust"])


RATIO = r"\d+\.\d{3} s\s+\d+\.\d{2}x floor"


@pytest.mark.slow
def test_script_prints_a_ratio_for_every_command(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "bench/bench_generator.py", "--repeats", "1", "--members", "60", "--json", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    # rows with a ratio to the CLI as well
    second = {PY_EMIT_LABEL, PY_EMIT_LABEL + EMIT_CALL, bench_generator.COLD_REAL, bench_generator.COLD_UNCACHED}
    for label in labels(60):
        if label in second:
            ratio = rf"{RATIO}\s+\d+\.\d{{2}}x {re.escape(CODEGEN_LABEL)}"
        elif label in TSC:  # measured, or skipped when node_modules is missing
            ratio = rf"(?:{RATIO}|skipped: run npm ci)"
        else:
            ratio = RATIO
        line = rf"^{re.escape(label)}\s+{ratio}$"
        assert re.search(line, proc.stdout, re.MULTILINE), f"no ratio line for {label!r} in:\n{proc.stdout}"
    results = json.loads(report.read_text())["results"]
    assert [r["label"] for r in results] == labels(60)
    for label in {TS_EMIT_LABEL, TS_EMIT_LABEL + EMIT_CALL, CODEGEN_LABEL, *second}:
        assert next(r for r in results if r["label"] == label)["median_seconds"] > 0
    for r in results:
        assert (r["ratio_to_baseline"] is not None) == (r["label"] in second)
        assert (r["median_seconds"] is None) == (r["skipped"] is not None)
    figures = json.loads(report.read_text())["summary"]
    assert figures["lint_per_member_growth"] > 0 and figures["cold_generate_to_codegen_cli"] > 0
    assert "lint cost per member above the floor" in proc.stdout
    assert "cold generate of every target / datamodel-codegen CLI alone" in proc.stdout


@pytest.mark.slow
def test_diff_benchmark_reports_ratios_to_lint(tmp_path: Path) -> None:
    report = tmp_path / "diff.json"
    proc = subprocess.run(
        [sys.executable, "bench/bench_diff.py", "--repeats", "1", "--members", "60", "--json", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(report.read_text("utf-8"))
    assert [r["label"] for r in rows] == ["lint of one spec", "diff of two specs", "load one spec, in process",
                                          "compare two loaded models, in process"]
    assert all(r["baseline"] == "lint of one spec" and r["ratio_to_baseline"] > 0 for r in rows)
    assert re.search(r"diff of two specs\s+\d+\.\d{3} s\s+\d+\.\d{2}x", proc.stdout)
