"""Checks of argument values against the spec's types and constraints, as plain functions.

Each returns the (possibly normalised) value or raises :class:`TypeError`, the error the spec's
``conventions.invalid_arguments`` prescribes. :class:`~webfuse_reference.session.VirtualSession` calls
them through one small method each, so that a variant can replace a single check.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "DOM_SNAPSHOT_OPTIONS",
    "LEGACY_DOM_SNAPSHOT_OPTIONS",
    "RESERVED_KEYS",
    "SCROLL_DIRECTIONS",
    "VIDEOCHAT_MODES",
    "check_absolute_url",
    "check_boolean",
    "check_callable",
    "check_host",
    "check_integer",
    "check_minimum",
    "check_number",
    "check_options",
    "check_point",
    "check_scroll_direction",
    "check_snapshot_modifier",
    "check_target",
    "check_origin_or_wildcard",
    "check_plain_object",
    "check_reserved_keys",
    "check_string",
    "check_url",
    "check_videochat_mode",
    "normalise_origin",
]

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_HOST_REQUIRED = frozenset({"http", "https", "ftp", "ws", "wss"})
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
RESERVED_KEYS = tuple(f"var{n}" for n in range(10))
VIDEOCHAT_MODES = ("floating", "sidebar")


def _fail(what: str, expected: str, value: Any) -> TypeError:
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    return TypeError(f"{what}: expected {expected}, got {shown}")


def check_string(what: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(what, "a string", value)
    return value


def check_boolean(what: str, value: Any) -> bool:
    if not isinstance(value, bool):  # 0 and 1 are not booleans
        raise _fail(what, "a boolean", value)
    return value


def check_integer(what: str, value: Any) -> int:
    """An integer. As in JavaScript, where every number is a double, an integral float counts (1.0 is 1)."""
    if isinstance(value, bool):
        raise _fail(what, "an integer", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    raise _fail(what, "an integer", value)


def check_minimum(what: str, value: int, minimum: int | float) -> int:
    if value < minimum:
        raise _fail(what, f"a number of at least {minimum}", value)
    return value


def check_callable(what: str, value: Any) -> Callable[..., Any]:
    if not callable(value):
        raise _fail(what, "a function", value)
    function: Callable[..., Any] = value
    return function


def check_host(what: str, value: Any, kind: str) -> Any:
    """A browser object of the given kind (a :class:`~webfuse_reference.host.HostObject`)."""
    from .host import HostObject

    if not isinstance(value, HostObject) or value.kind != kind:
        raise _fail(what, f"a {kind}", value)
    return value


def check_videochat_mode(what: str, value: Any) -> str:
    if not isinstance(value, str) or value not in VIDEOCHAT_MODES:
        raise _fail(what, "'floating' or 'sidebar'", value)
    return value


def check_plain_object(what: str, value: Any) -> dict[str, Any]:
    """A plain JSON object: a dict with string keys that JSON carries unchanged (no tuples, functions,
    NaN, non-string keys or other objects anywhere inside). Returns a deep copy, as JSON would make."""
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise _fail(what, "a plain JSON object", value)
    try:
        copy = json.loads(json.dumps(value, allow_nan=False))
        same = copy == value
    except (TypeError, ValueError, RecursionError):
        same = False
    if not same:
        raise _fail(what, "a plain JSON object that survives JSON serialisation", value)
    result: dict[str, Any] = copy
    return result


def check_reserved_keys(what: str, value: dict[str, Any]) -> dict[str, Any]:
    """The log entry's reserved keys ``var0`` .. ``var9`` must hold strings when present."""
    for key in RESERVED_KEYS:
        if key in value and not isinstance(value[key], str):
            raise _fail(f"{what}.{key}", "a string (reserved key)", value[key])
    return value


def check_absolute_url(what: str, value: str) -> str:
    """A URL with a scheme (``https:``, ``file:``, ``about:``...), and a host for http(s), ws(s) and ftp."""
    if any(ch.isspace() for ch in value) or not value:
        raise _fail(what, "an absolute URL", value)
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError:
        raise _fail(what, "an absolute URL", value) from None
    if not _SCHEME.fullmatch(parts.scheme or "") or ":" not in value:
        raise _fail(what, "an absolute URL with a scheme such as https://", value)
    if parts.scheme.lower() in _HOST_REQUIRED and not parts.hostname:
        raise _fail(what, f"an absolute {parts.scheme} URL with a host", value)
    return value


