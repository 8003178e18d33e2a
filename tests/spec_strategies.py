"""Hypothesis strategies of valid specs: every feature of the format, with names and values at the edges.

``spec_documents()`` draws a whole spec as plain data (a dict); ``dump(doc)`` writes it as JSON text
(JSON is YAML, and fast to read), with ``.inf``/``.nan`` written the way YAML spells them. The specs
start from ``tests/specs/minimal.yaml`` and add, in random measure:

- contexts (all-members and public-members, one to three of them, some with names at the edges),
  groups, sources, errors, roles, states, state variables, options (known and unknown defaults);
- types of every kind: objects (empty ``fields: {}``, ``additional`` typed or ``unknown``, reserved
  keys, examples, fields that refer to their own type), enums, aliases (with constraints) and host
  types; type expressions with literal unions (strings, numbers, ``true``/``false``), arrays,
  records, unions and parentheses;
- events with payloads, listeners, aliases and ``sent_on``; members (properties and methods, public
  or not) with parameters of every type (object types, recursive ones), optional parameters with
  defaults at the edges (0, -1, large integers, empty and unicode strings, objects and arrays), constraints
  (pattern, minimum/maximum, format, json), preconditions, emits, effects, aliases and examples;
  a subscription member (``on``) and global objects;
- names at the edges everywhere a name goes: Python keywords and builtins (``class``, ``None``,
  ``str``, ``property``, ``Field``), TypeScript reserved words, names the generated code declares
  itself (``SessionEventMap``, ``File``), names that collide after snake_case (``getTab``/``get_tab``)
  or differ only in case, long names; text with quotes, markup, comment closers and unicode.

About seven in ten drawn specs pass ``lint``. The others hold, now and then, something lint rejects (a
control character, a number literal type with a fraction, a type named ``Field``, a pattern the sampler
cannot satisfy), and a test filters them out: the property is that whatever lint accepts generates,
compiles and imports.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from hypothesis import strategies as st

from generator.naming import JS_RESERVED

# -- names --------------------------------------------------------------------------------------
PYTHON_WORDS = (
    "class", "None", "True", "False", "str", "int", "float", "bool", "list", "dict", "object", "bytes", "tuple",
    "property", "Field", "deprecated", "overload", "type", "self", "cls", "match", "case", "_", "models", "Any",
    "Literal", "Annotated", "ClassVar", "BaseModel", "Self", "Awaitable", "Callable", "Union", "lambda", "import",
    "async", "await", "yield", "def", "return", "from", "global", "pass", "id", "len", "print", "model_config",
    "model_dump", "json", "typing", "page", "context", "expression",
)
TS_WORDS = (
    "delete", "default", "function", "new", "this", "var", "let", "enum", "interface", "package", "private",
    "static", "any", "unknown", "never", "string", "number", "boolean", "symbol", "undefined", "readonly",
    "keyof", "declare", "namespace", "constructor", "prototype", "__proto__", "toString", "valueOf", "Promise",
    "Record", "Array", "Object", "Function", "Error", "Date", "Map", "File", "Window", "Event", "JSON",
    "globalThis", "window", "document", "arguments", "eval",
)
GENERATED_WORDS = (
    "Session", "PublicSession", "SessionEventMap", "PublicSessionEventMap", "WidgetSession", "WireModel",
    "HostValue", "JSHandle", "Page", "SessionError", "api", "webfuse", "browser", "on", "off",
)
COLLIDING_WORDS = (
    "getTab", "get_tab", "GetTab", "gettab", "getTAB", "get__tab", "x", "X", "a", "A", "aB", "a_b",
    "URL", "url", "Url", "HTTPServer", "http_server", "item", "Item", "ITEM",
)
EDGE_WORDS = PYTHON_WORDS + TS_WORDS + GENERATED_WORDS + COLLIDING_WORDS

_PLAIN = st.from_regex(r"[a-z][a-zA-Z0-9]{0,10}", fullmatch=True)
_PASCAL = st.from_regex(r"[A-Z][a-zA-Z0-9]{0,10}", fullmatch=True)
_SNAKE = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_LONG = st.integers(40, 120).map(lambda n: ("longName" * 20)[:n])
_LONG_PASCAL = st.integers(40, 120).map(lambda n: ("LongName" * 20)[:n])


def names(
    plain: st.SearchStrategy[str] = _PLAIN, likely: tuple[str, ...] | None = None, edge: float = 0.1,
    long: st.SearchStrategy[str] = _LONG,
) -> st.SearchStrategy[str]:
    """An identifier: mostly ``plain``; with probability ``edge`` one of ``likely`` (names at the edges that
    this kind of name can take: by default those that start with a letter), and now and then any name at the
    edges (some of which lint rejects), or a long one."""
    return choice(
        (1 - edge - 0.02, plain), (edge, st.sampled_from(likely or ANCHOR_WORDS)),
        (0.008, st.sampled_from(EDGE_WORDS)), (0.012, long),
    )


def choice(*options: tuple[float, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, each with about its probability. Hypothesis favours the ends of an integer
    range, so the first option (the common one) takes both ends and the others sit in the middle."""
    common, rest = options[0][1], options[1:]
    bounds, start = [], 100
    for p, strategy in rest:
        bounds.append((start, start + round(p * 10_000), strategy))
        start += round(p * 10_000)

    def pick(n: int) -> st.SearchStrategy[Any]:
        return next((strategy for lo, hi, strategy in bounds if lo <= n < hi), common)

    return st.integers(0, 9_999).flatmap(pick)


