"""Export stage: Word → PDF behind one small interface (LibreOffice for real, a fake for unit tests).

The caller owns the exporter: `build` starts one for itself when given none, a script that builds
many reports keeps one warm with `with LibreOfficeExport() as pdf: build(…, export=pdf)`.
Settings such as the time limit are passed with every call.
Internal; `PdfExport`, `LibreOfficeExport`, `FakeExport`, `ExportErgebnis` and `Verzeichnis` are
re-exported from `berichtsgen`, which is where scripts import them from.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

from .libreoffice import ExportErgebnis, LibreOfficeExport, Verzeichnis
from .pruefen import pdf_pruefen


@runtime_checkable
class PdfExport(Protocol):
    """Anything that turns a Word file into an accessible PDF."""

    def vorbereiten(self, silbentrennung: str | None = "de-DE") -> None:
        """Get ready (e.g. start a process) before `exportieren` is called; `silbentrennung` is the
        language the documents will be hyphenated in (None: no hyphenation)."""

    def exportieren(
        self, docx: Path, pdf: Path, *, titel: str, sprache: str = "de-DE", zeitlimit: float = 180
    ) -> ExportErgebnis:
        """Write `pdf` from `docx` within `zeitlimit` seconds, verify it; return pages and index entries."""

    def schliessen(self) -> None:
        """Release what `vorbereiten` started."""


class FakeExport:
    """Writes a placeholder file instead of a PDF, for fast unit tests; records its calls."""

    def __init__(self) -> None:
        self.aufrufe: list[tuple[Path, Path, str]] = []
        """(docx, pdf, titel) of every call."""
        self.zeitlimits: list[float] = []
        """The time limit of every call."""
        self.vorbereitet = 0
        self.silbentrennung: list[str | None] = []
        """The hyphenation language of every `vorbereiten` call."""
        self.geschlossen = 0
        self.verzeichnisse: list[Verzeichnis] = []
        """Index entries the fake reports as laid out (set by a test)."""
        self.verzeichnisseiten: list[list[list[int]]] = []
        """Entries per page of each index, one list per call in turn (set by a test)."""

    def vorbereiten(self, silbentrennung: str | None = "de-DE") -> None:
        self.vorbereitet += 1
        self.silbentrennung.append(silbentrennung)

    def exportieren(
        self, docx: Path, pdf: Path, *, titel: str, sprache: str = "de-DE", zeitlimit: float = 180
    ) -> ExportErgebnis:
        self.aufrufe.append((docx, pdf, titel))
        self.zeitlimits.append(zeitlimit)
        pdf.write_bytes(b"%PDF-1.4\n% berichtsgen FakeExport\n%%EOF\n")
        seiten = self.verzeichnisseiten.pop(0) if self.verzeichnisseiten else []
        return ExportErgebnis(0, list(self.verzeichnisse), seiten)

    def schliessen(self) -> None:
        self.geschlossen += 1

    def __enter__(self) -> FakeExport:
        return self

    def __exit__(
        self, typ: type[BaseException] | None, wert: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.schliessen()


__all__ = [
    "ExportErgebnis",
    "FakeExport",
    "LibreOfficeExport",
    "PdfExport",
    "Verzeichnis",
    "pdf_pruefen",
]
