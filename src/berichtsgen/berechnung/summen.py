"""The one comparison of a total with the sum of its parts, for `summen=` and `[[pruefung]] summe`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pandas as pd

from .format import ist_leer
from .kopf import spaltenname


@dataclass(frozen=True)
class Vergleich:
    """One comparison of a total with its parts, in one row or one column."""

    wo: str
    """Where it was compared, as the user reads it: "Spalte „Einwohner“" or "Zeile „Nord“"."""
    beschriftungen: tuple[str, ...]
    """Labels that may name the data file line of the comparison, best first."""
    gesamt: Any
    teile: tuple[Any, ...]
    ok: bool
    fehlend: tuple[tuple[str, str], ...] = ()
    """(row label, column) of the cells without a value; then nothing was compared."""

    @property
    def pruefbar(self) -> bool:
        """Every cell of the comparison held a number."""
        return not self.fehlend

    @property
    def summe(self) -> Any:
        """The sum of the parts."""
        return sum(self.teile)


def ist_zahl(wert: Any) -> bool:
    """Tell whether `wert` is a number that can be compared (not a text, sign or gap)."""
    return isinstance(wert, Real) and not isinstance(wert, bool) and not ist_leer(wert)


def gleich(a: float, b: float, toleranz: float = 0.0) -> bool:
    """Tell whether two values agree, within `toleranz` and float noise."""
    return abs(a - b) <= toleranz or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def ist_zeilenzaehler(index: pd.Index) -> bool:
    """Tell whether an index only counts rows: a RangeIndex, or an unnamed integer index left by
    filtering rows (`df.iloc[[1, 2, 5]]`); such an index is no label and is never printed."""
    if isinstance(index, pd.RangeIndex):
        return True
    return index.name is None and index.nlevels == 1 and pd.api.types.is_integer_dtype(index.dtype)


def zeilen_beschriftungen(df: pd.DataFrame) -> list[str]:
    """Return the row labels: the first column, or the index unless it is a plain row counter."""
    if ist_zeilenzaehler(df.index):
        return [str(v).strip() for v in df.iloc[:, 0].tolist()] if len(df.columns) else []
    return [str(v).strip() for v in df.index.tolist()]


def vergleichen(
    df: pd.DataFrame,
    gesamt: str,
    teile: tuple[str, ...] | list[str],
    toleranz: float = 0.0,
    spalten_auswahl: list[str] | None = None,
) -> list[Vergleich] | None:
    """Compare the total `gesamt` with the sum of `teile` in every row or column of numbers.

    Labels are looked up among the row labels (then the totals are rows and every column is
    compared) and among the column names (then every row is compared); where both hold, both are
    compared; `spalten_auswahl` limits totals rows to those columns (rates and changes do not add
    up). A row or column of text is no comparison; one where a cell has no value (a sign
    such as ".") is returned with `fehlend` naming those cells, not compared. Return None when the
    labels are neither all rows nor all columns. A column of two levels is named "Gruppe |
    Eintrag" (see `kopf.spaltenname`).
    """
    zeilen = zeilen_beschriftungen(df)
    spalten = [spaltenname(c) for c in df.columns]  # "Gruppe | Eintrag" for two levels
    schluessel = [str(c).strip() for c in df.columns]  # how the reader keeps the cells' signs
    gefunden = False
    vergleiche: list[Vergleich] = []

    def vergleich(wo: str, beschriftungen: tuple[str, ...], orte: list[tuple[str, str]], werte: list) -> None:
        if any(isinstance(w, str) for w in werte):
            return  # a row or column of text
        fehlend = tuple(o for o, w in zip(orte, werte, strict=True) if not ist_zahl(w))
        if fehlend:
            vergleiche.append(Vergleich(wo, beschriftungen, werte[0], tuple(werte[1:]), False, fehlend))
            return
        ok = gleich(werte[0], sum(werte[1:]), toleranz)
        vergleiche.append(Vergleich(wo, beschriftungen, werte[0], tuple(werte[1:]), ok))

    namen = (gesamt, *teile)
    if gesamt in zeilen and all(t in zeilen for t in teile):
        gefunden = True
        reihen = [df.iloc[zeilen.index(b)] for b in namen]
        for j, spalte in enumerate(spalten):
            if ist_zeilenzaehler(df.index) and j == 0:
                continue  # the labels themselves
            if spalten_auswahl and spalte not in spalten_auswahl:
                continue
            vergleich(
                f"Spalte „{spalte}“",
                (spalte, gesamt),
                [(b, schluessel[j]) for b in namen],
                [r.iloc[j] for r in reihen],
            )
    if gesamt in spalten and all(t in spalten for t in teile):
        gefunden = True
        nummern = [spalten.index(b) for b in namen]
        for i, beschriftung in enumerate(zeilen):
            vergleich(
                f"Zeile „{beschriftung}“",
                (beschriftung, gesamt),
                [(beschriftung, schluessel[j]) for j in nummern],
                [df.iloc[i, j] for j in nummern],
            )
    return vergleiche if gefunden else None
