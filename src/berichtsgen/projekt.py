"""Find a report project and read its settings (`berichtsgen.toml`) into frozen dataclasses."""

from __future__ import annotations

import os
import re
import string
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .fehler import EinstellungsFehler, Ort, anzeigen, steuerzeichen, vorschlag
from .kontrast import ist_farbe, kontrast

KONFIGURATION = "berichtsgen.toml"

BAUSTEINE = (
    "impressum",
    "inhaltsverzeichnis",
    "kapitel",
    "abbildungsverzeichnis",
    "tabellenverzeichnis",
)
"""The building blocks of a report body, in the default order (the title page is the template's)."""
WEITERE_BAUSTEINE = ("datenquellen", "abkuerzungen", "massnahmen")
"""Blocks that may be added to `aufbau`: the appendix "Datenquellen", the list of abbreviations."""

FORMATE = ("docx", "pdf", "html", "pptx")
"""Every output berichtsgen can write."""
STANDARD_FORMATE = ("docx", "pdf")
HTML_SEITEN = ("kapitel", "eine")
MINDESTKONTRAST_GRAFIK = 3.0
"""Contrast every chart colour needs against the white background (WCAG 1.4.11)."""
VORSPANN = ("roemisch", "keine", "durchgehend")
SEITENZAHL = ("mitte", "links", "rechts", "aus")

STANDARD_PALETTE = ("#1F4E79", "#C55A11", "#2E7D32", "#6A1B9A", "#5D4037", "#00695C")
"""Default chart colours: each reaches at least 3:1 contrast against white."""


@dataclass(frozen=True)
class Einstellungen:
    """The settings of a report project, merged with those of the year being built."""

    titel: str
    """Report title, shown on the title page, in the PDF window title and document properties."""
    untertitel: str = ""
    """Subtitle for the title page."""
    herausgeber: str = ""
    """Publishing body, e.g. "Stadt Musterstadt, Der Oberbürgermeister"."""
    stand: str = ""
    """Date of the report as printed ("Juni 2019")."""
    redaktion: str = ""
    """Editorial office, printed in the Impressum."""
    kontakt: str = ""
    """Contact line for the Impressum."""
    vorlage: str = ""
    """Word template: a path relative to the project or absolute (a shared drive is fine);
    empty: berichtsgen's neutral template."""
    module: tuple[str, ...] = ()
    """Python files with the project's table, chart and value functions."""
    inhalte: str = "inhalte"
    """Folder with one sub-folder of Markdown chapters and data per year."""
    daten: str = "daten"
    """Folder for data that several years share (time series), relative to the project."""
    ausgabe: str = "ausgabe"
    """Folder the reports are written to (one sub-folder per year)."""
    dateiname: str = "bericht-{jahr}"
    """Name of the output files without extension; `{jahr}` and `{parameter.NAME}` are replaced."""
    formate: tuple[str, ...] = STANDARD_FORMATE
    """Formats to build by default ("docx", "pdf", "html", "pptx")."""
    folien_vorlage: str = ""
    """PowerPoint template of the slide deck (relative to the project or absolute); empty:
    berichtsgen's neutral 16:9 template."""
    aufbau: tuple[str, ...] = BAUSTEINE
    """Order of the building blocks of the report body."""
    farben: tuple[str, ...] = ()
    """Chart colours (hex), the corporate palette; empty: the template's theme colours."""
    schrift: str = ""
    """Chart font family; empty: the template's body font (or its installed metric twin)."""
    sprache: str = "de-DE"
    """Document language."""
    vorspann_seitenzahlen: str = "roemisch"
    """Page numbers of title page, Impressum and table of contents: "roemisch", "keine" or
    "durchgehend" (one arabic count through the whole report)."""
    status: tuple[str, ...] = ("umgesetzt", "in Umsetzung", "geplant", "zurückgestellt")
    """The words allowed in the Status column of the measures (Umsetzungsstand), in order."""
    barrierefreiheit: str = "fehler"
    """Whether accessibility findings stop the build ("fehler") or are only shown ("warnung")."""
    pdf_zeitlimit: int = 180
    """Seconds LibreOffice may take for one PDF."""
    logo_alt: str = ""
    """Alternative text for the template's own pictures that have none (a logo on the title page);
    without it they are marked decorative."""
    kapitelnummern: str = "vorlage"
    """Whether body chapters carry the numbering of a numbered heading style: "vorlage" (as the
    template's styles say) or "keine". Vorwort, appendices and indexes are never numbered."""
    html_seiten: str = "kapitel"
    """The HTML edition: a start page and one page per chapter ("kapitel"), or all on one page ("eine")."""
    seitenzahl: str = "mitte"
    """Where berichtsgen puts a page number when the template's headers and footers have none:
    "mitte", "links" or "rechts" in the footer, or "aus"."""
    silbentrennung: bool = True
    """Automatic German hyphenation of running text and narrow table cells (Word and LibreOffice);
    headings, the title and captions are never hyphenated."""
    nachkommastellen: int = 1
    """Decimals of computed non-integer numbers in tables and of `zahl`/`prozent` in texts, unless a
    table, column or filter says otherwise; values read from data files keep the decimals written."""


