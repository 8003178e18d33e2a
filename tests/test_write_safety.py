"""Writes that hold under ``kill -9`` and concurrent runs, and the exact header test (issue 14, point 5).

The design is in the module docstring of ``generator/pipeline.py``: new files go to temporary files,
a journal committed atomically lists the switch, recovery rolls a journal forward or deletes the
temporary files of a run killed before its commit; ``<out>/.generate.lock`` serialises the runs.

The kill test starts ``python -m generator generate`` with ``GENERATOR_TEST_PAUSE`` set, which makes
the writer name each step on stderr and pause after it, reads the steps and sends SIGKILL after a
chosen one (seeded), so that kills land in every phase, the renames included.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import pipeline
from generator.cli import main
from generator.outputs import has_marker, header_text

from .conftest import MINIMAL, REPO

SPEC_LABEL = "spec/api.yaml"
PAUSE = "0.004"  # seconds the writer sleeps after each step when GENERATOR_TEST_PAUSE is set
SEED = 14
# bytecode caching allowed, as `make test` does: each run imports the generator from .pyc (about 1 s saved per run)
ENV = {k: v for k, v in os.environ.items() if k not in (pipeline.TEST_PAUSE, "PYTHONDONTWRITEBYTECODE")} | {"PYTHONPATH": str(REPO)}
GENERATE = [sys.executable, "-m", "generator", "generate", "--spec", SPEC_LABEL, "--out", "out"]

pytestmark = pytest.mark.slow


def old_and_new_spec() -> tuple[str, str]:
    """The minimal spec with ``chat`` in a group of its own, and the minimal spec with ``chat`` gone and another
    member's summary changed: between them some files change, some stay, one page goes stale."""
    minimal = MINIMAL.read_text("utf-8")
    old = minimal.replace(
        "    description: Everything.\n", "    description: Everything.\n  chatting:\n    title: Chatting\n    description: Chat.\n"
    ).replace("    group: general\n    summary: Sends a chat line.", "    group: chatting\n    summary: Sends a chat line.")
    new = minimal.replace("summary: Ends the session.", "summary: Ends the session for everyone.")
    new = new[: new.index("  chat:\n")]
    assert old != minimal and new != minimal
    return old, new


def tree(work: Path) -> dict[str, bytes]:
    """The files generate owns or may leave in a project: everything but the spec, the lock and bytecode."""
    return {
        p.relative_to(work).as_posix(): p.read_bytes()
        for p in sorted(work.rglob("*"))
        if p.is_file() and p.name != pipeline.LOCK and "__pycache__" not in p.parts and p != work / SPEC_LABEL
    }


def leftovers_on_disk(work: Path) -> set[Path]:
    return {p for p in work.rglob("*") if p.is_file() and (p.name == pipeline.JOURNAL or p.name.endswith(".tmp"))}


def target(work: Path) -> pipeline.Target:
    return pipeline.Target(spec=work / SPEC_LABEL, out=work / "out", spec_label=SPEC_LABEL)


def run_main(work: Path, *args: str) -> int:
    with contextlib.chdir(work):
        return main([*args, "--spec", SPEC_LABEL, "--out", "out"])


@dataclass
class Trees:
    base: Path  # a project holding the old tree and the old spec, to copy
    old: dict[str, bytes]  # the old tree: generated from the old spec, plus a stale generated file in a folder of its own
    new: dict[str, bytes]  # what generate with the new spec makes of it
    new_spec: str
    steps: list[str]  # the steps generate reports on the way from the old tree to the new one

    def project(self, where: Path) -> Path:
        """A copy of the old tree whose spec is the new one: generate has work to do."""
        shutil.copytree(self.base, where)
        (where / SPEC_LABEL).write_text(self.new_spec, "utf-8")
        return where

    def rendered(self, work: Path) -> dict[Path, bytes]:
        """What rendering the new spec in ``work`` gives: the new tree, without a second render."""
        return {work / name: data for name, data in self.new.items()}


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> Trees:
    old_spec, new_spec = old_and_new_spec()
    base = tmp_path_factory.mktemp("write-safety") / "old"
    (base / "spec").mkdir(parents=True)
    (base / SPEC_LABEL).write_text(old_spec, "utf-8")
    assert run_main(base, "generate") == 0
    gone = base / "out" / "old" / "gone.json"  # stale, and its folder goes with it
    gone.parent.mkdir()
    shutil.copy(base / "out" / "spec.json", gone)
    trees = Trees(base, tree(base), {}, new_spec, [])
    reference = trees.project(base.parent / "new")
    reported = io.StringIO()
    os.environ[pipeline.TEST_PAUSE] = "0"
    try:
        with contextlib.redirect_stderr(reported):
            assert run_main(reference, "generate") == 0
    finally:
        del os.environ[pipeline.TEST_PAUSE]
    trees.new = tree(reference)
    trees.steps = [line.split()[1] for line in reported.getvalue().splitlines() if line.startswith("generate-step ")]
    changed = {n for n in trees.old.keys() & trees.new.keys() if trees.old[n] != trees.new[n]}
    assert len(changed) > 10 and "out/old/gone.json" not in trees.new and "out/docs/members/chatting.md" not in trees.new
    assert len(trees.old.keys() & trees.new.keys()) > len(changed)  # some files stay as they are
    assert trees.steps[0] == "recover" and trees.steps[-1] == "done" and trees.steps.count("remove") == 2
    assert trees.steps.count("write") == trees.steps.count("rename") == len(changed)
    return trees


