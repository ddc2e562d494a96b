"""Hostile uses of the number functions of texts (issue 20, point 6): the values a report prints
may be of any size, but decimals, widths and loops stay bounded – one German line with file and
line, nothing big made first."""

from __future__ import annotations

import pytest
from test_robustheit import Fall, _kapitel, fall_ausfuehren

GRENZE = r"03-fall\.md:5: Fehler: Der Ausdruck überschreitet eine Grenze: "

FAELLE = [
    Fall(
        "texte-zahl-stellen",
        _kapitel("{{ 1.5 | zahl(10**9) }}"),
        GRENZE + r"die Zahl 1000000000 ist als Angabe zu groß",
    ),
    Fall(
        "texte-veraenderung-prozent-stellen",
        _kapitel("{{ veraenderung_prozent(253377, 250000, 10**9) }}"),
        GRENZE + r"die Zahl 1000000000 ist als Angabe zu groß",
    ),
    Fall(
        "texte-prozentpunkte-stellen",
        _kapitel("{{ prozentpunkte(16.3, 15.7, stellen=10**9) }}"),
        GRENZE + r"die Zahl 1000000000 ist als Angabe zu groß",
    ),
    Fall(
        "texte-wert-vervielfacht-text",
        _kapitel("{{ 'x' * (253377 * 10**4) }}"),
        GRENZE + r"die Vervielfachung ergäbe mehr als 1\.000\.000 Zeichen",
    ),
    Fall(
        "texte-range-grosse-grenzen",
        _kapitel("{% for i in range(253377, 253377 + 10**9) %}x{% endfor %}"),
        GRENZE + r"die Zahlenfolge mit 1\.000\.000\.000 Werten ist zu groß",
    ),
    Fall(
        "texte-range-schleife",
        _kapitel("{% for i in range(10**9) %}x{% endfor %}"),
        GRENZE + r"die Zahlenfolge mit 1\.000\.000\.000 Werten ist zu groß",
    ),
    Fall(
        "texte-methode-mit-grosser-zahl",
        _kapitel("{{ (5).to_bytes(10**9, 'big') }}"),
        GRENZE + r"die Zahl 1000000000 ist als Angabe zu groß",
    ),
    Fall(
        "texte-dict-mit-langem-text",
        _kapitel("{{ dict(a='x' * 10**9) }}"),
        GRENZE + r"die Vervielfachung ergäbe mehr als 1\.000\.000 Zeichen",
    ),
    Fall(
        "texte-format-breite-als-wert",
        _kapitel("{{ '{:>{}}'.format(253377, 10**9) }}"),
        GRENZE + r"eine Breite im Format ist zu groß",
    ),
    Fall(
        "texte-funktion-falsch-aufgerufen",
        _kapitel("{{ veraenderung_prozent(253377) }}"),
        r"03-fall\.md:5: Fehler: Der Ausdruck lässt sich nicht auswerten \(der Wert hat nicht die passende Art\)",
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_texte(fall, mini, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)
