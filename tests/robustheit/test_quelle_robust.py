"""Quelle, Stand and Stichtag read from an export (issue 20): odd title and footer lines never
crash, and what the file does not say is not made up."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_robustheit import DATEN, Fall, _schreiben, fall_ausfuehren


def _docx_text(p: Path) -> str:
    (docx,) = (p / "ausgabe" / "2024").glob("*.docx")
    with zipfile.ZipFile(docx) as archiv:
        return archiv.read("word/document.xml").decode("utf-8")


def _kein_zeitstempel_als_stichtag(p: Path, _ausgabe: str) -> None:
    xml = _docx_text(p)
    assert "12:45:39" not in xml
    assert "Stichtag: 10.10.2017" not in xml


FAELLE = [
    Fall(
        "export-nur-titel-und-fuss",
        _schreiben(
            f"{DATEN}.csv",
            "Tabelle: 12411-01-01-4\nBevölkerung - Stichtag 31.12. -;;\n__________\n"
            "Stand: 10.10.2017 / 12:45:39\n",
        ),
        r"(einwohner\.csv|rechnen\.py)(:\d+)?: Fehler: ",
    ),
    Fall(
        "eigene-tabelle-mit-titel-und-zeitstempel",
        _schreiben(
            f"{DATEN}.csv",
            "Tabelle: Übersicht\nBezirk;Einwohner;Anteil (in %);Fläche\nNord;12.345;60,7;\n"
            "Süd;8.000;39,3;4,25\nInsgesamt;20.345;100,0;\nStand: 10.10.2017 / 12:45:39;;;\n",
        ),
        r"Geschrieben",
        code=0,
        pruefen=_kein_zeitstempel_als_stichtag,
    ),
    Fall(
        "export-fuss-nur-copyright-ohne-jahr",
        _schreiben(
            f"{DATEN}.csv",
            "Bezirk;Einwohner;Anteil (in %);Fläche\nNord;12.345;60,7;\nSüd;8.000;39,3;4,25\n"
            "Insgesamt;20.345;100,0;\n©;;;\n",
        ),
        r"Geschrieben",
        code=0,
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_quelle_robust(fall, mini, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)
