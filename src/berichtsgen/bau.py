"""The verbs of the library: `check` a report year, `build` it, and send chapters out for `review`.

Both share one preparation, read top to bottom in `vorbereiten`: project, template, the
project's functions, chapters, computation, generated chapters, numbering, rules. `check` returns
what it found; `build` stops on errors, then renders Word, exports the PDF, fills the Word file's
indexes with the PDF's page numbers and only then replaces the last good report.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ausgaben
from .aufraeumen import sperren, verwaiste_entfernen
from .datenbericht import datenbericht, infos
from .fehler import (
    Befund,
    EinstellungsFehler,
    Ort,
    PruefFehler,
    verortet,
)
from .projekt import FORMATE, Projekt, kurzname
from .ruecklauf import kommentare_offen
from .vorbereitung import (
    Fortschritt,
    Stoppuhr,
    Vorbereitung,
    als_bericht,
    projekt_mit_optionen,
    tabellenumfeld,
    vorbereiten,
)

if TYPE_CHECKING:  # the heavy stages are imported when a build runs, not with berichtsgen
    from .darstellung.paket import Vorlagenbericht
    from .export import PdfExport


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
    p = projekt_mit_optionen(jahr, projekt, vorlage, None)
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
    p = als_bericht(p, parameter or {})
    folien = "pptx" in p.einstellungen.formate or bool(p.einstellungen.folien_vorlage)
    with verortet(p.wurzel), _ohne_bytecode():
        v = vorbereiten(p, melde, Stoppuhr(), neu, folien=folien, schreiben=False)
        befunde = [Befund.aus_fehler(f) for f in v.fehler] + v.befunde + infos(v) + reihe
        befunde += kommentare_offen(p)
        return PruefErgebnis([b.verorten(p.wurzel) for b in befunde], datenbericht(v))


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
    diagramm_prozesse: int | None = None,
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
    `diagramm_prozesse` processes draw the charts (default: the environment variable
    BERICHTSGEN_PROZESSE, else one per core; a series worker draws in its own process).
    """
    melde = fortschritt or (lambda _t: None)
    ausgaben.speicher_freigeben()
    uhr = Stoppuhr()
    p = projekt_mit_optionen(jahr, projekt, vorlage, ausgabe)
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
    p = als_bericht(p, parameter or {})
    ziel_formate = _formate(formate, p)
    melde(f"Projekt „{p.einstellungen.titel}“, Jahr {jahr}")
    with verortet(p.wurzel), ExitStack() as aufraeumen:
        if "html" in ziel_formate:  # refused before anything is built or replaced
            from .darstellung.html import ziel_pruefen

            ziel_pruefen(p.ausgabeordner / ausgaben.html_name(p))
        exporter = None
        if "pdf" in ziel_formate:
            if export is None:
                from .export import LibreOfficeExport

                export = aufraeumen.enter_context(LibreOfficeExport())
            exporter = export
            # LibreOffice starts (and loads the hyphenation patterns) while the Word file is built
            exporter.vorbereiten(p.einstellungen.sprache if p.einstellungen.silbentrennung else None)

        v = vorbereiten(p, melde, uhr, neu, folien="pptx" in ziel_formate, prozesse=diagramm_prozesse)
        _anhalten(v, melde)
        arbeit = _arbeitsordner(v.projekt, aufraeumen)
        lauf = ausgaben.Lauf(v, arbeit, ziel_formate, melde, uhr, exporter)
        for schritt in ausgaben.schritte(ziel_formate):
            lauf.ausgaben += schritt.erzeugen(lauf)
        geschrieben = ausgaben.ersetzen(lauf.ausgaben, v.projekt, melde)  # only now the last good report goes
    return BauErgebnis(
        geschrieben, uhr.zeiten, uhr.speicher, [b for b in v.befunde if b.warnung], lauf.seiten
    )


@dataclass
class Durchsicht:
    """A review copy sent out: the Word file, the sidecar that maps it back to the Markdown."""

    datei: Path
    """The Word file for the reviewer (`beitraege/JAHR/durchsicht/KENNUNG.docx`)."""
    begleitdatei: Path
    """What was sent, block by block (bookmark → file, line, text), for `merge`."""
    kennung: str
    """The review's id, also in the Word file's custom property "berichtsgen-durchsicht"."""
    bloecke: int
    """Source blocks sent, each under a bookmark of its own."""


