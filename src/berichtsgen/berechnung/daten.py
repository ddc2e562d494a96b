"""Read the project's data files (CSV in UTF-8 or German Excel exports, XLSX) into DataFrames.

The common shapes need no settings: encoding (UTF-8 with or without BOM, Windows-1252), separator,
decimal comma and thousands point, title lines above the header, indented labels, trailing empty
columns and rows. The rare ones are declared in a sidecar file next to the data
(`daten.csv` → `daten.toml`), which also gives the file's Quelle, Stichtag and Einheit once for
every table and chart built from it.

Every frame remembers its file, the file line of each row and what was recognised in
`DataFrame.attrs`, so that a failed check can name file and line and `check` can report it.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import tomllib
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..angaben import BEGLEITDATEI
from ..fehler import BerichtsgenFehler, DatenFehler, Ort, melden, steuerzeichen, vorschlag
from . import genesis, plausibilitaet
from .kopf import kopf_falten, spaltenname
from .statistik import StatistikArray
from .zeichen import Zelle, zelle_lesen

QUELLE_ATTR = "berichtsgen_quelle"
KODIERUNGEN = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 mit BOM", "cp1252": "Windows-1252"}
ERLAUBT = set(BEGLEITDATEI)
"""The keys of a sidecar (described in `angaben.BEGLEITDATEI`)."""

SCHLUESSEL_WOERTER = ("ags", "ars", "rs", "gkz", "plz", "evas", "id", "postleitzahl")
"""Header words naming a key column (Amtlicher Gemeindeschlüssel, Regionalschlüssel, …)."""
SCHLUESSEL_ENDUNGEN = ("schlüssel", "schluessel", "kennziffer", "code")
"""Header words ending so name a key column too ("Gemeindeschlüssel", "Statistik_Code")."""
_FUEHRENDE_NULL = re.compile(r"^0\d+$")
_JAHR = re.compile(r"^(19\d\d|20\d\d|2100)$")


@dataclass(frozen=True)
class Metadaten:
    """What a sidecar file declares about a data file."""

    quelle: str | None = None
    stichtag: str | None = None
    einheit: str | None = None
    blatt: str | int | None = None
    """Sheet of an XLSX file (name or 0-based number)."""
    kopfzeile: int | None = None
    """1-based row of the header, when it cannot be recognised."""
    trennzeichen: str | None = None
    dezimal: str | None = None
    """"," or "."."""
    kodierung: str | None = None
    pruefung: tuple[dict, ...] = ()
    """Declared plausibility checks (see `plausibilitaet`)."""
    ebene: str | None = None
    """A column holding each row's hierarchy level (0, 1, …), where labels are not indented."""
    anmerkungen: str = "markiert"
    """Which note lines below the data are printed under the tables made from the file:
    "markiert" (those whose mark, e.g. "1)", a printed cell carries), "alle" or "keine"."""
    textspalten: tuple[str, ...] = ()
    """Columns read as text exactly as written, whatever they hold (keys the rules do not see)."""


@dataclass(frozen=True)
class Herkunft:
    """Where a DataFrame's rows came from."""

    datei: str
    """The data file as the user knows it."""
    zeilen: dict[str, int]
    """File line (1-based) by the row's label (its first cell)."""
    metadaten: Metadaten = field(default_factory=Metadaten)
    erkannt: str = ""
    """What was recognised, in German ("Windows-1252, Trennzeichen „;“, Dezimalkomma")."""
    pruefergebnisse: tuple = ()
    """Results of the declared plausibility checks (`plausibilitaet.Ergebnis`)."""
    zeilennummern: tuple[int, ...] = ()
    """File line (1-based) of each row, in the order read."""
    zellen: dict[tuple[str, str], Zelle] = field(default_factory=dict)
    """Cells that carry a sign, parentheses or a mark, by (row label, column), the first of each
    label: to name them in warnings. What a table prints comes from the cells themselves."""
    ebenen: dict[str, int] = field(default_factory=dict)
    """Level of each indented row label (1, 2, …); labels not listed are at level 0."""
    gruppen: frozenset[str] = frozenset()
    """Labels of group rows: a heading whose value cells are all empty."""
    anmerkungen: tuple[str, ...] = ()
    """Note lines below the data ("1) vorläufige Werte", "Quelle: …"), top to bottom."""
    amtlich: bool = False
    """An export of a statistics office (its "0" is the DIN 55301 sign, more than nothing)."""
    wie_geschrieben: dict = field(default_factory=dict)
    """Columns numbered apart because their header stands more than once ("Insgesamt (4)"): the
    name as the file wrote it, to print in the header."""

    def druckbare_anmerkungen(self, marken: set[str]) -> list[str]:
        """Return the note lines to print under a table whose cells carry `marken` ("1)", "¹").

        The sidecar's `anmerkungen` decides: "markiert" (default) prints the notes that explain a
        printed mark, "alle" every note except those berichtsgen prints in its own way (Quelle,
        Stand, ©, Zeichenerklärung), "keine" none.
        """
        art = self.metadaten.anmerkungen
        if art == "keine":
            return []
        if art == "alle":
            eigene = re.compile(r"^(quelle|stand|zeichenerkl|©|\(c\)|datenlizenz)", re.I)
            return [a for a in self.anmerkungen if not eigene.match(a)]
        return [a for a in self.anmerkungen if any(a.startswith(m) for m in marken)]

    def __deepcopy__(self, _memo: dict) -> Herkunft:
        """Never changed once read: pandas, which copies `attrs` deeply on every operation, keeps
        the same object instead of copying every cell's mark again."""
        return self


@dataclass
class Lesung:
    """What one call of a project function read: returned with its result, stored with it in the
    cache, so that a result from the cache brings its sources and checks along without reading
    its data again."""

    quellen: list[Herkunft] = field(default_factory=list)
    """The data files read, in order, each once: the result's sources (caption, Quelle line)."""
    vorgaenge: list[tuple[str, str | int, str]] = field(default_factory=list)
    """Every `k.daten()` call: name, sheet, the real file's path (the cache's test of validity)."""
    nebenbei: list[Herkunft] = field(default_factory=list)
    """Files read for something beside the result (a chart's alt text computed from data): their
    checks count, but they are not its sources."""

    def mit(self, neben: Lesung) -> Lesung:
        """This reading and, beside it, `neben`'s."""
        return Lesung(
            self.quellen, self.vorgaenge + neben.vorgaenge, self.nebenbei + neben.quellen + neben.nebenbei
        )

    def dateien(self) -> list[Herkunft]:
        """Every data file read, sources and those beside."""
        return self.quellen + self.nebenbei


