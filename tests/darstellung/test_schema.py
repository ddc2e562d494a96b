"""Every Word file berichtsgen writes is valid against the ECMA-376 transitional schemas in the
parts it writes or changes, with resolvable relationships and unique drawing and bookmark ids:
the faults for which Word reports "unreadable content" while LibreOffice stays silent."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from berichtsgen import build
from berichtsgen.export import FakeExport, Verzeichnis
from hilfen import REPO, STANDARDVORLAGE, kontrast_als_warnung, pruefen


def test_pruefer_findet_fehler(tmp_path: Path, schema):
    """The check itself can fail: a run property out of order and a dangling r:id are found."""
    kaputt = tmp_path / "kaputt.docx"
    with zipfile.ZipFile(STANDARDVORLAGE) as alt, zipfile.ZipFile(kaputt, "w") as neu:
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


@pytest.mark.parametrize(
    "vorlage", [STANDARDVORLAGE, REPO / "vorlagen" / "leverkusen.docx"], ids=["standard", "leverkusen"]
)
def test_word_dateien_sind_schemagueltig(mini: Path, schema, vorlage: str):
    shutil.copy(vorlage, mini / "vorlage.docx")
    fake = FakeExport()
    fake.verzeichnisse = [
        Verzeichnis("inhalt", [("x", "1")] * 5),
        Verzeichnis("Abbildung", [("x", "2")]),
        Verzeichnis("Tabelle", [("x", "3")]),
    ]
    docx, _ = build(2024, mini, export=fake).dateien
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
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert pruefen(docx, schema) == []


def test_ergaenzte_formatvorlagen_sind_schemagueltig(mini: Path, schema):
    from docx import Document

    doc = Document(str(mini / "vorlage.docx"))
    for name in ("Quelle", "Caption", "List Number", "List Bullet", "Heading 2"):
        stil = doc.styles[name]
        stil.element.getparent().remove(stil.element)
    doc.save(str(mini / "vorlage.docx"))
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert pruefen(docx, schema) == []


def test_referenzdokument_ohne_platzhalter_ist_schemagueltig(mini: Path, schema):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Text der Vorlage")
    doc.save(str(mini / "vorlage.docx"))
    kontrast_als_warnung(mini)
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert pruefen(docx, schema) == []


def test_beispielbericht_ist_schemagueltig(tmp_path: Path, schema):
    (docx,) = build(2019, REPO, formate=["docx"], ausgabe=tmp_path).dateien
    assert pruefen(docx, schema) == []


def test_nummerierung_vor_words_aufraeummarke(mini: Path, schema):
    """Templates saved by Word carry w:numIdMacAtCleanup last in numbering.xml; new lists go before it."""
    alt = mini / "vorlage.docx"
    with zipfile.ZipFile(alt) as z:
        teile = {n: z.read(n) for n in z.namelist()}
    teile["word/numbering.xml"] = teile["word/numbering.xml"].replace(
        b"</w:numbering>", b'<w:numIdMacAtCleanup w:val="3"/></w:numbering>'
    )
    with zipfile.ZipFile(alt, "w") as z:
        for name, daten in teile.items():
            z.writestr(name, daten)
    from docx import Document

    doc = Document(str(alt))
    for name in ("List Number", "List Bullet"):  # created by berichtsgen, with list definitions
        stil = doc.styles[name]
        stil.element.getparent().remove(stil.element)
    doc.save(str(alt))
    (docx,) = build(2024, mini, formate=["docx"]).dateien  # the mini project has a numbered list
    assert pruefen(docx, schema) == []
