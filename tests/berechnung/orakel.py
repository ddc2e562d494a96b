"""The oracle's two halves, shared by the tests on real exports and the generated ones.

1. **The file as the office wrote it**, read without berichtsgen: the csv module with the file's
   encoding (UTF-8 with or without BOM, else cp1252), openpyxl for XLSX, zipfile for a zipped
   flat file. `quelle_lesen` finds the shape and splits the file into title lines, header rows,
   body and footer by rules read off the file itself (see there).
2. **The table as printed**: `docx_tabelle` and `html_tabelle` read header and body cells back
   from the Word file and the HTML edition.

`erwartet` says which printed texts are right for one source cell. The normalisation, precisely:

- Both sides: soft hyphens (U+00AD), zero-width spaces (U+200B), word joiners (U+2060) and BOMs are
  removed (hyphenation and break hints of the printed forms); no-break and thin spaces count as
  spaces; runs of white space become one space; leading and trailing space is stripped (an
  indented name may print as a level instead of leading spaces).
- **Empty** source cell: printed empty. In a label column (keys, dates, names in front of the
  values) the value of the nearest filled cell above is also accepted (a reader may fill a year
  written only on January down).
- **Label columns** (the columns in front of the values; in flat files every column but the
  values): printed exactly as written – "05111", "11000000", "JH05166016", "DG", "31.12.2015".
- **Signs** (DIN 55301): "-" → "–", "..." → "…"; ".", "/", "x" unchanged – in a column that
  holds a number somewhere; in a column without any number (an "Anmerkung" of "-" and "p") they
  are text.
- **Numbers** (German notation as written, `-?\\d+` or with thousands points, optional ",digits"):
  the digits and decimals exactly as written – no rounding, no added ",0", no dropped decimal –
  with thousands points in the whole part (groups of three) optional, and a leading "-" printed as
  "-" or as the true minus "−" (U+2212). A number in parentheses keeps them: "(123)" → "(123)".
- **Marks** after a number ("p", "r", "s", "*", a footnote "1)" or superscripts): the number as
  above, then the mark after one space (superscripts without). A flat file's `value_q` is such a
  mark for its `value` cell when it is not "e" (endgültig, no mark in print) or empty.
- **Text**: as written.
- XLSX cells hold typed values: an int prints as a whole number (as above), a float with the
  decimals its number format shows (else as Python writes it), text as text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

UNSICHTBAR = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
LEERRAUM = re.compile(r"[\s\u00a0\u2009\u202f]+")


def normal(text: str) -> str:
    """A text with break hints removed and white space collapsed (both sides of a comparison)."""
    return LEERRAUM.sub(" ", str(text).translate(UNSICHTBAR)).strip()


ZEICHEN = {"-": "–", "–": "–", "...": "…", "…": "…", ".": ".", "/": "/", "x": "x", "X": "x"}
"""Signs in place of a number, as written → as printed (DIN 55301)."""

_ZAHL = re.compile(r"^(?P<minus>-)?(?P<ganz>\d+|\d{1,3}(?:\.\d{3})+)(?P<dez>,\d+)?$")
_MARKE = re.compile(r"^(?P<zahl>.*?\d\)?)\s*(?P<marke>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=\s)\d{1,2}\)|\*+|(?<=\s)[prs])$")


def zahl_formen(text: str) -> set[str] | None:
    """The printed forms of a number written in German notation, or None if `text` is none."""
    t = _ZAHL.match(text)
    if t is None:
        return None
    ziffern = t["ganz"].replace(".", "")
    mit_punkten = (
        f"{int(ziffern):,}".replace(",", ".") if not ziffern.startswith("0") or len(ziffern) == 1 else ziffern
    )
    ganze = {ziffern, mit_punkten, t["ganz"]}
    dez = t["dez"] or ""
    minus = ("-", "\u2212") if t["minus"] else ("",)
    return {m + g + dez for m in minus for g in ganze}


@dataclass(frozen=True)
class Zelle:
    """One source cell: its text as written, its kind, and whether it stands in a label column."""

    text: str
    art: str
    """ "leer", "Beschriftung", "Zeichen", "Zahl", "Marke" (a number with parentheses or a mark) or "Text"."""
    erlaubt: frozenset[str]
    """The printed texts that are right (normalised)."""


def einordnen(text: str, beschriftung: bool = False, oben: str | None = None, marke: str = "") -> Zelle:
    """Classify a cell as written and say how it must print (see the module docstring)."""
    t = normal(text)
    if beschriftung:
        if not t:
            return Zelle(t, "leer", frozenset({""} | ({normal(oben)} if oben else set())))
        return Zelle(t, "Beschriftung", frozenset({t}))
    if not t:
        return Zelle(t, "leer", frozenset({""}))
    if t in ZEICHEN:
        return Zelle(t, "Zeichen", frozenset({ZEICHEN[t]}))
    formen = zahl_formen(t)
    if formen is not None:
        if marke:
            return Zelle(f"{t} {marke}", "Marke", frozenset(f"{f} {marke}" for f in formen))
        return Zelle(t, "Zahl", frozenset(formen))
    kern, angehaengt = t, ""
    treffer = _MARKE.match(t)
    if treffer:
        kern, angehaengt = treffer["zahl"].strip(), treffer["marke"]
    klammer = len(kern) > 2 and kern[0] == "(" and kern[-1] == ")"
    innen = kern[1:-1].strip() if klammer else kern
    formen = zahl_formen(innen)
    if formen is not None and (klammer or angehaengt):
        if klammer:
            formen = {f"({f})" for f in formen}
        if angehaengt:
            trenner = "" if angehaengt[0] in "⁰¹²³⁴⁵⁶⁷⁸⁹" else " "
            formen = {f + trenner + angehaengt for f in formen}
        elif marke:  # a flat file's quality flag joins a value in parentheses too: "(1.197) p"
            formen = {f"{f} {marke}" for f in formen}
        return Zelle(t, "Marke", frozenset(formen))
    return Zelle(t, "Text", frozenset({t}))


def xlsx_einordnen(wert: object, zahlformat: str, beschriftung: bool, oben: object = None) -> Zelle:
    """Classify a typed XLSX cell (openpyxl value) the same way."""
    if wert is None:
        return einordnen("", beschriftung, None if oben is None else str(oben))
    if isinstance(wert, bool) or not isinstance(wert, int | float):
        zelle = einordnen(str(wert), beschriftung, None if oben is None else str(oben))
        if zelle.art == "Zahl":  # a text of digits ('2000', '21711') prints as written
            return Zelle(zelle.text, "Text", frozenset({zelle.text}))
        return zelle
    if isinstance(wert, float) and not wert.is_integer() or (isinstance(wert, float) and "." in zahlformat):
        stellen = zahlformat.split(".", 1)[1] if "." in zahlformat else ""
        anzahl = len(re.match(r"[0#]*", stellen).group(0)) if stellen else None
        text = f"{wert:.{anzahl}f}" if anzahl is not None else repr(wert)
        text = text.replace(".", ",")
    else:
        text = str(int(wert))
    if beschriftung:
        return Zelle(text, "Beschriftung", frozenset(zahl_formen(text) or {text}))
    return einordnen(text)


# --- the file as written -------------------------------------------------------------------------


@dataclass
class Quelle:
    """A source file split by its shape."""

    form: str
    kopf: list[list[str]]
    """The header rows as written (normalised)."""
    zeilen: list[list[Zelle]]
    """The body: one list of cells per data row, in the file's order."""
    leere_spalten: set[int] = field(default_factory=set)
    """Columns without any entry in header and body (a reader may drop them)."""
    leer_im_koerper: set[int] = field(default_factory=set)
    """Columns without any entry in the body."""

    @property
    def breite(self) -> int:
        return max([len(z) for z in self.zeilen] + [len(k) for k in self.kopf] + [0])


