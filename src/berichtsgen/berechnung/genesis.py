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

import itertools
import re
from dataclasses import replace

from .kopf import kopf_falten
from .zeichen import zelle_lesen

_CODE = re.compile(r"(?<![\w-])(\d{5}-[0-9A-Za-z]{2,4}(?:-[0-9A-Za-z]{1,3}){0,3})(?![0-9A-Za-z-])")
"""A table code: GENESIS "12411-0001", Regionaldatenbank "12411-01-01-4", IT.NRW "12411-15i";
in a file name it ends before "_flat", "_00", "_$F"."""
_REGIONAL = re.compile(r"^\d{5}-\d{2}-\d{2}-\d")
_NRW = re.compile(r"^\d{5}-\d{2}[a-z]+$")
_TITEL = re.compile(r"^(?:genesis-)?tabelle\s*:\s*(\S+)", re.I)
_DATUM = re.compile(r"^(\d{1,2}\.\d{1,2}\.)(\d{4})$")
_JAHR = re.compile(r"^(19\d\d|20\d\d)$")

AEMTER = {
    "regional": "Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland",
    "nrw": "IT.NRW, Landesdatenbank NRW",
    "destatis": "Statistisches Bundesamt (Destatis), GENESIS-Online",
}
"""The database a table comes from, as its Quelle names it."""


def quelle(code: str | None, amt: str | None = None) -> str | None:
    """Return the Quelle for a table code: the Regionaldatenbank ("12411-01-01-4"), IT.NRW's
    Landesdatenbank ("12411-15i") or Destatis' GENESIS-Online ("12411-0001") – as the code's shape
    says, else as `amt` says (see `amt_aus`; the Regionalatlas "AI-N-02")."""
    if not code:
        return None
    if _REGIONAL.match(code):
        amt = "regional"
    elif _NRW.match(code):
        amt = "nrw"
    amt = amt or "destatis"
    return f"{AEMTER[amt]}, Tabelle {code}"


def code_aus(text: str) -> str | None:
    """Find a table code ("12411-0001", "12411-01-01-4", "12411-15i") in a title line or file name."""
    treffer = _CODE.search(text)
    return treffer.group(1) if treffer else None


def titel_code(zeilen: list[list[str]], anzeige: str) -> str | None:
    """Return the table code of an export whose first line names it ("GENESIS-Tabelle: 12411-01-01-4",
    "Tabelle: 61111-0002", "GENESIS-Tabelle: AI-N-02"); where it says "Temporär", the file name's.

    None if the first line names no table (the file is no such export)."""
    erste = next((z for z in zeilen if any(f.strip() for f in z)), [])
    treffer = _TITEL.match(erste[0].strip()) if erste else None
    if not treffer:
        return None
    code = treffer.group(1).strip()
    code = code_aus(code) or (code if re.fullmatch(r"[A-Z]{1,4}(?:-[0-9A-Z]{1,4})+", code) else None)
    if code is None and not erste[0].strip().lower().startswith("genesis-tabelle"):
        return None  # "Tabelle: Übersicht" heads a file of the user's own
    return code or code_aus(anzeige.replace("\\", "/").rsplit("/", 1)[-1]) or ""


def export_angaben(zeilen: list[list[str]], anzeige: str) -> tuple[str | None, list[str], set[str]] | None:
    """Return what a table export says about itself: its table code, its title lines and the
    reference dates or years its header and first columns name – None for another file.

    The title lines are the lines at the top that fill only their first field; the dates are the
    fields "31.12.2015" of the header and data rows, the years the first fields "2016" of the data
    rows (and a title line "Jahr: 2016"); nothing below the footer rule counts.
    """
    code = titel_code(zeilen, anzeige)
    if code is None:
        return None
    titel, i = [], 0
    while i < len(zeilen) and not any(f.strip() for f in zeilen[i][1:]):
        if zeilen[i] and zeilen[i][0].strip():
            titel.append(zeilen[i][0].strip())
        i += 1
    daten, jahre, kopf = set(), set(), True
    for zeile in zeilen[i:]:
        felder = [f.strip() for f in zeile]
        if felder and re.fullmatch(r"_{3,}", felder[0]):
            break
        daten |= {f for f in felder if _DATUM.match(f)}
        kopf = kopf and not (felder and felder[0])  # header rows leave the first field empty
        if kopf:  # years over the columns ("2021;2022;2023" behind empty leading fields)
            jahre |= {f for f in felder if _JAHR.match(f)}
        elif felder and _JAHR.match(felder[0]):
            jahre.add(felder[0])
    for t in titel:
        treffer = re.match(r"^jahr\s*:\s*(\d{4})$", t, re.I)
        if treffer:
            jahre.add(treffer.group(1))
    return code or None, titel, daten or jahre


