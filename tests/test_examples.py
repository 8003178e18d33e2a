"""Every example in the spec runs, in JavaScript and in Python, so that no published example can rot.

The examples are read from the generated model (``generated/spec.json``): each member's and each
global member's ``examples``, with their ``code`` (JavaScript) and ``python``. Each one runs in a
fresh document (see `Pages`) in headless Chromium that has the JavaScript reference implementation installed as the
session of participant 0 of a reference world, in the example's context (an example without a
context runs in every context whose expression its code uses):

- JavaScript: the code runs in the page as the body of an async function (so it may ``await``);
- Python: the code runs with ``exec``, ``session`` bound to the sync Playwright client of the
  context (``SessionClient(page, context)``, ``PublicSessionClient(page)``) driving that page.

Then what happens to a page in real use happens to this one, so that the listeners and handlers an
example sets up run too: the user picks a file in every file input and clicks every button, a
participant joins, a message arrives on each side of the ``sendMessage`` channel, and the session
ends. The example fails, with its title, if its code throws, if an error is left uncaught in the
page (a listener that throws, a Python callback that raises, a rejected Promise nobody handles), or
if something is written with ``console.error``.

The page is the same for every example: the reference script, a file input ``#share-file`` and a
canvas ``#preview`` (what buttons cannot stand in for), and a button for every other element id the
example's code looks up. It is served at the context's ``example_origin`` from the spec (an origin
Chromium cannot serve, such as the extension's ``chrome-extension://``, becomes
``https://<context>.example``), and the world gives every context its ``example_origin``.
"""

from __future__ import annotations

import html
import json
import linecache
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from webfuse_session.client import PublicSessionClient, SessionClient

from generator.model import Model

from .conftest import REPO

pytestmark = pytest.mark.slow

SPEC_JSON = REPO / "generated" / "spec.json"
DIST = REPO / "reference" / "js" / "dist" / "webfuse-reference.js"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# The element ids an example looks up: a selector "#id" (querySelector, a Playwright locator) or getElementById("id").
ELEMENT_ID = re.compile(r"""['"]#([A-Za-z][\w-]*)['"]|getElementById\(\s*['"]([A-Za-z][\w-]*)['"]""")
BASE_ELEMENTS = {"share-file": '<input id="share-file" type="file">', "preview": '<canvas id="preview"></canvas>'}


@dataclass(frozen=True)
class Example:
    member: str  # the member's name, or "global.member" for a member of a global object
    title: str
    language: str  # javascript | python
    context: str
    code: str
    javascript: str  # the example's JavaScript (with the code, where the page's element ids come from)

    @property
    def label(self) -> str:
        return f"example {self.title!r} ({self.member}, {self.language}, {self.context} context)"

    @property
    def id(self) -> str:
        return f"{self.member}-{self.language}-{self.context}: {self.title}"


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_JSON.read_text("utf-8"))
    return spec


def spec_examples(spec: dict[str, Any]) -> list[Example]:
    """Every example of the spec, once per language and context it runs in."""
    contexts: dict[str, Any] = spec["contexts"]
    sites: list[tuple[str, dict[str, Any]]] = list(spec["members"].items())
    sites += [(f"{g}.{gm['name']}", gm) for g, glob in spec["globals"].items() for gm in glob["members"]]
    out: list[Example] = []
    for member, m in sites:
        for ex in m["examples"]:
            if ex.get("context"):
                where = [ex["context"]]
            else:  # the contexts whose expression the code uses, else every context of the member
                where = [c for c, ctx in contexts.items() if any(e in ex["code"] for e in ctx["reached_by"])] or list(m["contexts"])
            for context in where:
                out.append(Example(member, ex["title"], "javascript", context, ex["code"], ex["code"]))
                if ex.get("python"):
                    out.append(Example(member, ex["title"], "python", context, ex["python"], ex["code"]))
    return out


SPEC = load_spec()
EXAMPLES = spec_examples(SPEC)


# -- the page ------------------------------------------------------------------------------------------

def page_origin(context: str) -> str:
    origin: str = SPEC["contexts"][context]["example_origin"]
    return origin if re.match(r"^https?://", origin) else f"https://{context}.example"