def roh_lesen(pfad: Path) -> bytes:
    roh = pfad.read_bytes()
    if pfad.suffix == ".zip":
        with zipfile.ZipFile(pfad) as archiv:
            roh = archiv.read(archiv.namelist()[0])
    return roh


def dekodieren(roh: bytes) -> str:
    try:
        return roh.decode("utf-8-sig")
    except UnicodeDecodeError:
        return roh.decode("cp1252")


def _fuellen(zeile: list[str], breite: int) -> list[str]:
    return zeile + [""] * (breite - len(zeile))


def _ist_fuss(zeile: list[str]) -> bool:
    return bool(zeile) and re.fullmatch(r"_{3,}", zeile[0].strip()) is not None


def csv_zerlegen(text: str) -> Quelle:
    """Split a CSV text by its shape.

    - **GENESIS flat file** (first field `statistics_code` or `Statistik_Code`): one header row;
      every further row is data. The values are the column `value` (new format; its `value_q` is
      the cell's mark) or the columns named `CODE__Label__Einheit` (old format); every other
      column is a label column.
    - **Table CSV** (GENESIS-Online, Regionaldatenbank, Landesdatenbanken; first line
      `GENESIS-Tabelle: …` or `Tabelle: …`): title lines up to the first row with an empty first
      field and an entry behind it; from there the header rows, as long as the first field stays
      empty; then the body up to the footer (a first field of underscores). The label columns are
      the leading columns that are empty in every header row; rows without any entry are skipped.
    - **Any other CSV** (Excel CSV of municipal open data): one header row, the rest is body;
      the first column is a label column.
    """
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    erste = normal(zeilen[0][0]) if zeilen and zeilen[0] else ""
    if erste in ("statistics_code", "Statistik_Code"):
        kopf = [normal(k) for k in zeilen[0]]
        neu = "value" in kopf
        werte = {kopf.index("value")} if neu else {j for j, k in enumerate(kopf) if "__" in k}
        q = kopf.index("value_q") if neu and "value_q" in kopf else None
        koerper = []
        for roh in zeilen[1:]:
            if not any(f.strip() for f in roh):
                continue
            roh = _fuellen(roh, len(kopf))
            marke = normal(roh[q]) if q is not None and normal(roh[q]) not in ("", "e") else ""
            koerper.append(
                [einordnen(f, j not in werte, None, marke if j in werte else "") for j, f in enumerate(roh)]
            )
        return _quelle("GENESIS-Flatfile " + ("neu" if neu else "alt"), [kopf], koerper)
    if erste.startswith(("GENESIS-Tabelle:", "Tabelle:")):
        i = 0
        while i < len(zeilen) and not (
            zeilen[i] and not zeilen[i][0].strip() and any(f.strip() for f in zeilen[i])
        ):
            i += 1
        kopf_roh = []
        while i < len(zeilen) and zeilen[i] and not zeilen[i][0].strip():
            kopf_roh.append(zeilen[i])
            i += 1
        vorn = min((next((n for n, f in enumerate(k) if f.strip()), len(k)) for k in kopf_roh), default=1)
        koerper, oben = [], {}
        for roh in zeilen[i:]:
            if _ist_fuss(roh):
                break
            if not any(f.strip() for f in roh):
                continue
            zeile = []
            for j, f in enumerate(roh):
                zeile.append(einordnen(f, j < vorn, oben.get(j)))
                if j < vorn and f.strip():
                    oben[j] = f
            koerper.append(zeile)
        form = "Tabelle als CSV (" + erste.split(":")[0] + ":)"
        return _quelle(form, [[normal(f) for f in k] for k in kopf_roh], koerper)
    kopf = [normal(k) for k in zeilen[0]]
    koerper = [
        [einordnen(f, j == 0) for j, f in enumerate(roh)] for roh in zeilen[1:] if any(f.strip() for f in roh)
    ]
    return _quelle("Excel-CSV", [kopf], koerper)


