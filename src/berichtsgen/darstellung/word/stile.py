"""Find the template's styles by their built-in names, whatever IDs the producing Word gave them."""

from __future__ import annotations

import colorsys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...fehler import Ort, VorlagenFehler
from .ooxml import W_NS, qn

# Names some producers write in the UI language instead of the built-in (English) name.
ALIASSE = {
    "standard": "normal",
    "überschrift 1": "heading 1",
    "überschrift 2": "heading 2",
    "überschrift 3": "heading 3",
    "beschriftung": "caption",
    "aufzählungszeichen": "list bullet",
    "aufzählungszeichen 2": "list bullet 2",
    "listennummer": "list number",
    "listennummer 2": "list number 2",
    "tabellenraster": "table grid",
    "fußnotentext": "footnote text",
    "fußnotenzeichen": "footnote reference",
    "inhaltsverzeichnisüberschrift": "toc heading",
    "zitat": "quote",
    "listenabsatz": "list paragraph",
    "verzeichnis 1": "toc 1",
    "verzeichnis 2": "toc 2",
    "verzeichnis 3": "toc 3",
    "abbildungsverzeichnis": "table of figures",
    "titel": "title",
    "untertitel": "subtitle",
    "block text": "quote",  # pandoc's style for block quotes
    "blocktext": "quote",
    "html vorformatiert": "html preformatted",
    "source code": "html preformatted",  # pandoc's
    "verbatim char": "html code",  # pandoc's
}

BEI_BEDARF = {"html preformatted", "html code"}
"""Styles of code, which only some reports have; created when a report uses them."""

# What the report needs: (kind, built-in name, shown to editors as, required)
BENOETIGT = (
    ("paragraph", "normal", "Standard", True),
    ("paragraph", "heading 1", "Überschrift 1", True),
    ("paragraph", "heading 2", "Überschrift 2", True),
    ("paragraph", "heading 3", "Überschrift 3", True),
    ("paragraph", "caption", "Beschriftung", True),
    ("paragraph", "quelle", "Quelle", True),
    ("paragraph", "list bullet", "Aufzählungszeichen", True),
    ("paragraph", "list number", "Listennummer", True),
    ("table", "berichtstabelle", "Berichtstabelle", False),
    ("table", "table grid", "Tabellenraster", False),
    ("paragraph", "list bullet 2", "Aufzählungszeichen 2", False),
    ("paragraph", "list number 2", "Listennummer 2", False),
    ("paragraph", "toc heading", "Inhaltsverzeichnisüberschrift", False),
    ("paragraph", "footnote text", "Fußnotentext", False),
    ("character", "footnote reference", "Fußnotenzeichen", False),
    ("character", "hyperlink", "Hyperlink", False),
    ("paragraph", "quote", "Zitat", False),
    ("paragraph", "tabelleninhalt", "Tabelleninhalt", False),
    ("paragraph", "toc 1", "Verzeichnis 1", False),
    ("paragraph", "toc 2", "Verzeichnis 2", False),
    ("paragraph", "toc 3", "Verzeichnis 3", False),
    ("paragraph", "table of figures", "Abbildungsverzeichnis", False),
    ("paragraph", "title", "Titel", False),
    ("paragraph", "subtitle", "Untertitel", False),
    ("paragraph", "html preformatted", "HTML Vorformatiert", False),
    ("character", "html code", "HTML Code", False),
)