class Parameter(dict):
    """The parameters of one report of a series (one row of the parameter list), read as
    `parameter.stadtteil` or `parameter["stadtteil"]`; empty for a report without a series.

    `herkunft` is the row of the list the parameters come from (`stadtteile.csv:4`), read with
    `herkunft(parameter)`: not an attribute, which would hide a parameter of that name.
    """

    def __init__(self, *args: Any, herkunft: Ort | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if herkunft is None and args and isinstance(args[0], Parameter):
            herkunft = args[0].__dict__.get("_herkunft")
        self.__dict__["_herkunft"] = herkunft

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def schluessel(self) -> tuple[tuple[str, str], ...]:
        """The parameters as a sorted tuple of texts (for the cache key)."""
        return tuple(sorted((str(k), str(w)) for k, w in self.items()))

    def beschreibung(self) -> str:
        """How a message names this report: "stadtteil=Opladen, nummer=1" (invisible and control
        characters shown as their code, "\\u202e": a terminal must not obey them)."""
        return ", ".join(f"{k}={sichtbar(str(w))}" for k, w in self.items())


def herkunft(parameter: Mapping[str, Any]) -> Ort | None:
    """The row of the parameter list `parameter` comes from, if known."""
    return parameter.__dict__.get("_herkunft") if isinstance(parameter, Parameter) else None


def parameter_pruefen(parameter: Mapping[str, Any], ort: Ort | None) -> None:
    """A parameter goes into the title, the file name and the text: no character Word cannot hold."""
    for name, wert in parameter.items():
        zeichen = steuerzeichen(wert) if isinstance(wert, str) else None
        if zeichen:
            raise EinstellungsFehler(
                f"Der Parameter „{name}“ enthält ein Steuerzeichen ({zeichen[1]}), das Word nicht speichern kann.",
                ort,
                "Löschen Sie es aus dem Wert; es entsteht oft beim Kopieren aus anderen Programmen.",
            )


def hilfsdatei(name: str) -> bool:
    """Lock, backup and hidden files editors and office programs leave next to a project's files
    (Word's "~$…", LibreOffice's ".~lock.…#", Emacs' ".#…", "….md~", a Mac's "._…")."""
    return name.startswith(("~$", ".")) or name.endswith("~")


_PLATZHALTER = re.compile(r"\{(jahr|parameter\.([A-Za-z_]\w*))\}")
_NICHT_IM_DATEINAMEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
GERAETENAMEN = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)
"""Names Windows reserves for devices, with any extension ("CON.docx" cannot be opened there)."""
LAENGSTER_DATEINAME = 200
"""Most bytes (UTF-8) of an output name without extension: 255 is the limit of every common file
system, and a series adds "-html" and the files of an HTML edition their own names."""


