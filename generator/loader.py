"""Load a spec file: YAML -> located data -> format models -> rules -> model.

Every problem is collected and reported at once; :func:`load_spec` raises :class:`SpecError`
with all of them, or returns the model.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import types
import typing
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, Tag, TypeAdapter, ValidationError

from . import spec_format as fmt
from . import yaml_source
from .diagnostics import Diagnostic, Path, SpecError, format_path
from .limits import MAX_ERRORS, MAX_SPEC_BYTES
from .model import Model, build_model
from .names import check_names
from .rules import check_rules

# Collections whose entries are validated one by one when the whole document is not valid, so
# that rules can still run on the entries that are.
_COLLECTIONS: dict[str, Any] = {
    "sources": fmt.Source,
    "groups": fmt.Group,
    "contexts": fmt.Context,
    "globals": fmt.GlobalObject,
    "roles": fmt.Concept,
    "states": fmt.Concept,
    "errors": fmt.ErrorKind,
    "state": fmt.StateVariable,
    "options": fmt.Option,
    "events": fmt.Event,
    "types": fmt.TypeDef,
    "members": fmt.Member,
}

# Neutral stand-ins for invalid top-level entries that hold no names other entries refer to, so
# that the rules still check the rest of the document (the diagnostics are already reported).
_PLACEHOLDERS: dict[str, Any] = {
    "format": fmt.FORMAT_VERSION,
    "api": {"name": "", "version": "0.0.0", "description": ""},
    "conventions": {
        "callbacks": {"this": "session", "arguments": [], "level": "reading"},
        "invalid_arguments": {"outcome": "ignored", "level": "reading", "basis": ""},
        "after_end": {"outcome": "ignored", "level": "reading", "basis": ""},
        "declared_events_only": {"level": "reading", "basis": ""},
        "closed_types": {"level": "reading", "basis": ""},
        "roles_held_by_participants": {"level": "reading", "basis": ""},
        "declared_effects_only": {"level": "reading", "basis": ""},
    },
    "discrepancies": [],
}

_EXPECTED = {
    "string_type": "a string",
    "bool_type": "true or false",
    "int_type": "an integer",
    "float_type": "a number",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"string '{short}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(models) == 1:
                tp = models[0]
                continue
        return tp


def _walk_loc(loc: tuple[Any, ...]) -> tuple[list[bool], Any]:
    """Follow pydantic location ``loc`` through the format models.

    Returns, for each step, whether it is a union tag (a step pydantic adds that is not in the
    data, as ``object`` in ``types.X.object.fields``), and the type reached (None when lost).
    """
    is_tag: list[bool] = []
    tp: Any = fmt.Spec
    for part in loc:
        tp = _unwrap(tp) if tp is not None else None
        origin = typing.get_origin(tp)
        is_tag.append(origin in (typing.Union, types.UnionType))
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next(
                (f for n, f in tp.model_fields.items() if (f.alias or n) == part), None
            )
            tp = field.annotation if field is not None else None
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            tp = next(
                (c for c in typing.get_args(tp) if _tag_of(c) == part or getattr(_unwrap(c), "__name__", None) == part),
                None,
            )
        else:
            tp = None
    return is_tag, (_unwrap(tp) if tp is not None else None)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The format model that validates the mapping at pydantic location ``loc``."""
    tp = _walk_loc(loc)[1]
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _union_tags(loc: tuple[Any, ...]) -> list[str]:
    """The tags of the tagged union at pydantic location ``loc``, as 'object', 'enum'."""
    tp = _walk_loc(loc)[1]
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return []
    return [tag for tag in (_tag_of(c) for c in typing.get_args(tp)) if tag is not None]


def _tag_of(choice: Any) -> str | None:
    """The tag that selects ``choice`` in a tagged union: a ``Tag`` annotation, or its literal 'kind'."""
    if typing.get_origin(choice) is typing.Annotated:
        for meta in choice.__metadata__:
            if isinstance(meta, Tag):
                return meta.tag
    model = _unwrap(choice)
    return _kind_tag(model) if isinstance(model, type) and issubclass(model, BaseModel) else None


