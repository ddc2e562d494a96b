"""The LibreOffice worker looks for page references (PAGEREF) in the Word file before it walks the
document's fields over UNO; a reference it misses would print in arabic numerals where Word prints
"iii". The worker runs under the Python that imports uno, so these tests do too."""

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from berichtsgen.export import libreoffice

VORLAGEN = Path(__file__).parent.parent / "vorlagen"
WORKER = Path(libreoffice.__file__).parent


def _suchen(*dateien: Path) -> list[bool]:
    python = libreoffice._uno_python()
    if python is None:
        pytest.skip("keine Python mit uno (LibreOffice) auf diesem Rechner")
    programm = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import _uno_worker as w; "
        "print(json.dumps([w.hat_seitenverweise(d) for d in sys.argv[2:]]))"
    )
    aus = subprocess.run(
        [python, "-c", programm, str(WORKER), *map(str, dateien)], capture_output=True, text=True, check=True
    )
    return json.loads(aus.stdout)


def _mit_teil(tmp_path: Path, name: str, teil: str, xml: bytes) -> Path:
    """A python-docx document whose part `teil` is replaced by `xml`."""
    leer = tmp_path / "leer.docx"
    Document().save(leer)
    ziel = tmp_path / name
    with zipfile.ZipFile(leer) as alt, zipfile.ZipFile(ziel, "w") as neu:
        for eintrag in alt.infolist():
            neu.writestr(eintrag, xml if eintrag.filename == teil else alt.read(eintrag))
    return ziel


def _koerper(inhalt: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p>{inhalt}</w:p></w:body></w:document>"
    ).encode()


def test_seitenverweise_werden_gefunden_wo_es_sie_gibt(tmp_path: Path):
    geteilt = _mit_teil(
        tmp_path,
        "geteilt.docx",
        "word/document.xml",
        _koerper(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE</w:instrText></w:r>'  # split where Word edited it
            '<w:r><w:instrText xml:space="preserve">REF _Toc1 \\h </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        ),
    )
    einfach = _mit_teil(
        tmp_path, "einfach.docx", "word/document.xml", _koerper('<w:fldSimple w:instr=" pageref _Ende "/>')
    )
    nur_seite = _mit_teil(
        tmp_path,
        "seite.docx",
        "word/document.xml",
        _koerper('<w:fldSimple w:instr=" PAGE "/><w:fldSimple w:instr=" NUMPAGES "/>'),
    )
    ohne = tmp_path / "ohne.docx"
    Document().save(ohne)
    # a real template with page references in its own fields (SOURCES.md in tests/vorlagen/fremd)
    fremd = VORLAGEN / "fremd" / "aagi-bericht.docx"
    assert _suchen(geteilt, einfach, nur_seite, ohne, fremd) == [True, True, False, False, True]


def test_unlesbare_datei_wird_von_libreoffice_durchsucht(tmp_path: Path):
    kaputt = tmp_path / "kaputt.docx"
    kaputt.write_bytes(b"kein zip")
    assert _suchen(kaputt) == [True]
