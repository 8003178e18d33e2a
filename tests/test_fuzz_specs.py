"""Issue 14, "property-based proof": every spec ``lint`` accepts generates output that compiles and imports.

Specs are drawn by :func:`tests.spec_strategies.spec_documents` (every feature of the format, names and
values at the edges). For each one lint accepts, ``generate`` must exit 0 (never 3, an internal error);
then, batched over the examples (:mod:`tests.generated_checks`): tsc 7 ``--strict`` compiles the
TypeScript declarations and type tests, ``mypy --strict`` accepts the Python package, the packages import
(``webfuse_session`` with its models and clients, ``webfuse_conformance`` with its spec data and checks),
and ``mkdocs build --strict`` builds the docs.

Compiling is slow, so this runs a few derandomized examples; ``bench/fuzz_specs.py --examples N`` runs
many and saves each failing spec for replay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings

from .generated_checks import SPEC_NAME, check_folders, generate, lint
from .spec_strategies import dump, spec_documents

EXAMPLES = 5


@pytest.mark.slow
def test_every_spec_lint_accepts_generates_compiles_and_imports(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    folders: list[Path] = []

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    @given(spec_documents())
    def generate_what_lint_accepts(doc: dict[str, object]) -> None:
        text = dump(doc)
        assume(not lint(text))
        folder = tmp_path / f"spec{len(folders):02d}"
        status, stderr = generate(text, folder)
        assert status == 0, f"generate exited {status} on a spec lint accepts ({folder / SPEC_NAME}):\n{stderr}"
        folders.append(folder)

    generate_what_lint_accepts()
    assert len(folders) >= EXAMPLES
    problems = check_folders(folders, mypy_cache=request.config.cache.mkdir("fuzz-specs-mypy"))
    assert not problems, "\n\n".join(str(p) for p in problems)


@pytest.mark.slow
def test_the_fuzz_benchmark_reports_what_it_drew_accepted_and_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    from bench import fuzz_specs

    report = tmp_path / "report.json"
    cache = request.config.cache.mkdir("fuzz-specs-mypy")
    status = fuzz_specs.main(["--examples", "3", "--seed", "5", "--out", str(tmp_path / "work"), "--json", str(report),
                              "--mypy-cache", str(cache)])
    printed = capsys.readouterr().out
    data = json.loads(report.read_text())
    assert status == (1 if data["failures"] else 0), printed
    assert data["examples"] == 3 and data["lint_accepted"] == data["generated"] + sum(
        1 for f in data["failures"] if f["what"].startswith("generate")
    )
    assert data["checked"] == data["generated"]
    for line in ("specs drawn:", "lint accepted:", "lint rejected:", "checked:", "failures:"):
        assert line in printed
    for failure in data["failures"]:
        assert Path(failure["saved"]).is_file()
