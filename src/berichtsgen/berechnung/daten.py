"""Read the project's data files (CSV in UTF-8 or German Excel exports, XLSX) into DataFrames.

Every frame remembers its file and the file line of each row in `DataFrame.attrs`, so that a
failed check can name both.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..fehler import DatenFehler, Ort

QUELLE_ATTR = "berichtsgen_quelle"


@dataclass(frozen=True)
class Herkunft:
    """Where a DataFrame's rows came from."""

    datei: str
    """The data file as the user knows it."""
    zeilen: dict[str, int]
    """File line (1-based) by the row's label (its first cell)."""


def herkunft(df: pd.DataFrame) -> Herkunft | None:
    """Return where the rows of `df` came from, if it was read by berichtsgen."""
    return df.attrs.get(QUELLE_ATTR)


def _text_lesen(pfad: Path, anzeige: str) -> tuple[str, str]:
    roh = pfad.read_bytes()
    for kodierung in ("utf-8-sig", "cp1252"):
        try:
            return roh.decode(kodierung), kodierung
        except UnicodeDecodeError:
            continue
    raise DatenFehler(  # cp1252 leaves five bytes undefined
        "Die Datei ist weder UTF-8 noch Windows-1252 (Excel) kodiert.",
        Ort(anzeige),
        "Speichern Sie sie in Excel als „CSV UTF-8“ oder „CSV (Trennzeichen-getrennt)“.",
    )


def _trennzeichen(text: str) -> str:
    probe = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(probe, delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if probe.count(";") >= probe.count(",") else ","


_DEUTSCHE_ZAHL = re.compile(r"^[-\u2212]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_ENGLISCHE_ZAHL = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _spalte_umwandeln(werte: pd.Series, deutsch: bool) -> pd.Series:
    """Turn a text column into numbers if every non-empty cell is one; keep it as text otherwise.

    Written out rather than left to pandas' `thousands=`, which reads a date like 31.12.2016 as
    the number 31122016.
    """
    texte = werte.fillna("").astype(str).str.strip()
    gefuellt = texte[texte != ""]
    muster = _DEUTSCHE_ZAHL if deutsch else _ENGLISCHE_ZAHL
    if gefuellt.empty or not gefuellt.map(lambda t: bool(muster.match(t))).all():
        return texte.where(texte != "", None)
    if deutsch:
        normal = texte.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        normal = texte.str.replace(",", "", regex=False)
    normal = normal.str.replace("\u2212", "-", regex=False)
    if normal[texte != ""].str.contains(".", regex=False).any():
        return pd.to_numeric(normal.where(texte != "", None), errors="raise").astype("Float64")
    return pd.to_numeric(normal.where(texte != "", None), errors="raise").astype("Int64")


def csv_lesen(pfad: Path, anzeige: str) -> pd.DataFrame:
    """Read a CSV file; encoding, separator and decimal sign are recognised.

    A semicolon- or tab-separated file is read the German way: decimal comma, thousands point.
    """
    text, _ = _text_lesen(pfad, anzeige)
    sep = _trennzeichen(text)
    deutsch = sep in (";", "\t")
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.ParserError as exc:
        treffer = re.search(r"line (\d+)", str(exc))
        raise DatenFehler(
            "Die CSV-Datei ist nicht lesbar: eine Zeile hat mehr Felder als die Kopfzeile.",
            Ort(anzeige, int(treffer.group(1)) if treffer else None),
            f"Trennzeichen erkannt: „{sep}“. Prüfen Sie Anführungszeichen in dieser Zeile.",
        ) from None
    except pd.errors.EmptyDataError:
        raise DatenFehler("Die Datei ist leer.", Ort(anzeige)) from None
    leer = [c for c in df.columns if str(c).startswith("Unnamed:") and not df[c].str.strip().any()]
    df = df.drop(columns=leer)
    df.columns = [str(c).strip() for c in df.columns]
    for spalte in df.columns:
        df[spalte] = _spalte_umwandeln(df[spalte], deutsch)
    _herkunft_setzen(df, anzeige, erste_datenzeile=2)
    return df


def xlsx_lesen(pfad: Path, anzeige: str, blatt: str | int = 0) -> pd.DataFrame:
    """Read a sheet of an Excel file (the first one unless `blatt` names another)."""
    try:
        df = pd.read_excel(pfad, sheet_name=blatt, engine="openpyxl")
    except ValueError as exc:
        raise DatenFehler(f"Tabellenblatt „{blatt}“ nicht gefunden ({exc}).", Ort(anzeige)) from None
    _herkunft_setzen(df, anzeige, erste_datenzeile=2)
    return df


def _herkunft_setzen(df: pd.DataFrame, anzeige: str, erste_datenzeile: int) -> None:
    zeilen: dict[str, int] = {}
    if len(df.columns):
        for i, beschriftung in enumerate(df.iloc[:, 0].tolist()):
            zeilen.setdefault(str(beschriftung).strip(), erste_datenzeile + i)
    df.attrs[QUELLE_ATTR] = Herkunft(anzeige, zeilen)


def lesen(pfad: Path, anzeige: str, blatt: str | int = 0) -> pd.DataFrame:
    """Read the data file `pfad` (shown to the user as `anzeige`) by its extension."""
    if not pfad.is_file():
        raise DatenFehler(
            f"Datendatei „{anzeige}“ nicht gefunden.",
            None,
            "Legen Sie die Datei im Ordner „daten“ des Jahres ab oder prüfen Sie den Namen.",
        )
    endung = pfad.suffix.lower()
    if endung in (".csv", ".txt"):
        return csv_lesen(pfad, anzeige)
    if endung in (".xlsx", ".xlsm"):
        return xlsx_lesen(pfad, anzeige, blatt)
    raise DatenFehler(
        f"Dateiformat „{endung}“ wird nicht gelesen.", Ort(anzeige), "Erlaubt sind CSV und XLSX."
    )