def inhaber_aus(text: str) -> str | None:
    """Return who a © line names ("© Hessisches Statistisches Landesamt, Wiesbaden, 2024. …" →
    "Hessisches Statistisches Landesamt, Wiesbaden"), None for another line."""
    treffer = re.match(r'^"?(?:©|\(c\)(?:opyright)?)\s*(.+?),?\s*(?:19|20)\d\d\b', text.strip(), re.I | re.S)
    if not treffer:
        return None
    inhaber = " ".join(treffer.group(1).split()).rstrip(",")
    return inhaber or None


def amt_aus(anmerkungen: tuple[str, ...] | list[str], titel: list[str] = ()) -> str | None:
    """Tell the database from the © line of the footer ("© Statistische Ämter des Bundes und der
    Länder", "© IT.NRW", "(C)opyright … IT.NRW", "© Statistisches Bundesamt (Destatis)")."""
    for text in list(anmerkungen) + list(titel):
        klein = text.lower()
        if not klein.startswith(("©", "(c)", '"©')):
            continue
        if "it.nrw" in klein or "nordrhein-westfalen" in klein:
            return "nrw"
        if "ämter des bundes und der länder" in klein:
            return "regional"
        if "destatis" in klein or "statistisches bundesamt" in klein:
            return "destatis"
    return None


# --- the flat file -------------------------------------------------------------------------

MARKEN_DER_QUALITAET = ("p", "r", "s")
"""Quality flags of a flat file's `value_q` that are marks of DIN 55301 (see `zeichen`)."""


def ist_alt_flach(kopf: list[str]) -> bool:
    """Tell whether a header row is the one of an old GENESIS flat file (to 2023:
    `Statistik_Code;…;Zeit;…;1_Auspraegung_Label;CODE__Label__Einheit`)."""
    namen = {k.strip() for k in kopf}
    return {"Statistik_Code", "Zeit"} <= namen and any(n.endswith("_Auspraegung_Label") for n in namen)


def ist_flach(kopf: list[str]) -> bool:
    """Tell whether a header row is the one of a GENESIS flat file."""
    namen = {k.strip() for k in kopf}
    return {"time", "value"} <= namen and any(n.endswith("_variable_attribute_label") for n in namen)


