"""One LibreOffice for all workers of a series on berichtsgen's own process pool.

Starting LibreOffice is the dearest step of a small report: 3 to 5 s, most of it loading the German
hyphenation patterns (libhyphen), against a quarter of a second for each further conversion. With a
LibreOffice per worker every worker pays it, on the same cores that compute the first reports. So `build_many` on
its own pool keeps one LibreOffice in the calling process (`Dienst`): the workers send it their Word
files over a local connection (`multiprocessing.connection`, with a random key that only the pool
knows) and check their PDFs themselves, while the conversions take turns. A pool of the caller's
own (Dask) keeps a LibreOffice per worker: its workers may run on other machines.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import AuthenticationError, Client, Connection, Listener
from pathlib import Path
from typing import Any

from ..fehler import ExportFehler
from .libreoffice import MAX_DOKUMENTE, ExportErgebnis, LibreOfficeExport, ergebnis


@dataclass(frozen=True)
class Anschluss:
    """Where a worker reaches the series' LibreOffice: the listener's address and its key."""

    adresse: Any
    schluessel: bytes


ERSATZ_AB = MAX_DOKUMENTE // 2
"""Documents after which a place of the service starts the LibreOffice that replaces its own
after `MAX_DOKUMENTE`: it boots while the old one converts, so the series does not wait for it."""


class _Platz:
    """One LibreOffice of the service, and the one that boots to replace it."""

    def __init__(self, silbentrennung: str | None):
        self.silbentrennung = silbentrennung
        self.export = LibreOfficeExport()
        self.ersatz: LibreOfficeExport | None = None
        self.dokumente = 0

    def umwandeln(
        self, auftrag: dict[str, Any], weitere: float, starten: Callable[[LibreOfficeExport], None]
    ) -> tuple[dict[str, Any], LibreOfficeExport | None]:
        """Convert; return LibreOffice's answer and the exporter this place has just retired.

        `weitere` are the conversions this place may still expect: a replacement boots only for
        more than the current LibreOffice may do. `starten` starts an exporter's LibreOffice
        where it has none (in a thread that lives as long as the service: LibreOffice ends with
        the thread that started it)."""
        starten(self.export)  # anew, if it died or is due for recycling
        antwort = self.export.umwandeln(
            Path(auftrag["docx"]),
            Path(auftrag["pdf"]),
            titel=auftrag["titel"],
            zeitlimit=auftrag["zeitlimit"],
            silbentrennung=self.silbentrennung,
        )
        return antwort, self._zaehlen(weitere, starten)

    def _zaehlen(
        self, weitere: float, starten: Callable[[LibreOfficeExport], None]
    ) -> LibreOfficeExport | None:
        self.dokumente += 1
        if self.dokumente >= ERSATZ_AB and self.ersatz is None and weitere > MAX_DOKUMENTE - self.dokumente:
            self.ersatz = LibreOfficeExport()
            try:
                starten(self.ersatz)
            except ExportFehler:
                self.ersatz = None
        if self.dokumente < MAX_DOKUMENTE or self.ersatz is None:
            return None
        alt, self.export, self.ersatz, self.dokumente = self.export, self.ersatz, None, 0
        return alt

    def schliessen(self) -> None:
        for export in (self.export, self.ersatz):
            if export is not None:
                export.schliessen()


class Dienst:
    """In the calling process: LibreOffice for every worker connected (`plaetze` of them, taking
    requests in turn).

    Made and `starten`ed before the pool forks its workers (LibreOffice boots meanwhile; the
    workers inherit no more than the listening socket), `bedienen` after that takes their
    connections, `schliessen` ends it all.
    """

    def __init__(self, silbentrennung: str | None, plaetze: int = 1, berichte: int = 0):
        self._silbentrennung = silbentrennung
        self._plaetze = [_Platz(silbentrennung) for _ in range(max(1, plaetze))]
        self._offen = berichte
        """Reports not converted yet (the second pass of a report is not foreseen)."""
        self._frei: queue.Queue[_Platz] = queue.Queue()
        schluessel = os.urandom(32)
        self._listener = Listener(backlog=64, authkey=schluessel)  # AF_UNIX in a private folder
        self.anschluss = Anschluss(self._listener.address, schluessel)
        self._zu = threading.Event()
        self._annehmer: threading.Thread | None = None
        self._verbindungen: set[Connection] = set()
        self._abgeloest: list[threading.Thread] = []
        self._starter: ThreadPoolExecutor | None = None
        self._sperre = threading.Lock()

    def starten(self) -> None:
        """Boot LibreOffice: it loads the hyphenation patterns while the reports are computed
        (started by the calling thread, which waits for the series)."""
        for platz in self._plaetze:
            try:
                platz.export.vorbereiten(self._silbentrennung)
            except ExportFehler:
                pass  # not installed: each report's request gets the same German line
            self._frei.put(platz)

    def bedienen(self) -> None:
        """Take the workers' connections (in threads: only once the pool has forked)."""
        self._starter = ThreadPoolExecutor(1, thread_name_prefix="berichtsgen-pdf-start")
        self._annehmer = threading.Thread(target=self._annehmen, name="berichtsgen-pdf", daemon=True)
        self._annehmer.start()

    def _annehmen(self) -> None:
        while not self._zu.is_set():
            try:
                verbindung = self._listener.accept()
            except (OSError, EOFError, AuthenticationError):
                time.sleep(0.05)  # a caller without the key, or one that left during the handshake
                continue
            if self._zu.is_set():
                verbindung.close()
                return
            with self._sperre:
                self._verbindungen.add(verbindung)
            threading.Thread(target=self._bedienen, args=(verbindung,), daemon=True).start()

    def _bedienen(self, verbindung: Connection) -> None:
        """Convert every request of one worker, in turn with the others; send back the answer or
        the error (an `ExportFehler` reaches the worker's build as from its own LibreOffice)."""
        try:
            while True:
                try:
                    auftrag = verbindung.recv()
                except (EOFError, OSError):
                    return
                platz = self._frei.get()
                with self._sperre:
                    self._offen -= 1
                    weitere = self._offen / len(self._plaetze)
                try:
                    antwort, alt = platz.umwandeln(auftrag, weitere, self._neu_starten)
                    rueckgabe: tuple[str, Any] = ("ok", antwort)
                except Exception as exc:  # noqa: BLE001 – the worker's build reports it
                    rueckgabe, alt = ("fehler", exc), None
                finally:
                    self._frei.put(platz)
                if alt is not None:  # closes (a few seconds) while the new one converts
                    with self._sperre:
                        schluss = threading.Thread(target=alt.schliessen, daemon=True)
                        self._abgeloest.append(schluss)
                    schluss.start()
                try:
                    verbindung.send(rueckgabe)
                except (EOFError, OSError):
                    return  # the worker was stopped (Ctrl-C, SIGTERM) while waiting
        finally:
            with self._sperre:
                self._verbindungen.discard(verbindung)
            verbindung.close()

    def _neu_starten(self, export: LibreOfficeExport) -> None:
        """Start `export`'s LibreOffice where it has none, in the service's own thread."""
        assert self._starter is not None
        self._starter.submit(export.vorbereiten, self._silbentrennung).result()

    def schliessen(self) -> None:
        """Stop taking connections, close those open and stop LibreOffice."""
        if not self._zu.is_set():
            self._zu.set()
            if self._annehmer is not None:  # wake the accepting thread with a connection of our own
                try:
                    Client(self.anschluss.adresse, authkey=self.anschluss.schluessel).close()
                except (OSError, EOFError, AuthenticationError):
                    pass
                self._annehmer.join(timeout=10)
            self._listener.close()
        with self._sperre:
            offen, abgeloest = list(self._verbindungen), list(self._abgeloest)
        for verbindung in offen:
            verbindung.close()
        for platz in self._plaetze:
            platz.schliessen()
        for schluss in abgeloest:
            schluss.join(timeout=30)
        if self._starter is not None:
            self._starter.shutdown(wait=True)

    def __enter__(self) -> Dienst:
        return self

    def __exit__(self, *_: object) -> None:
        self.schliessen()


