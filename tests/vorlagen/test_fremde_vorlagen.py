"""The templates of the conformance matrix hold, together, every property issue 21 names: read from
their own XML (no entity expansion, no network), not taken on trust from SOURCES.md."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from hilfen import REPO, STANDARDVORLAGE, TESTS, W

FREMD = TESTS / "vorlagen" / "fremd"
FREMDE = sorted(FREMD.glob("*.docx"))
"""The real third-party templates (origin and licence in fremd/SOURCES.md)."""
ALLE = [
    *FREMDE,
    *sorted((TESTS / "vorlagen").glob("*.docx")),
    REPO / "vorlagen" / "leverkusen.docx",
    STANDARDVORLAGE,
]
"""Every Word template the matrix builds with."""

SICHER = etree.XMLParser(resolve_entities=False, no_network=True)
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
V = "{urn:schemas-microsoft-com:vml}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _teile(datei: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(datei) as z:
        return {
            n: etree.fromstring(z.read(n), SICHER)
            for n in z.namelist()
            if re.fullmatch(r"word/(document|styles|settings|header\d*|footer\d*)\.xml|docProps/app\.xml", n)
        }


def _felder(wurzel: etree._Element) -> str:
    """All field instructions of a part (complex and simple fields)."""
    return " ".join(
        [t.text or "" for t in wurzel.iter(f"{W}instrText")]
        + [f.get(f"{W}instr", "") for f in wurzel.iter(f"{W}fldSimple")]
    )


def _hat_bild(wurzel: etree._Element) -> bool:
    return next(wurzel.iter(f"{PIC}pic", f"{V}imagedata"), None) is not None


def merkmale(datei: Path) -> set[str]:
    """The properties of one template, as its XML shows them."""
    teile = _teile(datei)
    gefunden: set[str] = set()
    koepfe = [w for n, w in teile.items() if n.startswith("word/header")]
    fuesse = [w for n, w in teile.items() if n.startswith("word/footer")]
    if any(_hat_bild(w) for w in koepfe):
        gefunden.add("bild in kopfzeile")
    if any(_hat_bild(w) for w in fuesse):
        gefunden.add("bild in fusszeile")
    for w in teile.values():
        if next(w.iter(f"{WPS}txbx", f"{V}textbox"), None) is not None:
            gefunden.add("textfeld")
        if next(w.iter(f"{WPS}wsp", f"{V}shape", f"{V}rect", f"{V}roundrect"), None) is not None:
            gefunden.add("form")
    for w in koepfe + fuesse:
        if "STYLEREF" in _felder(w):
            gefunden.add("styleref")
        if "NUMPAGES" in _felder(w):
            gefunden.add("numpages")
        for kasten in w.iter(f"{W}txbxContent"):
            if "NUMPAGES" in _felder(kasten) and w in fuesse:
                gefunden.add("numpages in textfeld der fusszeile")
    stile = teile["word/styles.xml"]
    ids = {s.get(f"{W}styleId") for s in stile.iter(f"{W}style")}
    for sprache, kennung in (
        ("deutsch", r"(Ue|Ü|)berschrift1"),
        ("franzoesisch", "Titre1"),
        ("englisch", "Heading1"),
    ):
        if any(i and re.fullmatch(kennung, i) for i in ids):
            gefunden.add(f"stil-ids {sprache}")
    for s in stile.iter(f"{W}style"):
        ebene = s.find(f"{W}pPr/{W}outlineLvl")
        if s.get(f"{W}type") == "paragraph" and s.find(f"{W}pPr/{W}numPr") is not None:
            name = s.find(f"{W}name").get(f"{W}val").lower()
            if name.startswith("heading") or (ebene is not None and int(ebene.get(f"{W}val")) < 9):
                gefunden.add("nummerierte ueberschriften")
        for kopf in s.iter(f"{W}tblStylePr"):
            schattierung = kopf.find(f"{W}tcPr/{W}shd")
            if (
                kopf.get(f"{W}type") == "firstRow"
                and schattierung is not None
                and (schattierung.get(f"{W}fill") or "auto").lower() not in ("auto", "ffffff")
            ):
                gefunden.add("tabellenstil mit farbiger kopfzeile")
    namen = {
        s.find(f"{W}name").get(f"{W}val").lower()
        for s in stile.iter(f"{W}style")
        if s.find(f"{W}name") is not None
    }
    if "hyperlink" not in namen and "caption" not in namen:
        gefunden.add("ohne hyperlink- und beschriftungsstil")
    app = teile.get("docProps/app.xml")
    if app is not None and "LibreOffice" in "".join(app.itertext()):
        gefunden.add("von libreoffice gespeichert")
    einstellungen = teile["word/settings.xml"]
    modus = [
        int(c.get(f"{W}val"))
        for c in einstellungen.iter(f"{W}compatSetting")
        if c.get(f"{W}name") == "compatibilityMode"
    ]
    kompat = einstellungen.find(f"{W}compat")
    if (modus and modus[0] <= 14) or (not modus and kompat is not None and len(kompat)):
        gefunden.add("kompatibilitaetsmodus")
    return gefunden


VERLANGT = {
    "bild in kopfzeile",
    "bild in fusszeile",
    "textfeld",
    "form",
    "styleref",
    "numpages",
    "numpages in textfeld der fusszeile",
    "stil-ids deutsch",
    "stil-ids franzoesisch",
    "stil-ids englisch",
    "nummerierte ueberschriften",
    "tabellenstil mit farbiger kopfzeile",
    "ohne hyperlink- und beschriftungsstil",
    "von libreoffice gespeichert",
    "kompatibilitaetsmodus",
}
"""What issue 21 lists for the templates of the matrix."""


@pytest.fixture(scope="module")
def inventar() -> dict[str, set[str]]:
    return {d.name: merkmale(d) for d in ALLE}


def test_jede_verlangte_eigenschaft_steckt_in_einer_fremden_vorlage(inventar):
    fremd = set().union(*(inventar[d.name] for d in FREMDE))
    assert VERLANGT - fremd == set(), {d: sorted(m) for d, m in inventar.items()}


def test_eine_vorlage_mit_logo_oben_und_unten(inventar):
    assert any({"bild in kopfzeile", "bild in fusszeile"} <= inventar[d.name] for d in FREMDE)


def test_mindestens_acht_kleine_fremde_vorlagen_mit_herkunft():
    assert len(FREMDE) >= 8
    quellen = (FREMD / "SOURCES.md").read_text(encoding="utf-8")
    for datei in FREMDE:
        assert datei.stat().st_size < 330_000, datei.name
        zeile = next(z for z in quellen.splitlines() if z.startswith(f"| `{datei.name}` |"))
        commit, lizenz = zeile.split(" | ")[2], zeile.split(" | ")[4]
        assert re.fullmatch(r"[0-9a-f]{40}", commit) and lizenz.strip(), zeile


def test_merkmale_werden_erkannt_nicht_unterstellt(inventar):
    """The reader can fail: pandoc's plain reference.docx has none of the layout properties."""
    assert (
        inventar["pandoc-reference.docx"]
        & {
            "bild in kopfzeile",
            "textfeld",
            "numpages",
            "von libreoffice gespeichert",
        }
        == set()
    )
    assert "stil-ids englisch" in inventar["pandoc-reference.docx"]
    assert "von libreoffice gespeichert" in inventar["libreoffice.docx"]
