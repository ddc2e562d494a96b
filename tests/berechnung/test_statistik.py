"""Signs belong to cells (issue 20, point 1): the `statistik` column type and the DIN 55301 rule.

A frame read from a statistics office's export keeps each cell's sign by position through what
data staff do with it, and arithmetic follows the rule in the README ("Zeichen beim Rechnen"):
an unknown or locked operand gives no number but the strongest sign, "–" counts as 0, marks stay
only on unchanged values, a division by 0 is "x". The rule is checked on examples and on random
sequences of operations against a model written here cell by cell.
"""

from __future__ import annotations

import math
import operator

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berichtsgen.berechnung.kontext import zeichen
from berichtsgen.berechnung.register import Definition
from berichtsgen.berechnung.statistik import STAERKE, StatistikArray, Wert
from berichtsgen.berechnung.tabellen import formatieren
from berichtsgen.berechnung.zeichen import zelle_lesen
from berichtsgen.inhalt.modell import Beschriftung


def _spalte(*texte: str) -> pd.Series:
    return pd.Series(StatistikArray.aus_zellen([zelle_lesen(t) for t in texte]))


def _gedruckt(df: pd.DataFrame) -> list[list[str]]:
    return formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T")).zeilen


def _genesis() -> pd.DataFrame:
    """The shape that broke the label-keyed signs: the first column is "31.12." in every row."""
    return pd.DataFrame(
        {
            "Stichtag": ["31.12."] * 3,
            "Schlüssel": ["09998", "09998001", "09998002"],
            "Gemeinde": ["Landkreis", "Altdorf", "Neustadt"],
            "2021": _spalte("251.034", "-", "1.234"),
            "2022": _spalte("252.410", "-", "."),
            "2023": _spalte("253.377", "-", "1.301 p"),
        }
    )


def test_zeichen_bleiben_bei_der_zelle_auch_bei_gleicher_beschriftung():
    df = _genesis()
    assert [z[3:] for z in _gedruckt(df)] == [
        ["251.034", "252.410", "253.377"],
        ["–", "–", "–"],
        ["1.234", ".", "1.301\u00a0p"],
    ]


@pytest.mark.parametrize(
    "umformen",
    [
        pytest.param(lambda df: df.rename(columns={"2022": "Jahr 2022"}), id="rename"),
        pytest.param(lambda df: df.set_index("Gemeinde").reset_index(), id="set_index-reset_index"),
        pytest.param(lambda df: df.sort_values("2021", ascending=False), id="sortieren"),
        pytest.param(lambda df: df[df["Gemeinde"] != "Landkreis"], id="filtern"),
        pytest.param(lambda df: df[["Gemeinde", "2022", "2023"]], id="spalten-auswaehlen"),
        pytest.param(
            lambda df: df.set_index("Gemeinde")[["2021", "2022", "2023"]].T.T.reset_index(),
            id="transponieren",
        ),
        pytest.param(lambda df: pd.concat([df.iloc[[2]], df.iloc[[1]]]), id="concat"),
        pytest.param(
            lambda df: df[["Schlüssel", "Gemeinde"]].merge(df[["Schlüssel", "2022"]], on="Schlüssel"),
            id="merge",
        ),
    ],
)
def test_zeichen_ueberstehen_was_datenleute_mit_dem_frame_tun(umformen):
    df = _genesis()
    vorher = zeichen(df).set_axis(df["Gemeinde"]).to_dict()
    nachher_df = umformen(df)
    nachher = zeichen(nachher_df)
    nachher.index = nachher_df["Gemeinde"].tolist()
    for spalte in nachher.columns:
        quelle = "2022" if spalte == "Jahr 2022" else spalte
        if quelle not in vorher:
            continue
        for gemeinde, z in nachher[spalte].items():
            assert z == vorher[quelle][gemeinde], (spalte, gemeinde)


def test_transponiert_gedruckt_wie_geschrieben():
    df = _genesis().set_index("Gemeinde")[["2021", "2022", "2023"]]
    gedreht = df.T
    assert [z[1:] for z in _gedruckt(gedreht)] == [
        ["251.034", "–", "1.234"],
        ["252.410", "–", "."],
        ["253.377", "–", "1.301\u00a0p"],
    ]


