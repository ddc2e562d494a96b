"""The build of one report year: project → content → computation → Word → PDF, top to bottom."""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .berechnung import Berechnung, daten
from .berechnung.format import jinja_filter
from .berechnung.register import module_laden
from .darstellung.vorlagenbericht import design_hinweise, ersatzschrift
from .darstellung.word import Berichtsdaten, WordAusgabe
from .export import PdfExport, standard_export
from .fehler import (
    Befund,
    BerichtsgenFehler,
    DatenFehler,
    EinstellungsFehler,
    InhaltsFehler,
    Ort,
    PruefFehler,
)
from .inhalt import abkuerzungen, ausdruecke
from .inhalt.datenquellen import datenquellen, massnahmen_anhang
from .inhalt.markdown import KapitelLeser
from .inhalt.modell import (
    DiagrammPlatz,
    Kapitel,
    MassnahmenDiagrammPlatz,
    MassnahmenPlatz,
    TabellenPlatz,
    alle_bloecke,
)
from .projekt import FORMATE, STANDARD_PALETTE, Projekt, projekt_laden
from .pruefung import regeln_pruefen, vorlage_kontrast, zahlen_von_hand

Fortschritt = Callable[[str], None]


@dataclass
class BauErgebnis:
    """What a build wrote, and how long and how much memory each stage took."""

    dateien: list[Path]
    zeiten: dict[str, float] = field(default_factory=dict)
    """Seconds per stage."""
    speicher_mb: dict[str, float] = field(default_factory=dict)
    """Peak resident memory of this Python process after each stage, in MB."""
    befunde: list[Befund] = field(default_factory=list)
    """Findings of the project check (with `nur_pruefen`)."""
    datenbericht: list[str] = field(default_factory=list)
    """Lines of the data report (with `nur_pruefen`): the checks on each file, by Handlungsfeld."""


