"""The JavaScript mutant gallery: the JavaScript reference with exactly one rule broken, each.

Every mutant is a small classic script, ``tests/js_mutants/NAME.js``, loaded into the page AFTER the
reference (``reference/js/dist/webfuse-reference.js``). It subclasses ``webfuseConformance.World``,
overrides ONE rule method (``reference/js/src/reference.ts``: ``optionOn``, ``member``, ``deliver``,
``receiversFor``...), and assigns the subclass back to ``webfuseConformance.World``, the class the
harness's ``open()`` instantiates. So ``--session-impl`` is
``browser:reference/js/dist/webfuse-reference.js,tests/js_mutants/NAME.js`` (:attr:`JsMutant.impl`).

They are ports of the Python mutants (``tests/mutants/gallery.py``), under the same names and rules: each
must be caught by the same check, the one naming the broken rule, run alone in the browser with
``--conformance-profile ci``: at ``--conformance-level strict`` always, and at the documented level too
when the broken rule is documented. The level is the Python mutant's (``MUTANTS[name].level``), not
restated here.
``evidence`` are phrases the failure report must contain, so that the mutant is known to be caught for
the stated reason and not by accident.

``tests/test_conformance_browser.py::test_js_mutant_is_caught_by_its_check`` proves each entry in both
directions: the check fails on the mutant and passes on the unmutated reference script (strict level).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["FOLDER", "JS_MUTANTS", "JsMutant", "REFERENCE_SCRIPT"]

FOLDER = Path(__file__).resolve().parent
REFERENCE_SCRIPT = "reference/js/dist/webfuse-reference.js"
"""The unmutated JavaScript reference, relative to the repository root; every mutant loads after it."""


@dataclass(frozen=True)
class JsMutant:
    script: str
    """The mutant's script, relative to the repository root: ``tests/js_mutants/NAME.js``."""
    check: str
    """Id of the check that must catch the mutant (the one naming the broken rule); the Python mutant's."""
    rule: str
    """The broken rule, in one line."""
    evidence: tuple[str, ...]
    """Phrases the failure output must all contain: the mutant is caught for the stated reason."""

    @property
    def impl(self) -> str:
        """The ``--session-impl`` value: the reference, then the mutant, in one page."""
        return f"browser:{REFERENCE_SCRIPT},{self.script}"

    @property
    def node(self) -> str:
        """The pytest node id of the check in generated/conformance/test_conformance.py."""
        test = "test_stateful" if self.check == "session.stateful" else "test_check"
        return f"generated/conformance/test_conformance.py::{test}[{self.check}]"


def _mutant(name: str, check: str, rule: str, *evidence: str) -> tuple[str, JsMutant]:
    return name, JsMutant(f"tests/js_mutants/{name}.js", check, rule, evidence)


