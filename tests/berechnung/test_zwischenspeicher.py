"""The computation cache: recompute exactly what changed, same outputs with and without it."""

from __future__ import annotations

import os
import pickle
import zipfile
from pathlib import Path

import pytest

from berichtsgen import build
from berichtsgen.berechnung import zwischenspeicher
from berichtsgen.berechnung.zwischenspeicher import ORDNER, Ablage, Zwischenspeicher, _benutzerschluessel
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
    _bauen(mini)
    for datei in (mini / ORDNER).glob("*/*"):
        datei.write_bytes(bytes(32) + pickle.dumps(Ablage("untergeschoben")))
    meldungen = _bauen(mini)
    assert not any("Zwischenspeicher" in m for m in meldungen)  # all recomputed


def test_groesse_begrenzt(tmp_path: Path):
    z = Zwischenspeicher(tmp_path, grenze_mb=1)
    for i in range(5):
        z.ablegen(z.schluessel("groß", i), Ablage(bytes(400_000)))
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


def test_zahl_der_zeichenprozesse_ist_ein_parameter(mini: Path, tmp_path: Path, monkeypatch):
    """`build(diagramm_prozesse=1)` draws every chart in the calling process, whatever the
    environment says; without it BERICHTSGEN_PROZESSE decides (here: two chart processes)."""
    from berichtsgen.berechnung import diagramme

    _mit_diagrammen(mini, DIAGRAMME)
    hier: list[str] = []
    original = diagramme.alt_text
    monkeypatch.setattr(diagramme, "alt_text", lambda fig, titel: hier.append(titel) or original(fig, titel))
    monkeypatch.setenv("BERICHTSGEN_PROZESSE", "2")
    build(2024, mini, formate=["docx"], ausgabe=tmp_path / "eins", neu=True, diagramm_prozesse=1)
    assert len(hier) == 5  # einwohner_bild and bild0 … bild3, all drawn here
    hier.clear()
    build(2024, mini, formate=["docx"], ausgabe=tmp_path / "zwei", neu=True)
    assert hier == []  # drawn in the two chart processes


def test_fehler_aus_einem_zeichenprozess_behaelt_datei_und_zeile(mini: Path, monkeypatch, cli):
    _mit_diagrammen(mini, DIAGRAMME.replace("df = k.daten", "1 / (n - 2)\n        df = k.daten"))
    monkeypatch.setenv("BERICHTSGEN_PROZESSE", "2")
    aufruf = cli("build", "2024", "--projekt", str(mini), "--format", "docx")
    assert aufruf.code == 1
    assert (
        "bilder.py:7: Fehler: Diagramm-Funktion „bild2“ ist abgebrochen (Python: ZeroDivisionError"
        in aufruf.stderr
    )


# --- the cache trusts nothing it did not write for this project ---------------------------------