def _quelle(form: str, kopf: list[list[str]], koerper: list[list[Zelle]]) -> Quelle:
    q = Quelle(form, kopf, koerper)
    breite = q.breite
    q.zeilen = [z + [Zelle("", "leer", frozenset({""}))] * (breite - len(z)) for z in koerper]
    for j in range(breite):  # a column without any number holds text: "-" there is no sign
        if not any(z[j].art in ("Zahl", "Marke") for z in q.zeilen):
            for z in q.zeilen:
                if z[j].art == "Zeichen":
                    z[j] = Zelle(z[j].text, "Text", frozenset({z[j].text}))
    q.leer_im_koerper = {j for j in range(breite) if all(not z[j].text for z in q.zeilen)}
    q.leere_spalten = {j for j in q.leer_im_koerper if all(j >= len(k) or not k[j] for k in kopf)}
    return q


def _ist_wert(wert: object) -> bool:
    """A number that is no year, or a sign: what a header row of an XLSX does not hold."""
    if isinstance(wert, int | float) and not isinstance(wert, bool):
        return not (float(wert).is_integer() and 1900 <= wert <= 2100)
    return wert is not None and normal(str(wert)) in ZEICHEN


_FUSS_XLSX = re.compile(r"^(\d{1,2}\s|©|Quelle|Ende der Tabelle)")
"""How a footnote, licence or end line below an XLSX table begins."""