def herkunft(df: pd.DataFrame) -> Herkunft | None:
    """Return where the rows of `df` came from, if it was read by berichtsgen."""
    return df.attrs.get(QUELLE_ATTR)


def metadaten_lesen(pfad: Path, anzeige: str) -> Metadaten:
    """Read the sidecar `name.toml` of the data file `pfad`, if there is one."""
    begleit = pfad.with_suffix(".toml")
    if not begleit.is_file():
        return Metadaten()
    anzeige_begleit = anzeige.rsplit(".", 1)[0] + ".toml"
    try:
        text = begleit.read_text(encoding="utf-8")
        werte = tomllib.loads(text)
    except UnicodeDecodeError:
        raise DatenFehler(
            "Die Begleitdatei ist nicht UTF-8-kodiert.", Ort(anzeige_begleit), "Speichern Sie sie als UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DatenFehler(
            "Die Begleitdatei ist kein gültiges TOML.",
            Ort(anzeige_begleit, _fehlerzeile(exc)),
            'Jede Zeile hat die Form schluessel = "Text" oder schluessel = Zahl; prüfen Sie die Anführungszeichen.',
        ) from None
    fehler: list[BerichtsgenFehler] = []  # every mistake of the sidecar, reported at once
    gelesen = {}
    for schluessel, wert in werte.items():
        ort = Ort(anzeige_begleit, _zeile_des_schluessels(text, schluessel))
        if schluessel not in ERLAUBT:
            fehler.append(
                DatenFehler(
                    f"Unbekannter Eintrag „{schluessel}“ in der Begleitdatei.",
                    ort,
                    vorschlag(schluessel, ERLAUBT),
                )
            )
            continue
        try:
            gelesen[schluessel] = _begleitwert(schluessel, wert, ort)
        except DatenFehler as exc:
            fehler.append(exc)
    werte = gelesen
    anmerkungen = BEGLEITDATEI["anmerkungen"]
    if werte.get("anmerkungen", "markiert") not in anmerkungen.woerter:
        fehler.append(
            DatenFehler(
                f"„anmerkungen = {werte['anmerkungen']}“ ist nicht möglich.",
                Ort(anzeige_begleit, _zeile_des_schluessels(text, "anmerkungen")),
                "Möglich: " + ", ".join(anmerkungen.woerter) + ".",
            )
        )
    melden(fehler)
    if "pruefung" in werte:
        if not isinstance(werte["pruefung"], list) or not all(isinstance(r, dict) for r in werte["pruefung"]):
            raise DatenFehler(
                "„pruefung“ muss aus Abschnitten [[pruefung]] bestehen.",
                Ort(anzeige_begleit),
                'Beispiel: [[pruefung]]\nart = "summe"',
            )
        zeilen = _pruefzeilen(text)  # a section written inline (pruefung = [{…}]) has none
        werte["pruefung"] = tuple(
            {**regel, "_zeilen": zeilen[i]} if i < len(zeilen) else regel
            for i, regel in enumerate(werte["pruefung"])
        )
    return Metadaten(**werte)


def _pruefzeilen(text: str) -> list[dict[str, int]]:
    """For each [[pruefung]] section of a sidecar: the line of its header ("") and of each key."""
    abschnitte: list[dict[str, int]] = []
    aktuell: dict[str, int] | None = None
    for nummer, zeile in enumerate(text.splitlines(), start=1):
        kopf = re.match(r"^\s*\[\[?\s*([\w.]+)\s*\]?\]", zeile)
        if kopf:
            aktuell = {"": nummer} if kopf.group(1) == "pruefung" and zeile.strip().startswith("[[") else None
            if aktuell is not None:
                abschnitte.append(aktuell)
            continue
        schluessel = re.match(r"^\s*([\w-]+)\s*=", zeile)
        if aktuell is not None and schluessel:
            aktuell.setdefault(schluessel.group(1), nummer)
    return abschnitte


_ART = {name: a.sorte for name, a in BEGLEITDATEI.items()}
"""What each sidecar key holds."""


def _zeile_des_schluessels(text: str, schluessel: str) -> int | None:
    treffer = re.search(rf"^\s*{re.escape(schluessel)}\s*=", text, re.M)
    return text.count("\n", 0, treffer.start()) + 1 if treffer else None


def _begleitwert(schluessel: str, wert: object, ort: Ort) -> object:
    """Check the type of a sidecar value and return it as berichtsgen uses it; errors name the key."""
    art = _ART[schluessel]
    if art == "datum" and isinstance(wert, (datetime.date, datetime.datetime)):
        return wert.strftime("%d.%m.%Y")  # stichtag = 2023-12-31 (a TOML date)
    if art in ("text", "datum", "kodierung", "zeichen", "dezimal") and not isinstance(wert, str):
        raise DatenFehler(
            f"„{schluessel}“ muss ein Text sein, in Anführungszeichen.", ort, f'Beispiel: {schluessel} = "…"'
        )
    if art == "namen":
        if isinstance(wert, str):
            wert = [wert]
        if not isinstance(wert, list) or not all(isinstance(n, str) for n in wert):
            raise DatenFehler(
                f"„{schluessel}“ ist eine Liste von Spaltennamen in Anführungszeichen.",
                ort,
                'Beispiel: textspalten = ["Gemeindeschlüssel"]',
            )
        return tuple(n.strip() for n in wert)
    if art == "zeile" and (not isinstance(wert, int) or isinstance(wert, bool) or wert < 1):
        raise DatenFehler(
            f"„{schluessel}“ muss eine ganze Zahl ab 1 sein: die Zeile der Spaltenköpfe.",
            ort,
            "Beispiel: kopfzeile = 3",
        )
    if art == "blatt" and not (
        isinstance(wert, str) or (isinstance(wert, int) and not isinstance(wert, bool) and wert >= 0)
    ):
        raise DatenFehler(
            f"„{schluessel}“ ist der Name des Tabellenblatts oder seine Nummer (ab 0).",
            ort,
            'Beispiel: blatt = "2023"',
        )
    if art == "zeichen" and len(wert) != 1:
        raise DatenFehler(
            f"„{schluessel}“ muss genau ein Zeichen sein.",
            ort,
            'Beispiel: trennzeichen = ";" (Tabulator: "\\t")',
        )
    if art == "dezimal" and wert not in (",", "."):
        raise DatenFehler(f"„{schluessel}“ ist „,“ oder „.“.", ort)
    if art == "kodierung":
        try:
            codecs.lookup(wert)
        except LookupError:
            raise DatenFehler(
                f"„{schluessel}“: die Kodierung „{wert}“ ist unbekannt.",
                ort,
                "Üblich: utf-8, cp1252, iso-8859-1, utf-16.",
            ) from None
    return wert


