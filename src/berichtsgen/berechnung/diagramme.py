"""Charts: the project's colours and font, German axis numbers, no title inside, print resolution."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Wedge
from matplotlib.ticker import FuncFormatter, ScalarFormatter
from PIL import Image

from .format import zahl

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


def _deutsche_achse(achse: Any) -> None:
    if isinstance(achse.get_major_formatter(), ScalarFormatter):
        achse.set_major_formatter(FuncFormatter(lambda x, _pos: _tick(x)))


def _tick(x: float) -> str:
    if float(x).is_integer():
        return zahl(int(x))
    return zahl(round(x, 6))


def _schraffieren(ax: Any) -> None:
    """Tell bar series apart by more than colour: hatch every series after the first."""
    reihen = [c for c in ax.containers if isinstance(c, BarContainer)]
    if len(reihen) < 2:
        return
    for i, reihe in enumerate(reihen[1:], start=1):
        if any(balken.get_hatch() for balken in reihe):
            continue  # the chart function chose its own patterns
        for balken in reihe:
            balken.set_hatch(SCHRAFFUREN[i % len(SCHRAFFUREN)] or "//")
            balken.set_edgecolor("white")
    legende = ax.get_legend()
    if legende is not None:  # redraw the legend so its keys show the hatching too, where it was
        anker = legende.get_bbox_to_anchor()
        ax.legend(
            loc=getattr(legende, "_loc", "best"),
            bbox_to_anchor=anker.transformed(ax.transAxes.inverted()) if anker is not None else None,
            ncol=getattr(legende, "_ncols", 1),
        )


def nachbearbeiten(fig: Figure) -> None:
    """Give every numeric axis German number format, hatch bar series, remove titles in the image."""
    for ax in fig.get_axes():
        _deutsche_achse(ax.xaxis)
        _deutsche_achse(ax.yaxis)
        _schraffieren(ax)
        ax.set_title("")
    if getattr(fig, "_suptitle", None) is not None:
        fig._suptitle.set_text("")


def als_png(fig: Figure, breite_cm: float) -> tuple[bytes, float, float]:
    """Render `fig` as an RGB PNG at print resolution; return it with its size in cm at `breite_cm`.

    Like matplotlib's bbox_inches="tight", but with one real drawing and no PNG round trip: the
    layout is computed first, the canvas grows where content (axis labels, an outside legend)
    reaches beyond it, then the figure is drawn once and cropped to its content.
    """
    FigureCanvasAgg(fig)  # render with Agg, whatever canvas pyplot gave the figure
    fig.set_dpi(DPI)
    fig.patch.set_facecolor("white")
    fig.draw_without_rendering()
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
    breite_px, hoehe_px = fig.canvas.get_width_height()
    rahmen = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.05)
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
        if any(isinstance(p, Wedge) for p in ax.patches):
            art = "Kreisdiagramm"
            texte = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_text().strip()]
            teile.append("; ".join(texte))
    inhalt = "; ".join(t for t in teile if t)
    return f"{art}: {titel}" + (f"; {inhalt}." if inhalt else ".")
