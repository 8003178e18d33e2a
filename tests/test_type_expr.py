from __future__ import annotations

import pytest

from generator import type_expr as te


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string", te.Prim("string")),
        ("Participant[]", te.ArrayOf(te.Named("Participant"))),
        ("Promise<Tab[]>", te.PromiseOf(te.ArrayOf(te.Named("Tab")))),
        ("'floating' | 'sidebar'", te.UnionOf((te.Lit("floating"), te.Lit("sidebar")))),
        ("string | false", te.UnionOf((te.Prim("string"), te.Lit(False)))),
        ("Record<string, unknown>", te.RecordOf(te.Prim("unknown"))),
        ("Session", te.SessionRef(None)),
        ("Session<public>[]", te.ArrayOf(te.SessionRef("public"))),
        ("(string | number)[]", te.ArrayOf(te.UnionOf((te.Prim("string"), te.Prim("number"))))),
        ("EventHandler", te.EventHandlerT()),
        ("4", te.Lit(4)),
    ],
)
def test_parses(text: str, expected: te.TypeNode) -> None:
    assert te.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("Promise<Tab", 11, "expected '>'"),
        ("string |", 8, "expected a type"),
        ("string number", 7, "unexpected 'number'"),
        ("Record<number, string>", 0, "Record takes a string key"),
        ("Promise", 0, "Promise takes exactly one"),
        ("string<int>", 0, "takes no type arguments"),
        ("Tab[", 3, "unexpected '['"),
        ("", 0, "found nothing"),
    ],
)
def test_rejects_with_offset(text: str, offset: int, message: str) -> None:
    with pytest.raises(te.TypeSyntaxError) as info:
        te.parse(text)
    assert info.value.offset == offset
    assert message in info.value.message


def test_to_json_is_structured() -> None:
    assert te.to_json(te.parse("Promise<Participant[]>")) == {
        "kind": "promise",
        "item": {"kind": "array", "item": {"kind": "ref", "name": "Participant"}},
    }
