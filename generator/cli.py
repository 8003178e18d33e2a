"""``python -m generator generate|check|lint|diff``.

Exit status: 0 success; 1 ``check`` found drift, or ``diff`` found a breaking change that the
changelog does not acknowledge; 2 invalid spec or usage; 3 internal error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import NAME, __version__
from .pipeline import Plan, Target, UnsafeOutput, apply, plan, render, up_to_date

EXIT_OK, EXIT_DRIFT, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


def _label(path: Path) -> str:
    """How a path is shown in messages and headers: relative to the working folder when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate the Session API spec and generate every target from it.",
        epilog="Exit status: 0 success, 1 drift found by check or an unacknowledged breaking change found by diff, "
        "2 invalid spec or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"{NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in (
        ("generate", "write every generated file that changed; remove stale generated files"),
        ("check", "exit 1 if any generated file differs from what the spec produces"),
        ("lint", "validate the spec only"),
    ):
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument("--spec", type=Path, default=Path("spec/session_api.yaml"), help="spec file (default: %(default)s)")
        if name != "lint":
            cmd.add_argument("--out", type=Path, default=Path("generated"), help="output folder (default: %(default)s)")
            cmd.add_argument("--force", action="store_true", help="skip the manifest's fast path and render everything")
        else:
            cmd.add_argument("--previous", metavar="VERSION",
                             help="the previous release (a file, or a git revision such as v0.1.0 or origin/main:spec/session_api.yaml; "
                             "default: the newest release kept in releases/ beside the spec): api.version must grow by semver for "
                             "what changed since, and breaking changes must be acknowledged")
    text = "compare two versions of the spec; classify each change for TypeScript users, Python users and implementers"
    cmd = sub.add_parser("diff", help=text, description=text + ". A version is a file or a git revision (REV, or REV:path).",
                         epilog="Exit status: 0 nothing breaks (or every break is acknowledged in NEW's changelog), "
                         "1 an unacknowledged breaking change, 2 a version that cannot be read.")
    cmd.add_argument("old", nargs="?", metavar="OLD", help="the earlier version (file or git revision)")
    cmd.add_argument("new", nargs="?", metavar="NEW", help="the later version (default: the --spec file)")
    cmd.add_argument("--against", metavar="REV", help="compare the --spec file with its version at git revision REV (instead of OLD)")
    cmd.add_argument("--spec", type=Path, default=Path("spec/session_api.yaml"), help="spec file (default: %(default)s)")
    cmd.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="output format (default: %(default)s)")
    return parser


def _print_invalid(exc: Exception) -> int:
    diagnostics = getattr(exc, "diagnostics", [])
    for diag in diagnostics:
        print(diag.format(), file=sys.stderr)
    print(f"{len(diagnostics)} error(s); nothing was written.", file=sys.stderr)
    return EXIT_INVALID


def _rendered_plan(target: Target) -> Plan | int:
    from .diagnostics import SpecError

    try:
        rendered = render(target)
    except SpecError as exc:
        return _print_invalid(exc)
    except UnsafeOutput as exc:
        for path, reason in exc.problems:  # the link itself is named, not what it points to
            print(f"{_label(path.parent)}/{path.name}: {reason}", file=sys.stderr)
        print("nothing was written.", file=sys.stderr)
        return EXIT_INVALID
    result = plan(target, rendered)
    if result.refused:
        for path in result.refused:
            print(f"{_label(path)}: exists without the generated header; refusing to overwrite it", file=sys.stderr)
        print("nothing was written.", file=sys.stderr)
        return EXIT_INVALID
    return result


def cmd_generate(target: Target, force: bool) -> int:
    if not force and up_to_date(target):
        print(f"generate: up to date ({target.spec_label})")
        return EXIT_OK
    result = _rendered_plan(target)
    if isinstance(result, int):
        return result
    apply(result, target.out)
    for path in sorted(result.writes):
        print(f"wrote   {_label(path)}")
    for path in result.stale:
        print(f"removed {_label(path)}")
    print(f"generate: {len(result.writes)} written, {len(result.stale)} removed, {len(result.unchanged)} unchanged")
    return EXIT_OK


