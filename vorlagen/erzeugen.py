"""Create the shipped Word templates: src/berichtsgen/vorlagen/standard.docx (inside the package)
and vorlagen/leverkusen.docx (the example's).

Run from the repository root: `python vorlagen/erzeugen.py`. The templates are ordinary Word
files; editors may change them in Word afterwards. See vorlagen/README.md.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree
from PIL import Image, ImageDraw

HIER = Path(__file__).parent
STANDARD = HIER.parent / "src" / "berichtsgen" / "vorlagen" / "standard.docx"

# The German Word style IDs for built-in styles (the names stay English in styles.xml).
DEUTSCHE_IDS = {
    "Normal": "Standard",
    "Heading1": "berschrift1",
    "Heading2": "berschrift2",
    "Heading3": "berschrift3",
    "Caption": "Beschriftung",
    "TableGrid": "Tabellenraster",
    "Header": "Kopfzeile",
    "Footer": "Fuzeile",
    "ListBullet": "Aufzhlungszeichen",
    "ListNumber": "Listennummer",
    "Title": "Titel",
    "Subtitle": "Untertitel",
    "TOCHeading": "Inhaltsverzeichnisberschrift",
    "FootnoteText": "Funotentext",
    "FootnoteReference": "Funotenzeichen",
}


def _farbe(hexwert: str) -> RGBColor:
    return RGBColor.from_string(hexwert.lstrip("#"))


def _stile(doc: Document, schrift: str, akzent: str, text: str) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = schrift
    normal.font.size = Pt(11)
    normal.font.color.rgb = _farbe(text)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), schrift)
    for stufe, groesse in ((1, 18), (2, 14), (3, 12)):
        h = styles[f"Heading {stufe}"]
        h.font.name = schrift
        h.font.size = Pt(groesse)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = _farbe(akzent if stufe < 3 else text)
        h.paragraph_format.space_before = Pt(18 if stufe == 1 else 12)
        h.paragraph_format.space_after = Pt(6)
        rpr = h.element.rPr
        for alt in rpr.findall(qn("w:rFonts")):
            rpr.remove(alt)
    for name in ("Title", "Subtitle"):
        s = styles[name]
        rpr = s.element.get_or_add_rPr()
        for alt in rpr.findall(qn("w:rFonts")):  # theme fonts would override the body font
            rpr.remove(alt)
        s.font.name = schrift
        s.font.color.rgb = _farbe(akzent if name == "Title" else text)
    styles["Title"].font.size = Pt(28)
    styles["Subtitle"].font.size = Pt(16)
    styles["Subtitle"].font.italic = False
    # Title styles in the default template carry theme colours and borders; keep them plain
    for name in ("Title", "Subtitle"):
        ppr = styles[name].element.pPr
        if ppr is not None:
            for rand in ppr.findall(qn("w:pBdr")):
                ppr.remove(rand)
    cap = styles["Caption"]
    cap.font.name = schrift
    cap.font.size = Pt(10)
    cap.font.bold = True
    cap.font.color.rgb = _farbe(text)
    cap.paragraph_format.space_before = Pt(6)
    cap.paragraph_format.space_after = Pt(3)
    toc = styles["TOC Heading"]
    toc.font.color.rgb = _farbe(akzent)
    # the heading of the table of contents is no heading itself: body text level
    toc_ppr = toc.element.get_or_add_pPr()
    for alt in toc_ppr.findall(qn("w:outlineLvl")):
        toc_ppr.remove(alt)
    toc_ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
    quelle = styles.add_style("Quelle", WD_STYLE_TYPE.PARAGRAPH)
    quelle.base_style = normal
    quelle.font.size = Pt(8.5)
    quelle.font.color.rgb = _farbe("#595959")
    quelle.paragraph_format.space_before = Pt(2)
    quelle.paragraph_format.space_after = Pt(12)
    fn_text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    fn_text.base_style = normal
    fn_text.font.size = Pt(9)
    fn_text.paragraph_format.space_after = Pt(0)
    fn_ref = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    fn_ref.font.superscript = True
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = _farbe("#0B5394")
    link.font.underline = True
    inhalt = styles.add_style("Tabelleninhalt", WD_STYLE_TYPE.PARAGRAPH)
    inhalt.base_style = normal
    inhalt.font.size = Pt(9.5)
    inhalt.paragraph_format.space_after = Pt(0)
    inhalt.paragraph_format.line_spacing = 1.0
    for stufe in (1, 2, 3):
        verz = styles.add_style(f"toc {stufe}", WD_STYLE_TYPE.PARAGRAPH)
        verz.base_style = normal
        verz.paragraph_format.left_indent = Cm(0.5 * (stufe - 1))
        verz.paragraph_format.space_after = Pt(2)
    abb = styles.add_style("table of figures", WD_STYLE_TYPE.PARAGRAPH)
    abb.base_style = normal
    abb.paragraph_format.space_after = Pt(2)
    _tabellenstil(doc, akzent)


def _tabellenstil(doc: Document, akzent: str) -> None:
    """Add the table style "Berichtstabelle": thin rules, bold header row in the accent colour."""
    farbe = akzent.lstrip("#")
    xml = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="Berichtstabelle">
  <w:name w:val="Berichtstabelle"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="{farbe}"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="{farbe}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/></w:rPr>
    <w:tblPr/>
    <w:tcPr>
      <w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="{farbe}"/></w:tcBorders>
      <w:shd w:val="clear" w:color="auto" w:fill="E7EEF6"/>
    </w:tcPr>
  </w:tblStylePr>
</w:style>"""
    doc.styles.element.append(parse_xml(xml))


