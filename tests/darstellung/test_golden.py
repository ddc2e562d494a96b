"""The Word body of the mini project, compared with a golden document.xml.

Every block kind the mini project uses (headings, paragraphs with expressions, footnote, cross-
references, computed table and chart with captions and sources, list, GFM table, a landscape
chapter, indexes) in one file. After a deliberate change, regenerate it with
`BERICHTSGEN_GOLDEN_NEU=1 pytest tests/darstellung/test_golden.py` and read the diff before
committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from berichtsgen import build
from hilfen import TESTS, docx_xml, golden_xml

GOLDEN = TESTS / "darstellung" / "golden" / "mini-document.xml"


def test_document_xml_wie_golden(mini: Path):
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    neu = golden_xml(docx_xml(docx))
    if os.environ.get("BERICHTSGEN_GOLDEN_NEU"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(neu, encoding="utf-8")
    alt = GOLDEN.read_text(encoding="utf-8")
    unterschied = "".join(
        difflib.unified_diff(alt.splitlines(True), neu.splitlines(True), "golden", "neu", n=2)
    )
    assert not unterschied, unterschied[:4000]