class _Stoppuhr:
    def __init__(self) -> None:
        self.zeiten: dict[str, float] = {}
        self.speicher: dict[str, float] = {}
        self._start = time.perf_counter()

    def runde(self, name: str) -> None:
        jetzt = time.perf_counter()
        self.zeiten[name] = jetzt - self._start
        self.speicher[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self._start = jetzt


def build(
    jahr: int,
    projekt: str | os.PathLike[str] = ".",
    *,
    formate: Iterable[str] | None = None,
    vorlage: str | os.PathLike[str] | None = None,
    ausgabe: str | os.PathLike[str] | None = None,
    fortschritt: Fortschritt | None = None,
    export: PdfExport | None = None,
) -> list[Path]:
    """Build the report for `jahr` of the project in `projekt` and return the files written.

    `formate` chooses "docx" and/or "pdf" (default: the project's setting); `vorlage` and
    `ausgabe` override the template and output folder; `fortschritt` receives German progress
    lines. Outputs are replaced only when the whole build succeeded.
    """
    return bauen(
        jahr,
        projekt,
        formate=formate,
        vorlage=vorlage,
        ausgabe=ausgabe,
        fortschritt=fortschritt,
        export=export,
    ).dateien


def bauen(
    jahr: int,
    projekt: str | os.PathLike[str] = ".",
    *,
    formate: Iterable[str] | None = None,
    vorlage: str | os.PathLike[str] | None = None,
    ausgabe: str | os.PathLike[str] | None = None,
    fortschritt: Fortschritt | None = None,
    export: PdfExport | None = None,
    nur_pruefen: bool = False,
) -> BauErgebnis:
    """Like `build`, but also return time and memory per stage.

    With `nur_pruefen` nothing is written and LibreOffice is not started: the result holds every
    finding of the project check (`befunde`), also those that would stop a build.
    """
    melde = fortschritt or (lambda _text: None)
    uhr = _Stoppuhr()

    p = _projekt(jahr, projekt, vorlage, ausgabe)
    ziel_formate = _formate(formate, p)
    melde(f"Projekt „{p.einstellungen.titel}“, Jahr {jahr}")

    exporter: PdfExport | None = None
    if "pdf" in ziel_formate and not nur_pruefen:
        exporter = export or standard_export(p.einstellungen.pdf_zeitlimit)
        exporter.vorbereiten()  # LibreOffice starts while the Word file is built

    vorlage_pfad = p.innerhalb(p.wurzel / p.einstellungen.vorlage, Ort("berichtsgen.toml"))
    word = WordAusgabe(vorlage_pfad, p.relativ(vorlage_pfad))
    for hinweis in word.hinweise + design_hinweise(vorlage_pfad):
        melde(f"Hinweis: {hinweis}")
    p = _design_der_vorlage(p, word)
    register = module_laden([p.wurzel / m for m in p.einstellungen.module], lambda d: p.relativ(Path(d)))
    berechnung = Berechnung(p, register, word.textbreite_cm())
    gesammelt: list[BerichtsgenFehler] = []  # every error, so that one build lists all of them
    kapitel, leser = _kapitel_lesen(p, berechnung, gesammelt)
    melde(f"{len(kapitel)} Kapitel gelesen")
    uhr.runde("inhalt")

    # generated appendices get their letters in the order of `aufbau`, after those in Markdown
    buchstaben = {
        b: leser.naechster_anhang() for b in p.einstellungen.aufbau if b in ("massnahmen", "datenquellen")
    }
    zusatz = {}
    if "massnahmen" in buchstaben:
        zusatz["massnahmen"] = massnahmen_anhang(buchstaben["massnahmen"])

    _rechnen(kapitel + list(zusatz.values()), berechnung, melde, gesammelt.append)
    gesammelt = list({f.zeile(): f for f in gesammelt}.values())  # a missing file once, not per use
    befunde: list[Befund] = [_als_befund(f) for f in gesammelt] if nur_pruefen else []
    if not nur_pruefen and gesammelt:
        if len(gesammelt) == 1:
            raise gesammelt[0]
        raise PruefFehler([_als_befund(f) for f in gesammelt])
    kurzformen = _abkuerzungen(p, leser)
    abkuerzungen.ausschreiben(kapitel, kurzformen)
    if "abkuerzungen" in p.einstellungen.aufbau:
        zusatz["abkuerzungen"] = abkuerzungen.verzeichnis(kurzformen)
    if "datenquellen" in p.einstellungen.aufbau:
        dateien = {
            name: (h.metadaten.quelle, h.metadaten.stichtag)
            for name, h in berechnung.kontext.alle_dateien.items()
        }
        zusatz["datenquellen"] = datenquellen(
            kapitel + list(zusatz.values()), buchstaben["datenquellen"], dateien
        )
    uhr.runde("berechnung")

    befunde += _plausibilitaet(berechnung)
    fehler_bf = p.einstellungen.barrierefreiheit == "fehler"
    befunde += regeln_pruefen(kapitel, p.wurzel, fehler_bf)
    befunde += vorlage_kontrast(
        word.docx.part.styles.element, word.benutzte_stile(), p.relativ(vorlage_pfad), fehler_bf
    )
    if nur_pruefen:
        befunde += zahlen_von_hand(kapitel, lambda d: p.relativ(d))
        for name, h in sorted(berechnung.kontext.alle_dateien.items()):
            angaben = [f"gelesen als {h.erkannt}"]
            angaben += [
                f"{n}: {w}"
                for n, w in (("Quelle", h.metadaten.quelle), ("Stichtag", h.metadaten.stichtag))
                if w
            ]
            text = "; ".join(angaben)
            befunde.append(
                Befund("daten-gelesen", text.rstrip(".") + ".", Ort(name), fehler=False, info=True)
            )
        return BauErgebnis([], uhr.zeiten, uhr.speicher, befunde, _datenbericht(kapitel, berechnung))
    for befund in befunde:
        if not befund.fehler and not befund.info:
            melde(befund.zeile())
    if any(b.fehler for b in befunde):
        raise PruefFehler(befunde)

    p.ausgabeordner.mkdir(parents=True, exist_ok=True)
    arbeit = Path(tempfile.mkdtemp(prefix=".berichtsgen-", dir=p.ausgabeordner))
    try:
        name = p.einstellungen.dateiname.format(jahr=jahr)
        docx = arbeit / f"{name}.docx"
        word.rendern(kapitel, p.einstellungen.aufbau, _berichtsdaten(p), docx, zusatz)
        melde("Word-Datei erstellt")
        uhr.runde("docx")

        fertig = [docx] if "docx" in ziel_formate else []
        if exporter is not None:
            pdf = arbeit / f"{name}.pdf"
            melde("PDF wird mit LibreOffice erzeugt (Verzeichnisse werden aktualisiert) …")
            gelegt = exporter.exportieren(docx, pdf, p.einstellungen.titel, p.einstellungen.sprache)
            melde(f"PDF erstellt und geprüft (PDF/UA-1, PDF/A-2b): {gelegt.seiten} Seiten")
            if "docx" in ziel_formate:
                # the Word file shows the PDF's page numbers in its indexes when it is opened
                for hinweis in word.verzeichnisse_fuellen(gelegt.verzeichnisse, docx):
                    melde(f"Hinweis: {hinweis}")
            fertig.append(pdf)
            uhr.runde("pdf")

        geschrieben = []
        for datei in fertig:  # only now replace the last good report
            endziel = p.ausgabeordner / datei.name
            os.replace(datei, endziel)
            geschrieben.append(endziel)
            melde(f"Geschrieben: {p.relativ(endziel)}")
    finally:
        shutil.rmtree(arbeit, ignore_errors=True)
    return BauErgebnis(geschrieben, uhr.zeiten, uhr.speicher, befunde)


def _projekt(jahr: int, projekt, vorlage, ausgabe) -> Projekt:
    p = projekt_laden(projekt, jahr)
    aenderungen = {}
    if vorlage is not None:
        aenderungen["vorlage"] = os.path.relpath(Path(vorlage).resolve(), p.wurzel)
    if ausgabe is not None:
        aenderungen["ausgabe"] = os.path.relpath(Path(ausgabe).resolve(), p.wurzel)
    if aenderungen:
        p = replace(p, einstellungen=replace(p.einstellungen, **aenderungen))
    return p


def _design_der_vorlage(p: Projekt, word: WordAusgabe) -> Projekt:
    """Take chart colours and font from the template where the settings do not name them."""
    e = p.einstellungen
    if e.farben and e.schrift:
        return p
    farben, schrift = word.design()
    if len(farben) < 2:  # too few accents with enough contrast: the default palette
        farben = list(STANDARD_PALETTE)
    schrift = e.schrift or ersatzschrift(schrift or "") or "DejaVu Sans"
    return replace(p, einstellungen=replace(e, farben=e.farben or tuple(farben), schrift=schrift))


def _formate(formate: Iterable[str] | None, p: Projekt) -> tuple[str, ...]:
    gewaehlt = tuple(formate) if formate else p.einstellungen.formate
    for fmt in gewaehlt:
        if fmt not in FORMATE:
            raise EinstellungsFehler(f"Unbekanntes Format „{fmt}“.", None, "Möglich sind docx und pdf.")
    return gewaehlt


def _berichtsdaten(p: Projekt) -> Berichtsdaten:
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
    )


