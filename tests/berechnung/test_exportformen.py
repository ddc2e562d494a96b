"""Generated tables, written in each export shape and encoding, read and printed back equal.

Hypothesis draws a table – names with a hierarchy by indentation, region keys with leading zeros
("DG", "05", "05111", "05978024", "JH05166016", "11000000"), values in German notation with
thousands points and decimal comma, negative numbers, the signs "-", ".", "...", "/", "x",
parenthesised values, marks "p", "r", "s" and footnote marks "1)", note lines below – and writes it
in the shapes of the real exports in `../shared/fixtures/statistik/` (copied from them, see each
writer), in cp1252, UTF-8 and UTF-8 with BOM, with LF or CRLF. `daten.lesen` reads the file,
`tabellen.formatieren` prints it, and every printed body cell must be what was written, by the
normalisation of the oracle (the docstring of `orakel.py`): the same rule as for the real files.

A shape that fails today is marked `xfail(strict=True)` with what Hypothesis found; the run is
derandomised (the same examples every time), so the mark is stable until a fix makes it pass.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from orakel import Gedruckt, Zelle, _quelle, einordnen, normal, vergleichen

from berichtsgen.berechnung.daten import lesen
from berichtsgen.berechnung.register import Definition
from berichtsgen.berechnung.tabellen import formatieren
from berichtsgen.inhalt.modell import Beschriftung

EINSTELLUNGEN = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("SCHRUMPFEN") else []),
    suppress_health_check=[HealthCheck.too_slow],
)
"""Short runs, the same examples every time, nothing written into the project. Shrinking a failure
to its smallest example takes long: `SCHRUMPFEN=1 pytest --runxfail …` does it."""

KODIERUNGEN = ("cp1252", "utf-8", "utf-8-sig")
ZEILENENDEN = ("\n", "\r\n")

# --- drawing a table -----------------------------------------------------------------------------

_WOERTER = ["Altdorf", "Neustadt", "Bürgel", "Groß Ölbach", "Münster-Land", "Straße", "Süd", "Weißenfels"]
_ZUSATZ = ["", ", Stadt", ", Kreis", ", krfr. Stadt", ", Landkreis", " (neu ab 01.01.2012)"]


@st.composite
def namen(draw) -> str:
    """A region name as the exports write it: indented 0/2/4/6 spaces for its level."""
    einzug = draw(st.sampled_from(["", "  ", "    ", "      "]))
    wort = " ".join(draw(st.lists(st.sampled_from(_WOERTER), min_size=1, max_size=2)))
    return einzug + wort + draw(st.sampled_from(_ZUSATZ))


schluessel = st.one_of(
    st.just("DG"),
    st.from_regex(r"\A0[1-9]\Z"),
    st.from_regex(r"\A0[1-9][0-9]\Z"),
    st.from_regex(r"\A0[1-9][0-9]{3}\Z"),
    st.from_regex(r"\A0[1-9][0-9]{6}\Z"),
    st.from_regex(r"\AJH0[1-9][0-9]{6}\Z"),
    st.just("11000000"),
)
"""Region keys (AGS/ARS, Jugendamt codes): text with leading zeros."""


def deutsch(ganz: int, dez: str, punkte: bool) -> str:
    """`ganz` and the decimals `dez` in German notation, with or without thousands points."""
    text = f"{abs(ganz):,}".replace(",", ".") if punkte else str(abs(ganz))
    return ("-" if ganz < 0 else "") + text + ("," + dez if dez else "")


@st.composite
def zahlen(draw, stellen: int, punkte: bool, negativ: bool = True) -> str:
    ganz = draw(st.integers(-99_999 if negativ else 0, 99_999_999))
    dez = draw(st.text("0123456789", min_size=stellen, max_size=stellen))
    if ganz == 0 and dez.strip("0") == "" and negativ:
        ganz = abs(ganz)  # "-0" is no number an office writes
    return deutsch(ganz, dez, punkte)


ARTEN = {
    "zahlen": ("zahl", "null"),
    "zeichen": ("zahl", "zeichen"),
    "klammern_und_marken": ("zahl", "klammer", "marke", "fussnote"),
    "leere_zellen": ("zahl", "leer"),
}
"""The kinds of value cells drawn together: each set is a test of its own, so that what works
today is held and what does not is told apart."""


@st.composite
def werte(draw, stellen: int, punkte: bool, arten: tuple[str, ...]) -> str:
    """One value cell as written: a number ("zahl", "null"), a sign, a value in parentheses, a
    number with a mark or a footnote mark, or empty – of the kinds `arten`, numbers the most."""
    art = draw(st.sampled_from([a for a in arten for _ in range(4 if a == "zahl" else 1)]))
    if art == "zeichen":
        return draw(st.sampled_from(["-", ".", "...", "/", "x"]))
    if art == "leer":
        return ""
    if art == "null":
        return "0" if not stellen else "0," + "0" * stellen
    zahl = draw(zahlen(stellen, punkte, negativ=art == "zahl"))
    if art == "klammer":
        return f"({zahl})"
    if art == "marke":
        return f"{zahl} {draw(st.sampled_from('prs'))}"
    if art == "fussnote":
        return f"{zahl} {draw(st.integers(1, 9))})"
    return zahl


@dataclass
class Tabelle:
    gruppen: list[str]
    """Column groups (the upper header row): "Insgesamt", "männlich", …"""
    unter: list[str]
    """Columns under each group (the lower header row): years, attributes."""
    zeilen: list[tuple[str, str, list[str]]]
    """Rows: key, name (indented), the value cells as written."""
    anmerkungen: list[str]
    stichtag: bool
    """A leading date column "31.12.2023" (as 22411-02-03-4, 13211-02-05-4)."""
    leerer_code: bool
    """A flat file's total has an empty attribute code (as 12411-03iz_flat.csv): with empty cells."""

    @property
    def spalten(self) -> list[tuple[str, str]]:
        return [(g, u) for g in self.gruppen for u in self.unter]


