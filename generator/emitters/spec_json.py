"""``generated/spec.json``: the resolved model, for tools in any language."""

from __future__ import annotations

from ..model import Model, to_jsonable
from ..outputs import OutputFile
from ..spec_format import FORMAT_VERSION


def emit(model: Model) -> list[OutputFile]:
    data = to_jsonable(model)
    return [OutputFile("spec.json", {"format": FORMAT_VERSION, **data})]