def test_gemischt_transponiert_behaelt_die_zeichen_als_werte():
    df = _genesis()[["Gemeinde", "2022"]].T  # text and numbers: a frame of Python objects
    assert df.iloc[1].tolist()[2].zeichen == "."
    assert _gedruckt(df.reset_index())[1][1:] == ["252.410", "–", "."]


def test_berechnet_aus_unbekannt_ist_unbekannt_nie_strich():
    df = _genesis()
    df["Veränderung"] = df["2023"] - df["2021"]
    df["in %"] = (df["2023"] - df["2021"]) / df["2021"] * 100
    df["Anteil 2022"] = df["2022"] / df["2022"].iloc[0] * 100
    gedruckt = {z[2]: z[6:] for z in _gedruckt(df)}
    assert gedruckt["Neustadt"] == ["67", "5,4", "."]  # 2023 is "1.301 p": computed, no mark
    # Altdorf: "–" counts as 0; 0 − 0 is exactly nothing; 0 / 0 has no meaningful value
    assert gedruckt["Altdorf"] == ["–", "x", "–"]
    assert gedruckt["Landkreis"] == ["2.343", "0,9", "100,0"]


def test_zeichenerklaerung_nennt_genau_die_gedruckten_zeichen_im_wortlaut_der_din():
    df = _genesis()
    df["in %"] = df["2023"] / df["2021"] * 100
    t = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T"))
    assert t.anmerkungen == [
        "Zeichenerklärung: – = nichts vorhanden; . = Zahlenwert unbekannt oder geheim zu halten; "
        "x = Tabellenfach gesperrt, weil Aussage nicht sinnvoll; p = vorläufige Zahl"
    ]


def test_null_nur_wo_quelle_oder_rundung_sie_sagen():
    df = pd.DataFrame({"Bezirk": ["a", "b", "c"], "Wert": _spalte("0", "-", "7")})
    df["Hälfte"] = df["Wert"] * 0.004
    gedruckt = _gedruckt(df)
    assert [z[1] for z in gedruckt] == ["0", "–", "7"]  # the file's 0 and "–" as written
    assert [z[2] for z in gedruckt] == ["–", "–", "0,0"]  # computed: 0 is nothing, 0,028 rounds to 0
    erklaerung = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T")).anmerkungen[0]
    assert "0 = weniger als die Hälfte von 1" in erklaerung and "– = nichts vorhanden" in erklaerung


def test_leere_zelle_der_datei_bleibt_leer():
    df = pd.DataFrame({"Bezirk": ["a", "b"], "Wert": _spalte("", "5")})
    assert _gedruckt(df) == [["a", ""], ["b", "5"]]
    df["doppelt"] = df["Wert"] * 2
    assert _gedruckt(df)[0] == ["a", "", "."]  # computed from nothing known: unknown, never "–"


def test_summen_und_gruppen_folgen_der_regel():
    df = pd.DataFrame({"Kreis": ["A", "A", "B", "B"], "Wert": _spalte("5", ".", "3", "-")})
    assert df["Wert"].sum().zeichen == "."
    je_kreis = df.groupby("Kreis")["Wert"].sum()
    assert zeichen(je_kreis.to_frame())["Wert"].tolist() == [".", ""]
    assert je_kreis.tolist()[1] == 3
    breit = pd.DataFrame({"a": _spalte("1", "x"), "b": _spalte(".", "2")})
    assert zeichen(breit.sum(axis=1).to_frame())[0].tolist() == [".", "x"]


def test_ganze_zahlen_bleiben_ganz_in_rechnungen():
    df = pd.DataFrame({"Merkmal": ["Anzahl", "Anteil"], "value": _spalte("12890", "15,7")})
    df["doppelt"] = df["value"] * 2
    df["halb"] = df["value"] / 2
    assert [z[1:] for z in _gedruckt(df)] == [["12.890", "25.780", "6.445,0"], ["15,7", "31,4", "7,9"]]


