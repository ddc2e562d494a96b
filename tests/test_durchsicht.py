"""`berichtsgen review`: chapters out to a department as a Word file (issue 23, point 3). Opened
as the reviewer gets it, and after LibreOffice saved it again (which is what many departments'
office suites do to a file)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from berichtsgen.bau import review
from berichtsgen.export.libreoffice import nach_docx
from berichtsgen.fehler import EinstellungsFehler
from hilfen import W, absatz_texte, beispiel_kopieren, docx_maengel, docx_xml, pruefen, schema_laden


@pytest.fixture(scope="module")
def beispiel(tmp_path_factory) -> Path:
    return beispiel_kopieren(tmp_path_factory.mktemp("durchsicht") / "projekt")


@pytest.fixture(scope="module")
def durchsicht(beispiel: Path):
    return review(2019, ["07-handlungsfeld-d", "03-datenlage"], beispiel, an="FB 50")


def _marken(docx: Path) -> dict[str, str]:
    """The text of the paragraph that holds each bookmark bg_…_NN."""
    return {
        e.get(f"{W}name"): "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in docx_xml(docx).iter(f"{W}p")
        for e in p.findall(f"{W}bookmarkStart")
        if (e.get(f"{W}name") or "").startswith("bg_")
    }


def _gesendet(begleitung: dict) -> dict[str, str]:
    return {a["anker"]: a["text"] for block in begleitung["anker"] for a in block["absaetze"]}


def _eigenschaft(docx: Path) -> str | None:
    with zipfile.ZipFile(docx) as z:
        if "docProps/custom.xml" not in z.namelist():
            return None
        wurzel = etree.fromstring(z.read("docProps/custom.xml"))
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
    wert = wurzel.find(f"{ns}property[@name='berichtsgen-durchsicht']")
    return None if wert is None else "".join(wert.itertext())


def test_die_durchsicht_traegt_nummern_anker_und_aenderungsverfolgung(durchsicht, beispiel: Path):
    datei = durchsicht.datei
    assert datei.parent == beispiel / "beitraege/2019/durchsicht"
    assert datei.name.startswith(f"{durchsicht.kennung}") and "fb-50" in datei.name
    texte = absatz_texte(docx_xml(datei))
    assert texte.index("Datenlage") < texte.index("Handlungsfeld D: Wohnen & Unterbringung")  # report order
    # the numbers of the whole report, not 1 and 2 of this copy
    assert any(t.startswith("Tabelle 6: Wohnungssuchende unter Neuzugewanderten") for t in texte)
    assert any(t.startswith("Tabelle 7: Maßnahmen im Handlungsfeld D") for t in texte)
    assert docx_xml(datei, "word/settings.xml").find(f"{W}trackRevisions") is not None
    assert _eigenschaft(datei) == durchsicht.kennung
    begleitung = json.loads(durchsicht.begleitdatei.read_text(encoding="utf-8"))
    assert begleitung["an"] == "FB 50" and begleitung["kennung"] == durchsicht.kennung
    assert _marken(datei) == _gesendet(begleitung)  # each paragraph's bookmark holds what was sent
    assert len(begleitung["anker"]) == durchsicht.bloecke
    for anker in begleitung["anker"]:
        zeilen = (beispiel / anker["datei"]).read_text(encoding="utf-8").splitlines()
        assert anker["quelle"].split("\n")[0] == zeilen[anker["zeile"] - 1]  # ... and its source lines
    absatz = next(
        a for a in begleitung["anker"] if a["absaetze"][0]["text"].startswith("Daten werden zusammengeführt")
    )
    assert absatz["datei"] == "inhalte/2019/07-handlungsfeld-d.md" and absatz["art"] == "text"
    assert absatz["quelle"].startswith("Daten werden zusammengeführt")
    berechnet = [a for a in begleitung["anker"] if a["art"] == "berechnet"]
    assert {a["block"] for a in berechnet} >= {"TabellenPlatz", "DiagrammPlatz"}
    assert all(a["quelle"].startswith("```{") for a in berechnet)


def test_berechnetes_ist_grau_und_verweise_ohne_ziel_werden_text(durchsicht):
    wurzel = docx_xml(durchsicht.datei)
    unterlegt = {
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in wurzel.iter(f"{W}p")
        if p.find(f"{W}r/{W}rPr/{W}shd[@{W}fill='E7E6E6']") is not None
    }
    assert any(t.startswith("Quelle: Stadt Leverkusen, Fachbereich Soziales") for t in unterlegt)
    assert not any(t.startswith("Daten werden zusammengeführt") for t in unterlegt)
    marken = {m.get(f"{W}name") for m in wurzel.iter(f"{W}bookmarkStart")}
    ziele = [
        (i.text or "").split()[1]
        for i in wurzel.iter(f"{W}instrText")
        if (i.text or "").split()[:1] == ["REF"]
    ]
    assert ziele and all(z in marken for z in ziele)  # no "Fehler! Verweisquelle …" once Word updates


def test_werte_im_text_sind_grau_und_in_der_begleitdatei(durchsicht):
    """`Zum {{ wert("bevoelkerung_stichtag") }} lebten {{ wert("bevoelkerung") | zahl }} Menschen`:
    both values are shaded runs of their own, and the sidecar knows where they stand."""
    wurzel = docx_xml(durchsicht.datei)
    grau = [
        "".join(t.text or "" for t in r.iter(f"{W}t"))
        for r in wurzel.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}shd[@{W}fill='E7E6E6']") is not None
    ]
    assert "31.12.2017" in grau and "166.737" in grau
    assert not any("\ue000" in t or "\ue001" in t for t in absatz_texte(wurzel))
    begleitung = json.loads(durchsicht.begleitdatei.read_text(encoding="utf-8"))
    absatz = next(
        a for b in begleitung["anker"] for a in b["absaetze"] if a["text"].startswith("Die folgenden Angaben")
    )
    assert [absatz["text"][von:bis] for von, bis in absatz["werte"]] == ["31.12.2017", "166.737"]


def test_die_datei_ist_gueltig(durchsicht):
    assert pruefen(durchsicht.datei, schema_laden()) == []
    assert docx_maengel(durchsicht.datei) == []


def test_anker_nummern_und_eigenschaft_ueberstehen_libreoffice(durchsicht, tmp_path: Path):
    """Saved again by LibreOffice: the bookmarks (perhaps in pieces), their text, the property,
    tracked changes and the report's numbers are all still there – what `merge` relies on."""
    wieder = nach_docx(durchsicht.datei, tmp_path)
    begleitung = json.loads(durchsicht.begleitdatei.read_text(encoding="utf-8"))
    assert _marken(wieder) == _gesendet(begleitung)
    assert _eigenschaft(wieder) == durchsicht.kennung
    assert docx_xml(wieder, "word/settings.xml").find(f"{W}trackRevisions") is not None
    texte = absatz_texte(docx_xml(wieder))
    assert any(t.startswith("Tabelle 7: Maßnahmen im Handlungsfeld D") for t in texte)


