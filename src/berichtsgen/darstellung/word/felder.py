"""Fields of the template's headers and footers that would print an error or a wrong number.

Measured on LibreOffice 25.2.3 (the version berichtsgen supports from 24.2) with the exporter's
UNO path (fields refreshed, indexes updated); the 7.4 work-arounds (STYLEREF frozen to the report's
title, page totals frozen as text and a second export) are gone.

- STYLEREF to a style no paragraph of the report uses prints "Error! No text of specified style
  in document." in Word (often already cached in the template): such a field is replaced by its
  value – the report's title for a title or subtitle style, nothing otherwise.
- A cached field result that is an error message is replaced the same way.
- STYLEREF to a style the report does use (a running chapter heading) stays a field: Word (after
  F9, and on printing) and LibreOffice 25.2 print the current chapter's title on each page. Its
  cached result, shown only until a program computes the field, is the report's title instead of
  whatever the template's author had there.
- NUMPAGES counts every page, so "Seite 3/37" in a report whose body starts at page 1 after roman
  front matter is wrong – and LibreOffice 25.2 prints it in the current page's format ("Seite ii
  von x") counting the blank pages it inserts but does not export. `gesamtseiten_als_feld` turns
  it into PAGEREF to a bookmark at the end of the part (front matter, body); both programs compute
  that in the part's numbering, LibreOffice once the export sets the reference's format. After
  the export `gesamtseiten_eintragen` caches what LibreOffice printed in the Word file.
- On landscape pages the headers and footers are copies whose anchored shapes and tab stops fit
  the landscape page (`querformat_kopf_fuss`).
"""

from __future__ import annotations

import copy
import re

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml import etree

from ..paket import Feld, felder_finden
from .ooxml import element, lauf, qn
from .ooxml import feld as komplexes_feld
from .stile import ALIASSE, Stile

FEHLERTEXT = re.compile(
    r"(Error!|Fehler!|No text of specified style|Kein Text mit angegebener Formatvorlage)", re.I
)
"""How Word's field errors read (English and German)."""
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _ersetzen(feld: Feld, text: str) -> None:
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


def _ergebnis_setzen(feld: Feld, text: str) -> None:
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


_STYLEREF = re.compile(r'(STYLEREF\s+)(?:"([^"]+)"|(\S+))', re.I)


def _styleref_stil(code: str, stile: Stile, aliasse: dict[str, str]) -> str | None:
    """Return the style ID a STYLEREF code names: by its name, its built-in name (German or
    English), its ID, or one of its aliases (`aliasse`: alias in lower case → ID; Word lets a
    field name "h1,Level 1 Topic Heading" for a Heading 1 with those aliases)."""
    name = _styleref_name(code)
    if name is None:
        return None
    klein = ALIASSE.get(name.lower(), name.lower())
    for (art, eingebaut), sid in stile.ids.items():
        if art == "paragraph" and eingebaut == klein:
            return sid
    for sid, anzeige in stile.namen.items():
        if anzeige.lower() == name.lower() or sid.lower() == name.lower():
            return sid
    return next((aliasse[t.strip().lower()] for t in name.split(",") if t.strip().lower() in aliasse), None)


def _styleref_name(code: str) -> str | None:
    """Return the style name a STYLEREF code gives ("Heading 1"), None for another field."""
    treffer = _STYLEREF.match(code)
    return (treffer.group(2) or treffer.group(3)).strip() if treffer else None


def _aliasse(docx: Document) -> dict[str, str]:
    """Map each alias of a style (w:aliases, comma-separated) in lower case to the style's ID."""
    aliasse = {}
    for stil in docx.part.styles.element.iter(qn("w:style")):
        e = stil.find(qn("w:aliases"))
        for alias in (e.get(qn("w:val"), "") if e is not None else "").split(","):
            if alias.strip() and stil.get(qn("w:styleId")):
                aliasse.setdefault(alias.strip().lower(), stil.get(qn("w:styleId")))
    return aliasse


def _beim_namen_nennen(feld: Feld, name: str) -> None:
    """Let a STYLEREF field name its style by `name` (the style's w:name).

    Measured on LibreOffice 25.2.3: STYLEREF finds a style by its name ("heading 1", "Heading 1")
    or ID ("Heading1"), but not by an alias ("h1", "h1,Level 1 Topic Heading"): the PDF printed
    "Error: Reference source not found". Word finds it by its name too.
    """
    _code_setzen(feld, _STYLEREF.sub(lambda m: f'{m.group(1)}"{name}"', feld.code, count=1))


def _code_setzen(feld: Feld, code: str) -> None:
    """Give a complex field the instruction `code` (in its first w:instrText)."""
    anweisungen = [i for r in feld.laeufe for i in r.iter(qn("w:instrText"))]
    anweisungen[0].text = f" {code} "
    for i in anweisungen[1:]:
        i.text = ""