def snake_names(edge: float = 0.1) -> st.SearchStrategy[str]:
    return choice((1 - edge, _SNAKE), (edge, st.sampled_from([w for w in EDGE_WORDS if re.fullmatch(r"[a-z][a-z0-9_]*", w)])))


# names at the edges that a member, field, parameter or type can take: a name that becomes an anchor or a Python
# attribute starts with a letter; a JavaScript binding is no reserved word; a type name is PascalCase and names
# nothing the generated code declares or imports
ANCHOR_WORDS = tuple(w for w in EDGE_WORDS if not w.startswith("_"))
PARAM_WORDS = tuple(w for w in EDGE_WORDS if w not in JS_RESERVED)
TYPE_WORDS = (
    "File", "Str", "Property", "Self", "Awaitable", "Window", "Date", "Error", "Map", "JSON", "HostValue", "JSHandle",
    "Page", "Item", "ITEM", "X", "URL", "Url", "Node", "GetTab", "Models", "Typing", "Protocol", "Object", "Function",
)
# and some they cannot, now and then
BAD_TYPE_WORDS = ("Field", "Any", "Literal", "ClassVar", "SessionEventMap", "None", "item", "_", "str", "delete", "Promise")


# -- text ---------------------------------------------------------------------------------------
EDGE_TEXT = (
    "", " ", "é", "日本語のテキスト", "emoji 😀 and ✓", "it's", 'say "hi"', "back\\slash", "*/ closes a comment",
    "/* opens one", "<script>alert(1)</script>", "{{ jinja }} {% raw %}", "`code` and **bold** | pipe",
    "line one\nline two", "tab\there", "@param fake - tag", '"""triple"""',
    "'''triple'''", "${template}", "#!shebang", "[link](javascript:alert(1))", "trailing backslash \\",
    "\u2028 line separator", "a" * 300, "-- not a list", "1. not a list", "> not a quote", "&amp; &lt;",
)
_SAFE_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn"))


CONTROL_TEXT = ("NUL \x00 inside", "bell \x07", "escape \x1b[0m")  # YAML does not allow these, even escaped


def texts() -> st.SearchStrategy[str]:
    """Prose: ordinary, or at the edges (markup, quotes, comment closers; now and then a control character)."""
    return choice(
        (0.55, st.just("Some words.")), (0.3, st.sampled_from(EDGE_TEXT)),
        (0.145, st.text(_SAFE_CHARS, min_size=1, max_size=20)), (0.005, st.sampled_from(CONTROL_TEXT)),
    )


def one_line() -> st.SearchStrategy[str]:
    return st.sampled_from(("A title", "é title", "Title with 'quotes' and \"more\"", "<b>bold</b>", "x" * 100))


API_NAMES = ("Mini API", "It's API (v2) / test + x_y-z.,", "A" * 80, "0 starts with a digit", "x")

# -- types --------------------------------------------------------------------------------------
# A type is a small tree: ("prim", name) | ("lit", value) | ("named", name) | ("array", t) |
# ("record", t) | ("union", (t, ...)).
Type = tuple[Any, ...]
PRIMS = ("string", "number", "integer", "boolean", "null", "unknown")
STRING_LITERALS = ("a", "b", "floating", "", " ", "é", "日本", "a-b", "with space", "*/", "\\", "$x", "{{x}}", "None", "class")
NUMBER_LITERALS = (0, 1, -1, 2, 2**53 - 1, -(2**53 - 1))
BAD_NUMBER_LITERALS = (3.5, -0.5, 2**53, 10**20)  # a fraction, and integers JavaScript does not hold exactly
EDGE_INTS = (0, -1, 1, 2**31 - 1, 2**31, 2**53, 2**53 + 1, 2**63, -(2**63), 10**30)
EDGE_NUMBERS = (0.0, 0.5, -1.5, 1e300, 1e-300, 3.14159, math.inf, -math.inf, math.nan)
EDGE_STRINGS = ("", "é", "日本語", "😀", "it's", 'quote "x"', "back\\slash", "*/", "line\nbreak", "{{ x }}", "a" * 200, "\t")