def page_html(context: str, element_ids: list[str]) -> str:
    setup = {
        "context": context,
        "origins": {name: c["example_origin"] for name, c in SPEC["contexts"].items()},
    }
    setup_json = json.dumps(setup).replace("<", "\\u003c")  # no "</script>" can end the script
    elements = [BASE_ELEMENTS.get(i, f'<button id="{html.escape(i)}">{html.escape(i)}</button>') for i in element_ids]
    elements += [markup for i, markup in BASE_ELEMENTS.items() if i not in element_ids]
    return f"""<!doctype html>
<meta charset="utf-8">
<title>Session API example ({html.escape(context)} context)</title>
<script>
  // What the example leaves uncaught, and what it reports as an error (no global but the list).
  window.__exampleErrors = [];
  (() => {{
    const describe = (error) => (error instanceof Error ? `${{error.name}}: ${{error.message}}` : String(error));
    addEventListener("error", (e) => __exampleErrors.push(`uncaught ${{describe(e.error ?? e.message)}}`));
    addEventListener("unhandledrejection", (e) => __exampleErrors.push(`unhandled rejection: ${{describe(e.reason)}}`));
    const consoleError = console.error;
    console.error = (...args) => {{ __exampleErrors.push(`console.error: ${{args.map(String).join(" ")}}`); consoleError(...args); }};
  }})();
</script>
<script src="/webfuse-reference.js"></script>
<script>
  // Participant 0 of a reference world, in the context this page plays; listener errors are collected.
  (() => {{
    const setup = {setup_json};
    window.exampleWorld = WebfuseReference.createWorld({{
      origins: setup.origins, states: {{ in_iframe: true }}, raiseListenerErrors: false,
    }});
    WebfuseReference.install(exampleWorld, 0, {{ isInsideSession: setup.context === "public" }});
  }})();
  // The page function the document's own sendMessage example calls.
  function sessionEnd() {{ webfuse.currentSession.end(); }}
</script>
<body>
{chr(10).join(elements)}
</body>
"""


# What happens to a page in real use, one step per round trip (Python callbacks run in between).
STEPS = {
    "the user picks a file": """() => {
  for (const input of document.querySelectorAll("input[type=file]")) {
    const picked = new DataTransfer();
    picked.items.add(new File(["Agenda"], "notes.txt", { type: "text/plain" }));
    input.files = picked.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
}""",
    "the user clicks every button": """() => { for (const button of document.querySelectorAll("button")) button.click(); }""",
    "a participant joins": """() => { exampleWorld.addParticipant({ name: "Grace" }); }""",
    "a message arrives on each side": """() => {
  exampleWorld.session(0, "widget").sendMessage({ message: "end" }, "*");
  exampleWorld.session(0, "public").sendMessage({ message: "end" }, "*");
}""",
    "the session ends": """() => { exampleWorld.session(0, "widget").end(); }""",
}
SETTLE = "() => new Promise((resolve) => setTimeout(resolve, 0))"
ERRORS = """() => [...__exampleErrors, ...exampleWorld.listenerErrors.map((e) => `listener: ${e instanceof Error ? `${e.name}: ${e.message}` : e}`)]"""


class ExampleFailed(AssertionError):
    pass


def element_ids(example: Example) -> list[str]:
    found = [a or b for a, b in ELEMENT_ID.findall(example.javascript + "\n" + example.code)]
    return list(dict.fromkeys(found))


def serve(route: Route) -> None:
    url = urlsplit(route.request.url)
    if url.path == "/webfuse-reference.js":
        route.fulfill(path=str(DIST), content_type="text/javascript")
        return
    query = parse_qs(url.query)
    context = query["context"][0]
    route.fulfill(body=page_html(context, query.get("id", [])), content_type="text/html")


