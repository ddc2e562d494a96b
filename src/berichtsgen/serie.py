"""A series: one project, many reports, one per row of a parameter list (e.g. one per Stadtteil).

The list is the section `[parameter]` of berichtsgen.toml: a file with one row per report
(`datei = "stadtteile.csv"`, the column headings are the parameter names) or the rows themselves
(`liste = [{ stadtteil = "Opladen" }, …]`). `build_many` builds every report on any
`concurrent.futures.Executor`: on its own process pool the workers share LibreOffice in the calling
process (`export.geteilt`), on another executor each worker keeps its own warm.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import signale
from .fehler import BerichtsgenFehler, EinstellungsFehler, Ort, sekunden, vorschlag
from .projekt import KONFIGURATION, Parameter, Projekt, herkunft, parameter_pruefen, vergleichsname

if TYPE_CHECKING:
    from .bau import BauErgebnis, Fortschritt
    from .export import PdfExport
    from .export.geteilt import Anschluss, Dienst

_BEISPIEL = '[parameter]\ndatei = "stadtteile.csv"'


def parameterliste(p: Projekt) -> list[Parameter]:
    """Return the parameter list of the project's section [parameter] (empty without one)."""
    serie = p.serie
    ort = Ort(KONFIGURATION)
    if not serie:
        return []
    fremd = sorted(set(serie) - {"datei", "liste"})
    if fremd:
        raise EinstellungsFehler(
            f"Unbekannte Einstellung „{fremd[0]}“ in [parameter].", ort, "Möglich: datei oder liste."
        )
    if ("datei" in serie) == ("liste" in serie):
        raise EinstellungsFehler(
            "[parameter] braucht entweder „datei“ oder „liste“.", ort, f"Beispiel:\n{_BEISPIEL}"
        )
    if "liste" in serie:
        zeilen = serie["liste"]
        if not isinstance(zeilen, list) or not all(isinstance(z, dict) for z in zeilen):
            raise EinstellungsFehler(
                "„liste“ in [parameter] muss eine Liste von Tabellen sein.",
                ort,
                'Beispiel: liste = [{ stadtteil = "Opladen" }, { stadtteil = "Wiesdorf" }]',
            )
        stellen = _zeilen_der_liste(p)
        liste = [
            _zeile(z, Ort(KONFIGURATION, stellen[i]) if i < len(stellen) else ort)
            for i, z in enumerate(zeilen)
        ]
    else:
        liste = _aus_datei(p, serie["datei"], ort)
    if not liste:
        raise EinstellungsFehler("Die Parameterliste ist leer.", ort, "Jede Zeile beschreibt einen Bericht.")
    return liste


def _zeile(roh: Mapping[str, Any], ort: Ort) -> Parameter:
    for name, wert in roh.items():
        if not str(name).isidentifier():
            raise EinstellungsFehler(
                f"„{name}“ ist als Parametername nicht möglich.",
                ort,
                "Parameternamen bestehen aus Buchstaben, Ziffern und _, etwa stadtteil oder bezirk_nr.",
            )
        if not isinstance(wert, (str, int, float)) or isinstance(wert, bool):
            raise EinstellungsFehler(f"Parameter „{name}“ muss ein Text oder eine Zahl sein.", ort)
    parameter_pruefen(roh, ort)
    return Parameter(roh, herkunft=ort)


def _zeilen_der_liste(p: Projekt) -> list[int]:
    """The line of each row `{ … }` of `liste = [ … ]` in berichtsgen.toml (for messages)."""
    import re

    try:
        text = (p.wurzel / KONFIGURATION).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    beginn = re.search(r"(?m)^[ \t]*liste[ \t]*=[ \t]*\[", text)
    if beginn is None:
        return []
    zeilen, zeichenkette, tiefe, i = [], "", 0, beginn.end()
    while i < len(text):
        z = text[i]
        if zeichenkette:
            if z == "\\" and zeichenkette == '"':
                i += 1
            elif z == zeichenkette:
                zeichenkette = ""
        elif z in "\"'":
            zeichenkette = z
        elif z == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        elif z == "{":
            if tiefe == 0:
                zeilen.append(text.count("\n", 0, i) + 1)
            tiefe += 1
        elif z == "}":
            tiefe -= 1
        elif z == "]" and tiefe == 0:
            break
        i += 1
    return zeilen


