from pathlib import Path

import pytest

from berichtsgen.fehler import InhaltsFehler, Ort
from berichtsgen.inhalt.markdown import KapitelLeser
from berichtsgen.inhalt.modell import (
    Absatz,
    Bild,
    DiagrammPlatz,
    EinfacheTabelle,
    FussnotenVerweis,
    Liste,
    TabellenPlatz,
    Ueberschrift,
    Verweis,
)


def _leser(wurzel: Path) -> KapitelLeser:
    def pruefen(pfad: Path, ort: Ort) -> Path:
        echt = pfad.resolve()
        if not echt.is_relative_to(wurzel.resolve()):
            raise InhaltsFehler("außerhalb", ort)
        return echt

    return KapitelLeser(pruefen)


def lies(tmp_path: Path, text: str):
    datei = tmp_path / "k.md"
    datei.write_text(text, encoding="utf-8")
    try:
        return _leser(tmp_path).lies(datei, text)
    except InhaltsFehler as exc:
        raise exc.verorten(tmp_path) from None  # as build and check show it: relative to the project


def test_handlungsfeld_ueberschrift_und_neue_seite(tmp_path):
    k = lies(tmp_path, "---\nhandlungsfeld: C\ntitel: Qualifizierung, Ausbildung & Arbeit\n---\n\nText.\n")
    kopf = k.bloecke[0]
    assert isinstance(kopf, Ueberschrift) and kopf.ebene == 1 and kopf.neue_seite
    assert kopf.inhalt[0].text == "Handlungsfeld C: Qualifizierung, Ausbildung & Arbeit"
    assert k.handlungsfeld == "C"


def test_titel_aus_erster_ueberschrift(tmp_path):
    k = lies(tmp_path, "# Einleitung\n\nText\n")
    assert k.titel == "Einleitung" and not k.neue_seite


def test_direktiven_mit_optionen(tmp_path):
    k = lies(
        tmp_path,
        "# K\n\n```{tabelle} einwohner\n:titel: Anderer Titel\n:quelle: Amt\n```\n\n```{diagramm} bild\n```\n",
    )
    tab, dia = k.bloecke[1], k.bloecke[2]
    assert isinstance(tab, TabellenPlatz) and tab.name == "einwohner"
    assert tab.optionen.titel == "Anderer Titel" and tab.optionen.quelle == "Amt"
    assert tab.ort.zeile == 3
    assert isinstance(dia, DiagrammPlatz) and dia.name == "bild"


def test_unbekannte_option_mit_zeile_und_vorschlag(tmp_path):
    with pytest.raises(InhaltsFehler) as info:
        lies(tmp_path, "# K\n\n```{tabelle} x\n:tittel: T\n```\n")
    assert str(info.value.ort) == "k.md:4"
    assert "Meinten Sie „titel“?" in info.value.zeile()


def test_unbekannte_direktive(tmp_path):
    with pytest.raises(InhaltsFehler, match="Meinten Sie „tabelle“"):
        lies(tmp_path, "# K\n\n```{tabele} x\n```\n")


def test_querverweis_fussnote_liste_tabelle(tmp_path):
    k = lies(
        tmp_path,
        "# K\n\nSiehe [](#einwohner).[^a]\n\n- eins\n- zwei\n\n| A | B |\n|---|--:|\n| x | 1 |\n\n[^a]: Fußnote.\n",
    )
    absatz = k.bloecke[1]
    assert isinstance(absatz, Absatz)
    assert any(isinstance(i, Verweis) and i.name == "einwohner" for i in absatz.inhalt)
    fn = next(i for i in absatz.inhalt if isinstance(i, FussnotenVerweis))
    assert fn.nummer == 1 and fn.inhalt[0].inhalt[0].text == "Fußnote."
    assert isinstance(k.bloecke[2], Liste) and len(k.bloecke[2].eintraege) == 2
    tabelle = k.bloecke[3]
    assert isinstance(tabelle, EinfacheTabelle) and tabelle.ausrichtung == ["links", "rechts"]


def test_fussnoten_zaehlen_ueber_kapitel_weiter(tmp_path):
    leser = _leser(tmp_path)
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("# K\n\nText[^x]\n\n[^x]: F\n", encoding="utf-8")
    leser.lies(tmp_path / "a.md", (tmp_path / "a.md").read_text())
    zweites = leser.lies(tmp_path / "b.md", (tmp_path / "b.md").read_text())
    fn = next(i for i in zweites.bloecke[1].inhalt if isinstance(i, FussnotenVerweis))
    assert fn.nummer == 2


def test_bild_braucht_alt_text_und_bleibt_im_projekt(tmp_path):
    (tmp_path / "b.png").write_bytes(b"\x89PNG")
    k = lies(tmp_path, '# K\n\n![Karte der Bezirke](b.png "Bezirke")\n')
    assert isinstance(k.bloecke[1], Bild) and k.bloecke[1].alt == "Karte der Bezirke"
    with pytest.raises(InhaltsFehler, match="keinen Alternativtext"):
        lies(tmp_path, '# K\n\n![](b.png "Bezirke")\n')
    with pytest.raises(InhaltsFehler, match="außerhalb"):
        lies(tmp_path, '# K\n\n![X](../../etc/passwd "T")\n')