class Pages:
    """The page the examples run in, one after the other, each in a fresh document.

    Every example gets a new navigation, hence a new JavaScript realm, DOM and reference world, and
    a new Python client; a page is kept across examples because a new one costs about three times
    as much (0.1 s against 0.3 s, the bulk of an example). A page an example failed in is closed,
    so nothing it left behind can reach the next example.
    """

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.current: Page | None = None

    def open(self, example: Example) -> Page:
        if self.current is None:
            self.current = self.context.new_page()
        ids = "".join(f"&id={i}" for i in element_ids(example))
        self.current.goto(f"{page_origin(example.context)}/?context={example.context}{ids}")
        return self.current

    def discard(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None


def run_example(pages: Pages, example: Example) -> None:
    """Run one example in a fresh document; raise :class:`ExampleFailed`, naming it, if anything goes wrong."""
    page = pages.open(example)
    problems: list[str] = []
    try:
        if example.language == "javascript":
            try:
                page.evaluate(f"async () => {{\n{example.code}\n}}")
            except PlaywrightError as error:
                problems.append(f"threw: {str(error).splitlines()[0]}")
        else:
            problems += run_python(page, example)
        for what, step in STEPS.items():
            try:
                page.evaluate(step)
            except PlaywrightError as error:
                problems.append(f"when {what}: {str(error).splitlines()[0]}")
        page.evaluate(SETTLE)
        problems += page.evaluate(ERRORS)
    except BaseException:
        pages.discard()
        raise
    if problems:
        pages.discard()
        details = "\n".join(f"- {p}" for p in problems)
        raise ExampleFailed(f"{example.label} failed:\n{details}\n--- code ---\n{example.code.rstrip()}")


def run_python(page: Page, example: Example) -> list[str]:
    """``exec`` the example with ``session`` bound to the client of its context; a traceback if it raises."""
    filename = f"<{example.label}>"
    linecache.cache[filename] = (len(example.code), None, example.code.splitlines(keepends=True), filename)
    try:
        exec(compile(example.code, filename, "exec"), {"session": python_client(page, example.context), "__name__": "example"})
    except Exception as error:
        tb = error.__traceback__.tb_next if error.__traceback__ else None  # from the example's frame on
        return ["raised:\n" + "".join(traceback.format_exception(type(error), error, tb)).rstrip()]
    finally:
        linecache.cache.pop(filename, None)
    return []


def python_client(page: Page, context: str) -> Any:
    """The sync client of ``context``: its own (``WidgetSessionClient``, with ``start``), else PublicSessionClient where
    only public members are exposed, else the shared SessionClient."""
    import webfuse_session.client as clients

    own = getattr(clients, f"{context[:1].upper()}{context[1:]}SessionClient", None)
    if own is not None:
        return own(page)
    if SPEC["contexts"][context]["exposes"] == "public-members":
        return PublicSessionClient(page)
    return SessionClient(page, cast(Any, context))


# -- fixtures --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def pages(browser: Browser) -> Iterator[Pages]:
    """A browser context whose requests to the example origins are answered here, and its page."""
    context = browser.new_context()
    for origin in sorted({page_origin(c) for c in SPEC["contexts"]}):
        context.route(f"{origin}/**", serve)
    pool = Pages(context)
    yield pool
    pool.discard()
    context.close()


# -- the tests -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example_runs(pages: Pages, example: Example) -> None:
    failure: str | None = None
    try:
        run_example(pages, example)
    except ExampleFailed as failed:
        failure = str(failed)
    if failure is not None:
        pytest.fail(failure, pytrace=False)


def test_every_example_of_the_spec_runs_in_both_languages(model: Model) -> None:
    """The examples read from spec.json are the model's, every one of them, and each has its Python."""
    in_model = {(name, ex.title) for name, m in model.members.items() for ex in m.examples}
    in_model |= {(f"{g}.{gm.name}", ex.title) for g, glob in model.globals.items() for gm in glob.members for ex in gm.examples}
    assert in_model, "the spec has no examples"
    assert {(e.member, e.title) for e in EXAMPLES if e.language == "javascript"} == in_model
    missing = in_model - {(e.member, e.title) for e in EXAMPLES if e.language == "python"}
    assert not missing, f"examples without `python:` in the spec: {sorted(missing)}"


BROKEN = [
    Example("relocate", "Calls a member that does not exist", "javascript", "widget",
            "webfuse.listSessions()[0].relocateTo('https://example.com/');\n", ""),
    Example("on", "A listener that reads a field the payload lacks", "javascript", "widget",
            "webfuse.listSessions()[0].on('participant_joined', (s, e) => s.transferTabControl(e.client_idx));\n", ""),
    Example("takeScreenshot", "A rejected Promise nobody handles", "javascript", "extension",
            "browser.webfuseSession.takeScreenshot('no');\n", ""),
    Example("log", "A click handler that calls a member of another context", "javascript", "public",
            "document.querySelector('#send').addEventListener('click', () => webfuse.currentSession.openTab('https://example.com/'));\n",
            "document.querySelector('#send')"),
    Example("relocate", "Calls a method that does not exist", "python", "widget",
            'session.relocate_to("https://example.com/")\n', ""),
    Example("on", "A callback that reads a field the payload lacks", "python", "public",
            'session.on("message", lambda s, event: print(event.payload))\n', ""),
    Example("getTabs", "Treats the tabs as a mapping", "python", "extension",
            'print(session.get_tabs()["active"])\n', ""),
]


@pytest.mark.parametrize("example", BROKEN, ids=[e.id for e in BROKEN])
def test_a_broken_example_fails_with_its_title(pages: Pages, example: Example) -> None:
    with pytest.raises(ExampleFailed) as failure:
        run_example(pages, example)
    message = str(failure.value)
    assert message.startswith(f"example {example.title!r} ({example.member}, {example.language}, {example.context} context) failed:")
    assert re.search(r"^- \S", message, re.M), message

