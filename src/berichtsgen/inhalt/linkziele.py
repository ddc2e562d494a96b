"""Where a link of the text leads, and whether the file it names may be published.

A link leads to a web address (https://, mailto:) or to a file inside the project. The HTML
edition copies such files into its folder on the city's website, so only types a browser shows
or downloads without running anything are allowed (`ERLAUBT`), and a file's first bytes must
match its type: `anlage.pdf` that is really a web page is refused as well. SVG and HTML can
carry script and are refused; the hint names PNG or PDF instead.

`check` (rule link-kaputt) and the HTML edition use the same function, so the build refuses with
the same line `check` prints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..fehler import InhaltsFehler, Ort
from .modell import Block, EinfacheTabelle, FussnotenVerweis, Kapitel, Link, alle_bloecke

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # Office and OpenDocument files are ZIP packages
_TEXT = ()  # checked for markup instead (`_wie_markup`)

ERLAUBT: dict[str, tuple[bytes, ...]] = {
    ".pdf": _PDF,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".zip": _ZIP,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".csv": _TEXT,
    ".txt": _TEXT,
}
"""The file types a link may lead to, with the bytes such a file begins with (text: none)."""

ERLAUBT_TEXT = "PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, ZIP, PNG, JPG, GIF, CSV oder TXT"

_ART = {".pdf": "PDF", ".zip": "ZIP-Archiv", ".png": "PNG-Bild", ".jpg": "JPEG-Bild", ".jpeg": "JPEG-Bild"}
_KOPF = 1445
"""How many bytes browsers look at to guess a file's type (WHATWG MIME Sniffing)."""
_MARKUP = re.compile(rb"<(?:!doctype|\?xml|html|head|body|script|svg|iframe|object|embed)", re.I)


AKTIV = {"javascript", "vbscript", "data", "file", "blob", "filesystem"}
"""Link schemes that run script or open something on the reader's computer."""


def _kurz(ziel: str) -> str:
    return ziel if len(ziel) <= 60 else ziel[:59] + "…"


def webadresse(ziel: str) -> bool:
    """True for a link to the web or an e-mail address (not a file of the project)."""
    return bool(re.match(r"^(https?|mailto):", ziel.strip(), re.I))


def projektdatei(ziel: str, kapiteldatei: Path, wurzel: Path, ort: Ort | None = None) -> tuple[Path, str]:
    """Return the file of the project a link `ziel` (written in `kapiteldatei`) leads to, and its
    anchor ("" without one); raise `InhaltsFehler` at `ort` if it leads nowhere, outside the
    project, to a folder, or to a file that must not be published.

    The target is percent-decoded once (Markdown encodes "Übersicht 2024.pdf" as
    "%C3%9Cbersicht%202024.pdf"), then it must lie inside the project."""
    teile = urlsplit(ziel.strip())
    pfad_text = unquote(teile.path)
    ziel = anzeige(ziel.strip())
    keine = InhaltsFehler(
        f"Link „{ziel}“ führt zu keiner Datei im Projekt.",
        ort,
        "Verlinken Sie Webadressen mit https:// oder prüfen Sie den Pfad.",
    )
    if teile.scheme.lower() in AKTIV:
        raise InhaltsFehler(
            f"Link „{_kurz(ziel)}“ würde beim Anklicken ein Skript ausführen oder eine Datei auf dem Rechner "
            "des Lesers öffnen.",
            ort,
            "Verlinken lassen sich Webadressen (https://, mailto:) und Dateien im Projekt.",
        )
    if teile.scheme or teile.netloc or not pfad_text or re.search(r"[\x00-\x1f\x7f]", pfad_text):
        raise keine
    try:
        pfad = (kapiteldatei.parent / pfad_text).resolve()
        innen = pfad.is_relative_to(wurzel.resolve()) and pfad.exists()
    except (OSError, RuntimeError, ValueError):  # a name too long, a loop of links
        raise keine from None
    if not innen:
        if pfad.exists() and (kapiteldatei.parent / pfad_text).is_symlink():
            raise InhaltsFehler(
                f"Link „{ziel}“ ist eine Verknüpfung, die aus dem Projekt hinausführt.",
                ort,
                "Kopieren Sie die Datei in den Projektordner; was veröffentlicht wird, liegt im Projekt.",
            )
        if pfad.exists():
            raise InhaltsFehler(
                f"Link „{ziel}“ führt zu einer Datei außerhalb des Projekts.",
                ort,
                "Kopieren Sie die Datei in den Projektordner; was veröffentlicht wird, liegt im Projekt.",
            )
        raise keine
    if pfad.is_dir():
        raise InhaltsFehler(
            f"Link „{ziel}“ führt zu einem Ordner; verlinken lassen sich nur Dateien.",
            ort,
            "Verlinken Sie eine Datei darin, oder packen Sie den Ordner als ZIP-Datei und verlinken Sie diese.",
        )
    if not pfad.is_file():
        raise keine
    problem = art_pruefen(pfad)
    if problem:
        meldung, hinweis = problem
        raise InhaltsFehler(f"Link „{ziel}“: {meldung}", ort, hinweis)
    return pfad, teile.fragment