def _hat_zahlenzeilen(arbeitsblatt) -> bool:
    """Two rows or more with two numbers or more."""
    zahlen = [
        sum(isinstance(v, (int, float)) and not isinstance(v, bool) for v in r)
        for r in arbeitsblatt.iter_rows(values_only=True)
    ]
    return sum(1 for n in zahlen if n >= 2) >= 2


def xlsx_zerlegen(pfad: Path, blatt: str | None = None) -> Quelle:
    """Split a sheet of an XLSX (by default the first with a table, the sheet `k.daten(datei)` reads).

    Title rows: leading rows with a single entry where the sheet is wider than one column. Header
    rows: from there up to the first row with a number that is no year (1900–2100) or a sign behind
    its first cell; a sheet of one column has one header row. Body: up to the first empty row, or
    the first row with only its first cell filled that begins like a footnote ("1 …"), "©",
    "Quelle" or "Ende der Tabelle". The first column is the label column.
    """
    import openpyxl

    mappe = openpyxl.load_workbook(pfad, data_only=True)
    if blatt:
        arbeitsblatt = mappe[blatt]
    else:  # as the README says: the first sheet holding a table (a Statistischer Bericht opens with its title)
        arbeitsblatt = next((b for b in mappe.worksheets if _hat_zahlenzeilen(b)), mappe.worksheets[0])
    zeilen = [list(r) for r in arbeitsblatt.iter_rows()]
    breite = max((len(r) for r in zeilen), default=0)

    def belegt(r):
        return [c for c in r if c.value is not None and str(c.value).strip()]

    i = 0
    if breite > 1:
        while i < len(zeilen) and len(belegt(zeilen[i])) <= 1:
            i += 1
    kopf_roh = []
    if breite == 1:
        kopf_roh, i = [zeilen[i]], i + 1
    else:
        while i < len(zeilen) and not any(_ist_wert(c.value) for c in zeilen[i][1:]):
            kopf_roh.append(zeilen[i])
            i += 1
    koerper, oben, zeilen_mit_werten = [], None, 0
    for r in zeilen[i:]:
        eintraege = belegt(r)
        if not eintraege or (
            breite > 1 and eintraege == [r[0]] and _FUSS_XLSX.match(normal(str(r[0].value)))
        ):
            break
        koerper.append(
            [
                xlsx_einordnen(c.value, c.number_format or "", j == 0, oben if j == 0 else None)
                for j, c in enumerate(r)
            ]
        )
        oben = r[0].value if r[0].value is not None else oben
        zeilen_mit_werten = len(koerper) if len(belegt(r)) > 1 or breite == 1 else zeilen_mit_werten
    # rows with only their first cell behind the last row with values are notes, not data
    koerper = koerper[:zeilen_mit_werten]
    kopf = [[normal("" if c.value is None else str(c.value)) for c in r] for r in kopf_roh]
    return _quelle("XLSX", kopf, koerper)


def quelle_lesen(pfad: Path, blatt: str | None = None) -> Quelle:
    if pfad.suffix == ".xlsx":
        return xlsx_zerlegen(pfad, blatt)
    return csv_zerlegen(dekodieren(roh_lesen(pfad)))


# --- the table as printed ------------------------------------------------------------------------


@dataclass
class Gedruckt:
    kopf: list[list[str]]
    zeilen: list[list[str]]


