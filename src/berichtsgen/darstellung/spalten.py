"""Column widths of a table from the font it is printed in.

Every column first gets the width of its widest unbreakable token – a word, a number, a year, a
file name – measured with the real font (the file fontconfig, and so LibreOffice, uses for the
template's font) at the table's size; what is left goes to the columns whose text is long, in
proportion to what they would need on one line. When the tokens alone are wider than the text
width, the table font steps down (not below 8 pt); then a long token may break: after "_" or "."
(zero-width break) or at a German syllable (soft hyphen).

The measurement uses matplotlib's FreeType binding (advance widths without hinting); matplotlib
is imported on first use only.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
import warnings
from dataclasses import dataclass

from ..inhalt.modell import EinfacheTabelle, FertigeTabelle, Inline, Link, Text, Umbruch, Verweis

WEICH = "\u00ad"
"""Soft hyphen: Word and LibreOffice break there and print a hyphen."""
NULLBREITE = "\u200b"
"""Zero-width space: a break opportunity without a hyphen (after "_" in a file name)."""
EM = 1000.0
"""The advance of one em at the size glyphs are measured in (1000 pt at 72 dpi)."""
KLEINSTE_HALBPUNKTE = 16
"""Table text is not set below 8 pt."""
TOLERANZ_PT = 0.5
"""What a token may exceed its column by, when checking."""
ZUGABE_PT = 1.0
"""Room added to every column's minimum: LibreOffice breaks a token that misses by a hair."""

_LEERRAUM = re.compile(r"[\s\u00ad\u200b]+")
_NACH_STRICH = re.compile(r"(?<=[-–/])")
"""Break opportunities every line breaker knows: after a hyphen, a dash and a slash."""
_VOKAL = "aeiouyäöüAEIOUYÄÖÜ"


@dataclass(frozen=True)
class Schrift:
    """The font of a table's text as the template sets it (`name`) and its size in half points."""

    name: str
    halbpunkte: int


@dataclass(frozen=True)
class Zelle:
    """What a cell prints, for measuring: its text (lines separated by "\\n"), weight, indentation."""

    text: str
    fett: bool = False
    einzug_pt: float = 0.0
    spanne: int = 1
    """Columns the cell spans (a group of a two-row header): its words must fit them together."""
    ganz: bool = False
    """Its words never break (the labels of a table in column blocks)."""


@dataclass
class Spaltenplan:
    """How a table is set: column shares of the table width, font size, token breaks."""

    anteile: list[float]
    halbpunkte: int
    """Size of the table text (smaller than the template's when the columns needed it)."""
    trennen: bool
    """Tokens wider than their column get break opportunities (soft hyphens, zero-width spaces)."""
    passt: bool
    """Every token fits its column (after stepping down and breaking)."""
    breiten_pt: list[float]
    """Column widths in points."""
    noetig_pt: float
    """What the widest tokens of each column need together at the template's size."""
    grundhalbpunkte: int
    """The template's size of table text."""

    @property
    def zu_breit(self) -> bool:
        """The widest tokens did not fit at the template's size: smaller text or broken words."""
        return self.trennen or self.halbpunkte < self.grundhalbpunkte


