"""Real exports (issue 20): the header row is the one the office wrote, no data row is lost.

The oracle, for each file of `../shared/fixtures/statistik/` below: the table `return k.daten(datei)`
begins with the file's first data row and ends with its last (by file line), keeps every row
between, and each cell of those two rows equals the field as written (read here by a plain CSV
reader or openpyxl, independent of berichtsgen). A header of several rows gives two levels (group,
entry) holding exactly the header entries the file has for the column; columns the header cannot
tell apart carry their column number.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_echte_exporte import EXPORTE, _datensaetze, _tabelle_wie_gebaut

from berichtsgen.berechnung import daten

KOEPFE: dict[str, tuple[int, int, int, dict[int, str | tuple[str, str]]]] = {
    # file: (first header line, first data line, last data line, column names by position as
    # seen in the header rows: a name, or (group, entry) where the header has several rows)
    "12411-15i.csv": (
        3,
        6,
        449,
        {
            0: ("Spalte 1", ""),
            2: ("Spalte 3", ""),
            3: (
                "Fortschreibung des Bevölkerungsstandes",
                "Bevölkerungsstand (Basis Zensus 2022 und früher), Anzahl",
            ),
            4: (
                "Flächenerhebung nach Art der tatsächlichen Nutzung",
                "Bodenfläche (Katasterfläche) in qkm, qkm",
            ),
            5: ("Fortschreibung des Bevölkerungsstandes", "Bevölkerungsdichte, EW pro qkm"),
        },
    ),
    "13111-54i.csv": (7, 8, 861, {3: "Spalte 4", 4: "Insgesamt", 5: "ohne Schulabschluss"}),  # one row
    "13211-02-05-4.csv": (
        7,
        10,
        548,
        {
            # an empty entry under "Arbeitslose" is its total; the unit row follows the statistic
            3: ("Arbeitslose", "Anzahl"),
            4: ("Arbeitslose", "ausländisch, Anzahl"),
            5: ("Arbeitslose", "schwerbehindert, Anzahl"),
            10: ("Arbeitslosenquote bez. abh. zivile Erwerbspers.", "Prozent"),
            12: ("Arbeitslosenquote bez. auf alle zivile Erwerbsp.", "Männer, Prozent"),
        },
    ),
    "21111-02-06-4.csv": (
        7,
        10,
        547,
        {
            # the row alike over all columns joins the group; Insgesamt and weiblich stay apart
            3: (
                "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss, Insgesamt",
                "Insgesamt",
            ),
            4: (
                "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss, Insgesamt",
                "weiblich",
            ),
            5: (
                "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss, ohne Hauptschulabschluss",
                "Insgesamt",
            ),
        },
    ),
    "22517-02i.csv": (
        6,
        10,
        241,
        {
            3: ("Art der Hilfe, Insgesamt, Anzahl", "In Anspruch genommene erzieh. Hilfen"),
            4: ("Art der Hilfe, Insgesamt, Anzahl", "Begonnene erzieher. Hilfen/Beratungen"),
        },
    ),
    "22811-05i.csv": (
        6,
        10,
        443,
        {
            # columns 4 and 6 have the same header entries: only their number tells them apart
            3: (
                "Empfänger/innen von soz. Mindestsicherungsleistung, Anzahl",
                "Gesamtregelleistung (ALG II/Sozialgeld) nach dem SGB II (4)",
            ),
            4: ("Empfänger/innen von soz. Mindestsicherungsleistung, Anzahl", "Insgesamt"),
            5: (
                "Empfänger/innen von soz. Mindestsicherungsleistung, Anzahl",
                "Gesamtregelleistung (ALG II/Sozialgeld) nach dem SGB II (6)",
            ),
            7: (
                "Empfänger/innen von soz. Mindestsicherungsleistung, Grundsicherung im Alter und bei "
                "Erwerbsminderung nach dem SGB XII, Anzahl",
                "Insgesamt",
            ),
        },
    ),
    "41141-01-01-4.csv": (
        7,
        11,
        536,
        {
            2: ("Landwirtschaftliche Betriebe", "Anzahl"),
            4: ("Bodennutzungsarten, Ackerland insgesamt", "Landwirtschaftliche Betriebe, Anzahl"),
            5: ("Bodennutzungsarten, Ackerland insgesamt", "Fläche, ha"),
        },
    ),
    "61111-0002_de.csv": (
        5,
        7,
        414,
        {
            # the index and its mark ("e") share both header entries: numbered
            2: ("Verbraucherpreisindex", "2020=100 (3)"),
            3: ("Verbraucherpreisindex", "2020=100 (4)"),
            4: ("Veränderung zum Vorjahresmonat", "in (%) (5)"),
        },
    ),
    "Gestorbene_Verwaltungsbezirke_nach_Geschlecht_ab_2000.xlsx": (
        2,
        4,
        30,
        {
            0: ("Verwaltungsbezirke", ""),
            1: ("2000", "insgesamt"),
            2: ("2000", "männlich"),
            3: ("2000", "weiblich"),
            75: ("2024", "weiblich"),
        },
    ),
}

_ZEICHEN = {".", "...", "…", "x", "/"}


def _saetze(pfad: Path, verbunden: bool = False) -> list[list[str]]:
    """The file's rows as openpyxl or a plain CSV reader gets them; `verbunden`: a merged cell of
    an XLSX sheet shows its value in every column of its top row, as Excel shows it."""
    if pfad.suffix == ".xlsx":
        blatt = openpyxl.load_workbook(pfad).worksheets[0]
        zeilen = [["" if v is None else str(v) for v in zeile] for zeile in blatt.iter_rows(values_only=True)]
        for bereich in blatt.merged_cells.ranges if verbunden else ():
            oben = zeilen[bereich.min_row - 1]
            for j in range(bereich.min_col, bereich.max_col):
                oben[j] = oben[bereich.min_col - 1]
        return zeilen
    return _datensaetze(pfad)


def _kopf_der_spalte(saetze: list[list[str]], von: int, bis: int, j: int) -> list[str]:
    """The header entries of column j (0-based) in the file lines `von` to `bis`, top to bottom;
    in a CSV export an empty field after a filled one in the top row continues its merged cell."""
    kopf = [saetze[n - 1] for n in range(von, bis + 1)]
    felder = [z[j].strip() if j < len(z) else "" for z in kopf]
    if not felder[0] and len(kopf) > 1 and any(felder[1:]):
        links = [z.strip() for z in kopf[0][:j] if z.strip()]
        felder[0] = links[-1] if links else ""
    return [f for f in felder if f]


def _gleich(feld: str, wert: object) -> bool:
    """A cell as read equals the field as written: text as text, a number as its German writing."""
    text = feld.strip().lstrip("\ufeff")
    if text in _ZEICHEN or not text:
        return wert is None or pd.isna(wert)
    if text == "-":  # nichts vorhanden: counts as 0
        return wert == 0
    if isinstance(wert, str):
        return wert == text
    return float(text.replace(".", "").replace(",", ".")) == pytest.approx(float(wert))


@pytest.mark.skipif(not EXPORTE.is_dir(), reason="die echten Exporte liegen nicht neben dem Projekt")
@pytest.mark.parametrize("datei", sorted(KOEPFE))
def test_kopf_wie_im_export_und_keine_datenzeile_verloren(tmp_path: Path, datei: str):
    von, erste, letzte, namen = KOEPFE[datei]
    df = daten.lesen(EXPORTE / datei, datei)
    quelle = daten.herkunft(df)
    assert not df.columns.duplicated().any()
    assert {j: df.columns[j] for j in namen} == namen
    assert isinstance(df.columns, pd.MultiIndex) == (erste - von > 1)  # two levels where two rows or more
    saetze = _saetze(EXPORTE / datei)
    assert quelle.zeilennummern[0] == erste and quelle.zeilennummern[-1] == letzte
    leer = {n for n in range(erste, letzte + 1) if not any(f.strip() for f in saetze[n - 1])}
    assert set(quelle.zeilennummern) == set(range(erste, letzte + 1)) - leer  # every row between
    behalten = [
        j for j in range(len(saetze[erste - 1])) if any(z[j].strip() for z in saetze[:letzte] if j < len(z))
    ]
    for nummer, zeile in ((erste, df.iloc[0]), (letzte, df.iloc[-1])):
        feld = saetze[nummer - 1] + [""] * len(behalten)
        ungleich = [
            (df.columns[s], feld[j], zeile.iloc[s])
            for s, j in enumerate(behalten)
            if not _gleich(feld[j], zeile.iloc[s])
        ]
        assert ungleich == [], f"Zeile {nummer}"
    # every column's group and entry hold exactly the header entries the file has for it
    verbunden = _saetze(EXPORTE / datei, verbunden=True)
    for s, j in enumerate(behalten):
        felder = _kopf_der_spalte(verbunden, von, erste - 1, j)
        name = df.columns[s] if isinstance(df.columns[s], tuple) else (df.columns[s], "")
        if not felder:
            assert name == (f"Spalte {j + 1}", ""), name  # the Vorspalte has no header of its own
            continue
        rest = ", ".join(re.sub(r" \(\d+\)$", "", t) for t in name if t)
        for f in sorted(set(felder), key=len, reverse=True):
            assert f in rest, (name, f)
            rest = rest.replace(f, "")
        assert set(rest) <= {",", " "}, (name, felder)


@pytest.mark.skipif(not EXPORTE.is_dir(), reason="die echten Exporte liegen nicht neben dem Projekt")
@pytest.mark.parametrize(
    "datei", ["12411-15i.csv", "Gestorbene_Verwaltungsbezirke_nach_Geschlecht_ab_2000.xlsx"]
)
def test_tabelle_aus_dem_export_druckt_den_kopf_der_datei(tmp_path: Path, datei: str):
    fertig, _quelle = _tabelle_wie_gebaut(tmp_path, datei)
    _von, _erste, _letzte, namen = KOEPFE[datei]
    assert [fertig.kopf[j] for j in namen] == [n[1] or n[0] for n in namen.values()]
    oben = {j: (text, durch) for j, text, _breite, durch in fertig.gruppen_je_spalte()}
    # the upper row: a group over its entries, a column named once spanning both rows
    assert all(oben[j] == (n[0], not n[1]) for j, n in namen.items() if j in oben)
    assert oben[0] == (namen[0][0], True)
    assert "18.034.454" in fertig.zeilen[0] or "1.512" in fertig.zeilen[0]  # the first data row stays a row


@pytest.mark.skipif(not EXPORTE.is_dir(), reason="die echten Exporte liegen nicht neben dem Projekt")
def test_statistischer_bericht_ohne_blatt_liest_die_erste_tabelle_mit_blatt_den_zweistufigen_kopf():
    """21711 (Destatis, XLSX): title, contents and imprint sheets come first; a table sheet named
    by `blatt` has a header of three rows with merged cells."""
    datei = EXPORTE / "21711_ausgaben_je_schueler_2024.xlsx"
    df = daten.lesen(datei, datei.name)
    assert "Tabellenblatt „21711-b01“" in daten.herkunft(df).erkannt
    assert list(df.columns[:3]) == ["Ausgaben, Bundesländer", "2010", "2011"]
    assert df.iloc[0].tolist()[:3] == ["Ausgaben, Baden-Württemberg", 6100, 6200]
    mappe = openpyxl.load_workbook(datei)
    blatt = mappe["21711-01"]
    assert (
        blatt["A3"].value == "Bundesländer"
        and blatt["B3"].value == 2023
        and blatt["C4"].value == "Berufliche Schulen"
    )
    df = daten.lesen(datei, datei.name, blatt="21711-01")
    assert list(df.columns[:5]) == [
        ("Bundesländer", ""),
        ("2023", "Allgemeinbildende Schulen"),
        ("2023, Berufliche Schulen", "insgesamt"),
        ("2023, Berufliche Schulen", "darunter: Berufsschulen im dualen System3"),
        ("2023", "Alle Schularten"),
    ]
    assert df["Bundesländer"].iloc[0] == blatt["A6"].value
    assert df[("2023", "Allgemeinbildende Schulen")].iloc[0] == blatt["B6"].value
    assert df[("2024", "Alle Schularten")].iloc[0] == blatt["I6"].value
    zweite = daten.lesen(datei, datei.name, blatt="21711-03")
    assert ("2023", "Personalausgaben") in zweite.columns  # "Personal-\nausgaben" in the cell


def test_insgesamt_und_weiblich_unter_einer_gruppe_bleiben_unterscheidbar():
    """21111-02-06-4 (Regionaldatenbank): Deutschland's total of school leavers is 782423, of them
    381434 women. A column named „Insgesamt“ must hold the total."""
    df = daten.lesen(EXPORTE / "21111-02-06-4.csv", "21111-02-06-4.csv")
    zeile = df[df["Spalte 3"] == "Deutschland"].iloc[0]
    gruppe = "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss, Insgesamt"
    assert zeile[(gruppe, "Insgesamt")] == 782423
    assert zeile[(gruppe, "weiblich")] == 381434
    assert df.xs("weiblich", axis=1, level=1).loc[zeile.name].iloc[0] == 381434
    assert all(zeile[c] != 381434 for c in df.columns if c[1] == "Insgesamt")


def test_nummer_gleichnamiger_spalten_steht_nur_in_python_nicht_im_druck():
    """22811-05i has the SGB II column twice: Python tells them apart by number, the table prints
    the header as the office wrote it."""
    from berichtsgen.berechnung.register import Definition
    from berichtsgen.berechnung.tabellen import formatieren
    from berichtsgen.inhalt.modell import Beschriftung

    df = daten.lesen(EXPORTE / "22811-05i.csv", "22811-05i.csv")
    eintraege = [c[1] for c in df.columns]
    assert eintraege[3].endswith("(4)") and eintraege[5].endswith("(6)")
    kopf = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T")).kopf
    assert kopf[3] == kopf[5] == "Gesamtregelleistung (ALG II/Sozialgeld) nach dem SGB II"
