"""How a user of webfuse_session writes code: must pass mypy --strict and pyright strict."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from playwright.async_api import JSHandle as AsyncJSHandle
from playwright.async_api import Page as AsyncPage
from playwright.sync_api import JSHandle, Page
from webfuse_reference import VirtualSession
from webfuse_session import (
    AsyncExtensionSession,
    AsyncPublicSession,
    AsyncSession,
    AsyncWidgetSession,
    ExtensionSession,
    ExtensionSessionObject,
    PublicSession,
    PublicSessionObject,
    Session,
    SessionObject,
    WidgetSession,
    WidgetSessionObject,
    models,
)
from webfuse_session.async_client import (
    AsyncExtensionSessionClient,
    AsyncPublicSessionClient,
    AsyncSessionClient,
    AsyncWidgetSessionClient,
)
from webfuse_session.client import ExtensionSessionClient, PublicSessionClient, SessionClient, WidgetSessionClient
from webfuse_session.inputs import DomSnapshotOptionsDict, LogEntryDict
from webfuse_session.testing import (
    AsyncExtensionSessionDouble,
    AsyncWidgetSessionDouble,
    ExtensionSessionDouble,
    WidgetSessionDouble,
)


def space_summary(raw: dict[str, object]) -> str:
    info = models.SessionInfo.model_validate(raw)
    kind: models.SpaceType = info.space.type
    return f"{info.session_id} in {info.space.name} ({kind}), admins {info.space.admin_ids}"


def host_of(participants: list[models.Participant]) -> models.Participant | None:
    return next((p for p in participants if p.client_index == 0), None)


def follow_the_leader(session: Session) -> None:
    """Works with the sync client and with the test double."""
    participants = session.get_participants()
    leader = host_of(participants)
    if leader is not None and not leader.self_:
        session.follow_participant(leader.client_index)
    session.on("chat_message", lambda s, event: s.log(models.LogEntry(var0=event.message)))
    session.on("message", on_message).on("my_custom_event", lambda s, event: print(event))


def on_message(session: Session, event: models.MessageEvent) -> None:
    print(event.data.get("message"), session.started)


def finish(page_session: PublicSession) -> None:
    page_session.log(models.LogEntry.model_validate({"event": "done", "var1": "ok"}))
    page_session.log({"step": "x", "var0": "y"})
    entry: LogEntryDict = {"var0": "basket-42", "var9": "end"}
    page_session.log(entry)
    page_session.send_message({"type": "host-changed", "to": 2}, "https://example.com")
    page_session.end("https://example.com/bye")


async def follow_async(session: AsyncSession) -> bool:
    """Works with the async client and with the async test double: every member is awaited."""
    participants = await session.get_participants()
    leader = host_of(participants)
    if leader is not None:
        await session.follow_participant(leader.client_index)

    async def on_chat(s: AsyncSession, event: models.ChatMessageEvent) -> None:
        await s.log({"event": "chat", "var0": event.message})

    await session.on("chat_message", on_chat)
    png: bytes = await session.take_screenshot()
    return await session.started() and png.startswith(b"\x89PNG")


async def implementation(session: SessionObject, page: PublicSessionObject) -> list[models.Tab]:
    """The JavaScript-shaped Protocols: what an implementation in Python provides (Promise results awaited)."""
    page.log({"event": "checked"})
    print(session.started, session.pin)
    return await session.get_tabs()


def with_the_test_double() -> None:
    vs = VirtualSession(participants=2)
    follow_the_leader(vs.client(1, "widget"))
    finish(vs.client(0, "public"))
    asyncio.run(follow_async(vs.async_client(1)))
    asyncio.run(implementation(vs.widget(0), vs.public(0)))


def drive(page: Page) -> list[str]:
    session = SessionClient(page, "extension")
    session.relocate("https://example.com/", new_tab=True)
    info = session.get_session_info()
    names = [p.name for p in session.get_participants()]
    session.on("participant_joined", lambda s, event: print(event.client_index))
    session.log({"event": "opened", "var0": info.session_id})
    png: bytes = session.take_screenshot(keep_stream_opened=False)
    bitmap: JSHandle = session.take_screenshot_handle()
    print(len(png), bitmap.evaluate("b => b.width"), session.pin, session.started)
    follow_the_leader(session)
    inside = PublicSessionClient(page)
    finish(inside)
    inside.send_message({"message": "end"}, "*")
    return names


async def drive_async(page: AsyncPage) -> models.SessionInfo:
    session = AsyncSessionClient(page, "widget")
    waiting: Awaitable[models.SessionInfo] = session.get_session_info()
    await session.toggle_videochat_mode("sidebar")
    handle: AsyncJSHandle = await session.take_screenshot_handle()
    print(await handle.evaluate("b => b.height"), await follow_async(session))
    await AsyncPublicSessionClient(page).log({"event": "done"})
    return await waiting


def main() -> None:
    asyncio.run(asyncio.sleep(0))


def right_pairings(page: Page, vs: VirtualSession) -> tuple[Session, Session, PublicSession, PublicSession]:
    """Each Protocol takes its client and its test double."""
    return SessionClient(page), vs.client(0, "widget"), PublicSessionClient(page), vs.client(1, "public")


def right_async_pairings(page: AsyncPage, vs: VirtualSession) -> tuple[AsyncSession, AsyncSession, AsyncPublicSession, AsyncPublicSession]:
    return AsyncSessionClient(page), vs.async_client(0), AsyncPublicSessionClient(page), vs.async_client(1, "public")


# -- extensions, widgets: each context's own Protocol --------------------------------------------
def configured(session: ExtensionSession) -> tuple[str, int]:
    """The manifest's env values, which are often left empty: each with a fallback."""
    api_url = session.env.get("API_URL") or "https://api.example.com"
    retries = int(session.env.get("RETRIES", "3") or "3")
    known: list[str] = sorted(session.env)
    print(known, "DEBUG" in session.env)
    return api_url, retries