def _logo_platzhalter(akzent: str) -> bytes:
    bild = Image.new("RGB", (600, 200), "white")
    zeichnen = ImageDraw.Draw(bild)
    zeichnen.rectangle([4, 4, 595, 195], outline=akzent, width=6)
    zeichnen.text((40, 80), "LOGO (Platzhalter)", fill=akzent, font_size=40)
    puffer = io.BytesIO()
    bild.save(puffer, format="PNG", dpi=(150, 150))
    return puffer.getvalue()


def _feld(absatz, anweisung: str, ergebnis: str) -> None:
    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {{ns}}><w:instrText xml:space="preserve"> {anweisung} </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {{ns}}><w:t>{ergebnis}</w:t></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        absatz._p.append(parse_xml(xml.format(ns=nsdecls("w"))))


def vorlage(ziel: Path, *, schrift: str, akzent: str, text: str, logo: bool, kopfzeile: str) -> None:
    """Write one template to `ziel`."""
    doc = Document()
    _stile(doc, schrift, akzent, text)
    sektion = doc.sections[0]
    sektion.page_width, sektion.page_height = Cm(21), Cm(29.7)
    sektion.left_margin = sektion.right_margin = Cm(2.5)
    sektion.top_margin, sektion.bottom_margin = Cm(2.5), Cm(2.2)
    sektion.different_first_page_header_footer = True  # title page: no header, no footer
    kopf = sektion.header.paragraphs[0]
    kopf.text = kopfzeile
    kopf.style = doc.styles["Header"]
    kopf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in kopf.runs:
        r.font.size = Pt(8.5)
        r.font.color.rgb = _farbe("#595959")
    fuss = sektion.footer.paragraphs[0]
    fuss.style = doc.styles["Footer"]
    fuss.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fuss.add_run("Seite ")
    _feld(fuss, "PAGE", "1")

    if logo:
        doc.add_picture(io.BytesIO(_logo_platzhalter(akzent)), width=Cm(6))
        bild = doc.inline_shapes[0]._inline
        bild.docPr.set("descr", "Platzhalter für das Logo: in Word durch das eigene Logo ersetzen.")
        bild.docPr.set("title", "")
    titel = doc.add_paragraph("{{ titel }}", style="Title")
    titel.paragraph_format.space_before = Cm(4)
    doc.add_paragraph("{{ untertitel }}", style="Subtitle")
    doc.add_paragraph("{{ herausgeber }}", style="Normal").paragraph_format.space_before = Cm(1)
    doc.add_paragraph("Stand: {{ stand }}", style="Normal")
    umbruch = doc.add_paragraph("")
    umbruch.add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{p inhalt }}", style="Normal")
    doc.core_properties.title = "Berichtsvorlage"
    doc.core_properties.author = "berichtsgen"
    doc.save(ziel)


def deutsche_ids(pfad: Path) -> None:
    """Rewrite built-in style IDs the way a German Word writes them (names stay English)."""
    verweise = {qn(f"w:{n}") for n in ("styleId", "val")}
    eltern = {qn(f"w:{n}") for n in ("style", "basedOn", "next", "link", "pStyle", "rStyle", "tblStyle")}
    tmp = Path(tempfile.mkstemp(suffix=".docx")[1])
    with zipfile.ZipFile(pfad) as alt, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as neu:
        for eintrag in alt.infolist():
            daten = alt.read(eintrag.filename)
            if eintrag.filename.startswith("word/") and eintrag.filename.endswith(".xml"):
                wurzel = etree.fromstring(daten)
                for e in wurzel.iter(*eltern):
                    for attr in verweise:
                        wert = e.get(attr)
                        if wert in DEUTSCHE_IDS:
                            e.set(attr, DEUTSCHE_IDS[wert])
                daten = etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", standalone=True)
            neu.writestr(eintrag, daten)
    shutil.move(tmp, pfad)


def main() -> int:
    vorlage(
        STANDARD,
        schrift="Liberation Sans",
        akzent="#1F4E79",
        text="#1A1A1A",
        logo=False,
        kopfzeile="{{ titel }}",
    )
    lev = HIER / "leverkusen.docx"
    vorlage(
        lev,
        schrift="Arial",
        akzent="#005A9C",
        text="#1A1A1A",
        logo=True,
        kopfzeile="{{ titel }} · {{ jahr }}",
    )
    deutsche_ids(lev)
    print("geschrieben:", STANDARD, lev)
    return 0


if __name__ == "__main__":
    sys.exit(main())
