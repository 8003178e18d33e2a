"""The generated TypeScript declarations, judged by tsc 7 and tsc 5.9 in strict mode."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.emitters.typescript import GLOBALS_ENTRIES, PACKAGE_NAME, TsView, session_variable
from generator.model import Model

from .conftest import REPO

GENERATED = REPO / "generated" / "typescript"
TYPETESTS = REPO / "generated" / "typescript-typetests" / "members.ts"
TS_TESTS = REPO / "tests" / "typescript"
COMPILERS = {
    "tsc7": ["node", str(REPO / "node_modules" / "typescript" / "bin" / "tsc")],
    "tsc5.9": ["node", str(REPO / "node_modules" / "typescript5" / "bin" / "tsc")],
}


def tsc(compiler: str, project: Path) -> subprocess.CompletedProcess[str]:
    cmd = COMPILERS[compiler]
    if not Path(cmd[1]).exists():
        pytest.fail(f"{cmd[1]} is missing: run `make test` (it runs `npm ci` from package-lock.json)")
    return subprocess.run([*cmd, "-p", str(project)], capture_output=True, text=True, cwd=REPO)


def version(compiler: str) -> str:
    return subprocess.run([*COMPILERS[compiler], "--version"], capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def usage_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written usage scripts, with the generated package installed as a user would have it."""
    project = tmp_path_factory.mktemp("usage")
    shutil.copytree(TS_TESTS / "usage", project, dirs_exist_ok=True)
    shutil.copytree(GENERATED, project / "node_modules" / PACKAGE_NAME)
    return project


# The WebExtension types packages the globals must compile beside (pinned in package.json), each with the
# entry point its project uses (tests/typescript/compat/<package>/tsconfig.json).
WEBEXT_TYPES = ("chrome", "firefox-webext-browser", "webextension-polyfill")
COMPAT = TS_TESTS / "compat"


