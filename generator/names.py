"""Names that become file names, identifiers, anchors or links: checked once, before any emitter.

:mod:`generator.rules` checks the names it needs for its own rules (contexts, options, events,
types, fields, members, parameters and their aliases). This module checks every other key or value
of the spec that an emitter turns into a path, an identifier, an anchor or a link, so that no spec
the loader accepts can make an emitter write outside its folder or inject markup or code:

- keys of ``groups`` (a docs page ``members/<group>.md``), ``roles``, ``states``, ``sources``,
  ``errors``, ``globals`` and the members of each global (anchors and identifiers), event alias
  names (anchors), the ``javascript`` constructor of each error, and the ``prefix`` of reserved
  keys (field names): ASCII identifiers, rule ``invalid-identifier``;
- the spellings of host types: a TypeScript identifier or dotted name, no reserved word, and a Python
  built-in type (``object``, ``bytes``, ...: the generated modules name it without an import), rule
  ``invalid-identifier``;
- ``api.name``, which titles every package, docstring and page: one short line of letters, digits,
  spaces and ``. , ( ) ' / + - _``, rule ``unsafe-name``.

It reads the located YAML data itself (not the format models), so that a name is checked even on
an entry that fails other validation.
"""

from __future__ import annotations

import re
from typing import Any

from .diagnostics import Diagnostic, Path, format_path
from .naming import IDENTIFIER, JS_RESERVED
from .yaml_source import Located

API_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,()'/+_-]*$")
API_NAME_MAX = 80
_TS_PART = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")

# top-level maps whose keys must be identifiers, and what the message calls one of them
_KEYED = {"groups": "group name", "roles": "role name", "states": "state name", "sources": "source key", "errors": "error name", "globals": "global name"}


def _short(text: str) -> str:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return shown.encode("unicode_escape").decode("ascii").replace("'", "\\'")


def ts_dotted(text: str) -> bool:
    """A TypeScript identifier or dotted name (``File``, ``ns.Thing``), no reserved word in it."""
    parts = text.split(".")
    return all(_TS_PART.match(p) and p not in JS_RESERVED for p in parts)


# The Python spellings a host type can take: built-in types, which the generated modules name without an import.
PY_HOST_TYPES = ("object", "bytes", "bytearray", "memoryview", "str", "int", "float", "bool", "list", "dict")


class _NameChecker:
    def __init__(self, located: Located, filename: str) -> None:
        self.located = located
        self.filename = filename
        self.out: list[Diagnostic] = []

    def error(self, path: Path, rule: str, message: str, *, key: bool) -> None:
        line, col = self.located.key_pos(path) if key else self.located.value_pos(path)
        self.out.append(Diagnostic(line, col, rule, format_path(path), message, self.filename))

    def identifier(self, path: Path, name: Any, what: str, *, key: bool) -> None:
        if isinstance(name, str) and not IDENTIFIER.match(name):
            self.error(
                path, "invalid-identifier",
                f"'{_short(name)}' is not a valid {what}; expected letters, digits and _ (not starting with a digit)",
                key=key,
            )

    def run(self, data: dict[str, Any]) -> None:
        self.api_name(data.get("api"))
        for section, what in _KEYED.items():
            entries = data.get(section)
            if not isinstance(entries, dict):
                continue
            for name, entry in entries.items():
                self.identifier((section, name), name, what, key=True)
                if section == "errors" and isinstance(entry, dict):
                    self.identifier((section, name, "javascript"), entry.get("javascript"), "JavaScript constructor name", key=False)
                if section == "globals" and isinstance(entry, dict) and isinstance(entry.get("members"), dict):
                    for mname in entry["members"]:
                        self.identifier((section, name, "members", mname), mname, "global member name", key=True)
        events = data.get("events")
        for name, event in (events.items() if isinstance(events, dict) else ()):
            aliases = event.get("aliases") if isinstance(event, dict) else None
            for i, alias in enumerate(aliases if isinstance(aliases, list) else ()):
                if isinstance(alias, dict):
                    self.identifier(("events", name, "aliases", i, "name"), alias.get("name"), "event alias name", key=False)
        types = data.get("types")
        for name, typedef in (types.items() if isinstance(types, dict) else ()):
            if isinstance(typedef, dict):
                self.typedef(("types", name), typedef)

    def api_name(self, api: Any) -> None:
        name = api.get("name") if isinstance(api, dict) else None
        if not isinstance(name, str):
            return
        if not API_NAME.match(name) or len(name) > API_NAME_MAX:
            self.error(
                ("api", "name"), "unsafe-name",
                f"'{_short(name)}' cannot title the packages and pages; expected one line of at most "
                f"{API_NAME_MAX} letters, digits, spaces and . , ( ) ' / + - _, starting with a letter or digit",
                key=False,
            )

    def typedef(self, path: Path, typedef: dict[str, Any]) -> None:
        rk = typedef.get("reserved_keys")
        if isinstance(rk, dict):
            self.identifier((*path, "reserved_keys", "prefix"), rk.get("prefix"), "reserved-key prefix", key=False)
        if typedef.get("kind") != "host":
            return
        spelling = typedef.get("typescript")
        if isinstance(spelling, str) and not ts_dotted(spelling):
            self.error(
                (*path, "typescript"), "invalid-identifier",
                f"'{_short(spelling)}' is not a valid TypeScript type name; expected an identifier or a dotted "
                f"name such as ns.Type, with no reserved word",
                key=False,
            )
        spelling = typedef.get("python")
        if isinstance(spelling, str) and spelling not in PY_HOST_TYPES:
            self.error(
                (*path, "python"), "invalid-identifier",
                f"'{_short(spelling)}' is not a Python type the generated package can name without an import; "
                f"expected a built-in type: {', '.join(PY_HOST_TYPES)}",
                key=False,
            )


def check_names(located: Located, filename: str) -> list[Diagnostic]:
    """Diagnostics for every unsafe name in the spec data of ``located`` (see the module docstring)."""
    checker = _NameChecker(located, filename)
    if isinstance(located.data, dict):
        checker.run(located.data)
    return checker.out
