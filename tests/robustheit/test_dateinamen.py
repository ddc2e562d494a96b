"""Output names from a series' parameters that a Windows or macOS share cannot hold, or that
collide there: refused before anything is built, with the parameter row and a hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_robustheit import Fall, _ersetzen_in, _schreiben, fall_ausfuehren

ALLE = ("build", "2024", "--alle", "--format", "docx")


def _reihe(*werte: str, dateiname: str = "{parameter.stadtteil}") -> Callable[[Path], None]:
    """A series of the mini project with one report per value of `stadtteil`."""

    def tun(p: Path) -> None:
        toml = p / "berichtsgen.toml"
        _ersetzen_in(toml, 'dateiname = "testbericht-{jahr}"', f'dateiname = "{dateiname}"')
        liste = ", ".join(
            '{ stadtteil = "' + w.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00") + '" }'
            for w in werte
        )
        with toml.open("a", encoding="utf-8") as f:
            f.write(f"\n[parameter]\nliste = [{liste}]\n")

    return tun


def _reihe_aus_datei(csv: str) -> Callable[[Path], None]:
    def tun(p: Path) -> None:
        _schreiben("stadtteile.csv", csv)(p)
        toml = p / "berichtsgen.toml"
        _ersetzen_in(toml, 'dateiname = "testbericht-{jahr}"', 'dateiname = "{parameter.stadtteil}"')
        with toml.open("a", encoding="utf-8") as f:
            f.write('\n[parameter]\ndatei = "stadtteile.csv"\n')

    return tun


FAELLE = [
    Fall(
        "reihe-geraetename",
        _reihe("Opladen", "CON"),
        r"berichtsgen\.toml:13: Fehler: „CON“ \(für stadtteil=CON\) ist unter Windows als Dateiname reserviert",
        befehl=ALLE,
    ),
    Fall(
        "reihe-geraetename-mit-punkt",
        _reihe("nul.bericht"),
        r"„nul\.bericht“ .* unter Windows als Dateiname reserviert",
        befehl=ALLE,
    ),
    Fall(
        "reihe-geraetename-aus-datei",
        _reihe_aus_datei("stadtteil\nOpladen\nLPT1\n"),
        r"stadtteile\.csv:3: Fehler: „LPT1“ \(für stadtteil=LPT1\) ist unter Windows",
        befehl=ALLE,
    ),
    Fall(
        "reihe-gross-klein",
        _reihe("Opladen", "opladen"),
        r"„stadtteil=Opladen“ und „stadtteil=opladen“ ergäben beide die Datei „opladen“ und „Opladen“ "
        r"\(unter Windows und macOS dieselbe\)",
        befehl=ALLE,
    ),
    Fall(
        "reihe-normalisierung",
        _reihe("Mülheim", "Mu\u0308lheim"),
        r"ergäben beide die Datei „Mülheim“\.",
        befehl=ALLE,
    ),
    Fall(
        "reihe-normalisierung-aus-datei",
        _reihe_aus_datei("stadtteil\nMülheim\nMu\u0308lheim\n"),
        r"stadtteile\.csv:3: Fehler: .*ergäben beide die Datei „Mülheim“",
        befehl=ALLE,
    ),
    Fall(
        "reihe-richtungsumkehr",
        _reihe("Opladen", "fdp\u202excod"),
        r"Fehler: Der Dateiname „fdp\\u202excod“ \(für stadtteil=fdp\\u202excod\) enthält das unsichtbare "
        r"Steuerzeichen U\+202E",
        befehl=ALLE,
    ),
    Fall(
        "reihe-nullbreite-aus-datei",
        _reihe_aus_datei("stadtteil\nOpladen\nWies\u200bdorf\n"),
        r"stadtteile\.csv:3: Fehler: Der Dateiname .* Steuerzeichen U\+200B",
        befehl=ALLE,
    ),
    Fall(
        "reihe-gross-klein-check",
        _reihe("Opladen", "opladen", "CON"),
        r"berichtsgen\.toml:13: Fehler: „stadtteil=Opladen“ und „stadtteil=opladen“ ergäben beide .* "
        r"Die Werte von „stadtteil“ unterscheiden sich nur in Groß- und Kleinschreibung",
        befehl=("check", "2024"),
    ),
    Fall(
        "reihe-geraetename-check",
        _reihe("Opladen", "opladen", "CON"),
        r"berichtsgen\.toml:13: Fehler: „CON“ \(für stadtteil=CON\) ist unter Windows",
        befehl=("check", "2024"),
    ),
    Fall(
        "parameter-name-vertippt",
        _reihe("Opladen", "Wiesdorf"),
        r"berichtsgen\.toml: Fehler: Die Parameterliste hat keinen Parameter „Stadtteil“\. Meinten Sie „stadtteil“\?",
        befehl=("build", "2024", "--parameter", "Stadtteil=Opladen", "--format", "docx"),
    ),
    Fall(
        "dateiname-zu-lang",
        lambda p: _ersetzen_in(
            p / "berichtsgen.toml", 'dateiname = "testbericht-{jahr}"', f'dateiname = "{"ä" * 120}-{{jahr}}"'
        ),
        r"berichtsgen\.toml: Fehler: Der Dateiname „ä+…“ \(aus „dateiname“\) ist 245 Byte lang \(höchstens 200\)",
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_dateinamen(fall: Fall, mini: Path, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)


def test_sichere_namen_werden_gebaut(mini: Path, cli, monkeypatch):
    """Names that only look unusual are built: umlauts (written composed, NFC), "Con" inside a
    name, a "/" made "-"."""
    _reihe("Mu\u0308lheim", "Concordia", "Nord/Süd")(mini)
    monkeypatch.chdir(mini)
    aufruf = cli(*ALLE, "--projekt", str(mini))
    assert aufruf.code == 0, aufruf.stderr
    namen = sorted(d.name for d in (mini / "ausgabe" / "2024").glob("*.docx"))
    assert namen == ["Concordia.docx", "Mülheim.docx", "Nord-Süd.docx"]
    assert "M\u00fclheim.docx" in namen  # one composed ü, as Windows writes it
