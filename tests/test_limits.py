"""Bounded resources (issue 14, point 4): every limit of :mod:`generator.limits`, and text YAML reads
its own way, give one located error and exit status 2, never exit status 3 (an internal error), and
never hours or gigabytes.

Each hostile input is linted in a child process whose address space is capped at 2 GB and which is
killed after :data:`TIMEOUT` seconds, so that a regression fails here instead of eating the machine.
The timeout is a safety net, not a measurement: nothing here asserts how long anything took.
Inputs too large to keep in tests/invalid_specs/ are written as the tests run.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import type_expr as te
from generator import yaml_source
from generator.cli import main
from generator.diagnostics import SpecError
from generator.limits import (
    MAX_DEPTH,
    MAX_ERRORS,
    MAX_NAME_LENGTH,
    MAX_NODES,
    MAX_RESERVED_KEYS,
    MAX_SPEC_BYTES,
    MAX_TYPE_DEPTH,
    MAX_UNION_TYPES,
)
from generator.loader import load_spec, parse_spec

from .conftest import MINIMAL, REPO

TIMEOUT = 30  # seconds; every input here takes a few
MEMORY = 2 * 1024**3  # bytes of address space for the child
BASE = MINIMAL.read_text("utf-8")


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    """``lint --spec path`` in a child with at most 2 GB and :data:`TIMEOUT` seconds."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "lint", "--spec", str(path)],
        cwd=REPO, env={**os.environ, "GENERATOR_DEBUG": "1"},  # an internal error shows as a traceback
        capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_cap_memory,
    )


def refused(path: Path) -> list[str]:
    """The diagnostics ``lint`` prints for ``path``, which it must refuse with exit status 2."""
    result = lint(path)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 2, result.stderr[-3000:]
    lines = result.stderr.splitlines()
    assert lines[-1].endswith("error(s); nothing was written."), result.stderr[-3000:]
    return lines[:-1]


def at(text: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) where ``needle`` first starts in ``text``."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def replaced(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


# -- the hostile inputs --------------------------------------------------------------------------

