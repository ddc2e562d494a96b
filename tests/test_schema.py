"""Every Word file berichtsgen writes is valid against the ECMA-376 transitional schemas in the
parts it writes or changes, with resolvable relationships and unique drawing and bookmark ids:
the faults for which Word reports "unreadable content" while LibreOffice stays silent."""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from berichtsgen import build
from berichtsgen.export import FakeExport, Verzeichnis
from hilfen import REPO, W

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


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
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


def test_pruefer_findet_fehler(tmp_path: Path, schema):
    """The check itself can fail: a run property out of order and a dangling r:id are found."""
    kaputt = tmp_path / "kaputt.docx"
    with zipfile.ZipFile(REPO / "vorlagen" / "standard.docx") as alt, zipfile.ZipFile(kaputt, "w") as neu:
        for eintrag in alt.infolist():
            daten = alt.read(eintrag.filename)
            if eintrag.filename == "word/document.xml":
                daten = daten.replace(
                    b"<w:body>",
                    b'<w:body><w:p><w:r><w:rPr><w:color w:val="000000"/><w:b/></w:rPr><w:t>x</w:t></w:r>'
                    b'<w:hyperlink r:id="rId999"/></w:p>',
                )
            neu.writestr(eintrag, daten)
    fehler = pruefen(kaputt, schema)
    assert any("w:b" in f or "}b'" in f for f in fehler)
    assert any("rId999" in f for f in fehler)


@pytest.mark.parametrize("vorlage", ["standard.docx", "leverkusen.docx"])
def test_word_dateien_sind_schemagueltig(mini: Path, schema, vorlage: str):
    shutil.copy(REPO / "vorlagen" / vorlage, mini / "vorlage.docx")
    fake = FakeExport()
    fake.verzeichnisse = [
        Verzeichnis("inhalt", [("x", "1")] * 5),
        Verzeichnis("Abbildung", [("x", "2")]),
        Verzeichnis("Tabelle", [("x", "3")]),
    ]
    docx, _ = build(2024, mini, export=fake)
    assert pruefen(docx, schema) == []


def _ersetzen(datei: Path, alt: str, neu: str) -> None:
    datei.write_text(datei.read_text(encoding="utf-8").replace(alt, neu), encoding="utf-8")


def test_alle_bausteine_sind_schemagueltig(mini: Path, schema):
    """Appendix, abbreviations, Datenquellen, a landscape table, footnotes in a table and a list."""
    kapitel = mini / "inhalte/2024"
    _ersetzen(kapitel / "01-einleitung.md", "```{tabelle} einwohner\n", "```{tabelle} einwohner\n:quer: ja\n")
    _ersetzen(
        kapitel / "02-handlungsfeld-a.md",
        "quer: true\n",
        "neue_seite: ungerade\nabkuerzungen: {KI: Kommunales Integrationszentrum}\n",
    )
    _ersetzen(kapitel / "02-handlungsfeld-a.md", "1. Erstens", "1. Erstens beim KI[^l]")
    _ersetzen(kapitel / "02-handlungsfeld-a.md", "| Kurse | 12 |", "| Kurse[^t] | 12 |")
    with (kapitel / "02-handlungsfeld-a.md").open("a", encoding="utf-8") as f:
        f.write("\n[^l]: Liste.\n[^t]: Tabelle.\n")
    (kapitel / "03-anhang.md").write_text("---\ntitel: Mehr\nanhang: true\n---\n\nText.\n", encoding="utf-8")
    _ersetzen(
        mini / "berichtsgen.toml",
        "[jahr.2024]",
        'aufbau = ["impressum", "inhaltsverzeichnis", "kapitel", "datenquellen", "abbildungsverzeichnis",'
        ' "tabellenverzeichnis", "abkuerzungen"]\nvorspann_seitenzahlen = "keine"\n\n[jahr.2024]',
    )
    (docx,) = build(2024, mini, formate=["docx"])
    assert pruefen(docx, schema) == []


def test_ergaenzte_formatvorlagen_sind_schemagueltig(mini: Path, schema):
    from docx import Document

    doc = Document(str(mini / "vorlage.docx"))
    for name in ("Quelle", "Caption", "List Number", "List Bullet", "Heading 2"):
        stil = doc.styles[name]
        stil.element.getparent().remove(stil.element)
    doc.save(str(mini / "vorlage.docx"))
    (docx,) = build(2024, mini, formate=["docx"])
    assert pruefen(docx, schema) == []


def test_referenzdokument_ohne_platzhalter_ist_schemagueltig(mini: Path, schema):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Text der Vorlage")
    doc.save(str(mini / "vorlage.docx"))
    (docx,) = build(2024, mini, formate=["docx"])
    assert pruefen(docx, schema) == []


def test_beispielbericht_ist_schemagueltig(tmp_path: Path, schema):
    (docx,) = build(2019, REPO, formate=["docx"], ausgabe=tmp_path)
    assert pruefen(docx, schema) == []
