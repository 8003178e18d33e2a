"""Mutation testing of the Python reference against the conformance suite, with cosmic-ray.

Run from the repository root (it takes a few seconds per mutant):

    .venv/bin/python bench/mutation.py [--max-mutants N] [--seed S] [--timeout SECONDS]
                                       [--keep-annotations] [--json PATH] [--select EXPR]

Each mutant is one small change to ``reference/python/webfuse_reference/session.py`` (and to no
other file) made by cosmic-ray (pinned in requirements.txt): an operator, a comparison, a
constant, a ``not`` added, a loop made to run zero times, a decorator removed... For each, the
conformance suite runs against the mutated reference::

    python -m pytest generated/conformance -x -q -p no:cacheprovider \\
        --session-impl webfuse_reference.adapter:factory --conformance-profile ci --conformance-level strict

at the strict level: the reference implements every reading of the spec too, so a mutant that breaks
one deviates from the spec as much as one that breaks a documented rule.

A mutant is *killed* when the suite fails (``-x`` stops it at the first failing check) or runs
past ``--timeout`` (counted apart, as a timeout), and *survives* when every check passes. The kill
rate is killed (timeouts included) / mutants run. The survivors are printed with their line and
diff: each is a change to the reference that no check notices, so either a gap in the suite or an
equivalent mutant (a change that makes no observable difference). Nothing fails because of the
kill rate; the script fails only when the tool or the set-up does.

What runs, and where
    1. ``generated/`` and ``reference/`` are copied into a temporary folder (caches, egg-info and
       ``.hypothesis`` left out); nothing in the working tree is ever written. The suite then
       runs there with ``PYTHONPATH`` = the copy's ``reference/python``, ``generated/python`` and
       ``generated/conformance``: the editable installs of the .venv find their packages with a
       finder appended to ``sys.meta_path``, after the ``PYTHONPATH`` entries, so the copy wins.
    2. Before any mutant, three checks that this is so: the copy's packages are the ones
       imported; the suite passes on the unmutated copy (its time gives the default timeout:
       ``max(30, 5 x baseline)`` seconds); and a deliberately broken copy (``session.py`` raising
       on import) makes the suite fail, mentioning the breakage.
    3. ``cosmic-ray init`` lists every mutant of ``session.py``. Mutants inside type annotations
       are left out unless ``--keep-annotations``: ``session.py`` has ``from __future__ import
       annotations`` and no pydantic model of its own, so an annotation is never evaluated and such
       a mutant (``int | None`` to ``int / None``) is equivalent by construction. The rest are
       drawn in an order shuffled by ``random.Random(--seed)``, across the whole file, until
       ``--max-mutants`` are taken (0 takes them all); a drawn mutant that is not valid Python
       (cosmic-ray turns the ``**`` of ``{**a, **b}`` into ``//``, for one) is left out rather
       than counted as killed. The others are marked skipped in cosmic-ray's session database,
       the way cosmic-ray's own filters do. ``cosmic-ray exec`` then runs the sample, one mutant
       at a time (the local distributor), mutating the copy's ``session.py`` on disk and
       restoring it.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET = Path("reference/python/webfuse_reference/session.py")  # relative to the repository root
COPIED = ("generated", "reference")  # what the suite needs; tests/, spec/, generator/... are not
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".hypothesis", ".mypy_cache",
                                 ".pytest_cache", "node_modules", "conformance-report")
PYTHONPATH = ("reference/python", "generated/python", "generated/conformance")  # in the copy, in this order
PACKAGES = ("webfuse_reference.session", "webfuse_session", "webfuse_conformance.plugin")
SESSION_IMPL = "webfuse_reference.adapter:factory"
TEST_ARGS = (
    "-m", "pytest", "generated/conformance", "-x", "-q", "-p", "no:cacheprovider",
    "--session-impl", SESSION_IMPL, "--conformance-profile", "ci", "--conformance-level", "strict",
)
COSMIC_RAY = Path(sys.executable).parent / "cosmic-ray"
BROKEN = "deliberately broken by bench/mutation.py"
OUTCOMES = ("killed", "timeout", "survived", "incompetent", "no-test")


@dataclass
class Mutant:
    job_id: str
    line: int
    col: int
    operator: str
    occurrence: int
    definition: str | None
    outcome: str | None = None  # one of OUTCOMES once run
    diff: str = ""
    output_tail: str = ""  # the end of the suite's output, for incompetent mutants
    equivalent: str = ""  # for a survivor listed in EQUIVALENTS: why no implementation-visible behaviour changes

    def where(self) -> str:
        inside = f" in {self.definition}" if self.definition else ""
        return f"{TARGET}:{self.line}:{self.col + 1}{inside}: {self.operator.removeprefix('core/')}"

    def change(self) -> tuple[str, str]:
        """The mutated line before and after, stripped: with the operator, what identifies a mutant across edits."""
        lines = self.diff.splitlines()
        before = next((line[1:].strip() for line in lines if line.startswith("-") and not line.startswith("---")), "")
        after = next((line[1:].strip() for line in lines if line.startswith("+") and not line.startswith("+++")), "")
        return before, after


EQUIVALENTS_FILE = Path(__file__).with_name("mutation_equivalents.toml")
"""Survivors known to change nothing an implementation shows (equivalent or unobservable mutants), each
with why: they are listed as such and left out of the second kill rate."""


def load_equivalents(path: Path = EQUIVALENTS_FILE) -> list[dict[str, str]]:
    import tomllib

    entries: list[dict[str, str]] = tomllib.loads(path.read_text("utf-8")).get("equivalent", []) if path.is_file() else []
    for entry in entries:
        missing = {"operator", "before", "after", "why"} - set(entry)
        if missing:
            raise SystemExit(f"{path}: an [[equivalent]] entry lacks {sorted(missing)}: {entry}")
    return entries


def explain(mutant: Mutant, entries: Sequence[Mapping[str, str]]) -> str:
    """Why ``mutant`` is equivalent, from the entry matching its operator and changed line; empty if none does."""
    before, after = mutant.change()
    operator = mutant.operator.removeprefix("core/")
    return next((e["why"] for e in entries if (e["operator"], e["before"], e["after"]) == (operator, before, after)), "")


# -- the copy -----------------------------------------------------------------------------------


def make_copy(root: Path) -> Path:
    """Copy what the suite needs into ``root/repo``; the copy's path."""
    copy = root / "repo"
    for name in COPIED:
        shutil.copytree(REPO / name, copy / name, ignore=IGNORED, symlinks=True)
    return copy