def anzeige(ziel: str) -> str:
    """The target as the editor named the file ("Übersicht 2024.pdf"); still encoded if decoding
    gives control or direction characters, which must not reach the message line."""
    entschluesselt = unquote(ziel)
    if any(unicodedata.category(z) in ("Cc", "Cf") for z in entschluesselt):
        return ziel
    return entschluesselt


def art_pruefen(datei: Path) -> tuple[str, str] | None:
    """Why the file `datei` must not be published (message, hint), or None if its type is inert
    and its first bytes match that type."""
    endung = datei.suffix.lower()
    if endung not in ERLAUBT:
        art = f"vom Typ „{datei.suffix}“" if datei.suffix else "ohne Endung"
        grund = (
            "; sie können im Browser Skripte ausführen"
            if endung in (".svg", ".svgz", ".html", ".htm", ".xhtml", ".xml", ".js", ".mjs")
            else ""
        )
        return (
            f"Dateien {art} werden nicht veröffentlicht{grund}.",
            "Verlinken Sie ein Bild als PNG oder PDF."
            if endung in (".svg", ".svgz")
            else f"Verlinken Sie die Datei als {ERLAUBT_TEXT}.",
        )
    try:
        with datei.open("rb") as f:
            kopf = f.read(_KOPF)
    except OSError:
        return ("die Datei lässt sich nicht lesen.", "Prüfen Sie die Leserechte der Datei.")
    anfaenge = ERLAUBT[endung]
    if anfaenge and not kopf.startswith(anfaenge):
        art = _ART.get(endung, f"{endung[1:].upper()}-Datei")
        return (
            f"die Datei endet auf „{datei.suffix}“, ihr Inhalt ist aber kein {art}.",
            f"Speichern Sie sie als {art} oder geben Sie ihr die Endung ihres Typs.",
        )
    if not anfaenge and _wie_markup(kopf):
        return (
            "die Datei beginnt wie eine Webseite (HTML oder SVG) und könnte im Browser Skripte ausführen.",
            "Verlinken Sie den Inhalt als PDF, oder entfernen Sie die spitzen Klammern am Anfang.",
        )
    return None


def _wie_markup(kopf: bytes) -> bool:
    """True if a text file's first bytes would make a browser take it for HTML or SVG."""
    if kopf.startswith((b"\xff\xfe", b"\xfe\xff")):
        kopf = kopf.decode("utf-16", "ignore").encode("utf-8")
    kopf = kopf.removeprefix(b"\xef\xbb\xbf")
    return kopf.lstrip().startswith(b"<") or bool(_MARKUP.search(kopf))


def links(kapitel: Kapitel) -> Iterator[tuple[Link, Ort]]:
    """Every link of chapter `k` – in paragraphs, headings, lists, table cells, terms and
    footnotes – once, with the place it was written (its own line where known)."""
    gesehen: set[int] = set()
    bloecke: list[Block] = list(alle_bloecke(kapitel.bloecke))
    for b in bloecke:  # grows by the blocks of each footnote when its first mark is met
        for inhalt in inline_listen(b):
            for teil in inhalt:
                if id(teil) in gesehen:
                    continue
                if isinstance(teil, FussnotenVerweis) and id(teil.inhalt) not in gesehen:
                    gesehen.add(id(teil.inhalt))
                    bloecke += alle_bloecke(teil.inhalt)
                elif isinstance(teil, Link):
                    gesehen.add(id(teil))
                    yield teil, teil.ort or getattr(b, "ort", None) or Ort(kapitel.datei)


def inline_listen(b: Block) -> list[list]:
    """The runs of inline content of block `b` (a paragraph's text, a table's cells, …)."""
    if isinstance(b, EinfacheTabelle):
        return [*b.kopf, *(z for zeile in b.zeilen for z in zeile)]
    inhalt = getattr(b, "inhalt", None)
    if isinstance(inhalt, list):
        return [inhalt]
    eintraege = getattr(b, "eintraege", None)
    if eintraege and isinstance(eintraege[0], tuple):  # definition list: the terms
        return [begriff for begriff, _erklaerung in eintraege]
    return []
