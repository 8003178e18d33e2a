"""Misuses that the type checkers must reject. Each line carries the error both checkers must
report: mypy (run with warn_unused_ignores) and pyright (reportUnnecessaryTypeIgnoreComment,
type-ignore comments disabled) fail the build if an expected error does not happen."""

from __future__ import annotations

from playwright.sync_api import Page
from webfuse_session import PublicSession, Session, models
from webfuse_session.client import PublicSessionClient, SessionClient


def wrong_types(session: Session) -> None:
    session.relocate(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.make_host("0")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.toggle_videochat_mode("fullscreen")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    session.log({"var0": "x"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
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