def review(
    jahr: int,
    kapitel: Iterable[str],
    projekt: str | os.PathLike[str] = ".",
    *,
    an: str | None = None,
    vorlage: str | os.PathLike[str] | None = None,
    fortschritt: Fortschritt | None = None,
) -> Durchsicht:
    """Write the chapters `kapitel` (file names without .md) of `jahr` as a Word file for review
    by `an` (a department, "FB 50"): in the project's template, with the numbers of the whole
    report ("Tabelle 7"), tracked changes switched on, computed blocks shaded, a bookmark around
    every source block and a sidecar file that maps the text sent back to the Markdown lines."""
    import datetime
    import hashlib

    from .darstellung.word import rendern
    from .dateien import atomar_schreiben, json_schreiben
    from .fehler import vorschlag
    from .inhalt.modell import Bericht

    melde = fortschritt or (lambda _t: None)
    p = projekt_mit_optionen(jahr, projekt, vorlage, None)
    namen = list(dict.fromkeys(kapitel))
    if not namen:
        raise EinstellungsFehler("Kein Kapitel genannt.", None, "Beispiel: --kapitel 04-handlungsfeld-a")
    with verortet(p.wurzel):
        v = vorbereiten(p, melde, Stoppuhr(), durchsicht=True)
        _anhalten(v, melde)
        alle = {k.datei.stem: k for _b, liste in v.bericht.bausteine if _b == "kapitel" for k in liste}
        fremd = [n for n in namen if n not in alle]
        if fremd:
            raise EinstellungsFehler(
                f"Das Kapitel „{fremd[0]}“ gibt es für {jahr} nicht.",
                None,
                vorschlag(fremd[0], set(alle)) or "Die Kapitel heißen wie ihre Dateien ohne .md.",
            )
        gewaehlt = [k for k in alle.values() if k.datei.stem in namen]  # in the report's order
        ordner = p.wurzel / "beitraege" / str(jahr) / "durchsicht"
        teile = (
            datetime.date.today().isoformat(),
            kurzname(an or ""),
            "+".join(k.datei.stem for k in gewaehlt),
        )
        stamm = "-".join(t for t in teile if t)[:120]
        kennung, n = stamm, 2
        while (ordner / f"{kennung}.docx").exists():
            kennung, n = f"{stamm}-{n}", n + 1
        teil = Bericht([("kapitel", gewaehlt)], v.bericht.nummern, v.bericht.abkuerzungen, durchsicht=kennung)
        ordner.mkdir(parents=True, exist_ok=True)
        arbeit = Path(tempfile.mkdtemp(prefix=".berichtsgen-", dir=ordner))
        try:
            dokument = rendern(teil, v.berichtsdaten, v.vorlage, arbeit / "durchsicht.docx")
            zeilen_je_datei = {p.relativ(k.datei): k.quelltext.splitlines() for k in gewaehlt}  # as read
            anker = [eintrag | {"datei": p.relativ(eintrag["datei"])} for eintrag in dokument.anker]
            for eintrag in anker:  # the Markdown lines of each block, up to the next
                zeilen = zeilen_je_datei[eintrag["datei"]]
                folgt = min(  # (a signature from the front matter comes after the text, from line 1)
                    (
                        a["zeile"]
                        for a in anker
                        if a["datei"] == eintrag["datei"] and a["zeile"] > eintrag["zeile"]
                    ),
                    default=None,
                )
                bis = (folgt - 1) if folgt else len(zeilen)
                eintrag["quelle"] = "\n".join(zeilen[eintrag["zeile"] - 1 : bis]).rstrip("\n")
            register = v.berechnung.register.eintraege
            art = {"TabellenPlatz": "tabelle", "DiagrammPlatz": "diagramm"}
            for eintrag in anker:
                eintrag["daten"] = [_datenpfad(p, d) for d in eintrag.get("daten", [])]
                definition = register.get(art.get(eintrag["block"], ""), {}).get(eintrag.get("name") or "")
                if definition is not None:
                    eintrag["funktion"] = f"{p.relativ(definition.ort.datei)}:{definition.ort.zeile}"
            werte = {
                name: {
                    "funktion": f"{p.relativ(d.ort.datei)}:{d.ort.zeile}",
                    "daten": [_datenpfad(p, h.datei) for h in v.berechnung.wertlesungen[name].dateien()],
                }
                for name, d in register.get("wert", {}).items()
                if name in v.berechnung.wertlesungen
            }
            begleitung = {
                "kennung": kennung,
                "jahr": jahr,
                "an": an,
                "erstellt": datetime.datetime.now(datetime.UTC).astimezone().isoformat(timespec="seconds"),
                "kapitel": [p.relativ(k.datei) for k in gewaehlt],
                "quellen": {
                    p.relativ(k.datei): hashlib.sha256(k.quelltext.encode()).hexdigest() for k in gewaehlt
                },
                "anker": anker,
                "werte": werte,
                "fremd": _ohne_anker(dokument.docx.element.body),
            }
            datei, begleitdatei = ordner / f"{kennung}.docx", ordner / f"{kennung}.json"
            json_schreiben(begleitdatei, begleitung)
            atomar_schreiben(datei, (arbeit / "durchsicht.docx").read_bytes())
        finally:
            shutil.rmtree(arbeit, ignore_errors=True)
    melde(f"Zur Durchsicht: {p.relativ(datei)} ({len(anker)} Blöcke)")
    return Durchsicht(datei, begleitdatei, kennung, len(anker))


