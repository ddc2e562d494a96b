"""Keys and whole numbers (issue 20): a sidecar's `textspalten` that cannot hold ends in one German
line with file and line; a key column with leading zeros builds and prints as written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_robustheit import DATEN, Fall, _schreiben, fall_ausfuehren

MIT_SCHLUESSEL = (
    "Bezirk;Gemeindeschlüssel;Einwohner;Anteil (in %);Fläche\n"
    "Nord;05316001;12.345;60,7;\nSüd;05316002;8.000;39,3;4,25\nInsgesamt;05316000;20.345;100,0;\n"
)


def _gedruckt(p: Path, _ausgabe: str) -> None:
    (docx,) = (p / "ausgabe" / "2024").glob("*.docx")
    with zipfile.ZipFile(docx) as archiv:
        xml = archiv.read("word/document.xml").decode("utf-8")
    assert "05316001" in xml and "5.316.001" not in xml
    assert "12.345" in xml


FAELLE = [
    Fall(
        "textspalten-keine-liste",
        _schreiben(f"{DATEN}.toml", "textspalten = 5\n"),
        r"einwohner\.toml:1: Fehler: „textspalten“ ist eine Liste von Spaltennamen",
    ),
    Fall(
        "textspalten-liste-mit-zahlen",
        _schreiben(f"{DATEN}.toml", 'quelle = "Amt"\ntextspalten = ["Bezirk", 3]\n'),
        r"einwohner\.toml:2: Fehler: „textspalten“ ist eine Liste von Spaltennamen",
    ),
    Fall(
        "textspalten-unbekannte-spalte",
        _schreiben(f"{DATEN}.toml", 'quelle = "Amt"\ntextspalten = ["Bezirke"]\n'),
        r"einwohner\.toml:2: Fehler: Die Begleitdatei nennt unter „textspalten“ die Spalte „Bezirke“, "
        r"die es nicht gibt\..*Meinten Sie „Bezirk“\?",
    ),
    Fall(
        "schluessel-mit-fuehrender-null",
        _schreiben(f"{DATEN}.csv", MIT_SCHLUESSEL),
        r"",
        code=0,
        pruefen=_gedruckt,
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_zahlen_robust(fall, mini, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)
