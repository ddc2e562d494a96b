"""The plain document model between Markdown and every output (Word today, HTML and slides later).

Nothing here knows Markdown syntax or OOXML. Every block keeps the file and line it came from.
Numbers of tables, figures and appendices are given by the transform in `nummern.py`, so that
every renderer receives them resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..fehler import Ort

ABBILDUNG = "Abbildung"
TABELLE = "Tabelle"


@dataclass(frozen=True)
class Berichtsdaten:
    """What the title page, Impressum and document properties show, in every output, and what the
    chapters' texts may name of the report (`{{ bericht.titel }}`): made once, by the preparation,
    from the project's settings and the parameters of its report."""

    titel: str
    untertitel: str
    herausgeber: str
    stand: str
    jahr: int
    redaktion: str
    kontakt: str
    sprache: str
    vorspann_seitenzahlen: str = "roemisch"
    kapitelnummern: str = "vorlage"
    silbentrennung: bool = True
    parameter: dict = field(default_factory=dict)

    def impressum(self) -> list[tuple[str, str]]:
        """The Impressum's filled lines (label, value), in every output."""
        zeilen = [
            ("Herausgeber", self.herausgeber),
            ("Redaktion", self.redaktion),
            ("Kontakt", self.kontakt),
            ("Stand", self.stand),
        ]
        return [(label, wert) for label, wert in zeilen if wert]

    def fuer_kapitel(self) -> dict[str, str]:
        """What a chapter's text may name as `{{ bericht.… }}`."""
        return {
            "titel": self.titel,
            "untertitel": self.untertitel,
            "herausgeber": self.herausgeber,
            "stand": self.stand,
        }


NACHDRUCK = "Nachdruck, auch auszugsweise, nur mit Quellenangabe gestattet."
"""The last line of the Impressum."""

EIGENSCHAFT = 255
"""Most characters python-docx and python-pptx write into a document property (title, subject)."""


