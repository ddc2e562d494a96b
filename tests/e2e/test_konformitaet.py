"""The conformance matrix of issue 21: every test project × every template (the projects' own, the
package's, the test templates and the real third-party ones of tests/vorlagen/fremd).

Every pair is built to DOCX through the command line, as a user would (`--vorlage`); every
template also once to PDF, HTML and slides (on the small project or the statistics-office one),
with the real LibreOffice.
Invariants: exit 0 or one German line per finding naming its rule, never "Interner Fehler";
Word's schema; no field error text; the template's page-number fields stay fields; header cells legible (4.5:1);
every page but the title page numbered, "X von Y" within one numbering; each index entry names the
page it is printed on; the project's own accessibility, PDF, HTML and slide checks.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from berichtsgen import build
from berichtsgen.export.html_pruefen import ausfuehrbares, html_pruefen
from berichtsgen.export.pruefen import pdf_merkmale
from berichtsgen.fehler import BerichtsgenFehler
from hilfen import (
    FELDFEHLER,
    MARKDOWN_KAPITEL,
    REPO,
    SCHEMAS,
    STANDARDVORLAGE,
    TESTS,
    W,
    absatz_texte,
    docx_maengel,
    docx_xml,
    einzeilig,
    gedruckte_seitenzahlen,
    pdf_maengel,
    pruefen,
)

pytestmark = pytest.mark.e2e

ROOTS = TESTS / "roots"
FREMD = TESTS / "vorlagen" / "fremd"

VORLAGEN: dict[str, Path | None] = {
    "eigene": None,  # the project's own template (berichtsgen.toml), no --vorlage
    "standard": STANDARDVORLAGE,
    "leverkusen": REPO / "vorlagen" / "leverkusen.docx",
    "pandoc-reference": TESTS / "vorlagen" / "pandoc-reference.docx",
    "libreoffice": TESTS / "vorlagen" / "libreoffice.docx",
    "officer-template": TESTS / "vorlagen" / "officer-template.docx",
    **{d.stem: d for d in sorted(FREMD.glob("*.docx"))},
}
"""Every template of the matrix (origin of the third-party ones: fremd/SOURCES.md)."""

KLEIN = "alles" if (ROOTS / "alles" / "berichtsgen.toml").is_file() else "mini"
"""The project that uses every documented construct (until it exists: the mini project, given
every Markdown construct, a link and front matter)."""
PROJEKTE = {"beispiel": 2019, "amt": 2023, KLEIN: {"alles": 2019, "mini": 2024}[KLEIN]}
"""The test projects and the year each one is built for."""
EIGENE = {"beispiel": VORLAGEN["leverkusen"], "amt": VORLAGEN["pandoc-reference"], KLEIN: STANDARDVORLAGE}
"""The template each project names itself (the example's berichtsgen.toml, conftest's copies)."""

FORMATPROJEKT = {v: KLEIN if i % 2 == 0 else "amt" for i, v in enumerate(VORLAGEN)}
"""The project each template is built to every format with: every other one the small project
(the whole matrix stays within a few minutes once "alles" is the big one)."""

ABGELEHNT = {
    "kt-bern-brief": "fehlt der Platzhalter „{{p inhalt }}“",
    "ebau-formular-lo": "fehlt der Platzhalter „{{p inhalt }}“",
}
"""Templates written for another program's placeholders: refused with one line, by design."""
KONTRAST_H3 = "„Heading 3“ hat Textfarbe #4F81BD mit nur 4,0:1 Kontrast"
VIELLEICHT_ABGELEHNT = {
    "pandoc-reference": KONTRAST_H3,
    "docx4j-stylref": KONTRAST_H3.replace("Heading", "heading"),
}
"""Templates refused (one line per finding, rule [kontrast]) by a project that uses their too light
style (a level-3 heading in Word 2007's #4F81BD) and keeps accessibility an error; built by the
statistics-office project, whose `barrierefreiheit = "warnung"` lets them pass."""

BEKANNT: dict[tuple[str, str], str] = {}
"""Pairs that break berichtsgen today, with the exact failure (strict: fixed means update here)."""
BEKANNT_FORMATE: dict[str, str] = {}
"""Templates whose PDF, HTML or slides break today."""


def _paare():
    for projekt in PROJEKTE:
        for vorlage in VORLAGEN:
            grund = BEKANNT.get((projekt, vorlage))
            marken = [pytest.mark.xfail(strict=True, reason=grund)] if grund else []
            yield pytest.param(projekt, vorlage, id=f"{projekt}-{vorlage}", marks=marken)


