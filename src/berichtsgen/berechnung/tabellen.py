"""Computed tables: check declared sums and format every cell as it will be printed."""

from __future__ import annotations

import re

import pandas as pd

from ..fehler import DatenFehler, Ort
from ..inhalt.modell import Beschriftung, FertigeTabelle
from .daten import herkunft
from .format import LEER, ist_jahr_spalte, ist_leer, kopf_text, nachkommastellen, zahl
from .register import Definition, Summe
from .summen import gleich, ist_zahl, vergleichen, zeilen_beschriftungen

_ZAHLTEXT = re.compile(r"^[+\u2212±-]?\d[\d.]*(,\d+)?(\u00a0(%|Prozentpunkte))?$|^[x.–]$")
"""Text that is a formatted number (a change "+3,7 %") or a table sign: aligned like numbers."""


def summen_pruefen(df: pd.DataFrame, summen: tuple[Summe, ...], name: str) -> None:
    """Check that every declared total equals the sum of its parts, in every row or column.

    A mismatch names the data file, its line and the values; summen are never adjusted.
    """
    quelle = herkunft(df)
    for summe in summen:
        vergleiche = vergleichen(df, summe.gesamt, summe.teile)
        if vergleiche is None:
            bekannt = zeilen_beschriftungen(df) + [str(c).strip() for c in df.columns]
            fehlend = [b for b in (summe.gesamt, *summe.teile) if b not in bekannt]
            raise DatenFehler(
                f"Summenprüfung der Tabelle „{name}“: „{fehlend[0] if fehlend else summe.gesamt}“ "
                "ist weder Zeile noch Spalte (oder Gesamtwert und Teile liegen nicht gleich).",
                None,
                "Bekannt sind: " + ", ".join(f"„{b}“" for b in bekannt) + ".",
            )
        for v in vergleiche:
            if v.ok:
                continue
            teile = " + ".join(zahl(w) for w in v.teile)
            zeile = (
                next((quelle.zeilen[b] for b in v.beschriftungen if b in quelle.zeilen), None)
                if quelle
                else None
            )
            raise DatenFehler(
                f"Summe stimmt nicht in Tabelle „{name}“, {v.wo}: „{summe.gesamt}“ ist {zahl(v.gesamt)}, "
                f"die Teile „{'“ + „'.join(summe.teile)}“ ergeben {teile} = {zahl(v.summe)}.",
                Ort(quelle.datei, zeile) if quelle else None,
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
            and all(ist_zahl(w) or (isinstance(w, str) and _ZAHLTEXT.match(w.strip())) for w in numerisch)
            and any(
                ist_zahl(w) or (isinstance(w, str) and w.strip()[:1] in "+\u2212±-0123456789")
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
            elif ist_zahl(w) and ist_jahr_spalte(df.columns[j]) and float(w).is_integer():
                zeile.append(str(int(w)))
            elif ist_zahl(w):
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
        teile = [w for i, w in enumerate(werte) if i not in summenzeilen and ist_zahl(w)]
        summen = [w for i, w in enumerate(werte) if i in summenzeilen and ist_zahl(w)]
        if teile and any(gleich(s, 100) for s in summen) and not gleich(sum(teile), 100):
            return "Abweichungen in den Summen durch Rundung möglich."
    return None
