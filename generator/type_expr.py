"""The small grammar of type expressions used throughout the spec.

    type     := postfix ("|" postfix)*
    postfix  := primary ("[" "]")*
    primary  := NAME ("<" type ("," type)* ">")? | STRING | NUMBER | "(" type ")"

Names: the primitives below, ``Promise<T>``, ``Record<string, T>``, ``Session`` /
``Session<context>``, ``EventName``, ``EventHandler``, ``true``/``false``, and the spec's types.

Types nest at most :data:`~generator.limits.MAX_TYPE_DEPTH` levels deep (each ``[]``, ``Promise<>``,
``Record<>`` and union is a level), and parentheses and type arguments open at most as many: deeper
is an error (rule ``too-deep``), so that neither the parser nor anything walking its trees recurses
without bound. A union joins at most :data:`~generator.limits.MAX_UNION_TYPES` types (rule ``too-many``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .limits import MAX_TYPE_DEPTH, MAX_UNION_TYPES

PRIMITIVES = ("string", "number", "integer", "boolean", "null", "unknown", "void")


@dataclass(frozen=True)
class Prim:
    name: str


@dataclass(frozen=True)
class Lit:
    value: str | int | float | bool


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class ArrayOf:
    item: TypeNode


@dataclass(frozen=True)
class PromiseOf:
    item: TypeNode


@dataclass(frozen=True)
class RecordOf:
    value: TypeNode


@dataclass(frozen=True)
class UnionOf:
    items: tuple[TypeNode, ...]


@dataclass(frozen=True)
class SessionRef:
    """The session itself: the one the member was called on (context None), or one of a context."""

    context: str | None


@dataclass(frozen=True)
class EventNameT:
    pass


@dataclass(frozen=True)
class EventHandlerT:
    pass


TypeNode = Prim | Lit | Named | ArrayOf | PromiseOf | RecordOf | UnionOf | SessionRef | EventNameT | EventHandlerT


class TypeSyntaxError(ValueError):
    def __init__(self, message: str, offset: int, rule: str = "type-syntax") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.rule = rule


def _too_deep(offset: int) -> TypeSyntaxError:
    return TypeSyntaxError(f"types nested more than {MAX_TYPE_DEPTH} levels deep; expected at most {MAX_TYPE_DEPTH} levels", offset, "too-deep")


_TOKEN = re.compile(
    r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<num>-?[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<str>'[^']*'|\"[^\"]*\")|(?P<punct>\[\]|[<>|(),])|(?P<bad>\S))"
)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.lastgroup is None:  # only trailing whitespace left
            break
        kind = m.lastgroup
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    out.append(("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.open = 0  # parentheses and type arguments open around the current token
        self.depths: dict[TypeNode, int] = {}  # levels of each node built that holds another (leaves: 0)

    def nest(self, node: TypeNode, children: tuple[TypeNode, ...], offset: int) -> TypeNode:
        """``node``, holding ``children``: a level deeper than the deepest of them."""
        depth = 1 + max(self.depths.get(child, 0) for child in children)
        if depth > MAX_TYPE_DEPTH:
            raise _too_deep(offset)
        self.depths[node] = depth
        return node

    def enter(self, offset: int) -> None:
        self.open += 1
        if self.open > MAX_TYPE_DEPTH:
            raise _too_deep(offset)

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, text, offset = self.take()
        if text != value or kind not in ("punct",):
            found = "end of expression" if kind == "end" else f"'{text}'"
            raise TypeSyntaxError(f"expected '{value}', found {found}", offset)

    def parse(self) -> TypeNode:
        node = self.union()
        kind, text, offset = self.peek()
        if kind != "end":
            raise TypeSyntaxError(f"unexpected '{text}' after a complete type", offset)
        return node

    def union(self) -> TypeNode:
        items = [self.postfix()]
        bar = self.peek()[2]
        while self.peek()[1] == "|" and self.peek()[0] == "punct":
            offset = self.take()[2]
            if len(items) == MAX_UNION_TYPES:  # a Python union is a chain of |: thousands fail to compile
                raise TypeSyntaxError(f"a union of more than {MAX_UNION_TYPES} types; expected at most {MAX_UNION_TYPES} "
                                      "(an enum type holds more values)", offset, "too-many")
            items.append(self.postfix())
        return items[0] if len(items) == 1 else self.nest(UnionOf(tuple(items)), tuple(items), bar)

    def postfix(self) -> TypeNode:
        node = self.primary()
        while self.peek()[:2] == ("punct", "[]"):
            offset = self.take()[2]
            node = self.nest(ArrayOf(node), (node,), offset)
        return node

    def args(self) -> list[tuple[TypeNode, int]]:
        self.enter(self.peek()[2])
        self.expect("<")
        out = [(self.union(), self.peek()[2])]
        while self.peek()[:2] == ("punct", ","):
            self.take()
            offset = self.peek()[2]
            out.append((self.union(), offset))
        self.expect(">")
        self.open -= 1
        return out

    def primary(self) -> TypeNode:
        kind, text, offset = self.take()
        if kind == "str":
            return Lit(text[1:-1])
        if kind == "num":
            return Lit(float(text) if "." in text else int(text))
        if kind == "punct" and text == "(":
            self.enter(offset)
            node = self.union()
            self.expect(")")
            self.open -= 1
            return node
        if kind != "name":
            found = "end of expression" if kind == "end" else f"'{text}'"
            raise TypeSyntaxError(f"expected a type, found {found}", offset)
        has_args = self.peek()[:2] == ("punct", "<")
        if text in ("true", "false"):
            return Lit(text == "true")
        if text == "Promise":
            args = self.args() if has_args else []
            if len(args) != 1:
                raise TypeSyntaxError("Promise takes exactly one type argument, as in Promise<T>", offset)
            return self.nest(PromiseOf(args[0][0]), (args[0][0],), offset)
        if text == "Record":
            args = self.args() if has_args else []
            if len(args) != 2 or args[0][0] != Prim("string"):
                raise TypeSyntaxError("Record takes a string key and a value type, as in Record<string, T>", offset)
            return self.nest(RecordOf(args[1][0]), (args[1][0],), offset)
        if text == "Session":
            if not has_args:
                return SessionRef(None)
            self.expect("<")
            ckind, ctext, coffset = self.take()
            if ckind != "name":
                raise TypeSyntaxError("Session<...> takes a context name", coffset)
            self.expect(">")
            return SessionRef(ctext)
        if has_args:
            raise TypeSyntaxError(f"'{text}' takes no type arguments", offset)
        if text in PRIMITIVES:
            return Prim(text)
        if text == "EventName":
            return EventNameT()
        if text == "EventHandler":
            return EventHandlerT()
        return Named(text)


def parse(text: str) -> TypeNode:
    """Parse a type expression; raise TypeSyntaxError with the offset of the problem."""
    if not isinstance(text, str) or not text.strip():
        raise TypeSyntaxError("expected a type expression, found nothing", 0)
    return _Parser(text).parse()


def walk(node: TypeNode) -> list[TypeNode]:
    """Every node of the tree, parents first."""
    out: list[TypeNode] = [node]
    if isinstance(node, (ArrayOf, PromiseOf)):
        out += walk(node.item)
    elif isinstance(node, RecordOf):
        out += walk(node.value)
    elif isinstance(node, UnionOf):
        for item in node.items:
            out += walk(item)
    return out


def to_json(node: TypeNode) -> dict[str, object]:
    """A structured, language-neutral form of the type for generated/spec.json."""
    if isinstance(node, Prim):
        return {"kind": "primitive", "name": node.name}
    if isinstance(node, Lit):
        return {"kind": "literal", "value": node.value}
    if isinstance(node, Named):
        return {"kind": "ref", "name": node.name}
    if isinstance(node, ArrayOf):
        return {"kind": "array", "item": to_json(node.item)}
    if isinstance(node, PromiseOf):
        return {"kind": "promise", "item": to_json(node.item)}
    if isinstance(node, RecordOf):
        return {"kind": "record", "value": to_json(node.value)}
    if isinstance(node, UnionOf):
        return {"kind": "union", "items": [to_json(i) for i in node.items]}
    if isinstance(node, SessionRef):
        return {"kind": "session", "context": node.context}
    if isinstance(node, EventNameT):
        return {"kind": "event-name"}
    return {"kind": "event-handler"}
