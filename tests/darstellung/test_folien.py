"""The slide deck (PPTX), read back with python-pptx and checked against the PresentationML schema,
in the neutral template and in templates other producers made (pandoc, officer)."""

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.text import PP_ALIGN

from berichtsgen import build, check
from berichtsgen.fehler import PruefFehler, VorlagenFehler
from hilfen import REPO, SCHEMAS, einstellen, modul_dazu

VORLAGEN = REPO / "tests" / "vorlagen"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _deck(mini: Path, vorlage: str | None = None) -> Presentation:
    if vorlage:
        shutil.copy(VORLAGEN / vorlage, mini / "folien.pptx")
        einstellen(mini, 'folien_vorlage = "folien.pptx"')
    (datei,) = build(2024, mini, formate=["pptx"]).dateien
    assert datei.name == "testbericht-2024.pptx"
    return Presentation(str(datei))


def _titel(folie) -> str:
    return folie.shapes.title.text_frame.text if folie.shapes.title is not None else ""


def _texte(folie) -> list[str]:
    return [f.text_frame.text for f in folie.shapes if f.has_text_frame and f != folie.shapes.title]


def _layout(folie) -> str:
    return folie.slide_layout._element.get("type")


def test_titelfolie_agenda_kapitel_und_inhalte(mini: Path):
    deck = _deck(mini)
    folien = list(deck.slides)
    assert [_titel(f) for f in folien] == [
        "Testbericht",
        "Inhalt",
        "Einleitung",
        "Tabelle 1: Einwohner nach Bezirk",
        "Abbildung 1: Einwohner nach Bezirk",
        "Handlungsfeld A: Sprache",
        "Handlungsfeld A: Sprache",  # the list under the chapter title
        "Tabelle 2: Sprachkurse",
    ]
    assert [_layout(f) for f in folien] == ["title", "obj", "secHead", "obj", "obj", "secHead", "obj", "obj"]
    assert _texte(folien[0]) == ["Ein kleines Projekt für die Tests\nStadt Musterstadt\nMärz 2024"]
    assert _texte(folien[1]) == ["Einleitung\nHandlungsfeld A: Sprache"]
    assert _texte(folien[6]) == ["Erstens\nZweitens"]
    # the running text in the notes of the chapter's first slide, numbers as printed
    notizen = folien[2].notes_slide.notes_text_frame.text
    assert notizen.startswith("Musterstadt hat 20.345 Einwohner im Jahr 2024.")
    assert "Siehe Tabelle 1 und Abbildung 1." in notizen
    assert deck.core_properties.title == "Testbericht"


def test_tabelle_nativ_mit_deutschen_zahlen_kopf_summe_und_quelle(mini: Path):
    folie = list(_deck(mini).slides)[3]
    (form,) = [f for f in folie.shapes if f.has_table]
    tabelle = form.table
    zeilen = [[z.text for z in zeile.cells] for zeile in tabelle.rows]
    assert zeilen[0] == ["Bezirk", "Einwohner", "Anteil (in %)", "Fläche"]
    assert zeilen[1] == ["Nord", "12.345", "60,7", "–"]
    assert zeilen[-1][:2] == ["Insgesamt", "20.345"]
    laeufe = lambda i, j: tabelle.cell(i, j).text_frame.paragraphs[0].runs  # noqa: E731
    assert laeufe(0, 0)[0].font.bold and laeufe(3, 1)[0].font.bold and not laeufe(1, 1)[0].font.bold
    assert tabelle.cell(1, 1).text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT
    assert tabelle.cell(1, 0).text_frame.paragraphs[0].alignment == PP_ALIGN.LEFT
    assert _texte(folie) == [
        "Quelle: Statistikstelle Musterstadt; Stichtag: 31.12.2023\nZeichenerklärung: – = nichts vorhanden"
    ]


