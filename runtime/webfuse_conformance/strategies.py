"""Hypothesis strategies built from the spec's own types and constraints (see spec_data.DATA)."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from .spec_data import DATA

JSON_LEAVES = st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(string.ascii_letters + " -_", max_size=12)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=6), inner, max_size=3),
    max_leaves=6,
)
HOSTS = st.from_regex(r"[a-z]{1,8}\.(com|org|example)", fullmatch=True)
URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["https", "http"]), HOSTS, st.text(string.ascii_lowercase + string.digits + "-/", max_size=10),
)
ORIGINS = st.builds(lambda scheme, host: f"{scheme}://{host}", st.sampled_from(["https", "http"]), HOSTS)
FORMATS = {"absolute-url": URLS, "url": URLS, "origin-or-wildcard": st.just("*") | ORIGINS}
TYPES: dict[str, Any] = DATA["types"]
HOST_TYPES = [name for name, t in TYPES.items() if t["kind"] == "host"]


def for_type(node: dict[str, Any], constraints: dict[str, Any] | None = None, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the type tree ``node`` (type_expr.to_json form) that meet ``constraints``."""
    c = constraints or {}
    kind = node["kind"]
    if depth > 6:
        return st.nothing()
    if kind == "primitive":
        name = node["name"]
        if name == "string":
            if "format" in c:
                return FORMATS[c["format"]]
            if "pattern" in c:
                return st.from_regex(c["pattern"], fullmatch=True)
            return st.text(string.ascii_letters + string.digits + " .-_", max_size=20)
        if name in ("integer", "number"):
            low, high = c.get("minimum", -1000), c.get("maximum", 1000)
            if name == "integer":
                return st.integers(low, high)
            return st.floats(low, high, allow_nan=False, allow_infinity=False)
        return {"boolean": st.booleans(), "null": st.none(), "void": st.none(), "unknown": JSON_VALUES}[name]
    if kind == "literal":
        return st.just(node["value"])
    if kind == "union":
        return st.one_of([for_type(item, c, depth + 1) for item in node["items"]])
    if kind == "array":
        return st.lists(for_type(node["item"], None, depth + 1), max_size=3)
    if kind == "record":
        return st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=8), for_type(node["value"], None, depth + 1), max_size=3)
    if kind == "promise":
        return for_type(node["item"], c, depth + 1)
    if kind == "ref":
        return named(node["name"], c, depth)
    if kind == "event-name":
        return st.sampled_from(sorted(DATA["events"]))
    if kind == "event-handler":
        return st.just({"$unserialisable": "function"})
    return st.nothing()


