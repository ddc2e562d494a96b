"""Signs of official statistics are data: columns stay numbers, signs are printed back, explained once."""

from __future__ import annotations

import pandas as pd
import pytest

from berichtsgen.berechnung.daten import herkunft, lesen
from berichtsgen.berechnung.kontext import zeichen
from berichtsgen.berechnung.register import Definition
from berichtsgen.berechnung.tabellen import formatieren
from berichtsgen.berechnung.zeichen import Zelle, zelle_lesen
from berichtsgen.inhalt.modell import Beschriftung
from hilfen import TESTS

DATEI = TESTS / "daten" / "sgb2_zeichen.csv"


@pytest.mark.parametrize(
    ("text", "zelle"),
    [
        ("1.234", Zelle(1234)),
        ("13,8", Zelle(13.8, 1)),
        ("–", Zelle(0, 0, "–")),
        ("-", Zelle(0, 0, "–")),
        (".", Zelle(None, 0, ".")),
        ("…", Zelle(None, 0, "…")),
        ("...", Zelle(None, 0, "…")),
        ("/", Zelle(None, 0, "/")),
        ("x", Zelle(None, 0, "x")),
        ("(123)", Zelle(123, 0, None, True)),
        ("1.234¹", Zelle(1234, 0, None, False, "¹")),
        ("1.234 1)", Zelle(1234, 0, None, False, "1)")),
        ("1.234 p", Zelle(1234, 0, None, False, "p")),
        ("12,5 r", Zelle(12.5, 1, None, False, "r")),
        ("0", Zelle(0)),
        ("−1.067", Zelle(-1067)),
        ("", Zelle(None)),
        ("Wiesdorf", None),
        ("31.12.2016", None),
    ],
)
def test_zelle_lesen(text, zelle):
    assert zelle_lesen(text) == zelle


def test_spalten_mit_zeichen_bleiben_zahlen():
    df = lesen(DATEI, "daten/sgb2_zeichen.csv")
    assert str(df["Bedarfsgemeinschaften"].dtype) == "statistik"
    assert str(df["Quote (in %)"].dtype) == "statistik"
    erste = df["Bedarfsgemeinschaften"].tolist()[:3]
    assert erste[0] == 1067 and pd.isna(erste[1]) and erste[2] == 0  # "." unknown, "–" nothing
    assert df["Personen"].sum() == 7390 + 7390  # the parts and the total: arithmetic works
    insgesamt = df.loc[df["Stadtteil"] == "Insgesamt", "Bedarfsgemeinschaften"]
    assert float(insgesamt.iloc[0]) == 3392  # not the string "3.392", which Python reads as 3.392
    assert df["Veränderung (in %)"].tolist()[-2:] == [1.1, 3.1]
    zellen = herkunft(df).zellen
    assert zellen[("Opladen", "Bedarfsgemeinschaften")] == Zelle(2325, 0, None, False, "p")
    bergfeld = df["Stadtteil"].tolist().index("Bergfeld")
    assert df["Veränderung (in %)"].array.zelle(bergfeld).stellen == 2


def test_funktionen_sehen_zeichen_und_marken():
    df = lesen(DATEI, "daten/sgb2_zeichen.csv")
    z = zeichen(df.iloc[1:4])  # filtered rows keep their signs
    assert z["Bedarfsgemeinschaften"].tolist() == [".", "–", "p"]
    assert z["Veränderung (in %)"].tolist() == ["", "x", "( )"]


def test_zeichen_werden_zurueckgedruckt_und_genau_erklaert():
    df = lesen(DATEI, "daten/sgb2_zeichen.csv")
    t = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T"))
    assert t.zeilen == [  # every cell as the file wrote it, "4,2" beside "4,20" too
        ["Wiesdorf", "1.067", "2.210", ".", "13,8", "4,2"],
        ["Bergfeld", ".", "300", ".", ".", "4,20"],
        ["Gewerbegebiet Nord", "–", "–", "–", "–", "x"],
        ["Opladen", "2.325\u00a0p", "4.880", "1.020", "10,9", "(1,1)"],
        ["Insgesamt", "3.392", "7.390", "1.020", "12,0", "3,1"],
    ]
    assert t.rechtsbuendig == [False, True, True, True, True, True]
    assert t.anmerkungen == [
        "Zeichenerklärung: – = nichts vorhanden; . = Zahlenwert unbekannt oder geheim zu halten; "
        "x = Tabellenfach gesperrt, weil Aussage nicht sinnvoll; ( ) = Aussagewert eingeschränkt, da der "
        "Zahlenwert statistisch relativ unsicher ist; p = vorläufige Zahl"
    ]