def _einfache_felder_aufloesen(wurzel: etree._Element) -> None:
    """Write every simple field (w:fldSimple) of a part as a complex one (begin, code, separate,
    result, end), so that each field is repaired, counted and filled the same way."""
    for einfach in list(wurzel.iter(qn("w:fldSimple"))):
        ergebnis = [copy.deepcopy(r) for r in einfach if etree.QName(r).localname == "r"]
        for r in komplexes_feld((einfach.get(qn("w:instr")) or "").strip(), ergebnis):
            einfach.addprevious(r)
        einfach.getparent().remove(einfach)


def kopf_fuss_reparieren(docx: Document, stile: Stile, titel: str, untertitel: str) -> list[str]:
    """Repair the fields of every header and footer after the body is rendered; return notices."""
    benutzt = {e.get(qn("w:val")) for e in docx.element.body.iter(qn("w:pStyle"))}
    aliasse = _aliasse(docx)
    hinweise: list[str] = []
    for rel in list(docx.part.rels.values()):
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        _einfache_felder_aufloesen(rel.target_part.element)
        for feld in felder_finden(rel.target_part.element):
            art = feld.code.split()[0].upper() if feld.code.split() else ""
            if art == "STYLEREF":
                sid = _styleref_stil(feld.code, stile, aliasse)
                eingebaut = next((n for (a, n), i in stile.ids.items() if i == sid and a == "paragraph"), "")
                if sid is not None and sid in benutzt and eingebaut not in ("title", "subtitle"):
                    if _styleref_name(feld.code).lower() not in (
                        sid.lower(),
                        stile.namen.get(sid, sid).lower(),
                    ):
                        _beim_namen_nennen(feld, stile.namen.get(sid, sid))
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
    return any(f.code.split()[:1] == ["NUMPAGES"] for f in felder_finden(wurzel))


TEIL = "_BerichtsgenTeil{}"
"""The bookmark on the last paragraph of a part (hidden in Word: the name starts with "_")."""
_VERWEISE = ("headerReference", "footerReference")


