"""The generated reference: every spec item has its section, the site builds strictly, and a browser can use it."""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.emitters import docs
from generator.emitters.typescript import TsView
from generator.loader import load_spec
from generator.model import Model
from generator.outputs import serialise

from .conftest import MINIMAL, REPO, SPEC

GENERATED = REPO / "generated"
DOCS = GENERATED / "docs"
CONFIG = GENERATED / "mkdocs.yml"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


# -- helpers ------------------------------------------------------------------------------------
def build_site(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`, as `make docs` runs it, into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        capture_output=True, text=True, env=env,
    )


def sections(page: Path) -> dict[str, str]:
    """Heading id -> the Markdown from that heading to the next heading of the same or a higher level."""
    text = page.read_text()
    found = list(re.finditer(r"^(#{1,6}) .*\{#([^}]+)\}$", text, re.M))
    out = {}
    for i, m in enumerate(found):
        level = len(m.group(1))
        end = next((n.start() for n in found[i + 1 :] if len(n.group(1)) <= level), len(text))
        out[m.group(2)] = text[m.start() : end]
    return out


def html_ids(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page.read_text()))


def site_page(site: Path, md_path: str) -> Path:
    """The HTML file MkDocs writes for a Markdown page (directory URLs)."""
    stem = md_path.removesuffix(".md")
    return site / ("index.html" if stem == "index" else f"{stem}/index.html")


def expected_anchors(model: Model) -> dict[str, set[str]]:
    """Page -> the anchors the spec's members, aliases, events, types and options must have there."""
    pages: dict[str, set[str]] = {}
    for m in model.all_members():  # a namespace's members on its group's page, anchored by their path
        prefix = m.path.rpartition(".")[0]
        aliases = {docs.anchor("member", f"{prefix}.{a.name}" if prefix else a.name) for a in m.aliases}
        pages.setdefault(f"members/{m.group}.md", set()).update({docs.anchor("member", m.path), *aliases})
    pages["events.md"] = {f"event-{e.lower()}" for e in model.events} | {
        f"event-{a.name.lower()}" for e in model.events.values() for a in e.aliases
    }
    pages["types.md"] = {f"type-{t.lower()}" for t in model.types}
    pages["options.md"] = {f"option-{o.lower()}" for o in model.options}
    pages["overview.md"] = {f"context-{c.lower()}" for c in model.contexts}
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed reference, built once for this module with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    result = build_site(CONFIG, out)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    print(f"mkdocs build --strict: {elapsed:.2f}s")
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (search needs http, not file://)."""
    yield from serve(site)


def serve(root: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


# -- the Markdown -------------------------------------------------------------------------------
def test_every_member_event_type_and_option_has_its_section_and_anchor(model: Model) -> None:
    for page, anchors in expected_anchors(model).items():
        found = sections(DOCS / page)
        assert anchors <= set(found), (page, sorted(anchors - set(found)))
    ts = TsView(model)
    view = docs.DocsView(model)
    plain = model.plain().members
    covered = model.python().members  # the Python package covers namespaces, event objects and narrowed members too
    for m in model.all_members():
        section = sections(DOCS / f"members/{m.group}.md")[docs.anchor("member", m.path)]
        assert view.ts_signature(m)[0] in section, m.path
        if m.name in plain and plain[m.name] is m:
            iface = ts.interface_of[m.contexts[0]]
            assert ts.signatures(m, iface)[0] in section, m.name
        top = covered.get(m.path.split(".")[0])
        if top is not None and m in top.walk():
            assert re.search(rf"^(async )?def {m.python_name}\(self", section, re.M), m.path
            assert "not in the `webfuse_session` package yet" not in section, m.path
            if m.kind == "event_object" or m.event_object is not None:
                assert re.search(r"^def add_listener\(self, listener: Callable\[", section, re.M), m.path
            if m.deprecated is not None and m.deprecated.replacement:
                assert f'@deprecated("Use {m.deprecated.replacement.split(".")[0]}.' in section, m.path
        else:  # members that use an interface type: not in the Python package
            assert "Python: not in the `webfuse_session` package yet." in section, m.path
        if m.deprecated is not None:
            assert "**Deprecated.**" in section, m.path
        if m.discrepancies:  # collapsed, under a stable id, each reading in the words of the spec
            anchor_id = docs.anchor("member", m.path)
            assert '\n??? note "Where the documentation disagrees' in section, m.path
            assert f"    {{: #{anchor_id}-discrepancies }}\n" in section, m.path
        for d in m.discrepancies:
            assert f"**This reference reads it as:** {docs.md(d.reading)}" in section, (m.name, d.id)
        for e in m.emits:
            assert f"(../events.md#event-{e.event.lower()})" in section, (m.name, e.event)
        for p in m.preconditions:
            if p.kind == "option":
                assert f"(../options.md#option-{p.target.lower()})" in section, (m.name, p.target)
        assert len(re.findall(r"^\*\*Example: ", section, re.M)) == len(m.examples), m.name
    for e in model.events.values():
        section = sections(DOCS / "events.md")[f"event-{e.name.lower()}"]
        for member in e.emitted_by:
            assert f"#{member.lower()})" in section, (e.name, member)
    for o in model.options.values():
        section = sections(DOCS / "options.md")[f"option-{o.name.lower()}"]
        for member in o.used_by:
            assert f"#{member.lower()})" in section, (o.name, member)


def _matrix(page: Path, heading: str, leading: int) -> dict[str, dict[str, bool]]:
    """Rows of a context-matrix table (after ``leading`` other columns): first-cell anchor -> {context: available}."""
    text = sections(page)[heading]
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    contexts = header[leading:]
    out = {}
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        target = re.search(r"\]\([^)#]*#([^)]+)\)", cells[0])
        assert target, row
        marks = cells[len(cells) - len(contexts) :]
        assert set(marks) <= {docs.YES, docs.NO}, row
        out[target.group(1)] = {c: mark == docs.YES for c, mark in zip(contexts, marks, strict=True)}
    return out


def test_context_matrix_matches_the_spec_exposure_data() -> None:
    """Read from the spec file itself: a member is in a context iff it exposes all members, or it is public, unless the
    member narrows its contexts; a member of a namespace is where its namespace is, narrowed the same way."""
    raw = yaml.safe_load(SPEC.read_text())
    contexts = raw["contexts"]
    expected: dict[str, dict[str, bool]] = {}

    def walk(prefix: str, members: dict[str, Any], parent: dict[str, bool] | None) -> None:
        for name, member in members.items():
            if parent is None:
                offered = {c: ctx["exposes"] == "all-members" or bool(member.get("public", False)) for c, ctx in contexts.items()}
            else:
                offered = dict(parent)
            if "contexts" in member:
                offered = {c: on and c in member["contexts"] for c, on in offered.items()}
            path = prefix + name
            expected[docs.anchor("member", path)] = offered
            walk(path + ".", member.get("members", {}), offered)

    walk("", raw["members"], None)
    assert _matrix(DOCS / "contexts.md", "matrix-members", 3) == expected
    listeners = {f"event-{name.lower()}": {c: c in e["listeners"] for c in contexts} for name, e in raw["events"].items()}
    assert _matrix(DOCS / "contexts.md", "matrix-events", 1) == listeners


def test_committed_docs_are_what_the_spec_produces(model: Model) -> None:
    """Golden record for generated/docs and generated/mkdocs.yml, from the docs emitter alone."""
    rendered = {out.path: serialise(out, "spec/session_api.yaml") for out in docs.emit(model)}
    on_disk = {p.relative_to(GENERATED).as_posix() for p in DOCS.rglob("*") if p.is_file()} | {"mkdocs.yml"}
    assert set(rendered) == on_disk
    for path, data in rendered.items():
        assert (GENERATED / path).read_bytes() == data, f"generated/{path} differs: run `make generate`"


# -- escaping -----------------------------------------------------------------------------------
def test_escape_text_leaves_no_markup() -> None:
    text = "a|b *c* _d_ `e [f](g) {: #h } <i>j</i> &amp; ~~~ \\ # k"
    out = docs.escape_text(text)
    assert "<" not in out.replace("&lt;", "") and ">" not in out.replace("&gt;", "")
    assert re.search(r"(?<!\\)[|*_`\[\]{}#]", re.sub(r"&#?\w+;", "", out)) is None, out
    assert docs.escape_text("- item") == "&#45; item" and docs.escape_text("1. first") == "1&#46; first"
    assert docs.escape_text("two\nlines") == "two lines"


def test_md_keeps_code_spans_as_code_and_their_content_inert() -> None:
    assert docs.md("Call `relocate()` now") == "Call <code>relocate()</code> now"
    assert docs.md("`a|b<c>*d*`") == "<code>a\\|b&lt;c&gt;\\*d\\*</code>"
    assert docs.md("a lone ` tick") == "a lone \\` tick"
    assert docs.md("``has ` inside``") == "<code>has \\` inside</code>"


def test_code_fences_are_longer_than_any_backtick_run() -> None:
    body = "const s = `x`;\n```\nnot a fence\n````"
    block = docs.fence(body, "js")
    assert block.startswith("`````js\n") and block.endswith("\n`````")


def test_source_links_allow_only_http() -> None:
    assert docs.safe_url("javascript:alert(1)") is None
    assert docs.safe_url("https://a.example/x y)") == "https://a.example/x%20y%29"


def test_python_signatures() -> None:
    mini = load_spec(MINIMAL, "tests/specs/minimal.yaml")
    assert docs.python_signature(mini, mini.members["chat"]) == ["def chat(self, message: str) -> list[models.Person]: ..."]
    assert docs.python_signature(mini, mini.members["end"]) == ["def end(self, redirect_url: str | None = None) -> None: ..."]


def test_python_signature_is_the_clients_own(model: Model) -> None:
    """The docs print the declaration the sync client has, from the same renderer (after ruff's layout)."""
    def flat(text: str) -> str:  # no whitespace, no trailing comma: as if ruff had not wrapped the line
        return re.sub(r"\s+", "", text).replace(",)", ")")

    client = flat((GENERATED / "python" / "webfuse_session" / "client.py").read_text("utf-8"))
    for m in model.python().all_members():  # the members the package has, namespaces' too (see Model.python)
        lines = docs.python_signature(model, m)
        assert lines and all("<" not in line for line in lines), (m.path, lines)
        own = lines[:lines.index("")] if "" in lines else lines  # then an event object's add_listener
        for line in [own[-1], *(x for x in lines if x.startswith(("def ", "async def ")))]:
            assert flat(line.removesuffix(" ...")) in client, (m.path, lines)
        if m.chainable:
            assert own[-1].endswith("-> Self: ..."), lines
        if m.deprecated is not None:
            assert own[0].startswith("@deprecated("), lines


# -- the built site -----------------------------------------------------------------------------
@pytest.mark.slow
def test_site_builds_with_every_anchor(model: Model, site: Path) -> None:
    for page, anchors in expected_anchors(model).items():
        ids = html_ids(site_page(site, page))
        assert anchors <= ids, (page, sorted(anchors - ids))
    assert (site / "search" / "search_index.json").is_file()


@pytest.mark.slow
def test_browser_navigates_to_a_member_and_search_finds_relocate(model: Model, server: str, browser: object) -> None:
    group = model.members["relocate"].group
    title = model.groups[group].title
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    try:
        page.goto(server)
        assert model.api.name in page.title()
        page.get_by_role("navigation", name="Navigation").get_by_role("link", name=title, exact=True).click()
        page.wait_for_url(f"**/members/{group}/")
        page.locator("article").get_by_role("link", name="relocate", exact=True).first.click()
        page.wait_for_url(f"**/members/{group}/#relocate")
        heading = page.locator("h2#relocate")
        assert heading.is_visible()
        section = page.locator("article").inner_text()
        assert "relocate(newUrl: string, newTab?: boolean): void;" in section

        page.goto(server)
        page.locator("input[data-md-component=search-query]").fill("relocate")
        hit = page.locator(f"a.md-search-result__link[href*='/members/{group}/'][href$='#relocate']").first
        hit.wait_for(state="visible", timeout=60000)  # the search index is built in a web worker: slow on a loaded machine
        hit.click()
        page.wait_for_url(re.compile(rf"/members/{group}/(\?[^#]*)?#relocate$"))
        assert page.locator("h2#relocate").is_visible()
    finally:
        page.close()


NASTY = (
    "Pipe | star *bold* under _it_ `co|de <i>` <script>alert(1)</script> <b>raw</b> "
    "[link](https://x.example) {: #evil } &amp; lone ` tick"
)


@pytest.mark.slow
def test_hostile_descriptions_render_as_text(tmp_path: Path, browser: object) -> None:
    """Spec text with table pipes, emphasis, backticks, <script> and raw HTML stays text in the built HTML."""
    q = json.dumps(NASTY)
    text = MINIMAL.read_text()
    for old in ("summary: Ends the session.", "description: Where to go afterwards.", "title: General",
                "description: Chat on or off."):
        assert old in text
        text = text.replace(old, f"{old.split(':')[0]}: {q}")
    spec = tmp_path / "api.yaml"
    spec.write_text(text)
    model = load_spec(spec, "api.yaml")
    out = tmp_path / "out"
    for output in docs.emit(model):
        path = out / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(serialise(output, "api.yaml"))
    result = build_site(out / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr

    for page in (tmp_path / "site").rglob("*.html"):
        source = page.read_text()
        assert "<script>alert" not in source and "<b>raw" not in source and "co|de <i>" not in source, page
        assert 'id="evil"' not in source and 'href="https://x.example"' not in source, page
        assert "<em>bold" not in source and "<em>it" not in source, page
    group_page = (tmp_path / "site" / "members" / "general" / "index.html").read_text()
    rows = re.findall(r"<tr>(.*?)</tr>", group_page, re.S)
    assert rows and all(row.count("<td>") in (0, 4, 6) for row in rows), "a pipe split a table cell"

    with_server = serve(tmp_path / "site")
    base = next(with_server)
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(base + "members/general/")
        cell = page.locator("table").first.locator("tbody tr").first.locator("td").last.inner_text()
        assert cell == NASTY.replace("`co|de <i>`", "co|de <i>"), cell
        code = page.locator("table").first.locator("tbody tr").first.locator("td code").last.inner_text()
        assert code == "co|de <i>"
        assert html.unescape(page.title()).startswith("Pipe | star *bold*")
        page.goto(base + "options/")
        assert page.locator("article").inner_text().count("<script>alert(1)</script>") >= 1
        assert dialogs == []
    finally:
        page.close()
        with_server.close()


# -- getting started: the Markdown ---------------------------------------------------------------
def _fences(text: str, lang: str) -> list[str]:
    return [m.group(2) for m in re.finditer(rf"^(`{{3,}}){lang}\n(.*?)\n\1$", text, re.M | re.S)]


def test_guides_are_first_in_the_nav_and_one_per_context(model: Model) -> None:
    guides = docs.guides(model)
    assert [g.context for g in guides if g.kind == "context"] == list(model.contexts)
    assert {g.kind for g in guides} == {"context", "python", "implementers"}
    nav = yaml.safe_load(CONFIG.read_text())["nav"]
    assert list(nav[0]) == ["Home"] and list(nav[1]) == ["Get started"]
    assert [next(iter(item.values())) for item in nav[1]["Get started"]] == [g.path for g in guides]
    home = (DOCS / "index.md").read_text()
    for g in guides:
        assert f"]({g.path})" in home, g.path
        assert (DOCS / g.path).read_text().count(f"{{#{g.anchor}}}") == 1, g.path


def test_guide_examples_are_the_specs_own(model: Model) -> None:
    """Code about API members on the guides is the spec's examples, verbatim; the links name real members."""
    for name in model.contexts:
        text = (DOCS / f"start/{name}.md").read_text()
        spec_examples = [ex.code.rstrip() for m in model.members.values() for ex in m.examples if ex.context == name]
        spec_examples += [ex.code.rstrip() for g in model.globals.values() for gm in g.members for ex in gm.examples
                          if ex.context == name]
        found = sections(DOCS / f"start/{name}.md")
        shown = _fences(found["first-call"], "js") + _fences(found["events"], "js")
        assert shown, name
        assert all(code in spec_examples for code in shown), name
        for target in re.findall(r"\]\((\.\./members/[^)]+)\)", text):
            page, anchor_id = target.removeprefix("../").split("#")
            assert anchor_id in sections(DOCS / page), target


def test_guides_show_the_way_in_and_what_only_their_context_has(model: Model) -> None:
    """A context's guide lists every global of that context with its TypeScript declaration, the interface types
    those globals hand out with their members (the widget's space), and the members and event objects only that
    context's session has (a member narrowed to it; a method that is an event object there), declared as that
    context's interface declares them."""
    seen_only = set()
    for name, ctx in model.contexts.items():
        found = sections(DOCS / f"start/{name}.md")
        own = [f"{g}.{gm.name}" for g, glob in model.globals.items() for gm in glob.members if name in gm.contexts]
        if own:
            entry = found["entry"]
            for dotted in own:
                assert f"(../overview.md#global-{dotted.replace('.', '-').lower()})" in entry, (name, dotted)
            returned = {t.name for t in model.types.values() if t.kind == "interface" and re.search(rf"\b{t.name}\b", entry)}
            for t in (model.types[n] for n in returned):
                assert all(re.search(rf"^(readonly )?{m.name}\b", entry, re.M) for m in t.members), (name, t.name)
        else:
            assert "entry" not in found, name
        narrowed = [m for m in model.members.values() if m.contexts == (name,) and ctx.exposes == "all-members"]
        forms = [m for m in model.members.values() if m.event_object and name in m.event_object.contexts]
        if narrowed or forms:
            only = found["only-here"]
            ts = "\n".join(_fences(only, "ts"))
            for m in narrowed + forms:
                assert f"[<code>{m.name}</code>](../members/" in only, (name, m.name)
                assert re.search(rf"^(readonly )?{m.name}\b", ts, re.M), (name, m.name)
                seen_only.add(m.name)
            if forms:  # the form this context has, not every interface's `on`
                assert "addListener" in ts and f"this: {model.interface_of(name).name}," in ts, name
                others = {i.name for i in model.interfaces} - {model.interface_of(name).name}
                assert not any(f"this: {other}," in ts for other in others), (name, ts)
        else:
            assert "only-here" not in found, name
    assert {"start", "env", "automation", "onMessage", "on"} <= seen_only, seen_only


TEMPLATES = REPO / "templates" / "docs"


def test_templates_restate_no_api_name(model: Model) -> None:
    """The spec is the only source of API facts: the docs templates name no member, event, type or option of it
    (names that are also plain words, such as `end` or `log`, are left out of the check)."""
    names = {m.name for m in model.members.values()} | {m.python_name for m in model.members.values()}
    names |= set(model.events) | set(model.types) | set(model.options) | set(model.roles) | set(model.states)
    names |= {f"{g}.{gm.name}" for g, glob in model.globals.items() for gm in glob.members}
    distinctive = {n for n in names if re.search(r"[A-Z_.]", n[1:])}
    assert {"getSessionInfo", "get_session_info", "session_info", "SessionInfo", "webfuse.listSessions"} <= distinctive
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text()
        found = sorted(n for n in distinctive if re.search(rf"(?<![\w.]){re.escape(n)}(?![\w])", text))
        assert found == [], (template.name, found)


def test_a_name_the_spec_lacks_fails_generation(model: Model) -> None:
    page = docs.Page(docs.DocsView(model), "start/widget.md")
    assert page.member("relocate") == "[<code>relocate</code>](../members/general.md#relocate)"
    with pytest.raises(ValueError, match="links to member 'relocateTo', which the spec does not have"):
        page.member("relocateTo")
    with pytest.raises(ValueError, match="links to context 'popup'"):
        page.anchor_of("context", "popup")


def test_tooling_facts_hold() -> None:
    """The paths and names the guides give for installing and testing are those of this repository."""
    from generator import cli

    tool = docs.tooling()
    assert f'default=Path("{docs.OUT_DIR}")' in Path(cli.__file__).read_text()
    for key in ("ts_dir", "py_dir", "conformance_dir", "js_double", "js_double_readme", "py_double"):
        assert (REPO / tool[key]).exists(), (key, tool[key])
    assert json.loads((REPO / tool["ts_dir"] / "package.json").read_text())["name"] == tool["ts_package"]
    assert (REPO / tool["ts_dir"] / "globals.d.ts").is_file()
    assert (REPO / tool["py_double"] / tool["py_double_package"] / "adapter.py").is_file()
    module, factory = tool["py_double_adapter"].split(":")
    assert f"def {factory}(" in (REPO / tool["py_double"] / (module.replace(".", "/") + ".py")).read_text()
    client = (GENERATED / "python" / tool["py_package"] / "client.py").read_text()
    async_client = (GENERATED / "python" / tool["py_package"] / "async_client.py").read_text()
    model = load_spec(SPEC, "spec/session_api.yaml")
    view = docs.DocsView(model)
    for c in model.contexts:
        assert f"class {view.client_class(c)}(" in client and f"class {view.client_class(c, True)}(" in async_client


def test_python_guide_shows_the_clients_signature(model: Model) -> None:
    view = docs.DocsView(model)
    first = view.first_read(view.python_context())
    assert first is not None
    text = (DOCS / "start/python-tests.md").read_text()
    assert "\n".join(docs.python_signature(model, first.member)) in _fences(text, "python")
    assert f"session.{first.member.python_name}()" in text


# -- getting started: follow the install steps ---------------------------------------------------
@pytest.mark.slow
def test_context_guides_install_steps_and_examples_compile(model: Model, tmp_path: Path) -> None:
    """The TypeScript steps of each context guide, followed in a new project: the npm install command, the
    tsconfig.json and the import, then the guide's examples compiled against the installed declarations
    (without strict null checks: the examples are JavaScript)."""
    steps = {}
    for name in model.contexts:
        text = (DOCS / f"start/{name}.md").read_text()
        found = sections(DOCS / f"start/{name}.md")
        (install,) = _fences(found["install"], "sh")
        steps[name] = (install, json.loads(_fences(text, "jsonc")[0]), _fences(found["install"], "ts"),
                       _fences(found["first-call"], "js") + _fences(found["events"], "js"))
    install, config, _, _ = steps[next(iter(model.contexts))]
    assert all(s[0] == install and s[1] == config for s in steps.values())
    package = install.split()[-1]
    assert install == f"npm install --save-dev {package}" and package.startswith("./")
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").write_text('{"name": "guide", "version": "1.0.0", "private": true}')
    result = subprocess.run(["npm", "install", "--save-dev", "--offline", "--no-audit", "--no-fund", str(REPO / package)],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    config["compilerOptions"] |= {"noEmit": True, "strict": False}
    (project / "tsconfig.json").write_text(json.dumps(config))
    for name, (_, _, imports, examples) in steps.items():
        assert len(imports) == 1 and examples, name
        body = "\n".join("{\n" + code + "\n}" for code in examples)
        (project / f"{name}.ts").write_text(f"{imports[0]}\nexport {{}};\n{body}\n")
    result = subprocess.run(["node", str(REPO / "node_modules" / "typescript" / "bin" / "tsc"), "-p", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# -- getting started: run the Python guide's code ------------------------------------------------
def _python_snippets() -> dict[str, str]:
    """The Python guide's code blocks that are programs: the test double's test, and the Playwright one."""
    blocks = [b for b in _fences((DOCS / "start/python-tests.md").read_text(), "python") if "import" in b]
    by_kind = {"double": [b for b in blocks if "VirtualSession" in b], "page": [b for b in blocks if "sync_playwright" in b]}
    assert all(len(found) == 1 for found in by_kind.values()), by_kind
    return {kind: found[0] for kind, found in by_kind.items()}


@pytest.mark.slow
def test_python_guide_drives_a_page_with_the_js_test_double(model: Model) -> None:
    """The guide's Playwright program, run as a user would from the repository root, prints the first call's model."""
    view = docs.DocsView(model)
    first = view.first_read(view.python_context())
    assert first is not None and first.result_type
    result = subprocess.run([sys.executable, "-c", _python_snippets()["page"]], cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the program printed nothing"
    assert "Error" not in result.stderr


def test_python_guide_test_double_snippet_runs() -> None:
    """The guide's first test, against the Python test double."""
    namespace: dict[str, object] = {}
    exec(compile(_python_snippets()["double"], "start/python-tests.md", "exec"), namespace)
    test = namespace["test_first_call"]
    assert callable(test)
    test()


# -- getting started and layout: in the browser --------------------------------------------------
GUIDE_SECTIONS = {
    "context": ["install", "first-call", "events", "members", "test-double"],
    "python": ["install", "package", "test-double", "playwright"],
    "implementers": ["certificate", "install", "adapter", "run", "checks"],
}
HOME_MAX_HEIGHT = 2500
"""The home page's bound in px at 1280 x 900: about two and a half screens. It holds the description, five
guide links, the three contexts and the reference table (about 1,700 px); the material moved to the
overview was 9,000 px more, and the contexts alone come back at about 2,000 px."""
IDENTIFIER = r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*(\(\))?$"
BROKEN_IDENTIFIERS = """(pattern) => {
  const re = new RegExp(pattern);
  return [...document.querySelectorAll("article td code, article th code")]
    .filter((el) => re.test(el.textContent.trim()) && el.getClientRects().length !== 1)
    .map((el) => el.textContent.trim());
}"""
UNDER_THE_COPY_BUTTON = """() => {
  const out = [];
  for (const pre of document.querySelectorAll("article pre")) {
    const nav = pre.querySelector(".md-code__nav"), code = pre.querySelector("code");
    if (!nav || !code) continue;
    const n = nav.getBoundingClientRect(), c = code.getBoundingClientRect();
    const left = c.left + code.clientLeft, top = c.top + code.clientTop;  // the visible scrollport
    const right = left + code.clientWidth, bottom = top + code.clientHeight;
    const texts = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(texts.currentNode);
      const hit = [...range.getClientRects()].some((r) =>
        Math.min(r.right, right, n.right) - Math.max(r.left, left, n.left) > 0.5 &&
        Math.min(r.bottom, bottom, n.bottom) - Math.max(r.top, top, n.top) > 0.5);
      if (hit && texts.currentNode.textContent.trim()) {
        out.push(code.textContent.split("\\n")[0].slice(0, 60) + " | " + texts.currentNode.textContent.trim());
        break;
      }
    }
  }
  return out;
}"""


def _site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path relative to its root ("" for the home page)."""
    pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    return ["" if p == "./" else p for p in pages if not p.startswith(("search/", "assets/"))]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["context", "python", "implementers"])
def test_getting_started_pages_from_the_home_page(model: Model, server: str, browser: object, kind: str) -> None:
    """Each guide is reached from the home page's link, has its sections and code, and every link on it works:
    a link into the site loads (HTTP 200) and its #anchor is an id there; a link out is a well-formed http(s) URL."""
    from urllib.parse import urldefrag, urlparse

    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    ids: dict[str, set[str]] = {}
    try:
        for guide in [g for g in docs.guides(model) if g.kind == kind]:
            page.goto(server)
            page.locator("article ul").first.get_by_role("link", name=guide.title, exact=True).click()
            page.wait_for_url(f"{server}{guide.path.removesuffix('.md')}/")
            assert page.locator(f"article h1#{guide.anchor}").inner_text().startswith("Get started"), guide.path
            headings = set(page.evaluate("[...document.querySelectorAll('article h2')].map((e) => e.id)"))
            assert set(GUIDE_SECTIONS[kind]) <= headings, (guide.path, sorted(headings))
            blocks = page.locator("article pre code").all_inner_texts()
            assert len(blocks) >= 3 and all(text.strip() for text in blocks), guide.path
            links = page.evaluate("[...document.querySelectorAll('article a[href]')].map((a) => a.href)")
            assert len(links) >= 5, guide.path
            for href in links:
                if not href.startswith(server):
                    parsed = urlparse(href)
                    assert parsed.scheme in ("http", "https") and parsed.netloc and " " not in href, (guide.path, href)
                    continue
                url, fragment = urldefrag(href)
                if url not in ids:
                    response = page.request.get(url)
                    assert response.ok, (guide.path, href, response.status)
                    ids[url] = set(re.findall(r'\bid="([^"]+)"', response.text()))
                assert not fragment or fragment in ids[url], (guide.path, href, "no such anchor")
    finally:
        page.close()


@pytest.mark.slow
def test_home_page_is_short(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server)
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"home page: {height} px at 1280 x 900")
        assert height < HOME_MAX_HEIGHT, height
        assert page.locator("article").get_by_role("link").count() >= 10  # guides, contexts, reference pages
    finally:
        page.close()


LayoutFaults = dict[int, dict[str, dict[str, list[str]]]]
"""width -> check -> page -> what the check found there."""


def _check_pages(server: str, browser: object, widths: tuple[int, ...], paths: list[str], css: str | None = None) -> LayoutFaults:
    """Both layout checks on each page, at each width (one load per page, then the viewport is resized)."""
    found: LayoutFaults = {width: {"identifiers": {}, "copy button": {}} for width in widths}
    page = browser.new_page(viewport={"width": widths[0], "height": 900})  # type: ignore[attr-defined]
    try:
        for path in paths:
            page.set_viewport_size({"width": widths[0], "height": 900})
            page.goto(server + path, wait_until="domcontentloaded")
            if page.locator("article pre").count():  # Material adds the copy buttons once its script runs
                page.locator("article pre .md-code__nav").first.wait_for(state="attached")
            if css is not None:
                page.add_style_tag(content=css)
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                for check, result in (("identifiers", page.evaluate(BROKEN_IDENTIFIERS, IDENTIFIER)),
                                      ("copy button", page.evaluate(UNDER_THE_COPY_BUTTON))):
                    if result:
                        found[width][check][path or "(home)"] = result
    finally:
        page.close()
    return found


@pytest.fixture(scope="module")
def layout(site: Path, server: str, browser: object) -> LayoutFaults:
    """The layout checks on every page of the site, narrow and wide."""
    return _check_pages(server, browser, (800, 1280), _site_pages(site))


@pytest.mark.slow
@pytest.mark.parametrize("width", [800, 1280])
def test_identifiers_in_tables_do_not_break(layout: LayoutFaults, width: int) -> None:
    """Every identifier alone in a table cell's code is on one line, on every page, narrow and wide."""
    assert layout[width]["identifiers"] == {}, f"identifiers broken inside a word at {width}px (page: identifiers)"


@pytest.mark.slow
@pytest.mark.parametrize("width", [800, 1280])
def test_copy_button_covers_no_code(layout: LayoutFaults, width: int) -> None:
    """No character of a code block (signatures included) is drawn under its copy button."""
    assert layout[width]["copy button"] == {}, f"code under the copy button at {width}px"


@pytest.mark.slow
def test_layout_checks_see_what_the_stylesheet_prevents(server: str, browser: object) -> None:
    """Without the stylesheet's two rules, both checks find faults on a member page: they can fail."""
    material = (".md-typeset td code { word-break: break-word !important; overflow-wrap: anywhere !important }"
                ".md-typeset pre > code { border-right: 0 !important }")
    found = _check_pages(server, browser, (800,), ["members/collaboration/", "members/messaging/"], css=material)[800]
    assert found["identifiers"], "no identifier broke even with Material's word-break"
    assert found["copy button"], "no code went under the copy button even without the border"


@pytest.mark.slow
def test_discrepancies_are_collapsed_and_open_at_their_anchor(model: Model, server: str, browser: object) -> None:
    member = next(m for m in model.members.values() if m.discrepancies)
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(f"{server}members/{member.group}/")
        note = page.locator(f"details:has(#{member.name.lower()}-discrepancies)")
        assert note.count() == 1 and not note.evaluate("(d) => d.open")
        assert "Where the documentation disagrees" in note.locator("summary").inner_text()
        assert not re.search(r"\b[DW]\d+\b", note.locator("summary").inner_text())
        page.goto(f"{server}members/{member.group}/#{member.name.lower()}-discrepancies")
        assert note.evaluate("(d) => d.open")
        assert page.locator(f"#{member.name.lower()}-discrepancies").is_visible()
    finally:
        page.close()