# (pattern, strings it matches); some of them match none of the generator's stock samples
PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("^[0-9]{4}$", ("0000", "1234")),
    ("[a-z]+", ("text", "a")),
    ("(ab)+", ("ab", "abab")),
    ("\\d{3}-\\d{2}", ("123-45",)),
    (".*", ("", "anything")),
    ("[^\"]*", ("text", "")),
    ("é+", ("é", "éé")),
    ("(?i)TEXT", ("text", "TEXT")),
    ("\\\\", ("\\",)),
    ("a{2,}|b", ("aa", "b")),
    ("^$", ("",)),
    ("\\*/", ("*/",)),
    ("\\{\\{x\\}\\}", ("{{x}}",)),
    ("(a)\\1", ("aa",)),
    ("(?=a)a", ("a",)),
)
FORMATS = {"absolute-url": "https://example.com/", "url": "https://example.com/done", "origin-or-wildcard": "*"}


class NoValue(Exception):
    """The type has no value the strategy can write (a required field that refers to its own type)."""


def render(t: Type, top: bool = True) -> str:
    kind = t[0]
    if kind == "prim":
        return str(t[1])
    if kind == "lit":
        value = t[1]
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return f"'{value}'"
        return str(value)
    if kind == "named":
        return str(t[1])
    if kind == "array":
        inner = render(t[1], False)
        return f"({inner})[]" if t[1][0] == "union" else f"{inner}[]"
    if kind == "record":
        return f"Record<string, {render(t[1])}>"
    text = " | ".join(render(i, False) for i in t[1])
    return text if top else f"({text})"


class Defs:
    """The named types of a spec being drawn: kind, type tree and constraints, for values that fit."""

    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}
        self.objects: dict[str, dict[str, tuple[Type, bool, dict[str, Any] | None]]] = {}
        self.additional: dict[str, Type | None] = {}
        self.enums: dict[str, list[str]] = {}
        self.aliases: dict[str, tuple[Type, dict[str, Any] | None]] = {}

    def value(self, draw: Any, t: Type, c: dict[str, Any] | None = None, stack: tuple[str, ...] = ()) -> Any:
        """A value of type ``t`` meeting constraints ``c``, at the edges when it can be; NoValue if none."""
        kind = t[0]
        if kind == "prim":
            name = t[1]
            if name == "string":
                if c and c.get("format"):
                    return FORMATS[c["format"]]
                if c and c.get("pattern") is not None:
                    matches = dict(PATTERNS)[c["pattern"]]
                    return draw(st.sampled_from(matches))
                return draw(st.sampled_from(EDGE_STRINGS + ("text",)))
            if name in ("integer", "number"):
                pool = EDGE_INTS if name == "integer" else EDGE_INTS + EDGE_NUMBERS
                lo = c.get("minimum") if c else None
                hi = c.get("maximum") if c else None
                fits = [v for v in pool if (lo is None or v >= lo) and (hi is None or v <= hi)]
                return draw(st.sampled_from(fits)) if fits else (lo if lo is not None else hi)
            return {"boolean": draw(st.booleans()), "null": None, "unknown": draw(st.sampled_from([None, 1, "x", {"k": [1]}]))}[name]
        if kind == "lit":
            return t[1]
        if kind == "union":
            items = list(t[1])
            first = draw(st.integers(0, len(items) - 1))
            for item in items[first:] + items[:first]:
                try:
                    return self.value(draw, item, c if item[0] in ("prim", "named") else None, stack)
                except NoValue:
                    continue
            raise NoValue
        if kind == "array":
            if draw(st.booleans()):
                return []
            try:
                return [self.value(draw, t[1], None, stack)]
            except NoValue:
                return []
        if kind == "record":
            if draw(st.booleans()):
                return {}
            try:
                return {draw(st.sampled_from(["k", "é", ""])): self.value(draw, t[1], None, stack)}
            except NoValue:
                return {}
        name = t[1]
        if name in stack:
            raise NoValue
        kind = self.kinds[name]
        if kind == "enum":
            return draw(st.sampled_from(self.enums[name]))
        if kind == "alias":
            inner, ac = self.aliases[name]
            return self.value(draw, inner, ac, (*stack, name))
        if kind == "host":
            raise NoValue
        out = {}
        for fname, (ftype, required, fc) in self.objects[name].items():
            if required or draw(st.booleans()):
                try:
                    out[fname] = self.value(draw, ftype, fc, (*stack, name))
                except NoValue:
                    if required:
                        raise
        return out

    def base_kinds(self, t: Type, seen: frozenset[str] = frozenset()) -> set[str]:
        kind = t[0]
        if kind == "prim":
            return {t[1]}
        if kind == "lit":
            v = t[1]
            return {"boolean" if isinstance(v, bool) else "string" if isinstance(v, str) else "number"}
        if kind == "union":
            return set().union(*(self.base_kinds(i, seen) for i in t[1]))
        if kind in ("array", "record"):
            return {kind}
        name = t[1]
        if self.kinds.get(name) == "enum":
            return {"string"}
        if self.kinds.get(name) == "alias":
            return self.base_kinds(self.aliases[name][0], seen | {name}) if name in self.aliases and name not in seen else set()
        return {"object"}


