"""Earlier versions of the spec: where to read them, what each release changed, and the version rule.

A version is read from a file, or from git (``REV`` or ``REV:path``, as ``origin/main`` or
``v0.1.0:spec/session_api.yaml``). The spec's ``changelog`` lists its releases, newest first; the spec
as each earlier release shipped is kept beside it as ``releases/<version>.yaml``, so the changelog
page can show what each release changed without git.
"""

from __future__ import annotations

import dataclasses
import subprocess
from dataclasses import dataclass
from pathlib import Path as FsPath

from . import parallel, yaml_source
from .diagnostics import Diagnostic, SpecError
from .diff import Report, compare, required_version, version_key
from .loader import load_spec, parse_bytes, read_spec_bytes
from .model import Model
from .pipeline import RELEASES
from .spec_format import Acknowledgement


class SourceError(Exception):
    """A version of the spec that cannot be read (no such file, revision or path)."""


@dataclass(frozen=True)
class Version:
    label: str  # how messages name it: a path, or REV:path
    data: bytes


def read_version(ref: str, default_path: FsPath) -> Version:
    """A spec from a file, or from git: ``REV:path``, or ``REV`` (meaning ``REV:<default_path>``)."""
    as_file = FsPath(ref)
    if as_file.is_file():
        return Version(ref, read_spec_bytes(as_file, ref))
    rev, sep, path = ref.partition(":")
    if not sep:
        path = default_path.as_posix()
    top = _git(["rev-parse", "--show-toplevel"], FsPath.cwd()).decode("utf-8", "replace").strip()
    spec = (FsPath.cwd() / path).resolve()
    try:
        relative = spec.relative_to(FsPath(top).resolve()).as_posix()
    except ValueError:
        raise SourceError(f"{path} is not inside the git repository at {top}") from None
    return Version(f"{rev}:{relative}", _git(["show", f"{rev}:{relative}"], FsPath(top)))


def _git(args: list[str], cwd: FsPath) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SourceError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return done.stdout


def load_version(version: Version) -> Model:
    """The model of a version of the spec, in any earlier shape of the format. Raises SpecError."""
    return parse_bytes(version.data, version.label, upgrade=True)


PARALLEL_BYTES = 200_000  # below this, reading a spec takes less than starting a second process


def _load_or_problems(version: Version) -> tuple[Model | None, list[Diagnostic]]:
    try:
        return load_version(version), []
    except SpecError as exc:
        return None, exc.diagnostics


def load_pair(old: Version, new: Version) -> tuple[Model, Model]:
    """Both versions' models (read side by side on two cores when both are large). Raises SpecError
    with the problems of both."""
    def read() -> tuple[Model | None, list[Diagnostic]]:
        return _load_or_problems(old)

    read_old = parallel.start(read) if min(len(old.data), len(new.data)) >= PARALLEL_BYTES else read
    new_model, new_problems = _load_or_problems(new)
    old_model, old_problems = read_old()
    if old_problems or new_problems:
        raise SpecError(old_problems + new_problems)
    assert old_model is not None and new_model is not None
    return old_model, new_model


# -- releases ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseNotes:
    version: str
    date: str
    summary: str
    previous: str | None  # the release before it
    report: Report | None  # what changed since the previous release (None for the first, or when it is not kept)
    kept: bool = True  # False when the previous release's spec is not kept in releases/, so no report
    acknowledged: tuple[Acknowledgement, ...] = ()  # the breaking changes it makes on purpose


def release_notes(model: Model, spec: FsPath, spec_label: str) -> tuple[tuple[ReleaseNotes, ...], list[Diagnostic]]:
    """What each release in the changelog changed since the one before it, and warnings.

    A released version missing from ``releases/`` is a warning (a spec copied on its own still
    generates; its changelog page says what it cannot show); one that is there but cannot be read
    raises SpecError.
    """
    entries = model.changelog
    if not entries:
        return (), []
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    models: dict[str, Model] = {entries[0].version: model}
    for i, entry in enumerate(entries[1:], start=1):
        path = spec.parent / RELEASES / f"{entry.version}.yaml"
        label = (FsPath(spec_label).parent / RELEASES / f"{entry.version}.yaml").as_posix()
        if not path.is_file():
            warnings.append(Diagnostic(*model.changelog_positions[i], "release-missing", f"changelog[{i}].version",
                                       f"the spec as {entry.version} was released is not kept at {label}, so the changelog "
                                       "cannot show what the next release changed", spec_label, "warning"))
            continue
        try:
            models[entry.version] = load_spec(path, label, upgrade=True)
        except SpecError as exc:
            problems.append(Diagnostic(*model.changelog_positions[i], "release-invalid", f"changelog[{i}].version",
                                       f"the spec kept at {label} cannot be read ({len(exc.diagnostics)} error(s); "
                                       f"first: {exc.diagnostics[0].format() if exc.diagnostics else 'unknown'})", spec_label))
    if problems:
        raise SpecError(problems)
    notes = []
    for i, entry in enumerate(entries):
        previous = entries[i + 1].version if i + 1 < len(entries) else None
        report = None
        if previous is not None and previous in models and entry.version in models:
            report = compare(models[previous], models[entry.version], previous, entry.version)
        kept = previous is None or (previous in models and entry.version in models)
        notes.append(ReleaseNotes(entry.version, entry.date.isoformat(), entry.summary, previous, report, kept,
                                  tuple(entry.acknowledged)))
    return tuple(notes), warnings


def load_with_history(spec: FsPath, spec_label: str) -> Model:
    """The spec's model as the emitters see it: with what each release changed (``release_notes``)."""
    return with_history(load_spec(spec, spec_label), spec, spec_label)


def with_history(model: Model, spec: FsPath, spec_label: str) -> Model:
    """``model`` with what each release in its changelog changed (the warnings are lint's to print)."""
    notes, _ = release_notes(model, spec, spec_label)
    return dataclasses.replace(model, release_notes=notes)


def version_problems(new: Model, report: Report, spec_text: str, spec_label: str) -> list[Diagnostic]:
    """What ``api.version`` and the changelog must say after the changes in ``report``."""
    located, _ = yaml_source.load(spec_text, spec_label)
    where = located.value_pos(("api", "version")) if located is not None else (1, 1)
    out: list[Diagnostic] = []
    least, why = required_version(report.old_version, report)
    if version_key(new.api.version) < version_key(least):
        out.append(Diagnostic(*where, "version-bump", "api.version",
                              f"must be at least {least} after {report.old_version} ({why}); found {new.api.version}", spec_label))
    if new.api.version != report.old_version and not any(e.version == new.api.version for e in new.changelog):
        out.append(Diagnostic(*where, "changelog-entry", "api.version",
                              f"the changelog has no entry for {new.api.version}; add one that says what changed since "
                              f"{report.old_version}", spec_label))
    for change in report.unacknowledged:
        audiences = ", ".join(a for a in ("typescript", "python", "implementers") if change.verdict(a).impact == "breaking")
        out.append(Diagnostic(*where, "unacknowledged-break", change.path,
                              f"breaks {audiences} ({change.rule}: {change.message}); acknowledge it in the changelog entry for "
                              f"{new.api.version} with a reason", spec_label))
    return out
