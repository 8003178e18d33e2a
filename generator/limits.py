"""How much a spec may ask of the generator: every limit in one place (issue 14, "Bounded resources").

Each limit is reported like any other problem of a spec, at a line and column with a rule id, and
exit status 2; none makes the generator run out of memory, time or stack (exit status 3). The
limits are far above what the spec needs: the real spec is 80 KB, 4,500 YAML nodes, nested 7
levels deep; the 10,000-member benchmark spec is 14 MB and 770,000 nodes.

| limit | rule |
|---|---|
| :data:`MAX_SPEC_BYTES`: the size of the spec file | ``too-large`` |
| :data:`MAX_NODES`: YAML nodes (every key, value and list item) written in the spec | ``too-many-nodes`` |
| :data:`ALIAS_FACTOR`, :data:`MAX_NODES`: the nodes the data holds once aliases are expanded | ``alias-expansion`` |
| :data:`MAX_DEPTH`: mappings and lists nested in one another | ``too-deep`` |
| :data:`MAX_TYPE_DEPTH`: types nested in one another in one type expression | ``too-deep`` |
| :data:`MAX_UNION_TYPES`: the types one union joins | ``too-many`` |
| :data:`MAX_NAME_LENGTH`: the characters of a mapping key or of a name | ``too-long`` |
| :data:`MAX_RESERVED_KEYS`: the keys one ``reserved_keys`` range stands for | ``too-many`` |
| :data:`MAX_ERRORS`: the problems listed for one spec (the rest are counted) | ``too-many-errors`` |
"""

from __future__ import annotations

MAX_SPEC_BYTES = 16 * 1024 * 1024
"""The spec file's size in bytes (16 MiB): room for 10,000 members."""

MAX_NODES = 1_000_000
"""YAML nodes (scalars, mappings and lists) in the spec as written, and in its data once aliases are
expanded. Each costs about 1 KB of memory while the spec is read."""

ALIAS_FACTOR = 100
"""Aliases may expand the data to at most this many times the nodes written (a few anchors reused
are fine; a "billion laughs" document is stopped at the alias that crosses the limit)."""

MAX_DEPTH = 64
"""Mappings and lists nested in one another (the top-level mapping is level 1; the real spec uses 9)."""

MAX_TYPE_DEPTH = 32
"""Types nested in one another in a type expression: each ``Promise<>``, ``Record<>``, ``[]``, and each
union inside another type, is a level (``Promise<Person[]>`` has 2)."""

MAX_UNION_TYPES = 256
"""Types one union joins (``A | B | ...``): the Python package writes a union as a chain of ``|``, which
Python cannot compile past a few thousand. The real spec's largest joins 2."""

MAX_NAME_LENGTH = 200
"""Characters of a mapping key, and of a name written as a value (a parameter's, an enum value's)."""

MAX_RESERVED_KEYS = 1_000
"""Keys ``prefix + N`` that one ``reserved_keys`` range (first..last) stands for; each becomes a field
of the generated types."""

MAX_ERRORS = 1_000
"""Problems listed for one spec; one more line, at 1:1, says how many were left out (each problem costs
time to locate and explain, and a spec of a million nodes could have a million)."""
