"""Word footnotes: the mark in the text while the body is built, the notes part afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from lxml import etree

from ...fehler import Ort
from ...inhalt.modell import Absatz, Block, FussnotenVerweis
from .ooxml import W_NS, absatz, element, feld, lauf
from .stile import Stile

if TYPE_CHECKING:
    from .bloecke import Baukontext

TYP = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
LEER = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
"""A notes part with Word's two separators, for templates that have none."""


class Fussnoten:
    """Collects the footnotes while the body is built and writes them into the notes part.

    `vorlage_noten` are the ids of notes the template's own text refers to; they stay, and the
    report's notes get ids above them. Every other note of the template (pandoc's reference.docx
    brings a sample "Footnote Text.") is removed: LibreOffice would print it in place of the
    report's first footnote.
    """

    def __init__(self, stile: Stile, vorlage_noten: set[int] = frozenset()):
        self.stile = stile
        self.vorlage_noten = set(vorlage_noten)
        self.versatz = max(self.vorlage_noten, default=0)
        self._noten: dict[int, list[Block]] = {}

    def zeichen(self, f: FussnotenVerweis, lesezeichen_id: Callable[[], int]) -> list[etree._Element]:
        """Return the runs that mark footnote `f` in the text, and remember its text.

        The first mark is the footnote's reference, inside a bookmark; a footnote referred to
        again (`[^1]` twice) is a NOTEREF field to that bookmark, printed as the same number in
        the footnote mark's style – a second footnoteReference would make Word and LibreOffice
        count a new, empty footnote.
        """
        marke = f"_RefFussnote{f.nummer}"
        if f.nummer in self._noten:
            zahl = element("w:t")
            zahl.text = str(f.nummer)
            return feld(f"NOTEREF {marke} \\f \\h", [self._zeichen(zahl)])
        self._noten[f.nummer] = f.inhalt
        bid = lesezeichen_id()
        return [
            element("w:bookmarkStart", id=bid, name=marke),
            self._zeichen(element("w:footnoteReference", id=f.nummer + self.versatz)),
            element("w:bookmarkEnd", id=bid),
        ]

    def _zeichen(self, kind: etree._Element) -> etree._Element:
        r = element("w:r")
        stil = self.stile.id("footnote reference", "character")
        if stil:
            r.get_or_add_rPr().style = stil
        else:
            r.get_or_add_rPr().get_or_add_vertAlign().set(f"{{{W_NS}}}val", "superscript")
        r.append(kind)
        return r

    def schreiben(
        self, docx: Document, block: Callable[[Block], list[etree._Element]], bau: Baukontext
    ) -> None:
        """Write every collected footnote into the document's notes part (created if missing).

        `block` renders a block of the footnote's text (footnotes may hold references and links);
        the hyperlinks and pictures it makes are related from the notes part (`k.beziehungsteil`).
        """
        wurzel, roh, teil = _notenteil(docx, anlegen=bool(self._noten))
        if wurzel is None:
            return
        bau.beziehungsteil = teil
        try:
            self._eintragen(wurzel, block)
        finally:
            bau.beziehungsteil = None
        if roh is not None:  # a part python-docx keeps as bytes: write the edited copy back
            roh._blob = etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _eintragen(self, wurzel: etree._Element, block: Callable[[Block], list[etree._Element]]) -> None:
        for alt in list(wurzel.iter(f"{{{W_NS}}}footnote")):
            art = alt.get(f"{{{W_NS}}}type", "normal")
            if art == "normal" and int(alt.get(f"{{{W_NS}}}id", "0")) not in self.vorlage_noten:
                wurzel.remove(alt)
        stil = self.stile.id("footnote text") or self.stile.id("normal")
        for nummer, bloecke in self._noten.items():
            fn = element("w:footnote", id=nummer + self.versatz)
            absaetze = [e for b in bloecke or [Absatz([], Ort())] for e in block(b)]
            erster = absaetze[0] if absaetze else absatz(stil, [])
            for p in absaetze:
                if p.pPr is not None and p.pPr.pStyle is not None:
                    p.pPr.style = stil
            position = 1 if erster.pPr is not None else 0
            erster.insert(position, self._zeichen(element("w:footnoteRef")))
            erster.insert(position + 1, lauf(" "))
            for p in absaetze or [erster]:
                fn.append(p)
            wurzel.append(fn)


def verwiesene_noten(geschichten: list[etree._Element]) -> set[int]:
    """Return the ids of the footnotes the given body and parts refer to."""
    return {int(r.get(f"{{{W_NS}}}id")) for g in geschichten for r in g.iter(f"{{{W_NS}}}footnoteReference")}


def _notenteil(docx: Document, anlegen: bool) -> tuple[etree._Element | None, Part | None, Part | None]:
    """Return the root of the notes part (created if `anlegen`), the raw part if python-docx
    keeps it as bytes, and the part itself."""
    teil = docx.part
    for rel in teil.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            ziel = rel.target_part
            if hasattr(ziel, "element"):
                return ziel.element, None, ziel
            return parse_xml(ziel.blob), ziel, ziel
    if not anlegen:
        return None, None, None
    neu = XmlPart(PackURI("/word/footnotes.xml"), TYP, parse_xml(LEER), teil.package)
    teil.relate_to(neu, RT.FOOTNOTES)
    return neu.element, None, neu
