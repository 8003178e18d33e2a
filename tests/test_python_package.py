"""The generated Python package: type checkers, type completeness, models, Protocols, install."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pydantic
import pytest

from generator.model import Member, Model
from generator.naming import python_name

from .conftest import REPO

PACKAGE_ROOT = REPO / "generated" / "python"
PY_TESTS = REPO / "tests" / "python"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(PACKAGE_ROOT))

import webfuse_session  # noqa: E402
from webfuse_session import models  # noqa: E402


def run(*cmd: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})})


# -- type checkers --------------------------------------------------------------------------
@pytest.mark.slow
def test_mypy_strict_accepts_the_package_and_the_usage_file_and_rejects_each_misuse() -> None:
    """misuse.py marks each expected error with `type: ignore[code]`; an error that does not happen
    makes its comment unused, which --warn-unused-ignores reports, so every misuse is proven. Uses of deprecated
    members (the older Automation API) are errors, as pyright strict makes them (reportDeprecated)."""
    result = run(
        str(BIN / "mypy"), "--strict", "--warn-unused-ignores", "--no-incremental", "--enable-error-code", "deprecated",
        "generated/python/webfuse_session", "tests/python/usage.py", "tests/python/misuse.py",
        env={"MYPYPATH": os.pathsep.join([str(PACKAGE_ROOT), str(REPO / "reference" / "python")])},
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_pyright_strict_accepts_the_package_and_the_usage_file_and_rejects_each_misuse() -> None:
    result = run(str(BIN / "pyright"), "-p", str(PY_TESTS), env={"PATH": f"{BIN}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout


def test_every_misuse_expects_an_error_from_both_checkers() -> None:
    lines = [line for line in (PY_TESTS / "misuse.py").read_text().splitlines() if "# type: ignore" in line]
    assert len(lines) >= 15
    for line in lines:
        assert re.search(r"# type: ignore\[[a-z-]+(, [a-z-]+)*\]  # pyright: ignore\[\w+", line), line


@pytest.mark.slow
def test_type_completeness_is_100_percent() -> None:
    """`--ignoreexternal`: pydantic's own internals are not ours to complete."""
    result = run(
        str(BIN / "pyright"), "--verifytypes", "webfuse_session", "--ignoreexternal", "--outputjson",
        env={"PATH": f"{BIN}:{os.environ['PATH']}", "PYTHONPATH": str(PACKAGE_ROOT)},
    )
    report = json.loads(result.stdout)
    summary = report["typeCompleteness"]
    assert summary["completenessScore"] == 1.0, [d["message"] for d in report["generalDiagnostics"]][:10]
    assert summary["exportedSymbolCounts"]["withUnknownType"] == 0


# -- the Protocols mirror the spec's exposure data -----------------------------------------------
def _protocol_members(cls: type) -> set[str]:
    return {name for name in vars(cls) if not name.startswith("_")}


def _all_members(cls: type) -> set[str]:
    """The members a Protocol declares, its own and those of the Protocols it extends."""
    return {name for klass in cls.__mro__ if klass.__module__ == "webfuse_session.protocols" for name in _protocol_members(klass)}


def _expected(members: list[Member], context: str) -> set[str]:
    """The Python names a context's session (or namespace) has: members, their aliases, event-object forms."""
    names = {m.python_name for m in members if context in m.contexts}
    names |= {a.name for m in members if context in m.contexts for a in m.aliases}
    names |= {f"{m.python_name}_listeners" for m in members if m.event_object and context in m.event_object.contexts}
    return names


def _namespace_protocol(protocol: type, member: str) -> type:
    import typing

    hints = typing.get_type_hints(getattr(protocol, member).fget, vars(webfuse_session.protocols))
    result = hints["return"]
    assert isinstance(result, type), (protocol, member, result)
    return result