def test_unbekanntes_kapitel_mit_vorschlag(beispiel: Path, cli):
    with pytest.raises(EinstellungsFehler, match="„07-handlungsfeld-x“ gibt es für 2019 nicht") as info:
        review(2019, ["07-handlungsfeld-x"], beispiel)
    assert "07-handlungsfeld-" in info.value.hinweis
    aufruf = cli(
        "review", "2019", "--kapitel", "04-handlungsfeld-a", "--an", "FB 51", "--projekt", str(beispiel)
    )
    assert aufruf.code == 0, aufruf.stderr
    assert Path(aufruf.stdout.strip()).is_file() and "fb-51" in aufruf.stdout


def test_andere_vorlage_und_anderes_projekt(tmp_path: Path, cli):
    """The amt project (statistics offices' exports, no template of its own) with pandoc's
    reference template from the command line: the signs of its sources come through as printed."""
    import shutil

    from hilfen import TESTS

    projekt = tmp_path / "amt"
    shutil.copytree(TESTS / "roots" / "amt", projekt)
    vorlage = TESTS / "vorlagen" / "pandoc-reference.docx"
    aufruf = cli(
        "review", "2023", "--kapitel", "01-leistungen", "--vorlage", str(vorlage), "--projekt", str(projekt)
    )
    assert aufruf.code == 0, aufruf.stderr
    texte = absatz_texte(docx_xml(Path(aufruf.stdout.strip())))
    assert any(t.startswith("Tabelle 3: Bevölkerung nach Geschlecht") for t in texte)
    assert "164.000\xa0p" in texte and "(1,1)" in texte  # (a no-break space before the sign)
