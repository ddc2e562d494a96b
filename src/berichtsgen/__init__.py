"""berichtsgen: Markdown, data and a Word template → an official report as DOCX and accessible PDF.

Public API:

- `build(jahr, projekt=".")` builds a report year and returns the files written.
- `tabelle`, `diagramm`, `wert` register a project's functions; `Summe` declares a sum check.
- `Kontext` is what those functions receive; `BerichtsgenFehler` is the base of all user errors.
"""

from importlib.metadata import PackageNotFoundError, version

from .bau import BauErgebnis, bauen, build
from .berechnung import Kontext, Summe, diagramm, tabelle, wert
from .berechnung.format import datum, prozent, prozentpunkte, veraenderung, veraenderung_prozent, zahl
from .berechnung.zeitreihen import vergleich
from .fehler import BerichtsgenFehler, Ort

try:
    __version__ = version("berichtsgen")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unbekannt"

__all__ = [
    "BauErgebnis",
    "BerichtsgenFehler",
    "Kontext",
    "Ort",
    "Summe",
    "bauen",
    "build",
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
