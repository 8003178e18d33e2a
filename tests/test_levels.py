"""Requirement levels: every rule has one, the conformance data cites only rules that exist, the
readings are marked where users read, and the generated models read unknown fields."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator import prose
from generator.levels import rules
from generator.model import Model

from .conftest import REPO

MARK = prose.READING


def _doc_block(text: str, member: str) -> str:
    """The JSDoc block right before the first declaration of ``member`` in index.d.ts."""
    match = re.search(r"/\*\*((?:(?!\*/).)*)\*/\s*(?:readonly\s+)?" + re.escape(member) + r"[(:?<]", text, re.S)
    assert match, member
    return match.group(1)


def test_every_rule_has_a_level_and_documented_ones_cite_documentation(model: Model) -> None:
    table = rules(model)
    assert {r.level for r in table.values()} == {"documented", "reading"}
    for rule in table.values():
        if rule.level == "documented" and rule.quote is not None:
            assert model.sources[rule.sources[0]].kind == "documentation", rule
    # The conventions nobody documents are readings; the gates W1 words as "silently ignored" are documented.
    assert table["conventions.invalid_arguments"].level == "reading"
    assert table["conventions.after_end"].level == "reading"
    assert table["members.requestToHost.preconditions[2].otherwise"].level == "documented"
    assert table["members.sendChatMessage.preconditions[0]"].level == "documented"
    assert table["members.sendChatMessage.preconditions[0].otherwise"].level == "reading"
    assert table["members.sendChatMessage.preconditions[0]"].quote == "Available if chat_enabled option is enabled."


def test_the_suite_cites_only_rules_that_exist(model: Model) -> None:
    from webfuse_conformance.checks import all_checks
    from webfuse_conformance.spec_data import DATA

    known = set(DATA["rules"])
    # every rule of the spec: the member checks cover the plain members (Model.plain), the path checks every member
    assert known == set(rules(model))

    def paths(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in ([v] if k.endswith("rule") and isinstance(v, str) else paths(v))]
        if isinstance(value, list):
            return [p for v in value for p in paths(v)]
        return []

    cited = set(paths({k: v for k, v in DATA.items() if k != "rules"}))
    assert cited and cited <= known, cited - known
    for check in all_checks():
        assert check.rules and set(check.rules) <= known, check.id
        assert check.level in ("documented", "reading")


def test_reading_marker_in_typescript_and_python_doc_comments() -> None:
    ts = (REPO / "generated/typescript/index.d.ts").read_text()
    assert MARK not in _doc_block(ts, "requestToHost")  # every rule of it is documented
    assert MARK in _doc_block(ts, "transferTabControl")  # its tab-owner and participant gates are readings
    assert f"The result type {MARK}." in _doc_block(ts, "getSessionInfo")
    assert MARK in _doc_block(ts, "relocate")  # newTab being optional is a reading
    py = (REPO / "generated/python/webfuse_session/protocols.py").read_text()
    block = py[py.index("def transfer_tab_control"): py.index('"""', py.index('"""', py.index("def transfer_tab_control")) + 3)]
    assert MARK in block
    models = (REPO / "generated/python/webfuse_session/models.py").read_text()
    start = models.index("class ChatMessageEvent")
    assert MARK in models[start: models.index("model_config", start)]


def test_docs_mark_readings_and_only_readings() -> None:
    text = (REPO / "generated/docs/members/collaboration.md").read_text()
    section = text[text.index("## requestToHost"): text.index("## requestTabControl")]
    assert MARK not in section
    section = text[text.index("## transferTabControl"): text.index("## toggleHuddleMode")]
    assert section.count(MARK) >= 2


@pytest.mark.parametrize("name", ["SessionInfo", "Participant", "SessionStartedEvent", "ChatMessageEvent", "Tab"])
def test_models_keep_unknown_fields(name: str) -> None:
    from webfuse_session import models

    samples: dict[str, dict[str, Any]] = {
        "SessionInfo": {"sessionId": "s", "opentokSessionId": "o", "metadata": {},
                        "space": {"id": 1, "name": "n", "slug": "s", "link": "l", "company_id": 1, "type": "solo",
                                  "domain": "d", "access_control": "public", "host_rights": "everyone",
                                  "identification": "anonymous", "is_paused": False, "visibility": "v",
                                  "adminIds": [], "memberIds": [], "newSpaceField": 1}},
        "Participant": {"name": "a", "email": "a@b", "online": True, "client_index": 0, "self": True},
        "SessionStartedEvent": {},
        "ChatMessageEvent": {"event_type": "chat_message", "message": "hi"},
        "Tab": {"ssid": 0},
    }
    data = {**samples[name], "aFieldFromTheFuture": [1, 2]}
    parsed = getattr(models, name).model_validate(data)
    assert parsed.model_dump(by_alias=True)["aFieldFromTheFuture"] == [1, 2]


def test_runtime_holds_no_api_facts() -> None:
    """The suite's code reads roles, states, field names and host types from the generated data."""
    runtime = REPO / "runtime" / "webfuse_conformance"
    text = "\n".join(p.read_text() for p in sorted(runtime.glob("*.py")))
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", '"', "``", "-")))
    for fact in ('"leader"', '"started"', '"client_index"', 'get("self")', "ImageBitmap", "HTMLIFrameElement", "chrome-extension"):
        assert fact not in code, fact
    assert not (Path(runtime) / "spec_data.py").exists()
