"""Error types that carry a location, and the German one-line format for them.

The library raises these; only the command line turns them into output and exit codes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Ort:
    """A place in a project file that a message points to."""

    datei: Path | str | None = None
    """The file, as the user knows it (relative to the project where possible)."""
    zeile: int | None = None
    """1-based line number, if known."""

    def __str__(self) -> str:
        if self.datei is None:
            return ""
        text = Path(self.datei).as_posix() if isinstance(self.datei, Path) else str(self.datei)
        return f"{text}:{self.zeile}" if self.zeile else text


class BerichtsgenFehler(Exception):
    """An error in the user's project (content, data, template, settings) or its environment.

    `meldung` is one German sentence, `ort` where it happened, `hinweis` what to do about it.
    """

    art = "Fehler"

    def __init__(self, meldung: str, ort: Ort | None = None, hinweis: str | None = None):
        super().__init__(meldung)
        self.meldung = meldung
        self.ort = ort or Ort()
        self.hinweis = hinweis

    def zeile(self) -> str:
        """Format the error as the one line the user sees."""
        ort = str(self.ort)
        text = f"{ort}: {self.art}: {self.meldung}" if ort else f"{self.art}: {self.meldung}"
        if self.hinweis:
            text += f" {self.hinweis}"
        return text

    def __str__(self) -> str:
        return self.zeile()


class InhaltsFehler(BerichtsgenFehler):
    """A mistake in Markdown, front matter or an expression in it."""


class DatenFehler(BerichtsgenFehler):
    """A data file that is missing, unreadable or fails a declared check."""


class VorlagenFehler(BerichtsgenFehler):
    """A Word template that lacks what the report needs."""


class EinstellungsFehler(BerichtsgenFehler):
    """A problem in berichtsgen.toml or the project layout."""


class ExportFehler(BerichtsgenFehler):
    """LibreOffice is missing, failed or produced an invalid PDF."""


def vorschlag(name: str, bekannte: list[str] | set[str]) -> str | None:
    """Return a 'Meinten Sie …?' hint for `name` from the `bekannte` names, if one is close."""
    treffer = difflib.get_close_matches(name, sorted(bekannte), n=1, cutoff=0.6)
    if treffer:
        return f"Meinten Sie „{treffer[0]}“?"
    if bekannte:
        return "Bekannt sind: " + ", ".join(f"„{n}“" for n in sorted(bekannte)) + "."
    return None


@dataclass
class Befund:
    """One finding of the project check: a rule, where it was broken, and how bad it is."""

    regel: str
    """Short rule name, e.g. "alt-wiederholt-titel"."""
    meldung: str
    ort: Ort
    hinweis: str | None = None
    fehler: bool = True
    """An error stops the build; otherwise a warning."""
    info: bool = False
    """Neither error nor warning: what `check` reports for information (e.g. how a file was read)."""

    def zeile(self) -> str:
        """Format the finding as the one line the user sees, with its rule."""
        art = "Info" if self.info else "Fehler" if self.fehler else "Warnung"
        ort = str(self.ort)
        text = f"{ort}: {art}: {self.meldung}" if ort else f"{art}: {self.meldung}"
        text += f" [{self.regel}]"
        if self.hinweis:
            text += f" {self.hinweis}"
        return text


class PruefFehler(BerichtsgenFehler):
    """The project check found errors; `befunde` holds every finding (errors and warnings)."""

    def __init__(self, befunde: list[Befund]):
        fehler = [b for b in befunde if b.fehler]
        super().__init__(f"Die Prüfung fand {len(fehler)} Fehler.")
        self.befunde = befunde

    def zeile(self) -> str:
        """One line per error finding."""
        return "\n".join(b.zeile() for b in self.befunde if b.fehler)
