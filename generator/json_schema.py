"""JSON Schema of the API's data types (not of the spec format), derived from the model.

Every object, enum and alias type of the spec becomes a definition under ``$defs``; host types
(browser objects) become unconstrained schemas marked ``x-host``. The Python target feeds this
to datamodel-code-generator; other tools can validate payloads with it.
"""

from __future__ import annotations

from typing import Any

from . import prose
from . import spec_format as fmt
from . import type_expr as te
from .formats import FORMATS
from .model import Model, TypeDef

_PRIM = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "null": {"type": "null"},
    "unknown": {},
}


def type_schema(node: te.TypeNode, model: Model) -> dict[str, Any]:
    """Schema of a type expression; host types are inlined as unconstrained ``x-host`` schemas."""

    def sub(n: te.TypeNode) -> dict[str, Any]:
        return type_schema(n, model)

    if isinstance(node, te.Prim):
        return dict(_PRIM.get(node.name, {}))
    if isinstance(node, te.Lit):
        return {"const": node.value}
    if isinstance(node, te.Named):
        if model.types[node.name].kind == "host":
            return {"x-host": node.name}
        return {"$ref": f"#/$defs/{node.name}"}
    if isinstance(node, te.ArrayOf):
        return {"type": "array", "items": sub(node.item)}
    if isinstance(node, te.RecordOf):
        return {"type": "object", "additionalProperties": sub(node.value)}
    if isinstance(node, te.UnionOf):
        literals = [i.value for i in node.items if isinstance(i, te.Lit)]
        if len(literals) == len(node.items):
            return {"enum": literals}
        return {"anyOf": [sub(i) for i in node.items]}
    if isinstance(node, te.PromiseOf):
        return sub(node.item)
    raise ValueError(f"{node} has no JSON Schema")


def constraint_schema(c: fmt.Constraints | None) -> dict[str, Any]:
    if c is None:
        return {}
    out: dict[str, Any] = {}
    if c.minimum is not None:
        out["minimum"] = c.minimum
    if c.maximum is not None:
        out["maximum"] = c.maximum
    if c.pattern is not None:
        out["pattern"] = c.pattern
    if c.format is not None and FORMATS[c.format].json_schema:
        out["format"] = FORMATS[c.format].json_schema
    return out


def _with(schema: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema and extra:
        return {"allOf": [schema], **extra}
    return {**schema, **extra}


def definition(typedef: TypeDef, model: Model, tolerant: bool = False) -> dict[str, Any]:
    """The JSON Schema of one type; ``tolerant`` lets closed object types carry unknown keys too (for readers)."""
    base: dict[str, Any] = {"title": typedef.name, "description": prose.type_description(typedef)}
    if typedef.kind == "enum":
        return {**base, "type": "string", "enum": [v.value for v in typedef.values],
                "x-enum-varnames": [v.name for v in typedef.values]}
    if typedef.kind == "alias":
        assert typedef.alias_of is not None
        return {**base, **_with(type_schema(typedef.alias_of.node, model), constraint_schema(typedef.constraints))}
    properties = {
        f.name: _with(type_schema(f.type.node, model), {"description": f.description, **constraint_schema(f.constraints)})
        for f in typedef.fields
    }
    schema: dict[str, Any] = {**base, "type": "object", "properties": properties}
    required = [f.name for f in typedef.fields if f.required]
    if required:
        schema["required"] = required
    for key in typedef.reserved_keys:  # optional, but typed, wherever they appear
        assert typedef.reserved_type is not None
        properties[key] = {**type_schema(typedef.reserved_type.node, model), "description": typedef.reserved_description}
    # `true` rather than `{}` for unknown values: the same in JSON Schema, and it keeps a type without
    # fields a model (with `extra="allow"`) instead of a bare dict alias in the generated Python.
    additional = type_schema(typedef.additional.node, model) if typedef.additional else tolerant
    schema["additionalProperties"] = True if additional == {} else additional
    if typedef.examples:
        schema["examples"] = list(typedef.examples)
    return schema


def data_schema(model: Model, tolerant: bool = False) -> dict[str, Any]:
    """One schema document whose ``$defs`` hold every type of the spec, in spec order.

    ``tolerant`` opens every object type to unknown keys: a reader that meets a field the spec does
    not know yet keeps it instead of failing (closedness is then the conformance suite's business).
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{model.api.name} data types",
        "$defs": {name: definition(t, model, tolerant) for name, t in model.types.items() if t.kind != "host"},
    }