@pytest.fixture
def schluesseldatei(tmp_path: Path, monkeypatch) -> Path:
    """The user's key file, in a home of this test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "berichtsgen" / "schluessel"


class _Schadcode:
    """Loading this runs `open(marke, "w")`: proof that a planted entry ran code."""

    def __init__(self, marke: Path):
        self.marke = marke

    def __reduce__(self):
        return (open, (str(self.marke), "w"))


def _gesamt(z: Zwischenspeicher, schluessel: str, eintrag: Ablage, signaturschluessel: bytes) -> None:
    """Plant an entry as an attacker who knows the format and `signaturschluessel` would."""
    daten = pickle.dumps(eintrag, protocol=pickle.HIGHEST_PROTOCOL)
    z._schluessel = signaturschluessel
    datei = z.ordner / schluessel[:2] / schluessel
    datei.parent.mkdir(parents=True, exist_ok=True)
    datei.write_bytes(z._signieren(schluessel, daten) + daten)


@pytest.mark.parametrize(
    ("inhalt", "modus"),
    [(b"", 0o600), (b"kurz", 0o600), (bytes(33), 0o600), (bytes(32), 0o644)],
    ids=["leer", "kurz", "zu-lang", "fuer-alle-lesbar"],
)
def test_schluessel_der_nicht_so_geschrieben_wurde_wird_ersetzt(schluesseldatei: Path, inhalt, modus):
    """Empty after a full disk, cut short, too long or readable by others: a new key replaces it."""
    schluesseldatei.parent.mkdir(parents=True)
    schluesseldatei.write_bytes(inhalt)
    schluesseldatei.chmod(modus)
    schluessel = _benutzerschluessel()
    assert len(schluessel) == 32 and schluessel != inhalt
    assert schluesseldatei.read_bytes() == schluessel
    assert schluesseldatei.stat().st_mode & 0o777 == 0o600
    assert _benutzerschluessel() == schluessel  # kept from then on


def test_schluessel_als_verknuepfung_wird_ersetzt(schluesseldatei: Path, tmp_path: Path):
    fremd = tmp_path / "fremder-schluessel"
    fremd.write_bytes(bytes(32))
    fremd.chmod(0o600)
    schluesseldatei.parent.mkdir(parents=True)
    schluesseldatei.symlink_to(fremd)
    assert _benutzerschluessel() != bytes(32)
    assert not schluesseldatei.is_symlink() and fremd.read_bytes() == bytes(32)


def test_schluessel_bei_vollem_datentraeger_nie_halb(schluesseldatei: Path, monkeypatch):
    """A key that cannot be written whole is not written at all (a key for this build only)."""
    import errno

    def voll(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zwischenspeicher.os, "fsync", voll)
    assert len(_benutzerschluessel()) == 32
    assert list(schluesseldatei.parent.iterdir()) == []  # neither a key nor a temporary file


def test_mit_leerem_schluessel_untergeschobener_eintrag_wird_nie_geladen(
    schluesseldatei: Path, tmp_path: Path
):
    """The key file stayed empty after a failed first write; an entry signed with the empty key,
    planted in a shared project, is not loaded and runs nothing."""
    schluesseldatei.parent.mkdir(parents=True)
    schluesseldatei.write_bytes(b"")
    schluesseldatei.chmod(0o600)
    marke = tmp_path / "ausgefuehrt"
    angreifer = Zwischenspeicher(tmp_path / "projekt" / ORDNER)
    schluessel = angreifer.schluessel("tabelle", "einwohner")
    _gesamt(angreifer, schluessel, Ablage(_Schadcode(marke)), b"")
    assert Zwischenspeicher(tmp_path / "projekt" / ORDNER).holen(schluessel) is None
    assert not marke.exists()


def test_gueltig_signierter_eintrag_fuehrt_keinen_code_aus(schluesseldatei: Path, tmp_path: Path):
    """Even an entry signed with the user's key is built only from allowed classes."""
    marke = tmp_path / "ausgefuehrt"
    z = Zwischenspeicher(tmp_path / ORDNER)
    schluessel = z.schluessel("wert", "x")
    _gesamt(z, schluessel, Ablage(_Schadcode(marke)), _benutzerschluessel())
    assert Zwischenspeicher(tmp_path / ORDNER).holen(schluessel) is None
    assert not marke.exists()
    # and what it refuses is never stored
    z.ablegen(z.schluessel("wert", "y"), Ablage(_Schadcode(marke)))
    assert not (tmp_path / ORDNER / z.schluessel("wert", "y")[:2]).exists()


def test_vertauschte_eintraege_werden_nicht_geladen(schluesseldatei: Path, tmp_path: Path):
    z = Zwischenspeicher(tmp_path / ORDNER)
    a, b = z.schluessel("tabelle", "a"), z.schluessel("diagramm", "b")
    z.ablegen(a, Ablage("Tabelle a"))
    z.ablegen(b, Ablage("Diagramm b"))
    assert z.holen(a).wert == "Tabelle a" and z.holen(b).wert == "Diagramm b"
    datei_a, datei_b = (tmp_path / ORDNER / s[:2] / s for s in (a, b))
    inhalt_a, inhalt_b = datei_a.read_bytes(), datei_b.read_bytes()
    datei_a.write_bytes(inhalt_b)
    datei_b.write_bytes(inhalt_a)
    assert z.holen(a) is None and z.holen(b) is None


def test_eintrag_eines_anderen_projekts_wird_nicht_geladen(schluesseldatei: Path, tmp_path: Path):
    eigen = Zwischenspeicher(tmp_path / "eigen" / ORDNER)
    schluessel = eigen.schluessel("wert", "x")
    eigen.ablegen(schluessel, Ablage(42))
    fremd = tmp_path / "fremd" / ORDNER / schluessel[:2] / schluessel
    fremd.parent.mkdir(parents=True)
    fremd.write_bytes((tmp_path / "eigen" / ORDNER / schluessel[:2] / schluessel).read_bytes())
    assert Zwischenspeicher(tmp_path / "fremd" / ORDNER).holen(schluessel) is None
    assert Zwischenspeicher(tmp_path / "eigen" / ORDNER).holen(schluessel).wert == 42


