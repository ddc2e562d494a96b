from pathlib import Path

import pandas as pd
import pytest

from berichtsgen.berechnung.daten import lesen
from berichtsgen.berechnung.register import Definition, Summe
from berichtsgen.berechnung.tabellen import formatieren, summen_pruefen
from berichtsgen.fehler import DatenFehler
from berichtsgen.inhalt.modell import Beschriftung


def _def(**kw):
    return Definition("tabelle", "t", lambda k: None, **kw)


def test_formatieren_deutsch_rechtsbuendig_summenzeile_fett():
    df = pd.DataFrame(
        {
            "Bezirk": ["Nord", "Süd", "Insgesamt"],
            "Einwohner": [12345, 8000, 20345],
            "Anteil": [60.7, 39.3, 100.0],
        }
    )
    t = formatieren(df, _def(), Beschriftung("T"))
    assert t.kopf == ["Bezirk", "Einwohner", "Anteil"]
    assert t.zeilen[0] == ["Nord", "12.345", "60,7"]
    assert t.zeilen[2] == ["Insgesamt", "20.345", "100,0"]  # a column keeps its decimals
    assert t.rechtsbuendig == [False, True, True]
    assert t.summenzeilen == {2}


def test_formatieren_jahre_ohne_trennzeichen_und_fehlende_werte():
    """A value missing in a computed frame is unknown (".", DIN 55301), never "nothing" ("–");
    an exact zero the code computed is "nothing"."""
    df = pd.DataFrame({"Jahr": [2017, 2018, 2019], "Wert": [1500, None, 0]}, dtype="object")
    t = formatieren(df, _def(), Beschriftung("T"))
    assert t.zeilen == [["2017", "1.500"], ["2018", "."], ["2019", "–"]]


def test_altersangabe_im_spaltennamen_ist_keine_jahresspalte():
    df = pd.DataFrame({"Status": ["Gesamt"], "18 bis unter 28 Jahre": [1048], "Jahr (31.12.)": [2018]})
    t = formatieren(df, _def(), Beschriftung("T"))
    assert t.zeilen == [["Gesamt", "1.048", "2018"]]


def test_formatieren_index_wird_erste_spalte():
    df = pd.DataFrame({"2017": [605], "2018": [627]}, index=pd.Index(["a) Asyl"], name="Status"))
    t = formatieren(df, _def(), Beschriftung("T"))
    assert t.kopf == ["Status", "2017", "2018"]
    assert t.zeilen == [["a) Asyl", "605", "627"]]


def test_summe_in_spalten_stimmt():
    df = pd.DataFrame({"Jahr": [2017], "Summe": [4287], "a": [605], "b": [3682]})
    warnungen, bericht = summen_pruefen(df, (Summe("Summe", ["a", "b"]),), "t")
    assert warnungen == []
    assert bericht == ["„Summe“ = „a“ + „b“: in Ordnung (1 Vergleich, 3 Zellen)"]
    df.loc[0, "Summe"] = 4288  # one more than the parts: the same check refuses it
    with pytest.raises(DatenFehler):
        summen_pruefen(df, (Summe("Summe", ["a", "b"]),), "t")


def test_summe_falsch_nennt_datei_und_zeile(tmp_path: Path):
    datei = tmp_path / "g.csv"
    datei.write_text("Jahr;Summe;a;b\n2017;4.287;605;3.682\n2018;4.503;627;3.875\n", encoding="utf-8")
    df = lesen(datei, "inhalte/2019/daten/g.csv")
    with pytest.raises(DatenFehler) as info:
        summen_pruefen(df, (Summe("Summe", ["a", "b"]),), "gefluechtete")
    fehler = info.value
    assert str(fehler.ort) == "inhalte/2019/daten/g.csv:3"
    assert "„Summe“ ist 4.503" in fehler.meldung and "= 4.502" in fehler.meldung


def test_summe_als_zeile_auch_nach_transponieren(tmp_path: Path):
    datei = tmp_path / "g.csv"
    datei.write_text("Jahr;Summe;a;b\n2017;4.287;605;3.682\n2018;4.500;627;3.875\n", encoding="utf-8")
    df = lesen(datei, "g.csv").set_index("Jahr").T
    df.columns = [str(c) for c in df.columns]
    with pytest.raises(DatenFehler) as info:
        summen_pruefen(df, (Summe("Summe", ["a", "b"]),), "t")
    assert str(info.value.ort) == "g.csv:3"
    assert "Spalte „2018“" in info.value.meldung