def _text_lesen(pfad: Path, anzeige: str, kodierung: str | None) -> tuple[str, str]:
    roh = _csv_bytes(pfad, anzeige)
    if kodierung:
        versuche = [kodierung]
    elif roh.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode-Text" is UTF-16 with a mark
        versuche = ["utf-16"]
    elif b"\x00" in roh:
        raise DatenFehler(
            "Die Datei enthält Nullbytes: wohl UTF-16 ohne Kennung, oder keine Textdatei.",
            Ort(anzeige),
            "Speichern Sie sie in Excel als „CSV UTF-8“ oder „CSV (Trennzeichen-getrennt)“.",
        )
    else:
        versuche = ["utf-8-sig" if roh.startswith(b"\xef\xbb\xbf") else "utf-8", "cp1252"]
    for k in versuche:
        try:
            text = roh.decode(k)
        except (UnicodeDecodeError, LookupError):
            continue
        _steuerzeichen_pruefen(text, anzeige)
        return text, k
    raise DatenFehler(  # cp1252 leaves five bytes undefined
        "Die Datei ist weder UTF-8 noch Windows-1252 (Excel) kodiert.",
        Ort(anzeige),
        "Speichern Sie sie in Excel als „CSV UTF-8“ oder „CSV (Trennzeichen-getrennt)“, "
        'oder geben Sie kodierung = "…" in der Begleitdatei an.',
    )


def _steuerzeichen_pruefen(text: str, anzeige: str, zeile: int | None = None) -> None:
    zeichen = steuerzeichen(text)
    if zeichen:
        raise DatenFehler(
            f"Die Daten enthalten ein Steuerzeichen ({zeichen[1]}), das Word nicht speichern kann.",
            Ort(anzeige, zeile or zeichen[0]),
            "Löschen Sie es in der Datei (in Excel: Suchen und Ersetzen).",
        )


def _csv_bytes(pfad: Path, anzeige: str) -> bytes:
    """Return the bytes of a CSV file, or of the one CSV inside a ZIP archive (as GENESIS delivers it)."""
    if pfad.suffix.lower() != ".zip":
        return pfad.read_bytes()
    try:
        with zipfile.ZipFile(pfad) as archiv:
            csvs = [n for n in archiv.namelist() if n.lower().endswith(".csv") and not n.endswith("/")]
            if len(csvs) != 1:
                raise DatenFehler(
                    f"Das ZIP-Archiv enthält {len(csvs)} CSV-Dateien statt einer.",
                    Ort(anzeige),
                    "Entpacken Sie die gewünschte Datei in den Ordner „daten“.",
                )
            info = archiv.getinfo(csvs[0])
            if info.file_size > 512 * 1024 * 1024:
                raise DatenFehler("Die CSV-Datei im ZIP-Archiv ist größer als 512 MB.", Ort(anzeige))
            return archiv.read(info)
    except zipfile.BadZipFile:
        raise DatenFehler("Die Datei ist kein lesbares ZIP-Archiv.", Ort(anzeige)) from None


def _trennzeichen(text: str) -> str:
    zeilen = [z for z in text.splitlines() if z.strip()][:30]
    # the separator that splits most lines into the same number (> 1) of fields
    bester, wertung = ";", -1
    for kandidat in (";", "\t", ","):
        anzahlen = [len(r) for r in csv.reader(zeilen, delimiter=kandidat)]
        haeufig, wie_oft = Counter(anzahlen).most_common(1)[0] if anzahlen else (1, 0)
        if haeufig > 1 and wie_oft > wertung:
            bester, wertung = kandidat, wie_oft
    return bester


def ist_schluesselname(name: object) -> bool:
    """Tell whether a column header names a key: a word such as "AGS", "ARS", "GKZ", "ID", "PLZ",
    or one ending in "schlüssel", "kennziffer", "code" ("Gemeindeschlüssel", "1_variable_attribute_code").

    "Schlüsselzuweisungen" (money) is no key: the word must end so.
    """
    woerter = re.split(r"[^0-9a-zäöüß]+", str(name).lower())
    return any(w in SCHLUESSEL_WOERTER or w.endswith(SCHLUESSEL_ENDUNGEN) for w in woerter if w)


def _ist_schluesselspalte(name: object, texte: pd.Series, vorspalte: bool) -> bool:
    """Tell whether a column holds keys, to be kept as text exactly as written.

    By its header (`ist_schluesselname`), by its content (a value with a leading zero, "05111":
    no office writes a number so), or by its place: a column of a statistics export's Vorspalte
    (no header of its own, left of the values) holds labels, never values – unless it holds
    only years.
    """
    if ist_schluesselname(name) or any(_FUEHRENDE_NULL.match(t) for t in texte):
        return True
    return vorspalte and not all(_JAHR.match(t) for t in texte if t)


