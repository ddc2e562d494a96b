"""Lists of any depth: berichtsgen's own list definitions continue the template's first level."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from berichtsgen import build
from hilfen import MARKDOWN_KAPITEL as LISTEN
from hilfen import REPO, W, docx_xml


def _absaetze(docx: Path) -> dict[str, tuple[int, int]]:
    """(ilvl, numId) by paragraph text, for the paragraphs with numbering."""
    ergebnis = {}
    for p in docx_xml(docx).iter(f"{W}p"):
        num = p.find(f"{W}pPr/{W}numPr")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if num is not None and text:
            ergebnis[text] = (
                int(num.find(f"{W}ilvl").get(f"{W}val")),
                int(num.find(f"{W}numId").get(f"{W}val")),
            )
    return ergebnis


def _ebenen(docx: Path, num_id: int) -> list[tuple[str, str, int]]:
    """(numFmt, lvlText, left indentation) per level of the definition behind `num_id`."""
    numbering = docx_xml(docx, "word/numbering.xml")
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == str(num_id))
    aid = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstrakt = next(a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == aid)
    return [
        (
            lvl.find(f"{W}numFmt").get(f"{W}val"),
            lvl.find(f"{W}lvlText").get(f"{W}val"),
            int(lvl.find(f"{W}pPr/{W}ind").get(f"{W}left")),
        )
        for lvl in abstrakt.findall(f"{W}lvl")
    ]


@pytest.mark.parametrize("vorlage", ["standard", "pandoc-reference.docx", "officer-template.docx"])
def test_verschachtelte_listen_in_jeder_vorlage(mini: Path, vorlage: str, schema):
    from hilfen import kontrast_als_warnung, pruefen

    if vorlage != "standard":
        shutil.copy(REPO / "tests/vorlagen" / vorlage, mini / "vorlage.docx")
        kontrast_als_warnung(mini)
    (mini / "inhalte/2024/03-listen.md").write_text(LISTEN, encoding="utf-8")
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    absaetze = _absaetze(docx)
    assert absaetze["Erstens"][0] == 0 and absaetze["Punkt A"][0] == 1 and absaetze["Unterpunkt eins"][0] == 2
    # the outer list keeps one numbering across the nested ones; each list has its own
    assert absaetze["Erstens"][1] == absaetze["Zweitens"][1] == absaetze["Drittens"][1]
    assert len({absaetze[t][1] for t in ("Erstens", "Punkt A", "Unterpunkt eins", "Fünftens")}) == 4
    nummern = _ebenen(docx, absaetze["Erstens"][1])
    punkte = _ebenen(docx, absaetze["Punkt A"][1])
    assert len(nummern) == len(punkte) == 9
    assert nummern[0][0] == "decimal" and {f for f, _t, _e in punkte} == {"bullet"}
    for ebenen in (nummern, punkte):  # every level further in than the one above it
        einzuege = [e for _f, _t, e in ebenen]
        assert einzuege == sorted(set(einzuege)), einzuege
    # the further paragraph of item 2 stands under its text, without a number
    weiter = next(p for p in docx_xml(docx).iter(f"{W}p") if "Weiterer Absatz" in "".join(p.itertext()))
    assert weiter.find(f"{W}pPr/{W}numPr") is None
    assert int(weiter.find(f"{W}pPr/{W}ind").get(f"{W}left")) == nummern[0][2]
    # "5." starts a list at 5
    start = docx_xml(docx, "word/numbering.xml").find(
        f".//{W}num[@{W}numId='{absaetze['Fünftens'][1]}']/{W}lvlOverride/{W}startOverride"
    )
    assert start.get(f"{W}val") == "5"
    assert pruefen(docx, schema) == []
