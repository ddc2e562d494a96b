"""The two verbs of the library: `check` a report year, and `build` it.

Both share one preparation, read top to bottom in `_vorbereiten`: project, template, the
project's functions, chapters, computation, generated chapters, numbering, rules. `check` returns
what it found; `build` stops on errors, then renders Word, exports the PDF, fills the Word file's
indexes with the PDF's page numbers and only then replaces the last good report.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .aufraeumen import sperren, verwaiste_entfernen
from .fehler import (
    AusgabeFehler,
    Befund,
    BerichtsgenFehler,
    EinstellungsFehler,
    ExportFehler,
    InhaltsFehler,
    Ort,
    PruefFehler,
    steuerzeichen,
)
from .projekt import (
    FORMATE,
    STANDARD_PALETTE,
    Parameter,
    Projekt,
    einsetzen,
    herkunft,
    hilfsdatei,
    parameter_pruefen,
    projekt_laden,
)

if TYPE_CHECKING:  # the heavy stages are imported when a build runs, not with berichtsgen
    from .berechnung.kontext import Berechnung
    from .darstellung.vorlage import Vorlage, Vorlagenbericht
    from .export import PdfExport
    from .inhalt.markdown import KapitelLeser
    from .inhalt.modell import Bericht, Kapitel

Fortschritt = Callable[[str], None]
"""Receives German progress lines."""


@dataclass
class PruefErgebnis:
    """What `check` found: every finding, and the data report."""

    befunde: list[Befund]
    """Errors, warnings and infos, each with its rule and place."""
    datenbericht: list[str] = field(default_factory=list)
    """Lines of the data report: the declared checks on each data file, by Handlungsfeld."""

    @property
    def fehler(self) -> list[Befund]:
        """The findings that would stop a build."""
        return [b for b in self.befunde if b.fehler]

    @property
    def warnungen(self) -> list[Befund]:
        """The findings shown as warnings."""
        return [b for b in self.befunde if b.warnung]


@dataclass
class BauErgebnis:
    """What `build` wrote, and how long and how much memory each stage took."""

    dateien: list[Path]
    """The files written, Word before PDF."""
    zeiten: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: inhalt, berechnung, docx, pdf."""
    speicher_mb: dict[str, float] = field(default_factory=dict)
    """Peak resident memory of this Python process after each stage, in MB (empty where the
    platform does not tell)."""
    befunde: list[Befund] = field(default_factory=list)
    """The warnings of the check that ran first."""
    seiten: int | None = None
    """Pages of the PDF, if one was made."""


@dataclass
class _Vorbereitung:
    """What `check` and `build` share: the project, its template and the computed, numbered report."""

    projekt: Projekt
    vorlage: Vorlage
    bericht: Bericht
    berechnung: Berechnung
    fehler: list[BerichtsgenFehler]
    """Errors met while reading, computing and numbering (each once)."""
    befunde: list[Befund]
    """Findings of the rules and the plausibility checks, in the severity the settings give."""
    folienvorlage: Any = None
    """The slide deck's template (`darstellung.folien.Folienvorlage`), when slides are made or checked."""