def flach_aufbereiten(zeilen: list[list[str]], deutsch: bool) -> list[list[str]]:
    """Prepare the rows of a flat file for reading: the header gains `value_zeichen` and, per
    classification, `N_ebene`; indented attribute labels are stripped to their text.

    The `value` cell carries its sign or mark itself (it reads as a number of `statistik` cells,
    printed as the office wrote it): a quality flag `value_q` that is a mark ("p" vorläufig,
    "r" berichtigt, "s" geschätzt) is added to it ("1.234 p"), one that is a sign (".", "-", "x",
    …) stands in place of an empty value; "e" (endgültig) is none. `value_zeichen` repeats the
    sign or mark as text; the level of an indented attribute label goes to `N_ebene`.
    """
    kopf = [k.strip() for k in zeilen[0]]
    wert = kopf.index("value")
    qualitaet = kopf.index("value_q") if "value_q" in kopf else None
    etiketten = [j for j, k in enumerate(kopf) if k.endswith("_variable_attribute_label")]
    einzuege = {
        j: sorted({len(z[j]) - len(z[j].lstrip()) for z in zeilen[1:] if j < len(z)}) for j in etiketten
    }
    neu = [kopf + ["value_zeichen"] + [kopf[j].split("_", 1)[0] + "_ebene" for j in etiketten]]
    for zeile in zeilen[1:]:
        zeile = zeile + [""] * (len(kopf) - len(zeile))
        flagge = zeile[qualitaet].strip() if qualitaet is not None else ""
        if not zeile[wert].strip() and flagge and flagge not in MARKEN_DER_QUALITAET:
            zeichen_der_flagge = zelle_lesen(flagge, deutsch)
            if zeichen_der_flagge is not None and zeichen_der_flagge.zeichen:
                zeile[wert] = flagge  # the sign stands in the quality column only
        zelle = zelle_lesen(zeile[wert], deutsch)
        if (
            flagge in MARKEN_DER_QUALITAET
            and zelle is not None
            and zelle.wert is not None
            and not zelle.marke
        ):
            if not zelle.zeichen:
                zeile[wert] = zeile[wert].strip() + " " + flagge
                zelle = zelle_lesen(zeile[wert], deutsch)
        zeichen = ""
        if zelle is not None and zelle.besonders:
            zeichen = zelle.kennzeichen()
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
    """Tell whether a row holds a number, or behind its Vorspalte only signs ("09;Altdorf;-;/": a
    Kreis with nothing to report – no header entry is a lone sign)."""
    gelesen = [zelle_lesen(feld, deutsch) for feld in zeile[1:] if feld.strip()]
    if any(z is not None and z.wert is not None and not z.zeichen for z in gelesen):
        return True
    rest = list(itertools.dropwhile(lambda z: z is None, gelesen))  # behind the label fields
    return bool(rest) and all(z is not None and z.zeichen for z in rest)


def _vorspalten_art(feld: str) -> str | None:
    """What the first field of a data row is: a key ("05111", "DG", "JH05166016") or a date
    ("31.12.", "31.12.2015"); None for anything else (a header entry never looks so)."""
    feld = feld.strip()
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.(\d{4})?", feld):
        return "datum"
    if re.fullmatch(r"DG|[A-Z]{0,4}\d{2,}", feld):
        return "schluessel"
    return None


