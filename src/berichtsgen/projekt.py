"""Find a report project and read its settings (`berichtsgen.toml`) into frozen dataclasses."""

from __future__ import annotations

import os
import re
import string
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .angaben import PARAMETERLISTE, Angabe, lesen
from .fehler import EinstellungsFehler, Ort, anzeigen, melden, steuerzeichen
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


UMLAUTE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
"""German letters as names without them write them."""


def kurzname(text: str, laenge: int = 48) -> str:
    """`text` as part of a file name: lower case, "ä" as "ae", other letters without their marks,
    "-" between words, at most `laenge` characters in whole words ("fb-50", "handlungsfeld-a")."""
    ascii_ = unicodedata.normalize("NFKD", text.lower().translate(UMLAUTE)).encode("ascii", "ignore").decode()
    kurz = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    if len(kurz) > laenge:  # whole words only
        kurz = kurz[: laenge + 1].rsplit("-", 1)[0]
    return kurz


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
    beitraege: Mapping[str, str] = field(default_factory=dict)
    """[beitraege]: which department delivers which chapter ("04-soziales" = "FB 50")."""
    importstile: Mapping[str, str] = field(default_factory=dict)
    """[import.stile]: what a Word style of the departments' files becomes (`IMPORTSTILE`), by
    its name as Word shows it, case-insensitive."""

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


def _farben_pruefen(farben: tuple[str, ...]) -> tuple[str, str] | None:
    for farbe in farben:
        if not ist_farbe(farbe):
            return f"„{farbe}“ in „farben“ ist keine Farbe.", "Schreiben Sie Farben als #RRGGBB."
        verhaeltnis = kontrast(farbe)
        if verhaeltnis < MINDESTKONTRAST_GRAFIK:
            return (
                f"Diagrammfarbe {farbe} hat auf Weiß nur einen Kontrast von "
                f"{str(round(verhaeltnis, 1)).replace('.', ',')}:1; nötig sind 3:1 (WCAG 1.4.11).",
                "Wählen Sie einen dunkleren Ton derselben Farbe.",
            )
    return None


def _dateiname_regel(wert: str) -> tuple[str, str | None] | None:
    try:
        _dateiname_pruefen(wert, Ort())
    except EinstellungsFehler as exc:
        return exc.meldung, exc.hinweis
    return None


