"""Templates written by German Word, LibreOffice, pandoc and python-docx all build the report with
their own styles applied and no duplicate styles added."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from berichtsgen import build
from hilfen import REPO, TESTS, W, absatz_texte, docx_xml, kontrast_als_warnung, pruefen

VORLAGEN = {
    "deutsches-word": REPO / "vorlagen" / "leverkusen.docx",
    "libreoffice": TESTS / "vorlagen" / "libreoffice.docx",
    "pandoc": TESTS / "vorlagen" / "pandoc-reference.docx",
    "officer-franzoesisch": TESTS / "vorlagen" / "officer-template.docx",
    "python-docx": None,
}


def _stil_id(docx_pfad: Path, name: str) -> str:
    for stil in docx_xml(docx_pfad, "word/styles.xml").iter(f"{W}style"):
        if stil.find(f"{W}name").get(f"{W}val").lower() == name:
            return stil.get(f"{W}styleId")
    raise AssertionError(f"{name} fehlt")


@pytest.mark.parametrize("hersteller", list(VORLAGEN))
def test_vorlage_eines_herstellers(mini: Path, hersteller: str, schema):
    ziel = mini / "vorlage.docx"
    if VORLAGEN[hersteller] is None:
        Document().save(str(ziel))
    else:
        shutil.copy(VORLAGEN[hersteller], ziel)
    if hersteller in ("pandoc", "python-docx"):
        kontrast_als_warnung(mini)
    vorlage_namen = [s.name for s in Document(str(ziel)).styles]
    kapitel = mini / "inhalte" / "2024" / "01-einleitung.md"  # a link: templates without "Hyperlink" too
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8") + "\nMehr bei [der Stadt](https://example.org/bericht).\n",
        encoding="utf-8",
    )
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    namen = [s.name for s in Document(str(docx)).styles]
    # no duplicate styles added (LibreOffice itself writes two "Caption" styles: they stay two)
    assert len(namen) - len(set(namen)) == len(vorlage_namen) - len(set(vorlage_namen))
    hinzu = set(namen) - set(vorlage_namen)
    eigene = {"Quelle", "List Bullet", "List Number", "Caption", "Normal", "Title", "Subtitle"}
    assert hinzu <= eigene | {"toc 1", "toc 2", "toc 3", "table of figures"}, hinzu  # index entries
    # the report's headings and captions use the template's own styles
    h1 = _stil_id(ziel, "heading 1")
    koerper = docx_xml(docx)
    ids = [p.get(f"{W}val") for p in koerper.iter(f"{W}pStyle")]
    assert h1 in ids
    texte = absatz_texte(koerper)
    assert "Handlungsfeld A: Sprache" in texte and "Tabelle 1: Einwohner nach Bezirk" in texte
    assert pruefen(docx, schema) == []
    links = list(koerper.iter(f"{W}hyperlink"))
    assert ["".join(t.text for t in h.iter(f"{W}t")) for h in links] == ["der Stadt"]


def test_beispielfussnote_der_vorlage_wird_entfernt(mini: Path):
    """pandoc's reference.docx brings a sample note; LibreOffice printed it instead of the report's own."""
    shutil.copy(VORLAGEN["pandoc"], mini / "vorlage.docx")
    kontrast_als_warnung(mini)
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    noten = docx_xml(docx, "word/footnotes.xml")
    assert [t for t in absatz_texte(noten) if t.strip()] == [" Stand 31.12.2023."]
    ids = [n.get(f"{W}id") for n in noten.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert ids == [r.get(f"{W}id") for r in docx_xml(docx).iter(f"{W}footnoteReference")] == ["1"]


def test_schrifthinweise_nur_fuer_benutzte_schriften():
    """Fonts a template only declares (Courier, a code font of an unused style) are no hint."""
    from berichtsgen.darstellung.word.vorlage import Vorlage
    from hilfen import STANDARDVORLAGE

    assert Vorlage(STANDARDVORLAGE)._schriften() == ["Liberation Sans"]
    pandoc = Vorlage(VORLAGEN["pandoc"])._schriften()
    assert "Consolas" not in pandoc and {"Cambria", "Calibri"} <= set(pandoc)  # headings: theme major


def test_seitenzahl_wird_ergaenzt_wo_die_vorlage_keine_hat(mini: Path):
    shutil.copy(VORLAGEN["pandoc"], mini / "vorlage.docx")
    kontrast_als_warnung(mini)
    meldungen: list[str] = []
    (docx,) = build(2024, mini, formate=["docx"], fortschritt=meldungen.append).dateien
    assert any("hat keine Seitenzahl in Kopf- oder Fußzeile: berichtsgen setzt sie" in m for m in meldungen)
    import zipfile

    with zipfile.ZipFile(docx) as z:
        fusszeilen = [z.read(n) for n in z.namelist() if n.startswith("word/footer")]
    assert any(b" PAGE " in f for f in fusszeilen)
    # "aus" leaves the template as it is
    from hilfen import einstellen

    einstellen(mini, 'seitenzahl = "aus"')
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    with zipfile.ZipFile(docx) as z:
        assert not any(n.startswith("word/footer") for n in z.namelist())


def test_nummerierte_ueberschriften_nur_im_berichtstext(mini: Path):
    """A template with numbered headings: chapters keep "1.", "2.", indexes and appendices do not."""
    from hilfen import einstellen, nummerierte_ueberschriften

    nummerierte_ueberschriften(mini / "vorlage.docx", mini / "vorlage.docx")
    (mini / "inhalte/2024/03-anhang.md").write_text(
        "---\ntitel: Mehr\nanhang: true\n---\n\nText.\n", encoding="utf-8"
    )
    (mini / "inhalte/2024/00-vorwort.md").write_text("---\ntitel: Vorwort\n---\n\nText.\n", encoding="utf-8")

    def nummern(docx: Path) -> dict[str, str | None]:
        ergebnis = {}
        for p in docx_xml(docx).iter(f"{W}p"):
            stil = p.find(f"{W}pPr/{W}pStyle")
            if stil is not None and stil.get(f"{W}val") == "Heading1":
                num = p.find(f"{W}pPr/{W}numPr/{W}numId")
                ergebnis["".join(t.text for t in p.iter(f"{W}t"))] = (
                    None if num is None else num.get(f"{W}val")
                )
        return ergebnis

    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert nummern(docx) == {
        "Vorwort": "0",
        "Einleitung": None,  # the template's numbering
        "Handlungsfeld A: Sprache": None,
        "Anhang A: Mehr": "0",
        "Abbildungsverzeichnis": "0",
        "Tabellenverzeichnis": "0",
    }
    toc = next(
        p
        for p in docx_xml(docx).iter(f"{W}p")
        if "".join(t.text or "" for t in p.iter(f"{W}t")) == "Inhaltsverzeichnis"
    )
    assert toc.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") == "0"  # its style inherits the numbering
    einstellen(mini, 'kapitelnummern = "keine"')
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert set(nummern(docx).values()) == {"0"}


def test_logo_der_vorlage_ohne_alternativtext(mini: Path):
    """A title-page logo without text needs no setting: it is marked decorative (an artifact in the
    PDF, see the e2e test); logo_alt gives it a text instead."""
    from berichtsgen import check
    from hilfen import einstellen, vorlage_mit_logo

    vorlage_mit_logo(mini / "vorlage.docx", mini / "vorlage.docx")
    assert [b for b in check(2024, mini).befunde if b.regel == "bild-ohne-alt"] == []
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    dekorativ = docx_xml(docx).iter("{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative")
    assert [d.get("val") for d in dekorativ][:1] == ["1"]
    einstellen(mini, 'logo_alt = "Logo der Stadt Musterstadt"')
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    beschreibungen = [d.get("descr") for d in docx_xml(docx).iter(f"{wp}docPr")]
    assert beschreibungen[0] == "Logo der Stadt Musterstadt"


def test_verankerte_bilder_der_fusszeile_auf_querformatseiten(mini: Path, schema):
    """The landscape chapter gets a footer copy whose anchored band keeps its distance to the bottom."""
    import zipfile

    from hilfen import vorlage_mit_fussbild

    vorlage_mit_fussbild(mini / "vorlage.docx", mini / "vorlage.docx")
    (docx,) = build(2024, mini, formate=["docx"]).dateien  # Handlungsfeld A is quer: true
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    with zipfile.ZipFile(docx) as z:
        versaetze = sorted(
            int(v.text)
            for n in z.namelist()
            if n.startswith("word/footer")
            for v in etree.fromstring(z.read(n)).iter(f"{wp}posOffset")
            if v.getparent().tag == f"{wp}positionV"
        )
    assert versaetze == [9900000 + 7560310 - 10692130, 9900000]  # landscape copy, portrait original
    assert pruefen(docx, schema) == []


def test_vorlage_ohne_nummerierungsteil(mini: Path):
    """German Word writes no numbering.xml into a file without lists (pandoc's 11113.docx): the
    report's numbered list still gets a numbering definition (it was "Interner Fehler")."""
    import zipfile

    shutil.copy(TESTS / "vorlagen" / "fremd" / "pandoc-11113-de.docx", mini / "vorlage.docx")
    assert "word/numbering.xml" not in zipfile.ZipFile(mini / "vorlage.docx").namelist()
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    definiert = {n.get(f"{W}numId") for n in docx_xml(docx, "word/numbering.xml").iter(f"{W}num")}
    erstens = next(p for p in docx_xml(docx).iter(f"{W}p") if "Erstens" in "".join(absatz_texte(p)))
    assert erstens.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") in definiert


def test_zweispaltige_vorlage_gibt_einen_einspaltigen_bericht(mini: Path):
    """pandoc's lists_continuing.docx ends in a two-column section: the report's tables broke
    every number ("1.04|8") in half a page's width; the report is set in one column, with a hint."""
    shutil.copy(TESTS / "vorlagen" / "fremd" / "pandoc-fussbild.docx", mini / "vorlage.docx")
    vorher = docx_xml(mini / "vorlage.docx").find(f"{W}body/{W}sectPr/{W}cols")
    assert vorher.get(f"{W}num") == "2"
    meldungen: list[str] = []
    (docx,) = build(2024, mini, formate=["docx"], fortschritt=meldungen.append).dateien
    spalten = docx_xml(docx).find(f"{W}body/{W}sectPr/{W}cols")
    assert spalten is None or spalten.get(f"{W}num", "1") == "1"
    assert any("setzt den Text in 2 Spalten: der Bericht wird einspaltig gesetzt" in m for m in meldungen)


def test_numpages_im_textfeld_der_fusszeile_wird_seitenverweis(mini: Path, schema):
    """NUMPAGES as a complex field in a text box of a real footer (Kanton Bern) stopped the build
    with "Interner Fehler"; now each part's footer copy refers to the bookmark ending its part,
    in the text box and in its VML fallback (the PDF side: tests/e2e)."""
    from hilfen import KT_BERN, brief_als_berichtsvorlage, fusszeilen_der_abschnitte

    brief_als_berichtsvorlage(KT_BERN, mini / "vorlage.docx", numpages_komplex=True)
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    fuesse = fusszeilen_der_abschnitte(docx)
    codes = {
        teil: [" ".join(i.text.split()) for i in docx_xml(docx, teil).iter(f"{W}instrText") if i.text.strip()]
        for teil in fuesse
    }
    assert codes[fuesse[0]] == ["PAGE \\* MERGEFORMAT", "PAGEREF _BerichtsgenTeil1"] * 2
    assert codes[fuesse[-1]] == ["PAGE \\* MERGEFORMAT", "PAGEREF _BerichtsgenTeil2"] * 2
    marken = [b.get(f"{W}name") for b in docx_xml(docx).iter(f"{W}bookmarkStart")]
    assert {"_BerichtsgenTeil1", "_BerichtsgenTeil2"} <= set(marken)
    assert pruefen(docx, schema) == []
