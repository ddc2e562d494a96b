"""Document model → Word file, through the editor's template (docxtpl). Only darstellung/ knows OOXML.

`rendern` walks the report's building blocks in reading order, builds the body in the template's
styles, fills the template's placeholders, writes footnotes, sections and properties, repairs
what foreign templates get wrong and saves. It returns what the indexes list, so that they can be
filled with page numbers once the PDF is laid out (`verzeichnisse.fuellen`).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm
from lxml import etree
from markupsafe import Markup

from ...fehler import Ort, VorlagenFehler
from ...inhalt import ausdruecke
from ...inhalt.modell import ABBILDUNG, NACHDRUCK, TABELLE, Bericht, Berichtsdaten, Kapitel, eigenschaft
from .. import paket
from ..spalten import ADRESSE
from . import felder
from .abschnitte import Abschnitt, Abschnitte
from .bloecke import Baukontext, Bloecke
from .fussnoten import Fussnoten, verwiesene_noten
from .ooxml import absatz, element, lauf, qn
from .schema import einfuegen, reparieren
from .stile import Stile
from .verzeichnisse import WordDokument, verzeichnis
from .vorlage import Vorlage


def rendern(bericht: Bericht, daten: Berichtsdaten, vorlage: Vorlage, ziel: Path) -> WordDokument:
    """Fill `vorlage` with `bericht` and save it to `ziel`; return the document and its index entries.

    A report with `durchsicht` (an id) is a copy of some chapters for review: tracked changes on, the id as
    the custom document property `berichtsgen-durchsicht`, a bookmark around every source block
    (`WordDokument.anker`), caption numbers as text (as in the whole report), computed blocks
    shaded, and
    cross-references to what the copy does not hold as plain text."""
    docx = vorlage.docx
    fussnoten = Fussnoten(vorlage.stile, verwiesene_noten(vorlage.geschichten(RT.HEADER, RT.FOOTER)))
    bau = Baukontext(
        stile=vorlage.stile,
        teil=docx.part,
        textbreite=Cm(vorlage.textbreite_cm()),
        textbreite_quer=Cm(vorlage.textbreite_cm(quer=True)),
        fussnote=fussnoten.zeichen,
        kapitelnummern=daten.kapitelnummern != "keine",
        tabellenschrift=vorlage.tabellenschrift(),
        zellrand_pt=vorlage.zellrand_pt(),
        anker=[] if bericht.durchsicht else None,
    )
    bloecke = Bloecke(bau)
    vorspann = {"roemisch": "lowerRoman", "keine": "keine"}.get(daten.vorspann_seitenzahlen)
    bau.abschnitte = abschnitte = Abschnitte(Abschnitt(zaehlung=vorspann, titelseite=True))
    koerper: list[etree._Element] = []
    for i, (baustein, kapitel) in enumerate(bericht.bausteine):
        neue_seite = i > 0
        if baustein == "impressum":
            koerper += _impressum(vorlage.stile, daten, neue_seite)
        elif baustein == "inhaltsverzeichnis":
            koerper += verzeichnis(bau, "Inhaltsverzeichnis", 'TOC \\o "1-3" \\h \\z \\u', neue_seite, False)
        elif baustein == "abbildungsverzeichnis" and bericht.hat_abbildungen:
            koerper += verzeichnis(bau, "Abbildungsverzeichnis", f'TOC \\h \\z \\c "{ABBILDUNG}"', neue_seite)
        elif baustein == "tabellenverzeichnis" and bericht.hat_tabellen:
            koerper += verzeichnis(bau, "Tabellenverzeichnis", f'TOC \\h \\z \\c "{TABELLE}"', neue_seite)
        elif baustein == "kapitel":
            nach_wechsel = False
            if koerper and vorspann is not None:  # the body starts at page 1
                koerper.append(abschnitte.wechsel(Abschnitt(zaehlung="decimal", start=1)))
                nach_wechsel, neue_seite = True, False
            for kap in kapitel:
                koerper += _kapitel(kap, bloecke, abschnitte, neue_seite, nach_wechsel)
                nach_wechsel = neue_seite = False
            if abschnitte.aktuell.quer:  # what follows the chapters is portrait again
                koerper.append(abschnitte.wechsel(abschnitte.weiter(quer=False)))
        else:  # a generated chapter (appendix, list of abbreviations)
            for kap in kapitel:
                koerper += _kapitel(kap, bloecke, abschnitte, neue_seite, False)
    _vorlage_fuellen(vorlage, daten, koerper)
    abschnitte.abschliessen(docx.element.body)
    hinweise = felder.kopf_fuss_reparieren(docx, vorlage.stile, daten.titel, daten.untertitel)
    felder.querformat_kopf_fuss(docx)
    felder.gesamtseiten_als_feld(docx)
    fussnoten.schreiben(docx, bloecke.block, bau)
    _eigenschaften(docx, daten)
    if bericht.durchsicht:
        _durchsicht(
            docx, bericht.durchsicht, [docx.element.body, *vorlage.geschichten(RT.FOOTNOTES, RT.ENDNOTES)]
        )
    _silbentrennung(docx, vorlage.stile, daten, vorlage.geschichten(RT.FOOTNOTES, RT.ENDNOTES))
    reparieren(docx, vorlage.geschichten(RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES))
    paket.speichern(vorlage.tpl, ziel)
    return WordDokument(docx, vorlage.stile, bau.textbreite, bau.verzeichnis, hinweise, bau.anker or [])


_MARKE = "berichtsgen-inhalt-7f3c9a"
"""The text of the paragraph that stands in for the report body while the template is filled."""


def _vorlage_fuellen(vorlage: Vorlage, daten: Berichtsdaten, koerper: list[etree._Element]) -> None:
    """Fill the template's placeholders, then move the body's elements in where `{{p inhalt }}` was.

    The body is not written out as text for docxtpl and read back: that held up to four copies of
    the whole document at once and took seconds for a long report.
    """
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    inhalt = Markup(f'<w:p xmlns:w="{w}"><w:r><w:t>{_MARKE}</w:t></w:r></w:p>')
    kontext = {
        **daten.fuer_kapitel(),  # what a chapter may name of the report, and more
        "jahr": daten.jahr,
        "redaktion": daten.redaktion,
        "kontakt": daten.kontakt,
        "parameter": daten.parameter,
        "inhalt": inhalt,
    }
    try:
        vorlage.tpl.render(kontext, jinja_env=ausdruecke.umgebung({}, autoescape=True))
    except ausdruecke.Undruckbar as exc:
        raise VorlagenFehler(
            f"Ein Platzhalter der Vorlage lässt sich nicht füllen: {str(exc)[0].lower()}{str(exc)[1:]}.",
            Ort(vorlage.pfad),
            exc.hinweis,
        ) from None
    except (
        jinja2.TemplateError,
        ausdruecke.Grenze,
        RecursionError,
        MemoryError,
        TypeError,
        ValueError,
        ArithmeticError,
        LookupError,
        AttributeError,
    ) as exc:
        if isinstance(exc, ausdruecke.Grenze):
            grund = f"eine Grenze ist überschritten: {exc}"
        elif isinstance(exc, jinja2.exceptions.SecurityError):
            grund = "ein Platzhalter greift auf etwas zu, das in Vorlagen nicht erlaubt ist"
        elif isinstance(exc, jinja2.TemplateError):
            grund = ausdruecke.deutsch(exc)
        elif isinstance(exc, (RecursionError, MemoryError)):
            grund = "sie werden zu groß"
        else:
            grund = f"ein Ausdruck lässt sich nicht auswerten ({ausdruecke.art(exc)})"
        raise VorlagenFehler(
            f"Die Platzhalter der Vorlage lassen sich nicht füllen: {grund}.",
            Ort(vorlage.pfad),
            "Platzhalter haben die Form {{ titel }}; Schleifen und Rechnungen gehören nicht in die Vorlage.",
        ) from None
    marken = [
        t.getparent().getparent()
        for t in vorlage.docx.element.body.iter(f"{{{w}}}t")
        if t.text == _MARKE and t.getparent() is not None and t.getparent().getparent() is not None
    ]
    for marke in marken:  # once, unless the template repeats the placeholder
        stelle = marke
        for e in koerper if marke is marken[-1] else _kopien(koerper):
            stelle.addnext(e)
            stelle = e
        marke.getparent().remove(marke)


def _kopien(koerper: list[etree._Element]) -> list[etree._Element]:

    return [copy.deepcopy(e) for e in koerper]


def _kapitel(
    kap: Kapitel, bloecke: Bloecke, abschnitte: Abschnitte, neue_seite: bool, nach_wechsel: bool
) -> list[etree._Element]:
    """Render a chapter; landscape chapters and odd-page starts get sections of their own."""
    elemente: list[etree._Element] = []
    eigener_abschnitt = kap.quer or kap.ungerade or abschnitte.aktuell.quer
    if eigener_abschnitt:
        beginn = "oddPage" if kap.ungerade else "nextPage"
        elemente.append(abschnitte.wechsel(abschnitte.weiter(quer=kap.quer, beginn=beginn)))
    inhalt = []
    for b in kap.bloecke:
        teil = bloecke.block(b)
        if bloecke.bau.anker is not None:
            _verankern(bloecke.bau, kap, b, teil)
        inhalt += teil
    erstes = inhalt[0] if inhalt and etree.QName(inhalt[0]).localname == "p" else None
    if erstes is not None and (eigener_abschnitt or nach_wechsel):
        if erstes.pPr is not None:  # a section break already starts the page
            erstes.pPr.pageBreakBefore_val = None
    elif erstes is not None and neue_seite:
        erstes.get_or_add_pPr().pageBreakBefore_val = True
    return elemente + inhalt


BERECHNET = ("TabellenPlatz", "MassnahmenPlatz", "DiagrammPlatz", "MassnahmenDiagrammPlatz")
"""Blocks whose text the project computes (table, chart, caption, Quelle): commented on in a
review, not edited."""
GRAU = "E7E6E6"
"""The shading of computed text in a review copy."""


def _verankern(bau: Baukontext, kap: Kapitel, b, elemente: list[etree._Element]) -> None:
    """Put a bookmark into every paragraph with text of one source block (`bg_0007_03`: block 7,
    its third) and note what each holds; shade computed text. Bookmarks survive re-saving in Word
    and in LibreOffice, unlike content controls – but LibreOffice cuts one that spans a table, so
    none spans more than its paragraph."""
    absaetze = [p for e in elemente for p in e.iter(qn("w:p")) if any(t.text for t in p.iter(qn("w:t")))]
    if not absaetze:  # (an empty paragraph – a section break, a picture – holds nothing to review,
        return  # and LibreOffice moves a bookmark out of a section break's paragraph)
    block = f"bg_{len(bau.anker) + 1:04d}"
    berechnet = type(b).__name__ in BERECHNET
    eintraege = []
    for i, p in enumerate(absaetze, start=1):
        name = f"{block}_{i:02d}"
        bid = bau.naechste_lesezeichen_id()
        p.insert(1 if p.pPr is not None else 0, element("w:bookmarkStart", id=bid, name=name))
        p.append(element("w:bookmarkEnd", id=bid))
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        werte, rein = [], ""
        for stueck in _WERT.split(text):
            if stueck.startswith(ausdruecke.WERT_AUF):
                werte.append([len(rein), len(rein) + len(stueck) - 2])
                stueck = stueck[1:-1]
            rein += stueck
        eintraege.append({"anker": name, "text": rein} | ({"werte": werte} if werte else {}))
        if berechnet:
            for r in p.iter(qn("w:r")):
                if r.find(qn("w:t")) is not None:
                    _grau(r)
    eintrag = {
        "anker": block,
        "datei": kap.datei,
        "zeile": b.ort.zeile,
        "art": "berechnet" if berechnet else "text",
        "block": type(b).__name__,
        "absaetze": eintraege,
    }
    if berechnet:  # where its text comes from, for the merge's report of an edit in it
        beschriftung = getattr(getattr(b, "ergebnis", None), "beschriftung", None)
        eintrag["name"] = getattr(b, "name", None)
        eintrag["daten"] = [str(d) for d in getattr(beschriftung, "dateien", ())]
    bau.anker.append(eintrag)


def _durchsicht(docx, kennung: str, geschichten: list[etree._Element]) -> None:
    """Switch tracked changes on, name the review in a custom document property, and leave a
    cross-reference to a table or figure the copy does not hold as its text (Word would print
    "Fehler! Verweisquelle …" once it updates the field)."""
    einstellungen = docx.settings.element
    if einstellungen.find(qn("w:trackRevisions")) is None:
        einstellungen.append(element("w:trackRevisions"))  # put in schema order by `reparieren`
    koerper = docx.element.body
    marken = {m.get(qn("w:name")) for m in koerper.iter(qn("w:bookmarkStart"))}
    for feld in paket.felder_finden(koerper):
        teile = feld.code.split()
        if teile[:1] == ["REF"] and len(teile) > 1 and teile[1] not in marken:
            for r in feld.laeufe:  # begin, code, separate, end go; the result runs stay, as text
                if r.find(qn("w:fldChar")) is not None or r.find(qn("w:instrText")) is not None:
                    r.getparent().remove(r)
    for wurzel in geschichten:
        _werte_hervorheben(wurzel)
    for beziehung in docx.part.rels.values():  # a link whose address a value gave
        if beziehung.is_external and _MARKEN.search(beziehung.target_ref):
            beziehung._target = _MARKEN.sub("", beziehung.target_ref)
    _eigene_eigenschaft(docx, "berichtsgen-durchsicht", kennung)


_MARKEN = re.compile(f"[{ausdruecke.WERT_AUF}{ausdruecke.WERT_ZU}]")
_WERT = re.compile(f"({ausdruecke.WERT_AUF}[^{ausdruecke.WERT_ZU}]*{ausdruecke.WERT_ZU})")
"""The marks around printed values, and one marked value (a review copy, `ausdruecke.WERT_AUF`)."""


def _werte_hervorheben(wurzel: etree._Element) -> None:
    """Turn the marks around the values printed into the text (`ausdruecke.WERT_AUF` … `WERT_ZU`)
    into runs of their own, shaded like computed blocks; take them out of everything else."""
    for t in list(wurzel.iter(qn("w:t"))):
        text = t.text or ""
        if not _MARKEN.search(text):
            continue
        r = t.getparent()
        if r.tag != qn("w:r") or len(r.findall(qn("w:t"))) != 1:
            t.text = _MARKEN.sub("", text)
            continue
        stelle = r
        for stueck in _WERT.split(text):
            if not stueck:
                continue
            neu = copy.deepcopy(r)
            neu.find(qn("w:t")).text = _MARKEN.sub("", stueck)
            neu.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if stueck.startswith(ausdruecke.WERT_AUF):
                _grau(neu)
            stelle.addnext(neu)
            stelle = neu
        r.getparent().remove(r)
    for e in wurzel.iter():
        for name, wert in e.attrib.items():
            if _MARKEN.search(wert):
                e.set(name, _MARKEN.sub("", wert))
        if e.text and _MARKEN.search(e.text):
            e.text = _MARKEN.sub("", e.text)


def _grau(r: etree._Element) -> None:
    """Shade a run as computed text."""
    einfuegen(r.get_or_add_rPr(), element("w:shd", val="clear", color="auto", fill=GRAU))


def _eigene_eigenschaft(docx, name: str, wert: str) -> None:
    """Set a custom document property (docProps/custom.xml, "Eigenschaften – Anpassen" in Word)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    paket_ = docx.part.package
    teil = next((t for t in paket_.iter_parts() if t.partname == "/docProps/custom.xml"), None)
    wurzel = (
        etree.fromstring(teil.blob, paket.SICHER)
        if teil is not None
        else etree.Element(f"{{{ns}}}Properties", nsmap={None: ns, "vt": vt})
    )
    for alt in wurzel.findall(f"{{{ns}}}property[@name='{name}']"):
        wurzel.remove(alt)
    pids = [int(e.get("pid", "1")) for e in wurzel.findall(f"{{{ns}}}property")]
    eigen = etree.SubElement(
        wurzel,
        f"{{{ns}}}property",
        fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}",
        pid=str(max(pids, default=1) + 1),
        name=name,
    )
    etree.SubElement(eigen, f"{{{vt}}}lpwstr").text = wert
    blob = etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", standalone=True)
    if teil is not None:
        teil._blob = blob
    else:
        teil = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, paket_)
        paket_.relate_to(teil, RT.CUSTOM_PROPERTIES)


