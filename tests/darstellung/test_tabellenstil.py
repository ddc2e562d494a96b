"""Report tables look as their table style says, and the template's own styles are checked.

The templates are the neutral one with its styles.xml edited: "Berichtstabelle" with a header row
(w:tblStylePr firstRow) white and bold on dark blue, as corporate templates have it, and bands;
its "Standard" keeps its text colour #1A1A1A, which in Word and LibreOffice overrides a table
style's colour – so berichtsgen writes the header row's formatting into the cells.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from berichtsgen import build, check
from berichtsgen.fehler import PruefFehler
from hilfen import REPO, STANDARDVORLAGE, W, docx_xml, einstellen

KOPF_ALT = (
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tblPr/><w:tcPr><w:tcBorders><w:bottom '
    'w:val="single" w:sz="8" w:space="0" w:color="1F4E79"/></w:tcBorders><w:shd w:val="clear" '
    'w:color="auto" w:fill="E7EEF6"/></w:tcPr></w:tblStylePr>'
)
WEISS_AUF_BLAU = (
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:tblPr/>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="0B3C5D"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="band1Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" '
    'w:fill="DDEEFF"/></w:tcPr></w:tblStylePr>'
)
"""A header row white and bold on #0B3C5D (11,5:1), odd bands light blue."""
NUR_BLAU = (
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tblPr/><w:tcPr><w:shd w:val="clear" '
    'w:color="auto" w:fill="0B3C5D"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="band1Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" '
    'w:fill="595959"/></w:tcPr></w:tblStylePr>'
)
"""Dark shading without a text colour: the cells' #1A1A1A on #0B3C5D (1,5:1) and on #595959."""
LINK_ALT = 'w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0B5394"/>'
LINK_HELL = 'w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="4F81BD"/>'
"""pandoc's (and Word 2010's) accent blue, 4,03:1 on white."""


def vorlage_mit_stilen(ziel: Path, *ersetzungen: tuple[str, str], quelle: Path = STANDARDVORLAGE) -> Path:
    """Write a copy of the template `quelle` with text of its styles.xml replaced (each once)."""
    with zipfile.ZipFile(quelle) as z:
        teile = {n: z.read(n) for n in z.namelist()}
    styles = teile["word/styles.xml"].decode("utf-8")
    for alt, neu in ersetzungen:
        assert styles.count(alt) == 1, alt
        styles = styles.replace(alt, neu)
    teile["word/styles.xml"] = styles.encode("utf-8")
    with zipfile.ZipFile(ziel, "w", zipfile.ZIP_DEFLATED) as z:
        for name, daten in teile.items():
            z.writestr(name, daten)
    return ziel


def _tabellen(docx: Path) -> list[etree._Element]:
    return list(docx_xml(docx).iter(f"{W}tbl"))


def _zeilen(tbl: etree._Element) -> list[etree._Element]:
    return tbl.findall(f"{W}tr")


def _fuellung(tc: etree._Element) -> str | None:
    shd = tc.find(f"{W}tcPr/{W}shd")
    return shd.get(f"{W}fill") if shd is not None else None


def _laeufe(tc: etree._Element) -> list[etree._Element]:
    return [r for r in tc.iter(f"{W}r") if r.find(f"{W}t") is not None]


def _farbe(r: etree._Element) -> str | None:
    farbe = r.find(f"{W}rPr/{W}color")
    return farbe.get(f"{W}val") if farbe is not None else None


def _fett(r: etree._Element) -> bool:
    return r.find(f"{W}rPr/{W}b") is not None


