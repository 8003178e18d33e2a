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
