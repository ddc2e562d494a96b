"""Watch mode for editors: rebuild the report whenever a chapter, data file, module, the template
or the settings change, with LibreOffice kept warm and the computation cache in use.

Each rebuild prints one line with the time; an error is shown and watching goes on; the last good
report stays in place because `build` replaces its outputs only on success.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fehler import BerichtsgenFehler, PruefFehler, details_ablegen, sekunden
from .projekt import hilfsdatei

if TYPE_CHECKING:
    import threading

    from .bau import BauErgebnis

BEOBACHTET = {
    ".md",
    ".csv",
    ".txt",
    ".zip",
    ".xlsx",
    ".xlsm",
    ".toml",
    ".py",
    ".docx",
    ".png",
    ".jpg",
    ".jpeg",
    ".svg",
}
"""The kinds of file whose change rebuilds the report."""

_NIE = (".berichtsgen-cache", ".git", "__pycache__", ".venv", ".ipynb_checkpoints")


def _zeit() -> str:
    return time.strftime("%H:%M:%S")


class _Filter:
    """Which changes count: files of the kinds above inside the project (or the template), not the
    outputs, the cache, temporary and lock files of Word and LibreOffice."""

    def __init__(self, wurzel: Path, ausgabe: Path, vorlage: Path | None):
        self.wurzel, self.ausgabe, self.vorlage = wurzel, ausgabe, vorlage

    def __call__(self, _aenderung: Any, pfad: str) -> bool:
        datei = Path(pfad)
        if self.vorlage is not None and datei == self.vorlage:
            return True
        if hilfsdatei(datei.name) or datei.name.endswith(".tmp"):
            return False
        if datei.suffix.lower() not in BEOBACHTET:
            return False
        try:
            teile = datei.relative_to(self.wurzel).parts
        except ValueError:
            return False
        if any(t in _NIE or t.startswith(".berichtsgen-") for t in teile):
            return False
        return not datei.is_relative_to(self.ausgabe)


def beobachten(
    jahr: int,
    projekt: str | os.PathLike[str] = ".",
    *,
    formate: Iterable[str] | None = None,
    vorlage: str | os.PathLike[str] | None = None,
    ausgabe: str | os.PathLike[str] | None = None,
    parameter: Mapping[str, Any] | None = None,
    melde: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    entprellen_ms: int = 400,
) -> None:
    """Build the report for `jahr`, then again after every change, until `stop` is set.

    Ctrl-C and (under the command line) SIGTERM end it with KeyboardInterrupt or
    `signale.Abgebrochen`, during a build as while waiting; neither is reported as a failed build.

    `melde` receives one German line per build: the time, how long it took and what it wrote, or
    the error. Changes arriving within `entprellen_ms` count as one (an editor's save in Word
    writes several files).
    """
    import logging

    import watchfiles

    from .bau import _formate, build
    from .vorbereitung import projekt_mit_optionen as _projekt

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # its English notes are not for editors

    p = _projekt(jahr, projekt, vorlage, ausgabe, parameter)
    ziel_formate = _formate(formate, p)
    vorlage_pfad = (p.wurzel / p.einstellungen.vorlage).resolve() if p.einstellungen.vorlage else None
    orte = {p.wurzel}
    if (
        vorlage_pfad is not None
        and not vorlage_pfad.is_relative_to(p.wurzel)
        and vorlage_pfad.parent.is_dir()
    ):
        orte.add(vorlage_pfad.parent)  # a corporate template on a shared drive
    filter_ = _Filter(p.wurzel, p.ausgabeordner.parent, vorlage_pfad)

    with ExitStack() as stapel:
        export = None
        if "pdf" in ziel_formate:
            from .export import LibreOfficeExport

            export = stapel.enter_context(LibreOfficeExport())

        def bauen(anlass: str) -> None:
            start = time.perf_counter()
            try:
                ergebnis = build(
                    jahr,
                    p.wurzel,
                    formate=ziel_formate,
                    vorlage=vorlage,
                    ausgabe=ausgabe,
                    export=export,
                    parameter=parameter,
                )
            except PruefFehler as exc:
                melde(
                    f"{_zeit()} {anlass}: {len(exc.befunde)} Fehler, der letzte gute Bericht bleibt stehen."
                )
                for befund in exc.befunde:
                    if befund.fehler:
                        melde(f"  {befund.zeile()}")
                return
            except BerichtsgenFehler as exc:
                melde(f"{_zeit()} {anlass}: Fehler, der letzte gute Bericht bleibt stehen. {exc.zeile()}")
                return
            except Exception:  # a defect in berichtsgen: say where the details are, keep watching
                melde(f"{_zeit()} {anlass}: Interner Fehler in berichtsgen. {details_ablegen()}")
                return
            melde(
                f"{_zeit()} {anlass}: gebaut in {sekunden(time.perf_counter() - start)}: {_beschreiben(p, ergebnis)}"
            )

        # the watcher runs before the first build: what changes while it builds is built next
        aenderungen_folge = watchfiles.watch(
            *orte,
            watch_filter=filter_,
            debounce=entprellen_ms,
            step=50,
            stop_event=stop,
            raise_interrupt=True,  # Ctrl-C and SIGTERM end watching (the CLI exits 130/143)
            yield_on_timeout=True,
            rust_timeout=200,
        )
        if next(aenderungen_folge, None) is None:  # stopped before anything was built
            return
        bauen("Erster Bau")
        melde(f"Beobachte den Projektordner {p.wurzel}; beenden mit Strg+C.")
        for aenderungen in aenderungen_folge:
            if not aenderungen:  # a timeout: nothing changed
                continue
            namen = sorted({Path(pfad).name for _art, pfad in aenderungen})
            anlass = ", ".join(namen[:3]) + (f" und {len(namen) - 3} weitere" if len(namen) > 3 else "")
            bauen(f"{anlass} geändert")


def _beschreiben(p, ergebnis: BauErgebnis) -> str:
    dateien = ", ".join(p.relativ(d) for d in ergebnis.dateien)
    teile = [dateien]
    if ergebnis.seiten:
        teile.append(f"{ergebnis.seiten} Seiten")
    warnungen = len(ergebnis.befunde)
    if warnungen:
        teile.append(
            f"{warnungen} {'Warnung' if warnungen == 1 else 'Warnungen'} (berichtsgen check zeigt sie)"
        )
    return ", ".join(teile)