def agent_step(session: ExtensionSession, goal: str) -> str:
    """An agent in an extension: reads the page, acts on it (the newer, namespaced Automation API)."""
    options: DomSnapshotOptionsDict = {"root": "body", "webfuseIDs": True}
    snapshot: str = session.automation.see.dom_snapshot(options)
    screenshot = session.automation.see.gui()
    print(len(snapshot), screenshot)
    session.automation.act.mouse_move("main > button.cta")
    session.automation.act.click("main > button.cta")
    session.automation.act.type([420, 890], goal)
    session.automation.act.scroll("#results", 300)
    session.automation.wait("#results li", 5000)
    session.automation.navigate("https://example.com/next")
    follow_the_leader(session)  # an extension's session is a Session too
    return snapshot


def listen_in_an_extension(session: ExtensionSession) -> None:
    """The event objects of extensions: `onMessage.addListener` and `on.addListener`, beside `on(name, callback)`."""

    def on_message(message: models.ExtensionMessage) -> None:
        if isinstance(message, models.HostChangedEvent):
            print("host changed, I am", message.my_index)

    session.on_message.add_listener(on_message)
    session.on_listeners.add_listener(lambda message, sender: print(message, sender))
    session.on("chat_message", lambda s, event: print(event.message))


def open_in_the_widget(session: WidgetSession) -> None:
    """A session the widget created: started into a container, then used like any session."""
    session.start("#webfuse-container")
    session.start()
    follow_the_leader(session)


async def agent_step_async(session: AsyncExtensionSession) -> str:
    env = await session.env()
    snapshot = await session.automation.see.dom_snapshot({"root": "body"})
    await session.automation.act.click(env.get("BUTTON") or "button.cta")

    async def on_message(message: models.ExtensionMessage) -> None:
        await session.log({"event": "message", "var0": str(message)})

    await session.on_message.add_listener(on_message)
    print(await follow_async(session))
    return snapshot


async def open_in_the_widget_async(session: AsyncWidgetSession) -> None:
    await session.start("#webfuse-container")


def implementation_of_an_extension(session: ExtensionSessionObject, widget: WidgetSessionObject) -> Awaitable[str]:
    """The JavaScript shape: namespaces are objects, results awaitables, env a mapping, event objects addListener's."""
    session.on_message.add_listener(print)
    print(session.env.get("API_URL"), widget.start("#box"))
    return session.automation.see.dom_snapshot({"root": "body"})


def drive_an_extension(page: Page, async_page: AsyncPage) -> None:
    extension = ExtensionSessionClient(page)
    print(configured(extension), agent_step(extension, "find the price"))
    listen_in_an_extension(extension)
    open_in_the_widget(WidgetSessionClient(page, "widget"))
    asyncio.run(agent_step_async(AsyncExtensionSessionClient(async_page)))
    asyncio.run(open_in_the_widget_async(AsyncWidgetSessionClient(async_page)))


def context_pairings(
    page: Page, async_page: AsyncPage, extension: ExtensionSessionObject, widget: WidgetSessionObject
) -> tuple[ExtensionSession, WidgetSession, AsyncExtensionSession, AsyncWidgetSession, Session, Session, AsyncSession]:
    """Each context's Protocol takes its client and its double; a context's session is also the shared Session."""
    print(ExtensionSessionDouble(extension), WidgetSessionDouble(widget))
    return (
        ExtensionSessionClient(page),
        WidgetSessionDouble(widget),
        AsyncExtensionSessionDouble(extension),
        AsyncWidgetSessionDouble(widget),
        WidgetSessionClient(page),
        ExtensionSessionDouble(extension),
        AsyncExtensionSessionClient(async_page),
    )
