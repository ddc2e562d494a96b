"""Document model → an accessible HTML edition (a folder of static pages, no JavaScript).

Like the Word renderer it gets the report with every number and cross-reference resolved; it
decides only where things go: one page per chapter and a start page with the title data and the
table of contents (or everything on one page). The markup comes from the Jinja templates in
`vorlagen/html/` (autoescaped); this module prepares what they show: pages, anchors, links,
abbreviations, colours checked for contrast.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from ...fehler import AusgabeFehler, InhaltsFehler, Ort
from ...inhalt import linkziele
from ...inhalt.arten import Ausgelassen, art
from ...inhalt.modell import (
    ABBILDUNG,
    NACHDRUCK,
    TABELLE,
    Absatz,
    Bericht,
    Berichtsdaten,
    Bild,
    Codeblock,
    Definitionsliste,
    DiagrammPlatz,
    EinfacheTabelle,
    FussnotenVerweis,
    Kapitel,
    Link,
    Liste,
    Nummer,
    Seitenumbruch,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Umbruch,
    Verweis,
    Zitat,
    alle_bloecke,
)
from ...kontrast import MINDESTKONTRAST_TEXT, kontrast
from ...projekt import GERAETENAMEN, kurzname

VORLAGEN = Path(__file__).resolve().parents[2] / "vorlagen" / "html"
TEXTFARBE = "#1A1A1A"


@dataclass
class Seite:
    """One HTML page: the start page or a chapter."""

    datei: str
    titel: str
    kapitel: list[Kapitel] = field(default_factory=list)
    vorige: Seite | None = None
    naechste: Seite | None = None


@dataclass
class Verzeichniseintrag:
    """A line of the table of contents or a list of figures or tables."""

    text: str
    ziel: str
    ebene: int = 1


@dataclass
class HtmlAusgabe:
    """What was written: the folder and its pages in reading order."""

    ordner: Path
    seiten: list[str]


@dataclass(frozen=True)
class Webvorlage:
    """What the web edition is laid out with: the template's colours and body font, one page for
    the whole report or one per chapter, and the project folder (files the text links to are
    copied from there)."""

    farben: tuple[str, ...] = ()
    schrift: str = ""
    eine_seite: bool = False
    wurzel: Path | None = None


def rendern(bericht: Bericht, daten: Berichtsdaten, vorlage: Webvorlage, ziel: Path) -> HtmlAusgabe:
    """Write the HTML edition of `bericht` into the folder `ziel` (created, must not exist).

    Files of the project the text links to (`vorlage.wurzel`: the project folder) are copied
    along into `dateien/`, so that the folder can be published as it is."""
    farben, schrift, eine_seite, wurzel = vorlage.farben, vorlage.schrift, vorlage.eine_seite, vorlage.wurzel
    ziel.mkdir(parents=True)
    (ziel / "bilder").mkdir()
    seiten = _seiten(bericht, eine_seite)
    verweis = _verweisziele(seiten)
    notenanker: dict[int, str] = {}
    noten = {id(kapitel): _fussnoten(kapitel, notenanker) for kapitel in bericht.kapitel()}
    abbildungen, tabellen = _verzeichnisse(bericht, verweis)
    bausteine = {b for b, _k in bericht.bausteine}
    gemeinsam = {
        "d": daten,
        "sprache": (daten.sprache or "de-DE").split("-")[0],
        "inhalt": _inhaltsverzeichnis(seiten),
        "abbildungen": abbildungen,
        "tabellen": tabellen,
        "eine_seite": eine_seite,
        "notenanker": notenanker,
        "bilder": _bilder(bericht, ziel / "bilder"),
        "verweis": verweis,
        "linkziele": _dateien(bericht, ziel / "dateien", wurzel),
        "abkuerzungen": _abkuerzungsmuster(bericht.abkuerzungen),
        "abk_lang": bericht.abkuerzungen,
        "stiller_titel": _stille_titel(bericht),
        "verzeichnis_zeigen": "inhaltsverzeichnis" in bausteine or not eine_seite,
        "abbildungsverzeichnis": "abbildungsverzeichnis" in bausteine,
        "tabellenverzeichnis": "tabellenverzeichnis" in bausteine,
        "impressum": daten.impressum() if "impressum" in bausteine else [],
        "nachdruck": NACHDRUCK,
    }
    umgebung = _umgebung()
    vorlage = umgebung.get_template("seite.html.j2")
    for seite in seiten:
        fussnoten = [f for kapitel in seite.kapitel for f in noten[id(kapitel)]]
        (ziel / seite.datei).write_text(
            vorlage.render(gemeinsam, seite=seite, fussnoten=fussnoten), encoding="utf-8"
        )
    (ziel / "stil.css").write_text(
        umgebung.get_template("stil.css.j2").render(stil=_stil(farben, schrift)), encoding="utf-8"
    )
    return HtmlAusgabe(ziel, [s.datei for s in seiten])


def ersetzen(neu: Path, ziel: Path) -> None:
    """Put the folder `neu` in place of `ziel`: the old edition is moved aside (next to `neu`, in
    the build's work folder, which goes with it) and removed only after the new one stands, so a
    reader never finds half of each; if the new one cannot be put in place the old one goes back.
    `ziel` must not be a symbolic link (`ziel_pruefen`)."""
    ziel_pruefen(ziel)
    _entfernen(ziel.with_name(f".{ziel.name}-alt"))  # where earlier versions moved it aside
    alt = neu.with_name(f"{neu.name}-alt")
    vorher = ziel.exists()
    if vorher:
        ziel.rename(alt)
    try:
        neu.rename(ziel)
    except OSError:
        if vorher:
            alt.rename(ziel)
        raise
    _entfernen(alt)


def ziel_pruefen(ziel: Path) -> None:
    """Refuse an output folder `ziel` that is a symbolic link: berichtsgen neither writes
    through it (into a folder elsewhere, perhaps the web server's) nor silently replaces it."""
    if ziel.is_symlink():
        raise AusgabeFehler(
            "Der Ordner der HTML-Fassung ist eine Verknüpfung (symbolischer Link); berichtsgen schreibt "
            "nicht durch sie hindurch.",
            Ort(ziel),
            "Entfernen Sie die Verknüpfung (die Fassung entsteht dann an ihrer Stelle) und kopieren Sie "
            "den Ordner nach dem Bau an sein Ziel, z. B. mit rsync.",
        )


def _entfernen(pfad: Path) -> None:
    """Remove the file, folder or link at `pfad` as far as possible (a link, never what it points
    to); what stays is left for the work folder's cleanup or is harmless."""
    try:
        if pfad.is_symlink() or pfad.is_file():
            pfad.unlink()
        elif pfad.is_dir():
            shutil.rmtree(pfad, ignore_errors=True)
    except OSError:
        pass


# --- pages and anchors ----------------------------------------------------------------------


def _dateiname(nummer: int, titel: str) -> str:
    """ "03-handlungsfeld-a-sprache.html": a number for the order, the title for the reader."""
    return f"{nummer:02d}-{kurzname(titel) or 'kapitel'}.html"


def _seiten(bericht: Bericht, eine_seite: bool) -> list[Seite]:
    start = Seite("index.html", "Startseite")
    kapitel = list(bericht.kapitel())
    if eine_seite:
        start.kapitel = kapitel
        return [start]
    seiten = [start] + [Seite(_dateiname(i, k.titel), k.titel, [k]) for i, k in enumerate(kapitel, start=1)]
    for vorige, naechste in zip(seiten, seiten[1:], strict=False):
        vorige.naechste, naechste.vorige = naechste, vorige
    return seiten


def _stille_titel(bericht: Bericht) -> dict[int, str]:
    """A caption for screen readers for each table without a title: the heading above it."""
    titel: dict[int, str] = {}
    for kapitel in bericht.kapitel():
        zuletzt = kapitel.titel
        for b in alle_bloecke(kapitel.bloecke):
            if isinstance(b, Ueberschrift):
                zuletzt = b.text
            elif isinstance(b, EinfacheTabelle) and b.nummer is None:
                titel[id(b)] = zuletzt
    return titel


def _verweisziele(seiten: list[Seite]) -> dict[str, str]:
    """The link of every numbered table and figure ("04-handlungsfeld-a.html#_RefTabelle3")."""
    ziele: dict[str, str] = {}
    for seite in seiten:
        for kapitel in seite.kapitel:
            for b in alle_bloecke(kapitel.bloecke):
                nummer = getattr(b, "nummer", None)
                if isinstance(nummer, Nummer):
                    ziele[nummer.lesezeichen] = f"{seite.datei}#{nummer.lesezeichen}"
    return ziele


def _inhaltsverzeichnis(seiten: list[Seite]) -> list[Verzeichniseintrag]:
    eintraege = []
    for seite in seiten:
        for kapitel in seite.kapitel:
            for b in kapitel.bloecke:
                if isinstance(b, Ueberschrift) and b.ebene <= 2:
                    eintraege.append(Verzeichniseintrag(b.text, f"{seite.datei}#{b.anker}", b.ebene))
    return eintraege


def _verzeichnisse(
    bericht: Bericht, ziele: dict[str, str]
) -> tuple[list[Verzeichniseintrag], list[Verzeichniseintrag]]:
    """The lists of figures and tables: "Abbildung 3: Titel" with its link (`ziele`: by anchor)."""
    listen: dict[str, list[Verzeichniseintrag]] = {ABBILDUNG: [], TABELLE: []}
    for kapitel in bericht.kapitel():
        for b in alle_bloecke(kapitel.bloecke):
            nummer, beschriftung = _nummer_und_beschriftung(b)
            if nummer is not None and beschriftung is not None:
                eintrag = Verzeichniseintrag(
                    f"{nummer.text}: {beschriftung.titel}", ziele[nummer.lesezeichen]
                )
                listen[nummer.art].append(eintrag)
    return listen[ABBILDUNG], listen[TABELLE]


def _nummer_und_beschriftung(b: Any):
    if isinstance(b, (TabellenPlatz, DiagrammPlatz, Bild)) and b.ergebnis is not None:
        return b.nummer, b.ergebnis.beschriftung
    if isinstance(b, EinfacheTabelle):
        return b.nummer, b.beschriftung
    return None, None


def _bilder(bericht: Bericht, ordner: Path) -> dict[int, dict]:
    """Write every chart and picture as PNG; return its file, size and alt text by block id."""
    bilder: dict[int, dict] = {}
    for kapitel in bericht.kapitel():
        for b in alle_bloecke(kapitel.bloecke):
            if isinstance(b, (DiagrammPlatz, Bild)) and b.ergebnis is not None and b.nummer is not None:
                name = f"{b.nummer.art.lower()}-{b.nummer.praefix.rstrip('.').lower()}{b.nummer.nummer}.png"
                (ordner / name).write_bytes(b.ergebnis.png)
                bilder[id(b)] = {
                    "src": f"bilder/{name}",
                    "alt": b.ergebnis.alt,
                    # CSS px at 96 dpi, as printed in the Word file
                    "breite": round(b.ergebnis.breite_cm / 2.54 * 96),
                    "hoehe": round(b.ergebnis.hoehe_cm / 2.54 * 96),
                }
    return bilder


def _dateien(bericht: Bericht, ordner: Path, wurzel: Path | None) -> dict[int, str]:
    """Copy the project files that links (in the text, its tables and footnotes) point to into
    `ordner`; return each link's new address by the link's id.

    Only files `check` lets through are copied (`linkziele.projektdatei`, raising the same
    error); each gets a name of its own that does not depend on the folder it came from:
    "anlage.pdf", another "anlage.pdf" from elsewhere "anlage-2.pdf"."""
    ziele: dict[int, str] = {}
    kopiert: dict[Path, str] = {}
    vergeben: set[str] = set()  # case-folded: the web server may not tell "A.pdf" from "a.pdf"
    for kapitel in bericht.kapitel():
        for link, ort in linkziele.links(kapitel):
            if wurzel is None or linkziele.webadresse(link.ziel):
                continue
            pfad, anker = linkziele.projektdatei(link.ziel, kapitel.datei, wurzel, ort)
            if pfad not in kopiert:
                name = _freier_name(pfad, vergeben)
                ordner.mkdir(exist_ok=True)
                shutil.copyfile(pfad, ordner / name)
                problem = linkziele.art_pruefen(ordner / name)  # what is published, not what was checked
                if problem:
                    raise InhaltsFehler(
                        f"Link „{linkziele.anzeige(link.ziel)}“: {problem[0]}", ort, problem[1]
                    )
                kopiert[pfad] = f"{ordner.name}/{quote(name)}"
            ziele[id(link)] = kopiert[pfad] + (f"#{anker}" if anker else "")
    return ziele


def _freier_name(pfad: Path, vergeben: set[str]) -> str:
    """A name for `pfad` in `dateien/` not yet `vergeben` (which it joins): its own, with dots
    inside the stem made dashes ("bericht.php.pdf" would run as a script on some servers), then
    "-2", "-3" … before the ending. Names differing only in case or Unicode normalisation count
    as one: the web server may not tell them apart. Invisible formatting characters go, Windows'
    device names ("CON") get "-datei"."""
    stamm = re.sub(r"[.\x00-\x1f\x7f/\\]", "-", unicodedata.normalize("NFC", pfad.stem)).strip("-")
    stamm = "".join(z for z in stamm if unicodedata.category(z) != "Cf")  # no U+202E in a name
    stamm = stamm.encode()[:200].decode(errors="ignore") or "datei"  # room for "-2" within 255 bytes
    if GERAETENAMEN.fullmatch(stamm):  # "CON.pdf" cannot be copied to a Windows share
        stamm += "-datei"
    endung = pfad.suffix.lower()
    name, n = f"{stamm}{endung}", 1
    while name.casefold() in vergeben:
        n += 1
        name = f"{stamm}-{n}{endung}"
    vergeben.add(name.casefold())
    return name


def _fussnoten(kapitel: Kapitel, anker: dict[int, str]) -> list[FussnotenVerweis]:
    """The footnotes of a chapter in order (they become endnotes of its page), each once.

    A footnote referred to again (`[^1]` twice) is listed once; each mark gets an id of its own in
    `anker` (by the mark's identity): "fnref-1", then "fnref-1-2", so that ids stay unique.
    """
    noten: dict[int, FussnotenVerweis] = {}
    gesehen: dict[int, int] = {}

    def sammeln(inhalt: list) -> None:
        for teil in inhalt:
            if isinstance(teil, FussnotenVerweis):
                noten.setdefault(teil.nummer, teil)
                gesehen[teil.nummer] = gesehen.get(teil.nummer, 0) + 1
                n = gesehen[teil.nummer]
                anker[id(teil)] = f"fnref-{teil.nummer}" + (f"-{n}" if n > 1 else "")

    for b in alle_bloecke(kapitel.bloecke):
        for inhalt in linkziele.inline_listen(b):
            sammeln(inhalt)
    return list(noten.values())


# --- text -----------------------------------------------------------------------------------


def _abkuerzungsmuster(abkuerzungen: dict[str, str]) -> re.Pattern | None:
    """One pattern for every abbreviation the report lists, longest first (as `abkuerzungen` finds them)."""
    if not abkuerzungen:
        return None
    kurz = "|".join(re.escape(k) for k in sorted(abkuerzungen, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){'(?:' + kurz + ')'}(?![\w])")


def _teile(text: str, muster: re.Pattern | None) -> list[tuple[str, bool]]:
    """Split running text into (text, is abbreviation) pieces for `<abbr>`."""
    if muster is None:
        return [(text, False)]
    teile, ende = [], 0
    for treffer in muster.finditer(text):
        if treffer.start() > ende:
            teile.append((text[ende : treffer.start()], False))
        teile.append((treffer.group(0), True))
        ende = treffer.end()
    if ende < len(text):
        teile.append((text[ende:], False))
    return teile


BLOECKE: dict[type, str] = {
    Ueberschrift: "ueberschrift",
    Absatz: "absatz",
    Liste: "liste",
    Zitat: "zitat",
    Definitionsliste: "definitionsliste",
    Codeblock: "codeblock",
    EinfacheTabelle: "einfache_tabelle",
    TabellenPlatz: "tabelle",  # the Maßnahmenübersicht too
    DiagrammPlatz: "abbildung",  # the status chart too
    Bild: "abbildung",
    Seitenumbruch: Ausgelassen("Eine Webseite hat keine Seiten."),
}
"""The branch of the template's `block` macro for each kind of block (subclasses included)."""

INLINE: dict[type, str] = {
    Text: "text",
    Link: "link",
    Verweis: "verweis",
    FussnotenVerweis: "fussnotenverweis",
    Umbruch: "umbruch",
}
"""The branch of the template's `inline` macro for each kind of inline content."""


def _art(objekt: object) -> str:
    """The template branch of a block or inline element ("ausgelassen" for a kind left out)."""
    zweig = art(INLINE if isinstance(objekt, tuple(INLINE)) else BLOECKE, objekt)
    return "ausgelassen" if isinstance(zweig, Ausgelassen) else zweig


def _unbekannt(b: object) -> str:
    """A placement without its result, or a kind `BLOECKE` names that the template has no branch
    for: a defect of berichtsgen, never a silent gap in the web edition."""
    art = type(b).__name__
    if hasattr(b, "ergebnis"):
        raise TypeError(f"HTML: {art} ohne berechnetes Ergebnis")
    raise TypeError(f"HTML kennt die Art {art} nicht")


def _umgebung() -> jinja2.Environment:
    umgebung = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(VORLAGEN)),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    umgebung.filters["art"] = _art
    umgebung.filters["kennung"] = id  # the key of a block in the lookups this module prepares
    laufend: dict[int, int] = {}  # an element id for a block without a number: counted as first met
    umgebung.filters["laufende_nummer"] = lambda b: laufend.setdefault(id(b), len(laufend) + 1)
    umgebung.globals["teile"] = _teile
    umgebung.globals["unbekannt"] = _unbekannt
    return umgebung


# --- style ----------------------------------------------------------------------------------


def _dunkler(farbe: str, faktor: float) -> str:
    r, g, b = (int(farbe.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#{:02X}{:02X}{:02X}".format(*(round(c * faktor) for c in (r, g, b)))


def akzent(farben: tuple[str, ...]) -> str:
    """The first corporate colour, darkened until text in it reaches 4.5:1 on white."""
    farbe = farben[0] if farben else "#005A9C"
    faktor = 1.0
    while kontrast(_dunkler(farbe, faktor)) < MINDESTKONTRAST_TEXT and faktor > 0:
        faktor -= 0.05
    return _dunkler(farbe, max(faktor, 0.0))


def _stil(farben: tuple[str, ...], schrift: str) -> dict[str, str]:
    familie = ", ".join(
        f'"{s}"' for s in dict.fromkeys(s for s in (schrift, "Liberation Sans", "Arial") if s)
    )
    return {
        "akzent": akzent(farben),
        "text": TEXTFARBE,
        "schrift": f"{familie}, sans-serif",
    }
