"""Benchmark the generator against the Python import floor.

Run from the repository root:

    .venv/bin/python bench/bench_generator.py [--repeats N] [--members N] [--json PATH]

Every measurement is the median wall time of N fresh subprocesses of this interpreter. Results
are reported as ratios to the import floor (``python -c "import jinja2, pydantic, yaml"``): the
cost of starting Python and importing the libraries the generator needs, which no command can
go below. Nothing here fails because something is slow; it fails only when a command fails.

All work happens in a temporary folder: the real spec is copied there, and a synthetic spec
with many members is built there from it. Nothing is written inside the repository.
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

# A key of the `members` mapping: two spaces, then a plain or quoted name, then a colon.
_MEMBER_KEY = re.compile(r"""^  (?:"(?P<dq>[^"]+)"|'(?P<sq>[^']+)'|(?P<plain>[A-Za-z_][A-Za-z0-9_]*)):\s*(?:#.*)?$""")
_ALIASES_KEY = re.compile(r"^    aliases:\s*$")
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


def build_synthetic_spec(real_text: str, count: int) -> str:
    """The real spec with exactly ``count`` members: copies of the real ones, renamed.

    Copy ``i`` of member ``relocate`` is named ``relocate0017`` (the number is the position among
    all synthetic members), so names, their snake_case Python names and alias names all stay
    unique. Everything outside the ``members`` section is kept byte for byte.
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
        members += [f"  {name}{suffix}:", *_rename_aliases(body, suffix), ""]
    return "\n".join([*lines[:start], *preamble, *members, *lines[end:]]) + "\n"


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    command: str
    median_seconds: float
    runs: list[float] = field(default_factory=list)
    ratio_to_floor: float = 0.0


@dataclass
class Runner:
    """Runs one command as a fresh subprocess of this interpreter, checks it, and times it."""

    repeats: int
    env: dict[str, str] = field(default_factory=lambda: {**os.environ, "PYTHONPATH": str(REPO)})

    def _run(self, args: Sequence[str], cwd: Path, expect: str) -> tuple[float, str]:
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, *args], cwd=cwd, env=self.env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0 or expect not in proc.stdout:
            raise SystemExit(
                f"benchmark aborted: `{shlex.join(['python', *args])}` in {cwd} exited {proc.returncode}"
                + (f" without printing {expect!r}" if proc.returncode == 0 else "")
                + f"\n--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}"
            )
        return elapsed, proc.stdout

    def once(self, args: Sequence[str], cwd: Path, expect: str = "") -> float:
        """Seconds one successful run took; exits the benchmark if it fails or lacks ``expect``."""
        return self._run(args, cwd, expect)[0]

    def output(self, args: Sequence[str], cwd: Path) -> str:
        """Standard output of one successful, untimed run."""
        return self._run(args, cwd, "")[1]

    def measure(
        self, label: str, args: Sequence[str], cwd: Path, expect: str = "", before: Callable[[], None] | None = None
    ) -> Result:
        runs = []
        for _ in range(self.repeats):
            if before is not None:
                before()  # not timed
            runs.append(self.once(args, cwd, expect))
        print(f"  measured {label}", file=sys.stderr, flush=True)
        return Result(label, shlex.join(["python", *args]), statistics.median(runs), runs)


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


def spec_labels(what: str) -> list[str]:
    return [f"generate cold ({what})", f"generate no-op ({what})", f"check ({what})", f"lint ({what})"]


def synthetic_what(members: int) -> str:
    return f"synthetic spec, {members} members"


def labels(members: int) -> list[str]:
    """Every row of the table, in order."""
    return [FLOOR_LABEL, BARE_LABEL, *spec_labels("real spec"), *spec_labels(synthetic_what(members))]


def run_benchmark(repeats: int, members: int) -> list[Result]:
    runner = Runner(repeats)
    real_text = REAL_SPEC.read_text(encoding="utf-8")
    synthetic_text = build_synthetic_spec(real_text, members)
    with tempfile.TemporaryDirectory(prefix="bench-generator-") as tmp:
        root = Path(tmp)
        results = [
            runner.measure(FLOOR_LABEL, ["-c", FLOOR_CODE], root),
            runner.measure(BARE_LABEL, ["-c", "pass"], root),
        ]
        results += bench_spec(runner, root / "real", real_text, "real spec")
        # Lint must find the synthetic spec valid, with every member, before anything else is timed.
        valid = f"is valid: {members} members"
        results += bench_spec(runner, root / "synthetic", synthetic_text, synthetic_what(members), valid)
    floor = results[0].median_seconds
    for result in results:
        result.ratio_to_floor = result.median_seconds / floor
    return results


def table(results: list[Result]) -> str:
    width = max(len(r.label) for r in results)
    return "\n".join(
        f"{r.label:<{width}}   {r.median_seconds:6.3f} s   {r.ratio_to_floor:6.2f}x floor" for r in results
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="runs per command; the median is kept (default: %(default)s)")
    parser.add_argument("--members", type=int, default=2000, help="members of the synthetic spec (default: %(default)s)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.members < 1:
        parser.error("--repeats and --members must be at least 1")

    print(f"benchmarking with {sys.executable}, median of {args.repeats} run(s)...", file=sys.stderr)
    results = run_benchmark(args.repeats, args.members)
    print(f"Median of {args.repeats} run(s); floor = python -c {FLOOR_CODE!r}")
    print(table(results))
    if args.json is not None:
        report = {
            "python": sys.executable,
            "python_version": sys.version.split()[0],
            "bytecode_cache": not sys.dont_write_bytecode,
            "repeats": args.repeats,
            "members": args.members,
            "floor_seconds": results[0].median_seconds,
            "results": [asdict(r) for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
