"""The feature-coverage spec, ``tests/specs/coverage.yaml``: it uses every feature of the format, its output
is kept as a golden record in ``tests/golden/coverage/``, and that output compiles and imports.

After a change to the generator that changes this output, regenerate the record and review its diff:

    .venv/bin/python -m generator generate --spec tests/specs/coverage.yaml --out tests/golden/coverage
"""

from __future__ import annotations

import shutil
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator import spec_format as fmt
from generator import type_expr as te
from generator.cli import main
from generator.history import load_with_history
from generator.model import TypeUse
from generator.yaml_source import load

from .conftest import REPO
from .generated_checks import check_folders

SPEC = REPO / "tests" / "specs" / "coverage.yaml"
RELEASES = SPEC.parent / "releases"
GOLDEN = REPO / "tests" / "golden" / "coverage"
LABEL = "tests/specs/coverage.yaml"
REGENERATE = f".venv/bin/python -m generator generate --spec {LABEL} --out tests/golden/coverage"
# Not part of the record: the manifest hashes the generator itself (it changes with any edit to it), and the
# conformance suite's hand-written modules are copied from runtime/ as they are.
RUNTIME = {f"conformance/webfuse_conformance/{p.name}" for p in (REPO / "runtime" / "webfuse_conformance").glob("*.py")}
NOT_RECORDED = {"manifest.json", *RUNTIME}


