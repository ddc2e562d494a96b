"""A header of two rows (issue 20): the frame has two-level columns; what an editor or a data
staffer can get wrong with it ends in one German line naming file and line – the old flat name
in a function gets a hint to the two-level address, a check naming no column lists them all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_robustheit import (
    DATEN,
    Fall,
    _kapitel,
    _schreiben,
    fall_ausfuehren,
)

ZWEIZEILIG = "Bezirk;2023;2023\n;Einwohner;Fläche\nNord;12.345;60,7\nSüd;8.000;39,3\nInsgesamt;20.345;100,0\n"
ZWEI = "inhalte/2024/daten/zweistufig.csv"


def _zweite_tabelle(p: Path) -> None:
    """A table of the file with two header rows, in a chapter of its own."""
    _schreiben(ZWEI, ZWEIZEILIG)(p)
    with (p / "rechnen.py").open("a", encoding="utf-8") as datei:
        datei.write(
            "\n\n@tabelle('zweistufig', titel='Zwei Stufen', quelle='Amt')\n"
            "def zweistufig(k):\n    return k.daten('zweistufig.csv')\n"
        )
    _kapitel("```{tabelle} zweistufig\n```")(p)


def _zwei_kopfzeilen(p: Path, _ausgabe: str) -> None:
    (docx,) = (p / "ausgabe" / "2024").glob("*.docx")
    with zipfile.ZipFile(docx) as archiv:
        xml = archiv.read("word/document.xml").decode("utf-8")
    assert '<w:gridSpan w:val="2"/>' in xml and ">2023<" in xml and "12.345" in xml


FAELLE = [
    Fall(
        "zweistufiger-kopf-wird-gedruckt",
        _zweite_tabelle,
        r"",
        code=0,
        pruefen=_zwei_kopfzeilen,
    ),
    Fall(
        "zweistufiger-kopf-alter-flacher-name",
        _schreiben(f"{DATEN}.csv", ZWEIZEILIG),  # the mini project's functions ask for df["Einwohner"]
        r"rechnen\.py:\d+: Fehler: \w+-Funktion „\w+“ ist abgebrochen \(Python: KeyError: 'Einwohner'\)\. "
        r"Der Kopf von „inhalte/2024/daten/einwohner\.csv“ hat zwei Stufen \(Gruppe, Eintrag\); „Einwohner“ heißt "
        r"\('2023', 'Einwohner'\)\. Beispiel: df\[\('2023', 'Einwohner'\)\] oder df\.xs\(\"Einwohner\", axis=1, level=1\)\.",
        python_zitat=True,
    ),
    Fall(
        "zweistufiger-kopf-pruefung-ohne-gruppe",
        lambda p: (
            _schreiben(f"{DATEN}.csv", ZWEIZEILIG)(p),
            _schreiben(f"{DATEN}.toml", '[[pruefung]]\nart = "nicht_negativ"\nspalten = ["Einwohner"]\n')(p),
        ),
        r"einwohner\.toml:3: Fehler: Prüfung 1 nennt die Spalte „Einwohner“, die es nicht gibt\. "
        r"Unter einem zweistufigen Kopf heißt sie mit ihrer Gruppe: „2023 \| Einwohner“\.",
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_kopf_zweistufig(fall, mini, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)
