"""`berichtsgen init`: a new project that builds at once, from the files inside the package."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from berichtsgen import EinstellungsFehler, FakeExport, build, check
from berichtsgen.anlegen import projekt_anlegen
from hilfen import absatz_texte, docx_xml


def test_neues_projekt_baut_sofort(tmp_path: Path):
    ziel = tmp_path / "sozialbericht"
    anlage = projekt_anlegen(ziel, 2025)
    assert anlage.angelegt == [
        "berechnungen.py",
        "berichtsgen.schema.json",  # the settings' JSON Schema, for the editor (#:schema in the toml)
        "berichtsgen.toml",
        ".gitignore",  # outputs and the computation cache stay out of git
        "inhalte/2025/00-vorwort.md",
        "inhalte/2025/01-einleitung.md",
        "inhalte/2025/02-handlungsfeld-a.md",
        "inhalte/2025/daten/bevoelkerung.csv",
        "inhalte/2025/daten/bevoelkerung.toml",
        "vorlagen/standard.docx",
    ]
    pruefung = check(2025, ziel)
    assert pruefung.fehler == [] and pruefung.warnungen == []
    docx, _pdf = build(2025, ziel, export=FakeExport()).dateien
    texte = absatz_texte(docx_xml(docx))
    assert "Handlungsfeld A: Mustertext eines Handlungsfelds" in texte
    assert any("Ende 2024 lebten in Musterstadt 40.000 Menschen" in t and "Tabelle 1" in t for t in texte)
    assert "Abbildung 1: Bevölkerung nach Stadtbezirk (Beispieldaten)" in texte
    assert "Quelle: Mustereintrag: Statistikstelle der Stadt; Stichtag: 31.12.2024" in texte
    tabelle = Document(str(docx)).tables[0]
    assert [c.text for c in tabelle.rows[-1].cells] == ["Insgesamt", "40.000", "100,0"]
    assert docx_xml(docx, "word/footnotes.xml") is not None


def test_vorhandenes_projekt_wird_nicht_ueberschrieben(tmp_path: Path):
    projekt_anlegen(tmp_path / "p", 2025)
    with pytest.raises(EinstellungsFehler, match="gibt es schon ein Projekt"):
        projekt_anlegen(tmp_path / "p", 2025)
    (tmp_path / "voll").mkdir()
    (tmp_path / "voll" / "notizen.txt").write_text("x", encoding="utf-8")
    with pytest.raises(EinstellungsFehler, match="nicht leer"):
        projekt_anlegen(tmp_path / "voll", 2025)


def test_init_befehl(tmp_path: Path, cli):
    r = cli("init", str(tmp_path / "neu"), "--jahr", "2025")
    assert r.code == 0, r.stderr
    assert (
        "Angelegt in" in r.stdout
        and f"Danach: berichtsgen build 2025 --projekt {tmp_path / 'neu'}" in r.stdout
    )
    assert (tmp_path / "neu" / "inhalte" / "2025" / "02-handlungsfeld-a.md").is_file()


def test_init_in_leeren_ordner_mit_ueblichen_rechten(tmp_path: Path):
    """Files are written whole (through temporary files), yet get the rights of any new file."""
    import os
    import stat

    ziel = tmp_path / "leer"
    ziel.mkdir()
    anlage = projekt_anlegen(ziel, 2025)
    maske = os.umask(0)
    os.umask(maske)
    for name in anlage.angelegt:
        assert stat.S_IMODE((ziel / name).stat().st_mode) == 0o666 & ~maske, name
    vorhanden = sorted(d.relative_to(ziel).as_posix() for d in ziel.rglob("*") if d.is_file())
    assert vorhanden == sorted(anlage.angelegt)  # no temporary file left