def _kind_tag(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return args[0] if len(args) == 1 else None


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _data_path(loc: tuple[Any, ...], data: Any, keep_last: bool) -> Path:
    """Drop pydantic's union tags from ``loc``, keeping only steps that exist in the data."""
    path: list[str | int] = []
    cur = data
    is_tag = _walk_loc(loc)[0]
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if is_tag[i]:
            continue
        if isinstance(cur, dict) and isinstance(part, str) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif last and keep_last:
            path.append(part)
    return tuple(path)


def _pydantic_diagnostics(
    exc: ValidationError, located: yaml_source.Located, filename: str
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    root = located.data
    for err in exc.errors()[:MAX_ERRORS]:  # each costs a walk and a "did you mean": past the cap, only counted
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        if kind == "missing":
            path = _data_path(loc, root, keep_last=False)
            key = loc[-1]
            line, col = located.value_pos(path)
            out.append(Diagnostic(line, col, "missing-key", format_path(path), f"missing required key '{key}'", filename))
            continue
        if kind == "extra_forbidden":
            path = _data_path(loc, root, keep_last=True)
            key = str(loc[-1])
            line, col = located.key_pos(path)
            model = _model_at(loc[:-1])
            message = f"unknown key '{key}'"
            if model is not None:
                allowed = _allowed_keys(model)
                close = difflib.get_close_matches(key, allowed, n=1)
                if close:
                    message += f" (did you mean '{close[0]}'?)"
                message += "; expected one of: " + ", ".join(allowed)
            out.append(Diagnostic(line, col, "unknown-key", format_path(path[:-1] + (key,)), message, filename))
            continue
        path = _data_path(loc, root, keep_last=False)
        line, col = located.value_pos(path)
        ctx = err.get("ctx") or {}
        if kind == "literal_error":
            rule, expected = "invalid-value", f"one of {ctx.get('expected')}"
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            rule = "invalid-value"
            tags = ctx.get("expected_tags") or ", ".join(f"'{t}'" for t in _union_tags(loc))
            expected = f"a 'kind' of {tags}"
            if kind == "union_tag_not_found":
                line, col = located.value_pos(path)
                out.append(Diagnostic(line, col, "missing-key", format_path(path), f"missing required key 'kind'; expected {expected}", filename))
                continue
            path = path + ("kind",)
            line, col = located.value_pos(path)
            value = value.get("kind") if isinstance(value, dict) else value
        elif kind == "string_pattern_mismatch":
            rule, expected = "invalid-value", f"text matching {ctx.get('pattern')}"
        elif kind == "too_short":
            rule, expected = "invalid-value", f"at least {ctx.get('min_length')} item(s)"
        elif kind in _EXPECTED:
            rule, expected = "wrong-type", _EXPECTED[kind]
        else:
            rule, expected = "invalid-value", err["msg"]
        out.append(Diagnostic(line, col, rule, format_path(path), f"expected {expected}, found {_describe(value)}", filename))
    return out


def _validate(adapter_target: Any, data: Any) -> Any:
    if isinstance(adapter_target, type) and issubclass(adapter_target, BaseModel):
        return adapter_target.model_validate(data)
    return TypeAdapter(adapter_target).validate_python(data)


def parse_spec(text: str, filename: str, upgrade: bool = False) -> Model:
    """Validate spec text; return the model or raise SpecError with every problem found.

    With ``upgrade``, a spec in an earlier shape of the format is read too (see :mod:`.upgrade`);
    the model's ``filled`` names what was filled in.
    """
    located, diagnostics = yaml_source.load(text, filename)
    if located is None:
        raise SpecError(diagnostics)
    data = located.data
    filled: frozenset[Path] = frozenset()
    if upgrade:
        from .upgrade import upgrade as upgrade_data

        filled = upgrade_data(data)
    if not isinstance(data, dict):
        line, col = located.value_pos(())
        diagnostics.append(Diagnostic(line, col, "wrong-type", "(document)", f"expected a mapping at the top of the spec, found {_describe(data)}", filename))
        raise SpecError(diagnostics)
    spec: fmt.Spec | None = None
    unlisted = 0
    try:
        spec = fmt.Spec.model_validate(data)
    except ValidationError as exc:
        diagnostics += _pydantic_diagnostics(exc, located, filename)
        unlisted = max(0, exc.error_count() - MAX_ERRORS)
        spec = _salvage(data)
    declared = {
        key: set(value) for key, value in data.items() if key in _COLLECTIONS and isinstance(value, dict)
    }
    parsed: dict[Path, Any] = {}
    diagnostics += check_names(located, filename)
    if spec is not None:
        diagnostics += check_rules(spec, located, declared, filename, parsed)
    if diagnostics:
        raise SpecError(_capped(diagnostics, unlisted, filename))
    assert spec is not None
    model = build_model(spec, parsed, filled)
    where = tuple(located.value_pos(("changelog", i, "version")) for i in range(len(spec.changelog)))
    return dataclasses.replace(model, changelog_positions=where)


def _capped(diagnostics: list[Diagnostic], unlisted: int, filename: str) -> list[Diagnostic]:
    """The first :data:`MAX_ERRORS` problems, and a line (at 1:1) saying how many more there are."""
    diagnostics = sorted(diagnostics)
    unlisted += max(0, len(diagnostics) - MAX_ERRORS)
    if not unlisted:
        return diagnostics
    return [Diagnostic(1, 1, "too-many-errors", "(document)",
                       f"{unlisted:,} more problems are not listed; expected at most {MAX_ERRORS:,} (fix these first)", filename),
            *diagnostics[:MAX_ERRORS]]


def _salvage(data: dict[str, Any]) -> fmt.Spec | None:
    """The spec without its invalid entries, so rules can check what is valid; None if hopeless."""
    salvaged = dict(data)
    for key, target in _COLLECTIONS.items():
        entries = data.get(key)
        if not isinstance(entries, dict):
            continue
        kept = {}
        for name, entry in entries.items():
            try:
                _validate(target, entry)
            except ValidationError:
                continue
            kept[name] = entry
        salvaged[key] = kept
    try:
        return fmt.Spec.model_validate(salvaged)
    except ValidationError as exc:
        broken = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    if not broken <= set(_PLACEHOLDERS):
        return None
    for key in broken:
        salvaged[key] = _PLACEHOLDERS[key]
    try:
        return fmt.Spec.model_validate(salvaged)
    except ValidationError:
        return None


def load_spec(path: FsPath, display_name: str | None = None, upgrade: bool = False) -> Model:
    """Read and validate the spec at ``path``."""
    name = display_name or str(path)
    return parse_bytes(read_spec_bytes(path, name), name, upgrade)


def read_spec_bytes(path: FsPath, name: str) -> bytes:
    """The file's bytes, or at most one byte past the size limit (a larger file is refused unread by parse_bytes)."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SPEC_BYTES + 1)
            size = os.fstat(file.fileno()).st_size
    except OSError as exc:
        raise SpecError([Diagnostic(1, 1, "unreadable", "(document)", f"cannot read the spec: {exc.strerror}", name)]) from None
    if len(raw) > MAX_SPEC_BYTES:
        message = yaml_source.too_large_message(size if size > MAX_SPEC_BYTES else None)  # a pipe or device has no size
        raise SpecError([Diagnostic(1, 1, "too-large", "(document)", message, name)])
    return raw


def parse_bytes(raw: bytes, name: str, upgrade: bool = False) -> Model:
    """Validate a spec given as bytes (from a file or from git): size, UTF-8, then :func:`parse_spec`."""
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError([Diagnostic(1, 1, "too-large", "(document)", yaml_source.too_large_message(len(raw)), name)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        found = " ".join(f"0x{b:02X}" for b in raw[exc.start : exc.end])
        raise SpecError([Diagnostic(line, col, "encoding", "(document)", f"expected UTF-8 text, found byte {found}", name)]) from None
    return parse_spec(text, name, upgrade)