def eigenschaft(text: str) -> str:
    """`text` for a document property: a longer one ends with "…" at a word boundary (the title
    page keeps the whole title; a PDF reader's window shows the shortened one)."""
    if len(text) <= EIGENSCHAFT:
        return text
    kurz = text[: EIGENSCHAFT - 1]
    wort = kurz.rsplit(" ", 1)[0]
    return (wort if len(wort) > EIGENSCHAFT // 2 else kurz).rstrip(" ,;:–-") + "…"


# --- inline content -------------------------------------------------------------------------


@dataclass
class Text:
    """A run of text with simple emphasis."""

    text: str
    fett: bool = False
    kursiv: bool = False
    code: bool = False
    gestrichen: bool = False
    """Struck through (GFM ~~…~~)."""


@dataclass
class Link:
    """A hyperlink to a web address or a file of the project (`inhalt.linkziele`)."""

    ziel: str
    """As Markdown gives it: a file's name percent-encoded ("%C3%9Cbersicht.pdf")."""
    inhalt: list[Text]
    ort: Ort | None = field(default=None, compare=False)
    """Where the link was written (its own line, not its paragraph's)."""


@dataclass(frozen=True)
class Nummer:
    """The number of a table or figure in the report, and the anchor cross-references point to."""

    art: str
    """"Tabelle" or "Abbildung"."""
    nummer: int
    anhang: str | None = None
    """Letter of the appendix the table or figure is in ("Abbildung A.1")."""
    erste_im_anhang: bool = False
    """The numbering restarts here."""

    @property
    def praefix(self) -> str:
        """The appendix part of the number: "A." or ""."""
        return f"{self.anhang}." if self.anhang else ""

    @property
    def text(self) -> str:
        """The number as printed: "Tabelle 3", "Abbildung A.1"."""
        return f"{self.art} {self.praefix}{self.nummer}"

    @property
    def lesezeichen(self) -> str:
        """A stable anchor name for cross-references (a Word bookmark, an HTML id)."""
        return f"_Ref{self.art}{self.anhang or ''}{self.nummer}"


@dataclass
class Verweis:
    """A cross-reference `[](#NAME)` to a numbered table or figure."""

    name: str
    ort: Ort
    ziel: Nummer | None = None
    """The number of the table or figure referred to (set by the numbering transform)."""


@dataclass
class FussnotenVerweis:
    """The place of a footnote mark; `nummer` is the footnote's number within the report."""

    nummer: int
    inhalt: list[Block]


@dataclass
class Umbruch:
    """A hard line break."""


Inline = Text | Link | Verweis | FussnotenVerweis | Umbruch

# --- blocks ---------------------------------------------------------------------------------


@dataclass
class Ueberschrift:
    """A heading of level 1–3."""

    ebene: int
    inhalt: list[Inline]
    ort: Ort
    neue_seite: bool = False
    nummeriert: bool = True
    """May carry the numbering of a numbered heading style (not in a Vorwort, an appendix, an index)."""
    anker: str | None = None
    """The heading's anchor, unique in the report ("abschnitt-3"); set by the numbering transform."""

    @property
    def text(self) -> str:
        """The heading as plain text (its text runs)."""
        return "".join(t.text for t in self.inhalt if isinstance(t, Text))


@dataclass
class Absatz:
    """A paragraph of running text."""

    inhalt: list[Inline]
    ort: Ort


@dataclass
class Liste:
    """A bulleted or numbered list; each entry is a list of blocks."""

    geordnet: bool
    eintraege: list[list[Block]]
    ort: Ort
    start: int = 1


@dataclass
class Zitat:
    """A block quote."""

    bloecke: list[Block]
    ort: Ort


@dataclass
class Definitionsliste:
    """Terms and their explanations (`Begriff` / `: Erklärung`)."""

    eintraege: list[tuple[list[Inline], list[Block]]]
    ort: Ort


@dataclass
class Codeblock:
    """Preformatted text (a code block), kept line by line."""

    zeilen: list[str]
    ort: Ort


@dataclass
class EinfacheTabelle:
    """A table written in Markdown (GFM) by the editor, or generated (Datenquellen, Abkürzungen).

    Written inside ```{tabelle} NAME``` with `:titel:` it is numbered, captioned, listed and can be
    referred to like a computed table.
    """

    kopf: list[list[Inline]]
    zeilen: list[list[list[Inline]]]
    ausrichtung: list[str]
    """"links", "rechts" or "mitte" per column."""
    ort: Ort
    name: str | None = None
    """The name cross-references use; None for a bare GFM table."""
    beschriftung: Beschriftung | None = None
    """Caption, source and reference date (from the directive's options)."""
    quer: bool = False
    folie: bool = True
    """On a slide of its own in the deck (a named table; `:folie: nein`: not)."""
    nummer: Nummer | None = None
    """Filled by the numbering transform (only for a named table)."""

    def ohne_leere_spalten(self) -> EinfacheTabelle:
        """Leave out the columns that are empty or "–" in every row (for generated tables)."""
        behalten = _gefuellte_spalten(
            len(self.kopf), [[_klartext(z) for z in zeile] for zeile in self.zeilen], set()
        )
        self.kopf = [self.kopf[j] for j in behalten]
        self.zeilen = [[z[j] for j in behalten if j < len(z)] for z in self.zeilen]
        self.ausrichtung = [self.ausrichtung[j] for j in behalten if j < len(self.ausrichtung)]
        return self


@dataclass
class Optionen:
    """Option lines of a directive or image that override the defaults of a table or chart."""

    titel: str | None = None
    quelle: str | None = None
    alt: str | None = None
    stichtag: str | None = None
    quer: bool = False
    """Place the table or chart on landscape pages of its own."""
    folie: bool = True
    """Show the table or chart on a slide of its own in the deck (`:folie: nein`: not)."""


@dataclass
class TabellenPlatz:
    """Where a computed table ```{tabelle} NAME``` goes."""

    name: str
    optionen: Optionen
    ort: Ort
    ergebnis: FertigeTabelle | None = None
    """Filled by the computation stage."""
    nummer: Nummer | None = None
    """Filled by the numbering transform."""


@dataclass
class MassnahmenPlatz(TabellenPlatz):
    """Where the measures table ```{massnahmen} C``` goes; `handlungsfeld` None means all fields."""

    handlungsfeld: str | None = None


@dataclass
class DiagrammPlatz:
    """Where a computed chart ```{diagramm} NAME``` goes."""

    name: str
    optionen: Optionen
    ort: Ort
    ergebnis: FertigesDiagramm | None = None
    """Filled by the computation stage."""
    nummer: Nummer | None = None
    """Filled by the numbering transform."""


@dataclass
class MassnahmenDiagrammPlatz(DiagrammPlatz):
    """Where the chart of the measures' Umsetzungsstand per Handlungsfeld goes (generated)."""


@dataclass
class Bild:
    """An image file placed by the editor, numbered like a chart."""

    pfad: Path
    name: str
    alt: str
    titel: str
    ort: Ort
    quelle: str | None = None
    stichtag: str | None = None
    ergebnis: FertigesDiagramm | None = None
    """The image read and sized by the computation stage, like a chart."""
    nummer: Nummer | None = None
    """Filled by the numbering transform."""


@dataclass
class Seitenumbruch:
    """A forced page break."""

    ort: Ort


Block = (
    Ueberschrift
    | MassnahmenPlatz
    | Absatz
    | Liste
    | Zitat
    | Definitionsliste
    | Codeblock
    | EinfacheTabelle
    | TabellenPlatz
    | DiagrammPlatz
    | Bild
    | Seitenumbruch
)


def alle_bloecke(bloecke: list[Block]) -> Iterator[Block]:
    """Yield `bloecke` and, depth first, the blocks inside their lists and quotes."""
    for b in bloecke:
        yield b
        if isinstance(b, Liste):
            for eintrag in b.eintraege:
                yield from alle_bloecke(eintrag)
        elif isinstance(b, Zitat):
            yield from alle_bloecke(b.bloecke)
        elif isinstance(b, Definitionsliste):
            for _begriff, erklaerung in b.eintraege:
                yield from alle_bloecke(erklaerung)


@dataclass
class Kapitel:
    """One Markdown file: a chapter of the report."""

    datei: Path
    titel: str
    bloecke: list[Block]
    handlungsfeld: str | None = None
    """Letter of the Handlungsfeld, if the chapter is one."""
    neue_seite: bool = False
    ungerade: bool = False
    """Start on an odd (right-hand) page, for duplex printing."""
    quer: bool = False
    """Lay the whole chapter out on landscape pages."""
    anhang: bool = False
    """The chapter is an appendix ("Anhang A: …"); its tables and figures count on their own."""
    buchstabe: str | None = None
    """Letter of the appendix, given by the numbering transform in reading order."""
    daten: dict = field(default_factory=dict)
    """The whole front matter, for templates and later stages."""
    quelltext: str = ""
    """The Markdown as the editor wrote it (before expressions), for rules on what was typed."""
    folien: bool | list[str] = True
    """What the deck shows of the chapter (front matter `folien`): True its charts, tables and the
    lists under headings; False nothing; a list the named tables and charts and the headings whose
    lists become slides."""


@dataclass
class Bericht:
    """The whole report in reading order: each building block of `aufbau` with its chapters.

    Building blocks without chapters ("impressum", "inhaltsverzeichnis", the lists of figures and
    tables) are rendered by each output in its own way.
    """

    bausteine: list[tuple[str, list[Kapitel]]]
    nummern: dict[str, Nummer] = field(default_factory=dict)
    """Every numbered table and figure by name (set by the numbering transform)."""
    abkuerzungen: dict[str, str] = field(default_factory=dict)
    """The abbreviations the report uses, short → long form (for `<abbr>` in HTML)."""
    durchsicht: str | None = None
    """Set for a copy of some chapters sent out for review (`berichtsgen review`): its id."""

    def kapitel(self) -> Iterator[Kapitel]:
        """Yield every chapter in reading order, generated ones included."""
        for _baustein, kapitel in self.bausteine:
            yield from kapitel

    @property
    def hat_abbildungen(self) -> bool:
        """The report has numbered figures (so a list of figures)."""
        return any(n.art == ABBILDUNG for n in self.nummern.values())

    @property
    def hat_tabellen(self) -> bool:
        """The report has numbered tables (so a list of tables)."""
        return any(n.art == TABELLE for n in self.nummern.values())


# --- computed results, ready to be placed -----------------------------------------------------


@dataclass
class Beschriftung:
    """Caption and source of a numbered table or figure."""

    titel: str
    quelle: str | None = None
    stichtag: str | None = None
    dateien: tuple[str, ...] = ()
    """The data files the table or figure was computed from."""

    def quellzeile(self) -> str:
        """The line under the table or figure in every output: "Quelle: …; Stichtag: …" (or "")."""
        text = f"Quelle: {self.quelle}" if self.quelle else ""
        if self.stichtag:
            text += ("; " if text else "") + f"Stichtag: {self.stichtag}"
        return text


@dataclass
class FertigeTabelle:
    """A table with every cell already formatted as printed."""

    kopf: list[str]
    zeilen: list[list[str]]
    rechtsbuendig: list[bool]
    """Per column: numbers are right-aligned."""
    summenzeilen: set[int]
    """Indices of rows printed bold (totals)."""
    beschriftung: Beschriftung
    anmerkungen: list[str] = field(default_factory=list)
    """Lines below the source: explanation of table signs, rounding note, legend."""
    fuellung: dict[tuple[int, int], str] = field(default_factory=dict)
    """Cell shading (row, column) → hex colour without "#", e.g. the Ampel of a status."""
    ebenen: dict[int, int] = field(default_factory=dict)
    """Indentation level of a row's label by row index (the hierarchy of the data file)."""
    gruppenzeilen: set[int] = field(default_factory=set)
    """Indices of group rows: a heading over the rows below, with no values of its own."""
    kopfgruppen: list[tuple[str, int, bool]] = field(default_factory=list)
    """The upper of two header rows, empty for a header of one row: per cell from the left its
    text, the number of columns it spans and whether it spans both header rows (a column named
    once, e.g. the labels, whose text `kopf` holds); `kopf` is then the lower row."""

    def gruppen_je_spalte(self) -> list[tuple[int, str, int, bool]]:
        """The cells of the upper header row with the column each begins at: (column, text,
        span, through)."""
        zellen, j = [], 0
        for text, breite, durch in self.kopfgruppen:
            zellen.append((j, text, breite, durch))
            j += breite
        return zellen

    def ohne_leere_spalten(self, behalten: set[str] = frozenset()) -> FertigeTabelle:
        """Leave out the columns (other than `behalten`) that are empty or "–" in every row.

        For generated tables only (the measures): in a computed statistics table "–" is a value.
        """
        bleiben = _gefuellte_spalten(
            len(self.kopf), self.zeilen, {j for j, k in enumerate(self.kopf) if k in behalten}
        )
        teil = self.spalten(bleiben)
        self.kopf, self.zeilen, self.rechtsbuendig = teil.kopf, teil.zeilen, teil.rechtsbuendig
        self.fuellung, self.kopfgruppen = teil.fuellung, teil.kopfgruppen
        return self

    def spalten(self, auswahl: list[int]) -> FertigeTabelle:
        """The same table with only the columns `auswahl` (in that order, ascending): rows, shading
        and the upper header row follow; a group cut by the selection keeps its text in each part."""
        neu = {alt: j for j, alt in enumerate(auswahl)}
        gruppen: list[tuple[str, int, bool]] = []
        if self.kopfgruppen:
            je_spalte = [
                (t, durch, n) for n, (t, breite, durch) in enumerate(self.kopfgruppen) for _ in range(breite)
            ]
            letzte = None
            for j in auswahl:
                text, durch, n = je_spalte[j]
                if gruppen and letzte == n and not durch:
                    gruppen[-1] = (text, gruppen[-1][1] + 1, durch)
                else:
                    gruppen.append((text, 1, durch))
                letzte = n
        return replace(
            self,
            kopf=[self.kopf[j] for j in auswahl],
            zeilen=[[z[j] for j in auswahl if j < len(z)] for z in self.zeilen],
            rechtsbuendig=[self.rechtsbuendig[j] for j in auswahl],
            fuellung={(i, neu[j]): f for (i, j), f in self.fuellung.items() if j in neu},
            kopfgruppen=gruppen,
        )


def _gefuellte_spalten(anzahl: int, zeilen: list[list[str]], behalten: set[int]) -> list[int]:
    """Indices of the columns that hold text other than "–" in some row, or are to be kept."""
    return [
        j
        for j in range(anzahl)
        if j in behalten or not zeilen or any(j < len(z) and z[j].strip() not in ("", "–") for z in zeilen)
    ]


def _klartext(inhalt: list[Inline]) -> str:
    """The text of a cell; a link or cross-reference counts as text."""
    return "".join(
        t.text if isinstance(t, Text) else "x" if isinstance(t, (Link, Verweis)) else "" for t in inhalt
    )


@dataclass
class FertigesDiagramm:
    """A chart rendered to PNG."""

    png: bytes
    breite_cm: float
    hoehe_cm: float
    alt: str
    beschriftung: Beschriftung