def _dokumente(ordner: Path) -> dict[str, bytes]:
    """Files of a user's own folder, some named like cache entries, one old."""
    eintragsname = "ab" + "0" * 62
    dateien = {
        "briefe/brief.txt": b"Sehr geehrte Damen und Herren",
        f"ab/{eintragsname}": b"sieht aus wie ein Eintrag",
        "ab/notizen.txt": b"Notizen",
        f"cd/{eintragsname}": b"Name passt nicht zum Ordner",
    }
    for name, inhalt in dateien.items():
        (ordner / name).parent.mkdir(parents=True, exist_ok=True)
        (ordner / name).write_bytes(inhalt)
        os.utime(ordner / name, (0, 0))  # the oldest there are
    return dateien


def _stand(ordner: Path) -> dict[str, bytes]:
    return {d.relative_to(ordner).as_posix(): d.read_bytes() for d in ordner.rglob("*") if d.is_file()}


def test_verknuepfter_ordner_wird_nicht_benutzt(schluesseldatei: Path, tmp_path: Path):
    """A cache folder that is a link (committed to a shared project) is neither read, written nor
    cleaned: the size bound never deletes files in the folder it points to."""
    zuhause = tmp_path / "zuhause"
    dateien = _dokumente(zuhause)
    projekt = tmp_path / "projekt"
    projekt.mkdir()
    (projekt / ORDNER).symlink_to(zuhause)
    z = Zwischenspeicher(projekt / ORDNER, grenze_mb=0)
    assert z.ordner is None
    assert z.hinweis.startswith(f"{ORDNER}: Hinweis: Der Zwischenspeicher ist eine Verknüpfung (führt nach ")
    z.ablegen(z.schluessel("wert", "x"), Ablage(1))
    z.begrenzen()
    assert _stand(zuhause) == dateien


def test_ordner_ausserhalb_des_projekts_wird_nicht_benutzt(schluesseldatei: Path, tmp_path: Path):
    z = Zwischenspeicher(tmp_path / "anderswo" / ORDNER, projekt=tmp_path / "projekt")
    assert z.ordner is None and "liegt außerhalb des Projekts" in z.hinweis


def test_grenze_loescht_nur_eigene_dateien(schluesseldatei: Path, tmp_path: Path):
    """Over its bound the cache deletes its own entries (named by their key, in the folder of its
    first two digits) and temporary files, nothing else in its folder, and follows no link (to a
    file or to a folder)."""
    ordner = tmp_path / ORDNER
    fremd = _dokumente(ordner)
    zuhause = tmp_path / "zuhause"
    draussen = _dokumente(zuhause)
    (ordner / "ef").symlink_to(zuhause / "ab")  # a folder of the cache that leads out
    verknuepft = "12" + "3" * 62
    (ordner / "12").mkdir()
    (ordner / "12" / verknuepft).symlink_to(zuhause / "briefe/brief.txt")
    z = Zwischenspeicher(ordner)
    schluessel = [z.schluessel("wert", i) for i in range(3)]
    for s in schluessel:
        z.ablegen(s, Ablage(s))
    assert z.holen(schluessel[0]).wert == schluessel[0]
    (ordner / schluessel[0][:2] / ".neu-abc123_x.tmp").write_bytes(b"halb")
    Zwischenspeicher(ordner, grenze_mb=0).begrenzen()
    fremd.pop("ab/ab" + "0" * 62)  # named like an entry in its folder: the cache's own
    assert _stand(ordner) == fremd | {f"12/{verknuepft}": draussen["briefe/brief.txt"]}
    assert _stand(zuhause) == draussen


