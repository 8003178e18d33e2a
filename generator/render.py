"""The Jinja2 environment every template-based emitter uses."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Compiled templates are kept beside Python's own bytecode (and, like it, not when
# PYTHONDONTWRITEBYTECODE is set): compiling them is most of what a cold `generate` spends on Jinja.
# Jinja keys each entry by the template's name and source checksum, so an edited template recompiles.
BYTECODE = Path(__file__).resolve().parent / "__pycache__" / "jinja2"


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A bytecode cache that is only ever a speed-up: a folder it cannot write to changes nothing."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    if sys.dont_write_bytecode:
        return None
    try:
        BYTECODE.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietCache(str(BYTECODE))

# Characters that may not appear as they are inside a quoted string of the target: everything
# outside printable ASCII (checked one by one), the quote and the backslash.
_UNSAFE = re.compile(r'[^ !#-\[\]-~]')
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # controls, format (bidi...), surrogates, separators


def py_text(text: str) -> str:
    """Spec text for inside a Python ``"..."`` string or ``\"\"\"`` docstring; its value stays the text.

    Backslashes and double quotes are escaped, so the literal cannot be closed; line feeds and
    every other control, format, surrogate or separator character (tabs aside) are written as
    escapes, so nothing can end a line, hide code or fail to encode.
    """
    return _py_escape(str(text), quotes=True)


def py_doc_text(text: str) -> str:
    """Spec text for a line of a ``\"\"\"`` docstring whose quotes sit on lines of their own.

    As :func:`py_text`, but a double quote is escaped only in a run of three or more, the one sequence
    that could end the docstring, so code in examples keeps its ``"strings"`` as written.
    """
    return re.sub(r'"{3,}', lambda m: '\\"' * len(m.group()), _py_escape(str(text), quotes=False))


def _py_escape(text: str, quotes: bool) -> str:
    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        if ch == "\\" or ch == '"' and quotes:
            return "\\" + ch
        if ch == "\n":
            return "\\n"
        if ch in '\t"' or unicodedata.category(ch) not in _HIDDEN:
            return ch
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)


def toml_text(text: str) -> str:
    """Spec text for inside a TOML basic string (``"..."``); its value stays the text.

    Backslashes and double quotes are escaped, control, format and separator characters become
    ``\\uXXXX`` escapes, and a lone surrogate (which TOML cannot hold) becomes U+FFFD.
    """

    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in "\\\"":
            return "\\" + ch
        category = unicodedata.category(ch)
        if category == "Cs":
            return "\\uFFFD"
        return f"\\u{ord(ch):04X}" if category in _HIDDEN else ch

    return _UNSAFE.sub(escape, str(text))


def environment(target: str, filters: dict[str, Callable[..., Any]] | None = None) -> jinja2.Environment:
    """An environment over ``templates/<target>/``: strict undefined, no autoescape, LF, trimmed blocks.

    Every environment has the filters ``py_text`` and ``toml_text``, which escape spec text for a
    Python string or docstring and for a TOML basic string.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / target),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        newline_sequence="\n",
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update({"py_text": py_text, "toml_text": toml_text})
    env.filters.update(filters or {})
    return env
