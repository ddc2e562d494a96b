"""Shared fixtures: mini projects under tests/roots/, copied into a temporary folder per test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from hilfen import FELDFEHLER, REPO, STANDARDVORLAGE, schema_laden, seiten_text

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture
def amt(tmp_path: Path) -> Path:
    """Return a fresh copy of the project built from statistics offices' exports, with pandoc's
    reference.docx as its template (a third-party template)."""
    ziel = tmp_path / "amt"
    shutil.copytree(ROOTS / "amt", ziel)
    shutil.copy(REPO / "tests" / "vorlagen" / "pandoc-reference.docx", ziel / "vorlage.docx")
    return ziel


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """Return a fresh copy of the mini project, with the neutral template as its vorlage.docx."""
    ziel = tmp_path / "mini"
    shutil.copytree(ROOTS / "mini", ziel)
    shutil.copy(STANDARDVORLAGE, ziel / "vorlage.docx")
    return ziel


@pytest.fixture(scope="session")
def schema():
    """The ECMA-376 WordprocessingML schema, with run properties in Word's order."""
    return schema_laden()


@dataclass
class Aufruf:
    """What one command line call printed, and its exit code."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys):
    """Run the command line in this process: `cli("build", "2024", …)` → Aufruf."""
    from berichtsgen.cli import main

    def aufrufen(*args: str) -> Aufruf:
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as ende:
            code = ende.code if isinstance(ende.code, int) else 1
        else:  # pragma: no cover - main always exits
            code = 0
        ausgabe = capsys.readouterr()
        return Aufruf(code, ausgabe.out, ausgabe.err)

    return aufrufen


@pytest.fixture(scope="session")
def pdf_text():
    """Return the page texts of a PDF as pdftotext lays them out, read once per file and version."""
    gelesen: dict[tuple[Path, int], list[str]] = {}

    def lesen(pdf: Path) -> list[str]:
        schluessel = (pdf, pdf.stat().st_mtime_ns)
        if schluessel not in gelesen:
            gelesen[schluessel] = seiten_text(pdf)
            # no PDF of any template build shows a field error
            fehler = FELDFEHLER.search("\n".join(gelesen[schluessel]))
            assert fehler is None, f"Feldfehler im PDF: {fehler.group(0)}"
        return gelesen[schluessel]

    return lesen


@pytest.fixture(scope="session")
def libreoffice():
    """One real LibreOffice for the end-to-end tests, kept warm (as a script author would)."""
    from berichtsgen import LibreOfficeExport

    with LibreOfficeExport() as pdf:
        yield pdf