def _spalte_umwandeln(
    werte: pd.Series, deutsch: bool, als_text: bool = False
) -> tuple[pd.Series, list[Zelle] | None]:
    """Turn a text column into numbers if every cell is a number or a statistical sign
    (`als_text`: keep it text, a key column).

    Signs and marks do not make a column text: "–" is 0, ".", "…", "/", "x" are missing values,
    "(123)" and "1.234 p" are numbers; each cell's marking is returned beside the column (None
    for a text column). Written out rather than left to pandas' `thousands=`, which reads a date
    like 31.12.2016 as the number 31122016.
    """
    texte = werte.fillna("").astype(str).str.strip()
    if als_text:
        return texte.where(texte != "", None), None
    zellen = [zelle_lesen(t, deutsch) for t in texte]
    if any(z is None for z in zellen):
        return texte.where(texte != "", None), None
    # numbers, signs and empty cells: a column of numbers, also one with no number in it (a year
    # not yet reported, a Kreis that did not exist): computed with, it gives "." – not an error
    return pd.Series(StatistikArray.aus_zellen(zellen), index=werte.index), zellen


def _kopfzeile_finden(zeilen: list[list[str]]) -> int:
    """Return the index of the header row: the first row as wide as the table below it.

    Title lines above the header ("Tabelle 3: Bevölkerung …") have one filled cell.
    """
    breiten = [sum(1 for z in zeile if z.strip()) for zeile in zeilen]
    breite = Counter(b for b in breiten if b > 1).most_common(1)
    if not breite:
        return 0
    ziel = breite[0][0]
    for i, b in enumerate(breiten):
        if b >= max(2, ziel - 1) and b >= 2:
            return i
    return 0


def _ist_unterkopf(zeile: list[str]) -> bool:
    """Tell whether a row below a header row continues the header: its first field empty (the
    Vorspalte's), at least two fields filled, none a value – only names or years."""
    felder = [f.strip() for f in zeile]
    gefuellt = [f for f in felder if f]
    return (
        bool(felder)
        and not felder[0]
        and len(gefuellt) >= 2
        and all(_JAHR.match(f) or not re.fullmatch(r"[-+]?[\d.,\s]*\d[\d.,\s]*", f) for f in gefuellt)
    )


def _kopf_finden(
    zeilen: list[list[str]], gefuellt: list[list[str]] | None = None
) -> tuple[int, list[tuple[str, str]] | None]:
    """Find the header; return the index of its last row and, for a header of several rows, the
    column names (group, entry) of `kopf.kopf_falten`, else None.

    The header row is the first row as wide as the table. Rows below it with an empty first
    field and nothing but names continue it (the entries under merged group cells); where its
    names repeat ("insgesamt", "männlich", "weiblich" under each year, or a year over three
    columns), the rows above it with two fields or more are its groups. `gefuellt`: the rows with
    the merged cells of an XLSX sheet filled in, to find and name the header by."""
    gefuellt = gefuellt or zeilen
    kopf = _kopfzeile_finden(gefuellt)
    if kopf >= len(gefuellt):
        return kopf, None
    unten = kopf
    while unten + 1 < len(gefuellt) and _ist_unterkopf(gefuellt[unten + 1]):
        unten += 1
    namen = [f.strip() for f in gefuellt[kopf]]
    anfang = kopf
    if unten > kopf or any(n and namen.count(n) > 1 for n in namen):
        while anfang > 0 and sum(1 for f in gefuellt[anfang - 1] if f.strip()) >= 2:
            anfang -= 1  # a row of groups, not a title line
    if anfang == unten:
        return kopf, None
    return unten, kopf_falten(gefuellt[anfang : unten + 1])


def _benannt(name: str | tuple[str, str]) -> bool:
    """Tell whether a header name (or a two-level one) names anything."""
    return any(name) if isinstance(name, tuple) else bool(name)


def _kopf_der_begleitdatei(pfad: Path, anzeige: str, meta: Metadaten, zeilen: list[list[str]]) -> int | None:
    """Return the header row the sidecar names (`kopfzeile`, 1-based) as an index, None where it
    names none; a row beyond the data or one without a row of data below is an error of the sidecar."""
    if not meta.kopfzeile:
        return None
    letzte = max((i for i, z in enumerate(zeilen) if any(f.strip() for f in z)), default=-1) + 1
    if meta.kopfzeile < letzte:
        return meta.kopfzeile - 1
    try:
        zeile = _zeile_des_schluessels(pfad.with_suffix(".toml").read_text(encoding="utf-8"), "kopfzeile")
    except OSError:
        zeile = None
    if meta.kopfzeile > letzte:
        text = f"„kopfzeile = {meta.kopfzeile}“: die Datei „{anzeige}“ hat nur {letzte} Zeile{'' if letzte == 1 else 'n'}."
    else:
        text = f"„kopfzeile = {meta.kopfzeile}“: unter dieser Zeile, der letzten von „{anzeige}“, stehen keine Daten."
    raise DatenFehler(
        text,
        Ort(anzeige.rsplit(".", 1)[0] + ".toml", zeile),
        "Geben Sie die Zeile der Spaltenköpfe an (gezählt wie in Excel) oder löschen Sie „kopfzeile“: "
        "dann wird sie erkannt.",
    )