def test_diagramm_als_bild_mit_alternativtext_und_quelle(mini: Path):
    deck = _deck(mini)
    folie = list(deck.slides)[4]
    (bild,) = [f for f in folie.shapes if f.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert bild._element.nvPicPr.cNvPr.get("descr") == (
        "Säulendiagramm: Einwohner nach Bezirk; Nord 12.345, Süd 8.000."
    )
    assert bild.image.content_type == "image/png"
    assert _texte(folie) == ["Quelle: Eigene Darstellung"]
    assert bild.left >= 0 and bild.left + bild.width <= deck.slide_width
    assert bild.top + bild.height <= deck.slide_height


def test_lange_tabelle_ueber_mehrere_folien_mit_fortsetzung(mini: Path):
    zeilen = "\n".join(f"| Kurs {i} | {i * 3} |" for i in range(1, 41))
    (mini / "inhalte" / "2024" / "03-kurse.md").write_text(
        "---\ntitel: Kurse\n---\n\n```{tabelle} alle_kurse\n:titel: Alle Kurse\n:quelle: VHS\n\n"
        f"| Kurs | Teilnehmende |\n|---|--:|\n{zeilen}\n```\n",
        encoding="utf-8",
    )
    folien = [f for f in _deck(mini).slides if _titel(f).startswith("Tabelle 3")]
    assert len(folien) >= 2
    assert _titel(folien[0]) == "Tabelle 3: Alle Kurse"
    assert all(_titel(f) == "Tabelle 3: Alle Kurse (Fortsetzung)" for f in folien[1:])
    reihen = []
    for f in folien:
        (form,) = [s for s in f.shapes if s.has_table]
        kopf, *rest = [[z.text for z in r.cells] for r in form.table.rows]
        assert kopf == ["Kurs", "Teilnehmende"]  # the header on every slide
        reihen += rest
        assert form.top + form.height <= 6858000  # the neutral template's slide height
    assert reihen == [[f"Kurs {i}", str(i * 3)] for i in range(1, 41)]  # nothing lost, nothing twice
    _voll_bevor_es_weitergeht(folien)


def _voll_bevor_es_weitergeht(folien) -> None:
    """A slide is full before the table continues: the next slide's first row would not have fit."""
    for f, weiter in zip(folien, folien[1:], strict=False):
        (form,) = [s for s in f.shapes if s.has_table]
        (quelle,) = [s for s in f.shapes if s.name == "Quelle"]
        (naechste,) = [s for s in weiter.shapes if s.has_table]
        assert form.top + form.height + naechste.table.rows[1].height > quelle.top


def test_auswahl_im_kopfbereich_und_folie_nein(mini: Path):
    einleitung = mini / "inhalte" / "2024" / "01-einleitung.md"
    text = einleitung.read_text(encoding="utf-8")
    einleitung.write_text(text.replace("---\n\n", "folien: [einwohner_bild]\n---\n\n", 1), encoding="utf-8")
    sprache = mini / "inhalte" / "2024" / "02-handlungsfeld-a.md"
    sprache.write_text(
        sprache.read_text(encoding="utf-8").replace(
            ":titel: Sprachkurse", ":titel: Sprachkurse\n:folie: nein"
        ),
        encoding="utf-8",
    )
    titel = [_titel(f) for f in _deck(mini).slides]
    assert "Tabelle 1: Einwohner nach Bezirk" not in titel and "Abbildung 1: Einwohner nach Bezirk" in titel
    assert "Tabelle 2: Sprachkurse" not in titel


def test_folienmarke_ins_leere_findet_check_mit_zeile(mini: Path):
    einleitung = mini / "inhalte" / "2024" / "01-einleitung.md"
    text = einleitung.read_text(encoding="utf-8")
    einleitung.write_text(text.replace("---\n\n", "folien: [einwohnr]\n---\n\n", 1), encoding="utf-8")
    (befund,) = [b for b in check(2024, mini).befunde if b.regel == "folie-ins-leere"]
    assert befund.fehler and befund.ort.zeile == 3 and "„einwohnr“" in befund.meldung
    with pytest.raises(PruefFehler):
        build(2024, mini, formate=["pptx"])


def test_zu_hohes_diagramm_wird_gemeldet(mini: Path):
    rechnen = mini / "rechnen.py"
    rechnen.write_text(
        rechnen.read_text(encoding="utf-8").replace("figsize=(4, 2.5)", "figsize=(4, 9)"), encoding="utf-8"
    )
    einstellen(mini, 'formate = ["docx", "pptx"]')
    (befund,) = [b for b in check(2024, mini).befunde if b.regel == "diagramm-zu-gross-fuer-folie"]
    assert befund.warnung and "zu hoch" in befund.meldung and befund.ort.zeile is not None


@pytest.mark.parametrize(("laenge", "gemeldet"), [(150, False), (151, True)])
def test_zu_langer_folientitel_ist_eine_warnung(mini: Path, laenge: int, gemeldet: bool):
    """A caption as slide title: up to 150 characters fit ("Tabelle 2: " counts), more is a warning
    at the caption's line, with the way to leave the slide out."""
    sprache = mini / "inhalte" / "2024" / "02-handlungsfeld-a.md"
    titel = "x" * (laenge - len("Tabelle 2: "))
    sprache.write_text(
        sprache.read_text(encoding="utf-8").replace(":titel: Sprachkurse", f":titel: {titel}"),
        encoding="utf-8",
    )
    einstellen(mini, 'formate = ["docx", "pptx"]')
    befunde = [b for b in check(2024, mini).befunde if b.regel == "folientitel-zu-lang"]
    assert len(befunde) == gemeldet
    if gemeldet:
        (befund,) = befunde
        assert befund.warnung and f"ist {laenge} Zeichen lang" in befund.meldung
        assert befund.ort.datei.name == "02-handlungsfeld-a.md" and befund.ort.zeile == 10
        assert "„:folie: nein“" in befund.hinweis


@pytest.mark.parametrize("vorlage", ["pandoc-reference.pptx", "officer-template.pptx"])
def test_fremde_vorlagen_eigene_layouts_ohne_beispielfolien(mini: Path, vorlage: str):
    deck = _deck(mini, vorlage)
    fremd = Presentation(str(VORLAGEN / vorlage))
    assert (deck.slide_width, deck.slide_height) == (fremd.slide_width, fremd.slide_height)
    assert len(deck.slides) == 8  # pandoc's four example slides are gone
    eigene = {id(layout) for layout in deck.slide_layouts}
    assert all(id(f.slide_layout) in eigene for f in deck.slides)
    for folie in deck.slides:
        for form in folie.shapes:  # everything on the slide
            assert form.left >= 0 and form.top >= 0
            assert form.left + form.width <= deck.slide_width and form.top + form.height <= deck.slide_height


@pytest.mark.parametrize("vorlage", [None, "pandoc-reference.pptx"])
def test_folien_entsprechen_dem_schema(mini: Path, vorlage: str | None):
    _deck(mini, vorlage)
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "pml.xsd")))
    with zipfile.ZipFile(mini / "ausgabe" / "2024" / "testbericht-2024.pptx") as paket:
        teile = [
            n
            for n in paket.namelist()
            if n.endswith(".xml") and n.startswith(("ppt/slides/", "ppt/notesSlides/"))
        ]
        assert len(teile) >= 9
        for name in teile + ["ppt/presentation.xml"]:
            assert schema.validate(etree.fromstring(paket.read(name))), (name, schema.error_log.last_error)


