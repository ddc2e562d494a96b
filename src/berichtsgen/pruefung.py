"""Rules a report must meet before it is published: accessibility and completeness.

Each rule is a small function that yields findings for one block (`BLOCKREGELN`) or for the whole
report (`BERICHTSREGELN`). A rule states its usual severity; the caller applies the settings
(`barrierefreiheit = "warnung"` turns the accessibility rules into warnings). `berichtsgen check`
prints every finding; `build` runs the same rules first and stops on errors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .fehler import Befund, InhaltsFehler, Ort
from .inhalt import linkziele
from .inhalt.markdown import fliesstext
from .inhalt.modell import (
    Bericht,
    Bild,
    Block,
    DiagrammPlatz,
    EinfacheTabelle,
    Kapitel,
    TabellenPlatz,
    Ueberschrift,
    alle_bloecke,
)
from .kontrast import MINDESTKONTRAST_TEXT, kontrast

MINDESTKONTRAST_GROSS = 3.0
"""WCAG 1.4.3 for large text: at least 18 pt, or 14 pt bold."""
BARRIEREFREIHEIT = {"ueberschrift-uebersprungen", "alt-wiederholt-titel", "kontrast", "bild-ohne-alt"}
"""Rules whose errors become warnings with `barrierefreiheit = "warnung"`."""


@dataclass(frozen=True)
class Umfeld:
    """What rules may look at besides the blocks."""

    wurzel: Path
    """The project folder (links must stay inside)."""
    vorlage: Path
    """The Word template."""
    schriftbilder: dict
    """How the text of each style the report uses looks (colour, background, size, weight), by the
    style's name as Word shows it (`darstellung.word.stile.Schriftbild`)."""
    vorlagenbilder_ohne_text: list[str] = field(default_factory=list)
    """Pictures in the template's own text (title page) without alternative text."""
    tabellensatz: Callable[[Block, bool], Any] | None = None
    """Plans a table block's columns for portrait (False) or landscape (True) pages, as the build
    will (`darstellung.spalten.Spaltenplan`); None where the template is not known."""
    tabellenteilung: Callable[[Block], int] | None = None
    """The number of column blocks a computed table too wide for landscape pages is split into."""
    folienflaeche: tuple[float, float] | None = None
    """Width and height in cm a chart may take on a slide of the deck's template; None when no
    deck is made."""
    tabellenbilder: dict = field(default_factory=dict)
    """How the text of report tables looks in each region of their table style, by (table style
    name, region[, character style of links]): header row, bands, first column
    (`Vorlage.tabellenbilder`)."""
    zelltextfarbe: Callable[[int, int], str | None] | None = None
    """The text colour of a table's body cell (row, column), for the shading berichtsgen writes
    itself; None where the template is not known."""
    zellstil: str = "Tabelleninhalt"
    """The name of the paragraph style of table cells, for hints."""


# --- rules on one block ------------------------------------------------------------------------


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def quelle_und_stichtag(b: Block, kapitel: Kapitel, u: Umfeld) -> Iterator[Befund]:
    """Every computed table and chart, and every captioned Markdown table, names its source
    (error) and reference date (warning)."""
    if isinstance(b, EinfacheTabelle) and b.beschriftung is not None:
        art, beschriftung, woher = "Tabelle", b.beschriftung, "Schreiben Sie „:quelle: …“ über die Tabelle."
    elif isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
        art = "Tabelle" if isinstance(b, TabellenPlatz) else "Diagramm"
        beschriftung, woher = (
            b.ergebnis.beschriftung,
            "Geben Sie „:quelle: …“ an oder quelle=… in der Funktion.",
        )
    else:
        return
    if not beschriftung.quelle:
        yield Befund("quelle-fehlt", f"{art} „{b.name}“ hat keine Quelle.", b.ort, woher)
    if not beschriftung.stichtag:
        yield Befund(
            "stichtag-fehlt",
            f"{art} „{b.name}“ hat keinen Stichtag.",
            b.ort,
            "Geben Sie „:stichtag: …“ an oder stichtag=… in der Funktion.",
            "warnung",
        )


ALT_OHNE_INHALT = {
    "",
    "diagramm",
    "abbildung",
    "grafik",
    "säulendiagramm",
    "balkendiagramm",
    "kreisdiagramm",
    "liniendiagramm",
    "punktdiagramm",
}


