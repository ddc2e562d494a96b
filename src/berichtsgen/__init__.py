"""berichtsgen: Markdown, data and a Word template → an official report as DOCX and accessible PDF.

The public API is what this module exports; everything in its sub-packages is internal.

Build and check a report year::

    import berichtsgen

    ergebnis = berichtsgen.build(2019, projekt=".")      # BauErgebnis: .dateien, .zeiten, .seiten
    pruefung = berichtsgen.check(2019, projekt=".")      # PruefErgebnis: .befunde, .datenbericht

Build one report per row of the project's parameter list (one per Stadtteil), on any
`concurrent.futures.Executor` (default: a process pool over the cores)::

    serie = berichtsgen.build_many(2023, projekt=".")   # Serienergebnis: .berichte, .zusammenfassung()

Take a department's Word contribution in as a chapter (findings in `.befunde`, a protocol under
`beitraege/JAHR/KAPITEL/`)::

    beitrag = berichtsgen.import_docx(2025, "beitrag-fb50.docx", "04-soziales", projekt=".")

Send chapters to a department for review (a Word file with the report's numbers, tracked changes
on, and a sidecar under `beitraege/JAHR/durchsicht/` that maps it back to the Markdown)::

    durchsicht = berichtsgen.review(2025, ["04-soziales"], projekt=".", an="FB 50")

Take the returned copy back: the diff, what was not carried (edited numbers, computed tables,
conflicts) and the comments; the Markdown is written only with `schreiben=True`::

    rueck = berichtsgen.merge(2025, "ruecklauf-fb50.docx", projekt=".", schreiben=True)

Build many reports with one LibreOffice kept warm::

    with berichtsgen.LibreOfficeExport() as pdf:
        for jahr in (2019, 2020):
            berichtsgen.build(jahr, projekt=".", export=pdf)

A project's Python files register their tables, charts and values with `tabelle`, `diagramm`
and `wert`; the functions receive a `Kontext`. Every mistake in a project raises a
`BerichtsgenFehler` (or a subclass) with a German one-line message (`.zeile()`), a place
(`.ort`) and a hint (`.hinweis`).

Names are imported on first use, so `import berichtsgen` (and `berichtsgen --help`) does not
load pandas or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bau import BauErgebnis, Durchsicht, PruefErgebnis, build, check, review
    from .beitrag import Import, Kapitelstand, import_docx, status
    from .berechnung.format import datum, prozent, prozentpunkte, veraenderung, veraenderung_prozent, zahl
    from .berechnung.kontext import Kontext
    from .berechnung.register import Summe, diagramm, tabelle, wert
    from .berechnung.statistik import Wert
    from .berechnung.zeitreihen import vergleich
    from .export import ExportErgebnis, FakeExport, LibreOfficeExport, PdfExport, Verzeichnis
    from .fehler import (
        AusgabeFehler,
        Befund,
        BerichtsgenFehler,
        DatenFehler,
        EinstellungsFehler,
        ExportFehler,
        InhaltsFehler,
        Ort,
        PruefFehler,
        VorlagenFehler,
    )
    from .projekt import Parameter
    from .ruecklauf import Zusammenfuehrung, merge
    from .serie import Einzelbericht, Serienergebnis, build_many

_WOHER = {
    # the two verbs and their results
    "build": ".bau",
    "check": ".bau",
    "BauErgebnis": ".bau",
    "PruefErgebnis": ".bau",
    "review": ".bau",
    "Durchsicht": ".bau",
    # a series: one report per parameter row
    "build_many": ".serie",
    "Serienergebnis": ".serie",
    "Einzelbericht": ".serie",
    "Parameter": ".projekt",
    # the contributions round: a department's Word file in
    "import_docx": ".beitrag",
    "Import": ".beitrag",
    "status": ".beitrag",
    "Kapitelstand": ".beitrag",
    # ... and a review copy back
    "merge": ".ruecklauf",
    "Zusammenfuehrung": ".ruecklauf",
    # findings and errors
    "Befund": ".fehler",
    "Ort": ".fehler",
    "BerichtsgenFehler": ".fehler",
    "InhaltsFehler": ".fehler",
    "DatenFehler": ".fehler",
    "VorlagenFehler": ".fehler",
    "EinstellungsFehler": ".fehler",
    "ExportFehler": ".fehler",
    "AusgabeFehler": ".fehler",
    "PruefFehler": ".fehler",
    # the PDF exporter
    "PdfExport": ".export",
    "LibreOfficeExport": ".export",
    "FakeExport": ".export",
    "ExportErgebnis": ".export",
    "Verzeichnis": ".export",
    # what a project's Python files use
    "tabelle": ".berechnung.register",
    "diagramm": ".berechnung.register",
    "wert": ".berechnung.register",
    "Summe": ".berechnung.register",
    "Wert": ".berechnung.statistik",
    "Kontext": ".berechnung.kontext",
    "vergleich": ".berechnung.zeitreihen",
    "zahl": ".berechnung.format",
    "prozent": ".berechnung.format",
    "prozentpunkte": ".berechnung.format",
    "veraenderung": ".berechnung.format",
    "veraenderung_prozent": ".berechnung.format",
    "datum": ".berechnung.format",
}

__all__ = [
    "Wert",
    "Durchsicht",
    "review",
    "Import",
    "import_docx",
    "Kapitelstand",
    "status",
    "merge",
    "Zusammenfuehrung",
    "AusgabeFehler",
    "BauErgebnis",
    "Befund",
    "Einzelbericht",
    "BerichtsgenFehler",
    "DatenFehler",
    "EinstellungsFehler",
    "ExportErgebnis",
    "ExportFehler",
    "FakeExport",
    "InhaltsFehler",
    "Kontext",
    "LibreOfficeExport",
    "Ort",
    "Parameter",
    "PdfExport",
    "PruefErgebnis",
    "PruefFehler",
    "Serienergebnis",
    "Summe",
    "Verzeichnis",
    "VorlagenFehler",
    "build",
    "build_many",
    "check",
    "datum",
    "diagramm",
    "prozent",
    "prozentpunkte",
    "tabelle",
    "veraenderung",
    "veraenderung_prozent",
    "vergleich",
    "wert",
    "zahl",
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562); the version is read from the
    installed package's metadata only when asked for (importlib.metadata takes 0,1 s to import)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            wert = version("berichtsgen")
        except PackageNotFoundError:  # running from a source tree without installation
            wert = "0+unbekannt"
        globals()[name] = wert
        return wert
    modul = _WOHER.get(name)
    if modul is None:
        raise AttributeError(f"module 'berichtsgen' has no attribute {name!r}")
    wert = getattr(importlib.import_module(modul, __name__), name)
    globals()[name] = wert
    return wert


def __dir__() -> list[str]:
    return sorted(__all__)
