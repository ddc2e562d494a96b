from pathlib import Path

import pandas as pd
import pytest

from berichtsgen.berechnung.daten import herkunft, lesen
from berichtsgen.fehler import DatenFehler
from hilfen import TESTS


def test_excel_export_cp1252_semikolon_dezimalkomma(tmp_path: Path):
    datei = tmp_path / "a.csv"
    datei.write_bytes("Stichtag;Bevölkerung;Anteil (in %)\r\n31.12.2016;166.081;15,1\r\n".encode("cp1252"))
    df = lesen(datei, "daten/a.csv")
    assert list(df.columns) == ["Stichtag", "Bevölkerung", "Anteil (in %)"]
    assert df.loc[0, "Stichtag"] == "31.12.2016"  # a date is not a number with thousands points
    assert df.loc[0, "Bevölkerung"] == 166081
    assert df.loc[0, "Anteil (in %)"] == pytest.approx(15.1)
    assert herkunft(df).zeilen == {"31.12.2016": 2}
    assert herkunft(df).datei == "daten/a.csv"


def test_utf8_mit_bom_und_komma(tmp_path: Path):
    datei = tmp_path / "b.csv"
    datei.write_text("\ufeffJahr,Wert\n2017,1.5\n2018,2\n", encoding="utf-8")
    df = lesen(datei, "b.csv")
    assert df["Jahr"].tolist() == [2017, 2018]
    assert df["Wert"].tolist() == [1.5, 2.0]


def test_leere_zellen_bleiben_leer(tmp_path: Path):
    datei = tmp_path / "c.csv"
    datei.write_text("A;B\nx;\ny;3\n", encoding="utf-8")
    df = lesen(datei, "c.csv")
    assert pd.isna(df.loc[0, "B"]) and df.loc[1, "B"] == 3


def test_fehlende_datei(tmp_path: Path):
    with pytest.raises(DatenFehler, match="nicht gefunden"):
        lesen(tmp_path / "fehlt.csv", "daten/fehlt.csv")


DATEN = TESTS / "daten"


def test_excel_export_mit_titelzeile_anfuehrungszeichen_und_einrueckung():
    df = lesen(DATEN / "excel_export.csv", "daten/excel_export.csv")
    assert list(df.columns) == ["Stadtteil", "Einwohner", "Anteil (in %)", "Bemerkung"]
    assert df["Stadtteil"].tolist() == ["Wiesdorf", "davon weiblich", "Opladen"]
    assert df["Einwohner"].tolist() == [16051, 8112, 24530]
    assert df["Anteil (in %)"].tolist() == pytest.approx([9.6, 4.9, 14.7])
    assert df.loc[0, "Bemerkung"] == "Zentrum; mit Markt"
    quelle = herkunft(df)
    assert quelle.zeilen == {"Wiesdorf": 4, "davon weiblich": 5, "Opladen": 6}
    assert quelle.erkannt == "Windows-1252, Trennzeichen „;“, Dezimalkomma, Kopfzeile in Zeile 3"
    assert (quelle.metadaten.quelle, quelle.metadaten.stichtag, quelle.metadaten.einheit) == (
        "Statistikstelle Musterstadt",
        "31.12.2023",
        "Personen",
    )


def test_xlsx_benanntes_blatt_kopf_in_zeile_3():
    df = lesen(DATEN / "kopf_in_zeile_3.xlsx", "daten/kopf_in_zeile_3.xlsx", blatt="Daten")
    assert list(df.columns) == ["Jahr", "Insgesamt", "a) Aufenthaltsgestattung"]
    assert df["Insgesamt"].tolist() == [4675, 4850]
    assert herkunft(df).zeilen == {"2017": 4, "2018": 5}
    assert herkunft(df).erkannt == "Tabellenblatt „Daten“, Kopfzeile in Zeile 3"


def test_erklaerte_kopfzeile_und_trennzeichen(tmp_path: Path):
    datei = tmp_path / "x.csv"
    datei.write_text("Erste;Zeile\nA|B\n1|2,5\n", encoding="utf-8")
    (tmp_path / "x.toml").write_text('kopfzeile = 2\ntrennzeichen = "|"\ndezimal = ","\n', encoding="utf-8")
    df = lesen(datei, "x.csv")
    assert list(df.columns) == ["A", "B"] and df.loc[0, "B"] == pytest.approx(2.5)


def test_unlesbare_zeile_nennt_zeile_und_spalte(tmp_path: Path):
    datei = tmp_path / "y.csv"
    datei.write_text("A;B\n1;2\n3;4;5\n", encoding="utf-8")
    with pytest.raises(DatenFehler) as info:
        lesen(datei, "daten/y.csv")
    assert info.value.zeile() == (
        "daten/y.csv:3: Fehler: Zeile hat mehr Felder als die Kopfzeile (Spalte 3: „5“). "
        "Prüfen Sie Trennzeichen und Anführungszeichen in dieser Zeile."
    )


def test_unbekannter_eintrag_in_der_begleitdatei(tmp_path: Path):
    (tmp_path / "z.csv").write_text("A;B\n1;2\n", encoding="utf-8")
    (tmp_path / "z.toml").write_text('quele = "X"\n', encoding="utf-8")
    with pytest.raises(DatenFehler, match="Meinten Sie „quelle“"):
        lesen(tmp_path / "z.csv", "z.csv")


def test_eine_spalte_verliert_keine_zeile(tmp_path: Path):
    # a list of Stadtteile: every row fills only its first field, yet none of them is a note
    datei = tmp_path / "stadtteile.csv"
    datei.write_bytes(
        "Stadtteil\r\nOpladen\r\nWiesdorf\r\nKüppersteg\r\n\r\nQuelle: Stadt Musterstadt\r\n".encode("cp1252")
    )
    df = lesen(datei, "stadtteile.csv")
    assert df["Stadtteil"].tolist() == ["Opladen", "Wiesdorf", "Küppersteg"]
    assert herkunft(df).anmerkungen == ("Quelle: Stadt Musterstadt",)
