"""``spec/session_api.schema.json``: the JSON Schema of the spec format, for editors."""

from __future__ import annotations

from typing import Any

from .. import spec_format as fmt
from ..model import Model
from ..outputs import OutputFile

SCHEMA_NAME = "session_api.schema.json"


def format_schema() -> dict[str, Any]:
    schema = fmt.Spec.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://webfuse-session-api.invalid/spec/" + SCHEMA_NAME,
        **schema,
    }


def emit(model: Model) -> list[OutputFile]:
    del model  # the schema describes the format, not one spec
    return [OutputFile(SCHEMA_NAME, format_schema(), root="spec")]
