"""From a spec file to files on disk: render, compare, write all-or-nothing, keep a manifest.

This module imports nothing heavy at load time: when the manifest shows that the spec, the
generator and every output are unchanged, ``generate`` and ``check`` finish without parsing YAML
or importing pydantic and Jinja2.

Writes that survive ``kill -9``: a journal
------------------------------------------
:func:`apply` switches the old tree to the new one in three steps:

1. every new file is written (and fsynced) to a temporary file beside its target, named
   ``.<name>.<pid>.tmp``;
2. the journal ``<out>/.generate-journal.json`` is written atomically (a temporary file, fsync,
   ``os.replace``, fsync of the folder): the temporary file to rename onto each target, the stale
   files to remove, the folders to drop if left empty. Writing it is the moment of commit;
3. the renames and removals are carried out, the folders fsynced, and the journal deleted.

A run killed at any point leaves either no journal (step 1 or 2 unfinished: the old tree plus
temporary files) or a journal (the new tree, partly switched). The next ``generate`` takes the
lock and recovers first (:func:`recover`): it completes a journal (rolling forward: every listed
temporary file that still exists is renamed onto its target, every listed removal is done; doing
this twice is harmless), and without a journal it deletes our temporary files as the garbage of a
run killed before its commit. Either way the tree is the old one or the new one, never a mix.
Temporary files count as ours when their name has the pattern above and they begin like a generated
file, perhaps cut short or empty (or are the journal's own temporary file); other files are never touched.

``check`` writes nothing: it reports a journal or temporary files as drift, naming them, and the
next ``generate`` recovers. ``up_to_date`` (the fast path) answers False while any are there.

A failure that raises (not a kill) after the commit is undone by a second journaled switch that
writes the previous contents back, so ``generate`` keeps its promise: on any error, every file is
as it was. A kill during that undo leaves whichever journal was committed last; recovery completes it.

Concurrent runs: ``<out>/.generate.lock``
-----------------------------------------
:func:`apply` holds an exclusive ``fcntl.flock`` on ``<out>/.generate.lock`` while it recovers,
plans again (the tree may have changed since :func:`plan`, made before the lock was taken) and
switches; :func:`plan` and :func:`up_to_date` read the tree under a shared lock, so that ``check``
never sees a half-switched tree. A lock held by another process is waited for, up to
:data:`LOCK_TIMEOUT` seconds, then :class:`Locked` (an ``OSError``: exit status 2) names the
holder: ``another generate is running on <out> (pid N)``. Two runs started together both succeed:
the second finds the first's output and has nothing left to do. The lock file stays (deleting a
lock file races with its waiters); it is empty, never generated, never in the manifest, and
ignored by git. Readers never create it: when it does not exist yet they read without it and read
again under the lock if it appeared meanwhile (writers create it before they change anything).

``GENERATOR_TEST_PAUSE=<seconds>`` (tests only) makes every step of :func:`apply` and
:func:`recover` print ``generate-step <what>`` on stderr and sleep, so that
``tests/test_write_safety.py`` can kill a run at a chosen step. Unset, it does nothing.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import NAME, __version__
from .limits import MAX_SPEC_BYTES
from .outputs import OutputFile, begins_like_generated, has_marker, serialise

MANIFEST = "manifest.json"
RELEASES = "releases"  # beside the spec: the spec as each earlier release shipped, <version>.yaml
JOURNAL = ".generate-journal.json"
LOCK = ".generate.lock"
LOCK_TIMEOUT = 30.0  # seconds to wait for another run's lock before giving up
TEST_PAUSE = "GENERATOR_TEST_PAUSE"
_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)(?P<undo>\.undo)?\.tmp")  # .<name>.<pid>[.undo].tmp
HEAD_BYTES = 4096  # enough for the header line of a long spec path; see outputs.has_marker
OUTPUT_SHAPING = {"jinja2", "pydantic", "pyyaml", "datamodel-code-generator", "ruff"}
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
T = TypeVar("T")


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


# -- the lock against concurrent runs ---------------------------------------------------------------
class Locked(OSError):
    """Another process held the lock on the output folder for longer than :data:`LOCK_TIMEOUT`."""

    def __init__(self, out: Path, pids: list[int]) -> None:
        holder = ", ".join(map(str, pids)) if pids else "unknown"
        super().__init__(errno.EWOULDBLOCK, f"another generate is running on {_shown(out)} (pid {holder})")


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _holders(fd: int) -> list[int]:
    """The processes holding a flock on the file open as ``fd``, from /proc/locks (Linux); [] when unknown."""
    st = os.fstat(fd)
    key = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        lines = Path("/proc/locks").read_text("ascii").splitlines()
    except (OSError, ValueError):
        return []
    pids = {int(f[4]) for f in map(str.split, lines) if len(f) > 5 and f[1] == "FLOCK" and f[5] == key and f[4].isdigit()}
    return sorted(pids)


@contextmanager
def _locked(out: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold ``<out>/.generate.lock``: exclusive to change the tree, shared to read it. Waits for another
    holder up to :data:`LOCK_TIMEOUT` seconds, then raises :class:`Locked`. Readers never create the file."""
    flags = os.O_RDWR | os.O_CREAT if exclusive else os.O_RDONLY
    fd = os.open(out / LOCK, flags | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Locked(out, _holders(fd)) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # releases the lock


def _reading(out: Path, read: Callable[[], T]) -> T:
    """``read()`` of the tree under a shared lock, so that no run switches it meanwhile."""
    lock = out / LOCK
    if not os.path.lexists(lock):  # no run has ever locked here: read, and again under the lock if one started
        result = read()
        if not os.path.lexists(lock):
            return result
    with _locked(out, exclusive=False):
        return read()


def _step(what: str) -> None:
    """The test hook of the module docstring: with GENERATOR_TEST_PAUSE set, name the step and pause."""
    pause = os.environ.get(TEST_PAUSE)
    if pause:
        print(f"generate-step {what}", file=sys.stderr, flush=True)
        time.sleep(float(pause))


# -- temporary files and the journal ----------------------------------------------------------------
def _temp(path: Path, *, undo: bool = False) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{'.undo' if undo else ''}.tmp")


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(HEAD_BYTES)


def _ours(path: Path) -> bool:
    """A temporary file this generator wrote: named as :func:`_temp` names them, a plain file, and the journal's
    own temporary file or beginning like a generated file (perhaps cut short, perhaps empty). Other files are
    never touched."""
    match = _TEMP.fullmatch(path.name)
    if match is None or path.is_symlink() or not path.is_file():
        return False
    return match["name"] == JOURNAL or begins_like_generated(_head(path))


def _scan(out: Path) -> tuple[list[Path], list[Path]]:
    """The files under ``out`` that carry the generated header, and our temporary files there."""
    generated: list[Path] = []
    temps: list[Path] = []
    if not out.is_dir():
        return generated, temps
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name in (JOURNAL, LOCK):
            continue
        if _TEMP.fullmatch(path.name):
            if _ours(path):
                temps.append(path)
        elif has_marker(_head(path)):
            generated.append(path)
    return generated, temps


def _temps_beside(targets: Iterable[Path]) -> list[Path]:
    """Our temporary files for the given targets (those outside ``out``, which :func:`_scan` does not see)."""
    found: set[Path] = set()
    for target in targets:
        if target.parent.is_dir():
            for path in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
                match = _TEMP.fullmatch(path.name)
                if match is not None and match["name"] == target.name and _ours(path):
                    found.add(path)
    return sorted(found)


def _leftovers(out: Path, temps: list[Path], beside: Iterable[Path]) -> list[Path]:
    """What a killed run left: the journal, ``temps`` (found under ``out``), our temporary files beside ``beside``."""
    journal = [out / JOURNAL] if os.path.lexists(out / JOURNAL) else []
    return journal + temps + _temps_beside(p for p in beside if not p.is_relative_to(out))


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder
    finally:
        os.close(fd)


def _prune(folder: Path, out: Path) -> None:
    """Drop ``folder`` and its parents up to (not including) ``out`` while they are empty."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


@dataclass
class _Journal:
    """One switch: paths relative to the output folder on disk, absolute in memory."""

    replace: list[tuple[Path, Path]]  # (target, the temporary file beside it to rename onto it)
    remove: list[Path]  # generated files to delete
    discard: list[Path] = field(default_factory=list)  # temporary files to delete (an undo's unswitched ones)
    prune: list[Path] = field(default_factory=list)  # folders under out to drop if empty, in this order

    def dump(self, out: Path) -> bytes:
        def rel(path: Path) -> str:
            return Path(os.path.relpath(path, out)).as_posix()

        data = {
            "journal": f"{NAME} generate: complete it by running generate again",
            "pid": os.getpid(),
            "replace": [[rel(target), temp.name] for target, temp in self.replace],
            "remove": [rel(p) for p in self.remove],
            "discard": [rel(p) for p in self.discard],
            "prune": [rel(p) for p in self.prune],
        }
        return (json.dumps(data, indent=2) + "\n").encode()

    @classmethod
    def load(cls, out: Path, beside: Iterable[Path]) -> _Journal:
        """The journal in ``out``. Refused (an OSError) unless every path it names is under ``out`` (reached
        through no symbolic link) or one of the outputs ``beside`` the spec, and every temporary file is named
        as :func:`_temp` names them beside its target: recovery renames and deletes only what we write."""
        source = out / JOURNAL
        outside = set(beside)

        def path(rel: Any, *, temp: bool = False) -> Path:
            if not isinstance(rel, str) or not rel or "\0" in rel:
                raise ValueError(f"bad path {rel!r}")
            absolute = Path(os.path.normpath(out / rel))
            inside = absolute != out and absolute.is_relative_to(out) and unsafe_output(absolute, out) is None
            if not (inside or absolute in outside or temp and absolute.parent in {p.parent for p in outside}):
                raise ValueError(f"{rel!r} is neither under {_shown(out)} nor an output beside the spec")
            if temp and _TEMP.fullmatch(absolute.name) is None:
                raise ValueError(f"{rel!r} is not a temporary file")
            return absolute

        def temp_of(target: Path, name: Any) -> Path:
            match = _TEMP.fullmatch(name) if isinstance(name, str) and "/" not in name else None
            if match is None or match["name"] != target.name:
                raise ValueError(f"{name!r} is not a temporary file of {target.name!r}")
            return target.with_name(name)

        try:
            if source.is_symlink():
                raise ValueError("it is a symbolic link")
            data = json.loads(source.read_bytes())
            replace = [(target, temp_of(target, name)) for target, name in ((path(t), n) for t, n in data["replace"])]
            discard = [path(p, temp=True) for p in data["discard"]]
            prune = [path(p) for p in data["prune"]]
            if not all(p.is_relative_to(out) for p in prune):
                raise ValueError("it prunes a folder outside the output folder")
            return cls(replace, [path(p) for p in data["remove"]], discard, prune)
        except (ValueError, KeyError, TypeError) as exc:
            raise OSError(
                errno.EINVAL, f"{_shown(source)}: not a journal this generator can complete ({exc}); look, then delete it"
            ) from None


def _commit(out: Path, journal: _Journal) -> None:
    """Write the journal atomically: from here on, recovery rolls this switch forward."""
    temp = _temp(out / JOURNAL)
    try:
        _write_synced(temp, journal.dump(out))
        os.replace(temp, out / JOURNAL)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(out)
    _step("journal")


def _complete(out: Path, journal: _Journal, done: list[tuple[Path, bytes | None]] | None = None) -> None:
    """Carry out a committed journal and delete it; what is done already is skipped, so this can run again.
    ``done``, when given, records each switched or removed path with its previous content (None: absent)."""
    touched: set[Path] = set()
    for target, temp in journal.replace:
        if os.path.lexists(temp):
            previous = target.read_bytes() if done is not None and target.is_file() else None
            os.replace(temp, target)
            if done is not None:
                done.append((target, previous))
            touched.add(target.parent)
            _step("rename")
    for target in journal.remove:
        if target.is_file() and not target.is_symlink() and has_marker(_head(target)):
            previous = target.read_bytes() if done is not None else None
            target.unlink()
            if done is not None:
                done.append((target, previous))
            touched.add(target.parent)
            _step("remove")
    for temp in journal.discard:
        temp.unlink(missing_ok=True)
    for folder in sorted(touched):
        _fsync_dir(folder)
    for folder in journal.prune:
        if folder != out and folder.is_relative_to(out):
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty, or gone already
    (out / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(out)
    _step("done")


def _recover(out: Path, beside: Iterable[Path]) -> list[Path]:
    """:func:`recover`, for a caller that holds the lock."""
    _step("recover")
    handled: list[Path] = []
    beside = [p for p in beside if not p.is_relative_to(out)]
    if os.path.lexists(out / JOURNAL):
        journal = _Journal.load(out, beside)
        _complete(out, journal)
        handled.append(out / JOURNAL)
        beside += [target for target, _ in journal.replace]
    for temp in _leftovers(out, _scan(out)[1], beside):  # our temporary files, now orphans
        temp.unlink(missing_ok=True)
        _prune(temp.parent, out)
        handled.append(temp)
        _step("discard")
    return handled


def recover(out: Path, beside: Iterable[Path] = ()) -> list[Path]:
    """Complete the journal a killed run left in ``out`` (roll forward), or without one delete the temporary
    files of a run killed before its commit; ``beside`` names outputs kept outside ``out`` (their temporary
    files sit beside them). Takes the lock. Returns the journal and temporary files it dealt with."""
    if not out.is_dir():
        return []
    with _locked(out, exclusive=True):
        return _recover(out, beside)


# -- plan and apply ---------------------------------------------------------------------------------
@dataclass
class Plan:
    writes: dict[Path, bytes] = field(default_factory=dict)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)  # generated files no longer produced, and the leftovers
    refused: list[Path] = field(default_factory=list)  # exist without our header: never touched
    leftovers: list[Path] = field(default_factory=list)  # a journal or temporary files of a killed run
    target: Target | None = None  # what :func:`plan` planned for, so that :func:`apply` can plan again
    rendered: dict[Path, bytes] = field(default_factory=dict)

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
            "spec": _spec_inputs(target, spec_bytes),
            "outputs": outputs,
            "beside_spec": beside_spec,
        },
    )


def _spec_inputs(target: Target, spec_bytes: bytes) -> dict[str, object]:
    """What the outputs are made from: the spec, and the released versions kept beside it (the changelog's)."""
    folder = target.spec.parent / RELEASES
    releases = sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []
    return {"path": target.spec_label, "sha256": _sha(spec_bytes),
            "releases": {p.name: _sha(p.read_bytes()) for p in releases}}


def _generated_files(out: Path) -> list[Path]:
    """Files under ``out`` that carry the generated header (the journal, lock and temporary files never do)."""
    return _scan(out)[0]


def up_to_date(target: Target) -> bool:
    """Fast path: the manifest vouches for the spec, the generator and every output on disk, and no killed
    run left a journal or temporary files. Reads under the shared lock."""
    return _reading(target.out, lambda: _up_to_date(target))


def _up_to_date(target: Target) -> bool:
    try:
        manifest = json.loads((target.out / MANIFEST).read_text("utf-8"))
        if target.spec.stat().st_size > MAX_SPEC_BYTES:  # never read it whole: loading refuses it, unread
            return False
        spec_bytes = target.spec.read_bytes()
        if manifest["spec"] != _spec_inputs(target, spec_bytes):
            return False
        if manifest["fingerprint"] != fingerprint():
            return False
        expected = {target.out / p: h for p, h in manifest["outputs"].items()}
        beside = {target.spec.parent / p: h for p, h in manifest["beside_spec"].items()}
        expected |= beside
    except (OSError, ValueError, KeyError, TypeError):
        return False
    for path, digest in expected.items():
        try:
            if _sha(path.read_bytes()) != digest:
                return False
        except OSError:
            return False
    generated, temps = _scan(target.out)
    if _leftovers(target.out, temps, beside):
        return False
    return set(generated) | {target.out / MANIFEST} <= set(expected) | {target.out / MANIFEST}


def render(target: Target) -> dict[Path, bytes]:
    """Every output of every emitter, serialised, plus the manifest. Raises SpecError on a bad spec."""
    from . import parallel
    from .emitters import EMITTERS, SLOWEST, load
    from .history import with_history
    from .loader import load_spec

    bare = load_spec(target.spec, target.spec_label)  # refuses a spec over the size limit, unread
    spec_bytes = target.spec.read_bytes()
    slowest = load(SLOWEST)
    # The slowest emitter (datamodel-code-generator's) runs on a second core while the released versions are
    # read and the others render; it is the one emitter that reads nothing of the changelog.
    pending = parallel.start(lambda: slowest(bare))
    model = with_history(bare, target.spec, target.spec_label)
    rendered: dict[Path, bytes] = {}
    roots: dict[Path, Path] = {}
    for name in EMITTERS:
        for output in pending() if name == SLOWEST else load(name)(model):
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
    """What writing ``rendered`` takes: the files to write, the stale ones to remove (with the leftovers of a
    killed run), and the files refused because they lack the header. Reads under the shared lock."""
    return _reading(target.out, lambda: _plan(target, rendered))


def _plan(target: Target, rendered: dict[Path, bytes]) -> Plan:
    result = Plan(target=target, rendered=rendered)
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
    generated, temps = _scan(target.out)
    result.leftovers = _leftovers(target.out, temps, rendered)
    result.stale = [p for p in generated if p not in rendered] + result.leftovers
    return result


def apply(result: Plan, out: Path) -> None:
    """Write and remove as planned, all or nothing, safe against ``kill -9`` and concurrent runs (see the
    module docstring). A plan from :func:`plan` is made again under the lock, after recovering what a killed
    run left, and ``result`` is updated to what was done (the leftovers dealt with count as removed)."""
    if result.target is not None and not (result.writes or result.stale):
        return  # matched the rendering when planned (under the lock): nothing to do
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out, exclusive=True):
        if result.target is None:
            _recover(out, [p for p in result.writes if not p.is_relative_to(out)])
            _switch(out, result.writes, result.stale)
            return
        handled = _recover(out, [p for p in result.rendered if not p.is_relative_to(out)])
        fresh = _plan(result.target, result.rendered)
        if fresh.refused:
            raise OSError(errno.EEXIST, f"{_shown(fresh.refused[0])}: exists without the generated header; refusing to overwrite it")
        _switch(out, fresh.writes, fresh.stale)
        result.writes, result.unchanged, result.leftovers = fresh.writes, fresh.unchanged, handled
        result.stale = fresh.stale + handled


def _switch(out: Path, writes: dict[Path, bytes], stale: list[Path]) -> None:
    """Temporary files, journal, renames (see the module docstring); on an exception, everything is put back."""
    if not writes and not stale:
        return
    temps: dict[Path, Path] = {}
    created_dirs: list[Path] = []
    try:
        for path, data in writes.items():
            missing = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            created_dirs += reversed(missing)
            temps[path] = _temp(path)
            _write_synced(temps[path], data)
            _step("write")
        emptied = {d for p in stale for d in p.parents if d != out and d.is_relative_to(out)}  # dropped if empty
        forward = _Journal(list(temps.items()), list(stale), prune=sorted(emptied, key=lambda d: (-len(d.parts), d)))
        _commit(out, forward)
    except BaseException:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        for directory in reversed(created_dirs):
            try:
                directory.rmdir()
            except OSError:
                pass
        raise
    done: list[tuple[Path, bytes | None]] = []
    try:
        _complete(out, forward, done)
    except BaseException:
        try:
            _undo(out, forward, done, created_dirs, temps.values())
        except BaseException:
            pass  # the journal committed last stays: the next generate completes it
        raise


def _undo(
    out: Path, forward: _Journal, done: list[tuple[Path, bytes | None]], created_dirs: list[Path], temps: Iterable[Path]
) -> None:
    """Put back what a failed switch did. When nothing was switched yet, deleting the journal first turns the
    temporary files into orphans (the old tree), which are then deleted. Otherwise the undo is a journaled
    switch of its own: previous contents are written to ``.<name>.<pid>.undo.tmp`` files, then a journal
    replacing the forward one is committed and completed."""
    if not done:
        (out / JOURNAL).unlink(missing_ok=True)
        _fsync_dir(out)
        for temp in temps:
            temp.unlink(missing_ok=True)
        for directory in reversed(created_dirs):
            try:
                directory.rmdir()
            except OSError:
                pass
        return
    replace: list[tuple[Path, Path]] = []
    remove: list[Path] = []
    try:
        for path, previous in done:
            if previous is None:
                remove.append(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)  # a stale file's folder may be pruned already
                replace.append((path, _temp(path, undo=True)))
                _write_synced(replace[-1][1], previous)
    except BaseException:
        for _, temp in replace:
            temp.unlink(missing_ok=True)
        raise
    pending = [temp for _, temp in forward.replace if os.path.lexists(temp)]
    undo = _Journal(replace, remove, pending, prune=list(reversed(created_dirs)))
    _commit(out, undo)
    _complete(out, undo)
