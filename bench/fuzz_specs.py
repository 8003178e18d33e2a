"""Fuzz the generator with many specs: whatever lint accepts must generate, compile and import.

Run from the repository root:

    .venv/bin/python bench/fuzz_specs.py [--examples N] [--seed S] [--batch B] [--out DIR] [--keep] [--json PATH]
                                         [--mypy-cache DIR]

Draws N specs from ``tests.spec_strategies.spec_documents`` (seeded: the same seed draws the same specs),
lints each, generates each one lint accepts, and checks the output in batches of B with
``tests.generated_checks.check_folders`` (tsc 7 --strict, mypy --strict, imports, mkdocs build --strict).
It reports how many specs were drawn, how many lint accepted (and what it rejected the others for), and
every failure: a generate exit status other than 0, or a check that failed. Each failing spec is saved as
``DIR/failures/NNNN-<what>.yaml`` with what the tool said beside it (``.txt``), for replay with
``python -m generator generate --spec DIR/failures/NNNN-<what>.yaml --out /tmp/out``. Folders that pass
are removed unless ``--keep``. Exit status 1 when anything failed. ``make test`` runs a few derandomized
examples of the same property (tests/test_fuzz_specs.py); this is for many.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.generated_checks import SPEC_NAME, Problem, check_folders, generate, lint  # noqa: E402
from tests.spec_strategies import dump, spec_documents  # noqa: E402

_RULE = re.compile(r"error\[([a-z-]+)\]")


def draw_specs(examples: int, seed: int) -> list[str]:
    """``examples`` spec texts, the same ones for the same seed."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed

    texts: list[str] = []

    @with_seed(seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(spec_documents())
    def collect(doc: dict[str, Any]) -> None:
        texts.append(dump(doc))

    collect()
    return texts[:examples]


def save_failure(failures: Path, number: int, what: str, spec: str, output: str) -> Path:
    failures.mkdir(parents=True, exist_ok=True)
    stem = f"{number:04d}-{re.sub(r'[^a-z0-9]+', '-', what.lower()).strip('-')}"
    (failures / f"{stem}.yaml").write_text(spec, "utf-8")
    (failures / f"{stem}.txt").write_text(output, "utf-8")
    return failures / f"{stem}.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=50, help="specs to draw (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the draw (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=20, help="generated specs checked per batch (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="working folder (default: a temporary one; failures are kept there)")
    parser.add_argument("--keep", action="store_true", help="keep the folders that passed")
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    parser.add_argument("--mypy-cache", type=Path, help="mypy's cache folder (default: one in the working folder)")
    args = parser.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="fuzz-specs-"))
    out.mkdir(parents=True, exist_ok=True)
    failures_dir = out / "failures"
    started = time.perf_counter()
    texts = draw_specs(args.examples, args.seed)
    drawn_seconds = time.perf_counter() - started

    rejected: collections.Counter[str] = collections.Counter()
    failures: list[dict[str, Any]] = []
    pending: list[tuple[int, Path]] = []
    accepted = generated = checked = 0
    timings = {"draw": drawn_seconds, "lint": 0.0, "generate": 0.0, "check": 0.0}

    def check_batch() -> None:
        nonlocal checked
        if not pending:
            return
        t = time.perf_counter()
        problems = check_folders([folder for _, folder in pending], mypy_cache=args.mypy_cache or out / ".mypy_cache")
        timings["check"] += time.perf_counter() - t
        by_folder: dict[Path, list[Problem]] = {}
        for problem in problems:
            by_folder.setdefault(problem.folder, []).append(problem)
        for number, folder in pending:
            checked += 1
            found = by_folder.get(folder, [])
            for problem in found:
                saved = save_failure(failures_dir, number, problem.check, (folder / SPEC_NAME).read_text("utf-8"), problem.output)
                failures.append({"spec": number, "what": problem.check, "saved": str(saved), "output": problem.output[:2000]})
            if not found and not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        pending.clear()

    for number, text in enumerate(texts):
        t = time.perf_counter()
        diagnostics = lint(text)
        timings["lint"] += time.perf_counter() - t
        if diagnostics:
            for rule in sorted({m.group(1) for d in diagnostics if (m := _RULE.search(d))}):
                rejected[rule] += 1
            continue
        accepted += 1
        folder = out / f"spec{number:04d}"
        t = time.perf_counter()
        status, stderr = generate(text, folder)
        timings["generate"] += time.perf_counter() - t
        if status != 0:
            saved = save_failure(failures_dir, number, f"generate exit {status}", text, stderr)
            failures.append({"spec": number, "what": f"generate exit {status}", "saved": str(saved), "output": stderr[:2000]})
            continue
        generated += 1
        pending.append((number, folder))
        if len(pending) >= args.batch:
            check_batch()
    check_batch()

    report = {
        "examples": len(texts), "seed": args.seed, "lint_accepted": accepted, "generated": generated, "checked": checked,
        "rejected_by_rule": dict(rejected.most_common()), "failures": failures,
        "seconds": {k: round(v, 2) for k, v in timings.items()}, "folder": str(out),
    }
    print(f"specs drawn:       {len(texts)} (seed {args.seed})")
    print(f"lint accepted:     {accepted} ({100 * accepted / max(len(texts), 1):.0f}%)")
    print(f"lint rejected:     {len(texts) - accepted}" + (", by rule: " + ", ".join(f"{r} {n}" for r, n in rejected.most_common()) if rejected else ""))
    print(f"generated (exit 0): {generated} of {accepted}")
    print(f"checked:           {checked} (tsc --strict, mypy --strict, imports, mkdocs build --strict)")
    print(f"failures:          {len(failures)}")
    for failure in failures:
        first = next((line for line in failure["output"].splitlines() if "error" in line.lower()), failure["output"].strip()[:200])
        print(f"  spec {failure['spec']:04d}: {failure['what']}: {first.strip()[:200]}")
        print(f"    replay: {failure['saved']}")
    print("seconds:           " + ", ".join(f"{k} {v:.1f}" for k, v in report["seconds"].items()))
    print(f"folder:            {out}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
