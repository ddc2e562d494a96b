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

from ..fehler import DatenFehler, Ort, vorschlag
from .format import zahl
from .kopf import spalte_finden, spaltenname
from .summen import vergleichen
from .zeichen import ZEICHEN, Zelle

ARTEN = {"summe", "anteile", "nicht_negativ", "veraenderung"}


@dataclass(frozen=True)
class Ergebnis:
    """The outcome of one check on one data file (one comparison, or a cell it could not compare)."""

    art: str
    beschreibung: str
    """What was checked, in German."""
    ok: bool
    hart: bool
    meldung: str = ""
    """Why it failed, with the cell's value."""
    zeile: int | None = None
    zellen: int = 0
    """How many cells this result compared (0: a cell that could not be compared, or none at all)."""


def _zahl(w: Any) -> bool:
    return isinstance(w, Real) and not isinstance(w, bool) and not (isinstance(w, float) and math.isnan(w))


def _zahlenspalten(df: pd.DataFrame, spalten: list[str] | None) -> list[str]:
    if spalten:
        return spalten
    return [c for c in df.columns[1:] if df[c].map(lambda w: _zahl(w) or pd.isna(w)).all()]


class _Pruefung:
    """Collects the results of one declared check, and the cells it could not compare."""

    def __init__(self, art: str, hart: bool, zeile_von, zellen: dict[tuple[str, str], Zelle]):
        self.art, self.hart = art, hart
        self._zeile_von, self._zellen = zeile_von, zellen
        self.ergebnisse: list[Ergebnis] = []
        self._offen: list[tuple[str, str, str, str]] = []

    def verglichen(
        self, beschreibung: str, ok: bool, anzahl: int, meldung: str = "", wo: str | None = None, hart=None
    ):
        self.ergebnisse.append(
            Ergebnis(
                self.art,
                beschreibung,
                ok,
                self.hart if hart is None else hart,
                meldung,
                self._zeile_von(wo) if wo else None,
                anzahl,
            )
        )

    def nicht_pruefbar(self, beschreibung: str, beschriftung: str, spalte: str) -> None:
        """Remember a cell with a sign the check could not compare (named in one warning per check).

        An empty cell without a sign is left out, as before: it states nothing to compare.
        """
        zelle = self._zellen.get((beschriftung, spalte))
        if zelle is None or not zelle.zeichen:
            return
        eintrag = (beschreibung, beschriftung, spalte, zelle.zeichen)
        if eintrag not in self._offen:
            self._offen.append(eintrag)

    def abschliessen(self, beschreibung: str) -> list[Ergebnis]:
        """Name the cells not compared, one warning per check; a check that compared no cell at
        all is an error, never "in Ordnung"."""
        for text in dict.fromkeys(e[0] for e in self._offen):
            zellen = [e for e in self._offen if e[0] == text]
            genannt = "; ".join(
                f"Zeile {self._zeile_von(b) or '?'} „{b}“, Spalte „{s}“: „{z}“ ({ZEICHEN[z]})"
                for _t, b, s, z in zellen
            )
            self.ergebnisse.append(
                Ergebnis(
                    self.art,
                    text,
                    False,
                    False,
                    f"nicht prüfbar ({len(zellen)} Zelle{'n' if len(zellen) > 1 else ''}): {genannt}.",
                    self._zeile_von(zellen[0][1]),
                )
            )
        if not any(e.zellen for e in self.ergebnisse):
            self.ergebnisse.append(
                Ergebnis(
                    self.art,
                    beschreibung,
                    False,
                    True,
                    "keine einzige Zelle verglichen – die Prüfung hat nichts geprüft.",
                )
            )
        return self.ergebnisse


def _spalten_hinweis(name: str, spalten: list[str]) -> str:
    """ "Meinten Sie …?", or the two-level columns whose entry is `name` ("Gruppe | Insgesamt")."""
    zweistufig = [s for s in spalten if s.endswith(f" | {name}")]
    if zweistufig:
        return (
            "Unter einem zweistufigen Kopf heißt sie mit ihrer Gruppe: "
            + ", ".join(f"„{s}“" for s in zweistufig)
            + "."
        )
    return vorschlag(name, spalten) or "Spalten: " + ", ".join(f"„{s}“" for s in spalten) + "."


