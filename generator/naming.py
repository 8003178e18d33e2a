"""Identifier rules shared by the validator and the emitters.

The rule for names that collide with a language's reserved words:
- TypeScript/JavaScript: a parameter or type name that is a reserved word is an error (it cannot
  be written as a binding); member and field names are property names and may be anything valid.
- Python: a name that is a keyword, a soft keyword, or ``self``/``cls`` gets a trailing underscore
  (``type`` -> ``type_``, ``self`` -> ``self_``), as PEP 8 recommends; the wire name is kept as an alias.
"""

from __future__ import annotations

import keyword
import re

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")

JS_RESERVED = frozenset(
    """
    arguments await break case catch class const continue debugger default delete do else enum
    eval export extends false finally for function if implements import in instanceof interface let
    new null package private protected public return static super switch this throw true try typeof
    var void while with yield
    """.split()
)

# Names a type declared in the spec may not take: TypeScript's own and the type grammar's.
TYPE_RESERVED = frozenset(
    """
    any bigint boolean never null number object string symbol undefined unknown void integer
    Promise Record Array Session PublicSession EventName EventHandler true false
    """.split()
)

PY_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"self", "cls"}


def snake_case(name: str) -> str:
    """``getSessionInfo`` -> ``get_session_info``; already snake names are kept."""
    out = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    out = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", out)
    return out.lower()


def python_name(name: str) -> str:
    snake = snake_case(name)
    return snake + "_" if snake in PY_RESERVED else snake
