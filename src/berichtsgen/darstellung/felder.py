"""Fields of the template's headers and footers that would print an error or a wrong number.

- STYLEREF to a style no paragraph of the report uses prints "Error! No text of specified style
  in document." (often already cached in the template): such a field is replaced by its value – the
  report's title for a title or subtitle style, nothing otherwise.
- A cached field result that is an error message is replaced the same way.
- STYLEREF to a style the report does use (a running chapter heading) stays a field: Word and
  LibreOffice (from 24.2, the version berichtsgen requires) print the current chapter's title. Its
  cached result, shown only until a program computes the field, is the report's title instead of
  whatever the template's author had there.
- NUMPAGES counts every page, so a footer "Seite 3/37" in a report whose body starts at page 1
  after roman front matter is wrong. Once the PDF is laid out, `gesamtseiten_eintragen` writes the
  page total of the part a footer sits in (body, or front matter through copies of its headers and
  footers) and the PDF is exported again.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml import etree

from .ooxml import lauf, qn
from .stile import ALIASSE, Stile

FEHLERTEXT = re.compile(
    r"(Error!|Fehler!|No text of specified style|Kein Text mit angegebener Formatvorlage)", re.I
)
"""How Word's field errors read (English and German)."""
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class _Feld:
    """A complex field: its runs from begin to end, its code, and its cached result."""

    laeufe: list[etree._Element]
    code: str
    ergebnis: str


def _felder(wurzel: etree._Element) -> list[_Feld]:
    """Find the complex fields of a part (begin … separate … end, all in one paragraph)."""
    felder = []
    for p in wurzel.iter(qn("w:p")):
        offen: list[etree._Element] | None = None
        tiefe = 0
        for r in p.iter(qn("w:r")):
            zeichen = r.find(qn("w:fldChar"))
            art = zeichen.get(qn("w:fldCharType")) if zeichen is not None else None
            if art == "begin":
                tiefe += 1
                if tiefe == 1:
                    offen = []
            if offen is not None:
                offen.append(r)
            if art == "end":
                tiefe -= 1
                if tiefe == 0 and offen is not None:
                    code = "".join(i.text or "" for x in offen for i in x.iter(qn("w:instrText")))
                    getrennt = [x for x in offen if x.find(qn("w:fldChar")) is not None]
                    trenner = next(
                        (
                            x
                            for x in getrennt
                            if x.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate"
                        ),
                        None,
                    )
                    ergebnis = ""
                    if trenner is not None:
                        nach = offen[offen.index(trenner) + 1 : -1]
                        ergebnis = "".join(t.text or "" for x in nach for t in x.iter(qn("w:t")))
                    felder.append(_Feld(offen, code.strip(), ergebnis))
                    offen = None
    return felder


def _ersetzen(feld: _Feld, text: str) -> None:
    """Replace a complex field by a plain run with `text` (keeping the first run's formatting)."""
    erster = feld.laeufe[0]
    neu = lauf(text) if text else None
    rpr = erster.find(qn("w:rPr"))
    if neu is not None and rpr is not None:
        neu.insert(0, copy.deepcopy(rpr))
    if neu is not None:
        erster.addprevious(neu)
    for r in feld.laeufe:
        r.getparent().remove(r)


def _ergebnis_setzen(feld: _Feld, text: str) -> None:
    """Set the cached result of a complex field to `text`."""
    trenner = next(
        (
            r
            for r in feld.laeufe
            if (z := r.find(qn("w:fldChar"))) is not None and z.get(qn("w:fldCharType")) == "separate"
        ),
        None,
    )
    if trenner is None:
        return
    for r in feld.laeufe[feld.laeufe.index(trenner) + 1 : -1]:
        r.getparent().remove(r)
    neu = lauf(text)
    rpr = feld.laeufe[0].find(qn("w:rPr"))
    if rpr is not None:
        neu.insert(0, copy.deepcopy(rpr))
    trenner.addnext(neu)


def _styleref_stil(code: str, stile: Stile) -> str | None:
    """Return the style ID a STYLEREF code names (by name as Word shows it, built-in name or ID)."""
    treffer = re.match(r'STYLEREF\s+(?:"([^"]+)"|(\S+))', code, re.I)
    if not treffer:
        return None
    name = (treffer.group(1) or treffer.group(2)).strip()
    klein = ALIASSE.get(name.lower(), name.lower())
    for (art, eingebaut), sid in stile.ids.items():
        if art == "paragraph" and eingebaut == klein:
            return sid
    for sid, anzeige in stile.namen.items():
        if anzeige.lower() == name.lower() or sid.lower() == name.lower():
            return sid
    return None


