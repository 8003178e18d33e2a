"""How an implementation of the Session API plugs into the conformance suite.

Provide a factory (``package.module:factory``, passed as ``--session-impl``) that returns an object
with the methods of :class:`Implementation`. Everything that crosses this interface is JSON plus a
few tokens, so that a JavaScript implementation in a browser can be driven just like a Python one:

- ``{"$host": "File"}`` (and ``ImageBitmap``, ``Window``, ``HTMLIFrameElement``): a browser object
  of that type. Arguments carry one for the implementation to turn into a real object; results
  that are browser objects come back as one.
- ``{"$session": true}``: in a result, the very session object the call was made on (chaining).
- ``{"$unserialisable": "function"}``: in an argument, a value that JSON cannot carry (a function).

Participants are numbered by client index: 0 is the leader, then 1, 2, ... Every participant has
a session object in every context (``widget``, ``extension``, ``public``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

JSON = Any


@dataclass
class Situation:
    """The session to open: its options, who holds each role and which states hold.

    ``roles`` maps a role of the spec (``host``, ``tab_owner``, ``in_control``; ``leader`` is always
    client 0) to the client index holding it. ``states`` maps a state of the spec (``started``,
    ``huddle_mode``, ``in_iframe``) to whether it holds. ``origins`` maps a context to the origin of
    the page it runs in, for messages filtered by origin.
    """

    participants: int = 3
    options: dict[str, JSON] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    states: dict[str, bool] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What a call did: its value (Promises resolved), or the name of the JavaScript error it raised."""

    value: JSON = None
    error: str | None = None
    message: str = ""


@dataclass
class Delivery:
    """One event as a listener received it."""

    participant: int
    context: str
    event: str
    payload: JSON
    session_argument: bool
    """The callback's first argument was the session object the listener was registered on."""
    this_is_session: bool | None
    """``this`` inside the callback was that session; None for languages without ``this``."""


@dataclass
class Snapshot:
    """The observable state of a session, to tell whether a call changed anything."""

    participants: list[int]
    roles: dict[str, int]
    states: dict[str, bool]
    ended: bool
    data: JSON = None
    """Anything else the implementation can observe (tabs, logs, flags); compared for equality."""


class Implementation(Protocol):
    """An implementation of the Session API, as the conformance suite drives it."""

    name: str

    def open(self, situation: Situation) -> Any:
        """Create a session in the given situation and return a handle the other methods take."""
        ...

    def add_participant(self, session: Any) -> int:
        """Let one more participant join; return their client index."""
        ...

    def remove_participant(self, session: Any, client_index: int) -> None:
        ...

    def exposes(self, session: Any, client_index: int, context: str, member: str) -> bool:
        """Whether the participant's session object in ``context`` has ``member`` (by JavaScript name)."""
        ...

    def call(self, session: Any, client_index: int, context: str, member: str, args: list[JSON]) -> Outcome:
        """Call a method (by JavaScript name) with positional arguments; await a returned Promise."""
        ...

    def read(self, session: Any, client_index: int, context: str, member: str) -> Outcome:
        """Read a property (by JavaScript name)."""
        ...

    def listen(self, session: Any, client_index: int, context: str, event: str) -> Outcome:
        """Register a recording listener with the context's subscription method; return its result."""
        ...

    def deliveries(self, session: Any) -> list[Delivery]:
        """Every event the recording listeners received since the last call, in order; then forget them."""
        ...

    def snapshot(self, session: Any) -> Snapshot:
        ...

    def close(self, session: Any) -> None:
        ...
