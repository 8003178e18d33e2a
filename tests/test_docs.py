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
    pages["index.md"] = {f"context-{c.lower()}" for c in model.contexts}
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
    for m in model.all_members():
        section = sections(DOCS / f"members/{m.group}.md")[docs.anchor("member", m.path)]
        assert view.ts_signature(m)[0] in section, m.path
        if m.name in plain and plain[m.name] is m:
            iface = ts.interface_of[m.contexts[0]]
            assert ts.signatures(m, iface)[0] in section, m.name
            assert re.search(rf"^(async )?def {m.python_name}\(self", section, re.M), m.name
        else:  # namespaces, event objects, members of some contexts only: not in the Python package yet
            assert "Python: not in the `webfuse_session` package yet." in section, m.path
        if m.deprecated is not None:
            assert "**Deprecated.**" in section, m.path
        for d in m.discrepancies:
            assert f"Documentation discrepancy {d.id}" in section, (m.name, d.id)
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
    for m in model.plain().members.values():  # the members the package has (see Model.plain)
        lines = docs.python_signature(model, m)
        assert lines and all("<" not in line for line in lines), (m.name, lines)
        assert flat(lines[-1].removesuffix(" ...")) in client, (m.name, lines)
        if m.chainable:
            assert lines[-1].endswith("-> Self: ..."), lines


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
        hit.wait_for(state="visible", timeout=15000)
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
