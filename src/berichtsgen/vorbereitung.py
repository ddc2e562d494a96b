"""The preparation `check` and `build` share, read top to bottom in `vorbereiten`: project (with
the command line's overrides), template, the project's functions, chapters, computation, generated
chapters, numbering, rules. It writes nothing but the cache (and not even that for `check`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fehler import Befund, BerichtsgenFehler, EinstellungsFehler, InhaltsFehler, Ort, einzeln, steuerzeichen
from .inhalt.modell import Berichtsdaten
from .projekt import (
    STANDARD_PALETTE,
    Aussehen,
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
    from .darstellung.word.vorlage import Vorlage
    from .inhalt.markdown import KapitelLeser
    from .inhalt.modell import Bericht, Kapitel

Fortschritt = Callable[[str], None]
"""Receives German progress lines."""


@dataclass
class Vorbereitung:
    """What `check` and `build` share: the project, its template and the computed, numbered report."""

    projekt: Projekt
    vorlage: Vorlage
    bericht: Bericht
    berechnung: Berechnung
    fehler: list[BerichtsgenFehler]
    """Errors met while reading, computing and numbering (each once)."""
    befunde: list[Befund]
    """Findings of the rules and the plausibility checks, in the severity the settings give."""
    berichtsdaten: Berichtsdaten
    """Title, Impressum and properties, for the chapters' texts and every output (made once)."""
    aussehen: Aussehen
    """Colours and font of the charts and the web edition (settings, else the template's)."""
    folienvorlage: Any = None
    """The slide deck's template (`darstellung.folien.Folienvorlage`), when slides are made or checked."""


class Stoppuhr:
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


def tabellenumfeld(vorlage: Vorlage) -> dict:
    """What the contrast rules need of the template's tables (`pruefung.Umfeld`)."""
    zellstil = vorlage.stile.zellstil()
    return {
        "tabellenbilder": vorlage.tabellenbilder(),
        "zelltextfarbe": vorlage.zelltextfarbe,
        "zellstil": vorlage.stile.namen.get(zellstil, zellstil or "Standard"),
    }


def vorbereiten(
    p: Projekt,
    melde: Fortschritt,
    uhr: Stoppuhr,
    neu: bool = False,
    folien: bool = False,
    schreiben: bool = True,
    prozesse: int | None = None,
    durchsicht: bool = False,
) -> Vorbereitung:
    """Read, compute and number the report; collect every error and run every rule (with `folien`
    also those of the slide deck, whose template is opened then). Without `schreiben` (for
    `check`) the cache is only read: nothing is written into the project. The charts are drawn
    by `prozesse` processes (default: BERICHTSGEN_PROZESSE, else one per core). With `durchsicht`
    (a review copy) the values printed into chapters are marked (`ausdruecke.WERT_AUF`)."""
    from . import pruefung
    from .berechnung.kontext import Berechnung, prozesse_aus_umgebung
    from .berechnung.register import module_laden
    from .berechnung.zwischenspeicher import ORDNER as CACHE_ORDNER
    from .berechnung.zwischenspeicher import Zwischenspeicher
    from .inhalt import nummern

    vorlage = _vorlage_oeffnen(p)
    vorlage.seitenzahl_sichern(p.einstellungen.seitenzahl)
    vorlagenbilder = vorlage.bilder_zugaenglich(p.einstellungen.logo_alt or None)
    for hinweis in vorlage.hinweise + vorlage.design_hinweise():
        melde(f"Hinweis: {hinweis}")
    aussehen = design_der_vorlage(p, vorlage)
    register = module_laden([p.wurzel / m for m in p.einstellungen.module], p.wurzel)
    zwischenspeicher = Zwischenspeicher(
        p.wurzel / CACHE_ORDNER, neu=neu, projekt=p.wurzel, nur_lesen=not schreiben
    )
    if zwischenspeicher.hinweis:  # a linked or foreign cache folder: built without it
        melde(zwischenspeicher.hinweis)
    prozesse = prozesse if prozesse is not None else prozesse_aus_umgebung()
    berechnung = Berechnung(p, register, aussehen, vorlage.textbreite_cm(), zwischenspeicher, prozesse)

    fehler: list[BerichtsgenFehler] = []  # every error, so that one run lists all of them
    berichtsdaten = _berichtsdaten(p)
    kapitel, leser = _kapitel_lesen(p, berichtsdaten, berechnung, fehler, durchsicht)
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
            fehler += einzeln(exc)
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
        **tabellenumfeld(vorlage),
    )
    befunde = pruefung.schwere_anwenden(pruefung.pruefen(bericht, umfeld), p.einstellungen.barrierefreiheit)
    befunde = _plausibilitaet(berechnung) + berechnung.befunde + hinweise + befunde
    fehler = _einmal(fehler)
    for f in fehler:  # files are shown relative to the project from here on
        f.verorten(p.wurzel)
    for b in befunde:
        b.verorten(p.wurzel)
    return Vorbereitung(
        p, vorlage, bericht, berechnung, fehler, befunde, berichtsdaten, aussehen, folienvorlage
    )


