from pathlib import Path

import pytest

from berichtsgen.fehler import EinstellungsFehler
from berichtsgen.kontrast import kontrast
from berichtsgen.projekt import MINDESTKONTRAST_GRAFIK, STANDARD_PALETTE, projekt_laden
from hilfen import REPO, einstellen


def test_kontrast_nach_wcag():
    assert kontrast("#000000") == pytest.approx(21)
    assert kontrast("#FFFFFF") == pytest.approx(1)
    assert kontrast("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("farbe", STANDARD_PALETTE)
def test_standardpalette_erreicht_3_zu_1(farbe):
    assert kontrast(farbe) >= MINDESTKONTRAST_GRAFIK


def test_palette_des_beispiels_erreicht_3_zu_1():
    for farbe in projekt_laden(REPO, 2019).einstellungen.farben:
        assert kontrast(farbe) >= MINDESTKONTRAST_GRAFIK, farbe


def test_zu_helle_diagrammfarbe(mini: Path):
    einstellen(mini, 'farben = ["#1F4E79", "#FFD700"]')
    with pytest.raises(EinstellungsFehler) as info:
        projekt_laden(mini, 2024)
    assert info.value.zeile() == (
        "berichtsgen.toml:9: Fehler: Diagrammfarbe #FFD700 hat auf Weiß nur einen Kontrast von 1,4:1; "
        "nötig sind 3:1 (WCAG 1.4.11). [einstellungen] Wählen Sie einen dunkleren Ton derselben Farbe."
    )


def test_unbekannte_einstellung_mit_vorschlag(mini: Path):
    einstellen(mini, 'vorlag = "x.docx"')
    with pytest.raises(EinstellungsFehler, match="Meinten Sie „vorlage“"):
        projekt_laden(mini, 2024)


def test_pfade_ausserhalb_des_projekts_absolut_ohne_punkte(mini: Path, tmp_path: Path):
    projekt = projekt_laden(mini, 2024)
    assert projekt.relativ(mini / "ausgabe" / "x.pdf") == "ausgabe/x.pdf"
    assert projekt.relativ(mini / ".." / "anderswo" / "x.pdf") == str(tmp_path / "anderswo" / "x.pdf")


def test_silbentrennung_muss_wahrheitswert_sein(mini: Path):
    einstellen(mini, 'silbentrennung = "vielleicht"')  # "ja" and "nein" are yes and no, as everywhere
    with pytest.raises(EinstellungsFehler) as info:
        projekt_laden(mini, 2024)
    assert info.value.meldung == "„silbentrennung“ muss true oder false sein."