def _aus_datei(p: Projekt, angabe: Any, ort: Ort) -> list[Parameter]:
    import pandas as pd

    from .berechnung import daten

    if not isinstance(angabe, str) or not angabe:
        raise EinstellungsFehler("„datei“ in [parameter] muss ein Dateiname sein.", ort, _BEISPIEL)
    pfad = p.innerhalb(p.wurzel / angabe, ort)
    if not pfad.is_file():
        raise EinstellungsFehler(
            f"Die Parameterliste „{angabe}“ gibt es nicht.", ort, "Der Pfad gilt relativ zum Projektordner."
        )
    if pfad.suffix.lower() in (".csv", ".txt"):
        return _csv_als_text(pfad, p.relativ(pfad), p.wurzel)
    df = daten.lesen(pfad, p.relativ(pfad))
    liste = []
    for i, reihe in enumerate(df.itertuples(index=False), start=2):
        werte = {}
        for name, wert in zip(df.columns, reihe, strict=True):
            if pd.isna(wert):
                continue
            if isinstance(wert, float) and wert.is_integer():
                wert = int(wert)  # "12" read as 12.0 in a column with gaps
            werte[str(name).strip()] = wert.item() if hasattr(wert, "item") else wert
        liste.append(_zeile(werte, Ort(pfad, i, p.wurzel)))
    return liste


def _csv_als_text(pfad: Path, anzeige: str, wurzel: Path) -> list[Parameter]:
    """Read a parameter list as written: "007" stays "007" (a Stadtteil number, a key into the
    data), not the number 7 the data reader would make of it; encoding and separator as detected."""
    from .berechnung import daten

    zeilen, _kodierung, _sep = daten.csv_zeilen(pfad, anzeige, daten.metadaten_lesen(pfad, anzeige))
    nummern = [i for i, z in enumerate(zeilen, start=1) if any(f.strip() for f in z)]
    if not nummern:
        return []
    kopf = [k.strip() for k in zeilen[nummern[0] - 1]]
    liste = []
    for i in nummern[1:]:
        werte = {n: f.strip() for n, f in zip(kopf, zeilen[i - 1], strict=False) if n and f.strip()}
        liste.append(_zeile(werte, Ort(pfad, i, wurzel)))
    return liste


def auswaehlen(liste: list[Parameter], angaben: Mapping[str, str]) -> Parameter:
    """Return the one row of `liste` matching every `name=wert` of `angaben` (as typed: text).

    Without a list the `angaben` themselves are the parameters.
    """
    if not liste:
        return Parameter(angaben)
    bekannt = list(dict.fromkeys(n for z in liste for n in z))
    for name in angaben:
        if name not in bekannt:
            raise EinstellungsFehler(
                f"Die Parameterliste hat keinen Parameter „{name}“.",
                Ort(KONFIGURATION),
                vorschlag(name, bekannt) or f"Parameter: {', '.join(bekannt)}.",
            )
    passend = [z for z in liste if all(str(z.get(n, "")) == str(w) for n, w in angaben.items())]
    if len(passend) == 1:
        return passend[0]
    name = next(iter(angaben))
    werte = ", ".join(sorted({str(z.get(name, "")) for z in liste})[:12])
    if not passend:
        beschreibung = Parameter(angaben).beschreibung()
        raise EinstellungsFehler(
            f"Keine Zeile der Parameterliste passt zu {beschreibung}.", Ort(KONFIGURATION), f"{name}: {werte}"
        )
    raise EinstellungsFehler(
        f"{len(passend)} Zeilen der Parameterliste passen zu {Parameter(angaben).beschreibung()}.",
        Ort(KONFIGURATION),
        "Nennen Sie weitere Parameter, bis genau eine Zeile passt.",
    )