def _zellen_docx(tr) -> list[str]:
    zellen = []
    for tc in tr.iter(f"{W}tc"):
        text = normal("".join(t.text or "" for t in tc.iter(f"{W}t")))
        spanne = tc.find(f"{W}tcPr/{W}gridSpan")
        zellen += [text] * (int(spanne.get(f"{W}val")) if spanne is not None else 1)
    return zellen


def docx_tabelle(docx: Path, nummer: int = 0) -> Gedruckt:
    """Header rows (marked to repeat) and body rows of the `nummer`-th table of a Word file."""
    with zipfile.ZipFile(docx) as z:
        wurzel = etree.fromstring(z.read("word/document.xml"))
    tabellen = list(wurzel.iter(f"{W}tbl"))
    gedruckt = _docx_block(tabellen[nummer])
    # a table too wide for a landscape page comes in column blocks that repeat its label columns,
    # each a w:tbl of its own captioned "… (Fortsetzung)": joined again without the repetition
    titel = _tabellentitel(tabellen[nummer])
    for weiter in tabellen[nummer + 1 :]:
        if titel is None or _tabellentitel(weiter) != f"{titel} (Fortsetzung)":
            break
        block = _docx_block(weiter)
        alle = gedruckt.kopf + gedruckt.zeilen
        neu = block.kopf + block.zeilen
        gleich = 0
        while all(
            gleich < min(len(a), len(b)) and a[gleich] == b[gleich] for a, b in zip(alle, neu, strict=True)
        ):
            gleich += 1
        assert gleich >= 1, "ein Spaltenblock ohne die Beschriftungsspalte"
        gedruckt = Gedruckt(
            [a + b[gleich:] for a, b in zip(gedruckt.kopf, block.kopf, strict=True)],
            [a + b[gleich:] for a, b in zip(gedruckt.zeilen, block.zeilen, strict=True)],
        )
    return gedruckt


def _tabellentitel(tbl) -> str | None:
    titel = tbl.find(f"{W}tblPr/{W}tblCaption")
    return titel.get(f"{W}val") if titel is not None else None


def _docx_block(tabelle) -> Gedruckt:
    kopf, zeilen = [], []
    for tr in tabelle.findall(f"{W}tr"):
        (kopf if tr.find(f"{W}trPr/{W}tblHeader") is not None else zeilen).append(_zellen_docx(tr))
    return Gedruckt(kopf, zeilen)


def _raster_html(zeilen) -> list[list[str]]:
    """The rows as a grid: a cell spanning columns (`colspan`) fills each, one spanning rows
    (`rowspan`, the Vorspalte beside a two-row header) its place in the rows below."""
    raster: list[list[str]] = []
    offen: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill)
    for tr in zeilen:
        zeile: list[str] = []
        zellen = [td for td in tr if td.tag in ("td", "th")]
        while zellen or len(zeile) in offen:
            if len(zeile) in offen:
                text, rest = offen.pop(len(zeile))
                if rest > 1:
                    offen[len(zeile)] = (text, rest - 1)
                zeile.append(text)
                continue
            td = zellen.pop(0)
            text = normal(td.text_content())
            for _ in range(int(td.get("colspan", "1"))):
                if int(td.get("rowspan", "1")) > 1:
                    offen[len(zeile)] = (text, int(td.get("rowspan")) - 1)
                zeile.append(text)
        raster.append(zeile)
    return raster


def html_tabelle(ordner: Path, tabellen_id: str = "_RefTabelle1") -> Gedruckt:
    """Header and body rows of the table `tabellen_id` of the HTML edition in `ordner`."""
    for seite in sorted(ordner.glob("*.html")):
        wurzel = lxml.html.parse(str(seite)).getroot()
        gefunden = wurzel.xpath(f"//table[@id='{tabellen_id}']")
        if gefunden:
            (t,) = gefunden
            return Gedruckt(_raster_html(t.xpath("./thead/tr")), _raster_html(t.xpath("./tbody/tr")))
    raise AssertionError(f"keine Tabelle {tabellen_id} in {ordner}")


# --- comparing -----------------------------------------------------------------------------------