def _vorlage_oeffnen(p: Projekt) -> Vorlage:
    """Open the project's template: any readable path (a corporate template may live on a shared
    drive), else the neutral one inside the package. Content files stay inside the project."""
    from importlib.resources import as_file, files

    from .darstellung.word.vorlage import Vorlage

    angabe = p.einstellungen.vorlage
    if not angabe:
        with as_file(files("berichtsgen").joinpath("vorlagen/standard.docx")) as pfad:
            return Vorlage.oeffnen(Path(pfad), "paket")
    herkunft = "--vorlage" if p.vorlage_aus_option else "berichtsgen.toml"
    return Vorlage.oeffnen((p.wurzel / Path(angabe).expanduser()).resolve(), herkunft)


def projekt_mit_optionen(
    jahr: int, projekt, vorlage, ausgabe, parameter: Mapping[str, Any] | None = None
) -> Projekt:
    """Load the project for `jahr` with the command line's overrides; with `parameter`, as that
    report of a series (see `als_bericht`)."""
    p = projekt_laden(projekt, jahr)
    aenderungen = {}
    if vorlage is not None:  # from the command line: relative to where it was typed
        aenderungen["vorlage"] = str(Path(vorlage).expanduser().resolve())
        p = replace(p, vorlage_aus_option=True)
    if ausgabe is not None:
        aenderungen["ausgabe"] = os.path.relpath(Path(ausgabe).resolve(), p.wurzel)
    if aenderungen:
        p = replace(p, einstellungen=replace(p.einstellungen, **aenderungen))
    return p if parameter is None else als_bericht(p, parameter)


def als_bericht(p: Projekt, parameter: Mapping[str, Any]) -> Projekt:
    """The project as the report with `parameter`: year and parameters put into title, subtitle
    and date line."""
    werte = Parameter(parameter)
    parameter_pruefen(werte, herkunft(werte))
    e = p.einstellungen
    gesetzt = {
        feld: einsetzen(getattr(e, feld), p.jahr, werte, feld) for feld in ("titel", "untertitel", "stand")
    }
    return replace(p, parameter=werte, einstellungen=replace(e, **gesetzt))


def _einmal(fehler: list[BerichtsgenFehler]) -> list[BerichtsgenFehler]:
    """Drop repeated errors (a missing data file is reported once, not per table using it)."""
    return list({(type(f), f.meldung, str(f.ort)): f for f in fehler}.values())


def design_der_vorlage(p: Projekt, vorlage: Vorlage) -> Aussehen:
    """Chart colours and font: the settings' where they name them, else the template's."""
    from .darstellung.word.vorlage import ersatzschrift

    e = p.einstellungen
    if e.farben and e.schrift:
        return Aussehen(e.farben, e.schrift)
    design = vorlage.design()
    farben = design.farben if len(design.farben) >= 2 else STANDARD_PALETTE  # too few: the default
    schrift = e.schrift or ersatzschrift(design.schrift or "") or "DejaVu Sans"
    return Aussehen(e.farben or tuple(farben), schrift)


def _kapitel_lesen(
    p: Projekt,
    berichtsdaten: Berichtsdaten,
    berechnung: Berechnung,
    fehler: list[BerichtsgenFehler],
    werte_markieren: bool = False,
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
    env.markieren = werte_markieren
    kontext = {
        "jahr": p.jahr,
        "bericht": berichtsdaten.fuer_kapitel(),
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
            fehler += einzeln(exc)
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
            text = ausdruecke.auswerten(env, roh, datei, kontext)
            kapitel.append(leser.lies(datei, text, roh))
        except BerichtsgenFehler as exc:
            fehler += einzeln(exc)
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
        for kapitel in bericht.kapitel()
        for b in alle_bloecke(kapitel.bloecke)
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
                uebrige_fehler.extend(einzeln(exc))

    ergebnisse = berechnung.diagramme([(b.name, b.optionen, b.ort) for b in diagramme], nebenher=uebrige)
    for b, ergebnis in zip(diagramme, ergebnisse, strict=True):
        if isinstance(ergebnis, BerichtsgenFehler):
            if not ergebnis.ort.datei:
                ergebnis.ort = b.ort
            fehler += einzeln(ergebnis)
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
        name: (h.metadaten.quelle, h.metadaten.stichtag) for name, h in berechnung.lager.alle_dateien.items()
    }
    for i, (baustein, _k) in enumerate(bericht.bausteine):
        if baustein == "datenquellen":
            bericht.bausteine[i] = (baustein, [datenquellen(list(bericht.kapitel()), dateien)])


def _plausibilitaet(berechnung: Berechnung) -> list[Befund]:
    """Turn the failed plausibility checks of every data file read into findings."""
    befunde = []
    for name, h in sorted(berechnung.lager.alle_dateien.items()):
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


def _berichtsdaten(p: Projekt) -> Berichtsdaten:
    """Title, Impressum and properties of the report, from its settings (its parameters put in)."""
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