def pruefen(
    df: pd.DataFrame,
    regeln: list[dict],
    datei: str,
    zeilen: dict[str, int],
    zellen: dict[tuple[str, str], Zelle] | None = None,
) -> list[Ergebnis]:
    """Run the declared `regeln` on `df` (read from `datei`); return the results of every check.

    Each result says how many cells it compared; a cell with a sign in place of a value is "nicht
    prüfbar" (a warning naming it), "–" counts as 0; a check that compared nothing is an error.
    """
    ergebnisse: list[Ergebnis] = []
    zellen = zellen or {}
    beschriftungen = [str(v).strip() for v in df.iloc[:, 0].tolist()] if len(df.columns) else []

    def zeile_von(beschriftung: str) -> int | None:
        return zeilen.get(beschriftung)

    begleitdatei = datei.rsplit(".", 1)[0] + ".toml"
    for nr, regel in enumerate(regeln, start=1):
        zeilen_der_regel = regel.get("_zeilen", {})

        def ort(schluessel: str, zeilen_der_regel=zeilen_der_regel) -> Ort:
            """The line of `schluessel` in this [[pruefung]] section of the sidecar (else its header)."""
            return Ort(begleitdatei, zeilen_der_regel.get(schluessel) or zeilen_der_regel.get(""))

        art = regel.get("art")
        if art not in ARTEN:
            raise DatenFehler(
                f"Prüfung {nr} der Begleitdatei hat die unbekannte Art „{art}“.",
                ort("art"),
                vorschlag(str(art), sorted(ARTEN))
                if isinstance(art, str)
                else "Möglich: " + ", ".join(sorted(ARTEN)) + ".",
            )
        hart_vorgabe = art in ("summe", "nicht_negativ", "anteile")
        hart = bool(regel.get("hart", hart_vorgabe))
        spalten = regel.get("spalten")
        fehlend = [s for s in spalten or [] if spalte_finden(df, s) is None]
        if fehlend:
            raise DatenFehler(
                f"Prüfung {nr} nennt die Spalte „{spaltenname(fehlend[0])}“, die es nicht gibt.",
                ort("spalten"),
                _spalten_hinweis(spaltenname(fehlend[0]), [spaltenname(c) for c in df.columns]),
            )
        spalten = [spalte_finden(df, s) for s in spalten] if spalten else spalten
        p = _Pruefung(art, hart, zeile_von, zellen)
        if art == "summe":
            beschreibung = _summe(df, regel, p)
        elif art == "nicht_negativ":
            beschreibung = "keine negativen Werte"
            negativ, anzahl = [], 0
            for s in _zahlenspalten(df, spalten):
                for b, w in zip(beschriftungen, df[s].tolist(), strict=True):
                    if _zahl(w):
                        anzahl += 1
                        if w < 0:
                            negativ.append((b, s, w))
                    else:
                        p.nicht_pruefbar(beschreibung, b, str(s))
            if anzahl:
                meldung = (
                    f"„{spaltenname(negativ[0][1])}“ in Zeile „{negativ[0][0]}“ ist {zahl(negativ[0][2])}."
                    if negativ
                    else ""
                )
                p.verglichen(beschreibung, not negativ, anzahl, meldung, negativ[0][0] if negativ else None)
        elif art == "anteile":
            beschreibung = "Anteile"
            rundung = float(regel.get("rundung", 0.1))
            for s in _zahlenspalten(df, spalten):
                werte = []
                for b, w in zip(beschriftungen, df[s].tolist(), strict=True):
                    if _zahl(w):
                        werte.append((b, w))
                    else:
                        p.nicht_pruefbar(f"„{spaltenname(s)}“ zwischen 0 und 100", b, str(s))
                if not werte:
                    continue
                ausserhalb = [(b, w) for b, w in werte if not 0 <= w <= 100]
                p.verglichen(
                    f"„{spaltenname(s)}“ zwischen 0 und 100",
                    not ausserhalb,
                    len(werte),
                    f"Zeile „{ausserhalb[0][0]}“ hat {zahl(ausserhalb[0][1])} %." if ausserhalb else "",
                    ausserhalb[0][0] if ausserhalb else None,
                )
                if regel.get("zusammen", True) is False:
                    continue
                summe = sum(w for _, w in werte)
                p.verglichen(
                    f"„{spaltenname(s)}“ ergibt 100 ± {zahl(rundung)}",
                    abs(summe - 100) <= rundung + 1e-9,
                    len(werte),
                    f"Summe ist {zahl(round(summe, 6))}.",
                    hart=bool(regel.get("hart", False)),
                )
        else:  # veraenderung
            beschreibung = "Veränderung"
            schwelle = float(regel.get("schwelle", 20))
            for s in _zahlenspalten(df, spalten):
                werte = list(zip(beschriftungen, df[s].tolist(), strict=True))
                for (b0, w0), (b1, w1) in zip(werte, werte[1:], strict=False):
                    text = (
                        f"„{spaltenname(s)}“ ändert sich von „{b0}“ zu „{b1}“ um höchstens {zahl(schwelle)} %"
                    )
                    if not (_zahl(w0) and _zahl(w1)):
                        p.nicht_pruefbar(text, b1 if _zahl(w0) else b0, str(s))
                        continue
                    if w0 == 0:
                        continue
                    aenderung = (w1 - w0) / abs(w0) * 100
                    p.verglichen(
                        text,
                        abs(aenderung) <= schwelle,
                        2,
                        f"von {zahl(w0)} auf {zahl(w1)} ({zahl(aenderung, 1)} %).",
                        b1,
                        hart=bool(regel.get("hart", False)),
                    )
        ergebnisse += p.abschliessen(beschreibung)
    return ergebnisse


def _summe(df: pd.DataFrame, regel: dict, p: _Pruefung) -> str:
    gesamt, teile = str(regel.get("gesamt")), [str(t) for t in regel.get("teile", [])]
    beschreibung = f"„{gesamt}“ = {' + '.join(f'„{t}“' for t in teile)}"
    vergleiche = vergleichen(df, gesamt, teile, float(regel.get("toleranz", 0)), regel.get("spalten"))
    if vergleiche is None:
        p.verglichen(beschreibung, False, 0, "Gesamtwert oder Teile nicht gefunden.")
        return beschreibung
    for v in vergleiche:
        wo = next((b for b in v.beschriftungen if p._zeile_von(b) is not None), None)
        if not v.pruefbar:
            for beschriftung, spalte in v.fehlend:
                p.nicht_pruefbar(beschreibung, beschriftung, spalte)
            continue
        p.verglichen(
            beschreibung, v.ok, 1 + len(v.teile), f"{v.wo}: {zahl(v.gesamt)} statt {zahl(v.summe)}.", wo
        )
    return beschreibung
