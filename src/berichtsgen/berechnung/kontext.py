"""Run the registered functions for one report year, with located errors and caching."""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from .. import signale
from ..fehler import Befund, BerichtsgenFehler, DatenFehler, InhaltsFehler, Ort, steuerzeichen, vorschlag
from ..inhalt.modell import Beschriftung, Bild, FertigesDiagramm, FertigeTabelle, Optionen
from ..projekt import Aussehen, Projekt
from . import daten as datenlesen
from . import diagramme, massnahmen, tabellen
from .daten import Lesung
from .register import ART_NAME, FUNKTION_NAME, Art, Definition, Register
from .statistik import zeichen_der_zellen
from .summen import ist_zeilenzaehler
from .zwischenspeicher import Ablage, Zwischenspeicher


class Datenlager:
    """The data files of one build: each read once (or taken from the cache where it and its
    sidecar are unchanged), and every file read noted for the data report and the checks."""

    def __init__(self, projekt: Projekt, zwischenspeicher: Zwischenspeicher | None = None):
        self._projekt = projekt
        self._zwischenspeicher = zwischenspeicher
        self._cache: dict[tuple[str, str | int], pd.DataFrame] = {}
        self._pfade: dict[tuple[str, str | int], Path] = {}
        self.alle_dateien: dict[str, datenlesen.Herkunft] = {}
        """Every data file read in this build, by name as shown."""

    def lesen(self, name: str, blatt: str | int = 0) -> tuple[pd.DataFrame, Path]:
        """The data file `name` as read (not a copy) and its real path: from this year's folder
        `daten/`, else from the project's `daten/` folder."""
        schluessel = (name, blatt)
        if schluessel not in self._cache:
            projekt = self._projekt
            pfad = projekt.innerhalb(projekt.inhaltsordner / "daten" / name, Ort())
            gemeinsam = projekt.innerhalb(projekt.wurzel / projekt.einstellungen.daten / name, Ort())
            if not pfad.exists() and gemeinsam.exists():
                pfad = gemeinsam
            for begleit in {
                pfad.with_suffix(".toml"),
                (projekt.inhaltsordner / "daten" / name).with_suffix(".toml"),
            }:
                if begleit.is_symlink() or begleit.exists():
                    projekt.innerhalb(begleit, Ort())  # the sidecar too
            self._cache[schluessel] = self._lesen(pfad, projekt.relativ(pfad), blatt)
            self._pfade[schluessel] = pfad
        df = self._cache[schluessel]
        self.merken([q for q in [datenlesen.herkunft(df)] if q is not None])
        return df, self._pfade[schluessel]

    def merken(self, dateien: list[datenlesen.Herkunft]) -> None:
        """Note data files read (here, in a chart process, or for a result now from the cache)."""
        for quelle in dateien:
            self.alle_dateien[quelle.datei] = quelle

    def gelesene(self) -> list[pd.DataFrame]:
        """The frames read so far (for hints on a function's error)."""
        return list(self._cache.values())

    def _lesen(self, pfad: Path, anzeige: str, blatt: str | int) -> pd.DataFrame:
        """Read a data file, or take it as read before from the cache (same content, same sidecar)."""
        z = self._zwischenspeicher
        if z is None:
            return datenlesen.lesen(pfad, anzeige, blatt)
        begleit = pfad.with_suffix(".toml")
        schluessel = z.schluessel("daten", anzeige, blatt, z.dateihash(pfad), z.dateihash(begleit))
        eintrag = z.holen(schluessel, zaehlen=False)
        if eintrag is not None:
            return eintrag.wert
        df = datenlesen.lesen(pfad, anzeige, blatt)
        z.ablegen(schluessel, Ablage(df), zaehlen=False)
        return df