def _tabelle_bilden(
    zeilen: list[list[str]],
    anzeige: str,
    kopf: int,
    deutsch: bool,
    erste_zeilennummer: int = 1,
    kopfnamen: list[tuple[str, str]] | None = None,
    textspalten: tuple[str, ...] = (),
    aus_begleitdatei: bool = False,
) -> pd.DataFrame:
    """Build a frame from raw rows: header at `kopf` (or `kopfnamen` for a header of several
    rows ending there), numbers recognised, key columns and `textspalten` kept as text, file
    lines remembered.

    The columns without a header in a statistics export's header of several rows (`kopfnamen`)
    are its Vorspalte: date, key and name of each row. Where some column of such a header has a
    group and an entry, the frame's columns are a MultiIndex (group, entry), a column named once
    being (name, ""); else they are flat names. Names written more than once are told apart by
    their column number (`genesis.eindeutig`); `aus_begleitdatei`: the sidecar named the header
    row (errors say so)."""
    kopfzeile: list = [z.strip() for z in zeilen[kopf]]
    if kopfnamen is not None:
        zweistufig = any(e for _g, e in kopfnamen)
        kopfzeile = list(kopfnamen) if zweistufig else [g for g, _e in kopfnamen]
    # trailing empty columns of Excel exports
    while (
        kopfzeile
        and not _benannt(kopfzeile[-1])
        and all(len(r) < len(kopfzeile) or not r[len(kopfzeile) - 1].strip() for r in zeilen[kopf + 1 :])
    ):
        kopfzeile.pop()
    roh = [
        (i, zeile)
        for i, zeile in enumerate(zeilen[kopf + 1 :], start=kopf + 1)
        if any(z.strip() for z in zeile)
    ]
    anmerkungen = _anmerkungen_abtrennen(roh, len(kopfzeile))
    if aus_begleitdatei and not roh:
        raise DatenFehler(
            f"Unter der Kopfzeile (Zeile {kopf + erste_zeilennummer}, „kopfzeile = {kopf + 1}“ der "
            "Begleitdatei) stehen keine Daten, nur Anmerkungen.",
            Ort(anzeige, kopf + erste_zeilennummer),
            "Geben Sie die Zeile der Spaltenköpfe an oder löschen Sie „kopfzeile“: dann wird sie erkannt.",
        )
    daten, nummern, einzuege = [], [], []
    for i, zeile in roh:
        ueberzaehlig = [(j, z) for j, z in enumerate(zeile) if j >= len(kopfzeile) and z.strip()]
        if ueberzaehlig:
            j, feld = ueberzaehlig[0]
            raise DatenFehler(
                f"Zeile hat mehr Felder als die Kopfzeile (Spalte {j + 1}: „{feld.strip()}“).",
                Ort(anzeige, i + erste_zeilennummer),
                f"Die Begleitdatei setzt „kopfzeile = {kopf + 1}“: stehen in dieser Zeile die Spaltenköpfe?"
                if aus_begleitdatei
                else "Prüfen Sie Trennzeichen und Anführungszeichen in dieser Zeile.",
            )
        zellen = [z.strip() for z in zeile[: len(kopfzeile)]]
        daten.append(zellen + [""] * (len(kopfzeile) - len(zellen)))
        nummern.append(i + erste_zeilennummer)
        erste = zeile[0].replace("\t", "    ") if zeile else ""
        einzuege.append(len(erste) - len(erste.lstrip()))
    leer = [j for j, name in enumerate(kopfzeile) if not _benannt(name) and all(not r[j] for r in daten)]
    namen = [
        n if _benannt(n) else (f"Spalte {j + 1}", "") if isinstance(n, tuple) else f"Spalte {j + 1}"
        for j, n in enumerate(kopfzeile)
    ]
    namen, geschrieben = genesis.eindeutig(namen), namen
    nummeriert = [spaltenname(n) for n, g in zip(namen, geschrieben, strict=True) if n != g]
    wie_geschrieben = {spaltenname(n): g for n, g in zip(namen, geschrieben, strict=True) if n != g}
    spalten = pd.MultiIndex.from_tuples(namen) if namen and isinstance(namen[0], tuple) else namen
    df = pd.DataFrame(daten, columns=spalten, dtype="object")
    df = df.drop(columns=[namen[j] for j in leer])
    erste_benannte = next((j for j, n in enumerate(kopfzeile) if _benannt(n)), len(kopfzeile))
    vorspalte = set(namen[:erste_benannte]) if kopfnamen is not None else set()
    markiert: dict[str, list[Zelle]] = {}
    schluessel_spalten: list[str] = []  # what would have been numbers: named in `check`
    for spalte in df.columns:
        texte = df[spalte].fillna("").astype(str).str.strip()
        text = spaltenname(spalte) in textspalten or _ist_schluesselspalte(spalte, texte, spalte in vorspalte)
        if text and any(texte) and all(t.isdigit() for t in texte if t):
            schluessel_spalten.append(spaltenname(spalte))
        df[spalte], zellen = _spalte_umwandeln(df[spalte], deutsch, text)
        if zellen is not None:
            markiert[str(spalte)] = zellen
    zuordnung: dict[str, int] = {}
    beschriftungen = [str(b).strip() for b in df.iloc[:, 0].tolist()] if len(df.columns) else []
    for nummer, beschriftung in zip(nummern, beschriftungen, strict=True):
        zuordnung.setdefault(beschriftung, nummer)
    # the cells with a sign or mark by (label, column), the first of each label: only to name
    # them in the warnings of checks on the frame as read (printing reads each cell's own marking
    # from its column, `statistik.StatistikArray`, which moves with the cell)
    besonders: dict[tuple[str, str], Zelle] = {}
    for spalte, zellen in markiert.items():
        for beschriftung, zelle in zip(beschriftungen, zellen, strict=True):
            if zelle.besonders:
                besonders.setdefault((beschriftung, spalte), zelle)
    # the hierarchy: each distinct indentation of the labels is a level; a label whose value
    # cells are all empty heads a group
    stufen = sorted(set(einzuege)) or [0]
    ebenen = {b: stufen.index(e) for b, e in zip(beschriftungen, einzuege, strict=True) if e > stufen[0]}
    gruppen = {
        b
        for b, zeile in zip(beschriftungen, daten, strict=True)
        if b and len(zeile) > 1 and not any(zeile[1:])
    }
    df.attrs["_zeilen"] = zuordnung
    df.attrs["_nummern"] = tuple(nummern)
    df.attrs["_zellen"] = besonders
    df.attrs["_schluessel"] = tuple(schluessel_spalten)
    df.attrs["_nummeriert"] = tuple(nummeriert)
    df.attrs["_wie_geschrieben"] = wie_geschrieben
    df.attrs["_gliederung"] = (ebenen, frozenset(gruppen), tuple(anmerkungen))
    return df


_ANMERKUNG = re.compile(
    r"^(\d{1,2}\)|\*|[¹²³⁴⁵⁶⁷⁸⁹⁰]|_{3,}|©|\(c\)|zeichenerkl|quelle\s*:|stand\s*:|hinweis|anmerkung|fußnote|"
    r"erläuterung|lizenz|daten(lizenz|quelle))",
    re.I,
)
"""How a note line below the data begins: a footnote mark, a rule, ©, or a word like "Quelle:"."""


