"""Does a plain value (a default, an example) fit a type of the spec?"""

from __future__ import annotations

import re
from typing import Any

from . import spec_format as fmt
from . import type_expr as te
from .diagnostics import Path


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        return f"string '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def is_reserved_key(rk: fmt.ReservedKeys, key: str) -> bool:
    """Is ``key`` one of ``rk.prefix + N`` for N in rk.first..rk.last?"""
    number = key[len(rk.prefix):] if key.startswith(rk.prefix) else ""
    if not re.fullmatch(r"-?(0|[1-9][0-9]*)", number) or number == "-0":
        return False
    return rk.first <= int(number) <= rk.last


def constraint_problem(constraints: fmt.Constraints | None, value: Any) -> str | None:
    """None when ``value`` meets ``constraints`` (pattern, minimum, maximum); otherwise why not."""
    if constraints is None:
        return None
    if constraints.pattern is not None and isinstance(value, str):
        try:
            matches = re.fullmatch(constraints.pattern, value) is not None
        except re.error:  # reported as invalid-pattern where the pattern is written
            matches = True
        if not matches:
            return f"expected text matching {constraints.pattern}, found {_kind(value)}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if constraints.minimum is not None and value < constraints.minimum:
            return f"expected at least {constraints.minimum}, found {value}"
        if constraints.maximum is not None and value > constraints.maximum:
            return f"expected at most {constraints.maximum}, found {value}"
    return None


def explain_mismatch(
    node: te.TypeNode, value: Any, spec: fmt.Spec, parsed: dict[Path, te.TypeNode], depth: int = 0
) -> str | None:
    """None when ``value`` fits ``node``; otherwise why it does not."""
    if depth > 30:
        return None
    if isinstance(node, te.Prim):
        ok = {
            "string": isinstance(value, str),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "null": value is None,
            "void": value is None,
            "unknown": True,
        }[node.name]
        return None if ok else f"expected {node.name}, found {_kind(value)}"
    if isinstance(node, te.Lit):
        same = value == node.value and isinstance(value, bool) == isinstance(node.value, bool)
        return None if same else f"expected {node.value!r}, found {_kind(value)}"
    if isinstance(node, te.UnionOf):
        problems = [explain_mismatch(i, value, spec, parsed, depth + 1) for i in node.items]
        return None if any(p is None for p in problems) else "; or ".join(p for p in problems if p)
    if isinstance(node, te.ArrayOf):
        if not isinstance(value, list):
            return f"expected a list, found {_kind(value)}"
        for i, item in enumerate(value):
            problem = explain_mismatch(node.item, item, spec, parsed, depth + 1)
            if problem:
                return f"item {i}: {problem}"
        return None
    if isinstance(node, te.RecordOf):
        if not isinstance(value, dict):
            return f"expected a mapping, found {_kind(value)}"
        for key, item in value.items():
            problem = explain_mismatch(node.value, item, spec, parsed, depth + 1)
            if problem:
                return f"key '{key}': {problem}"
        return None
    if isinstance(node, te.Named):
        typedef = spec.types.get(node.name)
        if typedef is None:
            return None  # reported as unknown-type elsewhere
        return _named(node.name, typedef, value, spec, parsed, depth)
    return f"a value of this type cannot be written in the spec, found {_kind(value)}"


def _named(name: str, typedef: Any, value: Any, spec: fmt.Spec, parsed: dict[Path, te.TypeNode], depth: int) -> str | None:
    if isinstance(typedef, fmt.EnumType):
        allowed = [v.value for v in typedef.values]
        return None if value in allowed and isinstance(value, str) else f"expected one of {allowed}, found {_kind(value)}"
    if isinstance(typedef, fmt.AliasType):
        inner = parsed.get(("types", name, "type"))
        if inner is None:
            return None
        return explain_mismatch(inner, value, spec, parsed, depth + 1) or constraint_problem(typedef.constraints, value)
    if isinstance(typedef, fmt.HostType):
        return f"a {name} is a browser object and cannot be written in the spec"
    if not isinstance(value, dict):
        return f"expected a mapping, found {_kind(value)}"
    for fname, field in typedef.fields.items():
        if fname not in value:
            if field.required:
                return f"missing required field '{fname}'"
            continue
        ftype = parsed.get(("types", name, "fields", fname, "type"))
        if ftype is None:
            continue
        problem = explain_mismatch(ftype, value[fname], spec, parsed, depth + 1) or constraint_problem(field.constraints, value[fname])
        if problem:
            return f"field '{fname}': {problem}"
    rk = typedef.reserved_keys
    for key, item in value.items():
        if key in typedef.fields:
            continue
        if rk is not None and is_reserved_key(rk, key):
            rtype = parsed.get(("types", name, "reserved_keys", "type"))
            problem = explain_mismatch(rtype, item, spec, parsed, depth + 1) if rtype else None
            if problem:
                return f"reserved key '{key}': {problem}"
            continue
        if typedef.additional is None:
            return f"unexpected field '{key}'; expected only: {', '.join(typedef.fields) or '(none)'}"
        atype = parsed.get(("types", name, "additional"))
        problem = explain_mismatch(atype, item, spec, parsed, depth + 1) if atype else None
        if problem:
            return f"field '{key}': {problem}"
    return None
