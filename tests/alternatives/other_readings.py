"""An implementation that takes, at every rule the spec only reads, another defensible choice.

Where the documents are silent or disagree the spec has to choose (its readings); a team implementing
the Session API from the documents alone may well choose otherwise. This variant of the Python
reference does, everywhere it can, and is otherwise faithful:

- a gated call whose documented outcome is only "available if ..." raises instead of being ignored
  (still changing nothing); so does a call naming a client index of no participant, a call after the
  session ended, and reading ``pin`` before the session started;
- a bad argument raises ``ValueError`` (a JavaScript ``Error``) instead of ``TypeError``;
- a ``targetOrigin`` with a path is used by its origin instead of being rejected;
- an ``activateTab`` with the ssid of no open tab raises;
- ``getSessionInfo`` returns nothing (the document's signature says ``void``) and only sends its event;
- payloads and participant entries carry an extra ``timestamp`` field;
- options whose default only a predecessor product documents are off unless set;
- a participant who leaves keeps the roles they held.

It must pass the conformance suite at the documented level (the certificate) and fail it at the strict
level: tests/test_conformance.py proves both. Use it with
``--session-impl alternatives.other_readings:factory`` (``tests/`` on ``PYTHONPATH``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from webfuse_reference.adapter import ReferenceImplementation
from webfuse_reference.rules import Member
from webfuse_reference.session import Caller, SessionError, VirtualSession, _Participant
from webfuse_reference.validators import normalise_origin
from webfuse_session import models

__all__ = ["OtherReadings", "factory"]

DOCUMENTED_IGNORE = {"requestToHost", "requestTabControl", "revokeTabControl", "returnTabControl"}
"""Members whose documents say that a call without its conditions is "silently ignored" (this
implementation's own reading of the documents, as the reference has its own tables)."""


class OtherReadings(VirtualSession):
    def _answers(self, caller: Caller) -> bool:
        if self._has_ended():
            raise SessionError("the session has ended")
        return super()._answers(caller)

    def _check_arguments(self, member: Member, values: tuple[Any, ...]) -> dict[str, Any]:
        try:
            return super()._check_arguments(member, values)
        except TypeError as error:
            raise ValueError(str(error)) from None

    def _validate_origin_or_wildcard(self, what: str, value: str) -> str:
        return value if value == "*" else normalise_origin(value)

    def _check_preconditions(self, member: Member, caller: Caller, args: Mapping[str, Any]) -> bool:
        if member.kind == "method" and member.js_name not in DOCUMENTED_IGNORE:
            for precondition in member.preconditions:
                if not self._precondition_holds(precondition, caller, args):
                    raise SessionError(f"{member.js_name}(): not available ({precondition.kind} {precondition.target})")
            return True
        if member.kind == "property" and not super()._check_preconditions(member, caller, args):
            raise SessionError(f"{member.js_name} is not available yet")
        return super()._check_preconditions(member, caller, args)

    def _do_get_session_info(self, caller: Caller) -> Any:
        self._info_for_event = self._session_info()
        return None

    def _payload_session_info(self, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        return self._info_for_event

    def _payload(self, event: str, caller: Caller, args: Mapping[str, Any], result: Any) -> BaseModel:
        payload = super()._payload(event, caller, args, result)
        return type(payload).model_validate({**payload.model_dump(by_alias=True), "timestamp": 1700000000})

    def _participant_model(self, index: int, person: _Participant, caller: Caller) -> models.Participant:
        entry = super()._participant_model(index, person, caller)
        return models.Participant.model_validate({**entry.model_dump(by_alias=True), "timestamp": 1700000000})

    def _option_default(self, name: str) -> Any:
        return False

    def remove_participant(self, client_index: int) -> None:
        kept = dict(self.roles)
        super().remove_participant(client_index)
        self.roles.update(kept)


def factory() -> ReferenceImplementation:
    return ReferenceImplementation(OtherReadings, name="other readings: the documents' silences read otherwise")

