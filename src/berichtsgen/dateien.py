"""Writing the project's own files (settings, chapters, a new project): each whole or not at all.

A file is written to a temporary file in its own folder and renamed over the old one, so a full
disk, a missing permission or a kill leaves the old file exactly as it was (or no file).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path

from .fehler import AusgabeFehler

_NICHTS = "; verändert wurde nichts."
_HINWEISE = {
    errno.ENOSPC: "Schaffen Sie Platz und rufen Sie den Befehl erneut auf" + _NICHTS,
    errno.EDQUOT: "Schaffen Sie Platz oder fragen Sie die IT, dann rufen Sie den Befehl erneut auf" + _NICHTS,
    errno.EACCES: "Wählen Sie einen Ordner, in den Sie schreiben dürfen" + _NICHTS,
    errno.EPERM: "Wählen Sie einen Ordner, in den Sie schreiben dürfen" + _NICHTS,
    errno.EROFS: "Wählen Sie einen anderen Ordner" + _NICHTS,
    errno.EFBIG: "Fragen Sie die IT nach der Dateigrößen-Grenze (ulimit -f)" + _NICHTS,
}
"""What to do when a project file cannot be written (the reasons are `fehler.SCHREIBGRUENDE`)."""


def benutzer_cache() -> Path:
    """berichtsgen's folder in the user's cache (XDG): the cache key, kept LibreOffice profiles."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "berichtsgen"


def schreibfehler(exc: OSError, wohin: Path | str, was: str) -> AusgabeFehler:
    """Say in German why writing `wohin` failed (the OS's English text stays out); `was` begins
    the sentence ("Das Projekt lässt sich nicht anlegen"). Nothing was changed: the hint says so."""
    return AusgabeFehler.aus(exc, wohin, was, _HINWEISE, "Prüfen Sie den Ordner" + _NICHTS)


def umask() -> int:
    """The process's umask (which new files and folders lose from their permissions)."""
    maske = os.umask(0)
    os.umask(maske)
    return maske


def _modus(pfad: Path) -> int:
    """The permissions the file has, or those a new file gets."""
    try:
        return stat.S_IMODE(os.stat(pfad).st_mode)
    except OSError:
        return 0o666 & ~umask()


def atomar_schreiben(
    pfad: Path,
    daten: bytes,
    *,
    modus: int | None = None,
    praefix: str | None = None,
    endung: str = ".neu",
    sichern: bool = True,
) -> None:
    """Write `daten` to `pfad` through a temporary file in the same folder and `os.replace`; the
    file keeps its permissions (or gets `modus`). Raises OSError with the old file untouched.

    The temporary file is named `praefix` (default ".NAME.") + random + `endung`; `sichern` waits
    until the bytes are on the disk before the rename (a cache entry, which can be computed again,
    need not)."""
    modus = _modus(pfad) if modus is None else modus
    fd, temp = tempfile.mkstemp(dir=pfad.parent, prefix=praefix or f".{pfad.name}.", suffix=endung)
    try:
        try:
            rest = memoryview(daten)
            while rest:
                rest = rest[os.write(fd, rest) :]
            if hasattr(os, "fchmod"):  # mkstemp's file is private; the new one gets the usual rights
                os.fchmod(fd, modus)
            if sichern:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, pfad)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def json_schreiben(pfad: Path, daten: object) -> None:
    """Write a record of the project (a protocol, a sidecar) as readable JSON, atomically: German
    text as it is, indented, one newline at the end – so that version control shows its changes."""
    atomar_schreiben(pfad, (json.dumps(daten, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
