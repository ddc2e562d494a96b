"""Hostile expressions and report parameters (issue 19): every loop, format width and printed
container is bounded before anything big is made, nothing Python-ish reaches a report, and a bad
parameter row or a long title ends in one German line (or builds) – never an internal error.

The expression cases are refused within a fraction of a second; `tests/inhalt/test_ausdruecke.py`
shows under a memory limit that none of them allocates more than a few megabytes first.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from test_robustheit import Fall, _ersetzen_in, _kapitel, _schreiben, _vorlagentext, fall_ausfuehren

GROSS = "{% set s = 'x' * 900000 %}"
"""A string of 900.000 characters: within the bounds itself, but not 5000 times."""


def _reihe(
    zeilen: str, csv: str | bytes | None = None, dateiname: str = "bericht-{parameter.stadtteil}"
) -> Callable[[Path], None]:
    """The mini project as a series: `dateiname`, the section [parameter] with `zeilen`, and (if
    given) the parameter list stadtteile.csv."""

    def tun(p: Path) -> None:
        _ersetzen_in(p / "berichtsgen.toml", 'dateiname = "testbericht-{jahr}"', f'dateiname = "{dateiname}"')
        toml = p / "berichtsgen.toml"
        toml.write_text(
            toml.read_text(encoding="utf-8") + "\n[parameter]\n" + zeilen + "\n", encoding="utf-8"
        )
        if csv is not None:
            _schreiben("stadtteile.csv", csv)(p)

    return tun


ALLE = ("build", "2024", "--format", "docx", "--alle")
LANG = " ".join(["Integrationsmonitoring der Stadt Musterstadt"] * 8)
"""A title of 359 characters (python-docx and python-pptx refuse more than 255 in a property)."""


def _langer_titel(p: Path) -> None:
    _ersetzen_in(p / "berichtsgen.toml", 'titel = "Testbericht"', f'titel = "{LANG}"')


def _titel_gebaut(p: Path, _ausgabe: str) -> None:
    from docx import Document
    from pptx import Presentation

    ausgabe = p / "ausgabe" / "2024"
    docx = Document(str(ausgabe / "testbericht-2024.docx"))
    titel = docx.core_properties.title
    assert len(titel) <= 255 and titel.endswith("…") and LANG.startswith(titel[:-1]), titel
    with zipfile.ZipFile(ausgabe / "testbericht-2024.docx") as z:  # the title page has all of it
        assert LANG.split()[-1] in z.read("word/document.xml").decode()
    assert Presentation(str(ausgabe / "testbericht-2024.pptx")).core_properties.title == titel


FAELLE = [
    # --- every way to iterate is counted ------------------------------------------------------
    Fall(
        "ausdruck-schleife-ueber-text",
        _kapitel('{% for a in "x" * 1000000 %}{% for b in "x" * 1000000 %}{% endfor %}{% endfor %}'),
        r"03-fall\.md:5: Fehler: .*Grenze: mehr als 100\.000 Schleifendurchläufe",
    ),
    Fall(
        "ausdruck-schleife-ueber-liste",
        _kapitel("{% for a in [0] * 100000 %}{% for b in [0] * 100000 %}{% endfor %}{% endfor %}"),
        r"03-fall\.md:5: Fehler: .*Grenze: mehr als 100\.000 Schleifendurchläufe",
    ),
    Fall(
        "ausdruck-schleife-rekursiv",
        _kapitel(
            '{% for a in ["x" * 900000] recursive %}{% if a != "x" %}{{ loop(a) }}{% endif %}{% endfor %}'
        ),
        r"03-fall\.md:5: Fehler: .*Grenze: mehr als 100\.000 Schleifendurchläufe",
    ),
    # --- widths in format strings, also as arguments, nested fields and * ----------------------
    Fall(
        "ausdruck-breite-als-argument",
        _kapitel("{{ '{:>{w}}'.format(1, w=999999999) }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: eine Breite im Format ist zu groß",
    ),
    Fall(
        "ausdruck-breite-als-text",
        _kapitel("{{ '{:{}}'.format(1, '999999999') }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: eine Breite im Format ist zu groß",
    ),
    Fall(
        "ausdruck-breite-stern",
        _kapitel("{{ '%*d' % (999999999, 1) }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: eine Breite im Format ist zu groß",
    ),
    Fall(
        "ausdruck-format-wiederholt",
        _kapitel(GROSS + "{{ ('{0}' * 5000).format(s) }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: der formatierte Text hätte mehr als 1\.000\.000 Zeichen",
    ),
    # --- printing containers and what repeats in blocks ----------------------------------------
    Fall(
        "ausdruck-liste-drucken",
        _kapitel(GROSS + "{{ [s] * 5000 }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: .*mehr als 1\.000\.000 Zeichen",
    ),
    Fall(
        "ausdruck-liste-verbinden",
        _kapitel(GROSS + "{{ [s, s] | join }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: .*mehr als 1\.000\.000 Zeichen",
    ),
    Fall(
        "ausdruck-liste-verbinden-trenner",
        _kapitel("{{ range(90000) | join('x' * 90000) }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: .*mehr als 1\.000\.000 Zeichen",
    ),
    Fall(
        "ausdruck-block-sammelt",
        _kapitel(GROSS + "{% set a %}{% for i in range(5000) %}{{ s }}{% endfor %}{% endset %}"),
        r"03-fall\.md:5: Fehler: .*Grenze: der Text würde länger als 10\.000\.000 Zeichen",
    ),
    Fall(
        "ausdruck-einruecken",
        _kapitel("{{ ('x\\n' * 400000) | indent(100000) }}"),
        r"03-fall\.md:5: Fehler: .*Grenze: ein Ergebnis hätte mehr als 1\.000\.000 Zeichen",
    ),
    # --- nothing Python-ish is printed ---------------------------------------------------------
    Fall(
        "ausdruck-methode",
        _kapitel("{{ parameter.items }}"),
        r"03-fall\.md:5: Fehler: Der Ausdruck ergibt eine Funktion, keinen Wert zum Drucken\. .*wert\(",
    ),
    Fall(
        "ausdruck-methode-verkettet",
        _kapitel("Werte: {{ 'x' ~ parameter.items }}"),
        r"03-fall\.md:5: Fehler: Der Ausdruck ergibt eine Funktion",
    ),
    Fall(
        "ausdruck-folge",
        _kapitel("{{ range(3) }}"),
        r"03-fall\.md:5: Fehler: Der Ausdruck ergibt eine Folge von Werten.*join",
    ),
    Fall(
        "ausdruck-methode-vorlage",
        _vorlagentext("Stand: {{ parameter.items }}"),
        r"vorlage\.docx: Fehler: Ein Platzhalter der Vorlage lässt sich nicht füllen: der Ausdruck ergibt eine Funktion",
    ),
    Fall(
        "ausdruck-liste-vorlage",
        _vorlagentext("{% set s = 'x' * 900000 %}{{ [s] * 5000 }}"),
        r"vorlage\.docx: Fehler: Die Platzhalter der Vorlage lassen sich nicht füllen: eine Grenze",
    ),
    # --- report parameters --------------------------------------------------------------------
    Fall(
        "parameter-bel-in-liste",
        _reihe('liste = [\n  { stadtteil = "Wiesdorf" },\n  { stadtteil = "Opla\\u0007den" },\n]'),
        r"berichtsgen\.toml:\d+: Fehler: Der Parameter „stadtteil“ enthält ein Steuerzeichen \(U\+0007\)",
        befehl=ALLE,
    ),
    Fall(
        "parameter-nul-in-liste",
        _reihe('liste = [{ stadtteil = "Opla\\u0000den" }]'),
        r"berichtsgen\.toml:\d+: Fehler: Der Parameter „stadtteil“ enthält ein Steuerzeichen \(U\+0000\)",
        befehl=ALLE,
    ),
    Fall(
        "parameter-bel-in-csv",
        _reihe('datei = "stadtteile.csv"', "stadtteil\nWiesdorf\nOpla\x07den\n"),
        r"stadtteile\.csv:3: Fehler: .*Steuerzeichen \(U\+0007\)",
        befehl=ALLE,
    ),
    Fall(
        "parameter-nul-in-csv",
        _reihe('datei = "stadtteile.csv"', b"stadtteil\nWiesdorf\nOpla\x00den\n"),
        r"stadtteile\.csv: Fehler: .*Nullbytes",
        befehl=ALLE,
    ),
    Fall(
        "parameter-spalte-fehlt",
        _reihe('datei = "stadtteile.csv"', "stadtteil;bezirk\nWiesdorf;Innen\nOpladen;Außen\n;Außen\n"),
        r"stadtteile\.csv:4: Fehler: „dateiname“ verwendet \{parameter\.stadtteil\}, aber „stadtteil“ fehlt "
        r"in dieser Zeile.*Tragen Sie",
        befehl=ALLE,
    ),
    Fall(
        "parameter-spalte-fehlt-einzeln",
        _reihe('datei = "stadtteile.csv"', "stadtteil;bezirk\nWiesdorf;Innen\n;Außen\n"),
        r"stadtteile\.csv:3: Fehler: .*„stadtteil“ fehlt",
        befehl=("build", "2024", "--format", "docx", "--parameter", "bezirk=Außen"),
    ),
    Fall(
        "parameter-dateiname-zu-lang",
        _reihe('liste = [{ stadtteil = "' + "Opladen-" * 40 + '" }]'),
        r"berichtsgen\.toml:\d+: Fehler: Der Dateiname „bericht-Opladen-Opladen.*“ .* ist 328 Byte lang \(höchstens 200\)",
        befehl=ALLE,
    ),
    # --- a long title builds; the document properties take the first 255 characters -----------
    Fall(
        "titel-lang",
        _langer_titel,
        r"Geschrieben: .*testbericht-2024\.pptx",
        code=0,
        befehl=("build", "2024", "--format", "docx", "--format", "pptx"),
        pruefen=_titel_gebaut,
    ),
]

SCHNELL = {f.id for f in FAELLE if f.id.startswith("ausdruck-") and "vorlage" not in f.id}
"""Cases refused while the chapters are read: before any table, chart or document is made."""


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_ausdruecke_und_parameter(fall: Fall, mini: Path, cli, zeitlimit, monkeypatch):
    beginn = time.monotonic()
    fall_ausfuehren(fall, mini, cli, monkeypatch)
    if fall.id in SCHNELL:  # the whole build up to the refusal, not only the expression
        assert time.monotonic() - beginn < 5


def test_langer_titel_aus_einem_parameter(mini: Path, cli, zeitlimit, monkeypatch):
    """A parameter makes the title long: the report builds all the same."""
    from docx import Document

    stadtteil = " ".join(["Opladen"] * 40)
    _reihe(f'liste = [{{ stadtteil = "{stadtteil}" }}]', dateiname="testbericht-{jahr}")(mini)
    _ersetzen_in(mini / "berichtsgen.toml", 'titel = "Testbericht"', 'titel = "Profil {parameter.stadtteil}"')
    monkeypatch.chdir(mini)
    aufruf = cli(
        "build", "2024", "--projekt", str(mini), "--format", "docx", "--parameter", f"stadtteil={stadtteil}"
    )
    assert aufruf.code == 0, aufruf.stderr
    titel = Document(str(mini / "ausgabe/2024/testbericht-2024.docx")).core_properties.title
    assert titel.startswith("Profil Opladen Opladen") and len(titel) <= 255
