"""One model block → the WordprocessingML it becomes, one row each (python-docx's test style).

Namespace declarations are left out of the expected XML; styles are the template's IDs.
"""

from __future__ import annotations

import re

import pytest
from docx.shared import Cm
from lxml import etree

from berichtsgen.darstellung.word.abschnitte import Abschnitt, Abschnitte
from berichtsgen.darstellung.word.bloecke import Baukontext, Bloecke
from berichtsgen.darstellung.word.stile import Stile
from berichtsgen.fehler import Ort
from berichtsgen.inhalt.modell import (
    Absatz,
    Beschriftung,
    EinfacheTabelle,
    FertigeTabelle,
    FussnotenVerweis,
    Link,
    Liste,
    Nummer,
    Optionen,
    Seitenumbruch,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Umbruch,
    Verweis,
    Zitat,
)

ORT = Ort("k.md", 1)
STILE = Stile(
    {
        ("paragraph", "normal"): "Normal",
        ("paragraph", "heading 2"): "Heading2",
        ("paragraph", "caption"): "Caption",
        ("paragraph", "quelle"): "Quelle",
        ("paragraph", "list bullet"): "ListBullet",
        ("paragraph", "quote"): "Quote",
        ("character", "hyperlink"): "Hyperlink",
        ("character", "footnote reference"): "FootnoteReference",
        ("table", "table grid"): "TableGrid",
    }
)


class _Teil:
    """The document part's two services blocks use: relationships and images."""

    def relate_to(self, ziel: str, _typ: str, is_external: bool = False) -> str:
        return "rId9"


def _bloecke(**kw) -> Bloecke:
    bau = Baukontext(
        stile=STILE,
        teil=_Teil(),
        textbreite=Cm(16),
        textbreite_quer=Cm(24.7),
        fussnote=lambda f: Bloecke(kw["k"]).bau.fussnote(f) if "k" in kw else None,
    )
    return Bloecke(bau)


def _xml(elemente: list[etree._Element]) -> str:
    text = "".join(etree.tostring(e, encoding="unicode") for e in elemente)
    return re.sub(r' xmlns:\w+="[^"]+"', "", text)


T1 = Nummer("Tabelle", 1)


