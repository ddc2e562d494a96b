"""Small builders for WordprocessingML elements, in the schema's child order."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def qn(name: str) -> str:
    """Turn "w:p" into Clark notation."""
    prefix, lokal = name.split(":")
    ns = {"w": W_NS, "r": R_NS, "wp": WP_NS, "xml": XML_NS}[prefix]
    return f"{{{ns}}}{lokal}"


def el(tag: str, *kinder: etree._Element | None, **attribute: str | int) -> etree._Element:
    """Create `tag` (e.g. "w:p") with `attribute` (w: namespace unless they contain a colon)."""
    e = etree.Element(qn(tag), nsmap={"w": W_NS, "r": R_NS})
    for schluessel, wert in attribute.items():
        schluessel = schluessel.rstrip("_")
        attr = qn(schluessel.replace("__", ":")) if "__" in schluessel else qn("w:" + schluessel)
        e.set(attr, str(wert))
    for kind in kinder:
        if kind is not None:
            e.append(kind)
    return e


def text_element(text: str) -> etree._Element:
    """Return a w:t that keeps leading and trailing spaces."""
    t = el("w:t")
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")
    return t


RPR_ORDNUNG = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()

PPR_ORDNUNG = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()


def geordnet(eltern: etree._Element, ordnung: list[str]) -> etree._Element:
    """Sort the children of a w:pPr / w:rPr into the schema's order."""
    rang = {n: i for i, n in enumerate(ordnung)}
    kinder = sorted(eltern, key=lambda k: rang.get(etree.QName(k).localname, len(rang)))
    for k in kinder:
        eltern.append(k)
    return eltern


def feld(
    anweisung: str, ergebnis: list[etree._Element], rpr: etree._Element | None = None
) -> list[etree._Element]:
    """Return the runs of a complex field with `anweisung` and the cached `ergebnis` runs."""

    def lauf(*kinder: etree._Element) -> etree._Element:
        r = el("w:r")
        if rpr is not None:
            r.append(etree.fromstring(etree.tostring(rpr)))
        for k in kinder:
            r.append(k)
        return r

    instr = el("w:instrText")
    instr.text = f" {anweisung} "
    instr.set(qn("xml:space"), "preserve")
    return [
        lauf(el("w:fldChar", fldCharType="begin")),
        lauf(instr),
        lauf(el("w:fldChar", fldCharType="separate")),
        *ergebnis,
        lauf(el("w:fldChar", fldCharType="end")),
    ]