def test_kopfzeile_weiss_auf_blau_wie_die_tabellenformatvorlage(mini: Path):
    """Both tables of the mini project (computed, and written in Markdown): every header cell
    shaded #0B3C5D with its runs white and bold, the bands by body row; body text keeps the
    cell style's colour."""
    vorlage_mit_stilen(mini / "vorlage.docx", (KOPF_ALT, WEISS_AUF_BLAU))
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    tabellen = _tabellen(docx)
    assert len(tabellen) == 2
    for tbl in tabellen:
        look = tbl.find(f"{W}tblPr/{W}tblLook")
        assert look.get(f"{W}firstRow") == "1" and look.get(f"{W}noHBand") == "0"
        kopf, *koerper = _zeilen(tbl)
        assert kopf.find(f"{W}trPr/{W}tblHeader") is not None
        for tc in kopf.findall(f"{W}tc"):
            assert _fuellung(tc) == "0B3C5D"
            assert _laeufe(tc) and all(_farbe(r) == "FFFFFF" and _fett(r) for r in _laeufe(tc))
        for i, tr in enumerate(koerper):
            for tc in tr.findall(f"{W}tc"):
                assert _fuellung(tc) == ("DDEEFF" if i % 2 == 0 else "auto")
                assert all(_farbe(r) is None for r in _laeufe(tc))
    texte = ["".join(tc.itertext()) for tc in _zeilen(tabellen[0])[0].findall(f"{W}tc")]
    assert texte == ["Bezirk", "Einwohner", "Anteil (in %)", "Fläche"]


def test_kopfzeile_nicht_fett_wo_die_tabellenformatvorlage_es_sagt(mini: Path):
    """A header row the style sets not bold stays so; without a table style word it is bold."""
    nicht_fett = WEISS_AUF_BLAU.replace("<w:b/>", '<w:b w:val="0"/>', 1)
    vorlage_mit_stilen(mini / "vorlage.docx", (KOPF_ALT, nicht_fett))
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    kopf = _zeilen(_tabellen(docx)[0])[0]
    assert not any(_fett(r) for r in _laeufe(kopf)) and all(_farbe(r) == "FFFFFF" for r in _laeufe(kopf))


def test_designfarben_der_tabellenformatvorlage(mini: Path):
    """Theme colours (accent1 with a shade, background1) are resolved with the template's theme."""
    design = (
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF" w:themeColor="background1"/></w:rPr>'
        '<w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="365F91" w:themeFill="accent1" '
        'w:themeFillShade="BF"/></w:tcPr></w:tblStylePr>'
    )
    vorlage_mit_stilen(mini / "vorlage.docx", (KOPF_ALT, design))
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    with zipfile.ZipFile(docx) as z:
        thema = z.read("word/theme/theme1.xml").decode("utf-8")
    akzent = re.search(r'<a:accent1>\s*<a:srgbClr val="(\w{6})"', thema).group(1)
    kopf = _zeilen(_tabellen(docx)[0])[0]
    fuellungen = {_fuellung(tc) for tc in kopf.findall(f"{W}tc")}
    assert len(fuellungen) == 1
    (fuellung,) = fuellungen
    # a shade darkens the accent: each channel at most the accent's, none of them equal to white
    assert fuellung != akzent and all(
        int(fuellung[i : i + 2], 16) <= int(akzent[i : i + 2], 16) for i in (0, 2, 4)
    )
    assert all(_farbe(r) == "FFFFFF" for r in _laeufe(kopf))


