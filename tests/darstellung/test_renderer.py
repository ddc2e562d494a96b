"""Every kind of the document model is handled by every renderer – rendered, or left out on
purpose with a reason – and the three renderers are called the same way.

Each renderer dispatches through a table (`BLOECKE`, `INLINE`) by the model's classes, and a kind
missing from it raises instead of vanishing. The tables are held against the model here; that
every kind really renders is shown by tests/roots/alles, which holds every kind
(`test_alles_abdeckung`) and is built in every format (`test_alles`).
"""

from __future__ import annotations

import inspect
import re
import typing
from dataclasses import dataclass, field

import pytest

from berichtsgen.darstellung import folien, html
from berichtsgen.darstellung import word as word_modul
from berichtsgen.darstellung.word.bloecke import BLOECKE as WORD_BLOECKE
from berichtsgen.darstellung.word.bloecke import INLINE as WORD_INLINE
from berichtsgen.darstellung.word.bloecke import Bloecke
from berichtsgen.fehler import Ort
from berichtsgen.inhalt import modell
from berichtsgen.inhalt.arten import Ausgelassen, art
from berichtsgen.inhalt.folien import Folieninhalt, Stichpunkte

TABELLEN = {
    "Word": (WORD_BLOECKE, WORD_INLINE),
    "HTML": (html.BLOECKE, html.INLINE),
    "Folien": (folien.BLOECKE, folien.INLINE),
}


def _arten(vereinigung) -> set[type]:
    """Every class of the model that is a kind of `vereinigung`, subclasses included."""
    basen = typing.get_args(vereinigung)
    return {
        c
        for c in vars(modell).values()
        if isinstance(c, type) and c.__module__ == modell.__name__ and issubclass(c, basen)
    }


@dataclass
class NeueArt:
    """A kind the model might gain one day."""

    ort: Ort = field(default_factory=lambda: Ort("neu.md", 4))


@pytest.mark.parametrize("renderer", TABELLEN)
def test_jede_art_hat_in_jedem_renderer_einen_eintrag(renderer):
    bloecke, inline = TABELLEN[renderer]
    for tabelle, vereinigung in ((bloecke, modell.Block), (inline, modell.Inline)):
        arten = _arten(vereinigung)
        assert arten >= set(typing.get_args(vereinigung))
        ohne = [a.__name__ for a in arten if not any(issubclass(a, k) for k in tabelle)]
        assert ohne == [], f"{renderer} kennt nicht: {ohne}"
        assert set(tabelle) <= arten, "a table names a kind the model no longer has"
        if vereinigung is modell.Block:
            assert modell.MassnahmenDiagrammPlatz in arten  # a subclass outside the union counts too
        for wert in tabelle.values():
            assert isinstance(wert, str) and wert
            if isinstance(wert, Ausgelassen):
                assert wert.endswith("."), "a reason, as a sentence"


def test_word_ruft_fuer_jede_art_eine_methode():
    for tabelle in (WORD_BLOECKE, WORD_INLINE):
        for klasse, methode in tabelle.items():
            assert callable(getattr(Bloecke, methode, None)), (klasse.__name__, methode)
    assert not any(isinstance(m, Ausgelassen) for m in (*WORD_BLOECKE.values(), *WORD_INLINE.values()))


def test_jeder_zweig_der_html_vorlage_hat_eine_art_und_umgekehrt():
    vorlage = (html.VORLAGEN / "bloecke.html.j2").read_text(encoding="utf-8")
    zweige = set(re.findall(r'a == "(\w+)"', vorlage))
    genannt = {w for w in (*html.BLOECKE.values(), *html.INLINE.values()) if not isinstance(w, Ausgelassen)}
    assert zweige == genannt | {"ausgelassen"}
    assert html._art(modell.Seitenumbruch(Ort("a.md", 1))) == "ausgelassen"
    assert html._art(modell.MassnahmenPlatz("m", modell.Optionen(), Ort("a.md", 1))) == "tabelle"


def test_folien_zeigen_was_die_auswahl_waehlt():
    """What the slide selection can give (a table, chart or picture; a heading's lists) is what
    the deck's table shows on a slide of its own or as bullet points."""
    auf_folien = {k for k, w in folien.BLOECKE.items() if w == "folie"}
    assert auf_folien == set(typing.get_args(Folieninhalt)) - {Stichpunkte}
    assert folien.BLOECKE[modell.Liste] == "stichpunkte"


def test_unbekannte_art_faellt_in_jedem_renderer_auf(tmp_path):
    from test_bloecke import _bloecke

    with pytest.raises(TypeError, match="NeueArt"):
        _bloecke().block(NeueArt())
    with pytest.raises(TypeError, match="NeueArt"):
        _bloecke().inline([NeueArt()])
    kapitel = modell.Kapitel(
        tmp_path / "a.md", "A", [modell.Absatz([modell.Text("x")], Ort("a.md", 1)), NeueArt()]
    )
    bericht = modell.Bericht([("kapitel", [kapitel])])
    daten = modell.Berichtsdaten("T", "", "", "März 2024", 2024, "", "", "de-DE")
    with pytest.raises(TypeError, match="NeueArt"):
        html.rendern(bericht, daten, html.Webvorlage(), tmp_path / "html")
    with pytest.raises(TypeError, match="NeueArt"):
        folien.rendern(bericht, daten, folien.Folienvorlage(None), tmp_path / "f.pptx")
    with pytest.raises(TypeError, match="Unbekannte Art NeueArt"):
        art(folien.INLINE, NeueArt())


def test_ein_renderer_ein_aufruf():
    """rendern(bericht, daten, vorlage, ziel) in each: the model, the title data, what the output is
    laid out with (Word template, web layout, slide template), the file or folder to write."""
    for modul in (word_modul, html, folien):
        parameter = list(inspect.signature(modul.rendern).parameters)
        assert parameter == ["bericht", "daten", "vorlage", "ziel"], modul.__name__


def test_zeilenumbruch_in_den_notizen_trennt_die_woerter(tmp_path):
    absatz = modell.Absatz([modell.Text("eins"), modell.Umbruch(), modell.Text("zwei")], Ort("a.md", 3))
    kapitel = modell.Kapitel(tmp_path / "a.md", "A", [absatz])
    assert folien._fliesstext(kapitel) == "eins zwei"
