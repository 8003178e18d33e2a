"""The generate/check/lint commands: idempotence, drift, stale files, all-or-nothing, determinism."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.cli import main
from generator.outputs import MARKER

from .conftest import MINIMAL, REPO

SPEC_LABEL = "spec/api.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch project with the minimal spec at spec/api.yaml; the working folder is its root."""
    (tmp_path / "spec").mkdir()
    shutil.copy(MINIMAL, tmp_path / SPEC_LABEL)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> int:
    return main([*args, "--spec", SPEC_LABEL] + (["--out", "out"] if args[0] != "lint" else []))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path; Python's bytecode caches (written by whoever imported) and the
    lock file of generate (which stays, empty, once a run has taken it) left out."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and p.name != pipeline.LOCK}


def test_generate_writes_then_changes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("generate") == 0
    first = snapshot(project)
    assert {"out/spec.json", "out/manifest.json", "spec/session_api.schema.json"} <= set(first)
    mtimes = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert run("generate") == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["generate", "--spec", SPEC_LABEL, "--out", "out", "--force"]) == 0
    assert "0 written, 0 removed" in capsys.readouterr().out
    assert snapshot(project) == first
    assert {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()} == mtimes
    assert run("check") == 0


def test_every_output_has_the_header_and_lf_endings(project: Path) -> None:
    assert run("generate") == 0
    for name, data in snapshot(project).items():
        if name.startswith("out/") or name.endswith(".schema.json"):
            assert MARKER.encode() in data[:300], name
            assert b"\r" not in data and data.endswith(b"\n") and not data.endswith(b"\n\n"), name


def test_check_names_an_edited_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("generate") == 0
    edited = project / "out" / "spec.json"
    edited.write_text(edited.read_text().replace('"Mini API"', '"Edited API"'))
    capsys.readouterr()
    assert run("check") == 1
    err = capsys.readouterr().err
    assert "out/spec.json: differs from what the spec produces" in err
    assert "manifest.json" not in err
    assert run("generate") == 0 and run("check") == 0


def test_check_reports_a_missing_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("generate") == 0
    (project / "spec" / "session_api.schema.json").unlink()
    capsys.readouterr()
    assert run("check") == 1
    assert "spec/session_api.schema.json: is missing" in capsys.readouterr().err


def test_spec_change_is_picked_up(project: Path) -> None:
    assert run("generate") == 0
    spec = project / SPEC_LABEL
    spec.write_text(spec.read_text().replace("name: Mini API", "name: Renamed API"))
    assert run("check") == 1
    assert run("generate") == 0
    assert '"Renamed API"' in (project / "out" / "spec.json").read_text()


def test_stale_generated_files_go_and_others_stay(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("generate") == 0
    stale = project / "out" / "old" / "gone.json"
    stale.parent.mkdir()
    shutil.copy(project / "out" / "spec.json", stale)
    mine = project / "out" / "notes.md"
    mine.write_text("my own notes, not generated\n")
    quoting = project / "out" / "pkg.egg-info" / "PKG-INFO"  # package metadata quoting a generated README
    quoting.parent.mkdir()
    quoting.write_text("Metadata-Version: 2.4\nName: x\n\n" + (project / "out" / "spec.json").read_text())
    capsys.readouterr()
    assert run("check") == 1
    assert "out/old/gone.json: is stale" in capsys.readouterr().err
    assert run("generate") == 0
    assert not stale.exists() and not stale.parent.exists()
    assert mine.read_text() == "my own notes, not generated\n"
    assert quoting.is_file()
    assert run("check") == 0


def test_refuses_to_overwrite_a_file_without_header(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "out").mkdir()
    (project / "out" / "spec.json").write_text("{}\n")
    before = snapshot(project)
    assert run("generate") == 2
    assert "out/spec.json: exists without the generated header" in capsys.readouterr().err
    assert snapshot(project) == before


def test_a_failed_write_leaves_everything_as_it_was(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("generate") == 0
    spec = project / SPEC_LABEL
    spec.write_text(spec.read_text().replace("name: Mini API", "name: Renamed API"))
    (project / "out" / "stale.json").write_bytes((project / "out" / "spec.json").read_bytes())
    before = snapshot(project)
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(pipeline.os, "replace", failing_replace)
    assert run("generate") == 2
    assert calls["n"] == 2
    assert snapshot(project) == before


def test_lint_validates_only(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint") == 0
    assert "2 members" in capsys.readouterr().out
    assert not (project / "out").exists() and not (project / "spec" / "session_api.schema.json").exists()


def test_missing_spec_is_a_clear_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--spec", "spec/nope.yaml"]) == 2
    assert "spec/nope.yaml:1:1: error[unreadable]" in capsys.readouterr().err


@pytest.mark.slow
def test_usage_errors_exit_2() -> None:
    for args in (["frobnicate"], ["generate", "--bogus"], []):
        proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True)
        assert proc.returncode == 2, args
        assert "usage:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_output_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED produce the committed generated/ byte for byte."""
    outs = []
    for seed in ("0", "4242"):
        work = tmp_path / seed
        shutil.copytree(REPO / "spec", work / "spec")
        (work / "spec" / "session_api.schema.json").unlink()
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=work, env=env, check=True, capture_output=True)
        outs.append(snapshot(work))
    assert outs[0] == outs[1]
    committed = {f"generated/{k}": v for k, v in snapshot(REPO / "generated").items() if ".egg-info/" not in k}
    committed["spec/session_api.schema.json"] = (REPO / "spec" / "session_api.schema.json").read_bytes()
    produced = {k: v for k, v in outs[0].items() if k != "spec/session_api.yaml" and not k.startswith("spec/releases/")}
    assert produced == committed


def test_committed_outputs_match_the_spec(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Golden record: render everything afresh (no fast path) and compare with what is committed."""
    monkeypatch.chdir(REPO)
    status = main(["check", "--force"])
    assert status == 0, capsys.readouterr().err