# -- kill -9 at any point -------------------------------------------------------------------------
# Recovery alone, in a process that imports no more than the writer: generate recovers with the same code
# (under the lock, before it plans again), but only after rendering, a second or so of start-up per run.
RECOVER = [sys.executable, "-c", "import pathlib, sys; from generator.pipeline import recover; "
           "recover(pathlib.Path('out'), [pathlib.Path('spec/session_api.schema.json').resolve()])"]


@dataclass
class Kill:
    after_step: int | None  # SIGKILL once the run reported this step (0-based index) and ``delay`` seconds more;
    delay: float  # None: ``delay`` seconds after the start, while it loads or renders
    then: int | None = None  # then start recovery alone and kill it after this step: a kill during recovery


def kill_at(command: list[str], work: Path, after_step: int | None, delay: float) -> list[str]:
    """Start ``command`` in ``work``; SIGKILL it after the given step and delay. Returns the steps it reported."""
    proc = subprocess.Popen(
        command, cwd=work, env=ENV | {pipeline.TEST_PAUSE: PAUSE}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    steps: list[str] = []
    while after_step is not None and len(steps) <= after_step:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("generate-step "):
            steps.append(line.split()[1])
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(steps) == (0 if after_step is None else after_step + 1), steps  # killed, not finished
    return steps


def kill_plan(steps: list[str]) -> list[Kill]:
    """Kill points in every phase of a run that reports ``steps``, seeded: 13 at steps, 2 while it renders,
    and 3 of those followed by a kill during recovery."""
    rng = random.Random(SEED)
    journal = steps.index("journal")
    writes = [i for i, s in enumerate(steps) if s == "write"]
    renames = [i for i, s in enumerate(steps) if s == "rename"]
    removes = [i for i, s in enumerate(steps) if s == "remove"]
    points = {writes[0], journal - 1, journal, *removes, len(steps) - 2}  # the last: journal not yet deleted
    points |= {*rng.sample(writes[1:-1], 2), renames[0], renames[-1]}
    points |= set(rng.sample([i for i in renames if i not in points], 13 - len(points)))  # during the switch
    kills = [Kill(i, rng.uniform(0, float(PAUSE))) for i in sorted(points)]
    kills += [Kill(None, rng.uniform(0.2, 0.6)) for _ in range(2)]
    for kill, then in zip(rng.sample([k for k in kills if k.after_step in renames], 2) + [kills[1]], (1, 2, 1), strict=True):
        kill.then = then  # rolling forward (twice), and deleting the temporary files of an uncommitted run
    return kills


def test_kill_9_at_any_point_leaves_the_old_tree_or_the_new_one(trees: Trees, tmp_path: Path) -> None:
    steps = trees.steps
    kills = kill_plan(steps)
    works = [trees.project(tmp_path / f"kill{i}") for i in range(len(kills))]

    def killed(i: int) -> list[str]:
        return kill_at(GENERATE, works[i], kills[i].after_step, kills[i].delay)

    with ThreadPoolExecutor(max_workers=2) as pool:
        reported = list(pool.map(killed, range(len(kills))))

    outcomes = []
    for kill, work, done in zip(kills, works, reported, strict=True):
        where = f"killed after {done[-1] if done else 'no step'} (step {kill.after_step}, then {kill.then})"
        if kill.then is not None:
            assert leftovers_on_disk(work), where
            again = kill_at(RECOVER, work, kill.then, 0.0)
            assert again[0] == "recover", again
        left = leftovers_on_disk(work)
        result = pipeline.plan(target(work), trees.rendered(work))  # what check reports, without rendering again
        assert set(result.leftovers) == left and left <= set(result.stale), where  # check names each one
        assert not (left and pipeline.up_to_date(target(work))), where
        journal = (work / "out" / pipeline.JOURNAL).exists()
        pipeline.recover(work / "out", [work / "spec" / "session_api.schema.json"])
        after = tree(work)
        assert after in (trees.old, trees.new), f"{where}: a mix of the old tree and the new one"
        assert not leftovers_on_disk(work), where
        assert not (work / "out" / "old").exists() or after == trees.old, where  # the emptied folder went too
        assert pipeline.up_to_date(target(work)) == (after == trees.new), where
        outcomes.append(("new" if after == trees.new else "old", journal, kill.after_step))
    # a kill after the commit gives the new tree; one before it, the old tree (unless the run passed the commit
    # between the step it reported and the kill, which under load can land a few milliseconds late)
    for outcome, _, after_step in outcomes:
        if after_step is not None and after_step >= steps.index("journal"):
            assert outcome == "new", outcomes
    assert sum(1 for _, journal, _ in outcomes if journal) >= 8, outcomes  # killed in the switch itself
    assert {o for o, *_ in outcomes} == {"old", "new"}
    assert len(kills) + sum(k.then is not None for k in kills) >= 18


# -- concurrent runs --------------------------------------------------------------------------------
def test_generate_runs_started_together_all_succeed(trees: Trees, tmp_path: Path) -> None:
    written = sum(1 for name, data in trees.new.items() if trees.old.get(name) != data)
    did_it_all = f"generate: {written} written, {len(trees.old.keys() - trees.new.keys())} removed"
    writers = 0
    for round_ in range(5):
        work = trees.project(tmp_path / f"round{round_}")
        procs = [
            subprocess.Popen(GENERATE, cwd=work, env=ENV | {pipeline.TEST_PAUSE: "0.003"}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for _ in range(3 if round_ == 0 else 2)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=90)
            assert proc.returncode == 0, err
            assert "Traceback" not in err and "error" not in err, err
            writers += did_it_all in out
        assert tree(work) == trees.new
        assert not leftovers_on_disk(work)
        assert pipeline.up_to_date(target(work))
    assert writers == 5  # one run per round wrote; the others found its output and had nothing left to do


def test_a_held_lock_is_waited_for_then_named(
    trees: Trees, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work = trees.project(tmp_path / "work")
    before = tree(work)
    monkeypatch.setattr(pipeline, "LOCK_TIMEOUT", 0.3)
    with lock_held(work / "out"):
        started = time.monotonic()
        assert run_main(work, "generate") == 2
        assert time.monotonic() - started >= 0.3
        assert run_main(work, "check") == 2
    err = capsys.readouterr().err
    assert f"error: another generate is running on out (pid {os.getpid()})\n" in err
    assert tree(work) == before
    assert run_main(work, "generate") == 0 and tree(work) == trees.new


@contextlib.contextmanager
def lock_held(out: Path) -> Iterator[None]:
    fd = os.open(out / pipeline.LOCK, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# -- an error (not a kill) puts everything back --------------------------------------------------------
@pytest.mark.parametrize(("call", "fails"), [("replace", 2), ("replace", 7), ("unlink", "gone.json")])
def test_an_error_during_the_switch_puts_the_old_tree_back(
    call: str, fails: int | str, trees: Trees, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """os.replace fails at its 2nd call (the first rename, after the journal) or its 7th (five files switched),
    or removing the second stale file fails: the switch is undone by a journaled switch back."""
    work = trees.project(tmp_path / "work")
    real: Callable[..., None] = {"replace": os.replace, "unlink": os.unlink}[call]
    calls = []

    def failing(*args: object, **kwargs: object) -> None:
        calls.append(args[0])
        if fails == len(calls) or str(args[0]).endswith(str(fails)):
            raise OSError(5, "Input/output error", str(args[0]))
        real(*args, **kwargs)

    monkeypatch.setattr(pipeline.os, call, failing)
    assert run_main(work, "generate") == 2
    monkeypatch.undo()
    assert "error: Input/output error" in capsys.readouterr().err
    assert tree(work) == trees.old and not leftovers_on_disk(work)
    assert not pipeline.recover(work / "out")  # nothing left to recover


# -- check notices what a killed run left -----------------------------------------------------------
def test_check_names_leftover_temporary_files_and_generate_deletes_them(
    trees: Trees, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    shutil.copytree(trees.base, work)
    out = work / "out"
    half = out / "docs" / ".index.md.4242.tmp"  # a run killed while writing its temporary files
    half.write_bytes((out / "docs" / "index.md").read_bytes()[:100])
    empty = out / ".spec.json.4243.tmp"
    empty.write_bytes(b"")
    mine = out / ".notes.1.tmp"  # named like ours, but neither empty nor generated: not ours
    mine.write_text("my notes\n")
    assert not pipeline.up_to_date(target(work))
    capsys.readouterr()
    assert run_main(work, "check") == 1
    err = capsys.readouterr().err
    assert "out/docs/.index.md.4242.tmp: is stale" in err and "out/.spec.json.4243.tmp: is stale" in err
    assert ".notes.1.tmp" not in err and "3 file(s) out of date" in err  # and the stale out/old/gone.json
    assert run_main(work, "generate") == 0
    assert "removed out/docs/.index.md.4242.tmp" in capsys.readouterr().out
    assert not half.exists() and not empty.exists() and mine.read_text() == "my notes\n"
    assert run_main(work, "check") == 0


def committed_journal(trees: Trees, work: Path) -> None:
    """What a run killed right after its commit leaves: the journal, and the temporary files it lists."""
    result = pipeline.plan(target(work), trees.rendered(work))
    temps = []
    for path, data in result.writes.items():
        temps.append((path, pipeline._temp(path)))
        temps[-1][1].write_bytes(data)
    pipeline._commit(work / "out", pipeline._Journal(temps, result.stale))


def test_check_names_a_leftover_journal_and_generate_completes_it(
    trees: Trees, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = trees.project(tmp_path / "work")
    committed_journal(trees, work)
    left = {p.relative_to(work).as_posix() for p in leftovers_on_disk(work)}
    assert {n: d for n, d in tree(work).items() if n not in left} == trees.old  # committed, not carried out
    (work / SPEC_LABEL).write_text(old_and_new_spec()[0], "utf-8")  # check against the old spec: only leftovers show
    on_disk = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert run_main(work, "check") == 1
    err = capsys.readouterr().err
    for leftover in leftovers_on_disk(work):
        assert f"{leftover.relative_to(work).as_posix()}: is stale" in err
    assert f"out/{pipeline.JOURNAL}: is stale" in err and "out/.spec.json." in err
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file()} == on_disk  # check wrote nothing
    assert run_main(work, "generate") == 0  # completes the journal (the new tree), then writes the old spec's
    assert f"removed out/{pipeline.JOURNAL}" in capsys.readouterr().out
    assert tree(work) == {name: data for name, data in trees.old.items() if name != "out/old/gone.json"}
    assert not leftovers_on_disk(work) and run_main(work, "check") == 0
    # and recovery alone rolls it forward to the new tree
    work = trees.project(tmp_path / "again")
    committed_journal(trees, work)
    assert pipeline.recover(work / "out")[0] == work / "out" / pipeline.JOURNAL
    assert tree(work) == trees.new and not leftovers_on_disk(work)


@pytest.mark.parametrize(
    "journal",
    [
        {"replace": [["../../victim.txt", ".victim.txt.1.tmp"]], "remove": [], "discard": [], "prune": []},
        {"replace": [], "remove": ["spec.json", "../../victim.txt"], "discard": [], "prune": []},
        {"replace": [["spec.json", "../../.victim.txt.1.tmp"]], "remove": [], "discard": [], "prune": []},
        {"replace": [], "remove": [], "discard": ["../../victim.txt"], "prune": []},
        {"replace": [], "remove": [], "discard": [], "prune": [".."]},
        {"replace": [], "remove": []},
    ],
)
def test_a_journal_naming_other_files_is_refused(
    journal: dict[str, list[object]], trees: Trees, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = trees.project(tmp_path / "work")
    (tmp_path / "victim.txt").write_text("keep me\n")
    (tmp_path / ".victim.txt.1.tmp").write_text("replaced\n")
    (work / "out" / pipeline.JOURNAL).write_text(json.dumps(journal))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert run_main(work, "generate") == 2
    assert f"out/{pipeline.JOURNAL}: not a journal this generator can complete" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


# -- the header test: the exact first line --------------------------------------------------------
def test_a_user_file_with_the_header_on_its_second_line_is_left_alone(trees: Trees, tmp_path: Path) -> None:
    work = trees.project(tmp_path / "work")
    header = header_text(SPEC_LABEL)
    mine = {
        "out/notes.md": f"# My notes\n<!-- {header} -->\n",
        "out/tool.py": f"#!/usr/bin/env python3\n# {header}\nprint('mine')\n",
        "out/docs/extra.yml": f"---\n# {header}\nkey: value\n",
        "out/data.json": '{\n  "note": "' + header + '",\n  "$comment": "' + header + '"\n}\n',
        "out/typescript/more.ts": f"\n// {header}\nexport {{}};\n",
    }
    for name, text in mine.items():
        (work / name).write_text(text, "utf-8")
    assert run_main(work, "generate") == 0  # writes the new tree, removes what is stale
    assert tree(work) == trees.new | {name: text.encode() for name, text in mine.items()}
    assert run_main(work, "check", "--force") == 0


def test_every_committed_generated_file_is_recognised_by_its_first_line() -> None:
    manifest = json.loads((REPO / "generated" / pipeline.MANIFEST).read_text("utf-8"))
    paths = [REPO / "generated" / p for p in manifest["outputs"]] + [REPO / "spec" / p for p in manifest["beside_spec"]]
    assert len(paths) > 40
    for path in paths:
        assert has_marker(path.read_bytes()[: pipeline.HEAD_BYTES]), path
