"""The command line as an editor meets it: German text, one line per error, exit codes 0/1/2.

In-process through `cli` (conftest); real subprocesses are the end-to-end build in e2e/ and the
exit of the command below.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_hilfe_auf_deutsch(cli):
    r = cli("build", "--help")
    assert r.code == 0
    assert "Aufruf: berichtsgen build [OPTIONEN] JAHR" in r.stdout
    assert "--projekt ORDNER" in r.stdout and "default" not in r.stdout
    assert "Den Bericht für JAHR erzeugen" in r.stdout and "[x>=" not in r.stdout
    assert "Diese Hilfe anzeigen und beenden." in r.stdout


def test_version(cli):
    r = cli("--version")
    assert r.code == 0 and r.stdout.startswith("berichtsgen ")


def test_befehl_endet_ohne_sammellauf_ueber_alle_objekte(mini: Path):
    """The command's objects are frozen when its process ends: Python's collection passes at exit
    skip them (0,4 s after a build). A hook registered before the command runs after its own."""
    pruefen = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stdout.write(f'eingefroren {gc.get_freeze_count()}'))\n"
        "from berichtsgen.cli import main\n"
        "main()\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", pruefen, "check", "2024", "--projekt", str(mini)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    gefroren = int(r.stdout.rsplit("eingefroren ", 1)[1])
    assert gefroren > 10_000  # every object of the command, not a handful


def test_aufruffehler_exit_2(cli):
    r = cli("build", "neunzehn")
    assert r.code == 2
    assert "Aufruffehler: Ungültiger Wert für" in r.stderr and "keine ganze Zahl" in r.stderr
    assert "Traceback" not in r.stderr


def test_inhaltsfehler_eine_zeile_exit_1(mini: Path, cli):
    md = mini / "inhalte/2024/01-einleitung.md"
    md.write_text(
        md.read_text(encoding="utf-8").replace('wert("einwohner_gesamt")', 'wert("einwohner_gesammt")'),
        encoding="utf-8",
    )
    r = cli("build", "2024", "--projekt", str(mini), "--format", "docx", "-q")
    assert r.code == 1
    zeilen = r.stderr.strip().splitlines()
    assert zeilen == [
        "inhalte/2024/01-einleitung.md:5: Fehler: Wert „einwohner_gesammt“ ist nicht bekannt. "
        "[inhalt] Meinten Sie „einwohner_gesamt“?"
    ]


def test_ohne_projekt(tmp_path: Path, cli):
    r = cli("build", "2019", "--projekt", str(tmp_path))
    assert r.code == 1
    assert r.stderr.strip() == (
        f"Fehler: Keine Projektdatei berichtsgen.toml in „{tmp_path}“ gefunden. "
        "[einstellungen] Wechseln Sie in den Projektordner oder geben Sie ihn mit --projekt an."
    )


def test_kaputte_toml(mini: Path, cli):
    (mini / "berichtsgen.toml").write_text('[bericht]\ntitel = "ohne Ende\n', encoding="utf-8")
    r = cli("build", "2024", "--projekt", str(mini))
    assert r.code == 1
    assert r.stderr.startswith("berichtsgen.toml:2: Fehler: Die Datei ist kein gültiges TOML")


@pytest.mark.parametrize("fehlt", ["soffice"])
def test_libreoffice_fehlt(mini: Path, fehlt: str, cli, monkeypatch):
    monkeypatch.setenv("BERICHTSGEN_SOFFICE", "/nicht/vorhanden/soffice")
    monkeypatch.setenv("PATH", "/nonexistent")
    r = cli("build", "2024", "--projekt", str(mini), "--format", "pdf")
    assert r.code == 1
    assert "LibreOffice" in r.stderr and "apt-get install libreoffice-writer-nogui python3-uno" in r.stderr
    assert "Traceback" not in r.stderr


def test_template_zeigt_was_die_vorlage_bietet(cli):
    from hilfen import REPO

    r = cli("template", str(REPO / "vorlagen" / "leverkusen.docx"))
    assert r.code == 0, r.stderr
    assert "Berichtstext: {{p inhalt }} vorhanden." in r.stdout
    assert "Überschrift 1 (berschrift1)" in r.stdout  # found by built-in name despite the German ID
    assert "Felder in Kopf- und Fußzeilen: PAGE" in r.stdout
    assert "Schrift „Arial“" in r.stdout  # installed or replaced by a named font


def test_template_mit_unbekanntem_platzhalter(tmp_path: Path, cli):
    from docx import Document

    datei = tmp_path / "v.docx"
    doc = Document()
    doc.add_paragraph("{{ buergermeister }}")
    doc.add_paragraph("{{p inhalt }}")
    doc.save(str(datei))
    r = cli("template", str(datei))
    assert r.code == 1
    assert f"{datei}: Fehler: Platzhalter „buergermeister“ liefert berichtsgen nicht." in r.stderr
    assert "Quelle (wird ergänzt)" in r.stdout and "Verzeichnis 1 (wird ergänzt)" in r.stdout
    assert "Verzeichnis 1 (TOC" not in r.stdout  # added by berichtsgen, not the template's own


def test_template_sagt_voraus_was_check_und_build_finden(tmp_path: Path, cli):
    """Contrast, STYLEREF, NUMPAGES, numbered headings: named before a build (a logo without text
    is no fault: it is marked decorative)."""
    from docx import Document
    from docx.shared import RGBColor

    from hilfen import STANDARDVORLAGE, nummerierte_ueberschriften, vorlage_mit_feldern, vorlage_mit_logo

    datei = tmp_path / "cd.docx"
    vorlage_mit_feldern(STANDARDVORLAGE, datei)
    vorlage_mit_logo(datei, datei)
    nummerierte_ueberschriften(datei, datei)
    doc = Document(str(datei))
    doc.styles["Quelle"].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    doc.save(str(datei))
    r = cli("template", str(datei))
    assert r.code == 1
    assert "[kontrast]" in r.stderr and "[bild-ohne-alt]" not in r.stderr  # a logo is decorative
    for text in ("Feld STYLEREF", "Feld NUMPAGES", "Überschrift 1 ist nummeriert"):
        assert text in r.stdout


def test_leise_nennt_die_dateien_ohne_umwege(mini: Path, tmp_path: Path, cli):
    r = cli(
        "build", "2024", "--projekt", str(mini), "--format", "docx", "-q", "--ausgabe", str(tmp_path / "aus")
    )
    assert r.code == 0 and r.stdout.strip() == str(tmp_path / "aus" / "2024" / "testbericht-2024.docx")
