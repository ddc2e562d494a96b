"""The numbering transform: appendix letters, heading anchors, numbers of tables and figures,
cross-references.

Runs once over the whole report in reading order, after the content has been read and computed
and before any renderer (as Sphinx's transforms run between reading and writing). Renderers
receive resolved numbers and never meet a content error; `check` finds every mistake here that
`build` would refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..fehler import InhaltsFehler, Ort, vorschlag
from .modell import (
    ABBILDUNG,
    TABELLE,
    Absatz,
    Bericht,
    Bild,
    DiagrammPlatz,
    EinfacheTabelle,
    FussnotenVerweis,
    Inline,
    Kapitel,
    Nummer,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Verweis,
    alle_bloecke,
)


def nummerieren(bericht: Bericht, verweise_pruefen: bool = True) -> list[InhaltsFehler]:
    """Letter the appendices, anchor the headings, number tables and figures, resolve every
    cross-reference.

    Changes the model in place and returns every error found (a name used twice, a reference
    to no table or figure), each at the place the editor wrote it. Without `verweise_pruefen`
    unresolved references are left unreported: after a mistyped table name they would only
    repeat that mistake (they are reported once the tables and figures are in order).
    """
    fehler: list[InhaltsFehler] = []
    _anhaenge_benennen(bericht)
    _anker_setzen(bericht)
    nummern: dict[str, Nummer] = {}
    orte: dict[str, Ort] = {}
    zaehler = {TABELLE: 0, ABBILDUNG: 0}
    for kapitel in bericht.kapitel():
        if kapitel.anhang:  # each appendix counts its own: Abbildung A.1, A.2, B.1 …
            zaehler = {TABELLE: 0, ABBILDUNG: 0}
        for b in alle_bloecke(kapitel.bloecke):
            if not isinstance(b, (TabellenPlatz, DiagrammPlatz, Bild, EinfacheTabelle)):
                continue
            if isinstance(b, EinfacheTabelle) and b.name is None:
                continue  # a bare GFM table has no number (check asks for a caption)
            if b.name in nummern:
                fehler.append(
                    InhaltsFehler(
                        f"„{b.name}“ steht schon in {_wo(orte[b.name], b.ort)}; jede Tabelle und Abbildung "
                        "darf nur einmal vorkommen.",
                        b.ort,
                        "Verweisen Sie stattdessen mit [](#" + b.name + ") darauf.",
                    )
                )
                continue
            art = TABELLE if isinstance(b, (TabellenPlatz, EinfacheTabelle)) else ABBILDUNG
            zaehler[art] += 1
            b.nummer = Nummer(art, zaehler[art], kapitel.buchstabe, kapitel.anhang and zaehler[art] == 1)
            nummern[b.name], orte[b.name] = b.nummer, b.ort
    bericht.nummern = nummern
    for kapitel in bericht.kapitel():
        for verweis in _verweise(kapitel):
            verweis.ziel = nummern.get(verweis.name)
            if verweis.ziel is None and verweise_pruefen:
                fehler.append(
                    InhaltsFehler(
                        f"Querverweis auf „{verweis.name}“: keine Tabelle oder Abbildung dieses Namens.",
                        verweis.ort,
                        vorschlag(verweis.name, set(nummern)),
                    )
                )
    return fehler


def _anker_setzen(bericht: Bericht) -> None:
    """Give every heading its anchor, counted through the report in reading order: the web
    edition's ids and the targets of its table of contents."""
    n = 0
    for kapitel in bericht.kapitel():
        for b in kapitel.bloecke:
            if isinstance(b, Ueberschrift):
                n += 1
                b.anker = f"abschnitt-{n}"


def _wo(ort: Ort, hier: Ort) -> str:
    """Name `ort` as seen from `hier`: "Zeile 3" in the same file, else "01-einleitung.md:3"
    (the chapters of a year share one folder)."""
    if ort.datei == hier.datei:
        return f"Zeile {ort.zeile}"
    return f"{Path(str(ort.datei)).name}:{ort.zeile}"


def _anhaenge_benennen(bericht: Bericht) -> None:
    """Give appendices their letters in reading order and put "Anhang A: " before their title."""
    buchstabe = ord("A")
    for kapitel in bericht.kapitel():
        if not kapitel.anhang:
            continue
        kapitel.buchstabe = chr(buchstabe)
        buchstabe += 1
        praefix = f"Anhang {kapitel.buchstabe}: "
        kapitel.titel = praefix + kapitel.titel
        kopf = next((b for b in kapitel.bloecke if isinstance(b, Ueberschrift) and b.ebene == 1), None)
        if kopf is not None and kopf.inhalt and isinstance(kopf.inhalt[0], Text):
            erster = kopf.inhalt[0]
            kopf.inhalt[0] = Text(praefix + erster.text, erster.fett, erster.kursiv, erster.code)
        elif kopf is not None:
            kopf.inhalt.insert(0, Text(praefix))


def _verweise(kapitel: Kapitel) -> Iterator[Verweis]:
    """Yield every cross-reference of a chapter, in footnotes and table cells too."""
    for b in alle_bloecke(kapitel.bloecke):
        if isinstance(b, (Absatz, Ueberschrift)):
            yield from _in_zeile(b.inhalt)
        elif isinstance(b, EinfacheTabelle):
            for zelle in [*b.kopf, *(z for zeile in b.zeilen for z in zeile)]:
                yield from _in_zeile(zelle)


def _in_zeile(inhalt: list[Inline]) -> Iterator[Verweis]:
    for teil in inhalt:
        if isinstance(teil, Verweis):
            yield teil
        elif isinstance(teil, FussnotenVerweis):
            for b in teil.inhalt:
                for inner in alle_bloecke([b]):
                    if isinstance(inner, (Absatz, Ueberschrift)):
                        yield from _in_zeile(inner.inhalt)