class Kontext:
    """What a table, chart or value function receives: the year and the project's data.

    Each call of a function gets a Kontext of its own, which notes what the function read
    (`lesung`); the data themselves are read once per build (`Datenlager`)."""

    def __init__(self, projekt: Projekt, lager: Datenlager | None = None):
        self._projekt = projekt
        self._lager = lager or Datenlager(projekt)
        self.lesung = Lesung()
        """What this call read so far."""

    @property
    def jahr(self) -> int:
        """The report year being built."""
        return self._projekt.jahr

    @property
    def parameter(self):
        """The parameters of this report of a series (`k.parameter.stadtteil`); empty without one."""
        return self._projekt.parameter

    @property
    def einstellungen(self):
        """The project's settings for this year."""
        return self._projekt.einstellungen

    def zeichen(self, df: pd.DataFrame) -> pd.DataFrame:
        """Return the signs and marks of `df`'s cells ("", ".", "p", "( )", "1)" …); see `zeichen`."""
        return zeichen(df)

    def ebenen(self, df: pd.DataFrame) -> pd.Series:
        """Return the hierarchy level of each row of `df` (from the labels' indentation); see `ebenen`."""
        return ebenen(df)

    def daten(self, name: str, blatt: str | int = 0) -> pd.DataFrame:
        """Read the data file `name` (CSV or XLSX): from this year's folder `daten/`, else from the
        project's `daten/` folder, where time series for several years live once.

        The result is a copy: changing it does not change what other functions read.
        """
        df, pfad = self._lager.lesen(name, blatt)
        self.lesung.vorgaenge.append((name, blatt, str(pfad)))
        quelle = datenlesen.herkunft(df)
        if quelle is not None and quelle not in self.lesung.quellen:
            self.lesung.quellen.append(quelle)
        kopie = df.copy()
        kopie.attrs = dict(df.attrs)
        return kopie


FEHLT = object()
"""What the cache answers for a result it does not hold (when asked not to compute it)."""

_IN_ARBEIT: Berechnung | None = None
"""In a chart process only: the computation it draws for, handed over by the pool's initializer
(`_einrichten`; inherited through fork, never pickled: the project's functions come along)."""


def _einrichten(berechnung: Berechnung) -> None:
    global _IN_ARBEIT
    _IN_ARBEIT = berechnung


def prozesse_aus_umgebung() -> int | None:
    """The number of chart processes BERICHTSGEN_PROZESSE asks for (a positive whole number), else None."""
    gewuenscht = os.environ.get("BERICHTSGEN_PROZESSE", "")
    return int(gewuenscht) if gewuenscht.isdigit() and int(gewuenscht) > 0 else None


def _prozesse(auftraege: int, gewuenscht: int | None) -> int:
    """How many processes draw `auftraege` charts: `gewuenscht`, else the cores; one where there is
    no fork (not Linux) or only one chart to draw."""
    import multiprocessing

    if auftraege < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(auftraege, gewuenscht or signale.kerne())


def _zeichnen(
    auftrag: tuple[str, Optionen, Ort],
) -> tuple[FertigesDiagramm | BerichtsgenFehler, list[datenlesen.Herkunft]]:
    """Draw one chart in a chart process; return it (or its error) and the data files it read."""
    assert _IN_ARBEIT is not None  # set by the pool's initializer
    try:
        with signale.beschaeftigt():  # Ctrl-C or SIGTERM of the build stops a chart that takes long
            gezeichnet = _IN_ARBEIT._diagramm(*auftrag)
    except BerichtsgenFehler as exc:
        return exc, []
    assert gezeichnet is not None
    diagramm, lesung = gezeichnet
    return diagramm, lesung.dateien()


def zeichen(df: pd.DataFrame) -> pd.DataFrame:
    """Return the signs and marks of `df`'s cells, in a frame of its shape.

    A cell holds "" (a plain number), a sign in place of a value ("–", ".", "…", "/", "x"; also
    one a computation carried on from an unknown or locked operand), "( )" for a value in
    parentheses, or the mark after a value ("p" vorläufig, "r", "s", "1)", "¹") where the value
    reached `df` unchanged from its data file. The signs belong to the cells, so any frame made
    from `k.daten()` by moving cells (filtered, sorted, renamed, transposed, merged) works.
    """
    return zeichen_der_zellen(df)


