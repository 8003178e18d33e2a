"""Read YAML into plain data while remembering where every key and value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Path, format_path

Position = tuple[int, int]  # 1-based line, 1-based column


@dataclass
class Located:
    """Plain data (dicts, lists, scalars) plus the position of each value and each key."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    # Where a scalar string's text starts, for pointing inside it (type expressions).
    plain: dict[Path, bool] = field(default_factory=dict)

    def value_pos(self, path: Path) -> Position:
        """Position of the value at ``path``, or of the nearest enclosing value that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_pos(self, path: Path) -> Position:
        return self.keys.get(path) or self.value_pos(path)


def _pos(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Scalars(SafeConstructor):
    pass


def load(text: str, filename: str) -> tuple[Located | None, list[Diagnostic]]:
    """Parse ``text``; return located data, or None and the syntax error."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        return None, [Diagnostic(line, col, "yaml-syntax", "(document)", f"{problem}; expected valid YAML", filename)]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        return None, [Diagnostic(1, 1, "yaml-syntax", "(document)", str(exc), filename)]
    located = Located(data=None)
    diagnostics: list[Diagnostic] = []
    if root is None:
        located.data = None
        return located, diagnostics
    constructor = _Scalars()

    def build(node: Node, path: Path) -> Any:
        located.values[path] = _pos(node)
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
        if isinstance(node, SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        located.plain[path] = node.style is None
        return constructor.construct_object(node)

    located.data = build(root, ())
    return located, diagnostics
