"""Computed tables: check declared sums and format every cell as it will be printed."""

from __future__ import annotations

import re

import pandas as pd

from ..fehler import Befund, DatenFehler, Ort
from ..inhalt.modell import Beschriftung, FertigeTabelle
from .daten import herkunft
from .format import NICHTS, UNBEKANNT, ist_jahr_spalte, ist_leer, kopf_text, zahl
from .kopf import TRENNER, eintraege, spaltenname
from .kopf import kopfgruppen as gruppen_des_kopfs
from .register import Definition, Summe
from .statistik import StatistikArray, zeichen_der_zellen, zelle_an
from .summen import gleich, ist_zahl, ist_zeilenzaehler, vergleichen, zeilen_beschriftungen
from .zeichen import ZEICHEN as VOLLE_ZEICHEN
from .zeichen import Zelle

_ZAHLTEXT = re.compile(r"^[+\u2212±-]?\d[\d.]*(,\d+)?(\u00a0(%|Prozentpunkte))?$|^[x.–]$")
"""Text that is a formatted number (a change "+3,7 %") or a table sign: aligned like numbers."""


def summen_pruefen(df: pd.DataFrame, summen: tuple[Summe, ...], name: str) -> tuple[list[Befund], list[str]]:
    """Check that every declared total equals the sum of its parts, in every row or column.

    A mismatch names the data file, its line and the values; totals are never adjusted. A cell
    with a sign in place of a value cannot be compared: it is returned as a warning naming it. A
    declared sum that compares no cell at all is an error, never a silent pass. Return the
    warnings and one line per declared sum saying how many cells it compared.
    """
    quelle = herkunft(df)
    zeichen_je_ort = _zeichen_je_ort(df)
    warnungen: list[Befund] = []
    berichte: list[str] = []

    def ort(beschriftungen) -> Ort | None:
        if quelle is None:
            return None
        return Ort(quelle.datei, next((quelle.zeilen[b] for b in beschriftungen if b in quelle.zeilen), None))

    for summe in summen:
        unbekannt = [s for s in summe.spalten if s not in [spaltenname(c) for c in df.columns]]
        if unbekannt:
            raise DatenFehler(
                f"Summenprüfung der Tabelle „{name}“ nennt die Spalte „{unbekannt[0]}“, die es nicht gibt.",
                None,
                "Spalten: " + ", ".join(f"„{spaltenname(c)}“" for c in df.columns) + ".",
            )
        vergleiche = vergleichen(df, summe.gesamt, summe.teile, spalten_auswahl=list(summe.spalten) or None)
        if vergleiche is None:
            bekannt = zeilen_beschriftungen(df) + [spaltenname(c) for c in df.columns]
            fehlend = [b for b in (summe.gesamt, *summe.teile) if b not in bekannt]
            raise DatenFehler(
                f"Summenprüfung der Tabelle „{name}“: „{fehlend[0] if fehlend else summe.gesamt}“ "
                "ist weder Zeile noch Spalte (oder Gesamtwert und Teile liegen nicht gleich).",
                None,
                "Bekannt sind: " + ", ".join(f"„{b}“" for b in bekannt) + ".",
            )
        offen: list[tuple[str, str, str]] = []  # cells with a sign: named in one warning per sum
        for v in vergleiche:
            if not v.pruefbar:
                for beschriftung, spalte in v.fehlend:
                    z = zeichen_je_ort.get((beschriftung, spalte)) or zeichen_je_ort.get(
                        (spalte, beschriftung)
                    )
                    if z in VOLLE_ZEICHEN and (beschriftung, spalte, z) not in offen:
                        offen.append((beschriftung, spalte, z))
                continue
            if v.ok:
                continue
            teile = " + ".join(zahl(w) for w in v.teile)
            raise DatenFehler(
                f"Summe stimmt nicht in Tabelle „{name}“, {v.wo}: „{summe.gesamt}“ ist {zahl(v.gesamt)}, "
                f"die Teile „{'“ + „'.join(summe.teile)}“ ergeben {teile} = {zahl(v.summe)}.",
                ort(v.beschriftungen),
                "Prüfen Sie die Datenlieferung; Summen werden nie angeglichen.",
            )
        if not any(v.pruefbar for v in vergleiche):
            raise DatenFehler(
                f"Summenprüfung „{summe.gesamt}“ der Tabelle „{name}“ hat keine einzige Zelle verglichen.",
                ort((summe.gesamt,)),
                "Prüfen Sie, ob Gesamtwert und Teile Zahlen enthalten; eine Prüfung ohne Vergleich besteht nie.",
            )
        if offen:
            genannt = "; ".join(
                f"{_zeile_text(ort((b, s)))}„{b}“, Spalte „{s}“: „{z}“ ({VOLLE_ZEICHEN[z]})"
                for b, s, z in offen
            )
            warnungen.append(
                Befund(
                    "summe-nicht-pruefbar",
                    f"Summenprüfung „{summe.gesamt}“ der Tabelle „{name}“: nicht prüfbar "
                    f"({len(offen)} Zelle{'n' if len(offen) > 1 else ''}): {genannt}.",
                    ort(offen[0][:2]) or Ort(),
                    "Bitte von Hand prüfen.",
                    "warnung",
                )
            )
        geprueft = [v for v in vergleiche if v.pruefbar]
        zellen_anzahl = sum(1 + len(v.teile) for v in geprueft)
        berichte.append(
            f"„{summe.gesamt}“ = {' + '.join(f'„{t}“' for t in summe.teile)}: in Ordnung "
            f"({len(geprueft)} Vergleich{'' if len(geprueft) == 1 else 'e'}, {zellen_anzahl} Zelle{'' if zellen_anzahl == 1 else 'n'})"
        )
    return warnungen, berichte