@pytest.fixture(scope="module")
def compat_projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One scratch project per WebExtension types package: its usage files and tsconfig.json, with the
    generated package and the pinned `@types` package (a link into node_modules) in its node_modules."""
    root = tmp_path_factory.mktemp("compat")
    projects = {}
    for package in WEBEXT_TYPES:
        installed = REPO / "node_modules" / "@types" / package
        if not installed.is_dir():
            pytest.fail(f"{installed} is missing: run `make test` (it runs `npm ci` from package-lock.json)")
        project = root / package
        shutil.copytree(COMPAT / package, project)
        shutil.copytree(GENERATED, project / "node_modules" / PACKAGE_NAME)
        (project / "node_modules" / "@types").mkdir()
        (project / "node_modules" / "@types" / package).symlink_to(installed, target_is_directory=True)
        projects[package] = project
    return projects


def test_the_webextension_types_are_pinned() -> None:
    """Exact versions in package.json, and the ones package-lock.json installs."""
    dev = json.loads((REPO / "package.json").read_text())["devDependencies"]
    lock = json.loads((REPO / "package-lock.json").read_text())["packages"]
    for package in WEBEXT_TYPES:
        pinned = dev[f"@types/{package}"]
        assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), (package, pinned)
        assert lock[f"node_modules/@types/{package}"]["version"] == pinned, package
    assert dev["@types/chrome"].startswith("0.3."), "the clash and globals-chrome are about @types/chrome 0.3.x"


@pytest.mark.slow
@pytest.mark.parametrize("compiler", list(COMPILERS))
@pytest.mark.parametrize("package", WEBEXT_TYPES)
def test_globals_compile_beside_the_webextension_types(package: str, compiler: str, compat_projects: dict[str, Path]) -> None:
    """The globals and the package's own API in one strict program; each usage file's `@ts-expect-error`
    misuses show that neither side is `any`."""
    result = tsc(compiler, compat_projects[package])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("compiler", list(COMPILERS))
def test_plain_globals_clash_with_types_chrome(compiler: str, compat_projects: dict[str, Path]) -> None:
    """The clash is real: `globals` declares `namespace browser`, @types/chrome `var browser`. The chrome
    project compiles only because it uses `globals-chrome` (the test above)."""
    project = compat_projects["chrome"]
    config = json.loads((project / "tsconfig.json").read_text())
    entry = f"{PACKAGE_NAME}/globals-chrome"
    assert entry in config["compilerOptions"]["types"]
    config["compilerOptions"]["types"] = [t.replace(entry, f"{PACKAGE_NAME}/globals") for t in config["compilerOptions"]["types"]]
    (project / "tsconfig.plain-globals.json").write_text(json.dumps(config))
    result = tsc(compiler, project / "tsconfig.plain-globals.json")
    assert result.returncode != 0
    clashes = {
        line.split("(")[0].rsplit("node_modules/", 1)[-1]
        for line in result.stdout.splitlines()
        if "error TS2300: Duplicate identifier 'browser'." in line
    }
    assert clashes == {"@types/chrome/index.d.ts", f"{PACKAGE_NAME}/globals.d.ts"}, result.stdout


def test_compilers_are_the_pinned_versions() -> None:
    assert version("tsc7").startswith("Version 7.")
    assert version("tsc5.9") == "Version 5.9.3"


@pytest.mark.slow
@pytest.mark.parametrize("compiler", list(COMPILERS))
def test_declarations_and_type_tests_compile(compiler: str) -> None:
    result = tsc(compiler, TS_TESTS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("compiler", list(COMPILERS))
def test_usage_scripts_compile_against_the_package(compiler: str, usage_project: Path) -> None:
    result = tsc(compiler, usage_project)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_type_tests_can_fail(tmp_path: Path) -> None:
    """A dropped expect-error and a needless one both break the build, so the type tests have teeth."""
    source = TYPETESTS.read_text()
    marker = "  // @ts-expect-error 'relocate' is not exposed in the public context\n"
    assert marker in source
    unheard = "  // @ts-expect-error 'message' never reaches a listener in the extension context, so its payload is untyped there\n"
    assert unheard in source
    for name, text in {
        "dropped": source.replace(marker, "", 1),
        "needless": source.replace("  widgetSession.relocate(", "  // @ts-expect-error\n  widgetSession.relocate(", 1),
        "heard": source.replace(unheard, "", 1),
    }.items():
        work = tmp_path / name
        shutil.copytree(GENERATED, work / "typescript")
        (work / "typescript-typetests").mkdir()
        (work / "typescript-typetests" / "members.ts").write_text(text)
        config = json.loads((TS_TESTS / "tsconfig.json").read_text())
        config["files"] = ["typescript/index.d.ts", "typescript/globals.d.ts", "typescript-typetests/members.ts"]
        (work / "tsconfig.json").write_text(json.dumps(config))
        result = tsc("tsc7", work)
        assert result.returncode != 0, name
        expected = {"needless": "TS2578", "dropped": "TS2339", "heard": "TS18046"}[name]  # TS18046: 'event' is of type 'unknown'.
        assert expected in result.stdout, result.stdout


def _interface_members(source: str) -> dict[str, set[str]]:
    """Member names declared in each exported interface of a .d.ts file, those it inherits included."""
    own: dict[str, set[str]] = {}
    parents: dict[str, str] = {}
    for match in re.finditer(r"^export interface (\w+)(?: extends (\w+))? \{\n(.*?)^\}", source, re.S | re.M):
        names = re.findall(r"^  (?:readonly )?([A-Za-z_$][\w$]*)[<(:?]", match.group(3), re.M)
        own[match.group(1)] = set(names)
        if match.group(2):
            parents[match.group(1)] = match.group(2)
    out = {}
    for name, names in own.items():
        out[name] = names | own.get(parents.get(name, ""), set())
    return out


def test_each_member_is_declared_in_exactly_its_contexts(model: Model) -> None:
    """Read from the spec: a member (and its aliases) appears in a context's interface iff exposed there."""
    declared = _interface_members((GENERATED / "index.d.ts").read_text())
    view = TsView(model)
    for context in model.contexts:
        interface = view.interface_of[context].name
        expected = set()
        for member in model.members.values():
            if context in member.contexts:
                expected |= {member.name, *(a.name for a in member.aliases)}
        assert declared[interface] == expected, context
    assert declared["PublicSession"] == {"end", "log", "on", "sendMessage"}