def alt_wiederholt_titel(b: Block, kapitel: Kapitel, u: Umfeld) -> Iterator[Befund]:
    """A chart's alternative text says more than its title."""
    if not isinstance(b, DiagrammPlatz) or b.ergebnis is None:
        return
    titel = _normal(b.ergebnis.beschriftung.titel)
    if _normal(b.ergebnis.alt).replace(titel, "").strip() in ALT_OHNE_INHALT:
        yield Befund(
            "alt-wiederholt-titel",
            f"Der Alternativtext von „{b.name}“ wiederholt nur den Titel.",
            b.ort,
            "Beschreiben Sie, was das Diagramm zeigt (Werte, Verlauf), oder lassen Sie "
            "alt weg, dann schreibt berichtsgen ihn aus den Daten.",
        )


def _pfad_im_kapitel(pfad: Path, kapitel: Kapitel) -> str:
    """A picture's path as the chapter writes it (relative to the Markdown file)."""
    try:
        return Path(os.path.relpath(pfad, kapitel.datei.parent)).as_posix()
    except ValueError:  # another drive (Windows)
        return pfad.name


def bild_quelle(b: Block, kapitel: Kapitel, u: Umfeld) -> Iterator[Befund]:
    """An image names its source (a warning: a photo may not need one)."""
    if isinstance(b, Bild) and not b.quelle:
        yield Befund(
            "quelle-fehlt",
            f"Bild „{b.pfad.name}“ hat keine Quelle.",
            b.ort,
            f"Setzen Sie es mit ```{{bild}} {_pfad_im_kapitel(b.pfad, kapitel)}``` und „:quelle: …“ "
            "(auch „eigene Aufnahme“).",
            "warnung",
        )


def tabelle_ohne_titel(b: Block, kapitel: Kapitel, u: Umfeld) -> Iterator[Befund]:
    """A data table an editor wrote needs a caption (screen readers announce it; the list of
    tables and cross-references need it too)."""
    if isinstance(b, EinfacheTabelle) and b.beschriftung is None and Path(str(kapitel.datei)).suffix == ".md":
        yield Befund(
            "tabelle-ohne-titel",
            "Die Tabelle hat keine Beschriftung (Titel, Nummer, Quelle).",
            b.ort,
            "Setzen Sie sie in ```{tabelle} name``` mit den Zeilen „:titel: …“ und „:quelle: …“ darüber.",
            "warnung",
        )


def tabellenbreite(b: Block, kapitel: Kapitel, u: Umfeld) -> Iterator[Befund]:
    """A table whose words do not fit the page width at the template's size is named, with the
    way out: landscape pages (the build sets it smaller and breaks long words)."""
    if u.tabellensatz is None or not isinstance(b, (TabellenPlatz, EinfacheTabelle)):
        return
    quer = kapitel.quer or (b.optionen.quer if isinstance(b, TabellenPlatz) else b.quer)
    plan = u.tabellensatz(b, quer)
    if plan is None or not plan.zu_breit:
        return
    name = f"Tabelle „{b.name}“" if b.name else "Die Tabelle"
    if not plan.passt and isinstance(b, TabellenPlatz):
        plan_quer = plan if quer else u.tabellensatz(b, True)
        eigene = "" if quer else " auf einer eigenen Querformatseite"
        if plan_quer is not None and plan_quer.passt:  # the build puts it on a landscape page
            yield Befund(
                "tabelle-zu-breit",
                f"{name} passt selbst in 8 pt nicht ins Hochformat: sie steht{eigene}.",
                b.ort,
                "Setzen Sie „:quer: ja“, um das ausdrücklich zu sagen, oder teilen Sie die Tabelle.",
                "warnung",
            )
            return
        if plan_quer is not None and u.tabellenteilung is not None and (n := u.tabellenteilung(b)) > 1:
            yield Befund(
                "tabelle-zu-breit",
                f"{name} passt selbst in 8 pt nicht ins Querformat: sie steht{eigene} in {n} "
                "Spaltenblöcken, die die Beschriftungsspalten wiederholen.",
                b.ort,
                "Teilen Sie die Tabelle in mehrere, oder kürzen Sie lange Spaltenköpfe.",
                "warnung",
            )
            return
    gesetzt = f"in {plan.halbpunkte / 2:n} pt".replace(".", ",")
    if plan.trennen:
        gesetzt += (
            " und mit getrennten Wörtern" if plan.passt else ", und selbst getrennt passen ihre Wörter nicht"
        )
    hinweis = (
        "Setzen Sie „:quer: ja“, dann steht sie auf Querformatseiten."
        if not quer
        else "Teilen Sie die Tabelle oder kürzen Sie lange Spaltenköpfe."
    )
    yield Befund(
        "tabelle-zu-breit",
        f"{name} ist breiter als die Seite: sie wird {gesetzt} gesetzt.",
        b.ort,
        hinweis,
        "warnung",
    )


