"""The generated appendix "Datenquellen": every table and figure with its source and reference date."""

from __future__ import annotations

from pathlib import Path

from ..fehler import Ort
from .modell import (
    Absatz,
    Beschriftung,
    Bild,
    DiagrammPlatz,
    EinfacheTabelle,
    Kapitel,
    MassnahmenDiagrammPlatz,
    MassnahmenPlatz,
    Optionen,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Verweis,
    alle_bloecke,
)

TITEL = "Datenquellen"


def datenquellen(kapitel: list[Kapitel], dateien: dict[str, tuple[str | None, str | None]]) -> Kapitel:
    """Return the appendix listing, per data file, its Quelle and Stichtag and where it is used.

    Its letter comes from the numbering transform, like every appendix's.

    `dateien` maps each data file (as shown) to the Quelle and Stichtag its sidecar declares.
    Tables and figures not computed from a data file are listed with their own source.
    """
    ort = Ort("berichtsgen.toml")
    gruppen: dict[tuple[str, str, str], list] = {}
    for k in kapitel:
        for b in alle_bloecke(k.bloecke):
            if isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
                beschriftung = b.ergebnis.beschriftung
            elif isinstance(b, Bild):
                beschriftung = Beschriftung(b.titel, b.quelle, b.stichtag)  # also when unreadable
            elif isinstance(b, EinfacheTabelle) and b.name and b.beschriftung:
                beschriftung = b.beschriftung  # written in Markdown
            else:
                continue
            for datei in beschriftung.dateien or ("–",):
                quelle, stichtag = dateien.get(datei, (None, None))
                schluessel = (
                    datei,
                    quelle or beschriftung.quelle or "–",
                    stichtag or beschriftung.stichtag or "–",
                )
                gruppen.setdefault(schluessel, []).append(Verweis(b.name, b.ort))
    zeilen = []
    for (datei, quelle, stichtag), verweise in gruppen.items():
        verwendet: list = []
        for i, verweis in enumerate(verweise):
            if i:
                verwendet.append(Text(", "))
            verwendet.append(verweis)
        zeilen.append([[Text(datei)], [Text(quelle)], [Text(stichtag)], verwendet])
    bloecke = [
        Ueberschrift(1, [Text(TITEL)], ort, neue_seite=True, nummeriert=False),
        Absatz(
            [
                Text(
                    "Die Tabellen und Abbildungen dieses Berichts beruhen auf den folgenden Daten und Quellen."
                )
            ],
            ort,
        ),
        EinfacheTabelle(
            kopf=[[Text("Datendatei")], [Text("Quelle")], [Text("Stichtag")], [Text("Verwendet in")]],
            zeilen=zeilen,
            ausrichtung=["links", "links", "links", "links"],
            ort=ort,
        ).ohne_leere_spalten(),
    ]
    return Kapitel(datei=Path("berichtsgen.toml"), titel=TITEL, bloecke=bloecke, neue_seite=True, anhang=True)


def massnahmen_anhang() -> Kapitel:
    """Return the appendix "Maßnahmenübersicht": all measures and a chart of their Umsetzungsstand."""
    ort = Ort("berichtsgen.toml")
    bloecke = [
        Ueberschrift(1, [Text("Maßnahmenübersicht")], ort, neue_seite=True, nummeriert=False),
        Absatz(
            [
                Text(
                    "Die folgende Übersicht fasst die Maßnahmen aller Handlungsfelder mit ihrem Umsetzungsstand zusammen; "
                ),
                Verweis("massnahmen_stand", ort),
                Text(" zeigt ihn je Handlungsfeld."),
            ],
            ort,
        ),
        MassnahmenPlatz("massnahmen_alle", Optionen(), ort, handlungsfeld=None),
        MassnahmenDiagrammPlatz("massnahmen_stand", Optionen(), ort),
    ]
    return Kapitel(
        datei=Path("berichtsgen.toml"),
        titel="Maßnahmenübersicht",
        bloecke=bloecke,
        neue_seite=True,
        anhang=True,
    )