# -- every feature of the format --------------------------------------------------------------
def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _options(tp: Any) -> list[Any]:
    tp = _unwrap(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
    return [tp]


def _walk(tp: Any, value: Any, seen: set[tuple[str, ...]]) -> None:
    """Record which key of which format model, and which value of each closed choice, ``value`` uses."""
    for option in _options(tp):
        origin = typing.get_origin(option)
        if isinstance(option, type) and issubclass(option, BaseModel) and isinstance(value, dict):
            fields = {(f.alias or n): f for n, f in option.model_fields.items()}
            if not set(value) <= set(fields):
                continue  # another member of a union (a known or an unknown default; a kind of type)
            if "kind" in fields and typing.get_origin(fields["kind"].annotation) is typing.Literal and value.get("kind") not in typing.get_args(fields["kind"].annotation):
                continue
            for key, item in value.items():
                seen.add((option.__name__, key))
                _walk_literals(option.__name__, key, fields[key].annotation, item, seen)
                _walk(fields[key].annotation, item, seen)
            return
        if origin is dict and isinstance(value, dict):
            for item in value.values():
                _walk(typing.get_args(option)[1], item, seen)
            return
        if origin is list and isinstance(value, list):
            for item in value:
                _walk(typing.get_args(option)[0], item, seen)
            return


def _walk_literals(model: str, key: str, tp: Any, value: Any, seen: set[tuple[str, ...]]) -> None:
    for option in _options(tp):
        if typing.get_origin(option) is typing.Literal and not isinstance(value, (list, dict)):
            levels = set(typing.get_args(option)) == {"documented", "reading"}
            seen.add(("*", "level", str(value)) if levels else (model, key, str(value)))
        elif typing.get_origin(option) is list and isinstance(value, list):
            for item in value:
                _walk_literals(model, key, _unwrap(typing.get_args(option)[0]), item, seen)


def _features(tp: Any, out: set[tuple[str, ...]], done: set[Any]) -> None:
    """Every (model, key) and (model, key, choice) the format offers."""
    for option in _options(tp):
        origin = typing.get_origin(option)
        if isinstance(option, type) and issubclass(option, BaseModel):
            if option in done:
                continue
            done.add(option)
            for name, field in option.model_fields.items():
                key = field.alias or name
                out.add((option.__name__, key))
                for choice in _options(field.annotation):
                    inner = _unwrap(typing.get_args(choice)[0]) if typing.get_origin(choice) is list else choice
                    if typing.get_origin(inner) is typing.Literal:
                        # a level is documented or reading anywhere (some rules exist once, as the callbacks convention)
                        where = ("*", "level") if set(typing.get_args(inner)) == {"documented", "reading"} else (option.__name__, key)
                        out.update((*where, str(v)) for v in typing.get_args(inner))
                _features(field.annotation, out, done)
        elif origin in (dict, list):
            for arg in typing.get_args(option):
                _features(arg, out, done)


def test_the_spec_uses_every_key_and_every_choice_of_the_format() -> None:
    located, problems = load(SPEC.read_text("utf-8"), LABEL)
    assert located is not None and not problems
    seen: set[tuple[str, ...]] = set()
    _walk(fmt.Spec, located.data, seen)
    offered: set[tuple[str, ...]] = set()
    _features(fmt.Spec, offered, set())
    offered.discard(("Spec", "format", "1"))
    assert sorted(offered - seen) == [], "features of the format that tests/specs/coverage.yaml does not use"


def test_the_spec_uses_every_kind_of_type_expression() -> None:
    model = load_with_history(SPEC, LABEL)
    nodes: list[te.TypeNode] = []

    def collect(value: Any) -> None:
        if isinstance(value, TypeUse):
            nodes.extend(te.walk(value.node))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                collect(getattr(value, name))

    collect(model)
    kinds = {type(n).__name__ for n in nodes}
    assert kinds >= {"Prim", "Lit", "Named", "ArrayOf", "PromiseOf", "RecordOf", "UnionOf", "SessionRef", "EventNameT", "EventHandlerT"}
    assert {n.name for n in nodes if isinstance(n, te.Prim)} == set(te.PRIMITIVES)
    assert {type(n.value).__name__ for n in nodes if isinstance(n, te.Lit)} >= {"bool", "str", "int"}
    assert {n.context is None for n in nodes if isinstance(n, te.SessionRef)} == {True, False}
    assert {t.kind for t in model.types.values()} == {"object", "enum", "alias", "host", "interface"}
    assert {m.kind for m in model.all_members()} == {"property", "method", "namespace", "event_object"}
    recursive = [t for t in model.types.values() if any(isinstance(n, te.Named) and n.name == t.name
                                                         for f in t.fields for n in te.walk(f.type.node))]
    assert recursive, "an object type whose field refers to the type itself"


# -- the golden record --------------------------------------------------------------------------
def _files(root: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.as_posix() not in NOT_RECORDED and not any(p.startswith((".", "__pycache__")) for p in rel.parts):
            out[rel.as_posix()] = path.read_bytes()  # not caches that tools leave (.ruff_cache, __pycache__, .gitignore)
    return out


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The coverage spec generated afresh, as from the repository root (so every header names it the same)."""
    root = tmp_path_factory.mktemp("coverage")
    (root / "tests" / "specs").mkdir(parents=True)
    shutil.copy(SPEC, root / LABEL)
    shutil.copytree(RELEASES, root / "tests" / "specs" / "releases")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["generate", "--spec", LABEL, "--out", "out"]) == 0
    return root


def test_the_output_is_the_golden_record_byte_for_byte(regenerated: Path) -> None:
    fresh, golden = _files(regenerated / "out"), _files(GOLDEN)
    assert sorted(fresh) == sorted(golden), f"files differ from the record; run `{REGENERATE}`"
    changed = [path for path in fresh if fresh[path] != golden[path]]
    assert changed == [], f"files that differ from the record (review the diff, then run `{REGENERATE}`)"


@pytest.mark.slow
def test_the_output_compiles_and_imports(regenerated: Path, request: pytest.FixtureRequest) -> None:
    problems = check_folders([regenerated], mypy_cache=request.config.cache.mkdir("coverage-spec-mypy"))
    assert not problems, "\n\n".join(str(p) for p in problems)


def test_lint_accepts_the_spec_against_its_kept_release() -> None:
    """The coverage spec's changes since its kept release are all acknowledged, and its version fits them."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "generator", "lint", "--spec", LABEL], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
