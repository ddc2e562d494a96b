"""Error types and findings that carry a location, and the German one-line format for them.

The library raises these; only the command line turns them into output and exit codes.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Schwere = Literal["fehler", "warnung", "info"]
"""How bad a finding is: an error stops the build, a warning is shown, an info only reported by check."""


def anzeigen(pfad: Path | str, wurzel: Path | None) -> str:
    """A file as the user knows it: relative to the project folder `wurzel` where it lies inside
    (as written first, so that a link stays a link), else as given (an absolute path without "..").
    The one way berichtsgen shows a path in a message."""
    pfad = Path(pfad)
    if wurzel is None or not pfad.is_absolute():
        return pfad.as_posix()
    normal = Path(os.path.normpath(pfad))
    for w in (wurzel, wurzel.resolve()):
        try:
            return normal.relative_to(w).as_posix()
        except ValueError:
            pass
    try:
        return pfad.resolve().relative_to(wurzel.resolve()).as_posix()
    except ValueError:
        return normal.as_posix()


@dataclass(frozen=True)
class Ort:
    """A place in a project file that a message points to; a value, never changed.

    `datei` is the real path (or a name as the user knows it). Where it is made, a place does not
    know the project; the error or finding that carries it gets a copy with the project folder
    once, at the edge (`build` and `check` call `verorten` on everything that leaves them), and
    is shown relative to it from then on.
    """

    datei: Path | str | None = None
    """The file: an absolute path, or a path relative to the project."""
    zeile: int | None = None
    """1-based line number, if known."""
    wurzel: Path | None = field(default=None, compare=False, repr=False)
    """The project folder the file is shown relative to (given at the edge)."""
    einheit: str | None = None
    """What `zeile` counts where a file has no lines a user sees: "Absatz" in a Word file."""

    def anzeige(self, wurzel: Path | None = None) -> str:
        """Return the file as the user knows it: relative to the project folder (`wurzel`, else
        the one the place was given) where possible."""
        return "" if self.datei is None else anzeigen(self.datei, wurzel or self.wurzel)

    def text(self, wurzel: Path | None = None) -> str:
        """The place as a message shows it ("datei:zeile"), relative to the project where possible."""
        datei = self.anzeige(wurzel)
        if datei and self.zeile:
            return f"{datei}:{self.einheit} {self.zeile}" if self.einheit else f"{datei}:{self.zeile}"
        return datei

    def verortet(self, wurzel: Path) -> Ort:
        """This place, shown relative to the project folder `wurzel`."""
        return replace(self, wurzel=wurzel)

    def __str__(self) -> str:
        return self.text()


class BerichtsgenFehler(Exception):
    """An error in the user's project (content, data, template, settings) or its environment.

    `meldung` is one German sentence, `ort` where it happened, `hinweis` what to do about it.
    """

    art = "Fehler"
    regel = "inhalt"
    """The rule the line names, as a finding does ("[vorlage]"): which kind of mistake it is."""

    def __init__(self, meldung: str, ort: Ort | None = None, hinweis: str | None = None):
        super().__init__(meldung)
        self.meldung = meldung
        self.ort = ort or Ort()
        self.hinweis = hinweis

    def __reduce__(self):
        """Keep place and hint when the error travels between processes (parallel charts)."""
        return (_wiederherstellen, (type(self), self.meldung, self.ort, self.hinweis))

    def verorten(self, wurzel: Path) -> BerichtsgenFehler:
        """Show the file of the error relative to the project folder `wurzel`; return the error."""
        self.ort = self.ort.verortet(wurzel)
        return self

    def zeile(self) -> str:
        """Format the error as the one line the user sees."""
        ort = str(self.ort)
        text = f"{ort}: {self.art}: {self.meldung}" if ort else f"{self.art}: {self.meldung}"
        if self.regel:
            text += f" [{self.regel}]"
        if self.hinweis:
            text += f" {self.hinweis}"
        return text

    def __str__(self) -> str:
        return self.zeile()


def _wiederherstellen(art: type, meldung: str, ort: Ort, hinweis: str | None) -> BerichtsgenFehler:
    fehler = BerichtsgenFehler.__new__(art)
    BerichtsgenFehler.__init__(fehler, meldung, ort, hinweis)
    return fehler


class InhaltsFehler(BerichtsgenFehler):
    """A mistake in Markdown, front matter or an expression in it."""


class DatenFehler(BerichtsgenFehler):
    """A data file that is missing, unreadable or fails a declared check."""

    regel = "daten"


class VorlagenFehler(BerichtsgenFehler):
    """A Word template that lacks what the report needs."""

    regel = "vorlage"


class EinstellungsFehler(BerichtsgenFehler):
    """A problem in berichtsgen.toml or the project layout."""

    regel = "einstellungen"


class ExportFehler(BerichtsgenFehler):
    """LibreOffice is missing, failed or produced an invalid PDF."""

    regel = "pdf"


class AusgabeFehler(BerichtsgenFehler):
    """The report could not be written: no permission, a full disk, a file size limit."""

    regel = "ausgabe"

    @classmethod
    def aus(
        cls,
        exc: OSError,
        wohin: Path | str,
        was: str = "Der Bericht lässt sich nicht schreiben",
        hinweise: dict[int, str] | None = None,
        sonst: str = "Prüfen Sie den Ausgabeordner.",
    ) -> AusgabeFehler:
        """Say in German why writing to `wohin` failed (the OS's English text stays out): `was`
        begins the sentence, the reason follows; `hinweise` by errno (default: those for the
        report's output folder), else `sonst`."""
        grund = SCHREIBGRUENDE.get(exc.errno, "das System meldet einen Fehler")
        hinweis = (AUSGABE_HINWEISE if hinweise is None else hinweise).get(exc.errno, sonst)
        return cls(f"{was}: {grund}.", Ort(wohin), hinweis)


SCHREIBGRUENDE = {
    errno.EACCES: "es fehlen Schreibrechte",
    errno.EPERM: "es fehlen Schreibrechte",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENOSPC: "der Datenträger ist voll",
    errno.EDQUOT: "das Speicherkontingent ist erschöpft",
    errno.EFBIG: "die Datei wäre größer, als das System erlaubt",
    errno.ENOTDIR: "ein Teil des Pfads ist eine Datei, kein Ordner",
}
"""Why a write failed, by errno, as a German clause."""

AUSGABE_HINWEISE = {
    errno.EACCES: "Wählen Sie mit --ausgabe einen Ordner, in den Sie schreiben dürfen.",
    errno.EPERM: "Wählen Sie mit --ausgabe einen Ordner, in den Sie schreiben dürfen.",
    errno.EROFS: "Wählen Sie mit --ausgabe einen anderen Ordner.",
    errno.ENOSPC: "Schaffen Sie Platz oder wählen Sie mit --ausgabe einen anderen Ordner.",
    errno.EDQUOT: "Schaffen Sie Platz oder fragen Sie die IT.",
    errno.EFBIG: "Fragen Sie die IT nach der Dateigrößen-Grenze (ulimit -f).",
    errno.ENOTDIR: "Prüfen Sie den Ausgabeordner.",
}
"""What to do when the report's output cannot be written."""


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
    """One German sentence."""
    ort: Ort
    """Where the rule was broken."""
    hinweis: str | None = None
    """What to do about it."""
    schwere: Schwere = "fehler"
    """"fehler" stops the build, "warnung" is shown, "info" is only reported by `check`."""

    def verorten(self, wurzel: Path) -> Befund:
        """Show the file of the finding relative to the project folder `wurzel`; return the finding."""
        self.ort = self.ort.verortet(wurzel)
        return self

    @property
    def fehler(self) -> bool:
        """Tell whether the finding stops the build."""
        return self.schwere == "fehler"

    @property
    def warnung(self) -> bool:
        """Tell whether the finding is a warning."""
        return self.schwere == "warnung"

    @property
    def info(self) -> bool:
        """Tell whether the finding is for information only."""
        return self.schwere == "info"

    def zeile(self) -> str:
        """Format the finding as the one line the user sees, with its rule."""
        art = {"fehler": "Fehler", "warnung": "Warnung", "info": "Info"}[self.schwere]
        ort = str(self.ort)
        text = f"{ort}: {art}: {self.meldung}" if ort else f"{art}: {self.meldung}"
        text += f" [{self.regel}]"
        if self.hinweis:
            text += f" {self.hinweis}"
        return text

    @classmethod
    def aus_fehler(cls, fehler: BerichtsgenFehler) -> Befund:
        """Turn an error into a finding of the rule its kind names ("daten", "inhalt", "vorlage" …)."""
        return cls(fehler.regel or "inhalt", fehler.meldung, fehler.ort, fehler.hinweis)


class Fehlerliste(BerichtsgenFehler):
    """Several mistakes of one file found at once (every wrong setting of berichtsgen.toml, every
    wrong entry of a front matter): the first one is the error's message and place; the lines
    the user sees list them all, one each. `check` reports each as a finding of its own."""

    def __init__(self, fehler: list[BerichtsgenFehler]):
        erster = fehler[0]
        super().__init__(erster.meldung, erster.ort, erster.hinweis)
        self.art, self.regel = erster.art, erster.regel
        self.fehler = fehler

    def __reduce__(self):
        return (Fehlerliste, (self.fehler,))

    def verorten(self, wurzel: Path) -> Fehlerliste:
        for f in self.fehler:
            f.verorten(wurzel)
        super().verorten(wurzel)
        return self

    def zeile(self) -> str:
        return "\n".join(f.zeile() for f in self.fehler)


def melden(fehler: list[BerichtsgenFehler]) -> None:
    """Raise what `fehler` holds: nothing, the one error, or all of them at once."""
    if len(fehler) == 1:
        raise fehler[0]
    if fehler:
        raise Fehlerliste(fehler)


def einzeln(fehler: BerichtsgenFehler) -> list[BerichtsgenFehler]:
    """The errors an error stands for: those of a `Fehlerliste`, else itself."""
    return list(fehler.fehler) if isinstance(fehler, Fehlerliste) else [fehler]


class PruefFehler(BerichtsgenFehler):
    """The project check found errors; `befunde` holds every finding (errors and warnings)."""

    def __init__(self, befunde: list[Befund]):
        fehler = [b for b in befunde if b.fehler]
        super().__init__(f"Die Prüfung fand {len(fehler)} Fehler.")
        self.befunde = befunde

    def verorten(self, wurzel: Path) -> PruefFehler:
        """Show the files of all findings relative to the project folder `wurzel`."""
        for b in self.befunde:
            b.verorten(wurzel)
        return self

    def zeile(self) -> str:
        """One line per error finding."""
        return "\n".join(b.zeile() for b in self.befunde if b.fehler)


STEUERZEICHEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
"""Characters a Word file cannot hold (XML 1.0), besides tab and line breaks."""


def steuerzeichen(text: str) -> tuple[int, str] | None:
    """Return the line (1-based) and the code (U+0001) of the first character a Word file cannot
    hold, or None: such characters are an error where the editors or data staff wrote them."""
    treffer = STEUERZEICHEN.search(text)
    if treffer is None:
        return None
    return text.count("\n", 0, treffer.start()) + 1, f"U+{ord(treffer.group(0)):04X}"


@contextmanager
def verortet(wurzel: Path) -> Iterator[None]:
    """Show the files of every error leaving the block relative to the project folder `wurzel`."""
    try:
        yield
    except BerichtsgenFehler as exc:
        raise exc.verorten(wurzel) from None


def sekunden(wert: float) -> str:
    """A duration as a German line shows it: "2,3 s"."""
    return f"{wert:.1f}".replace(".", ",") + " s"


def details_ablegen() -> str:
    """Write the traceback of the exception being handled (a defect in berichtsgen) to a file and
    return the German sentence that says where it is."""
    import tempfile
    import traceback

    try:
        with tempfile.NamedTemporaryFile("w", prefix="berichtsgen-fehler-", suffix=".txt", delete=False) as f:
            traceback.print_exc(file=f)
    except OSError:  # not even that can be written (a full disk)
        return "Die Details ließen sich nicht speichern (Datenträger voll?)."
    return f"Details stehen in {f.name}; bitte mit dieser Datei melden."
