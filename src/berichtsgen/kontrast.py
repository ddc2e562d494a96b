"""Colour contrast after WCAG 2.1 (relative luminance), for text and chart colours."""

from __future__ import annotations

import re

MINDESTKONTRAST_TEXT = 4.5
"""WCAG 1.4.3: text against its background."""

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def ist_farbe(text: str) -> bool:
    """Tell whether `text` is a colour written as #RRGGBB."""
    return bool(_HEX.match(text.strip()))


def _leuchtdichte(farbe: str) -> float:
    wert = _HEX.match(farbe.strip()).group(1)
    kanaele = [int(wert[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [k / 12.92 if k <= 0.04045 else ((k + 0.055) / 1.055) ** 2.4 for k in kanaele]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def kontrast(vorne: str, hinten: str = "#FFFFFF") -> float:
    """Return the contrast ratio of two #RRGGBB colours (1 to 21)."""
    a, b = sorted((_leuchtdichte(vorne), _leuchtdichte(hinten)), reverse=True)
    return (a + 0.05) / (b + 0.05)
