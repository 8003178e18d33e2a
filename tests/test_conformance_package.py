"""The generated conformance package itself: typed, registered with pytest, checks derived from the spec."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from generator.model import Model

from .conftest import REPO


@pytest.mark.slow
def test_the_package_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "generated/conformance/webfuse_conformance"],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "MYPYPATH": str(REPO / "generated" / "python")},
    )
    assert result.returncode == 0, result.stdout


def test_the_plugin_is_registered_by_entry_point() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("webfuse_conformance") == "webfuse_conformance.plugin"


def test_check_ids_are_unique_and_cover_every_member_in_every_context(model: Model) -> None:
    from webfuse_conformance.checks import all_checks

    checks = all_checks()
    ids = [c.id for c in checks]
    assert len(ids) == len(set(ids))
    # Exposure: every member the session exposes, by dotted path (namespaces' members, event objects and the
    # addListener of each event object included), in every context.
    paths = {m.path for m in model.all_members()}
    paths |= {f"{m.path}.addListener" for m in model.all_members() if m.kind == "event_object" or m.event_object is not None}
    exposure = {(c.member, c.context) for c in checks if c.name == "exposure"}
    assert exposure == {(p, ctx) for p in paths for ctx in model.contexts}
    # Methods inside namespaces and members narrowed to some contexts: a valid call wherever they exist, and a call
    # with invalid arguments where a parameter has invalid values.
    for member in model.all_members():
        if member.kind != "method" or member.path in model.plain().members:
            continue
        for context in member.contexts:
            names = {c.name for c in checks if c.member == member.path and c.context == context}
            assert "valid-call" in names, (member.path, context)
            if member.params:
                assert "invalid-args" in names, (member.path, context)
    model = model.plain()  # every other check covers the plain members (see Model.plain)
    for member in model.members.values():
        for context in member.contexts:
            names = {c.name for c in checks if c.member == member.name and c.context == context}
            if member.kind == "method":
                assert "valid-call" in names, (member.name, context)
                gates = {f"gate-{p.kind}-{p.target}" for p in member.preconditions}
                assert gates <= names, (member.name, context, gates - names)
                if any(e.event for e in member.emits if not e.from_context or context in e.from_context):
                    assert "events" in names, (member.name, context)