@pytest.mark.parametrize(
    ("inhalt", "meldung"),
    [
        (b"kein pptx", "Die Folienvorlage ist keine lesbare PowerPoint-Datei."),
        ((VORLAGEN / "officer-ohne-layouts.pptx").read_bytes(), "fehlt das Layout „Titelfolie“"),
    ],
)
def test_kaputte_folienvorlage_eine_zeile(mini: Path, inhalt: bytes, meldung: str):
    (mini / "folien.pptx").write_bytes(inhalt)
    einstellen(mini, 'folien_vorlage = "folien.pptx"')
    with pytest.raises(VorlagenFehler) as info:
        build(2024, mini, formate=["pptx"])
    assert meldung in info.value.meldung and info.value.ort.datei.name == "folien.pptx"
    assert "\n" not in info.value.meldung


def test_nummerierte_liste_bleibt_nummeriert(mini: Path):
    """The chapter's "1. Erstens / 2. Zweitens" was set with the layout's bullets; a list from 3
    starts at 3; a bulleted list keeps its bullets."""
    kapitel = mini / "inhalte/2024/02-handlungsfeld-a.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8").replace(
            "1. Erstens\n2. Zweitens", "3. Erstens\n4. Zweitens\n\n- Drittens"
        ),
        encoding="utf-8",
    )
    deck = _deck(mini)
    (folie,) = [f for f in deck.slides if "Erstens" in "".join(_texte(f))]
    koerper = [f for f in folie.shapes if f.has_text_frame and f != folie.shapes.title]
    absaetze = [p for f in koerper for p in f.text_frame.paragraphs if p.text]
    nummern = [p._p.find(f"{A}pPr/{A}buAutoNum") for p in absaetze]
    assert [p.text for p in absaetze] == ["Erstens", "Zweitens", "Drittens"]
    assert [n.get("type") if n is not None else None for n in nummern] == [
        "arabicPeriod",
        "arabicPeriod",
        None,
    ]
    assert nummern[0].get("startAt") == "3"