def _zeichen_je_ort(df: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The sign of each cell by (row label, column), the first of each label: to name it."""
    beschriftungen = zeilen_beschriftungen(df)
    zeichen = zeichen_der_zellen(df.reset_index(drop=True) if ist_zeilenzaehler(df.index) else df)
    ergebnis: dict[tuple[str, str], str] = {}
    for i, b in enumerate(beschriftungen):
        for j, spalte in enumerate(df.columns):
            ergebnis.setdefault((b, spaltenname(spalte)), zeichen.iat[i, j])
    return ergebnis


def _stellen_vorgabe(definition: Definition, spalte: str, vorgabe: int) -> int | None:
    """The decimals the function's decorator sets for `spalte` (as `str` of the column), if it sets
    any; a column of two levels is named "Gruppe | Eintrag" there."""
    angabe = definition.nachkommastellen
    if isinstance(angabe, dict):
        for name, stellen in angabe.items():
            gruppe, _, eintrag = str(name).partition(TRENNER)
            if spalte in (name, str((gruppe, eintrag))):
                return stellen
        return None
    return angabe


def _ist_jahresspalte(name: object, werte: list, erste: bool) -> bool:
    """A column of years: named like "Jahr", or the label column holding whole numbers 1900–2100."""
    if ist_jahr_spalte(name):
        return True
    zahlen = [w for w in werte if ist_zahl(w)]
    return erste and bool(zahlen) and all(float(w).is_integer() and 1900 <= w <= 2100 for w in zahlen)


def _zeile_text(ort: Ort | None) -> str:
    return f"Zeile {ort.zeile} " if ort is not None and ort.zeile else ""


def formatieren(
    df: pd.DataFrame, definition: Definition, beschriftung: Beschriftung, vorgabe: int = 1
) -> FertigeTabelle:
    """Turn `df` into printed cells: German numbers, signs as the file had them, totals rows bold.

    Every number gets a decided precision: the decorator's `nachkommastellen`; else a value that
    reaches the table unchanged keeps the decimals its file wrote ("1,5" stays 1,5 beside 4,25:
    no digit is added or dropped); else the project default `vorgabe`, a column of computed
    values keeping the most decimals any of its cells gets, so 15,0 and 15,7 line up. Whole
    numbers (counts, also computed from counts) never get decimals and years no thousands point.
    A value that left its file unchanged is printed with its
    sign or mark ("–", ".", "(123)", "1.234 p"). The index becomes the first column unless it only
    counts rows (see `ist_zeilenzaehler`).
    """
    zaehler = ist_zeilenzaehler(df.index)
    df = df.reset_index(drop=zaehler)
    quelle = herkunft(df)
    kopf, kopfgruppen = [kopf_text(c) for c in df.columns], []
    if isinstance(df.columns, pd.MultiIndex):  # two header rows: groups spanning their entries
        kopf, kopfgruppen = eintraege(list(df.columns)), gruppen_des_kopfs(list(df.columns))
        if all(durch for _t, _b, durch in kopfgruppen):
            kopfgruppen = []  # every column named once: one header row
    if quelle is not None and quelle.wie_geschrieben:  # "Insgesamt (4)" is for Python: print "Insgesamt"
        for j, spalte in enumerate(df.columns):
            geschrieben = quelle.wie_geschrieben.get(spaltenname(spalte))
            if geschrieben is not None:
                kopf[j] = (
                    eintraege([geschrieben])[0] if isinstance(geschrieben, tuple) else kopf_text(geschrieben)
                )
    spalten_werte = [df.iloc[:, j].tolist() for j in range(len(df.columns))]
    beschriftungen = [str(w).strip() for w in spalten_werte[0]] if spalten_werte else []
    zellinfo = [_zellinfo(df.iloc[:, j]) for j in range(len(df.columns))]

    def zelle(i: int, j: int) -> Zelle | None:
        """How the data file wrote this cell, if it reached the table unchanged."""
        return zellinfo[j][i][0]

    # pandas stores whole numbers beside a missing value as floats (17414.0 beside NaN, also in
    # the columns of a frame transposed from such a column): in a frame with a missing value, a
    # column of plain floats that are all whole holds counts
    fehlt_etwas = any(ist_leer(w) for werte in spalten_werte[1:] for w in werte)
    hochgestuft = []
    for j, werte in enumerate(spalten_werte):
        unbekannt = [w for i, w in enumerate(werte) if ist_zahl(w) and zellinfo[j][i][2] is None]
        hochgestuft.append(
            fehlt_etwas
            and not isinstance(df.iloc[:, j].array, StatistikArray)
            and bool(unbekannt)
            and all(float(w).is_integer() for w in unbekannt)
        )

    def ganz_geschrieben(i: int, j: int) -> bool:
        """The cell holds a whole number: a count written so, computed from counts, or a whole
        float among missing values (see `hochgestuft`)."""
        if not ist_zahl(spalten_werte[j][i]):
            return False
        ganz = zellinfo[j][i][2]
        return bool(ganz) if ganz is not None else hochgestuft[j] and float(spalten_werte[j][i]).is_integer()

    rechts: list[bool] = []
    stellen: list[int] = []
    festgelegt: list[int | None] = []
    jahre: list[bool] = []
    for j, werte in enumerate(spalten_werte):
        numerisch = [w for w in werte if not ist_leer(w)]
        rechts.append(
            bool(numerisch)
            and all(ist_zahl(w) or (isinstance(w, str) and _ZAHLTEXT.match(w.strip())) for w in numerisch)
            and any(
                ist_zahl(w) or (isinstance(w, str) and w.strip()[:1] in "+\u2212±-0123456789")
                for w in numerisch
            )
        )
        jahre.append(_ist_jahresspalte(df.columns[j], werte, j == 0))
        fest = _stellen_vorgabe(definition, str(df.columns[j]).strip(), vorgabe)
        entschieden = []
        for i, w in enumerate(werte):
            if not isinstance(w, float) or ist_leer(w) or ganz_geschrieben(i, j):
                continue  # integers never get decimals, nor counts written whole
            z = zelle(i, j)
            entschieden.append(fest if fest is not None else z.stellen if z else vorgabe)
        stellen.append(max(entschieden, default=0))
        festgelegt.append(fest)
    zahlenspalte = [
        isinstance(df.iloc[:, j].array, StatistikArray)
        or pd.api.types.is_numeric_dtype(df.iloc[:, j].dtype)
        or rechts[j]
        for j in range(len(df.columns))
    ]
    zeilen: list[list[str]] = []
    benutzt: set[str] = set()
    fussnotenmarken: set[str] = set()
    summenzeilen: set[int] = set()
    marken = tuple(s.lower() for s in definition.summenzeilen)
    ebenen = {i: quelle.ebenen[b] for i, b in enumerate(beschriftungen) if quelle and b in quelle.ebenen}
    gruppen = {
        i
        for i, b in enumerate(beschriftungen)
        if quelle and b in quelle.gruppen and all(ist_leer(w[i]) for w in spalten_werte[1:])
    }
    for i in range(len(df)):
        zeile: list[str] = []
        for j, werte in enumerate(spalten_werte):
            w = werte[i]
            z, zeichen, _ganz = zellinfo[j][i] if j else (None, "", None)
            if z is not None:
                benutzt.update(z.erklaert())
                if z.marke and z.marke not in ("p", "r", "s"):
                    fussnotenmarken.add(z.marke)
            if j and i in gruppen:
                zeile.append("")  # a group heading states nothing in its value cells
            elif z is not None and z.zeichen:
                zeile.append(z.zeichen)
            elif z is not None and z.wert is None:
                zeile.append("")  # the file left the cell empty: so does the table
            elif zeichen:  # computed from an unknown or locked value (DIN 55301)
                zeile.append(zeichen)
                benutzt.add(zeichen)
            elif ist_leer(w) and (not j or not zahlenspalte[j]):
                zeile.append("")  # an empty text cell (a key, a code) stays empty
            elif ist_leer(w):
                zeile.append(UNBEKANNT)  # a value that could not be computed: unknown
                benutzt.add(UNBEKANNT)
            elif ist_zahl(w) and jahre[j] and float(w).is_integer():
                zeile.append(str(int(w)))
            elif ist_zahl(w) and z is None and j and float(w) == 0:
                zeile.append(NICHTS)  # exactly nothing; "0" only where the source or rounding says so
                benutzt.add(NICHTS)
            elif ist_zahl(w):
                ganz = (
                    not isinstance(w, float)
                    or (float(w).is_integer() and stellen[j] == 0)
                    or ganz_geschrieben(i, j)
                )
                # a value as the file wrote it keeps its decimals unless the function sets them
                eigene = z.stellen if z is not None and festgelegt[j] is None else stellen[j]
                text = zahl(int(w), 0) if ganz else zahl(w, eigene)
                if float(w) != 0 and not text.strip("0,.−-"):
                    benutzt.add("0")  # more than nothing, less than half a unit
                elif z is not None and float(w) == 0 and quelle is not None and quelle.amtlich:
                    benutzt.add("0")  # an office's "0" is that sign
                zeile.append(z.drucken(text) if z is not None else text)
            else:
                zeile.append(str(w))
                if j and str(w).strip() in VOLLE_ZEICHEN:
                    benutzt.add(str(w).strip())
        if zeile and zeile[0].strip().lower().startswith(marken):
            summenzeilen.add(i)
        zeilen.append(zeile)
    anmerkungen = [z for z in (_zeichenerklaerung(benutzt), _rundungshinweis(df, kopf, summenzeilen)) if z]
    if quelle is not None:  # the file's own notes: for the marks printed, or all of them
        anmerkungen = quelle.druckbare_anmerkungen(fussnotenmarken) + anmerkungen
    return FertigeTabelle(
        kopf,
        zeilen,
        rechts,
        summenzeilen,
        beschriftung,
        anmerkungen,
        ebenen=ebenen,
        gruppenzeilen=gruppen,
        kopfgruppen=kopfgruppen,
    )


def _zellinfo(spalte: pd.Series) -> list[tuple[Zelle | None, str, bool | None]]:
    """Per cell of a column: how its data file wrote it (if it reached here unchanged), the sign
    of a missing value it carries ("", ".", "x" …) and whether it is a whole number (None: not
    known). A column of `statistik` cells knows it per cell; a column of Python objects (a
    transposed frame) knows it where its values are `statistik.Wert`."""
    werte = spalte.array
    if isinstance(werte, StatistikArray):
        return [(werte.zelle(i), werte.zeichen(i), werte.ganz(i)) for i in range(len(werte))]
    return [zelle_an(w) for w in spalte.tolist()]


def _zeichenerklaerung(benutzt: set[str]) -> str | None:
    """Explain exactly the signs the table prints, in the order of DIN 55301."""
    teile = [f"{zeichen} = {bedeutung}" for zeichen, bedeutung in VOLLE_ZEICHEN.items() if zeichen in benutzt]
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
