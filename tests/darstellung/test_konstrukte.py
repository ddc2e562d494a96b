"""Every Markdown construct a report uses, in the template's own styles (created where missing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from berichtsgen import build
from hilfen import MARKDOWN_KAPITEL, REPO, W, docx_xml


def _absatz(wurzel, anfang: str):
    return next(
        p for p in wurzel.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(anfang)
    )


def _stilname(styles, sid: str) -> str:
    stil = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == sid)
    return stil.find(f"{W}name").get(f"{W}val")


def _eingerueckt(styles, p) -> bool:
    """The paragraph, or its style (through basedOn), has a left indentation."""
    if p.find(f"{W}pPr/{W}ind") is not None:
        return True
    sid = p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
    for _ in range(10):
        stil = next((s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == sid), None)
        if stil is None:
            return False
        ind = stil.find(f"{W}pPr/{W}ind")
        if ind is not None and int(ind.get(f"{W}left") or ind.get(f"{W}start") or 0) > 0:
            return True
        basis = stil.find(f"{W}basedOn")
        sid = basis.get(f"{W}val") if basis is not None else None
    return False


@pytest.mark.parametrize(
    ("vorlage", "zitat", "code", "codezeichen"),
    [
        ("standard", "Quote", "HTML Preformatted", "HTML Code"),
        ("pandoc-reference.docx", "Block Text", "HTML Preformatted", "Verbatim Char"),
    ],
)
def test_markdown_konstrukte_in_den_stilen_der_vorlage(mini: Path, vorlage, zitat, code, codezeichen, schema):
    from hilfen import kontrast_als_warnung, pruefen

    if vorlage != "standard":
        shutil.copy(REPO / "tests/vorlagen" / vorlage, mini / "vorlage.docx")
        kontrast_als_warnung(mini)
    (mini / "inhalte/2024/03-listen.md").write_text(MARKDOWN_KAPITEL, encoding="utf-8")
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    koerper, styles = docx_xml(docx), docx_xml(docx, "word/styles.xml")
    # block quote: the template's quote style, indented
    p = _absatz(koerper, "Ein Zitat")
    assert _stilname(styles, p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")) == zitat
    assert _eingerueckt(styles, p)
    # definition list: term bold and kept with its explanation, which is indented
    begriff, erklaerung = _absatz(koerper, "Begriff"), _absatz(koerper, "Die Erklärung")
    assert begriff.find(f"{W}r/{W}rPr/{W}b") is not None and begriff.find(f"{W}pPr/{W}keepNext") is not None
    assert int(erklaerung.find(f"{W}pPr/{W}ind").get(f"{W}left")) > 0
    # hard line break, inline code in a character style, strikethrough
    zeilen = _absatz(koerper, "Zeile eins")
    assert zeilen.find(f"{W}r/{W}br") is not None
    code_lauf = next(r for r in zeilen.iter(f"{W}r") if "".join(r.itertext()) == "code")
    assert _stilname(styles, code_lauf.find(f"{W}rPr/{W}rStyle").get(f"{W}val")) == codezeichen
    gestrichen = next(r for r in zeilen.iter(f"{W}r") if "".join(r.itertext()) == "gestrichen")
    assert gestrichen.find(f"{W}rPr/{W}strike") is not None
    # code blocks: a monospace paragraph style, line by line, leading spaces kept
    for anfang in ("eingerückter Code", "umzäunter Code"):
        block = _absatz(koerper, anfang)
        assert _stilname(styles, block.find(f"{W}pPr/{W}pStyle").get(f"{W}val")) == code
    eingerueckt = _absatz(koerper, "eingerückter Code")
    assert [t.text for t in eingerueckt.iter(f"{W}t")] == ["eingerückter Code", "  zweite Zeile"]
    assert eingerueckt.find(f"{W}r/{W}br") is not None
    assert pruefen(docx, schema) == []