def too_large() -> bytes:
    """One byte over the limit: the minimal spec, then a block scalar."""
    head = BASE.encode() + b"x-pad: |\n"
    line = b"  " + b"a" * 97 + b"\n"
    body = line * ((MAX_SPEC_BYTES + 1 - len(head)) // len(line) + 1)
    return head + body


def too_many_nodes() -> str:
    """One more than the limit, in half as many bytes: a flow list of one-letter scalars."""
    return "[" + ",".join(["a"] * MAX_NODES) + "]\n"


def alias_bomb() -> str:
    """A billion laughs: 29 nodes written, 10**9 once the aliases are expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def deep_flow(levels: int) -> str:
    return "x: " + "[" * levels + "]" * levels + "\n"


def deep_block(levels: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(levels)) + " " * levels + "v\n"


DEEP_TYPE = "Promise<" * 10_000 + "Person" + ">" * 10_000
DEEP_PARENS = "(" * 10_000 + "Person" + ")" * 10_000


def deep_type(expression: str) -> str:
    return replaced('returns: {type: "Promise<Person[]>"', f'returns: {{type: "{expression}"')


def huge_range() -> str:
    return replaced("        description: Why it ended.\n", "        description: Why it ended.\n"
                    "    reserved_keys: {prefix: var, first: 0, last: 100000000, type: string, description: Variables.}\n")


def long_key() -> str:
    return replaced("  chat:\n", "  ? c" + "h" * 100_000 + "\n  : {kind: method}\n  chat:\n")


def surrogate() -> str:
    return replaced("    summary: The session ended.\n", '    summary: "The session \\udc80 ended."\n')


def control_character() -> str:
    return replaced("    summary: The session ended.\n", '    summary: "The session \\0 ended."\n')


def cr_only() -> bytes:
    return BASE.replace("\n", "\r").encode()


def nine_megabytes() -> str:
    """Under the size limit, and valid but for one unknown key holding a 9 MB block scalar."""
    return BASE + "x-pad: |\n" + ("  " + "a" * 97 + "\n") * 90_000


def late_syntax_error() -> str:
    """15 MB, broken on its last line: libyaml's message, not a minute of pure Python."""
    return BASE + "x-pad: |\n" + ("  " + "a" * 97 + "\n") * 150_000 + "y: [\n"


# -- one test per limit --------------------------------------------------------------------------

@pytest.mark.slow
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    spec = tmp_path / "large.yaml"
    spec.write_bytes(too_large())
    size = spec.stat().st_size
    assert size > MAX_SPEC_BYTES
    assert refused(spec) == [
        f"{spec}:1:1: error[too-large] (document): the spec is {size:,} bytes; "
        f"expected at most {MAX_SPEC_BYTES:,} bytes (16 MiB)"
    ]


def test_text_over_the_size_limit_is_refused_too() -> None:
    """Text read from git (diff, lint --previous) is held to the same limit."""
    with pytest.raises(SpecError) as caught:
        parse_spec(too_large().decode(), "v1:spec.yaml")
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (1, 1, "too-large")


@pytest.mark.slow
def test_too_many_nodes_stop_at_the_first_past_the_limit(tmp_path: Path) -> None:
    spec = tmp_path / "nodes.yaml"
    spec.write_text(too_many_nodes())
    # the list is node 1, item i (from 0) is node i + 2 at column 2 + 2i: node MAX_NODES + 1 is item MAX_NODES - 1
    assert refused(spec) == [
        f"{spec}:1:{2 * MAX_NODES}: error[too-many-nodes] (document): more than 1,000,000 YAML nodes "
        "(keys, values and list items); expected at most 1,000,000"
    ]


@pytest.mark.slow
def test_an_alias_bomb_stops_at_the_alias_that_crosses_the_limit(tmp_path: Path) -> None:
    spec = tmp_path / "bomb.yaml"
    spec.write_text(alias_bomb())
    # 29 nodes written (the mapping, 9 keys, 9 lists, 10 scalars): at most 2,900 once expanded. Built
    # so far: 1 + 11 (a0) + 111 (a1) + 1,111 (a2) + 1 (a3's list) + 1,111 (a3[0]); a3[1] crosses.
    assert refused(spec) == [
        f"{spec}:4:15: error[alias-expansion] a3[1]: aliases expand the data past 2,900 nodes "
        "(100 times the 29 written, at most 1,000,000); expected aliases that repeat less"
    ]


def test_a_spec_that_reuses_a_few_anchors_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE.replace("{level: reading, basis: A reading.}", "*reading")
    text = text.replace("*reading", "&reading {level: reading, basis: A reading.}", 1)
    assert text.count("*reading") == 3
    (tmp_path / "spec.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--spec", "spec.yaml"]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("levels", [500, 10_000], ids=["500-libyaml", "10000-pure-python"])
def test_deep_flow_nesting_stops_at_the_first_level_past_the_limit(tmp_path: Path, levels: int) -> None:
    """libyaml composes 500 levels (the located build stops at 65); it refuses 1,000, and the
    pure-Python composer that reads again for the message stops at 65 too: the same error either way."""
    spec = tmp_path / "deep.yaml"
    spec.write_text(deep_flow(levels))
    # the mapping is level 1, x's list level 2: the list at level 65 is the 64th '[', column 4 + 63
    path = "x" + "[0]" * (MAX_DEPTH - 1)
    assert refused(spec) == [
        f"{spec}:1:67: error[too-deep] {path}: mappings and lists nested more than 64 levels deep; expected at most 64 levels"
    ]


@pytest.mark.slow
def test_deep_block_nesting_stops_at_the_first_level_past_the_limit(tmp_path: Path) -> None:
    spec = tmp_path / "deep.yaml"
    spec.write_text(deep_block(2_000))
    # k0's mapping is level 2, k(i)'s level i + 2: level 65 is k63's, starting with key k64 on line 65
    path = ".".join(f"k{i}" for i in range(MAX_DEPTH))
    assert refused(spec) == [
        f"{spec}:65:65: error[too-deep] {path}: mappings and lists nested more than 64 levels deep; expected at most 64 levels"
    ]


def test_nesting_up_to_the_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for fast in (yaml_source._FAST_LOADER, None):
        monkeypatch.setattr(yaml_source, "_FAST_LOADER", fast)
        located, problems = yaml_source.load(deep_flow(MAX_DEPTH - 1), "deep.yaml")
        assert located is not None and problems == []
        located, problems = yaml_source.load(deep_flow(MAX_DEPTH), "deep.yaml")
        assert located is None and [(p.line, p.column, p.rule) for p in problems] == [(1, 67, "too-deep")]


def test_aliases_cannot_nest_past_the_limit() -> None:
    """An alias of a deep list, inside another: reported at the alias."""
    text = "a: &deep " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*deep" + "]" * 30 + "\n"
    located, problems = yaml_source.load(text, "alias.yaml")
    assert located is None
    assert [(p.line, p.column, p.rule) for p in problems] == [(2, 34, "too-deep")]