def test_summe_mit_unbekannter_beschriftung():
    df = pd.DataFrame({"A": ["x"], "B": [1]})
    with pytest.raises(DatenFehler, match="weder Zeile noch Spalte"):
        summen_pruefen(df, (Summe("Gesamt", ["x"]),), "t")


def test_zeichenerklaerung_nur_fuer_benutzte_zeichen():
    df = pd.DataFrame({"Bezirk": ["Nord", "Süd"], "A": [1, None], "B": [".", "x"]}, dtype="object")
    t = formatieren(df, _def(), Beschriftung("T"))
    assert [z[1:] for z in t.zeilen] == [["1", "."], [".", "x"]]  # a missing value is unknown, not nothing
    assert t.anmerkungen == [
        "Zeichenerklärung: . = Zahlenwert unbekannt oder geheim zu halten; "
        "x = Tabellenfach gesperrt, weil Aussage nicht sinnvoll"
    ]
    ohne = formatieren(pd.DataFrame({"Bezirk": ["Nord"], "A": [1]}), _def(), Beschriftung("T"))
    assert ohne.anmerkungen == []


def test_rundungshinweis_wenn_anteile_nicht_100_ergeben():
    df = pd.DataFrame({"Gruppe": ["a", "b", "c", "Insgesamt"], "Anteil (in %)": [33.3, 33.3, 33.3, 100.0]})
    t = formatieren(df, _def(), Beschriftung("T"))
    assert t.anmerkungen == ["Abweichungen in den Summen durch Rundung möglich."]
    genau = pd.DataFrame({"Gruppe": ["a", "b", "Insgesamt"], "Anteil (in %)": [60.7, 39.3, 100.0]})
    assert formatieren(genau, _def(), Beschriftung("T")).anmerkungen == []


def test_vergleich_mit_dem_vorjahr_nimmt_das_neueste_jahr(tmp_path: Path):
    from berichtsgen.berechnung.zeitreihen import vergleich

    datei = tmp_path / "reihe.csv"
    datei.write_text(
        "Jahr;Insgesamt;Anteil (in %)\n2016;4.100;15,1\n2017;4.675;15,7\n2018;4.850;15,3\n", encoding="utf-8"
    )
    df = lesen(datei, "daten/reihe.csv")
    tabelle = vergleich(df, "Jahr", bis=2019, punkte=["Anteil (in %)"])
    t = formatieren(tabelle, _def(), Beschriftung("T"))
    assert t.kopf == ["Merkmal", "2017", "2018", "Veränderung", "Veränderung in %"]
    assert t.zeilen == [
        ["Insgesamt", "4.675", "4.850", "+175", "+3,7\u00a0%"],
        ["Anteil (in %)", "15,7", "15,3", "−0,4\u00a0Prozentpunkte", "x"],
    ]
    assert t.rechtsbuendig == [False, True, True, True, True]
    # the 2018 report compares 2017 with 2016: the year picks the columns
    assert list(vergleich(df, "Jahr", bis=2017).columns[1:3]) == ["2016", "2017"]


def test_jede_zahl_hat_entschiedene_nachkommastellen():
    """Computed shares get the project default; the decorator decides per table or column."""
    df = pd.DataFrame({"Gruppe": ["a", "b"], "Anteil": [44.061429676278860, 55.93857032372114], "n": [3, 4]})
    assert formatieren(df, _def(), Beschriftung("T")).zeilen == [["a", "44,1", "3"], ["b", "55,9", "4"]]
    assert formatieren(df, _def(), Beschriftung("T"), vorgabe=2).zeilen[0] == ["a", "44,06", "3"]
    assert formatieren(df, _def(nachkommastellen=0), Beschriftung("T")).zeilen[0] == ["a", "44", "3"]
    spalte = formatieren(df, _def(nachkommastellen={"Anteil": 3}), Beschriftung("T"))
    assert spalte.zeilen[1] == ["b", "55,939", "4"]  # integer columns never get decimals