def test_fette_summenzeile_einer_markdown_tabelle_bleibt_fett(mini: Path):
    kapitel = mini / "inhalte/2024/02-handlungsfeld-a.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8")
        + "\n```{tabelle} kurse_md\n:titel: Kurse von Hand\n:quelle: Test\n:stichtag: 31.12.2023\n"
        "| Kurs | Anzahl |\n|---|--:|\n| Deutsch | 3 |\n| **Insgesamt** | **3** |\n```\n",
        encoding="utf-8",
    )
    deck = _deck(mini)
    (folie,) = [f for f in deck.slides if _titel(f).endswith("Kurse von Hand")]
    (tabelle,) = [f.table for f in folie.shapes if f.has_table]
    fett = [[bool(z.text_frame.paragraphs[0].runs[0].font.bold) for z in r.cells] for r in tabelle.rows]
    assert fett == [[True, True], [False, False], [True, True]]


BREIT = """
import pandas as pd
from berichtsgen import tabelle


@tabelle("breit", titel="Lange Spaltenköpfe", quelle="Test", stichtag="31.12.2023")
def breit(k):
    kopf = ["Stadtteil", *[f"Bedarfsgemeinschaften {j}" for j in range(2018, 2024)]]
    return pd.DataFrame([["Wiesdorf", *range(1000, 1006)], ["Opladen", *range(2000, 2006)]], columns=kopf)
"""


def test_kein_wort_bricht_ohne_bindestrich_auf_folien(mini: Path):
    """Found in a trial: "Bedarfsgemeins|chaften" broke inside in a slide table's header. Every
    word, or piece between soft hyphens, is no wider than its column (by Arial's metrics, wider than
    the templates' fonts)."""
    from berichtsgen.darstellung.spalten import breite_pt

    modul_dazu(mini, "breit", BREIT, "02-handlungsfeld-a.md", ["breit"])
    deck = _deck(mini)
    (folie,) = [f for f in deck.slides if _titel(f).endswith("Lange Spaltenköpfe")]
    (tabelle,) = [f.table for f in folie.shapes if f.has_table]
    for j, spalte in enumerate(tabelle.columns):
        platz = spalte.width / 12700 - 2 * 7.2
        for zeile in tabelle.rows:
            for lauf in zeile.cells[j].text_frame.paragraphs[0].runs:
                groesse = int(lauf.font.size.pt * 2)
                for wort in lauf.text.split():
                    for stueck in wort.split("\u00ad"):
                        assert breite_pt(stueck, "Liberation Sans", groesse, bool(lauf.font.bold)) <= platz, (
                            stueck
                        )


VIELE = """
import pandas as pd
from berichtsgen import tabelle


@tabelle("viele", titel="Viele Zeilen", quelle="Test", stichtag="31.12.2023")
def viele(k):
    return pd.DataFrame({"Kurs": [f"Kurs {i}" for i in range(1, 15)], "Anzahl": [None, *range(2, 15)]})
"""


def test_fortsetzung_erst_wenn_die_folie_voll_ist(mini: Path):
    """Found in a trial: a "(Fortsetzung)" slide with two rows while the first was half empty – the
    room for the notes (here the Zeichenerklärung) was kept free on every slide, not only the last."""
    modul_dazu(mini, "viele", VIELE, "02-handlungsfeld-a.md", ["viele"])
    folien = [f for f in _deck(mini).slides if "Viele Zeilen" in _titel(f)]
    assert len(folien) >= 2
    _voll_bevor_es_weitergeht(folien)