def _verhaeltnis(wert: float, noetig: float = MINDESTKONTRAST_TEXT) -> str:
    """A contrast ratio as printed: one decimal, two where one would reach `noetig` (4,49:1, not 4,5:1)."""
    text = f"{wert:.1f}" if round(wert, 1) < noetig else f"{int(wert * 100) / 100:.2f}"
    return text.replace(".", ",")


def zellkontrast(b: Block, kapitel: Kapitel, u: Umfeld) -> Iterator[Befund]:
    """Cell shading berichtsgen writes itself (the Ampel of a status) leaves the cell text legible:
    4.5:1 against the template's cell text colour."""
    if not isinstance(b, TabellenPlatz) or b.ergebnis is None or u.zelltextfarbe is None:
        return
    zu_wenig: dict[tuple[str, str], int] = {}
    for (i, j), fuellung in sorted(b.ergebnis.fuellung.items()):
        farbe = u.zelltextfarbe(i, j)
        if farbe is None or not re.fullmatch(r"[0-9A-Fa-f]{6}", fuellung):
            continue
        if kontrast(farbe, "#" + fuellung) < MINDESTKONTRAST_TEXT:
            paar = (farbe, "#" + fuellung.upper())
            zu_wenig[paar] = zu_wenig.get(paar, 0) + 1
    for (farbe, fuellung), anzahl in zu_wenig.items():
        yield Befund(
            "kontrast",
            f"Tabelle „{b.name}“: Textfarbe {farbe} hat auf der Hinterlegung {fuellung}, die berichtsgen "
            f"setzt ({anzahl} Zelle{'n' if anzahl > 1 else ''}), nur "
            f"{_verhaeltnis(kontrast(farbe, fuellung))}:1 Kontrast; nötig sind 4,5:1.",
            b.ort,
            f"Wählen Sie in Word für die Formatvorlage „{u.zellstil}“ eine dunklere Schriftfarbe.",
        )


BLOCKREGELN: tuple[Callable[[Block, Kapitel, Umfeld], Iterable[Befund]], ...] = (
    quelle_und_stichtag,
    alt_wiederholt_titel,
    bild_quelle,
    tabelle_ohne_titel,
    tabellenbreite,
    zellkontrast,
)

# --- rules on a chapter or the whole report ----------------------------------------------------


def ueberschriften(bericht: Bericht, u: Umfeld) -> Iterator[Befund]:
    """Heading levels do not skip a level within a chapter (screen readers navigate by them)."""
    for kapitel in bericht.kapitel():
        ebene_vorher = 0
        for b in alle_bloecke(kapitel.bloecke):
            if not isinstance(b, Ueberschrift):
                continue
            if b.ebene > ebene_vorher + 1:
                yield Befund(
                    "ueberschrift-uebersprungen",
                    f"Überschrift der Ebene {b.ebene} folgt auf Ebene {ebene_vorher or 1}; eine Ebene fehlt.",
                    b.ort,
                    "Screenreader navigieren über die Ebenen: verwenden Sie "
                    + "#" * (ebene_vorher + 1)
                    + ".",
                )
            ebene_vorher = b.ebene


def links(bericht: Bericht, u: Umfeld) -> Iterator[Befund]:
    """Links lead to a web address or to a file inside the project that may be published: a
    document, table, picture or archive whose content matches its type (`inhalt.linkziele`) –
    the HTML edition copies it onto the website. The same everywhere a link can stand,
    footnotes and table cells included."""
    for kapitel in bericht.kapitel():
        for link, ort in linkziele.links(kapitel):
            ziel = link.ziel.strip()
            if linkziele.webadresse(ziel):
                if not (
                    re.match(r"^https?://[^/\s.]+\.[^/\s]+", ziel, re.I) or ziel.lower().startswith("mailto:")
                ):
                    yield Befund("link-kaputt", f"Link „{ziel}“ ist keine gültige Adresse.", ort)
                continue
            try:
                linkziele.projektdatei(ziel, kapitel.datei, u.wurzel, ort)
            except InhaltsFehler as fehler:
                yield Befund("link-kaputt", fehler.meldung, ort, fehler.hinweis)