JS_MUTANTS: dict[str, JsMutant] = dict([
    # ------------------------------------------------------------------ preconditions (gates)
    _mutant("gate_ignored_chat", "sendChatMessage.widget.gate-option-chat_enabled",
            "option gate ignored: sendChatMessage works although the option chat_enabled is off",
            "while option 'chat_enabled' does not hold changed the session's state"),
    _mutant("gate_inverted_screensharing", "startScreensharing.widget.gate-option-screensharing_enabled",
            "option gate inverted: startScreensharing works only while screensharing_enabled is off",
            "while option 'screensharing_enabled' does not hold"),
    _mutant("role_gate_ignored_pause_tabs", "pauseTabs.widget.gate-role-tab_owner",
            "role gate ignored: pauseTabs works for a caller who is not the tab_owner",
            "while role 'tab_owner' does not hold"),
    _mutant("not_role_gate_ignored_host", "requestToHost.widget.gate-not_role-host",
            "not_role gate ignored: the host can requestToHost (not_role host)",
            "while not_role 'host' does not hold"),
    _mutant("state_gate_ignored_huddle", "followParticipant.widget.gate-state-huddle_mode",
            "state gate ignored: followParticipant works outside huddle mode (state huddle_mode)",
            "while state 'huddle_mode' does not hold"),
    _mutant("control_to_non_participant", "transferTabControl.widget.gate-participant-clientIndex",
            "participant check ignored: transferTabControl gives control to a client index that is no participant",
            "while participant 'clientIndex' does not hold"),
    _mutant("ignored_call_still_acts", "requestTabControl.widget.gate-option-participants_can_request_to_interact",
            "an ignored call changes state: a call whose precondition fails returns nothing and sends no event, "
            "but its effect still happens",
            "changed the session's state; expected no change"),
    # ------------------------------------------------------------------ events
    _mutant("event_dropped_session_ended", "end.widget.events",
            "event dropped: end() never sends session_ended",
            "event 'session_ended': expected once at each of 2 listeners"),
    _mutant("event_duplicated_broadcast", "broadcastMessage.widget.events",
            "event duplicated: every broadcast_message reaches each listener twice",
            "event 'broadcast_message': expected once at each of 2 listeners"),
    _mutant("all_excludes_caller", "broadcastMessage.extension.events",
            "wrong receivers: 'all' leaves the caller out (means 'others'), so the caller's own extension misses the event",
            "event 'broadcast_message': expected once at each of 2 listeners"),
    _mutant("session_info_to_wrong_context", "getSessionInfo.widget.events",
            "wrong context: session_info goes to every participant's widget instead of their extension",
            "event 'session_info': expected once at each of 2 listeners"),
    _mutant("from_context_ignored", "sendMessage.widget.events",
            "from_context ignored: a widget's sendMessage also fires the public-to-widget message, at the sender's widget",
            "event 'message': expected once at each of 2 listeners"),
    _mutant("origin_filter_ignored", "sendMessage.widget.origin-filter",
            "targetOrigin ignored: a message is delivered although targetOrigin does not match the receiving page",
            "unexpected or duplicated [(0, 'public')]"),
    _mutant("listener_without_session", "getSessionInfo.extension.events",
            "listener called without the session as its first argument",
            "did not get the session as its first argument"),
    _mutant("on_returns_nothing", "on.widget.valid-call",
            "on() does not return the session (no chaining)",
            "expected the session itself"),
    # ------------------------------------------------------------------ results
    _mutant("participants_missing_email", "getParticipants.widget.valid-call",
            "wrong result shape: getParticipants() entries lack the required field email",
            "0.email", "Field required [type=missing"),
    _mutant("tab_ssid_as_string", "getTabs.widget.valid-call",
            "wrong result type: getTabs() gives each tab's ssid as a string, not an integer",
            "0.ssid", "Input should be a valid integer [type=int_type, input_value='0', input_type=str]"),
    # ------------------------------------------------------------------ exposure
    _mutant("relocate_exposed_publicly", "relocate.public.exposure",
            "non-public member exposed: relocate is reachable through webfuse.currentSession",
            "an access-control breach"),
    _mutant("log_missing_publicly", "log.public.exposure",
            "public member missing: webfuse.currentSession has no log",
            "log is missing from the public context"),
    # ------------------------------------------------------------------ properties
    _mutant("pin_five_digits", "pin.widget.read",
            "pin not four digits: the join code has five",
            "String should match pattern '^[0-9]{4}$'"),
    _mutant("pin_before_start", "pin.widget.unavailable-state-started",
            "pin available before the session started (its precondition state started ignored)",
            "although its precondition state 'started' does not hold"),
    # ------------------------------------------------------------------ arguments
    _mutant("negative_client_index_accepted", "makeHost.widget.invalid-args",
            "invalid argument accepted: a negative clientIndex (minimum 0) raises no TypeError",
            "'clientIndex' given a number below 0: expected TypeError, got no error"),
    _mutant("path_accepted_as_origin", "sendMessage.widget.invalid-args",
            "invalid argument accepted: a URL with a path passes as targetOrigin (origin or '*')",
            "'targetOrigin' given a URL with a path, not an origin: expected TypeError, got no error"),
    _mutant("invalid_log_entry_recorded", "log.widget.invalid-args",
            "state changed before TypeError: an invalid log entry is written to the audit log, then rejected",
            "changed the session's state; expected no change"),
    # ------------------------------------------------------------------ lifecycle and participants
    _mutant("answers_after_end", "broadcastMessage.widget.after-end",
            "still answers after end: calls after end() take effect and send events",
            "after end() sent events; expected none"),
    _mutant("self_for_everyone", "session.stateful",
            "'self' is true for everyone in getParticipants(), not only for the viewer",
            "entries marked self"),
    _mutant("leaver_keeps_roles", "session.stateful",
            "a participant who leaves keeps the roles they held (instead of handing them back to the leader)",
            "is held by"),
    # ------------------------------------------------------------------ blind spot 1: effects
    _mutant("host_not_moved", "makeHost.widget.effects",
            "effect missing: makeHost accepts the call but leaves the host where it was",
            "role host is held by 0, expected 1"),
    _mutant("new_tab_replaces_current", "relocate.widget.effects",
            "wrong effect: relocate(url, true) replaces the current tab instead of opening a new one",
            "expected exactly one new tab"),
    _mutant("control_returned_to_leader", "returnTabControl.widget.effects",
            "wrong participant: returnTabControl gives control to the leader, not to the tab owner",
            "role in_control is held by 0, expected 1"),
    _mutant("microphone_mutes_everyone", "toggleVideochatMicrophone.widget.effects",
            "effect too wide: toggling the caller's microphone mutes everyone",
            "microphone of participant 1 is False, expected True", "conventions.declared_effects_only"),
    _mutant("log_not_recorded", "log.widget.effects",
            "effect missing: log() accepts the entry but never writes it to the audit log",
            "audit_log is [], expected"),
    _mutant("activate_ignored", "activateTab.widget.effects",
            "effect missing: activateTab leaves the active tab where it was",
            "expected tab 0 to be the only active tab"),
    _mutant("open_tab_blank", "openTab.widget.effects",
            "wrong effect: openTab opens a blank tab instead of the given address",
            "the new tab has the address 'about:blank'"),
    # ------------------------------------------------------------------ blind spot 2: gates that could not fail
    _mutant("revoke_gate_ignored", "revokeTabControl.widget.gate-option-participants_can_request_to_interact",
            "option gate ignored: revokeTabControl takes control back although participants_can_request_to_interact is off",
            "while option 'participants_can_request_to_interact' does not hold",
            "ignoring it would change: role in_control"),
    _mutant("return_gate_ignored", "returnTabControl.widget.gate-option-participants_can_request_to_interact",
            "option gate ignored: returnTabControl hands control back although participants_can_request_to_interact is off",
            "while option 'participants_can_request_to_interact' does not hold",
            "ignoring it would change: role in_control"),
    _mutant("resume_gate_ignored", "resumeTabs.widget.gate-role-tab_owner",
            "role gate ignored: resumeTabs resumes the paused tabs for a caller who is not the tab_owner",
            "while role 'tab_owner' does not hold", "ignoring it would change: paused True -> False"),
    # ------------------------------------------------------------------ blind spot 3: payloads and browser objects
    _mutant("broadcast_payload_encoded", "broadcastMessage.extension.events",
            "payload not the argument: broadcast_message carries the message JSON-encoded",
            "the payload of 'broadcast_message'", "expected the message argument"),
    _mutant("message_data_wrapped", "sendMessage.widget.events",
            "payload not the argument: the message event wraps the sent object as {message: ...}",
            "the payload of 'message'", "has data {'message':", "expected the message argument"),
    _mutant("screenshot_image_number", "takeScreenshot.widget.events",
            "wrong host object: the screenshot event's image is a number, not an ImageBitmap",
            "where the spec wants a browser object ImageBitmap (image)"),
    # ------------------------------------------------------------------ blind spot 4: events no member emits
    _mutant("join_not_announced", "participant_joined.widget.on-join",
            "event never sent: nobody hears that a participant joined",
            "event 'participant_joined' when participant 3 joins", "missing"),
    _mutant("join_names_leader", "participant_joined.widget.on-join",
            "wrong payload: participant_joined names the leader, not who joined",
            "has clientIndex 0; expected 3, who joined"),
    # ------------------------------------------------------------------ blind spot 5: several listeners
    _mutant("last_listener_only", "broadcastMessage.extension.events",
            "a second listener replaces the first: on() keeps one listener per event",
            "event 'broadcast_message': expected once at each of 2 listeners", "missing"),
    _mutant("first_listener_only", "end.widget.events",
            "a second listener is dropped: on() ignores a listener when the event already has one",
            "event 'session_ended': expected once at each of 2 listeners", "missing"),
    # ------------------------------------------------------------------ blind spot 6: generated invalid and edge inputs
    _mutant("fractional_index_accepted", "makeHost.widget.invalid-args",
            "invalid argument accepted: a clientIndex that is not an integer is rounded down",
            "'clientIndex' given a number that is not an integer: expected TypeError, got no error"),
    _mutant("reserved_keys_in_part", "log.widget.invalid-args",
            "reserved keys checked in part: only var0 to var4 must hold strings",
            "'entry' given reserved key 'var7' holding", "expected TypeError, got no error"),
    _mutant("any_host_uploaded", "uploadFile.widget.invalid-args",
            "wrong browser object accepted: uploadFile takes any browser object, not only a File",
            "'file' given a browser object ImageBitmap instead of File: expected TypeError, got no error"),
    _mutant("every_var_reserved", "log.widget.valid-call",
            "valid argument refused: every var<N> key counts as reserved, so var10 must be a string too",
            "log(...) raised TypeError", "var10", "expected it to be accepted"),
    # ------------------------------------------------------------------ blind spot 7: option defaults
    _mutant("interact_off_by_default", "revokeTabControl.widget.default-option-participants_can_request_to_interact",
            "wrong option default: participants_can_request_to_interact is off unless set, so revokeTabControl does nothing",
            "with participants_can_request_to_interact left at its default (True)", "role in_control is held by"),
    _mutant("unset_options_off", "returnTabControl.widget.default-option-participants_can_request_to_interact",
            "wrong option defaults: every option left unset counts as off",
            "with participants_can_request_to_interact left at its default (True)", "role in_control is held by"),
    # ------------------------------------------------------------------ blind spot 8: near-miss origins
    _mutant("origin_prefix_match", "sendMessage.widget.origin-filter",
            "prefix match: a message reaches a page whose origin merely starts with targetOrigin",
            "event 'message' with targetOrigin 'https://app.exampl'", "unexpected or duplicated [(0, 'public')]"),
    _mutant("origin_host_only", "sendMessage.widget.origin-filter",
            "host-only match: targetOrigin is compared by host name, whatever its scheme and port",
            "event 'message' with targetOrigin 'https://app.example:8443'", "unexpected or duplicated [(0, 'public')]"),
    # ------------------------------------------------------------------ blind spot 9: properties after end
    _mutant("properties_after_end", "pin.widget.after-end",
            "still answers after end: properties keep their values once the session has ended",
            "reading pin after end() gave", "expected undefined"),
    _mutant("read_throws_after_end", "started.widget.after-end",
            "a property throws after end instead of being undefined",
            "reading started after end() raised Error", "expected it to be ignored"),
    # ------------------------------------------------------------------ blind spot 10: the stateful oracle
    _mutant("huddle_only_on", "session.stateful",
            "a toggle that never toggles back: toggleHuddleMode only ever turns huddle mode on",
            "state huddle_mode is True, expected False"),
    _mutant("latecomers_miss_events", "session.stateful",
            "stale receivers: a participant who joined late is not told when yet another one joins",
            "expected exactly once at", "missing [(3, "),
    _mutant("leaver_still_listed", "session.stateful",
            "a participant who left is still listed by getParticipants()",
            "getParticipants() lists the participants", "but", "are in the session"),
    # ------------------------------------------------------------------ blind spot 11: Promises and own members
    _mutant("tabs_not_a_promise", "getTabs.widget.valid-call",
            "not a Promise: getTabs() returns the list itself",
            "getTabs() returned a plain value; expected a Promise"),
    _mutant("screenshot_throws", "takeScreenshot.widget.invalid-args",
            "thrown, not rejected: takeScreenshot() throws on a bad argument instead of returning a rejected Promise",
            "the TypeError was thrown; expected the returned Promise to reject"),
    _mutant("public_debug_handle", "session.public.own-members",
            "undeclared member: webfuse.currentSession also offers a debugging handle to the whole session",
            "also offers ['debug_session']", "an access-control breach"),
    # ------------------------------------------------------------------ members only some contexts have, namespaces, event objects
    _mutant("automation_exposed_in_widget", "automation.widget.exposure",
            "extension-only namespace exposed: the Automation API is reachable through the widget's session",
            "automation is reachable through", "an access-control breach"),
    _mutant("env_missing_in_extension", "env.extension.exposure",
            "extension member missing: browser.webfuseSession has no env",
            "env is missing from the extension context"),
    _mutant("on_event_object_in_widget", "on.addListener.widget.exposure",
            "event-object form exposed where the spec does not say: the widget's on has addListener",
            "on.addListener is reachable through", "an access-control breach"),
    _mutant("dom_snapshot_not_a_string", "automation.see.domSnapshot.extension.valid-call",
            "wrong result type: see.domSnapshot() resolves to an object wrapping the HTML, not to the HTML string",
            "the result does not match the spec's type", "Input should be a valid string"),
])


def _check_scripts() -> None:
    """Every entry has its script, and every script in this folder an entry."""
    scripts = {path.stem for path in FOLDER.glob("*.js")}
    if scripts != set(JS_MUTANTS):  # pragma: no cover
        raise RuntimeError(f"mutants without a script: {set(JS_MUTANTS) - scripts}; "
                           f"scripts without a mutant: {scripts - set(JS_MUTANTS)}")


_check_scripts()