def test_tabellen_jeder_art_kommen_unveraendert_zurueck(schluesseldatei: Path, tmp_path: Path):
    """What tables and values are made of passes the allowlist: frames with every column type and
    index, their sources, dates and plain values come back as they were stored."""
    import datetime as dt
    from decimal import Decimal

    import pandas as pd

    from berichtsgen.berechnung.daten import herkunft, lesen

    daten = tmp_path / "einwohner.csv"
    daten.write_text("Bezirk;Einwohner\nMitte;12.345\nNord;20.345 p\n", encoding="utf-8")
    gelesen = lesen(daten, "einwohner.csv", 0)
    assert herkunft(gelesen).zellen  # a source with its marked cell
    df = pd.DataFrame(
        {
            "ganz": [1, 2],
            "komma": [1.5, None],
            "text": ["x", None],
            "Int64": pd.array([1, None], dtype="Int64"),
            "Float64": pd.array([1.0, None], dtype="Float64"),
            "boolean": pd.array([True, None], dtype="boolean"),
            "string": pd.array(["a", None], dtype="string"),
            "kategorie": pd.Categorical(["a", "b"]),
            "datum": pd.to_datetime(["2020-01-01", "2021-01-01"]),
            "dauer": pd.to_timedelta([1, 2], unit="D"),
            "jahr": pd.period_range("2020", periods=2, freq="Y"),
        }
    )
    werte = [
        gelesen,
        df,
        df.set_index(["text", "kategorie"]),
        df.set_index("datum"),
        df["ganz"],
        (b"\x89PNG", 16.0, 9.5, "Alternativtext"),
        {"a": [1, 2.5, None, True]},
        dt.date(2024, 12, 31),
        Decimal("1.5"),
        pd.Timestamp("2024-12-31"),
        pd.NA,
    ]
    z = Zwischenspeicher(tmp_path / ORDNER)
    for i, wert in enumerate(werte):
        z.ablegen(z.schluessel("wert", i), Ablage(wert))
    neu = Zwischenspeicher(tmp_path / ORDNER)
    for i, wert in enumerate(werte):
        eintrag = neu.holen(z.schluessel("wert", i))
        assert eintrag is not None, wert
        if isinstance(wert, pd.DataFrame):
            pd.testing.assert_frame_equal(eintrag.wert, wert)
            assert eintrag.wert.attrs == wert.attrs
        elif isinstance(wert, pd.Series):
            pd.testing.assert_series_equal(eintrag.wert, wert)
        elif wert is pd.NA:
            assert eintrag.wert is pd.NA
        else:
            assert eintrag.wert == wert


def test_eintraege_werden_nie_durch_verknuepfungen_gelesen(schluesseldatei: Path, tmp_path: Path):
    """A valid entry reached through a linked folder or as a linked file is not read; a named pipe
    in place of an entry does not block the build."""
    ordner = tmp_path / ORDNER
    z = Zwischenspeicher(ordner)
    verschieden = {}  # three keys in three folders
    for n in range(20):
        verschieden.setdefault(z.schluessel("wert", n)[:2], z.schluessel("wert", n))
    a, b, c = list(verschieden.values())[:3]
    for s in (a, b):
        z.ablegen(s, Ablage(s))
    (ordner / a[:2]).rename(tmp_path / "woanders")
    (ordner / a[:2]).symlink_to(tmp_path / "woanders")
    (ordner / b[:2] / b).rename(tmp_path / "eintrag")
    (ordner / b[:2] / b).symlink_to(tmp_path / "eintrag")
    (ordner / c[:2]).mkdir(exist_ok=True)
    os.mkfifo(ordner / c[:2] / c)
    assert z.holen(a) is None and z.holen(b) is None and z.holen(c) is None