def copy_env(copy: Path) -> dict[str, str]:
    """The environment in which the suite imports the copy's packages."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join(str(copy / p) for p in PYTHONPATH)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # as cosmic-ray does: a stale .pyc must never hide a mutant
    return env


SELECT: list[str] = []
"""``-k EXPR`` when ``--select`` is given: only the checks it selects run (a smoke run, not a measurement)."""


def suite_command() -> str:
    return shlex.join([sys.executable, *TEST_ARGS, *SELECT])


def run(args: Sequence[str], cwd: Path, env: Mapping[str, str], timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=timeout)


def fail(what: str, proc: subprocess.CompletedProcess[str]) -> SystemExit:
    return SystemExit(f"mutation testing aborted: {what}\n--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}")


def check_isolation(copy: Path, env: Mapping[str, str]) -> float:
    """Make sure the suite runs the copy, passes on it, and fails on a broken one; the baseline's seconds."""
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    print(importlib.import_module(name).__file__)"
    proc = run([sys.executable, "-c", code, *PACKAGES], copy, env)
    if proc.returncode != 0:
        raise fail("the copied packages do not import", proc)
    outside = [p for p in proc.stdout.split() if not Path(p).resolve().is_relative_to(copy.resolve())]
    if outside:
        raise fail(f"these modules are imported from outside the copy {copy}: {outside}", proc)

    started = time.perf_counter()
    proc = run(shlex.split(suite_command()), copy, env)
    baseline = time.perf_counter() - started
    if proc.returncode != 0:
        raise fail("the conformance suite fails on the unmutated reference", proc)
    print(f"  baseline: the suite passes on the copy in {baseline:.1f} s", file=sys.stderr, flush=True)

    target = copy / TARGET
    original = target.read_bytes()
    try:
        target.write_bytes(original + f"\nraise RuntimeError({BROKEN!r})\n".encode())
        proc = run(shlex.split(suite_command()), copy, env)
    finally:
        target.write_bytes(original)
    if proc.returncode == 0 or BROKEN not in proc.stdout + proc.stderr:
        raise fail("a deliberately broken copy of session.py does not make the suite fail: the copy is not what it tests", proc)
    print("  checked: the suite imports the copy, and fails when the copy's session.py is broken", file=sys.stderr, flush=True)
    return baseline


