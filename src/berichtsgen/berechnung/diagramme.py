"""Charts: the project's colours and font, German axis numbers, no title inside, print resolution."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from numbers import Real
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Wedge
from matplotlib.ticker import AutoLocator, FuncFormatter, MaxNLocator, ScalarFormatter
from PIL import Image

from .format import PROZENT, zahl

DPI = 200
"""Resolution of chart images: enough for print."""
SCHRAFFUREN = ("", "//", "..", "xx", "\\\\", "--")
"""Hatch patterns that tell series apart without colour."""


@contextmanager
def stil(farben: Sequence[str], schrift: str) -> Iterator[None]:
    """Apply the project's palette and font to every chart drawn inside the block.

    Charts are drawn off screen: unless the script running berichtsgen has chosen a matplotlib
    backend itself, pyplot is set to Agg here, when the first chart is drawn (not on import).
    """
    if matplotlib.get_backend(auto_select=False) is None:
        plt.switch_backend("agg")
    werte = {
        "axes.prop_cycle": cycler(color=list(farben)),
        "font.family": "sans-serif",
        "font.sans-serif": [schrift, "Liberation Sans", "Arial", "DejaVu Sans"],
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "axes.formatter.use_locale": False,
        "legend.frameon": False,
        "svg.fonttype": "none",
    }
    with matplotlib.rc_context(werte):
        yield


def _achsenwerte(ax: Any, x: bool) -> list[float]:
    """Return the numbers plotted along one axis: line data, bar positions, scatter offsets."""
    werte: list[float] = []
    for linie in ax.get_lines():
        daten = np.asarray(linie.get_xdata() if x else linie.get_ydata(), dtype=object).ravel()
        werte += [float(v) for v in daten if isinstance(v, Real) and not isinstance(v, bool)]
    for reihe in ax.containers:
        if not isinstance(reihe, BarContainer):
            continue
        waagerecht = getattr(reihe, "orientation", "vertical") == "horizontal"
        for balken in reihe:
            if x and not waagerecht:
                werte.append(balken.get_x() + balken.get_width() / 2)
            elif not x and waagerecht:
                werte.append(balken.get_y() + balken.get_height() / 2)
    for sammlung in ax.collections:
        if isinstance(sammlung, PolyCollection):  # stackplot, fill_between: the polygons' corners
            for pfad in sammlung.get_paths():
                werte += [float(v) for v in pfad.vertices[:, 0 if x else 1]]
            continue
        versatz = np.asarray(sammlung.get_offsets())
        if versatz.ndim == 2 and len(versatz):
            werte += [float(v) for v in versatz[:, 0 if x else 1]]
    return werte


def _ist_jahresachse(werte: list[float]) -> bool:
    """An axis of years: every value plotted along it is a whole number from 1900 to 2100."""
    return bool(werte) and all(float(v).is_integer() and 1900 <= v <= 2100 for v in werte)


def _deutsche_achse(achse: Any, jahre: bool = False) -> None:
    """German tick labels where the function left matplotlib's defaults: what it set itself
    (`set_xticks`, a locator or formatter of its own, `set_xticklabels`) stays as it is."""
    if not isinstance(achse.get_major_formatter(), ScalarFormatter):
        return
    if jahre:  # 2015, 2016 … – never "2.015", never half years between them
        if type(achse.get_major_locator()) is AutoLocator:  # matplotlib's default, not the function's
            achse.set_major_locator(MaxNLocator(integer=True))
        achse.set_major_formatter(FuncFormatter(lambda x, _pos: str(int(round(x)))))
    else:
        achse.set_major_formatter(FuncFormatter(lambda x, _pos: _tick(x)))


def _tick(x: float) -> str:
    if float(x).is_integer():
        return zahl(int(x))
    return zahl(round(x, 6))


_ZAHLTEXT = re.compile(r"\s*(?P<zahl>[-\u2212]?\d+(?:\.(?P<nach>\d+))?)\s*(?P<prozent>%?)\s*")


def _deutsche_beschriftungen(ax: Any) -> None:
    """Print the numbers in labels German: pie percentages (autopct), bar labels, annotations.

    "44.1%" becomes "44,1 %", "1234.5" becomes "1.234,5", a count "12345" gets its thousands
    point; a four-digit whole number between 1900 and 2100 is left alone (it may be a year).
    """
    for text in ax.texts:
        treffer = _ZAHLTEXT.fullmatch(text.get_text())
        if treffer is None:
            continue
        wert = float(treffer.group("zahl").replace("\u2212", "-"))
        stellen = len(treffer.group("nach") or "")
        if not stellen and not treffer.group("prozent") and (abs(wert) < 1000 or 1900 <= wert <= 2100):
            continue
        text.set_text(
            zahl(wert if stellen else int(wert), stellen) + (PROZENT if treffer.group("prozent") else "")
        )


def _legende_neu(ax: Any) -> None:
    """Redraw the legend where it was, so that its keys show hatches and markers added later."""
    legende = ax.get_legend()
    if legende is None:
        return
    anker = legende.get_bbox_to_anchor()
    ax.legend(
        loc=getattr(legende, "_loc", "best"),
        bbox_to_anchor=anker.transformed(ax.transAxes.inverted()) if anker is not None else None,
        ncol=getattr(legende, "_ncols", 1),
    )


def _schraffieren(ax: Any) -> None:
    """Tell bar series apart by more than colour: hatch every series after the first.

    No two series share colour and pattern, however many series there are.
    """
    reihen = [c for c in ax.containers if isinstance(c, BarContainer)]
    if len(reihen) < 2:
        return
    benutzt = (
        {(to_hex(reihen[0][0].get_facecolor()), reihen[0][0].get_hatch() or "")} if len(reihen[0]) else set()
    )
    for i, reihe in enumerate(reihen[1:], start=1):
        if not len(reihe):
            continue
        farbe = to_hex(reihe[0].get_facecolor())
        if any(balken.get_hatch() for balken in reihe):
            benutzt.add((farbe, reihe[0].get_hatch()))
            continue  # the chart function chose its own patterns
        muster = [m for m in SCHRAFFUREN if m]
        start = (i - 1) % len(muster)
        folge = muster[start:] + muster[:start]
        schraffur = next((m for m in folge if (farbe, m) not in benutzt), None)
        if schraffur is None:  # every pattern taken with this colour: a denser one
            schraffur = next(m * 2 for m in folge if (farbe, m * 2) not in benutzt)
        benutzt.add((farbe, schraffur))
        for balken in reihe:
            balken.set_hatch(schraffur)
            balken.set_edgecolor("white")
    _legende_neu(ax)


LINIENARTEN = ("-", "--", ":", "-.")
MARKER = ("o", "s", "^", "D", "v", "P", "X")


def _linien_unterscheiden(ax: Any) -> None:
    """With more lines than palette colours, vary line style and marker so no two lines look alike."""
    linien = [linie for linie in ax.get_lines() if not linie.get_label().startswith("_")]
    farben = len(matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", [])) or 1
    if len(linien) <= farben:
        return
    je_farbe: dict[str, int] = {}
    for linie in linien:
        if linie.get_linestyle() != "-" or linie.get_marker() not in ("None", None, ""):
            continue  # the chart function chose its own style
        farbe = to_hex(linie.get_color())
        k = je_farbe.get(farbe, 0)
        je_farbe[farbe] = k + 1
        if k:
            linie.set_linestyle(LINIENARTEN[k % len(LINIENARTEN)])
            linie.set_marker(MARKER[(k - 1) % len(MARKER)])
    _legende_neu(ax)


def nachbearbeiten(fig: Figure) -> None:
    """Give every axis German numbers (years without a thousands point), German labels, series
    told apart by more than colour; remove titles in the image (the caption carries it)."""
    for ax in fig.get_axes():
        _deutsche_achse(ax.xaxis, _ist_jahresachse(_achsenwerte(ax, x=True)))
        _deutsche_achse(ax.yaxis, _ist_jahresachse(_achsenwerte(ax, x=False)))
        _deutsche_beschriftungen(ax)
        _schraffieren(ax)
        _linien_unterscheiden(ax)
        ax.set_title("")
    if getattr(fig, "_suptitle", None) is not None:
        fig._suptitle.set_text("")


def als_png(fig: Figure, breite_cm: float) -> tuple[bytes, float, float]:
    """Render `fig` as an RGB PNG at print resolution; return it with its size in cm at `breite_cm`.

    Like matplotlib's bbox_inches="tight", but without a PNG round trip: the figure is drawn once
    and cropped to its content; only where content (axis labels, an outside legend) reaches beyond
    the canvas does the canvas grow and the figure get drawn a second time.
    """
    FigureCanvasAgg(fig)  # render with Agg, whatever canvas pyplot gave the figure
    fig.set_dpi(DPI)
    fig.patch.set_facecolor("white")
    fig.canvas.draw()  # layout and pixels at once; drawn again only if the canvas must grow
    breite_in, hoehe_in = fig.get_size_inches()
    rahmen = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.05)
    links, unten = max(0.0, -rahmen.x0), max(0.0, -rahmen.y0)
    rechts, oben = max(0.0, rahmen.x1 - breite_in), max(0.0, rahmen.y1 - hoehe_in)
    if links or unten or rechts or oben:  # grow the canvas, keep every axes where it is
        neu_b, neu_h = breite_in + links + rechts, hoehe_in + unten + oben
        lagen = [(ax, ax.get_position()) for ax in fig.axes]
        fig.set_size_inches(neu_b, neu_h)
        for ax, lage in lagen:
            ax.set_position(
                [
                    (lage.x0 * breite_in + links) / neu_b,
                    (lage.y0 * hoehe_in + unten) / neu_h,
                    lage.width * breite_in / neu_b,
                    lage.height * hoehe_in / neu_h,
                ]
            )
        fig.canvas.draw()
        rahmen = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.05)
    breite_px, hoehe_px = fig.canvas.get_width_height()
    oben_px = max(0, int(hoehe_px - rahmen.y1 * DPI))
    unten_px = min(hoehe_px, math.ceil(hoehe_px - rahmen.y0 * DPI))
    links_px, rechts_px = max(0, int(rahmen.x0 * DPI)), min(breite_px, math.ceil(rahmen.x1 * DPI))
    pixel = np.asarray(fig.canvas.buffer_rgba())
    bild = Image.fromarray(np.ascontiguousarray(pixel[oben_px:unten_px, links_px:rechts_px, :3]))
    plt.close(fig)
    breite_px, hoehe_px = bild.size
    rgb = io.BytesIO()
    bild.save(rgb, format="PNG", dpi=(DPI, DPI), compress_level=1)  # LibreOffice embeds it losslessly
    natuerlich_cm = breite_px / DPI * 2.54
    breite = min(breite_cm, natuerlich_cm) if natuerlich_cm > 0 else breite_cm
    return rgb.getvalue(), breite, breite * hoehe_px / breite_px


def _wert(v: float) -> str:
    """A value drawn in a chart as the alt text names it; a missing one by the sign of its cell
    where matplotlib kept it ("…" not yet available), else "kein Wert" (matplotlib gives bars as
    bare numbers: which sign stood there is not known)."""
    zeichen = getattr(v, "zeichen", "")
    if zeichen:
        return zeichen
    if math.isnan(float(v)):
        return "kein Wert"
    return zahl(int(v)) if float(v).is_integer() else zahl(round(float(v), 6))


def _x_wert(v: Any) -> str:
    """Format a value on the x axis; whole numbers that look like years keep no separator."""
    if isinstance(v, str):
        return v
    if float(v).is_integer() and 1800 <= float(v) <= 2200:
        return str(int(v))
    return _wert(v)


def _kategorien(ax: Any, horizontal: bool) -> list[str]:
    achse = ax.yaxis if horizontal else ax.xaxis
    return [t.get_text() for t in achse.get_ticklabels()]


def alt_text(fig: Figure, titel: str) -> str:
    """Describe a chart from the data drawn in it: kind, title and every value in German format.

    A default for charts whose function gives no `alt`; editors override it with `:alt:`.
    """
    teile: list[str] = []
    art = "Diagramm"
    for ax in fig.get_axes():
        balken = [c for c in ax.containers if isinstance(c, BarContainer)]
        if balken:
            horizontal = getattr(balken[0], "orientation", "vertical") == "horizontal"
            art = "Balkendiagramm" if horizontal else "Säulendiagramm"
            kategorien = _kategorien(ax, horizontal)
            achse = (ax.get_ylabel() if horizontal else ax.get_xlabel()).strip()
            for reihe in balken:
                name = reihe.get_label()
                name = "" if name.startswith("_") else f"{name}: "
                werte = list(reihe.datavalues)
                paare = [
                    f"{kategorien[i] if i < len(kategorien) and kategorien[i] else i + 1}: {_wert(v)}"
                    for i, v in enumerate(werte)
                ]
                teile.append(name + (f"{achse} " if achse else "") + ", ".join(paare))
            continue
        linien = [line for line in ax.get_lines() if not line.get_label().startswith("_")] or ax.get_lines()
        if linien:
            art = "Liniendiagramm"
            for line in linien:
                name = line.get_label()
                paare = [
                    f"{_x_wert(x)}: {_wert(y)}"
                    for x, y in zip(line.get_xdata(), line.get_ydata(), strict=False)
                ]
                teile.append(("" if name.startswith("_") else f"{name}: ") + ", ".join(paare))
            continue
        punkte = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
        if punkte:
            art = "Punktdiagramm"
            achsen = f"{ax.get_xlabel().strip() or 'x'} und {ax.get_ylabel().strip() or 'y'}"
            for reihe in punkte:
                name = str(reihe.get_label())
                paare = [f"{_x_wert(x)} | {_wert(y)}" for x, y in np.asarray(reihe.get_offsets())]
                teile.append(("" if name.startswith("_") else f"{name}: ") + f"{achsen}: " + ", ".join(paare))
            continue
        if any(isinstance(p, Wedge) for p in ax.patches):
            art = "Kreisdiagramm"
            texte = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_text().strip()]
            teile.append("; ".join(texte))
    inhalt = "; ".join(t for t in teile if t)
    return f"{art}: {titel}" + (f"; {inhalt}." if inhalt else ".")
