"""The LibreOffice berichtsgen supports: from 24.2 on (tagged pictures in the PDF, PDF/UA)."""

from __future__ import annotations

import pytest

from berichtsgen.export.libreoffice import MINDESTVERSION, version_pruefen


@pytest.mark.parametrize(
    ("version", "zu_alt"),
    [("7.4.7.2", True), ("24.2.0.3", False), ("24.8.4.2", False), ("25.2.3.2", False), ("", False)],
)
def test_zu_altes_libreoffice_ist_eine_deutsche_zeile(version: str, zu_alt: bool):
    fehler = version_pruefen(version)
    assert (fehler is not None) == zu_alt
    if fehler is not None:
        assert str(fehler).startswith(f"Fehler: LibreOffice {version} ist zu alt für ein barrierefreies PDF")
        assert (
            f"ab {MINDESTVERSION[0]}.{MINDESTVERSION[1]}" in fehler.hinweis
            and "bookworm-backports" in fehler.hinweis
        )


def test_das_installierte_libreoffice_wird_unterstuetzt():
    """CI installs what `scripts/einrichten.sh` installs: the build must accept it (checked by a real start)."""
    from berichtsgen.export.libreoffice import LibreOfficeExport

    export = LibreOfficeExport()
    try:
        export.vorbereiten(silbentrennung=None)
        export._worker.warten_bis_bereit(120)
    finally:
        export.schliessen()


def _pdf_mit_figur(pfad, inhalt: bool) -> None:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    figur = pikepdf.Dictionary(S=pikepdf.Name.Figure, Alt=pikepdf.String("Diagramm"))
    if inhalt:
        figur.K = 0  # the marked content of the picture on the page
    baum = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([figur])))
    pdf.Root.StructTreeRoot = baum
    pdf.save(pfad)


@pytest.mark.parametrize("inhalt", [True, False])
def test_pdf_pruefung_zaehlt_abbildungen_ohne_bild(tmp_path, inhalt: bool):
    """A Figure with alt text but no content (the picture drawn as an artifact, as LibreOffice 7.4
    did): a screen reader following the tags never reaches it."""
    from berichtsgen.export.pruefen import pdf_merkmale

    _pdf_mit_figur(tmp_path / "f.pdf", inhalt)
    merkmale = pdf_merkmale(tmp_path / "f.pdf")
    assert (merkmale["abbildungen"], merkmale["abbildungen_ohne_alt"]) == (1, 0)
    assert merkmale["abbildungen_ohne_inhalt"] == (0 if inhalt else 1)
