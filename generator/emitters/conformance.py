"""The conformance suite ``webfuse_conformance``: checks derived from the spec, run with pytest.

Which checks exist and what each expects is data computed here from the model (:func:`suite_data`,
written to ``spec_data.py``). The machinery that runs the checks against any implementation is
ordinary code in ``runtime/webfuse_conformance/``, copied into the package unchanged.
"""

from __future__ import annotations

import pprint
from pathlib import Path
from typing import Any

from .. import python_style
from .. import type_expr as te
from ..json_schema import constraint_schema
from ..levels import member_path, rules
from ..model import Member, Model, Param, TypeDef
from ..outputs import OutputFile
from ..render import environment
from ..samples import Host, constraint_violations, invalid_values, reserved_key_violations, valid_value

PACKAGE = "webfuse_conformance"
DIST = "webfuse-conformance"
ROOT = "conformance"
RUNTIME = Path(__file__).resolve().parents[2] / "runtime" / PACKAGE
"""The suite's code: ordinary modules, copied into the package as they are; only spec_data.py is generated."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, Host):
        return {"$host": value.name}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _constraints(c: Any) -> dict[str, Any]:
    out = constraint_schema(c)
    if c is not None:
        if c.format is not None:
            out["format"] = c.format  # the spec's own vocabulary, not JSON Schema's
        if c.json_ is not None:
            out["json"] = c.json_
    return out


def _param(model: Model, m: Member, p: Param) -> dict[str, Any]:
    node = p.type.node
    special = isinstance(node, (te.EventNameT, te.EventHandlerT))
    invalid = [] if special else invalid_values(model, node) + reserved_key_violations(model, node)
    invalid += [] if special else constraint_violations(model, node, p.constraints)
    return {
        "name": p.name,
        "python": p.python_name,
        "type": te.to_json(node),
        "required": p.required,
        "default": p.default if p.has_default else None,
        "has_default": p.has_default,
        "constraints": _constraints(p.constraints),
        "sample": None if special else _jsonable(valid_value(model, node, p.constraints)),
        "invalid": [{"reason": reason, "value": _jsonable(value)} for reason, value in invalid],
        "on_invalid": {"outcome": p.on_invalid.outcome, "error": p.on_invalid.error},
        "rule": f"{member_path(m.path)}.params.{p.name}",
        "constraints_rule": f"{member_path(m.path)}.params.{p.name}.constraints" if p.constraints else None,
        "on_invalid_rule": (f"{member_path(m.path)}.params.{p.name}.on_invalid" if p.on_invalid is not model.conventions.invalid_arguments
                            else "conventions.invalid_arguments"),
    }


def _result_kind(model: Model, node: te.TypeNode | None) -> str:
    """What a call or read yields, as the checks compare it: none, self (the session), handle (a browser object), json."""
    inner = node.item if isinstance(node, te.PromiseOf) else node
    if inner is None or inner == te.Prim("void"):
        return "none"
    if isinstance(inner, te.SessionRef):
        return "self"
    if isinstance(inner, te.Named) and inner.name in model.types and model.types[inner.name].kind == "host":
        return "handle"
    return "json"


def _member(model: Model, m: Member, plain: bool = True) -> dict[str, Any]:
    result = m.returns.node if m.returns else (m.type.node if m.type else None)
    if m.kind == "namespace" and m.additional is not None:  # its members are the keys of a record (``env``)
        result = te.RecordOf(m.additional.node)
    rule = member_path(m.path)
    return {
        "path": m.path,
        "level": m.level,
        "plain": plain,
        "result_kind": _result_kind(model, result) if m.kind in ("property", "method") or result is not None else "none",
        "kind": m.kind,
        "python": m.python_name,
        "public": m.public,
        "contexts": list(m.contexts),
        "type": te.to_json(result) if result is not None else None,
        "constraints": _constraints(m.constraints),
        "maybe_unavailable": m.maybe_unavailable,
        "ends_session": m.ends_session,
        "subscribes": any(isinstance(p.type.node, te.EventHandlerT) for p in m.params),
        "rule": rule,
        "returns_rule": f"{rule}.returns" if m.returns_level else rule,
        "constraints_rule": f"{rule}.constraints" if m.constraints else None,
        "params": [_param(model, m, p) for p in m.params],
        "preconditions": [
            {"kind": pre.kind, "name": pre.target, "otherwise": pre.otherwise, "error": pre.error,
             "rule": f"{rule}.preconditions[{i}]", "otherwise_rule": f"{rule}.preconditions[{i}].otherwise"}
            for i, pre in enumerate(m.preconditions)
        ],
        "effects": [
            {
                "kind": e.kind,
                "target": e.target,
                "value": e.value,
                "param": e.param,
                "or_toggle": e.or_toggle,
                "to_param": e.to_param,
                "to_role": e.to_role,
                "when": dict(e.when),
                "when_state": dict(e.when_state),
                "everyone": e.everyone,
                "rule": f"{rule}.effects[{i}]",
            }
            for i, e in enumerate(m.effects)
        ],
        "emits": [
            {
                "event": e.event,
                "to": [[r.context, r.participants] for r in e.to],
                "from_context": list(e.from_context) if e.from_context else None,
                "origin_param": e.origin_param,
                "carries": dict(e.carries),
                "rule": f"{rule}.emits[{i}]",
            }
            for i, e in enumerate(m.emits)
        ],
    }


def _typedef(t: TypeDef) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": t.kind, "rule": f"types.{t.name}"}
    if t.kind == "object":
        out["fields"] = [
            {"name": f.name, "type": te.to_json(f.type.node), "required": f.required, "constraints": _constraints(f.constraints),
             "constraints_rule": f"types.{t.name}.fields.{f.name}.constraints" if f.constraints else None, "meaning": f.meaning}
            for f in t.fields
        ]
        out["additional"] = te.to_json(t.additional.node) if t.additional else None
        out["reserved_keys"] = list(t.reserved_keys)
        out["reserved_type"] = te.to_json(t.reserved_type.node) if t.reserved_type else None
    elif t.kind == "enum":
        out["values"] = [v.value for v in t.values]
    elif t.kind == "alias":
        assert t.alias_of is not None
        out["type"] = te.to_json(t.alias_of.node)
        out["constraints"] = _constraints(t.constraints)
    elif t.kind == "host":
        out["javascript_sample"] = t.javascript_sample
    return out


def _listener_form(path: str, contexts: tuple[str, ...], level: str, rule: str, listener: Any) -> dict[str, Any]:
    """An event object's ``addListener``: where it exists, and what its listener receives."""
    return {"path": path, "level": level, "plain": False, "result_kind": "none", "kind": "add_listener", "python": "add_listener",
            "public": False, "contexts": list(contexts), "type": None, "constraints": {}, "maybe_unavailable": False,
            "ends_session": False, "subscribes": False, "rule": rule, "returns_rule": rule, "constraints_rule": None, "params": [],
            "preconditions": [], "effects": [], "emits": [],
            "listener": [{"name": a.name, "type": te.to_json(a.type.node), "required": a.required} for a in listener]}


