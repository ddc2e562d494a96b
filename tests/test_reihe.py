"""A series: one project, one report per parameter row (tests/roots/reihe: Stadtteilprofile from a
Windows export as parameter list), built on a process pool, a Dask cluster and from the CLI."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

import berichtsgen
from berichtsgen import BerichtsgenFehler, EinstellungsFehler
from hilfen import einzeilig

ROOTS = Path(__file__).resolve().parent / "roots"

# Personen in Bedarfsgemeinschaften per Stadtteil as sgb2_gliederung.csv prints them
ERWARTET = {"Wiesdorf": "2.210", "Bergfeld": "300", "Opladen": "4.880"}


@pytest.fixture
def reihe(tmp_path: Path) -> Path:
    ziel = tmp_path / "reihe"
    shutil.copytree(ROOTS / "reihe", ziel)
    return ziel


def _pruefe_bericht(projekt: Path, stadtteil: str, pdf_text) -> None:
    ausgabe = projekt / "ausgabe" / "2023"
    docx = Document(str(ausgabe / f"profil-{stadtteil}-2023.docx"))
    assert docx.core_properties.title == f"Stadtteilprofil {stadtteil}"
    text = einzeilig("\n".join(pdf_text(ausgabe / f"profil-{stadtteil}-2023.pdf")))
    assert f"Stadtteilprofil {stadtteil}" in text  # the title page
    assert f"Leistungen im Stadtteil {stadtteil}" in text  # the chapter heading from Jinja
    assert f"lebten im Dezember 2023 {ERWARTET[stadtteil]} Personen" in text  # k.parameter in a value
    for anderer in set(ERWARTET) - {stadtteil}:  # no number of another report leaked in (cache key)
        assert f"Stadtteil {anderer}" not in text


def test_build_many_baut_einen_bericht_je_zeile(reihe, pdf_text, monkeypatch, tmp_path):
    from berichtsgen.export import libreoffice

    starts = tmp_path / "starts"  # which process started a LibreOffice (the workers are forked)
    ursprung = libreoffice._Worker.__init__

    def gezaehlt(self, *args, **kwargs):
        with starts.open("a") as f:
            f.write(f"{os.getpid()}\n")
        ursprung(self, *args, **kwargs)

    monkeypatch.setattr(libreoffice._Worker, "__init__", gezaehlt)
    meldungen: list[str] = []
    serie = berichtsgen.build_many(2023, reihe, fortschritt=meldungen.append)
    # one LibreOffice, in this process, for all workers: its start is paid once
    assert starts.read_text().split() == [str(os.getpid())]
    assert [b.parameter["Stadtteil"] for b in serie.berichte] == ["Wiesdorf", "Bergfeld", "Opladen"]
    assert serie.fehlgeschlagen == []
    assert serie.berichte[2].parameter.Bezirk == "Außenbezirk"  # the cp1252 export read right
    for stadtteil in ERWARTET:
        _pruefe_bericht(reihe, stadtteil, pdf_text)
    assert serie.zusammenfassung()[0].startswith("3 von 3 Berichten gebaut")
    assert any(
        m.startswith("Stadtteil=Bergfeld, Bezirk=Innenstadtbezirk: profil-Bergfeld-2023.docx")
        for m in meldungen
    )


def test_ein_fehler_haelt_die_anderen_nicht_auf(reihe):
    zeilen = [
        {"Stadtteil": "Wiesdorf", "Bezirk": "Innenstadtbezirk"},
        {"Stadtteil": "Neustadt", "Bezirk": "Außenbezirk"},
        {"Stadtteil": "Opladen", "Bezirk": "Außenbezirk"},
    ]
    serie = berichtsgen.build_many(2023, reihe, parameter=zeilen, formate=["docx"])
    assert [b.ok for b in serie.berichte] == [True, False, True]
    fehler = serie.berichte[1].fehler
    assert isinstance(fehler, BerichtsgenFehler)
    assert "profil.py:10" in fehler.zeile() and "Neustadt" in fehler.zeile()  # file:line from the worker
    assert (reihe / "ausgabe" / "2023" / "profil-Opladen-2023.docx").is_file()
    assert not (reihe / "ausgabe" / "2023" / "profil-Neustadt-2023.docx").exists()
    zusammenfassung = serie.zusammenfassung()
    assert zusammenfassung[0].startswith("2 von 3 Berichten gebaut") and "1 mit Fehlern" in zusammenfassung[0]
    assert (
        "Stadtteil=Neustadt" in zusammenfassung[1]
        and "steht nicht in sgb2_gliederung.csv" in zusammenfassung[1]
    )


def test_auf_einem_dask_cluster(reihe, pdf_text):
    distributed = pytest.importorskip(
        "distributed", reason="dask[distributed] gehört zu den Test-Abhängigkeiten"
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        serie = berichtsgen.build_many(2023, reihe, executor=client.get_executor())
    assert serie.fehlgeschlagen == [], serie.zusammenfassung()
    for stadtteil in ERWARTET:
        _pruefe_bericht(reihe, stadtteil, pdf_text)


def test_gleiche_dateinamen_werden_vor_dem_bau_abgelehnt(reihe):
    text = (reihe / "berichtsgen.toml").read_text(encoding="utf-8")
    (reihe / "berichtsgen.toml").write_text(
        text.replace(
            'dateiname = "profil-{parameter.Stadtteil}-{jahr}"', 'dateiname = "profil-{parameter.Bezirk}"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(EinstellungsFehler, match="ergäben beide die Datei „profil-Innenstadtbezirk“"):
        berichtsgen.build_many(2023, reihe)
    assert not (reihe / "ausgabe").exists()


def test_parameter_im_dateinamen_wird_ein_dateiname(reihe):
    serie = berichtsgen.build_many(
        2023, reihe, parameter=[{"Stadtteil": "Küppersteg/Bürrig", "Bezirk": "X"}], formate=["docx"]
    )
    # the function finds no such Stadtteil; the file name would still have been one name, no folder
    assert not serie.berichte[0].ok
    p = berichtsgen.Parameter({"Stadtteil": "Küppersteg/Bürrig"})
    from berichtsgen.projekt import einsetzen

    assert einsetzen("profil-{parameter.Stadtteil}-{jahr}", 2023, p, "dateiname", datei=True) == (
        "profil-Küppersteg-Bürrig-2023"
    )
    with pytest.raises(
        EinstellungsFehler, match=r"„titel“ verwendet \{parameter.bezirk\}.*Möglich: \{parameter.Stadtteil\}"
    ):
        einsetzen("Profil {parameter.bezirk}", 2023, p, "titel")


def test_build_ohne_parameter_sagt_wie(reihe):
    with pytest.raises(EinstellungsFehler) as fehler:
        berichtsgen.build(2023, reihe)
    assert "Reihe von 3 Berichten" in fehler.value.zeile() and "--alle" in fehler.value.zeile()
    pruefung = berichtsgen.check(2023, reihe)
    assert not pruefung.fehler
    assert any(b.regel == "reihe" and "Stadtteil=Wiesdorf" in b.meldung for b in pruefung.befunde)


@pytest.mark.parametrize(
    ("abschnitt", "meldung"),
    [
        ('[parameter]\ndatei = "fehlt.csv"', "Die Parameterliste „fehlt.csv“ gibt es nicht"),
        ('[parameter]\ndatei = "../draussen.csv"', "außerhalb des Projekts"),
        ("[parameter]\nliste = []", "Die Parameterliste ist leer"),
        ('[parameter]\nliste = ["Opladen"]', "muss eine Liste von Tabellen sein"),
        ('[parameter]\nliste = [{ "Stadt teil" = "Opladen" }]', "als Parametername nicht möglich"),
        ('[parameter]\ndatei = "stadtteile.csv"\nliste = [{ a = "b" }]', "entweder „datei“ oder „liste“"),
        ('[parameter]\nspalte = "x"', "Unbekannte Einstellung „spalte“ in [parameter]"),
    ],
)
def test_falsche_parameterliste(reihe, abschnitt, meldung):
    text = (reihe / "berichtsgen.toml").read_text(encoding="utf-8")
    (reihe / "berichtsgen.toml").write_text(
        text.replace('[parameter]\ndatei = "stadtteile.csv"', abschnitt), encoding="utf-8"
    )
    with pytest.raises(EinstellungsFehler, match=re.escape(meldung)):
        berichtsgen.build_many(2023, reihe, formate=["docx"])


def test_kommandozeile(reihe, cli):
    aufruf = cli(
        "build", "2023", "--projekt", str(reihe), "--parameter", "Stadtteil=Bergfeld", "--format", "docx"
    )
    assert aufruf.code == 0, aufruf.stderr
    assert sorted(p.name for p in (reihe / "ausgabe" / "2023").iterdir()) == ["profil-Bergfeld-2023.docx"]

    aufruf = cli("build", "2023", "--projekt", str(reihe), "--parameter", "Stadtteil=Neustadt")
    assert aufruf.code == 1
    assert "Keine Zeile der Parameterliste passt zu Stadtteil=Neustadt" in aufruf.stderr
    assert "Bergfeld, Opladen, Wiesdorf" in aufruf.stderr

    aufruf = cli("build", "2023", "--projekt", str(reihe))
    assert aufruf.code == 1 and "--alle" in aufruf.stderr and "Traceback" not in aufruf.stderr

    aufruf = cli("build", "2023", "--projekt", str(reihe), "--alle", "--format", "docx", "--prozesse", "2")
    assert aufruf.code == 0, aufruf.stderr
    assert "3 von 3 Berichten gebaut" in aufruf.stdout
    assert len(list((reihe / "ausgabe" / "2023").glob("profil-*-2023.docx"))) == 3

    aufruf = cli("check", "2023", "--projekt", str(reihe), "--parameter", "Stadtteil=Opladen")
    assert aufruf.code == 0, aufruf.stdout + aufruf.stderr


def test_parameter_bleiben_wie_geschrieben(reihe):
    # a Stadtteil number with leading zeros is a key, not a quantity: "007" stays "007"
    (reihe / "stadtteile.csv").write_bytes(
        "Nr;Stadtteil;Bezirk\r\n007;Opladen;Außenbezirk\r\n010;Bergfeld;Innenstadtbezirk\r\n".encode("cp1252")
    )
    from berichtsgen.serie import parameterliste
    from berichtsgen.vorbereitung import projekt_mit_optionen as _projekt

    liste = parameterliste(_projekt(2023, reihe, None, None))
    assert liste == [
        {"Nr": "007", "Stadtteil": "Opladen", "Bezirk": "Außenbezirk"},
        {"Nr": "010", "Stadtteil": "Bergfeld", "Bezirk": "Innenstadtbezirk"},
    ]
    assert _projekt(2023, reihe, None, None, liste[0]).einstellungen.titel == "Stadtteilprofil Opladen"


def test_html_und_folien_je_bericht_der_reihe(reihe):
    """Reports of a series share the output folder: each has its own HTML folder and deck."""
    zeilen = [
        {"Stadtteil": "Wiesdorf", "Bezirk": "Innenstadtbezirk"},
        {"Stadtteil": "Opladen", "Bezirk": "Außenbezirk"},
    ]
    serie = berichtsgen.build_many(2023, reihe, parameter=zeilen, formate=["html", "pptx"])
    assert all(b.ok for b in serie.berichte)
    ausgabe = reihe / "ausgabe" / "2023"
    for stadtteil in ("Wiesdorf", "Opladen"):
        start = (ausgabe / f"profil-{stadtteil}-2023-html" / "index.html").read_text(encoding="utf-8")
        assert f"<title>Stadtteilprofil {stadtteil}</title>" in start
        assert (ausgabe / f"profil-{stadtteil}-2023.pptx").is_file()
    assert not (ausgabe / "html").exists()


def test_jede_zeile_kennt_ihre_herkunft(reihe):
    """Messages about a row name the file and row of the parameter list; the row travels to the
    worker processes with the parameters, and hides no parameter of the same name."""
    import pickle

    from berichtsgen.projekt import Parameter, herkunft
    from berichtsgen.serie import parameterliste
    from berichtsgen.vorbereitung import projekt_mit_optionen as _projekt

    liste = parameterliste(_projekt(2023, reihe, None, None))
    assert [str(herkunft(z)) for z in liste] == ["stadtteile.csv:2", "stadtteile.csv:3", "stadtteile.csv:4"]
    kopie = pickle.loads(pickle.dumps(Parameter(liste[2])))
    assert kopie == liste[2] and str(herkunft(kopie)) == "stadtteile.csv:4"
    assert Parameter({"herkunft": "Wiesdorf"}).herkunft == "Wiesdorf"


def test_zeile_einer_liste_in_der_projektdatei(reihe):
    """A row of `liste = [...]` without a value the subtitle needs: the message names its line
    in berichtsgen.toml (braces in a value and comments do not confuse the count)."""
    from berichtsgen.serie import parameterliste
    from berichtsgen.vorbereitung import projekt_mit_optionen as _projekt

    toml = reihe / "berichtsgen.toml"
    text = toml.read_text(encoding="utf-8").replace(
        'datei = "stadtteile.csv"',
        'liste = [  # {eine} Zeile je Bericht\n  { Stadtteil = "Wie{s}dorf", Bezirk = "Innen" },\n\n'
        '  { Stadtteil = "Opladen" },\n]',
    )
    toml.write_text(text, encoding="utf-8")
    zweite = parameterliste(_projekt(2023, reihe, None, None))[1]
    with pytest.raises(EinstellungsFehler) as info:
        _projekt(2023, reihe, None, None, zweite)
    zeile = text.splitlines().index('  { Stadtteil = "Opladen" },') + 1
    assert str(info.value.ort) == f"berichtsgen.toml:{zeile}"
    assert (
        "„untertitel“ verwendet {parameter.Bezirk}, aber „Bezirk“ fehlt in dieser Zeile" in info.value.meldung
    )


def test_prozesse_nur_fuer_den_eigenen_pool(reihe):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as fremd, pytest.raises(EinstellungsFehler, match="nicht mit „executor“"):
        berichtsgen.build_many(2023, reihe, executor=fremd, prozesse=2, formate=["docx"])