def test_each_member_is_on_exactly_the_protocols_of_its_contexts(model: Model) -> None:
    """Each context's own Protocol, in every shape, has exactly the members of that context (namespaces,
    event objects and members narrowed to some contexts included), and so does each namespace's Protocol."""
    model = model.python()  # the package covers every member but those that use an interface type
    assert {i.name for i in model.member_interfaces() if not i.base} == {"WidgetSession", "ExtensionSession", "PublicSession"}
    for prefix, suffix in (("", ""), ("Async", ""), ("", "Object")):
        protocols = {"widget": f"{prefix}WidgetSession{suffix}", "extension": f"{prefix}ExtensionSession{suffix}",
                     "public": f"{prefix}PublicSession{suffix}"}
        assert set(protocols) == set(model.contexts)
        for context, name in protocols.items():
            protocol = getattr(webfuse_session, name)
            assert _all_members(protocol) == _expected(list(model.members.values()), context), (name, context)
            todo = [(protocol, m) for m in model.members.values() if m.kind == "namespace" and m.members and context in m.contexts]
            while todo:
                owner, namespace = todo.pop()
                inner = _namespace_protocol(owner, namespace.python_name)
                assert _all_members(inner) == _expected(list(namespace.members), context), (inner, namespace.path)
                todo += [(inner, m) for m in namespace.members if m.kind == "namespace" and m.members]
        shared = getattr(webfuse_session, f"{prefix}Session{suffix}")  # what widget and extension sessions share
        for context in ("widget", "extension"):
            assert shared in getattr(webfuse_session, protocols[context]).__mro__
        assert _all_members(shared) == _expected(list(model.members.values()), "widget") & _expected(list(model.members.values()), "extension")


def test_the_older_automation_methods_are_deprecated_naming_their_replacement(model: Model) -> None:
    from webfuse_session import Automation, AutomationObject
    from webfuse_session.client import AutomationClient
    from webfuse_session.testing import AsyncAutomationDouble

    automation = model.member_at("automation")
    assert automation is not None
    older = [m for m in automation.members if m.deprecated is not None]
    assert len(older) >= 5
    for member in older:
        assert member.deprecated is not None
        replacement = member.deprecated.replacement
        for cls in (Automation, AutomationClient, AsyncAutomationDouble):
            message = getattr(getattr(cls, member.python_name), "__deprecated__", "")
            assert (replacement is None or "automation." in message and python_name(replacement.split(".")[-1]) in message), (cls, member.name)
        # the JavaScript-shaped Protocol is what an implementation provides: the doc says so, no warning
        assert "Deprecated: " in (getattr(AutomationObject, member.python_name).__doc__ or "")
        assert not hasattr(getattr(AutomationObject, member.python_name), "__deprecated__")
    assert "Use automation.act.click instead." in Automation.left_click.__deprecated__  # type: ignore[attr-defined]


def test_the_doubles_forward_namespaces_env_and_event_objects() -> None:
    """The test doubles over a JavaScript-shaped object: namespaces are objects, env a read-only mapping, and the
    listeners of event objects get what the implementation sends (an async one runs on the loop)."""
    import asyncio
    import types
    import warnings

    from webfuse_session.testing import AsyncExtensionSessionDouble, ExtensionSessionDouble

    calls: list[tuple[str, tuple[Any, ...]]] = []
    listeners: list[Any] = []

    def recorder(name: str, result: Any = None) -> Any:
        async def call(*args: Any) -> Any:
            calls.append((name, args))
            return result
        return call

    act = types.SimpleNamespace(click=recorder("act.click"), type=recorder("act.type"), mouse_move=recorder("act.mouse_move"),
                                scroll=recorder("act.scroll"))
    see = types.SimpleNamespace(dom_snapshot=recorder("see.dom_snapshot", "<body></body>"), gui=recorder("see.gui", {"w": 1}))
    automation = types.SimpleNamespace(act=act, see=see, tool=types.SimpleNamespace(), left_click=recorder("left_click"))
    event_object = types.SimpleNamespace(add_listener=listeners.append)
    target: Any = types.SimpleNamespace(env={"API_URL": "https://api.example.com"}, automation=automation,
                                        on_message=event_object, on_listeners=event_object)
    session = ExtensionSessionDouble(target)
    assert dict(session.env) == {"API_URL": "https://api.example.com"} and session.env.get("MISSING", "x") == "x"
    with pytest.raises(TypeError):
        session.env["API_URL"] = "changed"  # type: ignore[index]
    session.automation.act.click("#cta")
    assert session.automation.see.dom_snapshot({"root": "body"}) == "<body></body>"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session.automation.left_click([1, 2], move_mouse=True)  # pyright: ignore[reportDeprecated]
    assert any("automation.act.click" in str(w.message) for w in caught)
    got: list[Any] = []
    session.on_message.add_listener(got.append)
    session.on_listeners.add_listener(lambda message, sender: got.append((message, sender)))
    for listener in listeners[:1]:
        listener("broadcast")
    listeners[1]("hello", None)
    assert got == ["broadcast", ("hello", None)]
    assert calls == [("act.click", ("#cta",)), ("see.dom_snapshot", ({"root": "body"},)), ("left_click", ([1, 2], True))]

    async def agent() -> list[Any]:
        double = AsyncExtensionSessionDouble(target)
        seen: list[Any] = []

        async def on_message(message: Any) -> None:
            seen.append(message)

        await double.on_message.add_listener(on_message)
        listeners[-1]("async hello")
        await asyncio.sleep(0)
        await double.automation.act.type("#q", "text")
        return [*seen, dict(await double.env())]

    assert asyncio.run(agent()) == ["async hello", {"API_URL": "https://api.example.com"}]