def _impressum(stile: Stile, d: Berichtsdaten, neue_seite: bool) -> list[etree._Element]:
    normal = stile.id("normal")
    elemente = [absatz(normal, [lauf("Impressum", fett=True)], seitenumbruch=neue_seite)]
    for label, wert in d.impressum():
        elemente.append(absatz(normal, [lauf(f"{label}: ", fett=True), lauf(wert)]))
    elemente.append(absatz(normal, [lauf(NACHDRUCK)]))
    return elemente


def _silbentrennung(docx, stile: Stile, d: Berichtsdaten, geschichten: list[etree._Element]) -> None:
    """Hyphenate the report in its language (Word and LibreOffice read w:autoHyphenation), but not
    its headings, title and captions, nor e-mail and web addresses and file names in `geschichten`
    (body and notes); styles set to another language follow the report's."""
    for lang in docx.part.styles.element.iter(qn("w:lang")):
        if lang.get(qn("w:val")):
            lang.set(qn("w:val"), d.sprache)
    if not d.silbentrennung:
        return
    einstellungen = docx.settings.element
    if einstellungen.find(qn("w:autoHyphenation")) is None:
        einstellungen.append(element("w:autoHyphenation"))  # put in schema order by `reparieren`
    for wurzel in geschichten:
        adressen_ohne_trennung(wurzel)
    for name in ("heading 1", "heading 2", "heading 3", "title", "subtitle", "caption", "toc heading"):
        sid = stile.id(name)
        stil = docx.part.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{sid}']") if sid else None
        if stil is None or stil.find(f"{qn('w:pPr')}/{qn('w:suppressAutoHyphens')}") is not None:
            continue
        ppr = stil.find(qn("w:pPr"))
        if ppr is None:
            ppr = element("w:pPr")
            stil.append(ppr)
        ppr.append(element("w:suppressAutoHyphens"))  # styles are put in schema order by `reparieren`