def _kapitel_lesen(
    p: Projekt, berechnung: Berechnung, fehler: list[BerichtsgenFehler]
) -> tuple[list[Kapitel], KapitelLeser]:
    """Read every chapter; an error is collected in `fehler` and the next file is read."""
    dateien = sorted(p.inhaltsordner.glob("*.md"))
    if not dateien:
        raise EinstellungsFehler(
            f"Im Ordner „{p.relativ(p.inhaltsordner)}“ liegen keine Kapitel (*.md).",
            None,
            "Jedes Kapitel ist eine Markdown-Datei; sie werden nach Dateinamen sortiert.",
        )
    env = ausdruecke.umgebung(jinja_filter())
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
    }
    leser = KapitelLeser(p.innerhalb, lambda d: p.relativ(d))
    kapitel = []
    for datei in dateien:
        anzeige = p.relativ(datei)
        try:
            roh = datei.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InhaltsFehler(
                "Die Datei ist nicht UTF-8-kodiert.", Ort(anzeige), "Speichern Sie sie als UTF-8."
            ) from None
        try:
            text = ausdruecke.rendern(env, roh, anzeige, kontext)
            kapitel.append(leser.lies(datei, text))
        except BerichtsgenFehler as exc:
            fehler.append(exc)
    return kapitel, leser


def _als_befund(fehler: BerichtsgenFehler) -> Befund:
    """Turn an error into a finding of the check, with the rule its kind names."""
    return Befund(
        "daten" if isinstance(fehler, DatenFehler) else "inhalt", fehler.meldung, fehler.ort, fehler.hinweis
    )


