"""Decorators that register the project's table, chart and value functions, and their loader."""

from __future__ import annotations

import contextvars
import runpy
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..fehler import BerichtsgenFehler, EinstellungsFehler, Ort, anzeigen

Art = Literal["tabelle", "diagramm", "wert"]

ART_NAME = {"tabelle": "Tabelle", "diagramm": "Diagramm", "wert": "Wert"}
FUNKTION_NAME = {"tabelle": "Tabellen-Funktion", "diagramm": "Diagramm-Funktion", "wert": "Wert-Funktion"}


@dataclass(frozen=True)
class Summe:
    """A declared check: `gesamt` equals the sum of `teile` (row or column labels)."""

    gesamt: str
    """Label of the total (a row label in the first column, or a column name)."""
    teile: tuple[str, ...]
    """Labels of the parts."""
    spalten: tuple[str, ...] = ()
    """For a totals row: the columns to compare (default: every column of numbers); rates and
    changes do not add up."""

    def __init__(self, gesamt: str, teile: Sequence[str], spalten: Sequence[str] = ()):
        object.__setattr__(self, "gesamt", gesamt)
        object.__setattr__(self, "teile", tuple(teile))
        object.__setattr__(self, "spalten", tuple(spalten))


@dataclass(frozen=True)
class Definition:
    """A registered function and what it declares about its result."""

    art: Art
    name: str
    funktion: Callable[..., Any]
    titel: str | None = None
    """Caption text (without "Tabelle N:")."""
    quelle: str | None = None
    """Source line text (without "Quelle:")."""
    stichtag: str | None = None
    """Reference date as printed, e.g. "31.12.2018"."""
    alt: str | Callable[..., str] | None = None
    """Alternative text of a chart, or a function of the Kontext that computes it from data."""
    summen: tuple[Summe, ...] = ()
    """Sum checks on the returned table."""
    summenzeilen: tuple[str, ...] = ("Insgesamt", "Gesamt", "Summe", "Zusammen")
    """Row labels printed bold as totals."""
    breite_cm: float | None = None
    """Printed width of a chart (default: the text width)."""
    nachkommastellen: int | dict[str, int] | None = None
    """Decimals of a table's non-integer columns: one number for all, or by column name
    (default: as the data file wrote them, else the project's `nachkommastellen`)."""
    ort: Ort = field(default_factory=Ort)
    """Where the function is defined."""


_aktiv: contextvars.ContextVar[list[Definition] | None] = contextvars.ContextVar(
    "berichtsgen_register", default=None
)


def _registrieren(definition: Definition) -> None:
    ziel = _aktiv.get()
    if ziel is not None:
        ziel.append(definition)


def _ort_von(funktion: Callable[..., Any]) -> Ort:
    code = getattr(funktion, "__code__", None)
    if code is None:
        return Ort()
    return Ort(code.co_filename, code.co_firstlineno)


