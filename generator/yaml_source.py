"""Read YAML into plain data while remembering where every key and value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from .diagnostics import Diagnostic, Path, format_path

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

    def value_pos(self, path: Path) -> Position:
        """Position of the value at ``path``, or of the nearest enclosing value that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_pos(self, path: Path) -> Position:
        return self.keys.get(path) or self.value_pos(path)


def _pos(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _offset_pos(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class _Scalars(SafeConstructor):
    """YAML 1.1's scalars, except that a date stays the text it is written as (as in YAML 1.2, and as
    editors validating against the JSON Schema read it)."""


def _date_as_text(constructor: yaml.SafeLoader, node: Node) -> Any:  # called with a _Scalars
    return constructor.construct_yaml_str(node)


_Scalars.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml: about 20x faster than pure Python


def _compose(text: str) -> Node | None:
    """Compose with libyaml when it is there; on any error, parse again in pure Python, whose
    messages and marks are the ones the diagnostics (and their tests) are written against."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load(text: str, filename: str) -> tuple[Located | None, list[Diagnostic]]:
    """Parse ``text``; return located data, or None and the syntax error."""
    try:
        root = _compose(text)
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
    line_starts = [0]
    newline = text.find("\n")
    while newline != -1:
        line_starts.append(newline + 1)
        newline = text.find("\n", newline + 1)

    building: set[int] = set()  # ids of the collections being built, to catch recursive aliases

    def build(node: Node, path: Path) -> Any:
        located.values[path] = _pos(node)
        if isinstance(node, (MappingNode, SequenceNode)):
            if id(node) in building:
                line, col = _pos(node)
                diagnostics.append(
                    Diagnostic(line, col, "yaml-syntax", format_path(path), "an alias refers to a collection that contains it; expected data without cycles", filename)
                )
                return None
            building.add(id(node))
            try:
                return build_collection(node, path)
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
        try:
            return constructor.construct_object(node)
        except yaml.MarkedYAMLError as exc:  # an unknown tag, as !foo
            message = f"{exc.problem or 'invalid value'}; expected no tag, or a standard YAML tag"
        except (ValueError, TypeError, OverflowError) as exc:  # a value its tag cannot read, as 2001-02-30
            kind = node.tag.rsplit(":", 1)[-1]
            message = f"cannot read '{node.value}' as a YAML {kind} ({exc}); expected a valid {kind}, or quotes to make it text"
        line, col = _pos(node)
        diagnostics.append(Diagnostic(line, col, "yaml-syntax", format_path(path), message, filename))
        return node.value

    def build_collection(node: MappingNode | SequenceNode, path: Path) -> Any:
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
                out[key] = build(value_node, child)
            return out
        return [build(item, (*path, i)) for i, item in enumerate(node.value)]

    located.data = build(root, ())
    return located, diagnostics
