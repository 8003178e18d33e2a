"""Misuses that the type checkers must reject. Each line carries the error both checkers must
report: mypy (run with warn_unused_ignores) and pyright (reportUnnecessaryTypeIgnoreComment,
type-ignore comments disabled) fail the build if an expected error does not happen."""

from __future__ import annotations

from playwright.async_api import Page as AsyncPage
from playwright.sync_api import Page
from webfuse_reference import VirtualSession
from webfuse_session import AsyncPublicSession, AsyncSession, PublicSession, Session, models
from webfuse_session.async_client import AsyncPublicSessionClient, AsyncSessionClient
from webfuse_session.client import PublicSessionClient, SessionClient


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