@dataclass
class Stile:
    """What the report needs to know of the template's styles, read once from styles.xml."""

    ids: dict[tuple[str, str], str]
    """Style ID by (kind, built-in name in lower case)."""
    namen: dict[str, str] = field(default_factory=dict)
    """Name as Word shows it, by style ID."""
    schriftbilder: dict[str, Schriftbild] = field(default_factory=dict)
    """Text colour, background, size and weight by style ID, own or inherited; styles with
    automatic or theme colours are not listed."""
    schriften: dict[str, str] = field(default_factory=dict)
    """Font (w:rFonts/@w:ascii) by style ID, where the style sets one itself."""
    nummerierungen: dict[str, int] = field(default_factory=dict)
    """numId of the list definition by style ID, for list styles."""
    eingerueckt: set[str] = field(default_factory=set)
    """IDs of the paragraph styles with a left indentation of their own or inherited."""
    mustertabelle: str | None = None
    """ID of the table style the template's own tables use most (a sample table in the editor's
    design), where that is neither "Table Grid" nor "Normal Table"."""
    tabellenstil: Tabellenstil | None = None
    """How the table style report tables use decides the look of their cells."""
    zelltext: str | None = None
    """Text colour #RRGGBB of table cells before conditional formatting (the cell paragraph style's,
    else the table style's, else the document default); None for automatic or theme-less colour."""

    def id(self, name: str, art: str = "paragraph") -> str | None:
        """Return the ID of the style with built-in `name`, or None."""
        return self.ids.get((art, name))

    def berichtsstile(self) -> set[str]:
        """Return the IDs of the styles berichtsgen itself writes into every report (not those of
        code, which only some reports have)."""
        return {
            self.ids[(art, name)]
            for art, name, _a, _p in BENOETIGT
            if (art, name) in self.ids and name not in BEI_BEDARF
        }

    def tabelle(self) -> str | None:
        """Return the table style for report tables: "Berichtstabelle", else the one of the
        template's own tables (`mustertabelle`), else "Table Grid"."""
        return self.id("berichtstabelle", "table") or self.mustertabelle or self.id("table grid", "table")

    def zellstil(self) -> str | None:
        """Return the paragraph style of table cells: "Tabelleninhalt", else "Standard"."""
        return self.id("tabelleninhalt") or self.id("normal")


@dataclass(frozen=True)
class Schriftbild:
    """How a style's text looks, resolved through its basedOn chain: for the contrast rule."""

    farbe: str
    """Text colour #RRGGBB."""
    hintergrund: str = "#FFFFFF"
    """The shading the text stands on (paragraph or run shading), else white."""
    halbpunkte: int = 22
    """Font size in half points (22 = 11 pt)."""
    fett: bool = False

    @property
    def gross(self) -> bool:
        """Large text after WCAG: at least 18 pt, or 14 pt bold (3:1 suffices)."""
        return self.halbpunkte >= 36 or (self.fett and self.halbpunkte >= 28)


THEMENFARBEN = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    **{f"accent{i}": f"accent{i}" for i in range(1, 7)},
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}
"""WordprocessingML's theme colour names → the colour elements of the theme's a:clrScheme."""
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def themenfarben(thema: etree._Element | None) -> dict[str, str]:
    """Map the theme colour names a style may use (accent1, hyperlink, text1 …) to #RRGGBB."""
    if thema is None:
        return {}
    schema = thema.find(f".//{{{_A_NS}}}clrScheme")
    if schema is None:
        return {}
    farben = {}
    for name, teil in THEMENFARBEN.items():
        e = schema.find(f"{{{_A_NS}}}{teil}")
        if e is None or not len(e):
            continue
        wert = e[0].get("val") if etree.QName(e[0]).localname == "srgbClr" else e[0].get("lastClr")
        if wert and len(wert) == 6:
            farben[name] = "#" + wert.upper()
    return farben