def _vorlagen_mit_formaten():
    for vorlage in VORLAGEN:
        grund = BEKANNT_FORMATE.get(vorlage)
        marken = [pytest.mark.xfail(strict=True, reason=grund)] if grund else []
        yield pytest.param(vorlage, id=vorlage, marks=marken)


@pytest.fixture(scope="session")
def projekte(tmp_path_factory) -> dict[str, Path]:
    """The project folders: the example is the repository itself (its cache serves the other
    end-to-end tests too), the others fresh copies made once per session."""
    ordner = {"beispiel": REPO}
    basis = tmp_path_factory.mktemp("projekte")
    for name, eigene in (("amt", VORLAGEN["pandoc-reference"]), (KLEIN, STANDARDVORLAGE)):
        ordner[name] = basis / name
        shutil.copytree(ROOTS / name, ordner[name])
        if name != "alles":  # conftest's fixtures give these projects their template so
            shutil.copy(eigene, ordner[name] / "vorlage.docx")
    if KLEIN == "mini":  # a stand-in for "alles": every Markdown construct, a link, front matter
        inhalte = ordner["mini"] / "inhalte" / "2024"
        (inhalte / "00-vorwort.md").write_text("---\ntitel: Vorwort\n---\n\nText.\n", encoding="utf-8")
        (inhalte / "03-listen.md").write_text(
            MARKDOWN_KAPITEL + "\nMehr bei [der Stadt](https://example.org/bericht) und unter "
            "<https://example.org/daten/einwohner-nach-bezirk.csv>.\n",
            encoding="utf-8",
        )
    return ordner


def _docx_bauen(
    cli, projekte, ausgabe: Path, projekt: str, vorlage: str
) -> tuple[int, list[str], list[Path]]:
    """Build one pair to DOCX on the command line; return the exit code, the lines printed to
    stderr and the Word files written."""
    argumente = ["build", str(PROJEKTE[projekt]), "--projekt", str(projekte[projekt]), "--format", "docx"]
    if VORLAGEN[vorlage] is not None:
        argumente += ["--vorlage", str(VORLAGEN[vorlage])]
    aufruf = cli(*argumente, "--ausgabe", str(ausgabe), "--leise")
    zeilen = [z for z in aufruf.stderr.splitlines() if z.strip()]
    return aufruf.code, zeilen, sorted(ausgabe.rglob("*.docx"))


def _deutsche_zeilen_mit_regel(zeilen: list[str], erwartet: str) -> None:
    """What a refused build prints: one German line per finding (file, "Fehler:", the message and
    its rule in brackets), never an internal error or a traceback."""
    assert zeilen, "keine Meldung"
    for zeile in zeilen:
        assert "Interner Fehler" not in zeile and "Traceback" not in zeile, zeile
        assert re.search(r"(^|: )Fehler: \S", zeile), zeile
        assert re.search(r" \[[a-z0-9-]+\]( |$)", zeile), f"keine Regel: {zeile}"
    assert any(erwartet in z for z in zeilen), zeilen


def _feldarten(docx: Path) -> set[str]:
    """The kinds of field (PAGE, NUMPAGES …) in the headers and footers of a Word file; STYLEREF
    left aside (one naming a style the report never uses is replaced by design, felder.py)."""
    arten = set()
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                wurzel = etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False))
                anweisungen = [t.text or "" for t in wurzel.iter(f"{W}instrText")]
                anweisungen += [f.get(f"{W}instr", "") for f in wurzel.iter(f"{W}fldSimple")]
                arten |= {a.split()[0] for a in anweisungen if a.split() and a.split()[0].isalpha()}
    arten = {a.upper() for a in arten} - {"STYLEREF"}
    # "Seite X von Y" counts each part (front matter, report) on its own: NUMPAGES becomes a
    # PAGEREF to the end of the part, still a field Word updates
    return arten | {"NUMPAGES"} if "PAGEREF" in arten else arten


