"""The mutant gallery: the reference implementation with exactly one documented rule broken, each.

Every mutant is a subclass of :class:`~webfuse_reference.session.VirtualSession` that overrides ONE
method (the one holding the rule), exposed as a factory for ``--session-impl mutants.gallery:NAME``
(``tests/`` on ``PYTHONPATH``). :data:`MUTANTS` says, per mutant, which check of the conformance suite
must catch it: the check that names the broken rule, run alone with ``--conformance-profile ci``.
``evidence`` are phrases the failure report must contain, so that the mutant is known to be caught
for the stated reason and not by accident.

``tests/test_conformance.py::test_mutant_is_caught_by_its_check`` proves each entry in both
directions: the check fails on the mutant and passes on the reference.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel
from webfuse_reference import HostObject
from webfuse_reference.adapter import ReferenceImplementation
from webfuse_reference.host import SettledPromise
from webfuse_reference.rules import Emit, Member, Precondition
from webfuse_reference.session import Caller, VirtualSession, _Participant, _SessionObject
from webfuse_session import models

__all__ = ["MUTANTS", "Mutant"]


@dataclass(frozen=True)
class Mutant:
    factory: str
    """``mutants.gallery:NAME``, for ``--session-impl``."""
    check: str
    """Id of the check that must catch the mutant (the one naming the broken rule)."""
    rule: str
    """The broken rule, in one line."""
    evidence: tuple[str, ...]
    """Phrases the failure output must all contain: the mutant is caught for the stated reason."""
    level: str = "documented"
    """The level of the broken rule: ``documented`` mutants must be caught at the documented level (the
    certificate) too; ``reading`` ones only at the strict level, and are advisory at the documented one."""
    gap: str = ""
    """Non-empty: the suite does NOT catch this mutant yet (a gap in the suite, reported, not hidden);
    why. The gallery test expects the miss, and fails once the suite catches it."""
    blind_spot: int = 0
    """For mutants written against the suite's former blind spots (the effects-and-oracle issue), its
    kind, 1-11: 1 effects, 2 gates that could not fail, 3 payloads vs arguments and host fields, 4 events
    no member emits, 5 several listeners, 6 generated invalid and edge inputs, 7 option defaults, 8 near-miss
    origins, 9 properties after end, 10 the stateful oracle, 11 the adapter (Promises, own members). 0: older."""

    @property
    def node(self) -> str:
        """The pytest node id of the check in generated/conformance/test_conformance.py."""
        test = "test_stateful" if self.check == "session.stateful" else "test_check"
        return f"generated/conformance/test_conformance.py::{test}[{self.check}]"


MUTANTS: dict[str, Mutant] = {}


def _mutant(check: str, rule: str, evidence: str | tuple[str, ...], gap: str = "",
            level: str = "documented", blind_spot: int = 0) -> Callable[[type[VirtualSession]], type[VirtualSession]]:
    """Register the decorated session class as a mutant; its factory is the function named after it."""

    def register(cls: type[VirtualSession]) -> type[VirtualSession]:
        name = _factory_name(cls)
        assert name not in MUTANTS, f"two mutants named {name}"
        MUTANTS[name] = Mutant(f"mutants.gallery:{name}", check, rule, (evidence,) if isinstance(evidence, str) else evidence,
                               level, gap, blind_spot)

        def factory() -> ReferenceImplementation:
            return _impl(cls)

        factory.__name__ = factory.__qualname__ = name
        globals()[name] = factory  # the --session-impl factory mutants.gallery:NAME
        return cls

    return register


def _factory_name(cls: type) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")


def _without(member: Member, kind: str, target: str) -> Member:
    """``member`` with its precondition ``kind target`` left out."""
    kept = tuple(p for p in member.preconditions if (p.kind, p.target) != (kind, target))
    assert len(kept) == len(member.preconditions) - 1, f"{member.js_name} has no precondition {kind} {target}"
    return dataclasses.replace(member, preconditions=kept)


def _impl(cls: type[VirtualSession]) -> ReferenceImplementation:
    return ReferenceImplementation(cls, name=f"mutant {_factory_name(cls)}: {MUTANTS[_factory_name(cls)].rule}")


# ====================================================================== preconditions (gates)


@_mutant("sendChatMessage.widget.gate-option-chat_enabled",
         "option gate ignored: sendChatMessage works although the option chat_enabled is off",
         "while option 'chat_enabled' does not hold changed the session's state")
class GateIgnoredChat(VirtualSession):
    def _option_on(self, option: str) -> bool:
        return True if option == "chat_enabled" else super()._option_on(option)


@_mutant("startScreensharing.widget.gate-option-screensharing_enabled",
         "option gate inverted: startScreensharing works only while screensharing_enabled is off",
         "while option 'screensharing_enabled' does not hold")
class GateInvertedScreensharing(VirtualSession):
    def _option_on(self, option: str) -> bool:
        on = super()._option_on(option)
        return not on if option == "screensharing_enabled" else on


@_mutant("pauseTabs.widget.gate-role-tab_owner",
         "role gate ignored: pauseTabs works for a caller who is not the tab_owner",
         "while role 'tab_owner' does not hold")
class RoleGateIgnoredPauseTabs(VirtualSession):
    def _member(self, js_name: str) -> Member:
        member = super()._member(js_name)
        return _without(member, "role", "tab_owner") if js_name == "pauseTabs" else member


@_mutant("requestToHost.widget.gate-not_role-host",
         "not_role gate ignored: the host can requestToHost (not_role host)",
         "while not_role 'host' does not hold")
class NotRoleGateIgnoredHost(VirtualSession):
    def _precondition_holds(self, precondition: Precondition, caller: Caller, args: Mapping[str, Any]) -> bool:
        if (precondition.kind, precondition.target) == ("not_role", "host"):
            return True
        return super()._precondition_holds(precondition, caller, args)


@_mutant("followParticipant.widget.gate-state-huddle_mode",
         "state gate ignored: followParticipant works outside huddle mode (state huddle_mode)",
         "while state 'huddle_mode' does not hold")
class StateGateIgnoredHuddle(VirtualSession):
    def _state_holds(self, state: str) -> bool:
        return True if state == "huddle_mode" else super()._state_holds(state)


@_mutant("transferTabControl.widget.gate-participant-clientIndex",
         "participant check ignored: transferTabControl gives control to a client index that is no participant",
         "while participant 'clientIndex' does not hold", level="reading")
class ControlToNonParticipant(VirtualSession):
    def _member(self, js_name: str) -> Member:
        member = super()._member(js_name)
        return _without(member, "participant", "clientIndex") if js_name == "transferTabControl" else member


@_mutant("requestTabControl.widget.gate-option-participants_can_request_to_interact",
         "an ignored call changes state: a call whose precondition fails returns nothing and sends no event, "
         "but its effect still happens",
         "changed the session's state; expected no change")
class IgnoredCallStillActs(VirtualSession):
    def _check_preconditions(self, member: Member, caller: Caller, args: Mapping[str, Any]) -> bool:
        holds = super()._check_preconditions(member, caller, args)
        if not holds and member.kind == "method":
            self._perform(member, caller, args)
        return holds


@_mutant("revokeTabControl.widget.gate-option-participants_can_request_to_interact",
         "option gate ignored: revokeTabControl takes control back although participants_can_request_to_interact is off",
         ("while option 'participants_can_request_to_interact' does not hold", "ignoring it would change: role in_control"),
         blind_spot=2)
class RevokeGateIgnored(VirtualSession):
    def _member(self, js_name: str) -> Member:
        member = super()._member(js_name)
        return _without(member, "option", "participants_can_request_to_interact") if js_name == "revokeTabControl" else member


@_mutant("returnTabControl.widget.gate-option-participants_can_request_to_interact",
         "option gate ignored: returnTabControl hands control back although participants_can_request_to_interact is off",
         ("while option 'participants_can_request_to_interact' does not hold", "ignoring it would change: role in_control"),
         blind_spot=2)
class ReturnGateIgnored(VirtualSession):
    def _member(self, js_name: str) -> Member:
        member = super()._member(js_name)
        return _without(member, "option", "participants_can_request_to_interact") if js_name == "returnTabControl" else member


@_mutant("resumeTabs.widget.gate-role-tab_owner",
         "role gate ignored: resumeTabs resumes the paused tabs for a caller who is not the tab_owner",
         ("while role 'tab_owner' does not hold", "ignoring it would change: paused True -> False"), level="reading", blind_spot=2)
class ResumeGateIgnored(VirtualSession):
    def _member(self, js_name: str) -> Member:
        member = super()._member(js_name)
        return _without(member, "role", "tab_owner") if js_name == "resumeTabs" else member


# ====================================================================== events


@_mutant("participant_joined.widget.on-join", "event never sent: nobody hears that a participant joined",
         ("event 'participant_joined' when participant 3 joins", "missing"), level="reading", blind_spot=4)
class JoinNotAnnounced(VirtualSession):
    def add_participant(self, name: str | None = None, email: str | None = None, online: bool = True) -> int:
        ended, self.ended = self.ended, True  # as after the end: no participant_joined
        try:
            return super().add_participant(name, email, online)
        finally:
            self.ended = ended


@_mutant("participant_joined.widget.on-join", "wrong payload: participant_joined names the leader, not who joined",
         "has clientIndex 0; expected 3, who joined", level="reading", blind_spot=4)
class JoinNamesLeader(VirtualSession):
    def _payload_participant_joined(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return super()._payload_participant_joined(caller, {**args, "clientIndex": 0}, result)


@_mutant("broadcastMessage.extension.events", "payload not the argument: broadcast_message carries the message JSON-encoded",
         ("the payload of 'broadcast_message'", "expected the message argument"), level="reading", blind_spot=3)
class BroadcastPayloadEncoded(VirtualSession):
    def _payload_broadcast_message(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return super()._payload_broadcast_message(caller, {**args, "message": json.dumps(args["message"])}, result)


@_mutant("sendMessage.widget.events", "payload not the argument: the message event wraps the sent object as {message: ...}",
         ("the payload of 'message'", "has data {'message':", "expected the message argument"), blind_spot=3)
class MessageDataWrapped(VirtualSession):
    def _payload_message(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return super()._payload_message(caller, {**args, "message": {"message": args["message"]}}, result)


@_mutant("takeScreenshot.widget.events", "wrong host object: the screenshot event's image is a number, not an ImageBitmap",
         "where the spec wants a browser object ImageBitmap (image)", level="reading", blind_spot=3)
class ScreenshotImageNumber(VirtualSession):
    def _payload_screenshot(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return models.ScreenshotEvent.model_construct(image=3)


@_mutant("broadcastMessage.extension.events", "a second listener replaces the first: on() keeps one listener per event",
         ("event 'broadcast_message': expected once at each of 2 listeners", "missing"), level="reading", blind_spot=5)
class LastListenerOnly(VirtualSession):
    def _do_on(self, caller: Caller, event_name: str, callback: Callable[..., Any]) -> _SessionObject:
        self.listeners[(caller.client_index, caller.context, event_name)] = [callback]
        return caller.session


@_mutant("end.widget.events", "a second listener is dropped: on() ignores a listener when the event already has one",
         ("event 'session_ended': expected once at each of 2 listeners", "missing"), level="reading", blind_spot=5)
class FirstListenerOnly(VirtualSession):
    def _do_on(self, caller: Caller, event_name: str, callback: Callable[..., Any]) -> _SessionObject:
        self.listeners.setdefault((caller.client_index, caller.context, event_name), [callback])
        return caller.session


@_mutant("end.widget.events",
         "event dropped: end() never sends session_ended",
         "event 'session_ended': expected once at each of 2 listeners", level="reading")
class EventDroppedSessionEnded(VirtualSession):
    def _emit_one(self, emit: Emit, caller: Caller, args: Mapping[str, Any], result: Any) -> None:
        if emit.event != "session_ended":
            super()._emit_one(emit, caller, args, result)


@_mutant("broadcastMessage.widget.events",
         "event duplicated: every broadcast_message reaches each listener twice",
         "event 'broadcast_message': expected once at each of 2 listeners", level="reading")
class EventDuplicatedBroadcast(VirtualSession):
    def _deliver(self, client_index: int, context: str, event: str, payload: BaseModel) -> None:
        super()._deliver(client_index, context, event, payload)
        if event == "broadcast_message":
            super()._deliver(client_index, context, event, payload)


@_mutant("broadcastMessage.extension.events",
         "wrong receivers: 'all' leaves the caller out (means 'others'), so the caller's own extension misses the event",
         "event 'broadcast_message': expected once at each of 2 listeners", level="reading")
class AllExcludesCaller(VirtualSession):
    def _participants_matching(self, which: str, caller: Caller) -> list[int]:
        return super()._participants_matching("others" if which == "all" else which, caller)


@_mutant("getSessionInfo.widget.events",
         "wrong context: session_info goes to every participant's widget instead of their extension",
         "event 'session_info': expected once at each of 2 listeners", level="reading")
class SessionInfoToWrongContext(VirtualSession):
    def _receivers_for(self, emit: Emit, caller: Caller) -> list[tuple[int, str]]:
        receivers = super()._receivers_for(emit, caller)
        if emit.event != "session_info":
            return receivers
        return list(dict.fromkeys((index, "widget" if context == "extension" else context) for index, context in receivers))


@_mutant("sendMessage.widget.events",
         "from_context ignored: a widget's sendMessage also fires the public-to-widget message, at the sender's widget",
         "event 'message': expected once at each of 2 listeners")
class FromContextIgnored(VirtualSession):
    def _emit_applies(self, emit: Emit, caller: Caller) -> bool:
        return True


@_mutant("sendMessage.widget.origin-filter",
         "targetOrigin ignored: a message is delivered although targetOrigin does not match the receiving page",
         "unexpected or duplicated [(0, 'public')]")
class OriginFilterIgnored(VirtualSession):
    def _origin_matches(self, target_origin: str, origin: str) -> bool:
        return True


@_mutant("sendMessage.widget.origin-filter",
         "prefix match: a message reaches a page whose origin merely starts with targetOrigin",
         ("event 'message' with targetOrigin 'https://app.exampl'", "unexpected or duplicated [(0, 'public')]"), blind_spot=8)
class OriginPrefixMatch(VirtualSession):
    def _origin_matches(self, target_origin: str, origin: str) -> bool:
        return target_origin == "*" or origin.startswith(target_origin)


@_mutant("sendMessage.widget.origin-filter",
         "host-only match: targetOrigin is compared by host name, whatever its scheme and port",
         ("event 'message' with targetOrigin 'https://app.example:8443'", "unexpected or duplicated [(0, 'public')]"),
         blind_spot=8)
class OriginHostOnly(VirtualSession):
    def _origin_matches(self, target_origin: str, origin: str) -> bool:
        return target_origin == "*" or urlsplit(target_origin).hostname == urlsplit(origin).hostname


@_mutant("getSessionInfo.extension.events",
         "listener called without the session as its first argument",
         "did not get the session as its first argument")
class ListenerWithoutSession(VirtualSession):
    def _invoke_listener(self, callback: Callable[..., Any], session: _SessionObject, payload: Any) -> None:
        super()._invoke_listener(callback, None, payload)  # type: ignore[arg-type]


@_mutant("on.widget.valid-call",
         "on() does not return the session (no chaining)",
         "expected the session itself")
class OnReturnsNothing(VirtualSession):
    def _do_on(self, caller: Caller, event_name: str, callback: Callable[..., Any]) -> Any:
        super()._do_on(caller, event_name, callback)
        return None


# ====================================================================== results


@_mutant("getParticipants.widget.valid-call",
         "wrong result shape: getParticipants() entries lack the required field email",
         ("0.email", "Field required [type=missing"))
class ParticipantsMissingEmail(VirtualSession):
    def _participant_model(self, index: int, person: _Participant, caller: Caller) -> Any:
        entry = super()._participant_model(index, person, caller).model_dump(by_alias=True)
        del entry["email"]
        return entry


@_mutant("getTabs.widget.valid-call",
         "wrong result type: getTabs() gives each tab's ssid as a string, not an integer",
         ("0.ssid", "Input should be a valid integer [type=int_type, input_value='0', input_type=str]"), level="reading")
class TabSsidAsString(VirtualSession):
    def _do_get_tabs(self, caller: Caller) -> Any:
        return [{**tab, "ssid": str(tab["ssid"])} for tab in self.tabs]


# ====================================================================== exposure


@_mutant("relocate.public.exposure",
         "non-public member exposed: relocate is reachable through webfuse.currentSession",
         "an access-control breach")
class RelocateExposedPublicly(VirtualSession):
    def _public_members(self) -> frozenset[str]:
        return super()._public_members() | {"relocate"}


@_mutant("log.public.exposure",
         "public member missing: webfuse.currentSession has no log",
         "log is missing from the public context")
class LogMissingPublicly(VirtualSession):
    def _public_members(self) -> frozenset[str]:
        return super()._public_members() - {"log"}


# ====================================================================== members only some contexts have, namespaces, event objects


@_mutant("automation.widget.exposure",
         "extension-only namespace exposed: the Automation API is reachable through the widget's session",
         ("automation is reachable through", "an access-control breach"))
class AutomationExposedInWidget(VirtualSession):
    def _own_members(self, context: str) -> frozenset[str]:
        return super()._own_members(context) | ({"automation"} if context == "widget" else set())


@_mutant("env.extension.exposure",
         "extension member missing: browser.webfuseSession has no env",
         "env is missing from the extension context")
class EnvMissingInExtension(VirtualSession):
    def _own_members(self, context: str) -> frozenset[str]:
        return super()._own_members(context) - {"env"}


@_mutant("on.addListener.widget.exposure",
         "event-object form exposed where the spec does not say: the widget's on has addListener",
         ("on.addListener is reachable through", "an access-control breach"), level="reading")
class OnEventObjectInWidget(VirtualSession):
    def _has_event_object_on(self, context: str) -> bool:
        return context in ("widget", "extension")


@_mutant("automation.see.domSnapshot.extension.valid-call",
         "wrong result type: see.domSnapshot() resolves to an object wrapping the HTML, not to the HTML string",
         ("the result does not match the spec's type", "Input should be a valid string"))
class DomSnapshotNotAString(VirtualSession):
    def _do_automation(self, caller: Caller, path: str, args: Mapping[str, Any]) -> Any:
        result = super()._do_automation(caller, path, args)
        return {"html": result} if path == "automation.see.domSnapshot" else result


# ====================================================================== options


@_mutant("sendChatMessage.widget.default-option-chat_enabled",
         "wrong option default: chat_enabled is off unless set (the documented default is on)",
         ("default-option-chat_enabled", "event 'chat_message'", "missing"), level="reading")
class ChatOffByDefault(VirtualSession):
    def _option_default(self, name: str) -> Any:
        return False if name == "chat_enabled" else super()._option_default(name)


@_mutant("revokeTabControl.widget.default-option-participants_can_request_to_interact",
         "wrong option default: participants_can_request_to_interact is off unless set, so revokeTabControl does nothing",
         ("with participants_can_request_to_interact left at its default (True)", "role in_control is held by"),
         level="reading", blind_spot=7)
class InteractOffByDefault(VirtualSession):
    def _option_default(self, name: str) -> Any:
        return False if name == "participants_can_request_to_interact" else super()._option_default(name)


@_mutant("returnTabControl.widget.default-option-participants_can_request_to_interact",
         "wrong option defaults: every option left unset counts as off",
         ("with participants_can_request_to_interact left at its default (True)", "role in_control is held by"),
         level="reading", blind_spot=7)
class UnsetOptionsOff(VirtualSession):
    def _option_default(self, name: str) -> Any:
        return False


# ====================================================================== effects (what a valid call changes)


@_mutant("makeHost.widget.effects", "effect missing: makeHost accepts the call but leaves the host where it was",
         "role host is held by 0, expected 1", blind_spot=1)
class HostNotMoved(VirtualSession):
    def _do_make_host(self, caller: Caller, client_index: int) -> None:
        return None


@_mutant("relocate.widget.effects", "wrong effect: relocate(url, true) replaces the current tab instead of opening a new one",
         "expected exactly one new tab", blind_spot=1)
class NewTabReplacesCurrent(VirtualSession):
    def _do_relocate(self, caller: Caller, new_url: str, new_tab: bool) -> None:
        super()._do_relocate(caller, new_url, False)


@_mutant("returnTabControl.widget.effects", "wrong participant: returnTabControl gives control to the leader, not to the tab owner",
         "role in_control is held by 0, expected 1", blind_spot=1)
class ControlReturnedToLeader(VirtualSession):
    def _do_return_tab_control(self, caller: Caller) -> None:
        self.roles["in_control"] = 0


@_mutant("toggleVideochatMicrophone.widget.effects", "effect too wide: toggling the caller's microphone mutes everyone",
         ("microphone of participant 1 is False, expected True", "conventions.declared_effects_only"), level="reading", blind_spot=1)
class MicrophoneMutesEveryone(VirtualSession):
    def _do_toggle_videochat_microphone(self, caller: Caller) -> None:
        for index in self.participants:
            call = self._videochat(index)
            call["microphone"] = not call["microphone"]


@_mutant("log.widget.effects", "effect missing: log() accepts the entry but never writes it to the audit log",
         "audit_log is [], expected", blind_spot=1)
class LogNotRecorded(VirtualSession):
    def _do_log(self, caller: Caller, entry: dict[str, Any]) -> None:
        return None


@_mutant("activateTab.widget.effects", "effect missing: activateTab leaves the active tab where it was",
         "expected tab 0 to be the only active tab", blind_spot=1)
class ActivateIgnored(VirtualSession):
    def _do_activate_tab(self, caller: Caller, ssid: int) -> None:
        return None


@_mutant("openTab.widget.effects", "wrong effect: openTab opens a blank tab instead of the given address",
         "the new tab has the address 'about:blank'", blind_spot=1)
class OpenTabBlank(VirtualSession):
    def _do_open_tab(self, caller: Caller, url: str) -> None:
        self._open_tab("about:blank")


@_mutant("toggleHuddleMode.widget.effects", "wrong direction: following ends when huddle mode is turned on, not off",
         "following of participant", level="reading", blind_spot=1)
class FollowingClearedOnOn(VirtualSession):
    def _do_toggle_huddle_mode(self, caller: Caller) -> None:
        self.states["huddle_mode"] = not self.states["huddle_mode"]
        if self.states["huddle_mode"]:
            self.following.clear()


@_mutant("session.stateful", "a toggle that never toggles back: toggleHuddleMode only ever turns huddle mode on",
         "state huddle_mode is True, expected False", blind_spot=10)
class HuddleOnlyOn(VirtualSession):
    def _do_toggle_huddle_mode(self, caller: Caller) -> None:
        self.states["huddle_mode"] = True


# ====================================================================== the adapter contract: Promises and own members


@_mutant("getTabs.widget.valid-call", "not a Promise: getTabs() returns the list itself",
         "getTabs() returned a plain value; expected a Promise", blind_spot=11)
class TabsNotAPromise(VirtualSession):
    def _call_async(self, session: _SessionObject, js_name: str, values: tuple[Any, ...]) -> Any:
        return self._call(session, js_name, values) if js_name == "getTabs" else super()._call_async(session, js_name, values)


@_mutant("takeScreenshot.widget.invalid-args", "thrown, not rejected: takeScreenshot() throws on a bad argument instead of "
         "returning a rejected Promise", "the TypeError was thrown; expected the returned Promise to reject", level="reading",
         blind_spot=11)
class ScreenshotThrows(VirtualSession):
    def _call_async(self, session: _SessionObject, js_name: str, values: tuple[Any, ...]) -> Any:
        return SettledPromise(self._call(session, js_name, values)) if js_name == "takeScreenshot" else \
            super()._call_async(session, js_name, values)


@_mutant("session.public.own-members", "undeclared member: webfuse.currentSession also offers a debugging handle to the whole session",
         ("also offers ['debug_session']", "an access-control breach"), blind_spot=11)
class PublicDebugHandle(VirtualSession):
    def _make_session_object(self, client_index: int, context: str) -> _SessionObject:
        made = super()._make_session_object(client_index, context)
        if context != "public":
            return made

        class WithHandle(type(made)):  # type: ignore[misc]
            __slots__ = ()

            @property
            def debug_session(self) -> VirtualSession:
                return self._vs

        return WithHandle(self, client_index, context)


# ====================================================================== properties
@_mutant("pin.widget.after-end", "still answers after end: properties keep their values once the session has ended",
         ("reading pin after end() gave", "expected undefined"), level="reading", blind_spot=9)
class PropertiesAfterEnd(VirtualSession):
    def _answers(self, caller: Caller) -> bool:
        return self._is_participant(caller.client_index)

    def _call(self, session: _SessionObject, js_name: str, values: tuple[Any, ...]) -> Any:
        return None if self._has_ended() else super()._call(session, js_name, values)


@_mutant("started.widget.after-end", "a property throws after end instead of being undefined",
         ("reading started after end() raised Error", "expected it to be ignored"), level="reading", blind_spot=9)
class ReadThrowsAfterEnd(VirtualSession):
    def _read(self, session: _SessionObject, js_name: str) -> Any:
        if self._has_ended():
            raise RuntimeError("the session has ended")
        return super()._read(session, js_name)



@_mutant("pin.widget.read",
         "pin not four digits: the join code has five",
         "String should match pattern '^[0-9]{4}$'")
class PinFiveDigits(VirtualSession):
    def _make_pin(self) -> str:
        return f"{self._random.randrange(100_000):05d}"


@_mutant("pin.widget.unavailable-state-started",
         "pin available before the session started (its precondition state started ignored)",
         "although its precondition state 'started' does not hold")
class PinBeforeStart(VirtualSession):
    def _precondition_holds(self, precondition: Precondition, caller: Caller, args: Mapping[str, Any]) -> bool:
        if (precondition.kind, precondition.target) == ("state", "started"):
            return True
        return super()._precondition_holds(precondition, caller, args)


# ====================================================================== arguments


@_mutant("makeHost.widget.invalid-args", "invalid argument accepted: a clientIndex that is not an integer is rounded down",
         "'clientIndex' given a number that is not an integer: expected TypeError, got no error", level="reading", blind_spot=6)
class FractionalIndexAccepted(VirtualSession):
    def _validate_integer(self, what: str, value: Any) -> int:
        return int(value) if isinstance(value, float) else super()._validate_integer(what, value)


@_mutant("log.widget.invalid-args", "reserved keys checked in part: only var0 to var4 must hold strings",
         ("'entry' given reserved key 'var7' holding", "expected TypeError, got no error"), level="reading", blind_spot=6)
class ReservedKeysInPart(VirtualSession):
    def _validate_reserved_keys(self, what: str, value: dict[str, Any]) -> dict[str, Any]:
        return super()._validate_reserved_keys(what, {k: v for k, v in value.items() if k not in {f"var{n}" for n in range(5, 10)}}) and value


@_mutant("uploadFile.widget.invalid-args", "wrong browser object accepted: uploadFile takes any browser object, not only a File",
         "'file' given a browser object ImageBitmap instead of File: expected TypeError, got no error", level="reading", blind_spot=6)
class AnyHostUploaded(VirtualSession):
    def _validate_file(self, what: str, value: Any) -> HostObject:
        return value if isinstance(value, HostObject) else super()._validate_file(what, value)


@_mutant("log.widget.valid-call", "valid argument refused: every var<N> key counts as reserved, so var10 must be a string too",
         ("log(...) raised TypeError", "var10", "expected it to be accepted"), blind_spot=6)
class EveryVarReserved(VirtualSession):
    def _validate_reserved_keys(self, what: str, value: dict[str, Any]) -> dict[str, Any]:
        for key, item in value.items():
            if re.fullmatch(r"var[0-9]+", key) and not isinstance(item, str):
                raise TypeError(f"{what}.{key}: expected a string (reserved key), got {item!r}")
        return value


@_mutant("makeHost.widget.invalid-args",
         "invalid argument accepted: a negative clientIndex (minimum 0) raises no TypeError",
         "'clientIndex' given a number below 0: expected TypeError, got no error", level="reading")
class NegativeClientIndexAccepted(VirtualSession):
    def _validate_minimum(self, what: str, value: int, minimum: int | float) -> int:
        return value


@_mutant("sendMessage.widget.invalid-args",
         "invalid argument accepted: a URL with a path passes as targetOrigin (origin or '*')",
         "'targetOrigin' given a URL with a path, not an origin: expected TypeError, got no error", level="reading")
class PathAcceptedAsOrigin(VirtualSession):
    def _validate_origin_or_wildcard(self, what: str, value: str) -> str:
        return value


@_mutant("log.widget.invalid-args",
         "state changed before TypeError: an invalid log entry is written to the audit log, then rejected",
         "changed the session's state; expected no change", level="reading")
class InvalidLogEntryRecorded(VirtualSession):
    def _validate_log_entry(self, what: str, value: Any) -> dict[str, Any]:
        try:
            return super()._validate_log_entry(what, value)
        except TypeError:
            self.audit_log.append({"client_index": None, "context": None, "entry": repr(value), "rejected": True})
            raise


# ====================================================================== lifecycle and participants


@_mutant("broadcastMessage.widget.after-end",
         "still answers after end: calls after end() take effect and send events",
         "after end() sent events; expected none", level="reading")
class AnswersAfterEnd(VirtualSession):
    def _has_ended(self) -> bool:
        return False


@_mutant("session.stateful", "stale receivers: a participant who joined late is not told when yet another one joins",
         ("expected exactly once at", "missing [(3, "), level="reading", blind_spot=10)
class LatecomersMissEvents(VirtualSession):
    def _participants_matching(self, which: str, caller: Caller) -> list[int]:
        everyone = super()._participants_matching(which, caller)
        return [index for index in everyone if index < 3] if which == "others" else everyone


@_mutant("session.stateful", "a participant who left is still listed by getParticipants()",
         ("getParticipants() lists the participants", "but", "are in the session"), blind_spot=10)
class LeaverStillListed(VirtualSession):
    def remove_participant(self, client_index: int) -> None:
        person = self.participants[client_index]
        super().remove_participant(client_index)
        self._gone = {**getattr(self, "_gone", {}), client_index: person}

    def _do_get_participants(self, caller: Caller) -> list[models.Participant]:
        gone = getattr(self, "_gone", {})
        return super()._do_get_participants(caller) + [self._participant_model(i, p, caller) for i, p in sorted(gone.items())]


@_mutant("session.stateful",
         "'self' is true for everyone in getParticipants(), not only for the viewer",
         "entries marked self")
class SelfForEveryone(VirtualSession):
    def _is_self(self, index: int, caller: Caller) -> bool:
        return True


@_mutant("session.stateful",
         "a participant who leaves keeps the roles they held (instead of handing them back to the leader)",
         "is held by", level="reading")
class LeaverKeepsRoles(VirtualSession):
    def remove_participant(self, client_index: int) -> None:
        roles = dict(self.roles)
        super().remove_participant(client_index)
        self.roles.update(roles)