def cmd_check(target: Target, force: bool) -> int:
    if not force and up_to_date(target):
        print(f"check: up to date ({target.spec_label})")
        return EXIT_OK
    result = _rendered_plan(target)
    if isinstance(result, int):
        return result
    if not result.drift:
        print(f"check: up to date ({target.spec_label})")
        return EXIT_OK
    for path in sorted(result.writes):
        state = "differs from what the spec produces" if path.exists() else "is missing"
        print(f"{_label(path)}: {state}", file=sys.stderr)
    for path in result.stale:
        print(f"{_label(path)}: is stale (generated, but no longer produced)", file=sys.stderr)
    print(f"check: {len(result.drift)} file(s) out of date; run `make generate`", file=sys.stderr)
    return EXIT_DRIFT


def cmd_lint(spec: Path, previous: str | None = None) -> int:
    from .diagnostics import SpecError
    from .diff import compare
    from .history import SourceError, load_version, read_version, release_notes, version_problems
    from .loader import load_spec

    try:
        model = load_spec(spec, _label(spec))
        notes, warnings = release_notes(model, spec, _label(spec))
        for warning in warnings:
            print(warning.format(), file=sys.stderr)
        # api.version against the previous release: the one given, else the newest kept in releases/
        report = notes[0].report if notes else None
        if previous is not None:
            report = compare(load_version(read_version(previous, spec)), model, previous, _label(spec))
        if report is not None:
            problems = version_problems(model, report, spec.read_text("utf-8"), _label(spec))
            if problems:
                raise SpecError(problems)
    except SpecError as exc:
        return _print_invalid(exc)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    nested = len(model.all_members()) - len(model.members)
    print(
        f"lint: {_label(spec)} is valid: {len(model.members)} members"
        + (f" (and {nested} inside namespaces)" if nested else "") + f", {len(model.events)} events, "
        f"{len(model.types)} types, {len(model.options)} options, {len(model.contexts)} contexts"
    )
    return EXIT_OK


def cmd_diff(old_ref: str | None, new_ref: str | None, against: str | None, spec: Path, output: str) -> int:
    from .diagnostics import SpecError
    from .diff import compare
    from .diff_output import FORMATS
    from .history import SourceError, Version, load_pair, read_version
    from .loader import read_spec_bytes

    if (old_ref is None) == (against is None):
        print("error: give OLD (and optionally NEW), or --against REV", file=sys.stderr)
        return EXIT_INVALID
    try:
        old = read_version(against if against is not None else str(old_ref), spec)
        if against is not None and ":" not in against and not Path(against).is_file():
            old = Version(f"{against}:{_label(spec)}", old.data)
        new = read_version(new_ref, spec) if new_ref is not None else Version(_label(spec), read_spec_bytes(spec, _label(spec)))
        old_model, new_model = load_pair(old, new)
        report = compare(old_model, new_model, old.label, new.label)
    except SpecError as exc:
        return _print_invalid(exc)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(FORMATS[output](report))
    return EXIT_DRIFT if report.unacknowledged else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    # One command is a short run that builds large trees of small objects and frees them by reference
    # counting: the cycle collector finds next to nothing, yet its passes over a growing heap were most of
    # the time spent reading a large spec (3.6 s of a 2,000-member lint; 1.0 s without them). It runs
    # again when the command returns.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if args.command == "lint":
            return cmd_lint(args.spec, args.previous)
        if args.command == "diff":
            return cmd_diff(args.old, args.new, args.against, args.spec, args.format)
        target = Target(spec=args.spec.resolve(), out=args.out.resolve(), spec_label=_label(args.spec))
        if args.command == "generate":
            return cmd_generate(target, args.force)
        return cmd_check(target, args.force)
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # a bug in the generator, not in the spec
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set GENERATOR_DEBUG=1 for a traceback)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if collecting:
            gc.enable()
