"""Table of contents and lists of figures and tables as Word fields, filled with laid-out page numbers.

While the body is built, each index is a TOC field with a placeholder. After LibreOffice has laid
out the PDF, `fuellen` writes its entries with their page numbers into the fields' cached result,
so that the Word file opens with finished indexes (and Word can still rebuild them with F9).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Length, Twips
from lxml import etree

from .bloecke import Baukontext, Verzeichniseintrag
from .ooxml import absatz, element, feld, ganze_twips, lauf, qn
from .schema import stile_ordnen
from .stile import Stile

PLATZHALTER = "Verzeichnis in Word mit „Felder aktualisieren“ (F9) füllen."


class Gelegt(Protocol):
    """An index as the PDF export laid it out (`export.Verzeichnis`)."""

    art: str
    eintraege: list[tuple[str, str]]


@dataclass
class WordDokument:
    """A rendered report: the document and what its indexes list, for filling them later."""

    docx: Document
    stile: Stile
    textbreite: Length
    verzeichnis: dict[str, list[Verzeichniseintrag]]
    """Entries of each index ("inhalt" or a caption label) in document order."""
    hinweise: list[str] = field(default_factory=list)
    """Notices about what rendering changed in the template (fields repaired)."""
    anker: list[dict] = field(default_factory=list)
    """In a review copy: each source block's bookmark, file, line and text (`Baukontext.anker`)."""


def verzeichnis(
    bau: Baukontext, titel: str, anweisung: str, neue_seite: bool, ueberschrift: bool = True
) -> list[etree._Element]:
    """Return the heading and the field paragraph of an index (`anweisung`: the TOC field code)."""
    stile = bau.stile
    stil = stile.id("heading 1") if ueberschrift else (stile.id("toc heading") or stile.id("normal"))
    laeufe = [lauf(titel, fett=not ueberschrift and not stile.id("toc heading"))]
    if ueberschrift:
        laeufe = bau.eintragen("inhalt", 1, titel, laeufe)
    kopf = absatz(stil, laeufe, seitenumbruch=neue_seite, num=bau.ohne_nummer(stil))  # never "17. Tabellen…"
    return [kopf, absatz(stile.id("normal"), feld(anweisung, [lauf(PLATZHALTER)]))]


def fuellen(dokument: WordDokument, gelegt: list[Gelegt]) -> list[str]:
    """Write the laid-out entries into the cached results of the index fields of `dokument`.

    `gelegt` are the indexes in document order. An index whose entries do not match what the
    report holds keeps its placeholder; the returned hints say which.
    """
    hinweise: list[str] = []
    offen = list(gelegt)
    for p in list(dokument.docx.element.body.iter(qn("w:p"))):
        anweisung = "".join(t.text or "" for t in p.iter(qn("w:instrText"))).strip()
        if not anweisung.startswith("TOC"):
            continue
        art = re.search(r'\\c\s+"([^"]+)"', anweisung)
        art = art.group(1) if art else "inhalt"
        verzeichnis = next((v for v in offen if v.art == art), None)
        eigene = dokument.verzeichnis.get(art, [])
        if verzeichnis is None or len(verzeichnis.eintraege) != len(eigene) or not eigene:
            name = "Inhaltsverzeichnis" if art == "inhalt" else f"Verzeichnis „{art}“"
            hinweise.append(f"{name}: Seitenzahlen nicht übernommen; Word füllt es mit F9.")
            continue
        offen.remove(verzeichnis)
        neu = [
            _eintrag(dokument, e, seite, art)
            for e, (_text, seite) in zip(eigene, verzeichnis.eintraege, strict=True)
        ]
        laeufe = [r for r in p if etree.QName(r).localname == "r"]
        anfang = laeufe[:3]  # begin, instruction, separate
        ende = laeufe[-1]
        ppr_erster = neu[0].pPr
        for i, r in enumerate(anfang):
            ppr_erster.addnext(r) if i == 0 else anfang[i - 1].addnext(r)
        neu[-1].append(ende)
        for e in neu:
            p.addprevious(e)
        p.getparent().remove(p)
    return hinweise


def _eintrag(dokument: WordDokument, eintrag: Verzeichniseintrag, seite: str, art: str) -> etree._Element:
    stile = dokument.stile
    stil = stile.id(f"toc {eintrag.ebene}") if art == "inhalt" else stile.id("table of figures")
    p = absatz(stil or stile.id("normal"), [])
    ppr = p.pPr
    rechts = Twips(ganze_twips(dokument.textbreite))
    ppr.get_or_add_tabs().insert_tab_in_order(rechts, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if stil is None and eintrag.ebene > 1:
        ppr.ind_left = Twips(284 * (eintrag.ebene - 1))
    link = element("w:hyperlink", anchor=eintrag.lesezeichen, history=1)
    link.append(lauf(eintrag.text))
    link.append(element("w:r", element("w:tab")))
    for r in feld(f"PAGEREF {eintrag.lesezeichen} \\h", [lauf(seite)]):
        link.append(r)
    p.append(link)
    return p


UEBERHANG = 2
"""Entries an index may spill onto a page of their own before it is set tighter."""


def ueberhang(seiten: list[list[int]]) -> bool:
    """Whether an index (entries per page, from the PDF) spills one or two entries onto a page."""
    return any(len(s) > 1 and s[-1] <= UEBERHANG for s in seiten)


def verdichten(dokument: WordDokument) -> bool:
    """Set the index entry styles tighter (no space between entries, single line spacing), so that
    an index overflowing its page by a line or two fits; return whether a style changed."""
    styles = dokument.docx.part.styles.element
    geaendert = False
    for name in ("toc 1", "toc 2", "toc 3", "table of figures"):
        sid = dokument.stile.id(name)
        stil = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{sid}']") if sid else None
        if stil is None:
            continue
        ppr = stil.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.SubElement(stil, qn("w:pPr"))
        abstand = ppr.find(qn("w:spacing"))
        if abstand is None:
            abstand = etree.SubElement(ppr, qn("w:spacing"))
        for attr, wert in (("before", "0"), ("after", "0"), ("line", "240"), ("lineRule", "auto")):
            geaendert |= abstand.get(qn(f"w:{attr}")) != wert
            abstand.set(qn(f"w:{attr}"), wert)
        for attr in ("beforeLines", "afterLines", "beforeAutospacing", "afterAutospacing"):
            abstand.attrib.pop(qn(f"w:{attr}"), None)
    stile_ordnen(styles)
    return geaendert
