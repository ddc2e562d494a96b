"""Computed tables: check declared sums and format every cell as it will be printed."""

from __future__ import annotations

import math
import re
from numbers import Real
from typing import Any

import pandas as pd

from ..fehler import DatenFehler, Ort
from ..inhalt.modell import Beschriftung, FertigeTabelle
from .daten import herkunft
from .format import LEER, ist_jahr_spalte, ist_leer, kopf_text, nachkommastellen, zahl
from .register import Definition, Summe

_ZAHLTEXT = re.compile(r"^[+\u2212±-]?\d[\d.]*(,\d+)?(\u00a0(%|Prozentpunkte))?$|^[x.–]$")
"""Text that is a formatted number (a change "+3,7 %") or a table sign: aligned like numbers."""


def _ist_zahl(wert: Any) -> bool:
    return isinstance(wert, Real) and not isinstance(wert, bool) and not ist_leer(wert)


def _zeilen_beschriftung(df: pd.DataFrame) -> list[str]:
    if isinstance(df.index, pd.RangeIndex):
        return [str(v).strip() for v in df.iloc[:, 0].tolist()]
    return [str(v).strip() for v in df.index.tolist()]


def _gleich(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def summen_pruefen(df: pd.DataFrame, summen: tuple[Summe, ...], name: str) -> None:
    """Check that every declared total equals the sum of its parts, in every row or column.

    A total is looked up first among the row labels (first column or index), then among the
    column names. A mismatch names the data file, its line and the values.
    """
    if not summen:
        return
    quelle = herkunft(df)
    zeilen = _zeilen_beschriftung(df)
    spalten = [str(c).strip() for c in df.columns]

    def ort(*beschriftungen: str) -> Ort:
        """Locate the data file line of the first label the file knows (rows may be transposed)."""
        if quelle is None:
            return Ort()
        zeile = next((quelle.zeilen[b] for b in beschriftungen if b in quelle.zeilen), None)
        return Ort(quelle.datei, zeile)

    for summe in summen:
        if summe.gesamt in zeilen and all(t in zeilen for t in summe.teile):
            # totals are rows: compare in every numeric column
            gesamt = df.iloc[zeilen.index(summe.gesamt)]
            teile = [df.iloc[zeilen.index(t)] for t in summe.teile]
            for j, spalte in enumerate(spalten):
                werte = [gesamt.iloc[j]] + [t.iloc[j] for t in teile]
                if all(_ist_zahl(w) for w in werte) and not _gleich(werte[0], sum(werte[1:])):
                    _melden(name, summe, werte, f"Spalte „{spalte}“", ort(spalte, summe.gesamt))
        elif summe.gesamt in spalten and all(t in spalten for t in summe.teile):
            g = spalten.index(summe.gesamt)
            ts = [spalten.index(t) for t in summe.teile]
            for i, beschriftung in enumerate(zeilen):
                zeile = df.iloc[i]
                werte = [zeile.iloc[g]] + [zeile.iloc[t] for t in ts]
                if all(_ist_zahl(w) for w in werte) and not _gleich(werte[0], sum(werte[1:])):
                    _melden(name, summe, werte, f"Zeile „{beschriftung}“", ort(beschriftung, summe.gesamt))
        else:
            fehlend = [b for b in (summe.gesamt, *summe.teile) if b not in zeilen and b not in spalten]
            raise DatenFehler(
                f"Summenprüfung der Tabelle „{name}“: „{fehlend[0] if fehlend else summe.gesamt}“ "
                "ist weder Zeile noch Spalte (oder Gesamtwert und Teile liegen nicht gleich).",
                None,
                "Bekannt sind: " + ", ".join(f"„{b}“" for b in zeilen + spalten) + ".",
            )


def _melden(name: str, summe: Summe, werte: list[Any], wo: str, ort: Ort) -> None:
    teile = " + ".join(f"{zahl(w)}" for w in werte[1:])
    raise DatenFehler(
        f"Summe stimmt nicht in Tabelle „{name}“, {wo}: „{summe.gesamt}“ ist {zahl(werte[0])}, "
        f"die Teile „{'“ + „'.join(summe.teile)}“ ergeben {teile} = {zahl(sum(werte[1:]))}.",
        ort,
        "Prüfen Sie die Datenlieferung; Summen werden nie angeglichen.",
    )


def formatieren(df: pd.DataFrame, definition: Definition, beschriftung: Beschriftung) -> FertigeTabelle:
    """Turn `df` into printed cells: German numbers, "–" for empty, totals rows bold.

    A column keeps the most decimals any of its values has, so 15,0 and 15,7 line up and
    nothing is rounded. The index becomes the first column unless it is a plain row counter.
    """
    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()
    kopf = [kopf_text(c) for c in df.columns]
    spalten_werte = [df.iloc[:, j].tolist() for j in range(len(df.columns))]
    rechts: list[bool] = []
    stellen: list[int] = []
    for werte in spalten_werte:
        numerisch = [w for w in werte if not ist_leer(w)]
        rechts.append(
            bool(numerisch)
            and all(_ist_zahl(w) or (isinstance(w, str) and _ZAHLTEXT.match(w.strip())) for w in numerisch)
            and any(
                _ist_zahl(w) or (isinstance(w, str) and w.strip()[:1] in "+\u2212±-0123456789")
                for w in numerisch
            )
        )
        stellen.append(max((nachkommastellen(w) for w in numerisch if isinstance(w, float)), default=0))
    zeilen: list[list[str]] = []
    summenzeilen: set[int] = set()
    marken = tuple(s.lower() for s in definition.summenzeilen)
    for i in range(len(df)):
        zeile: list[str] = []
        for j, werte in enumerate(spalten_werte):
            w = werte[i]
            if ist_leer(w):
                zeile.append(LEER)
            elif _ist_zahl(w) and ist_jahr_spalte(df.columns[j]) and float(w).is_integer():
                zeile.append(str(int(w)))
            elif _ist_zahl(w):
                ganz = isinstance(w, float) and w.is_integer() and stellen[j] == 0
                zeile.append(zahl(int(w) if ganz else w, None if not isinstance(w, float) else stellen[j]))
            else:
                zeile.append(str(w))
        if zeile and zeile[0].strip().lower().startswith(marken):
            summenzeilen.add(i)
        zeilen.append(zeile)
    anmerkungen = [z for z in (_zeichenerklaerung(zeilen), _rundungshinweis(df, kopf, summenzeilen)) if z]
    return FertigeTabelle(kopf, zeilen, rechts, summenzeilen, beschriftung, anmerkungen)


ZEICHEN = {
    LEER: "nichts vorhanden",
    ".": "Zahlenwert unbekannt oder geheim zu halten",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
}
"""Table signs of official statistics (after DIN 55301) and what they mean."""


def _zeichenerklaerung(zeilen: list[list[str]]) -> str | None:
    """Explain the table signs the table uses, in the order of ZEICHEN."""
    benutzt = {zelle.strip() for zeile in zeilen for zelle in zeile[1:]}
    teile = [f"{zeichen} = {bedeutung}" for zeichen, bedeutung in ZEICHEN.items() if zeichen in benutzt]
    return "Zeichenerklärung: " + "; ".join(teile) if teile else None


def _rundungshinweis(df: pd.DataFrame, kopf: list[str], summenzeilen: set[int]) -> str | None:
    """Say "Abweichungen durch Rundung möglich" where a share column's parts miss its 100 total."""
    if not summenzeilen:
        return None
    for j, name in enumerate(kopf):
        if not any(m in name.lower() for m in ("%", "prozent", "anteil")):
            continue
        werte = df.iloc[:, j].tolist()
        teile = [w for i, w in enumerate(werte) if i not in summenzeilen and _ist_zahl(w)]
        summen = [w for i, w in enumerate(werte) if i in summenzeilen and _ist_zahl(w)]
        if teile and any(_gleich(s, 100) for s in summen) and not _gleich(sum(teile), 100):
            return "Abweichungen in den Summen durch Rundung möglich."
    return None