def kopf_fuss_reparieren(docx: Document, stile: Stile, titel: str, untertitel: str) -> list[str]:
    """Repair the fields of every header and footer after the body is rendered; return notices."""
    benutzt = {e.get(qn("w:val")) for e in docx.element.body.iter(qn("w:pStyle"))}
    hinweise: list[str] = []
    for rel in list(docx.part.rels.values()):
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        for feld in _felder(rel.target_part.element):
            art = feld.code.split()[0].upper() if feld.code.split() else ""
            if art == "STYLEREF":
                sid = _styleref_stil(feld.code, stile)
                eingebaut = next((n for (a, n), i in stile.ids.items() if i == sid and a == "paragraph"), "")
                if sid is not None and sid in benutzt and eingebaut not in ("title", "subtitle"):
                    _ergebnis_setzen(feld, titel)  # Word and LibreOffice compute it: the chapter
                    continue
                wert = titel if eingebaut == "title" else untertitel if eingebaut == "subtitle" else ""
                _ersetzen(feld, wert)
                hinweise.append(
                    f"Feld STYLEREF in Kopf-/Fußzeile durch „{wert}“ ersetzt (der Berichtstext verwendet "
                    "diese Formatvorlage nicht)."
                    if wert
                    else "Feld STYLEREF in Kopf-/Fußzeile verweist auf eine Formatvorlage, die der Bericht nicht "
                    "verwendet; entfernt."
                )
            elif FEHLERTEXT.search(feld.ergebnis) and art not in ("PAGE", "NUMPAGES", "SECTIONPAGES"):
                _ersetzen(feld, "")
                hinweise.append(f"Feld {art} in Kopf-/Fußzeile zeigte einen Fehler; entfernt.")
    return hinweise


def _hat_numpages(wurzel: etree._Element) -> bool:
    if any(f.code.split()[:1] == ["NUMPAGES"] for f in _felder(wurzel)):
        return True
    return any(e.get(qn("w:instr"), "").split()[:1] == ["NUMPAGES"] for e in wurzel.iter(qn("w:fldSimple")))


def hat_gesamtseiten(docx: Document) -> bool:
    """Tell whether a header or footer counts the pages (NUMPAGES)."""
    return any(
        not rel.is_external
        and rel.reltype in (RT.HEADER, RT.FOOTER)
        and _hat_numpages(rel.target_part.element)
        for rel in docx.part.rels.values()
    )


def gesamtseiten_eintragen(docx: Document, koerper: str, vorspann: str | None) -> None:
    """Replace NUMPAGES in headers and footers by the page total of the part they sit in.

    `koerper` is the body's total as printed ("4"); `vorspann` the front matter's ("iii"), or None
    when the report is numbered through. The front matter's section gets its own copies of the
    headers and footers concerned.
    """
    teile = [
        rel
        for rel in list(docx.part.rels.values())
        if not rel.is_external
        and rel.reltype in (RT.HEADER, RT.FOOTER)
        and _hat_numpages(rel.target_part.element)
    ]
    if vorspann is not None:
        erster = next(
            (
                p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
                for p in docx.element.body.iter(qn("w:p"))
                if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
            ),
            None,
        )
        for rel in teile if erster is not None else []:
            kopie = _teil_kopieren(docx, rel.target_part, rel.reltype)
            _numpages_ersetzen(kopie.element, vorspann)
            neu = docx.part.relate_to(kopie, rel.reltype)
            for verweis in erster:
                if verweis.get(qn("r:id")) == rel.rId:
                    verweis.set(qn("r:id"), neu)
    for rel in teile:
        _numpages_ersetzen(rel.target_part.element, koerper)


def _numpages_ersetzen(wurzel: etree._Element, zahl: str) -> None:
    for feld in _felder(wurzel):
        if feld.code.split()[:1] == ["NUMPAGES"]:
            _ersetzen(feld, zahl)
    for einfach in list(wurzel.iter(qn("w:fldSimple"))):
        if einfach.get(qn("w:instr"), "").split()[:1] == ["NUMPAGES"]:
            einfach.addprevious(lauf(zahl))
            einfach.getparent().remove(einfach)


