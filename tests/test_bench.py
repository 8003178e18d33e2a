"""The generator benchmark: its synthetic spec is valid, and the script runs and reports ratios."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.bench_generator import build_synthetic_spec, labels
from generator.loader import load_spec

from .conftest import REPO, SPEC


def test_synthetic_spec_is_valid_with_exactly_the_requested_members(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.yaml"
    path.write_text(build_synthetic_spec(SPEC.read_text(encoding="utf-8"), 60), encoding="utf-8")
    model = load_spec(path, "synthetic.yaml")
    assert len(model.members) == 60
    assert list(model.members)[:2] == ["started0000", "pin0001"]
    assert "on0010" in model.members  # the quoted key "on" is copied as a plain, renamed key
    aliases = [alias.name for member in model.members.values() for alias in member.aliases]
    assert aliases and len(aliases) == len(set(aliases))


@pytest.mark.slow
def test_script_prints_a_ratio_for_every_command(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "bench/bench_generator.py", "--repeats", "1", "--members", "60", "--json", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for label in labels(60):
        line = rf"^{re.escape(label)}\s+\d+\.\d{{3}} s\s+\d+\.\d{{2}}x floor$"
        assert re.search(line, proc.stdout, re.MULTILINE), f"no ratio line for {label!r} in:\n{proc.stdout}"
    assert [r["label"] for r in json.loads(report.read_text())["results"]] == labels(60)