def test_veraenderte_werte_verlieren_ihre_marke():
    df = lesen(DATEI, "daten/sgb2_zeichen.csv")
    df["Bedarfsgemeinschaften"] = df["Bedarfsgemeinschaften"] * 2
    t = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T"))
    # unknown stays unknown and nothing stays nothing; the changed value loses its "p"
    assert [z[1] for z in t.zeilen] == ["2.134", ".", "–", "4.650", "6.784"]
    assert "p = vorläufige Zahl" not in t.anmerkungen[0]


def test_zeichen_ueberleben_das_transponieren():
    df = lesen(DATEI, "daten/sgb2_zeichen.csv").set_index("Stadtteil").T
    df.columns = [str(c) for c in df.columns]
    t = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T"))
    bedarf = next(z for z in t.zeilen if z[0] == "Bedarfsgemeinschaften")
    assert bedarf == ["Bedarfsgemeinschaften", "1.067", ".", "–", "2.325\u00a0p", "3.392"]


GLIEDERUNG = TESTS / "daten" / "sgb2_gliederung.csv"


def test_anmerkungen_unter_den_daten_sind_keine_zeilen():
    df = lesen(GLIEDERUNG, "daten/sgb2_gliederung.csv")
    assert df["Gebiet"].tolist()[-1] == "Insgesamt" and len(df) == 7
    assert str(df["Quote (in %)"].dtype) == "statistik"  # the split Zeichenerklärung made no column text
    h = herkunft(df)
    assert h.anmerkungen == (
        "1) vorläufige Werte",
        "Zeichenerklärung: – = nichts vorhanden; . = Zahlenwert unbekannt oder geheim zu halten",
        "Quelle: Statistik der Bundesagentur für Arbeit",
        "Stand: 31.12.2023",
    )
    assert (h.metadaten.quelle, h.metadaten.stichtag) == (
        "Statistik der Bundesagentur für Arbeit",
        "31.12.2023",
    )
    assert "Anmerkungen unter den Daten: „1) vorläufige Werte“" in h.erkannt


def test_gliederung_bleibt_erhalten_und_gruppenzeilen_sagen_nichts():
    df = lesen(GLIEDERUNG, "daten/sgb2_gliederung.csv")
    h = herkunft(df)
    assert h.ebenen == {"Wiesdorf": 1, "Bergfeld": 1, "Gewerbegebiet Nord": 1, "Opladen": 1}
    assert h.gruppen == {"Innenstadtbezirk", "Außenbezirk"}
    t = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T"))
    assert t.zeilen[0] == ["Innenstadtbezirk", "", "", "", ""]  # no "–" (nichts vorhanden) in a heading
    assert t.zeilen[5] == ["Opladen", "2.325\u00a01)", "4.880", "10,9", "(1,1)"]
    assert t.gruppenzeilen == {0, 4} and t.ebenen == {1: 1, 2: 1, 3: 1, 5: 1}
    assert t.anmerkungen[0] == "1) vorläufige Werte"  # the file's note for the mark printed
    assert t.anmerkungen[1].startswith("Zeichenerklärung: – = nichts vorhanden; . = Zahlenwert")


def test_funktionen_sehen_die_ebenen_auch_nach_set_index():
    from berichtsgen.berechnung.kontext import ebenen

    df = lesen(GLIEDERUNG, "daten/sgb2_gliederung.csv")
    assert ebenen(df).tolist() == [0, 1, 1, 1, 0, 1, 0]
    assert ebenen(df.set_index("Gebiet")).loc["Opladen"] == 1


def test_anmerkungen_drucken_nach_begleitdatei(tmp_path):
    import shutil

    shutil.copy(GLIEDERUNG, tmp_path / "g.csv")
    definition = Definition("tabelle", "t", lambda k: None)
    for art, erwartet in (("alle", ["1) vorläufige Werte"]), ("keine", [])):
        (tmp_path / "g.toml").write_text(f'anmerkungen = "{art}"\n', encoding="utf-8")
        t = formatieren(lesen(tmp_path / "g.csv", "g.csv"), definition, Beschriftung("T"))
        assert [a for a in t.anmerkungen if not a.startswith("Zeichenerklärung")] == erwartet


def test_ebenen_aus_einer_spalte(tmp_path):
    (tmp_path / "e.csv").write_text("Gebiet;Ebene;Wert\nStadt;0;10\nNord;1;4\nSüd;1;6\n", encoding="utf-8")
    (tmp_path / "e.toml").write_text('ebene = "Ebene"\n', encoding="utf-8")
    assert herkunft(lesen(tmp_path / "e.csv", "e.csv")).ebenen == {"Nord": 1, "Süd": 1}
