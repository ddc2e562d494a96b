"""The computation cache: a table, chart or value is computed again only when what determines it
changed.

An entry is found by a key of what is known before the function runs – its kind and name, the
project's Python files, berichtsgen's computing code and the versions of pandas, matplotlib and
numpy, the report year, and the settings that reach it (palette, font, width, title). It records
the data files the function read through `k.daten()` with their content hashes; an entry whose files
changed is not used. So a text edit recomputes nothing, a changed data file recomputes exactly what
read it, a changed function or setting what it determines.

The cache lives in the project (`.berichtsgen-cache/`, git-ignored). Entries are written atomically
(two builds at once are safe), signed with a key of the user (a planted file is never unpickled),
and the oldest are removed when the cache outgrows its bound.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ORDNER = ".berichtsgen-cache"
GRENZE_MB = 512
"""Largest size of the cache; the least recently used entries go first."""


@dataclass
class Eintrag:
    """What a cache entry holds: the result and the data files read for it."""

    wert: Any
    gelesen: list[tuple[str, str | int, str, str]] = field(default_factory=list)
    """(name, sheet, real path, sha256) of every `k.daten()` call, in order."""


@cache
def _eigener_code() -> str:
    """A hash of berichtsgen's computing code and of the libraries that draw and compute."""
    import matplotlib
    import numpy
    import pandas
    import PIL

    h = hashlib.sha256()
    for datei in sorted(Path(__file__).parent.glob("*.py")):
        h.update(datei.read_bytes())
    for modul in (matplotlib, numpy, pandas, PIL):
        h.update(f"{modul.__name__}={modul.__version__};".encode())
    return h.hexdigest()


def _benutzerschluessel() -> bytes:
    """The user's secret that signs cache entries (created once, readable only by the user)."""
    basis = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "berichtsgen"
    datei = basis / "schluessel"
    try:
        return datei.read_bytes()
    except OSError:
        pass
    try:
        basis.mkdir(parents=True, exist_ok=True)
        schluessel = secrets.token_bytes(32)
        fd = os.open(datei, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(schluessel)
        return schluessel
    except FileExistsError:
        return datei.read_bytes()
    except OSError:  # no home to write to: a key for this process only
        return secrets.token_bytes(32)


class Zwischenspeicher:
    """Entries in `ordner`; `neu` ignores what is there (and replaces it)."""

    def __init__(self, ordner: Path | None, neu: bool = False, grenze_mb: int = GRENZE_MB):
        self.ordner = ordner
        self.neu = neu
        self.grenze = grenze_mb * 2**20
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._schluessel: bytes | None = None
        self.treffer = 0
        self.berechnet = 0

    # --- keys and file contents ------------------------------------------------------------------

    def schluessel(self, *teile: Any) -> str:
        """A key for the parts (their repr; callers pass strings, numbers, tuples)."""
        h = hashlib.sha256(_eigener_code().encode())
        for teil in teile:
            h.update(repr(teil).encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def dateihash(self, pfad: Path) -> str:
        """The sha256 of a file's content, computed once per build and file version."""
        try:
            stat = pfad.stat()
        except OSError:
            return "fehlt"
        merkmal = (str(pfad), stat.st_mtime_ns, stat.st_size)
        if merkmal not in self._hashes:
            self._hashes[merkmal] = hashlib.sha256(pfad.read_bytes()).hexdigest()
        return self._hashes[merkmal]

    def quelltexte(self, dateien: Iterable[Path]) -> str:
        """One hash of the project's Python files and of the helper files next to them."""
        alle: set[Path] = set()
        for datei in dateien:
            alle.add(datei)
            alle |= set(datei.parent.glob("*.py"))
        return hashlib.sha256("".join(f"{d}:{self.dateihash(d)};" for d in sorted(alle)).encode()).hexdigest()

    # --- entries ----------------------------------------------------------------------------------

    def _signieren(self, daten: bytes) -> bytes:
        if self._schluessel is None:
            self._schluessel = _benutzerschluessel()
        return hmac.new(self._schluessel, daten, hashlib.sha256).digest()

    def holen(self, schluessel: str, zaehlen: bool = True) -> Eintrag | None:
        """Return the entry for `schluessel` if it exists, is ours and its data files are unchanged."""
        if self.ordner is None or self.neu:
            return None
        datei = self.ordner / schluessel[:2] / schluessel
        try:
            roh = datei.read_bytes()
        except OSError:
            return None
        signatur, daten = roh[:32], roh[32:]
        if not hmac.compare_digest(signatur, self._signieren(daten)):
            return None  # not written by this user: never unpickled
        try:
            eintrag = pickle.loads(daten)
        except Exception:
            return None
        for _name, _blatt, pfad, inhalt in eintrag.gelesen:
            if self.dateihash(Path(pfad)) != inhalt:
                return None
        try:
            os.utime(datei)  # recently used: kept longest
        except OSError:
            pass
        self.treffer += zaehlen
        return eintrag

    def ablegen(self, schluessel: str, eintrag: Eintrag, zaehlen: bool = True) -> None:
        """Store an entry atomically; a result that cannot be stored is simply not cached."""
        self.berechnet += zaehlen
        if self.ordner is None:
            return
        try:
            daten = pickle.dumps(eintrag, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        ziel = self.ordner / schluessel[:2] / schluessel
        try:
            ziel.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=ziel.parent, prefix=".neu-")
            with os.fdopen(fd, "wb") as f:
                f.write(self._signieren(daten) + daten)
            os.replace(temp, ziel)
        except OSError:
            return  # a read-only project or a full disk: build on without the cache

    def begrenzen(self) -> None:
        """Remove the least recently used entries while the cache is larger than its bound."""
        if self.ordner is None or not self.ordner.is_dir():
            return
        eintraege = []
        for datei in self.ordner.glob("*/*"):
            try:
                stat = datei.stat()
            except OSError:
                continue
            eintraege.append((stat.st_mtime, stat.st_size, datei))
        summe = sum(e[1] for e in eintraege)
        for _zeit, groesse, datei in sorted(eintraege):
            if summe <= self.grenze:
                break
            try:
                datei.unlink()
                summe -= groesse
            except OSError:
                pass