@pytest.mark.slow
@pytest.mark.parametrize(("expression", "offset"), [(DEEP_TYPE, 32 * 8 + 7), (DEEP_PARENS, 32)], ids=["promise", "parentheses"])
def test_a_deep_type_expression_stops_at_the_first_level_past_the_limit(tmp_path: Path, expression: str, offset: int) -> None:
    spec = tmp_path / "type.yaml"
    text = deep_type(expression)
    spec.write_text(text)
    line, col = at(text, expression)
    assert refused(spec) == [
        f"{spec}:{line}:{col + offset}: error[too-deep] members.chat.returns.type: types nested more than 32 levels deep; "
        f"expected at most 32 levels in '{expression[:77]}...'"
    ]


def test_type_depth_up_to_the_limit_is_read() -> None:
    assert te.parse("string" + "[]" * MAX_TYPE_DEPTH) is not None
    assert te.parse("Promise<" * (MAX_TYPE_DEPTH - 1) + "string[]" + ">" * (MAX_TYPE_DEPTH - 1)) is not None
    with pytest.raises(te.TypeSyntaxError) as caught:
        te.parse("(" + "string" + "[]" * (MAX_TYPE_DEPTH + 1) + ")")
    assert (caught.value.rule, caught.value.offset) == ("too-deep", 1 + 6 + 2 * MAX_TYPE_DEPTH)
    with pytest.raises(te.TypeSyntaxError) as caught:
        te.parse("Promise<" * MAX_TYPE_DEPTH + "string[]" + ">" * MAX_TYPE_DEPTH)
    assert (caught.value.rule, caught.value.offset) == ("too-deep", 0)


def test_a_union_joins_at_most_the_limit() -> None:
    """A Python union is a chain of |, which Python cannot compile past a few thousand."""
    union = te.parse(" | ".join(["string"] * MAX_UNION_TYPES))
    assert isinstance(union, te.UnionOf) and len(union.items) == MAX_UNION_TYPES
    text = " | ".join(["string"] * (MAX_UNION_TYPES + 1))
    with pytest.raises(te.TypeSyntaxError) as caught:
        te.parse(text)
    assert (caught.value.rule, caught.value.offset) == ("too-many", len("string | ") * MAX_UNION_TYPES - 2)


@pytest.mark.slow
def test_a_huge_reserved_keys_range_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    """A ten-byte edit used to grow past 7 GB."""
    spec = tmp_path / "range.yaml"
    text = huge_range()
    spec.write_text(text)
    line, col = at(text, "100000000")
    assert refused(spec) == [
        f"{spec}:{line}:{col}: error[too-many] types.EndedEvent.reserved_keys.last: "
        "0..100000000 stands for 100,000,001 keys; expected at most 1,000"
    ]


@pytest.mark.parametrize(("last", "valid"), [(MAX_RESERVED_KEYS, True), (MAX_RESERVED_KEYS + 1, False)])
def test_reserved_keys_up_to_the_limit(last: int, valid: bool) -> None:
    text = replaced("        description: Why it ended.\n", "        description: Why it ended.\n"
                    f"    reserved_keys: {{prefix: var, first: 1, last: {last}, type: string, description: Variables.}}\n")
    if valid:
        assert len(parse_spec(text, "range.yaml").types["EndedEvent"].reserved_keys) == MAX_RESERVED_KEYS
    else:
        with pytest.raises(SpecError) as caught:
            parse_spec(text, "range.yaml")
        assert [d.rule for d in caught.value.diagnostics] == ["too-many"]


@pytest.mark.slow
def test_a_long_key_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "key.yaml"
    text = long_key()
    spec.write_text(text)
    line, col = at(text, "chhh")
    assert refused(spec) == [
        f"{spec}:{line}:{col}: error[too-long] members: a key of 100,001 characters ('chhhhhhhhhhhhhhhhhhh...'); expected at most 200"
    ]


def test_names_up_to_the_limit() -> None:
    ok = replaced("      - name: message\n", "      - name: m" + "e" * (MAX_NAME_LENGTH - 1) + "\n")
    assert parse_spec(ok, "name.yaml").members["chat"].params[0].name == "m" + "e" * (MAX_NAME_LENGTH - 1)
    with pytest.raises(SpecError) as caught:
        parse_spec(replaced("      - name: message\n", "      - name: m" + "e" * MAX_NAME_LENGTH + "\n"), "name.yaml")
    assert [(d.rule, d.path) for d in caught.value.diagnostics] == [("too-long", "members.chat.params[0].name")]


# -- text -------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_lone_surrogate_is_refused(tmp_path: Path) -> None:
    """libyaml refuses the escape, the pure-Python reader takes it: the build reports it."""
    spec = tmp_path / "surrogate.yaml"
    text = surrogate()
    spec.write_text(text)
    line, col = at(text, '"The session')
    assert refused(spec) == [
        f"{spec}:{line}:{col}: error[invalid-character] events.ended.summary: U+DC80 is half of a UTF-16 surrogate pair, "
        "which UTF-8 cannot encode; expected the escape of a whole character (\\U0001F600, not \\uD83D\\uDE00)"
    ]