_ANGABEN = [
    Angabe("titel", "text", "Titel des Berichts: Titelseite, Fenstertitel des PDF, Dokumenteigenschaften."),
    Angabe("untertitel", "text", "Untertitel auf der Titelseite."),
    Angabe("herausgeber", "text", "Herausgeber, etwa „Stadt Musterstadt, Der Oberbürgermeister“."),
    Angabe("stand", "text", "Stand des Berichts, wie gedruckt („Juni 2019“)."),
    Angabe("redaktion", "text", "Redaktion, im Impressum."),
    Angabe("kontakt", "text", "Kontaktzeile im Impressum."),
    Angabe("vorlage", "text", "Word-Vorlage: Pfad relativ zum Projekt oder absolut; leer: die neutrale."),
    Angabe("module", "texte", "Python-Dateien mit den Tabellen-, Diagramm- und Wert-Funktionen."),
    Angabe("inhalte", "text", "Ordner mit einem Unterordner je Jahr (Kapitel und Daten)."),
    Angabe("daten", "text", "Ordner für Daten mehrerer Jahre (Zeitreihen), relativ zum Projekt."),
    Angabe("ausgabe", "text", "Ordner, in den die Berichte geschrieben werden (ein Unterordner je Jahr)."),
    Angabe(
        "dateiname",
        "text",
        "Name der Ausgabedateien ohne Endung; {jahr} und {parameter.NAME} werden ersetzt.",
        regel=_dateiname_regel,
    ),
    Angabe(
        "formate",
        "liste",
        "Formate, die gebaut werden.",
        woerter=FORMATE,
        fremd="Unbekanntes Format „{wert}“.",
    ),
    Angabe("folien_vorlage", "text", "PowerPoint-Vorlage des Foliensatzes; leer: die neutrale 16:9-Vorlage."),
    Angabe(
        "aufbau",
        "liste",
        "Reihenfolge der Bausteine des Berichts.",
        woerter=BAUSTEINE + WEITERE_BAUSTEINE,
        fremd="Unbekannter Baustein „{wert}“ in „aufbau“.",
    ),
    Angabe(
        "farben",
        "texte",
        "Diagrammfarben (#RRGGBB), je mindestens 3:1 Kontrast auf Weiß; leer: die Farben der Vorlage.",
        regel=_farben_pruefen,
    ),
    Angabe("schrift", "text", "Schrift der Diagramme; leer: die Textschrift der Vorlage."),
    Angabe("sprache", "text", "Sprache des Dokuments (BCP 47, etwa de-DE)."),
    Angabe(
        "vorspann_seitenzahlen",
        "wahl",
        "Seitenzahlen von Titelseite, Impressum und Inhaltsverzeichnis.",
        woerter=VORSPANN,
    ),
    Angabe(
        "status", "texte", "Die Wörter der Spalte Status der Maßnahmen (Umsetzungsstand), in Reihenfolge."
    ),
    Angabe(
        "barrierefreiheit",
        "wahl",
        "Ob Befunde der Barrierefreiheit den Bau anhalten (fehler) oder nur gezeigt werden (warnung).",
        woerter=("fehler", "warnung"),
    ),
    Angabe("pdf_zeitlimit", "ganzzahl", "Sekunden, die LibreOffice für ein PDF haben darf.", minimum=1),
    Angabe(
        "logo_alt", "text", "Alternativtext für Bilder der Vorlage ohne eigenen (ein Logo); leer: dekorativ."
    ),
    Angabe(
        "kapitelnummern",
        "wahl",
        "Ob Kapitel die Nummerierung einer nummerierten Überschriften-Formatvorlage tragen.",
        woerter=("vorlage", "keine"),
    ),
    Angabe(
        "html_seiten",
        "wahl",
        "Die Webfassung: eine Seite je Kapitel oder alles auf einer Seite.",
        woerter=HTML_SEITEN,
        erklaerung="Möglich: kapitel (eine Seite je Kapitel), eine (alles auf einer Seite).",
    ),
    Angabe(
        "seitenzahl",
        "wahl",
        "Wo berichtsgen eine Seitenzahl setzt, wenn die Kopf- und Fußzeilen der Vorlage keine haben.",
        woerter=SEITENZAHL,
    ),
    Angabe(
        "silbentrennung",
        "ja_nein",
        "Automatische Silbentrennung im Fließtext und in schmalen Tabellenzellen.",
    ),
    Angabe(
        "nachkommastellen",
        "ganzzahl",
        "Nachkommastellen berechneter Zahlen in Tabellen und Texten, wenn nichts anderes gesagt ist.",
        minimum=0,
    ),
]
EINSTELLUNGEN: dict[str, Angabe] = {
    a.name: replace(a, standard=None if f.default is MISSING else f.default)
    for a in _ANGABEN
    for f in fields(Einstellungen)
    if f.name == a.name
}
"""Every setting of [bericht] and [jahr.JAHR], described once (`angaben`)."""


IMPORTSTILE = ("absatz", "zitat", "titel", "ueberschrift-1", "ueberschrift-2", "ueberschrift-3")
"""What a style of [import.stile] may become: a paragraph, a quotation, the chapter title or a heading."""


def _importstile(
    roh: Any, zeilen: dict[tuple[str, str], int], fehler: list[EinstellungsFehler]
) -> dict[str, str]:
    """[import] as written: its table `stile` (Word style → what it becomes), every mistake kept."""
    beispiel = 'Beispiel: [import.stile] "FB Überschrift" = "ueberschrift-1"'
    if not isinstance(roh, dict):
        fehler.append(EinstellungsFehler("[import] muss ein Abschnitt sein.", Ort(KONFIGURATION), beispiel))
        return {}
    for name in sorted(set(roh) - {"stile"}):
        fehler.append(
            EinstellungsFehler(
                f"Unbekannte Angabe „{name}“ in [import].",
                Ort(KONFIGURATION, zeilen.get(("import", name))),
                "Möglich ist „stile“. " + beispiel,
            )
        )
    stile = roh.get("stile", {})
    if not isinstance(stile, dict):
        fehler.append(
            EinstellungsFehler(
                "„stile“ in [import] ist eine Tabelle.",
                Ort(KONFIGURATION, zeilen.get(("import", "stile"))),
                beispiel,
            )
        )
        return {}
    gelesen = {}
    for name, wert in stile.items():
        if wert not in IMPORTSTILE:
            fehler.append(
                EinstellungsFehler(
                    f"„{wert}“ ist für die Formatvorlage „{name}“ nicht möglich.",
                    Ort(KONFIGURATION, zeilen.get(("import.stile", name)) or zeilen.get(("import", "stile"))),
                    "Möglich: " + ", ".join(IMPORTSTILE) + ".",
                )
            )
        else:
            gelesen[name.casefold()] = wert
    return gelesen


