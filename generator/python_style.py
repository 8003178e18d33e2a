"""How generated Python is laid out and linted: one ruff configuration, and the step that applies it.

Every generated Python package carries :func:`ruff_config` in its ``pyproject.toml``, so ``ruff check`` and
``ruff format --check`` run inside the package agree with the generator. The emitters render the code (Jinja
templates, and datamodel-code-generator for the models); :func:`tidy` then runs the pinned ruff over the
package's rendered modules, as openapi-python-client's post-hooks do:

1. ``ruff check --fix-only --select I,F401``: sorts each import block and drops the imports that a given spec
   leaves unused (a spec without deprecated aliases needs no ``deprecated``, one without host types no
   ``JSHandle``), so templates can import everything a spec might need without a dummy use to keep the rest;
2. ``ruff format``: lays the code out (line length, wrapping, trailing commas).

Nothing else is fixed automatically: whatever the other rules find is a bug in a template, and
``tests/test_generated_style.py`` fails on it. Modules copied verbatim into a package (the conformance
suite's runtime) are not passed here; they are hand-written code, linted where they live.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .outputs import OutputFile

LINE_LENGTH = 120  # as the generator's own code (pyproject.toml at the project root)
TARGET = "py311"  # the packages' requires-python
RULES = ("E", "F", "W", "I", "B", "UP")  # the project's own set: pycodestyle, pyflakes, isort, bugbear, pyupgrade
IGNORED = ("E501",)  # line length is the formatter's job; what it leaves long is prose in strings and docstrings
FIXED = ("I", "F401")  # the only rules tidy() fixes (import order, imports a spec leaves unused)
PROJECT_DIR = Path(__file__).resolve().parent.parent
_PLACEHOLDER = "# generated\n"  # stands for the do-not-edit line serialise() puts first, so the layout is the final one


def ruff_config(copied: Iterable[str] = ()) -> str:
    """The ``[tool.ruff]`` tables of a generated package's pyproject.toml.

    ``copied``: modules (relative to the package's root) copied into it as written by hand; ``ruff check`` covers
    them, ``ruff format`` leaves them as their authors wrapped them.
    """

    def toml_list(items: Iterable[str]) -> str:
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"

    text = (
        "[tool.ruff]\n"
        f"line-length = {LINE_LENGTH}\n"
        f'target-version = "{TARGET}"\n'
        "\n"
        "[tool.ruff.lint]\n"
        f"select = {toml_list(RULES)}\n"
        f"ignore = {toml_list(IGNORED)}  # the formatter wraps code; long strings and docstrings stay as written\n"
    )
    if copied:
        text += (
            "\n"
            "[tool.ruff.format]\n"
            "# Hand-written modules, copied from the generator's runtime/ as they are: linted, not reformatted.\n"
            "exclude = [\n" + "".join(f'    "{path}",\n' for path in sorted(copied)) + "]\n"
        )
    return text


def _pinned_ruff() -> str | None:
    """The ruff version requirements.txt pins, when the generator runs from the project (None otherwise)."""
    try:
        lines = (PROJECT_DIR / "requirements.txt").read_text("utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        name, sep, version = line.partition("==")
        if sep and name.strip().lower() == "ruff":
            return version.split("#")[0].strip()
    return None


@functools.cache
def ruff_binary() -> str:
    """The ruff executable of the running environment, checked to be the pinned version (layout varies with it)."""
    name = "ruff.exe" if sys.platform == "win32" else "ruff"
    places = [Path(sysconfig.get_path("scripts")) / name, Path(sys.executable).parent / name]
    binary = next((str(p) for p in places if p.is_file()), None)
    if binary is None:
        raise RuntimeError("the generator formats the Python it writes with ruff, which is not installed beside this "
                           "Python; run `make generate` (or pip install -r requirements.txt)")
    # Asking the binary is faster than importlib.metadata (which reads every installed distribution).
    installed = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]
    pinned = _pinned_ruff()
    if pinned is not None and installed != pinned:
        raise RuntimeError(
            f"ruff {installed} is installed, but requirements.txt pins {pinned}, whose layout the committed output has; "
            "run `make generate` (or pip install -r requirements.txt) to install it"
        )
    return binary


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[1:3])} failed on generated Python:\n{done.stdout}{done.stderr}")


def tidy(files: list[OutputFile], root: str, copied: Iterable[str] = ()) -> list[OutputFile]:
    """``files`` with every rendered ``.py`` file under ``root`` fixed (see the module docstring) and formatted.

    ``root/pyproject.toml`` must be among ``files``: its ruff tables are the configuration used. Paths in
    ``copied`` are left as they are. One ruff process per step for the whole package.
    """
    skip = set(copied)
    config = next(f.content for f in files if f.path == f"{root}/pyproject.toml")
    python = {f.path[len(root) + 1 :]: f.content for f in files if f.path.endswith(".py")}
    targets = [rel for rel in python if f"{root}/{rel}" not in skip]
    if not targets:
        return files
    assert isinstance(config, str) and all(f"{root}/{rel}" in {f.path for f in files} for rel in python)
    ruff = ruff_binary()
    with tempfile.TemporaryDirectory(prefix="webfuse-ruff-") as tmp:
        package = Path(tmp)
        (package / "pyproject.toml").write_text(config, "utf-8")
        # The whole package, copies too, so that ruff tells first-party imports from third-party as it does there.
        for rel, content in python.items():
            assert isinstance(content, str)
            (package / rel).parent.mkdir(parents=True, exist_ok=True)
            (package / rel).write_text(content if rel not in targets else _PLACEHOLDER + content, "utf-8")
        common = ["--no-cache", "--quiet", "--config", "pyproject.toml"]
        _run([ruff, "check", "--fix-only", "--select", ",".join(FIXED), *common, *targets], package)
        _run([ruff, "format", *common, *targets], package)
        tidied = {f"{root}/{rel}": (package / rel).read_text("utf-8").removeprefix(_PLACEHOLDER) for rel in targets}
    return [OutputFile(f.path, tidied[f.path], f.root) if f.path in tidied else f for f in files]