def suite_paths(model: Model) -> dict[str, dict[str, Any]]:
    """Every member the session exposes, by dotted path (``automation.act.click``), namespaces' members, event
    objects and the ``addListener`` of each event object (``on.addListener``, ``onMessage.addListener``) included;
    the plain members (:attr:`Member.is_plain`) exactly as in ``members``."""
    out: dict[str, dict[str, Any]] = {}
    plain = model.plain().members
    for m in model.all_members():
        out[m.path] = _member(model, m, m.path in plain)
        if m.kind == "event_object":
            out[f"{m.path}.addListener"] = _listener_form(f"{m.path}.addListener", m.contexts, m.level, member_path(m.path), m.listener)
        if m.event_object is not None:
            form = m.event_object
            out[f"{m.path}.addListener"] = _listener_form(f"{m.path}.addListener", form.contexts, form.level,
                                                          f"{member_path(m.path)}.event_object", form.listener)
    return out


def suite_data(model: Model) -> dict[str, Any]:
    """Everything the checks need to know about the API, as plain data.

    ``members`` are the plain members (see :meth:`Model.plain`), which every check of the suite covers; ``paths`` is
    every member by dotted path, which the exposure checks cover (and valid-call and invalid-args checks, for the
    methods among them); ``types`` and ``rules`` are those of the whole spec (interface types aside)."""
    plain = model.plain()
    options = {
        name: {"type": te.to_json(o.type.node), "known": o.default_known, "default": o.default,
               "default_rule": f"options.{name}.default" if o.default_known else None}
        for name, o in model.options.items()
    }
    return {
        "api": {"name": model.api.name, "version": model.api.version},
        "contexts": {name: {"expression": c.reached_by[0], "origin": c.example_origin, "rule": f"contexts.{name}",
                            "exposes": c.exposes} for name, c in model.contexts.items()},
        "roles": {name: {"holder": r.holder} for name, r in model.roles.items()},
        "states": {name: {"initial": bool(s.initial)} for name, s in model.states.items()},
        "options": options,
        "conventions": {
            "callbacks": {"this": model.conventions.callbacks.this, "arguments": list(model.conventions.callbacks.arguments)},
            "invalid_arguments": {"outcome": model.conventions.invalid_arguments.outcome, "error": model.conventions.invalid_arguments.error},
            "after_end": {"outcome": model.conventions.after_end.outcome},
        },
        "errors": {name: e.javascript for name, e in model.errors.items()},
        "types": {name: _typedef(t) for name, t in model.types.items() if t.kind != "interface"},
        "state": {
            name: {"type": te.to_json(v.type.node), "per_participant": v.per_participant, "has_initial": v.has_initial,
                   "initial": v.initial, "observed_by": list(v.observed_by), "rule": f"state.{name}"}
            for name, v in model.state.items()
        },
        "events": {name: {"payload": te.to_json(e.payload.node), "listeners": list(e.listeners), "rule": f"events.{name}",
                          "sent_on": None if e.sent_on is None else {
                              "happening": e.sent_on.happening, "to": [[r.context, r.participants] for r in e.sent_on.to],
                              "index_field": e.sent_on.index_field, "rule": f"events.{name}.sent_on"}}
                   for name, e in model.events.items()},
        "members": {name: _member(model, m) for name, m in plain.members.items()},
        "paths": suite_paths(model),
        "rules": {path: {"level": r.level, "summary": r.summary, "sources": list(r.sources), "quote": r.quote}
                  for path, r in rules(model).items()},
        "sources": {key: {"title": src.title, "kind": src.kind} for key, src in model.sources.items()},
    }


