"""Abbreviations: declared once, spelled out at their first use in running text, listed if used.

Spelling out replaces "KI" by "Kommunales Integrationszentrum (KI)". That is only safe where the
long form needs no other inflection: after an article or a preposition with article ("das KI"
would become "das Kommunales …") or inside a compound ("KI-Team") it would break the sentence.
There the text stays as written and `check` names the place, so that the editors write the long
form themselves, inflected ("das Kommunale Integrationszentrum (KI)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..fehler import Befund, Ort
from .modell import (
    Absatz,
    Definitionsliste,
    DiagrammPlatz,
    EinfacheTabelle,
    Kapitel,
    Liste,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Zitat,
    alle_bloecke,
)

TITEL = "Abkürzungsverzeichnis"

BEGLEITER = set(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines
    dieser diese dieses diesem diesen jener jene jenes jenem jenen jeder jede jedes jedem jeden
    mein meine meinem meinen meiner meines dein deine deinem deinen deiner deines
    sein seine seinem seinen seiner seines ihr ihre ihrem ihren ihrer ihres
    unser unsere unserem unseren unserer unseres euer eure eurem euren eurer eures
    welcher welche welches welchem welchen
    zum zur im am beim vom ins ans aufs durchs fürs ums übers unterm vorm hinterm""".split()
)
"""Words after which a spelled-out long form would need another inflection."""


def _muster(kurz: str) -> re.Pattern:
    return re.compile(rf"(?<![\w(]){re.escape(kurz)}(?![\w)])|\({re.escape(kurz)}\)")


def _absaetze(bloecke) -> Iterator[Absatz]:
    """The paragraphs of running text (also in lists, quotes and definition lists), in reading order."""
    for b in bloecke:
        if isinstance(b, Absatz):
            yield b
        elif isinstance(b, Liste):
            for eintrag in b.eintraege:
                yield from _absaetze(eintrag)
        elif isinstance(b, Zitat):
            yield from _absaetze(b.bloecke)
        elif isinstance(b, Definitionsliste):
            for _begriff, erklaerung in b.eintraege:
                yield from _absaetze(erklaerung)


def ausschreiben(kapitel: list[Kapitel], abkuerzungen: dict[str, str]) -> list[Befund]:
    """Spell out each abbreviation at its first use in running text where that keeps the sentence
    intact; return a hint for each first use where it would not.

    A first use already written as "(KI)" counts as spelled out and is left as it is.
    """
    offen = dict(abkuerzungen)
    hinweise: list[Befund] = []
    for k in kapitel:
        for absatz in _absaetze(k.bloecke):
            vorher = ""  # the paragraph's text before the current inline part
            for text in absatz.inhalt:
                if not isinstance(text, Text) or text.code:
                    vorher += getattr(text, "text", "") or ""
                    continue
                for kurz in list(offen):
                    treffer = _muster(kurz).search(text.text)
                    if treffer is None:
                        continue
                    del offen[kurz]
                    if treffer.group(0).startswith("("):
                        continue
                    lang = abkuerzungen[kurz]
                    davor = vorher + text.text[: treffer.start()]
                    wort = re.search(r"(\w+)\W*$", davor)
                    kompositum = davor.endswith("-") or text.text[treffer.end() : treffer.end() + 1] == "-"
                    if kompositum or (wort and wort.group(1).lower() in BEGLEITER):
                        wo = f"in „{treffer.group(0)}-…“" if kompositum else f"nach „{wort.group(1)}“"
                        hinweise.append(
                            Befund(
                                "abkuerzung-nicht-ausgeschrieben",
                                f"„{kurz}“ wird hier zum ersten Mal verwendet, aber nicht ausgeschrieben: "
                                f"{wo} würde „{lang} ({kurz})“ den Satz verbiegen.",
                                absatz.ort,
                                f"Schreiben Sie die Langform passend gebeugt selbst, mit „({kurz})“ dahinter.",
                                "warnung",
                            )
                        )
                        continue
                    text.text = text.text[: treffer.start()] + f"{lang} ({kurz})" + text.text[treffer.end() :]
                vorher += text.text
    return hinweise


def _alle_texte(kapitel: list[Kapitel]) -> Iterator[str]:
    """Every text the report prints: running text, headings, table cells, captions, sources."""
    for k in kapitel:
        for b in alle_bloecke(k.bloecke):
            if isinstance(b, (Absatz, Ueberschrift)):
                yield "".join(getattr(t, "text", "") or "" for t in b.inhalt)
            elif isinstance(b, Definitionsliste):
                for begriff, _erklaerung in b.eintraege:
                    yield "".join(getattr(t, "text", "") or "" for t in begriff)
            elif isinstance(b, EinfacheTabelle):
                for zeile in [b.kopf, *b.zeilen]:
                    yield " ".join(getattr(t, "text", "") or "" for zelle in zeile for t in zelle)
                if b.beschriftung:
                    yield f"{b.beschriftung.titel} {b.beschriftung.quelle or ''}"
            elif isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
                beschriftung = b.ergebnis.beschriftung
                yield f"{beschriftung.titel} {beschriftung.quelle or ''}"
                if isinstance(b, TabellenPlatz):
                    gruppen = [t for t, _b, _d in b.ergebnis.kopfgruppen]
                    yield " ".join(
                        [*gruppen, *b.ergebnis.kopf, *(z for zeile in b.ergebnis.zeilen for z in zeile)]
                    )
                    yield " ".join(b.ergebnis.anmerkungen)


def verwendete(kapitel: list[Kapitel], abkuerzungen: dict[str, str]) -> dict[str, str]:
    """Return the abbreviations the report uses somewhere (declared ones it never uses are not listed)."""
    texte = "\n".join(_alle_texte(kapitel))
    return {kurz: lang for kurz, lang in abkuerzungen.items() if _muster(kurz).search(texte)}


def verzeichnis(abkuerzungen: dict[str, str]) -> Kapitel:
    """Return the chapter listing the abbreviations, sorted."""
    ort = Ort("berichtsgen.toml")
    zeilen = [
        [[Text(kurz)], [Text(lang)]]
        for kurz, lang in sorted(abkuerzungen.items(), key=lambda x: x[0].lower())
    ]
    bloecke = [
        Ueberschrift(1, [Text(TITEL)], ort, neue_seite=True, nummeriert=False),
        EinfacheTabelle([[Text("Abkürzung")], [Text("Bedeutung")]], zeilen, ["links", "links"], ort),
    ]
    return Kapitel(datei=Path("berichtsgen.toml"), titel=TITEL, bloecke=bloecke, neue_seite=True)
