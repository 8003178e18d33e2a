"""Generated output stays inside its folder and cannot be turned into code or markup by spec text.

Names that become paths, identifiers, anchors or links are rejected by the loader (the cases in
``tests/invalid_specs/`` 60 to 63); here: the writer's own guard (paths outside ``--out``,
symbolic links inside it), the escaping of spec text in the generated Python packages, and the
exact header test that decides which files are generated.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator import emitters, pipeline
from generator.cli import main
from generator.emitters import docs, python
from generator.loader import load_spec
from generator.model import Model
from generator.naming import python_name
from generator.outputs import OutputFile, has_marker, header_text, serialise
from generator.render import py_text, toml_text

from .conftest import SPEC

SPEC_LABEL = "spec/api.yaml"
HOSTILE = 'x"""; import os; open({path!r}, "w").close() #'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch project with a copy of the real spec at spec/api.yaml; the working folder is its root."""
    (tmp_path / "spec").mkdir()
    shutil.copy(SPEC, tmp_path / SPEC_LABEL)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def generate(*extra: str) -> int:
    return main(["generate", "--spec", SPEC_LABEL, "--out", "out", *extra])


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- the writer: nothing outside --out, nothing through a link ------------------------------------
def test_generate_refuses_a_symlinked_folder_inside_out(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    (project / "out").mkdir()
    (project / "out" / "docs").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(project)
    assert generate() == 2
    err = capsys.readouterr().err
    assert "out/docs: is a symbolic link inside" in err and "refusing to write through it" in err
    assert err.rstrip().endswith("nothing was written.")
    assert snapshot(project) == before
    assert not any(elsewhere.iterdir())
    assert main(["check", "--spec", SPEC_LABEL, "--out", "out"]) == 2


def test_generate_refuses_a_symlinked_output_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate() == 0
    target = project / "mine.json"
    target.write_text("{}\n")
    spec_json = project / "out" / "spec.json"
    spec_json.unlink()
    spec_json.symlink_to(target)
    assert generate("--force") == 2
    assert "out/spec.json: is a symbolic link inside" in capsys.readouterr().err
    assert target.read_text() == "{}\n"


def test_an_output_outside_out_is_refused_and_nothing_is_written(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The writer's own guard, for a path the loader did not stop (here: an emitter's)."""
    real_load = emitters.load

    def load(name: str) -> Callable[[Model], list[OutputFile]]:
        emit = real_load(name)
        if name != "docs":
            return emit
        return lambda model: [*emit(model), OutputFile("docs/members/../../../pwned.md", "x")]

    monkeypatch.setattr(emitters, "load", load)
    assert generate() == 2
    err = capsys.readouterr().err
    assert "pwned.md: is outside" in err and "nothing was written." in err
    assert sorted(p.name for p in project.iterdir()) == ["spec"]


@pytest.mark.parametrize(
    ("relative", "problem"),
    [
        ("docs/index.md", None),
        ("docs/../spec.json", None),
        ("docs/../../x.md", "is outside"),
        ("/etc/passwd", "is outside"),
        (".", "is outside"),
    ],
)
def test_unsafe_output(tmp_path: Path, relative: str, problem: str | None) -> None:
    out = tmp_path / "out"
    found = pipeline.unsafe_output(out / relative, out)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found[1]


def test_unsafe_output_follows_links_but_allows_a_linked_root(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "docs").mkdir(parents=True)
    linked_root = tmp_path / "out"
    linked_root.symlink_to(real, target_is_directory=True)
    assert pipeline.unsafe_output(linked_root / "docs" / "index.md", linked_root) is None
    (real / "docs" / "up").symlink_to(tmp_path, target_is_directory=True)
    found = pipeline.unsafe_output(linked_root / "docs" / "up" / "x.md", linked_root)
    assert found is not None and found[0] == linked_root / "docs" / "up"


# -- spec text in the generated Python packages -------------------------------------------------
def hostile_spec(project: Path, side_effect: Path) -> str:
    """The spec with text that closes docstrings and strings in every kind of description; returns
    the Python name of the method whose summary and parameter were changed."""
    evil = HOSTILE.format(path=str(side_effect))
    spec = project / SPEC_LABEL
    data = yaml.safe_load(spec.read_text("utf-8"))
    data["api"]["description"] = evil
    next(iter(data["sources"].values()))["title"] = evil
    typedef = next(t for t in data["types"].values() if t["kind"] == "object" and t.get("fields"))
    typedef["description"] = evil + " \\"
    # (control characters YAML does not allow, such as NUL or BEL, are refused by lint: tests/test_limits.py)
    next(iter(typedef["fields"].values()))["description"] = evil + "\u202e\r\u2028"
    # a method of every context, which the Python client has (see Model.plain)
    name, member = next((n, m) for n, m in data["members"].items() if m["kind"] == "method" and m.get("params") and "contexts" not in m)
    member["summary"] = evil + "'''"
    member["params"][0]["description"] = evil + '\n"""\nimport os\n\t'
    next(iter(data["events"].values()))["summary"] = evil
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return python_name(name)


IMPORT_ALL = """
import sys
sys.path[:0] = [sys.argv[1] + "/python", sys.argv[1] + "/conformance"]
import webfuse_session, webfuse_session.models, webfuse_session.protocols, webfuse_session.client
import webfuse_session.async_client, webfuse_conformance, webfuse_conformance.spec_data
assert webfuse_session.__file__.startswith(sys.argv[1]), webfuse_session.__file__
assert webfuse_conformance.__file__.startswith(sys.argv[1]), webfuse_conformance.__file__
print(getattr(webfuse_session.client.SessionClient, sys.argv[2]).__doc__)
"""


@pytest.mark.slow
def test_hostile_text_yields_packages_that_import_without_running_it(project: Path) -> None:
    side_effect = project / "PWNED"
    method = hostile_spec(project, side_effect)
    assert generate() == 0
    out = project / "out"
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL, str(out), method], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert 'x"""; import os; open(' in result.stdout and result.stdout.count("import os") == 3  # there, as text
    assert not side_effect.exists()
    for path in out.rglob("*.toml"):
        tomllib.loads(path.read_text("utf-8"))


