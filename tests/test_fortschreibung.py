"""`berichtsgen new 2020 --from 2019`: the next year's report starts from this year's."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from docx import Document

from berichtsgen import build
from berichtsgen.fehler import PruefFehler
from hilfen import beispiel_kopieren


@pytest.fixture
def beispiel_kopie(tmp_path: Path) -> Path:
    return beispiel_kopieren(tmp_path / "projekt")


def test_neues_jahr_bis_zum_fertigen_bericht(beispiel_kopie: Path, cli):
    p = beispiel_kopie
    r = cli("new", "2020", "--from", "2019", "--projekt", str(p))
    assert r.code == 0, r.stderr
    assert (
        "inhalte/2020/daten/sozialbericht.csv: Daten für 2020 liefern (Vorjahr: inhalte/2019/daten/sozialbericht.csv)."
        in r.stdout
    )
    assert "daten/gefluechtete.csv: Zeitreihe um das neue Jahr ergänzen." in r.stdout
    assert "inhalte/2020/03-datenlage.md: Text für 2020 überarbeiten." in r.stdout
    # chapters and settings copied, Stichtage moved forward, data left to be supplied
    assert (p / "inhalte/2020/03-datenlage.md").read_text(encoding="utf-8") == (
        p / "inhalte/2019/03-datenlage.md"
    ).read_text(encoding="utf-8")
    assert tomllib.loads((p / "berichtsgen.toml").read_text(encoding="utf-8"))["jahr"]["2020"] == {
        "stand": "Juni 2020"
    }
    assert 'stichtag = "31.12.2019"' in (p / "inhalte/2020/daten/wohnungssuchende.toml").read_text(
        encoding="utf-8"
    )
    assert not (p / "inhalte/2020/daten/wohnungssuchende.csv").exists()

    # the build lists every missing data file at once
    with pytest.raises(PruefFehler) as info:
        build(2020, p, formate=["docx"])
    zeilen = info.value.zeile().splitlines()
    fehlend = {z.split("„")[1].split("“")[0] for z in zeilen if "nicht gefunden" in z}
    assert {
        "inhalte/2020/daten/sozialbericht.csv",
        "inhalte/2020/daten/wohnungssuchende.csv",
        "inhalte/2020/daten/massnahmen.csv",
    } <= fehlend
    assert len(zeilen) == len(set(zeilen))  # each missing file once

    # data staff supply the year (here: last year's files stand in) and extend the time series
    for datei in (p / "inhalte/2019/daten").glob("*.csv"):
        shutil.copy(datei, p / "inhalte/2020/daten" / datei.name)
    reihe = p / "daten/gefluechtete.csv"
    reihe.write_text(
        reihe.read_text(encoding="utf-8") + "2019;4.900;4.550;650;3.900;350;950\n", encoding="utf-8"
    )
    (docx,) = build(2020, p, formate=["docx"]).dateien
    doc = Document(str(docx))
    vergleich = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Veränderung in %")
    assert [c.text for c in vergleich.rows[0].cells][1:3] == ["2018", "2019"]  # picked up the new year
    assert [c.text for c in vergleich.rows[1].cells] == [
        "Insgesamt (a+b+c)",
        "4.850",
        "4.900",
        "+50",
        "+1,0\u00a0%",
    ]


def test_vorhandenes_jahr_wird_nicht_ueberschrieben(beispiel_kopie: Path):
    from berichtsgen.fehler import EinstellungsFehler
    from berichtsgen.fortschreibung import neues_jahr

    with pytest.raises(EinstellungsFehler, match="gibt es schon"):
        neues_jahr(beispiel_kopie, 2019, 2018 + 1)


def test_fortschreibung_schreibt_ganze_dateien_mit_ihren_rechten(mini: Path):
    """The settings keep their permissions and every value; the new folder gets the usual rights
    (not those of a private temporary folder); a chapter linked inside the project is copied."""
    import os
    import stat

    from berichtsgen.fortschreibung import neues_jahr

    einstellungen = mini / "berichtsgen.toml"
    einstellungen.write_text(
        einstellungen.read_text(encoding="utf-8").replace(
            'stand = "März 2024"', 'stand = "März 2024"\nuntertitel = "Stand 2024:\\n\\"vorläufig\\""'
        ),
        encoding="utf-8",
    )
    einstellungen.chmod(0o640)
    (mini / "texte").mkdir()
    (mini / "texte" / "gemeinsam.md").write_text("# Gemeinsam\n\nText.\n", encoding="utf-8")
    (mini / "inhalte/2024/05-gemeinsam.md").symlink_to(mini / "texte" / "gemeinsam.md")

    ergebnis = neues_jahr(mini, 2025, 2024)

    assert stat.S_IMODE(einstellungen.stat().st_mode) == 0o640
    jahre = tomllib.loads(einstellungen.read_text(encoding="utf-8"))["jahr"]
    assert jahre["2025"] == {"stand": "März 2025", "untertitel": 'Stand 2025:\n"vorläufig"'}
    assert jahre["2024"]["stand"] == "März 2024"
    maske = os.umask(0)
    os.umask(maske)
    assert stat.S_IMODE((mini / "inhalte/2025").stat().st_mode) == 0o777 & ~maske
    kopie = mini / "inhalte/2025/05-gemeinsam.md"
    assert not kopie.is_symlink() and kopie.read_text(encoding="utf-8") == "# Gemeinsam\n\nText.\n"
    assert "inhalte/2025/05-gemeinsam.md" in ergebnis.angelegt
    assert sorted(d.name for d in (mini / "inhalte").iterdir()) == ["2024", "2025"]  # no temporary folder
