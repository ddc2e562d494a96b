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


SETTINGS_ORDNUNG = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
    "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
    "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
    "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
    "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
    "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
    "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml "
    "ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly "
    "useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults "
    "footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown "
    "smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
).split()
"""Child order of w:settings (CT_Settings in ECMA-376)."""


STIL_ORDNUNG = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
).split()
"""Child order of w:style (CT_Style in ECMA-376)."""


TCPR_ORDNUNG = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
    "hideMark headers cellIns cellDel cellMerge tcPrChange"
).split()
TBLPR_ORDNUNG = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
).split()


def stabil_geordnet(eltern: etree._Element, ordnung: list[str]) -> etree._Element:
    """Sort known children into `ordnung`; an unknown one (an extension) stays after its predecessor."""
    rang = {n: i for i, n in enumerate(ordnung)}
    schluessel, letzter = [], -1
    for kind in eltern:
        name = etree.QName(kind).localname if isinstance(kind.tag, str) else ""
        letzter = rang.get(name, letzter)
        schluessel.append((letzter, kind))
    for _, kind in sorted(schluessel, key=lambda s: s[0]):
        eltern.append(kind)
    return eltern


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