@st.composite
def tabellen(draw, arten: tuple[str, ...], punkte: bool = False) -> Tabelle:
    gruppen = draw(
        st.lists(
            st.sampled_from(["Insgesamt", "männlich", "weiblich", "Deutsche", "Ausländer"]),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    unter = draw(
        st.lists(
            st.sampled_from(["2021", "2022", "2023", "Anzahl", "Prozent"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    breite = len(gruppen) * len(unter)
    stellen = draw(st.lists(st.integers(0, 2), min_size=breite, max_size=breite))
    n = draw(st.integers(1, 8))
    zeilen = []
    for _ in range(n):
        zellen = [draw(werte(s, punkte, arten)) for s in stellen]
        zeilen.append((draw(schluessel), draw(namen()), zellen))
    # every value column holds a number somewhere (else it is a column of text, see orakel.py)
    for j, s in enumerate(stellen):
        if not any(einordnen(z[2][j]).art in ("Zahl", "Marke") for z in zeilen):
            zeilen[0][2][j] = draw(zahlen(s, punkte))
    anmerkungen = draw(
        st.lists(
            st.sampled_from(["Gebietsstand 01.01.2024", "Ergebnisse vorläufig.", "1) geschätzt"]), max_size=2
        )
    )
    return Tabelle(gruppen, unter, zeilen, anmerkungen, draw(st.booleans()), "leer" in arten)


# --- writing it as the offices do ----------------------------------------------------------------


def _zeilen(zeilen: list[str], ende: str, letzte: bool = True) -> str:
    return ende.join(zeilen) + (ende if letzte else "")


def _feld(text: str) -> str:
    """A CSV field, quoted (with doubled quotes) where it holds ; " or a line break."""
    return '"' + text.replace('"', '""') + '"' if any(z in text for z in ';"\n') else text


def tabelle_als_csv(t: Tabelle, ende: str, neu: bool) -> tuple[str, list[list[str]], list[list[Zelle]]]:
    """The Regionaldatenbank / GENESIS "Tabelle als CSV" (12411-01-01-4.csv, 13211-02-05-4.csv of
    2026 with "Tabelle:", 22517-02i.csv of IT.NRW): title lines padded with ";" to the width,
    header rows behind empty leading fields, rows "date;key;  name;…", then "__________", a quoted
    note block, the © block, "Stand: …"."""
    vorn = 3 if t.stichtag else 2
    breite = vorn + len(t.spalten)
    pad = ";" * (breite - 1)
    code = "13211-02-05-4" if neu else "12411-01-01-4"
    zeilen = [
        f"Tabelle: {code}" if neu else f"GENESIS-Tabelle: {code}",
        "Bevölkerungsstand: Bevölkerung nach Geschlecht" + pad,
        "- Stichtag 31.12. -" + pad,
        "regionale Tiefe: Kreise und krfr. Städte" + pad,
        "Fortschreibung des Bevölkerungsstandes" + pad,
        "Bevölkerungsstand (Anzahl)" + pad,
    ]
    kopf = [[""] * vorn + [g for g, _ in t.spalten], [""] * vorn + [u for _, u in t.spalten]]
    zeilen += [";".join(k) for k in kopf]
    koerper = []
    for key, name, zellen in t.zeilen:
        vorspalten = (["31.12.2023"] if t.stichtag else []) + [key, name]
        zeilen.append(";".join(vorspalten + zellen))
        koerper.append([einordnen(v, True) for v in vorspalten] + [einordnen(z) for z in zellen])
    zeilen.append("__________")
    if t.anmerkungen:
        zeilen.append(_feld('zu "gesamte Tabelle":\n' + "\n".join(t.anmerkungen)))
    if neu:  # IT.NRW 2025/26: a Quelle line, the © line unquoted on one line
        zeilen.append(_feld("Quelle: Statistik der Bundesagentur für Arbeit,\nDatenabruf Juli 2024"))
        zeilen.append(
            "© IT.NRW, Düsseldorf, 2026. Dieses Werk ist lizenziert unter der Datenlizenz Deutschland - "
            "Namensnennung - Version 2.0."
        )
    else:
        zeilen.append(
            _feld(
                "© Statistische Ämter des Bundes und der Länder, Deutschland, 2024.\nDieses Werk ist "
                "lizenziert unter der Datenlizenz Deutschland\n- Namensnennung - Version 2.0."
            )
        )
    zeilen.append("Stand: 12.03.2024 / 10:21:35")
    return _zeilen(zeilen, ende), kopf, koerper


_FLAT_NEU = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
    "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
    "2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;"
    "value_variable_label;value_q"
)
"""The header of 61111-0002_de_flat.csv (ffcsv, 2024)."""


def flat_neu(t: Tabelle, ende: str, q: list[str]) -> tuple[str, list[list[str]], list[list[Zelle]]]:
    """The GENESIS flat file (ffcsv), one value per row, as 61111-0002_de_flat.csv: `value` with its
    quality flag `value_q` ("e", a mark, empty beside a sign)."""
    kopf = _FLAT_NEU.split(";")
    zeilen, koerper, n = [_FLAT_NEU], [], 0
    for key, name, zellen in t.zeilen:
        for (gruppe, unter), wert in zip(t.spalten, zellen, strict=True):
            marke = "" if einordnen(wert).art in ("Zeichen", "leer") else q[n % len(q)]
            n += 1
            jahr = unter if unter.isdigit() else "2023"
            einheit = unter if not unter.isdigit() else "Anzahl"
            code = "" if gruppe == "Insgesamt" and t.leerer_code else "GES" + gruppe[:3].upper()
            felder = [
                "12411", "Fortschreibung des Bevölkerungsstandes", "JAHR", "Jahr", jahr,
                "KREISE", "Kreise und krfr. Städte", key, name, "GES", "Geschlecht", code, gruppe,
                wert, einheit, "BEVSTD", "Bevölkerungsstand", marke,
            ]  # fmt: skip
            zeilen.append(";".join(felder))
            mark = marke if marke not in ("", "e") else ""
            koerper.append(
                [einordnen(f, j != 13, None, mark if j == 13 else "") for j, f in enumerate(felder)]
            )
    return _zeilen(zeilen, ende), [kopf], koerper


def flat_alt(t: Tabelle, ende: str) -> tuple[str, list[list[str]], list[list[Zelle]]]:
    """The old GENESIS flat file (to 2023) as 31141-0002_$F_flat.csv and 12411-03iz_flat.csv: one
    column `CODE__Label__Einheit` per measure, labels indented in the file, an empty
    2_Auspraegung_Code on the total."""
    masse = [f"M{j:03d}__{g}_{u}__Anzahl" for j, (g, u) in enumerate(t.spalten)]
    kopf = (
        "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;"
        "1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;"
        "2_Auspraegung_Label"
    ).split(";") + masse
    zeilen, koerper = [";".join(kopf)], []
    for n, (key, name, zellen) in enumerate(t.zeilen):
        gesamt = n % 3 == 0
        code = "" if gesamt and t.leerer_code else f"GEBW0{n % 9 + 1}"
        felder = [
            "31141", "Statistik des Bauabgangs", "JAHR", "Jahr", "2023", "DINSG", "Deutschland insgesamt",
            key, name, "BAUGB4", "Gebäudeart", code,
            "Insgesamt" if gesamt else "  Wohngebäude mit 1 Wohnung",
        ] + zellen  # fmt: skip
        zeilen.append(";".join(felder))
        koerper.append([einordnen(f, j < 13) for j, f in enumerate(felder)])
    return _zeilen(zeilen, ende), [kopf], koerper


def excel_csv(t: Tabelle, ende: str) -> tuple[str, list[list[str]], list[list[Zelle]]]:
    """The Excel CSV of municipal open data as gesamtergebnisplan.csv (Stadt Köln): one header
    row, row labels with line numbers ("10 = ordentliche Erträge"), thousands points, negative
    amounts, no final line end."""
    kopf = ["Wert"] + [f"{g} {u}" for g, u in t.spalten]
    zeilen, koerper = [";".join(kopf)], []
    for n, (_key, name, zellen) in enumerate(t.zeilen, 1):
        label = f"{n:02d} {'=' if n % 4 == 0 else '-'} {name.strip()}"
        zeilen.append(";".join([label] + zellen))
        koerper.append([einordnen(label, True)] + [einordnen(z) for z in zellen])
    return _zeilen(zeilen, ende, letzte=False), [kopf], koerper


# --- reading and printing it back ----------------------------------------------------------------


def zurueck(ordner: Path, name: str, text: str, kodierung: str, form: str, kopf, koerper) -> None:
    """Write `text`, read and print it with berichtsgen, and compare every body cell."""
    pfad = ordner / name
    pfad.write_bytes(text.encode(kodierung))
    df = lesen(pfad, name)
    fertig = formatieren(df, Definition("tabelle", "t", lambda k: None), Beschriftung("T"))
    gedruckt = Gedruckt([[normal(k) for k in fertig.kopf]], [[normal(z) for z in r] for r in fertig.zeilen])
    v = vergleichen(_quelle(form, kopf, koerper), gedruckt)
    assert v.verglichen > 0
    assert v.anzahl_falsch == 0, f"{v.kurz()}: {v.beispiele()}\n--- Datei ({kodierung}) ---\n{text}"


FALSCH_HEUTE: dict[tuple[str, str], str] = {
    # file: what is printed wrong, while it is (xfail strict: a fix makes it fail loudly)
}
"""(shape, kinds) that fail today, with the smallest example Hypothesis found."""


def _faelle(form: str):
    return [
        pytest.param(a, marks=pytest.mark.xfail(strict=True, reason=FALSCH_HEUTE[form, a]))
        if (form, a) in FALSCH_HEUTE
        else a
        for a in ARTEN
    ]


@pytest.mark.parametrize("arten", _faelle("Tabelle als CSV"))
@EINSTELLUNGEN
@given(
    data=st.data(),
    kodierung=st.sampled_from(KODIERUNGEN),
    ende=st.sampled_from(ZEILENENDEN),
    neu=st.booleans(),
)
def test_tabelle_als_csv(tmp_path_factory, arten: str, data, kodierung: str, ende: str, neu: bool):
    t = data.draw(tabellen(ARTEN[arten]))
    text, kopf, koerper = tabelle_als_csv(t, ende, neu)
    zurueck(
        tmp_path_factory.mktemp("csv"), "12411-01-01-4.csv", text, kodierung, "Tabelle als CSV", kopf, koerper
    )


@pytest.mark.parametrize("arten", _faelle("Flatfile neu"))
@EINSTELLUNGEN
@given(
    data=st.data(),
    kodierung=st.sampled_from(KODIERUNGEN),
    ende=st.sampled_from(ZEILENENDEN),
    q=st.lists(st.sampled_from(["e", "e", "p", "r", "s"]), min_size=1, max_size=4),
)
def test_flatfile_neu(tmp_path_factory, arten: str, data, kodierung: str, ende: str, q: list[str]):
    t = data.draw(tabellen(ARTEN[arten]))
    text, kopf, koerper = flat_neu(t, ende, q)
    zurueck(
        tmp_path_factory.mktemp("flat"), "12411-0001_flat.csv", text, kodierung, "Flatfile neu", kopf, koerper
    )


@pytest.mark.parametrize("arten", _faelle("Flatfile alt"))
@EINSTELLUNGEN
@given(data=st.data(), kodierung=st.sampled_from(KODIERUNGEN), ende=st.sampled_from(ZEILENENDEN))
def test_flatfile_alt(tmp_path_factory, arten: str, data, kodierung: str, ende: str):
    t = data.draw(tabellen(ARTEN[arten]))
    text, kopf, koerper = flat_alt(t, ende)
    zurueck(
        tmp_path_factory.mktemp("alt"), "31141-0002_flat.csv", text, kodierung, "Flatfile alt", kopf, koerper
    )


@pytest.mark.parametrize("arten", _faelle("Excel-CSV"))
@EINSTELLUNGEN
@given(data=st.data(), kodierung=st.sampled_from(KODIERUNGEN), ende=st.sampled_from(ZEILENENDEN))
def test_excel_csv(tmp_path_factory, arten: str, data, kodierung: str, ende: str):
    t = data.draw(tabellen(ARTEN[arten], punkte=True))
    text, kopf, koerper = excel_csv(t, ende)
    zurueck(
        tmp_path_factory.mktemp("excel"),
        "gesamtergebnisplan.csv",
        text,
        kodierung,
        "Excel-CSV",
        kopf,
        koerper,
    )
