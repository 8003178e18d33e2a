"""Benchmark the generator against the Python import floor.

Run from the repository root:

    .venv/bin/python bench/bench_generator.py [--repeats N] [--members N] [--only GROUPS] [--json PATH]

Every measurement is the median wall time of N fresh subprocesses. Results are reported as
ratios to the import floor (``python -c "import jinja2, pydantic, yaml"``): the cost of starting
Python and importing the libraries the generator needs, which no Python command can go below.
Nothing here fails because something is slow; it fails only when a command fails.

Groups of rows (``--only generator,typescript,python`` picks some; the floor is always measured):

generator
    generate cold, generate no-op, check and lint, on the real spec and on a synthetic spec
    with ``--members`` members.
typescript
    the TypeScript emitter alone on the real spec (the whole subprocess, and the emit call
    itself as timed inside it), and ``tsc -p tests/typescript`` with tsc 7 and tsc 5.9 on the
    committed ``generated/`` (no emit). The tsc rows are skipped when node_modules is missing.
python
    the Python emitter alone on the real spec (whole subprocess and emit call, as above), also
    as a ratio to the ``datamodel-codegen`` CLI doing the same work: the JSON Schema and the
    options the emitter passes to datamodel-code-generator are captured once, untimed, and
    given to the CLI, whose output must match the library's before anything is timed.

All work happens in a temporary folder: the real spec is copied there for the generator rows
(the emitter rows only read it), and a synthetic spec with many members is built there from
it. Nothing is written inside the repository: tsc runs with noEmit on the committed files.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL_SPEC = REPO / "spec" / "session_api.yaml"
SPEC_NAME = "session_api.yaml"
SCHEMA_NAME = "session_api.schema.json"  # written beside the spec by `generate`

FLOOR_LABEL = "import floor"
FLOOR_CODE = "import jinja2, pydantic, yaml"
BARE_LABEL = "bare interpreter"

GROUPS = ("generator", "typescript", "python")

TS_EMIT_LABEL = "typescript emitter"
PY_EMIT_LABEL = "python emitter (datamodel-code-generator included)"
EMIT_CALL = ", emit call only"
CODEGEN_LABEL = "datamodel-codegen CLI alone"
TSC = {  # label: the compiler's entry point, relative to the repository root
    "tsc 7 check": "node_modules/typescript/bin/tsc",
    "tsc 5.9 check": "node_modules/typescript5/bin/tsc",
}
TSC_PROJECT = "tests/typescript"
CODEGEN = Path(sys.executable).parent / "datamodel-codegen"

# Loads a spec and runs one emitter; only the emit call is timed, and printed as JSON.
EMIT_CODE = """\
import json, sys, time
from pathlib import Path
from generator.emitters import load
from generator.loader import load_spec
model = load_spec(Path(sys.argv[1]))
emit = load(sys.argv[2])
started = time.perf_counter()
files = emit(model)
elapsed = time.perf_counter() - started
print(json.dumps({"emit_seconds": elapsed, "files": len(files)}))
"""

# Runs the Python emitter's models_source once and prints, as JSON, what it passed to
# datamodel-code-generator (the schema text and the options, enums as their CLI values) and
# what came back.
CAPTURE_CODE = """\
import enum, json, sys
from pathlib import Path
import datamodel_code_generator
from generator.emitters.python import models_source
from generator.loader import load_spec
real, calls = datamodel_code_generator.generate, []
def plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
def spy(input_, **options):
    output = real(input_, **options)
    calls.append({"input": input_, "options": {k: plain(v) for k, v in options.items()}, "output": output})
    return output
datamodel_code_generator.generate = spy
models_source(load_spec(Path(sys.argv[1])))
assert len(calls) == 1, f"expected one call to datamodel-code-generator, saw {len(calls)}"
print(json.dumps(calls[0]))
"""

# A key of the `members` mapping: two spaces, then a plain or quoted name, then a colon.
_MEMBER_KEY = re.compile(r"""^  (?:"(?P<dq>[^"]+)"|'(?P<sq>[^']+)'|(?P<plain>[A-Za-z_][A-Za-z0-9_]*)):\s*(?:#.*)?$""")
_ALIASES_KEY = re.compile(r"^    aliases:\s*$")
_OBSERVED_BY = re.compile(r"^(?P<head>\s+observed_by:\s*\[)(?P<names>[^\]]*)\]\s*$")
_ALIAS_NAME = re.compile(r"""^(?P<head>\s+(?:-\s+)?name:\s*)(?P<q>["']?)(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P=q)\s*$""")


