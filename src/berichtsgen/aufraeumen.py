"""What a build leaves only while it runs: work folders and LibreOffice profiles, each locked.

A build holds an exclusive lock on a file in each folder it works in; the lock ends with the
process, however it ends. The next build removes the folders whose lock is free – what a build
killed with SIGKILL left behind – and leaves those of builds still running alone.
"""

from __future__ import annotations

import os
import threading
import time
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
            try:
                os.link(neu, pfad)
            except FileExistsError:
                raise
            except OSError:  # no hard links (some network shares): renamed, as nobody else makes it
                os.replace(neu, pfad)
        except FileExistsError:  # another process was quicker: lock (or fail on) its file
            f.close()
            continue
        except BaseException:
            f.close()
            raise
        finally:
            neu.unlink(missing_ok=True)
        return f


def verwaiste_entfernen(ordner: Path, muster: str) -> list[Path]:
    """Remove the folders matching `muster` in `ordner` that no running build holds; return them."""
    import shutil

    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return []
    entfernt = []
    for kandidat in ordner.glob(muster):
        if not kandidat.is_dir() or kandidat.is_symlink():
            continue
        try:
            f = (kandidat / SPERRE).open("r+")
        except FileNotFoundError:  # not locked yet: being made, or left long ago
            try:
                alt = time.time() - kandidat.stat().st_mtime > VERLASSEN_NACH
            except OSError:
                continue
            if alt:
                shutil.rmtree(kandidat, ignore_errors=True)
                entfernt.append(kandidat)
            continue
        except OSError:
            continue  # not ours
        with f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: no build runs there
            except OSError:
                continue  # held by a running build
            shutil.rmtree(kandidat, ignore_errors=True)
            entfernt.append(kandidat)
    return entfernt