def _pixel_farben(pdf: Path, wort: str, ordner: Path) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Return the background and the text colour of the first `wort` on the PDF's pages, as
    printed: the most frequent pixel in its box and the one farthest from it."""
    from collections import Counter

    from PIL import Image

    boxen = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    for seite, inhalt in enumerate(boxen.split("<page ")[1:], 1):
        m = re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
            + re.escape(wort)
            + "</word>",
            inhalt,
        )
        if m is None:
            continue
        x0, y0, x1, y1 = (float(v) * 150 / 72 for v in m.groups())
        stamm = ordner / f"seite-{seite}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-f",
                str(seite),
                "-l",
                str(seite),
                "-png",
                "-singlefile",
                str(pdf),
                str(stamm),
            ],
            check=True,
        )
        bild = Image.open(f"{stamm}.png").convert("RGB")
        punkte = Counter(
            bild.getpixel((x, y)) for x in range(int(x0), int(x1)) for y in range(int(y0), int(y1))
        )
        hinten = punkte.most_common(1)[0][0]
        vorne = max(punkte, key=lambda c: sum(abs(a - b) for a, b in zip(c, hinten, strict=True)))
        return hinten, vorne
    raise AssertionError(f"„{wort}“ steht nicht im PDF")


@pytest.mark.e2e
def test_pdf_zeigt_die_kopfzeile_weiss_auf_blau(mini: Path, libreoffice, tmp_path: Path):
    """As printed by LibreOffice: header text white on #0B3C5D, the first band light blue."""
    vorlage_mit_stilen(mini / "vorlage.docx", (KOPF_ALT, WEISS_AUF_BLAU))
    _docx, pdf = build(2024, mini, export=libreoffice).dateien
    assert _pixel_farben(pdf, "Fläche", tmp_path) == ((0x0B, 0x3C, 0x5D), (0xFF, 0xFF, 0xFF))
    assert _pixel_farben(pdf, "Merkmal", tmp_path) == (
        (0x0B, 0x3C, 0x5D),
        (0xFF, 0xFF, 0xFF),
    )  # the Markdown table
    hinten, vorne = _pixel_farben(pdf, "Nord", tmp_path)
    assert hinten == (0xDD, 0xEE, 0xFF) and vorne == (0x1A, 0x1A, 0x1A)


# --- template, check and build report the template's styles -----------------------------------

KOPF_BEFUND = (
    "Fehler: Tabellenformatvorlage „Berichtstabelle“, Überschriftenzeile: Textfarbe #1A1A1A hat nur 1,5:1 "
    "Kontrast zur Schattierung #0B3C5D; nötig sind 4,5:1. [kontrast] Ändern Sie in Word die "
    "Tabellenformatvorlage („Formatierung übernehmen für: Überschriftenzeile“): Schriftfarbe oder "
    "Schattierung; ohne eigene Schriftfarbe gilt die von „Tabelleninhalt“."
)
BAND_BEFUND = (
    "Tabellenformatvorlage „Berichtstabelle“, Ungerade Zeilenstreifen: Textfarbe #1A1A1A hat nur 2,5:1 "
    "Kontrast zur Schattierung #595959; nötig sind 4,5:1."
)
LINK_BEFUND = (
    "Fehler: Formatvorlage „Hyperlink“ hat Textfarbe #4F81BD mit nur 4,0:1 Kontrast zu Weiß; nötig sind "
    "4,5:1. [kontrast] Wählen Sie in Word eine dunklere Schriftfarbe."
)


def test_template_meldet_kopfzeile_band_und_hyperlink(tmp_path: Path, cli):
    datei = vorlage_mit_stilen(tmp_path / "stadt.docx", (KOPF_ALT, NUR_BLAU), (LINK_ALT, LINK_HELL))
    r = cli("template", str(datei))
    assert r.code == 1
    zeilen = [z for z in r.stderr.splitlines() if "[kontrast]" in z]
    assert len(zeilen) == 4
    assert any(
        "Ungerade Zeilenstreifen: Links (Formatvorlage „Hyperlink“) in #4F81BD haben nur 1,7:1" in z
        for z in zeilen
    )
    assert f"{datei}: {KOPF_BEFUND}" in zeilen
    assert any(z.startswith(f"{datei}: Fehler: {BAND_BEFUND}") for z in zeilen)
    assert f"{datei}: {LINK_BEFUND}" in zeilen


def test_template_ohne_befund_wenn_die_kopfzeile_lesbar_ist(tmp_path: Path, cli):
    datei = vorlage_mit_stilen(tmp_path / "stadt.docx", (KOPF_ALT, WEISS_AUF_BLAU))
    r = cli("template", str(datei))
    assert r.code == 0 and "[kontrast]" not in r.stderr + r.stdout