def tabelle(
    name: str,
    *,
    titel: str,
    quelle: str | None = None,
    stichtag: str | None = None,
    summen: Sequence[Summe] = (),
    summenzeilen: Sequence[str] | None = None,
    nachkommastellen: int | dict[str, int] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function that returns a pandas DataFrame as the computed table `name`.

    The function receives a `Kontext` (year, data files). `summen` declares totals that must
    equal the sum of their parts; a mismatch stops the build, naming data file and row.
    `nachkommastellen` fixes the decimals of non-integer columns (a number, or by column name);
    without it a value keeps the decimals its data file wrote, and computed values get the
    project's `nachkommastellen` (default 1). Rounding is half away from zero (DIN 1333).
    """

    def dekorator(funktion: Callable[..., Any]) -> Callable[..., Any]:
        extra: dict[str, Any] = {"summenzeilen": tuple(summenzeilen)} if summenzeilen is not None else {}
        if nachkommastellen is not None:
            extra["nachkommastellen"] = nachkommastellen
        _registrieren(
            Definition(
                "tabelle",
                name,
                funktion,
                titel,
                quelle,
                stichtag,
                None,
                tuple(summen),
                ort=_ort_von(funktion),
                **extra,
            )
        )
        return funktion

    return dekorator


def diagramm(
    name: str,
    *,
    titel: str,
    alt: str | Callable[..., str] | None = None,
    quelle: str | None = None,
    stichtag: str | None = None,
    breite_cm: float | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function that returns a matplotlib Figure as the chart `name`.

    `alt` describes the chart for people who cannot see it: a text, or a function of the
    Kontext that writes it from the data; without it, berichtsgen writes one from the values
    drawn in the figure. Do not set a title inside the figure: the caption
    carries `titel`.
    """

    def dekorator(funktion: Callable[..., Any]) -> Callable[..., Any]:
        _registrieren(
            Definition(
                "diagramm",
                name,
                funktion,
                titel,
                quelle,
                stichtag,
                alt,
                breite_cm=breite_cm,
                ort=_ort_von(funktion),
            )
        )
        return funktion

    return dekorator


def wert(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function that returns a single value, used in text as `{{ wert("name") }}`."""

    def dekorator(funktion: Callable[..., Any]) -> Callable[..., Any]:
        _registrieren(Definition("wert", name, funktion, ort=_ort_von(funktion)))
        return funktion

    return dekorator


@dataclass
class Register:
    """All functions a project registered, by kind and name."""

    eintraege: dict[Art, dict[str, Definition]] = field(
        default_factory=lambda: {"tabelle": {}, "diagramm": {}, "wert": {}}
    )

    def hinzufuegen(self, definition: Definition, wurzel: Path | None = None) -> None:
        """Add `definition`; the same name twice is an error naming both places (relative to `wurzel`)."""
        vorhanden = self.eintraege[definition.art].get(definition.name)
        if vorhanden is not None and vorhanden.funktion is not definition.funktion:
            erst = vorhanden.ort.text(wurzel)
            raise EinstellungsFehler(
                f"{ART_NAME[definition.art]} „{definition.name}“ ist doppelt definiert, auch in {erst}.",
                Ort(definition.ort.datei, definition.ort.zeile),
                "Geben Sie einer der beiden Funktionen einen anderen Namen.",
            )
        self.eintraege[definition.art][definition.name] = definition

    def namen(self, art: Art) -> set[str]:
        """Return the registered names of kind `art`."""
        return set(self.eintraege[art])


@contextmanager
def _sammeln() -> Iterator[list[Definition]]:
    ziel: list[Definition] = []
    token = _aktiv.set(ziel)
    try:
        yield ziel
    finally:
        _aktiv.reset(token)


def module_laden(dateien: Sequence[Path], wurzel: Path | None = None) -> Register:
    """Run the project's Python files and collect what they register.

    Each file runs fresh, so a script that builds several reports in one process sees changes.
    `wurzel` is the project folder, for naming files in messages.
    """
    register = Register()
    for datei in dateien:
        if not datei.is_file():
            raise EinstellungsFehler(
                f"Berechnungsdatei „{anzeigen(datei, wurzel)}“ nicht gefunden.",
                Ort("berichtsgen.toml"),
                "Prüfen Sie die Einstellung „module“.",
            )
        ordner = str(datei.parent)
        sys.path.insert(0, ordner)  # allow helpers next to the file to be imported
        try:
            with _sammeln() as gesammelt:
                runpy.run_path(str(datei), run_name=f"berichtsgen_projekt_{datei.stem}")
        except SyntaxError as exc:
            raise EinstellungsFehler(
                f"Python-Syntaxfehler (Python: {exc.msg}).",
                Ort(datei, exc.lineno),
                "Die Datensachbearbeitung muss die Datei korrigieren.",
            ) from None
        except BerichtsgenFehler:
            raise  # a duplicate name and other errors of berichtsgen's own
        except (Exception, SystemExit) as exc:
            zeile = None
            for frame in traceback.extract_tb(exc.__traceback__):
                if frame.filename == str(datei):
                    zeile = frame.lineno
            raise EinstellungsFehler(
                f"Berechnungsdatei „{anzeigen(datei, wurzel)}“ bricht beim Laden ab "
                f"(Python: {type(exc).__name__}: {exc}).",
                Ort(datei, zeile),
                "Die Datensachbearbeitung muss die Datei korrigieren; beim Laden nur Funktionen definieren.",
            ) from None
        finally:
            sys.path.remove(ordner)
        for definition in gesammelt:
            register.hinzufuegen(definition, wurzel)
    return register