def test_every_exposure_has_a_type_test(model: Model) -> None:
    """Each member x context pair has a compiling use, or an expect-error when the member is not exposed."""
    source = TYPETESTS.read_text()
    for member in model.members.values():
        for name in model.contexts:
            expr = re.escape(f"{session_variable(name)}.{member.name}")
            hidden = re.search(rf"// @ts-expect-error '{member.name}' is not exposed in the {name} context\n\s+void {expr};", source)
            if name in member.contexts:
                assert re.search(rf"^  (?!// ).*{expr}\b", source, re.M), (member.name, name)
                assert not hidden
            else:
                assert hidden, (member.name, name)


def test_package_json_points_at_the_declarations(model: Model) -> None:
    package = json.loads((GENERATED / "package.json").read_text())
    assert package["name"] == PACKAGE_NAME
    assert package["version"] == model.api.version
    assert (GENERATED / package["types"]).is_file()
    assert "main" not in package
    for entry in package["exports"].values():
        assert (GENERATED / entry["types"]).is_file()


def test_each_context_has_its_own_session_type_and_event_map(model: Model) -> None:
    """Widget and extension sessions differ (start; env, automation, the event objects), so each has its own type,
    extending the common Session, and its own event map, of the events the spec says its listeners receive."""
    source = (GENERATED / "index.d.ts").read_text()
    assert "export interface WidgetSession extends Session {" in source
    assert "export interface ExtensionSession extends Session {" in source
    maps = _interface_members(source)
    for context, interface in (("widget", "WidgetSession"), ("extension", "ExtensionSession"), ("public", "PublicSession")):
        received = {e.name for e in model.events.values() if context in e.listeners}
        assert maps[f"{interface}EventMap"] == received, context
    assert "message" not in maps["ExtensionSessionEventMap"] and "chat_message" not in maps["WidgetSessionEventMap"]
    assert maps["WebfuseEventMap"] == {e.name for e in model.events.values() if e.global_listener and "widget" in e.listeners}
    globals_ = (GENERATED / "globals.d.ts").read_text()
    assert "const webfuseSession: ExtensionSession;" in globals_
    assert "function listSessions(): WidgetSession[];" in globals_
    assert "function initSpace<T_options extends object>(widgetKey: string, spaceId: string, " \
           "options?: T_options & KnownFields<InitSpaceOptions>): Promise<WidgetSpace>;" in globals_
    assert "function on<K extends keyof WebfuseEventMap>(" in globals_


def test_namespaces_and_event_objects_are_declared() -> None:
    source = (GENERATED / "index.d.ts").read_text()
    members = _interface_members(source)
    assert {"env", "automation", "onMessage", "on"} <= members["ExtensionSession"] - members["Session"] | {"on"}
    assert members["AutomationAct"] == {"click", "type", "mouseMove", "scroll"}
    assert members["AutomationSee"] == {"domSnapshot", "gui"}
    assert "export interface Env {\n  /** A member the spec does not list. */\n  readonly [key: string]: string;\n}" in source
    extension = source[source.index("export interface ExtensionSession extends Session {"):]
    assert "addListener(listener: (message: ExtensionMessage, sender?: BroadcastSender) => void): void;" in extension
    assert "addListener(listener: (message: ExtensionMessage) => void): void;" in extension
    # a raw broadcast is a string that reads `event_type` as undefined, so code can narrow the union on it
    assert "| (string & { readonly event_type?: undefined });" in source