def test_einzelwert_traegt_sein_zeichen_weiter():
    wert = _genesis().set_index("Gemeinde").loc["Neustadt", "2022"]
    assert isinstance(wert, Wert) and math.isnan(wert) and wert.zeichen == "."
    assert (wert + 1).zeichen == "." and (2 * wert).zeichen == "."
    plain = _genesis().set_index("Gemeinde").loc["Neustadt", "2021"]
    assert plain == 1234 and isinstance(plain + 1, int)


def test_gewoehnlicher_pandas_code_funktioniert():
    df = _genesis()
    assert df["2021"].astype(float).tolist()[0] == 251034.0
    assert np.isnan(df["2022"].to_numpy()[2])
    assert df["2021"].max() == 251034 and df["2021"].mean() == pytest.approx((251034 + 1234) / 3)
    assert df["2022"].fillna(0).tolist()[2] == 0
    assert df[df["2021"] > 1000]["Gemeinde"].tolist() == ["Landkreis", "Neustadt"]
    assert df["2021"].round(0).tolist()[0] == 251034
    assert df.describe().loc["count", "2021"] == 3
    lang = df.melt(id_vars=["Gemeinde"], value_vars=["2021", "2022"])
    assert zeichen(lang)["value"].tolist() == ["", "–", "", "", "–", "."]


# --- the rule on random sequences of operations --------------------------------------------

_ZELLTEXTE = st.one_of(
    st.integers(-5000, 5000).map(lambda z: f"{z:,}".replace(",", ".")),
    st.sampled_from(["-", ".", "...", "/", "x", "(12)", "1.234 p", "7 r", "0", "15,7", "0,0"]),
)


def _modell(text: str) -> tuple[float, str]:
    """A cell as the rule sees it: (value, sign of a missing value)."""
    z = zelle_lesen(text)
    if z.zeichen and z.zeichen != "–":
        return math.nan, z.zeichen
    return float(z.wert), ""


def _staerker(a: str, b: str) -> str:
    return max(a, b, key=STAERKE.index)


_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _modell_op(op: str, a: tuple[float, str], b: tuple[float, str]) -> tuple[float, str]:
    zeichen_ = _staerker(a[1], b[1])
    if zeichen_:
        return math.nan, zeichen_
    if op == "/" and b[0] == 0 and not math.isnan(a[0]):
        return math.nan, "x"
    if op == "/" and (math.isnan(a[0]) or math.isnan(b[0]) or b[0] == 0):
        return math.nan, ""
    return _OPS[op](a[0], b[0]), ""


@settings(max_examples=150, deadline=None)
@given(
    zeilen=st.lists(st.tuples(_ZELLTEXTE, _ZELLTEXTE), min_size=1, max_size=8),
    schritte=st.lists(
        st.tuples(st.sampled_from(["+", "-", "*", "/"]), st.sampled_from(["a", "b", "k"])),
        min_size=1,
        max_size=4,
    ),
    konstante=st.integers(-3, 3),
    umstellen=st.sampled_from(["nichts", "sortieren", "umkehren", "filtern", "transponieren"]),
)
def test_zufaellige_rechnungen_geben_die_zeichen_der_regel(zeilen, schritte, konstante, umstellen):
    df = pd.DataFrame({"a": _spalte(*[a for a, _ in zeilen]), "b": _spalte(*[b for _, b in zeilen])})
    modell = {"a": [_modell(a) for a, _ in zeilen], "b": [_modell(b) for _, b in zeilen]}
    ergebnis, erwartet = df["a"], list(modell["a"])
    for op, rechts in schritte:
        if rechts == "k":
            ergebnis = _OPS[op](ergebnis, konstante)
            erwartet = [_modell_op(op, e, (float(konstante), "")) for e in erwartet]
        else:
            ergebnis = _OPS[op](ergebnis, df[rechts])
            erwartet = [_modell_op(op, e, m) for e, m in zip(erwartet, modell[rechts], strict=True)]
    rahmen = pd.DataFrame({"Zeile": range(len(zeilen)), "Ergebnis": ergebnis})
    if umstellen == "sortieren":
        rahmen = rahmen.sort_values("Ergebnis", kind="stable")
    elif umstellen == "umkehren":
        rahmen = rahmen.iloc[::-1]
    elif umstellen == "filtern":
        rahmen = rahmen[rahmen["Zeile"] % 2 == 0]
    elif umstellen == "transponieren":
        rahmen = rahmen.set_index("Zeile")[["Ergebnis"]].T.T.reset_index()
    gesehen = zeichen(rahmen)["Ergebnis"].tolist()
    werte = rahmen["Ergebnis"].tolist()
    for zeile, z, w in zip(rahmen["Zeile"].tolist(), gesehen, werte, strict=True):
        wert, sign = erwartet[zeile]
        assert z == sign, (zeile, zeilen[zeile], schritte)
        if sign or math.isnan(wert):
            assert pd.isna(w)
        else:
            assert w == pytest.approx(wert, rel=1e-9, abs=1e-9)