def check_url(what: str, value: str) -> str:
    """A URL, absolute or relative: not empty and without whitespace."""
    if not value or any(ch.isspace() for ch in value):
        raise _fail(what, "a URL", value)
    try:
        urlsplit(value)
    except ValueError:
        raise _fail(what, "a URL", value) from None
    return value


def normalise_origin(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, without a trailing slash or the scheme's default port."""
    parts = urlsplit(origin)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or _DEFAULT_PORTS.get(scheme) == port:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def check_origin_or_wildcard(what: str, value: str) -> str:
    """``*``, or an origin: ``scheme://host[:port]``, at most a trailing ``/``, nothing else."""
    if value == "*":
        return value
    expected = "an origin such as https://example.com, or '*'"
    if any(ch.isspace() for ch in value):
        raise _fail(what, expected, value)
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError:
        raise _fail(what, expected, value) from None
    if (
        not _SCHEME.fullmatch(parts.scheme or "")
        or not parts.hostname
        or "@" in parts.netloc
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "?" in value
        or "#" in value
    ):
        raise _fail(what, expected, value)
    return value


SCROLL_DIRECTIONS = ("vertical", "horizontal")
ELEMENT_KINDS: dict[str, frozenset[str]] = {
    "Element": frozenset({"Element", "HTMLElement"}),  # an HTML element is an element
    "HTMLElement": frozenset({"HTMLElement"}),
}
"""The browser objects each element type of a target takes."""


def check_number(what: str, value: Any) -> float | int:
    """A JavaScript number: an int or a float, not a boolean."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(what, "a number", value)
    return value


def check_point(what: str, value: Any) -> list[float | int]:
    """A point ``[x, y]``: the spec's types have no tuples, so any array of numbers."""
    if not isinstance(value, list):
        raise _fail(what, "a point (an array of numbers)", value)
    return [check_number(what, item) for item in value]


def check_target(what: str, value: Any, element: str) -> Any:
    """An Automation API target: a browser object of the element type ``element`` (``Element`` or ``HTMLElement``),
    a string (a CSS selector or a Webfuse id) or a point."""
    from .host import HostObject

    if isinstance(value, str):
        return value
    if isinstance(value, HostObject):
        if value.kind not in ELEMENT_KINDS[element]:
            raise _fail(what, f"an {element}, a selector or a point", value)
        return value
    if isinstance(value, list):
        return check_point(what, value)
    raise _fail(what, f"an {element}, a selector or a point", value)


def check_scroll_direction(what: str, value: Any) -> str:
    if value not in SCROLL_DIRECTIONS or not isinstance(value, str):
        raise _fail(what, " or ".join(repr(d) for d in SCROLL_DIRECTIONS), value)
    return value


def check_options(what: str, value: Any, fields: dict[str, Callable[[str, Any], Any]]) -> dict[str, Any]:
    """An options object: a plain object whose known keys hold values of their types (other keys pass, unknown)."""
    if not isinstance(value, dict):
        raise _fail(what, "an options object", value)
    for key, check in fields.items():
        if key in value:
            check(f"{what}.{key}", value[key])
    return value


def check_snapshot_modifier(what: str, value: Any) -> Any:
    """``'downsample'`` or a modifier object ``{name, params?}``."""
    if value == "downsample" and isinstance(value, str):
        return value
    modifier = check_options(what, value, {"name": check_string, "params": lambda w, v: check_options(w, v, {})})
    if "name" not in modifier:
        raise _fail(what, "'downsample' or a modifier with a name", value)
    return modifier


DOM_SNAPSHOT_OPTIONS: dict[str, Callable[[str, Any], Any]] = {"root": check_string, "webfuseIDs": check_boolean}
LEGACY_DOM_SNAPSHOT_OPTIONS: dict[str, Callable[[str, Any], Any]] = {
    "rootSelector": check_string, "deep": check_boolean, "modifier": check_snapshot_modifier,
}
