"""Declarative plausibility checks on data files, declared once in the file's sidecar.

    [[pruefung]]
    art = "summe"            # gesamt = Summe der teile (Zeilen- oder Spaltenbeschriftungen)
    gesamt = "Gesamt"
    teile = ["a", "b"]
    toleranz = 0             # erlaubte Abweichung

    [[pruefung]]
    art = "anteile"          # Prozentwerte zwischen 0 und 100, zusammen 100 ± Rundung
    spalten = ["Anteil (in %)"]
    rundung = 0.1
    zusammen = true          # false: Anteile verschiedener Größen, die nicht 100 ergeben

    [[pruefung]]
    art = "nicht_negativ"    # keine negativen Werte (alle Zahlenspalten, oder `spalten`)

    [[pruefung]]
    art = "veraenderung"     # Veränderung zwischen aufeinanderfolgenden Zeilen über `schwelle` % melden
    spalten = ["Insgesamt"]
    schwelle = 20

Hard checks ("summe", "nicht_negativ", the range of "anteile") stop the build; soft ones (the sum of
"anteile", "veraenderung", or any check with `hart = false`) are warnings for a human look.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pandas as pd

from ..fehler import DatenFehler, Ort
from .format import zahl
from .summen import vergleichen

ARTEN = {"summe", "anteile", "nicht_negativ", "veraenderung"}


@dataclass(frozen=True)
class Ergebnis:
    """The outcome of one check on one data file."""

    art: str
    beschreibung: str
    """What was checked, in German."""
    ok: bool
    hart: bool
    meldung: str = ""
    """Why it failed, with the cell's value."""
    zeile: int | None = None


def _zahl(w: Any) -> bool:
    return isinstance(w, Real) and not isinstance(w, bool) and not (isinstance(w, float) and math.isnan(w))


def _zahlenspalten(df: pd.DataFrame, spalten: list[str] | None) -> list[str]:
    if spalten:
        return spalten
    return [c for c in df.columns[1:] if df[c].map(lambda w: _zahl(w) or pd.isna(w)).all()]


def pruefen(df: pd.DataFrame, regeln: list[dict], datei: str, zeilen: dict[str, int]) -> list[Ergebnis]:
    """Run the declared `regeln` on `df` (read from `datei`); return one result per check and cell."""
    ergebnisse: list[Ergebnis] = []
    beschriftungen = [str(v).strip() for v in df.iloc[:, 0].tolist()] if len(df.columns) else []

    def zeile_von(beschriftung: str) -> int | None:
        return zeilen.get(beschriftung)

    for nr, regel in enumerate(regeln, start=1):
        art = regel.get("art")
        if art not in ARTEN:
            raise DatenFehler(
                f"Prüfung {nr} der Begleitdatei hat die unbekannte Art „{art}“.",
                Ort(datei.rsplit(".", 1)[0] + ".toml"),
                "Möglich: " + ", ".join(sorted(ARTEN)) + ".",
            )
        hart_vorgabe = art in ("summe", "nicht_negativ", "anteile")
        hart = bool(regel.get("hart", hart_vorgabe))
        spalten = regel.get("spalten")
        fehlend = [s for s in spalten or [] if s not in df.columns]
        if fehlend:
            raise DatenFehler(
                f"Prüfung {nr} nennt die Spalte „{fehlend[0]}“, die es nicht gibt.",
                Ort(datei.rsplit(".", 1)[0] + ".toml"),
                "Spalten: " + ", ".join(f"„{c}“" for c in df.columns) + ".",
            )
        if art == "summe":
            ergebnisse += _summe(df, regel, zeile_von, hart)
        elif art == "nicht_negativ":
            fehler = [
                (b, s, w)
                for s in _zahlenspalten(df, spalten)
                for b, w in zip(beschriftungen, df[s].tolist(), strict=True)
                if _zahl(w) and w < 0
            ]
            ergebnisse.append(
                Ergebnis(
                    art,
                    "keine negativen Werte",
                    not fehler,
                    hart,
                    f"„{fehler[0][1]}“ in Zeile „{fehler[0][0]}“ ist {zahl(fehler[0][2])}." if fehler else "",
                    zeile_von(fehler[0][0]) if fehler else None,
                )
            )
        elif art == "anteile":
            rundung = float(regel.get("rundung", 0.1))
            for s in _zahlenspalten(df, spalten):
                werte = [(b, w) for b, w in zip(beschriftungen, df[s].tolist(), strict=True) if _zahl(w)]
                ausserhalb = [(b, w) for b, w in werte if not 0 <= w <= 100]
                ergebnisse.append(
                    Ergebnis(
                        art,
                        f"„{s}“ zwischen 0 und 100",
                        not ausserhalb,
                        hart,
                        f"Zeile „{ausserhalb[0][0]}“ hat {zahl(ausserhalb[0][1])} %." if ausserhalb else "",
                        zeile_von(ausserhalb[0][0]) if ausserhalb else None,
                    )
                )
                if regel.get("zusammen", True) is False:
                    continue
                summe = sum(w for _, w in werte)
                ergebnisse.append(
                    Ergebnis(
                        art,
                        f"„{s}“ ergibt 100 ± {zahl(rundung)}",
                        abs(summe - 100) <= rundung + 1e-9,
                        bool(regel.get("hart", False)),
                        f"Summe ist {zahl(round(summe, 6))}.",
                    )
                )
        elif art == "veraenderung":
            schwelle = float(regel.get("schwelle", 20))
            for s in _zahlenspalten(df, spalten):
                werte = list(zip(beschriftungen, df[s].tolist(), strict=True))
                for (b0, w0), (b1, w1) in zip(werte, werte[1:], strict=False):
                    if not (_zahl(w0) and _zahl(w1)) or w0 == 0:
                        continue
                    aenderung = (w1 - w0) / abs(w0) * 100
                    ergebnisse.append(
                        Ergebnis(
                            art,
                            f"„{s}“ ändert sich von „{b0}“ zu „{b1}“ um höchstens {zahl(schwelle)} %",
                            abs(aenderung) <= schwelle,
                            bool(regel.get("hart", False)),
                            f"von {zahl(w0)} auf {zahl(w1)} ({zahl(round(aenderung, 1))} %).",
                            zeile_von(b1),
                        )
                    )
    return ergebnisse


def _summe(df, regel, zeile_von, hart) -> list[Ergebnis]:
    gesamt, teile = str(regel.get("gesamt")), [str(t) for t in regel.get("teile", [])]
    beschreibung = f"„{gesamt}“ = {' + '.join(f'„{t}“' for t in teile)}"
    vergleiche = vergleichen(df, gesamt, teile, float(regel.get("toleranz", 0)))
    if vergleiche is None:
        return [Ergebnis("summe", beschreibung, False, hart, "Gesamtwert oder Teile nicht gefunden.")]
    ergebnisse = []
    for v in vergleiche:
        zeile = next((z for b in v.beschriftungen if (z := zeile_von(b)) is not None), None)
        meldung = f"{v.wo}: {zahl(v.gesamt)} statt {zahl(v.summe)}."
        ergebnisse.append(Ergebnis("summe", beschreibung, v.ok, hart, meldung, zeile))
    return ergebnisse
