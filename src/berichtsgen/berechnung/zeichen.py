"""The signs of German official statistics (DIN 55301, Destatis) in table cells: read, keep, print.

A cell of a statistics office's export holds a number, a sign in place of a number ("–", ".",
"…", "/", "x"), a number in parentheses ("(123)": limited reliability) or a number with a mark
("1.234 p" vorläufig, "r" berichtigt, "s" geschätzt, a footnote "1.234¹" or "1.234 1)"). The
value is data – "–" (nichts vorhanden) is 0, the other signs are missing values – and the sign is
kept beside it, so that a value reaching a table unchanged is printed as the office printed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

ZEICHEN = {
    "–": "nichts vorhanden",
    "0": "weniger als die Hälfte von 1 in der letzten besetzten Stelle, jedoch mehr als nichts",
    ".": "Zahlenwert unbekannt oder geheim zu halten",
    "…": "Angabe fällt später an",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
    "/": "keine Angaben, da Zahlenwert nicht sicher genug",
    "( )": "Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist",
    "p": "vorläufige Zahl",
    "r": "berichtigte Zahl",
    "s": "geschätzte Zahl",
}
"""What each sign means, in the order a Zeichenerklärung lists them ("0" only where it is a sign)."""

_GLEICH = {"-": "–", "—": "–", "...": "…", "X": "x"}
"""Spellings found in exports for the same sign."""

HOCHGESTELLT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARKE = re.compile(rf"^(?P<zahl>.*?\d)\s*(?P<marke>[{HOCHGESTELLT}]+|(?<=\s)\d{{1,2}}\)|\*+|[prs])$")
_DEUTSCH = re.compile(r"^[-\u2212]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_ENGLISCH = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@dataclass(frozen=True)
class Zelle:
    """A cell as the statistics office wrote it: its value and how it was marked."""

    wert: int | float | None
    """The number; 0 for "–" (nichts vorhanden); None where a sign stands for a missing value."""
    stellen: int = 0
    """Decimals as written ("15,10" has 2)."""
    zeichen: str | None = None
    """The sign in place of a number: "–", ".", "…", "/" or "x"."""
    klammer: bool = False
    """The number stood in parentheses: limited reliability."""
    marke: str | None = None
    """A mark after the number: "p", "r", "s", a footnote such as "1)" or "¹", or "*"."""

    @property
    def besonders(self) -> bool:
        """The cell carries more than its plain value (a sign, parentheses or a mark)."""
        return bool(self.zeichen or self.klammer or self.marke)

    def drucken(self, zahl_text: str) -> str:
        """Print the cell with `zahl_text` (the value as formatted) in its original marking."""
        if self.zeichen:
            return self.zeichen
        text = f"({zahl_text})" if self.klammer else zahl_text
        if self.marke:
            trenner = "" if self.marke[0] in HOCHGESTELLT else "\u00a0"
            text += trenner + self.marke
        return text

    def kennzeichen(self) -> str:
        """The sign or mark as text: "–", ".", "( )", "p", "1)", "( )p" – "" for a plain number."""
        return self.zeichen or ("( )" if self.klammer else "") + (self.marke or "")

    def erklaert(self) -> list[str]:
        """Return the signs of the Zeichenerklärung this cell needs."""
        teile = [self.zeichen] if self.zeichen else []
        if self.klammer:
            teile.append("( )")
        if self.marke in ("p", "r", "s"):
            teile.append(self.marke)
        return teile


def _zahl(text: str, deutsch: bool) -> tuple[int | float, int] | None:
    muster = _DEUTSCH if deutsch else _ENGLISCH
    if not muster.match(text):
        return None
    if deutsch:
        normal = text.replace(".", "").replace(",", ".").replace("\u2212", "-")
    else:
        normal = text.replace(",", "")
    stellen = len(normal.split(".")[1]) if "." in normal else 0
    return (float(normal) if stellen else int(normal)), stellen


def zelle_lesen(text: str, deutsch: bool = True) -> Zelle | None:
    """Read one cell; return None if it is neither a number nor a sign (then the column is text).

    An empty cell is a missing value without a sign.
    """
    text = text.strip()
    if not text:
        return Zelle(None)
    zeichen = _GLEICH.get(text, text)
    if zeichen in ("–", ".", "…", "/", "x"):
        return Zelle(0 if zeichen == "–" else None, 0, zeichen)
    marke = None
    treffer = _MARKE.match(text)
    if treffer and _zahl(treffer.group("zahl").strip("() "), deutsch) is not None:
        text, marke = treffer.group("zahl").strip(), treffer.group("marke")
    klammer = len(text) > 2 and text[0] == "(" and text[-1] == ")"
    if klammer:
        text = text[1:-1].strip()
    gelesen = _zahl(text, deutsch)
    if gelesen is None:
        return None
    return Zelle(gelesen[0], gelesen[1], None, klammer, marke)


def dezimal(wert: int | float) -> Decimal:
    """Return `wert` as the decimal it was written as (15.7 → Decimal("15.7"), not its binary twin)."""
    return Decimal(wert) if isinstance(wert, int) else Decimal(repr(float(wert)))