@pytest.mark.slow
def test_an_escaped_control_character_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "nul.yaml"
    text = control_character()
    spec.write_text(text)
    line, col = at(text, '"The session')
    assert refused(spec) == [
        f"{spec}:{line}:{col}: error[invalid-character] events.ended.summary: U+0000 is a character YAML does not allow "
        "(a control character or a noncharacter, here written as an escape); expected printable text"
    ]


def test_a_surrogate_in_text_given_by_a_caller_is_located() -> None:
    """Text never decoded from UTF-8 (a caller's str): the pure-Python reader says where, libyaml cannot."""
    text = replaced("    summary: The session ended.\n", "    summary: The session \udc80 ended.\n")
    with pytest.raises(SpecError) as caught:
        parse_spec(text, "api.yaml")
    line, col = at(text, "\udc80")
    assert [(d.line, d.column, d.rule) for d in caught.value.diagnostics] == [(line, col, "yaml-syntax")]


def test_cr_only_line_ends_read_as_lf(tmp_path: Path) -> None:
    """Old Mac line ends are YAML line breaks: the same model, and positions on the same lines."""
    (tmp_path / "cr.yaml").write_bytes(cr_only())
    assert load_spec(tmp_path / "cr.yaml") == load_spec(MINIMAL)
    located, _ = yaml_source.load(BASE.replace("\n", "\r"), "cr.yaml")
    expected, _ = yaml_source.load(BASE, "lf.yaml")
    assert located is not None and expected is not None
    assert (located.values, located.keys, located.text_start) == (expected.values, expected.keys, expected.text_start)


# -- hostile inputs -----------------------------------------------------------------------------

HOSTILE: dict[str, tuple[Callable[[], str | bytes], int]] = {
    "alias-bomb": (alias_bomb, 2),
    "deep-flow-nesting": (lambda: deep_flow(10_000), 2),
    "deep-block-nesting": (lambda: deep_block(2_000), 2),
    "huge-range": (huge_range, 2),
    "cr-only": (cr_only, 0),
    "surrogate": (surrogate, 2),
    "control-character": (control_character, 2),
    "deep-type-expression": (lambda: deep_type(DEEP_TYPE), 2),
    "deep-parentheses": (lambda: deep_type(DEEP_PARENS), 2),
    "wide-union": (lambda: deep_type(" | ".join(["Person"] * 50_000)), 2),
    "long-key": (long_key, 2),
    "9-megabytes": (nine_megabytes, 2),
    "over-the-size-limit": (too_large, 2),
    "late-syntax-error": (late_syntax_error, 2),
    "too-many-nodes": (too_many_nodes, 2),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_never_crashes(tmp_path: Path, name: str) -> None:
    """Exit status 0 or 2 (never 3), no traceback, within 2 GB and the timeout."""
    build, status = HOSTILE[name]
    content = build()
    spec = tmp_path / "hostile.yaml"
    spec.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    result = lint(spec)
    assert result.returncode != 3, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == status, result.stderr[-3000:]


# -- problems listed ----------------------------------------------------------------------------

def test_past_a_thousand_problems_the_rest_are_counted() -> None:
    """5,000 unknown keys and 7 missing ones: 1,000 located, and a first line for the other 4,007."""
    text = "{" + ", ".join(f"k{i}: v" for i in range(5_000)) + "}\n"
    with pytest.raises(SpecError) as caught:
        parse_spec(text, "keys.yaml")
    diagnostics = caught.value.diagnostics
    assert len(diagnostics) == MAX_ERRORS + 1
    [count] = [d.format() for d in diagnostics if d.rule == "too-many-errors"]
    assert count == (
        f"keys.yaml:1:1: error[too-many-errors] (document): {5_007 - MAX_ERRORS:,} more problems are not listed; "
        f"expected at most {MAX_ERRORS:,} (fix these first)"
    )
    assert {d.rule for d in diagnostics} == {"missing-key", "unknown-key", "too-many-errors"}


def test_rule_problems_are_capped_too() -> None:
    """3,000 members missing their group and level: 6,000 problems, 1,000 listed."""
    members = "".join(f"  m{i}: {{kind: method, summary: S., returns: {{type: void, level: documented}}}}\n" for i in range(3_000))
    with pytest.raises(SpecError) as caught:
        parse_spec(BASE.replace("members:\n", "members:\n" + members, 1), "members.yaml")
    diagnostics = caught.value.diagnostics
    assert len(diagnostics) == MAX_ERRORS + 1
    [count] = [d for d in diagnostics if d.rule == "too-many-errors"]
    assert count.message.startswith(f"{6_000 - MAX_ERRORS:,} more problems")