def unsichtbar(text: str) -> str | None:
    """Return the code (U+202E) of the first invisible formatting character in `text` (direction
    overrides, zero-width characters, soft hyphens: Unicode category Cf), or None."""
    for zeichen in text:
        if unicodedata.category(zeichen) == "Cf":
            return f"U+{ord(zeichen):04X}"
    return None


def sichtbar(text: str) -> str:
    """`text` with invisible formatting and control characters written as their code ("\\u202e")."""
    return "".join(
        z.encode("ascii", "backslashreplace").decode() if unicodedata.category(z) in ("Cf", "Cc") else z
        for z in text
    )


def dateiname_sicher(name: str, ort: Ort, woher: str) -> str:
    """Return `name` as an output name every file system of a city's network holds, or refuse it.

    Refused are invisible formatting characters (a U+202E makes "bericht-fdp.docx" show as
    "bericht-xcod.pdf"), Windows' device names (CON, NUL, COM1 …) and names longer than
    `LAENGSTER_DATEINAME` bytes; `woher` says in German where the name comes from.
    """
    beispiel = 'Beispiel: dateiname = "profil-{parameter.stadtteil}-{jahr}"'
    woher = woher if len(woher) <= 80 else woher[:79] + "…"  # one line, even for a long parameter
    code = unsichtbar(name)
    if code is not None:
        raise EinstellungsFehler(
            f"Der Dateiname „{sichtbar(name)}“ ({woher}) enthält das "
            f"unsichtbare Steuerzeichen {code}; es verfälscht, wie der Name angezeigt wird.",
            ort,
            "Löschen Sie das Zeichen (es kommt oft beim Kopieren aus Webseiten mit).",
        )
    if GERAETENAMEN.fullmatch(name):
        raise EinstellungsFehler(
            f"„{name}“ ({woher}) ist unter Windows als Dateiname reserviert und ließe sich dort nicht öffnen.",
            ort,
            "Nehmen Sie einen festen Teil in den Dateinamen auf. " + beispiel,
        )
    if len(name.encode("utf-8")) > LAENGSTER_DATEINAME:
        raise EinstellungsFehler(
            f"Der Dateiname „{name[:40]}…“ ({woher}) ist {len(name.encode('utf-8'))} Byte lang "
            f"(höchstens {LAENGSTER_DATEINAME}).",
            ort,
            "Kürzen Sie „dateiname“ oder nehmen Sie einen kürzeren Parameter in den Namen auf.",
        )
    return name


def vergleichsname(name: str) -> str:
    """`name` as Windows and macOS compare file names: case and Unicode normalisation ignored."""
    return unicodedata.normalize("NFC", name).casefold()


def einsetzen(text: str, jahr: int, parameter: Mapping[str, Any], feld: str, datei: bool = False) -> str:
    """Replace `{jahr}` and `{parameter.NAME}` in the setting `feld`; other braces stay.

    With `datei`, characters a file name cannot hold ("/", ":" …) in a parameter become "-".
    """

    def ersetzen(treffer: re.Match[str]) -> str:
        if treffer.group(2) is None:
            return str(jahr)
        name = treffer.group(2)
        if name not in parameter:
            moeglich = (
                ", ".join(f"{{parameter.{n}}}" for n in parameter)
                or "keine (der Bericht hat keine Parameter)"
            )
            zeile = herkunft(parameter)
            if zeile is not None:  # a row of the list lacks the value
                raise EinstellungsFehler(
                    f"„{feld}“ verwendet {{parameter.{name}}}, aber „{name}“ fehlt in dieser Zeile der Parameterliste.",
                    zeile,
                    f"Tragen Sie in dieser Zeile einen Wert für „{name}“ ein (oder ändern Sie „{feld}“ in "
                    f"{KONFIGURATION}); vorhanden: {moeglich}.",
                )
            raise EinstellungsFehler(
                f"„{feld}“ verwendet {{parameter.{name}}}, aber diesen Parameter gibt es nicht.",
                Ort(KONFIGURATION),
                f"Möglich: {moeglich}.",
            )
        wert = str(parameter[name])
        if not datei:
            return wert
        wert = unicodedata.normalize("NFC", wert)  # "ü" as one character, as Windows writes it
        return _NICHT_IM_DATEINAMEN.sub("-", wert).strip(" .") or "-"

    return _PLATZHALTER.sub(ersetzen, text)