def type_trees(defs_names: list[str], depth: int = 2, allow_named: bool = True) -> st.SearchStrategy[Type]:
    """A type tree over the primitives, literals and the named types ``defs_names``."""
    leaves: list[st.SearchStrategy[Type]] = [
        st.sampled_from(PRIMS).map(lambda p: ("prim", p)),
        st.sampled_from(STRING_LITERALS).map(lambda v: ("lit", v)),
        choice((0.99, st.sampled_from((True, False) + NUMBER_LITERALS)), (0.01, st.sampled_from(BAD_NUMBER_LITERALS))).map(lambda v: ("lit", v)),
    ]
    if allow_named and defs_names:
        leaves.append(st.sampled_from(defs_names).map(lambda n: ("named", n)))
        leaves.append(st.sampled_from(defs_names).map(lambda n: ("named", n)))
    leaf = st.one_of(*leaves)
    if depth == 0:
        return leaf
    inner = type_trees(defs_names, depth - 1, allow_named)
    return st.one_of(
        leaf,
        leaf,
        inner.map(lambda t: ("array", t)),
        inner.map(lambda t: ("record", t)),
        st.lists(inner, min_size=2, max_size=3).map(_union),
        # literal unions: 'a' | 'b', true | false, mixed
        st.lists(st.sampled_from(STRING_LITERALS + (True, False, 1, -1)), min_size=2, max_size=3, unique_by=lambda v: (type(v), v)).map(
            lambda vs: ("union", tuple(("lit", v) for v in vs))
        ),
    )


def _union(items: list[Type]) -> Type:
    flat: list[Type] = []
    for item in items:
        for sub in item[1] if item[0] == "union" else (item,):
            if sub not in flat:
                flat.append(sub)
    return flat[0] if len(flat) == 1 else ("union", tuple(flat))


def constraints_for(draw: Any, defs: Defs, t: Type) -> dict[str, Any] | None:
    """Constraints that fit the kind of ``t`` (or None)."""
    kinds = defs.base_kinds(t)
    if not draw(st.integers(0, 2)) == 0:
        return None
    out: dict[str, Any] = {"level": draw(st.sampled_from(["documented", "reading"]))}
    if t == ("prim", "string"):
        if draw(st.booleans()):
            out["pattern"] = draw(st.sampled_from([p for p, _ in PATTERNS]))
        else:
            out["format"] = draw(st.sampled_from(sorted(FORMATS)))
    elif t in (("prim", "integer"), ("prim", "number")):
        lo = draw(st.sampled_from([None, 0, -1, 1, 2**53, -(2**63)]))
        hi = draw(st.sampled_from([None, 0, 10, 2**63, 10**30]))
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        if lo is not None:
            out["minimum"] = lo
        if hi is not None:
            out["maximum"] = hi
    elif kinds and kinds <= {"object", "record"} and "object" in kinds | {"object"}:
        out["json"] = draw(st.sampled_from(["plain-object", "serialisable"]))
    else:
        return None
    return out if len(out) > 1 else None


# -- the spec -----------------------------------------------------------------------------------
LEVELS = st.sampled_from(["documented", "reading"])

MINIMAL_CONVENTIONS = {
    "declared_effects_only": {"level": "reading", "basis": "A reading."},
    "roles_held_by_participants": {"level": "reading", "basis": "A reading."},
    "declared_events_only": {"level": "reading", "basis": "A reading."},
    "closed_types": {"level": "reading", "basis": "A reading."},
    "callbacks": {"level": "documented", "this": "session", "arguments": ["session", "event"]},
    "invalid_arguments": {"error_level": "reading", "level": "documented", "outcome": "error", "error": "TypeError", "basis": "A reading."},
    "after_end": {"level": "documented", "outcome": "ignored", "basis": "A reading."},
}
CONTEXT_NAMES = ("widget", "extension", "public", "class", "None", "Widget", "x", "session", "page", "default", "a_b", "event")
# Browser types with properties: the type tests expect TypeScript to reject a number or a string where one
# is taken, which a type without properties (WebAssembly.Module) would accept.
HOSTS = (("File", "object"), ("Blob", "bytes"), ("ImageBitmap", "object"), ("Window", "object"),
         ("HTMLIFrameElement", "object"), ("Date", "str"), ("WebAssembly.Memory", "object"))


