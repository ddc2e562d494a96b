"""A header of two levels (group, entry) – from an export's header rows or a computed frame with
MultiIndex columns – prints as two header rows with spanning group cells: in Word (`w:gridSpan`,
`w:vMerge`, both rows repeated as `w:tblHeader`), in HTML (`colspan`, `scope="colgroup"`) and on
slides (merged cells).

The project `tests/roots/amt` prints `k.daten("12411-0015_tabelle.csv")` unchanged: a GENESIS
table whose header rows are ";Geschlecht;;" / ";männlich;weiblich;Insgesamt" / "Kreise;Anzahl;…".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import html as lxml_html
from pptx import Presentation
from test_bloecke import ORT, T1, _bloecke, _xml

from berichtsgen import build
from berichtsgen.berechnung.register import Definition
from berichtsgen.berechnung.tabellen import formatieren
from berichtsgen.export.html_pruefen import html_pruefen
from berichtsgen.inhalt.modell import Beschriftung, Optionen, TabellenPlatz
from hilfen import REPO

ROOTS = Path(__file__).resolve().parent.parent / "roots"


@pytest.fixture(scope="module")
def gebaut(tmp_path_factory) -> dict[str, Path]:
    projekt = tmp_path_factory.mktemp("kopf") / "amt"
    shutil.copytree(ROOTS / "amt", projekt)
    shutil.copy(REPO / "tests" / "vorlagen" / "pandoc-reference.docx", projekt / "vorlage.docx")
    dateien = build(2023, projekt, formate=["docx", "html", "pptx"]).dateien
    return {p.suffix or "html": p for p in dateien}


def _text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def _bevoelkerung(doc):
    return next(t for t in doc.tables if t.rows[1].cells[1].text == "männlich")


def test_word_zwei_kopfzeilen_gruppe_ueber_den_eintraegen(gebaut):
    doc = Document(str(gebaut[".docx"]))
    tabelle = _bevoelkerung(doc)
    oben, unten = tabelle.rows[0]._tr, tabelle.rows[1]._tr
    # both rows repeat on every page
    assert oben.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert unten.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert tabelle.rows[2]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    kreise, gruppe = oben.findall(qn("w:tc"))  # two cells: the labels' and the group's
    assert gruppe.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "3"
    assert _text(gruppe) == "Geschlecht, Anzahl"
    # the labels' column is named once: one cell over both rows
    assert kreise.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}").get(qn("w:val")) == "restart"
    erste_unten = unten.findall(qn("w:tc"))[0]
    assert erste_unten.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}").get(qn("w:val")) is None  # continued
    assert _text(erste_unten) == ""
    assert [c.text for c in tabelle.rows[1].cells] == ["Kreise", "männlich", "weiblich", "Insgesamt"]
    assert [c.text for c in tabelle.rows[4].cells] == [
        "Leverkusen, kreisfreie Stadt",
        "80.123",
        ".",
        "164.000\u00a0p",
    ]
    # the cell widths of the group add up to the columns it spans
    breiten = [int(g.get(qn("w:w"))) for g in tabelle._tbl.tblGrid.findall(qn("w:gridCol"))]
    tcw = int(gruppe.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")))
    assert tcw == sum(breiten[1:])


def test_html_zwei_kopfzeilen_mit_colspan_und_scope(gebaut):
    assert html_pruefen(gebaut["html"]) == []
    seite = lxml_html.parse(str(gebaut["html"] / "01-leistungen-nach-dem-sgb-ii.html"))
    (tabelle,) = [
        t
        for t in seite.xpath("//table")
        if "Bevölkerung nach Geschlecht" in "".join(t.find("caption").itertext())
    ]
    oben, unten = tabelle.xpath("thead/tr")
    kreise, gruppe = oben.xpath("th")
    assert (kreise.text, kreise.get("scope"), kreise.get("rowspan")) == ("Kreise", "col", "2")
    assert (gruppe.text, gruppe.get("scope"), gruppe.get("colspan")) == (
        "Geschlecht, Anzahl",
        "colgroup",
        "3",
    )
    assert [(th.text, th.get("scope")) for th in unten.xpath("th")] == [
        ("männlich", "col"),
        ("weiblich", "col"),
        ("Insgesamt", "col"),
    ]
    assert [c.get("span") for c in tabelle.xpath("colgroup")] == [None, "3"]  # what colgroup spans


def test_folie_zwei_kopfzeilen_mit_verbundenen_zellen(gebaut):
    praesentation = Presentation(str(gebaut[".pptx"]))
    (form,) = [
        s
        for folie in praesentation.slides
        for s in folie.shapes
        if s.has_table and s.table.cell(1, 1).text == "männlich"
    ]
    t = form.table
    assert t.cell(0, 0).text == "Kreise" and t.cell(0, 0).span_height == 2
    assert t.cell(0, 1).text == "Geschlecht, Anzahl" and t.cell(0, 1).span_width == 3
    assert t.cell(0, 2).is_spanned and t.cell(1, 0).is_spanned
    assert [t.cell(1, j).text for j in (1, 2, 3)] == ["männlich", "weiblich", "Insgesamt"]
    assert t.cell(2, 0).text == "Deutschland"


def _fertig(df: pd.DataFrame):
    return formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("Einwohner"))


def test_berechnete_tabelle_mit_multiindex_spalten_druckt_die_gruppen():
    """A frame a function computes – `pd.concat({...}, axis=1)` – prints like an export's header."""
    werte = pd.DataFrame({"männlich": [10, 20], "weiblich": [11, 21]})
    df = pd.concat({"2022": werte, "2023": werte + 1}, axis=1)
    df.insert(0, ("Gebiet", ""), ["Nord", "Süd"])
    t = _fertig(df)
    assert t.kopfgruppen == [("Gebiet", 1, True), ("2022", 2, False), ("2023", 2, False)]
    assert t.kopf == ["Gebiet", "männlich", "weiblich", "männlich", "weiblich"]
    assert t.zeilen[1] == ["Süd", "20", "21", "21", "22"]
    xml = _xml(_bloecke().block(TabellenPlatz("t", Optionen(), ORT, t, T1)))
    assert xml.count("<w:tblHeader/>") == 2
    assert xml.count('<w:gridSpan w:val="2"/>') == 2
    assert '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml


def test_index_als_gruppe_und_mehr_als_zwei_stufen():
    """A named index becomes the first column, named once; upper levels beyond two join."""
    spalten = pd.MultiIndex.from_tuples([("A", "x", "1"), ("A", "x", "2"), ("A", "y", "1")])
    df = pd.DataFrame([[1, 2, 3]], columns=spalten, index=pd.Index(["Nord"], name="Gebiet"))
    t = _fertig(df)
    assert t.kopfgruppen == [("Gebiet", 1, True), ("A, x", 2, False), ("A, y", 1, False)]
    assert t.kopf == ["Gebiet", "1", "2", "1"]


def test_flacher_kopf_bleibt_eine_kopfzeile():
    t = _fertig(pd.DataFrame({"Gebiet": ["Nord"], "Einwohner": [12345]}))
    assert t.kopfgruppen == [] and t.kopf == ["Gebiet", "Einwohner"]
    xml = _xml(_bloecke().block(TabellenPlatz("t", Optionen(), ORT, t, T1)))
    assert xml.count("<w:tblHeader/>") == 1 and "gridSpan" not in xml and "vMerge" not in xml


def test_ohne_leere_spalten_kuerzt_die_gruppen_mit():
    from berichtsgen.inhalt.modell import FertigeTabelle

    t = FertigeTabelle(
        ["Gebiet", "a", "b", "c"],
        [["Nord", "1", "–", "3"]],
        [False, True, True, True],
        set(),
        Beschriftung("T"),
        kopfgruppen=[("Gebiet", 1, True), ("2023", 2, False), ("2024", 1, False)],
    ).ohne_leere_spalten()
    assert t.kopf == ["Gebiet", "a", "c"]
    assert t.kopfgruppen == [("Gebiet", 1, True), ("2023", 1, False), ("2024", 1, False)]
