"""What a build leaves only while it runs: work folders and LibreOffice profiles, each locked.

A build holds an exclusive lock on a file in each folder it works in; the lock ends with the
process, however it ends. The next build removes the folders whose lock is free – what a build
killed with SIGKILL left behind – and leaves those of builds still running alone.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

SPERRE = ".berichtsgen-sperre"


VERLASSEN_NACH = 3600
"""Seconds after which a folder without a lock file counts as left (by a build killed between
making the folder and locking it); younger ones may be in the making."""


def sperren(ordner: Path) -> IO | None:
    """Lock `ordner` for this process (close the returned file to release); None where file locks
    do not exist.

    A lock file that exists (a kept LibreOffice profile) is locked where it is. A new one is locked
    under a name of its own first and then linked to its name, so a clean-up running meanwhile
    finds either no lock file (and leaves the folder alone) or a locked one – never a free one in a
    folder that is just being taken."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        return None
    pfad = ordner / SPERRE
    while True:
        try:
            f = pfad.open("r+")
        except FileNotFoundError:
            pass
        else:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                f.close()
                raise
            return f
        neu = ordner / f"{SPERRE}-{os.getpid()}-{threading.get_ident()}"
        f = neu.open("w")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _an_seinen_platz(neu, pfad)
        except FileExistsError:  # another process was quicker: lock (or fail on) its file
            f.close()
            continue
        except BaseException:
            f.close()
            raise
        finally:
            neu.unlink(missing_ok=True)
        return f


def _an_seinen_platz(neu: Path, pfad: Path) -> None:
    """Give the locked file `neu` the name `pfad`, unless it exists (FileExistsError)."""
    try:
        os.link(neu, pfad)
    except FileExistsError:
        raise
    except OSError:  # no hard links (some network shares): renamed, as nobody else makes it
        os.replace(neu, pfad)


@contextmanager
def _frei(ordner: Path) -> Iterator[bool]:
    """Whether no build holds `ordner` – locked for the time of the block where it has a lock
    file; one without counts as free only once it is `VERLASSEN_NACH` old (else it is being made)."""
    import fcntl

    try:
        f = (ordner / SPERRE).open("r+")
    except FileNotFoundError:
        try:
            alt = time.time() - ordner.stat().st_mtime > VERLASSEN_NACH
        except OSError:
            alt = False
        yield alt
        return
    except OSError:  # not ours
        yield False
        return
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held by a running build
            yield False
        else:
            yield True


def verwaiste_entfernen(ordner: Path, muster: str) -> list[Path]:
    """Remove the folders matching `muster` in `ordner` that no running build holds; return them."""
    import shutil

    try:
        import fcntl  # noqa: F401 – without file locks there is nothing to tell apart
    except ImportError:  # pragma: no cover
        return []
    entfernt = []
    for kandidat in ordner.glob(muster):
        if not kandidat.is_dir() or kandidat.is_symlink():
            continue
        with _frei(kandidat) as frei:
            if frei:
                shutil.rmtree(kandidat, ignore_errors=True)
                entfernt.append(kandidat)
    return entfernt
