"""The generated appendix "Datenquellen": every table and figure with its source and reference date."""

from __future__ import annotations

from pathlib import Path

from ..fehler import Ort
from .modell import (
    Absatz,
    Bild,
    DiagrammPlatz,
    EinfacheTabelle,
    Kapitel,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Verweis,
    alle_bloecke,
)

TITEL = "Datenquellen"


def datenquellen(kapitel: list[Kapitel], buchstabe: str) -> Kapitel:
    """Return the appendix listing the Quelle and Stichtag of every table and figure in `kapitel`."""
    ort = Ort("berichtsgen.toml")
    zeilen = []
    for k in kapitel:
        for b in alle_bloecke(k.bloecke):
            if isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
                titel, quelle, stichtag = (
                    b.ergebnis.beschriftung.titel,
                    b.ergebnis.beschriftung.quelle,
                    b.ergebnis.beschriftung.stichtag,
                )
            elif isinstance(b, Bild):
                titel, quelle, stichtag = b.titel, b.quelle, None
            else:
                continue
            zeilen.append(
                [[Verweis(b.name, b.ort)], [Text(titel)], [Text(quelle or "–")], [Text(stichtag or "–")]]
            )
    bloecke = [
        Ueberschrift(1, [Text(f"Anhang {buchstabe}: {TITEL}")], ort, neue_seite=True),
        Absatz(
            [Text("Die Tabellen und Abbildungen dieses Berichts beruhen auf den folgenden Quellen.")], ort
        ),
        EinfacheTabelle(
            kopf=[[Text("Nr.")], [Text("Titel")], [Text("Quelle")], [Text("Stichtag")]],
            zeilen=zeilen,
            ausrichtung=["links", "links", "links", "links"],
            ort=ort,
        ),
    ]
    return Kapitel(
        datei=Path("berichtsgen.toml"), titel=TITEL, bloecke=bloecke, neue_seite=True, anhang=buchstabe
    )
