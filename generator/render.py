"""The Jinja2 environment every template-based emitter uses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(target: str, filters: dict[str, Callable[..., Any]] | None = None) -> jinja2.Environment:
    """An environment over ``templates/<target>/``: strict undefined, no autoescape, LF, trimmed blocks."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / target),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        newline_sequence="\n",
    )
    env.filters.update(filters or {})
    return env
