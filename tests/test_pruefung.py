"""The project check: each rule found, one German line with file:line and rule; build stops on errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.shared import RGBColor

from berichtsgen import bauen, build
from berichtsgen.fehler import PruefFehler


def _ersetzen(datei: Path, alt: str, neu: str) -> None:
    text = datei.read_text(encoding="utf-8")
    assert alt in text
    datei.write_text(text.replace(alt, neu), encoding="utf-8")


def _befunde(mini: Path, info: bool = False) -> list[str]:
    befunde = bauen(2024, mini, formate=["docx"], nur_pruefen=True).befunde
    return [b.zeile() for b in befunde if b.info == info]


def test_sauberes_projekt_hat_nur_den_fehlenden_stichtag(mini: Path):
    assert _befunde(mini) == [
        "inhalte/2024/01-einleitung.md:13: Warnung: Diagramm „einwohner_bild“ hat keinen Stichtag. "
        "[stichtag-fehlt] Geben Sie „:stichtag: …“ an oder stichtag=… in der Funktion."
    ]


def test_check_sagt_wie_jede_datei_gelesen_wurde(mini: Path):
    assert _befunde(mini, info=True) == [
        "inhalte/2024/daten/einwohner.csv: Info: gelesen als Windows-1252, Trennzeichen „;“, Dezimalkomma, "
        "Kopfzeile in Zeile 1. [daten-gelesen]"
    ]


def test_quelle_und_stichtag_aus_der_begleitdatei(mini: Path):
    (mini / "inhalte/2024/daten/einwohner.toml").write_text(
        'quelle = "Einwohnermelderegister"\nstichtag = "30.06.2024"\n', encoding="utf-8"
    )
    _ersetzen(
        mini / "rechnen.py", 'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"', "quelle=None"
    )
    from docx import Document as Doc

    (docx,) = build(2024, mini, formate=["docx"])
    quellen = [p.text for p in Doc(str(docx)).paragraphs if p.text.startswith("Quelle:")]
    assert quellen == [
        "Quelle: Einwohnermelderegister; Stichtag: 30.06.2024",
        "Quelle: Eigene Darstellung; Stichtag: 30.06.2024",  # the option wins for the Quelle
    ]


def test_jede_regel_mit_datei_und_zeile(mini: Path):
    kapitel = mini / "inhalte/2024/01-einleitung.md"
    _ersetzen(kapitel, "## Daten", "### Daten")
    _ersetzen(
        kapitel, ":quelle: Eigene Darstellung", ":quelle: Eigene Darstellung\n:alt: Einwohner nach Bezirk"
    )
    _ersetzen(kapitel, "Musterstadt hat", "Siehe [Bericht](bericht-2023.pdf). Musterstadt hat")
    _ersetzen(
        mini / "rechnen.py",
        'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"',
        'stichtag="31.12.2023"',
    )
    _ersetzen(kapitel, "```{tabelle} einwohner\n", "```{tabelle} einwohnr\n")
    doc = Document(str(mini / "vorlage.docx"))
    doc.styles["Quelle"].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    doc.save(str(mini / "vorlage.docx"))
    befunde = _befunde(mini)
    regeln = sorted(z.split("[")[1].split("]")[0] for z in befunde)
    assert regeln == [
        "alt-wiederholt-titel",
        "inhalt",
        "kontrast",
        "link-kaputt",
        "stichtag-fehlt",
        "ueberschrift-uebersprungen",
    ]
    assert (
        "inhalte/2024/01-einleitung.md:8: Fehler: Überschrift der Ebene 3 folgt auf Ebene 1; eine Ebene fehlt."
        in "\n".join(befunde)
    )
    assert any(
        z.startswith("inhalte/2024/01-einleitung.md:10: Fehler: Tabelle „einwohnr“ ist nicht bekannt.")
        for z in befunde
    )
    assert any(
        z.startswith("vorlage.docx: Fehler: Formatvorlage „Quelle“ hat Textfarbe #AAAAAA mit nur 2,3:1")
        for z in befunde
    )
    assert any("Link „bericht-2023.pdf“ führt zu keiner Datei im Projekt." in z for z in befunde)


def test_fehlende_quelle_stoppt_den_bau(mini: Path):
    _ersetzen(
        mini / "rechnen.py",
        'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"',
        'stichtag="31.12.2023"',
    )
    with pytest.raises(PruefFehler) as info:
        build(2024, mini, formate=["docx"])
    assert info.value.zeile() == (
        "inhalte/2024/01-einleitung.md:10: Fehler: Tabelle „einwohner“ hat keine Quelle. [quelle-fehlt] "
        "Geben Sie „:quelle: …“ an oder quelle=… in der Funktion."
    )


def test_barrierefreiheit_als_warnung(mini: Path):
    _ersetzen(mini / "inhalte/2024/01-einleitung.md", "## Daten", "### Daten")
    with pytest.raises(PruefFehler):
        build(2024, mini, formate=["docx"])
    _ersetzen(mini / "berichtsgen.toml", "[jahr.2024]", 'barrierefreiheit = "warnung"\n\n[jahr.2024]')
    meldungen: list[str] = []
    build(2024, mini, formate=["docx"], fortschritt=meldungen.append)
    assert any("Warnung: Überschrift der Ebene 3" in m for m in meldungen)


def test_check_befehl(mini: Path):
    r = subprocess.run(
        [sys.executable, "-m", "berichtsgen", "check", "2024", "--projekt", str(mini)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 Fehler, 1 Warnung."
    assert not (mini / "ausgabe").exists()  # check writes nothing
