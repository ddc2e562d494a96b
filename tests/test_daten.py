from pathlib import Path

import pandas as pd
import pytest

from berichtsgen.berechnung.daten import herkunft, lesen
from berichtsgen.fehler import DatenFehler


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