def _returns(cls: type) -> dict[str, Any]:
    import typing

    return {name: typing.get_type_hints(getattr(cls, name)).get("return")
            for name in _protocol_members(cls) if callable(getattr(cls, name))}


def test_promise_results_are_awaitables_in_the_javascript_shape_and_values_in_the_python_api(model: Model) -> None:
    import inspect
    import typing

    from webfuse_session.testing import AsyncSessionDouble

    shaped, sync = _returns(webfuse_session.SessionObject), _returns(webfuse_session.Session)
    for member in model.plain().members.values():
        if member.kind == "method" and member.is_async:
            assert "Awaitable" in str(shaped[member.python_name]), member.name
            assert "Awaitable" not in str(sync[member.python_name]), member.name
        if "widget" in member.contexts:  # every member of the async API is a coroutine, properties too
            assert inspect.iscoroutinefunction(getattr(AsyncSessionDouble, member.python_name)), member.name
    assert sync["take_screenshot"] is bytes and typing.get_origin(shaped["take_screenshot"]) is not None
    doc = webfuse_session.Session.get_session_info.__doc__ or ""
    assert "JavaScript: ``getSessionInfo()``" in doc
    started = webfuse_session.AsyncSession.started.__doc__ or ""
    assert "await session.started()" in started


# -- models -----------------------------------------------------------------------------------
def test_documented_examples_validate_and_round_trip(model: Model) -> None:
    checked = 0
    for typedef in model.types.values():
        for example in typedef.examples:
            cls = getattr(models, typedef.name)
            instance = cls.model_validate(example)
            assert json.loads(instance.model_dump_json()) == example, typedef.name
            assert cls.model_validate_json(instance.model_dump_json()) == instance
            checked += 1
    assert checked >= 3
    info = models.SessionInfo.model_validate(model.types["SessionInfo"].examples[0])
    assert info.session_id == "<session_id>" and info.space.admin_ids == [9, 1]
    assert info.model_dump()["space"]["adminIds"] == [9, 1]


@pytest.mark.parametrize(
    ("cls", "payload", "field"),
    [
        ("LogEntry", {"var3": 7}, "var3"),
        ("Participant", {"name": "A", "email": "a@x", "online": True, "client_index": -1, "self": True}, "client_index"),
        ("ParticipantJoinedEvent", {"clientIndex": "2"}, "clientIndex"),
        ("Space", {**{}}, "id"),
        ("ChatMessageEvent", {"event_type": "other", "message": "hi"}, "event_type"),
        ("Tab", {"url": "https://example.com/"}, "ssid"),
        ("SessionInfo", {"sessionId": "s", "opentokSessionId": "o", "metadata": {}, "space": {"type": "shared"}}, "space.type"),
    ],
)
def test_invalid_payloads_are_rejected_naming_the_field(cls: str, payload: dict[str, Any], field: str) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        getattr(models, cls).model_validate(payload)
    locations = {".".join(str(p) for p in error["loc"]) for error in info.value.errors()}
    assert field in locations, locations


def test_open_types_keep_extra_keys_and_reserved_keys_stay_strings() -> None:
    entry = models.LogEntry.model_validate({"event": "x", "var0": "a", "step": 3})
    assert entry.model_dump() == {"event": "x", "var0": "a", "step": 3}
    tab = models.Tab.model_validate({"ssid": 3, "id": 12})
    assert tab.model_dump() == {"ssid": 3, "id": 12}