def _unleserliche_kopfzellen(docx: Path) -> list[str]:
    """Header cells whose text colour falls below 4.5:1 on the cell's background, each resolved as
    Word does: direct formatting, then character and paragraph style, then the table style's first
    row, then the table style, then the document defaults ("auto" adapts and is left aside)."""
    from berichtsgen.kontrast import MINDESTKONTRAST_TEXT, kontrast

    stile_xml = docx_xml(docx, "word/styles.xml")
    stile = {s.get(f"{W}styleId"): s for s in stile_xml.iter(f"{W}style")}

    def kette(stil_id: str | None) -> list[etree._Element]:
        folge = []
        while stil_id in stile and stile[stil_id] not in folge:
            folge.append(stile[stil_id])
            basis = stile[stil_id].find(f"{W}basedOn")
            stil_id = basis.get(f"{W}val") if basis is not None else None
        return folge

    def erster(elemente, pfad: str, attribut: str) -> str | None:
        for e in elemente:
            gefunden = e.find(pfad) if e is not None else None
            wert = gefunden.get(f"{W}{attribut}") if gefunden is not None else None
            if wert and wert.lower() != "auto":
                return wert
            if wert:  # "auto"
                return None
        return None

    vorgabe = stile_xml.find(f"{W}docDefaults/{W}rPrDefault")
    maengel = []
    for tabelle in docx_xml(docx).iter(f"{W}tbl"):
        stil = tabelle.find(f"{W}tblPr/{W}tblStyle")
        tabellenstile = kette(stil.get(f"{W}val") if stil is not None else None)
        kopf = [k for t in tabellenstile for k in t.iter(f"{W}tblStylePr") if k.get(f"{W}type") == "firstRow"]
        for zeile in tabelle.iterchildren(f"{W}tr"):
            if zeile.find(f"{W}trPr/{W}tblHeader") is None:
                continue
            for zelle in zeile.iterchildren(f"{W}tc"):
                grund = (
                    erster([zelle.find(f"{W}tcPr")] + kopf + tabellenstile, f".//{W}shd", "fill") or "FFFFFF"
                )
                for absatz in zelle.iter(f"{W}p"):
                    p_stil = absatz.find(f"{W}pPr/{W}pStyle")
                    absatzstile = kette(p_stil.get(f"{W}val") if p_stil is not None else "Normal")
                    for lauf in absatz.iter(f"{W}r"):
                        text = "".join(t.text or "" for t in lauf.iter(f"{W}t")).strip()
                        if not text:
                            continue
                        r_stil = lauf.find(f"{W}rPr/{W}rStyle")
                        zeichenstile = kette(r_stil.get(f"{W}val") if r_stil is not None else None)
                        quellen = [lauf.find(f"{W}rPr"), *zeichenstile, *absatzstile, *kopf, *tabellenstile]
                        farbe = erster([*quellen, vorgabe], f".//{W}color", "val")
                        if farbe and kontrast(f"#{farbe}", f"#{grund}") < MINDESTKONTRAST_TEXT:
                            verhaeltnis = kontrast(f"#{farbe}", f"#{grund}")
                            maengel.append(f"„{text}“: #{farbe} auf #{grund} ({verhaeltnis:.1f}:1)")
    return maengel


def _feldfehler(docx: Path) -> list[str]:
    """Field error texts Word or LibreOffice left in the body, the headers or the footers."""
    with zipfile.ZipFile(docx) as z:
        teile = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        funde = []
        for name in teile:
            wurzel = etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False))
            text = "\n".join(absatz_texte(wurzel))
            funde += [f"{name}: {m.group(0)}" for m in FELDFEHLER.finditer(text)]
    return funde


@pytest.mark.parametrize(("projekt", "vorlage"), list(_paare()))
def test_docx_jedes_projekts_mit_jeder_vorlage(projekt: str, vorlage: str, projekte, cli, tmp_path, schema):
    code, zeilen, dateien = _docx_bauen(cli, projekte, tmp_path, projekt, vorlage)
    if vorlage in ABGELEHNT or (code != 0 and vorlage in VIELLEICHT_ABGELEHNT):
        assert code == 1 and dateien == []
        _deutsche_zeilen_mit_regel(zeilen, {**VIELLEICHT_ABGELEHNT, **ABGELEHNT}[vorlage])
        return
    assert code == 0, zeilen
    (docx,) = dateien
    # the template's running heads and page numbers stay fields Word updates
    assert _feldarten(VORLAGEN[vorlage] or EIGENE[projekt]) - _feldarten(docx) == set()
    assert pruefen(docx, schema) == []
    assert _feldfehler(docx) == []
    assert _unleserliche_kopfzellen(docx) == []
    assert docx_maengel(docx) == []


# --- every template once to every format ---------------------------------------------------------


@pytest.fixture(scope="session")
def folienschema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "pml.xsd")))


