"""Helpers for reading what berichtsgen wrote."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_xml(pfad: Path, teil: str = "word/document.xml") -> etree._Element:
    """Parse one part of a Word file."""
    with zipfile.ZipFile(pfad) as z:
        return etree.fromstring(z.read(teil))


def absatz_texte(wurzel: etree._Element) -> list[str]:
    """Return the visible text of every paragraph (field instructions excluded)."""
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in wurzel.iter(f"{W}p")]
