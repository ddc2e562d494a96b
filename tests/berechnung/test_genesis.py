"""GENESIS-Online and Regionaldatenbank exports read directly: flat file (also zipped) and table CSV.

The test files follow the export format's description (no network here); they are small and
carry signs, an indented hierarchy and a header of several rows.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd

from berichtsgen.berechnung.daten import herkunft, lesen
from berichtsgen.berechnung.kontext import ebenen
from berichtsgen.berechnung.register import Definition
from berichtsgen.berechnung.tabellen import formatieren
from berichtsgen.inhalt.modell import Beschriftung
from hilfen import TESTS

FLACH = TESTS / "daten" / "12411-0015_flat.csv"
TABELLE = TESTS / "daten" / "12411-0015_tabelle.csv"


def test_flatfile_wert_ist_zahl_zeichen_und_ebene_daneben():
    df = lesen(FLACH, "daten/12411-0015_flat.csv")
    assert str(df["value"].dtype) == "statistik"  # numbers whose cells keep their signs
    assert df["value"].tolist()[:5] == [41000000, 42000000, 8900000, 9100000, 80123]
    assert pd.isna(df["value"].tolist()[5]) and df["value"].tolist()[5].zeichen == "."
    assert df["value_zeichen"].fillna("").tolist() == ["", "", "", "", "p", "."]  # value_q "p" is a mark
    assert df["value_q"].tolist() == ["e", "e", "e", "e", "p", "."]
    assert df["1_variable_attribute_label"].tolist()[4] == "Leverkusen, kreisfreie Stadt"
    assert df["1_ebene"].tolist() == [0, 0, 1, 1, 2, 2]
    h = herkunft(df)
    assert h.metadaten.quelle == "Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 12411-0015"
    assert h.metadaten.stichtag == "31.12.2023"
    assert h.erkannt.startswith("GENESIS-Flatfile, UTF-8")
    breit = df[df["1_variable_attribute_code"] == "05316"].pivot_table(
        index="1_variable_attribute_label",
        columns="2_variable_attribute_label",
        values="value",
        aggfunc="sum",
    )
    assert breit.loc["Leverkusen, kreisfreie Stadt", "männlich"] == 80123


def test_flatfile_im_zip_wie_geliefert(tmp_path: Path):
    archiv = tmp_path / "12411-0015_flat.zip"
    with zipfile.ZipFile(archiv, "w") as z:
        z.write(FLACH, "12411-0015_flat.csv")
    df = lesen(archiv, "daten/12411-0015_flat.zip")
    assert df["value"].tolist()[:2] == [41000000, 42000000]
    assert herkunft(df).metadaten.quelle.endswith("Tabelle 12411-0015")


def test_tabelle_mit_titel_mehrzeiligem_kopf_und_fussblock():
    df = lesen(TABELLE, "daten/12411-0015_tabelle.csv")
    # three header rows: the rows alike over all values ("Geschlecht", "Anzahl") are the group
    assert list(df.columns) == [
        ("Kreise", ""),
        ("Geschlecht, Anzahl", "männlich"),
        ("Geschlecht, Anzahl", "weiblich"),
        ("Geschlecht, Anzahl", "Insgesamt"),
    ]
    assert df["Kreise"].tolist() == ["Deutschland", "Nordrhein-Westfalen", "Leverkusen, kreisfreie Stadt"]
    assert df[("Geschlecht, Anzahl", "Insgesamt")].tolist() == [83000000, 18000000, 164000]
    assert df.xs("Insgesamt", axis=1, level=1).iloc[:, 0].tolist() == [83000000, 18000000, 164000]
    assert ebenen(df).tolist() == [0, 1, 2]
    h = herkunft(df)
    assert h.metadaten.quelle == (
        "Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 12411-0015, Stand: 15.03.2024"
    )
    assert h.metadaten.stichtag == "31.12.2023"  # the data's reference date, not the export's
    assert h.anmerkungen == (
        "© Statistisches Bundesamt (Destatis), 2024 | Stand: 15.03.2024 / 10:12:33",
        "Datenlizenz by-2-0",
    )
    t = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T"))
    assert t.kopfgruppen == [("Kreise", 1, True), ("Geschlecht, Anzahl", 3, False)]
    assert t.kopf == ["Kreise", "männlich", "weiblich", "Insgesamt"]
    assert t.zeilen[2] == ["Leverkusen, kreisfreie Stadt", "80.123", ".", "164.000\u00a0p"]
    assert t.ebenen == {1: 1, 2: 2}


def test_begleitdatei_gewinnt(tmp_path: Path):
    shutil.copy(TABELLE, tmp_path / "t.csv")
    (tmp_path / "t.toml").write_text('quelle = "IT.NRW"\nstichtag = "30.06.2024"\n', encoding="utf-8")
    h = herkunft(lesen(tmp_path / "t.csv", "t.csv"))
    assert (h.metadaten.quelle, h.metadaten.stichtag) == ("IT.NRW", "30.06.2024")


def test_regionaldatenbank():
    from berichtsgen.berechnung.genesis import quelle

    assert quelle("12411-01-01-4") == (
        "Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland, Tabelle 12411-01-01-4"
    )


def test_regionaldatenbank_2024_mit_stand_und_stichtag_aus_dem_titel(tmp_path: Path):
    """The shape of issue 20: "Tabelle:" title, "Stichtag 31.12." in the title, years in the
    header, the Stand behind the © line; a footnote's Gebietsstand is no Stand."""
    datei = tmp_path / "12411-01-01-4.csv"
    datei.write_text(
        "Tabelle: 12411-01-01-4\nBevölkerung nach Geschlecht - Stichtag 31.12. -;;;\n"
        ";;;31.12.2023\n;;;Insgesamt\n"
        "31.12.2023;09998001;  Altdorf;12890\n31.12.2023;09998002;  Bdorf;1234\n"
        "__________\nBayern: Gebietsstand 01.01.1979\n"
        "© Statistisches Bundesamt (Destatis), 2024 | Stand: 12.03.2024 / 10:21:35\nDatenlizenz by-2-0\n",
        encoding="utf-8",
    )
    m = herkunft(lesen(datei, "12411-01-01-4.csv")).metadaten
    assert m.quelle == (
        "Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland, "
        "Tabelle 12411-01-01-4, Stand: 12.03.2024"
    )
    assert m.stichtag == "31.12.2023"


