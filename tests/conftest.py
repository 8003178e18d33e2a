"""Shared fixtures: the repository root and the model of the real spec."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.history import load_with_history
from generator.model import Model

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec" / "session_api.yaml"
MINIMAL = REPO / "tests" / "specs" / "minimal.yaml"

os.environ.setdefault("PYRIGHT_PYTHON_IGNORE_WARNINGS", "1")


@pytest.fixture(scope="session")
def model() -> Model:
    """The model as the emitters see it (with the changelog's release notes)."""
    return load_with_history(SPEC, "spec/session_api.yaml")


LONGEST_FIRST = ("test_conformance_browser.py", "test_conformance.py")
"""The modules that take longest, started first: under ``make test`` each module runs on one worker
(pytest-xdist, --dist loadfile), and a long module started last would keep its worker busy after the rest."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order inside a module, and among the other modules, stays
