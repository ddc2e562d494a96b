"""Headers of several rows fold into two levels (group, entry): what each column is called, how a
data staffer addresses it in Python and in the sidecar's checks, and that no header entry is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berichtsgen.berechnung.daten import herkunft, lesen
from berichtsgen.berechnung.genesis import eindeutig
from berichtsgen.berechnung.kopf import kopf_falten, spalte_finden, spaltenname
from berichtsgen.berechnung.register import Definition, Summe
from berichtsgen.berechnung.tabellen import formatieren, summen_pruefen
from berichtsgen.fehler import DatenFehler
from berichtsgen.inhalt.modell import Beschriftung


@pytest.mark.parametrize(
    ("kopf", "erwartet"),
    [
        # a date over the sexes (12411-01-01-4): the Vorspalte is named once
        (
            [["", "", "31.12.2015", "31.12.2015"], ["", "", "Insgesamt", "weiblich"]],
            [("", ""), ("", ""), ("31.12.2015", "Insgesamt"), ("31.12.2015", "weiblich")],
        ),
        # a merged cell exported once ("2000;;;2001;;"): it spans the empty fields of the top row
        (
            [["Bezirk", "2000", "", "2001", ""], ["", "insgesamt", "weiblich", "insgesamt", "weiblich"]],
            [
                ("Bezirk", ""),
                ("2000", "insgesamt"),
                ("2000", "weiblich"),
                ("2001", "insgesamt"),
                ("2001", "weiblich"),
            ],
        ),
        # three rows (21111-02-06-4): a row alike over all columns joins the group
        (
            [
                ["", "Absolvierende", "Absolvierende", "Absolvierende"],
                ["", "Insgesamt", "Insgesamt", "ohne"],
                ["", "Insgesamt", "weiblich", "Insgesamt"],
            ],
            [
                ("", ""),
                ("Absolvierende, Insgesamt", "Insgesamt"),
                ("Absolvierende, Insgesamt", "weiblich"),
                ("Absolvierende, ohne", "Insgesamt"),
            ],
        ),
        # an empty lower field means the total, and is not filled from the left (13211-02-05-4);
        # the unit row follows the statistic and joins the entry
        (
            [
                ["", "Arbeitslose", "Arbeitslose", "Quote"],
                ["", "", "Frauen", ""],
                ["", "Anzahl", "Anzahl", "Prozent"],
            ],
            [("", ""), ("Arbeitslose", "Anzahl"), ("Arbeitslose", "Frauen, Anzahl"), ("Quote", "Prozent")],
        ),
        # a statistic over its unit: two rows are always (group, entry)
        (
            [["", "Pflegebedürftige", "ambulant"], ["", "Anzahl", "Anzahl"]],
            [("", ""), ("Pflegebedürftige", "Anzahl"), ("ambulant", "Anzahl")],
        ),
        # a Vorspalte named in the lowest row only
        (
            [["", "Geschlecht", ""], ["Kreise", "Anzahl", "Anzahl"]],
            [("Kreise", ""), ("Geschlecht", "Anzahl"), ("Geschlecht", "Anzahl")],
        ),
        # a header cell broken over two lines in Excel
        ([["", "2023"], ["Land", "Personal-\nausgaben"]], [("Land", ""), ("2023", "Personalausgaben")]),
    ],
)
def test_kopf_falten(kopf, erwartet):
    assert kopf_falten(kopf) == erwartet


def test_gleiche_adressen_werden_nummeriert():
    namen = [("Spalte 1", ""), ("Index", "2020=100"), ("Index", "2020=100"), ("Index", "in %")]
    assert eindeutig(namen) == [
        ("Spalte 1", ""),
        ("Index", "2020=100 (2)"),
        ("Index", "2020=100 (3)"),
        ("Index", "in %"),
    ]
    assert eindeutig([("A", ""), ("A", "")]) == [("A (1)", ""), ("A (2)", "")]


_EINTRAG = st.sampled_from(["Insgesamt", "männlich", "weiblich", "Anzahl", "2021", "2022", "", "Quote"])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(_EINTRAG, min_size=n, max_size=n), min_size=2, max_size=4)
    )
)
def test_gefaltet_geht_kein_eintrag_verloren(kopf):
    """Every entry of a column's header rows stays in its group or entry, in the order written;
    group and entry are never the same text and an entry is never empty where there is a group."""
    namen = kopf_falten(kopf)
    oben = list(kopf[0])
    for j, feld in enumerate(oben):  # what the fold fills in: a merged cell of the top row
        if not feld and j and oben[j - 1] and any(z[j] for z in kopf[1:]):
            oben[j] = oben[j - 1]
    for j, (gruppe, eintrag) in enumerate(namen):
        felder = [f for f in [oben[j]] + [z[j] for z in kopf[1:]] if f]
        assert bool(gruppe) == bool(felder)
        assert not (gruppe and eintrag == "" and len(set(felder)) > 1)
        text = ", ".join(t for t in (gruppe, eintrag) if t)
        assert all(f in text.split(", ") for f in felder), (kopf, namen[j])
    adressen = eindeutig(namen)
    assert len(set(adressen)) == len(adressen)


def test_spaltenname_und_spalte_finden():
    df = pd.DataFrame(columns=pd.MultiIndex.from_tuples([("Gebiet", ""), ("2023", "weiblich")]))
    assert [spaltenname(c) for c in df.columns] == ["Gebiet", "2023 | weiblich"]
    assert spalte_finden(df, "2023 | weiblich") == ("2023", "weiblich")
    assert spalte_finden(df, ["2023", "weiblich"]) == ("2023", "weiblich")  # as TOML writes it
    assert spalte_finden(df, "Gebiet") == ("Gebiet", "")
    assert spalte_finden(df, "weiblich") is None
    assert spaltenname("Einwohner") == "Einwohner"


ZWEIZEILIG = (
    "Gebiet;2023;2023;2023\n;Insgesamt;männlich;weiblich\nNord;30;14;16\nSüd;20;9;11\nInsgesamt;50;23;27\n"
)


def test_zweizeiliger_kopf_einer_excel_csv_in_python(tmp_path: Path):
    datei = tmp_path / "b.csv"
    datei.write_text(ZWEIZEILIG, encoding="utf-8")
    df = lesen(datei, "b.csv")
    assert list(df.columns) == [
        ("Gebiet", ""),
        ("2023", "Insgesamt"),
        ("2023", "männlich"),
        ("2023", "weiblich"),
    ]
    assert df["Gebiet"].tolist() == ["Nord", "Süd", "Insgesamt"]  # the Vorspalte as before
    assert df[("2023", "weiblich")].tolist() == [16, 11, 27]
    assert df["2023"]["weiblich"].tolist() == [16, 11, 27]
    assert df.xs("männlich", axis=1, level=1).iloc[:, 0].tolist() == [14, 9, 23]
    assert df.set_index("Gebiet").loc["Süd", ("2023", "Insgesamt")] == 20
    assert "Kopfzeile in Zeile 2; Kopf zweistufig (Gruppe | Eintrag)" in herkunft(df).erkannt


def test_pruefungen_und_summen_nennen_die_spalte_gruppe_und_eintrag(tmp_path: Path):
    datei = tmp_path / "b.csv"
    datei.write_text(ZWEIZEILIG, encoding="utf-8")
    (tmp_path / "b.toml").write_text(
        '[[pruefung]]\nart = "nicht_negativ"\nspalten = ["2023 | weiblich", ["2023", "männlich"]]\n'
        '[[pruefung]]\nart = "summe"\ngesamt = "2023 | Insgesamt"\nteile = ["2023 | männlich", "2023 | weiblich"]\n',
        encoding="utf-8",
    )
    ergebnisse = herkunft(lesen(datei, "b.csv")).pruefergebnisse
    assert [(e.art, e.ok, e.zellen) for e in ergebnisse] == [("nicht_negativ", True, 6)] + [
        ("summe", True, 3)
    ] * 3
    (tmp_path / "b.toml").write_text(
        '[[pruefung]]\nart = "nicht_negativ"\nspalten = ["weiblich"]\n', encoding="utf-8"
    )
    with pytest.raises(
        DatenFehler,
        match=re.escape("Unter einem zweistufigen Kopf heißt sie mit ihrer Gruppe: „2023 | weiblich“."),
    ):
        lesen(datei, "b.csv")
    (tmp_path / "b.toml").unlink()
    df = lesen(datei, "b.csv")
    warnungen, berichte = summen_pruefen(df, (Summe("Insgesamt", ["Nord", "Süd"], ["2023 | weiblich"]),), "t")
    assert warnungen == [] and berichte == [
        "„Insgesamt“ = „Nord“ + „Süd“: in Ordnung (1 Vergleich, 3 Zellen)"
    ]


def test_nachkommastellen_nach_gruppe_und_eintrag():
    spalten = pd.MultiIndex.from_tuples([("Gebiet", ""), ("2023", "Anteil"), ("2024", "Anteil")])
    df = pd.DataFrame([["Nord", 12.345, 12.345]], columns=spalten)
    definition = Definition("tabelle", "t", lambda k: None, nachkommastellen={"2024 | Anteil": 2})
    t = formatieren(df, definition, Beschriftung("T"))
    assert t.zeilen[0] == ["Nord", "12,3", "12,35"]
