from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from berichtsgen.export import pdf_pruefen  # noqa: E402
from berichtsgen.fehler import ExportFehler  # noqa: E402


def test_ungetaggtes_pdf_wird_abgelehnt(tmp_path: Path):
    """LibreOffice ignores malformed export options silently; the check must notice the result."""
    pdf = tmp_path / "ohne_tags.pdf"
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    fig.savefig(pdf)
    with pytest.raises(ExportFehler) as info:
        pdf_pruefen(pdf, "bericht.pdf")
    meldung = info.value.meldung
    for merkmal in ("Tags (Struktur)", "Sprache de", "PDF/UA-Kennung", "PDF/A-2-Kennung"):
        assert merkmal in meldung
    assert str(info.value.ort) == "bericht.pdf"


def test_eigene_pdf_pruefung_findet_maengel(tmp_path: Path):
    from hilfen import pdf_maengel

    pdf = tmp_path / "ohne_tags.pdf"
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    fig.savefig(pdf)
    assert pdf_maengel(pdf) == ["nicht getaggt"]


def test_zeitlimit_erreicht_den_exporter_bei_jedem_aufruf(mini: Path):
    from berichtsgen import FakeExport, build
    from hilfen import einstellen

    fake = FakeExport()
    build(2024, mini, formate=["pdf"], export=fake)
    einstellen(mini, "pdf_zeitlimit = 7")
    build(2024, mini, formate=["pdf"], export=fake)
    assert fake.zeitlimits == [180, 7]
    assert fake.geschlossen == 0  # the caller owns it


def test_libreoffice_export_gibt_das_zeitlimit_an_den_arbeiter(monkeypatch, tmp_path: Path):
    from berichtsgen.export import libreoffice

    gesehen = []

    class Arbeiter:
        def __init__(self, python, soffice, silbentrennung):
            gesehen.append(silbentrennung)
            self.dokumente = 0
            self.beendet = False

        def lebt(self):
            return not self.beendet

        def konvertieren(self, docx, pdf, titel, zeitlimit):
            gesehen.append(zeitlimit)
            return {"ok": True, "verzeichnisse": []}

        def beenden(self):
            self.beendet = True

    monkeypatch.setattr(libreoffice, "_Worker", Arbeiter)
    monkeypatch.setattr(libreoffice, "_uno_python", lambda: "/usr/bin/python3")
    monkeypatch.setattr(libreoffice, "_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(libreoffice, "pdf_pruefen", lambda *a: {"seiten": 1})
    with libreoffice.LibreOfficeExport() as pdf:
        pdf.exportieren(tmp_path / "a.docx", tmp_path / "a.pdf", titel="T", zeitlimit=30)
        pdf.exportieren(tmp_path / "a.docx", tmp_path / "a.pdf", titel="T", zeitlimit=5)
        arbeiter = pdf._worker
    assert gesehen == ["de-DE", 30, 5] and arbeiter.beendet and pdf._worker is None


def test_libreoffice_laedt_die_trennmuster_nur_fuer_einen_bericht_mit_silbentrennung(mini: Path):
    """Loading the German patterns costs LibreOffice 2.4 s at its start: not for a report without."""
    from berichtsgen import FakeExport, build
    from hilfen import einstellen

    fake = FakeExport()
    build(2024, mini, formate=["pdf"], export=fake)
    einstellen(mini, "silbentrennung = false")
    build(2024, mini, formate=["pdf"], export=fake)
    assert fake.silbentrennung == ["de-DE", None]


def test_build_ohne_exporter_startet_und_schliesst_einen_eigenen(mini: Path, monkeypatch):
    import berichtsgen.export
    from berichtsgen import FakeExport, build

    erzeugt = []

    class Eigener(FakeExport):
        def __init__(self):
            super().__init__()
            erzeugt.append(self)

    monkeypatch.setattr(berichtsgen.export, "LibreOfficeExport", Eigener)
    build(2024, mini, formate=["pdf"])
    (exporter,) = erzeugt
    assert (exporter.vorbereitet, len(exporter.aufrufe), exporter.geschlossen) == (1, 1, 1)


@pytest.mark.e2e
def test_libreoffice_profil_bleibt_je_bau_und_wird_nach_fehlern_verworfen(
    mini: Path, tmp_path: Path, monkeypatch
):
    """LibreOffice 25.2 spends about 2 s on a new user profile at every start: each worker keeps
    one in the user's cache folder; two at once use two; a failed conversion discards its own."""
    import threading

    from berichtsgen import build
    from berichtsgen.export.libreoffice import LibreOfficeExport

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    profile = tmp_path / "xdg" / "berichtsgen"
    (vorlage,) = build(2024, mini, formate=["docx"]).dateien

    with LibreOfficeExport() as export:
        export.exportieren(vorlage, tmp_path / "a.pdf", titel="A")
    (profil,) = sorted(profile.glob("berichtsgen-lo-profil-*"))
    assert (profil / "user" / "registrymodifications.xcu").is_file()
    assert not (profil / "temp").exists()

    with LibreOfficeExport() as eins, LibreOfficeExport() as zwei:
        # started here: a worker dies with the thread that started it (PR_SET_PDEATHSIG)
        eins.vorbereiten()
        zwei.vorbereiten()
        faeden = []
        for n, e in (("b", eins), ("c", zwei)):
            kopie = tmp_path / f"{n}.docx"  # one file open in two LibreOffices at once fails
            kopie.write_bytes(vorlage.read_bytes())
            faeden.append(
                threading.Thread(
                    target=e.exportieren, args=(kopie, tmp_path / f"{n}.pdf"), kwargs={"titel": n}
                )
            )
        for f in faeden:
            f.start()
        for f in faeden:
            f.join()
    assert sorted(p.name for p in profile.glob("berichtsgen-lo-profil-*")) == [
        "berichtsgen-lo-profil-0",
        "berichtsgen-lo-profil-1",
    ]
    assert (profil / "user" / "registrymodifications.xcu").is_file()
    assert (tmp_path / "b.pdf").is_file() and (tmp_path / "c.pdf").is_file()

    kaputt = tmp_path / "kaputt.docx"
    kaputt.write_bytes(b"PK\x03\x04 kein Word")
    with LibreOfficeExport() as export, pytest.raises(ExportFehler):
        export.exportieren(kaputt, tmp_path / "d.pdf", titel="D")
    assert not profil.exists()  # the profile of the LibreOffice that failed is gone