def test_zeitstempel_des_exports_ist_kein_stichtag(tmp_path: Path):
    datei = tmp_path / "k.csv"
    datei.write_text("Gebiet;Wert\nA;1\nB;2\nStand: 10.10.2017 / 12:45:39;\n", encoding="utf-8")
    assert herkunft(lesen(datei, "k.csv")).metadaten.stichtag is None
    datei.write_text("Gebiet;Wert\nA;1\nB;2\nStand: 31.12.2023;\n", encoding="utf-8")
    assert herkunft(lesen(datei, "k.csv")).metadaten.stichtag == "31.12.2023"


def test_flatfile_quelle_nennt_die_tabelle_aus_dem_dateinamen(tmp_path: Path):
    datei = tmp_path / "22411-0010_flat.csv"
    datei.write_text(
        "statistics_code;time;1_variable_code;1_variable_attribute_code;1_variable_attribute_label;"
        "value;value_unit;value_q\n"
        "22411;31.12.2023;KREISE;09998;Landkreis Musterhausen;1234;Anzahl;p\n"
        "22411;31.12.2023;KREISE;09998001;Altdorf;12;Anzahl;e\n",
        encoding="utf-8",
    )
    df = lesen(datei, "daten/22411-0010_flat.csv")
    m = herkunft(df).metadaten
    assert (m.quelle, m.stichtag) == (
        "Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 22411-0010",
        "31.12.2023",
    )
    assert df["value_zeichen"].fillna("").tolist() == ["p", ""]  # "p" vorläufig is a mark, "e" none


def test_ohne_quellzeile_nennt_die_copyright_zeile_die_quelle(tmp_path: Path):
    """Shaped like the Hessisches Statistisches Landesamt's XLSX: its only statement is the ©."""
    from openpyxl import Workbook

    mappe = Workbook()
    blatt = mappe.active
    for zeile in (
        ["Gestorbene in Hessen nach Verwaltungsbezirken"],
        ["Verwaltungsbezirke", "2022", "2023"],
        ["Darmstadt", 1712, 1650],
        ["Land Hessen", 71000, 69000],
        [],
        [
            "© Hessisches Statistisches Landesamt, Wiesbaden, 2024. Vervielfältigung und Verbreitung gestattet."
        ],
    ):
        blatt.append(zeile)
    mappe.save(tmp_path / "gestorbene.xlsx")
    m = herkunft(lesen(tmp_path / "gestorbene.xlsx", "gestorbene.xlsx")).metadaten
    assert (m.quelle, m.stichtag) == ("Hessisches Statistisches Landesamt, Wiesbaden", None)


def test_stichtag_31_12_aus_dem_titel_und_die_jahre_aus_dem_kopf():
    """Issue 20's Regionaldatenbank export: "Stichtag 31.12." in the title, the years in the
    header behind empty leading fields, every data row begins "31.12."."""
    from berichtsgen.berechnung.genesis import export_angaben, stichtag_aus

    def stichtag(kopfzeilen: str) -> str | None:
        text = (
            "Tabelle: 12411-01-01-4\nBevölkerung nach Geschlecht - Stichtag 31.12. -;;;;;\n"
            + kopfzeilen
            + "31.12.;09998001;  Altdorf;12890;6300;6590\n31.12.;09998002;  Bdorf;1234;600;634\n"
            + "__________\n© Statistisches Bundesamt (Destatis), 2024 | Stand: 12.03.2024 / 10:21:35\n"
        )
        _code, titel, zeiten = export_angaben([z.split(";") for z in text.splitlines()], "12411-01-01-4.csv")
        return stichtag_aus(titel, zeiten)

    assert stichtag(";;;Insgesamt;Insgesamt;Insgesamt\n;;;2021;2022;2023\n") == "jeweils 31.12."
    assert stichtag(";;;2023;2023;2023\n;;;Insgesamt;männlich;weiblich\n") == "31.12.2023"
