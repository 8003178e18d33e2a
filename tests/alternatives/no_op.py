"""The reference with every state-changing member turned into a no-op after its arguments are checked.

It answers every call as the reference does (arguments checked, results and events as usual), but
the members the spec gives effects change nothing. The suite's effect checks must fail on every one
of them: tests/test_conformance.py proves it. ``--session-impl alternatives.no_op:factory``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webfuse_conformance.spec_data import DATA
from webfuse_reference.adapter import ReferenceImplementation
from webfuse_reference.rules import Member
from webfuse_reference.session import Caller, VirtualSession

__all__ = ["STATE_CHANGING", "factory"]

STATE_CHANGING = frozenset(name for name, member in DATA["members"].items() if member["effects"])


class NoOp(VirtualSession):
    def _perform(self, member: Member, caller: Caller, args: Mapping[str, Any]) -> Any:
        if member.js_name in STATE_CHANGING:
            return None
        return super()._perform(member, caller, args)


def factory() -> ReferenceImplementation:
    return ReferenceImplementation(NoOp, name="no-op: state-changing members do nothing")
