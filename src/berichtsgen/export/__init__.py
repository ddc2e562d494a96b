"""Export stage: Word → PDF behind one small interface (LibreOffice for real, a fake for unit tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .libreoffice import ExportErgebnis, LibreOfficeExport, Verzeichnis
from .pruefen import pdf_pruefen


class PdfExport(Protocol):
    """Anything that turns a Word file into an accessible PDF."""

    def vorbereiten(self) -> None:
        """Get ready (e.g. start a process) before `exportieren` is called."""

    def exportieren(self, docx: Path, pdf: Path, titel: str, sprache: str) -> ExportErgebnis:
        """Write `pdf` from `docx`, verify it; return page count and laid-out index entries."""


class FakeExport:
    """Writes a placeholder file instead of a PDF, for fast unit tests; records its calls."""

    def __init__(self) -> None:
        self.aufrufe: list[tuple[Path, Path, str]] = []
        self.vorbereitet = 0
        self.verzeichnisse: list[Verzeichnis] = []
        """Index entries the fake reports as laid out (set by a test)."""

    def vorbereiten(self) -> None:
        self.vorbereitet += 1

    def exportieren(self, docx: Path, pdf: Path, titel: str, sprache: str) -> ExportErgebnis:
        self.aufrufe.append((docx, pdf, titel))
        pdf.write_bytes(b"%PDF-1.4\n% berichtsgen FakeExport\n%%EOF\n")
        return ExportErgebnis(0, list(self.verzeichnisse))


_standard: LibreOfficeExport | None = None


def standard_export(zeitlimit: float = 180) -> LibreOfficeExport:
    """Return the process-wide LibreOffice exporter (kept warm between builds)."""
    global _standard
    if _standard is None:
        _standard = LibreOfficeExport(zeitlimit)
    _standard.zeitlimit = zeitlimit
    return _standard


__all__ = [
    "ExportErgebnis",
    "FakeExport",
    "LibreOfficeExport",
    "PdfExport",
    "Verzeichnis",
    "pdf_pruefen",
    "standard_export",
]
