"""German number and date formats (through babel), for tables, text and chart axes."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral, Real
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "de_DE"
NICHTS = "–"
"""Printed for exactly nothing (en dash, DIN 55301 "nichts vorhanden")."""
UNBEKANNT = "."
"""Printed for a value that is missing or could not be computed (DIN 55301 "Zahlenwert unbekannt")."""
LEER = UNBEKANNT
"""Printed by the text functions for a missing value."""
PROZENT = "\u00a0%"
"""A percent sign after a non-breaking space, as DIN 5008 asks."""
MINUS = "\u2212"
"""The true minus sign."""


def ist_leer(wert: Any) -> bool:
    """Tell whether `wert` is missing (None, NaN, pandas NA)."""
    if wert is None:
        return True
    try:
        return bool(wert != wert)  # NaN and pandas.NA
    except TypeError:
        return True  # pandas.NA raises on bool()


def nachkommastellen(wert: Any) -> int:
    """Return how many decimals `wert` carries (0 for integers and integral floats)."""
    if isinstance(wert, Integral) or ist_leer(wert):
        return 0
    if isinstance(wert, Real):
        if float(wert).is_integer():
            return 0
        exponent = Decimal(repr(float(wert))).normalize().as_tuple().exponent
        return max(0, -int(exponent))
    return 0


def fehlzeichen(*werte: Any) -> str:
    """The sign to print for a result from `werte` of which one is missing: the strongest sign a
    `statistik.Wert` carries ("x" > "." > "/" > "…", DIN 55301), else "." (unknown)."""
    staerke = ("…", "/", ".", "x")
    zeichen = [getattr(w, "zeichen", "") for w in werte if ist_leer(w)]
    bekannt = [z for z in zeichen if z in staerke]
    return max(bekannt, key=staerke.index) if bekannt else LEER


def zahl(wert: Any, stellen: int | None = None) -> str:
    """Format `wert` the German way: 166.081 and 15,7; `stellen` fixes the decimals.

    Without `stellen` a number keeps all the decimals it has: nothing is rounded silently. A
    missing value prints its sign ("x", "/" …), or "." (unknown).
    """
    if ist_leer(wert):
        return fehlzeichen(wert)
    zelle = getattr(wert, "zelle", None)  # a `statistik.Wert` straight from its file
    if zelle is not None and zelle.zeichen:
        return zelle.zeichen  # "–": nichts vorhanden, not "0"
    if isinstance(wert, bool) or not isinstance(wert, Real):
        if isinstance(wert, Decimal):
            wert = float(wert)
        else:
            raise TypeError(f"„{wert}“ ist keine Zahl")
    if isinstance(wert, float) and math.isinf(wert):
        raise ValueError("unendlicher Wert")
    if stellen is None:
        stellen = nachkommastellen(wert)
    if isinstance(wert, Integral) and stellen == 0:
        text = format_decimal(int(wert), format="#,##0", locale=LOCALE)
    else:
        muster = "#,##0" + ("." + "0" * stellen if stellen else "")
        genau = runden(wert, stellen)
        text = format_decimal(genau, format=muster, locale=LOCALE, decimal_quantization=False)
        if genau == 0:
            text = text.lstrip("-")  # −0,0 is 0,0
    return text.replace("-", MINUS)


def runden(wert: Any, stellen: int) -> Decimal:
    """Round `wert` to `stellen` decimals half away from zero, as official statistics do (DIN 1333).

    0,25 → 0,3; 0,35 → 0,4; 2,5 → 3; −2,5 → −3 (not Python's round-half-to-even). A float is taken
    as the decimal it prints as (0.35, not its binary neighbour 0.34999…).
    """
    zahl_ = Decimal(wert) if isinstance(wert, Integral) else Decimal(repr(float(wert)))
    return zahl_.quantize(Decimal(1).scaleb(-stellen), rounding=ROUND_HALF_UP)


def prozent(wert: Any, stellen: int | None = None) -> str:
    """Format a value given in percent: 15.7 → "15,7 %"."""
    if ist_leer(wert):
        return fehlzeichen(wert)
    return zahl(wert, stellen) + PROZENT


def veraenderung(wert: Any, stellen: int | None = None) -> str:
    """Format a change with its sign: +1.234, −12,5, ±0."""
    if ist_leer(wert):
        return fehlzeichen(wert)
    if wert == 0:
        return "±" + zahl(wert, stellen)
    return ("+" if wert > 0 else MINUS) + zahl(abs(wert), stellen)


def veraenderung_prozent(neu: Any, alt: Any, stellen: int = 1) -> str:
    """Format the relative change from `alt` to `neu` as "+3,7 %" (rounded to `stellen` decimals).

    From an unknown value it is unknown (".", or the operand's sign); from 0 it has no meaning ("x")."""
    if ist_leer(neu) or ist_leer(alt):
        return fehlzeichen(neu, alt)
    if alt == 0:
        return "x"  # Aussage nicht sinnvoll
    return veraenderung(float(runden((neu - alt) / abs(alt) * 100, stellen)), stellen) + PROZENT


def prozentpunkte(neu: Any, alt: Any, stellen: int | None = None) -> str:
    """Format the difference of two shares as "−0,4 Prozentpunkte"."""
    if ist_leer(neu) or ist_leer(alt):
        return fehlzeichen(neu, alt)
    if stellen is None:
        stellen = max(nachkommastellen(neu), nachkommastellen(alt))
    return veraenderung(float(runden(neu - alt, stellen)), stellen) + "\u00a0Prozentpunkte"


def datum(wert: Any, format: str = "dd.MM.yyyy") -> str:
    """Format a date (or an ISO date text) as 31.12.2018; `format` is a babel/CLDR pattern."""
    if ist_leer(wert):
        return LEER
    if isinstance(wert, str):
        wert = dt.date.fromisoformat(wert)
    if isinstance(wert, dt.datetime):
        wert = wert.date()
    if format in ("lang", "long"):
        return format_date(wert, format="long", locale=LOCALE)
    return format_date(wert, format=format, locale=LOCALE)


JAHR_SPALTEN = ("jahr", "berichtsjahr", "geburtsjahr", "jahrgang", "stichjahr", "zeit", "time")
"""Column names whose integers are years (printed without a thousands separator)."""


def ist_jahr_spalte(name: Any) -> bool:
    """Tell whether a column holds years: its name is "Jahr" or a word like it ("Jahr (31.12.)")."""
    text = str(name).strip().lower()
    return any(text == j or text.startswith(j + " ") for j in JAHR_SPALTEN)


def kopf_text(name: Any) -> str:
    """Format a column header: years and other integers print without separators."""
    if isinstance(name, float) and name.is_integer():
        name = int(name)
    return str(name)


def _vorgabe_stellen(vorgabe: int) -> Callable[..., int | None]:
    """The decimals of a number in a text: as given, else none for a whole number and `vorgabe`
    (the project's `nachkommastellen`) for any other."""

    def stellen(*werte: Any, angabe: int | None = None) -> int | None:
        if angabe is not None:
            return angabe
        zahlen = [w for w in werte if not ist_leer(w)]
        if all(isinstance(w, Integral) or (isinstance(w, Real) and float(w).is_integer()) for w in zahlen):
            return None if any(isinstance(w, Integral) for w in zahlen) else 0
        return vorgabe

    return stellen


def jinja_filter(vorgabe: int = 1) -> dict[str, Callable[..., str]]:
    """Return the Jinja filters for texts: zahl, prozent, veraenderung, datum.

    A non-integer number without explicit decimals (`{{ x | prozent(2) }}`) gets `vorgabe`
    decimals, the project's `nachkommastellen`; integers keep none.
    """
    vorgegeben = _vorgabe_stellen(vorgabe)

    def zahl_(wert: Any, stellen: int | None = None) -> str:
        return zahl(wert, vorgegeben(wert, angabe=stellen))

    def prozent_(wert: Any, stellen: int | None = None) -> str:
        return prozent(wert, vorgegeben(wert, angabe=stellen))

    def veraenderung_(wert: Any, stellen: int | None = None) -> str:
        return veraenderung(wert, vorgegeben(wert, angabe=stellen))

    return {"zahl": zahl_, "prozent": prozent_, "datum": datum, "veraenderung": veraenderung_}


def jinja_funktionen(vorgabe: int = 1) -> dict[str, Callable[..., str]]:
    """Return the functions for texts: `veraenderung_prozent(neu, alt)` ("+3,7 %") and
    `prozentpunkte(neu, alt)` ("−0,4 Prozentpunkte"), with `vorgabe` decimals unless given."""
    vorgegeben = _vorgabe_stellen(vorgabe)

    def veraenderung_prozent_(neu: Any, alt: Any, stellen: int | None = None) -> str:
        return veraenderung_prozent(neu, alt, vorgabe if stellen is None else stellen)

    def prozentpunkte_(neu: Any, alt: Any, stellen: int | None = None) -> str:
        return prozentpunkte(neu, alt, vorgegeben(neu, alt, angabe=stellen))

    return {"veraenderung_prozent": veraenderung_prozent_, "prozentpunkte": prozentpunkte_}
