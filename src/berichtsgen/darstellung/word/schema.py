"""The only schema orders berichtsgen keeps itself, and the repair of foreign packages.

Everything berichtsgen builds goes through python-docx's ordered accessors; `einfuegen` places the
few children python-docx does not model (page number type, cell shading, language) before the
successors ECMA-376 names for them.

Templates from other producers break Word's schema: pandoc's reference.docx and LibreOffice write
style children, run properties and settings out of order, python-docx-made templates omit
w:zoom/@w:percent, python-docx gives a picture in a header the same drawing id as the first one in
the body. Word reports "unreadable content" for each, LibreOffice stays silent; `reparieren` puts
them right before the report is saved.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .ooxml import qn

RPR = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
"""Child order of w:rPr (CT_RPr, in the order Word reads)."""

PPR = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
"""Child order of w:pPr (CT_PPr)."""

EINSTELLUNGEN = (
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
"""Child order of w:settings (CT_Settings)."""

STIL = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
).split()
"""Child order of w:style (CT_Style)."""

TCPR = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
    "hideMark headers cellIns cellDel cellMerge tcPrChange"
).split()
"""Child order of w:tcPr (CT_TcPr)."""

TBLPR = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
).split()
"""Child order of w:tblPr (CT_TblPr)."""


NACHFOLGER = {
    "pgNumType": (
        "cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
        "sectPrChange"
    ).split(),
    "shd": TCPR[TCPR.index("shd") + 1 :],
    "lang": RPR[RPR.index("lang") + 1 :],
    "color": RPR[RPR.index("color") + 1 :],
    "szCs": RPR[RPR.index("szCs") + 1 :],
    "suppressAutoHyphens": PPR[PPR.index("suppressAutoHyphens") + 1 :],
}
"""For each child python-docx does not model but berichtsgen writes: the children that follow it."""


def einfuegen(eltern: etree._Element, kind: etree._Element) -> etree._Element:
    """Insert `kind` into `eltern` before the successors the schema names for it; return it."""
    name = etree.QName(kind).localname
    return eltern.insert_element_before(kind, *(f"w:{n}" for n in NACHFOLGER[name]))


NUMMERIERUNG = "numPicBullet abstractNum num numIdMacAtCleanup".split()
"""Child order of w:numbering (CT_Numbering): new list definitions go before Word's cleanup marker."""


def ordnen(eltern: etree._Element, ordnung: list[str]) -> etree._Element:
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


def stile_ordnen(styles: etree._Element) -> None:
    """Put the children of every style and of its property elements into schema order."""
    for stil in styles.iter(qn("w:style")):
        ordnen(stil, STIL)
    for name, ordnung in (("rPr", RPR), ("pPr", PPR), ("tcPr", TCPR), ("tblPr", TBLPR)):
        for eltern in styles.iter(qn(f"w:{name}")):
            ordnen(eltern, ordnung)


def einstellungen_reparieren(einstellungen: etree._Element) -> None:
    """Add the required w:zoom/@w:percent and put w:settings into schema order."""
    zoom = einstellungen.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
    ordnen(einstellungen, EINSTELLUNGEN)


def zeichnungs_ids_eindeutig(wurzeln: Iterable[etree._Element]) -> None:
    """Give every wp:docPr a unique id across body, headers, footers and notes."""
    naechste = 1
    for wurzel in wurzeln:
        for doc_pr in wurzel.iter(qn("wp:docPr")):
            doc_pr.set("id", str(naechste))
            naechste += 1


def reparieren(docx: Document, geschichten: Iterable[etree._Element]) -> None:
    """Repair styles, settings and drawing ids of the package; `geschichten` are body and parts."""
    stile_ordnen(docx.part.styles.element)
    zeichnungs_ids_eindeutig(geschichten)
    einstellungen_reparieren(docx.settings.element)
    for rel in docx.part.rels.values():
        if rel.reltype == RT.NUMBERING and hasattr(rel.target_part, "element"):
            ordnen(rel.target_part.element, NUMMERIERUNG)