def _zu_wenig(bild: Any, grund: str) -> str | None:
    """Say how far a `Schriftbild` falls short of WCAG contrast ("2,3:1 Kontrast zu Weiß; nötig
    sind 4,5:1."), `grund` naming what its text stands on; None where it reaches it."""
    if not (
        re.fullmatch(r"#[0-9A-Fa-f]{6}", bild.farbe) and re.fullmatch(r"#[0-9A-Fa-f]{6}", bild.hintergrund)
    ):
        return None
    verhaeltnis = kontrast(bild.farbe, bild.hintergrund)
    noetig = MINDESTKONTRAST_GROSS if bild.gross else MINDESTKONTRAST_TEXT
    if verhaeltnis >= noetig:
        return None
    auf = "zu Weiß" if bild.hintergrund.upper() == "#FFFFFF" else f"zur {grund} {bild.hintergrund}"
    return (
        f"{_verhaeltnis(verhaeltnis, noetig)}:1 Kontrast {auf}; nötig sind "
        f"{str(noetig).replace('.', ',').replace(',0', '')}:1{' (große Schrift)' if bild.gross else ''}."
    )


def textkontrast(bericht: Bericht, u: Umfeld) -> Iterator[Befund]:
    """The template's styles the report uses reach WCAG contrast against what their text stands on:
    4.5:1, or 3:1 for large text (18 pt, or 14 pt bold); white where the style has no shading.
    Character styles (Hyperlink) count, and so does each region of the table style report tables
    use (header row, bands, first column: text colour against the region's shading)."""
    for name, bild in sorted(u.schriftbilder.items()):
        mangel = _zu_wenig(bild, "Hinterlegung")
        if mangel:
            yield Befund(
                "kontrast",
                f"Formatvorlage „{name}“ hat Textfarbe {bild.farbe} mit nur {mangel}",
                Ort(u.vorlage),
                "Wählen Sie in Word eine dunklere Schriftfarbe."
                if bild.hintergrund.upper() == "#FFFFFF"
                else "Ändern Sie in Word Schrift- oder Hintergrundfarbe.",
            )
    for (name, bereich, *zeichen), bild in u.tabellenbilder.items():
        mangel = _zu_wenig(bild, "Schattierung")
        if mangel and zeichen:  # links in the region's cells
            yield Befund(
                "kontrast",
                f"Tabellenformatvorlage „{name}“, {bereich}: Links (Formatvorlage „{zeichen[0]}“) in "
                f"{bild.farbe} haben nur {mangel}",
                Ort(u.vorlage),
                f"Wählen Sie in Word für „{zeichen[0]}“ eine dunklere Schriftfarbe oder für „{bereich}“ der "
                "Tabellenformatvorlage eine hellere Schattierung.",
            )
        elif mangel:
            yield Befund(
                "kontrast",
                f"Tabellenformatvorlage „{name}“, {bereich}: Textfarbe {bild.farbe} hat nur {mangel}",
                Ort(u.vorlage),
                f"Ändern Sie in Word die Tabellenformatvorlage („Formatierung übernehmen für: {bereich}“): "
                f"Schriftfarbe oder Schattierung; ohne eigene Schriftfarbe gilt die von „{u.zellstil}“.",
            )


def vorlagenbilder(bericht: Bericht, u: Umfeld) -> Iterator[Befund]:
    """The template's own pictures (a logo on the title page) have alternative text."""
    for name in u.vorlagenbilder_ohne_text:
        yield Befund(
            "bild-ohne-alt",
            f"Bild „{name}“ der Vorlage hat keinen Alternativtext; im PDF wäre es eine Abbildung ohne Text.",
            Ort(u.vorlage),
            'Setzen Sie logo_alt = "Logo der Stadt …" in berichtsgen.toml oder geben Sie dem Bild in Word '
            "einen Alternativtext.",
        )


def folien_ins_leere(bericht: Bericht, u: Umfeld) -> Iterator[Befund]:
    """Every entry of a chapter's `folien:` list names a table, chart or heading of that chapter."""
    from .inhalt.folien import ins_leere

    for kapitel in bericht.kapitel():
        for name, ort in ins_leere(kapitel):
            yield Befund(
                "folie-ins-leere",
                f"„{name}“ in „folien:“ ist weder Tabelle noch Diagramm noch Überschrift dieses Kapitels.",
                ort,
                "Nennen Sie Tabellen und Diagramme mit ihrem Namen ({tabelle} NAME) und Abschnitte mit "
                "ihrer Überschrift.",
            )


FOLIE_MINDESTENS = 0.75
"""A chart on a slide is shown at no less than this share of its printed size (its text stays legible)."""