def _abgetoent(farbe: str, tint: str | None, shade: str | None) -> str:
    """Apply a theme colour's tint or shade (hex 00–FF) to its luminance, as Word does (HSL)."""
    r, g, b = (int(farbe[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, hell, s = colorsys.rgb_to_hls(r, g, b)
    if shade and len(shade) == 2:
        hell *= int(shade, 16) / 255
    if tint and len(tint) == 2:
        hell = hell * int(tint, 16) / 255 + 1 - int(tint, 16) / 255
    return "#" + "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, hell, s))


def _hex(wert: str | None) -> str | None:
    if wert and len(wert) == 6 and all(c in "0123456789abcdefABCDEF" for c in wert):
        return "#" + wert.upper()
    return None


def farbe(e: etree._Element | None, themen: dict[str, str]) -> str | None:
    """Return the colour of a w:color: "#RRGGBB" (a theme colour resolved with its tint or shade),
    "auto", or None where it gives none."""
    if e is None:
        return None
    thema = themen.get(e.get(qn("w:themeColor"), ""))
    if thema:
        return _abgetoent(thema, e.get(qn("w:themeTint")), e.get(qn("w:themeShade")))
    wert = e.get(qn("w:val"), "")
    return "auto" if wert.lower() == "auto" else _hex(wert)


def fuellung(e: etree._Element | None, themen: dict[str, str]) -> str | None:
    """Return the colour a w:shd paints: "#RRGGBB", "auto" (none: what lies below shows), or None
    where it gives none. A pattern ("solid", "pct25") mixes its colour into the fill."""
    if e is None:
        return None
    muster = e.get(qn("w:val"), "clear")
    if muster == "nil":
        return "auto"
    thema = themen.get(e.get(qn("w:themeFill"), ""))
    if thema:
        grund = _abgetoent(thema, e.get(qn("w:themeFillTint")), e.get(qn("w:themeFillShade")))
    else:
        grund = _hex(e.get(qn("w:fill"))) or "auto"
    anteil = 1.0 if muster == "solid" else int(muster[3:]) / 100 if muster[3:].isdigit() else 0.0
    if not anteil:
        return grund
    vorne = farbe(e, themen)  # the pattern's colour: w:color, w:themeColor
    vorne = "#000000" if vorne in (None, "auto") else vorne
    hinten = "#FFFFFF" if grund == "auto" else grund
    return "#" + "".join(
        f"{round(int(vorne[i : i + 2], 16) * anteil + int(hinten[i : i + 2], 16) * (1 - anteil)):02X}"
        for i in (1, 3, 5)
    )


def _ein(e: etree._Element | None) -> bool | None:
    """The value of a toggle property (w:b, w:i): None where the element is absent."""
    return None if e is None else e.get(qn("w:val"), "true").lower() not in ("0", "false", "off")


@dataclass(frozen=True)
class Zellformat:
    """How a table style formats the cells of one region (w:tblStylePr: header row, band, first
    column) or of the whole table, as far as it concerns legibility; None where it says nothing."""

    farbe: str | None = None
    """Text colour "#RRGGBB" or "auto"."""
    fett: bool | None = None
    kursiv: bool | None = None
    fuellung: str | None = None
    """Cell shading "#RRGGBB", or "auto" for none."""

    def ueber(self, unten: Zellformat) -> Zellformat:
        """Return this format laid over `unten`: what this one sets wins."""
        return Zellformat(
            *(
                oben if oben is not None else alt
                for oben, alt in (
                    (self.farbe, unten.farbe),
                    (self.fett, unten.fett),
                    (self.kursiv, unten.kursiv),
                    (self.fuellung, unten.fuellung),
                )
            )
        )


BEREICHE = {
    "wholeTable": "Gesamte Tabelle",
    "band1Horz": "Ungerade Zeilenstreifen",
    "band2Horz": "Gerade Zeilenstreifen",
    "firstCol": "Erste Spalte",
    "firstRow": "Überschriftenzeile",
    "nwCell": "Zelle oben links",
}
"""The regions of a table style that report tables use (w:tblLook: header row, first column,
horizontal bands), in Word's order of precedence, named as Word's dialog "Formatvorlage ändern"
names them ("Formatierung übernehmen für")."""


@dataclass(frozen=True)
class Tabellenstil:
    """The table style of report tables ("Berichtstabelle", "Table Grid", else the template's
    default table style), with its conditional formatting resolved through basedOn."""

    id: str
    name: str
    ganz: Zellformat
    """The whole table's formatting (the style's own w:rPr and w:tcPr)."""
    bereiche: dict[str, Zellformat]
    """Conditional formatting by region (`BEREICHE`)."""
    bandgroesse: int = 1
    """Rows per horizontal band (w:tblStyleRowBandSize)."""

    def _teile(self, kopf: bool, zeile: int, spalte: int) -> list[str]:
        """The regions the style defines for one cell, in Word's order of precedence (bands,
        first column, header row, corner); `zeile` counts the body rows from 0."""
        teile = []
        if not kopf:
            teile.append("band1Horz" if (zeile // self.bandgroesse) % 2 == 0 else "band2Horz")
        if spalte == 0:
            teile.append("firstCol")
        if kopf:
            teile += ["firstRow", "nwCell"] if spalte == 0 else ["firstRow"]
        return [t for t in teile if t in self.bereiche]

    def zelle(self, kopf: bool, zeile: int, spalte: int) -> Zellformat:
        """Return the conditional formatting of one cell (without the whole table's)."""
        ergebnis = Zellformat()
        for teil in self._teile(kopf, zeile, spalte):
            ergebnis = self.bereiche[teil].ueber(ergebnis)
        return ergebnis

    def bereich(self, kopf: bool, zeile: int, spalte: int) -> str:
        """Return the name (`BEREICHE`) of the region that decides a cell's look."""
        teile = self._teile(kopf, zeile, spalte)
        return BEREICHE[teile[-1] if teile else "wholeTable"]

    @property
    def gebaendert(self) -> bool:
        """The style shades its horizontal bands (so every body cell gets its band's shading)."""
        return any(self.bereiche.get(b, Zellformat()).fuellung for b in ("band1Horz", "band2Horz"))


def _zellformat(
    rpr: etree._Element | None, tcpr: etree._Element | None, themen: dict[str, str]
) -> Zellformat:
    def kind(eltern, name):
        return eltern.find(qn(f"w:{name}")) if eltern is not None else None

    return Zellformat(
        farbe(kind(rpr, "color"), themen),
        _ein(kind(rpr, "b")),
        _ein(kind(rpr, "i")),
        fuellung(kind(tcpr, "shd"), themen),
    )


def _tabellenstil(styles: etree._Element, sid: str | None, themen: dict[str, str]) -> Tabellenstil | None:
    """Read the table style `sid` (else the default table style) through its basedOn chain."""
    tabellen = [s for s in styles.iter(qn("w:style")) if s.get(qn("w:type")) == "table"]
    nach_id = {s.get(qn("w:styleId")): s for s in tabellen}
    if sid is None:  # a table without w:tblStyle takes the default table style
        sid = next((i for i, s in nach_id.items() if s.get(qn("w:default")) in ("1", "true")), None)
    stil = nach_id.get(sid)
    if stil is None:
        return None
    kette, aktuell = [], stil
    while aktuell is not None and len(kette) < 20 and aktuell not in kette:
        kette.append(aktuell)
        basis = aktuell.find(qn("w:basedOn"))
        aktuell = nach_id.get(basis.get(qn("w:val"))) if basis is not None else None
    ganz, bereiche, bandgroesse = Zellformat(), {}, 1
    for s in reversed(kette):  # the base first, each derived style over it
        ganz = _zellformat(s.find(qn("w:rPr")), s.find(qn("w:tcPr")), themen).ueber(ganz)
        groesse = s.find(f"{qn('w:tblPr')}/{qn('w:tblStyleRowBandSize')}")
        if groesse is not None and (groesse.get(qn("w:val")) or "").isdigit():
            bandgroesse = max(1, int(groesse.get(qn("w:val"))))
        for teil in s.findall(qn("w:tblStylePr")):
            art = teil.get(qn("w:type"))
            eigen = _zellformat(teil.find(qn("w:rPr")), teil.find(qn("w:tcPr")), themen)
            if art == "wholeTable":
                ganz = eigen.ueber(ganz)
            elif art in BEREICHE:  # other regions are switched off by berichtsgen's w:tblLook
                bereiche[art] = eigen.ueber(bereiche.get(art, Zellformat()))
    name = stil.find(qn("w:name"))
    return Tabellenstil(
        stil.get(qn("w:styleId")),
        name.get(qn("w:val")) if name is not None else stil.get(qn("w:styleId")),
        ganz,
        bereiche,
        bandgroesse,
    )


def _textfarbe(styles: etree._Element, sid: str | None, themen: dict[str, str]) -> str | None:
    """The text colour of paragraph style `sid` from its basedOn chain ("auto" included), or None."""
    nach_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    for _ in range(20):
        stil = nach_id.get(sid)
        if stil is None:
            return None
        wert = farbe(stil.find(f"{qn('w:rPr')}/{qn('w:color')}"), themen)
        if wert:
            return wert
        basis = stil.find(qn("w:basedOn"))
        sid = basis.get(qn("w:val")) if basis is not None else None
    return None


def _schriftbilder(styles: etree._Element, themen: dict[str, str] | None = None) -> dict[str, Schriftbild]:
    """Resolve every style's text colour, background, size and weight through its basedOn chain.

    Theme colours are resolved with the template's theme (`themen`, from `themenfarben`); styles
    with automatic text colours, or theme colours the theme does not define, are left out.
    """
    themen = themen or {}
    nach_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    vorgabe = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")

    def suchen(sid: str | None, pfade: tuple[str, ...], tiefe: int = 0):
        stil = nach_id.get(sid)
        if stil is None or tiefe > 20:
            return None
        for pfad in pfade:
            e = stil.find(pfad)
            if e is not None:
                return e
        basis = stil.find(qn("w:basedOn"))
        return suchen(basis.get(qn("w:val")), pfade, tiefe + 1) if basis is not None else None

    bilder = {}
    for sid in nach_id:
        if not sid:
            continue
        wert = farbe(suchen(sid, (f"{qn('w:rPr')}/{qn('w:color')}",)), themen)
        if wert in (None, "auto"):
            continue
        schattierung = suchen(sid, (f"{qn('w:rPr')}/{qn('w:shd')}", f"{qn('w:pPr')}/{qn('w:shd')}"))
        grund = fuellung(schattierung, themen)
        hintergrund = grund if grund not in (None, "auto") else "#FFFFFF"
        groesse = suchen(sid, (f"{qn('w:rPr')}/{qn('w:sz')}",))
        groesse = groesse if groesse is not None else vorgabe
        fett = suchen(sid, (f"{qn('w:rPr')}/{qn('w:b')}",))
        bilder[sid] = Schriftbild(
            wert,
            hintergrund,
            int(groesse.get(qn("w:val"), 22)) if groesse is not None else 22,
            fett is not None and fett.get(qn("w:val"), "true") not in ("0", "false"),
        )
    return bilder


def _eigene(styles: etree._Element, pfad: str, attribut: str) -> dict[str, str]:
    """Map style IDs to an attribute of one of the style's own property elements."""
    werte = {}
    for stil in styles.iter(qn("w:style")):
        e = stil.find(pfad)
        if e is not None and e.get(qn(attribut)) and stil.get(qn("w:styleId")):
            werte[stil.get(qn("w:styleId"))] = e.get(qn(attribut))
    return werte


def _geerbt(styles: etree._Element, eigene: dict[str, str]) -> dict[str, str]:
    """Extend `eigene` (by style ID) to the styles that inherit it through basedOn (a TOC heading
    based on a numbered Heading 1 is numbered too)."""
    basis = {}
    for stil in styles.iter(qn("w:style")):
        b = stil.find(qn("w:basedOn"))
        if b is not None and stil.get(qn("w:styleId")):
            basis[stil.get(qn("w:styleId"))] = b.get(qn("w:val"))
    ergebnis = dict(eigene)
    for sid in basis:
        kette, aktuell = 0, sid
        while aktuell not in ergebnis and aktuell in basis and kette < 20:
            aktuell, kette = basis[aktuell], kette + 1
        if aktuell in ergebnis and sid not in ergebnis:
            ergebnis[sid] = ergebnis[aktuell]
    return ergebnis


def _namen(styles: etree._Element) -> dict[str, str]:
    namen = {}
    for stil in styles.iter(qn("w:style")):
        name = stil.find(qn("w:name"))
        sid = stil.get(qn("w:styleId"))
        if sid:
            namen[sid] = name.get(qn("w:val")) if name is not None else sid
    return namen


def stil_ids(styles: etree._Element) -> dict[tuple[str, str], str]:
    """Map (kind, built-in name in lower case) to the style ID, whatever language wrote the IDs."""
    ids: dict[tuple[str, str], str] = {}
    for stil in styles.iter(qn("w:style")):
        art = stil.get(qn("w:type"), "paragraph")
        sid = stil.get(qn("w:styleId"))
        name_el = stil.find(qn("w:name"))
        name = (name_el.get(qn("w:val")) if name_el is not None else sid or "").strip().lower()
        name = ALIASSE.get(name, name)
        if sid:
            ids.setdefault((art, name), sid)
    return ids


# Defaults for styles a template lacks: (built-in name, style id, pPr, rPr). Text colours reach
# 4.5:1 against white (#1F4E79 9.4:1, #595959 7:1).
ERSATZ = {
    "normal": ("Normal", "Normal", '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/>', ""),
    "heading 1": (
        "heading 1",
        "Heading1",
        '<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
        '<w:b/><w:color w:val="1F4E79"/><w:sz w:val="36"/>',
    ),
    "heading 2": (
        "heading 2",
        "Heading2",
        '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/>',
        '<w:b/><w:color w:val="1F4E79"/><w:sz w:val="28"/>',
    ),
    "heading 3": (
        "heading 3",
        "Heading3",
        '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="2"/>',
        '<w:b/><w:sz w:val="24"/>',
    ),
    "caption": ("caption", "Caption", '<w:spacing w:before="120" w:after="60"/>', '<w:b/><w:sz w:val="20"/>'),
    "quelle": (
        "Quelle",
        "Quelle",
        '<w:spacing w:before="40" w:after="240"/>',
        '<w:color w:val="595959"/><w:sz w:val="17"/>',
    ),
    "list bullet": ("List Bullet", "ListBullet", "", ""),
    "list number": ("List Number", "ListNumber", "", ""),
    "title": (
        "Title",
        "Title",
        '<w:spacing w:before="2400" w:after="240"/>',
        '<w:b/><w:color w:val="1F4E79"/><w:sz w:val="52"/>',
    ),
    "subtitle": (
        "Subtitle",
        "Subtitle",
        '<w:spacing w:after="480"/>',
        '<w:color w:val="404040"/><w:sz w:val="30"/>',
    ),
    "quote": (
        "Quote",
        "Quote",
        '<w:spacing w:before="120" w:after="120"/><w:ind w:left="567" w:right="567"/>',
        '<w:i/><w:color w:val="404040"/>',
    ),
    "html preformatted": (
        "HTML Preformatted",
        "HTMLPreformatted",
        '<w:keepLines/><w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:ind w:left="284"/>',
        '<w:rFonts w:ascii="Liberation Mono" w:hAnsi="Liberation Mono" w:cs="Liberation Mono"/><w:sz w:val="18"/>',
    ),
    "html code": (
        "HTML Code",
        "HTMLCode",
        "",
        '<w:rFonts w:ascii="Liberation Mono" w:hAnsi="Liberation Mono" w:cs="Liberation Mono"/>',
    ),
    # Word's own definitions of the index entry styles
    "toc 1": ("toc 1", "TOC1", '<w:spacing w:after="100"/>', ""),
    "toc 2": ("toc 2", "TOC2", '<w:spacing w:after="100"/><w:ind w:left="220"/>', ""),
    "toc 3": ("toc 3", "TOC3", '<w:spacing w:after="100"/><w:ind w:left="440"/>', ""),
    "table of figures": ("table of figures", "TableofFigures", "", ""),
}

VERZEICHNISSTILE = ("toc 1", "toc 2", "toc 3", "table of figures")
"""Created where a template lacks them, so that index entries are not set in body text."""


def _nummerierung(numbering: etree._Element, format_: str, text: str) -> int:
    """Add a one-level list definition to numbering.xml and return its numId."""
    abstrakte = [int(a.get(qn("w:abstractNumId"))) for a in numbering.iter(qn("w:abstractNum"))]
    nummern = [int(n.get(qn("w:numId"))) for n in numbering.iter(qn("w:num"))]
    aid, nid = max(abstrakte, default=0) + 1, max(nummern, default=0) + 1
    abstrakt = etree.fromstring(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{aid}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format_}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    )
    erste_num = numbering.find(qn("w:num"))
    if erste_num is not None:  # abstract definitions come before the w:num elements
        erste_num.addprevious(abstrakt)
    else:
        numbering.append(abstrakt)
    numbering.append(
        etree.fromstring(f'<w:num xmlns:w="{W_NS}" w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>')
    )
    return nid


def stile_lesen(
    styles: etree._Element,
    vorlage: Path,
    numbering=None,
    zusaetzlich: tuple[str, ...] = (),
    themen: dict[str, str] | None = None,
    tabellen_im_text: list[str] | None = None,
) -> tuple[Stile, list[str]]:
    """Map the styles of a styles.xml root by built-in name; create the required ones it lacks.

    `numbering` (a callable returning numbering.xml's root) is needed only to create list styles;
    `zusaetzlich` names optional styles to create as well (title and subtitle for a template used
    as reference document, so that its title page is not set in a numbered heading style);
    `themen` are the theme's colours (`themenfarben`); `tabellen_im_text` the table style IDs of
    the template's own tables, one per table. Return the styles and the names of those created, for a notice to the editors.
    """
    ids = stil_ids(styles)
    ergaenzt = []
    for art, name, anzeige, pflicht in BENOETIGT:
        if not (pflicht or name in zusaetzlich) or (art, name) in ids:
            continue
        if name in ("list bullet", "list number") and numbering is None:
            raise VorlagenFehler(f"Formatvorlage „{anzeige}“ fehlt.", Ort(vorlage))
        _anlegen(styles, ids, art, name, numbering)
        ergaenzt.append(anzeige)
    schriften = _eigene(styles, f"{qn('w:rPr')}/{qn('w:rFonts')}", "w:ascii")
    nummern = _geerbt(styles, _eigene(styles, f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}", "w:val"))
    einzuege = _eigene(styles, f"{qn('w:pPr')}/{qn('w:ind')}", "w:left")
    einzuege |= _eigene(styles, f"{qn('w:pPr')}/{qn('w:ind')}", "w:start")
    eingerueckt = {sid for sid, wert in _geerbt(styles, einzuege).items() if wert.isdigit() and int(wert) > 0}
    themen = themen or {}
    stile = Stile(
        ids,
        _namen(styles),
        _schriftbilder(styles, themen),
        schriften,
        {s: int(n) for s, n in nummern.items()},
        eingerueckt,
    )
    schlicht = {ids.get(("table", "table grid")), ids.get(("table", "normal table"))}
    muster = Counter(sid for sid in tabellen_im_text or () if sid not in schlicht and sid in stile.namen)
    stile.mustertabelle = muster.most_common(1)[0][0] if muster else None
    stile.tabellenstil = _tabellenstil(styles, stile.tabelle(), themen)
    ganz = stile.tabellenstil.ganz if stile.tabellenstil else Zellformat()
    vorgabe = farbe(
        styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:color')}"), themen
    )
    zelltext = _textfarbe(styles, stile.zellstil(), themen) or ganz.farbe or vorgabe
    stile.zelltext = zelltext if zelltext != "auto" else None
    return stile, ergaenzt


def anlegen(styles: etree._Element, stile: Stile, art: str, name: str) -> str:
    """Return the ID of the style with built-in `name`, created from berichtsgen's default where
    the template lacks it (for constructs only some reports use: quotes, code)."""
    if (art, name) not in stile.ids:
        _anlegen(styles, stile.ids, art, name, None)
        stile.namen[stile.ids[(art, name)]] = ERSATZ[name][0]
        if "w:ind " in ERSATZ[name][2]:
            stile.eingerueckt.add(stile.ids[(art, name)])
    return stile.ids[(art, name)]


def _anlegen(styles: etree._Element, ids: dict, art: str, name: str, numbering) -> None:
    """Create the style `name` from `ERSATZ` in styles.xml and record its ID in `ids`."""
    builtin, sid, ppr, rpr = ERSATZ[name]
    while sid in ids.values():
        sid += "B"
    if name in ("list bullet", "list number"):
        nid = _nummerierung(numbering(), *(("bullet", "•") if name == "list bullet" else ("decimal", "%1.")))
        ppr = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr>'
    basis = ""
    if name != "normal" and art == "paragraph":
        basis = f'<w:basedOn w:val="{ids.get(("paragraph", "normal"), "Normal")}"/>'
    standard = ' w:default="1"' if name == "normal" else ""
    stil = etree.fromstring(
        f'<w:style xmlns:w="{W_NS}" w:type="{art}"{standard} w:styleId="{sid}">'
        f'<w:name w:val="{builtin}"/>{basis}<w:qFormat/>'
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )
    styles.append(stil)
    ids[(art, name)] = sid
