"""Signals that end berichtsgen: Ctrl-C (SIGINT), SIGTERM and SIGHUP.

The command line turns SIGTERM and SIGHUP into `Abgebrochen`, which like Python's own
KeyboardInterrupt derives from BaseException: no `except Exception` of a build, of the wrapper
around a data function, of watch or of a series takes it for a failed function or report, and every
clean-up (`finally`, context managers: work folders, LibreOffice) runs on the way out. The command
then exits with 128 + the signal's number: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.

Child processes that berichtsgen forks (chart drawing, the PDF check, the workers of a series)
get `kind_einrichten` as initializer: they leave Ctrl-C to the main process (a terminal sends it
to the whole process group), and on SIGTERM a series worker that is building aborts that build as
the main process would, while an idle one starts no further build and waits for the end its pool
sends it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

ABBRUCHSIGNALE = ("SIGTERM", "SIGHUP")
"""The signals the command line turns into `Abgebrochen` (SIGINT stays KeyboardInterrupt)."""


class Abgebrochen(BaseException):
    """The process received SIGTERM or SIGHUP: end at once, clean up, never count as a failure."""

    def __init__(self, nummer: int):
        super().__init__(nummer)
        self.nummer = nummer


_empfangen: int | None = None
"""The last signal turned into `Abgebrochen` (a library may have turned it into KeyboardInterrupt)."""

_beschaeftigt = False
"""In a child process: whether it is building (then SIGTERM aborts the build)."""

_beendet: int | None = None
"""In a child process: the SIGTERM or SIGHUP it received while idle (it starts no further build)."""


def ist_abbruch(exc: BaseException) -> bool:
    """Whether `exc` means the user or the system ended berichtsgen (not a failure)."""
    return isinstance(exc, (KeyboardInterrupt, Abgebrochen))


def rueckgabewert(exc: BaseException) -> int:
    """The exit code for an abort: 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM)."""
    if isinstance(exc, Abgebrochen):
        return 128 + exc.nummer
    return 128 + (_empfangen or signal.SIGINT)


def _abbrechen(nummer: int, _rahmen: object) -> None:
    global _empfangen
    _empfangen = nummer
    raise Abgebrochen(nummer)


def abfangen() -> dict[str, object]:
    """Turn SIGTERM and SIGHUP into `Abgebrochen` in this (main) thread; return the old handlers."""
    global _empfangen
    _empfangen = None
    vorher: dict[str, object] = {}
    for name in ABBRUCHSIGNALE:
        if hasattr(signal, name):
            try:
                vorher[name] = signal.signal(getattr(signal, name), _abbrechen)
            except ValueError:  # not the main thread (a script calling main from a thread)
                pass
    return vorher


def zuruecksetzen(vorher: dict[str, object]) -> None:
    """Restore the handlers `abfangen` replaced."""
    for name, behandlung in vorher.items():
        signal.signal(getattr(signal, name), behandlung)


def _im_kind(nummer: int, _rahmen: object) -> None:
    global _beendet
    _beendet = nummer
    if _beschaeftigt:
        raise Abgebrochen(nummer)


def kind_einrichten() -> None:
    """Initializer of a forked child process: Ctrl-C is the main process's; SIGTERM and SIGHUP
    abort a build in progress (`beschaeftigt`); an idle process starts no further build."""
    global _beschaeftigt, _beendet
    _beschaeftigt, _beendet = False, None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ABBRUCHSIGNALE:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _im_kind)


@contextmanager
def beschaeftigt() -> Iterator[None]:
    """Mark the child process as building for the time of the block (after a SIGTERM: refuse)."""
    global _beschaeftigt
    if _beendet is not None:  # a queued build after the end was asked for
        raise Abgebrochen(_beendet)
    _beschaeftigt = True
    try:
        yield
    finally:
        _beschaeftigt = False


def kerne() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pool(
    prozesse: int,
    methode: str = "fork",
    einrichten: Callable[..., None] | None = None,
    argumente: tuple = (),
) -> ProcessPoolExecutor:
    """Return a process pool of berichtsgen's own: its processes start with `kind_einrichten`
    (then `einrichten(*argumente)`: what the work needs, handed to each process once – with fork,
    without pickling), and `abbrechen(pool)` stops the work in them."""
    import functools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=prozesse,
        mp_context=multiprocessing.get_context(methode),
        initializer=functools.partial(_einrichten, einrichten, argumente),
    )


def _einrichten(einrichten: Callable[..., None] | None, argumente: tuple) -> None:
    kind_einrichten()
    if einrichten is not None:
        einrichten(*argumente)


def abbrechen(pool: ProcessPoolExecutor) -> None:
    """Send SIGTERM to every process of a pool made by `pool`: work in progress (in `beschaeftigt`)
    aborts and cleans up, and no process starts further work; `shutdown` then ends them."""
    for prozess in list((getattr(pool, "_processes", None) or {}).values()):  # private, stable since 3.3
        if prozess.is_alive() and prozess.pid is not None:
            try:
                os.kill(prozess.pid, signal.SIGTERM)
            except OSError:
                pass
