"""Emitters: one module per target, each turning the model into output files.

An emitter module defines ``emit(model) -> list[OutputFile]``; templates, if it uses any, live in
``templates/<target>/`` and are loaded with :func:`generator.render.environment`.
Adding a target means adding its module name to ``EMITTERS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..model import Model
from ..outputs import OutputFile

EMITTERS = ("spec_schema", "spec_json", "typescript", "python", "docs", "conformance")
SLOWEST = "python"  # the pipeline may run it in a second process while the others render


def load(name: str) -> Callable[[Model], list[OutputFile]]:
    module = importlib.import_module(f"{__name__}.{name}")
    emit: Callable[[Model], list[OutputFile]] = module.emit
    return emit
