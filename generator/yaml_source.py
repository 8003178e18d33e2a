"""Read YAML into plain data while remembering where every key and value came from.

Reading is bounded (see :mod:`generator.limits`): the text's size, the nodes it holds, how deep its
mappings and lists nest and how far its aliases expand are limited, and each limit is reported like
any other problem of the spec, at a line and column. Line ends are YAML's (LF, CR LF, and CR alone,
as old Mac editors write them); a character YAML does not allow, written as an escape in a
double-quoted string (a control character, or half of a surrogate pair, which UTF-8 cannot encode),
is reported where its string starts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from .diagnostics import Diagnostic, Path, format_path
from .limits import ALIAS_FACTOR, MAX_DEPTH, MAX_NAME_LENGTH, MAX_NODES, MAX_SPEC_BYTES

Position = tuple[int, int]  # 1-based line, 1-based column


@dataclass
class Located:
    """Plain data (dicts, lists, scalars) plus the position of each value and each key."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    # Where a scalar's text starts, for pointing inside it (type expressions); only for scalars
    # written on one line exactly as read (no escapes, no folding), where offsets map to columns.
    text_start: dict[Path, Position] = field(default_factory=dict)
    # Literal block scalars (``|``), as code is written: the line of the value's first line and the
    # column of its indentation, so that line N, column C of the value is at line + N - 1, column + C - 1.
    block_start: dict[Path, Position] = field(default_factory=dict)

    def value_pos(self, path: Path) -> Position:
        """Position of the value at ``path``, or of the nearest enclosing value that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_pos(self, path: Path) -> Position:
        return self.keys.get(path) or self.value_pos(path)


# YAML's line breaks, as both parsers count lines: CR LF, LF, CR alone, and NEL, LS, PS.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_RARE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
# Characters a YAML file may not hold; an escape in a double-quoted string still puts them in the data.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Texts up to this size are parsed again in pure Python when libyaml finds them invalid, for the
# messages the diagnostics are written against; a larger text (a second or more in pure Python)
# gets libyaml's message.
_PURE_PYTHON_MAX_CHARS = 500_000


def _pos(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _event_pos(event: Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _line_starts(text: str) -> list[int]:
    """The offset of each line's first character, with lines broken as YAML breaks them."""
    if any(brk in text for brk in _RARE_BREAKS):
        return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
    starts = [0]
    newline = text.find("\n")
    while newline != -1:
        starts.append(newline + 1)
        newline = text.find("\n", newline + 1)
    return starts


def _block_start(text: str, line_starts: list[int], first: int, value: str) -> Position | None:
    """Where the lines of a literal block scalar start: ``first`` is the 0-based line after its
    header, and the indentation is read off its first non-blank line (None when the text does not
    show the value's lines as they are, which a literal block always does)."""
    for i, line in enumerate(value.split("\n")):
        if not line.strip(" "):
            continue
        n = first + i
        if n >= len(line_starts):
            return None
        end = line_starts[n + 1] if n + 1 < len(line_starts) else len(text)
        written = _LINE_BREAK.sub("", text[line_starts[n]:end])
        indent = len(written) - len(line)
        if indent < 0 or written[indent:] != line or written[:indent].strip(" "):
            return None
        return first + 1, indent + 1
    return None


def _offset_pos(text: str, offset: int) -> Position:
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


