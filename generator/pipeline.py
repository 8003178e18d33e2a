"""From a spec file to files on disk: render, compare, write all-or-nothing, keep a manifest.

This module imports nothing heavy at load time: when the manifest shows that the spec, the
generator and every output are unchanged, ``generate`` and ``check`` finish without parsing YAML
or importing pydantic and Jinja2.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import NAME, __version__
from .outputs import OutputFile, has_marker, serialise

MANIFEST = "manifest.json"
HEAD_BYTES = 4096  # enough for the header line of a long spec path; see outputs.has_marker
OUTPUT_SHAPING = {"jinja2", "pydantic", "pyyaml", "datamodel-code-generator"}
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint() -> str:
    """Hash of everything besides the spec that shapes the output: generator code, templates, the runtime
    modules copied into packages, and the pinned versions of the libraries that write it."""
    h = hashlib.sha256(f"{NAME} {__version__}".encode())
    roots = [PACKAGE_DIR, PROJECT_DIR / "templates", PROJECT_DIR / "runtime"]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files += [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(files):
        h.update(path.relative_to(PROJECT_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    pins = PROJECT_DIR / "requirements.txt"
    if pins.is_file():  # only the pins of packages whose version can change the output
        for line in pins.read_text("utf-8").splitlines():
            if line.split("==")[0].strip().lower() in OUTPUT_SHAPING:
                h.update(line.strip().encode() + b"\n")
    return h.hexdigest()


@dataclass
class Target:
    """Where outputs go: the output folder, and the folder of the spec (for the format schema)."""

    spec: Path
    out: Path
    spec_label: str

    def root(self, output: OutputFile) -> Path:
        return self.out if output.root == "out" else self.spec.parent

    def path(self, output: OutputFile) -> Path:
        return self.root(output) / output.path


class UnsafeOutput(Exception):
    """Outputs that would be written outside their folder, or through a symbolic link: nothing is written."""

    def __init__(self, problems: list[tuple[Path, str]]) -> None:
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in problems))
        self.problems = problems  # (path, why it is refused)


def unsafe_output(path: Path, root: Path) -> tuple[Path, str] | None:
    """Why writing ``path`` could land outside ``root``, as (path to name, reason); None when it cannot.

    The path as written and the path with every link resolved must both lie inside the resolved
    root, and no folder between the root and the file (nor the file itself) may be a symbolic
    link, so that no link can redirect a write. ``root`` itself may be a link.
    """
    lexical = Path(os.path.normpath(path))
    base = Path(os.path.normpath(root))
    if lexical == base or not lexical.is_relative_to(base):
        return path, f"is outside {root}; refusing to write it"
    current = base
    for part in lexical.relative_to(base).parts:
        current = current / part
        if current.is_symlink():
            return current, f"is a symbolic link inside {root}; refusing to write through it"
        if not current.exists():
            break
    if not lexical.resolve().is_relative_to(root.resolve()):
        return path, f"resolves outside {root}; refusing to write it"
    return None


def check_outputs(roots: dict[Path, Path]) -> None:
    """Raise :class:`UnsafeOutput` if any output path (mapped to its root) could be written outside it."""
    problems: dict[tuple[Path, str], None] = {}
    for path, root in sorted(roots.items()):
        problem = unsafe_output(path, root)
        if problem is not None:
            problems[problem] = None
    if problems:
        raise UnsafeOutput(list(problems))


@dataclass
class Plan:
    writes: dict[Path, bytes] = field(default_factory=dict)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)  # exist without our header: never touched

    @property
    def drift(self) -> list[Path]:
        return sorted(self.writes) + sorted(self.stale)


def _manifest(target: Target, spec_bytes: bytes, rendered: dict[Path, bytes]) -> OutputFile:
    outputs: dict[str, str] = {}
    beside_spec: dict[str, str] = {}
    for path, data in sorted(rendered.items()):
        if path.is_relative_to(target.out):
            outputs[path.relative_to(target.out).as_posix()] = _sha(data)
        else:
            beside_spec[path.relative_to(target.spec.parent).as_posix()] = _sha(data)
    return OutputFile(
        MANIFEST,
        {
            "generator": f"{NAME} {__version__}",
            "fingerprint": fingerprint(),
            "spec": {"path": target.spec_label, "sha256": _sha(spec_bytes)},
            "outputs": outputs,
            "beside_spec": beside_spec,
        },
    )


def _generated_files(out: Path) -> list[Path]:
    """Files under ``out`` that carry the generated header."""
    if not out.is_dir():
        return []
    found = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if has_marker(fh.read(HEAD_BYTES)):
                    found.append(path)
    return found


def up_to_date(target: Target) -> bool:
    """Fast path: the manifest vouches for the spec, the generator and every output on disk."""
    try:
        manifest = json.loads((target.out / MANIFEST).read_text("utf-8"))
        spec_bytes = target.spec.read_bytes()
        if manifest["spec"] != {"path": target.spec_label, "sha256": _sha(spec_bytes)}:
            return False
        if manifest["fingerprint"] != fingerprint():
            return False
        expected = {target.out / p: h for p, h in manifest["outputs"].items()}
        expected |= {target.spec.parent / p: h for p, h in manifest["beside_spec"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    for path, digest in expected.items():
        try:
            if _sha(path.read_bytes()) != digest:
                return False
        except OSError:
            return False
    on_disk = set(_generated_files(target.out)) | {target.out / MANIFEST}
    return on_disk <= set(expected) | {target.out / MANIFEST}


def render(target: Target) -> dict[Path, bytes]:
    """Every output of every emitter, serialised, plus the manifest. Raises SpecError on a bad spec."""
    from .emitters import EMITTERS, load
    from .loader import load_spec

    spec_bytes = target.spec.read_bytes() if target.spec.is_file() else b""
    model = load_spec(target.spec, target.spec_label)
    rendered: dict[Path, bytes] = {}
    roots: dict[Path, Path] = {}
    for name in EMITTERS:
        for output in load(name)(model):
            path = target.path(output)
            if path in rendered:
                raise ValueError(f"two outputs claim {path}")
            rendered[path] = serialise(output, target.spec_label)
            roots[path] = target.root(output)
    roots[target.out / MANIFEST] = target.out
    check_outputs(roots)
    manifest = _manifest(target, spec_bytes, rendered)
    rendered[target.path(manifest)] = serialise(manifest, target.spec_label)
    return rendered


def plan(target: Target, rendered: dict[Path, bytes]) -> Plan:
    result = Plan()
    for path, data in sorted(rendered.items()):
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            result.writes[path] = data
            continue
        except IsADirectoryError:
            result.refused.append(path)
            continue
        if current == data:
            result.unchanged.append(path)
        elif not has_marker(current[:HEAD_BYTES]):
            result.refused.append(path)
        else:
            result.writes[path] = data
    result.stale = [p for p in _generated_files(target.out) if p not in rendered]
    return result


def apply(result: Plan, out: Path) -> None:
    """Write and remove as planned, all or nothing: on any failure every file is put back."""
    temps: dict[Path, Path] = {}
    created_dirs: list[Path] = []
    done: list[tuple[Path, bytes | None]] = []  # (path, previous content)
    try:
        for path, data in result.writes.items():
            missing = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            created_dirs += reversed(missing)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            temps[path] = tmp
        for path, tmp in temps.items():
            previous = path.read_bytes() if path.exists() else None
            os.replace(tmp, path)
            done.append((path, previous))
        for path in result.stale:
            previous = path.read_bytes()
            path.unlink()
            done.append((path, previous))
    except BaseException:
        for path, previous in reversed(done):
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(previous)
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        for directory in reversed(created_dirs):
            try:
                directory.rmdir()
            except OSError:
                pass
        raise
    for path in result.stale:  # drop folders that removing stale files left empty
        parent = path.parent
        while out in parent.parents and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