@pytest.mark.parametrize(
    ("block", "erwartet"),
    [
        (
            Absatz([Text("Hallo")], ORT),
            '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>Hallo</w:t></w:r></w:p>',
        ),
        (
            Absatz([Text("a ", fett=True), Text("b", kursiv=True), Text("c", code=True)], ORT),
            '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>'
            '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a </w:t></w:r>'
            "<w:r><w:rPr><w:i/></w:rPr><w:t>b</w:t></w:r>"
            '<w:r><w:rPr><w:rFonts w:ascii="Liberation Mono" w:hAnsi="Liberation Mono" w:cs="Liberation Mono"/>'
            "</w:rPr><w:t>c</w:t></w:r></w:p>",
        ),
        (
            Absatz([Text("a"), Umbruch(), Text("b")], ORT),
            '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>a</w:t></w:r><w:r><w:br/></w:r>'
            "<w:r><w:t>b</w:t></w:r></w:p>",
        ),
        (
            Absatz([Verweis("t", ORT, T1)], ORT),
            '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> REF _RefTabelle1 \\h </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Tabelle 1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        ),
        (
            Absatz([Link("https://example.org", [Text("Stadt")])], ORT),
            '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:hyperlink r:id="rId9">'
            '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Stadt</w:t></w:r></w:hyperlink></w:p>',
        ),
        (
            Ueberschrift(2, [Text("Daten")], ORT, neue_seite=True),
            '<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:keepNext/><w:pageBreakBefore/></w:pPr>'
            '<w:bookmarkStart w:id="1" w:name="_TocInh1"/><w:r><w:t>Daten</w:t></w:r>'
            '<w:bookmarkEnd w:id="1"/></w:p>',
        ),
        (
            Liste(False, [[Absatz([Text("eins")], ORT)]], ORT),
            '<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>eins</w:t></w:r></w:p>',
        ),
        (
            Zitat([Absatz([Text("Zitat")], ORT)], ORT),
            # the quote style of these tests has no indentation of its own: set on the paragraph
            '<w:p><w:pPr><w:pStyle w:val="Quote"/><w:ind w:left="567" w:right="567"/></w:pPr>'
            "<w:r><w:t>Zitat</w:t></w:r></w:p>",
        ),
        (
            Seitenumbruch(ORT),
            '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
        ),
    ],
    ids=[
        "absatz",
        "betonung",
        "umbruch",
        "querverweis",
        "link",
        "ueberschrift",
        "liste",
        "zitat",
        "seitenumbruch",
    ],
)
def test_block_wird_zu_ooxml(block, erwartet):
    assert _xml(_bloecke().block(block)) == erwartet


def test_fussnotenzeichen_kommt_vom_renderer():
    gesehen = []
    b = _bloecke()
    b.bau.fussnote = lambda f, _id: gesehen.append(f.nummer) or [etree.Element("marke")]
    assert _xml(b.inline([FussnotenVerweis(3, [])])) == "<marke/>"
    assert gesehen == [3]


def test_zweites_zeichen_derselben_fussnote_ist_ein_verweis_auf_sie():
    """`[^1]` twice: one footnote, the second mark a NOTEREF field printing its number (a second
    footnoteReference would be counted as a new, empty footnote by Word and LibreOffice)."""
    from berichtsgen.darstellung.word.fussnoten import Fussnoten

    noten, ids = Fussnoten(STILE), iter(range(7, 10))
    erstes = _xml(noten.zeichen(FussnotenVerweis(1, []), lambda: next(ids)))
    zweites = _xml(noten.zeichen(FussnotenVerweis(1, []), lambda: next(ids)))
    assert erstes == (
        '<w:bookmarkStart w:id="7" w:name="_RefFussnote1"/><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>'
        '</w:rPr><w:footnoteReference w:id="1"/></w:r><w:bookmarkEnd w:id="7"/>'
    )
    assert "footnoteReference" not in zweites and "NOTEREF _RefFussnote1 \\f \\h" in zweites
    assert '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>1</w:t>' in zweites


def test_tabelle_mit_beschriftung_kopfzeile_ampel_und_quelle():
    t = FertigeTabelle(
        kopf=["Status", "Anzahl"],
        zeilen=[["geplant", "3"], ["Insgesamt", "3"]],
        rechtsbuendig=[False, True],
        summenzeilen={1},
        beschriftung=Beschriftung("Maßnahmen", "Stadt", "31.12.2023"),
        anmerkungen=["Zeichenerklärung: –"],
        fuellung={(0, 0): "DDEBF7"},
    )
    platz = TabellenPlatz("t", Optionen(), ORT, t, T1)
    beschriftung, tabelle, quelle, anmerkung = (_xml([e]) for e in _bloecke().block(platz))
    assert " REF " not in beschriftung and " SEQ Tabelle \\* ARABIC " in beschriftung
    assert '<w:bookmarkStart w:id="1" w:name="_RefTabelle1"/>' in beschriftung
    assert '<w:pStyle w:val="Caption"/><w:keepNext/>' in beschriftung
    assert tabelle.startswith(
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/><w:tblCaption w:val="Maßnahmen"/></w:tblPr>'
    )
    assert "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" in tabelle
    assert '<w:shd w:val="clear" w:color="auto" w:fill="DDEBF7"/>' in tabelle
    assert '<w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>3</w:t>' in tabelle  # total in bold
    assert quelle.endswith("<w:t>Quelle: Stadt; Stichtag: 31.12.2023</w:t></w:r></w:p>")
    assert "Zeichenerklärung" in anmerkung


def test_quer_gesetzte_tabelle_bekommt_eigene_abschnitte():
    b = _bloecke()
    b.bau.abschnitte = Abschnitte(Abschnitt())
    t = FertigeTabelle(["A"], [["x"]], [False], set(), Beschriftung("T"))
    elemente = b.block(TabellenPlatz("t", Optionen(quer=True), ORT, t, T1))
    assert [e.find(".//{*}sectPr") is not None for e in elemente] == [True, False, False, True]
    assert not b.bau.abschnitte.aktuell.quer


def test_quer_gesetzte_tabelle_wird_fuer_die_breite_des_querformats_geplant():
    """Planned once the landscape section is current: 24,7 cm, not the portrait 16 cm."""
    b = _bloecke()
    b.bau.abschnitte = Abschnitte(Abschnitt())
    zeile = [f"Spalte mit langem Text {j}" for j in range(8)]
    t = FertigeTabelle(zeile, [zeile], [False] * 8, set(), Beschriftung("T"))
    breite = [
        sum(
            int(w)
            for w in re.findall(
                r'<w:gridCol w:w="(\d+)"/>', _xml(b.block(TabellenPlatz("t", Optionen(quer=q), ORT, t, T1)))
            )
        )
        for q in (False, True)
    ]
    assert breite[0] <= 16 / 2.54 * 1440 + 8 and breite[1] > 24 / 2.54 * 1440


def test_einfache_tabelle_spaltenbreiten_nach_inhalt():
    tabelle = EinfacheTabelle(
        [[Text("Merkmal")], [Text("Wert")]],
        [[[Text("Migrationshintergrund")], [Text("12")]]],
        ["links", "rechts"],
        ORT,
    )
    xml = _xml(_bloecke().block(tabelle))
    breiten = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]
    assert sum(breiten) <= 9071 and breiten[0] > 2 * breiten[1]


def _behalten(tabelle_xml: str) -> list[bool]:
    """Per table row: do its paragraphs keep with the next (row or source line)?"""
    zeilen = re.findall(r"<w:tr>.*?</w:tr>", tabelle_xml)
    return ["<w:keepNext/>" in z for z in zeilen]


@pytest.mark.parametrize(
    ("zeilen", "erwartet"), [(5, [True] * 6), (20, [True] * 3 + [False] * 16 + [True] * 2)]
)
def test_tabelle_bleibt_mit_beschriftung_und_quelle_zusammen(zeilen: int, erwartet: list[bool]):
    """A short table stays whole; a long one keeps header and two rows with its caption and its
    last two rows with source line, note and legend, which keep with each other."""
    t = FertigeTabelle(
        ["A"],
        [[str(i)] for i in range(zeilen)],
        [True],
        set(),
        Beschriftung("T", "Stadt"),
        ["Anmerkung", "Legende"],
    )
    beschriftung, tabelle, quelle, anmerkung, legende = (
        _xml([e]) for e in _bloecke().block(TabellenPlatz("t", Optionen(), ORT, t, T1))
    )
    assert _behalten(tabelle) == erwartet
    assert ["<w:keepNext/>" in x for x in (beschriftung, quelle, anmerkung, legende)] == [
        True,
        True,
        True,
        False,
    ]
