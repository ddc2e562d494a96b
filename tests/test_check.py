"""`check` finds everything `build` would refuse: every content error of the test suite, one row each.

Each row breaks the mini project the way another test does (or the way an editor would); `build`
must refuse it, and `check` must name every one of its error lines, or raise the same error when
the project cannot be read at all (settings, template).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from berichtsgen import BerichtsgenFehler, PruefFehler, build, check
from hilfen import einstellen


def _ersetzen(datei: Path, alt: str, neu: str) -> None:
    text = datei.read_text(encoding="utf-8")
    assert alt in text, alt
    datei.write_text(text.replace(alt, neu), encoding="utf-8")


def _einleitung(m: Path) -> Path:
    return m / "inhalte/2024/01-einleitung.md"


def _hf_a(m: Path) -> Path:
    return m / "inhalte/2024/02-handlungsfeld-a.md"


def _vorlage_text(m: Path, alt: str, neu: str) -> None:
    doc = Document(str(m / "vorlage.docx"))
    absatz = next(p for p in doc.paragraphs if alt in p.text)
    absatz.text = absatz.text.replace(alt, neu)
    doc.save(str(m / "vorlage.docx"))


def _massnahmen(m: Path, status: str) -> None:
    (m / "inhalte/2024/daten/massnahmen.csv").write_text(
        f"Handlungsfeld;Maßnahme;Federführung;Zeitraum;Status;Bemerkung\nA;Kurse;;;{status};\n",
        encoding="utf-8",
    )
    _ersetzen(_hf_a(m), "1. Erstens", "```{massnahmen} A\n```\n\n1. Erstens")


FEHLER: dict[str, Callable[[Path], None]] = {
    "tabelle-unbekannt": lambda m: _ersetzen(_einleitung(m), "{tabelle} einwohner", "{tabelle} einwohnr"),
    "diagramm-unbekannt": lambda m: _ersetzen(_einleitung(m), "{diagramm} einwohner_bild", "{diagramm} bild"),
    "wert-unbekannt": lambda m: _ersetzen(
        _einleitung(m), 'wert("einwohner_gesamt")', 'wert("einwohner_gesammt")'
    ),
    "querverweis-unbekannt": lambda m: _ersetzen(_einleitung(m), "[](#einwohner_bild)", "[](#einwohner_bil)"),
    "name-doppelt": lambda m: _ersetzen(_hf_a(m), "1. Erstens", "```{tabelle} einwohner\n```\n\n1. Erstens"),
    "kopfbereich-kaputt": lambda m: _ersetzen(_einleitung(m), "titel: Einleitung", "titel: [Einleitung"),
    "option-unbekannt": lambda m: _ersetzen(_einleitung(m), ":quelle: Eigene", ":quele: Eigene"),
    "bild-kaputt": lambda m: (
        (m / "inhalte/2024/foto.png").write_bytes(b"\x89PNG kein Bild"),
        _ersetzen(_hf_a(m), "1. Erstens", '![Rathaus](foto.png "Rathaus")\n\n1. Erstens'),
    ),
    "summe-falsch": lambda m: (m / "inhalte/2024/daten/einwohner.csv").write_bytes(
        (m / "inhalte/2024/daten/einwohner.csv").read_bytes().replace(b"20.345", b"20.346")
    ),
    "datei-fehlt": lambda m: (m / "inhalte/2024/daten/einwohner.csv").unlink(),
    "funktion-bricht-ab": lambda m: _ersetzen(
        m / "rechnen.py", 'return k.daten("einwohner.csv")', 'return k.daten("einwohner.csv")["Fehlt"]'
    ),
    "abkuerzung-widerspruechlich": lambda m: (
        _ersetzen(_einleitung(m), "titel: Einleitung\n", "titel: Einleitung\nabkuerzungen: {KI: A}\n"),
        _ersetzen(_hf_a(m), "titel: Sprache\n", "titel: Sprache\nabkuerzungen: {KI: B}\n"),
    ),
    "status-unbekannt": lambda m: _massnahmen(m, "geplannt"),
    "quelle-fehlt": lambda m: _ersetzen(
        m / "rechnen.py",
        'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"',
        'stichtag="31.12.2023"',
    ),
    "ueberschrift-uebersprungen": lambda m: _ersetzen(_einleitung(m), "## Daten", "### Daten"),
    "pruefung-hart": lambda m: (m / "inhalte/2024/daten/einwohner.toml").write_text(
        '[[pruefung]]\nart = "summe"\ngesamt = "Insgesamt"\nteile = ["Nord"]\n', encoding="utf-8"
    ),
    "vorlage-platzhalter-unbekannt": lambda m: _vorlage_text(m, "{{ titel }}", "{{ buergermeister }}"),
    "vorlage-platzhalter-kaputt": lambda m: _vorlage_text(m, "{{ titel }}", "{{ titel "),
    "vorlage-filter-unbekannt": lambda m: _vorlage_text(m, "{{ titel }}", "{{ titel | gross }}"),
    "vorlage-ohne-inhalt": lambda m: _vorlage_text(m, "{{p inhalt }}", "kein Platzhalter"),
    "fussnote-in-fussnote": lambda m: _ersetzen(
        _einleitung(m), "[^1]: Stand 31.12.2023.", "[^1]: Stand 31.12.2023[^2].\n\n[^2]: Zweite."
    ),
    "fussnote-mit-ueberschrift": lambda m: _ersetzen(
        _einleitung(m), "[^1]: Stand 31.12.2023.", "[^1]: ## Stand 31.12.2023"
    ),
    "link-auf-ordner": lambda m: _ersetzen(
        _einleitung(m), "[^1]: Stand 31.12.2023.", "[^1]: Stand 31.12.2023, siehe [Daten](daten)."
    ),
    "link-auf-webseite": lambda m: (
        (m / "inhalte/2024/anlage.html").write_text("<script>alert(1)</script>", encoding="utf-8"),
        _ersetzen(_hf_a(m), "1. Erstens", "| Anlage |\n|---|\n| [Anlage](anlage.html) |\n\n1. Erstens"),
    ),
    "modul-doppelt": lambda m: (
        (m / "mehr.py").write_text(
            "from berichtsgen import tabelle\n\n@tabelle('einwohner', titel='X', quelle='Q')\ndef e(k):\n    return None\n",
            encoding="utf-8",
        ),
        einstellen(m, 'module = ["rechnen.py", "mehr.py"]'),
    ),
}


def _ohne_regel(zeile: str) -> str:
    return re.sub(r" \[[a-z-]+\]", "", zeile)


@pytest.mark.parametrize("fall", list(FEHLER))
def test_check_findet_was_build_verweigert(mini: Path, fall: str):
    if fall == "modul-doppelt":
        _ersetzen(mini / "berichtsgen.toml", 'module = ["rechnen.py"]\n', "")
    FEHLER[fall](mini)
    with pytest.raises(BerichtsgenFehler) as gebaut:
        build(2024, mini, formate=["docx"])
    erwartet = [_ohne_regel(z) for z in gebaut.value.zeile().splitlines()]
    try:
        gefunden = [_ohne_regel(b.zeile()) for b in check(2024, mini).fehler]
    except BerichtsgenFehler as exc:  # the project cannot be read at all: the same error
        assert not isinstance(exc, PruefFehler)
        assert exc.zeile() == gebaut.value.zeile()
        return
    assert erwartet and set(erwartet) <= set(gefunden), (erwartet, gefunden)
    assert not (mini / "ausgabe").exists()


def test_check_meldet_doppelte_namen_und_unbekannte_verweise(mini: Path):
    """Reproduced from the issue: `check` said "0 Fehler" for both, `build` then failed."""
    FEHLER["querverweis-unbekannt"](mini)
    FEHLER["name-doppelt"](mini)
    zeilen = [b.zeile() for b in check(2024, mini).fehler]
    assert zeilen == [
        "inhalte/2024/02-handlungsfeld-a.md:7: Fehler: „einwohner“ steht schon in 01-einleitung.md:10; "
        "jede Tabelle und Abbildung darf nur einmal vorkommen. [inhalt] Verweisen Sie stattdessen mit [](#einwohner) darauf.",
        "inhalte/2024/01-einleitung.md:6: Fehler: Querverweis auf „einwohner_bil“: keine Tabelle oder Abbildung "
        "dieses Namens. [inhalt] Meinten Sie „einwohner_bild“?",
    ]


def test_kaputtes_bild_ist_ein_inhaltsfehler(mini: Path):
    Image.new("RGB", (10, 10)).save(mini / "inhalte/2024/ok.png")
    FEHLER["bild-kaputt"](mini)
    (befund,) = check(2024, mini).fehler
    assert befund.zeile() == (
        "inhalte/2024/02-handlungsfeld-a.md:7: Fehler: Bilddatei „foto.png“ ist kein lesbares Bild. [inhalt] "
        "Speichern Sie das Bild neu als PNG oder JPEG."
    )


def test_links_in_fussnoten_und_tabellen_werden_geprueft(mini: Path):
    """Both were not checked at all before; the HTML edition then copied what they named."""
    FEHLER["link-auf-ordner"](mini)
    FEHLER["link-auf-webseite"](mini)
    zeilen = [b.zeile() for b in check(2024, mini).fehler]
    assert zeilen == [
        "inhalte/2024/01-einleitung.md:17: Fehler: Link „daten“ führt zu einem Ordner; verlinken lassen sich "
        "nur Dateien. [link-kaputt] Verlinken Sie eine Datei darin, oder packen Sie den Ordner als ZIP-Datei "
        "und verlinken Sie diese.",
        "inhalte/2024/02-handlungsfeld-a.md:9: Fehler: Link „anlage.html“: Dateien vom Typ „.html“ werden nicht "
        "veröffentlicht; sie können im Browser Skripte ausführen. [link-kaputt] Verlinken Sie die Datei als "
        "PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, ZIP, PNG, JPG, GIF, CSV oder TXT.",
    ]


def _stand(projekt: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file and folder of the project, hidden ones too, with its mtime, size and content."""
    stand = {}
    for pfad in [projekt, *projekt.rglob("*")]:
        info = pfad.lstat()
        inhalt = pfad.read_bytes() if pfad.is_file() and not pfad.is_symlink() else b""
        stand[str(pfad.relative_to(projekt))] = (info.st_mtime_ns, info.st_size, inhalt)
    return stand