def _datenpfad(p: Projekt, datei: str | os.PathLike[str]) -> str:
    """A data file as the sidecar names it: relative to the project (a source's file is that
    already, and must not be resolved against the working folder)."""
    pfad = Path(datei)
    return p.relativ(pfad) if pfad.is_absolute() else pfad.as_posix()


def _ohne_anker(koerper) -> list[str]:
    """The texts of the body's paragraphs that hold no block of the report (the template's own):
    the merge does not take them for a paragraph the reviewer added. `koerper`: the rendered
    document's body, still in memory."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    texte = []
    for absatz in koerper.iter(f"{w}p"):
        text = "".join(t.text or "" for t in absatz.iter(f"{w}t"))
        marken = (m.get(f"{w}name", "") for m in absatz.iter(f"{w}bookmarkStart"))
        if text and not any(m.startswith("bg_") for m in marken):
            texte.append(text)
    return list(dict.fromkeys(texte))


def _anhalten(v: Vorbereitung, melde: Fortschritt) -> None:
    """Show the warnings; stop on errors and on findings of the severity "fehler"."""
    for befund in v.befunde:
        if befund.warnung:
            melde(befund.zeile())
    regelfehler = [b for b in v.befunde if b.fehler]
    if len(v.fehler) == 1 and not regelfehler:
        raise v.fehler[0]  # one error keeps its own type
    if v.fehler or regelfehler:
        raise PruefFehler([Befund.aus_fehler(f) for f in v.fehler] + v.befunde)


def _arbeitsordner(p: Projekt, aufraeumen: ExitStack) -> Path:
    """A work folder of this build inside the output folder (removed at the end, locked while it
    lives), after removing those a killed build left."""
    with ausgaben.schreibend(p.ausgabeordner):
        p.ausgabeordner.mkdir(parents=True, exist_ok=True)
        verwaiste_entfernen(p.ausgabeordner, ".berichtsgen-*")
        arbeit = Path(tempfile.mkdtemp(prefix=".berichtsgen-", dir=p.ausgabeordner))
        aufraeumen.callback(shutil.rmtree, arbeit, ignore_errors=True)
        sperre = sperren(arbeit)
        if sperre is not None:
            aufraeumen.callback(sperre.close)
    return arbeit


def vorlage_pruefen(pfad: Path, logo_alt: str = "") -> tuple[Vorlagenbericht, list[Befund]]:
    """Report what the template at `pfad` offers and lacks (`berichtsgen template`), with the
    findings `check` and `build` would give about it: the same rules, the same rule names. A
    PowerPoint template (.pptx) is reported as the deck's template."""
    from . import pruefung
    from .darstellung.word.vorlage import Vorlage
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
        **tabellenumfeld(vorlage),
    )
    befunde = list(pruefung.textkontrast(Bericht([]), umfeld)) + list(
        pruefung.vorlagenbilder(Bericht([]), umfeld)
    )
    return bericht, befunde


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


def _formate(formate: Iterable[str] | None, p: Projekt) -> tuple[str, ...]:
    gewaehlt = tuple(formate) if formate else p.einstellungen.formate
    for fmt in gewaehlt:
        if fmt not in FORMATE:
            raise EinstellungsFehler(
                f"Unbekanntes Format „{fmt}“.", None, "Möglich: " + ", ".join(FORMATE) + "."
            )
    return gewaehlt