def json_schema() -> dict[str, Any]:
    """The JSON Schema of berichtsgen.toml, made from the one description of its settings."""
    from .angaben import json_schema as schema

    return schema(EINSTELLUNGEN, PARAMETERLISTE, IMPORTSTILE)


def schema_text() -> str:
    """The JSON Schema of berichtsgen.toml as the file beside a project's berichtsgen.toml holds it."""
    import json

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


SCHEMADATEI = "berichtsgen.schema.json"
"""The name of the JSON Schema beside a project's berichtsgen.toml (`#:schema ./berichtsgen.schema.json`)."""


def _zeilen_der_schluessel(text: str) -> dict[tuple[str, str], int]:
    """The line of every `name =` in berichtsgen.toml by (section, name), and of every section
    header by (section, ""), for messages."""
    zeilen: dict[tuple[str, str], int] = {}
    abschnitt = ""
    for nummer, zeile in enumerate(text.splitlines(), start=1):
        kopf = re.match(r"\s*\[([^\[\]]+)\]\s*(#.*)?$", zeile)
        if kopf:
            abschnitt = kopf.group(1).strip().replace('"', "")
            zeilen.setdefault((abschnitt, ""), nummer)
            continue
        name = re.match(r'\s*(?:"([^"]+)"|([A-Za-z0-9_-]+))\s*=', zeile)
        if name:
            zeilen.setdefault((abschnitt, name.group(1) or name.group(2)), nummer)
    return zeilen


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
        text = datei.read_text(encoding="utf-8")
        daten = tomllib.loads(text)
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

    zeilen = _zeilen_der_schluessel(text)

    def stelle_in(abschnitt: str) -> Callable[[str], Ort]:
        return lambda name: Ort(KONFIGURATION, zeilen.get((abschnitt, name)))

    fehler: list[EinstellungsFehler] = []  # every mistake of the file, reported at once
    for name in sorted(set(daten) - {"bericht", "jahr", "parameter", "import", "beitraege"}):
        fehler.append(
            EinstellungsFehler(
                f"Unbekannter Abschnitt [{name}].",
                Ort(KONFIGURATION, zeilen.get((name, ""))),
                "Erlaubt sind [bericht], [jahr.JAHR], [parameter], [import] und [beitraege].",
            )
        )
    werte: dict[str, Any] = {}
    jahre = daten.get("jahr", {})
    for abschnitt, roh in (("bericht", daten.get("bericht", {})), (f"jahr.{jahr}", jahre.get(str(jahr), {}))):
        if not isinstance(roh, dict):
            fehler.append(EinstellungsFehler(f"[{abschnitt}] muss ein Abschnitt sein.", ort))
            continue
        gelesen, falsch = lesen(EINSTELLUNGEN, roh, stelle_in(abschnitt))
        werte.update(gelesen)
        fehler += falsch
    if not werte.get("titel") and not any(f.meldung.startswith("„titel“") for f in fehler):
        fehler.append(
            EinstellungsFehler(
                "„titel“ fehlt im Abschnitt [bericht].", ort, 'Beispiel: titel = "Sozialbericht"'
            )
        )
    serie = daten.get("parameter", {})
    if not isinstance(serie, dict):
        fehler.append(
            EinstellungsFehler(
                "[parameter] muss ein Abschnitt sein.", ort, 'Beispiel: [parameter] datei = "stadtteile.csv"'
            )
        )
    importstile = _importstile(daten.get("import", {}), zeilen, fehler)
    beitraege = daten.get("beitraege", {})
    if not isinstance(beitraege, dict) or not all(isinstance(w, str) for w in beitraege.values()):
        fehler.append(
            EinstellungsFehler(
                "[beitraege] nennt je Kapitel den Fachbereich als Text.",
                Ort(KONFIGURATION, zeilen.get(("beitraege", ""))),
                'Beispiel: [beitraege] "04-soziales" = "FB 50"',
            )
        )
        beitraege = {}
    melden(fehler)
    projekt = Projekt(
        wurzel=wurzel.resolve(),
        jahr=jahr,
        einstellungen=Einstellungen(**werte),
        serie=serie,
        beitraege=beitraege,
        importstile=importstile,
    )
    if not projekt.inhaltsordner.is_dir():
        raise EinstellungsFehler(
            f"Für {jahr} gibt es keinen Inhaltsordner „{projekt.relativ(projekt.inhaltsordner)}“.",
            None,
            "Legen Sie dort die Kapitel als Markdown-Dateien an.",
        )
    return projekt
