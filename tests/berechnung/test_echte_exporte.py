"""Real exports of statistics offices, read unchanged: keys and whole numbers print as the office wrote them.

The oracle: each file of `../shared/fixtures/statistik/` (SOURCES.md names origin and licence) is
read through the path of a table `return k.daten(datei)`; every key cell must print exactly as its
field in the file ("09998001", "11000000", "DG"), every whole number in German format ("12890" →
"12.890", "-232.396.396" → "−232.396.396"), never with ",0" – also where its column holds shares.

Only the CSV files whose shape the reader already reads are listed here; the XLSX files are not
(a title sheet first waits for the reader rework of issue 20; headers and rows of the XLSX of
Hessen: test_kopfzeilen_echt.py). Signs (".", "-", "x") are not compared here: they belong to the same rework.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from berichtsgen.berechnung import daten
from hilfen import ECHTE_EXPORTE, aus_export_berechnen

EXPORTE = ECHTE_EXPORTE

WIE_GESCHRIEBEN: dict[str, tuple[int | str, ...]] = {
    # file: the columns printed exactly as written (keys, codes, years, dates), by position or
    # by the name in the file's header row
    "12411-01-01-4.csv": (0,),  # DG, 01, 01001, 03159…
    "12411-01-01-4_00.csv": (0,),
    "12612-04-01-4_00.csv": (0, 1),  # year 2015, region key
    "14111-0001_$F-RAW.csv": (),  # counts and percentages in one column
    "14341-01-02-5_00.csv": (0, 1),  # election date, 11000000 (Berlin) and 11001…
    "21111-02-06-4.csv": (0, 1),
    "22411-02-03-4_00.csv": (0, 1),
    "33111-02ir.csv": (0,),  # dates
    "41141-01-01-4.csv": (0,),
    "AI-N-02_00.csv": (0, 1),
    "12411-03iz_flat.csv": ("Statistik_Code", "Zeit", "1_Auspraegung_Code", "2_Auspraegung_Code"),
    "31141-0002_$F_flat.csv": ("Statistik_Code", "Zeit", "1_Auspraegung_Code", "2_Auspraegung_Code"),
    "51000-0002_flat.csv": ("Statistik_Code", "Zeit", "1_Auspraegung_Code", "2_Auspraegung_Code"),
    "61111-0002_de_flat.csv": ("statistics_code", "time", "1_variable_attribute_code"),
    "61111-0002_de_flat.zip": ("statistics_code", "time", "1_variable_attribute_code"),
    "12411-15i.csv": (0, 1),  # IT.NRW, "Tabelle:" first: date 31.12.2024, keys 05, 051, 05111…
    "13111-54i.csv": (0, 2),  # date, economic sections A, B-F
    "13211-02-05-4.csv": (0, 1),
    "22517-02i.csv": (0, 1),  # keys JH05978999
    "22811-05i.csv": (0, 1),
    "61111-0002_de.csv": (0,),  # years, the month names beside
    "gesamtergebnisplan.csv": (),  # thousands points and negative amounts
    "result_stadtteil.csv": (),  # counts beside percentages with two decimals
}

AUSGELASSEN: dict[str, tuple[int, ...]] = {
    # a real 0 prints "–" here: every row is labelled with the date 31.12.2015, so the zero takes
    # the sign of another row's "-" (signs by cell position: the reader rework of issue 20)
    "22411-02-03-4_00.csv": (11,),
}
"""Columns (by position in the file) left out, and why."""

_GANZ = re.compile(r"^-?(\d+|\d{1,3}(\.\d{3})+)$")


def _deutsch(text: str) -> str:
    """A whole number as German statistics print it: thousands points, the true minus sign."""
    zahl = int(text.replace(".", ""))
    return ("\u2212" if zahl < 0 else "") + f"{abs(zahl):,}".replace(",", ".")


def _datensaetze(pfad: Path) -> list[list[str]]:
    """The file's records as a plain CSV reader gets them (independent of berichtsgen's reader)."""
    roh = pfad.read_bytes()
    if pfad.suffix == ".zip":
        with zipfile.ZipFile(pfad) as archiv:
            roh = archiv.read(archiv.namelist()[0])
    try:
        text = roh.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = roh.decode("cp1252")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


_tabelle_wie_gebaut = aus_export_berechnen


@pytest.mark.skipif(not EXPORTE.is_dir(), reason="die echten Exporte liegen nicht neben dem Projekt")
@pytest.mark.parametrize("datei", sorted(WIE_GESCHRIEBEN))
def test_schluessel_und_ganze_zahlen_wie_das_amt_sie_schrieb(tmp_path: Path, datei: str):
    fertig, quelle = _tabelle_wie_gebaut(tmp_path, datei)
    saetze = _datensaetze(EXPORTE / datei)
    zeilen = [saetze[n - 1] for n in quelle.zeilennummern]
    assert len(zeilen) == len(fertig.zeilen)
    # the file's columns the table keeps: the first, and those with a value or a header entry
    erste = quelle.zeilennummern[0] - 1
    breite = max(len(z) for z in zeilen)
    behalten = [
        j
        for j in range(breite)
        if j == 0 or any(j < len(z) and z[j].strip() for z in zeilen + saetze[:erste])
    ]
    # a GENESIS flat file gains the columns of signs and levels behind its own
    dazu = fertig.kopf[len(behalten) :]
    assert all(k == "value_zeichen" or k.endswith("_ebene") for k in dazu), (behalten, fertig.kopf)
    kopfzeile = [k.strip().lstrip("\ufeff") for k in saetze[erste - 1]]
    wie = {s if isinstance(s, int) else kopfzeile.index(s) for s in WIE_GESCHRIEBEN[datei]}
    falsch, verglichen = [], {"wie geschrieben": 0, "ganze Zahl": 0}
    for zeile, gedruckt in zip(zeilen, fertig.zeilen, strict=True):
        for spalte, j in enumerate(behalten):
            text = zeile[j].strip() if j < len(zeile) else ""
            if not text or j in AUSGELASSEN.get(datei, ()):
                continue
            if j in wie:
                art, erwartet = "wie geschrieben", text
            elif _GANZ.match(text) and text not in ("-",):
                art, erwartet = "ganze Zahl", _deutsch(text)
            else:
                continue  # decimals, signs and texts: not this test's matter
            verglichen[art] += 1
            if gedruckt[spalte] != erwartet:
                falsch.append((fertig.kopf[spalte], text, gedruckt[spalte]))
    assert falsch == [], f"{len(falsch)} Zellen falsch gedruckt, z. B. {sorted(set(falsch))[:8]}"
    assert sum(verglichen.values()) > 0
    assert verglichen["wie geschrieben"] > 0 or not WIE_GESCHRIEBEN[datei]


def test_der_leser_weiss_ob_ein_export_so_gelesen_wird():
    """The list above names only files the reader reads without error (a guard for the list)."""
    if not EXPORTE.is_dir():
        pytest.skip("die echten Exporte liegen nicht neben dem Projekt")
    for datei in WIE_GESCHRIEBEN:
        assert daten.herkunft(daten.lesen(EXPORTE / datei, datei)) is not None