def ebenen(df: pd.DataFrame) -> pd.Series:
    """Return the hierarchy level of each row of `df` (0 for the top, 1 for an indented label …).

    Rows are matched by their label: the first column, or the index after `set_index`.
    """
    quelle = datenlesen.herkunft(df)
    stufen = quelle.ebenen if quelle else {}
    if ist_zeilenzaehler(df.index):
        beschriftungen = [str(b).strip() for b in df.iloc[:, 0].tolist()] if len(df.columns) else []
    else:
        beschriftungen = [str(b).strip() for b in df.index.tolist()]
    return pd.Series([stufen.get(b, 0) for b in beschriftungen], index=df.index, dtype="int64")


def _ort_in_funktion(definition: Definition, projekt: Projekt) -> Ort:
    """Find the deepest line of the project's own code in the current traceback."""
    datei = str(definition.ort.datei)
    zeile = definition.ort.zeile
    for frame in traceback.extract_tb(sys.exc_info()[2]):
        if frame.filename == datei:
            zeile = frame.lineno
    return Ort(Path(datei), zeile)


class Berechnung:
    """Computes what the chapters ask for, once per name and build."""

    def __init__(
        self,
        projekt: Projekt,
        register: Register,
        aussehen: Aussehen | None = None,
        textbreite_cm: float = 16.0,
        zwischenspeicher: Zwischenspeicher | None = None,
        prozesse: int | None = None,
    ):
        self.projekt = projekt
        self.aussehen = aussehen or Aussehen(projekt.einstellungen.farben, projekt.einstellungen.schrift)
        """Colours and font of the charts (the preparation's: settings, else the template's;
        without one, the settings as written)."""
        self.prozesse = prozesse
        """How many processes draw the charts (None: one per core)."""
        self.register = register
        self.zwischenspeicher = zwischenspeicher or Zwischenspeicher(None)
        self.lager = Datenlager(projekt, self.zwischenspeicher)
        """The build's data files, read once; each function call reads through a Kontext of its own."""
        self.textbreite_cm = textbreite_cm
        self._quelltext: str | None = None
        self._werte: dict[str, Any] = {}
        self.wertlesungen: dict[str, Lesung] = {}
        """What each value of the texts (`wert`) read: the merge names its data files."""
        self.befunde: list[Befund] = []
        """Warnings of the computation, e.g. cells a declared sum could not compare."""
        self.summenberichte: dict[str, list[str]] = {}
        """For each table with declared sums: what each sum compared (for the data report)."""

    def definition(self, art: Art, name: str, ort: Ort) -> Definition:
        """Return the registered function `name`, or fail with a close match as hint."""
        definition = self.register.eintraege[art].get(name)
        if definition is None:
            hinweis = vorschlag(name, self.register.namen(art))
            raise InhaltsFehler(
                f"{ART_NAME[art]} „{name}“ ist nicht bekannt.",
                ort,
                hinweis or f"Im Projekt ist noch keine {ART_NAME[art]} mit @{art}(…) definiert.",
            )
        return definition

    def _zwischengespeichert(
        self,
        art: str,
        name: str,
        teile: tuple,
        rechnen: Callable[[], tuple[Any, Lesung]],
        nur_gespeichert: bool = False,
        zaehlen: bool = True,
    ) -> Any:
        """Return what `rechnen` computes and what it read, from the cache when nothing that
        determines it changed (with `nur_gespeichert`: only from the cache, else `FEHLT`).
        `zaehlen=False`: a step of a result counted on its own, not in the build's cache summary.

        The entry keeps what the function read, and is valid while those data files and their
        sidecars are unchanged: on a hit their sources and checks reach the report as if it had
        run, without reading them again.
        """
        z = self.zwischenspeicher
        if self._quelltext is None:
            self._quelltext = z.quelltexte(self.projekt.wurzel / m for m in self.projekt.einstellungen.module)
        schluessel = z.schluessel(
            art, name, self._quelltext, self.projekt.jahr, self.projekt.parameter.schluessel(), teile
        )
        eintrag = z.holen(schluessel, zaehlen)
        if eintrag is not None and isinstance(eintrag.lesung, Lesung):
            self.lager.merken(eintrag.lesung.dateien())
            return eintrag.wert, eintrag.lesung
        if nur_gespeichert:
            return FEHLT
        wert, lesung = rechnen()
        gelesen = []
        for n, b, p in lesung.vorgaenge:
            begleit = Path(p).with_suffix(".toml")  # the sidecar decides sources, checks and signs too
            gelesen += [(n, b, p, z.dateihash(Path(p))), (n, b, str(begleit), z.dateihash(begleit))]
        z.ablegen(schluessel, Ablage(wert, gelesen, lesung), zaehlen)
        return wert, lesung

    def _aufrufen(self, definition: Definition) -> tuple[Any, Lesung]:
        """Call a project function with a Kontext of its own; return its result and what it read."""
        kontext = Kontext(self.projekt, self.lager)
        try:
            return definition.funktion(kontext), kontext.lesung
        except BerichtsgenFehler as exc:
            if not exc.ort.datei:
                exc.ort = _ort_in_funktion(definition, self.projekt)
            raise
        except SystemExit:
            raise DatenFehler(
                f"{FUNKTION_NAME[definition.art]} „{definition.name}“ hat das Programm beendet (sys.exit).",
                _ort_in_funktion(definition, self.projekt),
                "Eine Funktion gibt ihr Ergebnis mit return zurück; Fehler meldet sie mit raise.",
            ) from None
        except Exception as exc:
            raise DatenFehler(
                f"{FUNKTION_NAME[definition.art]} „{definition.name}“ ist abgebrochen "
                f"(Python: {type(exc).__name__}: {exc}).",
                _ort_in_funktion(definition, self.projekt),
                "Die Daten enthalten Felder ohne Wert (ein Zeichen wie „.“ oder „x“); für Diagramme "
                'z. B. df["Spalte"].astype(float) (wird zur Lücke) oder .dropna().'
                if "NAType" in str(exc) or "NA" == str(exc)
                else self._doppelte_spalte(exc)
                or "Die Datensachbearbeitung muss die Funktion oder die Daten prüfen.",
            ) from None

    def _doppelte_spalte(self, exc: Exception) -> str | None:
        """The hint for `df["Insgesamt"]` where the file's header names several columns so: they
        are read as "Insgesamt (4)", "Insgesamt (5)" (see `genesis.eindeutig`)."""
        if not isinstance(exc, KeyError) or not exc.args or not isinstance(exc.args[0], str):
            return None
        name = exc.args[0]
        muster = re.compile(re.escape(name) + r" \(\d+\)")
        for df in self.lager.gelesene():
            quelle = datenlesen.herkunft(df)
            if quelle is not None and isinstance(df.columns, pd.MultiIndex):  # a header of two levels
                zweistufig = [
                    c
                    for c in df.columns
                    if name in c or name == " ".join(t for t in c if t) or muster.fullmatch(c[1])
                ]
                if zweistufig:
                    beispiel = zweistufig[0]
                    return (
                        f"Der Kopf von „{quelle.datei}“ hat zwei Stufen (Gruppe, Eintrag); „{name}“ heißt "
                        + ", ".join(f"{c!r}" for c in zweistufig[:4])
                        + ("…" if len(zweistufig) > 4 else "")
                        + f". Beispiel: df[{beispiel!r}]"
                        + (f' oder df.xs("{name}", axis=1, level=1)' if name == beispiel[1] else "")
                        + "."
                    )
            treffer = [str(c) for c in df.columns if muster.fullmatch(str(c))]
            if quelle is not None and len(treffer) > 1:
                return (
                    f"„{name}“ steht in der Kopfzeile von „{quelle.datei}“ mehrmals; die Spalten heißen "
                    f"darum nach ihrer Nummer: " + ", ".join(f"„{t}“" for t in treffer) + "."
                )
        return None

    def wert(self, name: str) -> Any:
        """Return the value `name` (for `{{ wert("name") }}` in texts)."""
        if name not in self._werte:
            definition = self.definition("wert", name, Ort())
            self._werte[name], self.wertlesungen[name] = self._zwischengespeichert(
                "wert", name, (), lambda: self._aufrufen(definition)
            )
        return self._werte[name]

    def _beschriftung(self, definition: Definition, optionen: Optionen, lesung: Lesung) -> Beschriftung:
        """Caption, source and reference date: the placement's options, else the function's,
        else what the sidecar files of the data it read declare."""
        gelesen = lesung.quellen

        def aus_dateien(feld: str) -> str | None:
            werte = []
            for h in gelesen:
                wert = getattr(h.metadaten, feld)
                if wert and wert not in werte:
                    werte.append(wert)
            return "; ".join(werte) or None

        return Beschriftung(
            titel=optionen.titel or definition.titel or definition.name,
            quelle=optionen.quelle or definition.quelle or aus_dateien("quelle"),
            stichtag=optionen.stichtag or definition.stichtag or aus_dateien("stichtag"),
            dateien=tuple(h.datei for h in gelesen),
        )

    def tabelle(self, name: str, optionen: Optionen, ort: Ort) -> FertigeTabelle:
        """Compute, check and format the table `name`.

        What is cached is the table as printed, with its sum checks: a warm build neither formats
        its cells nor compares its totals again (only the caption is made anew, from the
        placement's options and the data files' sidecars)."""
        definition = self.definition("tabelle", name, ort)
        vorgabe = self.projekt.einstellungen.nachkommastellen
        (warnungen, summenbericht, gedruckt), lesung = self._zwischengespeichert(
            "tabelle-gedruckt", name, (vorgabe,), lambda: self._tabelle_drucken(name, definition, vorgabe)
        )
        self.befunde += warnungen
        self.summenberichte[name] = summenbericht
        fertig = replace(gedruckt, beschriftung=self._beschriftung(definition, optionen, lesung))
        zeichen = steuerzeichen(
            "\n".join(
                [
                    fertig.beschriftung.titel,
                    *(t for t, _b, _d in fertig.kopfgruppen),
                    *fertig.kopf,
                    *(z for r in fertig.zeilen for z in r),
                ]
            )
        )
        if zeichen:
            raise DatenFehler(
                f"Tabellen-Funktion „{name}“ liefert ein Steuerzeichen ({zeichen[1]}), das Word nicht speichern kann.",
                Ort(definition.ort.datei, definition.ort.zeile),
                "Entfernen Sie es in der Funktion, z. B. mit .str.replace.",
            )
        return fertig

    def _tabelle_drucken(
        self, name: str, definition: Definition, vorgabe: int
    ) -> tuple[tuple[list[Befund], list[str], FertigeTabelle], Lesung]:
        """The table `name` computed, its totals checked and its cells formatted: (warnings of
        the sum check, its report lines, the table with a caption still to be set), and what the
        function read."""
        df, lesung = self._zwischengespeichert(
            "tabelle", name, (), lambda: self._aufrufen(definition), zaehlen=False
        )
        if not isinstance(df, pd.DataFrame):
            raise DatenFehler(
                f"Tabellen-Funktion „{name}“ liefert {type(df).__name__} statt einer Tabelle (DataFrame).",
                Ort(definition.ort.datei, definition.ort.zeile),
            )
        try:
            warnungen, summenbericht = tabellen.summen_pruefen(df, definition.summen, name)
        except DatenFehler as exc:
            if not exc.ort.datei:
                exc.ort = Ort(definition.ort.datei, definition.ort.zeile)
            raise
        return (
            warnungen,
            summenbericht,
            tabellen.formatieren(df, definition, Beschriftung(name), vorgabe),
        ), lesung

    def diagramm(
        self, name: str, optionen: Optionen, ort: Ort, nur_gespeichert: bool = False
    ) -> FertigesDiagramm | None:
        """Draw the chart `name` and render it as an image (with `nur_gespeichert`: only if the
        cache has it, else None)."""
        gezeichnet = self._diagramm(name, optionen, ort, nur_gespeichert)
        return None if gezeichnet is None else gezeichnet[0]

    def _diagramm(
        self, name: str, optionen: Optionen, ort: Ort, nur_gespeichert: bool = False
    ) -> tuple[FertigesDiagramm, Lesung] | None:
        """`diagramm`, and what its functions read."""
        definition = self.definition("diagramm", name, ort)
        aussehen = self.aussehen
        breite = min(definition.breite_cm or self.textbreite_cm, self.textbreite_cm)
        titel = optionen.titel or definition.titel or definition.name
        alt_funktion = not optionen.alt and callable(definition.alt)

        def zeichnen() -> tuple[tuple[bytes, float, float, str], Lesung]:
            # fonts resolve when the figure is drawn, so saving happens inside the style as well
            with diagramme.stil(aussehen.farben, aussehen.schrift):
                fig, lesung = self._aufrufen(definition)
                if not isinstance(fig, Figure):
                    raise DatenFehler(
                        f"Diagramm-Funktion „{name}“ liefert {type(fig).__name__} statt einer Abbildung (Figure).",
                        Ort(definition.ort.datei, definition.ort.zeile),
                    )
                diagramme.nachbearbeiten(fig)
                png, breite_cm, hoehe_cm = diagramme.als_png(fig, breite)
                # without an alt text of its own, the chart is described from the data it draws
                # (after drawing: the tick labels are then known, not computed once more)
                erzeugt = diagramme.alt_text(fig, titel)
            if alt_funktion:  # an alt text computed from the data: its reads count for the cache
                wert, neben = self._aufrufen(replace(definition, funktion=definition.alt))
                erzeugt, lesung = str(wert), lesung.mit(neben)
            return (png, breite_cm, hoehe_cm, erzeugt), lesung

        gezeichnet = self._zwischengespeichert(
            "diagramm",
            name,
            (breite, aussehen.farben, aussehen.schrift, titel, alt_funktion),
            zeichnen,
            nur_gespeichert,
        )
        if gezeichnet is FEHLT:
            return None
        (png, breite_cm, hoehe_cm, erzeugt), lesung = gezeichnet
        beschriftung = self._beschriftung(definition, optionen, lesung)
        alt = optionen.alt or (erzeugt if alt_funktion else definition.alt or erzeugt)
        return FertigesDiagramm(png, breite_cm, hoehe_cm, alt, beschriftung), lesung

    def diagramme(
        self, auftraege: list[tuple[str, Optionen, Ort]], nebenher: Callable[[], None] | None = None
    ) -> list[FertigesDiagramm | BerichtsgenFehler]:
        """Draw several charts, in parallel processes where the cache does not have them.

        Charts are independent; each process draws some and sends back the picture and the data
        files it read (with their sources and checks, noted here). Errors come
        back with their file and line. Without fork (not Linux) or with fewer than two charts to
        draw, they are drawn here one after the other. `nebenher` (the report's tables) runs in
        this process while the chart processes draw, else after the charts.
        """
        ergebnisse: list[FertigesDiagramm | BerichtsgenFehler | None] = [None] * len(auftraege)
        offen = []
        for i, (name, optionen, ort) in enumerate(auftraege):
            try:
                ergebnisse[i] = self.diagramm(name, optionen, ort, nur_gespeichert=True)
            except BerichtsgenFehler as exc:
                ergebnisse[i] = exc
            if ergebnisse[i] is None:
                offen.append(i)
        prozesse = _prozesse(len(offen), self.prozesse)
        if prozesse <= 1:
            for i in offen:
                try:
                    ergebnisse[i] = self.diagramm(*auftraege[i])
                except BerichtsgenFehler as exc:
                    ergebnisse[i] = exc
            if nebenher is not None:
                nebenher()
            return ergebnisse
        self.zwischenspeicher.vor_prozessen()  # the key that signs what the processes store
        with signale.pool(prozesse, einrichten=_einrichten, argumente=(self,)) as pool:
            try:
                # every chart is handed out (the processes fork) before this process goes on
                gezeichnet = pool.map(_zeichnen, [auftraege[i] for i in offen])
                if nebenher is not None:
                    nebenher()
                for i, (ergebnis, dateien) in zip(offen, gezeichnet, strict=True):
                    ergebnisse[i] = ergebnis
                    self.lager.merken(dateien)  # sources and checks of the data, in this process too
            except BaseException as exc:
                if signale.ist_abbruch(exc):  # not wait for the charts being drawn
                    signale.abbrechen(pool)
                raise
        return ergebnisse

    def bild(self, b: Bild) -> FertigesDiagramm:
        """Read an image the editors placed and size it like a chart: its own size, at most the text width."""
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(b.pfad) as bild:
                breite_px, hoehe_px = bild.size
                dpi = bild.info.get("dpi", (150, 150))[0] or 150
        except (OSError, UnidentifiedImageError, ValueError):
            raise InhaltsFehler(
                f"Bilddatei „{b.pfad.name}“ ist kein lesbares Bild.",
                b.ort,
                "Speichern Sie das Bild neu als PNG oder JPEG.",
            ) from None
        breite = min(self.textbreite_cm, breite_px / float(dpi) * 2.54)
        beschriftung = Beschriftung(b.titel, b.quelle, b.stichtag)
        return FertigesDiagramm(
            b.pfad.read_bytes(), breite, breite * hoehe_px / breite_px, b.alt, beschriftung
        )

    # --- measures and their Umsetzungsstand --------------------------------------------------

    def _massnahmen(self) -> tuple[pd.DataFrame, Lesung]:
        kontext = Kontext(self.projekt, self.lager)
        daten = massnahmen.lesen(kontext.daten(massnahmen.DATEI), self.projekt.einstellungen.status)
        return daten, kontext.lesung

    def massnahmen_tabelle(self, handlungsfeld: str | None, optionen: Optionen) -> FertigeTabelle:
        """The measures of one Handlungsfeld (or all), with the status as text and Ampel."""
        daten, lesung = self._massnahmen()
        titel = f"Maßnahmen im Handlungsfeld {handlungsfeld}" if handlungsfeld else "Übersicht der Maßnahmen"
        beschriftung = self._beschriftung(
            Definition("tabelle", "massnahmen", lambda k: None, titel), optionen, lesung
        )
        return massnahmen.tabelle(daten, handlungsfeld, self.projekt.einstellungen.status, beschriftung)

    def massnahmen_diagramm(self) -> FertigesDiagramm:
        """A stacked bar chart of the number of measures per Handlungsfeld and status."""
        daten, lesung = self._massnahmen()
        zaehlung = massnahmen.zaehlung(daten, self.projekt.einstellungen.status)
        titel = "Maßnahmen nach Handlungsfeld und Umsetzungsstand"
        beschriftung = self._beschriftung(
            Definition("diagramm", "massnahmen", lambda k: None, titel), Optionen(), lesung
        )
        png, breite, hoehe, alt = massnahmen.diagramm(
            zaehlung, titel, self.aussehen.farben, self.aussehen.schrift, self.textbreite_cm
        )
        return FertigesDiagramm(png, breite, hoehe, alt, beschriftung)