def _form(feld: str) -> str:
    """The shape of a label's first word: its digits as 9 ("04 - Altdorf" → "9")."""
    woerter = feld.split()
    return re.sub(r"\d+", "9", woerter[0]) if woerter else ""


def _anmerkungen_abtrennen(roh: list[tuple[int, list[str]]], spalten: int = 2) -> list[str]:
    """Take the note lines from the end of the rows (in place) and return them, top to bottom.

    A note follows the last data row and begins like one ("1) vorläufig", "Quelle: …", "©…",
    a line of underscores) or, in a table of several `spalten`, fills only its first field (in a
    table of one column every row does: there only the first kind is a note). Its text is the line as written, with
    fields a semicolon split joined again; rules of underscores are dropped.
    """
    anmerkungen: list[str] = []
    strich = next((k for k, (_i, z) in enumerate(roh) if z and re.fullmatch(r"_{3,}", z[0].strip())), None)
    if strich is not None:  # below a rule of underscores: only the footer (©, Stand, licence)
        anmerkungen = ["; ".join(f.strip() for f in z if f.strip()) for _i, z in roh[strich + 1 :]]
        del roh[strich:]
    formen = Counter(_form(z[0]) for _i, z in roh if z)
    while roh:
        zeile = roh[-1][1]
        felder = [z.strip() for z in zeile if z.strip()]
        nur_erstes = spalten > 1 and len(felder) == 1 and zeile[0].strip()
        if (
            nur_erstes
            and any(c.isdigit() for c in _form(zeile[0]))
            and formen[_form(zeile[0])] * 2 > len(roh)
        ):
            break  # begins like most labels ("04 - Altdorf" under "01 - …"): a row without values
        if not (_ANMERKUNG.match(felder[0]) or nur_erstes):
            break
        roh.pop()
        text = "; ".join(felder)
        if not re.fullmatch(r"_+", text):
            anmerkungen.insert(0, text)
    return [a for a in anmerkungen if a]


def csv_zeilen(pfad: Path, anzeige: str, meta: Metadaten) -> tuple[list[list[str]], str, str]:
    """Return the fields of a CSV file's rows as written, with the encoding and separator found
    (or given by the sidecar `meta`)."""
    text, kodierung = _text_lesen(pfad, anzeige, meta.kodierung)
    sep = meta.trennzeichen or _trennzeichen(text)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=sep, strict=True)), kodierung, sep
    except csv.Error as exc:
        raise DatenFehler(
            "Die CSV-Datei ist nicht lesbar (Anführungszeichen nicht geschlossen).",
            Ort(anzeige, _fehlerzeile(exc)),
            "Prüfen Sie die Anführungszeichen in dieser Zeile.",
        ) from None


def _fehlerzeile(exc: Exception) -> int | None:
    """The line a parser's (English) message names: "… line 7 …"."""
    treffer = re.search(r"line (\d+)", str(exc))
    return int(treffer.group(1)) if treffer else None


def csv_lesen(pfad: Path, anzeige: str, meta: Metadaten | None = None) -> pd.DataFrame:
    """Read a CSV file; encoding, separator, decimal sign and header row are recognised.

    A semicolon- or tab-separated file is read the German way (decimal comma, thousands point)
    unless the sidecar says `dezimal = "."`.
    """
    meta = meta or Metadaten()
    zeilen, kodierung, sep = csv_zeilen(pfad, anzeige, meta)
    deutsch = (meta.dezimal or ("," if sep in (";", "\t") else ".")) == ","
    if not any(any(z.strip() for z in zeile) for zeile in zeilen):
        raise DatenFehler("Die Datei ist leer.", Ort(anzeige))
    art, kopfnamen = "", None
    # what an export says about itself (table code, title lines, reference dates), however its
    # header is found
    genesis_angaben = genesis.export_angaben(zeilen, anzeige)
    tabelle = (
        genesis.tabelle_kopf(zeilen, deutsch) if genesis.ist_tabelle(zeilen) and not meta.kopfzeile else None
    )
    if tabelle is not None:
        kopf, kopfnamen, titel = tabelle
        art = "GENESIS-Tabelle, "
        if genesis_angaben is None:
            erste = next(z for z in zeilen if any(f.strip() for f in z))[0]
            genesis_angaben = (genesis.code_aus(erste), titel, set())
    else:
        kopf = _kopf_der_begleitdatei(pfad, anzeige, meta, zeilen)
        if kopf is None:
            kopf, kopfnamen = _kopf_finden(zeilen)
        flach, alt_flach = genesis.ist_flach(zeilen[kopf]), genesis.ist_alt_flach(zeilen[kopf])
        if flach:
            zeilen = zeilen[:kopf] + genesis.flach_aufbereiten(zeilen[kopf:], deutsch)
        if flach or alt_flach:  # the table code from the file's name: the file is that table
            name = anzeige.replace("\\", "/").rsplit("/", 1)[-1]
            zeit = "time" if flach else "Zeit"
            art = "GENESIS-Flatfile, "
            genesis_angaben = (genesis.code_aus(name), [], _spaltenwerte(zeilen, kopf, zeit))
    df = _tabelle_bilden(
        zeilen,
        anzeige,
        kopf,
        deutsch,
        kopfnamen=kopfnamen,
        textspalten=meta.textspalten,
        aus_begleitdatei=bool(meta.kopfzeile),
    )
    namen = {";": "„;“", ",": "„,“", "\t": "Tabulator"}
    erkannt = (
        (
            f"{art}{KODIERUNGEN.get(kodierung, kodierung)}, Trennzeichen {namen.get(sep, sep)}, "
            f"{'Dezimalkomma' if deutsch else 'Dezimalpunkt'}, Kopfzeile in Zeile {kopf + 1}"
        )
        + _zweistufig(df)
        + _nummeriert(df)
    )
    _herkunft_setzen(df, anzeige, meta, erkannt, genesis_angaben)
    return df


def _zweistufig(df: pd.DataFrame) -> str:
    """What `check` says of a header of several rows read as two levels."""
    return "; Kopf zweistufig (Gruppe | Eintrag)" if isinstance(df.columns, pd.MultiIndex) else ""