def test_deprecated_members_name_their_replacement() -> None:
    source = (GENERATED / "index.d.ts").read_text()
    for old, new in (("left_click", "automation.act.click"), ("mouse_move", "automation.act.mouseMove"),
                     ("take_dom_snapshot", "automation.see.domSnapshot"), ("take_gui_snapshot", "automation.see.gui")):
        assert re.search(rf"@deprecated Use {re.escape(new)} instead\.\n   \*/\n  {old}[<(]", source), old
    assert "@deprecated No newer member replaces it. The newer API has no counterpart that could be read." in source


def test_type_tests_prove_contexts_cannot_hear_or_reach_others(model: Model) -> None:
    source = TYPETESTS.read_text()
    for context in model.contexts:
        for event in model.events.values():
            marker = f"// @ts-expect-error '{event.name}' never reaches a listener in the {context} context"
            assert (marker in source) == (context not in event.listeners), (event.name, context)
    for event in model.events.values():
        hidden = f"// @ts-expect-error '{event.name}' never reaches a global listener"
        assert (hidden in source) == (not (event.global_listener and "widget" in event.listeners)), event.name
    for member in ("start", "env", "automation", "onMessage"):
        for context in model.contexts:
            marker = f"// @ts-expect-error '{member}' is not exposed in the {context} context"
            assert (marker in source) == (context not in model.members[member].contexts), (member, context)
    assert "// @ts-expect-error 'on' is an event object only in the extension context\n  widgetSession.on.addListener(" in source
    assert "interface Typed" in source  # values typed by an interface are taken where any object is


def test_each_globals_entry_declares_every_global_member(model: Model) -> None:
    """Every entry point renders the same members of each global object, in the namespace the entry puts
    it in (`browser` in `chrome` for globals-chrome), from the model: no entry has a copy of its own."""
    assert [e.name for e in GLOBALS_ENTRIES][:1] == ["globals"]
    for entry in GLOBALS_ENTRIES:
        source = (GENERATED / entry.file).read_text()
        declared = {
            match.group(1): set(re.findall(r"^    (?:const|function) ([A-Za-z_$][\w$]*)", match.group(2), re.M))
            for match in re.finditer(r"^  namespace (\w+) \{\n(.*?)^  \}", source, re.S | re.M)
        }
        expected = {entry.namespace(g.name): {m.name for m in g.members} for g in model.globals.values()}
        assert declared == expected, entry.name
        for package in entry.references:
            assert f'/// <reference types="{package}" />' in source
    chrome = next(e for e in GLOBALS_ENTRIES if e.name == "globals-chrome")
    assert chrome.namespace("browser") == "chrome" and "namespace browser" not in (GENERATED / chrome.file).read_text()


def test_deprecated_aliases_carry_the_replacement() -> None:
    source = (GENERATED / "index.d.ts").read_text()
    assert "@deprecated Use {@link followParticipant} instead.\n   */\n  follow_participant(clientIndex: number): void;" in source


NASTY = "Ends */ the `session` @param x <script>alert(1)</script> C:\\\\path\\\\ \\\"q\\\" naïve – 日本 */"


@pytest.mark.slow
def test_hostile_descriptions_cannot_break_the_declarations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spec text with comment terminators, tags, markup, backslashes and non-ASCII stays inert."""
    from generator.cli import main

    from .conftest import MINIMAL

    text = MINIMAL.read_text()
    text = text.replace("summary: Ends the session.", f'summary: "{NASTY}"')
    text = text.replace("description: Why it ended.", f'description: "{NASTY}"')
    text = text.replace("description: Where to go afterwards.", f'description: "{NASTY}"')
    assert text.count(NASTY) == 3
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "api.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--spec", "spec/api.yaml", "--out", "out"]) == 0
    source = (tmp_path / "out" / "typescript" / "index.d.ts").read_text()
    assert source.count("*/") == source.count("/**"), "a description closed a comment early"
    assert "\\@param x" in source and "naïve – 日本" in source
    config = json.loads((TS_TESTS / "tsconfig.json").read_text())
    config["files"] = ["out/typescript/index.d.ts", "out/typescript/globals.d.ts", "out/typescript-typetests/members.ts"]
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    result = tsc("tsc7", tmp_path)
    assert result.returncode == 0, result.stdout
