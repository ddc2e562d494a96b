"""The public API: every name a script author needs, documented, typed, and cheap to import."""

from __future__ import annotations

import inspect
import subprocess
import sys

import berichtsgen


def test_jeder_oeffentliche_name_ist_da_und_beschrieben():
    for name in berichtsgen.__all__:
        wert = getattr(berichtsgen, name)
        if name != "__version__":
            assert inspect.getdoc(wert), f"{name} ohne Beschreibung"
    for name in ("build", "check"):
        signatur = inspect.signature(getattr(berichtsgen, name))
        assert signatur.return_annotation != inspect.Signature.empty
        assert all(p.annotation != inspect.Parameter.empty for p in signatur.parameters.values())


def test_fehlerklassen_und_exporter_sind_exportiert():
    assert issubclass(berichtsgen.PruefFehler, berichtsgen.BerichtsgenFehler)
    for art in ("InhaltsFehler", "DatenFehler", "VorlagenFehler", "EinstellungsFehler", "ExportFehler"):
        assert issubclass(getattr(berichtsgen, art), berichtsgen.BerichtsgenFehler)
    assert isinstance(berichtsgen.FakeExport(), berichtsgen.PdfExport)
    assert isinstance(berichtsgen.LibreOfficeExport(), berichtsgen.PdfExport)


def test_unbekannter_name():
    try:
        berichtsgen.bauen  # noqa: B018 - the twin of build is gone
    except AttributeError as exc:
        assert "bauen" in str(exc)
    else:
        raise AssertionError("berichtsgen.bauen gibt es nicht mehr")


def test_import_ohne_schwere_bibliotheken_und_ohne_backendwechsel():
    """`import berichtsgen` and the command line load neither pandas nor matplotlib, and choose no backend."""
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, berichtsgen, berichtsgen.cli; from berichtsgen import tabelle, Summe, Ort;"
            "print(sorted({'pandas', 'matplotlib', 'docx', 'docxtpl', 'markdown_it'} & set(sys.modules)));"
            "import matplotlib; print(matplotlib.get_backend(auto_select=False))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert r.stdout.splitlines() == ["[]", "None"]
