"""What a build leaves only while it runs: work folders and LibreOffice profiles, each locked.

A build holds an exclusive lock on a file in each folder it works in; the lock ends with the
process, however it ends. The next build removes the folders whose lock is free – what a build
killed with SIGKILL left behind – and leaves those of builds still running alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

SPERRE = ".berichtsgen-sperre"


def sperren(ordner: Path) -> IO | None:
    """Lock `ordner` for this process (close the returned file to release); None where file locks
    do not exist."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        return None
    f = (ordner / SPERRE).open("a")
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
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
            with (kandidat / SPERRE).open("a") as f:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: no build runs there
                shutil.rmtree(kandidat, ignore_errors=True)
                entfernt.append(kandidat)
        except OSError:
            continue  # held by a running build, or not ours
    return entfernt
