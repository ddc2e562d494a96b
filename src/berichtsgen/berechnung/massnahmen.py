"""Measures of the concept and how far they are implemented (Umsetzungsstand), with an Ampel.

The data file `massnahmen.csv` (in the year's or the project's `daten/`) has the columns
Handlungsfeld; Maßnahme; Federführung; Zeitraum; Status; Bemerkung. Status must be one of the
project's vocabulary (setting `status`); each status has a light Ampel fill behind dark text, so
the colour adds to the word and never replaces it.
"""

from __future__ import annotations

import pandas as pd

from ..fehler import DatenFehler, Ort, vorschlag
from ..inhalt.modell import Beschriftung, FertigeTabelle
from .daten import herkunft
from .format import NICHTS as LEER

DATEI = "massnahmen.csv"
SPALTEN = ["Handlungsfeld", "Maßnahme", "Federführung", "Zeitraum", "Status", "Bemerkung"]
AMPEL = [
    ("C6EFCE", "grün"),
    ("FFEB9C", "gelb"),
    ("DDEBF7", "blau"),
    ("E7E6E6", "grau"),
    ("F8CBAD", "rot"),
    ("E4DFEC", "violett"),
]
"""Light fills (with dark text far above 4.5:1) for the statuses, in vocabulary order."""
DIAGRAMMFARBEN = ["#2E7D32", "#8A6D00", "#1F4E79", "#595959", "#B3541E", "#6A1B9A"]
"""Chart colours for the statuses, each at least 3:1 against white."""


def lesen(daten: pd.DataFrame, vokabular: tuple[str, ...]) -> pd.DataFrame:
    """Check the measures file: its columns and that every status is in `vokabular`."""
    quelle = herkunft(daten)
    datei = quelle.datei if quelle else DATEI
    fehlend = [s for s in SPALTEN if s not in daten.columns]
    if fehlend:
        raise DatenFehler(
            f"In der Maßnahmendatei fehlt die Spalte „{fehlend[0]}“.",
            Ort(datei, 1),
            "Spalten: " + "; ".join(SPALTEN) + ".",
        )
    for i, status in enumerate(daten["Status"].tolist()):
        if str(status).strip() not in vokabular:
            zeile = quelle.zeilennummern[i] if quelle and i < len(quelle.zeilennummern) else None
            raise DatenFehler(
                f"Status „{status}“ ist nicht vorgesehen.",
                Ort(datei, zeile),
                vorschlag(str(status), set(vokabular)) or "Erlaubt: " + ", ".join(vokabular) + ".",
            )
    return daten


def tabelle(
    daten: pd.DataFrame, handlungsfeld: str | None, vokabular: tuple[str, ...], beschriftung: Beschriftung
) -> FertigeTabelle:
    """Return the measures of one Handlungsfeld (or all) with the status shaded as an Ampel."""
    auswahl = (
        daten
        if handlungsfeld is None
        else daten[daten["Handlungsfeld"].astype(str).str.strip() == handlungsfeld]
    )
    spalten = SPALTEN if handlungsfeld is None else SPALTEN[1:]
    zeilen = [
        [LEER if pd.isna(w) or str(w).strip() == "" else str(w).strip() for w in r]
        for r in auswahl[spalten].itertuples(index=False)
    ]
    status_spalte = spalten.index("Status")
    fuellung = {
        (i, status_spalte): AMPEL[vokabular.index(z[status_spalte]) % len(AMPEL)][0]
        for i, z in enumerate(zeilen)
        if z[status_spalte] in vokabular
    }
    legende = "Umsetzungsstand: " + ", ".join(
        f"{s} ({AMPEL[i % len(AMPEL)][1]} hinterlegt)" for i, s in enumerate(vokabular)
    )
    return FertigeTabelle(
        kopf=list(spalten),
        zeilen=zeilen,
        rechtsbuendig=[False] * len(spalten),
        summenzeilen=set(),
        beschriftung=beschriftung,
        anmerkungen=[legende],
        fuellung=fuellung,
    ).ohne_leere_spalten(behalten={"Maßnahme", "Status"})


def zaehlung(daten: pd.DataFrame, vokabular: tuple[str, ...]) -> pd.DataFrame:
    """Count the measures per Handlungsfeld and status (rows: fields, columns: statuses)."""
    tabelle = pd.crosstab(
        daten["Handlungsfeld"].astype(str).str.strip(), daten["Status"].astype(str).str.strip()
    )
    return tabelle.reindex(columns=list(vokabular), fill_value=0)


def diagramm(
    zaehlung: pd.DataFrame, titel: str, farben: tuple[str, ...], schrift: str, breite_cm: float
) -> tuple[bytes, float, float, str]:
    """The stacked bar chart of `zaehlung` (measures per Handlungsfeld and status) as a picture of
    at most `breite_cm`: (PNG, width and height in cm, alt text)."""
    from matplotlib.ticker import MaxNLocator

    from . import diagramme

    with diagramme.stil(farben, schrift):
        fig, ax = diagramme.plt.subplots(figsize=(6.3, 0.45 * len(zaehlung) + 1.2))
        links = [0] * len(zaehlung)
        for i, status in enumerate(zaehlung.columns):
            werte = [int(v) for v in zaehlung[status]]
            ax.barh(
                [f"Handlungsfeld {h}" for h in zaehlung.index],
                werte,
                left=links,
                label=status,
                color=DIAGRAMMFARBEN[i % len(DIAGRAMMFARBEN)],
            )
            links = [a + b for a, b in zip(links, werte, strict=True)]
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers only
        ax.set_xlabel("Anzahl Maßnahmen")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=len(zaehlung.columns))
        diagramme.nachbearbeiten(fig)
        alt = diagramme.alt_text(fig, titel)
        png, breite, hoehe = diagramme.als_png(fig, breite_cm)
    return png, breite, hoehe, alt
