"""Word sections: front matter with its own page numbering, landscape chapters and tables, odd-page starts.

Every section is a copy of the template's own section (page size, margins, headers, footers), so
headers and footers continue across a landscape part. A section break is a paragraph whose w:sectPr
describes the section that ends there; while the body is built, such paragraphs carry only a marker
(w:rsidSect), and `abschliessen` fills them once the template has been rendered.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from docx.enum.section import WD_ORIENT, WD_SECTION_START
from docx.oxml.section import CT_SectPr
from lxml import etree

from .ooxml import element, qn
from .schema import einfuegen

_MARKE = "BE"


@dataclass(frozen=True)
class Abschnitt:
    """How one section of the report is laid out."""

    quer: bool = False
    """Landscape pages."""
    zaehlung: str | None = None
    """Page number format ("decimal", "lowerRoman"), None to keep the template's, "keine" for none."""
    start: int | None = None
    """Restart page numbering at this number."""
    beginn: str = "nextPage"
    """How the section starts: "nextPage" or "oddPage" (for duplex printing)."""
    titelseite: bool = False
    """The first page is the title page (no header or footer)."""


class Abschnitte:
    """Collects the sections while the body is built, in document order."""

    def __init__(self, erster: Abschnitt):
        self.aktuell = erster
        self._beendet: list[Abschnitt] = []

    def wechsel(self, neu: Abschnitt) -> etree._Element:
        """End the current section and start `neu`; return the paragraph that marks the break."""
        self._beendet.append(self.aktuell)
        marke = element("w:sectPr", rsidSect=f"{_MARKE}{len(self._beendet):06X}")
        self.aktuell = neu
        return element("w:p", element("w:pPr", marke))

    def weiter(self, **aenderungen) -> Abschnitt:
        """Return the current section's layout with `aenderungen`, as a following section."""
        werte = {"titelseite": False, "start": None, "beginn": "nextPage", **aenderungen}
        return replace(self.aktuell, **werte)

    @property
    def gibt_wechsel(self) -> bool:
        return bool(self._beendet)

    def abschliessen(self, body: etree._Element) -> None:
        """Fill the break markers and the final section from the template's section properties."""
        letzte = body.find(qn("w:sectPr"))
        if letzte is None or not self._beendet:
            return
        vorlage = copy.deepcopy(letzte)
        self._leere_entfernen(body)
        for marke in list(body.iter(qn("w:sectPr"))):
            kennung = marke.get(qn("w:rsidSect"), "")
            if marke is letzte or not kennung.startswith(_MARKE):
                continue
            neu = copy.deepcopy(vorlage)
            _anwenden(neu, self._beendet[int(kennung[len(_MARKE) :], 16) - 1])
            marke.getparent().replace(marke, neu)
        _anwenden(letzte, self.aktuell)

    def _leere_entfernen(self, body: etree._Element) -> None:
        """Drop a section with nothing in it – a break right after a break, e.g. a landscape table
        at the end of a chapter followed by a landscape chapter – which would print as a blank
        page; the section after it takes over its page numbering restart."""
        kinder = list(body)
        for vorher, marke in zip(kinder, kinder[1:], strict=False):
            if not (_nur_wechsel(vorher) and _nur_wechsel(marke)):
                continue
            n = int(marke.find(f"{qn('w:pPr')}/{qn('w:sectPr')}").get(qn("w:rsidSect"))[len(_MARKE) :], 16)
            leer = self._beendet[n - 1]
            folgende = self._beendet[n] if n < len(self._beendet) else self.aktuell
            uebernommen = replace(
                folgende,
                start=folgende.start if folgende.start is not None else leer.start,
                zaehlung=folgende.zaehlung or leer.zaehlung,
            )
            if n < len(self._beendet):
                self._beendet[n] = uebernommen
            else:
                self.aktuell = uebernommen
            body.remove(marke)


def _anwenden(sectpr: CT_SectPr, a: Abschnitt) -> None:
    sectpr.start_type = WD_SECTION_START.ODD_PAGE if a.beginn == "oddPage" else WD_SECTION_START.NEW_PAGE
    for alt in sectpr.findall(qn("w:pgNumType")):
        sectpr.remove(alt)
    groesse = sectpr.pgSz
    if groesse is None and a.quer:  # the template does not say: A4
        groesse = sectpr.get_or_add_pgSz()
        groesse.set(qn("w:w"), "11906")
        groesse.set(qn("w:h"), "16838")
    if groesse is not None:
        b, h = int(groesse.get(qn("w:w"), 11906)), int(groesse.get(qn("w:h"), 16838))
        kurz, lang = sorted((b, h))
        groesse.set(qn("w:w"), str(lang if a.quer else kurz))
        groesse.set(qn("w:h"), str(kurz if a.quer else lang))
        sectpr.orientation = WD_ORIENT.LANDSCAPE if a.quer else WD_ORIENT.PORTRAIT
    if a.zaehlung == "keine":
        for art in ("headerReference", "footerReference"):
            for ref in sectpr.findall(qn(f"w:{art}")):
                if ref.get(qn("w:type")) in ("default", "even"):
                    sectpr.remove(ref)
    nummern = {}
    if a.zaehlung and a.zaehlung != "keine":
        nummern["fmt"] = a.zaehlung
    if a.start is not None:
        nummern["start"] = a.start
    if nummern:
        einfuegen(sectpr, element("w:pgNumType", **nummern))
    sectpr.titlePg_val = a.titelseite


def _nur_wechsel(e: etree._Element) -> bool:
    """A paragraph that holds nothing but a section break marker of berichtsgen."""
    if etree.QName(e).localname != "p" or len(e) != 1:
        return False
    ppr = e[0]
    sectpr = ppr.find(qn("w:sectPr"))
    return (
        etree.QName(ppr).localname == "pPr"
        and len(ppr) == 1
        and sectpr is not None
        and sectpr.get(qn("w:rsidSect"), "").startswith(_MARKE)
    )