def named(name: str, constraints: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    typedef = DATA["types"][name]
    kind = typedef["kind"]
    if kind == "enum":
        return st.sampled_from(typedef["values"])
    if kind == "alias":
        return for_type(typedef["type"], {**typedef["constraints"], **constraints}, depth + 1)
    if kind == "host":
        return st.just({"$host": name})
    required = {f["name"]: for_type(f["type"], f["constraints"], depth + 1) for f in typedef["fields"] if f["required"]}
    optional = {f["name"]: for_type(f["type"], f["constraints"], depth + 1) for f in typedef["fields"] if not f["required"]}
    if typedef["reserved_type"] is not None:
        optional.update({key: for_type(typedef["reserved_type"], None, depth + 1) for key in typedef["reserved_keys"]})
        if typedef["additional"] is not None:  # edge: the key after the last reserved one is free, any value
            optional.update({key: for_type(typedef["additional"], None, depth + 1) for key in edge_keys(typedef)})
    base = st.fixed_dictionaries(required, optional=optional)
    if typedef["additional"] is None:
        return base
    taken = set(required) | set(optional)
    extra = st.dictionaries(
        st.text(string.ascii_lowercase, min_size=1, max_size=8).filter(lambda k: k not in taken),
        for_type(typedef["additional"], None, depth + 1), max_size=2,
    )
    return st.builds(lambda fixed, more: {**more, **fixed}, base, extra)


def edge_keys(typedef: dict[str, Any]) -> list[str]:
    """Keys next to the reserved ones but not reserved: the last reserved key with its number plus one
    (``var10`` after ``var9``)."""
    keys = typedef["reserved_keys"]
    match = re.fullmatch(r"(.*?)(\d+)", keys[-1]) if keys else None
    return [f"{match[1]}{int(match[2]) + 1}"] if match and f"{match[1]}{int(match[2]) + 1}" not in keys else []


def _integer_minimum(node: dict[str, Any], constraints: dict[str, Any]) -> float | None:
    """The minimum of an integer type (0 when unbounded), or None when ``node`` is not an integer type."""
    if node.get("kind") == "primitive" and node["name"] == "integer":
        return float(constraints.get("minimum", 0))
    if node.get("kind") == "ref" and TYPES[node["name"]]["kind"] == "alias":
        typedef = TYPES[node["name"]]
        return _integer_minimum(typedef["type"], {**typedef["constraints"], **constraints})
    return None


def _host_name(node: dict[str, Any]) -> str | None:
    return node["name"] if node.get("kind") == "ref" and TYPES[node["name"]]["kind"] == "host" else None


def wrong_for(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of another JSON kind than a primitive type's (a number for a string...)."""
    name = node.get("name") if node.get("kind") == "primitive" else None
    others: dict[str | None, st.SearchStrategy[Any]] = {
        "string": st.integers(-5, 5) | st.booleans(), "boolean": st.integers(-5, 5) | st.text(max_size=3),
        "integer": st.text(max_size=3) | st.booleans(), "number": st.text(max_size=3) | st.booleans(),
    }
    return others.get(name, st.nothing())


def generated_invalid(param: dict[str, Any]) -> list[st.SearchStrategy[tuple[str, Any]]]:
    """Invalid values for a parameter made from its type, beyond the spec's fixed list: a number that is
    not an integer, a browser object of another kind, each reserved key holding a value of the wrong kind."""
    node = param["type"]
    out: list[st.SearchStrategy[tuple[str, Any]]] = []
    low = _integer_minimum(node, param["constraints"])
    if low is not None:
        out.append(st.floats(low, low + 100).filter(lambda x: not x.is_integer()).map(lambda x: ("a number that is not an integer", x)))
    host = _host_name(node)
    out += [st.just((f"a browser object {other} instead of {host}", {"$host": other})) for other in HOST_TYPES if host and other != host]
    typedef = TYPES[node["name"]] if node.get("kind") == "ref" else {}
    if typedef.get("kind") == "object" and typedef["reserved_type"] is not None:
        out += [wrong_for(typedef["reserved_type"]).map(_reserved(key)) for key in typedef["reserved_keys"]]
    return out


def _reserved(key: str) -> Callable[[Any], tuple[str, Any]]:
    return lambda value: (f"reserved key {key!r} holding {value!r}", {key: value})


def arguments(member: str, fixed: dict[str, Any] | None = None) -> st.SearchStrategy[list[Any]]:
    """Valid positional arguments for ``member``; ``fixed`` pins some parameters (by name).

    Optional parameters are sometimes left out, but only from the end, as JavaScript callers do.
    """
    fixed = fixed or {}
    params = DATA["paths"][member]["params"]
    values = [st.just(fixed[p["name"]]) if p["name"] in fixed else for_type(p["type"], p["constraints"]) for p in params]
    first_optional = next((i for i, p in enumerate(params) if not p["required"] and p["name"] not in fixed), len(params))
    keep = st.integers(first_optional, len(params))
    return st.builds(lambda count, *vals: list(vals[:count]), keep, *values)


def _invalid_calls(member: str, fixed: dict[str, Any] | None) -> list[st.SearchStrategy[tuple[str, str, list[Any]]]]:
    """One strategy per way to call ``member`` with exactly one argument invalid: (parameter, what is
    wrong, arguments), from the spec's invalid values and from :func:`generated_invalid`."""
    fixed = fixed or {}
    params = DATA["paths"][member]["params"]

    def build(index: int, reason: str, value: Any) -> tuple[str, str, list[Any]]:
        args = [fixed.get(p["name"], p["sample"]) for p in params[: index + 1]]
        args[index] = value
        return params[index]["name"], reason, args

    def made(index: int) -> Callable[[tuple[str, Any]], tuple[str, str, list[Any]]]:
        return lambda pair: build(index, *pair)

    listed = [st.just(build(i, bad["reason"], bad["value"])) for i, p in enumerate(params) for bad in p["invalid"]]
    return listed + [s.map(made(i)) for i, p in enumerate(params) if p["invalid"] for s in generated_invalid(p)]


def invalid_choices(member: str, fixed: dict[str, Any] | None = None) -> st.SearchStrategy[list[tuple[str, str, list[Any]]]]:
    """Every way to call ``member`` with exactly one argument invalid, each once."""
    calls = _invalid_calls(member, fixed)
    return st.tuples(*calls).map(list) if calls else st.nothing()


def invalid_arguments(member: str, fixed: dict[str, Any] | None = None) -> st.SearchStrategy[tuple[str, str, list[Any]]]:
    """One way to call ``member`` with exactly one argument invalid."""
    calls = _invalid_calls(member, fixed)
    return st.one_of(calls) if calls else st.nothing()
