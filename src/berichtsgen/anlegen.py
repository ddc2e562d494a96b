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

from .dateien import atomar_schreiben, schreibfehler
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
    """Create a project in `ordner` for the report `jahr` (default: this year); never overwrite.

    Each file is written whole (a temporary file renamed into place); when one cannot be written
    (no permission, a full disk), what was created so far is removed again.
    """
    ziel = Path(ordner)
    jahr = jahr or dt.date.today().year
    was = "Das Projekt lässt sich nicht anlegen"
    if (ziel / KONFIGURATION).exists():
        raise EinstellungsFehler(
            f"In „{ziel}“ gibt es schon ein Projekt ({KONFIGURATION}).",
            None,
            "Wählen Sie einen leeren Ordner: berichtsgen init ORDNER",
        )
    try:
        leer = not ziel.exists() or not any(ziel.iterdir())
    except OSError as exc:
        raise schreibfehler(exc, ziel, was) from None
    if not leer:
        raise EinstellungsFehler(
            f"Der Ordner „{ziel}“ ist nicht leer.", None, "Wählen Sie einen neuen oder leeren Ordner."
        )
    dateien: list[tuple[str, bytes]] = []
    for name, quelle in _dateien(files("berichtsgen").joinpath("geruest")):
        text = quelle.read_text(encoding="utf-8")
        text = text.replace("@@JAHR@@", str(jahr)).replace("@@VORJAHR@@", str(jahr - 1))
        # outputs and the cache stay out of git
        dateien.append(
            (name.replace("JAHR", str(jahr)).replace("gitignore", ".gitignore"), text.encode("utf-8"))
        )
    with as_file(files("berichtsgen").joinpath("vorlagen/standard.docx")) as standard:
        dateien.append(("vorlagen/standard.docx", Path(standard).read_bytes()))

    anlage = Anlage(ziel, jahr)
    angelegt: list[Path] = []  # files and folders created, removed again in reverse on an error
    pfad = ziel
    try:
        for name, inhalt in dateien:
            pfad = ziel / name
            for ordner in reversed([pfad.parent, *pfad.parent.parents]):
                if not ordner.exists():
                    pfad = ordner
                    ordner.mkdir()
                    angelegt.append(ordner)
            pfad = ziel / name
            atomar_schreiben(pfad, inhalt)
            angelegt.append(pfad)
            anlage.angelegt.append(name)
    except BaseException as exc:  # a full disk, no permission, Ctrl-C: nothing stays
        for weg in reversed(angelegt):
            try:
                weg.rmdir() if weg.is_dir() else weg.unlink()
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise schreibfehler(exc, pfad, was) from None
        raise
    return anlage
