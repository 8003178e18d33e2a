"""Stand-ins for what a browser would hand out: host objects and settled Promises."""

from __future__ import annotations

import base64
from collections.abc import Generator
from typing import Any, Generic, TypeVar

__all__ = ["HOST_KINDS", "HostObject", "SettledPromise"]

T = TypeVar("T")

BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
"""A 1x1 PNG, the image a screenshot of the in-memory session shows."""

HOST_KINDS = frozenset({"File", "ImageBitmap", "Window", "HTMLIFrameElement", "Element", "HTMLElement"})
"""The spec's host types (``types`` of ``kind: host``)."""


class HostObject:
    """A browser object (``File``, ``ImageBitmap``, ``Window``, ``HTMLIFrameElement``) in Python.

    Only its ``kind`` matters to the Session API; ``properties`` holds whatever a test wants to attach
    (for a ``File``, a ``name`` is used for the upload's ``file:`` URL). Two host objects are never
    equal unless they are the same object, as in a browser.
    """

    __slots__ = ("kind", "properties")

    def __init__(self, kind: str, **properties: Any) -> None:
        self.kind = kind
        self.properties = dict(properties)

    def __copy__(self) -> HostObject:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> HostObject:
        return self  # a browser object is handed on, not cloned

    def to_png(self) -> bytes:
        """The image as PNG bytes (what the Python clients give back for an ``ImageBitmap``): the ``png``
        property if a test attached one, else a 1x1 transparent PNG."""
        png = self.properties.get("png", BLANK_PNG)
        if not isinstance(png, bytes):
            raise TypeError(f"the png property of {self!r} is not bytes")
        return png

    def __repr__(self) -> str:
        extra = "".join(f", {key}={value!r}" for key, value in self.properties.items())
        return f"HostObject({self.kind!r}{extra})"


class SettledPromise(Generic[T]):
    """The result of a method whose JavaScript result is a Promise: already resolved or rejected.

    The work happens when the method is called (as in JavaScript, where the events of
    ``getSessionInfo()`` are sent whether or not anyone awaits the Promise); awaiting it returns the
    value or raises the rejection. ``result()`` does the same without an event loop.
    """

    __slots__ = ("_error", "_value")

    def __init__(self, value: T, error: BaseException | None = None) -> None:
        self._value = value
        self._error = error

    @classmethod
    def rejected(cls, error: BaseException) -> SettledPromise[Any]:
        return SettledPromise(None, error)

    @property
    def is_rejected(self) -> bool:
        return self._error is not None

    def result(self) -> T:
        """The resolved value, or raise the rejection."""
        if self._error is not None:
            raise self._error
        return self._value

    def __await__(self) -> Generator[Any, None, T]:
        return self.result()
        yield  # pragma: no cover  (makes this a generator, so ``await`` works without suspending)

    def __repr__(self) -> str:
        if self._error is not None:
            return f"SettledPromise(rejected={self._error!r})"
        return f"SettledPromise({self._value!r})"
