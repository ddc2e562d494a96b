"""Start a new report project: `berichtsgen init [ORDNER]`.

The project builds at once: commented settings, a Vorwort, an Einleitung and one Handlungsfeld
chapter (text, table, chart, cross-reference, footnote), one data file with its sidecar, the
project's functions and a copy of the neutral template, which editors may change in Word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from .fehler import EinstellungsFehler
from .projekt import KONFIGURATION


@dataclass
class Anlage:
    """What `init` created and what to do next."""

    ordner: Path
    jahr: int
    angelegt: list[str] = field(default_factory=list)


def _dateien(wurzel: Traversable, weg: str = "") -> list[tuple[str, Traversable]]:
    ergebnis = []
    for eintrag in sorted(wurzel.iterdir(), key=lambda e: e.name):
        name = f"{weg}{eintrag.name}"
        if eintrag.is_dir():
            if eintrag.name != "__pycache__":
                ergebnis += _dateien(eintrag, name + "/")
        elif not eintrag.name.endswith(".pyc"):
            ergebnis.append((name, eintrag))
    return ergebnis


def projekt_anlegen(ordner: str | Path = ".", jahr: int | None = None) -> Anlage:
    """Create a project in `ordner` for the report `jahr` (default: this year); never overwrite."""
    ziel = Path(ordner)
    jahr = jahr or dt.date.today().year
    if (ziel / KONFIGURATION).exists():
        raise EinstellungsFehler(
            f"In „{ziel}“ gibt es schon ein Projekt ({KONFIGURATION}).",
            None,
            "Wählen Sie einen leeren Ordner: berichtsgen init ORDNER",
        )
    if ziel.exists() and any(ziel.iterdir()):
        raise EinstellungsFehler(
            f"Der Ordner „{ziel}“ ist nicht leer.", None, "Wählen Sie einen neuen oder leeren Ordner."
        )
    anlage = Anlage(ziel, jahr)
    for name, quelle in _dateien(files("berichtsgen").joinpath("neu")):
        pfad = ziel / name.replace("JAHR", str(jahr)).replace("gitignore", ".gitignore")  # outputs, cache
        pfad.parent.mkdir(parents=True, exist_ok=True)
        text = quelle.read_text(encoding="utf-8")
        pfad.write_text(
            text.replace("@@JAHR@@", str(jahr)).replace("@@VORJAHR@@", str(jahr - 1)), encoding="utf-8"
        )
        anlage.angelegt.append(pfad.relative_to(ziel).as_posix())
    vorlage = ziel / "vorlagen" / "standard.docx"
    vorlage.parent.mkdir(parents=True, exist_ok=True)
    with as_file(files("berichtsgen").joinpath("vorlagen/standard.docx")) as standard:
        vorlage.write_bytes(Path(standard).read_bytes())
    anlage.angelegt.append("vorlagen/standard.docx")
    return anlage
