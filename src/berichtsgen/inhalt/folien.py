"""What of a chapter goes on slides: the selection the deck renderer and `check` share.

By default every numbered chart, picture and table of a chapter gets a slide of its own, and the
lists of each section (under a heading, or under the chapter title) become one bullet slide with
the heading as its title. The editor changes that in the chapter's front matter:

    folien: nein                                   # nothing of this chapter
    folien: [wohnungssuchende, Ergebnisse und nächste Schritte]   # only these, in reading order

or leaves one table or chart out with the option `:folie: nein`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..fehler import Ort
from .modell import (
    Bild,
    Block,
    DiagrammPlatz,
    EinfacheTabelle,
    Kapitel,
    Liste,
    TabellenPlatz,
    Ueberschrift,
)


@dataclass
class Stichpunkte:
    """The lists of one section: a bullet slide titled with the section's heading."""

    titel: str
    listen: list[Liste] = field(default_factory=list)
    ort: Ort | None = None
    """Where the title is written (the heading, or the chapter's front matter)."""


Folieninhalt = TabellenPlatz | DiagrammPlatz | Bild | EinfacheTabelle | Stichpunkte


def _name(b: Block) -> str | None:
    """The name a numbered table or chart is referred to by, or None for other blocks."""
    if isinstance(b, (TabellenPlatz, DiagrammPlatz, Bild, EinfacheTabelle)) and b.nummer is not None:
        return b.name
    return None


def _abgewaehlt(b: Block) -> bool:
    if isinstance(b, (TabellenPlatz, DiagrammPlatz)):
        return not b.optionen.folie
    if isinstance(b, EinfacheTabelle):
        return not b.folie
    return False


def kandidaten(kapitel: Kapitel) -> list[tuple[str, Folieninhalt]]:
    """Everything of the chapter that could be a slide, in reading order, with the name the front
    matter uses for it (a table's or chart's name, a section's heading)."""
    inhalte: list[tuple[str, Folieninhalt]] = []
    abschnitt: Stichpunkte | None = None
    titel, ort = kapitel.titel, _titelort(kapitel)
    for b in kapitel.bloecke:  # top-level blocks: lists inside lists or quotes belong to their parent
        if isinstance(b, Ueberschrift):
            titel, ort, abschnitt = b.text.strip() or titel, b.ort, None
        elif isinstance(b, Liste):
            if abschnitt is None:
                abschnitt = Stichpunkte(titel, ort=ort)
                inhalte.append((titel, abschnitt))
            abschnitt.listen.append(b)
        name = _name(b)
        if name is not None:
            inhalte.append((name, b))  # type: ignore[arg-type]
    return inhalte


def auswahl(kapitel: Kapitel) -> list[Folieninhalt]:
    """The chapter's content slides in reading order."""
    if kapitel.folien is False:
        return []
    if kapitel.folien is True:
        return [inhalt for _name, inhalt in kandidaten(kapitel) if not _abgewaehlt(inhalt)]  # type: ignore[arg-type]
    gewaehlt = {n.casefold() for n in kapitel.folien}
    return [inhalt for name, inhalt in kandidaten(kapitel) if name.casefold() in gewaehlt]


def _zeile(kapitel: Kapitel, schluessel: str) -> int:
    """The line of the front matter entry `schluessel` ("folien:"), else 1."""
    return next(
        (
            i
            for i, z in enumerate(kapitel.quelltext.split("\n"), start=1)
            if z.lstrip().startswith(schluessel)
        ),
        1,
    )


def _titelort(kapitel: Kapitel) -> Ort:
    return Ort(kapitel.datei, _zeile(kapitel, "titel:"))


def folientitel(kapitel: Kapitel) -> list[tuple[str, Ort, bool]]:
    """The titles of the chapter's slides with where each is written, and whether it is a caption
    (of a table or chart, which `:folie: nein` can leave out) rather than a heading."""
    if kapitel.folien is False:
        return []
    titel = [(kapitel.titel, _titelort(kapitel), False)]
    for inhalt in auswahl(kapitel):
        if isinstance(inhalt, Stichpunkte):
            titel.append((inhalt.titel, inhalt.ort or _titelort(kapitel), False))
            continue
        beschriftung = (
            inhalt.beschriftung
            if isinstance(inhalt, EinfacheTabelle)
            else inhalt.ergebnis.beschriftung
            if inhalt.ergebnis is not None
            else None
        )
        if beschriftung is not None and inhalt.nummer is not None:
            titel.append((f"{inhalt.nummer.text}: {beschriftung.titel}", inhalt.ort, True))
    return titel


def ins_leere(kapitel: Kapitel) -> list[tuple[str, Ort]]:
    """The entries of the front matter's `folien` list that name nothing in the chapter, with the
    line they stand on."""
    if not isinstance(kapitel.folien, list):
        return []
    namen = {name.casefold() for name, _inhalt in kandidaten(kapitel)}
    zeile = _zeile(kapitel, "folien:")
    return [(n, Ort(kapitel.datei, zeile)) for n in kapitel.folien if n.casefold() not in namen]
