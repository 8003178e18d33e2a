"""Identifier rules shared by the validator and the emitters.

The rule for names that collide with a language's reserved words:
- TypeScript/JavaScript: a parameter or type name that is a reserved word is an error (it cannot
  be written as a binding); member and field names are property names and may be anything valid.
- Python: a name that is a keyword, a soft keyword, or ``self``/``cls`` gets a trailing underscore
  (``type`` -> ``type_``, ``self`` -> ``self_``), as PEP 8 recommends; the wire name is kept as an alias.
  So does a name the generated classes use, which it would shadow (``str``, ``property``, ``json``: see
  :data:`PY_SHADOWING`).
"""

from __future__ import annotations

import keyword
import re

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")

JS_RESERVED = frozenset(
    """
    arguments await break case catch class const continue debugger default delete do else enum
    eval export extends false finally for function if implements import in instanceof interface let
    new null package private protected public return static super switch this throw true try typeof
    var void while with yield
    """.split()
)

# Names a type declared in the spec may not take: TypeScript's own and the type grammar's.
TYPE_RESERVED = frozenset(
    """
    any bigint boolean never null number object string symbol undefined unknown void integer
    Promise Record Array Session PublicSession EventName EventHandler true false
    """.split()
)

PY_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"self", "cls"}

# Names the generated Python refers to inside the classes it writes (annotations and decorators of the
# Protocols and clients, the pydantic models' base class, the clients' base class): a member, parameter or
# field of that name would shadow it there, so it gets a trailing underscore too (``str`` -> ``str_``).
PY_SHADOWING = frozenset(
    """
    str int float bool bytes bytearray memoryview list dict tuple set frozenset object property overload
    deprecated models page context expression
    construct copy from_orm json schema schema_json parse_file parse_obj parse_raw update_forward_refs validate
    model_computed_fields model_config model_construct model_copy model_dump model_dump_json model_extra
    model_fields model_fields_set model_json_schema model_parametrized_name model_post_init model_rebuild
    model_validate model_validate_json model_validate_strings
    Any Annotated Awaitable Callable ClassVar ConfigDict Field JSHandle Literal Page Protocol Self
    """.split()
)


def snake_case(name: str) -> str:
    """``getSessionInfo`` -> ``get_session_info``; already snake names are kept."""
    out = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    out = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", out)
    return out.lower()


def python_name(name: str) -> str:
    snake = snake_case(name)
    return snake + "_" if snake in PY_RESERVED or snake in PY_SHADOWING else snake


def python_alias(name: str) -> str:
    """The Python spelling of a member's alias: the JavaScript spelling as written (a deprecated name
    keeps its camelCase), with a trailing underscore when it is a keyword or would shadow a name the
    generated classes use (``class`` -> ``class_``, ``Literal`` -> ``Literal_``)."""
    return name + "_" if name in PY_RESERVED or name in PY_SHADOWING else name


# Global values the browser's TypeScript library (lib.dom.d.ts of TypeScript 7) declares with `var`: a global
# object of the spec is a namespace in globals.d.ts, which cannot share its name with one of them.
DOM_GLOBAL_VALUES = frozenset(
    """
    caches clientInformation closed console cookieStore crossOriginIsolated crypto customElements
    devicePixelRatio document event external frameElement frames history indexedDB innerHeight innerWidth
    isSecureContext length localStorage location locationbar menubar name navigation navigator onabort
    onafterprint onanimationcancel onanimationend onanimationiteration onanimationstart onauxclick
    onbeforeinput onbeforematch onbeforeprint onbeforetoggle onbeforeunload onblur oncancel oncanplay
    oncanplaythrough onchange onclick onclose oncommand oncontextlost oncontextmenu oncontextrestored oncopy
    oncuechange oncut ondblclick ondevicemotion ondeviceorientation ondeviceorientationabsolute ondrag
    ondragend ondragenter ondragleave ondragover ondragstart ondrop ondurationchange onemptied onended
    onerror onfocus onformdata ongamepadconnected ongamepaddisconnected ongotpointercapture onhashchange
    oninput oninvalid onkeydown onkeypress onkeyup onlanguagechange onload onloadeddata onloadedmetadata
    onloadstart onlostpointercapture onmessage onmessageerror onmousedown onmouseenter onmouseleave
    onmousemove onmouseout onmouseover onmouseup onoffline ononline onorientationchange onpagehide
    onpagereveal onpageshow onpageswap onpaste onpause onplay onplaying onpointercancel onpointerdown
    onpointerenter onpointerleave onpointermove onpointerout onpointerover onpointerrawupdate onpointerup
    onpopstate onprogress onratechange onrejectionhandled onreset onresize onscroll onscrollend
    onsecuritypolicyviolation onseeked onseeking onselect onselectionchange onselectstart onslotchange
    onstalled onstorage onsubmit onsuspend ontimeupdate ontoggle ontouchcancel ontouchend ontouchmove
    ontouchstart ontransitioncancel ontransitionend ontransitionrun ontransitionstart onunhandledrejection
    onunload onvolumechange onwaiting onwebkitanimationend onwebkitanimationiteration onwebkitanimationstart
    onwebkittransitionend onwheel opener orientation origin originAgentCluster outerHeight outerWidth
    pageXOffset pageYOffset parent performance personalbar scheduler screen screenLeft screenTop screenX
    screenY scrollX scrollY scrollbars self sessionStorage speechSynthesis status statusbar toolbar top
    visualViewport webkitURL window
    """.split()
)
