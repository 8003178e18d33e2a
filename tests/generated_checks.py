"""Generate a spec into a folder, and check folders of generated output, batched: what the fuzz test and
``bench/fuzz_specs.py`` share.

For each folder: the TypeScript declarations and type tests compile with tsc 7 ``--strict --noEmit``;
the Python package passes ``mypy --strict``, and ``webfuse_session`` with its models and clients
imports; the conformance package ``webfuse_conformance`` imports, its spec data loads and its checks
are built from it; the reference docs build with ``mkdocs build --strict``. Tools run once per batch
where they can (one Python process imports every package in turn, one builds every site, mypy keeps
one cache for the batch), two jobs at a time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TSC = REPO / "node_modules" / "typescript" / "bin" / "tsc"
SPEC_NAME = "spec.yaml"
OUT_NAME = "out"
TSCONFIG = {
    "compilerOptions": {
        "strict": True, "noEmit": True, "target": "es2022", "module": "esnext", "moduleResolution": "bundler",
        "lib": ["dom", "es2022"], "types": [],
    },
    "files": [f"{OUT_NAME}/typescript/index.d.ts", f"{OUT_NAME}/typescript/globals.d.ts", f"{OUT_NAME}/typescript-typetests/members.ts"],
}


@dataclass(frozen=True)
class Problem:
    """A check that failed on one folder: which, and what the tool said."""

    folder: Path
    check: str
    output: str

    def __str__(self) -> str:
        return f"{self.check} failed for {self.folder / SPEC_NAME}:\n{self.output.strip()[:4000]}"


def generate(text: str, folder: Path) -> tuple[int, str]:
    """Write ``text`` as ``folder/spec.yaml`` and run ``generate`` into ``folder/out``, in this process.

    Returns the exit status and what was printed on stderr.
    """
    from generator.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    (folder / SPEC_NAME).write_text(text, "utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(["generate", "--spec", str(folder / SPEC_NAME), "--out", str(folder / OUT_NAME)])
    return status, err.getvalue()


def lint(text: str) -> list[str]:
    """The diagnostics lint reports for spec ``text`` (empty when it is valid)."""
    from generator.diagnostics import SpecError
    from generator.loader import parse_spec

    try:
        parse_spec(text, SPEC_NAME)
    except SpecError as exc:
        return [d.format() for d in exc.diagnostics]
    return []


def _run(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path = REPO, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout)


def check_typescript(folder: Path) -> list[Problem]:
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG), "utf-8")
    result = _run(["node", str(TSC), "-p", str(folder / "tsconfig.json")])
    return [] if result.returncode == 0 else [Problem(folder, "tsc --strict", result.stdout + result.stderr)]


# One Python process for a batch: mypy --strict on each package (one cache for the batch), then each
# folder's packages imported in turn (forgotten before the next folder's).
_MYPY = r"""
import json, sys
from mypy import api
folders, cache = json.loads(sys.argv[1]), sys.argv[2]
config = cache + "/mypy.ini"  # not the project's configuration: only the package's own strictness
with open(config, "w") as file:
    file.write("[mypy]\n")
out = {}
for folder in folders:
    stdout, stderr, status = api.run(["--strict", "--cache-dir", cache, "--no-error-summary", "--python-version", "3.11",
                                      "--config-file", config, folder + "/out/python/webfuse_session"])
    if status != 0:
        out[folder] = stdout + stderr
print(json.dumps(out))
"""

_IMPORTS = r"""
import importlib, json, sys, traceback
folders = json.loads(sys.argv[1])
out = {}
for folder in folders:
    paths = [folder + "/out/python", folder + "/out/conformance"]
    sys.path[:0] = paths
    try:
        for name in ("webfuse_session", "webfuse_session.models", "webfuse_session.client", "webfuse_session.async_client",
                     "webfuse_conformance", "webfuse_conformance.spec_data", "webfuse_conformance.checks"):
            module = importlib.import_module(name)
            where = getattr(module, "__file__", "") or ""
            if not where.startswith(folder):
                raise ImportError(f"{name} came from {where}, not from {folder}")
        from webfuse_conformance.checks import all_checks
        all_checks()
    except BaseException:
        out[folder] = traceback.format_exc()
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] in ("webfuse_session", "webfuse_conformance")]:
            del sys.modules[name]
        del sys.path[:len(paths)]
print(json.dumps(out))
"""

_MKDOCS = r"""
import json, logging, sys, traceback
from mkdocs.commands.build import build
from mkdocs.config import load_config
class Keep(logging.Handler):
    def emit(self, record):
        said.append(f"{record.levelname}: {record.getMessage()}")
logging.getLogger("mkdocs").addHandler(Keep(logging.WARNING))
folders = json.loads(sys.argv[1])
out = {}
for folder in folders:
    said = []
    try:
        build(load_config(config_file=folder + "/out/mkdocs.yml", strict=True, site_dir=folder + "/site"))
    except BaseException:
        out[folder] = "\n".join(said) + "\n" + traceback.format_exc()
print(json.dumps(out))
"""


def _batch(script: str, check: str, folders: list[Path], *args: str) -> list[Problem]:
    env = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result = _run([sys.executable, "-c", script, json.dumps([str(f) for f in folders]), *args], env=env)
    if result.returncode != 0:
        return [Problem(folders[0], check, f"the batch stopped: {result.stdout}{result.stderr}")]
    failed = json.loads(result.stdout.strip().splitlines()[-1])
    return [Problem(Path(folder), check, text) for folder, text in failed.items()]


def check_folders(folders: Sequence[Path], mypy_cache: Path | None = None, jobs: int = 2) -> list[Problem]:
    """Every check on every folder (each holding ``out/``, as :func:`generate` writes it)."""
    folders = list(folders)
    if not folders:
        return []
    with tempfile.TemporaryDirectory(prefix="fuzz-mypy-") as tmp:
        cache = str(mypy_cache or tmp)
        Path(cache).mkdir(parents=True, exist_ok=True)
        work: list[Callable[[], list[Problem]]] = [
            lambda: _batch(_MYPY, "mypy --strict", folders, cache),
            lambda: _batch(_IMPORTS, "import", folders) + _batch(_MKDOCS, "mkdocs build --strict", folders),
            *[(lambda f=f: check_typescript(f)) for f in folders],
        ]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(lambda job: job(), work))
    return [problem for found in results for problem in found]
