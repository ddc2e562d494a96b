"""The outputs of a build, one step per format behind one small protocol (`Schritt`), and the
replacement of the last good report once every step has succeeded.

Each step writes into the build's work folder and returns what it made (`Ausgabe`); nothing in the
output folder changes before `ersetzen`. The PDF step comes after the Word step and finishes the
Word file: LibreOffice lays out the Word file the Word step rendered, and the Word file then shows
the PDF's page numbers in its indexes when it is opened.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .fehler import AusgabeFehler, ExportFehler
from .inhalt.modell import Berichtsdaten
from .projekt import Projekt
from .vorbereitung import Fortschritt, Stoppuhr, Vorbereitung

if TYPE_CHECKING:
    from .darstellung.word.verzeichnisse import WordDokument
    from .export import PdfExport


@dataclass(frozen=True)
class Ausgabe:
    """A file (or the HTML edition's folder) a step made in the work folder, and where it goes."""

    arbeit: Path
    ziel: Path
    ordner: bool = False
    """A folder, replaced as a whole (`darstellung.html.ersetzen`)."""


@dataclass
class Lauf:
    """What the steps of one build share: the prepared report and where they write."""

    v: Vorbereitung
    arbeit: Path
    """The build's work folder inside the output folder."""
    formate: tuple[str, ...]
    melde: Fortschritt
    uhr: Stoppuhr
    exporter: PdfExport | None = None
    word: WordDokument | None = None
    """The rendered Word report, for the PDF step (set by the Word step)."""
    seiten: int | None = None
    """Pages of the PDF, once the PDF step made it."""
    ausgaben: list[Ausgabe] = field(default_factory=list)

    @property
    def p(self) -> Projekt:
        return self.v.projekt

    @property
    def daten(self) -> Berichtsdaten:
        return self.v.berichtsdaten

    @property
    def name(self) -> str:
        return self.p.dateiname

    def datei(self, endung: str) -> Ausgabe:
        """The output `name.endung`: in the work folder, and its place in the output folder."""
        datei = f"{self.name}.{endung}"
        return Ausgabe(self.arbeit / datei, self.p.ausgabeordner / datei)


class Schritt(Protocol):
    """One output format of a build."""

    format: str

    def erzeugen(self, lauf: Lauf) -> list[Ausgabe]:
        """Make the format in `lauf.arbeit`; return what replaces the last good report."""
        ...


@contextmanager
def schreibend(wohin: Path) -> Iterator[None]:
    """Turn a failed write (permissions, full disk, size limit) into one German line."""
    try:
        yield
    except OSError as exc:
        raise AusgabeFehler.aus(exc, wohin) from None


def html_name(p: Projekt) -> str:
    """The HTML edition's folder: "html", or "NAME-html" for a report of a series (whose reports
    share the output folder)."""
    return f"{p.dateiname}-html" if p.parameter else "html"


# --- Word ----------------------------------------------------------------------------------------

GROSSES_DOKUMENT = 1000
"""Blocks (paragraphs, tables) of a report's body from which its build frees the previous one at once."""

_FREIGEBEN = False
"""Whether the last build in this process made a large document (see `speicher_freigeben`)."""


def speicher_freigeben() -> None:
    """Free what a previous large build in this process left in reference cycles (its document),
    so that its memory is reused instead of the process growing by it (a script's loop, watch, a
    series worker).

    A full collection looks at every object of the process – some 130 000 once a build has
    imported its libraries, 0,12 s –, which in a warm rebuild of a small report costs more than
    it frees: there Python's own collector is left to it.
    """
    global _FREIGEBEN
    if _FREIGEBEN:
        gc.collect()
        _FREIGEBEN = False


def _umfang_merken(dokument: Any) -> None:
    """Note whether the document just rendered is large enough to be freed before the next build."""
    global _FREIGEBEN
    _FREIGEBEN = len(dokument.docx.element.body) >= GROSSES_DOKUMENT


class Word:
    """The Word report through the editor's template; rendered for the PDF too, delivered only
    when asked for."""

    format = "docx"

    def erzeugen(self, lauf: Lauf) -> list[Ausgabe]:
        from .darstellung.word import rendern

        docx = lauf.datei("docx")
        with schreibend(lauf.p.ausgabeordner):
            lauf.word = rendern(lauf.v.bericht, lauf.daten, lauf.v.vorlage, docx.arbeit)
        _umfang_merken(lauf.word)
        for hinweis in lauf.word.hinweise:
            lauf.melde(f"Hinweis: {hinweis}")
        lauf.melde("Word-Datei erstellt")
        lauf.uhr.runde("docx")
        return [docx] if "docx" in lauf.formate else []


class Pdf:
    """The tagged PDF/UA and PDF/A from the Word report, laid out by LibreOffice; the Word report
    then gets the PDF's page numbers."""

    format = "pdf"

    def erzeugen(self, lauf: Lauf) -> list[Ausgabe]:
        from .darstellung import paket
        from .darstellung.word import felder, verzeichnisse

        assert lauf.exporter is not None and lauf.word is not None  # the Word step ran first
        dokument, exporter, e = lauf.word, lauf.exporter, lauf.p.einstellungen
        docx, pdf = lauf.datei("docx").arbeit, lauf.datei("pdf")

        def exportieren():
            return exporter.exportieren(
                docx, pdf.arbeit, titel=e.titel, sprache=e.sprache, zeitlimit=e.pdf_zeitlimit
            )

        lauf.melde("PDF wird mit LibreOffice erzeugt (Verzeichnisse werden aktualisiert) …")
        gelegt = exportieren()
        if verzeichnisse.ueberhang(gelegt.verzeichnisseiten) and verzeichnisse.verdichten(dokument):
            # an index spilling a line or two onto a page of its own is set tighter instead
            lauf.melde("Hinweis: Ein Verzeichnis passte knapp nicht auf seine Seite; es ist enger gesetzt.")
            with schreibend(lauf.p.ausgabeordner):
                paket.speichern(dokument.docx, docx)
            gelegt = exportieren()
        lauf.seiten = gelegt.seiten
        lauf.melde(f"PDF erstellt und geprüft (PDF/UA-1, PDF/A-2b): {gelegt.seiten} Seiten")
        if "docx" in lauf.formate:
            # the Word file shows the PDF's page numbers in its indexes and page totals when opened
            felder.gesamtseiten_eintragen(dokument.docx, gelegt.seitenverweise)
            for hinweis in verzeichnisse.fuellen(dokument, gelegt.verzeichnisse):
                lauf.melde(f"Hinweis: {hinweis}")
            with schreibend(lauf.p.ausgabeordner):
                paket.speichern(dokument.docx, docx)
        lauf.uhr.runde("pdf")
        return [pdf]


class Html:
    """The accessible web edition: a folder of pages, checked before it may replace the last one."""

    format = "html"

    def erzeugen(self, lauf: Lauf) -> list[Ausgabe]:
        from .darstellung import html
        from .export.html_pruefen import ausfuehrbares, html_pruefen

        e = lauf.p.einstellungen
        with schreibend(lauf.p.ausgabeordner):
            a = lauf.v.aussehen
            vorlage = html.Webvorlage(a.farben, a.schrift, e.html_seiten == "eine", lauf.p.wurzel)
            fassung = html.rendern(lauf.v.bericht, lauf.daten, vorlage, lauf.arbeit / "html")
        # defects of berichtsgen, not of the editor's content: every way in was refused before
        for befund, maengel, hinweis in (
            ("enthielte Ausführbares", ausfuehrbares(fassung.ordner), "Sie wird nicht geschrieben. "),
            ("ist nicht barrierefrei", html_pruefen(fassung.ordner), ""),
        ):
            if maengel:
                weitere = f" (und {len(maengel) - 1} weitere)" if len(maengel) > 1 else ""
                raise ExportFehler(
                    f"Die HTML-Fassung {befund}: {maengel[0]}{weitere}",
                    None,
                    hinweis + "Bitte melden Sie diesen Fehler mit dem Projekt.",
                )
        lauf.melde(f"HTML-Fassung erstellt: {len(fassung.seiten)} Seiten")
        lauf.uhr.runde("html")
        return [Ausgabe(fassung.ordner, lauf.p.ausgabeordner / html_name(lauf.p), ordner=True)]


class Folien:
    """The committee slide deck; its template was opened (or refused) with the preparation."""

    format = "pptx"

    def erzeugen(self, lauf: Lauf) -> list[Ausgabe]:
        from .darstellung import folien

        pptx = lauf.datei("pptx")
        with schreibend(lauf.p.ausgabeordner):
            deck = folien.rendern(lauf.v.bericht, lauf.daten, lauf.v.folienvorlage, pptx.arbeit)
        lauf.melde(f"Foliensatz erstellt: {deck.folien} Folien")
        lauf.uhr.runde("pptx")
        return [pptx]


def schritte(formate: tuple[str, ...]) -> list[Schritt]:
    """The steps for `formate`, in the order they run: Word first where the PDF needs it."""
    alle: list[Schritt] = [Word(), Pdf(), Html(), Folien()]
    gewuenscht = set(formate) | ({"docx"} if "pdf" in formate else set())
    return [s for s in alle if s.format in gewuenscht]


def ersetzen(ausgaben: list[Ausgabe], p: Projekt, melde: Fortschritt) -> list[Path]:
    """Replace the last good report with what the steps made: files first (Word before PDF), the
    HTML edition's folder last."""
    geschrieben = []
    for a in sorted(ausgaben, key=lambda a: a.ordner):
        with schreibend(a.ziel):
            if a.ordner:
                from .darstellung.html import ersetzen as ordner_ersetzen

                ordner_ersetzen(a.arbeit, a.ziel)
            else:
                os.replace(a.arbeit, a.ziel)
        geschrieben.append(a.ziel)
        melde(f"Geschrieben: {p.relativ(a.ziel)}" + ("/index.html" if a.ordner else ""))
    return geschrieben
