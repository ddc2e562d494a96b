"""A reviewer's work on a review copy, written into the file the way Word writes it.

Word's markup for what a reviewer does, as the real Word files of ../shared/fixtures/docx show it
(pandoc's comments.docx, track_changes_*.docx, paragraph_insertion_deletion.docx): an insertion is
a `w:ins` around a new run that copies the properties of the run it was typed into; a deletion
is a `w:del` around the old run with `w:delText`; a split paragraph keeps the first half with
its paragraph mark marked inserted (`w:pPr/w:rPr/w:ins`), the bookmark's start in the first half
and its end in the second; a comment is `commentRangeStart`/`commentRangeEnd` around the text and
a run with `commentReference`, its text in comments.xml with a `w14:paraId`, replies and the
resolved state in commentsExtended.xml (`w15:paraIdParent`, `w15:done`); an edit without
tracking simply changes the `w:t`.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
W15 = f"{{{W15_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DATUM = "2026-12-02T10:15:00Z"


class Rueckgabe:
    """An opened review copy; edit it like a reviewer, then `speichern`."""

    def __init__(self, pfad: Path):
        self.pfad = pfad
        with zipfile.ZipFile(pfad) as z:
            self.teile = {n: z.read(n) for n in z.namelist()}
        self.dokument = etree.fromstring(self.teile["word/document.xml"])
        self.kommentare: list[tuple[str, str, str, str | None, bool]] = []
        self.links: list[tuple[str, str]] = []
        self._id = 9000

    # -- finding --------------------------------------------------------------------------------

    def absatz(self, anfang: str) -> etree._Element:
        """The first body paragraph whose text starts with `anfang`."""
        treffer = [p for p in self.dokument.iter(f"{W}p") if _text(p).startswith(anfang)]
        assert treffer, anfang
        return treffer[0]

    def _lauf_bei(self, p: etree._Element, stelle: int) -> etree._Element:
        """The run that starts at character `stelle` of the paragraph's text (split off the run
        holding it if need be)."""
        r, versatz = _lauf_mit(p, stelle)
        if versatz == 0:
            return r
        t = r.find(f"{W}t")
        zweiter = copy.deepcopy(r)
        t.text, zweiter.find(f"{W}t").text = t.text[:versatz], t.text[versatz:]
        for x in (t, zweiter.find(f"{W}t")):
            x.set(XML_SPACE, "preserve")
        r.addnext(zweiter)
        return zweiter

    def _naechste_id(self) -> str:
        self._id += 1
        return str(self._id)

    # -- tracked edits --------------------------------------------------------------------------

    def einfuegen(
        self, anfang: str, nach: str, text: str, autor: str = "Anna Schmidt", fett: bool = False
    ) -> None:
        """Type `text` right after the first `nach` in the paragraph starting with `anfang`
        (`fett`: switching bold on first, Ctrl+B)."""
        p = self.absatz(anfang)
        stelle = _text(p).index(nach) + len(nach)
        if stelle < len(_text(p)):
            self._lauf_bei(p, stelle)
        r, _ = _lauf_mit(p, stelle - 1)  # typed text takes the formatting of the text before it
        neu = copy.deepcopy(r)
        for e in list(neu):
            if e.tag != f"{W}rPr":
                neu.remove(e)
        if fett:
            rpr = neu.find(f"{W}rPr")
            if rpr is None:
                rpr = etree.Element(f"{W}rPr")
                neu.insert(0, rpr)
            rpr.insert(0, etree.Element(f"{W}b"))
        t = etree.SubElement(neu, f"{W}t")
        t.text = text
        t.set(XML_SPACE, "preserve")
        ins = etree.Element(
            f"{W}ins", {f"{W}id": self._naechste_id(), f"{W}author": autor, f"{W}date": DATUM}
        )
        ins.append(neu)
        r.addnext(ins)

    def link_einfuegen(
        self, anfang: str, nach: str, text: str, adresse: str, autor: str = "Anna Schmidt"
    ) -> None:
        """Insert a new hyperlink after `nach` (Ctrl+K), tracked, as Word writes it: the
        `w:hyperlink` with the relationship to the address, its run inside a `w:ins`."""
        self.einfuegen(anfang, nach, text, autor)
        ins = next(e for e in self.absatz(anfang).iter(f"{W}ins") if _text(e) == text)
        rid = f"rIdLink{len(self.links) + 1}"
        self.links.append((rid, adresse))
        link = etree.Element(f"{W}hyperlink", {f"{{{R_NS}}}id": rid, f"{W}history": "1"})
        ins.addprevious(link)
        link.append(ins)

    def loeschen(self, anfang: str, text: str, autor: str = "Anna Schmidt") -> None:
        """Delete the first `text` of the paragraph starting with `anfang`, tracked."""
        p = self.absatz(anfang)
        von = _text(p).index(text)
        self._lauf_bei(p, von)
        if von + len(text) < len(_text(p)):
            self._lauf_bei(p, von + len(text))
        laeufe, gesehen = [], 0
        for r in p.iter(f"{W}r"):
            t = r.find(f"{W}t")
            if t is None:
                continue
            if von <= gesehen < von + len(text):
                laeufe.append(r)
            gesehen += len(t.text or "")
        loesch = etree.Element(
            f"{W}del", {f"{W}id": self._naechste_id(), f"{W}author": autor, f"{W}date": DATUM}
        )
        laeufe[0].addprevious(loesch)
        for r in laeufe:
            loesch.append(r)
            t = r.find(f"{W}t")
            t.tag = f"{W}delText"

    def teilen(self, anfang: str, vor: str, autor: str = "Anna Schmidt") -> None:
        """Press Enter before the first `vor` in the paragraph starting with `anfang`."""
        p = self.absatz(anfang)
        stelle = _text(p).index(vor)
        r = self._lauf_bei(p, stelle)
        zweiter = etree.Element(f"{W}p")
        ppr = p.find(f"{W}pPr")
        if ppr is not None:
            zweiter.append(copy.deepcopy(ppr))
        else:
            ppr = etree.SubElement(p, f"{W}pPr")
            p.insert(0, ppr)
        folgende = [r] + [e for e in r.itersiblings()]
        for e in folgende:
            zweiter.append(e)
        rpr = ppr.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, f"{W}rPr")
        marke = etree.Element(
            f"{W}ins", {f"{W}id": self._naechste_id(), f"{W}author": autor, f"{W}date": DATUM}
        )
        rpr.insert(0, marke)  # first in the paragraph mark's properties, as the schema orders them
        p.addnext(zweiter)

    def verbinden(self, anfang: str, autor: str = "Anna Schmidt") -> None:
        """Delete the paragraph mark at the end of the paragraph starting with `anfang` (joined
        with the next), tracked."""
        p = self.absatz(anfang)
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.Element(f"{W}pPr")
            p.insert(0, ppr)
        rpr = ppr.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, f"{W}rPr")
        rpr.insert(
            0,
            etree.Element(f"{W}del", {f"{W}id": self._naechste_id(), f"{W}author": autor, f"{W}date": DATUM}),
        )

    def fett_machen(self, anfang: str, text: str, autor: str = "Anna Schmidt") -> None:
        """Make `text` of the paragraph bold, tracked (w:rPrChange keeps the old properties)."""
        p = self.absatz(anfang)
        von = _text(p).index(text)
        r = self._lauf_bei(p, von)
        if von + len(text) < len(_text(p)):
            self._lauf_bei(p, von + len(text))
        rpr = r.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.Element(f"{W}rPr")
            r.insert(0, rpr)
        alt = etree.Element(
            f"{W}rPrChange", {f"{W}id": self._naechste_id(), f"{W}author": autor, f"{W}date": DATUM}
        )
        alt.append(copy.deepcopy(rpr))
        alt[0].tag = f"{W}rPr"
        rpr.insert(0, etree.Element(f"{W}b"))
        rpr.append(alt)

    def fussnote_ergaenzen(self, nach: str, text: str, autor: str = "Anna Schmidt") -> None:
        """Type `text` after `nach` in a footnote, tracked."""
        noten = etree.fromstring(self.teile["word/footnotes.xml"])
        t = next(t for t in noten.iter(f"{W}t") if nach in (t.text or ""))
        r = t.getparent()
        neu = copy.deepcopy(r)
        neu.find(f"{W}t").text = text
        ins = etree.Element(
            f"{W}ins", {f"{W}id": self._naechste_id(), f"{W}author": autor, f"{W}date": DATUM}
        )
        ins.append(neu)
        r.addnext(ins)
        self.teile["word/footnotes.xml"] = etree.tostring(
            noten, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def ohne_verfolgung(self, anfang: str, alt: str, neu: str) -> None:
        """Change text in place with tracking switched off."""
        p = self.absatz(anfang)
        for t in p.iter(f"{W}t"):
            if alt in (t.text or ""):
                t.text = t.text.replace(alt, neu, 1)
                return
        raise AssertionError(alt)

    # -- comments -------------------------------------------------------------------------------

    def kommentieren(
        self,
        anfang: str,
        bezug: str,
        text: str,
        autor: str = "Anna Schmidt",
        antwort_auf: int | None = None,
        erledigt: bool = False,
    ) -> int:
        """Comment on `bezug` in the paragraph starting with `anfang`; return the comment's
        index (for a reply). A reply has its own range on the same text, as Word writes it."""
        p = self.absatz(anfang)
        von = _text(p).index(bezug)
        erster = self._lauf_bei(p, von)
        letzter, _ = _lauf_mit(p, von + len(bezug) - 1)
        if von + len(bezug) < len(_text(p)):
            letzter = self._lauf_bei(p, von + len(bezug)).getprevious()
        nummer = str(len(self.kommentare))
        erster.addprevious(etree.Element(f"{W}commentRangeStart", {f"{W}id": nummer}))
        ende = etree.Element(f"{W}commentRangeEnd", {f"{W}id": nummer})
        letzter.addnext(ende)
        ref = etree.Element(f"{W}r")
        etree.SubElement(etree.SubElement(ref, f"{W}rPr"), f"{W}rStyle", {f"{W}val": "CommentReference"})
        etree.SubElement(ref, f"{W}commentReference", {f"{W}id": nummer})
        ende.addnext(ref)
        eltern = None if antwort_auf is None else self.kommentare[antwort_auf][0]
        self.kommentare.append((f"{0x1A2B3C00 + len(self.kommentare):08X}", autor, text, eltern, erledigt))
        return len(self.kommentare) - 1

    # -- saving ---------------------------------------------------------------------------------

    def speichern(self, ziel: Path) -> Path:
        teile = dict(self.teile)
        teile["word/document.xml"] = etree.tostring(
            self.dokument, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        if self.kommentare:
            teile.update(self._kommentarteile(teile))
        if self.links:
            rels = etree.fromstring(teile["word/_rels/document.xml.rels"])
            ns_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
            for rid, adresse in self.links:
                etree.SubElement(
                    rels,
                    f"{{{ns_rel}}}Relationship",
                    Id=rid,
                    Type=f"{R_NS}/hyperlink",
                    Target=adresse,
                    TargetMode="External",
                )
            teile["word/_rels/document.xml.rels"] = etree.tostring(
                rels, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        with zipfile.ZipFile(ziel, "w", zipfile.ZIP_DEFLATED) as z:
            for name, daten in teile.items():
                z.writestr(name, daten)
        return ziel

    def _kommentarteile(self, teile: dict[str, bytes]) -> dict[str, bytes]:
        kommentare = etree.Element(f"{W}comments", nsmap={"w": W_NS, "w14": W14[1:-1]})
        erweitert = etree.Element(f"{W15}commentsEx", nsmap={"w15": W15_NS})
        for nummer, (para, autor, text, eltern, erledigt) in enumerate(self.kommentare):
            c = etree.SubElement(
                kommentare,
                f"{W}comment",
                {f"{W}id": str(nummer), f"{W}author": autor, f"{W}date": DATUM, f"{W}initials": autor[:1]},
            )
            p = etree.SubElement(c, f"{W}p", {f"{W14}paraId": para})
            etree.SubElement(etree.SubElement(p, f"{W}pPr"), f"{W}pStyle", {f"{W}val": "CommentText"})
            r = etree.SubElement(p, f"{W}r")
            etree.SubElement(r, f"{W}annotationRef")
            etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = text
            attrs = {f"{W15}paraId": para, f"{W15}done": "1" if erledigt else "0"}
            if eltern:
                attrs[f"{W15}paraIdParent"] = eltern
            etree.SubElement(erweitert, f"{W15}commentEx", attrs)
        rels_name = "word/_rels/document.xml.rels"
        rels = etree.fromstring(teile[rels_name])
        typen = etree.fromstring(teile["[Content_Types].xml"])
        ns_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
        ns_ct = "http://schemas.openxmlformats.org/package/2006/content-types"
        for name, typ, ct in (
            (
                "comments.xml",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
            ),
            (
                "commentsExtended.xml",
                "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
            ),
        ):
            etree.SubElement(rels, f"{{{ns_rel}}}Relationship", Id=f"rIdK{name[:12]}", Type=typ, Target=name)
            etree.SubElement(typen, f"{{{ns_ct}}}Override", PartName=f"/word/{name}", ContentType=ct)
        return {
            "word/comments.xml": etree.tostring(
                kommentare, xml_declaration=True, encoding="UTF-8", standalone=True
            ),
            "word/commentsExtended.xml": etree.tostring(
                erweitert, xml_declaration=True, encoding="UTF-8", standalone=True
            ),
            rels_name: etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True),
            "[Content_Types].xml": etree.tostring(
                typen, xml_declaration=True, encoding="UTF-8", standalone=True
            ),
        }


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _lauf_mit(p: etree._Element, stelle: int) -> tuple[etree._Element, int]:
    """The run holding character `stelle` of the paragraph's text, and where in it."""
    gesehen = 0
    for r in p.iter(f"{W}r"):
        t = r.find(f"{W}t")
        if t is None or not t.text:
            continue
        if gesehen <= stelle < gesehen + len(t.text):
            return r, stelle - gesehen
        gesehen += len(t.text)
    raise AssertionError(f"Stelle {stelle} nicht im Absatz")
