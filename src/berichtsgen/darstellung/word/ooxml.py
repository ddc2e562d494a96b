"""Small builders for WordprocessingML on top of python-docx's oxml layer.

Elements are python-docx's own classes (`OxmlElement`), so paragraph and run properties are set
through its ordered `get_or_add_*` accessors and land in schema order by construction. What
python-docx does not model (fields, bookmarks, table captions, shading) is inserted before the
successors the schema names, with python-docx's `insert_element_before`.
"""

from __future__ import annotations

from functools import cache

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Twips

__all__ = ["absatz", "element", "feld", "ganze_twips", "klartext", "lauf", "qn"]

W_NS = nsmap["w"]
_NAMENSRAEUME = {"w": W_NS, "r": nsmap["r"]}


@cache
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """The Clark name of `tag` and the namespaces it declares (as `OxmlElement` would)."""
    return qn(tag), _NAMENSRAEUME if tag.startswith("w:") else {tag.split(":")[0]: nsmap[tag.split(":")[0]]}


@cache
def _attribut(schluessel: str) -> str:
    name = schluessel.rstrip("_")
    return qn(name.replace("__", ":")) if "__" in name else qn("w:" + name)


def element(tag: str, *kinder: BaseOxmlElement | None, **attribute: str | int) -> BaseOxmlElement:
    """Create `tag` (e.g. "w:tblLook") with `attribute` in the w: namespace (`r__id` for r:id).

    The same element `OxmlElement` makes (python-docx's class for the tag), made without parsing
    the tag and attribute names again for each of the hundred thousand elements of a long report.
    """
    clark, namensraeume = _tag(tag)
    e = oxml_parser.makeelement(clark, nsmap=namensraeume)
    for schluessel, wert in attribute.items():
        e.set(_attribut(schluessel), str(wert))
    for kind in kinder:
        if kind is not None:
            e.append(kind)
    return e


def absatz(
    stil: str | None,
    laeufe: list[BaseOxmlElement],
    *,
    keep_next: bool = False,
    seitenumbruch: bool = False,
    ausrichtung: str | None = None,
    abstand_null: bool = False,
    num: tuple[int, int] | None = None,
    einzug: Length | None = None,
    silbentrennung: bool = True,
) -> BaseOxmlElement:
    """Build a w:p with the given paragraph properties and runs (`einzug`: left indentation).

    The properties are appended in the order CT_PPr prescribes (pStyle, keepNext, pageBreakBefore,
    numPr, suppressAutoHyphens, spacing, ind, jc): building thousands of table cells through python-docx's ordered
    setters, which search the children each time, was the slowest part of rendering.
    """
    kinder = []
    if stil:
        kinder.append(element("w:pStyle", val=stil))
    if keep_next:
        kinder.append(element("w:keepNext"))
    if seitenumbruch:
        kinder.append(element("w:pageBreakBefore"))
    if num:
        kinder.append(element("w:numPr", element("w:ilvl", val=num[0]), element("w:numId", val=num[1])))
    if not silbentrennung:
        kinder.append(element("w:suppressAutoHyphens"))
    if abstand_null:
        kinder.append(element("w:spacing", before=0, after=0))
    if einzug:
        kinder.append(element("w:ind", left=ganze_twips(einzug)))
    if ausrichtung:
        kinder.append(element("w:jc", val=ausrichtung))
    p = element("w:p")
    if kinder:
        p.append(element("w:pPr", *kinder))
    for r in laeufe:
        p.append(r)
    return p


def lauf(
    text: str,
    *,
    fett: bool = False,
    kursiv: bool = False,
    code: bool = False,
    stil: str | None = None,
    gestrichen: bool = False,
) -> BaseOxmlElement:
    """Build a w:r with text and simple emphasis (`code` without a character style `stil`: a
    monospace font set directly)."""
    r = OxmlElement("w:r")
    if stil or code or fett or kursiv or gestrichen:
        rpr = r.get_or_add_rPr()
        if stil:
            rpr.style = stil
        if code and not stil:
            fonts = rpr.get_or_add_rFonts()
            fonts.ascii = fonts.hAnsi = "Liberation Mono"
            fonts.set(qn("w:cs"), "Liberation Mono")
        if fett:
            rpr.get_or_add_b()
        if kursiv:
            rpr.get_or_add_i()
        if gestrichen:
            rpr.get_or_add_strike()
    r.add_t(text)
    return r


def feld(anweisung: str, ergebnis: list[BaseOxmlElement]) -> list[BaseOxmlElement]:
    """Return the runs of a complex field with `anweisung` and the cached `ergebnis` runs."""
    instr = element("w:instrText")
    instr.text = f" {anweisung} "
    instr.set(qn("xml:space"), "preserve")
    return [
        element("w:r", element("w:fldChar", fldCharType="begin")),
        element("w:r", instr),
        element("w:r", element("w:fldChar", fldCharType="separate")),
        *ergebnis,
        element("w:r", element("w:fldChar", fldCharType="end")),
    ]


def ganze_twips(laenge: Length) -> int:
    """Return `laenge` in whole twips (rounded down, so that widths never exceed the page)."""
    return int(laenge / Twips(1))


def klartext(laeufe: list[BaseOxmlElement]) -> str:
    """Return the visible text of runs (without field instructions)."""
    return "".join(t.text or "" for r in laeufe for t in r.iter(qn("w:t")))
