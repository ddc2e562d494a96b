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


def kandidaten(k: Kapitel) -> list[tuple[str, Folieninhalt]]:
    """Everything of the chapter that could be a slide, in reading order, with the name the front
    matter uses for it (a table's or chart's name, a section's heading)."""
    inhalte: list[tuple[str, Folieninhalt]] = []
    abschnitt: Stichpunkte | None = None
    titel, ort = k.titel, _titelort(k)
    for b in k.bloecke:  # top-level blocks: lists inside lists or quotes belong to their parent
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


def auswahl(k: Kapitel) -> list[Folieninhalt]:
    """The chapter's content slides in reading order."""
    if k.folien is False:
        return []
    if k.folien is True:
        return [inhalt for _name, inhalt in kandidaten(k) if not _abgewaehlt(inhalt)]  # type: ignore[arg-type]
    gewaehlt = {n.casefold() for n in k.folien}
    return [inhalt for name, inhalt in kandidaten(k) if name.casefold() in gewaehlt]


def _zeile(k: Kapitel, schluessel: str) -> int:
    """The line of the front matter entry `schluessel` ("folien:"), else 1."""
    return next(
        (i for i, z in enumerate(k.quelltext.split("\n"), start=1) if z.lstrip().startswith(schluessel)), 1
    )


def _titelort(k: Kapitel) -> Ort:
    return Ort(k.datei, _zeile(k, "titel:"))


def folientitel(k: Kapitel) -> list[tuple[str, Ort, bool]]:
    """The titles of the chapter's slides with where each is written, and whether it is a caption
    (of a table or chart, which `:folie: nein` can leave out) rather than a heading."""
    if k.folien is False:
        return []
    titel = [(k.titel, _titelort(k), False)]
    for inhalt in auswahl(k):
        if isinstance(inhalt, Stichpunkte):
            titel.append((inhalt.titel, inhalt.ort or _titelort(k), False))
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


def ins_leere(k: Kapitel) -> list[tuple[str, Ort]]:
    """The entries of the front matter's `folien` list that name nothing in the chapter, with the
    line they stand on."""
    if not isinstance(k.folien, list):
        return []
    namen = {name.casefold() for name, _inhalt in kandidaten(k)}
    zeile = _zeile(k, "folien:")
    return [(n, Ort(k.datei, zeile)) for n in k.folien if n.casefold() not in namen]
