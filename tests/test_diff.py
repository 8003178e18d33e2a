"""The spec diff: small edits of the real spec, each paired with how it must be classified.

Every rule of ``generator.diff.RULES`` has at least one pair here (``test_every_rule_has_a_pair``).
The expected verdicts are written out in each pair rather than read from the table, so that a
change to the table is a change to these tests too.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diff import RULES, Report, compare, required_version
from generator.loader import parse_spec
from generator.model import Model

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "session_api.yaml"
FIRST_RELEASE = ROOT / "spec" / "releases" / "0.1.0.yaml"
RELEASES = sorted((ROOT / "spec" / "releases").glob("*.yaml"))

Edit = Callable[[dict[str, Any]], None]
B, C, N = "breaking", "compatible", "informational"  # N: neither (informational)


@cache
def _base() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SPEC.read_text("utf-8"))
    return data


def _model(data: dict[str, Any], upgrade: bool = False) -> Model:
    # JSON is YAML, and much faster to write than YAML (dates become their ISO text, which the format reads too)
    return parse_spec(json.dumps(data, default=str, indent=0), "edited.yaml", upgrade=upgrade)


@cache
def _base_model() -> Model:
    return _model(_base())


def _edited(*edits: Edit) -> dict[str, Any]:
    data = copy.deepcopy(_base())
    for edit in edits:
        edit(data)
    return data


@dataclass(frozen=True)
class Pair:
    rule: str
    path: str
    edit: Edit
    expect: tuple[str, str, str]  # TypeScript users, Python users, implementers
    before: Edit | None = None  # applied to both versions
    note: str = ""

    def report(self) -> Report:
        old = _model(_edited(self.before)) if self.before else _base_model()
        new = _model(_edited(*([self.before] if self.before else []), self.edit))
        return compare(old, new)


# -- edits ---------------------------------------------------------------------------------------------

def members(d: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = d["members"]
    return result


def params(d: dict[str, Any], member: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = d["members"][member]["params"]
    return result


def param(d: dict[str, Any], member: str, name: str) -> dict[str, Any]:
    return next(p for p in params(d, member) if p["name"] == name)


def fields(d: dict[str, Any], type_name: str) -> dict[str, Any]:
    result: dict[str, Any] = d["types"][type_name]["fields"]
    return result


def _add_log_field(required: bool) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        fields(d, "LogEntry")["stage"] = {"type": "string", "description": "The stage of a flow.", "required": required}
        d["types"]["LogEntry"].pop("examples", None)
    return edit


def _add_event(d: dict[str, Any]) -> None:
    d["events"]["tab_closed"] = {"summary": "The host role moved.", "payload": "unknown", "listeners": ["widget"], "level": "reading"}


def _add_context(d: dict[str, Any]) -> None:
    d["contexts"]["popup"] = {"title": "Popup", "description": "The extension's popup.", "reached_by": ["browser.webfuseSession"],
                              "exposes": "public-members", "example_origin": "https://popup.example", "level": "reading"}


def _types_in_popup(d: dict[str, Any]) -> None:
    for typedef in d["types"].values():
        if "contexts" in typedef:
            typedef["contexts"].append("popup")


def _set(path: str, value: Any) -> Edit:
    """An edit that sets the value at a dotted path (list indexes as numbers)."""
    def edit(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return edit


def _drop(path: str) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            del node[int(last)]
        else:
            del node[last]
    return edit


def _both(*edits: Edit) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        for e in edits:
            e(d)
    return edit


def _copy_member(source: str, name: str) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        members(d)[name] = copy.deepcopy(members(d)[source])
    return edit


def _kit(*, press: bool = False, ping: bool = True, ping_contexts: list[str] | None = None, feed: str = "string",
         deprecated: bool = False) -> Edit:
    """Adds a namespace `kit` (with a namespace `box` inside, and an event object `feed`) to the spec."""
    def method(summary: str) -> dict[str, Any]:
        return {"kind": "method", "level": "reading", "summary": summary, "returns": {"type": "void", "level": "reading"}}

    def edit(d: dict[str, Any]) -> None:
        box = {"kind": "namespace", "level": "reading", "summary": "A box.", "members": {"open": method("Opens.")}}
        if press:
            box["members"]["press"] = method("Presses.")
        kit: dict[str, Any] = {"kind": "namespace", "group": "general", "level": "reading", "summary": "A kit.",
                               "members": {"box": box, "feed": {"kind": "event_object", "level": "reading", "summary": "A feed.",
                                                                "listener": [{"name": "message", "type": feed, "description": "M."}]}}}
        if ping:
            kit["members"]["ping"] = method("Pings.")
            if ping_contexts is not None:
                kit["members"]["ping"]["contexts"] = ping_contexts
            if deprecated:
                kit["members"]["ping"]["deprecated"] = {"replacement": "kit.box.open"}
        members(d)["kit"] = kit
    return edit


def _event_object(listener_type: str | None) -> Edit:
    """Makes `on` an event object in the extension context, whose listener gets one argument of that type (None: not one)."""
    def edit(d: dict[str, Any]) -> None:
        members(d)["on"].pop("event_object", None)
        if listener_type is not None:
            members(d)["on"]["event_object"] = {
                "summary": "Also an event object.", "contexts": ["extension"], "level": "reading",
                "listener": [{"name": "message", "type": listener_type, "description": "The message."}],
            }
    return edit


def _kit_type(*, button: bool = False) -> Edit:
    """Adds an interface type `Kit` and a widget-only member that returns one."""
    def edit(d: dict[str, Any]) -> None:
        kit_members: dict[str, Any] = {"name": {"kind": "property", "level": "reading", "type": "string", "summary": "Its name."}}
        if button:
            kit_members["button"] = {"kind": "property", "level": "reading", "type": "string", "summary": "A button."}
        d["types"]["Kit"] = {"kind": "interface", "level": "reading", "description": "A kit.", "contexts": ["widget"],
                             "members": kit_members}
        members(d)["kitOf"] = {"kind": "method", "group": "general", "level": "reading", "contexts": ["widget"],
                               "summary": "The page's kit.", "returns": {"type": "Kit", "level": "reading"}}
    return edit


PAIRS: list[Pair] = [
    # members
    Pair("member-added", "members.openBlankTab", _copy_member("openNewTabPage", "openBlankTab"), (C, C, B)),
    Pair("member-removed", "members.openNewTabPage", _drop("members.openNewTabPage"), (B, B, C)),
    Pair("member-kind-changed", "members.started",
         _both(_drop("members.started.type"), _set("members.started.kind", "method"),
               _set("members.started.returns", {"type": "boolean", "level": "documented"})), (B, B, B)),
    Pair("member-context-added", "members.broadcastMessage", _set("members.broadcastMessage.public", True), (C, C, B)),
    Pair("member-context-removed", "members.end", _both(_set("members.end.public", False), _set("members.end.examples", [])), (B, B, B)),
    Pair("member-context-removed", "members.log", _drop("members.log"), (B, B, B),
         note="removing a public member: the public context must stop offering it"),
    Pair("ends-session-changed", "members.end", _set("members.end.ends_session", False), (N, N, B)),
    # parameters
    Pair("param-added-required", "members.relocate.params.reason",
         lambda d: params(d, "relocate").insert(1, {"name": "reason", "type": "string", "description": "Why."}), (B, B, B)),
    Pair("param-added-optional", "members.relocate.params.reason",
         lambda d: params(d, "relocate").append({"name": "reason", "type": "string", "description": "Why.", "required": False}),
         (C, C, B), note="a new optional parameter: compatible for callers, breaking for implementers that must accept it"),
    Pair("param-removed", "members.takeScreenshot.params.keepStreamOpened", _set("members.takeScreenshot.params", []), (B, B, C)),
    Pair("param-renamed", "members.takeScreenshot.params.keepOpen",
         lambda d: param(d, "takeScreenshot", "keepStreamOpened").update(name="keepOpen"), (C, B, N)),
    Pair("param-became-required", "members.takeScreenshot.params.keepStreamOpened",
         lambda d: param(d, "takeScreenshot", "keepStreamOpened").update(required=True) or
         param(d, "takeScreenshot", "keepStreamOpened").pop("default"), (B, B, C)),
    Pair("param-became-optional", "members.broadcastMessage.params.message",
         lambda d: param(d, "broadcastMessage", "message").update(required=False), (C, C, B)),
    Pair("param-default-changed", "members.takeScreenshot.params.keepStreamOpened",
         lambda d: param(d, "takeScreenshot", "keepStreamOpened").update(default=False), (N, N, B)),
    # types by position
    Pair("input-widened", "members.broadcastMessage.params.message.type",
         lambda d: param(d, "broadcastMessage", "message").update(type="string | number"), (C, C, B)),
    Pair("input-narrowed", "types.VideochatMode.values", lambda d: d["types"]["VideochatMode"]["values"].pop(), (B, B, B)),
    Pair("input-changed", "members.broadcastMessage.params.message.type",
         lambda d: param(d, "broadcastMessage", "message").update(type="number"), (B, B, B)),
    Pair("output-widened", "members.getTabs.returns", _set("members.getTabs.returns.type", "Promise<Tab[] | null>"), (B, B, C)),
    Pair("output-narrowed", "types.SpaceType.values", lambda d: d["types"]["SpaceType"]["values"].pop(), (C, C, B)),
    Pair("output-changed", "members.started.type", _set("members.started.type", "string"), (B, B, B)),
    Pair("output-changed", "members.getTabs.returns", _set("members.getTabs.returns.type", "Tab[]"), (B, B, B),
         note="a result that stops being a Promise"),
    # fields, by position
    Pair("input-field-added-required", "types.LogEntry.fields.stage", _add_log_field(True), (B, B, B)),
    Pair("input-field-added-optional", "types.LogEntry.fields.stage", _add_log_field(False), (C, C, B)),
    Pair("input-field-removed", "types.LogEntry.fields.stage", _set("types.LogEntry.fields", {}), (B, B, C),
         before=_add_log_field(False)),
    Pair("input-field-became-required", "types.LogEntry.fields.stage", _set("types.LogEntry.fields.stage.required", True),
         (B, B, C), before=_add_log_field(False)),
    Pair("input-field-became-optional", "types.LogEntry.fields.stage", _set("types.LogEntry.fields.stage.required", False),
         (C, C, B), before=_add_log_field(True)),
    Pair("output-field-added-required", "types.Participant.fields.role",
         _both(lambda d: fields(d, "Participant").update(role={"type": "string", "description": "Their role."}),
               _drop("types.Participant.examples")), (C, C, B)),
    Pair("output-field-added-optional", "types.Tab.fields.title",
         lambda d: fields(d, "Tab").update(title={"type": "string", "description": "Its title.", "required": False}), (C, C, N)),
    Pair("output-field-removed", "types.Tab.fields.active", _drop("types.Tab.fields.active"), (B, B, C),
         note="a payload field removed: breaking for readers, compatible for implementers"),
    Pair("output-field-removed", "types.ChatMessageEvent.fields.event_type", _drop("types.ChatMessageEvent.fields.event_type"), (B, B, C),
         note="the same rule for an event payload"),
    Pair("output-field-became-required", "types.Tab.fields.url", _set("types.Tab.fields.url.required", True), (C, C, B)),
    Pair("output-field-became-optional", "types.Participant.fields.name", _set("types.Participant.fields.name.required", False),
         (B, B, C)),
    Pair("input-opened", "types.LogEntry", _set("types.LogEntry.additional", "unknown"), (C, C, B),
         before=_both(_drop("types.LogEntry.additional"), _drop("types.LogEntry.reserved_keys"), _drop("types.LogEntry.examples"))),
    Pair("input-closed", "types.LogEntry", _both(_drop("types.LogEntry.additional"), _drop("types.LogEntry.reserved_keys")),
         (B, B, C), before=_drop("types.LogEntry.examples")),
    Pair("output-opened", "types.SessionInfo", _set("types.SessionInfo.additional", "unknown"), (C, C, C)),
    Pair("output-closed", "types.Tab", _drop("types.Tab.additional"), (B, N, B)),
    # constraints, by position
    Pair("input-constraint-tightened", "members.makeHost.params.clientIndex.constraints",
         lambda d: param(d, "makeHost", "clientIndex")["constraints"].update(maximum=99), (N, B, B)),
    Pair("input-constraint-loosened", "members.makeHost.params.clientIndex.constraints",
         lambda d: param(d, "makeHost", "clientIndex")["constraints"].update(maximum=200), (C, C, B),
         before=lambda d: param(d, "makeHost", "clientIndex")["constraints"].update(maximum=100)),
    Pair("input-constraint-changed", "members.relocate.params.newUrl.constraints",
         lambda d: param(d, "relocate", "newUrl")["constraints"].update(format="origin-or-wildcard"), (N, B, B)),
    Pair("output-constraint-tightened", "types.Tab.fields.ssid.constraints", _set("types.Tab.fields.ssid.constraints.minimum", 1),
         (N, C, B)),
    Pair("output-constraint-loosened", "types.Tab.fields.ssid.constraints", _drop("types.Tab.fields.ssid.constraints"), (N, N, C)),
    Pair("output-constraint-changed", "members.pin.constraints", _set("members.pin.constraints.pattern", "^[A-Z]{4}$"), (N, N, B)),
    # types
    Pair("type-added", "types.Extra",
         _set("types.Extra", {"kind": "object", "level": "reading", "description": "Extra.", "fields": {}, "additional": "unknown"}),
         (C, C, N)),
    Pair("type-removed", "types.Extra", _drop("types.Extra"), (B, B, N),
         before=_set("types.Extra", {"kind": "object", "level": "reading", "description": "Extra.", "fields": {}, "additional": "unknown"})),
    Pair("type-kind-changed", "types.VideochatMode",
         _set("types.VideochatMode", {"kind": "alias", "level": "reading", "description": "A mode.", "type": "string"}), (B, B, B)),
    Pair("host-type-changed", "types.File", _set("types.File.typescript", "Blob"), (B, B, N)),
    Pair("host-python-value-changed", "types.File.python_value", _set("types.File.python_value", "png"), (N, B, N)),
    # events
    Pair("event-added", "events.tab_closed", _add_event, (C, C, B)),
    Pair("event-removed", "events.tab_closed", _drop("events.tab_closed"), (B, B, C), before=_add_event),
    Pair("event-listener-added", "events.tab_closed", _set("events.tab_closed.listeners", ["widget", "extension"]), (C, C, B),
         before=_add_event),
    Pair("event-listener-removed", "events.tab_closed", _set("events.tab_closed.listeners", ["extension"]), (B, B, C),
         before=_add_event),
    Pair("event-sent-on-changed", "events.participant_joined.sent_on",
         _set("events.participant_joined.sent_on.to.0.participants", "all"), (N, N, B)),
    Pair("output-changed", "events.tab_closed.payload", _set("events.tab_closed.payload", "Tab"), (B, B, B),
         before=_both(_add_event, _set("events.tab_closed.payload", "Participant")), note="a payload of another type"),
    Pair("emit-added", "members.getTabs.emits[0]",
         _set("members.getTabs.emits", [{"event": "session_info", "to": [{"context": "widget", "participants": "self"}],
                                         "level": "reading"}]), (N, N, B)),
    Pair("emit-removed", "members.getSessionInfo.emits[0]", _set("members.getSessionInfo.emits", []), (N, N, B)),
    Pair("emit-changed", "members.broadcastMessage.emits[0]",
         _set("members.broadcastMessage.emits.0.to.0.participants", "others"), (N, N, B)),
    # behaviour
    Pair("precondition-added", "members.toggleDrawing.preconditions[1]",
         lambda d: members(d)["toggleDrawing"]["preconditions"].append(
             {"option": "chat_enabled", "level": "reading", "otherwise": "ignored", "otherwise_level": "reading"}), (N, N, B)),
    Pair("precondition-removed", "members.sendChatMessage.preconditions[0]", _set("members.sendChatMessage.preconditions", []),
         (N, N, B)),
    Pair("precondition-outcome-changed", "members.sendChatMessage.preconditions[0].otherwise",
         lambda d: members(d)["sendChatMessage"]["preconditions"][0].update(otherwise="error", error="TypeError"), (N, N, B)),
    Pair("effect-added", "members.pauseTabs.effects[1]",
         lambda d: members(d)["pauseTabs"]["effects"].append({"toggle": "drawing", "level": "reading"}), (N, N, B)),
    Pair("effect-removed", "members.toggleDrawing.effects[0]", _set("members.toggleDrawing.effects", []), (N, N, B)),
    Pair("state-initial-changed", "state.drawing", _set("state.drawing.initial", True), (N, N, B)),
    Pair("convention-changed", "conventions.after_end",
         lambda d: d["conventions"]["after_end"].update(outcome="error", error="TypeError", error_level="reading"), (N, N, B)),
    Pair("callback-arguments-changed", "conventions.callbacks", _set("conventions.callbacks.arguments", ["event"]), (B, B, B)),
    # options
    Pair("option-added", "options.recording_enabled",
         _set("options.recording_enabled", {"type": "boolean", "default": {"unknown": "Not documented."}, "description": "Recording."}),
         (N, N, N)),
    Pair("option-removed", "options.end_of_session_popup_url", _drop("options.end_of_session_popup_url"), (N, N, N)),
    Pair("option-default-changed", "options.chat_enabled.default", _set("options.chat_enabled.default.value", False), (N, N, B)),
    # contexts and globals
    Pair("context-added", "contexts.popup", _add_context, (C, C, B)),
    Pair("context-removed", "contexts.popup", _drop("contexts.popup"), (B, B, C), before=_add_context),
    Pair("context-exposure-changed", "contexts.popup", _set("contexts.popup.exposes", "public-members"), (B, B, B),
         before=_both(_add_context, _set("contexts.popup.exposes", "all-members"), _types_in_popup)),
    Pair("global-member-added", "globals.webfuse.members.isInsidePage",
         lambda d: d["globals"]["webfuse"]["members"].update(isInsidePage=copy.deepcopy(d["globals"]["webfuse"]["members"]["isInsideSession"])),
         (C, C, N)),
    Pair("global-member-removed", "globals.webfuse.members.isInsideSession", _drop("globals.webfuse.members.isInsideSession"), (B, N, N)),
    # levels
    Pair("level-lowered", "members.openTab", _set("members.openTab.level", "reading"), (N, N, C)),
    Pair("level-raised", "members.openTab", _set("members.openTab.level", "documented"), (N, N, B),
         before=_set("members.openTab.level", "reading")),
    # aliases
    Pair("alias-added", "members.openTab.aliases", _set("members.openTab.aliases", [{"name": "open_tab", "source": "W1"}]), (C, N, B)),
    Pair("alias-removed", "members.followParticipant.aliases", _set("members.followParticipant.aliases", []), (B, N, C)),
    Pair("alias-deprecation-changed", "members.followParticipant.aliases", _set("members.followParticipant.aliases.0.deprecated", False),
         (N, N, N)),
    # namespaces and event objects (each built by its edits, so the pairs do not depend on what the spec declares)
    Pair("member-added", "members.kit.members.box.members.press", _kit(press=True), (C, C, B), before=_kit(),
         note="a member of a namespace"),
    Pair("member-removed", "members.kit.members.ping", _kit(ping=False), (B, B, C), before=_kit(), note="a member of a namespace"),
    Pair("member-context-removed", "members.kit.members.ping", _kit(ping_contexts=["widget"]), (B, B, B), before=_kit(),
         note="a member of a namespace narrowed to fewer contexts"),
    Pair("event-object-removed", "members.on.event_object", _event_object(None), (B, N, C), before=_event_object("string")),
    Pair("event-object-added", "members.on.event_object", _event_object("string"), (C, N, B), before=_event_object(None)),
    Pair("listener-changed", "members.on.event_object.listener", _event_object("integer"), (B, N, B),
         before=_event_object("string")),
    Pair("listener-changed", "members.kit.members.feed.listener", _kit(feed="integer"), (B, N, B), before=_kit(),
         note="an event object member's listener"),
    Pair("member-deprecated", "members.kit.members.ping", _kit(deprecated=True), (N, N, N), before=_kit()),
    Pair("member-added", "types.Kit.members.button", _kit_type(button=True), (C, C, B), before=_kit_type(),
         note="a member of an interface type"),
]


def _pair_id(pair: Pair) -> str:
    return f"{pair.rule}@{pair.path}"


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_edit_is_classified(pair: Pair) -> None:
    report = pair.report()
    found = [c for c in report.changes if c.rule == pair.rule and c.path == pair.path]
    assert found, f"expected {pair.rule} at {pair.path}; the diff found: " + "; ".join(f"{c.rule} {c.path}" for c in report.changes)
    change = found[0]
    got = tuple(RULES[change.rule].verdict(a).impact for a in ("typescript", "python", "implementers"))
    assert got == pair.expect, f"{pair.rule}: table says {got}, the pair expects {pair.expect} ({pair.note})"
    assert change.message


def test_every_rule_has_a_pair() -> None:
    paired = {p.rule for p in PAIRS}
    assert set(RULES) - {"level-introduced"} <= paired, sorted(set(RULES) - paired)
    assert len(PAIRS) >= 30


def test_a_level_the_older_format_never_stated_is_introduced_not_changed() -> None:
    old_data = _edited(_drop("members.openTab.level"))  # the older shape had no levels
    old = _model(old_data, upgrade=True)
    assert ("members", "openTab", "level") in old.filled
    new = _model(_edited(_set("members.openTab.level", "reading")))
    rules = {(c.rule, c.path) for c in compare(old, new).changes}
    assert ("level-introduced", "members.openTab") in rules
    assert not any(rule in ("level-lowered", "level-raised") for rule, _ in rules)
    assert RULES["level-introduced"].implementers.impact == "informational"


def test_unchanged_spec_has_no_changes() -> None:
    assert compare(_base_model(), _model(_edited())).changes == []


def test_a_change_to_a_reading_breaks_implementers_at_the_strict_level_only() -> None:
    report = Pair("emit-changed", "", _set("members.sendChatMessage.emits.0.to.0.participants", "others"), (N, N, B)).report()
    change = next(c for c in report.changes if c.rule == "emit-changed")
    assert change.level == "reading" and change.strict_only
    assert "strict level only" in change.verdict("implementers").reason


def test_acknowledged_breaks_do_not_count() -> None:
    ack = {"version": "0.4.0", "date": "2026-12-09", "summary": "Drops the screenshot option.",
           "acknowledged": [{"rule": "param-*", "at": "members.takeScreenshot.*", "reason": "Nobody kept the stream open."}]}
    new = _model(_edited(_set("members.takeScreenshot.params", []), _set("api.version", "0.4.0"),
                         lambda d: d["changelog"].insert(0, ack)))
    report = compare(_base_model(), new)
    assert report.breaking and not report.unacknowledged
    assert report.acknowledged == {"param-removed members.takeScreenshot.params.keepStreamOpened": "Nobody kept the stream open."}


@pytest.mark.parametrize(("edit", "least"), [
    (_set("members.takeScreenshot.params", []), "0.3.0"),  # breaking: 0.x moves the minor version
    (_copy_member("openNewTabPage", "openBlankTab"), "0.2.1"),  # compatible: the patch version
    (_set("members.openTab.level", "reading"), "0.2.1"),  # compatible for implementers only
    (_set("state.drawing.initial", True), "0.3.0"),
])
def test_required_version_follows_semver(edit: Edit, least: str) -> None:
    assert required_version("0.2.0", compare(_base_model(), _model(_edited(edit))))[0] == least


def test_required_version_above_one_moves_major_and_minor() -> None:
    breaking = compare(_base_model(), _model(_edited(_set("members.takeScreenshot.params", []))))
    added = compare(_base_model(), _model(_edited(_copy_member("openNewTabPage", "openBlankTab"))))
    assert required_version("1.4.2", breaking)[0] == "2.0.0"
    assert required_version("1.4.2", added)[0] == "1.5.0"


# -- the command line ---------------------------------------------------------------------------------


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def test_cli_exit_status_and_formats(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.yaml", _edited())
    same = _cli("diff", str(old), str(old))
    assert same.returncode == 0 and "no changes" in same.stdout
    broken = _write(tmp_path, "new.yaml", _edited(_set("members.takeScreenshot.params", [])))
    text = _cli("diff", str(old), str(broken))
    assert text.returncode == 1, text.stderr
    assert "BREAKING" in text.stdout and "param-removed" in text.stdout and "1 not acknowledged" in text.stdout
    markdown = _cli("diff", str(old), str(broken), "--format", "markdown")
    assert markdown.returncode == 1 and "| Change | Where | TypeScript | Python | Implementers |" in markdown.stdout
    data = json.loads(_cli("diff", str(old), str(broken), "--format", "json").stdout)
    assert data["unacknowledged"] == ["param-removed members.takeScreenshot.params.keepStreamOpened"]
    assert data["changes"][0]["audiences"]["implementers"]["impact"] == "compatible"
    relaxed = _write(tmp_path, "relaxed.yaml", _edited(_set("members.openTab.level", "reading")))
    done = _cli("diff", str(old), str(relaxed))
    assert done.returncode == 0 and "level-lowered" in done.stdout and "0 breaking" in done.stdout


def test_cli_rejects_what_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\napi: [\n", "utf-8")
    done = _cli("diff", str(bad), str(SPEC))
    assert done.returncode == 2 and "bad.yaml:" in done.stderr and "Traceback" not in done.stderr
    missing = _cli("diff", "--against", "no-such-revision-anywhere")
    assert missing.returncode == 2 and "no-such-revision-anywhere" in missing.stderr
    assert _cli("diff").returncode == 2


def test_first_release_against_today_reads_and_is_acknowledged() -> None:
    done = _cli("diff", str(FIRST_RELEASE.relative_to(ROOT)))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "earlier shape of the format" in done.stdout
    assert "0 not acknowledged" in done.stdout


def _keep_releases(folder: Path) -> None:
    (folder / "releases").mkdir()
    for release in RELEASES:
        (folder / "releases" / release.name).write_text(release.read_text("utf-8"), "utf-8")


def test_lint_holds_the_version_to_semver(tmp_path: Path) -> None:
    _keep_releases(tmp_path)
    previous = _write(tmp_path, "previous.yaml", _edited())
    (tmp_path / "releases" / "0.3.0.yaml").write_text(previous.read_text("utf-8"), "utf-8")
    too_small = _edited(_set("members.takeScreenshot.params", []), _set("api.version", "0.3.1"),
                        lambda d: d["changelog"].insert(0, {"version": "0.3.1", "date": "2026-12-09", "summary": "Fixes."}))
    spec = _write(tmp_path, "spec.yaml", too_small)
    done = _cli("lint", "--spec", str(spec), "--previous", str(previous))
    assert done.returncode == 2
    assert "error[version-bump] api.version: must be at least 0.4.0 after 0.3.0" in done.stderr
    assert "error[unacknowledged-break] members.takeScreenshot.params.keepStreamOpened" in done.stderr
    assert f"{spec}:" in done.stderr
    fixed = _edited(_set("members.takeScreenshot.params", []), _set("api.version", "0.4.0"),
                    lambda d: d["changelog"].insert(0, {"version": "0.4.0", "date": "2026-12-09", "summary": "Drops an option.",
                                                        "acknowledged": [{"rule": "param-removed", "reason": "Unused."}]}))
    ok = _cli("lint", "--spec", str(_write(tmp_path, "spec.yaml", fixed)), "--previous", str(previous))
    assert ok.returncode == 0, ok.stderr


def test_lint_warns_of_a_missing_released_version_and_rejects_a_broken_one(tmp_path: Path) -> None:
    spec = _write(tmp_path, "spec.yaml", _edited())
    done = _cli("lint", "--spec", str(spec))
    assert done.returncode == 0
    assert "warning[release-missing] changelog[1].version: the spec as 0.2.0 was released is not kept at" in done.stderr
    assert "warning[release-missing] changelog[2].version: the spec as 0.1.0 was released is not kept at" in done.stderr
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "0.1.0.yaml").write_text("format: 1\napi: {}\n", "utf-8")
    broken = _cli("lint", "--spec", str(spec))
    assert broken.returncode == 2 and "error[release-invalid] changelog[2].version" in broken.stderr


@pytest.mark.parametrize(("edit", "rule"), [
    (_set("changelog.0.version", "0.1.5"), "changelog-version"),
    (lambda d: d["changelog"].append({"version": "0.3.0", "date": "2026-12-09", "summary": "Later."}), "changelog-order"),
    (_set("changelog.0.acknowledged.0.rule", "efect-added"), "unknown-rule"),
])
def test_changelog_rules(edit: Edit, rule: str) -> None:
    with pytest.raises(Exception) as info:
        _model(_edited(edit))
    assert rule in [d.rule for d in getattr(info.value, "diagnostics", [])]


def test_the_changelog_page_shows_every_release_and_every_change(model: Model) -> None:
    from generator.history import ReleaseNotes

    page = (ROOT / "generated" / "docs" / "changelog.md").read_text("utf-8")
    notes: tuple[ReleaseNotes, ...] = model.release_notes
    assert [n.version for n in notes] == [e.version for e in model.changelog] and notes[-1].report is None
    for note in notes:
        assert f"\n## {note.version} ({note.date}) {{#release-{note.version.replace('.', '-')}}}\n" in page
    reports = [n.report for n in notes if n.report is not None]
    assert len(reports) == len(notes) - 1 and all(r.changes and not r.unacknowledged for r in reports)
    rows = [line for line in page.splitlines() if line.startswith("| ") and "](#rule-" in line and "<span" not in line]
    assert len(rows) == sum(len(r.changes) for r in reports)
    for rule in RULES:
        assert f'<span id="rule-{rule}"></span>' in page


def test_lint_checks_the_version_against_the_newest_kept_release_by_default(tmp_path: Path) -> None:
    _keep_releases(tmp_path)
    assert _cli("lint", "--spec", str(_write(tmp_path, "spec.yaml", _edited()))).returncode == 0
    broken = _write(tmp_path, "spec.yaml", _edited(_set("members.takeScreenshot.params", [])))
    done = _cli("lint", "--spec", str(broken))
    assert done.returncode == 2
    assert "error[unacknowledged-break] members.takeScreenshot.params.keepStreamOpened: breaks typescript, python" in done.stderr


def test_a_release_missing_between_two_kept_ones_is_a_warning(tmp_path: Path) -> None:
    """The oldest release is kept, the one after it is not: lint warns that it cannot show what changed, and checks
    nothing against a release it cannot read (it once failed with an internal error)."""
    current = _base()["api"]["version"]
    major, minor, _ = (int(n) for n in current.split("."))
    later = f"{major}.{minor + 1}.0"
    entry = {"version": later, "date": "2027-01-01", "summary": "Nothing changed."}
    spec = _write(tmp_path, "spec.yaml", _edited(_set("api.version", later), lambda d: d["changelog"].insert(0, entry)))
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / FIRST_RELEASE.name).write_text(FIRST_RELEASE.read_text("utf-8"), "utf-8")
    done = _cli("lint", "--spec", str(spec))
    assert done.returncode == 0, done.stderr
    assert f"warning[release-missing] changelog[1].version: the spec as {current} was released is not kept" in done.stderr


def test_a_version_that_is_not_utf8_or_too_large_gets_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"format: 1\n\xff\n")
    for args in (("diff", str(bad), str(SPEC)), ("diff", str(SPEC), "--spec", str(bad))):
        done = _cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert f"{bad}:2:1: error[encoding]" in done.stderr and "Traceback" not in done.stderr
    outside = _cli("diff", "--against", "HEAD", "--spec", str(bad))
    assert outside.returncode == 2 and "is not inside the git repository" in outside.stderr
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as out:
        out.truncate(17 * 1024 * 1024)  # sparse: nothing is written, and nothing may be read whole
    done = _cli("diff", str(huge), str(SPEC))
    assert done.returncode == 2 and "error[too-large]" in done.stderr
