"""tests/roots/alles uses everything: every kind of the document model, every directive, block
option, front-matter key, building block, documented setting and chart kind – each enumerated from
the code (or the README), so that a new kind is reported here until the project shows it."""

from __future__ import annotations

import ast
import inspect
import re
import tomllib
import typing
from dataclasses import fields
from pathlib import Path

import pytest

from berichtsgen import projekt, vorbereitung
from berichtsgen.berechnung import diagramme
from berichtsgen.fehler import verortet
from berichtsgen.inhalt import markdown, modell
from berichtsgen.inhalt.markdown import KapitelLeser
from berichtsgen.projekt import Einstellungen
from hilfen import REPO
from test_alles import ALLES, JAHR, projekt_kopie

KAPITEL = sorted((ALLES / "inhalte" / str(JAHR)).glob("*.md"))

NICHT_IM_PROJEKT = {
    "vorlage": "the template is what the conformance matrix varies; the project uses the package's own",
    "folien_vorlage": "likewise for the slide deck",
}
"""Documented settings the project leaves at their default on purpose."""

OHNE_ECHTE_DATEN = {
    "ebenen": "no real export in the fixtures has an indented first column (tests/roots/amt shows it)",
    "gruppenzeilen": "likewise: group rows come from that hierarchy",
}
"""Features of computed tables that need data shapes no real file at hand has."""


@pytest.fixture(scope="module")
def bericht(tmp_path_factory):
    """The project read, computed (nothing from a cache) and numbered, as build sees it; and the
    kind of every chart drawn, as berichtsgen's own description of the figure names it."""
    kopie = projekt_kopie(tmp_path_factory.mktemp("abdeckung") / "alles")
    arten: list[str] = []
    original = diagramme.alt_text

    def merken(fig, titel):
        text = original(fig, titel)
        arten.append(text.split(":", 1)[0])
        return text

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(diagramme, "alt_text", merken)
        mp.setenv("BERICHTSGEN_PROZESSE", "1")  # charts drawn in this process, where `merken` is
        p = vorbereitung.als_bericht(vorbereitung.projekt_mit_optionen(JAHR, kopie, None, None), {})
        with verortet(p.wurzel):
            v = vorbereitung.vorbereiten(
                p, lambda _t: None, vorbereitung.Stoppuhr(), neu=True, folien=True, schreiben=False
            )
    assert v.fehler == []
    return v.bericht, set(arten)


def _unterklassen(*vereinigungen) -> set[type]:
    """Every class of the model that is one of the kinds of `vereinigungen`, subclasses included."""
    arten = [a for v in vereinigungen for a in typing.get_args(v)]
    return {
        c
        for c in vars(modell).values()
        if isinstance(c, type) and c.__module__ == modell.__name__ and any(issubclass(c, a) for a in arten)
    }


def _gang(bericht):
    """Yield (element, the chain of its containers' types) for every block and inline element, in
    lists, quotes, definition lists, table cells, footnotes and links."""

    def inline(teile, kette):
        for t in teile:
            yield t, kette
            if isinstance(t, modell.Link):
                yield from inline(t.inhalt, (*kette, modell.Link))
            elif isinstance(t, modell.FussnotenVerweis):
                yield from bloecke(t.inhalt, (*kette, modell.FussnotenVerweis))

    def bloecke(liste, kette):
        for b in liste:
            yield b, kette
            innen = (*kette, type(b))
            if isinstance(b, (modell.Absatz, modell.Ueberschrift)):
                yield from inline(b.inhalt, innen)
            elif isinstance(b, modell.Liste):
                for eintrag in b.eintraege:
                    yield from bloecke(eintrag, innen)
            elif isinstance(b, modell.Zitat):
                yield from bloecke(b.bloecke, innen)
            elif isinstance(b, modell.Definitionsliste):
                for begriff, erklaerung in b.eintraege:
                    yield from inline(begriff, innen)
                    yield from bloecke(erklaerung, innen)
            elif isinstance(b, modell.EinfacheTabelle):
                for zelle in [*b.kopf, *(z for zeile in b.zeilen for z in zeile)]:
                    yield from inline(zelle, innen)

    for k in bericht.kapitel():
        yield from bloecke(k.bloecke, ())


