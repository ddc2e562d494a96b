"""The computation cache: a table, chart or value is computed again only when what determines it
changed.

An entry is found by a key of what is known before the function runs – its kind and name, the
project's Python files, berichtsgen's computing code and the versions of pandas, matplotlib and
numpy, the report year, and the settings that reach it (palette, font, width, title). It records
the data files the function read through `k.daten()` with their content hashes; an entry whose files
changed is not used. So a text edit recomputes nothing, a changed data file recomputes exactly what
read it, a changed function or setting what it determines.

The cache lives in the project (`.berichtsgen-cache/`, git-ignored) and trusts nothing it did not
write for this project:

- Entries are signed with a key of the user (`~/.cache/berichtsgen/schluessel`, written atomically;
  a key file of another length, another owner or readable by others is replaced). The signature
  covers the project folder and the entry's key, so an entry planted in a shared project, moved to
  another key or copied from another project is never loaded.
- Entries stay pickles (tables are DataFrames with their sources, values any Python value), but
  they are loaded by an unpickler that builds only the classes on an allowlist (pandas, numpy,
  berichtsgen's data classes, plain Python values) and never calls anything else; a result that
  needs more is simply not cached.
- A cache folder that is a symbolic link or lies outside the project is not used (the build goes on
  without it and says so); entries are read without following links; the size bound deletes only
  files whose names the cache makes itself (64 hex digits in their folder of the first two, and its
  own temporary files), never through a link.

Entries are written atomically (two builds at once are safe), and the least recently used are
removed when the cache outgrows its bound.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import io
import os
import pickle
import re
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..dateien import atomar_schreiben, benutzer_cache

ORDNER = ".berichtsgen-cache"
GRENZE_MB = 512
"""Largest size of the cache; the least recently used entries go first."""

SCHLUESSELLAENGE = 32
"""Bytes of the user's signing key."""

_FORMAT = b"berichtsgen-zwischenspeicher-2\0"
"""What each signature starts with: a new format never trusts entries of an old one."""

_UNTERORDNER = re.compile(r"[0-9a-f]{2}")
_EINTRAGSNAME = re.compile(r"[0-9a-f]{64}")
_TEMPNAME = re.compile(r"\.neu-[a-z0-9_]+\.tmp")
"""Names of the cache's own files: entries in the folder of their first two digits, temp files."""


@dataclass
class Ablage:
    """What a cache entry holds: the result, the files it depends on, and what was read for it."""

    wert: Any
    gelesen: list[tuple[str, str | int, str, str]] = field(default_factory=list)
    """(name, sheet, real path, sha256) of every `k.daten()` call, in order."""
    lesung: Any = None
    """What the function read (`kontext.Lesung`): its sources and checks, brought along on a hit."""


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


# --- the user's key -------------------------------------------------------------------------------


def _schluesseldatei() -> Path:
    return benutzer_cache() / "schluessel"