def test_hyperlink_in_designfarbe_wie_bei_pandoc(tmp_path: Path, cli):
    """pandoc's reference.docx: Hyperlink and Heading 3 in the theme's accent1 (#4F81BD)."""
    datei = tmp_path / "pandoc.docx"
    shutil.copy(REPO / "tests/vorlagen/pandoc-reference.docx", datei)
    r = cli("template", str(datei))
    assert r.code == 1
    assert f"{datei}: {LINK_BEFUND}" in r.stderr.splitlines()
    assert "Formatvorlage „Heading 3“ hat Textfarbe #4F81BD mit nur 4,0:1" in r.stderr


def test_check_und_build_melden_die_stile_der_vorlage(mini: Path):
    vorlage_mit_stilen(mini / "vorlage.docx", (KOPF_ALT, NUR_BLAU), (LINK_ALT, LINK_HELL))
    befunde = [b for b in check(2024, mini).befunde if b.regel == "kontrast"]
    assert [b.zeile() for b in befunde if "Überschriftenzeile" in b.meldung] == [
        f"vorlage.docx: {KOPF_BEFUND}"
    ]
    assert any(b.meldung.startswith(BAND_BEFUND) for b in befunde)
    assert any(b.zeile() == f"vorlage.docx: {LINK_BEFUND}" for b in befunde)
    assert all(b.fehler for b in befunde)
    with pytest.raises(PruefFehler) as info:
        build(2024, mini, formate=["docx"])
    assert "Überschriftenzeile: Textfarbe #1A1A1A hat nur 1,5:1" in str(info.value)
    # the setting for accessibility findings makes them warnings, as for the other contrast rules
    einstellen(mini, 'barrierefreiheit = "warnung"')
    meldungen: list[str] = []
    build(2024, mini, formate=["docx"], fortschritt=meldungen.append)
    assert any("Warnung: Tabellenformatvorlage „Berichtstabelle“, Überschriftenzeile" in m for m in meldungen)


def test_ampel_von_berichtsgen_gegen_die_zellschrift(tmp_path: Path):
    """The shading berichtsgen writes (the Ampel of a status) against the template's cell text."""
    from berichtsgen.darstellung.word.vorlage import Vorlage
    from berichtsgen.fehler import Ort
    from berichtsgen.inhalt.modell import Beschriftung, FertigeTabelle, Optionen, TabellenPlatz
    from berichtsgen.pruefung import Umfeld, zellkontrast

    def befunde(vorlage: Vorlage) -> list[str]:
        tabelle = FertigeTabelle(
            ["Maßnahme", "Status"],
            [["A", "umgesetzt"], ["B", "umgesetzt"], ["C", "offen"]],
            [False, False],
            set(),
            Beschriftung("Maßnahmen"),
            fuellung={(0, 1): "C6EFCE", (1, 1): "C6EFCE", (2, 1): "F8CBAD"},
        )
        platz = TabellenPlatz("massnahmen", Optionen(), Ort("k.md", 3), tabelle)
        umfeld = Umfeld(Path("."), vorlage.pfad, {}, zelltextfarbe=vorlage.zelltextfarbe)
        return [b.zeile() for b in zellkontrast(platz, None, umfeld)]

    assert befunde(Vorlage(STANDARDVORLAGE)) == []  # #1A1A1A on the light fills
    zellstil = (
        'w:styleId="Tabelleninhalt"><w:name w:val="Tabelleninhalt"/><w:basedOn w:val="Normal"/><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz'
    )
    grau = vorlage_mit_stilen(
        tmp_path / "grau.docx", (zellstil, zellstil.replace("<w:sz", '<w:color w:val="A0A0A0"/><w:sz'))
    )
    assert befunde(Vorlage(grau)) == [
        "k.md:3: Fehler: Tabelle „massnahmen“: Textfarbe #A0A0A0 hat auf der Hinterlegung #C6EFCE, die "
        "berichtsgen setzt (2 Zellen), nur 2,1:1 Kontrast; nötig sind 4,5:1. [kontrast] Wählen Sie in "
        "Word für die Formatvorlage „Tabelleninhalt“ eine dunklere Schriftfarbe.",
        "k.md:3: Fehler: Tabelle „massnahmen“: Textfarbe #A0A0A0 hat auf der Hinterlegung #F8CBAD, die "
        "berichtsgen setzt (1 Zelle), nur 1,8:1 Kontrast; nötig sind 4,5:1. [kontrast] Wählen Sie in "
        "Word für die Formatvorlage „Tabelleninhalt“ eine dunklere Schriftfarbe.",
    ]