def _plausibilitaet(berechnung: Berechnung) -> list[Befund]:
    """Turn the failed plausibility checks of every data file read into findings."""
    befunde = []
    for name, h in sorted(berechnung.kontext.alle_dateien.items()):
        for e in h.pruefergebnisse:
            if not e.ok:
                befunde.append(
                    Befund(
                        "plausibilitaet",
                        f"Prüfung {e.beschreibung} schlägt fehl: {e.meldung}",
                        Ort(name, e.zeile),
                        "Prüfen Sie die Datenlieferung." if e.hart else "Bitte von Hand prüfen.",
                        e.hart,
                    )
                )
    return befunde


def _datenbericht(kapitel: list[Kapitel], berechnung: Berechnung) -> list[str]:
    """Report which checks ran on which data file, grouped by Handlungsfeld (or chapter)."""
    zeilen: list[str] = []
    for k in kapitel:
        dateien: list[str] = []
        for b in alle_bloecke(k.bloecke):
            if isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
                dateien += [d for d in b.ergebnis.beschriftung.dateien if d not in dateien]
        if not dateien:
            continue
        zeilen.append(
            f"Handlungsfeld {k.handlungsfeld}: {k.daten.get('titel')}" if k.handlungsfeld else k.titel
        )
        for datei in dateien:
            h = berechnung.kontext.alle_dateien.get(datei)
            if h is None:
                continue
            if not h.pruefergebnisse:
                zeilen.append(f"  {datei}: keine Prüfungen erklärt")
            gruppen: dict[str, list] = {}
            for e in h.pruefergebnisse:  # one line per declared check, not per cell
                gruppen.setdefault(e.beschreibung, []).append(e)
            for beschreibung, ergebnisse in gruppen.items():
                falsch = [e for e in ergebnisse if not e.ok]
                if not falsch:
                    anzahl = f" ({len(ergebnisse)} Vergleiche)" if len(ergebnisse) > 1 else ""
                    zeilen.append(f"  {datei}: {beschreibung}: in Ordnung{anzahl}")
                for e in falsch:
                    zeichen = "FEHLER" if e.hart else "bitte prüfen"
                    zeilen.append(f"  {datei}: {beschreibung}: {zeichen} – {e.meldung}")
    return zeilen


def _abkuerzungen(p: Projekt, leser: KapitelLeser) -> dict[str, str]:
    """Collect the abbreviations declared in front matter and in the optional abkuerzungen.csv."""
    datei = p.inhaltsordner / "abkuerzungen.csv"
    if datei.is_file():
        df = daten.lesen(datei, p.relativ(datei))
        if len(df.columns) < 2:
            raise DatenFehler(
                "abkuerzungen.csv braucht zwei Spalten: Abkürzung und Bedeutung.", Ort(p.relativ(datei), 1)
            )
        for i, (kurz, lang) in enumerate(zip(df.iloc[:, 0], df.iloc[:, 1], strict=True), start=2):
            leser.abkuerzung(str(kurz).strip(), str(lang).strip(), Ort(p.relativ(datei), i))
    return {kurz: lang for kurz, (lang, _ort) in leser.abkuerzungen.items()}


def _rechnen(
    kapitel: list[Kapitel],
    berechnung: Berechnung,
    melde: Fortschritt,
    sammeln: Callable[[BerichtsgenFehler], None],
) -> None:
    """Compute every table and chart the chapters place.

    An error is handed to `sammeln` and the next placement is tried, so that one run lists every
    missing data file.
    """
    for k in kapitel:
        for b in alle_bloecke(k.bloecke):
            if not isinstance(b, (TabellenPlatz, DiagrammPlatz)):
                continue
            try:
                if isinstance(b, MassnahmenPlatz):
                    b.ergebnis = berechnung.massnahmen_tabelle(b.handlungsfeld, b.optionen)
                    melde(f"Maßnahmen „{b.handlungsfeld or 'alle'}“ zusammengestellt")
                elif isinstance(b, MassnahmenDiagrammPlatz):
                    b.ergebnis = berechnung.massnahmen_diagramm()
                    melde("Diagramm des Umsetzungsstands gezeichnet")
                elif isinstance(b, TabellenPlatz):
                    b.ergebnis = berechnung.tabelle(b.name, b.optionen, b.ort)
                    melde(f"Tabelle „{b.name}“ berechnet")
                else:
                    b.ergebnis = berechnung.diagramm(b.name, b.optionen, b.ort)
                    melde(f"Diagramm „{b.name}“ gezeichnet")
            except BerichtsgenFehler as exc:
                if not exc.ort.datei:  # an error without a place of its own: where the chapter asks
                    exc.ort = b.ort
                sammeln(exc)