@dataclass
class Vergleich:
    verglichen: int = 0
    nach_art: dict[str, int] = field(default_factory=dict)
    """Cells compared, by the kind of the source cell."""
    falsch: dict[str, list[tuple[int, int, str, str]]] = field(default_factory=dict)
    """Kind of the source cell → (row, column, as written, as printed)."""
    befund: str = ""
    """What kept the comparison from being made (rows or columns that do not match)."""

    @property
    def anzahl_falsch(self) -> int:
        return sum(len(v) for v in self.falsch.values()) + (1 if self.befund else 0)

    def kurz(self) -> str:
        teile = [f"{art} {len(v)}" for art, v in sorted(self.falsch.items())]
        if self.befund:
            teile.insert(0, self.befund)
        return ", ".join(teile) or "0"

    def beispiele(self, n: int = 3) -> str:
        return "; ".join(
            f"{art}: " + ", ".join(f"„{a}“→„{b}“" for _, _, a, b in v[:n])
            for art, v in sorted(self.falsch.items())
        )


def spalten_zuordnen(quelle: Quelle, breite_gedruckt: int) -> list[int] | None:
    """Printed column → source column, by position: all columns, or without the empty ones; a
    printed table may have columns of its own behind the file's (a flat file's signs, levels)."""
    alle = list(range(quelle.breite))
    kandidaten = [
        alle,
        [j for j in alle if j not in quelle.leere_spalten],
        [j for j in alle if j not in quelle.leer_im_koerper],
        [j for j in alle if j == 0 or j not in quelle.leere_spalten],
    ]
    for k in kandidaten:
        if len(k) == breite_gedruckt:
            return k
    for k in kandidaten:
        if len(k) < breite_gedruckt:
            return k + [-1] * (breite_gedruckt - len(k))
    return None


def vergleichen(quelle: Quelle, gedruckt: Gedruckt) -> Vergleich:
    v = Vergleich()
    breite = max((len(z) for z in gedruckt.zeilen), default=len(gedruckt.kopf[-1]) if gedruckt.kopf else 0)
    zuordnung = spalten_zuordnen(quelle, breite)
    if len(gedruckt.zeilen) != len(quelle.zeilen):
        v.befund = f"{len(gedruckt.zeilen)} statt {len(quelle.zeilen)} Zeilen"
    if zuordnung is None:
        v.befund = (v.befund + "; " if v.befund else "") + f"{breite} Spalten zu {quelle.breite} der Datei"
        return v
    for i, (soll, ist) in enumerate(zip(quelle.zeilen, gedruckt.zeilen, strict=False)):
        for spalte, j in enumerate(zuordnung):
            if j < 0:
                continue
            zelle = soll[j]
            text = ist[spalte] if spalte < len(ist) else "(fehlt)"
            v.verglichen += 1
            v.nach_art[zelle.art] = v.nach_art.get(zelle.art, 0) + 1
            if text not in zelle.erlaubt:
                v.falsch.setdefault(zelle.art, []).append((i, j, zelle.text, text))
    return v


def kopf_pruefen(quelle: Quelle, gedruckt: Gedruckt) -> list[str]:
    """Loose header check: every printed value column's header names at least one entry the file's
    header rows give that column (where they give any); the first data row is no header."""
    befunde = []
    breite = max((len(z) for z in gedruckt.zeilen), default=0)
    zuordnung = spalten_zuordnen(quelle, breite) or []
    gedruckter_kopf = [" ".join(k[s] for k in gedruckt.kopf if s < len(k)) for s in range(breite)]
    for s, j in enumerate(zuordnung):
        if j < 0:
            continue
        eintraege = {k[j] for k in quelle.kopf if j < len(k) and k[j]}
        if eintraege and not any(e in gedruckter_kopf[s] for e in eintraege):
            befunde.append(f"Spalte {s + 1}: „{gedruckter_kopf[s]}“ nennt nichts von {sorted(eintraege)}")
    if quelle.zeilen and gedruckt.kopf:
        erste = [z.text for z in quelle.zeilen[0] if z.text]
        if erste and all(e in " ".join(gedruckt.kopf[-1]) for e in erste[1:4]) and len(erste) > 2:
            befunde.append("die erste Datenzeile steht als Kopf")
    return befunde