def test_check_schreibt_nichts_ins_projekt(mini: Path, cli, monkeypatch):
    """`check` reads the cache a build left but writes nothing: not into a fresh project, not after
    a build, not after a change of data and text that gives it something new to compute – and no
    `__pycache__` for a helper module the project's Python file imports."""
    (mini / "hilfsmodul.py").write_text("FAKTOR = 1\n", encoding="utf-8")
    rechnen = mini / "rechnen.py"
    rechnen.write_text(
        "import hilfsmodul  # noqa: F401\n" + rechnen.read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as Python runs for an editor
    monkeypatch.delitem(sys.modules, "hilfsmodul", raising=False)
    vorher = _stand(mini)
    assert cli("check", "2024", "--projekt", str(mini)).code == 0
    assert _stand(mini) == vorher
    assert not (mini / ".berichtsgen-cache").exists()

    build(2024, mini, formate=["docx"])
    vorher = _stand(mini)
    assert any(".berichtsgen-cache/" in name for name in vorher)
    zeilen: list[str] = []
    check(2024, mini, fortschritt=zeilen.append)
    assert _stand(mini) == vorher
    assert any("aus dem Zwischenspeicher" in z for z in zeilen), zeilen  # it read what the build left

    csv = mini / "inhalte/2024/daten/einwohner.csv"
    csv.write_bytes(csv.read_bytes().replace(b"8.000", b"8.001").replace(b"20.345", b"20.346"))
    _ersetzen(_einleitung(mini), "Einwohner im Jahr", "Einwohnerinnen und Einwohner im Jahr")
    vorher = _stand(mini)
    zeilen.clear()
    assert not check(2024, mini, fortschritt=zeilen.append).fehler
    assert "Tabelle „einwohner“ berechnet" in zeilen, zeilen  # the changed data computed anew
    assert _stand(mini) == vorher
    assert cli("check", "2024", "--projekt", str(mini), "--neu").code == 0
    assert _stand(mini) == vorher