@dataclass
class Einzelbericht:
    """One report of a series: its parameters, and what its build wrote or the error that stopped it."""

    parameter: Parameter
    ergebnis: BauErgebnis | None = None
    fehler: BaseException | None = None
    dauer: float = 0.0

    @property
    def ok(self) -> bool:
        return self.fehler is None

    def zeile(self) -> str:
        """One German line: the report and what became of it."""
        wer = self.parameter.beschreibung() or "ohne Parameter"
        if self.ergebnis is not None:
            dateien = ", ".join(d.name for d in self.ergebnis.dateien)
            return f"{wer}: {dateien} ({sekunden(self.dauer)})"
        if isinstance(self.fehler, BerichtsgenFehler):
            return f"{wer}: FEHLER {self.fehler.zeile()}"
        return f"{wer}: FEHLER (intern) {type(self.fehler).__name__}: {self.fehler}"


@dataclass
class Serienergebnis:
    """What `build_many` did: one `Einzelbericht` per parameter row, in the order of the list."""

    berichte: list[Einzelbericht] = field(default_factory=list)
    dauer: float = 0.0
    """Seconds for the whole series."""

    @property
    def gebaut(self) -> list[Einzelbericht]:
        return [b for b in self.berichte if b.ok]

    @property
    def fehlgeschlagen(self) -> list[Einzelbericht]:
        return [b for b in self.berichte if not b.ok]

    def zusammenfassung(self) -> list[str]:
        """German lines: how many reports were built, and each one that failed with its error."""
        n, gut = len(self.berichte), len(self.gebaut)
        kopf = f"{gut} von {n} Berichten gebaut in {sekunden(self.dauer)}"
        if not self.fehlgeschlagen:
            return [kopf + "."]
        return [f"{kopf}; {n - gut} mit Fehlern:"] + [f"  {b.zeile()}" for b in self.fehlgeschlagen]


@dataclass(frozen=True)
class _Auftrag:
    """What a worker needs to build one report (picklable: paths, texts, the parameters)."""

    jahr: int
    projekt: str
    parameter: Parameter
    formate: tuple[str, ...] | None
    vorlage: str | None
    ausgabe: str | None
    neu: bool
    pdf: Anschluss | None = None
    """The series' LibreOffice (on berichtsgen's own pool), else None: the worker starts its own."""


def build_many(
    jahr: int,
    projekt: str | os.PathLike[str] = ".",
    *,
    parameter: Iterable[Mapping[str, Any]] | None = None,
    executor: Executor | None = None,
    formate: Iterable[str] | None = None,
    vorlage: str | os.PathLike[str] | None = None,
    ausgabe: str | os.PathLike[str] | None = None,
    fortschritt: Fortschritt | None = None,
    neu: bool = False,
    prozesse: int | None = None,
) -> Serienergebnis:
    """Build one report of `jahr` per parameter row and return what became of each.

    `parameter` are the rows (default: the project's list in [parameter]). The reports run on
    `executor`, any `concurrent.futures.Executor` (a Dask client's `get_executor()` too), whose
    workers each keep a LibreOffice warm. Without one they run on a local process pool of
    `prozesse` workers (default: two per core where the reports get a PDF, else one) that share
    LibreOffice in this process: one for every two cores at most, fewer for a short series (see
    `export.geteilt`). One report's error does not stop the others: it is in its `Einzelbericht`.
    """
    from .bau import _projekt

    melde = fortschritt or (lambda _t: None)
    start = time.perf_counter()
    p = _projekt(jahr, projekt, vorlage, ausgabe)  # as written: parameters go in per report
    zeilen = [Parameter(z) for z in parameter] if parameter is not None else parameterliste(p)
    if not zeilen:
        raise EinstellungsFehler(
            "Das Projekt hat keine Parameterliste.",
            Ort(KONFIGURATION),
            f"Eine Zeile je Bericht, zum Beispiel:\n{_BEISPIEL}",
        )
    fehler = namen_pruefen(p, zeilen)
    if fehler:
        raise fehler[0]
    eigener = executor is None
    if not eigener and prozesse is not None:
        raise EinstellungsFehler(
            "„prozesse“ gilt nur für berichtsgens eigenen Prozesspool, nicht mit „executor“.",
            None,
            "Die Zahl der Arbeiter bestimmt dann der Executor.",
        )
    kerne = signale.kerne()
    dienst = _dienst(p, formate, len(zeilen), kerne) if eigener else None
    auftraege = [
        _Auftrag(
            jahr,
            str(Path(projekt).resolve()),
            z,
            tuple(formate) if formate else None,
            str(Path(vorlage).resolve()) if vorlage is not None else None,
            str(Path(ausgabe).resolve()) if ausgabe is not None else None,
            neu,
            dienst.anschluss if dienst is not None else None,
        )
        for z in zeilen
    ]
    if eigener:
        if prozesse is None:  # a worker waiting for the shared LibreOffice leaves its core to another
            prozesse = 2 * kerne if dienst is not None else kerne
        try:
            if dienst is not None:
                dienst.starten()  # LibreOffice boots while the pool forks and the reports are computed
                _vorab_laden()
            executor = lokaler_pool(prozesse, hoechstens=len(auftraege))
        except BaseException:
            if dienst is not None:
                dienst.schliessen()
            raise
    melde(f"{len(auftraege)} Berichte werden gebaut …")
    laufend = []
    try:
        laufend = [executor.submit(_bauen, a) for a in auftraege]
        if dienst is not None:  # the workers are forked: now threads may take their connections
            dienst.bedienen()
        berichte = []
        for auftrag, zukunft in zip(auftraege, laufend, strict=True):
            bericht = Einzelbericht(auftrag.parameter)
            try:
                bericht.ergebnis, bericht.dauer = zukunft.result()
            except BaseException as exc:  # noqa: BLE001 – each report keeps its own error
                if signale.ist_abbruch(exc):  # Ctrl-C or SIGTERM, here or in a worker: no failed report
                    raise
                bericht.fehler = exc
            berichte.append(bericht)
            melde(bericht.zeile())
    except BaseException as exc:
        if signale.ist_abbruch(exc):
            for zukunft in laufend:
                zukunft.cancel()
            if executor in _EIGENE_POOLS:
                signale.abbrechen(executor)
        raise
    finally:
        if eigener:
            executor.shutdown(wait=True, cancel_futures=True)
        if dienst is not None:
            dienst.schliessen()
    return Serienergebnis(berichte, time.perf_counter() - start)


