"""Located validation events: file:line:column, a path inside the spec, a stable rule id."""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render ``("members", "relocate", "params", 0, "type")`` as ``members.relocate.params[0].type``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f'["{part}"]'
    return out or "(document)"


@dataclass(frozen=True, order=True)
class Diagnostic:
    line: int
    column: int
    rule: str
    path: str
    message: str
    file: str = ""
    severity: str = "error"  # or "warning": reported, but the spec is still used

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.rule}] {self.path}: {self.message}"


class SpecError(Exception):
    """Raised with every diagnostic of a spec that cannot be used."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} error(s) in spec")
        self.diagnostics = sorted(diagnostics)
