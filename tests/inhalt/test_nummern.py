"""The numbering transform: numbers, appendix letters, duplicates and cross-references in the model."""

from __future__ import annotations

from pathlib import Path

from berichtsgen.fehler import Ort
from berichtsgen.inhalt.markdown import KapitelLeser
from berichtsgen.inhalt.modell import (
    Bericht,
    Bild,
    DiagrammPlatz,
    FussnotenVerweis,
    Kapitel,
    Nummer,
    TabellenPlatz,
    Verweis,
    alle_bloecke,
)
from berichtsgen.inhalt.nummern import nummerieren


def _kapitel(tmp_path: Path, name: str, text: str) -> Kapitel:
    datei = tmp_path / name
    datei.write_text(text, encoding="utf-8")
    return KapitelLeser(lambda p, _o: p.resolve()).lies(datei, text)


def _plaetze(k: Kapitel) -> dict[str, Nummer]:
    return {
        b.name: b.nummer
        for b in alle_bloecke(k.bloecke)
        if isinstance(b, (TabellenPlatz, DiagrammPlatz, Bild))
    }


def test_nummern_durch_den_bericht_anhaenge_zaehlen_eigen(tmp_path):
    eins = _kapitel(tmp_path, "a.md", "# Eins\n\n```{tabelle} t1\n```\n\n```{diagramm} d1\n```\n")
    zwei = _kapitel(tmp_path, "b.md", "# Zwei\n\n```{tabelle} t2\n```\n")
    anhang = _kapitel(tmp_path, "c.md", "---\ntitel: Karten\nanhang: true\n---\n\n```{diagramm} d2\n```\n")
    bericht = Bericht([("kapitel", [eins, zwei, anhang])])
    assert nummerieren(bericht) == []
    assert _plaetze(eins) == {"t1": Nummer("Tabelle", 1), "d1": Nummer("Abbildung", 1)}
    assert _plaetze(zwei) == {"t2": Nummer("Tabelle", 2)}
    assert _plaetze(anhang) == {"d2": Nummer("Abbildung", 1, "A", True)}
    assert anhang.titel == "Anhang A: Karten" and anhang.bloecke[0].inhalt[0].text == "Anhang A: Karten"
    assert bericht.nummern["d2"].text == "Abbildung A.1" and bericht.hat_tabellen and bericht.hat_abbildungen


def test_anhangsbuchstaben_in_lesereihenfolge(tmp_path):
    """Generated appendices get their letters where `aufbau` puts them, after those in Markdown."""
    md = _kapitel(tmp_path, "a.md", "---\ntitel: Mehr\nanhang: true\n---\n\nText.\n")
    erzeugt = Kapitel(Path("berichtsgen.toml"), "Datenquellen", [], anhang=True)
    bericht = Bericht([("kapitel", [md]), ("datenquellen", [erzeugt])])
    nummerieren(bericht)
    assert (md.buchstabe, erzeugt.buchstabe) == ("A", "B")
    assert erzeugt.titel == "Anhang B: Datenquellen"


def test_doppelter_name_an_der_zweiten_stelle(tmp_path):
    k = _kapitel(tmp_path, "a.md", "# K\n\n```{tabelle} t\n```\n\nText.\n\n```{tabelle} t\n```\n")
    (fehler,) = nummerieren(Bericht([("kapitel", [k])]))
    assert fehler.ort == Ort(tmp_path / "a.md", 8)
    assert "„t“ steht schon in Zeile 3;" in fehler.meldung
    assert fehler.hinweis == "Verweisen Sie stattdessen mit [](#t) darauf."


def test_unbekannter_querverweis_mit_eigener_zeile(tmp_path):
    """The reference's own line, not its paragraph's first line."""
    k = _kapitel(
        tmp_path,
        "a.md",
        "# K\n\nErste Zeile,\nzweite Zeile mit *Betonung*\nund [](#tabele) hier.\n\n```{tabelle} tabelle\n```\n",
    )
    (fehler,) = nummerieren(Bericht([("kapitel", [k])]))
    assert fehler.ort == Ort(tmp_path / "a.md", 5)
    assert fehler.meldung == "Querverweis auf „tabele“: keine Tabelle oder Abbildung dieses Namens."
    assert fehler.hinweis == "Meinten Sie „tabelle“?"
    assert nummerieren(Bericht([("kapitel", [k])]), verweise_pruefen=False) == []


def test_verweise_in_fussnoten_und_tabellenzellen_werden_aufgeloest(tmp_path):
    k = _kapitel(
        tmp_path,
        "a.md",
        "# K\n\nText[^1].\n\n| A |\n|---|\n| siehe [](#t) |\n\n```{tabelle} t\n```\n\n[^1]: Vgl. [](#t).\n",
    )
    assert nummerieren(Bericht([("kapitel", [k])])) == []
    fussnote = next(i for i in k.bloecke[1].inhalt if isinstance(i, FussnotenVerweis))
    in_fussnote = next(i for i in fussnote.inhalt[0].inhalt if isinstance(i, Verweis))
    in_zelle = next(i for i in k.bloecke[2].zeilen[0][0] if isinstance(i, Verweis))
    assert in_fussnote.ziel == in_zelle.ziel == Nummer("Tabelle", 1)
