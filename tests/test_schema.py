"""The JSON Schema that editors use accepts the real spec and catches the mistakes the loader does."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from generator import yaml_source

from .conftest import MINIMAL, REPO, SPEC

SCHEMA = REPO / "spec" / "session_api.schema.json"


def _data(path: Any) -> Any:
    located, problems = yaml_source.load(path.read_text("utf-8"), str(path))
    assert located is not None and not problems
    return located.data


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_spec_points_editors_at_the_schema() -> None:
    first = SPEC.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./session_api.schema.json"


@pytest.mark.parametrize("path", [SPEC, MINIMAL], ids=["real", "minimal"])
def test_schema_accepts_valid_specs(validator: jsonschema.Draft202012Validator, path: Any) -> None:
    assert list(validator.iter_errors(_data(path))) == []


def test_schema_rejects_typos_and_bad_values(validator: jsonschema.Draft202012Validator) -> None:
    data = _data(SPEC)
    data["members"]["relocate"]["tpye"] = "string"
    data["members"]["log"]["kind"] = "function"
    data["options"]["chat_enabled"]["default"] = {"value": True}
    errors = sorted(list(e.absolute_path) for e in validator.iter_errors(data))
    assert ["members", "relocate"] in errors
    assert ["members", "log", "kind"] in errors
    assert any(path[:3] == ["options", "chat_enabled", "default"] for path in errors)
