"""Abbreviations: declared once, spelled out at their first use in running text, and listed."""

from __future__ import annotations

import re
from pathlib import Path

from ..fehler import Ort
from .modell import (
    Absatz,
    EinfacheTabelle,
    Kapitel,
    Liste,
    Text,
    Ueberschrift,
    Zitat,
)

TITEL = "Abkürzungsverzeichnis"


def _texte_im_fliesstext(bloecke):
    """Yield the Text inlines of running text (paragraphs, lists, quotes), in reading order."""
    for b in bloecke:
        if isinstance(b, Absatz):
            yield from (t for t in b.inhalt if isinstance(t, Text) and not t.code)
        elif isinstance(b, Liste):
            for eintrag in b.eintraege:
                yield from _texte_im_fliesstext(eintrag)
        elif isinstance(b, Zitat):
            yield from _texte_im_fliesstext(b.bloecke)


def ausschreiben(kapitel: list[Kapitel], abkuerzungen: dict[str, str]) -> None:
    """Spell out each abbreviation at its first use: "KI" → "Kommunales Integrationszentrum (KI)".

    A first use already written as "(KI)" counts as spelled out and is left as it is.
    """
    offen = dict(abkuerzungen)
    for k in kapitel:
        for text in _texte_im_fliesstext(k.bloecke):
            for kurz in list(offen):
                muster = re.compile(rf"(?<![\w(]){re.escape(kurz)}(?![\w)])|\({re.escape(kurz)}\)")
                treffer = muster.search(text.text)
                if treffer is None:
                    continue
                if not treffer.group(0).startswith("("):
                    lang = offen[kurz]
                    text.text = text.text[: treffer.start()] + f"{lang} ({kurz})" + text.text[treffer.end() :]
                del offen[kurz]


def verzeichnis(abkuerzungen: dict[str, str]) -> Kapitel:
    """Return the chapter listing all declared abbreviations, sorted."""
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
