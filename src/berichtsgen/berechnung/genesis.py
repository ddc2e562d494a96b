"""Exports of GENESIS-Online (Destatis) and the Regionaldatenbank, read as they come.

Both databases export the same two CSV shapes:

- the flat file ("ffcsv", `…_flat.csv`, also inside the `.zip` it is delivered in): one value per
  row with the columns `time`, `value`, `value_unit`, `value_variable_code`,
  `value_variable_label`, `value_q` and per classification `N_variable_code`, `N_variable_label`,
  `N_variable_attribute_code`, `N_variable_attribute_label`;
- the table ("Tabelle", CSV): title lines ("GENESIS-Tabelle: 12411-0001" …), header rows (a row
  naming column groups over a row naming the columns), the data, and a footer below a line of
  underscores ("© Statistisches Bundesamt (Destatis), 2024 | Stand: 15.03.2024 / 10:12:33").

The Quelle defaults to the office and table code, the Stand to the export's; a sidecar wins.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .zeichen import zelle_lesen

_CODE = re.compile(r"\b(\d{5}-[0-9A-Z]{2,4}(?:-[0-9A-Z]{1,3}){0,3})\b")
_REGIONAL = re.compile(r"^\d{5}-\d{2}-\d{2}-\d")


def quelle(code: str | None) -> str | None:
    """Return the Quelle for a table code: Destatis' GENESIS-Online or the Regionaldatenbank."""
    if not code:
        return None
    if _REGIONAL.match(code):
        return f"Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland, Tabelle {code}"
    return f"Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle {code}"


def code_aus(text: str) -> str | None:
    """Find a table code ("12411-0001", "12411-01-01-4") in a title line or file name."""
    treffer = _CODE.search(text)
    return treffer.group(1) if treffer else None


# --- the flat file -------------------------------------------------------------------------


def ist_flach(kopf: list[str]) -> bool:
    """Tell whether a header row is the one of a GENESIS flat file."""
    namen = {k.strip() for k in kopf}
    return {"time", "value"} <= namen and any(n.endswith("_variable_attribute_label") for n in namen)


def flach_aufbereiten(zeilen: list[list[str]], deutsch: bool) -> list[list[str]]:
    """Prepare the rows of a flat file for reading: the header gains `value_zeichen` and, per
    classification, `N_ebene`; indented attribute labels are stripped to their text.

    The `value` column keeps only the number (signs and quality marks move to `value_zeichen`),
    so that it reads as numbers; the level of an indented attribute label goes to `N_ebene`.
    """
    kopf = [k.strip() for k in zeilen[0]]
    wert = kopf.index("value")
    etiketten = [j for j, k in enumerate(kopf) if k.endswith("_variable_attribute_label")]
    einzuege = {
        j: sorted({len(z[j]) - len(z[j].lstrip()) for z in zeilen[1:] if j < len(z)}) for j in etiketten
    }
    neu = [kopf + ["value_zeichen"] + [kopf[j].split("_", 1)[0] + "_ebene" for j in etiketten]]
    for zeile in zeilen[1:]:
        zeile = zeile + [""] * (len(kopf) - len(zeile))
        zelle = zelle_lesen(zeile[wert], deutsch)
        zeichen = ""
        if zelle is not None and zelle.besonders:
            zeichen = zelle.zeichen or ("( )" if zelle.klammer else "") + (zelle.marke or "")
            if zelle.wert is None:
                zeile[wert] = ""
            else:
                zahl = str(abs(zelle.wert)).replace(".", ",") if deutsch else str(abs(zelle.wert))
                zeile[wert] = ("-" if zelle.wert < 0 else "") + zahl
        ebenen = [str(einzuege[j].index(len(zeile[j]) - len(zeile[j].lstrip()))) for j in etiketten]
        neu.append([z.strip() if j in etiketten else z for j, z in enumerate(zeile)] + [zeichen] + ebenen)
    return neu


# --- the table export ----------------------------------------------------------------------


def ist_tabelle(zeilen: list[list[str]]) -> bool:
    """Tell whether the rows are a table export of a statistics database: its first line names
    the table ("GENESIS-Tabelle: 12411-0001", "Regionaldatenbank …", or "Tabelle: 12411-15i" as
    GENESIS-Online, the Regionaldatenbank and the Landesdatenbanken write it since 2024)."""
    erste = next((z for z in zeilen if any(f.strip() for f in z)), [])
    if not erste:
        return False
    text = erste[0].strip().lstrip("\ufeff").lower()
    return text.startswith(("genesis-tabelle", "regionaldatenbank")) or bool(re.match(r"tabelle:\s*\S", text))


def _hat_zahl(zeile: list[str], deutsch: bool) -> bool:
    for feld in zeile[1:]:
        z = zelle_lesen(feld, deutsch)
        if z is not None and feld.strip() and z.wert is not None and not z.zeichen:
            return True
    return False