class EntfernterExport:
    """A worker's `PdfExport`: the series' LibreOffice converts, the worker checks the PDF."""

    def __init__(self, anschluss: Anschluss):
        self._anschluss = anschluss
        self._verbindung: Connection | None = None

    def vorbereiten(self, silbentrennung: str | None = "de-DE") -> None:
        """Nothing to do: the series' LibreOffice is already starting, with the project's language."""

    def exportieren(
        self, docx: Path, pdf: Path, *, titel: str, sprache: str = "de-DE", zeitlimit: float = 180
    ) -> ExportErgebnis:
        """Have the series' LibreOffice write `pdf` from `docx`, then verify it here."""
        auftrag = {
            "docx": str(Path(docx).resolve()),
            "pdf": str(Path(pdf).resolve()),
            "titel": titel,
            "zeitlimit": zeitlimit,
        }
        try:
            if self._verbindung is None:
                self._verbindung = Client(self._anschluss.adresse, authkey=self._anschluss.schluessel)
            self._verbindung.send(auftrag)
            art, inhalt = self._verbindung.recv()
        except (OSError, EOFError, AuthenticationError):
            self.schliessen()
            raise ExportFehler(
                "LibreOffice ist nicht mehr erreichbar.", None, "Versuchen Sie es erneut."
            ) from None
        except BaseException:  # interrupted (SIGTERM): its answer would come to the next request
            self.schliessen()
            raise
        if art == "fehler":
            raise inhalt
        return ergebnis(inhalt, Path(pdf), sprache)

    def schliessen(self) -> None:
        """Close the connection (the series' LibreOffice stays for the other workers)."""
        if self._verbindung is not None:
            self._verbindung.close()
            self._verbindung = None
