"""How a user of webfuse_session writes code: must pass mypy --strict and pyright strict."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from playwright.async_api import Page as AsyncPage
from playwright.sync_api import Page
from webfuse_session import PublicSession, Session, models
from webfuse_session.async_client import AsyncSessionClient
from webfuse_session.client import PublicSessionClient, SessionClient


def space_summary(raw: dict[str, object]) -> str:
    info = models.SessionInfo.model_validate(raw)
    kind: models.SpaceType = info.space.type
    return f"{info.session_id} in {info.space.name} ({kind}), admins {info.space.admin_ids}"


def host_of(participants: list[models.Participant]) -> models.Participant | None:
    return next((p for p in participants if p.client_index == 0), None)


async def follow_the_leader(session: Session) -> None:
    """Works with any implementation of the Session protocol."""
    participants = await session.get_participants()
    leader = host_of(participants)
    if leader is not None and not leader.self_:
        session.follow_participant(leader.client_index)
    session.on("chat_message", lambda s, event: s.log(models.LogEntry(var0=event.message)))
    session.on("message", on_message).on("my_custom_event", lambda s, event: print(event))


def on_message(session: Session, event: models.MessageEvent) -> None:
    print(event.data.get("message"), session.started)


def finish(page_session: PublicSession) -> None:
    page_session.log(models.LogEntry.model_validate({"event": "done", "var1": "ok"}))
    page_session.end("https://example.com/bye")


def drive(page: Page) -> list[str]:
    session = SessionClient(page, "extension")
    session.relocate("https://example.com/", new_tab=True)
    info = session.get_session_info()
    names = [p.name for p in session.get_participants()]
    session.on("participant_joined", lambda s, event: print(event.client_index))
    session.log({"event": "opened", "var0": info.session_id})
    bitmap = session.take_screenshot(keep_stream_opened=False)
    print(bitmap.evaluate("b => b.width"), session.pin, session.started)
    inside = PublicSessionClient(page)
    inside.send_message({"message": "end"}, "*")
    return names


async def drive_async(page: AsyncPage) -> models.SessionInfo:
    session = AsyncSessionClient(page, "widget")
    waiting: Awaitable[models.SessionInfo] = session.get_session_info()
    await session.toggle_videochat_mode("sidebar")
    return await waiting


def main() -> None:
    asyncio.run(asyncio.sleep(0))