@st.composite
def spec_documents(draw: Any, max_members: int = 6) -> dict[str, Any]:
    """A spec as plain data; valid in most draws (see the module docstring)."""
    doc: dict[str, Any] = {
        "format": 1,
        "api": {"name": draw(st.sampled_from(API_NAMES)), "version": "1.0.0", "description": draw(texts())},
        "sources": {"DOC": {"title": "The documentation", "kind": "documentation"}},
        "conventions": MINIMAL_CONVENTIONS,
        "errors": {"TypeError": {"javascript": "TypeError", "description": "Bad argument."}},
    }
    # contexts: one to three, with all-members and public-members exposure
    if draw(st.integers(0, 3)) == 0:
        ctx_names = draw(st.lists(st.sampled_from(CONTEXT_NAMES), min_size=1, max_size=3, unique=True))
        exposes = {c: draw(st.sampled_from(["all-members", "public-members"])) for c in ctx_names}
    else:
        exposes = draw(st.sampled_from([
            {"widget": "all-members", "public": "public-members"},
            {"widget": "all-members", "extension": "all-members", "public": "public-members"},
            {"widget": "all-members"},
            {"public": "public-members"},
        ]))
    contexts = list(exposes)
    doc["contexts"] = {
        c: {
            "level": draw(LEVELS),
            "example_origin": f"https://{c.lower()}.example",
            "title": draw(one_line()),
            "description": draw(texts()),
            "reached_by": ["webfuse.currentSession" if e == "public-members" else "webfuse.listSessions()[0]"],
            "exposes": e,
        }
        for c, e in exposes.items()
    }
    groups = draw(st.lists(names(_SNAKE, edge=0.05), min_size=1, max_size=2, unique=True))
    doc["groups"] = {g: {"title": draw(one_line()), "description": draw(texts())} for g in groups}
    roles = draw(st.lists(names(_SNAKE, edge=0.03), max_size=2, unique=True))
    states = draw(st.lists(names(_SNAKE, edge=0.03), max_size=2, unique=True).filter(lambda s: not set(s) & set(roles)))
    if roles:
        doc["roles"] = {r: {"title": "A role", "description": draw(texts()), **({"holder": 0} if i == 0 and draw(st.booleans()) else {})}
                        for i, r in enumerate(roles)}
    if states:
        doc["states"] = {s: {"title": "A state", "description": draw(texts()), **({"initial": draw(st.booleans())} if draw(st.booleans()) else {})}
                         for s in states}

    # types
    defs = Defs()
    type_names = draw(st.lists(choice((0.995, names(_PASCAL, TYPE_WORDS, long=_LONG_PASCAL)), (0.005, st.sampled_from(BAD_TYPE_WORDS))),
                               max_size=6, unique=True))
    for name in type_names:
        defs.kinds[name] = draw(st.sampled_from(["object", "object", "object", "enum", "alias", "host"]))
    object_names = [n for n in type_names if defs.kinds[n] == "object"]
    data_names = [n for n in type_names if defs.kinds[n] != "host"]
    types: dict[str, Any] = {}
    for name in type_names:
        kind = defs.kinds[name]
        entry: dict[str, Any] = {"level": draw(LEVELS), "kind": kind, "description": draw(texts())}
        if kind == "enum":
            values = draw(st.lists(st.sampled_from(STRING_LITERALS + EDGE_STRINGS), min_size=1, max_size=3, unique=True))
            vnames = draw(st.lists(names(_PASCAL.map(str.upper), edge=0.05), min_size=len(values), max_size=len(values), unique=True))
            entry["values"] = [{"value": v, "name": n, **({"description": draw(texts())} if draw(st.booleans()) else {})}
                               for v, n in zip(values, vnames, strict=True)]
            defs.enums[name] = values
        elif kind == "host":
            ts, py = draw(st.sampled_from(HOSTS))
            entry.update({"typescript": ts, "python": py})
            if draw(st.booleans()):
                entry["javascript_sample"] = "new Blob(['x'])"
        types[name] = entry
    for name in sorted(type_names, key=lambda n: defs.kinds[n] != "alias"):  # aliases first: fields may use them
        kind = defs.kinds[name]
        entry = types[name]
        if kind == "object":
            field_names = draw(st.lists(names(), max_size=4, unique=True))
            fields: dict[str, Any] = {}
            defs.objects[name] = {}
            for fname in field_names:
                ftype = draw(type_trees(type_names, 1))
                required = draw(st.booleans())
                fc = constraints_for(draw, defs, ftype)
                field: dict[str, Any] = {"type": render(ftype), "description": draw(texts())}
                if not required:
                    field["required"] = False
                if fc:
                    field["constraints"] = fc
                if ftype == ("prim", "integer") and draw(st.integers(0, 3)) == 0:
                    field["meaning"] = "client-index"
                fields[fname] = field
                defs.objects[name][fname] = (ftype, required, fc)
            entry["fields"] = fields
            additional = draw(st.sampled_from([None, None, "unknown", "typed"]))
            if additional == "unknown":
                entry["additional"] = "unknown"
                defs.additional[name] = ("prim", "unknown")
            elif additional == "typed":
                atype = draw(type_trees(data_names, 1))
                entry["additional"] = render(atype)
                defs.additional[name] = atype
            if draw(st.integers(0, 5)) == 0:
                prefix = draw(names(_SNAKE, edge=0.05))
                entry["reserved_keys"] = {"prefix": prefix, "first": 0, "last": draw(st.integers(0, 3)), "type": "string",
                                          "description": draw(texts())}
        elif kind == "alias":
            atype = draw(type_trees([n for n in data_names if n != name], 1))
            entry["type"] = render(atype)
            ac = constraints_for(draw, defs, atype)
            if ac:
                entry["constraints"] = ac
            defs.aliases[name] = (atype, ac)
    for name in object_names:  # examples, once every type is known
        if draw(st.integers(0, 2)) == 0:
            try:
                example = defs.value(draw, ("named", name))
            except NoValue:
                continue
            if isinstance(example, dict) and not _has_number_edge(example):
                types[name]["examples"] = [example]
    if types:
        doc["types"] = types

    # options
    options: dict[str, Any] = {}
    for oname in draw(st.lists(names(_SNAKE, edge=0.05), max_size=3, unique=True)):
        otype = draw(st.sampled_from([("prim", "boolean"), ("prim", "boolean"), ("prim", "string"), ("prim", "integer"),
                                      ("union", (("prim", "string"), ("lit", False))), ("union", (("lit", "a"), ("lit", "b")))]))
        if draw(st.integers(0, 3)) == 0:
            default: dict[str, Any] = {"unknown": draw(texts())}
        else:
            default = {"value": defs.value(draw, otype), "source": "DOC", "level": draw(LEVELS)}
        options[oname] = {"type": render(otype), "default": default, "description": draw(texts())}
        if draw(st.integers(0, 3)) == 0:
            options[oname]["type_basis"] = "inferred"
    if options:
        doc["options"] = options
    boolean_options = [o for o, spec in options.items() if spec["type"] == "boolean"]

    # events
    events: dict[str, Any] = {}
    for ename in draw(st.lists(snake_names(), max_size=3, unique=True)):
        if object_names and draw(st.integers(0, 4)):
            payload: Type = ("named", draw(st.sampled_from(object_names)))
        else:
            payload = draw(type_trees(data_names, 1))
        listeners = draw(st.lists(st.sampled_from(contexts), min_size=1, max_size=len(contexts), unique=True))
        event: dict[str, Any] = {"level": draw(LEVELS), "summary": draw(texts()), "payload": render(payload), "listeners": listeners}
        if draw(st.integers(0, 2)) == 0:
            event["global_listener"] = True
        if draw(st.integers(0, 3)) == 0:
            taken = {*events, ename}
            event["aliases"] = [{"name": draw(snake_names().filter(lambda a, taken=taken: a not in taken)), "source": "DOC"}]
        if payload[0] == "named" and payload[1] in defs.objects and draw(st.integers(0, 3)) == 0:
            sent: dict[str, Any] = {"happening": "join", "level": draw(LEVELS),
                                    "to": [{"context": listeners[0], "participants": draw(st.sampled_from(["self", "others", "all"]))}]}
            ints = [f for f, (ft, _, _) in defs.objects[payload[1]].items() if ft == ("prim", "integer")]
            if ints:
                sent["index_field"] = ints[0]
            event["sent_on"] = sent
        events[ename] = event
    if events:
        doc["events"] = events

    # state variables
    state: dict[str, Any] = {}
    for vname in draw(st.lists(names(_SNAKE, edge=0.05), max_size=2, unique=True)):
        vtype = draw(st.sampled_from([("prim", "boolean"), ("union", (("prim", "integer"), ("prim", "null"))),
                                      ("array", ("prim", "string"))]))
        var: dict[str, Any] = {"title": "A variable", "description": draw(texts()), "type": render(vtype), "level": draw(LEVELS)}
        if draw(st.booleans()):
            var["per_participant"] = True
        if draw(st.booleans()):
            var["initial"] = defs.value(draw, vtype)
        state[vname] = var
    if state:
        doc["state"] = state

    # members
    members: dict[str, Any] = {}
    member_names = draw(st.lists(names(), min_size=1, max_size=max_members, unique=True))
    alias_pool: set[str] = set()
    subscription = draw(st.integers(0, 2)) == 0 and bool(events)
    for i, mname in enumerate(member_names):
        member: dict[str, Any] = {"level": draw(LEVELS), "group": draw(st.sampled_from(groups)), "summary": draw(texts())}
        if draw(st.booleans()):
            member["public"] = True
        if draw(st.integers(0, 3)) == 0:
            member["description"] = draw(texts())
        if subscription and i == 0:
            member.update({
                "kind": "method",
                "params": [
                    {"name": draw(st.sampled_from(["eventName", "event", "name"])), "type": "EventName", "description": "The event."},
                    {"name": draw(st.sampled_from(["callback", "handler", "listener"])), "type": "EventHandler", "description": "The listener."},
                ],
                "returns": {"type": "Session", "level": draw(LEVELS)},
                "public": True,
            })
        elif draw(st.integers(0, 3)) == 0:
            ptype = draw(type_trees(type_names, 1))
            member.update({"kind": "property", "type": render(ptype)})
            pc = constraints_for(draw, defs, ptype)
            if pc:
                member["constraints"] = pc
            if states and draw(st.booleans()):
                member["preconditions"] = [{"state": draw(st.sampled_from(states)), "level": draw(LEVELS),
                                            "otherwise": "unavailable", "otherwise_level": draw(LEVELS)}]
        else:
            member["kind"] = "method"
            params = []
            optional = False
            for pname in draw(st.lists(names(likely=PARAM_WORDS), max_size=3, unique=True)):
                ptype = draw(type_trees(type_names, 1))
                param: dict[str, Any] = {"name": pname, "type": render(ptype), "description": draw(texts())}
                pc = constraints_for(draw, defs, ptype)
                if pc:
                    param["constraints"] = pc
                optional = optional or draw(st.integers(0, 2)) == 0
                if optional:
                    param["required"] = False
                    if draw(st.booleans()):
                        try:
                            param["default"] = defs.value(draw, ptype, pc)
                        except NoValue:
                            pass
                if draw(st.integers(0, 5)) == 0:
                    param["on_invalid"] = {"outcome": "ignored", "level": draw(LEVELS), "basis": "A reading."}
                params.append(param)
            if params:
                member["params"] = params
            rtype = draw(st.sampled_from(["void", "Promise<void>", "Session", "tree", "Promise<tree>"]))
            if "tree" in rtype:
                rtype = rtype.replace("tree", render(draw(type_trees(type_names, 1))))
            member["returns"] = {"type": rtype, "level": draw(LEVELS)}
            if draw(st.booleans()):
                member["returns"]["description"] = draw(texts())
            member["preconditions"] = _preconditions(draw, boolean_options, roles, states, params)
            if not member["preconditions"]:
                del member["preconditions"]
            effects = _effects(draw, state, states, params, defs)
            if effects:
                member["effects"] = effects
        member_contexts = [c for c in contexts if exposes[c] == "all-members" or member.get("public")]
        if events and member["kind"] == "method" and draw(st.booleans()):
            ename = draw(st.sampled_from(sorted(events)))
            receivers = [c for c in events[ename]["listeners"]]
            member["emits"] = [{"event": ename, "level": draw(LEVELS),
                                "to": [{"context": c, "participants": draw(st.sampled_from(["self", "others", "all"]))} for c in receivers]}]
        if draw(st.integers(0, 3 if member["kind"] == "method" else 30)) == 2:  # lint rejects a property's aliases
            alias = draw(names())
            if alias not in member_names and alias not in alias_pool:
                alias_pool.add(alias)
                member["aliases"] = [{"name": alias, "source": "DOC"}]
        if member_contexts and draw(st.integers(0, 3)) == 0:
            member["examples"] = [{"title": draw(one_line()), "code": draw(st.sampled_from(["session.x();\n", "// */ </script>\n", "a\\b ${c}\n"])),
                                   "context": draw(st.sampled_from(member_contexts))}]
            if draw(st.booleans()):  # Python that could break a docstring, a fence or a tab of the docs
                member["examples"][0]["python"] = draw(st.sampled_from(
                    ["session.x()\n", 's = """ \\"\\"\\" """  # */ </script>\n', "x = '```'\n\n\ny = '\\\\'\n"]))
        if draw(st.integers(0, 5)) == 0:
            member["notes"] = [draw(texts())]
        if subscription and i == 0 and draw(st.integers(0, 2)) == 0:  # also an event object, in some contexts
            full = [c for c in contexts if exposes[c] == "all-members"]
            member["event_object"] = {"summary": draw(texts()), "level": draw(LEVELS),
                                      "listener": [{"name": "message", "type": render(draw(type_trees(type_names, 1))),
                                                    "description": draw(texts())}]}
            if full:
                member["event_object"]["contexts"] = full[:1]
        members[mname] = member
    if draw(st.integers(0, 2)) == 0:  # a namespace: a method, a deprecated one, an event object; or unlisted members
        ns = draw(names())
        full = [c for c in contexts if exposes[c] == "all-members"]
        if ns not in members and ns not in alias_pool:
            namespace: dict[str, Any] = {"kind": "namespace", "group": draw(st.sampled_from(groups)), "level": draw(LEVELS),
                                         "summary": draw(texts()), "members": {}}
            if draw(st.integers(0, 3)) == 0:
                namespace["additional"] = render(draw(type_trees(type_names, 1)))
            else:
                go: dict[str, Any] = {"kind": "method", "level": draw(LEVELS), "summary": draw(texts()),
                                      "returns": {"type": draw(st.sampled_from(["void", "Promise<void>", "Promise<unknown>"])),
                                                  "level": draw(LEVELS)}}
                if draw(st.booleans()):
                    go["params"] = [{"name": "value", "type": render(draw(type_trees(type_names, 1))), "description": draw(texts())}]
                namespace["members"] = {
                    "go": go,
                    "old": {"kind": "method", "level": draw(LEVELS), "summary": draw(texts()),
                            "returns": {"type": "void", "level": draw(LEVELS)}, "deprecated": {"replacement": f"{ns}.go"}},
                    "feed": {"kind": "event_object", "level": draw(LEVELS), "summary": draw(texts()),
                             "listener": [{"name": "message", "type": render(draw(type_trees(type_names, 1))),
                                           "description": draw(texts())}]},
                }
            if full and draw(st.booleans()):
                namespace["contexts"] = full[:1]
            members[ns] = namespace
    doc["members"] = members
    if state and draw(st.booleans()):
        var = draw(st.sampled_from(sorted(state)))
        state[var]["observed_by"] = [member_names[-1]]

    # globals
    if draw(st.integers(0, 2)) == 0:
        gname = draw(choice((0.95, st.sampled_from(["webfuse", "browser", "Session", "window", "api", "x"])), (0.05, st.sampled_from(["class", "delete"]))))
        gmembers: dict[str, Any] = {
            "isInsideSession": {"kind": "property", "contexts": contexts, "level": draw(LEVELS), "type": "boolean",
                                "summary": draw(texts())},
        }
        full = [c for c in contexts if exposes[c] == "all-members"]
        public = [c for c in contexts if exposes[c] == "public-members"]
        if full:
            gmembers["listSessions"] = {"kind": "method", "contexts": full[:1], "level": draw(LEVELS), "summary": draw(texts()),
                                        "returns": {"type": f"Session<{full[0]}>[]", "level": draw(LEVELS)}}
        if public:
            gmembers["currentSession"] = {"kind": "property", "contexts": public[:1], "level": draw(LEVELS),
                                          "type": f"Session<{public[0]}>",
                                          "summary": draw(texts())}
        if events and draw(st.booleans()):
            gmembers["on"] = {"kind": "method", "contexts": contexts[:1], "level": draw(LEVELS), "summary": draw(texts()),
                              "params": [{"name": "eventName", "type": "EventName", "description": "The event."},
                                         {"name": "callback", "type": "EventHandler", "description": "The listener."}],
                              "returns": {"type": "void", "level": draw(LEVELS)}}
        doc["globals"] = {gname: {"description": draw(texts()), "members": gmembers}}
    return doc