def test_jede_art_des_dokumentmodells_kommt_vor(bericht):
    bericht, _ = bericht
    gesehen = {type(e) for e, _ in _gang(bericht)}
    erwartet = _unterklassen(modell.Block, modell.Inline)
    assert erwartet - gesehen == set()


def test_jede_auszeichnung_und_jede_listenform(bericht):
    bericht, _ = bericht
    elemente = list(_gang(bericht))
    texte = [e for e, _ in elemente if isinstance(e, modell.Text)]
    for schalter in (f.name for f in fields(modell.Text) if f.type == "bool"):
        assert any(getattr(t, schalter) for t in texte), schalter
    assert any(t.fett and t.kursiv for t in texte)
    listen = [(e, k) for e, k in elemente if isinstance(e, modell.Liste)]
    assert {e.geordnet for e, _ in listen} == {True, False}
    assert any(e.start != 1 for e, _ in listen)
    assert max(k.count(modell.Liste) for _, k in listen) >= 3  # a list four levels deep
    assert any(e.geordnet and modell.Liste in k for e, k in listen)  # numbers inside a list
    assert any(not e.geordnet and modell.Liste in k for e, k in listen)  # bullets inside a list
    # the heading levels the reader accepts, found by asking it
    ebenen = {b.ebene for b, _ in elemente if isinstance(b, modell.Ueberschrift)}
    assert ebenen == set(_erlaubte_ebenen())


def _erlaubte_ebenen() -> list[int]:
    leser = KapitelLeser(lambda pfad, _ort: pfad)
    erlaubt = []
    for ebene in range(1, 7):
        try:
            leser.lies(Path("probe.md"), f"# Titel\n\n{'#' * ebene} Probe\n")
        except markdown.InhaltsFehler:
            continue
        erlaubt.append(ebene)
    return erlaubt


@pytest.mark.parametrize("art", [modell.Link, modell.FussnotenVerweis, modell.Verweis])
def test_links_fussnoten_und_verweise_in_listen_tabellen_und_fussnoten(bericht, art):
    bericht, _ = bericht
    orte = [k for e, k in _gang(bericht) if isinstance(e, art)]
    assert any(modell.Liste in k for k in orte)
    assert any(modell.EinfacheTabelle in k for k in orte)
    if art is not modell.FussnotenVerweis:
        assert any(modell.FussnotenVerweis in k for k in orte)
    if art is modell.Link:
        assert any(modell.Zitat in k for k in orte)
        assert any(
            isinstance(e, modell.Text) and modell.Link in k and (e.fett or e.kursiv)
            for e, k in _gang(bericht)
        )


def test_jede_tabellenart(bericht):
    bericht, _ = bericht
    bloecke = [e for e, _ in _gang(bericht)]
    einfache = [b for b in bloecke if isinstance(b, modell.EinfacheTabelle)]
    assert any(b.name for b in einfache) and any(b.name is None for b in einfache)
    assert {b.ausrichtung[j] for b in einfache for j in range(len(b.ausrichtung))} == {
        "links",
        "rechts",
        "mitte",
    }
    berechnet = [b.ergebnis for b in bloecke if isinstance(b, modell.TabellenPlatz) and b.ergebnis]
    for f in fields(modell.FertigeTabelle):
        if f.name in OHNE_ECHTE_DATEN or not any(w in str(f.type) for w in ("list", "set", "dict")):
            continue
        if f.name in ("kopf", "zeilen", "rechtsbuendig"):
            continue
        assert any(getattr(t, f.name) for t in berechnet), f"keine Tabelle mit {f.name}"
    assert any(t.beschriftung.quelle and t.beschriftung.stichtag for t in berechnet)
    generiert = {k.titel for baustein, kk in bericht.bausteine if baustein != "kapitel" for k in kk}
    assert len(generiert) == len(projekt.WEITERE_BAUSTEINE)


