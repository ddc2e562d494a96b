"""A series: one project, many reports, one per row of a parameter list (e.g. one per Stadtteil).

The list is the section `[parameter]` of berichtsgen.toml: a file with one row per report
(`datei = "stadtteile.csv"`, the column headings are the parameter names) or the rows themselves
(`liste = [{ stadtteil = "Opladen" }, …]`). `build_many` builds every report on any
`concurrent.futures.Executor`: on its own process pool the workers share LibreOffice in the calling
process (`export.geteilt`), on another executor each worker keeps its own warm.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import signale
from .fehler import BerichtsgenFehler, EinstellungsFehler, Ort, sekunden
from .parameterliste import BEISPIEL, namen_pruefen, parameterliste
from .projekt import KONFIGURATION, Parameter, Projekt

if TYPE_CHECKING:
    from .bau import BauErgebnis, Fortschritt
    from .export import PdfExport
    from .export.geteilt import Anschluss, Dienst


@dataclass
class Einzelbericht:
    """One report of a series: its parameters, and what its build wrote or the error that stopped it."""

    parameter: Parameter
    ergebnis: BauErgebnis | None = None
    fehler: BaseException | None = None
    dauer: float = 0.0

    @property
    def ok(self) -> bool:
        return self.fehler is None

    def zeile(self) -> str:
        """One German line: the report and what became of it."""
        wer = self.parameter.beschreibung() or "ohne Parameter"
        if self.ergebnis is not None:
            dateien = ", ".join(d.name for d in self.ergebnis.dateien)
            return f"{wer}: {dateien} ({sekunden(self.dauer)})"
        if isinstance(self.fehler, BerichtsgenFehler):
            return f"{wer}: FEHLER {self.fehler.zeile()}"
        return f"{wer}: FEHLER (intern) {type(self.fehler).__name__}: {self.fehler}"


@dataclass
class Serienergebnis:
    """What `build_many` did: one `Einzelbericht` per parameter row, in the order of the list."""

    berichte: list[Einzelbericht] = field(default_factory=list)
    dauer: float = 0.0
    """Seconds for the whole series."""

    @property
    def gebaut(self) -> list[Einzelbericht]:
        return [b for b in self.berichte if b.ok]

    @property
    def fehlgeschlagen(self) -> list[Einzelbericht]:
        return [b for b in self.berichte if not b.ok]

    def zusammenfassung(self) -> list[str]:
        """German lines: how many reports were built, and each one that failed with its error."""
        n, gut = len(self.berichte), len(self.gebaut)
        kopf = f"{gut} von {n} Berichten gebaut in {sekunden(self.dauer)}"
        if not self.fehlgeschlagen:
            return [kopf + "."]
        return [f"{kopf}; {n - gut} mit Fehlern:"] + [f"  {b.zeile()}" for b in self.fehlgeschlagen]


@dataclass(frozen=True)
class _Auftrag:
    """What a worker needs to build one report (picklable: paths, texts, the parameters)."""

    jahr: int
    projekt: str
    parameter: Parameter
    formate: tuple[str, ...] | None
    vorlage: str | None
    ausgabe: str | None
    neu: bool
    pdf: Anschluss | None = None
    """The series' LibreOffice (on berichtsgen's own pool), else None: the worker starts its own."""


def build_many(
    jahr: int,
    projekt: str | os.PathLike[str] = ".",
    *,
    parameter: Iterable[Mapping[str, Any]] | None = None,
    executor: Executor | None = None,
    formate: Iterable[str] | None = None,
    vorlage: str | os.PathLike[str] | None = None,
    ausgabe: str | os.PathLike[str] | None = None,
    fortschritt: Fortschritt | None = None,
    neu: bool = False,
    prozesse: int | None = None,
) -> Serienergebnis:
    """Build one report of `jahr` per parameter row and return what became of each.

    `parameter` are the rows (default: the project's list in [parameter]). The reports run on
    `executor`, any `concurrent.futures.Executor` (a Dask client's `get_executor()` too), whose
    workers each keep a LibreOffice warm. Without one they run on a local process pool of
    `prozesse` workers (default: two per core where the reports get a PDF, else one) that share
    LibreOffice in this process: one for every two cores at most, fewer for a short series (see
    `export.geteilt`). One report's error does not stop the others: it is in its `Einzelbericht`.
    """
    from .vorbereitung import projekt_mit_optionen as _projekt

    melde = fortschritt or (lambda _t: None)
    start = time.perf_counter()
    p = _projekt(jahr, projekt, vorlage, ausgabe)  # as written: parameters go in per report
    zeilen = [Parameter(z) for z in parameter] if parameter is not None else parameterliste(p)
    if not zeilen:
        raise EinstellungsFehler(
            "Das Projekt hat keine Parameterliste.",
            Ort(KONFIGURATION),
            f"Eine Zeile je Bericht, zum Beispiel:\n{BEISPIEL}",
        )
    fehler = namen_pruefen(p, zeilen)
    if fehler:
        raise fehler[0]
    eigener = executor is None
    if not eigener and prozesse is not None:
        raise EinstellungsFehler(
            "„prozesse“ gilt nur für berichtsgens eigenen Prozesspool, nicht mit „executor“.",
            None,
            "Die Zahl der Arbeiter bestimmt dann der Executor.",
        )
    kerne = signale.kerne()
    dienst = _dienst(p, formate, len(zeilen), kerne) if eigener else None
    auftraege = [
        _Auftrag(
            jahr,
            str(Path(projekt).resolve()),
            z,
            tuple(formate) if formate else None,
            str(Path(vorlage).resolve()) if vorlage is not None else None,
            str(Path(ausgabe).resolve()) if ausgabe is not None else None,
            neu,
            dienst.anschluss if dienst is not None else None,
        )
        for z in zeilen
    ]
    if eigener:
        if prozesse is None:  # a worker waiting for the shared LibreOffice leaves its core to another
            prozesse = 2 * kerne if dienst is not None else kerne
        try:
            if dienst is not None:
                dienst.starten()  # LibreOffice boots while the pool forks and the reports are computed
                _vorab_laden()
            executor = lokaler_pool(prozesse, hoechstens=len(auftraege))
        except BaseException:
            if dienst is not None:
                dienst.schliessen()
            raise
    melde(f"{len(auftraege)} Berichte werden gebaut …")
    laufend = []
    try:
        laufend = [executor.submit(_bauen, a) for a in auftraege]
        if dienst is not None:  # the workers are forked: now threads may take their connections
            dienst.bedienen()
        berichte = []
        for auftrag, zukunft in zip(auftraege, laufend, strict=True):
            bericht = Einzelbericht(auftrag.parameter)
            try:
                bericht.ergebnis, bericht.dauer = zukunft.result()
            except BaseException as exc:  # noqa: BLE001 – each report keeps its own error
                if signale.ist_abbruch(exc):  # Ctrl-C or SIGTERM, here or in a worker: no failed report
                    raise
                bericht.fehler = exc
            berichte.append(bericht)
            melde(bericht.zeile())
    except BaseException as exc:
        if signale.ist_abbruch(exc):
            for zukunft in laufend:
                zukunft.cancel()
            if executor in _EIGENE_POOLS:
                signale.abbrechen(executor)
        raise
    finally:
        if eigener:
            executor.shutdown(wait=True, cancel_futures=True)
        if dienst is not None:
            dienst.schliessen()
    return Serienergebnis(berichte, time.perf_counter() - start)


BERICHTE_JE_LIBREOFFICE = 8
"""A series gets a further shared LibreOffice for every so many reports (up to one for every two
cores): its start (some 3 s of one core's time, mostly the hyphenation patterns) pays off only
over several conversions of about 0,25 s."""


def _dienst(p: Projekt, formate: Iterable[str] | None, berichte: int, kerne: int) -> Dienst | None:
    """The LibreOffice shared by the workers of berichtsgen's own pool, where the reports get a
    PDF (see `export.geteilt`)."""
    from .bau import _formate

    if berichte < 2 or "pdf" not in _formate(formate, p):
        return None
    from .export.geteilt import Dienst

    plaetze = min(-(-berichte // BERICHTE_JE_LIBREOFFICE), max(1, kerne // 2))
    return Dienst(p.einstellungen.sprache if p.einstellungen.silbentrennung else None, plaetze, berichte)


_VORAB = (
    "berichtsgen.inhalt.markdown",
    "berichtsgen.berechnung.kontext",
    "berichtsgen.berechnung.diagramme",
    "berichtsgen.darstellung.word",
    "berichtsgen.pruefung",
    "berichtsgen.export.pruefen",
)
"""What every build imports (pandas, matplotlib, python-docx, Markdown, Jinja with them): loaded
once before the pool forks, not in each worker – while the shared LibreOffice boots."""


def _vorab_laden() -> None:
    import importlib

    for modul in _VORAB:
        importlib.import_module(modul)


def lokaler_pool(prozesse: int | None = None, hoechstens: int | None = None) -> Executor:
    """A process pool of `prozesse` workers (by default one per core), not more than `hoechstens`."""
    import multiprocessing

    if prozesse is None:
        prozesse = signale.kerne()
    methode = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = signale.pool(max(1, min(prozesse, hoechstens or prozesse)), methode)
    _EIGENE_POOLS.add(pool)
    return pool


_EIGENE_POOLS: weakref.WeakSet[Executor] = weakref.WeakSet()
"""The pools `lokaler_pool` made: on Ctrl-C or SIGTERM their busy workers are told to stop (a pool
of the caller's own is only asked to cancel what has not begun)."""


# --- in the worker ------------------------------------------------------------------------------

_warm = threading.local()


def _warmer_export(anschluss: Anschluss | None) -> PdfExport:
    """This worker thread's exporter: with `anschluss`, the series' LibreOffice in the calling
    process; else its own, started with the first PDF and kept warm for the next report (it closes
    with the process, as every `LibreOfficeExport` does)."""
    if getattr(_warm, "pid", None) != os.getpid() or _warm.anschluss != anschluss:
        # a forked copy of a thread starts its own
        if anschluss is not None:
            from .export.geteilt import EntfernterExport

            _warm.export = EntfernterExport(anschluss)
        else:
            from .export import LibreOfficeExport

            _warm.export = LibreOfficeExport()
        _warm.pid, _warm.anschluss = os.getpid(), anschluss
    return _warm.export


def _bauen(auftrag: _Auftrag) -> tuple[BauErgebnis, float]:
    """Build one report of a series in a worker: its charts in this process (the workers already
    use the cores), the PDF with the worker's warm LibreOffice."""
    from .bau import build

    start = time.perf_counter()
    with signale.beschaeftigt():  # SIGTERM from the pool's owner aborts this build (and cleans up)
        ergebnis = build(
            auftrag.jahr,
            auftrag.projekt,
            formate=auftrag.formate,
            vorlage=auftrag.vorlage,
            ausgabe=auftrag.ausgabe,
            export=_warmer_export(auftrag.pdf),  # started only if the report gets a PDF
            neu=auftrag.neu,
            parameter=auftrag.parameter,
            diagramm_prozesse=1,
        )
    return ergebnis, time.perf_counter() - start
