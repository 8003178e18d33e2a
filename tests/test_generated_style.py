"""Generated Python reads as if written by hand: ruff-clean and ruff-formatted with the package's own
configuration, and with nothing silenced to get there.

The generator formats what it renders (generator/python_style.py); these tests hold the committed output,
and the output for a spec that needs far less of the templates' imports, to that.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from generator import python_style

from .conftest import MINIMAL, REPO

RUFF = Path(sys.executable).parent / "ruff"
GENERATED = REPO / "generated"
PACKAGES = ("python", "conformance")
RUNTIME = REPO / "runtime" / "webfuse_conformance"
COPIED = {f"webfuse_conformance/{p.name}" for p in RUNTIME.glob("*.py")}
"""Hand-written modules copied verbatim (below the do-not-edit line) into the conformance package: linted here like everything else, but
laid out by their authors (the project's style, checked by `ruff check runtime`), so not reformatted."""

ALLOWED_NOQA: dict[str, str] = {}
"""``# noqa`` comments the generator may write, as {"path: code": why}. None is needed: an import a spec leaves
unused is removed, not silenced. A justified one would be listed here with its reason."""

SILENCING = {
    "# noqa": re.compile(r"#\s*noqa\b(?::\s*(?P<codes>[A-Z0-9, ]+))?", re.IGNORECASE),
    "a file-level ruff: noqa": re.compile(r"#\s*ruff\s*:\s*noqa", re.IGNORECASE),
    "a fmt: off/skip": re.compile(r"#\s*fmt\s*:\s*(off|skip)", re.IGNORECASE),
    "a dummy use of imports (`_: tuple[object, ...] = (...)`)": re.compile(r"^_\s*:\s*tuple\[object", re.MULTILINE),
}


def ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """ruff run inside a package folder, so that the package's own pyproject.toml is its configuration."""
    return subprocess.run([str(RUFF), *args, "--no-cache"], cwd=cwd, capture_output=True, text=True)


def check_package(package: Path) -> list[str]:
    """What ruff check and ruff format --check report for one package, one line per problem (file, line, rule)."""
    problems = []
    lint = ruff("check", "--output-format", "concise", ".", cwd=package)
    if lint.returncode != 0:
        problems += [line for line in lint.stdout.splitlines() if re.match(r"\S+\.pyi?:\d+:\d+: ", line)] or [
            lint.stdout + lint.stderr
        ]
    layout = ruff("format", "--check", "--output-format", "concise", ".", cwd=package)
    if layout.returncode != 0:
        problems += [line for line in layout.stdout.splitlines() if ": unformatted: " in line] or [
            layout.stdout + layout.stderr
        ]
    return [f"{package.name}/{line}" for line in problems]


def generated_python(package: Path) -> list[Path]:
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts and ".egg-info" not in str(p))


def test_ruff_is_the_pinned_one() -> None:
    """The layout is ruff's, so the version that lays the committed output out is pinned (and in the fingerprint)."""
    pins = (REPO / "requirements.txt").read_text("utf-8")
    match = re.search(r"^ruff==(\S+)$", pins, re.MULTILINE)
    assert match, "requirements.txt must pin ruff exactly (ruff==X.Y.Z)"
    assert metadata.version("ruff") == match.group(1)
    assert RUFF.is_file() and python_style.ruff_binary() == str(RUFF)


@pytest.mark.parametrize("name", PACKAGES)
def test_the_package_carries_the_ruff_configuration(name: str) -> None:
    config = tomllib.loads((GENERATED / name / "pyproject.toml").read_text("utf-8"))["tool"]["ruff"]
    assert config["line-length"] == python_style.LINE_LENGTH
    assert config["target-version"] == python_style.TARGET
    assert config["lint"] == {"select": list(python_style.RULES), "ignore": list(python_style.IGNORED)}
    # The formatter leaves out exactly the modules copied from runtime/ (that they are copies, `generator check` holds).
    assert set(config.get("format", {}).get("exclude", [])) == (COPIED if name == "conformance" else set())
    assert "webfuse_conformance/spec_data.py" not in COPIED


@pytest.mark.slow
@pytest.mark.parametrize("name", PACKAGES)
def test_generated_python_is_ruff_clean_and_ruff_formatted(name: str) -> None:
    problems = check_package(GENERATED / name)
    assert not problems, "generated Python that ruff rejects (fix the template or emitter):\n" + "\n".join(problems)


@pytest.mark.parametrize("name", PACKAGES)
def test_generated_python_silences_nothing(name: str) -> None:
    package = GENERATED / name
    found = []
    for path in generated_python(package):
        rel = path.relative_to(package).as_posix()
        if name == "conformance" and rel in COPIED:
            continue  # hand-written: its comments are reviewed in runtime/
        text = path.read_text("utf-8")
        for what, pattern in SILENCING.items():
            for m in pattern.finditer(text):
                if what == "# noqa" and f"{rel}: {(m.group('codes') or '').strip()}" in ALLOWED_NOQA:
                    continue
                found.append(f"{name}/{rel}:{text.count(chr(10), 0, m.start()) + 1}: {what}")
    assert not found, "generated Python silences what it should fix:\n" + "\n".join(found)


@pytest.mark.slow
def test_a_spec_that_needs_few_imports_still_gets_clean_python(tmp_path: Path) -> None:
    """The templates import what any spec may need; for a small spec the generator drops the rest (it used to
    keep them with a dummy `_: tuple[object, ...] = (...)`), so its packages pass the same checks."""
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(MINIMAL), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [p for name in PACKAGES for p in check_package(out / name)]
    assert not problems, "\n".join(problems)
    client = (out / "python" / "webfuse_session" / "client.py").read_text("utf-8")
    # The minimal spec has no deprecated aliases and no browser objects: those imports went.
    assert "import deprecated" not in client and "JSHandle" not in client
