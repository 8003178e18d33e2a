"""Every implementation of a string format agrees with its one definition (generator/formats.py).

The vectors are the definition made testable: the generated Python client's validators, the Python
reference, the JavaScript reference (run in Node), and the conformance suite (its strategies and its
checks of invalid arguments) must each accept every string a format accepts and reject every one it
rejects.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import spec_format as fmt
from generator.formats import FORMATS

from .conftest import REPO

sys.path[:0] = [str(REPO / "generated" / "python"), str(REPO / "generated" / "conformance"), str(REPO / "reference" / "python")]

from webfuse_conformance import spec_data, strategies  # noqa: E402
from webfuse_reference import validators  # noqa: E402
from webfuse_session import _runtime  # noqa: E402

VECTORS = [(name, value, True) for name, f in FORMATS.items() for value in f.accepts]
VECTORS += [(name, value, False) for name, f in FORMATS.items() for _, value in f.rejects]
JS_REFERENCE = REPO / "reference" / "js" / "dist" / "webfuse-reference.js"

REFERENCE: dict[str, Callable[[str, str], str]] = {
    "absolute-url": validators.check_absolute_url,
    "url": validators.check_url,
    "origin-or-wildcard": validators.check_origin_or_wildcard,
}


def _accepts(check: Callable[[str], object], value: str) -> bool:
    try:
        check(value)
    except Exception:
        return False
    return True


def _id(vector: tuple[str, str, bool]) -> str:
    name, value, fits = vector
    return f"{name}:{'fits' if fits else 'not'}:{json.dumps(value)}"


def test_the_formats_are_the_ones_the_spec_format_names() -> None:
    named = typing.get_args(typing.get_args(fmt.Constraints.model_fields["format"].annotation)[0])
    assert set(FORMATS) == set(named)
    for f in FORMATS.values():
        assert f.sample in f.accepts and f.accepts and f.rejects


@pytest.mark.parametrize("vector", VECTORS, ids=_id)
def test_the_python_client_agrees(vector: tuple[str, str, bool]) -> None:
    name, value, fits = vector
    assert _accepts(_runtime.FORMATS[name], value) is fits


@pytest.mark.parametrize("vector", VECTORS, ids=_id)
def test_the_python_reference_agrees(vector: tuple[str, str, bool]) -> None:
    name, value, fits = vector
    assert _accepts(lambda v: REFERENCE[name]("value", v), value) is fits


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH")
def test_the_javascript_reference_agrees() -> None:
    script = """
    globalThis.window = globalThis;
    eval(require("fs").readFileSync(process.argv[1], "utf8"));
    const ref = globalThis.WebfuseReference;
    const checks = {"absolute-url": ref.checkAbsoluteUrl, "url": ref.checkUrl, "origin-or-wildcard": ref.checkOriginOrWildcard};
    const vectors = JSON.parse(process.argv[2]);
    console.log(JSON.stringify(vectors.map(([name, value]) => { try { checks[name]("value", value); return true; } catch { return false; } })));
    """
    done = subprocess.run(["node", "-e", script, str(JS_REFERENCE), json.dumps(VECTORS)], capture_output=True, text=True,
                          timeout=60, check=True)
    got = json.loads(done.stdout)
    wrong = [_id(v) for v, accepted in zip(VECTORS, got, strict=True) if accepted is not v[2]]
    assert wrong == []


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_the_suite_draws_only_strings_that_fit(name: str) -> None:
    @settings(max_examples=100, database=None, derandomize=True)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        value = data.draw(strategies.FORMATS[name])
        assert _accepts(_runtime.FORMATS[name], value), value

    draw()


def test_the_suite_tries_every_rejected_string_as_an_invalid_argument() -> None:
    found = 0
    for member in spec_data.DATA["members"].values():
        for param in member["params"]:
            name = param.get("constraints", {}).get("format")
            if name is None:
                continue
            tried = [entry["value"] for entry in param["invalid"]]
            assert all(value in tried for _, value in FORMATS[name].rejects), (member, param["name"])
            found += 1
    assert found >= 3


def test_the_docs_print_each_definition_and_its_vectors() -> None:
    page = (Path(REPO) / "generated" / "docs" / "types.md").read_text("utf-8")
    for f in FORMATS.values():
        assert f"{{#format-{f.name}}}" in page