BERICHTE_JE_LIBREOFFICE = 8
"""A series gets a further shared LibreOffice for every so many reports (up to one for every two
cores): its start (some 3 s of one core's time, mostly the hyphenation patterns) pays off only
over several conversions of about 0,25 s."""


def _dienst(p: Projekt, formate: Iterable[str] | None, berichte: int, kerne: int) -> Dienst | None:
    """The LibreOffice shared by the workers of berichtsgen's own pool, where the reports get a
    PDF (see `export.geteilt`)."""
    from .bau import _formate

    if berichte < 2 or "pdf" not in _formate(formate, p):
        return None
    from .export.geteilt import Dienst

    plaetze = min(-(-berichte // BERICHTE_JE_LIBREOFFICE), max(1, kerne // 2))
    return Dienst(p.einstellungen.sprache if p.einstellungen.silbentrennung else None, plaetze, berichte)


_VORAB = (
    "berichtsgen.inhalt.markdown",
    "berichtsgen.berechnung.kontext",
    "berichtsgen.berechnung.diagramme",
    "berichtsgen.darstellung.word",
    "berichtsgen.pruefung",
    "berichtsgen.export.pruefen",
)
"""What every build imports (pandas, matplotlib, python-docx, Markdown, Jinja with them): loaded
once before the pool forks, not in each worker – while the shared LibreOffice boots."""


def _vorab_laden() -> None:
    import importlib

    for modul in _VORAB:
        importlib.import_module(modul)


def namen_pruefen(p: Projekt, zeilen: list[Parameter]) -> list[EinstellungsFehler]:
    """Return what is wrong with the output names of a series: a name no share can hold (see
    `projekt.dateiname_sicher`), or two reports writing the same file – also where the names differ
    only in case or Unicode normalisation (one file on Windows and macOS)."""
    from dataclasses import replace

    fehler: list[EinstellungsFehler] = []
    gesehen: dict[str, tuple[str, Parameter]] = {}
    for z in zeilen:
        try:
            name = replace(p, parameter=z).dateiname
        except EinstellungsFehler as exc:
            fehler.append(exc)
            continue
        vergleich = vergleichsname(name)  # "Opladen" and "opladen" are one file on Windows and macOS
        if vergleich in gesehen:
            erster, andere = gesehen[vergleich]
            gleich = "" if erster == name else f" und „{erster}“ (unter Windows und macOS dieselbe)"
            fehler.append(
                EinstellungsFehler(
                    f"„{andere.beschreibung()}“ und „{z.beschreibung()}“ ergäben beide die Datei „{name}“{gleich}.",
                    herkunft(z) or Ort(KONFIGURATION),
                    _hinweis_gleiche_namen(p, z),
                )
            )
            continue
        gesehen[vergleich] = (name, z)
    return fehler


def _hinweis_gleiche_namen(p: Projekt, z: Parameter) -> str:
    """What to do about two reports with one file name, in terms of this project's parameters."""
    muster = p.einstellungen.dateiname
    benutzt = [n for n in z if f"{{parameter.{n}}}" in muster]
    frei = [n for n in z if n not in benutzt]
    if not benutzt:
        return f'Nehmen Sie einen Parameter in den Dateinamen auf: dateiname = "{muster}-{{parameter.{next(iter(z))}}}"'
    weiter = (
        f' oder nehmen Sie einen weiteren Parameter auf: dateiname = "{muster}-{{parameter.{frei[0]}}}"'
        if frei
        else ""
    )
    return (
        f"Die Werte von „{benutzt[0]}“ unterscheiden sich nur in Groß- und Kleinschreibung, in der "
        "Schreibweise eines Umlauts oder in Zeichen, die im Dateinamen zu „-“ werden: schreiben Sie sie "
        f"in der Parameterliste eindeutig{weiter}."
    )


def lokaler_pool(prozesse: int | None = None, hoechstens: int | None = None) -> Executor:
    """A process pool of `prozesse` workers (by default one per core), not more than `hoechstens`."""
    import multiprocessing

    if prozesse is None:
        prozesse = signale.kerne()
    methode = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = signale.pool(max(1, min(prozesse, hoechstens or prozesse)), methode)
    _EIGENE_POOLS.add(pool)
    return pool


_EIGENE_POOLS: weakref.WeakSet[Executor] = weakref.WeakSet()
"""The pools `lokaler_pool` made: on Ctrl-C or SIGTERM their busy workers are told to stop (a pool
of the caller's own is only asked to cancel what has not begun)."""


# --- in the worker ------------------------------------------------------------------------------

_warm = threading.local()


def _warmer_export(anschluss: Anschluss | None) -> PdfExport:
    """This worker thread's exporter: with `anschluss`, the series' LibreOffice in the calling
    process; else its own, started with the first PDF and kept warm for the next report (it closes
    with the process, as every `LibreOfficeExport` does)."""
    if getattr(_warm, "pid", None) != os.getpid() or _warm.anschluss != anschluss:
        # a forked copy of a thread starts its own
        if anschluss is not None:
            from .export.geteilt import EntfernterExport

            _warm.export = EntfernterExport(anschluss)
        else:
            from .export import LibreOfficeExport

            _warm.export = LibreOfficeExport()
        _warm.pid, _warm.anschluss = os.getpid(), anschluss
    return _warm.export


def _bauen(auftrag: _Auftrag) -> tuple[BauErgebnis, float]:
    """Build one report of a series in a worker: its charts in this process (the workers already
    use the cores), the PDF with the worker's warm LibreOffice."""
    from .bau import build
    from .berechnung.kontext import DIAGRAMM_PROZESSE

    start = time.perf_counter()
    marke = DIAGRAMM_PROZESSE.set(1)
    try:
        with signale.beschaeftigt():  # SIGTERM from the pool's owner aborts this build (and cleans up)
            ergebnis = build(
                auftrag.jahr,
                auftrag.projekt,
                formate=auftrag.formate,
                vorlage=auftrag.vorlage,
                ausgabe=auftrag.ausgabe,
                export=_warmer_export(auftrag.pdf),  # started only if the report gets a PDF
                neu=auftrag.neu,
                parameter=auftrag.parameter,
            )
    finally:
        DIAGRAMM_PROZESSE.reset(marke)
    return ergebnis, time.perf_counter() - start
