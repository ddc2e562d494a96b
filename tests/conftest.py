"""Shared fixtures: mini projects under tests/roots/, copied into a temporary folder per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hilfen import REPO, schema_laden

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """Return a fresh copy of the mini project, with the neutral template as its vorlage.docx."""
    ziel = tmp_path / "mini"
    shutil.copytree(ROOTS / "mini", ziel)
    shutil.copy(REPO / "vorlagen" / "standard.docx", ziel / "vorlage.docx")
    return ziel


@pytest.fixture(scope="session")
def schema():
    """The ECMA-376 WordprocessingML schema, with run properties in Word's order."""
    return schema_laden()