@dataclass(frozen=True)
class Aussehen:
    """What the charts and the web edition are drawn in: the settings' colours and font where
    they name them, else the Word template's (its theme accents, its body font). Made once by the
    preparation and kept beside the settings, never written into them."""

    farben: tuple[str, ...]
    schrift: str


@dataclass(frozen=True)
class Projekt:
    """A report project on disk and its settings for one year."""

    wurzel: Path
    """Project folder (holds berichtsgen.toml)."""
    jahr: int
    """Year being built."""
    einstellungen: Einstellungen
    vorlage_aus_option: bool = False
    """The template was given on the command line (`--vorlage`), not in berichtsgen.toml."""
    parameter: Parameter = field(default_factory=Parameter)
    """The parameters of this report of a series (empty without one)."""
    serie: Mapping[str, Any] = field(default_factory=dict)
    """The section [parameter] of berichtsgen.toml as written: where the parameter list is."""

    @property
    def dateiname(self) -> str:
        """The output files' name without extension, with year and parameters put in (safe on
        Windows and macOS shares, see `dateiname_sicher`)."""
        name = einsetzen(self.einstellungen.dateiname, self.jahr, self.parameter, "dateiname", datei=True)
        if not self.parameter:
            return dateiname_sicher(name, Ort(KONFIGURATION), "aus „dateiname“")
        ort = herkunft(self.parameter) or Ort(KONFIGURATION)
        return dateiname_sicher(name, ort, f"für {self.parameter.beschreibung()}")

    @property
    def inhaltsordner(self) -> Path:
        """Folder with this year's chapters and data."""
        return self.wurzel / self.einstellungen.inhalte / str(self.jahr)

    @property
    def ausgabeordner(self) -> Path:
        """Folder this year's outputs are written to (without "..", also when given from elsewhere)."""
        return Path(os.path.normpath(self.wurzel / self.einstellungen.ausgabe / str(self.jahr)))

    def relativ(self, pfad: Path) -> str:
        """Return `pfad` as the user knows it: relative to the project where possible."""
        return anzeigen(Path(pfad).absolute(), self.wurzel)

    def innerhalb(self, pfad: Path, ort: Ort) -> Path:
        """Return `pfad` resolved (symbolic links followed), or fail if it leaves the project folder."""
        echt = pfad.resolve()
        if not echt.is_relative_to(self.wurzel.resolve()):
            try:
                anzeige = Path(os.path.normpath(pfad)).relative_to(self.wurzel).as_posix()
                woanders = f" (führt nach {echt})"
            except ValueError:
                anzeige, woanders = str(pfad), ""
            raise EinstellungsFehler(
                f"Pfad „{anzeige}“ liegt außerhalb des Projekts{woanders}.",
                ort,
                "Verwenden Sie nur Dateien innerhalb des Projektordners (auch keine Verknüpfungen nach außen).",
            )
        return echt


_FELDER = {f.name: f for f in fields(Einstellungen)}
_TUPEL = {n for n, f in _FELDER.items() if str(f.type).startswith("tuple")}
_ZAHLEN = {"pdf_zeitlimit", "nachkommastellen"}
_WAHRHEITSWERTE = {n for n, f in _FELDER.items() if str(f.type) == "bool"}


