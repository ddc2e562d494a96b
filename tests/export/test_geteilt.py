"""One LibreOffice for the workers of a series (`export.geteilt`): errors reach the worker as
German lines, a caller without the key gets nothing, and a forked child never ends the parent's
LibreOffice."""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import AuthenticationError, Client
from pathlib import Path

import pytest

from berichtsgen import build
from berichtsgen.export.geteilt import Dienst, EntfernterExport
from berichtsgen.fehler import ExportFehler


def _im_kind_schliessen(dienst: Dienst) -> None:
    """In a forked child: what a child's exit could do to the parent's LibreOffice."""
    for platz in dienst._plaetze:
        platz.export.schliessen()


@pytest.mark.e2e
def test_ein_libreoffice_fuer_mehrere_arbeiter(mini: Path, tmp_path: Path):
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    kaputt = tmp_path / "kaputt.docx"
    kaputt.write_bytes(b"PK\x03\x04 kein Word")
    with Dienst("de-DE", plaetze=1, berichte=3) as dienst:
        dienst.starten()
        worker = dienst._plaetze[0].export._worker
        # a forked child (chart drawing, the PDF check, a series worker) lets go of the parent's
        # LibreOffice: closing it there neither kills it nor keeps it waiting for the child
        kind = multiprocessing.get_context("fork").Process(target=_im_kind_schliessen, args=(dienst,))
        kind.start()
        kind.join(30)
        assert kind.exitcode == 0
        assert worker.lebt() and dienst._plaetze[0].export._worker is worker
        dienst.bedienen()

        with pytest.raises(AuthenticationError):
            Client(dienst.anschluss.adresse, authkey=b"falscher Schluessel")

        arbeiter = EntfernterExport(dienst.anschluss)
        with pytest.raises(ExportFehler) as fehler:
            arbeiter.exportieren(kaputt, tmp_path / "kaputt.pdf", titel="Kaputt")
        assert "kein PDF erzeugen" in fehler.value.zeile()  # the German line of the service's exporter

        ergebnis = arbeiter.exportieren(docx, tmp_path / "gut.pdf", titel="Gut")  # a new LibreOffice
        assert ergebnis.seiten >= 1 and (tmp_path / "gut.pdf").read_bytes().startswith(b"%PDF")
        zweiter = EntfernterExport(dienst.anschluss)
        assert zweiter.exportieren(docx, tmp_path / "zwei.pdf", titel="Zwei").seiten == ergebnis.seiten
        arbeiter.schliessen()
        zweiter.schliessen()
    with pytest.raises(ExportFehler, match="nicht mehr erreichbar"):  # the service has ended
        EntfernterExport(dienst.anschluss).exportieren(docx, tmp_path / "drei.pdf", titel="Drei")
