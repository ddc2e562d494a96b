"""DOCX → PDF through a headless LibreOffice driven over UNO, with indexes updated first.

UNO is importable only from Debian's system Python (package python3-uno), so the LibreOffice side
runs in a worker process under that interpreter (`_uno_worker.py`), whatever Python runs
berichtsgen. The worker and its LibreOffice stay alive as long as the exporter is open (warm
builds: `with LibreOfficeExport() as pdf: …`) and are recycled after a number of documents,
since LibreOffice keeps its peak memory.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from ..aufraeumen import sperren, verwaiste_entfernen
from ..dateien import benutzer_cache
from ..fehler import ExportFehler
from .pruefen import pdf_pruefen

T = TypeVar("T")

WORKER = Path(__file__).with_name("_uno_worker.py")


@dataclass
class Verzeichnis:
    """An index as LibreOffice laid it out: "inhalt" or a caption label, entries (text, page)."""

    art: str
    eintraege: list[tuple[str, str]]


@dataclass
class ExportErgebnis:
    """What the PDF export tells about the layout."""

    seiten: int
    verzeichnisse: list[Verzeichnis] = field(default_factory=list)
    verzeichnisseiten: list[list[int]] = field(default_factory=list)
    """For each index: how many entries each of its pages holds (from the PDF's tag tree)."""
    seitenverweise: dict[str, str] = field(default_factory=dict)
    """What each page reference (PAGEREF) printed, by bookmark: a part's page total ("iii")."""


MAX_DOKUMENTE = 20
"""Documents one LibreOffice process converts before it is replaced."""


def _uno_python() -> str | None:
    """Return a Python interpreter that can import uno, or None."""
    kandidaten = [os.environ.get("BERICHTSGEN_UNO_PYTHON"), "/usr/bin/python3", shutil.which("python3")]
    for kandidat in kandidaten:
        if not kandidat or not Path(kandidat).exists():
            continue
        try:
            ok = (
                subprocess.run([kandidat, "-c", "import uno"], capture_output=True, timeout=30).returncode
                == 0
            )
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return kandidat
    return None


MINDESTVERSION = (24, 2)
"""The oldest LibreOffice berichtsgen supports: from 24.2 on, the pictures of a DOCX are tagged
figures in the PDF (7.4 draws them as artifacts, hidden from screen readers)."""


def version_pruefen(version: str) -> ExportFehler | None:
    """Return the error for a LibreOffice older than `MINDESTVERSION` ("7.4.7.2"), else None (also
    where the version is unknown: the PDF check after the export still tests what it holds)."""
    teile = re.match(r"(\d+)\.(\d+)", version or "")
    if teile is None or (int(teile[1]), int(teile[2])) >= MINDESTVERSION:
        return None
    return ExportFehler(
        f"LibreOffice {version} ist zu alt für ein barrierefreies PDF: seine Bilder wären für "
        "Screenreader unsichtbar (PDF/UA).",
        None,
        f"Installieren Sie LibreOffice ab {MINDESTVERSION[0]}.{MINDESTVERSION[1]} (Debian 12: aus "
        "bookworm-backports; „bash scripts/einrichten.sh“ richtet es ein) oder bauen Sie ohne PDF.",
    )


def _soffice() -> str | None:
    """Return the LibreOffice program to start, or None if there is none."""
    gewaehlt = os.environ.get("BERICHTSGEN_SOFFICE")
    if gewaehlt:
        return gewaehlt if Path(gewaehlt).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


HINWEIS_INSTALLATION = (
    "Installieren Sie LibreOffice und die Python-Anbindung "
    "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui python3-uno) "
    "oder erzeugen Sie nur Word mit --format docx."
)


PROFIL_PRAEFIX = "berichtsgen-lo-"
PROFILPLAETZE = 32
"""Kept LibreOffice user profiles per user: one for each worker that runs at the same time."""


def _profil_nehmen() -> tuple[Path, Any, bool]:
    """A LibreOffice user profile for one worker: (folder, its lock, kept).

    LibreOffice 25.2 spends about 2 s making a new profile at every start (measured: the same
    conversion 5,8 s with a new, 3,8 s with a kept one), so each user keeps a few in the cache
    folder, each locked by the worker using it (a series runs several at once). Where the cache
    folder cannot be written, a throw-away profile in the temporary folder is used."""
    verwaiste_entfernen(Path(tempfile.gettempdir()), PROFIL_PRAEFIX + "*")
    try:
        basis = benutzer_cache()
        basis.mkdir(parents=True, exist_ok=True, mode=0o700)
        for platz in range(PROFILPLAETZE):
            ordner = basis / f"{PROFIL_PRAEFIX}profil-{platz}"
            if ordner.is_symlink():
                continue
            ordner.mkdir(exist_ok=True, mode=0o700)
            try:
                return ordner, sperren(ordner), True
            except OSError:
                continue  # another worker uses it
    except OSError:
        pass
    ordner = Path(tempfile.mkdtemp(prefix=PROFIL_PRAEFIX))
    return ordner, sperren(ordner), False


def _umgebung(profil: Path) -> dict[str, str]:
    """The environment LibreOffice runs in with `profil`: its own temporary files (lu*.tmp) in an
    empty folder of the profile, no PYTHON* variables of ours."""
    temp = profil / "temp"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    umgebung = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    umgebung.update(TMPDIR=str(temp), TMP=str(temp), TEMP=str(temp))
    return umgebung


class _Worker:
    """The UNO worker and its LibreOffice, in a process group of their own.

    Whatever ends a conversion – success, error, timeout – the whole group can be killed at once,
    so no soffice survives; the worker also watches its parent and kills its group and removes the
    profile when the parent dies (even by SIGKILL).
    """

    def __init__(self, python: str, soffice: str, silbentrennung: str | None):
        self.profil, self._sperre, self.behalten = _profil_nehmen()
        umgebung = _umgebung(self.profil)
        self.proc = subprocess.Popen(
            [
                python,
                str(WORKER),
                soffice,
                str(self.profil),
                silbentrennung or "",
                "1" if self.behalten else "",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            env=umgebung,
            start_new_session=True,  # its own process group: soffice inherits it
        )
        self.dokumente = 0
        self.bereit = False
        self.fremd = False
        """In a forked child: the parent's worker, which this process neither uses nor ends."""
        _WORKER.add(self)

    def _antwort(self, zeitlimit: float) -> dict:
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ende = time.monotonic() + zeitlimit
        try:
            while True:
                rest = ende - time.monotonic()
                if rest <= 0:
                    self.beenden(sofort=True)
                    raise ExportFehler(
                        f"LibreOffice hat nach {int(zeitlimit)} Sekunden nicht geantwortet und wurde beendet.",
                        None,
                        "Erhöhen Sie „pdf_zeitlimit“ in berichtsgen.toml oder prüfen Sie das Dokument.",
                    )
                if sel.select(timeout=rest):
                    zeile = self.proc.stdout.readline()
                    if not zeile:
                        self.beenden(sofort=True)
                        raise ExportFehler(
                            "LibreOffice hat sich unerwartet beendet.",
                            None,
                            "Versuchen Sie es erneut; bleibt der Fehler, prüfen Sie die Installation.",
                        )
                    try:
                        return json.loads(zeile)
                    except json.JSONDecodeError:
                        continue  # stray output of LibreOffice itself
        finally:
            sel.close()

    def warten_bis_bereit(self, zeitlimit: float) -> None:
        if self.bereit:
            return
        antwort = self._antwort(zeitlimit)
        if not antwort.get("ok"):
            self.beenden(sofort=True)
            raise ExportFehler("LibreOffice startet nicht.", None, HINWEIS_INSTALLATION)
        fehler = version_pruefen(antwort.get("version", ""))
        if fehler is not None:
            self.beenden(sofort=True)
            raise fehler
        self.bereit = True

    def konvertieren(self, docx: Path, pdf: Path, titel: str, zeitlimit: float) -> dict:
        beginn = time.monotonic()
        self.warten_bis_bereit(zeitlimit)
        anfrage = {"docx": str(docx.resolve()), "pdf": str(pdf.resolve()), "titel": titel}
        try:
            self.proc.stdin.write(json.dumps(anfrage) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.beenden(sofort=True)
            raise ExportFehler(
                "LibreOffice ist nicht mehr erreichbar.", None, "Versuchen Sie es erneut."
            ) from None
        try:
            antwort = self._antwort(max(1.0, zeitlimit - (time.monotonic() - beginn)))
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): its answer would come to the next request
            self.beenden(sofort=True)
            raise
        self.dokumente += 1
        if not antwort.get("ok"):
            self.beenden(sofort=True)  # a LibreOffice that failed once is not trusted again
            voll = _voller_datentraeger(docx, (pdf.parent, self.profil.parent))
            if voll is not None:
                raise ExportFehler(
                    f"LibreOffice konnte das PDF nicht schreiben: der Datenträger ist voll "
                    f"(frei in {voll[0]}: {voll[1]}).",
                    None,
                    "Schaffen Sie Platz oder wählen Sie mit --ausgabe einen anderen Ordner; "
                    "der letzte vollständige Bericht ist unverändert.",
                )
            raise ExportFehler(
                "LibreOffice konnte aus der Word-Datei kein PDF erzeugen.",
                None,
                "Öffnen Sie die DOCX-Datei in Word oder LibreOffice und prüfen Sie sie.",
            )
        return antwort

    def lebt(self) -> bool:
        return not self.fremd and self.proc.poll() is None

    def beenden(self, sofort: bool = False) -> None:
        """End the worker and everything in its process group; keep a kept profile (without its
        temporary files) when LibreOffice closed normally, else remove it.

        Normally LibreOffice is asked to close (a few seconds); `sofort` kills at once (after an
        error or a timeout: a profile of a LibreOffice that failed is not trusted again).
        """
        if self.fremd:
            return
        normal = False
        if self.proc.poll() is None and not sofort:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=15 if self.behalten else 5)  # LibreOffice ends within 10 s
                normal = self.proc.returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # soffice and oosplash too
        except (ProcessLookupError, PermissionError, AttributeError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
            pass
        for strom in (self.proc.stdin, self.proc.stdout):
            try:
                strom.close()
            except (OSError, ValueError):
                pass
        if self.behalten and normal:
            shutil.rmtree(self.profil / "temp", ignore_errors=True)
        else:
            shutil.rmtree(self.profil, ignore_errors=True)
        if self._sperre is not None:
            self._sperre.close()


_WORKER: weakref.WeakSet[_Worker] = weakref.WeakSet()


def _nach_fork() -> None:
    """In a forked child (chart drawing, the PDF check, the workers of a series): let go of the
    parent's LibreOffice workers. The child lets go of its copies of their pipes, so a LibreOffice
    the parent asks to close sees the end of its input (else it would wait for the child), and it
    never ends them itself, not even at its own exit. The copies are pointed at /dev/null rather
    than closed: nothing is flushed into the pipe, and no later file can take their numbers."""
    for worker in list(_WORKER):
        worker.fremd = True
        for strom in (worker.proc.stdin, worker.proc.stdout):
            try:
                leer = os.open(os.devnull, os.O_RDWR)
                try:
                    os.dup2(leer, strom.fileno())
                finally:
                    os.close(leer)
            except (OSError, ValueError):
                pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_nach_fork)


def _voller_datentraeger(docx: Path, ordner: tuple[Path, ...]) -> tuple[str, str] | None:
    """The folder (and its free space, as shown) where a failed export ran out of room, if any.

    LibreOffice says no more than "the export failed" when the disk is full: a folder with less free
    space than three times the Word file (plus 1 MiB) is taken as the cause.
    """
    try:
        bedarf = 3 * docx.stat().st_size + 2**20
    except OSError:
        bedarf = 2**20
    for o in ordner:
        try:
            frei = shutil.disk_usage(o).free
        except OSError:
            continue
        if frei < bedarf:
            gezeigt = o.parent if o.name.startswith(".berichtsgen-") else o  # the build's work folder
            return str(gezeigt), f"{frei / 2**20:.1f} MiB".replace(".", ",")
    return None


def _untersuchen(pdf: Path, sprache: str) -> tuple[int, list[list[int]]]:
    """Verify the PDF's markers; return its pages and the entries per page of its indexes."""
    merkmale = pdf_pruefen(pdf, pdf.name, sprache)  # one reading of the PDF for both
    return int(merkmale["seiten"]), list(merkmale.get("verzeichnisseiten", []))


def _abseits(funktion: Callable[..., T], *argumente: Any) -> T:
    """Run `funktion` in a forked child process where there is fork (and this is no daemon, which
    may not have children): reading the tag tree of a 500-page PDF takes some 100 MB that would
    otherwise stay with this process for the rest of its life (a watch, a series worker)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
        return funktion(*argumente)
    from .. import signale

    with signale.pool(1) as prozess:
        return prozess.submit(funktion, *argumente).result()


def ergebnis(antwort: dict[str, Any], pdf: Path, sprache: str) -> ExportErgebnis:
    """Verify the PDF LibreOffice wrote and return what its answer and the PDF tell of the layout."""
    seiten, eintraege_je_seite = _abseits(_untersuchen, pdf, sprache)
    verzeichnisse = [
        Verzeichnis(v["art"], [(text, seite) for text, seite in v["eintraege"]])
        for v in antwort.get("verzeichnisse", [])
    ]
    return ExportErgebnis(seiten, verzeichnisse, eintraege_je_seite, antwort.get("seitenverweise", {}))


class LibreOfficeExport:
    """Converts Word files to tagged PDF/UA + PDF/A-2b with a LibreOffice kept warm between calls.

    Use it as a context manager, or call `schliessen` when done; LibreOffice starts with the
    first `vorbereiten` or `exportieren`.
    """

    def __init__(self) -> None:
        self._worker: _Worker | None = None
        self._lock = threading.Lock()
        atexit.register(self.schliessen)  # a forgotten exporter does not leave LibreOffice running

    def __enter__(self) -> LibreOfficeExport:
        return self

    def __exit__(
        self, typ: type[BaseException] | None, wert: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.schliessen()

    def vorbereiten(self, silbentrennung: str | None = "de-DE") -> None:
        """Start LibreOffice in the background, so it boots while the Word file is built.

        With `silbentrennung` (a language such as "de-DE") it also loads that language's
        hyphenation patterns meanwhile: the German ones take LibreOffice some 2.4 s of CPU, which a
        report without hyphenation need not spend."""
        with self._lock:
            self._bereitstellen(silbentrennung)

    def _bereitstellen(self, silbentrennung: str | None) -> _Worker:
        """The running worker, started anew where there is none, it died or it is due for
        recycling (with `_lock` held)."""
        if self._worker is not None and self._worker.lebt() and self._worker.dokumente < MAX_DOKUMENTE:
            return self._worker
        if self._worker is not None:
            self._worker.beenden()
            self._worker = None
        python = _uno_python()
        soffice = _soffice()
        if python is None or soffice is None:
            was = "LibreOffice" if soffice is None else "die Python-Anbindung von LibreOffice (uno)"
            raise ExportFehler(
                f"Für das PDF wird {was} benötigt, ist aber nicht installiert.",
                None,
                HINWEIS_INSTALLATION,
            )
        self._worker = _Worker(python, soffice, silbentrennung)
        return self._worker

    def exportieren(
        self, docx: Path, pdf: Path, *, titel: str, sprache: str = "de-DE", zeitlimit: float = 180
    ) -> ExportErgebnis:
        """Write `pdf` from `docx` with fields and indexes updated, within `zeitlimit` seconds; verify it.

        Return its page count and the entries of its indexes with the page numbers LibreOffice laid out.
        """
        return ergebnis(self.umwandeln(docx, pdf, titel=titel, zeitlimit=zeitlimit), pdf, sprache)

    def umwandeln(
        self,
        docx: Path,
        pdf: Path,
        *,
        titel: str,
        zeitlimit: float = 180,
        silbentrennung: str | None = "de-DE",
    ) -> dict[str, Any]:
        """Write `pdf` from `docx` (the first half of `exportieren`, without the PDF check) and
        return LibreOffice's answer for `ergebnis`. Calls from several threads take turns; the
        time limit counts from a call's own turn."""
        with self._lock:
            worker = self._bereitstellen(silbentrennung)
            try:
                return worker.konvertieren(docx, pdf, titel, zeitlimit)
            except ExportFehler:
                if not worker.lebt():
                    self._worker = None
                raise

    def schliessen(self) -> None:
        """Stop LibreOffice (it starts again when needed)."""
        atexit.unregister(self.schliessen)
        with self._lock:
            if self._worker is not None:
                self._worker.beenden()
                self._worker = None


def nach_docx(quelle: Path, ordner: Path, *, zeitlimit: float = 120) -> Path:
    """Convert a .doc, .odt or .rtf file into a Word file in `ordner` with LibreOffice (its
    command line, in a process group of its own, with a profile of berichtsgen's); return it.

    The contributions round reads only .docx; this is how the other formats a department may
    send come in. Raises ExportFehler when LibreOffice is missing, fails or takes too long."""
    soffice = _soffice()
    if soffice is None:
        raise ExportFehler(
            f"Um „{quelle.name}“ zu lesen, wird LibreOffice benötigt, ist aber nicht installiert.",
            None,
            "Installieren Sie LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) "
            "oder speichern Sie den Beitrag in Word als .docx.",
        )
    profil, sperre, behalten = _profil_nehmen()
    umgebung = _umgebung(profil)
    proc = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profil.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(ordner),
            str(quelle.resolve()),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=umgebung,
        start_new_session=True,  # soffice and oosplash in one group, killed together
    )
    normal = False
    try:
        normal = proc.wait(timeout=zeitlimit) == 0
    except subprocess.TimeoutExpired:
        pass
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        shutil.rmtree(profil / "temp" if behalten and normal else profil, ignore_errors=True)
        if sperre is not None:
            sperre.close()
    ziel = ordner / f"{quelle.stem}.docx"
    if not normal or not ziel.is_file():
        raise ExportFehler(
            f"LibreOffice konnte „{quelle.name}“ nicht in eine Word-Datei umwandeln.",
            None,
            "Öffnen Sie die Datei in Word oder LibreOffice und speichern Sie sie als .docx.",
        )
    return ziel