def _verzeichniszeilen(seiten: list[str]) -> list[tuple[str, str]]:
    """The entries of the PDF's indexes (table of contents, figures, tables): (text, page number)."""
    eintraege = []
    for text in seiten:
        # a template's line numbering (w:lnNumType) prints a number before each line
        zeilen = [re.sub(r"^\s*\d+\s{2,}(?=\S)", "", z) for z in text.splitlines()]
        if not any(
            z.strip() in ("Inhaltsverzeichnis", "Abbildungsverzeichnis", "Tabellenverzeichnis")
            for z in zeilen
        ):
            continue
        for zeile in zeilen:
            treffer = re.match(r"\s*(\S.*?)\s*(?:\.\s*){3,}\s*([0-9]+|[ivxlc]+)\s*$", zeile)
            if treffer:
                eintraege.append((einzeilig(treffer.group(1)).strip(), treffer.group(2)))
    return eintraege


@pytest.mark.parametrize("vorlage", list(_vorlagen_mit_formaten()))
def test_jede_vorlage_in_allen_formaten(
    vorlage: str, projekte, tmp_path_factory, libreoffice, pdf_text, schema, folienschema
):
    ausgabe = tmp_path_factory.mktemp(f"formate-{vorlage}")
    projekt = FORMATPROJEKT[vorlage]
    try:
        dateien = build(
            PROJEKTE[projekt],
            projekte[projekt],
            formate=["docx", "pdf", "html", "pptx"],
            vorlage=VORLAGEN[vorlage],
            ausgabe=ausgabe,
            export=libreoffice,
        ).dateien
    except BerichtsgenFehler as fehler:
        erwartet = {**VIELLEICHT_ABGELEHNT, **ABGELEHNT}.get(vorlage)
        assert erwartet and erwartet in str(fehler) and "\n" not in str(fehler).strip(), str(fehler)
        return
    assert vorlage not in ABGELEHNT
    datei = {("html" if d.is_dir() else d.suffix[1:]): d for d in dateien}
    assert set(datei) == {"docx", "pdf", "html", "pptx"}
    # the Word file the PDF was made from
    assert _feldarten(VORLAGEN[vorlage] or EIGENE[projekt]) - _feldarten(datei["docx"]) == set()
    assert pruefen(datei["docx"], schema) == [] and _feldfehler(datei["docx"]) == []
    assert _unleserliche_kopfzellen(datei["docx"]) == []
    assert docx_maengel(datei["docx"]) == []
    # the PDF: no field error (pdf_text asserts it), accessible, every index entry on its page
    seiten = pdf_text(datei["pdf"])
    assert pdf_maengel(datei["pdf"]) == []
    merkmale = pdf_merkmale(datei["pdf"])
    assert merkmale["abbildungen_ohne_alt"] == merkmale["abbildungen_ohne_inhalt"] == 0
    zahlen = gedruckte_seitenzahlen(seiten)
    assert zahlen[0] is None and None not in zahlen[1:], zahlen  # every page but the title page
    for text in seiten:  # "Seite 2 von N": N is the last page of the same numbering (roman, arabic)
        gesamt = re.search(r"([0-9]+|[ivxlc]+)\s*(?:von|of|/)\s*([0-9]+|[ivxlc]+)\s*$", text.rstrip())
        if gesamt:
            art = [z for z in zahlen if z and z.isdigit() == gesamt.group(2).isdigit()]
            assert gesamt.group(2) == art[-1], (gesamt.group(0), zahlen)
    eintraege = _verzeichniszeilen(seiten)
    assert len(eintraege) >= 3, seiten[:3]
    for text, seite in eintraege:
        assert seite in zahlen, f"Seite {seite} für „{text}“ ist nirgends gedruckt: {zahlen}"
        # as a reader compares: a numbered heading's tab and a caps style make no difference
        anfang, dort = (re.sub(r"\s+", "", t).casefold() for t in (text[:30], seiten[zahlen.index(seite)]))
        assert anfang in dort, f"„{text}“ nicht auf Seite {seite}"
    # the HTML edition and the slides
    assert html_pruefen(datei["html"]) == [] and ausfuehrbares(datei["html"]) == []
    with zipfile.ZipFile(datei["pptx"]) as paket:
        folien = [n for n in paket.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        assert folien
        for name in folien:
            assert folienschema.validate(etree.fromstring(paket.read(name))), (
                name,
                folienschema.error_log.last_error,
            )


def test_die_matrix_ist_so_gross_wie_verlangt():
    fremde = [v for v in VORLAGEN if VORLAGEN[v] is not None and VORLAGEN[v].parent == FREMD]
    assert len(fremde) >= 8 and len(VORLAGEN) >= 10
    assert set(PROJEKTE) >= {"beispiel", "amt"} and len(PROJEKTE) == 3
    # the project's own template of each project is in the matrix
    assert (REPO / "vorlagen" / "leverkusen.docx") in VORLAGEN.values()
