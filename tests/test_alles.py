"""The project tests/roots/alles – every documented Markdown construct, block option, table and chart
kind – built in every format with the package's own template, and what a reader sees of a few
constructs: a footnote in a table cell is a real footnote, a link in a list item or a footnote is a
working hyperlink, a numbered list stays numbered (from its first number)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pptx import Presentation

from berichtsgen import build
from berichtsgen.export.html_pruefen import ausfuehrbares, html_pruefen
from hilfen import REPO, W, docx_maengel, docx_xml, einzeilig, pdf_maengel, pruefen

ALLES = Path(__file__).resolve().parent / "roots" / "alles"
JAHR = 2019
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def projekt_kopie(ziel: Path) -> Path:
    """A copy of the project (a build writes its cache into the project folder)."""
    shutil.copytree(ALLES, ziel, ignore=shutil.ignore_patterns(".berichtsgen-cache", "ausgabe"))
    return ziel


@pytest.fixture(scope="module")
def ausgaben(tmp_path_factory) -> dict[str, Path]:
    projekt = projekt_kopie(tmp_path_factory.mktemp("alles") / "alles")
    dateien = build(JAHR, projekt, formate=["docx", "html", "pptx"]).dateien
    return {("html" if d.is_dir() else d.suffix[1:]): d for d in dateien}


def _text(e: etree._Element) -> str:
    return "".join(t.text or "" for t in e.iter(f"{W}t"))


def _beziehungen(docx: Path, teil: str) -> dict[str, etree._Element]:
    name = teil.replace("word/", "word/_rels/") + ".rels"
    with zipfile.ZipFile(docx) as z:
        if name not in z.namelist():
            return {}
        return {r.get("Id"): r for r in etree.fromstring(z.read(name)).iter(f"{PR}Relationship")}


def _ziel(docx: Path, teil: str, link: etree._Element) -> str:
    """Where a w:hyperlink of `teil` leads (its relationship in that part's own rels)."""
    rel = _beziehungen(docx, teil).get(link.get(R_ID))
    assert rel is not None, f"{teil}: Link „{_text(link)}“ ohne Beziehung {link.get(R_ID)}"
    assert rel.get("TargetMode") == "External"
    return rel.get("Target")


def _absatz(wurzel: etree._Element, anfang: str) -> etree._Element:
    return next(p for p in wurzel.iter(f"{W}p") if _text(p).startswith(anfang))


def test_word_datei_ist_gueltig_und_zugaenglich(ausgaben, schema):
    assert pruefen(ausgaben["docx"], schema) == []
    assert docx_maengel(ausgaben["docx"]) == []


def test_fussnote_in_tabellenzelle_ist_echte_fussnote(ausgaben):
    docx = ausgaben["docx"]
    koerper = docx_xml(docx)
    zelle = next(tc for tc in koerper.iter(f"{W}tc") if _text(tc).startswith("Statistikstelle"))
    (zeichen,) = zelle.iter(f"{W}footnoteReference")
    (link,) = zelle.iter(f"{W}hyperlink")
    assert _ziel(docx, "word/document.xml", link) == "https://www.leverkusen.de"
    noten = docx_xml(docx, "word/footnotes.xml")
    (note,) = [n for n in noten.iter(f"{W}footnote") if n.get(f"{W}id") == zeichen.get(f"{W}id")]
    assert _text(note).strip() == "Fußnote aus einer Tabellenzelle."
    # the bare GFM table's footnote too
    rahmenlos = next(tc for tc in koerper.iter(f"{W}tc") if _text(tc).startswith("Zeitreihe 2017 und 2018"))
    assert next(rahmenlos.iter(f"{W}footnoteReference"), None) is not None


def test_link_in_listenpunkt_und_in_fussnote_fuehrt_ans_ziel(ausgaben):
    docx = ausgaben["docx"]
    koerper = docx_xml(docx)
    erstens = _absatz(koerper, "Erstens, mit einem Link im Listenpunkt")
    assert erstens.find(f"{W}pPr/{W}numPr") is not None
    (link,) = erstens.iter(f"{W}hyperlink")
    assert _text(link) == "einem Link im Listenpunkt"
    assert _ziel(docx, "word/document.xml", link) == "https://www.leverkusen.de"
    tief = _absatz(koerper, "Unterpunkt eins mit kursivem Link")
    assert _ziel(docx, "word/document.xml", next(tief.iter(f"{W}hyperlink"))) == "https://www.destatis.de"
    # a link in a footnote is related from the notes part (Word resolves r:id in its own part)
    noten = docx_xml(docx, "word/footnotes.xml")
    ziele = {_ziel(docx, "word/footnotes.xml", h) for h in noten.iter(f"{W}hyperlink")}
    assert ziele == {"https://www.govdata.de/dl-de/by-2-0", "https://www.regionalstatistik.de"}


def test_dieselbe_fussnote_zweimal_ist_eine_fussnote(ausgaben):
    docx = ausgaben["docx"]
    absatz = _absatz(docx_xml(docx), "Text mit fett")
    assert len(list(absatz.iter(f"{W}footnoteReference"))) == 3  # [^einfach], [^link], [^verweis]
    felder = [t.text for t in absatz.iter(f"{W}instrText")]
    assert any(f.strip().startswith("NOTEREF _RefFussnote") for f in felder)
    noten = docx_xml(docx, "word/footnotes.xml")
    texte = [_text(n).strip() for n in noten.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert texte.count("Eine einfache Fußnote.") == 1 and all(texte)


def _nummerierung(docx: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """(numId, ilvl) → (number format, effective start) as Word reads numbering.xml."""
    num = docx_xml(docx, "word/numbering.xml")
    abstrakt = {a.get(f"{W}abstractNumId"): a for a in num.iter(f"{W}abstractNum")}
    ergebnis = {}
    for n in num.iter(f"{W}num"):
        a = abstrakt[n.find(f"{W}abstractNumId").get(f"{W}val")]
        for lvl in a.iter(f"{W}lvl"):
            ilvl = lvl.get(f"{W}ilvl")
            start = lvl.find(f"{W}start")
            anfang = int(start.get(f"{W}val")) if start is not None else 0
            for o in n.iter(f"{W}lvlOverride"):
                s = o.find(f"{W}startOverride")
                if o.get(f"{W}ilvl") == ilvl and s is not None:
                    anfang = int(s.get(f"{W}val"))
            ergebnis[(n.get(f"{W}numId"), ilvl)] = (lvl.find(f"{W}numFmt").get(f"{W}val"), anfang)
    return ergebnis


def test_nummerierte_liste_bleibt_nummeriert(ausgaben):
    docx = ausgaben["docx"]
    koerper = docx_xml(docx)
    formate = _nummerierung(docx)

    def liste(anfang: str) -> tuple[str, str, int]:
        num_pr = _absatz(koerper, anfang).find(f"{W}pPr/{W}numPr")
        schluessel = (num_pr.find(f"{W}numId").get(f"{W}val"), num_pr.find(f"{W}ilvl").get(f"{W}val"))
        return (schluessel[0], *formate[schluessel])

    erstens, zweitens, drittens = liste("Erstens"), liste("Zweitens"), liste("Drittens")
    assert erstens == zweitens == drittens and erstens[1:] == ("decimal", 1)
    assert liste("Fünftens")[1:] == ("decimal", 5) and liste("Fünftens") == liste("Sechstens")
    # numbered inside bullets inside numbers (the third level counts i., ii. as Word's lists do)
    assert liste("Unterpunkt eins")[1] not in ("bullet", "none")
    assert liste("Punkt A")[1] == "bullet"
    assert liste("darin nummeriert")[1] not in ("bullet", "none") and liste("Aufzählung")[1] == "bullet"


def test_html_fassung_besteht_die_pruefung(ausgaben):
    ordner = ausgaben["html"]
    assert html_pruefen(ordner) == []
    assert ausfuehrbares(ordner) == []
    seite = lxml.html.parse(str(ordner / "03-tabellen.html")).getroot()
    (zelle,) = seite.xpath("//td[a[text()='Statistikstelle']]")
    assert zelle.xpath("a/@href") == ["https://www.leverkusen.de"]
    (anker,) = zelle.xpath("sup/a/@href")
    assert einzeilig(seite.get_element_by_id(anker[1:]).text_content()).startswith(
        "Fußnote aus einer Tabellenzelle."
    )
    texte = lxml.html.parse(str(ordner / "02-texte-und-auszeichnungen.html")).getroot()
    (erstens,) = texte.xpath("//ol/li[starts-with(normalize-space(.), 'Erstens')]")
    assert erstens.xpath("p/a/@href") == ["https://www.leverkusen.de"]
    assert texte.xpath("//ol[@start='5']/li[1]")[0].text_content().strip() == "Fünftens"


def test_folien_zeigen_jedes_diagramm_und_nummerierte_listen(ausgaben):
    folien = Presentation(str(ausgaben["pptx"])).slides
    titel = [f.shapes.title.text for f in folien if f.shapes.title is not None]
    abbildungen = [t for t in titel if re.match(r"Abbildung (B\.)?\d+: ", t)]
    assert len(abbildungen) == 8  # the seven charts of Handlungsfeld C and the measures' chart
    assert not any("Zeichen der amtlichen Statistik" in t for t in titel)  # :folie: nein
    assert not any(t.startswith("Bilder") for t in titel)  # folien: false
    (listen,) = [f for f in folien if f.shapes.title is not None and f.shapes.title.text == "Listen"]
    absaetze = {a.text: a._p.pPr for s in listen.shapes if s.has_text_frame for a in s.text_frame.paragraphs}
    erstens = next(p for t, p in absaetze.items() if t.startswith("Erstens"))
    assert erstens.find(f"{A}buAutoNum") is not None
    assert absaetze["Fünftens"].find(f"{A}buAutoNum").get("startAt") == "5"
    # the second paragraph of item 2 has no bullet of its own, and item 3 is still "3."
    assert absaetze["Weiterer Absatz zu Zweitens."].find(f"{A}buNone") is not None
    assert absaetze["Drittens"].find(f"{A}buAutoNum").get("startAt") == "3"


@pytest.mark.e2e
def test_pdf_einmal(tmp_path, libreoffice, pdf_text):
    projekt = projekt_kopie(tmp_path / "alles")
    (pdf,) = build(JAHR, projekt, formate=["pdf"], export=libreoffice).dateien
    assert pdf_maengel(pdf) == []
    text = einzeilig(" ".join(pdf_text(pdf)))
    for gesehen in (
        "Fußnote aus einer Tabellenzelle.",
        "Tabelle A.1: Katasterfläche der Stadt Köln",
        "Anhang A: Flächen und Wahlen",
        "5. Fünftens",
        "die erste noch einmal1.",
        "Laut Ausländerzentralregister (AZR)",
        "Quelle: Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 14111-0001",
    ):
        assert gesehen in text
    pruefung = REPO.parent / "shared" / "tools" / "pdfcheck.py"
    if pruefung.exists():  # the shared checker, as the lead runs it
        lauf = subprocess.run([sys.executable, str(pruefung), str(pdf)], capture_output=True, text=True)
        assert lauf.returncode == 0, lauf.stdout[-2000:]
