"""The generated Playwright client, driving a test page in real headless Chromium."""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import async_playwright
from playwright.sync_api import Browser, Page, sync_playwright

from .conftest import REPO

sys.path.insert(0, str(REPO / "generated" / "python"))

from webfuse_session import models  # noqa: E402
from webfuse_session.async_client import AsyncSessionClient  # noqa: E402
from webfuse_session.client import PublicSessionClient, SessionClient, launch  # noqa: E402
from webfuse_session.errors import (  # noqa: E402
    InvalidArgumentError,
    NotExposedError,
    SessionApiMissingError,
    SessionCallError,
)

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE = (Path(__file__).parent / "python" / "session_page.html").read_text()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        instance = launch(p)  # the client's own launcher: it finds the system Chromium
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    page.set_content(PAGE)
    yield page
    page.close()


def calls(page: Page) -> list[Any]:
    result: list[Any] = page.evaluate("() => window.__calls")
    return result


def wait_for(page: Page, condition: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for an event"
        page.wait_for_timeout(20)


def test_results_become_models(page: Page) -> None:
    session = SessionClient(page, "extension")
    info = session.get_session_info()
    assert isinstance(info, models.SessionInfo) and info.space.type == "meeting" and info.metadata == {"foo": "bar"}
    participants = session.get_participants()
    assert [p.name for p in participants] == ["Ada", "Bob"] and participants[0].self_
    tabs = session.get_tabs()
    assert tabs[0].ssid == 3 and tabs[0].model_dump()["id"] == 12
    assert session.started is True and session.pin == "0427"


def test_arguments_are_sent_in_javascript_order(page: Page) -> None:
    session = SessionClient(page, "widget")
    session.relocate("https://example.com/a", new_tab=True)
    session.log({"event": "opened", "var0": "a"})
    session.log(models.LogEntry(var1="b"))
    session.end()
    session.follow_participant(1)
    assert calls(page) == [
        ["relocate", ["https://example.com/a", True]],
        ["log", [{"event": "opened", "var0": "a"}]],
        ["log", [{"var1": "b"}]],
        ["end", []],
        ["followParticipant", [1]],
    ]


@pytest.mark.parametrize(
    ("member", "args", "needle"),
    [
        ("relocate", ("example.com/no-scheme",), "new_url"),
        ("relocate", (42,), "new_url"),
        ("make_host", (-1,), "client_index"),
        ("activate_tab", ("3",), "ssid"),
        ("log", ({"var3": 5},), "var3"),
        ("toggle_videochat_mode", ("fullscreen",), "mode"),
        ("send_message", ({"a": 1}, "https://example.com/path"), "target_origin"),
        ("upload_file", ("not a handle",), "file"),
    ],
)
def test_invalid_arguments_never_reach_the_page(page: Page, member: str, args: tuple[Any, ...], needle: str) -> None:
    session = SessionClient(page, "extension")
    with pytest.raises(InvalidArgumentError, match=needle):
        getattr(session, member)(*args)
    assert calls(page) == []


def test_host_objects_travel_as_handles_and_screenshots_as_png(page: Page) -> None:
    import struct

    session = SessionClient(page, "extension")
    bitmap = session.take_screenshot_handle()
    assert bitmap.evaluate("b => [b.width, b.height]") == [2, 3]
    png = session.take_screenshot(keep_stream_opened=False)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (2, 3)  # the IHDR chunk: width and height of the bitmap
    assert calls(page) == [["takeScreenshot", [True]], ["takeScreenshot", [False]]]


def test_events_reach_python_callbacks(page: Page) -> None:
    session = SessionClient(page, "extension")
    received: list[tuple[Any, Any]] = []
    same = session.on("message", lambda s, event: received.append((s, event)))
    assert same is session
    session.on("custom_thing", lambda s, event: received.append((s, event)))
    page.evaluate("() => window.__emit('message', {data: {message: 'end'}})")
    page.evaluate("() => window.__emit('custom_thing', {anything: 1})")
    wait_for(page, lambda: len(received) == 2)
    assert received[0][0] is session and isinstance(received[0][1], models.MessageEvent)
    assert received[0][1].data == {"message": "end"}
    assert received[1][1] == {"anything": 1}


def test_public_context_has_only_public_members(page: Page) -> None:
    inside = PublicSessionClient(page)
    inside.send_message({"message": "end"}, "*")
    assert calls(page) == [["sendMessage", [{"message": "end"}, "*"]]]
    with pytest.raises(NotExposedError, match=r"relocate is not exposed in the public context \(webfuse.currentSession\)"):
        inside.relocate("https://example.com/")  # type: ignore[attr-defined]


def test_a_missing_api_is_a_clear_error(browser: Browser) -> None:
    page = browser.new_page()
    try:
        with pytest.raises(SessionApiMissingError, match=r"getTabs: the page has no Session API in the extension context"):
            SessionClient(page, "extension").get_tabs()
    finally:
        page.close()


def test_a_member_the_page_lacks_is_named(page: Page) -> None:
    page.evaluate("() => { delete window.browser.webfuseSession.toggleDrawing; }")
    with pytest.raises(NotExposedError, match="toggleDrawing"):
        SessionClient(page, "extension").toggle_drawing()


def test_errors_thrown_in_the_page_name_the_member(page: Page) -> None:
    page.evaluate("() => { window.browser.webfuseSession.pauseTabs = () => { throw new Error('boom'); }; }")
    with pytest.raises(SessionCallError, match=r"pauseTabs \(extension context\) failed in the page: .*boom"):
        SessionClient(page, "extension").pause_tabs()


def test_async_client() -> None:
    async def scenario() -> tuple[models.SessionInfo, list[Any]]:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = await browser.new_page()
            await page.set_content(PAGE)
            session = AsyncSessionClient(page, "widget")
            seen: list[Any] = []

            async def on_chat(s: AsyncSessionClient, event: models.ChatMessageEvent) -> None:
                seen.append(event.message)

            await session.on("chat_message", on_chat)
            info = await session.get_session_info()
            png = await session.take_screenshot()
            seen.append(png[:4])
            await page.evaluate("() => window.__emit('chat_message', {event_type: 'chat_message', message: 'hi'})")
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.02)
            assert await session.started() is True
            await browser.close()
            return info, seen

    # In a thread of its own: the sync API's event loop is running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        info, seen = pool.submit(asyncio.run, scenario()).result(timeout=60)
    assert info.session_id == "s-1" and seen == [b"\x89PNG", "hi"]


