"""The computation cache: recompute exactly what changed, same outputs with and without it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from berichtsgen import build
from berichtsgen.berechnung.zwischenspeicher import ORDNER, Eintrag, Zwischenspeicher
from hilfen import einstellen, modul_hinzufuegen

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


DIAGRAMME = """
import matplotlib.pyplot as plt
from berichtsgen import diagramm

for n in range(4):
    def zeichnen(k, n=n):
        df = k.daten("einwohner.csv").iloc[:2]
        fig, ax = plt.subplots(figsize=(4, 2.5))
        (ax.bar if n % 2 else ax.plot)(df["Bezirk"], df["Einwohner"] * (n + 1))
        return fig

    diagramm(f"bild{n}", titel=f"Bild {n}", quelle="Statistikstelle Musterstadt")(zeichnen)
"""


def _mit_diagrammen(projekt: Path, modul: str) -> None:
    """Add four charts (bild0 … bild3) to the project and place them in Handlungsfeld A."""
    modul_hinzufuegen(projekt, "bilder.py", modul)
    kapitel = projekt / "inhalte/2024/02-handlungsfeld-a.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8") + "".join(f"\n```{{diagramm}} bild{n}\n```\n" for n in range(4)),
        encoding="utf-8",
    )


def test_gleiche_ausgabe_seriell_parallel_und_zwischengespeichert(mini: Path, tmp_path: Path, monkeypatch):
    """Four charts drawn one after the other, in two processes, and taken from the cache: the
    same document, the same pictures."""
    _mit_diagrammen(mini, DIAGRAMME)
    monkeypatch.setenv("BERICHTSGEN_PROZESSE", "1")
    build(2024, mini, formate=["docx"], ausgabe=tmp_path / "seriell", neu=True)
    monkeypatch.setenv("BERICHTSGEN_PROZESSE", "2")
    meldungen: list[str] = []
    build(2024, mini, formate=["docx"], ausgabe=tmp_path / "parallel", neu=True, fortschritt=meldungen.append)
    build(2024, mini, formate=["docx"], ausgabe=tmp_path / "gespeichert")
    inhalte = [
        _inhalt(next((tmp_path / art / "2024").glob("*.docx")))
        for art in ("seriell", "parallel", "gespeichert")
    ]
    assert inhalte[0] == inhalte[1] == inhalte[2]
    assert sum(n.startswith("word/media/") for n in inhalte[0]) == 5
    assert [m for m in meldungen if m.startswith("Diagramm")] == [
        "Diagramm „einwohner_bild“ gezeichnet",
        *(f"Diagramm „bild{n}“ gezeichnet" for n in range(4)),
    ]


def test_fehler_aus_einem_zeichenprozess_behaelt_datei_und_zeile(mini: Path, monkeypatch, cli):
    _mit_diagrammen(mini, DIAGRAMME.replace("df = k.daten", "1 / (n - 2)\n        df = k.daten"))
    monkeypatch.setenv("BERICHTSGEN_PROZESSE", "2")
    aufruf = cli("build", "2024", "--projekt", str(mini), "--format", "docx")
    assert aufruf.code == 1
    assert (
        "bilder.py:7: Fehler: Diagramm-Funktion „bild2“ ist abgebrochen (Python: ZeroDivisionError"
        in aufruf.stderr
    )