def emit(model: Model) -> list[OutputFile]:
    env = environment("conformance", {"pformat": lambda v: pprint.pformat(v, width=110, sort_dicts=False)})
    pkg = f"{ROOT}/{PACKAGE}"
    copied = [OutputFile(f"{pkg}/{path.name}", path.read_text("utf-8")) for path in sorted(RUNTIME.glob("*.py"))]
    ruff_config = python_style.ruff_config(copied=[f"{PACKAGE}/{f.path.rsplit('/', 1)[-1]}" for f in copied])
    ctx = {"model": model, "package": PACKAGE, "dist": DIST, "data": suite_data(model), "ruff_config": ruff_config}
    files = list(copied)
    files += [
        OutputFile(f"{pkg}/spec_data.py", env.get_template("spec_data.py.j2").render(ctx)),
        OutputFile(f"{pkg}/py.typed", ""),
        OutputFile(f"{ROOT}/test_conformance.py", env.get_template("test_conformance.py.j2").render(ctx)),
        OutputFile(f"{ROOT}/pyproject.toml", env.get_template("pyproject.toml.j2").render(ctx)),
        OutputFile(f"{ROOT}/README.md", env.get_template("README.md.j2").render(ctx)),
    ]
    return python_style.tidy(files, ROOT, copied=[f.path for f in copied])