def _schluessel_lesen(datei: Path) -> bytes | None:
    """The key in `datei` if it is exactly what berichtsgen writes: a regular file (not a link) of
    the user, readable by nobody else, of exactly SCHLUESSELLAENGE bytes; else None."""
    try:
        fd = os.open(datei, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_size != SCHLUESSELLAENGE
            or info.st_mode & 0o077
            or (hasattr(os, "getuid") and info.st_uid != os.getuid())
        ):
            return None
        schluessel = os.read(fd, SCHLUESSELLAENGE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return schluessel if len(schluessel) == SCHLUESSELLAENGE else None


def _benutzerschluessel() -> bytes:
    """The user's secret that signs cache entries.

    Created once, written to a temporary file and renamed into place, so that the key file is
    either missing or complete; a key file that is not exactly what was written (empty after a full
    disk, cut short, a link, another user's) is replaced. Without a home to write to, a key for
    this process only.
    """
    datei = _schluesseldatei()
    schluessel = _schluessel_lesen(datei)
    if schluessel is not None:
        return schluessel
    neu = secrets.token_bytes(SCHLUESSELLAENGE)
    try:
        datei.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomar_schreiben(datei, neu, modus=0o600, praefix=".schluessel-", endung="")
    except OSError:
        return neu
    # a build at the same moment may have put its own key there: whichever is there now counts
    return _schluessel_lesen(datei) or neu


# --- loading only what the cache writes ---------------------------------------------------------

_ERLAUBT = frozenset(
    {
        ("builtins", "complex"),
        ("builtins", "range"),
        ("builtins", "slice"),
        ("collections", "OrderedDict"),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("decimal", "Decimal"),
        ("fractions", "Fraction"),
        ("numpy", "dtype"),
        ("numpy", "ndarray"),
        *(
            (modul, name)
            for kern in ("numpy.core", "numpy._core")  # numpy 1 and 2
            for modul, name in (
                (f"{kern}.multiarray", "_reconstruct"),
                (f"{kern}.multiarray", "scalar"),
                (f"{kern}.numeric", "_frombuffer"),
            )
        ),
        ("berichtsgen.berechnung.statistik", "StatistikArray"),
        ("berichtsgen.berechnung.statistik", "StatistikDtype"),
        ("berichtsgen.berechnung.statistik", "Wert"),
        ("pandas", "BooleanDtype"),
        ("pandas", "Categorical"),
        ("pandas", "CategoricalDtype"),
        ("pandas", "CategoricalIndex"),
        ("pandas", "DataFrame"),
        ("pandas", "DatetimeIndex"),
        ("pandas", "DatetimeTZDtype"),
        ("pandas", "Float32Dtype"),
        ("pandas", "Float64Dtype"),
        ("pandas", "Index"),
        ("pandas", "Int8Dtype"),
        ("pandas", "Int16Dtype"),
        ("pandas", "Int32Dtype"),
        ("pandas", "Int64Dtype"),
        ("pandas", "IntervalDtype"),
        ("pandas", "IntervalIndex"),
        ("pandas", "MultiIndex"),
        ("pandas", "NA"),
        ("pandas", "Period"),
        ("pandas", "PeriodDtype"),
        ("pandas", "PeriodIndex"),
        ("pandas", "RangeIndex"),
        ("pandas", "Series"),
        ("pandas", "StringDtype"),
        ("pandas", "TimedeltaIndex"),
        ("pandas", "UInt8Dtype"),
        ("pandas", "UInt16Dtype"),
        ("pandas", "UInt32Dtype"),
        ("pandas", "UInt64Dtype"),
        ("pandas._libs.arrays", "__pyx_unpickle_NDArrayBacked"),
        ("pandas._libs.internals", "_unpickle_block"),
        ("pandas._libs.tslibs.nattype", "_nat_unpickle"),
        ("pandas._libs.tslibs.timedeltas", "_timedelta_unpickle"),
        ("pandas._libs.tslibs.timestamps", "_unpickle_timestamp"),
        ("pandas.arrays", "BooleanArray"),
        ("pandas.arrays", "DatetimeArray"),
        ("pandas.arrays", "FloatingArray"),
        ("pandas.arrays", "IntegerArray"),
        ("pandas.arrays", "IntervalArray"),
        ("pandas.arrays", "PeriodArray"),
        ("pandas.arrays", "StringArray"),
        ("pandas.arrays", "TimedeltaArray"),
        ("pandas.core.indexes.base", "_new_Index"),
        ("pandas.core.indexes.datetimes", "_new_DatetimeIndex"),
        ("pandas.core.indexes.period", "_new_PeriodIndex"),
        ("pandas.core.internals.managers", "BlockManager"),
        ("pandas.core.internals.managers", "SingleBlockManager"),
    }
)
"""What an entry may be built from: pandas' and numpy's own reconstruction of frames, arrays and
their types, and plain values."""

_KLASSEN_AUS = frozenset(
    {
        "pandas._libs.tslibs.offsets",
        "berichtsgen.berechnung.daten",
        "berichtsgen.berechnung.plausibilitaet",
        "berichtsgen.berechnung.zeichen",
        "berichtsgen.berechnung.zwischenspeicher",
        "berichtsgen.fehler",
        "berichtsgen.inhalt.modell",
    }
)
"""Modules whose classes an entry may hold besides: pandas' date offsets, berichtsgen's data classes
(the sources of a data file with their cells and checks; a table as printed with its caption and
the findings of its sum check)."""


class _NichtErlaubt(pickle.UnpicklingError):
    """An entry names something that is not on the allowlist."""


class _Entpackt(pickle.Unpickler):
    """An unpickler that finds only the allowed names: nothing else can be called while loading."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ERLAUBT:
            return super().find_class(module, name)
        if module in _KLASSEN_AUS and name.isidentifier() and not name.startswith("_"):
            objekt = super().find_class(module, name)
            if isinstance(objekt, type) and (
                dataclasses.is_dataclass(objekt) or not module.startswith("berichtsgen.")
            ):
                return objekt
        raise _NichtErlaubt(f"{module}.{name}")


def _laden(daten: bytes) -> Any:
    return _Entpackt(io.BytesIO(daten)).load()


_NICHT_FOLGEN = getattr(os, "O_NOFOLLOW", 0)
_ORDNER_OEFFNEN = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NICHT_FOLGEN


def _ordner_pruefen(ordner: Path, projekt: Path) -> str | None:
    """Why the cache folder must not be used (the German notice), or None."""
    try:
        anzeige = ordner.relative_to(projekt).as_posix()
    except ValueError:
        anzeige = str(ordner)
    folge = (
        "und wird nicht benutzt; gebaut wird ohne Zwischenspeicher. Löschen Sie {was}, berichtsgen "
        "legt den Ordner beim nächsten Bau selbst an."
    )
    if ordner.is_symlink():
        return (
            f"{anzeige}: Hinweis: Der Zwischenspeicher ist eine Verknüpfung (führt nach {ordner.resolve()}) "
            + folge.format(was="die Verknüpfung")
        )
    if ordner.exists() and not ordner.is_dir():
        return f"{anzeige}: Hinweis: Der Zwischenspeicher ist kein Ordner " + folge.format(was="die Datei")
    if not ordner.resolve().is_relative_to(projekt.resolve()):
        return (
            f"{anzeige}: Hinweis: Der Zwischenspeicher liegt außerhalb des Projekts ({ordner.resolve()}) "
            + folge.format(was="ihn")
        )
    return None


class Zwischenspeicher:
    """Entries in `ordner` for the project `projekt` (default: the folder `ordner` lies in);
    `neu` ignores what is there (and replaces it). With `nur_lesen` (for `check`) entries are
    read but nothing is written: no new entry, no time of use, nothing removed."""

    def __init__(
        self,
        ordner: Path | None,
        neu: bool = False,
        grenze_mb: int = GRENZE_MB,
        projekt: Path | None = None,
        nur_lesen: bool = False,
    ):
        self.neu = neu
        self.nur_lesen = nur_lesen
        self.grenze = grenze_mb * 2**20
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._schluessel: bytes | None = None
        self.treffer = 0
        self.berechnet = 0
        self.hinweis: str | None = None
        """Why this build does not use the cache folder (one German line), if it does not."""
        self.ordner = ordner
        self._projekt = b""
        if ordner is not None:
            projekt = Path(os.path.abspath(projekt or ordner.parent))
            self._projekt = str(projekt.resolve()).encode("utf-8", "surrogateescape")
            self.hinweis = _ordner_pruefen(Path(os.path.abspath(ordner)), projekt)
            if self.hinweis is not None:
                self.ordner = None

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
            info = pfad.stat()
        except OSError:
            return "fehlt"
        merkmal = (str(pfad), info.st_mtime_ns, info.st_size)
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

    def vor_prozessen(self) -> None:
        """Load the user's key before chart processes are forked: all of them sign with the same
        one, even when the first of them would otherwise create it."""
        if self.ordner is not None and self._schluessel is None:
            self._schluessel = _benutzerschluessel()

    def _signieren(self, schluessel: str, daten: bytes) -> bytes:
        """The signature of an entry: of this format, this project, this key and this content."""
        if self._schluessel is None:
            self._schluessel = _benutzerschluessel()
        h = hmac.new(self._schluessel, _FORMAT, hashlib.sha256)
        h.update(self._projekt + b"\0" + schluessel.encode("ascii", "replace") + b"\0")
        h.update(daten)
        return h.digest()

    def _datei(self, schluessel: str) -> Path | None:
        """Where the entry `schluessel` lives, if its folder is a real folder of the cache."""
        if self.ordner is None or not _EINTRAGSNAME.fullmatch(schluessel):
            return None
        unterordner = self.ordner / schluessel[:2]
        if unterordner.is_symlink():
            return None
        return unterordner / schluessel

    def _lesen(self, datei: Path) -> bytes | None:
        """The content of an entry file: a regular file, not a link, not larger than the cache."""
        try:
            fd = os.open(datei, os.O_RDONLY | _NICHT_FOLGEN | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as f:
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or info.st_size > self.grenze:
                    return None
                return f.read()
            except OSError:
                return None

    def holen(self, schluessel: str, zaehlen: bool = True) -> Ablage | None:
        """Return the entry for `schluessel` if it exists, is ours and its data files are unchanged."""
        datei = self._datei(schluessel)
        if datei is None or self.neu:
            return None
        roh = self._lesen(datei)
        if roh is None:
            return None
        signatur, daten = roh[:32], roh[32:]
        if not hmac.compare_digest(signatur, self._signieren(schluessel, daten)):
            return None  # not written by this user for this project and key: never unpickled
        try:
            eintrag = _laden(daten)
        except Exception:
            return None
        if not isinstance(eintrag, Ablage):
            return None
        for _name, _blatt, pfad, inhalt in eintrag.gelesen:
            if self.dateihash(Path(pfad)) != inhalt:
                return None
        if not self.nur_lesen:
            try:
                os.utime(datei, follow_symlinks=False)  # recently used: kept longest
            except (OSError, NotImplementedError):
                pass
        self.treffer += zaehlen
        return eintrag

    def ablegen(self, schluessel: str, eintrag: Ablage, zaehlen: bool = True) -> None:
        """Store an entry atomically; a result that cannot be stored is simply not cached."""
        self.berechnet += zaehlen
        ziel = self._datei(schluessel)
        if ziel is None or self.nur_lesen:
            return
        try:
            daten = pickle.dumps(eintrag, protocol=pickle.HIGHEST_PROTOCOL)
            _laden(daten)  # what the loader refuses would never be a hit: not stored
        except Exception:
            return
        if len(daten) > self.grenze:
            return
        try:
            ziel.parent.mkdir(parents=True, exist_ok=True)
            atomar_schreiben(
                ziel,
                self._signieren(schluessel, daten) + daten,
                modus=0o600,
                praefix=".neu-",
                endung=".tmp",
                sichern=False,
            )
        except OSError:
            pass  # a read-only project or a full disk: build on without the cache

    def begrenzen(self) -> None:
        """Remove the least recently used entries while the cache is larger than its bound.

        Only the cache's own files are counted and removed (entries named by their key in the
        folder of its first two digits, temporary files), through the folders themselves: a link
        in the cache is never followed.
        """
        if self.ordner is None or self.nur_lesen:
            return
        try:
            wurzel = os.open(self.ordner, _ORDNER_OEFFNEN)
        except OSError:
            return
        offen = [wurzel]
        eintraege: list[tuple[float, int, str, int]] = []
        try:
            with os.scandir(wurzel) as unterordner:
                for unter in unterordner:
                    if not _UNTERORDNER.fullmatch(unter.name) or not unter.is_dir(follow_symlinks=False):
                        continue
                    try:
                        fd = os.open(unter.name, _ORDNER_OEFFNEN, dir_fd=wurzel)
                    except OSError:
                        continue
                    offen.append(fd)
                    with os.scandir(fd) as dateien:
                        for datei in dateien:
                            eigen = (
                                _EINTRAGSNAME.fullmatch(datei.name) and datei.name.startswith(unter.name)
                            ) or _TEMPNAME.fullmatch(datei.name)
                            if not eigen:
                                continue
                            try:
                                info = datei.stat(follow_symlinks=False)
                            except OSError:
                                continue
                            if stat.S_ISREG(info.st_mode):
                                eintraege.append((info.st_mtime, info.st_size, datei.name, fd))
            summe = sum(e[1] for e in eintraege)
            for _zeit, groesse, name, fd in sorted(eintraege):
                if summe <= self.grenze:
                    break
                try:
                    os.unlink(name, dir_fd=fd)
                    summe -= groesse
                except OSError:
                    pass
        except OSError:
            pass
        finally:
            for fd in offen:
                os.close(fd)