def _zaehlend(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the calls of the table formatting and of the sum check."""
    from berichtsgen.berechnung import tabellen

    aufrufe: list[str] = []
    for name in ("formatieren", "summen_pruefen"):
        echt = getattr(tabellen, name)

        def gezaehlt(*a, _echt=echt, _name=name, **kw):
            aufrufe.append(_name)
            return _echt(*a, **kw)

        monkeypatch.setattr(tabellen, name, gezaehlt)
    return aufrufe


def _tabelle_im_docx(docx: Path) -> list[list[str]]:
    from docx import Document

    (tabelle,) = [t for t in Document(str(docx)).tables if "Bezirk" in t.cell(0, 0).text]
    return [[z.text for z in r.cells] for r in tabelle.rows]


def test_gedruckte_tabelle_aus_dem_zwischenspeicher(mini: Path, monkeypatch: pytest.MonkeyPatch):
    """A warm build takes the table as printed, with its sum check, from the cache; the caption
    still follows the placement's options, and a setting that changes the printing formats anew."""
    aufrufe = _zaehlend(monkeypatch)
    _bauen(mini)
    assert sorted(aufrufe) == ["formatieren", "summen_pruefen"]
    (docx,) = (mini / "ausgabe/2024").glob("*.docx")
    vorher = _tabelle_im_docx(docx)
    assert ["Insgesamt", "20.345", "100,0", ""] in vorher

    aufrufe.clear()
    kapitel = mini / "inhalte/2024/01-einleitung.md"
    text = kapitel.read_text(encoding="utf-8")
    kapitel.write_text(
        text.replace("```{tabelle} einwohner\n", "```{tabelle} einwohner\n:titel: Bevölkerung\n"),
        encoding="utf-8",
    )
    meldungen = _bauen(mini)
    assert aufrufe == []  # neither formatted nor checked again
    assert "3 Ergebnisse unverändert aus dem Zwischenspeicher, 0 berechnet" in meldungen
    assert _tabelle_im_docx(docx) == vorher
    from docx import Document

    texte = [a.text for a in Document(str(docx)).paragraphs]
    assert any("Bevölkerung" in t and "Tabelle" in t for t in texte), texte  # the new caption

    einstellen(mini, "nachkommastellen = 2")  # reaches how cells are printed: formatted anew
    _bauen(mini)
    assert sorted(aufrufe) == ["formatieren", "summen_pruefen"]


def test_treffer_bringt_quellen_und_pruefungen_mit_ohne_die_daten_zu_lesen(gezaehlt: Path, monkeypatch):
    """A result from the cache carries what its function read: its sources and the data files'
    checks reach the report, and no data file is read again for it."""
    from berichtsgen import check
    from berichtsgen.berechnung.kontext import Kontext

    (gezaehlt / "inhalte/2024/daten/einwohner.toml").write_text(
        'quelle = "Einwohnermelderegister"\n', encoding="utf-8"
    )
    kalt = check(2024, gezaehlt, neu=True)
    _bauen(gezaehlt)
    _aufrufe(gezaehlt)
    gelesen: list[str] = []
    original = Kontext.daten
    monkeypatch.setattr(
        Kontext, "daten", lambda self, name, *a: gelesen.append(name) or original(self, name, *a)
    )
    warm = check(2024, gezaehlt)
    assert _aufrufe(gezaehlt) == [] and gelesen == []
    assert [b.zeile() for b in warm.befunde] == [b.zeile() for b in kalt.befunde]
    assert warm.datenbericht == kalt.datenbericht
    assert any("daten-gelesen" == b.regel and "Einwohnermelderegister" in b.meldung for b in warm.befunde)


def test_geaenderte_begleitdatei_erneuert_quelle_und_ergebnis(gezaehlt: Path):
    """The sidecar decides a result's source, its checks and the signs of its cells: changing it
    recomputes what read its data file, and the caption shows the new source."""
    from docx import Document

    _ersetzen = lambda datei, alt, neu: datei.write_text(  # noqa: E731
        datei.read_text(encoding="utf-8").replace(alt, neu), encoding="utf-8"
    )
    _ersetzen(
        gezaehlt / "rechnen.py",
        'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"',
        "quelle=None",
    )
    begleit = gezaehlt / "inhalte/2024/daten/einwohner.toml"
    begleit.write_text('quelle = "Einwohnermelderegister"\n', encoding="utf-8")
    _bauen(gezaehlt)
    _aufrufe(gezaehlt)
    begleit.write_text('quelle = "Melderegister, Stand Juni"\n', encoding="utf-8")
    build(2024, gezaehlt, formate=["docx"])
    assert _aufrufe(gezaehlt) == ALLE
    (docx,) = (gezaehlt / "ausgabe" / "2024").glob("*.docx")
    quellen = [p.text for p in Document(str(docx)).paragraphs if p.text.startswith("Quelle:")]
    assert quellen[0] == "Quelle: Melderegister, Stand Juni"


def test_jeder_aufruf_hat_seinen_kontext_und_gibt_zurueck_was_er_las(mini: Path):
    from berichtsgen.berechnung.kontext import Berechnung
    from berichtsgen.berechnung.register import Definition, module_laden
    from berichtsgen.projekt import projekt_laden

    b = Berechnung(projekt_laden(mini, 2024), module_laden([mini / "rechnen.py"], mini))
    _, liest = b._aufrufen(Definition("tabelle", "a", lambda k: k.daten("einwohner.csv"), "A"))
    _, nichts = b._aufrufen(Definition("tabelle", "b", lambda k: 42, "B"))
    assert [h.datei for h in liest.quellen] == ["inhalte/2024/daten/einwohner.csv"]
    assert [(n, blatt) for n, blatt, _pfad in liest.vorgaenge] == [("einwohner.csv", 0)]
    assert nichts.quellen == [] and nichts.vorgaenge == []  # nothing of the call before
    assert list(b.lager.alle_dateien) == ["inhalte/2024/daten/einwohner.csv"]