def _teil_kopieren(docx: Document, teil, reltype: str):
    """Copy a header or footer part with its relationships (pictures in a header)."""
    klasse = HeaderPart if reltype == RT.HEADER else FooterPart
    kopie = klasse.new(docx.part.package)
    wurzel = copy.deepcopy(teil.element)
    zuordnung = {}
    for rid, rel in teil.rels.items():
        if rel.is_external:
            zuordnung[rid] = kopie.relate_to(rel.target_ref, rel.reltype, is_external=True)
        else:
            zuordnung[rid] = kopie.relate_to(rel.target_part, rel.reltype)
    for e in wurzel.iter():
        for attr, wert in list(e.attrib.items()):
            if etree.QName(attr).namespace == R_NS and wert in zuordnung:
                e.set(attr, zuordnung[wert])
    naechste = _hoechste_zeichnungs_id(docx) + 1
    for doc_pr in wurzel.iter(qn("wp:docPr")):  # drawing ids are unique across the package
        doc_pr.set("id", str(naechste))
        naechste += 1
    kopie._element = wurzel
    return kopie


def _hoechste_zeichnungs_id(docx: Document) -> int:
    wurzeln = [docx.element] + [
        rel.target_part.element
        for rel in docx.part.rels.values()
        if not rel.is_external and hasattr(rel.target_part, "element")
    ]
    ids = (d.get("id", "") for w in wurzeln for d in w.iter(qn("wp:docPr")))
    return max((int(i) for i in ids if i.isdigit()), default=0)


def querformat_kopf_fuss(docx: Document) -> int:
    """Give landscape sections their own copies of headers and footers with anchored shapes.

    A logo or text box anchored to the page at a fixed offset (a footer box 27 cm below the top)
    would sit off the page or at its top on a landscape page; in the copies each offset keeps its
    distance to the nearer edge of the landscape page (or its margin). Return how many copies
    were made.
    """
    abschnitte = [s for s in docx.element.body.iter(qn("w:sectPr"))]
    hoch = next((s for s in abschnitte if not _quer(s)), None)
    if hoch is None:
        return 0
    kopien: dict[str, str] = {}
    for sectpr in abschnitte:
        if not _quer(sectpr):
            continue
        for verweis in sectpr:
            if etree.QName(verweis).localname not in ("headerReference", "footerReference"):
                continue
            rid = verweis.get(qn("r:id"))
            rel = docx.part.rels.get(rid)
            if rel is None or next(rel.target_part.element.iter(qn("wp:anchor")), None) is None:
                continue
            if rid not in kopien:
                kopie = _teil_kopieren(docx, rel.target_part, rel.reltype)
                _anker_drehen(kopie.element, _groesse(hoch), _groesse(sectpr))
                kopien[rid] = docx.part.relate_to(kopie, rel.reltype)
            verweis.set(qn("r:id"), kopien[rid])
    return len(kopien)


def _quer(sectpr: etree._Element) -> bool:
    w, h = _groesse(sectpr)
    return w > h


def _groesse(sectpr: etree._Element) -> tuple[int, int]:
    """Page width and height of a section in EMU (A4 portrait where the template does not say)."""
    pg = sectpr.find(qn("w:pgSz"))
    twips = (
        (int(pg.get(qn("w:w"), 11906)), int(pg.get(qn("w:h"), 16838))) if pg is not None else (11906, 16838)
    )
    return twips[0] * 635, twips[1] * 635


def _anker_drehen(wurzel: etree._Element, hoch: tuple[int, int], quer: tuple[int, int]) -> None:
    """Move page- and margin-relative anchor offsets so each keeps its distance to the nearer edge."""
    for anker in wurzel.iter(qn("wp:anchor")):
        for achse, alt, neu in (("positionH", hoch[0], quer[0]), ("positionV", hoch[1], quer[1])):
            position = anker.find(qn(f"wp:{achse}"))
            versatz = position.find(qn("wp:posOffset")) if position is not None else None
            if versatz is None or position.get("relativeFrom") not in ("page", "margin"):
                continue
            wert = int(versatz.text or 0)
            if wert > alt / 2:  # nearer the far edge (right, bottom): keep that distance
                versatz.text = str(wert + neu - alt)