def _pruefe_werte(roh: dict[str, Any], ort: Ort) -> dict[str, Any]:
    werte: dict[str, Any] = {}
    for schluessel, wert in roh.items():
        if schluessel not in _FELDER:
            raise EinstellungsFehler(
                f"Unbekannte Einstellung „{schluessel}“.", ort, vorschlag(schluessel, set(_FELDER))
            )
        if schluessel in _TUPEL:
            if isinstance(wert, str):
                wert = [wert]
            if not isinstance(wert, list) or not all(isinstance(w, str) for w in wert):
                raise EinstellungsFehler(
                    f"„{schluessel}“ muss eine Liste von Texten sein.", ort, 'Beispiel: ["a", "b"]'
                )
            wert = tuple(wert)
        elif schluessel in _ZAHLEN:
            if not isinstance(wert, int) or isinstance(wert, bool) or wert < (schluessel == "pdf_zeitlimit"):
                raise EinstellungsFehler(f"„{schluessel}“ muss eine positive ganze Zahl sein.", ort)
        elif schluessel in _WAHRHEITSWERTE:
            if not isinstance(wert, bool):
                raise EinstellungsFehler(f"„{schluessel}“ muss true oder false sein.", ort)
        elif not isinstance(wert, str):
            raise EinstellungsFehler(f"„{schluessel}“ muss ein Text sein.", ort)
        if schluessel == "dateiname":
            _dateiname_pruefen(wert, ort)
        werte[schluessel] = wert
    return werte


def _dateiname_pruefen(wert: str, ort: Ort) -> None:
    """The output name is a file name (no folder) whose placeholders are {jahr} and {parameter.NAME}."""
    beispiel = 'Beispiel: dateiname = "sozialbericht-{jahr}"'
    if any(z in wert for z in "/\\") or wert.strip(".") == "" or wert.strip() != wert:
        raise EinstellungsFehler(
            f"„dateiname“ ist ein Dateiname ohne Ordner und ohne Endung, nicht „{wert}“.", ort, beispiel
        )
    try:
        felder = {name for _text, name, _fmt, _konv in string.Formatter().parse(wert) if name is not None}
    except ValueError:
        raise EinstellungsFehler(
            f"„dateiname“: geschweifte Klammern in „{wert}“ passen nicht.", ort, beispiel
        ) from None
    fremd = sorted(f for f in felder if f != "jahr" and not re.fullmatch(r"parameter\.[A-Za-z_]\w*", f))
    if fremd:
        raise EinstellungsFehler(
            f"„dateiname“ enthält den unbekannten Platzhalter „{{{fremd[0]}}}“; "
            "möglich sind {jahr} und {parameter.NAME}.",
            ort,
            beispiel,
        )


