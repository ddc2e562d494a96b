"""Declared checks on data files: each says how many cells it compared; none passes on what it did not check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from berichtsgen.berechnung.daten import herkunft, lesen
from berichtsgen.fehler import DatenFehler
from hilfen import TESTS


def _ergebnisse(tmp_path: Path, toml: str | None = None):
    shutil.copy(TESTS / "daten" / "sgb2_falsch.csv", tmp_path / "sgb2.csv")
    (tmp_path / "sgb2.toml").write_text(
        toml or (TESTS / "daten" / "sgb2_falsch.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return herkunft(lesen(tmp_path / "sgb2.csv", "daten/sgb2.csv")).pruefergebnisse


def test_falsche_summe_negative_zahl_und_quote_ueber_100_sind_fehler(tmp_path: Path):
    """The three errors of the issue, in a column with signs: each one found, with its line."""
    fehler = [(e.beschreibung, e.meldung, e.zeile) for e in _ergebnisse(tmp_path) if not e.ok and e.hart]
    assert (
        "„Insgesamt“ = „Wiesdorf“ + „Bergfeld“ + „Opladen“ + „Schlebusch“",
        "Spalte „Personen“: 8.890 statt 8.890.",
        6,
    ) not in fehler
    assert ("keine negativen Werte", "„Bedarfsgemeinschaften“ in Zeile „Wiesdorf“ ist −1.067.", 2) in fehler
    assert ("„Quote (in %)“ zwischen 0 und 100", "Zeile „Bergfeld“ hat 138 %.", 3) in fehler


def test_zellen_mit_zeichen_sind_nicht_pruefbar_und_werden_genannt(tmp_path: Path):
    ergebnisse = _ergebnisse(tmp_path)
    warnungen = [(e.beschreibung, e.meldung, e.zeile) for e in ergebnisse if not e.ok and not e.hart]
    summe = "„Insgesamt“ = „Wiesdorf“ + „Bergfeld“ + „Opladen“ + „Schlebusch“"
    assert (
        summe,
        "nicht prüfbar (2 Zellen): Zeile 3 „Bergfeld“, Spalte „Bedarfsgemeinschaften“: „.“ (Zahlenwert "
        "unbekannt oder geheim zu halten); Zeile 5 „Schlebusch“, Spalte „Quote (in %)“: „x“ (Tabellenfach "
        "gesperrt, weil Aussage nicht sinnvoll).",
        3,
    ) in warnungen
    assert [e.meldung for e in ergebnisse if e.beschreibung == summe and e.zellen] == [
        "Spalte „Personen“: 8.890 statt 8.890."
    ]
    assert [e.zellen for e in ergebnisse if e.beschreibung == summe and e.zellen] == [5]


def test_summe_nur_in_den_genannten_spalten(tmp_path: Path):
    toml = (
        '[[pruefung]]\nart = "summe"\ngesamt = "Insgesamt"\nteile = ["Wiesdorf", "Bergfeld", "Opladen", '
        '"Schlebusch"]\nspalten = ["Personen"]\n'
    )
    ergebnisse = _ergebnisse(tmp_path, toml)
    assert [(e.meldung, e.ok) for e in ergebnisse] == [("Spalte „Personen“: 8.890 statt 8.890.", True)]


def test_summe_mit_falschem_gesamtwert(tmp_path: Path):
    toml = (
        '[[pruefung]]\nart = "summe"\ngesamt = "Insgesamt"\nteile = ["Wiesdorf", "Opladen", "Schlebusch"]\n'
    )
    summen = [(e.ok, e.meldung, e.zeile, e.zellen) for e in _ergebnisse(tmp_path, toml) if e.zellen]
    assert summen == [
        (False, "Spalte „Bedarfsgemeinschaften“: 3.999 statt 1.979.", 6, 4),
        (False, "Spalte „Personen“: 8.890 statt 8.590.", 6, 4),
    ]


def test_pruefung_ohne_einen_vergleich_ist_ein_fehler(tmp_path: Path):
    toml = '[[pruefung]]\nart = "nicht_negativ"\nspalten = ["Stadtteil"]\n'
    (fehler,) = [e for e in _ergebnisse(tmp_path, toml) if e.hart and not e.ok]
    assert fehler.meldung == "keine einzige Zelle verglichen – die Prüfung hat nichts geprüft."


def test_fehler_einer_pruefung_nennen_die_zeile_der_begleitdatei(tmp_path: Path):
    """Found in a user's trial: the errors of a [[pruefung]] named the sidecar without a line."""
    (tmp_path / "b.csv").write_text("Gebiet;Einwohner\nNord;5\nSüd;7\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text(
        'quelle = "Test"\n\n[[pruefung]]\nart = "nicht_negativ"\n\n[[pruefung]]\n# Summe\nart = "sume"\n',
        encoding="utf-8",
    )
    with pytest.raises(DatenFehler) as info:
        lesen(tmp_path / "b.csv", "b.csv")
    assert str(info.value.ort) == "b.toml:8" and info.value.hinweis == "Meinten Sie „summe“?"
    (tmp_path / "b.toml").write_text(
        '[[pruefung]]\nart = "nicht_negativ"\nspalten = ["Einwohnr"]\n', encoding="utf-8"
    )
    with pytest.raises(DatenFehler) as info:
        lesen(tmp_path / "b.csv", "b.csv")
    assert str(info.value.ort) == "b.toml:3" and info.value.hinweis == "Meinten Sie „Einwohner“?"