def test_textfunktionen_drucken_das_zeichen_eines_fehlenden_werts():
    from berichtsgen.berechnung.format import prozent, prozentpunkte, veraenderung_prozent, zahl

    df = _genesis().set_index("Gemeinde")
    unbekannt = df.loc["Neustadt", "2022"]
    gesperrt = (df["2021"] / df["2022"]).loc["Altdorf"]  # 0 / 0
    assert zahl(unbekannt) == "." and prozent(gesperrt) == "x"
    assert veraenderung_prozent(unbekannt, 5) == "." and veraenderung_prozent(5, 0) == "x"
    assert prozentpunkte(unbekannt, gesperrt) == "x"  # the stronger sign
    assert zahl(float("nan")) == "."  # unknown, never "–" (nichts vorhanden)


def test_leere_textzelle_bleibt_leer_fehlende_zahl_ist_unbekannt():
    df = pd.DataFrame({"Gebiet": ["a", "b"], "WZ-Code": ["A", None], "Wert": [1.5, None]})
    assert _gedruckt(df) == [["a", "A", "1,5"], ["b", "", "."]]


def test_summenpruefung_nennt_das_zeichen_auch_nach_umbenennen():
    from berichtsgen.berechnung.register import Summe
    from berichtsgen.berechnung.tabellen import summen_pruefen

    df = pd.DataFrame(
        {"Gebiet": ["a", "b", "Insgesamt"], "Wert": _spalte("5", ".", "9"), "Fläche": _spalte("1", "2", "3")}
    )
    df = df.rename(columns={"Wert": "Anzahl"}).sort_values("Gebiet", ascending=False)
    warnungen, _berichte = summen_pruefen(df, (Summe("Insgesamt", ["a", "b"]),), "t")
    assert len(warnungen) == 1
    assert "„b“, Spalte „Anzahl“: „.“ (Zahlenwert unbekannt oder geheim zu halten)" in warnungen[0].meldung


def test_strich_im_text_bleibt_strich():
    from berichtsgen.berechnung.format import zahl

    nichts = _genesis().set_index("Gemeinde").loc["Altdorf", "2021"]
    assert zahl(nichts) == "–" and nichts == 0  # counts as 0, prints as nothing
    assert zahl(nichts + 0) == "0"  # computed: a number


def test_ganze_zahlen_neben_einem_unbekannten_skalar_bleiben_ganz():
    """Found in a user's trial: scalars in a dict, one of them the "." of a sum, then transposed –
    pandas makes every count a float."""
    s = _spalte("17.414", ".")
    df = pd.DataFrame({"Regelleistung": {"Gemeinden": s.iloc[0], "Kreis": 460, "Summe": s.sum()}}).T
    assert _gedruckt(df) == [["Regelleistung", "17.414", "460", "."]]


def test_leere_spalte_der_datei_ist_eine_zahlenspalte(tmp_path):
    from berichtsgen.berechnung.daten import lesen

    datei = tmp_path / "j.csv"
    datei.write_text("Bezirk;2023;2024\nNord;5;\nSüd;7;\n", encoding="utf-8")
    df = lesen(datei, "j.csv")
    assert str(df["2024"].dtype) == "statistik"
    df["Veränderung"] = df["2024"] - df["2023"]
    assert _gedruckt(df) == [["Nord", "5", "", "."], ["Süd", "7", "", "."]]