def _has_number_edge(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_number_edge(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_number_edge(v) for v in value)
    return False


def _preconditions(draw: Any, options: list[str], roles: list[str], states: list[str], params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    kinds = [k for k, pool in (("option", options), ("role", roles), ("not_role", roles), ("state", states), ("not_state", states)) if pool]
    ints = [p["name"] for p in params if p["type"] == "integer"]
    if ints:
        kinds.append("participant")
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=2, unique=True)) if kinds else []:
        pool = {"option": options, "role": roles, "not_role": roles, "state": states, "not_state": states, "participant": ints}[kind]
        pre: dict[str, Any] = {kind: draw(st.sampled_from(pool)), "level": draw(LEVELS), "otherwise_level": draw(LEVELS)}
        if draw(st.booleans()):
            pre.update({"otherwise": "error", "error": "TypeError"})
        else:
            pre["otherwise"] = "ignored"
        out.append(pre)
    return out


def _effects(draw: Any, state: dict[str, Any], states: list[str], params: list[dict[str, Any]], defs: Defs) -> list[dict[str, Any]]:
    if draw(st.integers(0, 2)):
        return []
    choices: list[dict[str, Any]] = []
    for var, spec in state.items():
        if spec["type"] == "boolean":
            choices.append({"toggle": var})
            choices.append({"set": var, "value": draw(st.booleans())})
        elif spec["type"] == "string[]":
            strings = [p["name"] for p in params if p["type"] == "string"]
            if strings:
                choices.append({"append": var, "param": strings[0]})
        else:
            choices.append({"set": var, "value": None})
    choices += [{"toggle": s} for s in states]
    urls = [p["name"] for p in params if p["type"] == "string"]
    choices.append({"tabs": "open", **({"param": urls[0]} if urls else {})})
    effect = dict(draw(st.sampled_from(choices)))
    effect["level"] = draw(LEVELS)
    return [effect]


# -- writing ------------------------------------------------------------------------------------
_INF = "\x00inf\x00"


def _yaml_numbers(value: Any) -> Any:
    """Floats as YAML 1.1 reads them: .inf and .nan, and a dot and a signed exponent (``1.0e-300``, not ``1e-300``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return _INF + (".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf") + _INF
    if isinstance(value, float) and "e" in repr(value):
        mantissa, exponent = repr(value).split("e")
        mantissa += "" if "." in mantissa else ".0"
        return _INF + f"{mantissa}e{'' if exponent[0] in '+-' else '+'}{exponent}" + _INF
    if isinstance(value, dict):
        return {k: _yaml_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_numbers(v) for v in value]
    return value


def dump(doc: dict[str, Any]) -> str:
    """The spec as JSON text (which YAML reads), with non-finite numbers spelled as YAML's .inf/.nan."""
    text = json.dumps(_yaml_numbers(doc), ensure_ascii=False, indent=1)
    text = _YAML_SPECIAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # characters YAML reads as breaks or rejects
    return re.sub(r'"\\u0000inf\\u0000([-+.a-z0-9]+)\\u0000inf\\u0000"', r"\1", text) + "\n"


_YAML_SPECIAL = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