def test_hostile_api_name_is_escaped_even_past_the_loader(project: Path, tmp_path: Path) -> None:
    """``api.name`` is restricted by the loader (rule unsafe-name); the Python emitter escapes it anyway."""
    side_effect = tmp_path / "PWNED"
    name = HOSTILE.format(path=str(side_effect)) + '\\ \n"'
    model = load_spec(project / SPEC_LABEL)
    model = dataclasses.replace(model, api=model.api.model_copy(update={"name": name}))
    out = tmp_path / "pkg"
    for output in python.emit(model):
        path = out / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(serialise(output, SPEC_LABEL))
    pyproject = tomllib.loads((out / "python" / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["description"].endswith(name)
    code = "import sys; sys.path.insert(0, sys.argv[1]); import webfuse_session; print(webfuse_session.__doc__)"
    result = subprocess.run([sys.executable, "-c", code, str(out / "python")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(name)
    assert not side_effect.exists()


@pytest.mark.parametrize("text", ['a"""b', "\\", 'end"', "nul\x00bell\x07cr\r", "bidi\u202eline\u2028sep", "lone\udc00", "é ü ✓"])
def test_escapes_keep_the_value(text: str) -> None:
    assert eval('"""' + py_text(text) + ' """')[:-1] == text
    assert eval('"' + py_text(text) + '"') == text
    expected = text.replace("\udc00", "\ufffd")
    assert tomllib.loads(f'v = "{toml_text(text)}"')["v"] == expected


# -- docs: anchors and links ----------------------------------------------------------------------
def test_anchors_can_hold_no_markup() -> None:
    assert docs.anchor("member", "getSessionInfo") == "getsessioninfo"
    assert docs.anchor("role", 'x"}<script>') == "role-x---script-"


# -- the header test ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["a.py", "a.toml", "a.ts", "a.md", "a.css", "a.yml", "a.json", "a.txt"])
def test_every_generated_file_has_a_recognised_header(name: str) -> None:
    content: str | dict[str, object] = {"x": 1} if name.endswith(".json") else "body\n"
    assert has_marker(serialise(OutputFile(name, content), "spec/some file.yaml"))


@pytest.mark.parametrize(
    "head",
    [
        "# my notes\n# " + header_text("spec/api.yaml") + "\n",  # the header text, but on line 2
        "my notes mention " + header_text("spec/api.yaml") + "\n",
        "# " + header_text("spec/api.yaml") + " (edited by hand)\n",
        "{\n  \"note\": " + json.dumps(header_text("spec/api.yaml")) + ",\n",
        "[\n  " + json.dumps(header_text("spec/api.yaml")) + ",\n",
        "{\n  \"$comment\": \"Generated by something else\",\n",
        "# Generated by webfuse-spec-gen\n",
    ],
)
def test_only_the_exact_header_line_counts(head: str) -> None:
    assert not has_marker(head.encode())


def test_a_file_quoting_the_header_on_its_second_line_is_not_deleted(project: Path) -> None:
    assert generate() == 0
    mine = project / "out" / "notes.md"
    mine.write_text("# My notes\n<!-- " + header_text(SPEC_LABEL) + " -->\n")
    assert generate("--force") == 0
    assert mine.is_file()
    assert main(["check", "--spec", SPEC_LABEL, "--out", "out", "--force"]) == 0