def _nummeriert(df: pd.DataFrame) -> str:
    """What `check` says of the columns named by their number, their name standing more than once."""
    namen = df.attrs.pop("_nummeriert", ())
    return (
        "; Name mehrmals im Kopf, Spalten nummeriert: " + ", ".join(f"„{n}“" for n in namen) if namen else ""
    )


def _spaltenwerte(zeilen: list[list[str]], kopf: int, name: str) -> set[str]:
    """Return the distinct values of the column `name` below the header row `kopf`."""
    spalten = [k.strip() for k in zeilen[kopf]]
    if name not in spalten:
        return set()
    j = spalten.index(name)
    return {z[j].strip() for z in zeilen[kopf + 1 :] if j < len(z) and z[j].strip()}


def xlsx_lesen(pfad: Path, anzeige: str, blatt: str | int = 0, meta: Metadaten | None = None) -> pd.DataFrame:
    """Read a sheet of an Excel file and find its header rows.

    Without `blatt` (and the sidecar's), the first sheet holding a table: a Statistischer Bericht
    begins with title, contents and imprint sheets. Merged header cells (a year over three
    columns) name every column they span."""
    import openpyxl  # only for Excel files: 0,1 s to import
    from openpyxl.utils.exceptions import InvalidFileException

    meta = meta or Metadaten()
    gewaehlt = meta.blatt if meta.blatt is not None and blatt == 0 else blatt
    try:
        mappe = openpyxl.load_workbook(pfad, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, TypeError, EOFError, ValueError, InvalidFileException):
        raise DatenFehler(
            "Die Datei ist keine lesbare Excel-Datei (xlsx).",
            Ort(anzeige),
            "Öffnen Sie sie in Excel und speichern Sie sie als „Excel-Arbeitsmappe (*.xlsx)“.",
        ) from None
    try:
        if isinstance(gewaehlt, int) and not isinstance(gewaehlt, bool):
            blaetter = [mappe.worksheets[gewaehlt]]
        else:
            blaetter = [mappe[str(gewaehlt)]]
    except (IndexError, KeyError):
        raise DatenFehler(  # no place: the line of the function that asked for it is named
            f"Die Datei „{anzeige}“ hat kein Tabellenblatt „{gewaehlt}“.",
            None,
            vorschlag(str(gewaehlt), mappe.sheetnames),
        ) from None
    if gewaehlt == 0 and meta.blatt is None:  # no sheet named: the first holding a table
        blaetter = [b for b in mappe.worksheets if _hat_tabelle(b)][:1] or blaetter
    arbeitsblatt = blaetter[0]
    zeilen = [
        ["" if v is None else _excel_text(v) for v in zeile]
        for zeile in arbeitsblatt.iter_rows(values_only=True)
    ]
    breite = max((len(z) for z in zeilen), default=0)
    zeilen = [z + [""] * (breite - len(z)) for z in zeilen]
    blatt = arbeitsblatt.title
    for nummer, zeile in enumerate(zeilen, start=1):
        _steuerzeichen_pruefen("\t".join(zeile), anzeige, nummer)
    if not any(any(z.strip() for z in zeile) for zeile in zeilen):
        raise DatenFehler(f"Das Tabellenblatt „{blatt}“ ist leer.", Ort(anzeige))
    kopf, kopfnamen = _kopf_der_begleitdatei(pfad, anzeige, meta, zeilen), None
    if kopf is None:
        kopf, kopfnamen = _kopf_finden(zeilen, _verbunden_gefuellt(arbeitsblatt, zeilen))
    df = _tabelle_bilden(
        zeilen,
        anzeige,
        kopf,
        deutsch=False,
        kopfnamen=kopfnamen,
        textspalten=meta.textspalten,
        aus_begleitdatei=bool(meta.kopfzeile),
    )
    anmerkungen = df.attrs.get("_gliederung", ({}, frozenset(), ()))[2]
    if meta.quelle is None and not any(_NENNT_QUELLE.match(a.strip()) for a in anmerkungen):
        meta = _quelle_der_mappe(mappe, arbeitsblatt, meta)
    _herkunft_setzen(
        df,
        anzeige,
        meta,
        f"Tabellenblatt „{blatt}“, Kopfzeile in Zeile {kopf + 1}" + _zweistufig(df) + _nummeriert(df),
    )
    return df


_NENNT_QUELLE = re.compile(r'^"?(quelle\s*:|©|\(c\))', re.I)


def _quelle_der_mappe(mappe, arbeitsblatt, meta: Metadaten) -> Metadaten:
    """The Quelle of a sheet that names none: the holder of a © line elsewhere in the workbook
    (a Statistischer Bericht keeps it on its imprint sheet) and the table the sheet is, from its
    name ("21711-01", "csv-21711-01")."""
    for blatt in mappe.worksheets:
        for zeile in blatt.iter_rows(values_only=True):
            for wert in zeile:
                inhaber = genesis.inhaber_aus(wert) if isinstance(wert, str) else None
                if inhaber:
                    code = re.search(r"\d{5}(?:-[0-9a-z]+)*", arbeitsblatt.title, re.I)
                    return replace(meta, quelle=inhaber + (f", Tabelle {code.group(0)}" if code else ""))
    return meta


def _hat_tabelle(arbeitsblatt) -> bool:
    """Tell whether a sheet holds a table: two rows or more with two numbers or more."""
    zeilen = 0
    for zeile in arbeitsblatt.iter_rows(values_only=True):
        zahlen = sum(1 for v in zeile if isinstance(v, (int, float)) and not isinstance(v, bool))
        zeilen += zahlen >= 2
        if zeilen >= 2:
            return True
    return False


def _verbunden_gefuellt(arbeitsblatt, zeilen: list[list[str]]) -> list[list[str]]:
    """The rows with each merged cell's value in every column of its top row (a year merged over
    "insgesamt", "männlich", "weiblich"); the rows below a merged cell stay empty."""
    gefuellt = [list(z) for z in zeilen]
    for bereich in arbeitsblatt.merged_cells.ranges:
        oben, links, rechts = bereich.min_row - 1, bereich.min_col - 1, bereich.max_col
        if oben < len(gefuellt) and links < len(gefuellt[oben]):
            wert = gefuellt[oben][links]
            for j in range(links + 1, min(rechts, len(gefuellt[oben]))):
                gefuellt[oben][j] = gefuellt[oben][j] or wert
    return gefuellt