class _Stoppuhr:
    def __init__(self) -> None:
        self.zeiten: dict[str, float] = {}
        self.speicher: dict[str, float] = {}
        self._start = time.perf_counter()

    def runde(self, name: str) -> None:
        jetzt = time.perf_counter()
        self.zeiten[name] = jetzt - self._start
        try:
            import resource  # Unix only
        except ImportError:
            pass
        else:
            self.speicher[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self._start = jetzt


def check(
    jahr: int,
    projekt: str | os.PathLike[str] = ".",
    *,
    vorlage: str | os.PathLike[str] | None = None,
    fortschritt: Fortschritt | None = None,
    neu: bool = False,
    parameter: Mapping[str, Any] | None = None,
) -> PruefErgebnis:
    """Check the report for `jahr` without writing anything and return every finding.

    Finds everything `build` would refuse, except what only LibreOffice can find: unknown names,
    references and data errors, failed plausibility checks, accessibility and completeness rules.
    A project that cannot be read at all (settings, template) raises `BerichtsgenFehler`.
    `neu` computes every table and chart again instead of taking it from the cache. `parameter`
    chooses the report of a series (default: its first row).
    """
    melde = fortschritt or (lambda _t: None)
    p = _projekt(jahr, projekt, vorlage, None)
    reihe = []
    if parameter is None:
        from .parameterliste import namen_pruefen, parameterliste

        liste = parameterliste(p)
        if liste:
            reihe += [Befund.aus_fehler(f) for f in namen_pruefen(p, liste)]
            parameter = liste[0]
            reihe.append(
                Befund(
                    "reihe",
                    f"Geprüft ist der erste von {len(liste)} Berichten der Reihe ({parameter.beschreibung()}).",
                    Ort("berichtsgen.toml"),
                    "Einen anderen prüfen: --parameter name=wert.",
                    "info",
                )
            )
    p = _als_bericht(p, parameter or {})
    folien = "pptx" in p.einstellungen.formate or bool(p.einstellungen.folien_vorlage)
    with _verortet(p.wurzel), _ohne_bytecode():
        v = _vorbereiten(p, melde, _Stoppuhr(), neu, folien=folien, schreiben=False)
        befunde = [Befund.aus_fehler(f) for f in v.fehler] + v.befunde + _infos(v) + reihe
        return PruefErgebnis(befunde, _datenbericht(v))


def build(
    jahr: int,
    projekt: str | os.PathLike[str] = ".",
    *,
    formate: Iterable[str] | None = None,
    vorlage: str | os.PathLike[str] | None = None,
    ausgabe: str | os.PathLike[str] | None = None,
    fortschritt: Fortschritt | None = None,
    export: PdfExport | None = None,
    neu: bool = False,
    parameter: Mapping[str, Any] | None = None,
) -> BauErgebnis:
    """Build the report for `jahr` of the project in `projekt`; return the files written and timings.

    `formate` chooses among "docx", "pdf" and "html" (default: the project's setting); `vorlage` and
    `ausgabe` override the template and output folder; `fortschritt` receives German progress
    lines; `export` is an open exporter to use (e.g. a `LibreOfficeExport` kept warm across
    builds), otherwise the build starts LibreOffice for itself. Outputs are replaced only when
    the whole build succeeded; on an error the last good report stays. Tables, charts and values
    come from the project's cache when nothing that determines them changed; `neu` computes them
    all again. `parameter` are the parameters of one report of a series (`k.parameter`,
    `{{ parameter.NAME }}`); a project with a parameter list needs them (or `build_many`).
    """
    melde = fortschritt or (lambda _t: None)
    _speicher_freigeben()
    uhr = _Stoppuhr()
    p = _projekt(jahr, projekt, vorlage, ausgabe)
    if parameter is None:
        from .parameterliste import parameterliste

        liste = parameterliste(p)
        if liste:
            namen = ", ".join(liste[0])
            raise EinstellungsFehler(
                f"Das Projekt beschreibt eine Reihe von {len(liste)} Berichten ([parameter]).",
                Ort("berichtsgen.toml"),
                f"Alle bauen: berichtsgen build {jahr} --alle; einen: --parameter {namen.split(', ')[0]}=… "
                f"(Parameter: {namen}).",
            )
    p = _als_bericht(p, parameter or {})
    ziel_formate = _formate(formate, p)
    melde(f"Projekt „{p.einstellungen.titel}“, Jahr {jahr}")
    with _verortet(p.wurzel), ExitStack() as aufraeumen:
        if "html" in ziel_formate:  # refused before anything is built or replaced
            from .darstellung.html import ziel_pruefen

            ziel_pruefen(p.ausgabeordner / _html_name(p))
        exporter = None
        if "pdf" in ziel_formate:
            if export is None:
                from .export import LibreOfficeExport

                export = aufraeumen.enter_context(LibreOfficeExport())
            exporter = export
            # LibreOffice starts (and loads the hyphenation patterns) while the Word file is built
            exporter.vorbereiten(p.einstellungen.sprache if p.einstellungen.silbentrennung else None)

        v = _vorbereiten(p, melde, uhr, neu, folien="pptx" in ziel_formate)
        for befund in v.befunde:
            if befund.warnung:
                melde(befund.zeile())
        regelfehler = [b for b in v.befunde if b.fehler]
        if len(v.fehler) == 1 and not regelfehler:
            raise v.fehler[0]  # one error keeps its own type
        if v.fehler or regelfehler:
            raise PruefFehler([Befund.aus_fehler(f) for f in v.fehler] + v.befunde)

        from .darstellung import felder, paket, verzeichnisse
        from .darstellung.word import rendern

        with _schreibend(p.ausgabeordner):
            p.ausgabeordner.mkdir(parents=True, exist_ok=True)
            verwaiste_entfernen(p.ausgabeordner, ".berichtsgen-*")  # left by a killed build
            arbeit = Path(tempfile.mkdtemp(prefix=".berichtsgen-", dir=p.ausgabeordner))
            aufraeumen.callback(shutil.rmtree, arbeit, ignore_errors=True)
            sperre = sperren(arbeit)
            if sperre is not None:
                aufraeumen.callback(sperre.close)
        name = p.dateiname
        daten = _berichtsdaten(p)
        docx = arbeit / f"{name}.docx"
        fertig: list[Path] = []
        seiten = None
        if "docx" in ziel_formate or exporter is not None:
            with _schreibend(p.ausgabeordner):
                dokument = rendern(v.vorlage, v.bericht, daten, docx)
            _umfang_merken(dokument)
            for hinweis in dokument.hinweise:
                melde(f"Hinweis: {hinweis}")
            melde("Word-Datei erstellt")
            uhr.runde("docx")
            if "docx" in ziel_formate:
                fertig.append(docx)
        if exporter is not None:
            pdf = arbeit / f"{name}.pdf"
            melde("PDF wird mit LibreOffice erzeugt (Verzeichnisse werden aktualisiert) …")
            e = p.einstellungen
            gelegt = exporter.exportieren(
                docx, pdf, titel=e.titel, sprache=e.sprache, zeitlimit=e.pdf_zeitlimit
            )
            if verzeichnisse.ueberhang(gelegt.verzeichnisseiten) and verzeichnisse.verdichten(dokument):
                # an index spilling a line or two onto a page of its own is set tighter instead
                melde("Hinweis: Ein Verzeichnis passte knapp nicht auf seine Seite; es ist enger gesetzt.")
                with _schreibend(p.ausgabeordner):
                    paket.speichern(dokument.docx, docx)
                gelegt = exporter.exportieren(
                    docx, pdf, titel=e.titel, sprache=e.sprache, zeitlimit=e.pdf_zeitlimit
                )
            seiten = gelegt.seiten
            melde(f"PDF erstellt und geprüft (PDF/UA-1, PDF/A-2b): {gelegt.seiten} Seiten")
            if "docx" in ziel_formate:
                # the Word file shows the PDF's page numbers in its indexes and page totals when opened
                felder.gesamtseiten_eintragen(dokument.docx, gelegt.seitenverweise)
                for hinweis in verzeichnisse.fuellen(dokument, gelegt.verzeichnisse):
                    melde(f"Hinweis: {hinweis}")
                with _schreibend(p.ausgabeordner):
                    paket.speichern(dokument.docx, docx)
            fertig.append(pdf)
            uhr.runde("pdf")

        html_ordner = None
        if "html" in ziel_formate:
            from .darstellung import html

            with _schreibend(p.ausgabeordner):
                fassung = html.rendern(
                    v.bericht,
                    daten,
                    arbeit / "html",
                    farben=v.projekt.einstellungen.farben,
                    schrift=v.projekt.einstellungen.schrift,
                    eine_seite=p.einstellungen.html_seiten == "eine",
                    wurzel=p.wurzel,
                )
            html_ordner = fassung.ordner
            from .export.html_pruefen import ausfuehrbares, html_pruefen

            # defects of berichtsgen, not of the editor's content: every way in was refused before
            for befund, maengel, hinweis in (
                ("enthielte Ausführbares", ausfuehrbares(html_ordner), "Sie wird nicht geschrieben. "),
                ("ist nicht barrierefrei", html_pruefen(html_ordner), ""),
            ):
                if maengel:
                    weitere = f" (und {len(maengel) - 1} weitere)" if len(maengel) > 1 else ""
                    raise ExportFehler(
                        f"Die HTML-Fassung {befund}: {maengel[0]}{weitere}",
                        None,
                        hinweis + "Bitte melden Sie diesen Fehler mit dem Projekt.",
                    )
            melde(f"HTML-Fassung erstellt: {len(fassung.seiten)} Seiten")
            uhr.runde("html")
        if "pptx" in ziel_formate:  # its template was opened (or refused) with the preparation
            from .darstellung import folien

            pptx = arbeit / f"{name}.pptx"
            with _schreibend(p.ausgabeordner):
                deck = folien.rendern(v.bericht, daten, v.folienvorlage, pptx)
            melde(f"Foliensatz erstellt: {deck.folien} Folien")
            fertig.append(pptx)
            uhr.runde("pptx")

        geschrieben = []
        for datei in fertig:  # only now replace the last good report
            endziel = p.ausgabeordner / datei.name
            with _schreibend(endziel):
                os.replace(datei, endziel)
            geschrieben.append(endziel)
            melde(f"Geschrieben: {p.relativ(endziel)}")
        if html_ordner is not None:
            from .darstellung.html import ersetzen

            endziel = p.ausgabeordner / _html_name(p)
            with _schreibend(endziel):
                ersetzen(html_ordner, endziel)
            geschrieben.append(endziel)
            melde(f"Geschrieben: {p.relativ(endziel)}/index.html")
    return BauErgebnis(geschrieben, uhr.zeiten, uhr.speicher, [b for b in v.befunde if b.warnung], seiten)


GROSSES_DOKUMENT = 1000
"""Blocks (paragraphs, tables) of a report's body from which its build frees the previous one at once."""

_FREIGEBEN = False
"""Whether the last build in this process made a large document (see `_speicher_freigeben`)."""


def _speicher_freigeben() -> None:
    """Free what a previous large build in this process left in reference cycles (its document),
    so that its memory is reused instead of the process growing by it (a script's loop, watch, a
    series worker).

    A full collection looks at every object of the process – some 130 000 once a build has
    imported its libraries, 0,12 s –, which in a warm rebuild of a small report costs more than
    it frees: there Python's own collector is left to it.
    """
    global _FREIGEBEN
    if _FREIGEBEN:
        gc.collect()
        _FREIGEBEN = False


def _umfang_merken(dokument: Any) -> None:
    """Note whether the document just rendered is large enough to be freed before the next build."""
    global _FREIGEBEN
    _FREIGEBEN = len(dokument.docx.element.body) >= GROSSES_DOKUMENT


def _html_name(p: Projekt) -> str:
    """The HTML edition's folder: "html", or "NAME-html" for a report of a series (whose reports
    share the output folder)."""
    return f"{p.dateiname}-html" if p.parameter else "html"


@contextmanager
def _schreibend(wohin: Path) -> Iterator[None]:
    """Turn a failed write (permissions, full disk, size limit) into one German line."""
    try:
        yield
    except OSError as exc:
        raise AusgabeFehler.aus(exc, wohin) from None


def vorlage_pruefen(pfad: Path, logo_alt: str = "") -> tuple[Vorlagenbericht, list[Befund]]:
    """Report what the template at `pfad` offers and lacks (`berichtsgen template`), with the
    findings `check` and `build` would give about it: the same rules, the same rule names. A
    PowerPoint template (.pptx) is reported as the deck's template."""
    from . import pruefung
    from .darstellung.vorlage import Vorlage
    from .inhalt.modell import Bericht

    if pfad.suffix.lower() in (".pptx", ".potx", ".pptm", ".potm"):
        from .darstellung.folien import Folienvorlage

        return Folienvorlage(pfad).bericht(), []
    vorlage = Vorlage(pfad)
    bericht = vorlage.bericht()
    umfeld = pruefung.Umfeld(
        pfad.parent,
        pfad,
        vorlage.schriftbilder(),
        vorlage.bilder_zugaenglich(logo_alt or None),
        **_tabellenumfeld(vorlage),
    )
    befunde = list(pruefung.textkontrast(Bericht([]), umfeld)) + list(
        pruefung.vorlagenbilder(Bericht([]), umfeld)
    )
    return bericht, befunde


def _tabellenumfeld(vorlage: Vorlage) -> dict:
    """What the contrast rules need of the template's tables (`pruefung.Umfeld`)."""
    zellstil = vorlage.stile.zellstil()
    return {
        "tabellenbilder": vorlage.tabellenbilder(),
        "zelltextfarbe": vorlage.zelltextfarbe,
        "zellstil": vorlage.stile.namen.get(zellstil, zellstil or "Standard"),
    }


# --- the shared preparation ---------------------------------------------------------------------


def _vorbereiten(
    p: Projekt,
    melde: Fortschritt,
    uhr: _Stoppuhr,
    neu: bool = False,
    folien: bool = False,
    schreiben: bool = True,
) -> _Vorbereitung:
    """Read, compute and number the report; collect every error and run every rule (with `folien`
    also those of the slide deck, whose template is opened then). Without `schreiben` (for
    `check`) the cache is only read: nothing is written into the project."""
    from . import pruefung
    from .berechnung.kontext import Berechnung
    from .berechnung.register import module_laden
    from .berechnung.zwischenspeicher import ORDNER as CACHE_ORDNER
    from .berechnung.zwischenspeicher import Zwischenspeicher
    from .inhalt import nummern

    vorlage = _vorlage_oeffnen(p)
    vorlage.seitenzahl_sichern(p.einstellungen.seitenzahl)
    vorlagenbilder = vorlage.bilder_zugaenglich(p.einstellungen.logo_alt or None)
    for hinweis in vorlage.hinweise + vorlage.design_hinweise():
        melde(f"Hinweis: {hinweis}")
    p = _design_der_vorlage(p, vorlage)
    register = module_laden([p.wurzel / m for m in p.einstellungen.module], p.wurzel)
    zwischenspeicher = Zwischenspeicher(
        p.wurzel / CACHE_ORDNER, neu=neu, projekt=p.wurzel, nur_lesen=not schreiben
    )
    if zwischenspeicher.hinweis:  # a linked or foreign cache folder: built without it
        melde(zwischenspeicher.hinweis)
    berechnung = Berechnung(p, register, vorlage.textbreite_cm(), zwischenspeicher)

    fehler: list[BerichtsgenFehler] = []  # every error, so that one run lists all of them
    kapitel, leser = _kapitel_lesen(p, berechnung, fehler)
    melde(f"{len(kapitel)} Kapitel gelesen")
    uhr.runde("inhalt")

    bericht = _bericht(p, kapitel)
    _rechnen(bericht, berechnung, melde, fehler)
    if zwischenspeicher.treffer:
        melde(
            f"{zwischenspeicher.treffer} Ergebnisse unverändert aus dem Zwischenspeicher, "
            f"{zwischenspeicher.berechnet} berechnet"
        )
    zwischenspeicher.begrenzen()
    hinweise = _abkuerzungen(p, leser, bericht, fehler)
    _datenquellen(bericht, berechnung)
    fehler += nummern.nummerieren(bericht, verweise_pruefen=not fehler)
    uhr.runde("berechnung")

    folienvorlage = None
    if folien:
        from .darstellung.folien import Folienvorlage

        angabe = p.einstellungen.folien_vorlage
        try:
            folienvorlage = Folienvorlage(
                (p.wurzel / Path(angabe).expanduser()).resolve() if angabe else None
            )
        except BerichtsgenFehler as exc:
            fehler.append(exc)
        else:
            for hinweis in folienvorlage.hinweise:
                melde(f"Hinweis: {hinweis}")
    umfeld = pruefung.Umfeld(
        p.wurzel,
        vorlage.pfad,
        vorlage.schriftbilder(),
        vorlagenbilder,
        vorlage.tabelle_planen,
        vorlage.tabelle_teilen,
        folienflaeche=folienvorlage.flaeche.cm() if folienvorlage is not None else None,
        **_tabellenumfeld(vorlage),
    )
    befunde = pruefung.schwere_anwenden(pruefung.pruefen(bericht, umfeld), p.einstellungen.barrierefreiheit)
    befunde = _plausibilitaet(berechnung) + berechnung.befunde + hinweise + befunde
    fehler = _einmal(fehler)
    for f in fehler:  # files are shown relative to the project from here on
        f.verorten(p.wurzel)
    for b in befunde:
        b.ort.wurzel = p.wurzel
    return _Vorbereitung(p, vorlage, bericht, berechnung, fehler, befunde, folienvorlage)


def _vorlage_oeffnen(p: Projekt) -> Vorlage:
    """Open the project's template: any readable path (a corporate template may live on a shared
    drive), else the neutral one inside the package. Content files stay inside the project."""
    from importlib.resources import as_file, files

    from .darstellung.vorlage import Vorlage

    angabe = p.einstellungen.vorlage
    if not angabe:
        with as_file(files("berichtsgen").joinpath("vorlagen/standard.docx")) as pfad:
            return Vorlage.oeffnen(Path(pfad), "paket")
    herkunft = "--vorlage" if p.vorlage_aus_option else "berichtsgen.toml"
    return Vorlage.oeffnen((p.wurzel / Path(angabe).expanduser()).resolve(), herkunft)


def _projekt(jahr: int, projekt, vorlage, ausgabe, parameter: Mapping[str, Any] | None = None) -> Projekt:
    """Load the project for `jahr` with the command line's overrides; with `parameter`, as that
    report of a series (see `_als_bericht`)."""
    p = projekt_laden(projekt, jahr)
    aenderungen = {}
    if vorlage is not None:  # from the command line: relative to where it was typed
        aenderungen["vorlage"] = str(Path(vorlage).expanduser().resolve())
        p = replace(p, vorlage_aus_option=True)
    if ausgabe is not None:
        aenderungen["ausgabe"] = os.path.relpath(Path(ausgabe).resolve(), p.wurzel)
    if aenderungen:
        p = replace(p, einstellungen=replace(p.einstellungen, **aenderungen))
    return p if parameter is None else _als_bericht(p, parameter)


def _als_bericht(p: Projekt, parameter: Mapping[str, Any]) -> Projekt:
    """The project as the report with `parameter`: year and parameters put into title, subtitle
    and date line."""
    werte = Parameter(parameter)
    parameter_pruefen(werte, herkunft(werte))
    e = p.einstellungen
    gesetzt = {
        feld: einsetzen(getattr(e, feld), p.jahr, werte, feld) for feld in ("titel", "untertitel", "stand")
    }
    return replace(p, parameter=werte, einstellungen=replace(e, **gesetzt))


@contextmanager
def _ohne_bytecode() -> Iterator[None]:
    """Import without writing `__pycache__` (a helper module next to the project's Python files
    would get one in the project): `check` writes nothing."""
    vorher = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        yield
    finally:
        sys.dont_write_bytecode = vorher


@contextmanager
def _verortet(wurzel: Path) -> Iterator[None]:
    """Show the files of every error leaving the block relative to the project folder."""
    try:
        yield
    except BerichtsgenFehler as exc:
        raise exc.verorten(wurzel) from None


def _einmal(fehler: list[BerichtsgenFehler]) -> list[BerichtsgenFehler]:
    """Drop repeated errors (a missing data file is reported once, not per table using it)."""
    return list({(type(f), f.meldung, str(f.ort)): f for f in fehler}.values())


def _design_der_vorlage(p: Projekt, vorlage: Vorlage) -> Projekt:
    """Take chart colours and font from the template where the settings do not name them."""
    from .darstellung.vorlage import ersatzschrift

    e = p.einstellungen
    if e.farben and e.schrift:
        return p
    design = vorlage.design()
    farben = design.farben if len(design.farben) >= 2 else STANDARD_PALETTE  # too few: the default
    schrift = e.schrift or ersatzschrift(design.schrift or "") or "DejaVu Sans"
    return replace(p, einstellungen=replace(e, farben=e.farben or tuple(farben), schrift=schrift))


def _formate(formate: Iterable[str] | None, p: Projekt) -> tuple[str, ...]:
    gewaehlt = tuple(formate) if formate else p.einstellungen.formate
    for fmt in gewaehlt:
        if fmt not in FORMATE:
            raise EinstellungsFehler(
                f"Unbekanntes Format „{fmt}“.", None, "Möglich: " + ", ".join(FORMATE) + "."
            )
    return gewaehlt


def _berichtsdaten(p: Projekt):
    from .darstellung.word import Berichtsdaten

    e = p.einstellungen
    return Berichtsdaten(
        titel=e.titel,
        untertitel=e.untertitel,
        herausgeber=e.herausgeber,
        stand=e.stand,
        jahr=p.jahr,
        redaktion=e.redaktion,
        kontakt=e.kontakt,
        sprache=e.sprache,
        vorspann_seitenzahlen=e.vorspann_seitenzahlen,
        kapitelnummern=e.kapitelnummern,
        silbentrennung=e.silbentrennung,
        parameter=dict(p.parameter),
    )


def _kapitel_lesen(
    p: Projekt, berechnung: Berechnung, fehler: list[BerichtsgenFehler]
) -> tuple[list[Kapitel], KapitelLeser]:
    """Read every chapter; an error is collected in `fehler` and the next file is read."""
    from .berechnung.format import jinja_filter, jinja_funktionen
    from .inhalt import ausdruecke
    from .inhalt.markdown import KapitelLeser

    dateien = sorted(d for d in p.inhaltsordner.glob("*.md") if not hilfsdatei(d.name))
    if not dateien:
        raise EinstellungsFehler(
            f"Im Ordner „{p.relativ(p.inhaltsordner)}“ liegen keine Kapitel (*.md).",
            None,
            "Jedes Kapitel ist eine Markdown-Datei; sie werden nach Dateinamen sortiert.",
        )
    stellen = p.einstellungen.nachkommastellen
    env = ausdruecke.umgebung(jinja_filter(stellen), funktionen=jinja_funktionen(stellen))
    e = p.einstellungen
    kontext = {
        "jahr": p.jahr,
        "bericht": {
            "titel": e.titel,
            "untertitel": e.untertitel,
            "herausgeber": e.herausgeber,
            "stand": e.stand,
        },
        "wert": berechnung.wert,
        "parameter": p.parameter,
    }
    leser = KapitelLeser(p.innerhalb)
    kapitel = []
    for datei in dateien:
        try:
            p.innerhalb(datei, Ort(datei))  # a chapter may be a symbolic link, but not out of the project
            roh = datei.read_text(encoding="utf-8")
        except BerichtsgenFehler as exc:
            fehler.append(exc)
            continue
        except UnicodeDecodeError:
            fehler.append(
                InhaltsFehler(
                    "Die Datei ist nicht UTF-8-kodiert.", Ort(datei), "Speichern Sie sie als UTF-8."
                )
            )
            continue
        zeichen = steuerzeichen(roh)
        if zeichen:
            fehler.append(
                InhaltsFehler(
                    f"Die Datei enthält ein Steuerzeichen ({zeichen[1]}), das Word nicht speichern kann.",
                    Ort(datei, zeichen[0]),
                    "Löschen Sie es; es entsteht oft beim Kopieren aus anderen Programmen.",
                )
            )
            continue
        try:
            text = ausdruecke.rendern(env, roh, datei, kontext)
            kapitel.append(leser.lies(datei, text, roh))
        except BerichtsgenFehler as exc:
            fehler.append(exc)
    return kapitel, leser


def _bericht(p: Projekt, kapitel: list[Kapitel]) -> Bericht:
    """Lay the chapters out in the order of `aufbau`, with the generated appendix of measures.

    The lists of abbreviations and data sources are filled in once everything is computed.
    """
    from .inhalt.datenquellen import massnahmen_anhang
    from .inhalt.modell import Bericht

    bausteine: list[tuple[str, list[Kapitel]]] = []
    for baustein in p.einstellungen.aufbau:
        if baustein == "kapitel":
            bausteine.append((baustein, kapitel))
        elif baustein == "massnahmen":
            bausteine.append((baustein, [massnahmen_anhang()]))
        else:
            bausteine.append((baustein, []))
    return Bericht(bausteine)


def _rechnen(bericht: Bericht, berechnung: Berechnung, melde: Fortschritt, fehler: list) -> None:
    """Compute every table and chart the chapters place, and read every image.

    An error is collected in `fehler` and the next placement is tried, so that one run lists every
    missing data file.
    """
    from .inhalt.modell import (
        Bild,
        DiagrammPlatz,
        MassnahmenDiagrammPlatz,
        MassnahmenPlatz,
        TabellenPlatz,
        alle_bloecke,
    )

    plaetze = [
        b
        for k in bericht.kapitel()
        for b in alle_bloecke(k.bloecke)
        if isinstance(b, (TabellenPlatz, DiagrammPlatz, Bild))
    ]
    # the charts in parallel processes (they take the time); tables and images meanwhile here
    diagramme = [
        b for b in plaetze if isinstance(b, DiagrammPlatz) and not isinstance(b, MassnahmenDiagrammPlatz)
    ]
    gezeichnet = {id(b) for b in diagramme}
    uebrige_fehler: list[BerichtsgenFehler] = []

    def uebrige() -> None:
        for b in plaetze:
            if id(b) in gezeichnet:
                continue
            try:
                if isinstance(b, Bild):
                    b.ergebnis = berechnung.bild(b)
                elif isinstance(b, MassnahmenPlatz):
                    b.ergebnis = berechnung.massnahmen_tabelle(b.handlungsfeld, b.optionen)
                    melde(f"Maßnahmen „{b.handlungsfeld or 'alle'}“ zusammengestellt")
                elif isinstance(b, MassnahmenDiagrammPlatz):
                    b.ergebnis = berechnung.massnahmen_diagramm()
                    melde("Diagramm des Umsetzungsstands gezeichnet")
                else:
                    b.ergebnis = berechnung.tabelle(b.name, b.optionen, b.ort)
                    melde(f"Tabelle „{b.name}“ berechnet")
            except BerichtsgenFehler as exc:
                if not exc.ort.datei:  # an error without a place of its own: where the chapter asks
                    exc.ort = b.ort
                uebrige_fehler.append(exc)

    ergebnisse = berechnung.diagramme([(b.name, b.optionen, b.ort) for b in diagramme], nebenher=uebrige)
    for b, ergebnis in zip(diagramme, ergebnisse, strict=True):
        if isinstance(ergebnis, BerichtsgenFehler):
            if not ergebnis.ort.datei:
                ergebnis.ort = b.ort
            fehler.append(ergebnis)
        else:
            b.ergebnis = ergebnis
            melde(f"Diagramm „{b.name}“ gezeichnet")
    fehler.extend(uebrige_fehler)  # in the order as before: the charts' errors first


def _abkuerzungen(p: Projekt, leser: KapitelLeser, bericht: Bericht, fehler: list) -> list[Befund]:
    """Collect the abbreviations (front matter, abkuerzungen.csv), spell out their first use where
    the sentence allows it (hints where not), list those the report uses."""
    from .berechnung import daten
    from .fehler import DatenFehler
    from .inhalt import abkuerzungen

    datei = p.inhaltsordner / "abkuerzungen.csv"
    try:
        if datei.is_file() or datei.is_symlink():
            p.innerhalb(datei, Ort(datei))
            df = daten.lesen(datei, p.relativ(datei))
            if len(df.columns) < 2:
                raise DatenFehler(
                    "abkuerzungen.csv braucht zwei Spalten: Abkürzung und Bedeutung.", Ort(datei, 1)
                )
            for i, (kurz, lang) in enumerate(zip(df.iloc[:, 0], df.iloc[:, 1], strict=True), start=2):
                leser.abkuerzung(str(kurz).strip(), str(lang).strip(), Ort(datei, i))
    except BerichtsgenFehler as exc:
        fehler.append(exc)
    kurzformen = {kurz: lang for kurz, (lang, _ort) in leser.abkuerzungen.items()}
    kapitel = next((k for b, k in bericht.bausteine if b == "kapitel"), [])
    hinweise = abkuerzungen.ausschreiben(kapitel, kurzformen)
    verwendet = abkuerzungen.verwendete(list(bericht.kapitel()), kurzformen)
    bericht.abkuerzungen = dict(verwendet)
    for i, (baustein, _k) in enumerate(bericht.bausteine):
        if baustein == "abkuerzungen":
            bericht.bausteine[i] = (baustein, [abkuerzungen.verzeichnis(verwendet)] if verwendet else [])
    return hinweise


def _datenquellen(bericht: Bericht, berechnung: Berechnung) -> None:
    """Fill the appendix "Datenquellen" from what the tables and charts were computed from."""
    from .inhalt.datenquellen import datenquellen

    dateien = {
        name: (h.metadaten.quelle, h.metadaten.stichtag)
        for name, h in berechnung.kontext.alle_dateien.items()
    }
    for i, (baustein, _k) in enumerate(bericht.bausteine):
        if baustein == "datenquellen":
            bericht.bausteine[i] = (baustein, [datenquellen(list(bericht.kapitel()), dateien)])


def _plausibilitaet(berechnung: Berechnung) -> list[Befund]:
    """Turn the failed plausibility checks of every data file read into findings."""
    befunde = []
    for name, h in sorted(berechnung.kontext.alle_dateien.items()):
        for e in h.pruefergebnisse:
            if not e.ok:
                befunde.append(
                    Befund(
                        "plausibilitaet",
                        f"Prüfung {e.beschreibung}: {e.meldung}"
                        if e.meldung.startswith("nicht prüfbar")
                        else f"Prüfung {e.beschreibung} schlägt fehl: {e.meldung}",
                        Ort(name, e.zeile),
                        "Prüfen Sie die Datenlieferung." if e.hart else "Bitte von Hand prüfen.",
                        "fehler" if e.hart else "warnung",
                    )
                )
    return befunde


def _infos(v: _Vorbereitung) -> list[Befund]:
    """What `check` reports for information: hand-typed numbers, how each data file was read."""
    from .pruefung import zahlen_von_hand

    befunde = list(zahlen_von_hand(v.bericht))
    for name, h in sorted(v.berechnung.kontext.alle_dateien.items()):
        angaben = [f"gelesen als {h.erkannt}"]
        angaben += [
            f"{n}: {w}" for n, w in (("Quelle", h.metadaten.quelle), ("Stichtag", h.metadaten.stichtag)) if w
        ]
        text = "; ".join(angaben)
        befunde.append(Befund("daten-gelesen", text.rstrip(".") + ".", Ort(name), schwere="info"))
    for b in befunde:
        b.ort.wurzel = v.projekt.wurzel
    return befunde


def _datenbericht(v: _Vorbereitung) -> list[str]:
    """Report which checks ran on which data file, grouped by Handlungsfeld (or chapter)."""
    from .inhalt.modell import DiagrammPlatz, TabellenPlatz, alle_bloecke

    zeilen: list[str] = []
    for k in v.bericht.kapitel():
        dateien: list[str] = []
        summen: list[str] = []
        for b in alle_bloecke(k.bloecke):
            if isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
                dateien += [d for d in b.ergebnis.beschriftung.dateien if d not in dateien]
            if isinstance(b, TabellenPlatz):
                summen += [f"  Tabelle „{b.name}“: {z}" for z in v.berechnung.summenberichte.get(b.name, [])]
        if not dateien and not summen:
            continue
        zeilen.append(
            f"Handlungsfeld {k.handlungsfeld}: {k.daten.get('titel')}" if k.handlungsfeld else k.titel
        )
        zeilen += summen
        for datei in dateien:
            h = v.berechnung.kontext.alle_dateien.get(datei)
            if h is None:
                continue
            if not h.pruefergebnisse:
                zeilen.append(f"  {datei}: keine Prüfungen erklärt")
            gruppen: dict[str, list] = {}
            for e in h.pruefergebnisse:  # one line per declared check, not per cell
                gruppen.setdefault(e.beschreibung, []).append(e)
            for beschreibung, ergebnisse in gruppen.items():
                falsch = [e for e in ergebnisse if not e.ok]
                verglichen = [e for e in ergebnisse if e.zellen]
                zellen = sum(e.zellen for e in verglichen)
                umfang = f"{zellen} Zelle{'' if zellen == 1 else 'n'}"
                if len(verglichen) > 1:
                    umfang = f"{len(verglichen)} Vergleiche, {umfang}"
                if not falsch:
                    zeilen.append(f"  {datei}: {beschreibung}: in Ordnung ({umfang})")
                elif verglichen:
                    zeilen.append(f"  {datei}: {beschreibung}: geprüft ({umfang})")
                for e in falsch:
                    zeichen = "FEHLER" if e.hart else "bitte prüfen"
                    zeilen.append(f"  {datei}: {beschreibung}: {zeichen} – {e.meldung}")
    return zeilen