def test_werte_aus_der_datei_behalten_ihre_stellen(tmp_path: Path):
    datei = tmp_path / "f.csv"
    datei.write_text("Bezirk;Fläche\nNord;4,25\nSüd;1,5\n", encoding="utf-8")
    t = formatieren(lesen(datei, "f.csv"), _def(), Beschriftung("T"))
    assert t.zeilen == [["Nord", "4,25"], ["Süd", "1,5"]]  # each as written: no digit added or dropped


def test_jahre_ohne_tausenderpunkt_auch_ohne_namen():
    df = pd.DataFrame({"Zeit": [2015, 2016], "Wert": [1500, 1600]})
    assert formatieren(df, _def(), Beschriftung("T")).zeilen == [["2015", "1.500"], ["2016", "1.600"]]
    index = pd.DataFrame({"Wert": [1500]}, index=pd.Index([2023], name="Stand"))
    assert formatieren(index, _def(), Beschriftung("T")).zeilen == [["2023", "1.500"]]


def test_gefilterter_zeilenzaehler_wird_nicht_gedruckt():
    df = pd.DataFrame({"Gebiet": ["a", "b", "c"], "Wert": [1, 2, 3]}).iloc[[0, 2]]
    assert formatieren(df, _def(), Beschriftung("T")).kopf == ["Gebiet", "Wert"]
    benannt = pd.DataFrame({"Wert": [1]}, index=pd.Index([7], name="Bezirk"))
    assert formatieren(benannt, _def(), Beschriftung("T")).kopf == ["Bezirk", "Wert"]


def test_zaehlungen_zwischen_anteilen_bleiben_ganz(tmp_path: Path):
    """A flat file's value column holds counts and shares: each cell keeps the decimals written."""
    datei = tmp_path / "22411-0010_flat.csv"
    datei.write_text(
        "statistics_code;time;1_variable_attribute_code;1_variable_attribute_label;value;value_unit\n"
        "22411;2023;09998;Musterhausen;12890;Anzahl\n"
        "22411;2023;09998;Musterhausen;15,7;%\n"
        "22411;2023;09998001;Altdorf;0;Anzahl\n"
        "22411;2023;09998001;Altdorf;0,0;%\n",
        encoding="utf-8",
    )
    df = lesen(datei, "22411-0010_flat.csv")[["1_variable_attribute_label", "value", "value_unit"]]
    werte = [z[1] for z in formatieren(df, _def(), Beschriftung("T")).zeilen]
    assert werte == ["12.890", "15,7", "0", "0,0"]
    # filtered and sorted rows keep their precision; a count computed from counts stays whole,
    # a share computed from a share gets the column's decimals
    umgestellt = df.iloc[[3, 0]]
    assert [z[1] for z in formatieren(umgestellt, _def(), Beschriftung("T")).zeilen] == ["0,0", "12.890"]
    verdoppelt = df.assign(value=df["value"] * 2)
    assert [z[1] for z in formatieren(verdoppelt, _def(), Beschriftung("T")).zeilen][:2] == ["25.780", "31,4"]
    halbiert = df.assign(value=df["value"] / 2)
    assert [z[1] for z in formatieren(halbiert, _def(), Beschriftung("T")).zeilen][:2] == ["6.445,0", "7,9"]


def test_zaehlung_neben_anteil_auch_nach_set_index(tmp_path: Path):
    datei = tmp_path / "14111-0001.csv"
    datei.write_text(
        "GENESIS-Tabelle: 14111-0001\nBundestagswahl;;\n;;26.09.2021\n"
        "Wahlberechtigte;Anzahl;61181072\nWahlbeteiligung;Prozent;76,6\n",
        encoding="utf-8",
    )
    df = lesen(datei, "14111-0001.csv").set_index("Spalte 1")
    assert formatieren(df, _def(), Beschriftung("T")).zeilen == [
        ["Wahlberechtigte", "Anzahl", "61.181.072"],
        ["Wahlbeteiligung", "Prozent", "76,6"],
    ]
    # the decorator's decimals are for the shares; a count stays whole
    fest = formatieren(df, _def(nachkommastellen=2), Beschriftung("T")).zeilen
    assert [z[2] for z in fest] == ["61.181.072", "76,60"]
