"""Doc comments speak to users: no source keys or discrepancy ids in hovers and docstrings, and the
sentences the prose helpers build read as English for every role, state and context of the spec."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import prose
from generator.model import Model, Precondition

from .conftest import REPO

TYPESCRIPT = REPO / "generated" / "typescript"
PYTHON = REPO / "generated" / "python" / "webfuse_session"
JSDOC = re.compile(r"/\*\*.*?\*/", re.S)


def jsdoc_comments(path: Path) -> Iterator[tuple[int, str]]:
    text = path.read_text()
    for match in JSDOC.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, match.group()


def python_docstrings(path: Path) -> Iterator[tuple[int, str]]:
    """Module, class and function docstrings, and the string statements that document attributes."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
                    yield stmt.lineno, stmt.value.value


def internal_ids(model: Model) -> re.Pattern[str]:
    """Source keys and discrepancy ids of the spec, as whole words, and the old "Documentation discrepancy" label."""
    ids = set(model.sources)
    for owner in itertools.chain(model.members.values(), model.types.values(), model.events.values(),
                                 model.contexts.values(), model.globals.values()):
        ids |= {d.id for d in owner.discrepancies}
    ids |= {d.id for d in model.discrepancies}
    words = "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])|Documentation discrepancy")


def leaks(model: Model) -> list[str]:
    pattern = internal_ids(model)
    found = []
    for path in sorted(TYPESCRIPT.glob("*.d.ts")):
        found += [f"{path.name}:{line}: {m.group()}" for line, text in jsdoc_comments(path) for m in pattern.finditer(text)]
    for path in sorted(PYTHON.glob("*.py")):
        found += [f"{path.name}:{line}: {m.group()}" for line, text in python_docstrings(path) for m in pattern.finditer(text)]
    return found


def test_no_doc_comment_carries_a_source_key_or_a_discrepancy_id(model: Model) -> None:
    assert leaks(model) == []


def test_the_scan_finds_what_it_looks_for(model: Model) -> None:
    """The scan is not vacuous: the spec has ids to look for, and the pattern finds them in comment text."""
    pattern = internal_ids(model)
    some_source = next(iter(model.sources))
    some_id = next(d.id for m in model.members.values() for d in m.discrepancies)
    assert pattern.search(f"/** Per {some_source}, see {some_id}. */")
    assert pattern.search("Documentation discrepancy: x")
    assert not pattern.search(f"/** {some_source}x and x{some_id} are other words. */")
    jsdoc = sum(1 for path in TYPESCRIPT.glob("*.d.ts") for _ in jsdoc_comments(path))
    docstrings = sum(1 for path in PYTHON.glob("*.py") for _ in python_docstrings(path))
    assert jsdoc > 100 and docstrings > 100, (jsdoc, docstrings)


def test_discrepancies_point_to_their_section_of_the_reference(model: Model) -> None:
    member = next(m for m in model.members.values() if m.discrepancies)
    index = (TYPESCRIPT / "index.d.ts").read_text()
    assert f"members/{member.group}.md#{member.name.lower()}-discrepancies in the reference documentation" in index
    docs = (REPO / "generated" / "docs" / "members" / f"{member.group}.md").read_text()
    assert f"{{: #{member.name.lower()}-discrepancies }}" in docs


# -- the prose helpers' phrases -----------------------------------------------------------------------
def _pre(kind: str, target: str) -> Precondition:
    return Precondition(kind=kind, target=target, level="documented", otherwise="ignored", otherwise_level="documented",
                        error=None, evidence=None, note=None)


@pytest.mark.parametrize("negated", [False, True])
def test_role_preconditions_read_as_english_for_every_role(model: Model, negated: bool) -> None:
    for name, role in model.roles.items():
        sentence = prose.precondition(model, _pre("not_role" if negated else "role", name))
        lead = "Not" if negated else "Only"
        assert sentence == f"{lead} for the participant who holds the role “{role.title}”; otherwise the call is silently ignored."


@pytest.mark.parametrize("negated", [False, True])
def test_state_preconditions_read_as_english_for_every_state(model: Model, negated: bool) -> None:
    for name, state in model.states.items():
        sentence = prose.precondition(model, _pre("not_state" if negated else "state", name))
        when = "Not when" if negated else "Only when"
        assert sentence.startswith(f"{when} {state.title[0].lower()}{state.title[1:]}; otherwise"), sentence
        assert "  " not in sentence and " the the " not in sentence


def test_context_phrases_read_as_english_for_every_set_of_contexts(model: Model) -> None:
    names = list(model.contexts)
    assert prose.contexts(names[:1]) == f"the {names[0]} context"
    for size in range(2, len(names) + 1):
        for chosen in itertools.combinations(names, size):
            phrase = prose.contexts(chosen)
            assert phrase == f"the {', '.join(chosen[:-1])} and {chosen[-1]} contexts", phrase
            assert ", and" not in phrase and not re.search(r"\w, \w+ contexts$", phrase)


def test_every_role_and_context_phrase_in_the_declarations_is_whole(model: Model) -> None:
    """No sentence the generator wrote lowercases a role's title after "the" (as in "for the in control of ...")."""
    index = (TYPESCRIPT / "index.d.ts").read_text() + (PYTHON / "protocols.py").read_text()
    for role in model.roles.values():
        assert f"for the {role.title.lower()}" not in index, role.title
    assert not re.search(r"Available in the [a-z]+, [a-z]+ contexts", index)