def test_kaputter_kopfbereich(tmp_path):
    with pytest.raises(InhaltsFehler) as info:
        lies(tmp_path, "---\ntitel: [offen\n---\n\nText\n")
    assert "kein gültiges YAML" in info.value.meldung and info.value.ort.zeile is not None


def test_unbekannter_eintrag_im_kopfbereich(tmp_path):
    with pytest.raises(InhaltsFehler, match="Meinten Sie „titel“"):
        lies(tmp_path, "---\ntitle: X\n---\n")


def test_ohne_titel(tmp_path):
    with pytest.raises(InhaltsFehler, match="keinen Titel"):
        lies(tmp_path, "Nur Text.\n")


TABELLE_MIT_TITEL = """# Kitas

Siehe [](#traeger)[^n].

```{tabelle} traeger
:titel: Kitaplätze nach Träger
:quelle: Jugendamt Musterstadt
:stichtag: 01.03.2024

| Träger | Plätze | Anteil |
|:--|--:|:-:|
| Stadt[^n] | 1.200 | 60 % |
| Freie Träger | 800 | 40 % |
```

Danach.

[^n]: Ohne Tagespflege.
"""


def test_markdown_tabelle_mit_titel_quelle_und_namen(tmp_path):
    k = lies(tmp_path, TABELLE_MIT_TITEL)
    tabelle = next(b for b in k.bloecke if isinstance(b, EinfacheTabelle))
    assert tabelle.name == "traeger" and tabelle.ort.zeile == 5
    assert (tabelle.beschriftung.titel, tabelle.beschriftung.quelle, tabelle.beschriftung.stichtag) == (
        "Kitaplätze nach Träger",
        "Jugendamt Musterstadt",
        "01.03.2024",
    )
    assert tabelle.ausrichtung == ["links", "rechts", "mitte"]
    assert [z[0].text for z in tabelle.kopf] == ["Träger", "Plätze", "Anteil"]
    assert isinstance(tabelle.zeilen[0][0][1], FussnotenVerweis)  # a footnote in a cell
    assert tabelle.zeilen[0][0][1].inhalt[0].inhalt[0].text == "Ohne Tagespflege."
    assert isinstance(k.bloecke[-1], Absatz) and k.bloecke[-1].inhalt[0].text == "Danach."


def test_markdown_tabelle_ohne_leerzeile_und_zeilennummern_danach(tmp_path):
    text = "# K\n\n```{tabelle} t\n:titel: T\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n```{tabelle} x\n:quelle: Q\n```\n"
    k = lies(tmp_path, text)
    tabelle, platz = k.bloecke[1], k.bloecke[2]
    assert isinstance(tabelle, EinfacheTabelle) and [[c[0].text for c in z] for z in tabelle.zeilen] == [
        ["1", "2"]
    ]
    assert isinstance(platz, TabellenPlatz) and platz.name == "x" and platz.ort.zeile == 10


@pytest.mark.parametrize(
    ("text", "meldung"),
    [
        (
            "# K\n\n```{tabelle} t\n:quelle: Q\n\n| a |\n|---|\n| 1 |\n```\n",
            "k.md:3: Fehler: Tabelle „t“ braucht einen Titel für ihre Beschriftung.",
        ),
        (
            "# K\n\n```{tabelle} t\n:titel: T\n\n| a |\n```\n",
            "k.md:3: Fehler: In „{tabelle} t“ steht nach den Optionen keine Markdown-Tabelle.",
        ),
    ],
)
def test_markdown_tabelle_fehler(tmp_path, text: str, meldung: str):
    with pytest.raises(InhaltsFehler) as info:
        lies(tmp_path, text)
    assert info.value.zeile().startswith(meldung)


def test_zeilentrenner_in_einer_option_bleibt_text(tmp_path: Path):
    """Markdown breaks lines at "\n" only: U+2028 or U+0085 copied into a caption is text, not a
    new (broken) option line (found by the generated chapters)."""
    k = lies(
        tmp_path, "# T\n\n```{tabelle} t\n:titel: A\u2028B\n:quelle: Q\x85R\n\n| a |\n|---|\n| b |\n```\n"
    )
    assert k.bloecke[1].beschriftung.titel == "A\u2028B" and k.bloecke[1].beschriftung.quelle == "Q\x85R"


def test_fussnote_darf_keine_fussnote_und_keine_ueberschrift_enthalten(tmp_path: Path):
    with pytest.raises(InhaltsFehler, match="keine weitere Fußnote"):
        lies(tmp_path, "# T\n\nA[^1].\n\n[^1]: B[^2].\n\n[^2]: C.\n")
    with pytest.raises(InhaltsFehler, match="eine Überschrift gehört in den Fließtext") as fehler:
        lies(tmp_path, "# T\n\nA[^1].\n\n[^1]: # Kopf\n")
    assert fehler.value.ort.zeile == 5
    k = lies(tmp_path, "# T\n\nA[^1].\n\n[^1]: - Liste\n")  # a list is text (was: footnote_anchor)
    assert isinstance(k.bloecke[1].inhalt[1].inhalt[0], Liste)
