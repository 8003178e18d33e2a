"""Sample values for a type of the spec: one that fits, and one of the wrong JSON type.

Values are plain Python data (what JSON can carry) plus :class:`Host` markers for browser objects;
each target renders them in its own language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import spec_format as fmt
from . import type_expr as te
from .formats import FORMATS
from .model import Model


@dataclass(frozen=True)
class Host:
    """Stands for a browser object of the named host type (a File, an ImageBitmap...)."""

    name: str


_PATTERN_CANDIDATES = ("0000", "1234", "text", "a")


def valid_value(model: Model, node: te.TypeNode, constraints: fmt.Constraints | None = None, depth: int = 0) -> Any:
    """A simple value of type ``node`` that meets ``constraints``."""
    if depth > 20:
        raise ValueError("type is too deeply nested for a sample")
    c = constraints
    if isinstance(node, te.Prim):
        if node.name == "string":
            if c and c.format:
                return FORMATS[c.format].sample
            if c and c.pattern:
                for candidate in _PATTERN_CANDIDATES:
                    if re.fullmatch(c.pattern, candidate):
                        return candidate
                raise ValueError(f"no sample string matches {c.pattern}")
            return "text"
        if node.name in ("number", "integer"):
            return c.minimum if c and c.minimum is not None else 1
        return {"boolean": True, "null": None, "void": None, "unknown": "anything"}[node.name]
    if isinstance(node, te.Lit):
        return node.value
    if isinstance(node, te.UnionOf):
        return valid_value(model, node.items[0], c, depth + 1)
    if isinstance(node, te.ArrayOf):
        return [valid_value(model, node.item, None, depth + 1)]
    if isinstance(node, te.RecordOf):
        return {"key": valid_value(model, node.value, None, depth + 1)}
    if isinstance(node, te.PromiseOf):
        return valid_value(model, node.item, c, depth + 1)
    if isinstance(node, te.Named):
        typedef = model.types[node.name]
        if typedef.kind == "enum":
            return typedef.values[0].value
        if typedef.kind == "alias":
            assert typedef.alias_of is not None
            return valid_value(model, typedef.alias_of.node, typedef.constraints or c, depth + 1)
        if typedef.kind == "host":
            return Host(node.name)
        if typedef.examples:
            return typedef.examples[0]
        return {f.name: valid_value(model, f.type.node, f.constraints, depth + 1) for f in typedef.fields if f.required}
    raise ValueError(f"no sample value for {node}")


def json_kinds(model: Model, node: te.TypeNode, depth: int = 0) -> set[str]:
    """What a type accepts: string, enum-string (only some strings), number, boolean, null, object, array, host, any."""
    if depth > 20:
        return {"any"}
    if isinstance(node, te.Prim):
        return {"integer": {"number"}, "unknown": {"any"}, "void": {"null"}}.get(node.name, {node.name})
    if isinstance(node, te.Lit):
        value = node.value
        return {"boolean" if isinstance(value, bool) else "enum-string" if isinstance(value, str) else "number"}
    if isinstance(node, te.UnionOf):
        return set().union(*(json_kinds(model, i, depth + 1) for i in node.items))
    if isinstance(node, te.ArrayOf):
        return {"array"}
    if isinstance(node, te.RecordOf):
        return {"object"}
    if isinstance(node, te.PromiseOf):
        return json_kinds(model, node.item, depth + 1)
    if isinstance(node, te.Named):
        typedef = model.types[node.name]
        if typedef.kind == "enum":
            return {"enum-string"}
        if typedef.kind == "alias":
            assert typedef.alias_of is not None
            return json_kinds(model, typedef.alias_of.node, depth + 1)
        return {"host"} if typedef.kind == "host" else {"object"}
    return {"any"}


def invalid_values(model: Model, node: te.TypeNode) -> list[tuple[str, Any]]:
    """(what it is, a value) pairs of the wrong JSON type for ``node``; empty when it accepts anything."""
    kinds = json_kinds(model, node)
    if "any" in kinds:
        return []
    out: list[tuple[str, Any]] = []
    if "number" not in kinds:
        out.append(("a number", 42))
    if "string" not in kinds:
        out.append(("a string outside the allowed values" if "enum-string" in kinds else "a string", "not-a-valid-value"))
    if "boolean" not in kinds:
        out.append(("a boolean", True))
    if "object" not in kinds and "host" not in kinds:
        out.append(("an object", {"unexpected": True}))
    return out


def reserved_key_violations(model: Model, node: te.TypeNode) -> list[tuple[str, Any]]:
    """For an object type with reserved keys: objects whose reserved key holds a value of the wrong type."""
    if not isinstance(node, te.Named) or model.types[node.name].kind != "object":
        return []
    typedef = model.types[node.name]
    if not typedef.reserved_keys or typedef.reserved_type is None:
        return []
    key = typedef.reserved_keys[len(typedef.reserved_keys) // 2]
    return [(f"reserved key '{key}' holding {what}", {key: value}) for what, value in invalid_values(model, typedef.reserved_type.node)]


_PATTERN_MISSES = ("", "x", "00000", "12a4")


def constraint_violations(model: Model, node: te.TypeNode, constraints: fmt.Constraints | None) -> list[tuple[str, Any]]:
    """(what it is, a value) pairs of the right JSON type that break one of ``constraints``."""
    if constraints is None:
        return []
    out: list[tuple[str, Any]] = []
    if constraints.format is not None:
        out += FORMATS[constraints.format].rejects  # every string the format's definition rejects
    if constraints.pattern is not None:
        miss = next((m for m in _PATTERN_MISSES if not re.fullmatch(constraints.pattern, m)), None)
        if miss is not None:
            out.append((f"text not matching {constraints.pattern}", miss))
    if constraints.minimum is not None:
        out.append((f"a number below {constraints.minimum}", constraints.minimum - 1))
    if constraints.maximum is not None:
        out.append((f"a number above {constraints.maximum}", constraints.maximum + 1))
    if constraints.json_ is not None:
        sample = valid_value(model, node)
        if isinstance(sample, dict):
            out.append(("an object holding a value JSON cannot carry", {**sample, "callback": {"$unserialisable": "function"}}))
    return out