def test_models_accept_python_names_too() -> None:
    joined = models.ParticipantJoinedEvent(client_index=2)
    assert joined.model_dump() == {"clientIndex": 2}


# -- installable ----------------------------------------------------------------------------
@pytest.mark.slow
def test_pip_install_into_a_clean_venv(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building in place would leave build/ inside generated/
    shutil.copytree(PACKAGE_ROOT, source)
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    install = run(str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source))
    assert install.returncode == 0, install.stderr
    probe = run(str(python), "-c", (
        "import json, webfuse_session as w; from webfuse_session import models; "
        "import importlib.resources as r; assert r.files('webfuse_session').joinpath('py.typed').is_file(); "
        "p = models.Participant.model_validate({'name': 'A', 'email': 'a@x', 'online': True, 'client_index': 0, 'self': True}); "
        "print(w.__version__, json.dumps(p.model_dump()))"
    ), cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    assert '"self": true' in probe.stdout and webfuse_session.__version__ in probe.stdout


@pytest.mark.slow
def test_installing_the_generated_packages_in_place_leaves_nothing_for_check_to_report(tmp_path: Path) -> None:
    """As the README says: `pip install ./generated/python` in a fresh clone, then `make check` exits 0.

    The clone is a copy of every tracked file (the working tree as a clone would have it); the packages are built
    in place, where a setuptools build would leave build/ copies of the modules that check reports as stale."""
    clone = tmp_path / "clone"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        if (REPO / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, clone / name)
    for package in ("generated/python", "generated/conformance"):
        install = run(sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                      "--no-build-isolation", "--target", str(tmp_path / "site"), f"./{package}", cwd=clone)
        assert install.returncode == 0, install.stderr
    assert (tmp_path / "site" / "webfuse_session" / "py.typed").is_file()
    check = run(sys.executable, "-m", "generator", "check", cwd=clone)
    assert check.returncode == 0, check.stdout + check.stderr
    left = [p.relative_to(clone) for p in (clone / "generated").rglob("*") if p.name == "build" or p.suffix == ".egg-info"]
    assert not left, left


HOSTILE = 'Ends """ the "session" with a \\ backslash, \\u00e9, naïve – 日本, and a "trailing quote"'


def test_hostile_descriptions_cannot_break_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quotes, triple quotes, backslashes and non-ASCII in spec text stay inert in every module."""
    from generator.cli import main

    from .conftest import MINIMAL

    text = MINIMAL.read_text()
    for old in ("summary: Ends the session.", "description: Why it ended.", "description: Where to go afterwards.",
                "description: A participant."):
        assert old in text
        text = text.replace(old, f'{old.split(":")[0]}: {json.dumps(HOSTILE, ensure_ascii=False)}')
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "api.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--spec", "spec/api.yaml", "--out", "out"]) == 0
    package = tmp_path / "out" / "python"
    probe = run(sys.executable, "-c", (
        "import webfuse_session.models as m, webfuse_session.protocols as p, webfuse_session.client as c; "
        "print(m.EndedEvent.model_fields['reason'].description); print(m.Person.__doc__); print(p.Session.end.__doc__)"
    ), env={"PYTHONPATH": str(package)})
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.count(HOSTILE) == 3, probe.stdout


def test_the_readme_snippet_without_a_browser_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (PACKAGE_ROOT / "README.md").read_text()
    block = readme.split("## Without a browser", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(block, "generated/python/README.md (Without a browser)", "exec"), {})
    assert capsys.readouterr().out.strip()


def test_the_client_finds_the_system_chromium_or_the_one_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from webfuse_session import _runtime

    monkeypatch.delenv("WEBFUSE_CHROMIUM", raising=False)
    assert _runtime.chromium_path() == shutil.which("chromium") == "/usr/bin/chromium"
    monkeypatch.setenv("WEBFUSE_CHROMIUM", sys.executable)
    assert _runtime.chromium_path() == sys.executable
    with pytest.raises(FileNotFoundError, match="no Chromium executable at /nowhere/chrome"):
        _runtime.chromium_path("/nowhere/chrome")
