"""Read specs written in an earlier shape of the format, for comparing versions (``diff``).

Format 1 grew while it kept its number: requirement levels (``level``, ``otherwise_level``,
``error_level``), four conventions, and each context's ``example_origin`` became required on
2026-12-01; before that, a precondition said how sure it was with ``basis``. A spec from before
then fails ``lint`` (as it should: today's format requires these keys), but ``diff`` must still
read it to tell what changed since. :func:`upgrade` fills in what the older shape left out, in
place, and returns the spec paths it filled, so the diff can tell a level the older spec never
stated from one that changed.

Only ``diff`` (and the changelog's released versions) upgrade; ``lint`` and ``generate`` never do.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from . import spec_format as fmt
from .diagnostics import Path

# A level the older shape did not state: its suite enforced every rule, as today's strict level does.
FILLED_LEVEL = "documented"
EXAMPLE_ORIGIN = "https://example.com"
_CONVENTION = {"level": "reading", "basis": "Not stated by this version of the spec (filled in when it was read)."}
_FILLERS: dict[str, Any] = {
    "level": FILLED_LEVEL,
    "otherwise_level": FILLED_LEVEL,
    "example_origin": EXAMPLE_ORIGIN,
    "declared_events_only": _CONVENTION,
    "closed_types": _CONVENTION,
    "roles_held_by_participants": _CONVENTION,
    "declared_effects_only": _CONVENTION,
}
_ROUNDS = 8  # each round can only uncover keys below those it filled; the format nests less deep


def _data_path(loc: tuple[Any, ...], data: Any) -> Path | None:
    """Pydantic's location as a path in the data (its union tags dropped); None when it leaves the data."""
    path: list[str | int] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str):
            continue  # a tag pydantic adds for a tagged union ('object', 'known')
        else:
            return None
    return tuple(path)


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _error_levels(data: dict[str, Any], filled: set[Path]) -> None:
    """An outcome of ``error`` names its error's level since levels exist."""
    conventions = data.get("conventions")
    outcomes: list[tuple[Path, Any]] = []
    if isinstance(conventions, dict):
        outcomes += [(("conventions", k), conventions.get(k)) for k in ("invalid_arguments", "after_end")]
    members = data.get("members")
    if isinstance(members, dict):
        for name, member in members.items():
            params = member.get("params") if isinstance(member, dict) else None
            for i, param in enumerate(params if isinstance(params, list) else []):
                if isinstance(param, dict):
                    outcomes.append((("members", name, "params", i, "on_invalid"), param.get("on_invalid")))
    for path, outcome in outcomes:
        if isinstance(outcome, dict) and outcome.get("outcome") == "error" and "error_level" not in outcome:
            outcome["error_level"] = FILLED_LEVEL
            filled.add((*path, "error_level"))


def upgrade(data: Any) -> frozenset[Path]:
    """Fill in, in place, what a spec in an earlier shape of format 1 leaves out; return the paths filled.

    A spec in today's shape is left as it is (and the result is empty). Keys the older shape had
    and today's does not are renamed where the meaning carried over (a precondition's ``basis``
    became its ``level``). Anything else stays for the loader to report.
    """
    filled: set[Path] = set()
    if not isinstance(data, dict) or data.get("format") != fmt.FORMAT_VERSION:
        return frozenset()
    for _ in range(_ROUNDS):
        try:
            fmt.Spec.model_validate(data)
        except ValidationError as exc:
            changed = False
            for err in exc.errors():
                loc = tuple(err["loc"])
                if not loc or not isinstance(loc[-1], str):
                    continue
                key = loc[-1]
                parent = _data_path(loc[:-1], data)
                if parent is None:
                    continue
                holder = _at(data, parent)
                if not isinstance(holder, dict):
                    continue
                if err["type"] == "missing" and key in _FILLERS and key not in holder:
                    if key == "level" and holder.get("basis") in ("documented", "reading") and "otherwise" in holder:
                        holder["level"] = holder.pop("basis")  # a precondition's basis: its level today
                    else:
                        holder[key] = _copy(_FILLERS[key])
                    filled.add((*parent, key))
                    changed = True
                elif err["type"] == "extra_forbidden" and key == "basis" and "otherwise" in holder and key in holder:
                    holder.setdefault("level", holder.pop(key))
                    filled.add((*parent, "level"))
                    changed = True
            if not changed:
                break
        else:
            break
    _error_levels(data, filled)
    return frozenset(filled)


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value