def projekt_laden(wurzel: str | Path, jahr: int) -> Projekt:
    """Read `berichtsgen.toml` in `wurzel` and return the project's settings for `jahr`.

    Settings in a table `[jahr.JAHR]` override the general ones in `[bericht]`.
    """
    wurzel = Path(wurzel)
    datei = wurzel / KONFIGURATION
    ort = Ort(KONFIGURATION)
    if not datei.is_file():
        raise EinstellungsFehler(
            f"Keine Projektdatei {KONFIGURATION} in „{wurzel}“ gefunden.",
            None,
            "Wechseln Sie in den Projektordner oder geben Sie ihn mit --projekt an.",
        )
    try:
        daten = tomllib.loads(datei.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 puts the position only into the (English) message
        stelle = re.search(r"at line (\d+), column (\d+)", str(exc))
        raise EinstellungsFehler(
            "Die Datei ist kein gültiges TOML" + (f" (Spalte {stelle.group(2)})." if stelle else "."),
            Ort(KONFIGURATION, int(stelle.group(1)) if stelle else None),
            "Prüfen Sie Anführungszeichen und Klammern.",
        ) from None
    except UnicodeDecodeError:
        raise EinstellungsFehler("Die Datei ist nicht UTF-8-kodiert.", ort) from None

    unbekannt = set(daten) - {"bericht", "jahr", "parameter"}
    if unbekannt:
        name = sorted(unbekannt)[0]
        raise EinstellungsFehler(
            f"Unbekannter Abschnitt [{name}].", ort, "Erlaubt sind [bericht], [jahr.JAHR] und [parameter]."
        )
    werte = _pruefe_werte(daten.get("bericht", {}), ort)
    jahre = daten.get("jahr", {})
    werte.update(_pruefe_werte(jahre.get(str(jahr), {}), ort))
    if not werte.get("titel"):
        raise EinstellungsFehler(
            "„titel“ fehlt im Abschnitt [bericht].", ort, 'Beispiel: titel = "Sozialbericht"'
        )
    for fmt in werte.get("formate", ()):
        if fmt not in FORMATE:
            raise EinstellungsFehler(f"Unbekanntes Format „{fmt}“.", ort, vorschlag(fmt, set(FORMATE)))
    if werte.get("vorspann_seitenzahlen", "roemisch") not in VORSPANN:
        wert = werte["vorspann_seitenzahlen"]
        raise EinstellungsFehler(
            f"„vorspann_seitenzahlen = {wert}“ ist nicht möglich.",
            ort,
            "Möglich: " + ", ".join(VORSPANN) + ".",
        )
    if werte.get("html_seiten", "kapitel") not in HTML_SEITEN:
        raise EinstellungsFehler(
            f"„html_seiten = {werte['html_seiten']}“ ist nicht möglich.",
            ort,
            "Möglich: kapitel (eine Seite je Kapitel), eine (alles auf einer Seite).",
        )
    if werte.get("kapitelnummern", "vorlage") not in ("vorlage", "keine"):
        raise EinstellungsFehler(
            f"„kapitelnummern = {werte['kapitelnummern']}“ ist nicht möglich.",
            ort,
            "Möglich: vorlage, keine.",
        )
    if werte.get("seitenzahl", "mitte") not in SEITENZAHL:
        raise EinstellungsFehler(
            f"„seitenzahl = {werte['seitenzahl']}“ ist nicht möglich.",
            ort,
            "Möglich: " + ", ".join(SEITENZAHL) + ".",
        )
    if werte.get("barrierefreiheit", "fehler") not in ("fehler", "warnung"):
        raise EinstellungsFehler(
            f"„barrierefreiheit = {werte['barrierefreiheit']}“ ist nicht möglich.",
            ort,
            "Möglich: fehler, warnung.",
        )
    for farbe in werte.get("farben", ()):
        if not ist_farbe(farbe):
            raise EinstellungsFehler(
                f"„{farbe}“ in „farben“ ist keine Farbe.", ort, "Schreiben Sie Farben als #RRGGBB."
            )
        verhaeltnis = kontrast(farbe)
        if verhaeltnis < MINDESTKONTRAST_GRAFIK:
            raise EinstellungsFehler(
                f"Diagrammfarbe {farbe} hat auf Weiß nur einen Kontrast von "
                f"{str(round(verhaeltnis, 1)).replace('.', ',')}:1; nötig sind 3:1 (WCAG 1.4.11).",
                ort,
                "Wählen Sie einen dunkleren Ton derselben Farbe.",
            )
    for baustein in werte.get("aufbau", ()):
        if baustein not in BAUSTEINE + WEITERE_BAUSTEINE:
            raise EinstellungsFehler(
                f"Unbekannter Baustein „{baustein}“ in „aufbau“.",
                ort,
                vorschlag(baustein, set(BAUSTEINE + WEITERE_BAUSTEINE)),
            )
    serie = daten.get("parameter", {})
    if not isinstance(serie, dict):
        raise EinstellungsFehler(
            "[parameter] muss ein Abschnitt sein.", ort, 'Beispiel: [parameter] datei = "stadtteile.csv"'
        )
    projekt = Projekt(wurzel=wurzel.resolve(), jahr=jahr, einstellungen=Einstellungen(**werte), serie=serie)
    if not projekt.inhaltsordner.is_dir():
        raise EinstellungsFehler(
            f"Für {jahr} gibt es keinen Inhaltsordner „{projekt.relativ(projekt.inhaltsordner)}“.",
            None,
            "Legen Sie dort die Kapitel als Markdown-Dateien an.",
        )
    return projekt
