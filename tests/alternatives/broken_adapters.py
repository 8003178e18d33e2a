"""Adapters that break the adapter contract, for the suite's own messages about them."""

from __future__ import annotations

from typing import Any

from webfuse_reference.adapter import ReferenceImplementation, SessionHandle


class NoSnapshot:
    """An adapter that forgot two methods."""

    name = "no snapshot"

    def __getattr__(self, name: str) -> Any:
        if name in ("snapshot", "deliveries"):
            raise AttributeError(name)
        return getattr(ReferenceImplementation(), name)


class SnapshotAsDict(ReferenceImplementation):
    """An adapter whose snapshot is a plain dict instead of a Snapshot."""

    def snapshot(self, session: SessionHandle) -> Any:
        return {"participants": [0, 1, 2]}


def no_snapshot() -> Any:
    return NoSnapshot()


def snapshot_as_dict() -> Any:
    return SnapshotAsDict()