def test_tabellenformatvorlage_der_mustertabelle_in_der_vorlage(mini: Path):
    """A template without "Berichtstabelle" whose own text has a table in the editor's design
    (officer's template, a sample table in "Light List Accent 2": white on the theme's accent2):
    report tables take that style, not "Table Grid"."""
    from docx import Document

    doc = Document(str(REPO / "tests/vorlagen/officer-template.docx"))
    doc.add_table(rows=2, cols=2, style="Light List Accent 2")
    doc.save(str(mini / "vorlage.docx"))
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    tbl = _tabellen(docx)[0]
    assert tbl.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "Listeclaire-Accent2"
    kopf = _zeilen(tbl)[0]
    assert {_fuellung(tc) for tc in kopf.findall(f"{W}tc")} == {"C0504D"}
    assert all(_farbe(r) == "FFFFFF" and _fett(r) for r in _laeufe(kopf))


def test_zwei_kopfzeilen_und_baender_schemagueltig(amt: Path, schema):
    """A header of two rows (group over entries, a column named once over both): both rows in the
    header row's formatting, the bands counted from the first body row, cell properties in
    schema order (shading between the vertical merge and the vertical alignment)."""
    from hilfen import pruefen

    vorlage_mit_stilen(amt / "vorlage.docx", (KOPF_ALT, WEISS_AUF_BLAU))
    (docx,) = build(2023, amt, formate=["docx"]).dateien
    assert pruefen(docx, schema) == []
    tbl = next(t for t in _tabellen(docx) if "männlich" in "".join(_zeilen(t)[1].itertext()))
    oben, unten, *koerper = _zeilen(tbl)
    for tr in (oben, unten):
        assert tr.find(f"{W}trPr/{W}tblHeader") is not None
        assert {_fuellung(tc) for tc in tr.findall(f"{W}tc")} == {"0B3C5D"}
        assert all(_farbe(r) == "FFFFFF" and _fett(r) for r in _laeufe(tr))
    assert [_fuellung(tr.find(f"{W}tc")) for tr in koerper[:3]] == ["DDEEFF", "auto", "DDEEFF"]


def test_links_auf_den_zeilenstreifen(tmp_path: Path, cli):
    """A link in a body cell keeps the Hyperlink style's #0B5394: 4,3:1 on grey bands (#C0C0C0)."""
    grau = KOPF_ALT + WEISS_AUF_BLAU.split("</w:tblStylePr>", 1)[1].replace("DDEEFF", "C0C0C0")
    datei = vorlage_mit_stilen(tmp_path / "grau.docx", (KOPF_ALT, grau))
    r = cli("template", str(datei))
    assert [z for z in r.stderr.splitlines() if "[kontrast]" in z] == [
        f"{datei}: Fehler: Tabellenformatvorlage „Berichtstabelle“, Ungerade Zeilenstreifen: Links "
        "(Formatvorlage „Hyperlink“) in #0B5394 haben nur 4,3:1 Kontrast zur Schattierung #C0C0C0; nötig "
        "sind 4,5:1. [kontrast] Wählen Sie in Word für „Hyperlink“ eine dunklere Schriftfarbe oder für "
        "„Ungerade Zeilenstreifen“ der Tabellenformatvorlage eine hellere Schattierung."
    ]
