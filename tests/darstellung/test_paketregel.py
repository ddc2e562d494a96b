"""The one rule for Office packages from outside (`darstellung.paket`), on the packages themselves:
real templates pass byte for byte, hostile ones lose exactly what reaches out."""

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from berichtsgen.darstellung import paket
from berichtsgen.fehler import VorlagenFehler
from hilfen import (
    REPO,
    STANDARDVORLAGE,
    _rel,
    _zip_umschreiben,
    folien_als_pptm,
    folien_mit_verknuepftem_bild,
    vorlage_mit_makros,
    vorlage_mit_vba,
)

FOLIENVORLAGE = REPO / "src" / "berichtsgen" / "vorlagen" / "folien.pptx"
ECHTE = sorted((REPO / "tests" / "vorlagen").glob("*.[dp][op][ct]x")) + [
    STANDARDVORLAGE,
    FOLIENVORLAGE,
    REPO / "vorlagen" / "leverkusen.docx",
]


def _art(pfad: Path) -> str:
    return "pptx" if pfad.suffix == ".pptx" else "docx"


@pytest.mark.parametrize("vorlage", ECHTE, ids=lambda p: p.name)
def test_echte_vorlagen_bleiben_byte_fuer_byte(vorlage: Path):
    bereinigt = paket.bereinigen(vorlage, _art(vorlage))
    assert bereinigt.entfernt == [] and bereinigt.daten == vorlage.read_bytes()


def test_hyperlinks_bleiben_verknuepftes_bild_geht(tmp_path: Path):
    ziel = tmp_path / "folien.pptx"
    folien_mit_verknuepftem_bild(FOLIENVORLAGE, ziel)
    _zip_umschreiben(
        ziel,
        ziel,
        {
            "ppt/slideLayouts/_rels/slideLayout2.xml.rels": lambda t: _rel(
                t, "rIdLink", "hyperlink", "https://www.example.org/"
            )
        },
    )
    bereinigt = paket.bereinigen(ziel, "pptx")
    assert bereinigt.entfernt == [
        "verknüpftes Bild „http://tracker.example.org/logo.png“ (ppt/slideLayouts/slideLayout2.xml)"
    ]
    with zipfile.ZipFile(io.BytesIO(bereinigt.daten)) as z:
        rels = z.read("ppt/slideLayouts/_rels/slideLayout2.xml.rels")
        layout = etree.fromstring(z.read("ppt/slideLayouts/slideLayout2.xml"))
    assert b"https://www.example.org/" in rels and b"tracker" not in rels
    assert not layout.xpath("//*[local-name()='pic']")  # the whole picture, not only its blip


def test_verknuepft_und_eingebettet_behaelt_die_eingebettete_kopie(tmp_path: Path):
    """A picture both embedded and linked keeps its embedded copy; only the link goes."""
    ziel = tmp_path / "folien.pptx"
    folien_mit_verknuepftem_bild(FOLIENVORLAGE, ziel)
    _zip_umschreiben(
        ziel,
        ziel,
        {
            "ppt/slideLayouts/slideLayout2.xml": lambda t: t.replace(
                'r:link="rIdFremd1"', 'r:embed="rId1" r:link="rIdFremd1"'
            )
        },
    )
    with zipfile.ZipFile(io.BytesIO(paket.bereinigen(ziel, "pptx").daten)) as z:
        layout = etree.fromstring(z.read("ppt/slideLayouts/slideLayout2.xml"))
    (blip,) = layout.xpath("//*[local-name()='blip']")
    assert dict(blip.attrib) == {f"{{{paket.R_NS}}}embed": "rId1"}


@pytest.mark.parametrize(
    ("macher", "quelle", "art", "rolle"),
    [
        (vorlage_mit_makros, STANDARDVORLAGE, "docx", "Vorlage"),
        (vorlage_mit_vba, STANDARDVORLAGE, "docx", "Vorlage"),
        (folien_als_pptm, FOLIENVORLAGE, "pptx", "Folienvorlage"),
    ],
)
def test_makros_dieselbe_zeile_in_word_und_powerpoint(tmp_path, macher, quelle, art, rolle):
    ziel = tmp_path / f"vorlage.{art}"
    macher(quelle, ziel)
    with pytest.raises(VorlagenFehler) as info:
        paket.bereinigen(ziel, art, rolle)
    assert info.value.meldung == f"Die {rolle} enthält Makros (VBA); berichtsgen übernimmt keine Makros."
    assert info.value.ort.datei == ziel


def test_datei_selbst_begrenzt_bevor_etwas_gelesen_wird(tmp_path: Path):
    ziel = tmp_path / "vorlage.docx"
    with open(ziel, "wb") as f:
        f.truncate(paket.DATEI + 1)  # sparse, and no zip at all: refused for its size first
    with pytest.raises(VorlagenFehler, match="Die Vorlage ist 100 MiB groß"):
        paket.bereinigen(ziel)


def test_zu_viele_teile(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(paket, "EINTRAEGE", 10)
    with pytest.raises(VorlagenFehler, match=r"besteht aus 19 Teilen \(erlaubt: 10\)"):
        paket.bereinigen(STANDARDVORLAGE)