# --- measuring ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def schriftdatei(name: str, fett: bool) -> str:
    """Return the font file that is used for `name`: fontconfig's choice (LibreOffice's), else
    matplotlib's."""
    if shutil.which("fc-match"):
        try:
            datei = subprocess.run(
                ["fc-match", "-f", "%{file}", f"{name}:{'bold' if fett else 'regular'}"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
            if datei:
                return datei
        except (OSError, subprocess.TimeoutExpired):
            pass
    from matplotlib.font_manager import FontProperties, findfont

    return findfont(FontProperties(family=name, weight="bold" if fett else "normal"))


class _Schnitt:
    """One font file: advance widths per character, in thousandths of an em."""

    def __init__(self, datei: str):
        from matplotlib.ft2font import FT2Font, LoadFlags

        self._font = FT2Font(datei)
        self._font.set_size(1000, 72)
        self._flags = LoadFlags.NO_HINTING
        self._vorschub: dict[str, float] = {}

    def vorschub(self, zeichen: str) -> float:
        if zeichen not in self._vorschub:
            if zeichen in (WEICH, NULLBREITE) or unicodedata.category(zeichen) in ("Mn", "Me", "Cf"):
                self._vorschub[zeichen] = 0.0  # marks and format characters take no width of their own
            else:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")  # matplotlib warns of every missing glyph
                        glyphe = self._font.load_char(ord(zeichen), flags=self._flags)
                    self._vorschub[zeichen] = glyphe.linearHoriAdvance / 65536
                except RuntimeError:
                    # not in this font (emoji, CJK, private use …): the writer's fallback font
                    # draws it; one em is as wide as such glyphs come
                    self._vorschub[zeichen] = EM
        return self._vorschub[zeichen]


@functools.lru_cache(maxsize=16)
def _schnitt(datei: str) -> _Schnitt:
    return _Schnitt(datei)


def breite_pt(text: str, name: str, halbpunkte: int, fett: bool = False) -> float:
    """Return the advance width of `text` in points, set in font `name` at `halbpunkte`/2 pt."""
    schnitt = _schnitt(schriftdatei(name, fett))
    return sum(schnitt.vorschub(z) for z in text) * halbpunkte / 2000


def woerter(text: str) -> list[str]:
    """Split `text` into the tokens a line cannot break inside (without soft breaks)."""
    return [teil for wort in _LEERRAUM.split(text) if wort for teil in _NACH_STRICH.split(wort) if teil]


# --- breaking long tokens -----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _silben():
    import pyphen

    return pyphen.Pyphen(lang="de_DE")


def _gute_trennstelle(wort: str, i: int) -> bool:
    """Keep a syllable break where German puts it: the next line starts with a vowel or with one
    consonant (ch, ck, sch, ph, th, qu count as one) before a vowel, or – at a compound joint after
    a linking "s" ("Alters-gruppen") – with up to three. The patterns also offer breaks like
    "Beda-rfs", which this leaves out."""
    rechts = wort[i:].lower()
    konsonanten = 0
    while rechts and rechts[0] not in _VOKAL:
        gruppe = next((g for g in ("sch", "ch", "ck", "ph", "th", "qu") if rechts.startswith(g)), rechts[0])
        rechts = rechts[len(gruppe) :]
        konsonanten += 1
    if not rechts:
        return False
    return konsonanten <= 1 or (konsonanten <= 3 and wort[i - 1].lower() == "s")


_UNTEILBAR = re.compile(r"^[(+\-\u2212±]?\d[\d.,]*\)?[%\u00a0]*$|@|^(https?://|www\.)", re.I)
"""Tokens without break points: numbers (17.290,0, (1,1), −12,5), e-mail and web addresses."""
_DATEINAME = re.compile(r"\.(pdf|docx?|xlsx?|csv|zip|html?|pptx?|odt|ods|txt|png|jpe?g|svg)\)?[.,;:]?$", re.I)
"""A file name: it breaks after "_" and "." only, never with a hyphen."""
ADRESSE = re.compile(
    r"(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w./-]*\w\.(?:pdf|docx?|xlsx?|csv|zip|html?|pptx?|odt|ods|txt|png|jpe?g|svg)\b",
    re.I,
)
"""An e-mail or web address or a file name in running text: never hyphenated."""


def trennstellen(wort: str) -> list[str]:
    """Return the pieces of a token between which a line may break (soft: "_", ".", syllables);
    a number, an e-mail or web address is one piece, a file name breaks after "_" and "." only.

    The pieces joined give the token back; a piece ending inside a word is printed with a hyphen
    when the line breaks there.
    """
    if _UNTEILBAR.search(wort):
        return [wort]  # a number, an e-mail or a web address never breaks
    if _DATEINAME.search(wort):
        return re.split(r"(?<=[_.])(?=.)", wort)
    stuecke = []
    for teil in re.split(r"(?<=[_.])(?=.)", wort):
        buchstaben = re.fullmatch(r"(\W*)([^\W\d_]+)([\W_]*)", teil)
        if not buchstaben or len(buchstaben.group(2)) < 6:
            stuecke.append(teil)
            continue
        vor, kern, nach = buchstaben.groups()
        stellen = [i for i in _silben().positions(kern) if _gute_trennstelle(kern, i)]
        teile = [kern[a:b] for a, b in zip([0, *stellen], [*stellen, len(kern)], strict=True)]
        teile[0] = vor + teile[0]  # one after the other: with one piece, both are the same
        teile[-1] = teile[-1] + nach
        stuecke += teile
    return stuecke


def trennen(text: str, passt) -> str:
    """Insert break opportunities into the tokens of `text` for which `passt(token)` is False:
    a zero-width space after "_" and ".", a soft hyphen between syllables."""

    def ersetzen(treffer: re.Match) -> str:
        wort = treffer.group(0)
        if passt(wort):
            return wort
        ergebnis = ""
        for stueck in trennstellen(wort):
            if ergebnis:
                ergebnis += NULLBREITE if ergebnis[-1] in "_." else WEICH
            ergebnis += stueck
        return ergebnis

    def wort_ersetzen(treffer: re.Match) -> str:
        wort = treffer.group(0)
        return wort if _UNTEILBAR.search(wort) else re.sub(r"[^\s\-–/]+[-–/]?", ersetzen, wort)

    return re.sub(r"\S+", wort_ersetzen, text)


# --- planning -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 17)
def _zellmass(text: str, name: str, fett: bool, teilen: bool) -> tuple[float, float | None]:
    """A cell's widest line and widest unbreakable token (or token piece with its hyphen, if
    `teilen`) in thousandths of an em – `* halbpunkte / 2000` gives points; None: no token.

    Widths grow in proportion to the size, so a table measured once is planned at every size
    (and for every column block) without measuring its cells again."""
    schnitt = _schnitt(schriftdatei(name, fett))
    bindestrich = _schnitt(schriftdatei(name, False)).vorschub("-")
    zeile_max, stueck_max = 0.0, None
    for textzeile in text.split("\n"):
        zeile_max = max(zeile_max, sum(schnitt.vorschub(z) for z in textzeile.strip()))
        for wort in woerter(textzeile):
            stuecke = trennstellen(wort) if teilen else [wort]
            for n, stueck in enumerate(stuecke):
                extra = bindestrich if teilen and n < len(stuecke) - 1 and stueck[-1] not in "_." else 0.0
                b = sum(schnitt.vorschub(z) for z in stueck) + extra
                stueck_max = b if stueck_max is None else max(stueck_max, b)
    return zeile_max, stueck_max


@dataclass
class _Einheiten:
    """A table's cells measured once, in thousandths of an em: per column and indentation the
    widest line and the widest token (None: no token); the cells spanning columns apart, with
    their column, span and the same two measures."""

    spalten: list[dict[float, list]]
    spannend: list[tuple[int, int, float, float | None]]


def _einheiten(zeilen: list[list[Zelle]], spalten: int, name: str, weich: bool) -> _Einheiten:
    e = _Einheiten([{} for _ in range(spalten)], [])
    for zeile in zeilen:
        for j, zelle in enumerate(zeile[:spalten]):
            if zelle.spanne > 1:  # a group of a two-row header: its words break if `weich`
                e.spannend.append((j, zelle.spanne, *_zellmass(zelle.text, name, zelle.fett, weich)))
                continue
            zeile_em, stueck_em = _zellmass(zelle.text, name, zelle.fett, weich and not zelle.ganz)
            bisher = e.spalten[j].setdefault(zelle.einzug_pt, [zeile_em, stueck_em])
            bisher[0] = max(bisher[0], zeile_em)
            if stueck_em is not None and (bisher[1] is None or stueck_em > bisher[1]):
                bisher[1] = stueck_em
    return e


def _masse(e: _Einheiten, halbpunkte: int, rand_pt: float) -> tuple[list[float], list[float]]:
    """Per column at `halbpunkte`: the widest token (or token piece, if measured so) and the
    widest line, plus margins."""
    spalten = len(e.spalten)
    mindest, wunsch = [rand_pt + ZUGABE_PT] * spalten, [rand_pt + ZUGABE_PT] * spalten
    rand_pt += ZUGABE_PT
    faktor = halbpunkte / 2000
    for j, je_einzug in enumerate(e.spalten):
        for einzug, (zeile_em, stueck_em) in je_einzug.items():
            wunsch[j] = max(wunsch[j], zeile_em * faktor + einzug + rand_pt)
            if stueck_em is not None:
                mindest[j] = max(mindest[j], stueck_em * faktor + einzug + rand_pt)
    for j, spanne, zeile_em, stueck_em in e.spannend:  # what the columns lack together, each gets a share
        teil = slice(j, min(j + spanne, spalten))
        anzahl = len(mindest[teil])
        for werte, noetig in (
            (mindest, (stueck_em or 0.0) * faktor + rand_pt),
            (wunsch, zeile_em * faktor + rand_pt),
        ):
            fehlt = noetig - sum(werte[teil])
            if fehlt > 0:
                werte[teil] = [w + fehlt / anzahl for w in werte[teil]]
    return mindest, wunsch


def verteilen(mindest: list[float], wunsch: list[float], breite: float) -> list[float]:
    """Give every column its minimum; then, from the smallest need up, a column whose whole line
    takes no more than an equal share of what is left gets it ("in Umsetzung" stays on one line);
    the columns with long text share the rest in proportion to what they would need."""
    wunsch = [max(w, m) for w, m in zip(wunsch, mindest, strict=True)]
    if sum(wunsch) <= breite:  # everything fits on one line: widen in proportion
        return [w * breite / sum(wunsch) for w in wunsch]
    breiten = list(mindest)
    rest = breite - sum(mindest)
    offen = sorted(range(len(breiten)), key=lambda j: wunsch[j] - mindest[j])
    while offen and wunsch[offen[0]] - breiten[offen[0]] <= rest / len(offen):
        j = offen.pop(0)
        rest -= wunsch[j] - breiten[j]
        breiten[j] = wunsch[j]
    mehr = sum(wunsch[j] - breiten[j] for j in offen)
    for j in offen:
        breiten[j] += rest * (wunsch[j] - breiten[j]) / mehr
    return breiten


def planen(
    zeilen: list[list[Zelle]],
    breite_pt: float,
    schrift: Schrift,
    rand_pt: float,
    kleinste: int = KLEINSTE_HALBPUNKTE,
) -> Spaltenplan:
    """Plan the column widths of a table (`zeilen` includes the header row) for `breite_pt`: the
    font steps down by half points to `kleinste` (8 pt in documents) before words break."""
    spalten = max((len(z) for z in zeilen), default=1)
    groessen = [schrift.halbpunkte] + list(range(schrift.halbpunkte - 1, kleinste - 1, -1))
    noetig = None
    gemessen = _einheiten(zeilen, spalten, schrift.name, weich=False)
    for halbpunkte in groessen:
        mindest, wunsch = _masse(gemessen, halbpunkte, rand_pt)
        noetig = noetig if noetig is not None else sum(mindest)
        if sum(mindest) <= breite_pt:
            breiten = verteilen(mindest, wunsch, breite_pt)
            return Spaltenplan(
                [b / breite_pt for b in breiten], halbpunkte, False, True, breiten, noetig, schrift.halbpunkte
            )
    halbpunkte = groessen[-1]
    gemessen = _einheiten(zeilen, spalten, schrift.name, weich=True)
    mindest, wunsch = _masse(gemessen, halbpunkte, rand_pt)
    passt = sum(mindest) <= breite_pt
    breiten = (
        verteilen(mindest, wunsch, breite_pt) if passt else [m * breite_pt / sum(mindest) for m in mindest]
    )
    return Spaltenplan(
        [b / breite_pt for b in breiten], halbpunkte, True, passt, breiten, noetig, schrift.halbpunkte
    )


def beschriftungsspalten(t: FertigeTabelle) -> int:
    """The label columns of a table: the leading left-aligned ones, at least the first."""
    n = 1
    while n < len(t.kopf) - 1 and not t.rechtsbuendig[n]:
        n += 1
    return n


def spaltenbloecke(t: FertigeTabelle, breite_pt: float, schrift: Schrift, rand_pt: float) -> list[list[int]]:
    """Split a table too wide for a landscape page into column blocks that fit it: every block
    repeats the label columns (the leading left-aligned ones, at least the first) and takes as
    many further columns, from the left, as fit together with them (numbers never break, the
    labels' words neither; header words may break at syllables); a column too wide even alone with
    the labels gets a block of its own."""
    kopfspalten = beschriftungsspalten(t)
    kopf = list(range(kopfspalten))
    bloecke: list[list[int]] = []
    block: list[int] = []
    for j in range(kopfspalten, len(t.kopf)):
        versuch = kopf + block + [j]
        zellen = zellen_berechnet(t.spalten(versuch), ganze_spalten=kopfspalten)
        if not block or planen(zellen, breite_pt, schrift, rand_pt).passt:
            block.append(j)
        else:
            bloecke.append(kopf + block)
            block = [j]
    bloecke.append(kopf + block)
    return bloecke


# --- what a table prints ------------------------------------------------------------------------

EINZUG_PT = 0.3 / 2.54 * 72
"""Indentation of a row label per level of the data's hierarchy (0.3 cm)."""


def zellen_berechnet(t: FertigeTabelle, ganze_spalten: int = 0) -> list[list[Zelle]]:
    """The cells of a computed table as printed: header bold, totals and group rows bold, labels indented.

    Of a header of two rows, the lower comes first; the upper's cells follow the body (the rows of
    the body keep their index + 1), a cell over several columns with its `spanne`: its words
    must fit those columns together, not one of them. The words of the first `ganze_spalten`
    columns never break."""
    fett = t.summenzeilen | t.gruppenzeilen
    zeilen = [[Zelle(k, fett=True, ganz=j < ganze_spalten) for j, k in enumerate(t.kopf)]]
    for i, zeile in enumerate(t.zeilen):
        einzug = EINZUG_PT * t.ebenen.get(i, 0)
        zeilen.append(
            [
                Zelle(z, i in fett, einzug if j == 0 else 0.0, ganz=j < ganze_spalten)
                for j, z in enumerate(zeile)
            ]
        )
    if t.kopfgruppen:
        oben = [Zelle("", fett=True) for _ in t.kopf]
        for j, text, breite, durch in t.gruppen_je_spalte():
            if not durch and j < len(oben):
                oben[j] = Zelle(text, fett=True, spanne=breite)
        zeilen.append(oben)
    return zeilen


def zellen_markdown(b: EinfacheTabelle) -> list[list[Zelle]]:
    """The cells of a table written in Markdown (cross-references with their numbers)."""
    return [[_zelle(z, True) for z in b.kopf]] + [[_zelle(z, False) for z in zeile] for zeile in b.zeilen]


def _zelle(inhalt: list[Inline], fett: bool) -> Zelle:
    text = ""
    for teil in inhalt:
        if isinstance(teil, Text):
            text += teil.text
            fett = fett or teil.fett
        elif isinstance(teil, Link):
            text += "".join(t.text for t in teil.inhalt)
        elif isinstance(teil, Verweis):
            text += teil.ziel.text if teil.ziel is not None else teil.name
        elif isinstance(teil, Umbruch):
            text += "\n"
    return Zelle(text, fett)