def tabelle_kopf(
    zeilen: list[list[str]], deutsch: bool
) -> tuple[int, list[tuple[str, str]], list[str]] | None:
    """Find the header block of a table export; return the index of its last row, the column
    names (group, entry) of `kopf.kopf_falten` and the title lines above (None where no row looks
    like data).

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
    art = _vorspalten_art(zeilen[erste_daten][0])
    while (
        art
        and erste_daten > 0
        and zeilen[erste_daten - 1]
        and _vorspalten_art(zeilen[erste_daten - 1][0]) == art
    ):
        erste_daten -= 1  # a row of no values with a key like the data's: a group heading, data too
    anfang = erste_daten
    while anfang > 0:
        zeile = zeilen[anfang - 1]
        gefuellt = [j for j, f in enumerate(zeile) if f.strip()]
        if not gefuellt or gefuellt == [0]:
            break  # an empty line or a title line
        anfang -= 1
    titel = [z[0].strip() for z in zeilen[:anfang] if z and z[0].strip()]
    return erste_daten - 1, kopf_falten(zeilen[anfang:erste_daten]), titel


def eindeutig(namen: list) -> list:
    """Give every column its own name: names written more than once get the column number (from
    1, as counted in the file) behind them, every one of them – "Insgesamt (4)", "Insgesamt (5)" –
    so that `df["Insgesamt"]` never picks one of several silently. Empty names stay empty.

    A two-level name (group, entry) is numbered in its entry, or in its name where it has none:
    ("Verbraucherpreisindex", "2020=100 (3)")."""

    def nummeriert(name, zusatz: str):
        if isinstance(name, tuple):
            return (name[0], f"{name[1]}{zusatz}") if name[1] else (f"{name[0]}{zusatz}", "")
        return f"{name}{zusatz}"

    ergebnis = list(namen)
    for j, name in enumerate(namen):
        if name and namen.count(name) > 1:
            ergebnis[j] = nummeriert(name, f" ({j + 1})")
    vergeben = set()
    for j, name in enumerate(ergebnis):  # "Insgesamt (4)" may be written in the file too
        neu, n = name, 1
        while neu and neu in vergeben:
            n += 1
            neu = nummeriert(name, f" ({n})")
        ergebnis[j] = neu
        vergeben.add(neu)
    return ergebnis


def _datum(muster: str, texte: list[str] | tuple[str, ...]) -> str | None:
    for text in texte:
        treffer = re.search(muster + r"\s*:?\s*(\d{1,2}\.\d{1,2}\.\d{4})", text, re.I)
        if treffer:
            return treffer.group(1)
    return None


def stand_aus(anmerkungen: tuple[str, ...] | list[str]) -> str | None:
    """Return the date of the export's own Stand line ("Stand: 12.03.2024 / 10:21:35", also after
    "© … | "), never one a footnote names ("Gebietsstand 01.01.1979", "[Datenstand: März 2024]")."""
    for text in anmerkungen:
        for zeile in text.splitlines():
            treffer = re.search(r"(?:^|\|)\s*Stand\s*:\s*(\d{1,2}\.\d{1,2}\.\d{4})", zeile.strip(), re.I)
            if treffer:
                return treffer.group(1)
    return None


def quelle_aus_fuss(anmerkungen: tuple[str, ...] | list[str]) -> str | None:
    """Return what a footer line "Quelle: …" names, e.g. the Bundesagentur für Arbeit – also one
    inside a note of several lines, with the lines that continue it up to its full stop."""
    for text in anmerkungen:
        zeilen = text.splitlines()
        for i, zeile in enumerate(zeilen):
            treffer = re.match(r"^quelle\s*:\s*(.+)$", zeile.strip(), re.I)
            if not treffer:
                continue
            teile = [treffer.group(1).strip()]
            for weiter in zeilen[i + 1 : i + 3]:
                if teile[-1].endswith(".") or not weiter.strip():
                    break
                teile.append(weiter.strip())
            return " ".join(" ".join(teile).split()).rstrip(".;,") or None
    return None


def stichtag_aus(titel: list[str], zeiten: set[str]) -> str | None:
    """The reference date of the data: a title line "Stichtag: 31.12.2023", else the one date or
    year of the time column or header ("31.12.2015", "2016"), else for several dates of one day
    of the year "jeweils 31.12."; never the export's time stamp."""
    stichtag = _datum("Stichtag", titel)
    if stichtag:
        return stichtag
    # "- Stichtag 31.12. -": the day of the year; the year from the header or time column
    tag = next(
        (
            t.group(1)
            for t in (re.search(r"Stichtag\s*:?\s*(\d{1,2}\.\d{1,2}\.)(?!\d)", x, re.I) for x in titel)
            if t
        ),
        None,
    )
    jahre = {z for z in zeiten if _JAHR.match(z)}
    if tag and jahre and jahre == zeiten:
        return f"{tag}{next(iter(jahre))}" if len(jahre) == 1 else f"jeweils {tag}"
    if len(zeiten) == 1:
        return next(iter(zeiten))
    tage = {_DATUM.match(z).group(1) if _DATUM.match(z) else None for z in zeiten}
    if len(tage) == 1 and None not in tage:
        return f"jeweils {tage.pop()}"
    return None


def metadaten_ergaenzen(
    meta, code: str | None, anmerkungen: tuple[str, ...], titel: list[str], zeiten: set[str]
):
    """Fill Quelle and Stichtag where the sidecar is silent.

    The Quelle names what the footer's "Quelle:" line names, then the database (from the © line,
    else from the code's shape), the table and the export's Stand from its own Stand line ("… |
    Stand: 15.03.2024 / 10:12:33"); the Stichtag is the reference date of the data – a title line
    "Stichtag: 31.12.2023", the one date of the header or time column, or the one `time` of a flat
    file – not the date of the export.
    """
    werte = {}
    if meta.quelle is None:
        teile = []
        fuss = quelle_aus_fuss(anmerkungen)
        if fuss:
            teile.append(fuss)
        datenbank = quelle(code, amt_aus(anmerkungen))
        if datenbank:
            stand = stand_aus(anmerkungen)
            teile.append(datenbank + (f", Stand: {stand}" if stand else ""))
        if teile:
            werte["quelle"] = "; ".join(teile)
    stichtag = stichtag_aus(titel, zeiten)
    if meta.stichtag is None and stichtag:
        werte["stichtag"] = stichtag
    return replace(meta, **werte) if werte else meta