def diagramm_fuer_folie(bericht: Bericht, u: Umfeld) -> Iterator[Befund]:
    """A chart the deck shows fits its slide at no less than 75 % of its printed size."""
    if u.folienflaeche is None:
        return
    from .inhalt.folien import auswahl

    breite, hoehe = u.folienflaeche
    for kapitel in bericht.kapitel():
        for b in auswahl(kapitel):
            if isinstance(b, (DiagrammPlatz, Bild)) and b.ergebnis is not None:
                d = b.ergebnis
                faktor = min(breite / d.breite_cm, hoehe / d.hoehe_cm)
                if faktor < FOLIE_MINDESTENS:
                    zu = "breit" if breite / d.breite_cm < hoehe / d.hoehe_cm else "hoch"
                    yield Befund(
                        "diagramm-zu-gross-fuer-folie",
                        f"Diagramm „{b.name}“ ist für eine Folie zu {zu}: es erschiene auf "
                        f"{round(faktor * 100)} % verkleinert, seine Schrift kaum lesbar.",
                        b.ort,
                        "Zeichnen Sie es für die Folie flacher oder schmaler, oder lassen Sie es mit "
                        "„:folie: nein“ weg.",
                        "warnung",
                    )


FOLIENTITEL_HOECHSTENS = 150
"""Characters of a slide title that fit its title area (in 22 pt, on a 4:3 slide too)."""


def folientitel_zu_lang(bericht: Bericht, u: Umfeld) -> Iterator[Befund]:
    """A slide title (chapter title, heading of a bullet slide, caption) fits its title area."""
    if u.folienflaeche is None:
        return
    from .inhalt.folien import folientitel

    for kapitel in bericht.kapitel():
        for titel, ort, beschriftung in folientitel(kapitel):
            if len(titel) > FOLIENTITEL_HOECHSTENS:
                yield Befund(
                    "folientitel-zu-lang",
                    f"Der Folientitel „{titel[:40].rstrip()}…“ ist {len(titel)} Zeichen lang: auf der Folie "
                    "liefe er über den Titelbereich hinaus.",
                    ort,
                    f"Kürzen Sie den Titel auf höchstens {FOLIENTITEL_HOECHSTENS} Zeichen"
                    + (" oder lassen Sie die Folie mit „:folie: nein“ weg." if beschriftung else "."),
                    "warnung",
                )


BERICHTSREGELN: tuple[Callable[[Bericht, Umfeld], Iterable[Befund]], ...] = (
    ueberschriften,
    links,
    textkontrast,
    vorlagenbilder,
    folien_ins_leere,
    diagramm_fuer_folie,
    folientitel_zu_lang,
)


def pruefen(bericht: Bericht, umfeld: Umfeld) -> list[Befund]:
    """Run every rule over the read and computed report; return the findings in their usual severity."""
    befunde: list[Befund] = []
    for regel in BERICHTSREGELN:
        befunde += regel(bericht, umfeld)
    for kapitel in bericht.kapitel():
        for b in alle_bloecke(kapitel.bloecke):
            for blockregel in BLOCKREGELN:
                befunde += blockregel(b, kapitel, umfeld)
    return befunde


def schwere_anwenden(befunde: list[Befund], barrierefreiheit: str) -> list[Befund]:
    """Apply the setting `barrierefreiheit`: "warnung" turns accessibility errors into warnings."""
    if barrierefreiheit != "warnung":
        return befunde
    return [replace(b, schwere="warnung") if b.regel in BARRIEREFREIHEIT and b.fehler else b for b in befunde]


# --- what `check` adds for information ---------------------------------------------------------

_AUSDRUCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DATUM = re.compile(r"\b\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})\b")
_STATISTIK = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{4,}(?:,\d+)?|\d+(?:,\d+)?\s?(?:%|Prozent))(?![\w.,]\d)"
)


def zahlen_von_hand(bericht: Bericht) -> Iterator[Befund]:
    """Find numbers the editors typed that look like statistics.

    Four or more digits (but not a year or a date) and percentages outside `{{ … }}` are
    reported as a hint: next year's text could keep last year's figure by accident. Works on the
    parsed Markdown, so code and fences of either kind are left out.
    """
    for kapitel in bericht.kapitel():
        if not kapitel.quelltext:
            continue  # a generated chapter
        # expressions become spaces of the same length, so lines stay where they are
        text = _AUSDRUCK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), kapitel.quelltext)
        for nr, teil in fliesstext(text):
            for treffer in _STATISTIK.finditer(_DATUM.sub(" ", teil)):
                zahl = treffer.group(1)
                if re.fullmatch(r"(19|20)\d\d", zahl):
                    continue  # a year
                yield Befund(
                    "zahl-von-hand",
                    f"„{zahl}“ ist von Hand geschrieben.",
                    Ort(kapitel.datei, nr),
                    'Zahlen aus Daten besser über {{ wert("…") | zahl }}, damit sie jedes Jahr stimmen.',
                    "info",
                )
