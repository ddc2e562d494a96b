"""The example in all four outputs at once: every table and figure has the same number, caption and
Quelle in the Word file, the PDF, the HTML edition and the slide deck, and every number printed in
a table is the same string in each."""

import re
from pathlib import Path

import lxml.html
import pytest
from docx import Document
from pptx import Presentation

from berichtsgen import build
from hilfen import REPO, einzeilig

pytestmark = pytest.mark.e2e

BESCHRIFTUNG = re.compile(r"^((?:Tabelle|Abbildung) (?:[A-Z]\.)?\d+): (.+)$")


def _rein(text: str) -> str:
    """Collapse the layout whitespace of markup, keep no-break spaces ("3,7\u00a0%")."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


@pytest.fixture(scope="module")
def ausgaben(tmp_path_factory, libreoffice) -> dict[str, Path]:
    ausgabe = tmp_path_factory.mktemp("ausgabe")
    dateien = build(
        2019, REPO, ausgabe=ausgabe, formate=["docx", "pdf", "html", "pptx"], export=libreoffice
    ).dateien
    return {("html" if d.is_dir() else d.suffix[1:]): d for d in dateien}


def _eintrag(ergebnis: dict, text: str) -> dict | None:
    treffer = BESCHRIFTUNG.match(_rein(text))
    if treffer is None:
        return None
    return ergebnis.setdefault(treffer.group(1), {"titel": treffer.group(2), "quelle": None, "zellen": []})


def _aus_docx(datei: Path) -> dict:
    ergebnis: dict = {}
    aktuell = beschriftung = None  # the last caption, and the caption just before this element
    for element in Document(str(datei)).element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[1]
        vorher, beschriftung = beschriftung, None
        if tag == "p":
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
            if element.xpath(".//w:bookmarkStart[starts-with(@w:name, '_Ref')]"):
                aktuell = beschriftung = _eintrag(ergebnis, text) or aktuell
            elif aktuell is not None and text.startswith("Quelle:") and aktuell["quelle"] is None:
                aktuell["quelle"] = text
        elif tag == "tbl" and vorher is not None:  # a numbered table follows its caption
            for zeile in element.iterchildren("{*}tr"):
                vorher["zellen"].append(
                    [
                        "".join(t.text or "" for t in zelle.iter("{*}t"))
                        for zelle in zeile.iterchildren("{*}tc")
                    ]
                )
    return ergebnis


def _aus_html(ordner: Path) -> dict:
    ergebnis: dict = {}
    for datei in sorted(ordner.glob("*.html")):
        seite = lxml.html.parse(str(datei)).getroot()
        for tabelle in seite.xpath("//table[caption[not(contains(@class, 'nur-vorlesen'))]]"):
            e = _eintrag(ergebnis, tabelle.find("caption").text_content())
            e["zellen"] = [[_rein(z.text_content()) for z in tr] for tr in tabelle.xpath(".//tr")]
            quelle = tabelle.getparent().getnext()
            if quelle is not None and "quelle" in (quelle.get("class") or ""):
                e["quelle"] = quelle.text_content()
        for figur in seite.xpath("//figure"):
            e = _eintrag(ergebnis, figur.find("figcaption/span[@class='titel']").text_content())
            quelle = figur.find("figcaption/span[@class='quelle']")
            e["quelle"] = quelle.text_content() if quelle is not None else None
    return ergebnis


def _aus_pptx(datei: Path) -> dict:
    ergebnis: dict = {}
    for folie in Presentation(str(datei)).slides:
        titel = folie.shapes.title.text_frame.text if folie.shapes.title is not None else ""
        fortsetzung = titel.endswith(" (Fortsetzung)")
        e = _eintrag(ergebnis, titel.removesuffix(" (Fortsetzung)"))
        if e is None:
            continue
        for form in folie.shapes:
            if form.name == "Quelle":
                e["quelle"] = form.text_frame.paragraphs[0].text
            elif form.has_table:
                zeilen = [[z.text for z in r.cells] for r in form.table.rows]
                e["zellen"] += zeilen[1:] if fortsetzung else zeilen
    return ergebnis


def test_gleiche_nummern_beschriftungen_quellen_und_zahlen_in_allen_vier(ausgaben, pdf_text):
    word = _aus_docx(ausgaben["docx"])
    html = _aus_html(ausgaben["html"])
    folien = _aus_pptx(ausgaben["pptx"])
    assert len(word) == 13 and any(n.startswith("Abbildung") for n in word)
    assert list(html) == sorted(word, key=list(html).index) and set(html) == set(word)
    assert set(folien) == set(word)
    for nummer, w in word.items():
        for name, anderes in (("HTML", html[nummer]), ("Folien", folien[nummer])):
            assert anderes["titel"] == w["titel"], (nummer, name)
            assert anderes["quelle"] == w["quelle"], (nummer, name)
            if w["zellen"]:  # a table: every cell the same string
                assert anderes["zellen"] == w["zellen"], (nummer, name)
        assert w["quelle"], nummer  # every table and figure has its Quelle
    pdf = einzeilig(re.sub(r"-\n(?=[a-zäöüß])", "", "\n".join(pdf_text(ausgaben["pdf"]))))
    for nummer, w in word.items():
        assert f"{nummer}: {w['titel']}" in pdf
        assert einzeilig(w["quelle"]) in pdf, nummer
        for zeile in w["zellen"]:
            for zelle in zeile:
                if re.search(r"\d", zelle):  # every number as printed
                    assert einzeilig(zelle) in pdf, (nummer, zelle)  # a no-break space is a space there
