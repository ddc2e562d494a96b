"""One comparison of totals with their parts, for `summen=` and `[[pruefung]] summe` alike."""

from __future__ import annotations

import pandas as pd

from berichtsgen.berechnung.summen import vergleichen


def test_summe_als_zeile_in_jeder_zahlenspalte():
    df = pd.DataFrame(
        {"Bezirk": ["Nord", "Süd", "Insgesamt"], "Einwohner": [1, 2, 3], "Fläche": [1.5, 1, 2.4]}
    )
    v = vergleichen(df, "Insgesamt", ["Nord", "Süd"])
    assert [(x.wo, x.ok) for x in v] == [("Spalte „Einwohner“", True), ("Spalte „Fläche“", False)]
    assert v[1].beschriftungen == ("Fläche", "Insgesamt") and v[1].summe == 2.5


def test_summe_als_spalte_in_jeder_zeile_mit_toleranz():
    df = pd.DataFrame({"Jahr": [2017, 2018], "Summe": [10, 11], "a": [4, 5], "b": [6, 5]})
    assert [x.ok for x in vergleichen(df, "Summe", ["a", "b"])] == [True, False]
    assert [x.ok for x in vergleichen(df, "Summe", ["a", "b"], toleranz=1)] == [True, True]


def test_zeilen_und_spalten_gleich_benannt_werden_beide_verglichen():
    df = pd.DataFrame({"Merkmal": ["a", "b", "Summe"], "a": [1, 2, 3], "b": [3, 4, 7], "Summe": [4, 6, 10]})
    assert len(vergleichen(df, "Summe", ["a", "b"])) == 3 + 3


def test_zeichen_und_luecken_werden_nicht_verglichen_und_unbekanntes_ist_none():
    df = pd.DataFrame({"B": ["x", "y", "Gesamt"], "W": [1, None, 5], "T": [".", "1", "2"]}, dtype="object")
    (v,) = vergleichen(df, "Gesamt", ["x", "y"])  # the text column T is no comparison
    assert (v.wo, v.pruefbar, v.fehlend) == ("Spalte „W“", False, (("y", "W"),))
    assert vergleichen(df, "Gesamt", ["z"]) is None
