"""Tables that set a year against the previous one: absolute and relative change, German format."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..fehler import DatenFehler, Ort
from .daten import QUELLE_ATTR, herkunft
from .format import prozentpunkte, veraenderung, veraenderung_prozent


def vergleich(
    df: pd.DataFrame,
    zeit: str,
    bis: int | None = None,
    spalten: Sequence[str] | None = None,
    punkte: Sequence[str] = (),
    merkmal: str = "Merkmal",
) -> pd.DataFrame:
    """Compare the latest period up to `bis` with the one before it, for every value column.

    `df` holds one row per period (column `zeit`, e.g. "Jahr"); the newest row not after `bis`
    (e.g. the report year) is compared with the row before it, so next year's table picks up the
    new year by itself. Columns named in `punkte` are shares: their change is given in
    Prozentpunkte, the relative change is marked "x" (not meaningful).
    """
    datei = herkunft(df).datei if herkunft(df) else None
    if zeit not in df.columns:
        raise DatenFehler(
            f"Spalte „{zeit}“ für die Zeit fehlt.", Ort(datei), f"Spalten: {', '.join(map(str, df.columns))}."
        )
    reihen = df.copy()
    if bis is not None:
        reihen = reihen[pd.to_numeric(reihen[zeit], errors="coerce").fillna(float("-inf")) <= bis]
    if len(reihen) < 2:
        raise DatenFehler(
            f"Für einen Vergleich bis {bis} braucht es zwei Zeiträume, die Daten haben {len(reihen)}.",
            Ort(datei),
            "Ergänzen Sie die Daten des neuen Jahres in der Zeitreihe.",
        )
    # per column, so that whole numbers stay whole (a row of mixed columns would turn them into floats)
    alt_name, neu_name = (str(w) for w in reihen[zeit].iloc[-2:].tolist())
    zeilen = []
    for spalte in spalten or [c for c in df.columns if c != zeit]:
        a, n = reihen[spalte].iloc[-2:].tolist()
        if spalte in punkte:
            zeilen.append([spalte, a, n, prozentpunkte(n, a), "x"])
        else:
            zeilen.append([spalte, a, n, veraenderung(n - a), veraenderung_prozent(n, a)])
    ergebnis = pd.DataFrame(
        zeilen, columns=[merkmal, alt_name, neu_name, "Veränderung", "Veränderung in %"], dtype="object"
    )
    ergebnis.attrs[QUELLE_ATTR] = df.attrs.get(QUELLE_ATTR)
    return ergebnis