# -- the synthetic spec ------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    """A line that is neither blank nor only a comment."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _members_section(lines: list[str]) -> tuple[int, int]:
    """Index of the first line after ``members:`` and of the first line of the next top-level key."""
    try:
        start = lines.index("members:") + 1
    except ValueError:
        raise ValueError("the spec has no top-level 'members:' line") from None
    end = next((i for i in range(start, len(lines)) if _is_content(lines[i]) and _indent(lines[i]) == 0), len(lines))
    return start, end


def _member_blocks(body: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Split the members section into the lines before the first member and (name, lines after the key)."""
    preamble: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    for line in body:
        match = _MEMBER_KEY.match(line)
        if match:
            blocks.append((match["dq"] or match["sq"] or match["plain"], []))
        elif blocks:
            blocks[-1][1].append(line)
        elif _is_content(line):
            raise ValueError(f"unexpected line before the first member: {line!r}")
        else:
            preamble.append(line)
    return preamble, blocks


def _rename_aliases(lines: list[str], suffix: str) -> list[str]:
    """Give the aliases of a member the same suffix as the member, so that they stay unique."""
    out: list[str] = []
    in_aliases = False
    for line in lines:
        if _ALIASES_KEY.match(line):
            in_aliases = True
        elif in_aliases and _is_content(line) and _indent(line) <= 4:
            in_aliases = False
        elif in_aliases and (match := _ALIAS_NAME.match(line)):
            line = f"{match['head']}{match['name']}{suffix}"
        out.append(line)
    return out


def _rename_paths(lines: list[str], name: str, suffix: str) -> list[str]:
    """Member paths inside a copied namespace (a deprecated member's ``replacement``) name the copy, not the original."""
    path = re.compile(rf"^(?P<head>\s*replacement: ){re.escape(name)}(?P<rest>\..*)?$")
    return [path.sub(lambda m: f"{m['head']}{name}{suffix}{m['rest'] or ''}", line) for line in lines]


def build_synthetic_spec(real_text: str, count: int) -> str:
    """The real spec with exactly ``count`` members: copies of the real ones, renamed.

    Copy ``i`` of member ``relocate`` is named ``relocate0017`` (the number is the position among
    all synthetic members), so names, their snake_case Python names and alias names all stay
    unique. Everything outside the ``members`` section is kept byte for byte, except the members that
    ``state`` entries name in ``observed_by``, which become their first copy (or go, without one).
    """
    if count < 1:
        raise ValueError("a spec needs at least one member")
    lines = real_text.splitlines()
    start, end = _members_section(lines)
    preamble, blocks = _member_blocks(lines[start:end])
    if not blocks:
        raise ValueError("the spec's members section is empty")
    width = max(4, len(str(count - 1)))
    members: list[str] = []
    for i in range(count):
        name, body = blocks[i % len(blocks)]
        suffix = f"{i:0{width}d}"
        while body and not body[-1].strip():  # one blank line between members, none at the end
            body = body[:-1]
        members += [f"  {name}{suffix}:", *_rename_paths(_rename_aliases(body, suffix), name, suffix), ""]
    first_copy = {name: f"{name}{i:0{width}d}" for i, (name, _) in reversed(list(enumerate(blocks[:count])))}
    head = [_OBSERVED_BY.sub(lambda m: m["head"] + ", ".join(first_copy[n.strip()] for n in m["names"].split(",")
                                                             if n.strip() in first_copy) + "]", line) for line in lines[:start]]
    return "\n".join([*head, *preamble, *members, *lines[end:]]) + "\n"


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    command: str
    median_seconds: float | None  # None when the row was skipped
    runs: list[float] = field(default_factory=list)
    ratio_to_floor: float | None = None
    skipped: str | None = None  # why the row was not measured, e.g. "run npm ci"
    baseline: str | None = None  # the label of a second baseline, if the row has one
    ratio_to_baseline: float | None = None


@dataclass
class Runner:
    """Runs one command as a fresh subprocess (of this interpreter, unless told), checks it, and times it."""

    repeats: int
    env: dict[str, str] = field(default_factory=lambda: {**os.environ, "PYTHONPATH": str(REPO)})

    def _run(self, args: Sequence[str], cwd: Path, expect: str, program: Sequence[str] | None = None) -> tuple[float, str]:
        command = [*(program or [sys.executable]), *args]
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=cwd, env=self.env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0 or expect not in proc.stdout:
            raise SystemExit(
                f"benchmark aborted: `{display(args, program)}` in {cwd} exited {proc.returncode}"
                + (f" without printing {expect!r}" if proc.returncode == 0 else "")
                + f"\n--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}"
            )
        return elapsed, proc.stdout

    def once(self, args: Sequence[str], cwd: Path, expect: str = "", program: Sequence[str] | None = None) -> float:
        """Seconds one successful run took; exits the benchmark if it fails or lacks ``expect``."""
        return self._run(args, cwd, expect, program)[0]

    def output(self, args: Sequence[str], cwd: Path, program: Sequence[str] | None = None) -> str:
        """Standard output of one successful, untimed run."""
        return self._run(args, cwd, "", program)[1]

    def runs(
        self,
        args: Sequence[str],
        cwd: Path,
        expect: str = "",
        before: Callable[[], None] | None = None,
        program: Sequence[str] | None = None,
    ) -> list[tuple[float, str]]:
        """Seconds and standard output of each of ``repeats`` successful runs."""
        out = []
        for _ in range(self.repeats):
            if before is not None:
                before()  # not timed
            out.append(self._run(args, cwd, expect, program))
        return out

    def measure(
        self,
        label: str,
        args: Sequence[str],
        cwd: Path,
        expect: str = "",
        before: Callable[[], None] | None = None,
        program: Sequence[str] | None = None,
    ) -> Result:
        runs = [elapsed for elapsed, _ in self.runs(args, cwd, expect, before, program)]
        print(f"  measured {label}", file=sys.stderr, flush=True)
        return Result(label, display(args, program), statistics.median(runs), runs)


def display(args: Sequence[str], program: Sequence[str] | None = None) -> str:
    """The command as a shell line; this interpreter shows as ``python``."""
    return shlex.join([*(program or ["python"]), *args])


def skipped(label: str, args: Sequence[str], program: Sequence[str], why: str) -> Result:
    print(f"  skipped {label}: {why}", file=sys.stderr, flush=True)
    return Result(label, display(args, program), None, skipped=why)


def bench_spec(runner: Runner, folder: Path, spec_text: str, what: str, valid: str = "is valid: ") -> list[Result]:
    """generate cold, generate no-op, check and lint on one spec, placed at ``folder/spec/``.

    Lint runs first, and each of its runs must print ``valid``: an invalid spec stops the
    benchmark before any generate or check is timed, rather than timing error reporting.
    """
    spec_dir = folder / "spec"
    spec_dir.mkdir(parents=True)
    (spec_dir / SPEC_NAME).write_text(spec_text, encoding="utf-8")
    spec, out = f"spec/{SPEC_NAME}", "out"

    def clean() -> None:
        shutil.rmtree(folder / out, ignore_errors=True)
        (spec_dir / SCHEMA_NAME).unlink(missing_ok=True)

    gen = ["-m", "generator", "generate", "--spec", spec, "--out", out]
    check = ["-m", "generator", "check", "--spec", spec, "--out", out]
    lint = ["-m", "generator", "lint", "--spec", spec]

    def refresh() -> None:
        # Normally a single no-op: the previous run left everything up to date. It matters when
        # someone edits the generator during the benchmark, which changes its fingerprint and so
        # invalidates the outputs: regenerate (untimed) until a run finds nothing to do.
        for _ in range(3):
            if runner.output(gen, folder).startswith("generate: up to date"):
                return
        raise SystemExit(f"benchmark aborted: `generate` in {folder} never came up to date; is its output deterministic?")

    cold, noop, checked, linted = spec_labels(what)
    linting = runner.measure(linted, lint, folder, valid)
    return [
        runner.measure(cold, gen, folder, "generate: ", before=clean),
        runner.measure(noop, gen, folder, "generate: up to date", before=refresh),
        runner.measure(checked, check, folder, "check: up to date", before=refresh),
        linting,
    ]


def bench_emitter(runner: Runner, folder: Path, emitter: str, label: str) -> list[Result]:
    """One emitter alone on the real spec: the whole subprocess, and the emit call timed inside it."""
    args = ["-c", EMIT_CODE, str(REAL_SPEC), emitter]
    whole, inside = [], []
    for elapsed, stdout in runner.runs(args, folder, '"emit_seconds"'):
        report = json.loads(stdout.strip().splitlines()[-1])
        if not report["files"]:
            raise SystemExit(f"benchmark aborted: the {emitter} emitter returned no files")
        whole.append(elapsed)
        inside.append(float(report["emit_seconds"]))
    print(f"  measured {label}", file=sys.stderr, flush=True)
    command = display(args)
    return [
        Result(label, command, statistics.median(whole), whole),
        Result(label + EMIT_CALL, command, statistics.median(inside), inside),
    ]


def bench_tsc(runner: Runner) -> list[Result]:
    """tsc 7 and tsc 5.9 on the committed declarations and type tests, from the repository root."""
    results = []
    for label, entry in TSC.items():
        args, program = [entry, "-p", TSC_PROJECT], ["node"]
        if shutil.which("node") is None:
            results.append(skipped(label, args, program, "node is not on PATH"))
        elif not (REPO / entry).is_file():
            results.append(skipped(label, args, program, "run npm ci"))
        else:
            results.append(runner.measure(label, args, REPO, program=program))
    return results


def _top_comments_dropped(source: str) -> str:
    """Source without datamodel-code-generator's header (which names the input) and outer blank lines."""
    lines = source.strip().splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def codegen_cli_args(options: dict[str, object], folder: Path) -> list[str]:
    """The datamodel-codegen arguments for the keyword arguments the Python emitter passes to ``generate``.

    Option ``x_y`` is flag ``--x-y``; maps go in JSON files. The CLI has no flag for the builtin
    formatter's line length: it reads it from the nearest pyproject.toml, so one is written in
    ``folder``, where the CLI runs.
    """
    args: list[str] = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None:
            continue
        if key == "builtin_format_line_length":
            (folder / "pyproject.toml").write_text(f"[tool.datamodel-codegen]\n{key.replace('_', '-')} = {value}\n")
        elif isinstance(value, bool):
            args.append(flag if value else "--no-" + flag[2:])
        elif isinstance(value, dict):
            path = folder / f"{key}.json"
            path.write_text(json.dumps(value), encoding="utf-8")
            args += [flag, path.name]
        elif isinstance(value, list):
            args += [flag, *map(str, value)]
        elif isinstance(value, str | int | float):
            args += [flag, str(value)]
        else:
            raise SystemExit(f"benchmark aborted: no datamodel-codegen flag for the Python emitter's option {key}={value!r}")
    return args


def bench_python(runner: Runner, folder: Path) -> list[Result]:
    """The datamodel-codegen CLI on the Python emitter's schema and options, then the Python emitter."""
    folder.mkdir(parents=True)
    if not CODEGEN.is_file():
        raise SystemExit(f"benchmark aborted: {CODEGEN} is missing (it comes with requirements.txt)")
    call = json.loads(runner.output(["-c", CAPTURE_CODE, str(REAL_SPEC)], folder).strip().splitlines()[-1])
    (folder / "schema.json").write_text(call["input"], encoding="utf-8")
    args = ["--input", "schema.json", "--output", "models.py", *codegen_cli_args(call["options"], folder)]
    program = [str(CODEGEN)]
    # The baseline must do the emitter's work: its output must be the library's, header aside.
    runner.once(args, folder, program=program)
    if _top_comments_dropped((folder / "models.py").read_text(encoding="utf-8")) != _top_comments_dropped(call["output"]):
        raise SystemExit(
            f"benchmark aborted: `{display(args, program)}` in {folder} does not write what the Python emitter's "
            "call to datamodel-code-generator returns, so it would not be a fair baseline"
        )
    cli = runner.measure(CODEGEN_LABEL, args, folder, program=program)
    cli.command = display(args, ["datamodel-codegen"])
    emitter = bench_emitter(runner, folder, "python", PY_EMIT_LABEL)
    assert cli.median_seconds is not None
    for result in emitter:
        assert result.median_seconds is not None
        result.baseline, result.ratio_to_baseline = CODEGEN_LABEL, result.median_seconds / cli.median_seconds
    return [cli, *emitter]


def spec_labels(what: str) -> list[str]:
    return [f"generate cold ({what})", f"generate no-op ({what})", f"check ({what})", f"lint ({what})"]


SMALL_MEMBERS = 200  # the lint row that the per-member growth of lint is measured from
COLD_REAL = "generate cold (real spec)"
COLD_UNCACHED = "generate cold, caches cleared (real spec)"
JINJA_CACHE = REPO / "generator" / "__pycache__" / "jinja2"  # generator.render.BYTECODE, without importing it


def small_lint_label() -> str:
    return f"lint ({synthetic_what(SMALL_MEMBERS)})"


def synthetic_what(members: int) -> str:
    return f"synthetic spec, {members} members"


def group_labels(group: str, members: int) -> list[str]:
    if group == "generator":
        return [*spec_labels("real spec"), COLD_UNCACHED, small_lint_label(), *spec_labels(synthetic_what(members))]
    if group == "typescript":
        return [TS_EMIT_LABEL, TS_EMIT_LABEL + EMIT_CALL, *TSC]
    if group == "python":
        return [CODEGEN_LABEL, PY_EMIT_LABEL, PY_EMIT_LABEL + EMIT_CALL]
    raise ValueError(f"unknown group {group!r}")


def labels(members: int, groups: Sequence[str] = GROUPS) -> list[str]:
    """Every row of the table, in order."""
    return [FLOOR_LABEL, BARE_LABEL, *(label for group in GROUPS if group in groups for label in group_labels(group, members))]


def run_benchmark(repeats: int, members: int, groups: Sequence[str] = GROUPS) -> list[Result]:
    runner = Runner(repeats)
    with tempfile.TemporaryDirectory(prefix="bench-generator-") as tmp:
        root = Path(tmp)
        results = [
            runner.measure(FLOOR_LABEL, ["-c", FLOOR_CODE], root),
            runner.measure(BARE_LABEL, ["-c", "pass"], root),
        ]
        if "generator" in groups:
            real_text = REAL_SPEC.read_text(encoding="utf-8")
            synthetic_text = build_synthetic_spec(real_text, members)
            results += bench_spec(runner, root / "real", real_text, "real spec")
            results.append(bench_uncached(runner, root / "real"))
            small = root / "small" / "spec"
            small.mkdir(parents=True)
            (small / SPEC_NAME).write_text(build_synthetic_spec(real_text, SMALL_MEMBERS), encoding="utf-8")
            results.append(runner.measure(small_lint_label(), ["-m", "generator", "lint", "--spec", f"spec/{SPEC_NAME}"],
                                          root / "small", f"is valid: {SMALL_MEMBERS} members"))
            # Lint must find the synthetic spec valid, with every member, before anything else is timed.
            valid = f"is valid: {members} members"
            results += bench_spec(runner, root / "synthetic", synthetic_text, synthetic_what(members), valid)
        if "typescript" in groups:
            results += bench_emitter(runner, root, "typescript", TS_EMIT_LABEL)
            results += bench_tsc(runner)
        if "python" in groups:
            results += bench_python(runner, root / "python")
    floor = results[0].median_seconds
    assert floor is not None
    for result in results:
        if result.median_seconds is not None:
            result.ratio_to_floor = result.median_seconds / floor
    cli = _row(results, CODEGEN_LABEL)
    for label in (COLD_REAL, COLD_UNCACHED):
        cold = _row(results, label)
        if cli is not None and cold is not None and cold.median_seconds and cli.median_seconds:
            cold.baseline, cold.ratio_to_baseline = CODEGEN_LABEL, cold.median_seconds / cli.median_seconds
    return results


def _row(results: list[Result], label: str) -> Result | None:
    return next((r for r in results if r.label == label and r.median_seconds is not None), None)


def bench_uncached(runner: Runner, folder: Path) -> Result:
    """generate cold with the compiled-template cache cleared before each run as well (a first run anywhere)."""
    spec, out = f"spec/{SPEC_NAME}", "out"

    def clean() -> None:
        shutil.rmtree(folder / out, ignore_errors=True)
        (folder / "spec" / SCHEMA_NAME).unlink(missing_ok=True)
        shutil.rmtree(JINJA_CACHE, ignore_errors=True)

    return runner.measure(COLD_UNCACHED, ["-m", "generator", "generate", "--spec", spec, "--out", out], folder, "generate: ",
                          before=clean)


def summary(results: list[Result], members: int) -> dict[str, float]:
    """The two figures the generator's speed is judged by, when their rows were measured.

    ``lint_per_member_growth``: lint's cost per member above the import floor at ``members``
    members, over the same at 200 (1.00 is flat). ``cold_generate_to_codegen_cli``: a cold
    ``generate`` of every target of the real spec over the datamodel-codegen CLI alone.
    """
    out: dict[str, float] = {}
    floor = results[0].median_seconds or 0.0
    small, large = _row(results, small_lint_label()), _row(results, f"lint ({synthetic_what(members)})")
    if small is not None and large is not None and small.median_seconds and large.median_seconds:
        per_small = (small.median_seconds - floor) / SMALL_MEMBERS
        per_large = (large.median_seconds - floor) / members
        out["lint_ms_per_member_200"] = per_small * 1000
        out[f"lint_ms_per_member_{members}"] = per_large * 1000
        out["lint_per_member_growth"] = per_large / per_small if per_small > 0 else float("nan")
    cold = _row(results, COLD_REAL)
    if cold is not None and cold.ratio_to_baseline is not None:
        out["cold_generate_to_codegen_cli"] = cold.ratio_to_baseline
    return out


def row(result: Result, width: int) -> str:
    if result.median_seconds is None or result.ratio_to_floor is None:
        return f"{result.label:<{width}}   skipped: {result.skipped}"
    line = f"{result.label:<{width}}   {result.median_seconds:6.3f} s   {result.ratio_to_floor:6.2f}x floor"
    if result.ratio_to_baseline is not None:
        line += f"   {result.ratio_to_baseline:6.2f}x {result.baseline}"
    return line


def table(results: list[Result]) -> str:
    width = max(len(r.label) for r in results)
    return "\n".join(row(r, width) for r in results)


def parse_groups(text: str) -> list[str]:
    groups = [g.strip() for g in text.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if not groups or unknown:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of {', '.join(GROUPS)}; got {text!r}")
    return groups


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="runs per command; the median is kept (default: %(default)s)")
    parser.add_argument("--members", type=int, default=2000, help="members of the synthetic spec (default: %(default)s)")
    parser.add_argument(
        "--only", type=parse_groups, default=list(GROUPS), metavar="GROUPS",
        help=f"comma-separated groups of rows to measure (default: {','.join(GROUPS)})",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.members < 1:
        parser.error("--repeats and --members must be at least 1")
    groups = [g for g in GROUPS if g in args.only]

    print(f"benchmarking with {sys.executable}, median of {args.repeats} run(s)...", file=sys.stderr)
    results = run_benchmark(args.repeats, args.members, groups)
    print(f"Median of {args.repeats} run(s); floor = python -c {FLOOR_CODE!r}")
    print(table(results))
    figures = summary(results, args.members)
    if "lint_per_member_growth" in figures:
        print(f"lint cost per member above the floor: {figures['lint_ms_per_member_200']:.2f} ms at {SMALL_MEMBERS} members, "
              f"{figures[f'lint_ms_per_member_{args.members}']:.2f} ms at {args.members}: "
              f"{figures['lint_per_member_growth']:.2f}x (flat is 1.00x)")
    if "cold_generate_to_codegen_cli" in figures:
        print(f"cold generate of every target / datamodel-codegen CLI alone: {figures['cold_generate_to_codegen_cli']:.2f}x")
    if args.json is not None:
        report = {
            "python": sys.executable,
            "python_version": sys.version.split()[0],
            "bytecode_cache": not sys.dont_write_bytecode,
            "repeats": args.repeats,
            "members": args.members,
            "groups": groups,
            "floor_seconds": results[0].median_seconds,
            "results": [asdict(r) for r in results],
            "summary": figures,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