def _excel_text(wert: object) -> str:
    """Write an Excel cell as text the English way, so numbers are recognised again without loss."""
    if isinstance(wert, float) and wert.is_integer():
        return str(int(wert))
    if hasattr(wert, "strftime"):
        return wert.strftime("%d.%m.%Y")
    return str(wert)


def _herkunft_setzen(
    df: pd.DataFrame, anzeige: str, meta: Metadaten, erkannt: str, genesis_angaben: tuple | None = None
) -> None:
    zeilen = df.attrs.pop("_zeilen", {})
    nummern = df.attrs.pop("_nummern", ())
    zellen = df.attrs.pop("_zellen", {})
    schluessel = df.attrs.pop("_schluessel", ())
    ebenen, gruppen, anmerkungen = df.attrs.pop("_gliederung", ({}, frozenset(), ()))
    if meta.ebene is not None:  # the hierarchy from a column of levels instead of indentation
        if meta.ebene not in df.columns:
            raise DatenFehler(
                f"Die Begleitdatei nennt die Ebenenspalte „{meta.ebene}“, die es nicht gibt.",
                Ort(anzeige.rsplit(".", 1)[0] + ".toml"),
                "Spalten: " + ", ".join(f"„{c}“" for c in df.columns) + ".",
            )
        ebenen = {
            str(b).strip(): int(e)
            for b, e in zip(df.iloc[:, 0].tolist(), df[meta.ebene].tolist(), strict=True)
            if not pd.isna(e) and int(e) > 0
        }
    if genesis_angaben is not None:  # an export: office, table and Stand; the reference date
        code, titel, zeiten = genesis_angaben
        meta = genesis.metadaten_ergaenzen(meta, code, anmerkungen, titel, zeiten)
    meta = _aus_anmerkungen(meta, anmerkungen)
    ergebnisse = (
        tuple(plausibilitaet.pruefen(df, list(meta.pruefung), anzeige, zeilen, zellen))
        if meta.pruefung
        else ()
    )
    if schluessel:
        erkannt += "; Schlüssel als Text: " + ", ".join(f"„{s}“" for s in schluessel)
    if anmerkungen:
        kurz = ", ".join(f"„{a[:40]}{'…' if len(a) > 40 else ''}“" for a in anmerkungen)
        erkannt += f"; Anmerkungen unter den Daten: {kurz}"
    df.attrs[QUELLE_ATTR] = Herkunft(
        anzeige,
        zeilen,
        meta,
        erkannt,
        ergebnisse,
        nummern,
        zellen,
        ebenen,
        gruppen,
        anmerkungen,
        amtlich=genesis_angaben is not None,
        wie_geschrieben=df.attrs.pop("_wie_geschrieben", {}),
    )


def _aus_anmerkungen(meta: Metadaten, anmerkungen: tuple[str, ...]) -> Metadaten:
    """Fill Quelle and Stichtag from note lines ("Quelle: …", "Stand: 31.12.2023") where the sidecar
    is silent. A Stand with a time of day ("Stand: 10.10.2017 / 12:45:39") is when the file was
    exported, not the reference date of its data: no Stichtag. Without a "Quelle:" line, the holder
    of the © line is the Quelle ("© Hessisches Statistisches Landesamt, Wiesbaden, 2024. …")."""
    werte = {}
    for text in anmerkungen:
        treffer = re.match(r"^(quelle|stand)\s*:\s*(.+)$", text.strip(), re.I | re.S)
        if treffer:
            feld = "quelle" if treffer.group(1).lower() == "quelle" else "stichtag"
            inhalt = " ".join(treffer.group(2).split())
            if feld == "stichtag" and re.search(r"\d{1,2}:\d{2}", inhalt):
                continue
            if getattr(meta, feld) is None and feld not in werte:
                werte[feld] = inhalt
    if meta.quelle is None and "quelle" not in werte:  # the holder of the © line
        inhaber = next((genesis.inhaber_aus(text) for text in anmerkungen if genesis.inhaber_aus(text)), None)
        if inhaber:
            werte["quelle"] = inhaber
    return replace(meta, **werte) if werte else meta


def lesen(pfad: Path, anzeige: str, blatt: str | int = 0) -> pd.DataFrame:
    """Read the data file `pfad` (shown to the user as `anzeige`) by its extension."""
    if not pfad.is_file():
        raise DatenFehler(
            f"Datendatei „{anzeige}“ nicht gefunden.",
            None,
            "Legen Sie die Datei im Ordner „daten“ des Jahres ab oder prüfen Sie den Namen.",
        )
    meta = metadaten_lesen(pfad, anzeige)
    endung = pfad.suffix.lower()
    if endung in (".csv", ".txt", ".zip"):
        return _textspalten_pruefen(csv_lesen(pfad, anzeige, meta), pfad, anzeige)
    if endung in (".xlsx", ".xlsm"):
        return _textspalten_pruefen(xlsx_lesen(pfad, anzeige, blatt, meta), pfad, anzeige)
    raise DatenFehler(
        f"Dateiformat „{endung}“ wird nicht gelesen.",
        Ort(anzeige),
        "Erlaubt sind CSV, XLSX und ZIP mit einer CSV.",
    )


def _textspalten_pruefen(df: pd.DataFrame, pfad: Path, anzeige: str) -> pd.DataFrame:
    """Fail where the sidecar's `textspalten` names a column the file does not have."""
    quelle = herkunft(df)
    spalten = [spaltenname(c) for c in df.columns]
    fehlend = [n for n in (quelle.metadaten.textspalten if quelle else ()) if n not in spalten]
    if fehlend:
        text = pfad.with_suffix(".toml").read_text(encoding="utf-8")
        raise DatenFehler(
            f"Die Begleitdatei nennt unter „textspalten“ die Spalte „{fehlend[0]}“, die es nicht gibt.",
            Ort(anzeige.rsplit(".", 1)[0] + ".toml", _zeile_des_schluessels(text, "textspalten")),
            vorschlag(fehlend[0], spalten),
        )
    return df