class _Scalars(SafeConstructor):
    """YAML 1.1's scalars, except that a date stays the text it is written as (as in YAML 1.2, and as
    editors validating against the JSON Schema read it)."""

    yaml_constructors = {**SafeConstructor.yaml_constructors, "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_str}


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml: about 20x faster than pure Python


class _Stop(Exception):
    """Reading stops at a limit: the one diagnostic to report, with ``path``."""

    def __init__(self, position: Position, rule: str, path: Path, message: str) -> None:
        super().__init__(message)
        self.position, self.rule, self.path, self.message = position, rule, path, message

    def diagnostic(self, filename: str) -> Diagnostic:
        return Diagnostic(*self.position, self.rule, format_path(self.path), self.message, filename)


_TOO_DEEP = f"mappings and lists nested more than {MAX_DEPTH} levels deep; expected at most {MAX_DEPTH} levels"


def _too_deep(position: Position, path: Path) -> _Stop:
    return _Stop(position, "too-deep", path, _TOO_DEEP)


class _DepthLoader(yaml.SafeLoader):
    """The pure-Python loader, stopping at the first mapping or list nested past :data:`MAX_DEPTH`
    (its composer recurses, about three frames a level)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._path: list[Any] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if not self.check_event(CollectionStartEvent):
            return super().compose_node(parent, index)
        self._path.append(index.value if isinstance(index, ScalarNode) else index)  # None: the root, or a key
        try:
            if len(self._path) > MAX_DEPTH:
                event: Event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _too_deep(_event_pos(event), tuple(p for p in self._path if p is not None))
            return super().compose_node(parent, index)
        finally:
            self._path.pop()


def _node_events(text: str) -> Iterator[tuple[NodeEvent, Path | None, int]]:
    """Each node event of ``text`` (a scalar, an alias, the start of a mapping or list) with the data
    path of its node (None for a key, and inside a key that is not a scalar) and its depth (mappings
    and lists it is in, itself included), from the parser's events alone: nothing is built, nothing
    recurses, and only the open collections are kept."""
    open_: list[list[Any]] = []  # per open collection: its path, whether a mapping, children seen, last key
    event: Event
    for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
        if isinstance(event, CollectionEndEvent):
            open_.pop()
        elif isinstance(event, NodeEvent):
            path: Path | None = ()
            if open_:
                base, mapping, seen, key = open_[-1]
                if base is None or (mapping and (seen % 2 == 0 or key is None)):
                    path = None
                else:
                    path = (*base, key if mapping else seen)
            starts = isinstance(event, CollectionStartEvent)
            yield event, path, len(open_) + starts
            if open_:
                top = open_[-1]
                if top[1] and top[2] % 2 == 0:  # a key: the next node is its value
                    top[3] = event.value if isinstance(event, ScalarEvent) else None
                top[2] += 1
            if starts:
                open_.append([path, isinstance(event, MappingStartEvent), 0, None])


def _depth_check(text: str) -> None:
    """Raise ``_Stop`` at the first mapping or list nested past :data:`MAX_DEPTH`, if any comes before
    the first syntax error (which is left to the caller)."""
    try:
        for event, path, depth in _node_events(text):
            if depth > MAX_DEPTH:
                raise _too_deep(_event_pos(event), path or ())
    except (yaml.YAMLError, UnicodeEncodeError):
        return


def _compose(text: str) -> Node | None:
    """Compose with libyaml when it is there; when it finds an error, parse again in pure Python, whose
    messages and marks are the ones the diagnostics (and their tests) are written against. Either way a
    mapping or list nested past :data:`MAX_DEPTH` before the error is reported instead (libyaml stops
    at 1,000 levels; the pure-Python composer would run out of stack before that)."""
    if _FAST_LOADER is None:
        return yaml.compose(text, Loader=_DepthLoader)
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except UnicodeEncodeError:  # a surrogate in a str given by a caller: the pure-Python reader says where
        return yaml.compose(text, Loader=_DepthLoader)
    except yaml.YAMLError:
        if len(text) <= _PURE_PYTHON_MAX_CHARS:
            return yaml.compose(text, Loader=_DepthLoader)
        _depth_check(text)
        raise


def _node_bound(text: str) -> int:
    """At least the number of nodes ``text`` holds, cheaply: every node but the first starts after a
    line break or one of ``: - , [ { ?``, and none of these starts more than two (a key and its empty value)."""
    if 1 + 2 * len(text) <= MAX_NODES:  # the spec's size: no need to count
        return 1 + 2 * len(text)
    return 1 + 2 * sum(text.count(c) for c in "\n\r\x85\u2028\u2029:-,[{?")


def _check_node_count(text: str) -> None:
    """Raise ``_Stop`` at the first node past :data:`MAX_NODES`, counting the parser's events (a syntax
    error stops the count; the composer reports it)."""
    if _node_bound(text) <= MAX_NODES:
        return
    count = 0
    try:
        for event, _, _ in _node_events(text):
            if not isinstance(event, AliasEvent):
                count += 1
                if count > MAX_NODES:
                    raise _Stop(_event_pos(event), "too-many-nodes", (),
                                f"more than {MAX_NODES:,} YAML nodes (keys, values and list items); expected at most {MAX_NODES:,}")
    except (yaml.YAMLError, UnicodeEncodeError):
        return


def _size_problem(text: str) -> str | None:
    if len(text) * 4 <= MAX_SPEC_BYTES:  # no character takes more than 4 bytes
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    return too_large_message(size) if size > MAX_SPEC_BYTES else None


def too_large_message(size: int | None) -> str:
    found = f"{size:,} bytes" if size is not None else f"more than {MAX_SPEC_BYTES:,} bytes"
    return f"the spec is {found}; expected at most {MAX_SPEC_BYTES:,} bytes ({MAX_SPEC_BYTES // (1024 * 1024)} MiB)"


def _alias_position(text: str, path: Path) -> Position | None:
    """Where the alias at ``path`` is written."""
    try:
        for event, at, _ in _node_events(text):
            if at == path and isinstance(event, AliasEvent):
                return _event_pos(event)
    except (yaml.YAMLError, UnicodeEncodeError):  # pragma: no cover - the text composed before
        pass
    return None


# What may come just before an alias's '*': a separation space, a line break, a flow indicator, or
# the indicator of a key, a value or a list item (and the text's start, or its byte order mark).
_BEFORE_ALIAS = frozenset(" \t\r\n\x85\u2028\u2029\ufeff[]{},:?-")


def _may_alias(text: str) -> bool:
    """Whether ``text`` may hold an alias (never False when it does): a '*' where a node can start."""
    star = text.find("*")
    while star != -1:
        if star == 0 or text[star - 1] in _BEFORE_ALIAS:
            return True
        star = text.find("*", star + 1)
    return False


def _distinct_nodes(root: Node) -> int:
    """The nodes written in the document: each once, however many aliases refer to it."""
    seen = {id(root)}
    todo = [root]
    while todo:
        node = todo.pop()
        children = [c for pair in node.value for c in pair] if isinstance(node, MappingNode) else node.value if isinstance(node, SequenceNode) else []
        for child in children:
            if id(child) not in seen:
                seen.add(id(child))
                todo.append(child)
    return len(seen)


def _character_problem(text: str) -> str | None:
    """Why a double-quoted string's value cannot be used, if it holds a character YAML does not allow."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return None
    code = ord(bad.group())
    if 0xD800 <= code <= 0xDFFF:
        return (f"U+{code:04X} is half of a UTF-16 surrogate pair, which UTF-8 cannot encode; expected the escape "
                "of a whole character (\\U0001F600, not \\uD83D\\uDE00)")
    return f"U+{code:04X} is a character YAML does not allow (a control character or a noncharacter, here written as an escape); expected printable text"


def _key_problem(key_node: ScalarNode) -> tuple[str, str] | None:
    """The rule and the message for a key that cannot be used, if it cannot."""
    key = key_node.value
    problem = _character_problem(key) if key_node.style == '"' else None
    if problem is not None:
        return "invalid-character", problem
    if len(key) > MAX_NAME_LENGTH:
        return "too-long", f"a key of {len(key):,} characters ('{key[:20]}...'); expected at most {MAX_NAME_LENGTH}"
    return None


def load(text: str, filename: str) -> tuple[Located | None, list[Diagnostic]]:
    """Parse ``text``; return located data, or None and the problems that stopped it (a syntax error,
    or a limit of :mod:`generator.limits`)."""
    too_large = _size_problem(text)
    if too_large is not None:
        return None, [Diagnostic(1, 1, "too-large", "(document)", too_large, filename)]
    try:
        _check_node_count(text)
        root = _compose(text)
    except _Stop as stop:
        return None, [stop.diagnostic(filename)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        start = exc.context_mark
        if exc.context and start is not None and mark is not start:  # where the broken construct began
            problem += f" ({exc.context} started at line {start.line + 1}, column {start.column + 1})"
        return None, [Diagnostic(line, col, "yaml-syntax", "(document)", f"{problem}; expected valid YAML", filename)]
    except ReaderError as exc:  # a character YAML does not allow; reported by offset, not mark
        line, col = _offset_pos(text, exc.position)
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}" if isinstance(exc.character, int) else exc.reason
        return None, [Diagnostic(line, col, "yaml-syntax", "(document)", f"{problem}; expected valid YAML", filename)]
    except yaml.YAMLError as exc:  # pragma: no cover - no other error comes without a mark
        return None, [Diagnostic(1, 1, "yaml-syntax", "(document)", " ".join(str(exc).split()), filename)]
    located = Located(data=None)
    diagnostics: list[Diagnostic] = []
    if root is None:
        located.data = None
        return located, diagnostics
    constructor = _Scalars()
    # Marks give line and column in characters (libyaml's index counts bytes), so slice by those.
    line_starts = _line_starts(text)

    building: set[int] = set()  # ids of the collections being built, to catch recursive aliases
    # Aliases: a node met again is an alias's; once one is, every node built counts against a budget.
    aliases = _may_alias(text)
    built: set[int] = set()  # ids of the nodes built (only when aliases are possible)
    visits = 0
    budget = 0  # nodes the data may hold, once the first alias is met
    written = 0  # nodes written in the text, once the first alias is met
    alias_at: Path | None = None  # the path of the alias whose expansion is being built
    tree = [root]  # the nodes, for the closures below until they are built
    max_depth, max_name = MAX_DEPTH, MAX_NAME_LENGTH

    def stop_at_alias(path: Path, rule: str, message: str) -> _Stop:
        assert alias_at is not None
        position = _alias_position(text, alias_at) or located.value_pos(path)
        return _Stop(position, rule, alias_at if rule == "alias-expansion" else path, message)

    def counted(node: Node, path: Path, depth: int) -> Any:
        """:func:`build`, counting the nodes built against the aliases' budget (only when the text may
        hold an alias, so that the common case pays nothing)."""
        nonlocal visits, budget, written, alias_at
        visits += 1
        outermost = False
        if id(node) in built:  # met before: through an alias
            if alias_at is None:
                alias_at, outermost = path, True
            if not budget:
                written = _distinct_nodes(tree[0])
                budget = min(ALIAS_FACTOR * written, MAX_NODES)
        else:
            built.add(id(node))
        if budget and visits > budget:
            raise stop_at_alias(path, "alias-expansion",
                                f"aliases expand the data past {budget:,} nodes ({ALIAS_FACTOR} times the {written:,} written, "
                                f"at most {MAX_NODES:,}); expected aliases that repeat less")
        try:
            return build(node, path, depth)
        finally:
            if outermost:
                alias_at = None

    def build(node: Node, path: Path, depth: int) -> Any:
        located.values[path] = _pos(node)
        if isinstance(node, (MappingNode, SequenceNode)):
            if depth >= max_depth:
                if alias_at is not None:
                    raise stop_at_alias(path, "too-deep", _TOO_DEEP)
                raise _too_deep(_pos(node), path)
            if id(node) in building:
                line, col = _pos(node)
                diagnostics.append(
                    Diagnostic(line, col, "yaml-syntax", format_path(path), "an alias refers to a collection that contains it; expected data without cycles", filename)
                )
                return None
            building.add(id(node))
            try:
                return build_collection(node, path, depth + 1)
            finally:
                building.discard(id(node))
        assert isinstance(node, ScalarNode)
        start, end = node.start_mark, node.end_mark
        if start.line == end.line:
            offset = line_starts[start.line]
            source = text[offset + start.column : offset + end.column]
            if not node.style and source == node.value:  # plain (libyaml says "", PyYAML None)
                located.text_start[path] = _pos(node)
            elif node.style in ("'", '"') and source[1:-1] == node.value:
                located.text_start[path] = (start.line + 1, start.column + 2)
        elif node.style == "|":
            block = _block_start(text, line_starts, start.line + 1, node.value)
            if block is not None:
                located.block_start[path] = block
        try:
            value = constructor.construct_object(node)
        except yaml.MarkedYAMLError as exc:  # an unknown tag, as !foo
            message = f"{exc.problem or 'invalid value'}; expected no tag, or a standard YAML tag"
        except (ValueError, TypeError, OverflowError) as exc:  # a value its tag cannot read, as 2001-02-30
            kind = node.tag.rsplit(":", 1)[-1]
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            message = f"cannot read '{shown}' as a YAML {kind} ({exc}); expected a valid {kind}, or quotes to make it text"
        else:
            problem = _character_problem(value) if node.style == '"' and isinstance(value, str) else None
            if problem is None:
                return value
            line, col = _pos(node)
            diagnostics.append(Diagnostic(line, col, "invalid-character", format_path(path), problem, filename))
            return _NOT_PRINTABLE.sub("\ufffd", value)
        line, col = _pos(node)
        diagnostics.append(Diagnostic(line, col, "yaml-syntax", format_path(path), message, filename))
        return node.value

    step = counted if aliases else build

    def build_collection(node: MappingNode | SequenceNode, path: Path, depth: int) -> Any:
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    line, col = _pos(key_node)
                    diagnostics.append(
                        Diagnostic(line, col, "invalid-key", format_path(path), "keys must be plain strings", filename)
                    )
                    continue
                key = key_node.value
                if key_node.style == '"' or len(key) > max_name:
                    bad = _key_problem(key_node)
                    if bad is not None:
                        line, col = _pos(key_node)
                        diagnostics.append(Diagnostic(line, col, bad[0], format_path(path), bad[1], filename))
                        continue
                child = (*path, key)
                if key in out:
                    line, col = _pos(key_node)
                    first = located.keys[child][0]
                    diagnostics.append(
                        Diagnostic(
                            line, col, "duplicate-key", format_path(child),
                            f"key '{key}' appears twice in this mapping (first on line {first}); expected unique keys",
                            filename,
                        )
                    )
                    continue
                located.keys[child] = _pos(key_node)
                out[key] = step(value_node, child, depth)
            return out
        return [step(item, (*path, i), depth) for i, item in enumerate(node.value)]

    try:
        located.data = step(tree[0], (), 0)
    except _Stop as stop:
        return None, [*diagnostics, stop.diagnostic(filename)]
    finally:  # the nodes (about a third of the memory) go now, not when the closures' cycle is collected
        constructor.constructed_objects.clear()
        tree.clear()
    return located, diagnostics
