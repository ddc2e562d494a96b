"""Headers of several rows: folded into two levels (group, entry), addressed and printed.

A statistics export names its value columns in several header rows – a date over "Insgesamt |
männlich | weiblich", a statistic over its unit, four rows of statistic, variable, attribute and
unit. The reader gives such a frame pandas MultiIndex columns of two levels, (group, entry):
`df[("31.12.2015", "weiblich")]`, `df.xs("weiblich", axis=1, level=1)`. A column the header names
only once (the Vorspalte with date, key and name; "Verwaltungsbezirke" over nothing) is
(name, ""), which pandas selects as `df["name"]` like a column of a flat header.

In a text (the sidecar's checks, `summen`) such a column is written "Gruppe | Eintrag".
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

TRENNER = " | "
"""Between group and entry where a two-level column is named in one text."""


def _einzeilig(feld: str) -> str:
    """A header cell on one line: a word broken by hyphen in the cell ("Personal-\\nausgaben")
    joined again, other line breaks and runs of spaces one space."""
    return " ".join(re.sub(r"-[ \t]*\n\s*(?=[a-zäöüß])", "", feld).split())


def _teile(felder: list[str]) -> list[str]:
    """The non-empty entries of a column's header rows, top to bottom, each repetition once."""
    teile: list[str] = []
    for feld in felder:
        if feld and (not teile or teile[-1] != feld):
            teile.append(feld)
    return teile


def _abhaengig(kopf: list[list[str]], unten: int, oben: int, spalten: list[int]) -> bool:
    """Tell whether the entries of row `unten` follow from those of row `oben` (a unit row under
    its statistic: "Anzahl" under every "Betriebe", "ha" under every "Fläche")."""
    paare = {(kopf[oben][j], kopf[unten][j]) for j in spalten if kopf[oben][j]}
    benannt = sum(1 for j in spalten if kopf[oben][j])
    return benannt >= 2 and len({a for a, _b in paare}) == len(paare)


def kopf_falten(kopf: list[list[str]]) -> list[tuple[str, str]]:
    """Name each column of a header of several rows by (group, entry), no information lost.

    Two rows: the upper is the group, the lower the entry. A merged cell exported as one value
    followed by empty fields ("2000;;;2001;;") spans those fields in the top row only – lower
    rows leave a field empty where it means "insgesamt". More rows fold into two levels: the
    entry is the lowest row that tells columns apart, together with the rows below it whose
    entries follow from a row above (the unit under its statistic); the group joins the rows
    above it and the rows that are the same for every value column ("Anzahl" under all), top to
    bottom, with ", ". Where the entry rows are empty for a column, its lowest group entry moves
    down. A column with a single name is (name, ""), one with none ("", ""). Columns still alike
    keep their address here; the reader numbers them (`eindeutig`).
    """
    kopf = [[_einzeilig(f) for f in z] for z in kopf]
    if not kopf:
        return []
    breite = max(len(z) for z in kopf)
    kopf = [z + [""] * (breite - len(z)) for z in kopf]
    if len(kopf) > 1:  # a merged cell of the top row spans the empty fields to its right
        letzter = ""
        for j in range(breite):
            if kopf[0][j]:
                letzter = kopf[0][j]
            elif letzter and any(z[j] for z in kopf[1:]):
                kopf[0][j] = letzter
    spalten = [j for j in range(breite) if any(z[j] for z in kopf)]
    if len(kopf) == 1:
        return [(kopf[0][j], "") for j in range(breite)]
    wert = [j for j in spalten if len(_teile([z[j] for z in kopf])) > 1] or spalten
    gleich = {r for r in range(len(kopf)) if len({kopf[r][j] for j in wert}) == 1}
    if len(kopf) == 2:
        gleich, schnitt = set(), 1
    else:
        verschieden = [r for r in range(len(kopf)) if r not in gleich]
        kandidaten = [
            r for r in verschieden if not any(_abhaengig(kopf, r, q, wert) for q in verschieden if q < r)
        ]
        schnitt = max(kandidaten[-1] if kandidaten else len(kopf) - 1, 1)
    namen: list[tuple[str, str]] = []
    for j in range(breite):
        oben = [kopf[r][j] for r in range(len(kopf)) if r < schnitt or r in gleich]
        unten = [kopf[r][j] for r in range(schnitt, len(kopf)) if r not in gleich]
        gruppe, eintrag = _teile(oben), _teile(unten)
        if not eintrag and gruppe:  # the lowest named row above tells the column's entry
            verschiebbar = [r for r in range(schnitt) if r not in gleich and kopf[r][j]]
            if verschiebbar:
                eintrag = [kopf[verschiebbar[-1]][j]]
                gruppe = _teile([kopf[r][j] for r in range(len(kopf)) if r in gleich or r < verschiebbar[-1]])
            else:
                gruppe, eintrag = gruppe[:-1], gruppe[-1:]
        alle = _teile(gruppe + eintrag)
        if not gruppe:  # named in the entry rows only: their upper entries are its group
            gruppe, eintrag = eintrag[:-1], eintrag[-1:]
        if len(alle) <= 1:
            namen.append((alle[0] if alle else "", ""))
        else:
            namen.append((", ".join(gruppe), ", ".join(eintrag)))
    return namen


def zweistufig(df: pd.DataFrame) -> bool:
    """Tell whether `df` has columns of several levels."""
    return isinstance(df.columns, pd.MultiIndex)


def spaltenname(spalte: Any) -> str:
    """The column as written in a text: "Gruppe | Eintrag" for a two-level column, the name alone
    for (name, "") and for a column of a flat header (as `str`)."""
    if isinstance(spalte, tuple):
        return TRENNER.join(str(t).strip() for t in spalte if str(t).strip())
    return str(spalte).strip()


def spalte_finden(df: pd.DataFrame, name: Any) -> Any:
    """Return the column of `df` that `name` means – the column itself, its text "Gruppe |
    Eintrag", a list ["Gruppe", "Eintrag"] (as a TOML file writes it) – or None."""
    if isinstance(name, list):
        name = tuple(name)
    for spalte in df.columns:
        if spalte == name or spaltenname(spalte) == spaltenname(name):
            return spalte
    return None


def kopfgruppen(spalten: list[Any]) -> list[tuple[str, int, bool]]:
    """The upper header row of columns of two levels, for printing: (text, span, through) per
    cell from the left; `through` marks the cell of a column named once (name, ""), spanning both
    header rows. Columns of more levels print their upper levels joined as the group."""
    zellen: list[tuple[str, int, bool]] = []
    for spalte in spalten:
        teile = [str(t).strip() for t in spalte] if isinstance(spalte, tuple) else [str(spalte)]
        gruppe, eintrag = ", ".join(t for t in teile[:-1] if t), teile[-1]
        if not eintrag:
            zellen.append((gruppe, 1, True))
        elif zellen and not zellen[-1][2] and zellen[-1][0] == gruppe and gruppe:
            zellen[-1] = (gruppe, zellen[-1][1] + 1, False)
        else:
            zellen.append((gruppe, 1, False))
    return zellen


def eintraege(spalten: list[Any]) -> list[str]:
    """The lower header row of columns of two levels: each column's entry, or for a column named
    once its name (printed in the cell spanning both rows)."""
    texte = []
    for spalte in spalten:
        teile = [str(t).strip() for t in spalte] if isinstance(spalte, tuple) else [str(spalte)]
        texte.append(teile[-1] or ", ".join(t for t in teile[:-1] if t))
    return texte
