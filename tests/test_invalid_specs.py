"""The invalid-spec corpus, Smithy style: every ``tests/invalid_specs/NN_name.yaml`` is a copy of
``tests/specs/minimal.yaml`` with a deliberate defect (a few with two or three), and its
``NN_name.errors`` holds the exact diagnostics the generator prints for it, without the summary line.

To add a case: copy minimal.yaml to the next number, break it, say how on its first line (``# ...``),
and write what ``python -m generator lint --spec tests/invalid_specs/NN_name.yaml`` prints on
stderr, minus the last line, to ``NN_name.errors``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import REPO

CASES_DIR = REPO / "tests" / "invalid_specs"
CASES = sorted(CASES_DIR.glob("*.yaml"))
MIN_CASES = 30

# Every rule id the loader can report from a spec file, each of which must keep a case
# ("unreadable" needs a file that cannot be read, which a corpus of files cannot hold; "too-large",
# "too-many-nodes" and "too-many-errors" need files of megabytes or thousands of lines, which
# tests/test_limits.py writes as it runs).
RULES = frozenset(
    """
    yaml-syntax invalid-key duplicate-key encoding unknown-key missing-key wrong-type invalid-value
    alias-expansion too-deep too-long too-many invalid-character
    type-syntax unknown-type unknown-event unknown-option unknown-context unknown-group unknown-role
    unknown-state unknown-source unknown-error unknown-parameter duplicate-name invalid-identifier
    reserved-word name-collision required-after-optional default-on-required value-mismatch
    example-mismatch context-type misplaced-type kind-mismatch precondition-shape
    receiver-not-listening context-mismatch alias-collision alias-cycle constraint-mismatch invalid-pattern
    unsafe-name level-evidence effect-shape unknown-member literal-type no-sample example-syntax
    """.split()
)

CASE_NAME = re.compile(r"^(?P<number>[0-9]{2})_[a-z0-9_]+$")
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>[1-9][0-9]*):(?P<col>[1-9][0-9]*): error\[(?P<rule>[a-z]+(?:-[a-z]+)*)\] \S+: .+$")


def expected_lines(case: Path) -> list[str]:
    return case.with_suffix(".errors").read_text("utf-8").splitlines()


def label(case: Path) -> str:
    return case.relative_to(REPO).as_posix()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def check_output(case: Path, stderr: str) -> None:
    """``stderr`` is exactly the case's .errors lines, then the summary line."""
    expected = expected_lines(case)
    lines = stderr.splitlines()
    assert lines, "nothing on stderr"
    assert lines[-1] == f"{len(expected)} error(s); nothing was written.", stderr
    assert lines[:-1] == expected, stderr


def test_the_corpus_is_well_formed() -> None:
    assert len(CASES) >= MIN_CASES, f"expected at least {MIN_CASES} invalid specs, found {len(CASES)}"
    numbers = []
    for case in CASES:
        match = CASE_NAME.match(case.stem)
        assert match, f"{case.name}: expected a name like 01_short_name.yaml"
        numbers.append(int(match["number"]))
        assert case.with_suffix(".errors").is_file(), f"{case.name} has no {case.stem}.errors"
        assert case.read_bytes().startswith(b"# "), f"{case.name}: expected a first line '# what is wrong'"
        lines = expected_lines(case)
        assert lines, f"{case.stem}.errors lists no diagnostic"
        for line in lines:
            m = LINE.match(line)
            assert m, f"{case.stem}.errors: not a diagnostic line: {line!r}"
            assert m["file"] == label(case), f"{case.stem}.errors names another file: {line!r}"
    assert numbers == list(range(1, len(CASES) + 1)), "expected cases numbered 01, 02, ... without gaps or repeats"
    orphans = {p.stem for p in CASES_DIR.glob("*.errors")} - {c.stem for c in CASES}
    assert not orphans, f".errors files without a spec: {sorted(orphans)}"


def test_every_rule_keeps_a_case() -> None:
    seen = {m["rule"] for case in CASES for line in expected_lines(case) if (m := LINE.match(line))}
    assert RULES - seen == set(), "rules that no invalid spec exercises"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_spec_is_rejected_with_exact_diagnostics(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(CASES) >= MIN_CASES
    assert case.with_suffix(".errors").is_file(), f"{case.name} has no {case.stem}.errors"
    out = tmp_path / "generated"
    shutil.copytree(REPO / "generated", out)
    before_out = snapshot(out)
    before_cases = sorted(p.name for p in CASES_DIR.iterdir())
    monkeypatch.chdir(REPO)

    status = main(["generate", "--spec", label(case), "--out", str(out)])

    captured = capsys.readouterr()
    assert status == 2, captured.err
    check_output(case, captured.err)
    assert captured.out == ""
    assert snapshot(out) == before_out, "the output folder changed"
    assert sorted(p.name for p in CASES_DIR.iterdir()) == before_cases, "a file appeared beside the spec"


@pytest.mark.slow
def test_lint_in_a_subprocess_reports_without_a_traceback() -> None:
    case = next(c for c in CASES if "many_errors" in c.stem)
    env = {**os.environ, "GENERATOR_DEBUG": "1"}  # an internal error would show as a traceback
    result = subprocess.run(
        [sys.executable, "-m", "generator", "lint", "--spec", label(case)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    check_output(case, result.stderr)