# -- choosing the mutants -----------------------------------------------------------------------


def _char_col(lines: Sequence[str], line: int, byte_col: int) -> int:
    """The character column of a UTF-8 byte offset that ``ast`` gives (cosmic-ray counts characters)."""
    if line - 1 >= len(lines):
        return byte_col
    return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every annotation in ``source``: parameters, returns and annotated assignments."""
    lines = source.splitlines()
    nodes: list[ast.expr] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            nodes.append(node.returns)
        elif isinstance(node, ast.arg) and node.annotation is not None:
            nodes.append(node.annotation)
        elif isinstance(node, ast.AnnAssign):
            nodes.append(node.annotation)
    spans = []
    for expr in nodes:
        assert expr.end_lineno is not None and expr.end_col_offset is not None
        start = (expr.lineno, _char_col(lines, expr.lineno, expr.col_offset))
        end = (expr.end_lineno, _char_col(lines, expr.end_lineno, expr.end_col_offset))
        spans.append((start, end))
    return spans


def in_spans(position: tuple[int, int], spans: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    return any(start <= position < end for start, end in spans)


def sample(mutants: Sequence[Mutant], count: int, seed: int, valid: Callable[[Mutant], bool]) -> tuple[list[Mutant], int]:
    """``count`` valid mutants (all when 0), drawn across the file with ``seed``, in file order; and how many drawn were not valid."""
    ordered = sorted(mutants, key=lambda m: (m.line, m.col, m.operator, m.occurrence))
    draws = list(range(len(ordered)))
    random.Random(seed).shuffle(draws)
    chosen: list[int] = []
    invalid = 0
    for index in draws:
        if 0 < count <= len(chosen):
            break
        if valid(ordered[index]):
            chosen.append(index)
        else:
            invalid += 1
    return [ordered[i] for i in sorted(chosen)], invalid


def compiles(source: str, mutant: Mutant, operator_args: Mapping[str, Any]) -> bool:
    """Whether cosmic-ray's mutant of ``source`` is valid Python.

    cosmic-ray treats the ``*`` and ``**`` of unpacking (``{**a, **b}``, ``f(*args)``, a bare ``*``
    in a signature) as binary operators, and replaces them: such a mutant is a syntax error, which
    would be "killed" by the suite failing to import it. Those are left out, not counted.
    """
    from cosmic_ray.mutating import mutate_code  # type: ignore[import-untyped, unused-ignore]
    from cosmic_ray.plugins import get_operator  # type: ignore[import-untyped, unused-ignore]

    mutated = mutate_code(source, get_operator(mutant.operator)(**operator_args), mutant.occurrence)
    if mutated is None:
        return False
    try:
        with warnings.catch_warnings():  # `x is "literal"` warns, and is valid: a mutant to run
            warnings.simplefilter("ignore", SyntaxWarning)
            compile(mutated, str(TARGET), "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def _mutant(item: Any) -> Mutant:
    (mutation,) = item.mutations
    line, col = mutation.start_pos
    return Mutant(item.job_id, int(line), int(col), str(mutation.operator_name), int(mutation.occurrence),
                  mutation.definition_name)


def choose(session: Path, target: Path, count: int, seed: int, keep_annotations: bool) -> tuple[list[Mutant], Counter[str]]:
    """Sample the mutants in cosmic-ray's session database and mark the others skipped."""
    from cosmic_ray.work_db import WorkDB, use_db  # type: ignore[import-untyped, unused-ignore]
    from cosmic_ray.work_item import WorkerOutcome, WorkResult  # type: ignore[import-untyped, unused-ignore]

    source = target.read_text(encoding="utf-8")
    spans = [] if keep_annotations else annotation_spans(source)
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = list(db.work_items)
        args = {item.job_id: dict(item.mutations[0].operator_args) for item in items}
        everything = [_mutant(item) for item in items]
        candidates = [m for m in everything if not in_spans((m.line, m.col), spans)]
        chosen, invalid = sample(candidates, count, seed, lambda m: compiles(source, m, args[m.job_id]))
        picked = {m.job_id for m in chosen}
        skipped = [m.job_id for m in everything if m.job_id not in picked]
        if skipped:
            db.set_multiple_results(skipped, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    counts = Counter(all=len(everything), annotations=len(everything) - len(candidates), candidates=len(candidates),
                     invalid=invalid)
    return chosen, counts


# -- running them -------------------------------------------------------------------------------


def _results(session: Path) -> Iterator[tuple[str, Any]]:
    from cosmic_ray.work_db import WorkDB, use_db  # type: ignore[import-untyped, unused-ignore]
    from cosmic_ray.work_item import WorkerOutcome  # type: ignore[import-untyped, unused-ignore]

    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome != WorkerOutcome.SKIPPED:
                yield str(item.job_id), result


def _done(session: Path) -> int | None:
    try:
        return sum(1 for _ in _results(session))
    except Exception:  # the database is busy: no progress line this time
        return None


def outcome(result: Any) -> str:
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome  # type: ignore[import-untyped, unused-ignore]

    if result.worker_outcome == WorkerOutcome.NO_TEST:
        return "no-test"
    if result.worker_outcome != WorkerOutcome.NORMAL or result.test_outcome == TestOutcome.INCOMPETENT:
        return "incompetent"
    if result.test_outcome == TestOutcome.SURVIVED:
        return "survived"
    return "timeout" if (result.output or "").strip() == "timeout" else "killed"


def execute(config: Path, session: Path, copy: Path, env: Mapping[str, str], chosen: Sequence[Mutant]) -> None:
    """``cosmic-ray exec`` in the copy, with a progress line now and then; records each mutant's outcome."""
    started = time.perf_counter()
    log = session.with_suffix(".log")
    with log.open("w") as out:
        proc = subprocess.Popen([str(COSMIC_RAY), "exec", str(config), str(session)], cwd=copy, env=dict(env),
                                stdout=out, stderr=subprocess.STDOUT)
        shown = 0
        while proc.poll() is None:
            time.sleep(2)
            done = _done(session)
            if done is not None and done != shown and (done - shown >= 5 or done == len(chosen)):
                shown = done
                print(f"  {done}/{len(chosen)} mutants run, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if proc.returncode != 0:
        raise SystemExit(f"mutation testing aborted: cosmic-ray exec exited {proc.returncode}\n{log.read_text()}")
    by_id = {m.job_id: m for m in chosen}
    for job_id, result in _results(session):
        mutant = by_id[job_id]
        mutant.outcome = outcome(result)
        mutant.diff = relative_diff(result.diff or "", copy)
        if mutant.outcome == "incompetent":
            mutant.output_tail = "\n".join((result.output or "").strip().splitlines()[-5:])
    missing = [m.where() for m in chosen if m.outcome is None]
    if missing:
        raise SystemExit(f"mutation testing aborted: cosmic-ray ran no test for {missing}\n{log.read_text()}")


def relative_diff(diff: str, copy: Path) -> str:
    """The diff with the copy's paths as paths in the repository, without cosmic-ray's header line."""
    text = diff.replace(str(copy / TARGET), str(TARGET)).replace(str(copy.resolve() / TARGET), str(TARGET))
    return "\n".join(line for line in text.splitlines() if line != "--- mutation diff ---").strip("\n")


def write_config(path: Path, target: Path, timeout: float) -> None:
    lines = [
        "[cosmic-ray]",
        f"module-path = {json.dumps(str(target))}",
        f"timeout = {timeout:.1f}",
        "excluded-modules = []",
        f"test-command = {json.dumps(suite_command())}",
        "",
        "[cosmic-ray.distributor]",
        'name = "local"',
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


# -- reporting ----------------------------------------------------------------------------------


def summary(chosen: Sequence[Mutant]) -> tuple[Counter[str], float]:
    counts = Counter(m.outcome for m in chosen if m.outcome)
    killed = counts["killed"] + counts["timeout"]
    return Counter({k: counts[k] for k in OUTCOMES}), (killed / len(chosen) if chosen else 0.0)


def rate_without_equivalents(chosen: Sequence[Mutant]) -> tuple[int, int, float]:
    """(killed, mutants that are not known equivalents, killed / those)."""
    killed = sum(1 for m in chosen if m.outcome in ("killed", "timeout"))
    counted = sum(1 for m in chosen if not (m.outcome == "survived" and m.equivalent))
    return killed, counted, (killed / counted if counted else 0.0)


def report(chosen: Sequence[Mutant], counts: Counter[str], seed: int, keep_annotations: bool) -> str:
    outcomes, rate = summary(chosen)
    lines = []
    survivors = [m for m in chosen if m.outcome == "survived"]
    if survivors:
        lines.append(f"Surviving mutants ({len(survivors)}): changes to {TARGET} that no check notices")
        for mutant in survivors:
            lines.append(f"- {mutant.where()}")
            lines += [f"    {line}" for line in mutant.diff.splitlines() if not line.startswith(("---", "+++"))]
            lines.append(f"    equivalent: {mutant.equivalent}" if mutant.equivalent else
                         f"    NOT EXPLAINED: a gap in the suite, or an equivalent mutant to list in {EQUIVALENTS_FILE.name}")
        lines.append("")
    for mutant in chosen:
        if mutant.outcome in ("incompetent", "no-test"):
            lines.append(f"{mutant.outcome}: {mutant.where()}")
            lines += [f"    {line}" for line in mutant.output_tail.splitlines()]
    left_out = "" if keep_annotations else f", {counts['annotations']} of them in annotations left out"
    lines.append(
        f"Mutants: {len(chosen)} run of {counts['candidates']} candidates in {TARGET} "
        f"({counts['all']} in all{left_out}; {counts['invalid']} drawn were not valid Python and were left out; "
        f"sample seed {seed})"
    )
    killed = outcomes["killed"] + outcomes["timeout"]
    lines.append(
        f"kill rate: {killed}/{len(chosen)} = {100 * rate:.1f}% "
        f"(killed {outcomes['killed']}, timeouts {outcomes['timeout']}, survived {outcomes['survived']}, "
        f"incompetent {outcomes['incompetent']}, no-test {outcomes['no-test']})"
    )
    killed, counted, without = rate_without_equivalents(chosen)
    lines.append(f"kill rate without the {len(chosen) - counted} known equivalent survivors ({EQUIVALENTS_FILE.name}): "
                 f"{killed}/{counted} = {100 * without:.1f}%")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-mutants", type=int, default=80, metavar="N",
                        help="mutants to run, sampled across the file; 0 runs all (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default: %(default)s)")
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="limit of one suite run; past it the mutant counts as killed by timeout "
                             "(default: max(30, 5 x the unmutated run))")
    parser.add_argument("--keep-annotations", action="store_true",
                        help="also mutate type annotations (equivalent mutants: they are never evaluated)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--report", type=Path, metavar="JSON",
                        help="run nothing: print the report of an earlier run's --json file, with today's list of equivalents")
    parser.add_argument("--select", metavar="EXPR",
                        help="run only the checks pytest's -k EXPR selects (a quick smoke run; the kill rate then means little)")
    args = parser.parse_args(argv)
    SELECT[:] = ["-k", args.select] if args.select else []
    if args.max_mutants < 0 or (args.timeout is not None and args.timeout <= 0):
        parser.error("--max-mutants must be at least 0 and --timeout positive")
    if not COSMIC_RAY.is_file():
        raise SystemExit(f"mutation testing aborted: {COSMIC_RAY} is missing (it comes with requirements.txt)")

    equivalents = load_equivalents()  # a malformed list fails before anything runs
    if args.report is not None:
        return report_again(args.report, equivalents)
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        root = Path(tmp)
        print(f"copying {', '.join(COPIED)} into {root}...", file=sys.stderr, flush=True)
        copy = make_copy(root)
        target = copy / TARGET
        assert target.resolve().is_relative_to(root.resolve())  # cosmic-ray writes only there
        env = copy_env(copy)
        baseline = check_isolation(copy, env)
        timeout = args.timeout if args.timeout is not None else max(30.0, 5 * baseline)

        config, session = root / "cosmic-ray.toml", root / "session.sqlite"
        write_config(config, target, timeout)
        proc = run([str(COSMIC_RAY), "init", str(config), str(session)], root, env)
        if proc.returncode != 0:
            raise fail("cosmic-ray init failed", proc)
        chosen, counts = choose(session, target, args.max_mutants, args.seed, args.keep_annotations)
        print(f"  running {len(chosen)} of {counts['all']} mutants, timeout {timeout:.0f} s each...", file=sys.stderr, flush=True)
        execute(config, session, copy, env, chosen)
        for mutant in chosen:
            if mutant.outcome == "survived":
                mutant.equivalent = explain(mutant, equivalents)

    print(report(chosen, counts, args.seed, args.keep_annotations))
    if args.json is not None:
        outcomes, rate = summary(chosen)
        data = {
            "tool": f"cosmic-ray {_version()}",
            "target": str(TARGET),
            "test_command": shlex.join(["python", *TEST_ARGS, *SELECT]),
            "seed": args.seed,
            "timeout_seconds": timeout,
            "baseline_seconds": baseline,
            "mutants_in_file": counts["all"],
            "annotation_mutants_left_out": 0 if args.keep_annotations else counts["annotations"],
            "drawn_not_valid_python": counts["invalid"],
            "run": len(chosen),
            "outcomes": dict(outcomes),
            "kill_rate": rate,
            "kill_rate_without_equivalents": rate_without_equivalents(chosen)[2],
            "mutants": [asdict(m) for m in chosen],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def report_again(path: Path, equivalents: Sequence[Mapping[str, str]]) -> int:
    """Print the report of an earlier run (its ``--json`` file), explaining its survivors with ``equivalents``."""
    data = json.loads(path.read_text("utf-8"))
    chosen = [Mutant(**{**m, "equivalent": ""}) for m in data["mutants"]]
    for mutant in chosen:
        if mutant.outcome == "survived":
            mutant.equivalent = explain(mutant, equivalents)
    counts = Counter(all=data["mutants_in_file"], annotations=data["annotation_mutants_left_out"], invalid=data["drawn_not_valid_python"],
                     candidates=data["mutants_in_file"] - data["annotation_mutants_left_out"])
    print(report(chosen, counts, data["seed"], data["annotation_mutants_left_out"] == 0))
    return 0


def _version() -> str:
    from importlib.metadata import version

    return version("cosmic-ray")


if __name__ == "__main__":
    sys.exit(main())