def gesamtseiten_als_feld(docx: Document) -> list[str]:
    """Make "Seite X von NUMPAGES" count the pages of the part it is printed in; return the bookmarks.

    A part begins with the first section and with every section that restarts the page numbers
    (the body after roman front matter). In a report of one part NUMPAGES stays. Otherwise each
    part's last paragraph gets a bookmark, and NUMPAGES in the headers and footers of its sections
    becomes PAGEREF to it (each part gets its own copies of the headers and footers): Word prints
    a PAGEREF in the number format of the target's section ("iii", "37"), and so does LibreOffice
    once the export sets the reference's format (`_uno_worker.seitenverweise_wie_word`). Measured on
    LibreOffice 25.2.3: NUMPAGES prints the count of all pages, in the current page's format and
    including the blank pages LibreOffice inserts where a restart puts page 1 on a left page but
    does not export (a 9-page PDF read "Seite ii von x" and "Seite 1 von 10"); SECTIONPAGES is not
    computed (its cached text stays); PAGEREF prints arabic numerals ("3"), `\\* roman` or not,
    until its format is set; a bookmark in an empty section-break paragraph moves to the next page
    (the paragraph is dropped), so that paragraph gets a space.
    """
    body = docx.element.body
    teile: list[list[etree._Element]] = []
    for sectpr in body.iter(qn("w:sectPr")):
        nummern = sectpr.find(qn("w:pgNumType"))
        if not teile or (nummern is not None and nummern.get(qn("w:start")) is not None):
            teile.append([])
        teile[-1].append(sectpr)
    if len(teile) < 2:
        return []
    verweise = _verweise_je_teil(teile)
    zaehlend = {
        rid
        for rid, rel in docx.part.rels.items()
        if not rel.is_external
        and rel.reltype in (RT.HEADER, RT.FOOTER)
        and _hat_numpages(rel.target_part.element)
    }
    nutzer: dict[str, list[int]] = {}
    for k, liste in enumerate(verweise):
        for verweis in liste:
            rid = verweis.get(qn("r:id"))
            if rid in zaehlend and k not in nutzer.setdefault(rid, []):
                nutzer[rid].append(k)
    naechste_id = 1 + max(
        (int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart")) if b.get(qn("w:id"), "").isdigit()),
        default=0,
    )
    namen = []
    for k in sorted({k for ks in nutzer.values() for k in ks}):
        absatz = _letzter_absatz(body, teile[k][-1])
        name = TEIL.format(k + 1)
        absatz.append(element("w:bookmarkStart", id=naechste_id + k, name=name))
        absatz.append(element("w:bookmarkEnd", id=naechste_id + k))
        namen.append(name)
    for rid, ks in nutzer.items():
        rel = docx.part.rels[rid]
        for k in ks[:-1]:  # copies made from the template's part before it changes
            kopie = _teil_kopieren(docx, rel.target_part, rel.reltype)
            _numpages_verweisen(kopie.element, TEIL.format(k + 1))
            neu = docx.part.relate_to(kopie, rel.reltype)
            for verweis in verweise[k]:
                if verweis.get(qn("r:id")) == rid:
                    verweis.set(qn("r:id"), neu)
        _numpages_verweisen(rel.target_part.element, TEIL.format(ks[-1] + 1))
    return namen


def _verweise_je_teil(teile: list[list[etree._Element]]) -> list[list[etree._Element]]:
    """Return the header and footer references of each part's sections; a section that inherits one
    from the section before (by leaving it out) gets it written, so that it can be changed alone."""
    wirksam: dict[tuple[str, str], str] = {}
    ergebnis = []
    for teil in teile:
        liste = []
        for sectpr in teil:
            eigene = {
                (etree.QName(v).localname, v.get(qn("w:type"), "default")): v
                for v in sectpr
                if etree.QName(v).localname in _VERWEISE
            }
            for (art, typ), rid in wirksam.items():
                if (art, typ) not in eigene:
                    eigene[(art, typ)] = element(f"w:{art}", type=typ, r__id=rid)
                    sectpr.insert(0, eigene[(art, typ)])
            wirksam = {schluessel: v.get(qn("r:id")) for schluessel, v in eigene.items()}
            liste += eigene.values()
        ergebnis.append(liste)
    return ergebnis


def _letzter_absatz(body: etree._Element, sectpr: etree._Element) -> etree._Element:
    """Return the paragraph that ends the section of `sectpr`, made to hold a bookmark in LibreOffice.

    A section break paragraph gets a space (LibreOffice drops an empty one, and a bookmark in it
    lands on the next page); the last section gets a paragraph of its own, since the body's last
    paragraph may be an index that LibreOffice rebuilds (losing a bookmark in it). Both are set
    1 pt high so that they do not push a full page over.
    """
    if sectpr.getparent() is body:
        absatz = element("w:p")
        sectpr.addprevious(absatz)
    else:
        absatz = sectpr.getparent().getparent()
    ppr = absatz.get_or_add_pPr()
    abstand = ppr.get_or_add_spacing()
    for attr, wert in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        abstand.set(qn(f"w:{attr}"), wert)
    if not any(t.text for t in absatz.iter(qn("w:t"))):
        absatz.append(lauf(" "))
    return absatz


def _numpages_verweisen(wurzel: etree._Element, lesezeichen: str) -> None:
    """Turn NUMPAGES fields into PAGEREF `lesezeichen` (the cached result stays until filled)."""
    for feld in felder_finden(wurzel):
        if feld.code.split()[:1] == ["NUMPAGES"]:
            _code_setzen(feld, f"PAGEREF {lesezeichen}")


def gesamtseiten_eintragen(docx: Document, werte: dict[str, str]) -> None:
    """Set the cached result of the part totals (PAGEREF to a part's bookmark) to `werte` by
    bookmark, as LibreOffice printed them: Word shows them until it computes the fields."""
    for rel in docx.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        for feld in felder_finden(rel.target_part.element):
            teile = feld.code.split()
            if teile[:1] == ["PAGEREF"] and len(teile) > 1 and teile[1] in werte:
                _ergebnis_setzen(feld, werte[teile[1]])


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
    """Give landscape sections their own copies of headers and footers with anchored shapes or tab stops.

    A logo or text box anchored to the page at a fixed offset (a footer box 27 cm below the top)
    would sit off the page or at its top on a landscape page; in the copies each offset keeps its
    distance to the nearer edge of the landscape page (or its margin). The tab stops of the
    copies' paragraphs (their own and their style's: Header, Footer, "Kopfzeile", "Fußzeile")
    are scaled to the landscape text width, so that a page number set at a right tab ends at the
    landscape right margin instead of mid-page. Return how many copies were made.
    """
    abschnitte = [s for s in docx.element.body.iter(qn("w:sectPr"))]
    hoch = next((s for s in abschnitte if not _quer(s)), None)
    if hoch is None:
        return 0
    styles = docx.part.styles.element
    kopien: dict[str, str] = {}
    for sectpr in abschnitte:
        if not _quer(sectpr):
            continue
        for verweis in sectpr:
            if etree.QName(verweis).localname not in _VERWEISE:
                continue
            rid = verweis.get(qn("r:id"))
            rel = docx.part.rels.get(rid)
            if rel is None:
                continue
            wurzel = rel.target_part.element
            if next(wurzel.iter(qn("wp:anchor")), None) is None and not _tabs_je_absatz(wurzel, styles):
                continue
            if rid not in kopien:
                kopie = _teil_kopieren(docx, rel.target_part, rel.reltype)
                _anker_drehen(kopie.element, _groesse(hoch), _groesse(sectpr))
                _tabs_strecken(kopie.element, styles, _textbreite(hoch), _textbreite(sectpr))
                kopien[rid] = docx.part.relate_to(kopie, rel.reltype)
            verweis.set(qn("r:id"), kopien[rid])
    return len(kopien)


Tab = tuple[str, int, str | None]
"""A tab stop: alignment ("left", "center", "right" …), position in twips, leader."""


def _tabs_anwenden(tabs: dict[int, Tab], eltern: etree._Element | None) -> None:
    """Apply the w:tabs of `eltern` (a w:pPr) to `tabs`: a "clear" removes the stop at its position."""
    for tab in eltern.findall(f"{qn('w:tabs')}/{qn('w:tab')}") if eltern is not None else []:
        pos = int(tab.get(qn("w:pos"), "0"))
        if tab.get(qn("w:val")) == "clear":
            tabs.pop(pos, None)
        else:
            tabs[pos] = (tab.get(qn("w:val"), "left"), pos, tab.get(qn("w:leader")))


def _stil_tabs(styles: etree._Element, sid: str | None) -> dict[int, Tab]:
    """Return the tab stops a paragraph style sets, through its basedOn chain (default style if None)."""
    nach_id = {st.get(qn("w:styleId")): st for st in styles.iter(qn("w:style"))}
    if sid is None:
        sid = next(
            (
                i
                for i, st in nach_id.items()
                if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )
    kette: list[etree._Element] = []
    while sid in nach_id and len(kette) < 20 and nach_id[sid] not in kette:
        kette.insert(0, nach_id[sid])
        basis = nach_id[sid].find(qn("w:basedOn"))
        sid = basis.get(qn("w:val")) if basis is not None else None
    tabs: dict[int, Tab] = {}
    for stil in kette:
        _tabs_anwenden(tabs, stil.find(qn("w:pPr")))
    return tabs


def _tabs_je_absatz(
    wurzel: etree._Element, styles: etree._Element
) -> list[tuple[etree._Element, dict[int, Tab], dict[int, Tab]]]:
    """Return each paragraph of a header or footer that has tab stops, with its style's and its own
    resulting stops; paragraphs in text boxes and tables keep theirs (they measure from the box or cell)."""
    ergebnis = []
    for p in wurzel.iter(qn("w:p")):
        if any(etree.QName(a).localname in ("txbxContent", "tbl") for a in p.iterancestors()):
            continue
        ppr = p.find(qn("w:pPr"))
        stil = ppr.find(qn("w:pStyle")) if ppr is not None else None
        vom_stil = _stil_tabs(styles, stil.get(qn("w:val")) if stil is not None else None)
        tabs = dict(vom_stil)
        _tabs_anwenden(tabs, ppr)
        if tabs:
            ergebnis.append((p, vom_stil, tabs))
    return ergebnis


def _tabs_strecken(wurzel: etree._Element, styles: etree._Element, alt: int, neu: int) -> None:
    """Scale the tab stops of a header's or footer's paragraphs from text width `alt` to `neu` (twips).

    A right-aligned stop keeps its distance to the right margin (one at the margin ends at the new
    margin); the others are scaled (a centred stop stays in the middle). The stops are written
    into the paragraph, clearing the style's.
    """
    for p, vom_stil, tabs in _tabs_je_absatz(wurzel, styles):
        neue = [
            (
                val,
                pos + neu - alt if val in ("right", "end") else round(pos * neu / alt) if pos > 0 else pos,
                leader,
            )
            for val, pos, leader in tabs.values()
        ]
        positionen = {pos for _val, pos, _leader in neue}
        eintraege = [("clear", pos, None) for pos in set(vom_stil) - positionen] + neue
        liste = p.get_or_add_pPr().get_or_add_tabs()
        for kind in list(liste):
            liste.remove(kind)
        for val, pos, leader in sorted(eintraege, key=lambda t: t[1]):
            tab = element("w:tab", val=val, pos=pos)
            if leader:
                tab.set(qn("w:leader"), leader)
            liste.append(tab)


def _textbreite(sectpr: etree._Element) -> int:
    """The text width of a section in twips (A4 with 2.5 cm margins where the template does not say)."""
    rand = sectpr.find(qn("w:pgMar"))
    links = int(rand.get(qn("w:left"), 1417)) if rand is not None else 1417
    rechts = int(rand.get(qn("w:right"), 1417)) if rand is not None else 1417
    return _groesse(sectpr)[0] // 635 - links - rechts


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
