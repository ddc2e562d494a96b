"""Header rows (issue 20): a sidecar `kopfzeile` for any row, and a header naming a column twice,
end in a table or in one German line with file and line – never a traceback or "Interner Fehler".

The property test writes random headers (with repeated, empty and numeric names, title lines
above) and random `kopfzeile` values: the reader gives a frame of distinct column names or a
`DatenFehler` naming a file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robustheit import DATEN, Fall, _schreiben, fall_ausfuehren

from berichtsgen.berechnung import daten
from berichtsgen.fehler import DatenFehler

DOPPELT = (
    "Bezirk;Einwohner;Einwohner;Fläche\nNord;12.345;60,7;\nSüd;8.000;39,3;4,25\nInsgesamt;20.345;100,0;\n"
)


def _gebaut(p: Path, _ausgabe: str) -> None:
    (docx,) = (p / "ausgabe" / "2024").glob("*.docx")
    with zipfile.ZipFile(docx) as archiv:
        assert "12.345" in archiv.read("word/document.xml").decode("utf-8")


def _tun(*schritte):
    def tun(p: Path) -> None:
        for schritt in schritte:
            schritt(p)

    return tun


FAELLE = [
    Fall(
        "kopfzeile-hinter-dem-dateiende",
        _schreiben(f"{DATEN}.toml", 'quelle = "Amt"\nkopfzeile = 99\n'),
        r"einwohner\.toml:2: Fehler: „kopfzeile = 99“: die Datei „inhalte/2024/daten/einwohner\.csv“ "
        r"hat nur 4 Zeilen\. Geben Sie die Zeile der Spaltenköpfe an",
    ),
    Fall(
        "kopfzeile-auf-der-letzten-zeile",
        _schreiben(f"{DATEN}.toml", "kopfzeile = 4\n"),
        r"einwohner\.toml:1: Fehler: „kopfzeile = 4“: unter dieser Zeile, der letzten von "
        r"„inhalte/2024/daten/einwohner\.csv“, stehen keine Daten\.",
    ),
    Fall(
        "kopfzeile-ueber-den-anmerkungen",
        _tun(
            _schreiben(f"{DATEN}.csv", "Bezirk;Einwohner\nNord;12.345\nQuelle: Amt\n© Amt 2024\n"),
            _schreiben(f"{DATEN}.toml", "kopfzeile = 2\n"),
        ),
        r"einwohner\.csv:2: Fehler: Unter der Kopfzeile \(Zeile 2, „kopfzeile = 2“ der Begleitdatei\) "
        r"stehen keine Daten, nur Anmerkungen\.",
    ),
    Fall(
        "kopfzeile-auf-einer-titelzeile",
        _tun(
            _schreiben(
                f"{DATEN}.csv",
                "Einwohner nach Bezirk\nBezirk;Einwohner;Anteil (in %);Fläche\nNord;12.345;60,7;\n",
            ),
            _schreiben(f"{DATEN}.toml", "kopfzeile = 1\n"),
        ),
        r"einwohner\.csv:2: Fehler: Zeile hat mehr Felder als die Kopfzeile \(Spalte 2: „Einwohner“\)\. "
        r"Die Begleitdatei setzt „kopfzeile = 1“: stehen in dieser Zeile die Spaltenköpfe\?",
    ),
    Fall(
        "zwei-spalten-eines-namens",
        _schreiben(f"{DATEN}.csv", DOPPELT),
        r"rechnen\.py:\d+: Fehler: Wert-Funktion „einwohner_gesamt“ ist abgebrochen .*"
        r"„Einwohner“ steht in der Kopfzeile von „inhalte/2024/daten/einwohner\.csv“ mehrmals; die Spalten "
        r"heißen darum nach ihrer Nummer: „Einwohner \(2\)“, „Einwohner \(3\)“\.",
        python_zitat=True,
    ),
    Fall(
        "kopfzeile-ausdruecklich-richtig",
        _tun(
            _schreiben(
                f"{DATEN}.csv",
                "Tabelle: 99999-01i\nEinwohner;;;\nBezirk;Einwohner;Anteil (in %);Fläche\n"
                "Nord;12.345;60,7;\nSüd;8.000;39,3;4,25\nInsgesamt;20.345;100,0;\n",
            ),
            _schreiben(f"{DATEN}.toml", "kopfzeile = 3\n"),
        ),
        r"",
        code=0,
        pruefen=_gebaut,
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_kopf_robust(fall, mini, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)


# --- generated: any header, any kopfzeile ---------------------------------------------------------

_NAMEN = st.sampled_from(
    ["Insgesamt", "männlich", "Anzahl", "2021", "", " ", "Spalte 2", "Insgesamt (3)", "x", "1)"]
)
_FELDER = st.sampled_from(["12", "1.234", "3,5", "-", ".", "x", "", "Nord", "05111", "31.12.2023", "e"])


@st.composite
def _datei(draw):
    breite = draw(st.integers(1, 6))
    zeilen = [[draw(st.sampled_from(["Tabelle: 12411-15i", "GENESIS-Tabelle: 12411-0015", "Titel", ""]))]]
    for _ in range(draw(st.integers(0, 3))):  # header rows
        zeilen.append([draw(_NAMEN) for _ in range(breite)])
    for _ in range(draw(st.integers(0, 5))):  # data rows, some narrower or wider
        zeilen.append([draw(_FELDER) for _ in range(draw(st.integers(1, breite + 1)))])
    if draw(st.booleans()):
        zeilen += [["__________"], ["Stand: 01.02.2024 / 10:00:00"]]
    kopfzeile = draw(st.one_of(st.none(), st.integers(1, len(zeilen) + 3)))
    return zeilen, kopfzeile, draw(st.sampled_from([".csv", ".xlsx"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_datei())
def test_beliebige_kopfzeilen_ergeben_tabelle_oder_eine_meldung(tmp_path: Path, datei):
    zeilen, kopfzeile, endung = datei
    pfad = tmp_path / f"t{endung}"
    if endung == ".csv":
        pfad.write_text("\n".join(";".join(z) for z in zeilen) + "\n", encoding="utf-8")
    else:
        mappe = openpyxl.Workbook()
        for zeile in zeilen:
            mappe.active.append([f or None for f in zeile])
        mappe.save(pfad)
    begleit = pfad.with_suffix(".toml")
    if kopfzeile is None:
        begleit.unlink(missing_ok=True)
    else:
        begleit.write_text(f"kopfzeile = {kopfzeile}\n", encoding="utf-8")
    try:
        df = daten.lesen(pfad, pfad.name)
    except DatenFehler as exc:
        assert exc.ort.datei in (pfad.name, "t.toml"), exc
        return
    assert not df.columns.duplicated().any(), list(df.columns)
    assert all(str(c).strip() for c in df.columns)
