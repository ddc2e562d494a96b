"""The template's package, before and after python-docx reads it: bounded, and nothing from elsewhere.

Templates arrive by e-mail. Before anything is extracted, `pruefen` bounds the package (total
uncompressed size, compression ratio of large parts: a 2 MB file must not inflate to 2 GiB) and
refuses XML parts with a document type declaration (Word never writes one; entities are never
resolved, but some parsers stop at them).

After reading, `externes_entfernen` removes what would make the published report reach out when it
is opened: linked (not embedded) pictures, an attached template on a server, OLE and DDE links,
external frames and subdocuments, and the fields INCLUDEPICTURE, INCLUDETEXT, LINK, DDE and DDEAUTO
(their last result stays). Ordinary hyperlinks stay. Each removal becomes a notice for the editors.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from lxml import etree

from ..fehler import Ort, VorlagenFehler
from .felder import _felder
from .ooxml import qn

GESAMT = 256 * 2**20
"""Most bytes a template may hold uncompressed (256 MiB; real ones hold a few)."""
VERHAELTNIS = 100
"""Highest compression ratio of a part larger than `GROSS` (XML reaches 10–30, pictures ~1)."""
GROSS = 2**20
VERBOTENE_FELDER = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDEAUTO", "DDE", "IMPORT")
"""Field codes that fetch content from a file or a program when the report is opened."""
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SICHER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_ART = {
    RT.IMAGE: "verknüpftes Bild",
    _OFFICE + "attachedTemplate": "Dokumentvorlage an anderem Ort",
    RT.OLE_OBJECT: "verknüpftes OLE-Objekt",
    _OFFICE + "subDocument": "Filialdokument",
    _OFFICE + "frame": "Rahmen",
}


def pruefen(pfad: Path) -> None:
    """Refuse a package too large when inflated, or with a DTD in an XML part (names the part)."""
    ort = Ort(pfad)
    try:
        with zipfile.ZipFile(pfad) as z:
            eintraege = z.infolist()
            gesamt = sum(e.file_size for e in eintraege)
            if gesamt > GESAMT:
                raise VorlagenFehler(
                    f"Die Vorlage wäre entpackt {gesamt // 2**20} MiB groß (erlaubt: {GESAMT // 2**20} MiB).",
                    ort,
                    "Verkleinern Sie Bilder in Word (Bilder komprimieren) und speichern Sie neu.",
                )
            for e in eintraege:
                if e.file_size > GROSS and e.file_size > VERHAELTNIS * max(e.compress_size, 1):
                    raise VorlagenFehler(
                        f"Teil „{e.filename}“ der Vorlage ist ungewöhnlich stark gepackt "
                        f"({e.file_size // 2**20} MiB aus {max(e.compress_size, 1) // 1024} KiB).",
                        ort,
                        "So ein Teil entsteht nicht in Word; verwenden Sie eine in Word gespeicherte Vorlage.",
                    )
            for e in eintraege:
                if e.filename.endswith((".xml", ".rels")):
                    with z.open(e) as teil:
                        anfang = teil.read(4096)
                    if b"<!DOCTYPE" in anfang or b"<!ENTITY" in anfang:
                        raise VorlagenFehler(
                            f"Teil „{e.filename}“ der Vorlage enthält eine Dokumenttyp-Deklaration (DTD).",
                            ort,
                            "Word schreibt so etwas nie: öffnen Sie die Vorlage in Word und speichern Sie sie neu.",
                        )
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise VorlagenFehler(
            "Die Vorlage ist keine lesbare Word-Datei.",
            ort,
            "Speichern Sie sie in Word als „Word-Dokument (*.docx)“.",
        ) from None


def externes_entfernen(docx: Document) -> list[str]:
    """Remove every external reference but hyperlinks from the package; return what was removed."""
    entfernt: list[str] = []
    for teil in list(docx.part.package.iter_parts()):
        wurzel = teil.element if isinstance(teil, XmlPart) else None
        geaendert = False
        for rid, rel in list(teil.rels.items()):
            if not rel.is_external or rel.reltype == RT.HYPERLINK:
                continue
            if wurzel is None:  # e.g. webSettings: parse its bytes, change them, write them back
                wurzel = etree.fromstring(teil.blob, SICHER)
            _verweise_entfernen(wurzel, rid)
            geaendert = True
            teil.rels.pop(rid)
            art = _ART.get(rel.reltype, "Verknüpfung")
            entfernt.append(f"{art} „{_kurz(rel.target_ref)}“ ({teil.partname.lstrip('/')})")
        if wurzel is not None:
            for code in _felder_entfernen(wurzel):
                entfernt.append(f"Feld {code} ({teil.partname.lstrip('/')})")
                geaendert = True
        if geaendert and not isinstance(teil, XmlPart):
            teil._blob = etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", standalone=True)
    return entfernt


def _kurz(ziel: str) -> str:
    return ziel if len(ziel) <= 60 else ziel[:57] + "…"


def _verweise_entfernen(wurzel: etree._Element, rid: str) -> None:
    """Remove what refers to relationship `rid`: a linked picture (its drawing, unless it is also
    embedded), an attached template, an OLE link, a linked VML image, a subdocument, a frame."""
    for e in list(wurzel.iter()):
        if not isinstance(e.tag, str):
            continue
        attribute = [a for a, w in e.attrib.items() if w == rid and etree.QName(a).namespace == R_NS]
        if not attribute or e.getparent() is None:
            continue
        name = etree.QName(e).localname
        if name == "blip" and e.get(f"{{{R_NS}}}embed"):
            for a in attribute:  # linked and embedded: the embedded copy stays
                del e.attrib[a]
            continue
        ziel = e
        if name in ("blip", "imagedata"):  # only linked: the whole picture goes
            vorfahr = _vorfahr(e, ("drawing", "pict", "object"))
            ziel = vorfahr if vorfahr is not None else e
        if ziel.getparent() is not None:
            ziel.getparent().remove(ziel)


def _vorfahr(e: etree._Element, namen: tuple[str, ...]) -> etree._Element | None:
    for vorfahr in e.iterancestors():
        if isinstance(vorfahr.tag, str) and etree.QName(vorfahr).localname in namen:
            return vorfahr
    return None


def _verboten(code: str) -> str | None:
    wort = code.strip().split(None, 1)[0].upper() if code.strip() else ""
    return wort if wort in VERBOTENE_FELDER else None


def _felder_entfernen(wurzel: etree._Element) -> list[str]:
    """Empty the code of fields that fetch content (the last result stays); unwrap simple ones."""
    gefunden = []
    for feld in _felder(wurzel):
        code = _verboten(feld.code)
        if code:
            for r in feld.laeufe:
                for anweisung in r.findall(qn("w:instrText")):
                    r.remove(anweisung)
            gefunden.append(code)
    for anweisung in list(wurzel.iter(qn("w:instrText"))):  # fields spanning paragraphs
        code = _verboten(anweisung.text or "")
        if code:
            anweisung.getparent().remove(anweisung)
            gefunden.append(code)
    for einfach in list(wurzel.iter(qn("w:fldSimple"))):
        code = _verboten(einfach.get(qn("w:instr"), ""))
        if code:
            for kind in list(einfach):
                einfach.addprevious(kind)
            einfach.getparent().remove(einfach)
            gefunden.append(code)
    return gefunden
