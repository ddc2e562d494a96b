"""Typesetting of the whole document: German hyphenation on (not in headings), switchable."""

from __future__ import annotations

from pathlib import Path

from berichtsgen import build
from hilfen import W, docx_xml, einstellen


def _stil(styles, sid: str):
    return next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == sid)


def test_silbentrennung_deutsch_ausser_in_ueberschriften(mini: Path):
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert docx_xml(docx, "word/settings.xml").find(f"{W}autoHyphenation") is not None
    styles = docx_xml(docx, "word/styles.xml")
    sprachen = {lang.get(f"{W}val") for lang in styles.iter(f"{W}lang") if lang.get(f"{W}val")}
    assert sprachen == {"de-DE"}
    for sid in ("Heading1", "Heading2", "Caption", "Title"):
        assert _stil(styles, sid).find(f"{W}pPr/{W}suppressAutoHyphens") is not None, sid
    assert _stil(styles, "Normal").find(f"{W}pPr/{W}suppressAutoHyphens") is None


def test_englische_stile_einer_fremden_vorlage_werden_deutsch(mini: Path):
    """pandoc's reference.docx sets no language; a template with en-US styles hyphenates German."""
    from docx import Document

    vorlage = Document(str(mini / "vorlage.docx"))
    rpr = vorlage.styles["Normal"].element.get_or_add_rPr()
    rpr.append(rpr.makeelement(f"{W}lang", {f"{W}val": "en-US"}))
    vorlage.save(str(mini / "vorlage.docx"))
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    normal = _stil(docx_xml(docx, "word/styles.xml"), "Normal")
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}val") == "de-DE"


def test_silbentrennung_abschaltbar(mini: Path):
    einstellen(mini, "silbentrennung = false")
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert docx_xml(docx, "word/settings.xml").find(f"{W}autoHyphenation") is None
