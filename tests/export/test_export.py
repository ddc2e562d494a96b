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
