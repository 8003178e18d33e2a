"""Hypothesis strategies built from the spec's own types and constraints (see spec_data.DATA)."""

from __future__ import annotations

import string
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
    base = st.fixed_dictionaries(required, optional=optional)
    if typedef["additional"] is None:
        return base
    taken = set(required) | set(optional)
    extra = st.dictionaries(
        st.text(string.ascii_lowercase, min_size=1, max_size=8).filter(lambda k: k not in taken),
        for_type(typedef["additional"], None, depth + 1), max_size=2,
    )
    return st.builds(lambda fixed, more: {**more, **fixed}, base, extra)


def arguments(member: str, fixed: dict[str, Any] | None = None) -> st.SearchStrategy[list[Any]]:
    """Valid positional arguments for ``member``; ``fixed`` pins some parameters (by name).

    Optional parameters are sometimes left out, but only from the end, as JavaScript callers do.
    """
    fixed = fixed or {}
    params = DATA["members"][member]["params"]
    values = [st.just(fixed[p["name"]]) if p["name"] in fixed else for_type(p["type"], p["constraints"]) for p in params]
    first_optional = next((i for i, p in enumerate(params) if not p["required"] and p["name"] not in fixed), len(params))
    keep = st.integers(first_optional, len(params))
    return st.builds(lambda count, *vals: list(vals[:count]), keep, *values)


def invalid_arguments(member: str, fixed: dict[str, Any] | None = None) -> st.SearchStrategy[tuple[str, str, list[Any]]]:
    """(parameter, what is wrong, arguments) with exactly one argument invalid, from the spec's invalid values."""
    fixed = fixed or {}
    params = DATA["members"][member]["params"]
    choices = [(i, bad) for i, p in enumerate(params) for bad in p["invalid"]]
    if not choices:
        return st.nothing()

    def build(choice: tuple[int, dict[str, Any]]) -> tuple[str, str, list[Any]]:
        index, bad = choice
        args = [fixed.get(p["name"], p["sample"]) for p in params[: index + 1]]
        args[index] = bad["value"]
        return params[index]["name"], bad["reason"], args

    return st.sampled_from(choices).map(build)