NAMESPACES = """() => {
  const session = browser.webfuseSession;
  const calls = window.__calls;
  const record = (name, result) => async (...args) => { calls.push([name, args]); return result; };
  const listeners = [];
  session.env = { API_URL: "https://api.example.com", EMPTY: "" };
  session.automation = {
    left_click: record("automation.left_click"),
    act: { click: record("automation.act.click"), type: record("automation.act.type") },
    see: { domSnapshot: record("automation.see.domSnapshot", "<body></body>") },
    tool: {},
  };
  session.onMessage = { addListener(listener) { listeners.push(listener); } };
  session.on.addListener = (listener) => listeners.push(listener);
  session.start = record("start");
  window.__message = (...args) => { for (const listener of listeners) listener(...args); };
}"""


def test_namespaces_env_and_event_objects_walk_their_path_in_the_page(page: Page) -> None:
    """``session.automation.act.click(...)`` runs ``automation.act.click`` in the page; env is read from it; event
    objects' listeners get their arguments as models; ``start`` is the widget's."""
    import warnings

    from webfuse_session.client import ExtensionSessionClient, WidgetSessionClient

    page.evaluate(NAMESPACES)
    session = ExtensionSessionClient(page)
    assert dict(session.env) == {"API_URL": "https://api.example.com", "EMPTY": ""}
    assert (session.env.get("EMPTY") or "fallback") == "fallback"
    with pytest.raises(TypeError):
        session.env["API_URL"] = "x"  # type: ignore[index]
    session.automation.act.click("main > button.cta")
    session.automation.act.type([420, 890], "hello")
    assert session.automation.see.dom_snapshot({"root": "body", "webfuseIDs": True}) == "<body></body>"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session.automation.left_click("#x", move_mouse=True)
    assert any("automation.act.click" in str(w.message) for w in caught)
    with pytest.raises(InvalidArgumentError):
        session.automation.act.type("#q", 3)  # type: ignore[arg-type]
    WidgetSessionClient(page).start("#box")
    assert calls(page) == [
        ["automation.act.click", ["main > button.cta"]],
        ["automation.act.type", [[420, 890], "hello"]],
        ["automation.see.domSnapshot", [{"root": "body", "webfuseIDs": True}]],
        ["automation.left_click", ["#x", True]],
        ["start", ["#box"]],
    ]
    got: list[Any] = []
    session.on_message.add_listener(got.append)
    session.on_listeners.add_listener(lambda message, sender: got.append((message, sender)))
    page.evaluate("() => window.__message({event_type: 'host_changed', my_index: 1}, {id: 7})")
    wait_for(page, lambda: len(got) == 2)
    assert isinstance(got[0], models.HostChangedEvent) and got[0].my_index == 1
    assert isinstance(got[1][0], models.HostChangedEvent) and got[1][1] == models.BroadcastSender.model_validate({"id": 7})
    with pytest.raises(AttributeError, match="widget context's own client"):
        SessionClient(page, "widget").start  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(NotExposedError, match="available in: extension"):
        PublicSessionClient(page).automation  # type: ignore[attr-defined]  # noqa: B018
    page.evaluate("() => { delete browser.webfuseSession.automation.act; }")
    with pytest.raises(NotExposedError, match="automation.act.click"):
        session.automation.act.click("#cta")


def test_the_async_client_awaits_namespaces_env_and_listeners() -> None:
    from webfuse_session.async_client import AsyncExtensionSessionClient

    async def scenario() -> list[Any]:
        async with async_playwright() as p:
            instance = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = await instance.new_page()
            await page.set_content(PAGE)
            await page.evaluate(NAMESPACES)
            session = AsyncExtensionSessionClient(page)
            got: list[Any] = []

            async def on_message(message: models.ExtensionMessage) -> None:
                got.append(message)

            await session.on_message.add_listener(on_message)
            await session.automation.act.click((await session.env())["API_URL"])
            await page.evaluate("() => window.__message('a broadcast')")
            for _ in range(100):
                if got:
                    break
                await asyncio.sleep(0.02)
            result = [*got, await page.evaluate("() => window.__calls")]
            await instance.close()
            return result

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(asyncio.run, scenario()).result(timeout=60)
    assert result == ["a broadcast", [["automation.act.click", ["https://api.example.com"]]]]