def tabelle_kopf(zeilen: list[list[str]], deutsch: bool) -> tuple[int, list[str], list[str]] | None:
    """Find the header block of a table export; return the index of its last row, the column
    names and the title lines above (None where no row looks like data).

    The shape: title lines (only their first field filled), header rows, then the data. The
    first data row begins with its Vorspalte (a date, a key or a name in the first field) and
    holds a number; header rows do not begin so – even one naming years ("2021;2022") sits
    behind empty leading fields, or names the Vorspalte ("Kreise") beside no number.
    """
    erste_daten = next(
        (
            i
            for i, z in enumerate(zeilen)
            if z and z[0].strip() and sum(1 for f in z if f.strip()) >= 2 and _hat_zahl(z, deutsch)
        ),
        None,
    )
    if erste_daten is None:
        return None
    anfang = erste_daten
    while anfang > 0:
        zeile = zeilen[anfang - 1]
        gefuellt = [j for j, f in enumerate(zeile) if f.strip()]
        if not gefuellt or gefuellt == [0]:
            break  # an empty line or a title line
        anfang -= 1
    titel = [z[0].strip() for z in zeilen[:anfang] if z and z[0].strip()]
    return erste_daten - 1, kopf_benennen(zeilen[anfang:erste_daten]), titel


def kopf_benennen(kopf: list[list[str]]) -> list[str]:
    """Name each column of a header of one or several rows, each name once.

    A column is named by its lowest header entry; where several columns share it (a unit such as
    "Anzahl"), by the entry above that tells them apart; where that is shared too (years under
    "Insgesamt" and "männlich"), by both, the upper first: "männlich 2021". Columns still alike
    keep their shared name here; the reader numbers them (`eindeutig`).
    """
    kopf = [[f.strip() for f in z] for z in kopf]
    if not kopf:
        return []
    breite = max(len(z) for z in kopf)
    kopf = [z + [""] * (breite - len(z)) for z in kopf]
    # a group's name (a merged cell) spans the empty cells to its right
    gruppen = []
    for z in kopf:
        gefuellt, letzter = [], ""
        for feld in z:
            letzter = feld or letzter
            gefuellt.append(letzter)
        gruppen.append(gefuellt)
    unten = [next((z[j] for z in reversed(kopf) if z[j]), "") for j in range(breite)]
    namen = list(unten)
    doppelt = {n for n in namen if n and namen.count(n) > 1}
    ueber: dict[int, list[str]] = {}
    for j, name in enumerate(namen):
        if name in doppelt:  # e.g. the unit "Anzahl" over every value column
            ueber[j] = [
                gruppen[r][j] for r in range(len(kopf) - 1) if gruppen[r][j] and gruppen[r][j] != name
            ]
            if ueber[j]:
                namen[j] = ueber[j][-1]
    # still alike: the groups further up join in, and the lowest entry where it tells apart
    for stufe in range(2, len(kopf) + 1):
        gleich: dict[str, list[int]] = {}
        for j, name in enumerate(namen):
            gleich.setdefault(name, []).append(j)
        spalten = [js for name, js in gleich.items() if name and len(js) > 1]
        if not spalten:
            break
        for js in spalten:
            unterscheidet = len({unten[j] for j in js}) > 1
            for j in js:
                teile = ueber.get(j, [])[-stufe:] + ([unten[j]] if unterscheidet else [])
                namen[j] = " ".join(dict.fromkeys(t for t in teile if t)) or namen[j]
    return namen


def eindeutig(namen: list[str]) -> list[str]:
    """Give every column its own name: names written more than once get the column number (from
    1, as counted in the file) behind them, every one of them – "Insgesamt (4)", "Insgesamt (5)" –
    so that `df["Insgesamt"]` never picks one of several silently. Empty names stay empty."""
    ergebnis = list(namen)
    for j, name in enumerate(namen):
        if name and namen.count(name) > 1:
            ergebnis[j] = f"{name} ({j + 1})"
    vergeben = set()
    for j, name in enumerate(ergebnis):  # "Insgesamt (4)" may be written in the file too
        neu, n = name, 1
        while neu and neu in vergeben:
            n += 1
            neu = f"{name} ({n})"
        ergebnis[j] = neu
        vergeben.add(neu)
    return ergebnis


def _datum(muster: str, texte: list[str] | tuple[str, ...]) -> str | None:
    for text in texte:
        treffer = re.search(muster + r"\s*:?\s*(\d{1,2}\.\d{1,2}\.\d{4})", text, re.I)
        if treffer:
            return treffer.group(1)
    return None


def metadaten_ergaenzen(
    meta, code: str | None, anmerkungen: tuple[str, ...], titel: list[str], zeiten: set[str]
):
    """Fill Quelle and Stichtag where the sidecar is silent.

    The Quelle names the office, the table and the export's Stand from the footer ("… | Stand:
    15.03.2024 / 10:12:33"); the Stichtag is the reference date of the data – a title line
    "Stichtag: 31.12.2023", or the one `time` of a flat file – not the date of the export.
    """
    werte = {}
    if meta.quelle is None and quelle(code):
        stand = _datum("Stand", anmerkungen)
        werte["quelle"] = quelle(code) + (f", Stand: {stand}" if stand else "")
    stichtag = _datum("Stichtag", titel) or (next(iter(zeiten)) if len(zeiten) == 1 else None)
    if meta.stichtag is None and stichtag:
        werte["stichtag"] = stichtag
    return replace(meta, **werte) if werte else meta
