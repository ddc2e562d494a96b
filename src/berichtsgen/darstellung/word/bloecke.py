"""Document model blocks → WordprocessingML elements in the template's own styles.

One method per kind of block (Sphinx's translator: a `visit` per node type). Numbers and
cross-references arrive resolved by the numbering transform; nothing here raises a content error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from docx.enum.text import WD_UNDERLINE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Pt, RGBColor, Twips
from lxml import etree

from ...inhalt.arten import art
from ...inhalt.modell import (
    Absatz,
    Beschriftung,
    Bild,
    Block,
    Codeblock,
    Definitionsliste,
    DiagrammPlatz,
    EinfacheTabelle,
    FertigesDiagramm,
    FertigeTabelle,
    FussnotenVerweis,
    Inline,
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
)
from ..spalten import (
    TOLERANZ_PT,
    Schrift,
    Spaltenplan,
    Zelle,
    beschriftungsspalten,
    breite_pt,
    planen,
    spaltenbloecke,
    trennen,
    zellen_berechnet,
    zellen_markdown,
)
from .abschnitte import Abschnitte
from .listen import EBENEN, Listen
from .ooxml import absatz, element, feld, ganze_twips, klartext, lauf, qn
from .schema import einfuegen
from .stile import Stile, Zellformat, anlegen


@dataclass
class Verzeichniseintrag:
    """An entry of a table of contents or list of figures/tables, and its bookmark."""

    ebene: int
    text: str
    lesezeichen: str


@dataclass
class Baukontext:
    """What block rendering needs from the document being built."""

    stile: Stile
    teil: object
    """The python-docx document part (for images, hyperlinks, numbering)."""
    textbreite: Cm
    textbreite_quer: Cm
    """Text width on landscape pages."""
    fussnote: Callable[[FussnotenVerweis, Callable[[], int]], list[etree._Element]]
    """Returns the runs that mark a footnote (and records its text); the second argument hands
    out bookmark ids."""
    beziehungsteil: object | None = None
    """The part whose relationships the hyperlinks and pictures being built go into, when it is not
    `teil` (the notes part while footnotes are written): Word resolves an r:id in its own part."""
    bild_id: int = 0
    """Last drawing id handed out (made unique across all parts after rendering)."""
    lesezeichen_id: int = 0
    """Last bookmark id handed out."""
    abschnitte: Abschnitte | None = None
    """Sections of the document, for landscape tables and charts."""
    verzeichnis: dict[str, list[Verzeichniseintrag]] = field(default_factory=dict)
    """What each index will list, by "inhalt" or caption label, in document order."""
    kapitelnummern: bool = True
    """Body chapters may carry the numbering of a numbered heading style (setting `kapitelnummern`)."""
    listen: Listen | None = None
    """List definitions of the document (made from `stile` and `teil` when not given)."""
    tabellenschrift: Schrift = Schrift("Liberation Sans", 19)
    """Font and size of table text, for the column widths."""
    zellrand_pt: float = 10.8
    """Left and right cell margins of a table together."""
    anker: list[dict] | None = None
    """For a review copy (`Bericht.durchsicht`): one entry per source block, its bookmark, file,
    line and the text sent; captions carry their report number as text. None for the report."""

    def __post_init__(self) -> None:
        if self.listen is None:
            self.listen = Listen(self.teil, self.stile)
        self._bilder: dict[str, Any] | None = None
        self._bildnummer = 0

    def bild(self, png: bytes) -> str:
        """Add a picture to the package once (by content) and return its relationship id.

        Like python-docx's `get_or_add_image`, whose search hashes every picture again for each
        new one (a report with 300 charts spent seconds there): the pictures already in the
        package are hashed once here, new ones are numbered on.
        """
        from docx.image.image import Image
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.parts.image import ImagePart

        teile = self.teil.package.image_parts
        if self._bilder is None:
            self._bilder = {t.sha1: t for t in teile}
            self._bildnummer = max((t.partname.idx or 0 for t in teile), default=0)
        bild = Image.from_blob(png)
        teil = self._bilder.get(bild.sha1)
        if teil is None:
            self._bildnummer += 1
            teil = ImagePart.from_image(bild, PackURI(f"/word/media/image{self._bildnummer}.{bild.ext}"))
            teile.append(teil)
            self._bilder[bild.sha1] = teil
        return (self.beziehungsteil or self.teil).relate_to(teil, RT.IMAGE)

    def stil(self, name: str, art: str = "paragraph") -> str | None:
        """Return the ID of a style only some reports need (quote, code), created where the
        template lacks it (not in unit tests' stand-in part)."""
        styles = getattr(self.teil, "styles", None)
        if (art, name) in self.stile.ids or styles is None:
            return self.stile.id(name, art)
        return anlegen(styles.element, self.stile, art, name)

    def spaltenplan(self, zellen: list[list[Zelle]]) -> Spaltenplan:
        """Plan a table's columns for the text width of the current page (landscape or portrait)."""
        quer = self.abschnitte is not None and self.abschnitte.aktuell.quer
        breite = self.textbreite_quer if quer else self.textbreite
        return planen(zellen, ganze_twips(breite) / 20, self.tabellenschrift, self.zellrand_pt)

    def ohne_nummer(self, stil: str | None) -> tuple[int, int] | None:
        """Return the numbering that switches a numbered heading style's number off (numId 0)."""
        return (0, 0) if stil and stil in self.stile.nummerierungen else None

    def naechste_lesezeichen_id(self) -> int:
        """Hand out the id of a new bookmark."""
        self.lesezeichen_id += 1
        return self.lesezeichen_id

    def eintragen(
        self, art: str, ebene: int, text: str, laeufe: list[etree._Element]
    ) -> list[etree._Element]:
        """Record an index entry and return `laeufe` inside the bookmark its hyperlink targets."""
        self.lesezeichen_id += 1
        eintraege = self.verzeichnis.setdefault(art, [])
        marke = f"_Toc{art[:3].capitalize()}{len(eintraege) + 1}"
        eintraege.append(Verzeichniseintrag(ebene, text, marke))
        start = element("w:bookmarkStart", id=self.lesezeichen_id, name=marke)
        return [start, *laeufe, element("w:bookmarkEnd", id=self.lesezeichen_id)]


LINKFARBE = RGBColor.from_string("0B5394")
"""Blue of a link where the template has no "Hyperlink" style (7,8:1 on white, WCAG AAA)."""

EINRUECKUNG = Twips(567)
"""Indentation of quotes and of explanations in a definition list (1 cm)."""
GANZ_BIS = 15
"""Tables of up to this many rows stay whole on one page, with their caption and source line."""
ZUSAMMEN = 2
"""Rows of a longer table kept on the page of its caption (the first) and of its source (the last)."""


def _auszeichnen(tcpr: etree._Element, p: etree._Element, format_: Zellformat) -> None:
    """Give a cell the shading of `format_` and the runs of its paragraph its text colour, weight
    and slant directly (a link in a header cell takes the header's colour, keeping its underline)."""
    if format_.fuellung:
        einfuegen(tcpr, element("w:shd", val="clear", color="auto", fill=format_.fuellung.lstrip("#")))
    if format_.farbe is None and not format_.fett and not format_.kursiv:
        return
    for r in p.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        if format_.fett:
            rpr.get_or_add_b()
        if format_.kursiv:
            rpr.get_or_add_i()
        if format_.farbe is not None:
            for alt in rpr.findall(qn("w:color")):
                rpr.remove(alt)
            einfuegen(rpr, element("w:color", val=format_.farbe.lstrip("#")))


def _zusammen(absaetze: list[etree._Element]) -> list[etree._Element]:
    """Keep consecutive paragraphs on one page (caption, source line, notes, legend)."""
    for p in absaetze[:-1]:
        p.get_or_add_pPr().keepNext_val = True
    return absaetze


BLOECKE: dict[type, str] = {
    Ueberschrift: "_ueberschrift",
    Absatz: "_absatz",
    Liste: "liste",
    Zitat: "zitat",
    Definitionsliste: "definitionen",
    Codeblock: "_codeblock",
    EinfacheTabelle: "_einfache",
    TabellenPlatz: "_tabellenplatz",  # the Maßnahmenübersicht too
    DiagrammPlatz: "_diagrammplatz",  # the status chart too
    Bild: "_bild",
    Seitenumbruch: "_seitenumbruch",
}
"""The method of `Bloecke` that renders each kind of block (a kind's subclasses included)."""

INLINE: dict[type, str] = {
    Text: "_text",
    Umbruch: "_umbruch",
    Link: "_link",
    Verweis: "_verweis",
    FussnotenVerweis: "_fussnotenverweis",
}
"""The method of `Bloecke` that renders each kind of inline content."""


class Bloecke:
    """Turns blocks and inline content into w:p and w:tbl elements."""

    def __init__(self, bau: Baukontext):
        self.bau = bau

    # --- inline -----------------------------------------------------------------------------

    def inline(self, inhalt: list[Inline], fett: bool = False) -> list[etree._Element]:
        """Return the runs (and hyperlinks, fields) of inline content."""
        laeufe: list[etree._Element] = []
        for teil in inhalt:
            laeufe.extend(getattr(self, art(INLINE, teil))(teil, fett))
        return laeufe

    def _text(self, teil: Text, fett: bool) -> list[etree._Element]:
        if not teil.text:
            return []
        stil = self.bau.stil("html code", "character") if teil.code else None
        return [
            lauf(
                teil.text,
                fett=teil.fett or fett,
                kursiv=teil.kursiv,
                code=teil.code,
                stil=stil,
                gestrichen=teil.gestrichen,
            )
        ]

    def _umbruch(self, _teil: Umbruch, _fett: bool) -> list[etree._Element]:
        return [element("w:r", element("w:br"))]

    def _verweis(self, teil: Verweis, fett: bool) -> list[etree._Element]:
        if teil.ziel is None:  # resolved by the numbering transform (check refuses the rest)
            return []
        return feld(f"REF {teil.ziel.lesezeichen} \\h", [lauf(teil.ziel.text, fett=fett)])

    def _fussnotenverweis(self, teil: FussnotenVerweis, _fett: bool) -> list[etree._Element]:
        return self.bau.fussnote(teil, self.bau.naechste_lesezeichen_id)

    def _link(self, link: Link, fett: bool) -> list[etree._Element]:
        rid = (self.bau.beziehungsteil or self.bau.teil).relate_to(link.ziel, RT.HYPERLINK, is_external=True)
        h = element("w:hyperlink", r__id=rid)
        stil = self.bau.stile.id("hyperlink", "character")
        for t in link.inhalt:
            r = lauf(
                t.text, fett=t.fett or fett, kursiv=t.kursiv, code=t.code, stil=stil, gestrichen=t.gestrichen
            )
            if stil is None:  # a template without the style: the usual look
                rpr = r.get_or_add_rPr()
                rpr.get_or_add_color().val = LINKFARBE
                rpr.u_val = WD_UNDERLINE.SINGLE
            h.append(r)
        return [h]

    # --- blocks -----------------------------------------------------------------------------

    def block(self, b: Block, ebene: int = 0) -> list[etree._Element]:
        """Return the elements of one block (`ebene` is the list nesting depth)."""
        return getattr(self, art(BLOECKE, b))(b, ebene)

    def _ueberschrift(self, b: Ueberschrift, _ebene: int) -> list[etree._Element]:
        laeufe = self.inline(b.inhalt)
        laeufe = self.bau.eintragen("inhalt", b.ebene, klartext(laeufe), laeufe)
        stil = self.bau.stile.id(f"heading {b.ebene}")
        num = self.bau.ohne_nummer(stil) if not (b.nummeriert and self.bau.kapitelnummern) else None
        return [absatz(stil, laeufe, keep_next=True, seitenumbruch=b.neue_seite, num=num)]

    def _absatz(self, b: Absatz, _ebene: int) -> list[etree._Element]:
        return [absatz(self.bau.stile.id("normal"), self.inline(b.inhalt))]

    def _codeblock(self, b: Codeblock, _ebene: int) -> list[etree._Element]:
        laeufe: list[etree._Element] = []
        for i, zeile in enumerate(b.zeilen):
            if i:
                laeufe.append(element("w:r", element("w:br")))
            laeufe.append(lauf(zeile))
        return [absatz(self.bau.stil("html preformatted"), laeufe)]

    def _einfache(self, b: EinfacheTabelle, _ebene: int) -> list[etree._Element]:
        return self._quer(b.quer, lambda: self.einfache_tabelle(b))

    def _tabellenplatz(self, b: TabellenPlatz, _ebene: int) -> list[etree._Element]:
        quer, bloecke = self._tabellensatz(b.ergebnis, b.optionen.quer)
        return self._quer(quer, lambda: self.tabelle(b.ergebnis, b.nummer, bloecke))

    def _diagrammplatz(self, b: DiagrammPlatz, _ebene: int) -> list[etree._Element]:
        return self._quer(b.optionen.quer, lambda: self.abbildung(b.name, b.ergebnis, b.nummer))

    def _bild(self, b: Bild, _ebene: int) -> list[etree._Element]:
        return self.abbildung(b.name, b.ergebnis, b.nummer)

    def _seitenumbruch(self, _b: Seitenumbruch, _ebene: int) -> list[etree._Element]:
        return [absatz(None, [element("w:r", element("w:br", type="page"))])]

    def zitat(self, b: Zitat, ebene: int) -> list[etree._Element]:
        """Render a block quote in the template's quote style ("Zitat", pandoc's "Block Text"),
        created where missing; indented even where that style is not."""
        ergebnis = []
        zitat = self.bau.stil("quote")
        for inner in b.bloecke:
            for e in self.block(inner, ebene):
                ppr = e.pPr if etree.QName(e).localname == "p" else None
                if ppr is not None and isinstance(inner, Absatz):
                    if zitat:
                        ppr.style = zitat
                    if zitat not in self.bau.stile.eingerueckt:
                        ppr.ind_left, ppr.ind_right = EINRUECKUNG, EINRUECKUNG
                ergebnis.append(e)
        return ergebnis

    def definitionen(self, b: Definitionsliste, ebene: int) -> list[etree._Element]:
        """Render terms in bold, each kept with its explanation, which is indented."""
        normal = self.bau.stile.id("normal")
        ergebnis = []
        for begriff, erklaerung in b.eintraege:
            ergebnis.append(absatz(normal, self.inline(begriff, fett=True), keep_next=True))
            for inner in erklaerung:
                if isinstance(inner, Absatz):
                    ergebnis.append(absatz(normal, self.inline(inner.inhalt), einzug=EINRUECKUNG))
                else:
                    ergebnis.extend(self.block(inner, ebene))
        return ergebnis

    def _tabellensatz(self, t: FertigeTabelle, quer: bool) -> tuple[bool, list[list[int]] | None]:
        """Where a computed table goes: (landscape, column blocks). A table whose words (numbers
        never break) do not fit the portrait width even at the smallest size goes to a landscape
        page by itself; one that does not fit that either is split into column blocks that repeat
        its label columns."""
        abschnitte = self.bau.abschnitte
        if abschnitte is None:
            return quer, None
        quer = quer or abschnitte.aktuell.quer
        zellen = zellen_berechnet(t)
        schrift, rand = self.bau.tabellenschrift, self.bau.zellrand_pt
        if not quer and planen(zellen, ganze_twips(self.bau.textbreite) / 20, schrift, rand).passt:
            return False, None
        breite = ganze_twips(self.bau.textbreite_quer) / 20
        if planen(zellen, breite, schrift, rand).passt:
            return True, None
        bloecke = spaltenbloecke(t, breite, schrift, rand)
        return True, bloecke if len(bloecke) > 1 else None

    def _quer(self, quer: bool, bauen: Callable[[], list[etree._Element]]) -> list[etree._Element]:
        """Put what `bauen` makes on landscape pages of their own, if asked and not landscape
        already; it is built once the landscape section is current, so that a table is planned
        for the landscape text width."""
        abschnitte = self.bau.abschnitte
        if not quer or abschnitte is None or abschnitte.aktuell.quer:
            return bauen()
        davor = abschnitte.wechsel(abschnitte.weiter(quer=True))
        elemente = bauen()
        danach = abschnitte.wechsel(abschnitte.weiter(quer=False))
        return [davor, *elemente, danach]

    def liste(self, b: Liste, ebene: int) -> list[etree._Element]:
        """Render a list at nesting level `ebene` (any depth, bullets and numbers mixed) in the
        template's list styles, numbered by berichtsgen's own list definitions."""
        listen = self.bau.listen
        ebene = min(ebene, EBENEN - 1)
        stil = listen.stil(b.geordnet, ebene)
        num_id = listen.nummer(b.geordnet, ebene, b.start)
        num = (ebene, num_id) if num_id is not None else None
        einzug = Twips(listen.einzug(b.geordnet, ebene))
        ergebnis: list[etree._Element] = []
        for eintrag in b.eintraege:
            erster = True
            for inner in eintrag:
                if isinstance(inner, Absatz) and erster:
                    ergebnis.append(absatz(stil, self.inline(inner.inhalt), num=num))
                    erster = False
                elif isinstance(inner, Liste):
                    ergebnis.extend(self.liste(inner, ebene + 1))
                elif isinstance(inner, Absatz):  # a further paragraph of the item: under its text
                    ergebnis.append(
                        absatz(self.bau.stile.id("normal"), self.inline(inner.inhalt), einzug=einzug)
                    )
                else:
                    ergebnis.extend(self.block(inner, ebene))
        return ergebnis

    # --- numbered tables and figures ----------------------------------------------------------

    def _beschriftung(self, nummer: Nummer, beschriftung: Beschriftung, keep_next: bool) -> etree._Element:
        self.bau.lesezeichen_id += 1
        bid = self.bau.lesezeichen_id
        laeufe = [
            element("w:bookmarkStart", id=bid, name=nummer.lesezeichen),
            lauf(f"{nummer.art} {nummer.praefix}"),
        ]
        if self.bau.anker is not None:  # a review copy: "Tabelle 7" as in the whole report, as text
            laeufe.append(lauf(str(nummer.nummer)))  # (LibreOffice drops SEQ's \\r when it saves)
        else:
            neu_zaehlen = " \\r 1" if nummer.erste_im_anhang else ""
            laeufe += feld(f"SEQ {nummer.art} \\* ARABIC{neu_zaehlen}", [lauf(str(nummer.nummer))])
        laeufe += [element("w:bookmarkEnd", id=bid), lauf(f": {beschriftung.titel}")]
        laeufe = self.bau.eintragen(nummer.art, 1, f"{nummer.text}: {beschriftung.titel}", laeufe)
        return absatz(self.bau.stile.id("caption"), laeufe, keep_next=keep_next)

    def _quelle(self, beschriftung: Beschriftung) -> list[etree._Element]:
        text = beschriftung.quellzeile()
        return [absatz(self.bau.stile.id("quelle"), [lauf(text)])] if text else []

    def abbildung(self, name: str, d: FertigesDiagramm, nummer: Nummer) -> list[etree._Element]:
        """Render a chart or image: the picture, its caption and its source line."""
        rid = self.bau.bild(d.png)
        self.bau.bild_id += 1
        inline = CT_Inline.new_pic_inline(
            self.bau.bild_id, rid, f"{name}.png", Cm(d.breite_cm), Cm(d.hoehe_cm)
        )
        inline.docPr.set("descr", d.alt)
        inline.docPr.set("name", nummer.text)
        r = element("w:r")
        r.add_drawing(inline)
        bild_absatz = absatz(self.bau.stile.id("normal"), [r], keep_next=True, ausrichtung="center")
        return [
            bild_absatz,
            *_zusammen(
                [self._beschriftung(nummer, d.beschriftung, keep_next=False), *self._quelle(d.beschriftung)]
            ),
        ]

    def tabelle(
        self, t: FertigeTabelle, nummer: Nummer, bloecke: list[list[int]] | None = None
    ) -> list[etree._Element]:
        """Render a computed table: caption, table, source line and notes; in column blocks
        (`bloecke`, the columns of each), each after the first under a caption "(Fortsetzung)"."""
        elemente = [self._beschriftung(nummer, t.beschriftung, keep_next=True)]
        for n, spalten in enumerate(bloecke or [list(range(len(t.kopf)))]):
            if n:  # the number as a cross-reference: no second entry in the list of tables
                laeufe = [
                    *feld(f"REF {nummer.lesezeichen} \\h", [lauf(nummer.text)]),
                    lauf(f" (Fortsetzung): {t.beschriftung.titel}"),
                ]
                elemente.append(absatz(self.bau.stile.id("caption"), laeufe, keep_next=True))
            teil = t.spalten(spalten) if bloecke else t
            ganze = beschriftungsspalten(t) if bloecke else 0
            elemente.append(self._tabellenkoerper(teil, ganze, n > 0))
        anmerkungen = [absatz(self.bau.stile.id("quelle"), [lauf(a)]) for a in t.anmerkungen]
        return [*elemente, *_zusammen([*self._quelle(t.beschriftung), *anmerkungen])]

    def _tabellenkoerper(self, t: FertigeTabelle, ganze: int, fortsetzung: bool) -> etree._Element:
        """The w:tbl of a computed table (or of one of its column blocks, whose `ganze` label
        columns keep their words whole)."""
        fett = t.summenzeilen | t.gruppenzeilen
        titel = f"{t.beschriftung.titel} (Fortsetzung)" if fortsetzung else t.beschriftung.titel
        return self._tbl(
            [[lauf(z)] for z in t.kopf],
            [[[lauf(z, fett=i in fett)] if z else [] for z in zeile] for i, zeile in enumerate(t.zeilen)],
            ["right" if r else "left" for r in t.rechtsbuendig],
            titel,
            zellen_berechnet(t, ganze),
            t.fuellung,
            t.gruppen_je_spalte(),
        )

    def einfache_tabelle(self, b: EinfacheTabelle) -> list[etree._Element]:
        """Render a table written in Markdown: with caption and source line like a computed table
        when it has them, else followed by an empty paragraph."""
        jc = {"links": "left", "rechts": "right", "mitte": "center"}
        tbl = self._tbl(
            [self.inline(z) for z in b.kopf],
            [[self.inline(z) for z in zeile] for zeile in b.zeilen],
            [jc[a] for a in b.ausrichtung],
            b.beschriftung.titel if b.beschriftung else None,
            zellen_markdown(b),
        )
        if b.nummer is None or b.beschriftung is None:
            return [tbl, absatz(self.bau.stile.id("normal"), [])]
        quelle = self._quelle(b.beschriftung)
        return [
            self._beschriftung(b.nummer, b.beschriftung, keep_next=True),
            tbl,
            *(_zusammen(quelle) if quelle else [absatz(self.bau.stile.id("normal"), [])]),
        ]

    def _tbl(
        self,
        kopf: list[list[etree._Element]],
        zeilen: list[list[list[etree._Element]]],
        ausrichtung: list[str],
        titel: str | None,
        zellen: list[list[Zelle]],
        fuellung: dict[tuple[int, int], str] | None = None,
        gruppen: list[tuple[int, str, int, bool]] | None = None,
    ) -> etree._Element:
        """Build a w:tbl whose columns are planned from `zellen` (what each cell prints).

        `gruppen`: the upper of two header rows, (column, text, span, through) per cell: a group
        cell spans its columns (`w:gridSpan`), a column named once spans both rows (`w:vMerge`);
        both rows repeat on every page (`w:tblHeader`)."""
        n = len(kopf)
        plan = self.bau.spaltenplan(zellen)
        breiten = [int(b * 20) for b in plan.breiten_pt]
        ganz = len(zeilen) <= GANZ_BIS
        tblpr = element("w:tblPr")
        stil = self.bau.stile.tabelle()
        if stil:
            tblpr.style = stil
        # not modelled by python-docx: written in schema order (tblW, tblLook, tblCaption)
        tblpr.append(element("w:tblW", w=5000, type="pct"))
        tblpr.append(
            element(
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
            tblpr.append(element("w:tblCaption", val=titel[:255]))
        tbl = element("w:tbl", tblpr, element("w:tblGrid", *[element("w:gridCol", w=b) for b in breiten]))
        zellstil = self.bau.stile.zellstil()
        fuellung = fuellung or {}

        def zeile(inhalt: list[list[etree._Element]], kopfzeile: bool, i: int = -1) -> etree._Element:
            trpr = element("w:trPr", element("w:cantSplit"))
            if kopfzeile:
                trpr.append(element("w:tblHeader"))
            tr = element("w:tr", trpr)
            for j in range(n):
                # in CT_TcPr's order: width, vertical merge, vertical alignment; the shading (the
                # table style's, or the report's own: the Ampel of a status) goes between them
                tcpr = element("w:tcPr", element("w:tcW", w=breiten[j], type="dxa"))
                format_ = self._zellformat(kopfzeile, i, j)
                if (i, j) in fuellung:  # the report's own shading wins over the table style's
                    format_ = replace(format_, fuellung=fuellung[(i, j)])
                if kopfzeile and j in durch:
                    tcpr.append(element("w:vMerge"))  # continues the cell above, named there
                if kopfzeile:
                    tcpr.append(element("w:vAlign", val="bottom"))
                zelle = zellen[i + 1][j] if j < len(zellen[i + 1]) else Zelle("")
                p = absatz(
                    zellstil,
                    inhalt[j] if j < len(inhalt) and not (kopfzeile and j in durch) else [],
                    ausrichtung=ausrichtung[j] if j < len(ausrichtung) else None,
                    abstand_null=True,
                    einzug=Twips(round(zelle.einzug_pt * 20)) if zelle.einzug_pt else None,
                    # a short table stays whole; a long one keeps its first rows with the caption
                    # and its last rows with the source line below it
                    keep_next=ganz or i < ZUSAMMEN or i >= len(zeilen) - ZUSAMMEN,
                    silbentrennung=False,
                )
                self._setzen(p, plan, j, zelle)
                _auszeichnen(tcpr, p, format_)
                tr.append(element("w:tc", tcpr, p))
            return tr

        durch = {j for j, _t, _b, d in gruppen or () if d}

        def gruppenzeile() -> etree._Element:
            tr = element("w:tr", element("w:trPr", element("w:cantSplit"), element("w:tblHeader")))
            for j, text, breite, ganz_hoch in gruppen:
                # in CT_TcPr's order: width, span, vertical merge, (shading,) vertical alignment
                tcpr = element("w:tcPr", element("w:tcW", w=sum(breiten[j : j + breite]), type="dxa"))
                if breite > 1:
                    tcpr.append(element("w:gridSpan", val=breite))
                format_ = self._zellformat(True, -1, j)
                if ganz_hoch:
                    tcpr.append(element("w:vMerge", val="restart"))
                tcpr.append(element("w:vAlign", val="bottom"))
                p = absatz(
                    zellstil,
                    kopf[j] if ganz_hoch else [lauf(text)] if text else [],
                    ausrichtung="center" if breite > 1 else ausrichtung[j] if j < len(ausrichtung) else None,
                    abstand_null=True,
                    keep_next=True,
                    silbentrennung=False,
                )
                # a cell over several columns fits their widths together
                self._setzen(p, plan, j, zellen[0][j], spannbreite=sum(plan.breiten_pt[j : j + breite]))
                _auszeichnen(tcpr, p, format_)
                tr.append(element("w:tc", tcpr, p))
            return tr

        if gruppen:
            tbl.append(gruppenzeile())
        tbl.append(zeile(kopf, True))
        for i, z in enumerate(zeilen):
            tbl.append(zeile(z, False, i))
        return tbl

    def _zellformat(self, kopfzeile: bool, i: int, j: int) -> Zellformat:
        """Return what the table style's conditional formatting gives cell (`i`, `j`) (`i` counts
        the body rows), to be written into the cell: in Word and LibreOffice alike the cell
        paragraph style's colour overrides a table style's, and two header rows or bands are
        counted differently. Header cells are bold where the style does not say.

        Where the style shades its bands every body cell gets its shading (that of the whole
        table, or none, between the bands), so that no program counts the bands its own way."""
        stil = self.bau.stile.tabellenstil
        if stil is None:
            return Zellformat(fett=True) if kopfzeile else Zellformat()
        format_ = stil.zelle(kopfzeile, i, j)
        if kopfzeile and format_.fett is None:
            format_ = replace(format_, fett=True)
        if not kopfzeile and stil.gebaendert and format_.fuellung is None:
            format_ = replace(format_, fuellung=stil.ganz.fuellung or "auto")
        return format_

    def _setzen(
        self, p: etree._Element, plan: Spaltenplan, j: int, zelle: Zelle, spannbreite: float | None = None
    ) -> None:
        """Apply the plan to a cell paragraph: the table's font size, breaks in tokens too wide.

        (Automatic hyphenation is off in cells, see `absatz`: every word fits its column, or has
        soft hyphens where it cannot, so it would only split short lines: "in Umset-zung".)
        """
        schrift = self.bau.tabellenschrift
        if plan.halbpunkte != schrift.halbpunkte:
            for r in p.iter(qn("w:r")):
                rpr = r.get_or_add_rPr()
                rpr.sz_val = Pt(plan.halbpunkte / 2)
                einfuegen(rpr, element("w:szCs", val=plan.halbpunkte))
        if plan.trennen and not zelle.ganz:
            breite = plan.breiten_pt[j] if spannbreite is None else spannbreite
            verfuegbar = breite - self.bau.zellrand_pt - zelle.einzug_pt + TOLERANZ_PT

            def passt(wort: str) -> bool:
                return breite_pt(wort, schrift.name, plan.halbpunkte, zelle.fett) <= verfuegbar

            for t in p.iter(qn("w:t")):
                t.text = trennen(t.text or "", passt)