def adressen_ohne_trennung(wurzel: etree._Element) -> None:
    """Put every e-mail or web address and file name of the text in a run of its own marked "no
    language" (w:lang zxx): LibreOffice (measured on 25.2: "bericht_in-tegrationskonzept.pdf"
    otherwise) and Word hyphenate by the language's patterns, and have none for it."""
    for t in list(wurzel.iter(qn("w:t"))):
        r = t.getparent()
        text = t.text or ""
        if etree.QName(r).localname != "r" or not ADRESSE.search(text):
            continue
        if [etree.QName(k).localname for k in r] not in (["t"], ["rPr", "t"]):
            continue
        folge, bis = [], 0  # (text, is an address) in order
        for treffer in ADRESSE.finditer(text):
            if treffer.start() > bis:
                folge.append((text[bis : treffer.start()], False))
            folge.append((treffer.group(0), True))
            bis = treffer.end()
        if bis < len(text):
            folge.append((text[bis:], False))
        eltern, stelle = r.getparent(), r.getparent().index(r)
        eltern.remove(r)
        for i, (stueck, adresse) in enumerate(folge):
            neu = copy.deepcopy(r)
            neu_t = neu.find(qn("w:t"))
            neu_t.text = stueck
            neu_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if adresse:
                rpr = neu.find(qn("w:rPr"))
                if rpr is None:
                    rpr = element("w:rPr")
                    neu.insert(0, rpr)
                for alt in rpr.findall(qn("w:lang")):
                    rpr.remove(alt)
                einfuegen(rpr, element("w:lang", val="zxx"))
            eltern.insert(stelle + i, neu)


def _eigenschaften(docx, d: Berichtsdaten) -> None:
    """Set title, subject, author and language (the PDF takes its language from the style defaults)."""
    kern = docx.core_properties
    kern.title = eigenschaft(d.titel)
    kern.subject = eigenschaft(d.untertitel)
    kern.author = eigenschaft(d.herausgeber)
    kern.language = d.sprache
    styles = docx.part.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = element("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = einfuegen(rpr, element("w:lang"))
    lang.set(qn("w:val"), d.sprache)
    lang.set(qn("w:eastAsia"), lang.get(qn("w:eastAsia")) or d.sprache)
