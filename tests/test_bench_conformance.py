"""The conformance-suite benchmark and the mutation-testing script: their parts, and smoke runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench import bench_conformance, mutation

from .conftest import REPO


def test_profiles_are_checked() -> None:
    assert bench_conformance.parse_profiles("ci, default,ci") == ["ci", "default"]
    with pytest.raises(SystemExit):
        bench_conformance.main(["--profiles", "ci,nightly"])


def test_examples_are_the_passing_test_cases_of_every_phase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_conformance, "_totals", Counter())
    case = {"runtime": 0.0, "drawtime": 0.0, "gctime": 0.0, "events": []}
    bench_conformance._note_statistics({
        "nodeid": "x",
        "generate-phase": {"duration-seconds": 0.1, "test-cases": [{**case, "status": "valid"}] * 3 + [{**case, "status": "invalid"}]},
        "reuse-phase": {"duration-seconds": 0.0, "test-cases": [{**case, "status": "valid"}]},
        "stopped-because": "settings.max_examples=4",
    })
    assert bench_conformance._totals == Counter(runs=1, valid=4, invalid=1)


def test_annotations_are_found_and_the_sample_is_deterministic() -> None:
    source = "from __future__ import annotations\ndef f(a: int | None, *, b: str = 'é' + 'x') -> list[int]:\n    c: int | None = a\n    return [a | 1]\n"
    spans = mutation.annotation_spans(source)
    assert mutation.in_spans((2, 12), spans)  # the | of `int | None` in the signature
    assert mutation.in_spans((3, 11), spans)  # the | of the annotated assignment
    assert not mutation.in_spans((4, 14), spans)  # the | of `a | 1`, evaluated
    mutants = [mutation.Mutant(str(i), line=i, col=0, operator="op", occurrence=0, definition=None) for i in range(1, 21)]
    every_other = lambda m: m.line % 2 == 0  # noqa: E731
    first, invalid = mutation.sample(mutants, 5, 0, every_other)
    assert (first, invalid) == mutation.sample(list(reversed(mutants)), 5, 0, every_other)
    assert len(first) == 5 and all(m.line % 2 == 0 for m in first) and first == sorted(first, key=lambda m: m.line)
    assert len(mutation.sample(mutants, 0, 0, every_other)[0]) == 10


def test_survivors_are_explained_by_operator_and_changed_line(tmp_path: Path) -> None:
    diff = "--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-        if a == b:\n+        if a is b:\n"
    mutant = mutation.Mutant("1", line=1, col=0, operator="core/ReplaceComparisonOperator_Eq_Is", occurrence=0,
                             definition="f", outcome="survived", diff=diff)
    assert mutant.change() == ("if a == b:", "if a is b:")
    listed = tmp_path / "equivalents.toml"
    listed.write_text('[[equivalent]]\noperator = "ReplaceComparisonOperator_Eq_Is"\nbefore = "if a == b:"\n'
                      'after = "if a is b:"\nwhy = "small ints are cached"\n')
    entries = mutation.load_equivalents(listed)
    assert mutation.explain(mutant, entries) == "small ints are cached"
    other = mutation.Mutant("2", line=2, col=0, operator="core/AddNot", occurrence=0, definition=None, outcome="killed")
    mutant.equivalent = mutation.explain(mutant, entries)
    assert mutation.rate_without_equivalents([mutant, other]) == (1, 1, 1.0)
    listed.write_text('[[equivalent]]\noperator = "AddNot"\n')
    with pytest.raises(SystemExit, match="lacks"):
        mutation.load_equivalents(listed)
    # Every listed equivalent of the real file is well formed.
    assert all(entry["why"] for entry in mutation.load_equivalents())


SELECT = "openTab or log"


@pytest.mark.slow
def test_benchmark_prints_wall_time_and_examples_per_second(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    proc = subprocess.run(
        # the checks of two members: the plumbing is the point here (bench/bench_conformance.py times the whole suite)
        [sys.executable, "bench/bench_conformance.py", "--repeats", "1", "--profiles", "ci", "--select", SELECT,
         "--json", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^\s+wall time\s+ratio\s+.*\bexamples\s+invalid\s+examples/s$", proc.stdout, re.MULTILINE), proc.stdout
    assert re.search(r"^import floor\s+\d+\.\d{3} s\s+1\.00x floor$", proc.stdout, re.MULTILINE), proc.stdout
    found = {}
    for level in ("documented", "strict"):  # both levels' wall time, with the same examples
        row = re.search(rf"^suite, profile ci, {level} level\s+\d+\.\d{{3}} s\s+\d+\.\d{{2}}x floor\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+"
                        r"(\d+\.\d)$", proc.stdout, re.MULTILINE)
        assert row, proc.stdout
        checks, runs, examples, per_second = int(row[1]), int(row[2]), int(row[3]), float(row[4])
        assert 10 < checks < 100 and 0 < runs < checks and examples > runs and per_second > 0
        found[level] = examples
    assert found["documented"] == found["strict"]  # the ci profile is derandomized
    results = json.loads(report.read_text())["results"]
    assert [r["label"] for r in results] == ["import floor", "suite, collect only", "suite, profile ci, documented level",
                                             "suite, profile ci, strict level"]
    assert results[-1]["examples"] == found["strict"]
    assert f"-k '{SELECT}'" in results[-1]["command"] and json.loads(report.read_text())["select"] == SELECT


@pytest.mark.slow
def test_mutation_testing_prints_a_kill_rate(tmp_path: Path) -> None:
    target = REPO / mutation.TARGET
    before = target.read_bytes()
    report = tmp_path / "mutation.json"
    proc = subprocess.run(
        [sys.executable, "bench/mutation.py", "--max-mutants", "3", "--select", "getTabs or openTab",
         "--json", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "the suite imports the copy, and fails when the copy's session.py is broken" in proc.stderr
    assert re.search(r"^kill rate: \d/3 = \d+\.\d% \(killed \d, timeouts \d, survived \d, ", proc.stdout, re.MULTILINE), proc.stdout
    assert re.search(r"^kill rate without the \d known equivalent survivors \(mutation_equivalents.toml\): \d/\d = ", proc.stdout,
                     re.MULTILINE), proc.stdout
    data = json.loads(report.read_text())
    assert data["run"] == 3 and sum(data["outcomes"].values()) == 3
    assert data["test_command"].endswith("-k 'getTabs or openTab'"), data["test_command"]
    assert target.read_bytes() == before  # the working tree's session.py was never touched