def _art_konstanten() -> set[str]:
    """The chart kinds `alt_text` can name: the strings it assigns to `art`."""
    baum = ast.parse(inspect.getsource(diagramme.alt_text))
    return {
        c.value
        for n in ast.walk(baum)
        if isinstance(n, ast.Assign) and any(isinstance(z, ast.Name) and z.id == "art" for z in n.targets)
        for c in ast.walk(n.value)  # also both sides of "Balkendiagramm" if … else "Säulendiagramm"
        if isinstance(c, ast.Constant) and isinstance(c.value, str)
    }


def test_jede_diagrammart(bericht):
    _, gezeichnet = bericht
    arten = _art_konstanten()
    assert len(arten) >= 5  # the enumeration itself works
    assert arten - gezeichnet == set()


def _direktiven() -> list[tuple[str, str, list[str]]]:
    """(file, directive kind, option names) of every ```{…}``` block written in the chapters."""
    gefunden = []
    for datei in KAPITEL:
        text = datei.read_text(encoding="utf-8")
        for m in re.finditer(r"^```\{(\w+)\}[^\n]*\n(.*?)^```", text, re.S | re.M):
            gefunden.append((datei.name, m.group(1), re.findall(r"^:(\w+):", m.group(2), re.M)))
    return gefunden


def test_jede_anweisung_und_jede_blockoption():
    direktiven = _direktiven()
    assert {d for _, d, _ in direktiven} == markdown.DIREKTIVEN
    optionen = {o for _, _, oo in direktiven for o in oo}
    assert optionen == markdown.OPTIONEN
    # a yes/no option with both words, each once
    texte = " ".join(d.read_text(encoding="utf-8") for d in KAPITEL)
    for option in ("quer", "folie"):
        assert {w.lower() for w in re.findall(rf"^:{option}: (\w+)", texte, re.M)} & {"ja", "nein"}


def test_jeder_eintrag_des_kopfbereichs():
    import yaml

    koepfe = []
    for datei in KAPITEL:
        m = re.match(r"^---\n(.*?)\n---\n", datei.read_text(encoding="utf-8"), re.S)
        if m:
            koepfe.append(yaml.safe_load(m.group(1)))
    assert set().union(*koepfe) == markdown.FRONT_MATTER_FELDER
    assert {str(k["neue_seite"]).lower() for k in koepfe if "neue_seite" in k} == {"true", "ungerade"}
    assert any(isinstance(k.get("folien"), list) for k in koepfe)
    assert any(k.get("folien") is False for k in koepfe)
    assert any("titel" not in k for k in koepfe) or any(not d.read_text().startswith("---") for d in KAPITEL)


def _dokumentierte_einstellungen() -> set[str]:
    """The settings the README's berichtsgen.toml example names."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("### berichtsgen.toml", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
    return set(re.findall(r"^(\w+) = ", block, re.M))


def test_jede_dokumentierte_einstellung_und_jeder_baustein():
    einstellungen = tomllib.loads((ALLES / "berichtsgen.toml").read_text(encoding="utf-8"))
    gesetzt = set(einstellungen["bericht"]) | set(einstellungen["jahr"][str(JAHR)])
    dokumentiert = _dokumentierte_einstellungen()
    assert dokumentiert <= {f.name for f in fields(Einstellungen)} | {
        "titel",
        "untertitel",
        "herausgeber",
        "redaktion",
        "kontakt",
        "stand",
    }
    assert len(dokumentiert) > 15
    assert dokumentiert - set(NICHT_IM_PROJEKT) - gesetzt == set()
    assert set(projekt.BAUSTEINE + projekt.WEITERE_BAUSTEINE) == set(einstellungen["bericht"]["aufbau"])
    # the list of abbreviations comes from both places: the file and a front matter
    assert (ALLES / "inhalte" / str(JAHR) / "abkuerzungen.csv").exists()
