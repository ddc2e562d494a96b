"""Document model blocks → WordprocessingML elements in the template's own styles."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from docx.shared import Cm
from lxml import etree

from ..fehler import InhaltsFehler, vorschlag
from ..inhalt.modell import (
    Absatz,
    Beschriftung,
    Bild,
    Block,
    DiagrammPlatz,
    EinfacheTabelle,
    FertigeTabelle,
    FussnotenVerweis,
    Inline,
    Link,
    Liste,
    Seitenumbruch,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Umbruch,
    Verweis,
    Zitat,
)
from .abschnitte import Abschnitte
from .ooxml import PPR_ORDNUNG, RPR_ORDNUNG, el, feld, geordnet, qn, text_element

ABBILDUNG = "Abbildung"
TABELLE = "Tabelle"


@dataclass
class Nummer:
    """The number of a table or figure in the report, and its bookmark for cross-references."""

    art: str
    nummer: int
    anhang: str | None = None
    """Letter of the appendix the table or figure is in ("Abbildung A.1")."""
    erste_im_anhang: bool = False
    """The numbering restarts here."""

    @property
    def praefix(self) -> str:
        return f"{self.anhang}." if self.anhang else ""

    @property
    def text(self) -> str:
        return f"{self.art} {self.praefix}{self.nummer}"

    @property
    def lesezeichen(self) -> str:
        return f"_Ref{self.art}{self.anhang or ''}{self.nummer}"


@dataclass
class Eintrag:
    """An entry of a table of contents or list of figures/tables, and its bookmark."""

    ebene: int
    text: str
    lesezeichen: str


def klartext(laeufe: list[etree._Element]) -> str:
    """Return the visible text of runs (without field instructions)."""
    return "".join(t.text or "" for r in laeufe for t in r.iter(qn("w:t")))


@dataclass
class Baukontext:
    """What block rendering needs from the document being built."""

    stile: Stile  # noqa: F821 (imported lazily to avoid a cycle in type hints)
    teil: object
    """The python-docx document part (for images, hyperlinks, numbering)."""
    nummern: dict[str, Nummer]
    textbreite_cm: float
    textbreite_quer_cm: float
    """Text width on landscape pages."""
    fussnote: Callable[[FussnotenVerweis], etree._Element]
    """Returns the run that marks a footnote (and records its text)."""
    bild_id: int = 0
    """Last drawing id handed out (made unique across all parts after rendering)."""
    lesezeichen_id: int = 0
    """Last bookmark id handed out."""
    abschnitte: Abschnitte | None = None
    """Sections of the document, for landscape tables and charts."""
    verzeichnis: dict[str, list[Eintrag]] = field(default_factory=dict)
    """What each index will list, by "inhalt" or caption label, in document order."""

    def eintragen(
        self, art: str, ebene: int, text: str, laeufe: list[etree._Element]
    ) -> list[etree._Element]:
        """Record an index entry and return `laeufe` inside the bookmark its hyperlink targets."""
        self.lesezeichen_id += 1
        eintraege = self.verzeichnis.setdefault(art, [])
        marke = f"_Toc{art[:3].capitalize()}{len(eintraege) + 1}"
        eintraege.append(Eintrag(ebene, text, marke))
        start = el("w:bookmarkStart", id=self.lesezeichen_id, name=marke)
        return [start, *laeufe, el("w:bookmarkEnd", id=self.lesezeichen_id)]


def absatz_el(
    stil: str | None,
    laeufe: list[etree._Element],
    *,
    keep_next: bool = False,
    seitenumbruch: bool = False,
    ausrichtung: str | None = None,
    abstand_null: bool = False,
    num: tuple[int, int] | None = None,
) -> etree._Element:
    """Build a w:p with the given paragraph properties (in schema order) and runs."""
    ppr = el("w:pPr")
    if stil:
        ppr.append(el("w:pStyle", val=stil))
    if keep_next:
        ppr.append(el("w:keepNext"))
    if seitenumbruch:
        ppr.append(el("w:pageBreakBefore"))
    if num:
        ppr.append(el("w:numPr", el("w:ilvl", val=num[0]), el("w:numId", val=num[1])))
    if abstand_null:
        ppr.append(el("w:spacing", before=0, after=0))
    if ausrichtung:
        ppr.append(el("w:jc", val=ausrichtung))
    geordnet(ppr, PPR_ORDNUNG)
    p = el("w:p")
    if len(ppr):
        p.append(ppr)
    for r in laeufe:
        p.append(r)
    return p


def lauf(
    text: str, *, fett: bool = False, kursiv: bool = False, code: bool = False, stil: str | None = None
) -> etree._Element:
    """Build a w:r with text and simple emphasis."""
    rpr = el("w:rPr")
    if stil:
        rpr.append(el("w:rStyle", val=stil))
    if code:
        rpr.append(el("w:rFonts", ascii="Liberation Mono", hAnsi="Liberation Mono", cs="Liberation Mono"))
    if fett:
        rpr.append(el("w:b"))
    if kursiv:
        rpr.append(el("w:i"))
    r = el("w:r")
    if len(rpr):
        r.append(geordnet(rpr, RPR_ORDNUNG))
    r.append(text_element(text))
    return r


ZEICHEN_CM = 0.19
"""Mean width of a character of 9.5 pt table text in cm (Liberation Sans/Arial); bold is wider."""
ZELLRAND_CM = 0.35
"""Left and right cell margins together."""


def spaltenanteile(
    kopf: list[list[etree._Element]], zeilen: list[list[list[etree._Element]]], breite_cm: float
) -> list[float]:
    """Share of the table width per column, estimated from its text.

    Every column first gets the width of its longest word (so "Insgesamt" or "Umsetzung" never
    breaks); what is left goes to the columns whose text would need more room, in proportion to
    that need, capped so that long labels wrap instead of squeezing the number columns.
    """
    mindest, wunsch = [], []
    for j, zelle in enumerate(kopf):
        inhalt = [klartext(z[j]) for z in zeilen if j < len(z)]
        kopfwort = max((len(w) for w in klartext(zelle).split()), default=1)
        # very long compounds (Migrationsgesellschaft) may wrap rather than widen their column
        wort = min(15, max((len(w) for t in inhalt for w in t.split()), default=1))
        laengste = max([len(t) for t in inhalt] + [len(klartext(zelle))])
        mindest.append(max(1.1 * kopfwort, wort) * ZEICHEN_CM + ZELLRAND_CM)
        wunsch.append(min(40, laengste) * ZEICHEN_CM + ZELLRAND_CM)
    summe = sum(mindest)
    if summe >= breite_cm:
        return [m / summe for m in mindest]
    mehr = [max(0.0, w - m) for w, m in zip(wunsch, mindest, strict=True)]
    rest = breite_cm - summe
    if sum(mehr) == 0:
        return [(m + rest / len(mindest)) / breite_cm for m in mindest]
    return [(m + rest * x / sum(mehr)) / breite_cm for m, x in zip(mindest, mehr, strict=True)]


class Bloecke:
    """Turns blocks and inline content into w:p and w:tbl elements."""

    def __init__(self, k: Baukontext):
        self.k = k

    # --- inline -----------------------------------------------------------------------------

    def inline(self, inhalt: list[Inline], fett: bool = False) -> list[etree._Element]:
        laeufe: list[etree._Element] = []
        for teil in inhalt:
            if isinstance(teil, Text):
                if teil.text:
                    laeufe.append(lauf(teil.text, fett=teil.fett or fett, kursiv=teil.kursiv, code=teil.code))
            elif isinstance(teil, Umbruch):
                laeufe.append(el("w:r", el("w:br")))
            elif isinstance(teil, Link):
                rid = self.k.teil.relate_to(teil.ziel, RT.HYPERLINK, is_external=True)
                h = el("w:hyperlink", r__id=rid)
                stil = self.k.stile.id("hyperlink", "character")
                for t in teil.inhalt:
                    r = lauf(t.text, fett=t.fett or fett, kursiv=t.kursiv, code=t.code, stil=stil)
                    if stil is None:
                        rpr = r.find(qn("w:rPr"))
                        if rpr is None:
                            rpr = el("w:rPr")
                            r.insert(0, rpr)
                        rpr.append(el("w:color", val="0B5394"))
                        rpr.append(el("w:u", val="single"))
                        geordnet(rpr, RPR_ORDNUNG)
                    h.append(r)
                laeufe.append(h)
            elif isinstance(teil, Verweis):
                nummer = self.k.nummern.get(teil.name)
                if nummer is None:
                    raise InhaltsFehler(
                        f"Querverweis auf „{teil.name}“: keine Tabelle oder Abbildung dieses Namens.",
                        teil.ort,
                        vorschlag(teil.name, set(self.k.nummern)),
                    )
                laeufe.extend(feld(f"REF {nummer.lesezeichen} \\h", [lauf(nummer.text, fett=fett)]))
            elif isinstance(teil, FussnotenVerweis):
                laeufe.append(self.k.fussnote(teil))
        return laeufe

    # --- blocks -----------------------------------------------------------------------------

    def block(self, b: Block, ebene: int = 0) -> list[etree._Element]:
        s = self.k.stile
        if isinstance(b, Ueberschrift):
            laeufe = self.inline(b.inhalt)
            laeufe = self.k.eintragen("inhalt", b.ebene, klartext(laeufe), laeufe)
            return [absatz_el(s.id(f"heading {b.ebene}"), laeufe, keep_next=True, seitenumbruch=b.neue_seite)]
        if isinstance(b, Absatz):
            return [absatz_el(s.id("normal"), self.inline(b.inhalt))]
        if isinstance(b, Liste):
            return self.liste(b, ebene)
        if isinstance(b, Zitat):
            ergebnis = []
            for inner in b.bloecke:
                for e in self.block(inner, ebene):
                    if etree.QName(e).localname == "p" and s.id("quote"):
                        ppr = e.find(qn("w:pPr"))
                        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
                        if pstyle is not None:
                            pstyle.set(qn("w:val"), s.id("quote"))
                    ergebnis.append(e)
            return ergebnis
        if isinstance(b, EinfacheTabelle):
            return self.einfache_tabelle(b)
        if isinstance(b, TabellenPlatz):
            return self._quer(b.optionen.quer, self.tabelle(b))
        if isinstance(b, DiagrammPlatz):
            d = b.ergebnis
            return self._quer(
                b.optionen.quer, self.abbildung(b.name, d.png, d.breite_cm, d.hoehe_cm, d.alt, d.beschriftung)
            )
        if isinstance(b, Bild):
            from PIL import Image

            with Image.open(b.pfad) as bild:
                breite_px, hoehe_px = bild.size
                dpi = bild.info.get("dpi", (150, 150))[0] or 150
            breite = min(self.k.textbreite_cm, breite_px / float(dpi) * 2.54)
            return self.abbildung(
                b.name,
                b.pfad.read_bytes(),
                breite,
                breite * hoehe_px / breite_px,
                b.alt,
                Beschriftung(b.titel, b.quelle, b.stichtag),
            )
        if isinstance(b, Seitenumbruch):
            return [absatz_el(None, [el("w:r", el("w:br", type="page"))])]
        raise TypeError(type(b))

    def _quer(self, quer: bool, elemente: list[etree._Element]) -> list[etree._Element]:
        """Put `elemente` on landscape pages of their own, if asked and not landscape already."""
        abschnitte = self.k.abschnitte
        if not quer or abschnitte is None or abschnitte.aktuell.quer:
            return elemente
        davor = abschnitte.wechsel(abschnitte.weiter(quer=True))
        danach = abschnitte.wechsel(abschnitte.weiter(quer=False))
        return [davor, *elemente, danach]

    def liste(self, b: Liste, ebene: int) -> list[etree._Element]:
        s = self.k.stile
        grund = "list number" if b.geordnet else "list bullet"
        stil = s.id(f"{grund} {ebene + 1}" if ebene else grund) or s.id(grund)
        num = None
        if b.geordnet:
            num = (ebene, self._neue_nummerierung(stil, b.start)) if ebene == 0 else None
        ergebnis: list[etree._Element] = []
        for eintrag in b.eintraege:
            erster = True
            for inner in eintrag:
                if isinstance(inner, Absatz) and erster:
                    ergebnis.append(absatz_el(stil, self.inline(inner.inhalt), num=num))
                    erster = False
                elif isinstance(inner, Liste):
                    ergebnis.extend(self.liste(inner, min(ebene + 1, 1)))
                else:
                    ergebnis.extend(self.block(inner, ebene))
        return ergebnis

    def _neue_nummerierung(self, stil: str | None, start: int) -> int:
        """Return a numId that restarts the numbered-list style's numbering at `start`."""
        teil = self.k.teil
        try:
            numbering = teil.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return 0
        styles = teil.styles.element
        num_id = None
        for stil_el in styles.iter(qn("w:style")):
            if stil_el.get(qn("w:styleId")) == stil:
                n = stil_el.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
                if n is not None:
                    num_id = int(n.get(qn("w:val")))
        if num_id is None:
            return 0
        try:
            abstrakt = numbering.num_having_numId(num_id).abstractNumId.val
        except KeyError:
            return 0
        neu = numbering.add_num(abstrakt)
        neu.add_lvlOverride(ilvl=0).add_startOverride(start)
        return neu.numId

    # --- numbered tables and figures ----------------------------------------------------------

    def _beschriftung(self, name: str, beschriftung: Beschriftung, keep_next: bool) -> etree._Element:
        nummer = self.k.nummern[name]
        self.k.lesezeichen_id += 1
        bid = self.k.lesezeichen_id
        laeufe = [
            el("w:bookmarkStart", id=bid, name=nummer.lesezeichen),
            lauf(f"{nummer.art} {nummer.praefix}"),
        ]
        neu_zaehlen = " \\r 1" if nummer.erste_im_anhang else ""
        laeufe += feld(f"SEQ {nummer.art} \\* ARABIC{neu_zaehlen}", [lauf(str(nummer.nummer))])
        laeufe += [el("w:bookmarkEnd", id=bid), lauf(f": {beschriftung.titel}")]
        laeufe = self.k.eintragen(nummer.art, 1, f"{nummer.text}: {beschriftung.titel}", laeufe)
        return absatz_el(self.k.stile.id("caption"), laeufe, keep_next=keep_next)

    def _quelle(self, beschriftung: Beschriftung) -> list[etree._Element]:
        if not beschriftung.quelle and not beschriftung.stichtag:
            return []
        text = f"Quelle: {beschriftung.quelle}" if beschriftung.quelle else ""
        if beschriftung.stichtag:
            text += ("; " if text else "") + f"Stichtag: {beschriftung.stichtag}"
        return [absatz_el(self.k.stile.id("quelle"), [lauf(text)])]

    def abbildung(
        self, name: str, daten: bytes, breite_cm: float, hoehe_cm: float, alt: str, beschriftung: Beschriftung
    ) -> list[etree._Element]:
        rid, _bild = self.k.teil.get_or_add_image(io.BytesIO(daten))
        self.k.bild_id += 1
        inline = CT_Inline.new_pic_inline(self.k.bild_id, rid, f"{name}.png", Cm(breite_cm), Cm(hoehe_cm))
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("descr", alt)
        doc_pr.set("name", self.k.nummern[name].text)
        bild_absatz = absatz_el(
            self.k.stile.id("normal"),
            [el("w:r", el("w:drawing", inline))],
            keep_next=True,
            ausrichtung="center",
        )
        return [
            bild_absatz,
            self._beschriftung(name, beschriftung, keep_next=bool(beschriftung.quelle)),
            *self._quelle(beschriftung),
        ]

    def tabelle(self, b: TabellenPlatz) -> list[etree._Element]:
        t: FertigeTabelle = b.ergebnis
        tbl = self._tbl(
            [[lauf(z, fett=True)] for z in t.kopf],
            [[[lauf(z, fett=i in t.summenzeilen)] for z in zeile] for i, zeile in enumerate(t.zeilen)],
            ["right" if r else "left" for r in t.rechtsbuendig],
            t.beschriftung.titel,
            t.fuellung,
        )
        anmerkungen = [absatz_el(self.k.stile.id("quelle"), [lauf(a)]) for a in t.anmerkungen]
        return [
            self._beschriftung(b.name, t.beschriftung, keep_next=True),
            tbl,
            *self._quelle(t.beschriftung),
            *anmerkungen,
        ]

    def einfache_tabelle(self, b: EinfacheTabelle) -> list[etree._Element]:
        jc = {"links": "left", "rechts": "right", "mitte": "center"}
        tbl = self._tbl(
            [self.inline(z, fett=True) for z in b.kopf],
            [[self.inline(z) for z in zeile] for zeile in b.zeilen],
            [jc[a] for a in b.ausrichtung],
            None,
        )
        return [tbl, absatz_el(self.k.stile.id("normal"), [])]

    def _tbl(
        self,
        kopf: list[list[etree._Element]],
        zeilen: list[list[list[etree._Element]]],
        ausrichtung: list[str],
        titel: str | None,
        fuellung: dict[tuple[int, int], str] | None = None,
    ) -> etree._Element:
        n = len(kopf)
        quer = self.k.abschnitte is not None and self.k.abschnitte.aktuell.quer
        gesamt = int((self.k.textbreite_quer_cm if quer else self.k.textbreite_cm) / 2.54 * 1440)
        breite_cm = self.k.textbreite_quer_cm if quer else self.k.textbreite_cm
        breiten = [int(gesamt * g) for g in spaltenanteile(kopf, zeilen, breite_cm)]
        tblpr = el("w:tblPr")
        stil = self.k.stile.tabelle()
        if stil:
            tblpr.append(el("w:tblStyle", val=stil))
        tblpr.append(el("w:tblW", w=5000, type="pct"))
        tblpr.append(
            el(
                "w:tblLook",
                val="04A0",
                firstRow=1,
                lastRow=0,
                firstColumn=1,
                lastColumn=0,
                noHBand=0,
                noVBand=1,
            )
        )
        if titel:
            tblpr.append(el("w:tblCaption", val=titel[:255]))
        tbl = el("w:tbl", tblpr, el("w:tblGrid", *[el("w:gridCol", w=b) for b in breiten]))
        zellstil = self.k.stile.id("tabelleninhalt") or self.k.stile.id("normal")

        fuellung = fuellung or {}

        def zeile(zellen: list[list[etree._Element]], kopfzeile: bool, i: int = -1) -> etree._Element:
            trpr = el("w:trPr", el("w:cantSplit"))
            if kopfzeile:
                trpr.append(el("w:tblHeader"))
            tr = el("w:tr", trpr)
            for j in range(n):
                inhalt = zellen[j] if j < len(zellen) else []
                tcpr = el("w:tcPr", el("w:tcW", w=breiten[j], type="dxa"))
                if (i, j) in fuellung:  # e.g. the Ampel of a status, behind dark text
                    tcpr.append(el("w:shd", val="clear", color="auto", fill=fuellung[(i, j)]))
                if kopfzeile:
                    tcpr.append(el("w:vAlign", val="bottom"))
                p = absatz_el(
                    zellstil,
                    inhalt,
                    ausrichtung=ausrichtung[j] if j < len(ausrichtung) else None,
                    abstand_null=True,
                )
                tr.append(el("w:tc", tcpr, p))
            return tr

        tbl.append(zeile(kopf, True))
        for i, z in enumerate(zeilen):
            tbl.append(zeile(z, False, i))
        return tbl
