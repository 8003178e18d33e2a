"""Misuses that the type checkers must reject. Each line carries the error both checkers must
report: mypy (run with warn_unused_ignores) and pyright (reportUnnecessaryTypeIgnoreComment,
type-ignore comments disabled) fail the build if an expected error does not happen."""

from __future__ import annotations

from playwright.async_api import Page as AsyncPage
from playwright.sync_api import Page
from webfuse_reference import VirtualSession
from webfuse_session import (
    AsyncExtensionSession,
    AsyncPublicSession,
    AsyncSession,
    ExtensionSession,
    PublicSession,
    Session,
    WidgetSession,
    models,
)
from webfuse_session.async_client import AsyncPublicSessionClient, AsyncSessionClient, AsyncWidgetSessionClient
from webfuse_session.client import ExtensionSessionClient, PublicSessionClient, SessionClient, WidgetSessionClient


def wrong_types(session: Session) -> None:
    session.relocate(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.make_host("0")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.toggle_videochat_mode("fullscreen")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.log(["var0", "x"])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.log(models.Tab(ssid=1))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.send_message("end", "*")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    png: str = session.take_screenshot()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(png)
    session.relocate()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def not_public(page_session: PublicSession) -> None:
    page_session.relocate("https://example.com/")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    page_session.get_session_info()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    page_session.pin.upper()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def wrong_payloads(session: Session) -> None:
    def on_chat(s: Session, event: models.ChatMessageEvent) -> None:
        print(event.message)

    session.on("message", on_chat)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]
    session.on("not_an_event", on_chat)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]
    session.on("message", lambda s, event: print(event.bogus))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]


def wrong_models() -> None:
    models.Participant(name="Ada")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    info: models.SessionInfo = models.Space.model_validate({})  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(info)


def wrong_client(page: Page) -> None:
    SessionClient(page, "public")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    PublicSessionClient(page).relocate("https://example.com/")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    SessionClient(page).activate_tab("3")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def wrong_pairings(page: Page, async_page: AsyncPage, vs: VirtualSession) -> None:
    """Each client and double fits its own Protocol only (the right pairings are in usage.py)."""
    a: AsyncSession = SessionClient(page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    b: Session = AsyncSessionClient(async_page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    c: Session = PublicSessionClient(page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    d: AsyncSession = AsyncPublicSessionClient(async_page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    e: PublicSession = AsyncPublicSessionClient(async_page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    f: AsyncPublicSession = PublicSessionClient(page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    g: Session = vs.async_client(0)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    h: AsyncSession = vs.client(0)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    i: Session = vs.client(0, "public")  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    j: Session = vs.widget(0)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(a, b, c, d, e, f, g, h, i, j)


def wrong_contexts(widget: WidgetSession, extension: ExtensionSession, page_session: PublicSession, shared: Session) -> None:
    """The Automation API and env are the extension's; start is the widget's; a public session has none of them."""
    widget.automation.act.click("#cta")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    widget.env.get("API_URL")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    widget.on_message.add_listener(print)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    page_session.automation.see.dom_snapshot()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    page_session.env.get("API_URL")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    page_session.start()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    extension.start()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shared.automation.act.click("#cta")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shared.start()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def wrong_automation(extension: ExtensionSession) -> None:
    extension.automation.act.scroll("#results", "far")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    extension.automation.act.type("#q")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    extension.automation.act.tap("#q")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    extension.automation.see.dom_snapshot("body")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    size: int = extension.automation.see.dom_snapshot()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(size)
    extension.env["API_URL"] = "https://example.com"  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    extension.on_message.add_listener(lambda message, sender: None)  # type: ignore[arg-type, misc]  # pyright: ignore[reportArgumentType, reportUnknownLambdaType]


def older_generation(extension: ExtensionSession) -> None:
    """The older, flat Automation API still works, but both checkers report each use as deprecated."""
    extension.automation.left_click([100, 250], move_mouse=True)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]
    extension.automation.take_dom_snapshot({"rootSelector": "body"})  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]


async def wrong_async_contexts(extension: AsyncExtensionSession, page: Page) -> None:
    env: dict[str, str] = extension.env  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(env)
    await AsyncWidgetSessionClient(page).start()  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def wrong_context_clients(page: Page) -> None:
    WidgetSessionClient(page, "extension")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ExtensionSessionClient(page).start()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    SessionClient(page).automation.act.click("#cta")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    a: ExtensionSession = WidgetSessionClient(page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    b: WidgetSession = ExtensionSessionClient(page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    c: WidgetSession = SessionClient(page)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(a, b, c)
