"""Reference implementation of the Webfuse Session API: an in-memory session, usable as a test double.

>>> from webfuse_reference import VirtualSession
>>> vs = VirtualSession(participants=2)
>>> vs.widget(0).make_host(1)
>>> vs.roles["host"]
1
"""

from .host import HostObject, SettledPromise
from .rules import MEMBERS
from .session import (
    Caller,
    ExtensionReferenceSession,
    PublicReferenceSession,
    ReferenceSession,
    SessionError,
    VirtualSession,
    WidgetReferenceSession,
)

__version__ = "0.1.0"

__all__ = [
    "MEMBERS",
    "Caller",
    "ExtensionReferenceSession",
    "HostObject",
    "PublicReferenceSession",
    "ReferenceSession",
    "SessionError",
    "SettledPromise",
    "VirtualSession",
    "WidgetReferenceSession",
    "__version__",
]
