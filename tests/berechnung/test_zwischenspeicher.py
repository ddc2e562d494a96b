"""The computation cache: recompute exactly what changed, same outputs with and without it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from berichtsgen import build
from berichtsgen.berechnung.zwischenspeicher import ORDNER, Eintrag, Zwischenspeicher
from hilfen import einstellen

ZAEHLEN = """

from pathlib import Path as _Pfad


def _gezaehlt(name):
    with open(_Pfad(__file__).parent / "aufrufe.txt", "a", encoding="utf-8") as f:
        f.write(name + "\\n")
"""


@pytest.fixture
def gezaehlt(mini: Path) -> Path:
    """The mini project whose functions note every call in aufrufe.txt."""
    rechnen = mini / "rechnen.py"
    text = rechnen.read_text(encoding="utf-8") + ZAEHLEN
    text = text.replace("def einwohner(k):\n", "def einwohner(k):\n    _gezaehlt('einwohner')\n")
    text = text.replace(
        "def einwohner_bild(k):\n", "def einwohner_bild(k):\n    _gezaehlt('einwohner_bild')\n"
    )
    text = text.replace(
        "def einwohner_gesamt(k):\n", "def einwohner_gesamt(k):\n    _gezaehlt('einwohner_gesamt')\n"
    )
    rechnen.write_text(text, encoding="utf-8")
    return mini


def _aufrufe(projekt: Path) -> list[str]:
    datei = projekt / "aufrufe.txt"
    aufrufe = sorted(datei.read_text(encoding="utf-8").split()) if datei.exists() else []
    datei.unlink(missing_ok=True)
    return aufrufe


def _bauen(projekt: Path, **kw) -> list[str]:
    meldungen: list[str] = []
    build(2024, projekt, formate=["docx"], fortschritt=meldungen.append, **kw)
    return meldungen


ALLE = ["einwohner", "einwohner_bild", "einwohner_gesamt"]


def test_textaenderung_berechnet_nichts(gezaehlt: Path):
    _bauen(gezaehlt)
    assert _aufrufe(gezaehlt) == ALLE
    kapitel = gezaehlt / "inhalte/2024/02-handlungsfeld-a.md"
    kapitel.write_text(kapitel.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    meldungen = _bauen(gezaehlt)
    assert _aufrufe(gezaehlt) == []
    assert "3 Ergebnisse unverändert aus dem Zwischenspeicher, 0 berechnet" in meldungen


def test_geaenderte_daten_berechnen_was_sie_liest(gezaehlt: Path):
    _bauen(gezaehlt)
    _aufrufe(gezaehlt)
    daten = gezaehlt / "inhalte/2024/daten/einwohner.csv"
    daten.write_bytes(daten.read_bytes().replace(b"12.345", b"12.346").replace(b"20.345", b"20.346"))
    _bauen(gezaehlt)
    assert _aufrufe(gezaehlt) == ALLE  # all three read einwohner.csv


def test_geaenderte_funktion_und_einstellung(gezaehlt: Path):
    _bauen(gezaehlt)
    _aufrufe(gezaehlt)
    einstellen(gezaehlt, 'farben = ["#2E7D32"]')  # the palette reaches the chart only
    _bauen(gezaehlt)
    assert _aufrufe(gezaehlt) == ["einwohner_bild"]
    rechnen = gezaehlt / "rechnen.py"
    rechnen.write_text(rechnen.read_text(encoding="utf-8") + "\n# geändert\n", encoding="utf-8")
    _bauen(gezaehlt)
    assert _aufrufe(gezaehlt) == ALLE  # the module changed: everything it defines


def test_neu_rechnet_alles(gezaehlt: Path):
    _bauen(gezaehlt)
    _aufrufe(gezaehlt)
    _bauen(gezaehlt, neu=True)
    assert _aufrufe(gezaehlt) == ALLE


def _inhalt(docx: Path) -> dict[str, bytes]:
    """The parts of a Word file that carry its content (not the time it was written)."""
    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_gleiche_ausgabe_mit_und_ohne_zwischenspeicher(mini: Path, tmp_path: Path):
    build(2024, mini, formate=["docx"], ausgabe=tmp_path / "ohne", neu=True)
    build(2024, mini, formate=["docx"], ausgabe=tmp_path / "mit")  # every result from the cache
    (ohne,) = (tmp_path / "ohne/2024").glob("*.docx")
    (mit,) = (tmp_path / "mit/2024").glob("*.docx")
    assert _inhalt(ohne) == _inhalt(mit)
    assert any(n.startswith("word/media/") for n in _inhalt(mit))


def test_fremder_eintrag_wird_nie_geladen(mini: Path):
    """A cache file not signed with the user's key (planted in a shared project) is ignored."""
    import pickle

    _bauen(mini)
    for datei in (mini / ORDNER).glob("*/*"):
        datei.write_bytes(bytes(32) + pickle.dumps(Eintrag("untergeschoben")))
    meldungen = _bauen(mini)
    assert not any("Zwischenspeicher" in m for m in meldungen)  # all recomputed


def test_groesse_begrenzt(tmp_path: Path):
    z = Zwischenspeicher(tmp_path, grenze_mb=1)
    for i in range(5):
        z.ablegen(z.schluessel("groß", i), Eintrag(bytes(400_000)))
    z.begrenzen()
    groesse = sum(d.stat().st_size for d in tmp_path.glob("*/*"))
    assert groesse <= 2**20 and len(list(tmp_path.glob("*/*"))) == 2
