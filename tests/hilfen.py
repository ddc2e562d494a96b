"""Helpers for reading what berichtsgen wrote."""

from __future__ import annotations

import posixpath
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_xml(pfad: Path, teil: str = "word/document.xml") -> etree._Element:
    """Parse one part of a Word file."""
    with zipfile.ZipFile(pfad) as z:
        return etree.fromstring(z.read(teil))


def absatz_texte(wurzel: etree._Element) -> list[str]:
    """Return the visible text of every paragraph (field instructions excluded)."""
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in wurzel.iter(f"{W}p")]


# --- Word's schema rules ---------------------------------------------------------------------

SCHEMAS = Path(__file__).parent / "schemas"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
# Namespaces ECMA-376 defines; anything else is Word's extension markup (mc:Ignorable), left aside
STANDARD = {
    W[1:-1],
    R,
    WP[1:-1],
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://www.w3.org/XML/1998/namespace",
}
TEILE = ("document", "styles", "numbering", "footnotes", "settings", "header", "footer")


XSD = "{http://www.w3.org/2001/XMLSchema}"


def schema_laden() -> etree.XMLSchema:
    """Load wml.xsd with run properties in Word's fixed order.

    The transitional schema lets w:rPr children come in any order; Word reads them in the order of
    the first edition and drops or rejects the rest, so the test holds our files to that order.
    """
    baum = etree.parse(str(SCHEMAS / "wml.xsd"))
    gruppe = baum.find(f"{XSD}group[@name='EG_RPrBase']")
    auswahl = gruppe.find(f"{XSD}choice")
    auswahl.tag = f"{XSD}sequence"
    for element in auswahl:
        element.set("minOccurs", "0")
    for verweis in baum.iter(f"{XSD}group"):
        if verweis.get("ref") == "EG_RPrBase":
            verweis.attrib.pop("maxOccurs", None)
    return etree.XMLSchema(baum)


def _nur_standard(wurzel: etree._Element) -> etree._Element:
    for e in list(wurzel.iter()):
        if not isinstance(e.tag, str):
            continue
        if etree.QName(e).namespace not in STANDARD and e.getparent() is not None:
            e.getparent().remove(e)
            continue
        for a in list(e.attrib):
            ns = etree.QName(a).namespace
            if ns and ns not in STANDARD:
                del e.attrib[a]
    return wurzel


def pruefen(docx: Path, schema: etree.XMLSchema) -> list[str]:
    """Return every fault found in `docx` (empty when Word would open it cleanly)."""
    fehler: list[str] = []
    docpr: Counter[str] = Counter()
    with zipfile.ZipFile(docx) as z:
        namen = set(z.namelist())
        for name in sorted(namen):
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            basis = posixpath.basename(name)
            if not basis.startswith(TEILE):
                continue
            wurzel = etree.fromstring(z.read(name))
            docpr.update(d.get("id") for d in wurzel.iter(f"{WP}docPr"))
            marken = Counter(b.get(f"{W}id") for b in wurzel.iter(f"{W}bookmarkStart"))
            fehler += [f"{name}: Textmarken-ID {i} doppelt" for i, n in marken.items() if n > 1]
            if not schema.validate(_nur_standard(wurzel)):
                fehler += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
            rels = f"word/_rels/{basis}.rels"
            ids = {}
            if rels in namen:
                for rel in etree.fromstring(z.read(rels)).iter(f"{PR}Relationship"):
                    ids[rel.get("Id")] = rel
                    ziel = posixpath.normpath(posixpath.join("word", rel.get("Target")))
                    if rel.get("TargetMode") != "External" and ziel not in namen:
                        fehler.append(f"{rels}: Ziel {ziel} fehlt")
            for e in wurzel.iter():
                for attr, wert in e.attrib.items():
                    if etree.QName(attr).namespace == R and wert not in ids:
                        fehler.append(f"{name}: Beziehung {wert} fehlt")
    fehler += [f"Zeichnungs-ID {i} doppelt" for i, n in docpr.items() if n > 1]
    return fehler
