"""End to end with the real LibreOffice: build the example report and the mini project, then read
the DOCX and the PDF as a reader would (pdftotext for the text, pikepdf for the tags)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from docx import Document

from berichtsgen import LibreOfficeExport, build
from berichtsgen.export.pruefen import pdf_merkmale
from hilfen import MARKDOWN_KAPITEL as LISTEN
from hilfen import (
    REPO,
    W,
    docx_maengel,
    docx_xml,
    einzeilig,
    fusszeilen_der_abschnitte,
    gedruckte_seitenzahlen,
    getrenntes_beiwerk,
    nach_seitenzahl,
    pdf_maengel,
    seiten_nur_mit_beiwerk,
    zu_breite_woerter,
)

pytestmark = pytest.mark.e2e

HANDLUNGSFELDER = [
    "Handlungsfeld A: Sprache / Sprachförderung",
    "Handlungsfeld B: Erziehung & (institutionelle) Bildung",
    "Handlungsfeld C: Qualifizierung, Ausbildung & Arbeit",
    "Handlungsfeld D: Wohnen & Unterbringung",
    "Handlungsfeld E: Gesundheit",
    "Handlungsfeld F: Zivilgesellschaftliches / Bürgerschaftliches Engagement & Freizeit, Kultur, Sport",
    "Handlungsfeld G: Interkultureller & interreligiöser Dialog",
    "Handlungsfeld H: Senioren – Altern in der Migrationsgesellschaft",
]


@pytest.fixture(scope="module")
def beispiel(tmp_path_factory, libreoffice) -> dict[str, Path]:
    """Build the repository's example report (2019) once, into a temporary output folder."""
    ausgabe = tmp_path_factory.mktemp("ausgabe")
    dateien = build(2019, REPO, ausgabe=ausgabe, export=libreoffice).dateien
    return {("html" if d.is_dir() else d.suffix[1:]): d for d in dateien}


def test_alle_vier_formate_geschrieben(beispiel):
    assert set(beispiel) == {"docx", "pdf", "html", "pptx"}
    assert beispiel["pdf"].name == "umsetzungsbericht-integrationskonzept-2019.pdf"
    assert beispiel["pptx"].name == "umsetzungsbericht-integrationskonzept-2019.pptx"
    assert (beispiel["html"] / "index.html").is_file()


def test_inhaltsverzeichnis_mit_richtigen_seitenzahlen(beispiel, pdf_text):
    seiten = pdf_text(beispiel["pdf"])
    verzeichnis = next(s for s in seiten if "Inhaltsverzeichnis" in s)
    eintraege = {}
    for zeile in einzeilig(verzeichnis).split(" Handlungsfeld ")[1:]:
        m = re.match(r"([A-H]): .*?\.{3,}\s*(\d+)", zeile)
        assert m, zeile
        eintraege[m.group(1)] = int(m.group(2))
    assert sorted(eintraege) == list("ABCDEFGH")
    gedruckt = nach_seitenzahl(seiten)
    for hf in HANDLUNGSFELDER:
        seite = eintraege[hf[len("Handlungsfeld ")]]
        assert hf.split(":")[0] + ":" in gedruckt[str(seite)], f"{hf} nicht auf Seite {seite}"


def test_verzeichnisse_der_abbildungen_und_tabellen(beispiel, pdf_text):
    seiten = pdf_text(beispiel["pdf"])
    text = einzeilig("\n".join(seiten))
    assert re.search(
        r"Abbildung 1: Wohnungssuchende Haushalte unter Neuzugewanderten nach Haushaltsgröße\s*\.{3,}\s*\d+",
        text,
    )
    assert re.search(
        r"Tabelle 4: In Leverkusen lebende Geflüchtete im Alter von 18 bis unter 28 Jahren\s*\.{3,}\s*\d+",
        text,
    )
    assert "Quelle: Stadt Leverkusen, Fachbereich Soziales; Stichtag: 31.12.2018" in text
    assert "Quelle: IT.NRW, Zensus 2011" in text


def test_vergleich_mit_dem_vorjahr(beispiel, pdf_text):
    text = einzeilig("\n".join(pdf_text(beispiel["pdf"])))
    assert "Tabelle 3: Geflüchtete Personen: Veränderung zum Vorjahr" in text
    assert re.search(r"Insgesamt \(a\+b\+c\) 4\.675 4\.850 \+175 \+3,7 %", text)
    assert "388 348 −40 −10,3 %" in text  # the true minus sign, as printed
    zeilen = [[c.text for c in r.cells] for r in Document(str(beispiel["docx"])).tables[2].rows]
    assert ["c) Ausreisepflichtige mit Rückführungshindernis", "388", "348", "−40", "−10,3\u00a0%"] in zeilen


def test_zahlen_wie_gedruckt(beispiel, pdf_text):
    text = einzeilig("\n".join(pdf_text(beispiel["pdf"])))
    for zahl in ("166.081", "166.737", "15,7", "26,7", "4.850", "1.048", "3.875"):
        assert zahl in text
    assert "lebten 166.737 Menschen" in text
    assert "26.998 Ausländerinnen und Ausländer" in text
    assert "einem Anteil von 32,1 %" in text


def test_docx_ueberschriften_beschriftungen_zellen(beispiel):
    doc = Document(str(beispiel["docx"]))
    ueberschriften = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    for hf in HANDLUNGSFELDER:
        assert hf in ueberschriften
    beschriftungen = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    tabellen = [b for b in beschriftungen if b.startswith("Tabelle")]
    abbildungen = [b for b in beschriftungen if b.startswith("Abbildung")]
    assert [t.split(":")[0] for t in tabellen] == [f"Tabelle {n}" for n in range(1, 9)] + ["Tabelle A.1"]
    assert [a.split(":")[0] for a in abbildungen] == [
        "Abbildung 1",
        "Abbildung 2",
        "Abbildung 3",
        "Abbildung A.1",
    ]
    zellen = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "166.081" in zellen and "15,7" in zellen and "1.048" in zellen
    for t in doc.tables:
        assert t.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    alt = [d.get("descr") for d in docx_xml(beispiel["docx"]).iter(f"{wp}docPr")]
    assert len(alt) == 5 and all(a and len(a) > 20 for a in alt)
    assert any("1 Person: 402 Haushalte (402 Personen)" in a for a in alt)


def _struktur(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    elemente, stapel = [], [pdf.Root.StructTreeRoot]
    while stapel:
        e = stapel.pop()
        kinder = e.get("/K")
        if kinder is None:
            continue
        for k in kinder if isinstance(kinder, pikepdf.Array) else [kinder]:
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                elemente.append(k)
                stapel.append(k)
    return elemente


def test_vorspann_roemisch_bericht_ab_seite_1(beispiel, pdf_text):
    seiten = pdf_text(beispiel["pdf"])
    gedruckt = list(nach_seitenzahl(seiten))
    assert "Seite" not in seiten[0]  # title page: no footer
    assert gedruckt[:3] == ["ii", "iii", "1"]
    assert gedruckt[2:] == [str(n) for n in range(1, len(seiten) - 2)]
    assert "Vorwort" in nach_seitenzahl(seiten)["1"]


def test_quer_gesetzte_tabelle_auf_querformatseite(beispiel, pdf_text):
    with pikepdf.open(beispiel["pdf"]) as pdf:
        formate = [(float(p.mediabox[2]), float(p.mediabox[3])) for p in pdf.pages]
    seiten = pdf_text(beispiel["pdf"])
    quer = [i for i, (b, h) in enumerate(formate) if b > h]
    assert len(quer) == 1
    text = einzeilig(seiten[quer[0]])
    assert "Tabelle 6: Wohnungssuchende unter Neuzugewanderten nach Personen im Haushalt" in text
    assert "Insgesamt" in text and "1.433" in text
    # header, footer and page numbering continue across the landscape page
    nummern = [int(n) for n in re.findall(r"Seite (\d+)", " ".join(einzeilig(s)[-15:] for s in seiten))]
    assert nummern == list(range(1, len(nummern) + 1))


def test_anhang_datenquellen(beispiel, pdf_text):
    text = einzeilig("\n".join(pdf_text(beispiel["pdf"])))
    assert re.search(r"Anhang B: Datenquellen\s*\.{3,}\s*\d+", text)
    tabellen = [[[c.text for c in r.cells] for r in t.rows] for t in Document(str(beispiel["docx"])).tables]
    zeilen = next(t for t in tabellen if t[0][0] == "Datendatei")
    assert zeilen[0] == ["Datendatei", "Quelle", "Stichtag", "Verwendet in"]
    assert [
        "inhalte/2019/daten/wohnungssuchende.csv",
        "Stadt Leverkusen, Fachbereich Soziales",
        "31.12.2018",
        "Abbildung 1, Tabelle 6",
    ] in zeilen
    # a figure computed from two files is listed under both
    verwendet = [
        z[3] for z in zeilen if z[0].endswith(("migrationshintergrund_altersgruppen.csv", "zensus_2011.csv"))
    ]
    assert verwendet == ["Abbildung 3", "Abbildung 3"]


def test_abkuerzungsverzeichnis_und_unterschrift(beispiel, pdf_text):
    text = einzeilig("\n".join(pdf_text(beispiel["pdf"])))
    assert re.search(r"Abkürzungsverzeichnis\s*\.{3,}\s*\d+", text)
    assert "KI Kommunales Integrationszentrum" in text
    assert "zusammen. [Name der Unterzeichnerin oder des Unterzeichners] [Funktion]" in text


def test_beispiel_ohne_maengel_der_barrierefreiheit(beispiel):
    assert docx_maengel(beispiel["docx"]) == []
    assert pdf_maengel(beispiel["pdf"]) == []


def test_kein_wort_breiter_als_seine_spalte(beispiel, pdf_text):
    """By the real font's metrics, no token of a table cell is wider than its column; in the PDF no
    file name or Maßnahme word is broken mid-word."""
    assert zu_breite_woerter(beispiel["docx"]) == []
    text = "\n".join(pdf_text(beispiel["pdf"]))
    for wort in ("migrationshintergrund_altersgruppen.csv", "„Willkommensordners“", "Informationsangeboten"):
        assert wort in text


def test_massnahmen_mit_status_und_ampel(beispiel, pdf_text):
    doc = Document(str(beispiel["docx"]))
    text = einzeilig("\n".join(pdf_text(beispiel["pdf"])))
    assert (
        "Tabelle 5: Maßnahmen im Handlungsfeld C" in text and "Tabelle A.1: Übersicht der Maßnahmen" in text
    )
    assert "Umsetzungsstand: umgesetzt (grün hinterlegt), in Umsetzung (gelb hinterlegt)" in text
    c = next(t for t in doc.tables if t.rows[1].cells[0].text.startswith("Ausbau von Vernetzung"))
    # Federführung, Zeitraum and Bemerkung are "–" in every row of field C: left out
    assert [z.text for z in c.rows[0].cells] == ["Maßnahme", "Status"]
    zeile = [z.text for z in c.rows[3].cells]
    assert zeile == ["Prüfung der Einrichtung von Azubi-WGs für Geflüchtete", "geplant"]
    fuellung = c.rows[3].cells[1]._tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill")
    assert fuellung == "DDEBF7"  # the Ampel behind the word, dark text stays readable
    assert "Abbildung A.1: Maßnahmen nach Handlungsfeld und Umsetzungsstand" in text


def test_pdf_ua_und_pdf_a_merkmale(beispiel):
    with pikepdf.open(beispiel["pdf"]) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "de-DE"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "1. Umsetzungsbericht zum Integrationskonzept"
        assert meta["pdfuaid:part"] == "1"
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        rollen = pdf.Root.StructTreeRoot.get("/RoleMap", {})
        elemente = _struktur(pdf)

        def rolle(e):
            s = str(e.S)
            return str(rollen.get(s, s))

        abbildungen = [e for e in elemente if rolle(e) == "/Figure"]
        assert len(abbildungen) == 5 and all(str(e.get("/Alt", "")).strip() for e in abbildungen)
        assert sum(1 for e in elemente if rolle(e) == "/TH") >= 9 + 5 + 13
        ebenen = [int(rolle(e)[2]) for e in elemente if re.fullmatch(r"/H[1-6]", rolle(e))]
        assert ebenen and ebenen[0] == 1


def test_mini_projekt_als_pdf_und_warmer_zweiter_bau(mini: Path, pdf_text):
    with LibreOfficeExport() as pdf:  # the caller owns the exporter: LibreOffice stays warm
        erstes = build(2024, mini, export=pdf)
        zweites = build(2024, mini, export=pdf)
    assert [d.name for d in zweites.dateien] == ["testbericht-2024.docx", "testbericht-2024.pdf"]
    text = einzeilig("\n".join(pdf_text(zweites.dateien[1])))
    # the footnote mark "1" follows the year
    assert re.search(
        r"Musterstadt hat 20\.345 Einwohner im Jahr 2024 ?1\. Siehe Tabelle 1 und Abbildung 1\.", text
    )
    assert re.search(r"Einleitung\s*\.{3,}\s*\d", text)
    assert "Tabelle 1: Einwohner nach Bezirk" in text
    # the table written in Markdown: numbered, captioned, with its source, in the list of tables
    assert "Tabelle 2: Sprachkurse Merkmal Wert Kurse 12 Quelle: Volkshochschule Musterstadt" in text
    assert re.search(r"Tabelle 2: Sprachkurse\s*\.{3,}\s*\d", text)
    assert {"inhalt", "berechnung", "docx", "pdf"} <= set(erstes.zeiten)
    assert docx_maengel(zweites.dateien[0]) == [] and pdf_maengel(zweites.dateien[1]) == []


def test_cli_baut_beispiel_in_eigenen_ordner(tmp_path: Path):
    """The one real subprocess of the suite: the installed command, as an editor runs it."""
    ziel = tmp_path / "projekt"
    shutil.copytree(
        REPO, ziel, ignore=shutil.ignore_patterns("ausgabe", ".venv", ".git", "*.egg-info", "__pycache__")
    )
    r = subprocess.run(
        [str(Path(sys.executable).parent / "berichtsgen"), "build", "2019", "--projekt", str(ziel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    assert "PDF erstellt und geprüft" in r.stderr
    assert (ziel / "ausgabe/2019/umsetzungsbericht-integrationskonzept-2019.pdf").is_file()
    assert (ziel / "ausgabe/2019/umsetzungsbericht-integrationskonzept-2019.pptx").is_file()
    assert (ziel / "ausgabe/2019/html/index.html").is_file()


def test_docx_verzeichnisse_zeigen_die_seiten_des_pdf(beispiel, pdf_text):
    """Every entry cached in the Word file's indexes names the page on which the PDF shows it."""
    doc = Document(str(beispiel["docx"]))
    seiten = nach_seitenzahl(pdf_text(beispiel["pdf"]))
    eintraege = [
        p.text.split("\t")
        for p in doc.paragraphs
        if p.style.name in ("toc 1", "toc 2", "toc 3", "table of figures")
    ]
    ueberschriften = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    beschriftungen = [p for p in doc.paragraphs if p.style.name == "Caption"]
    assert len(eintraege) == len(ueberschriften) + len(beschriftungen) == 24 + 13
    for text, seite in eintraege:
        assert seite.isdigit(), text
        assert einzeilig(text) in seiten[seite], f"„{text}“ steht nicht auf Seite {seite}"
    anweisungen = [t.text.strip() for t in docx_xml(beispiel["docx"]).iter(f"{W}instrText")]
    assert sum(a.startswith("PAGEREF _Toc") for a in anweisungen) == len(eintraege)
    einstellungen = docx_xml(beispiel["docx"], "word/settings.xml")
    assert einstellungen.find(f"{W}updateFields") is None  # no prompt when the file is opened


def test_anhang_zaehlt_abbildungen_eigen(mini: Path, pdf_text, libreoffice):
    (mini / "mehr.py").write_text(
        "import matplotlib.pyplot as plt\n"
        "from berichtsgen import diagramm\n\n"
        "@diagramm('karte', titel='Bezirke', quelle='Vermessungsamt', alt='Karte der zwei Bezirke Nord und Süd.')\n"
        "def karte(k):\n"
        "    fig, ax = plt.subplots(figsize=(3, 2))\n"
        "    ax.bar(['Nord', 'Süd'], [1, 2])\n"
        "    return fig\n",
        encoding="utf-8",
    )
    toml = mini / "berichtsgen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('["rechnen.py"]', '["rechnen.py", "mehr.py"]'),
        encoding="utf-8",
    )
    (mini / "inhalte/2024/03-anhang.md").write_text(
        "---\ntitel: Karten\nanhang: true\n---\n\nSiehe [](#karte).\n\n```{diagramm} karte\n```\n",
        encoding="utf-8",
    )
    docx, pdf = build(2024, mini, export=libreoffice).dateien
    text = einzeilig("\n".join(pdf_text(pdf)))
    assert "Anhang A: Karten" in text
    assert "Abbildung 1: Einwohner nach Bezirk" in text
    assert "Siehe Abbildung A.1." in text and "Abbildung A.1: Bezirke" in text
    assert re.search(r"Abbildung A\.1: Bezirke\s*\.{3,}\s*\d", text)  # listed with the others
    anweisungen = [t.text.strip() for t in docx_xml(docx).iter(f"{W}instrText")]
    assert "SEQ Abbildung \\* ARABIC \\r 1" in anweisungen
    assert docx_maengel(docx) == [] and pdf_maengel(pdf) == []


def test_fremde_vorlage_pandoc_als_pdf(mini: Path, pdf_text, libreoffice):
    """A third-party template end to end: pandoc's reference.docx, read as a reader sees the PDF."""
    from hilfen import kontrast_als_warnung

    shutil.copy(REPO / "tests" / "vorlagen" / "pandoc-reference.docx", mini / "vorlage.docx")
    kontrast_als_warnung(mini)
    docx, pdf = build(2024, mini, export=libreoffice).dateien
    seiten = pdf_text(pdf)
    text = einzeilig("\n".join(seiten))
    assert "Stand 31.12.2023." in text and "Footnote Text" not in text  # the report's own footnote
    # the template has no page number: berichtsgen adds one, and the TOC's pages can be found
    gedruckt = nach_seitenzahl(seiten)
    assert list(gedruckt) == ["ii", "iii", "1", "2", "3", "4"] and len(seiten) == 7  # all but the title page
    inhalt = re.search(r"Handlungsfeld A: Sprache\s*\.{3,}\s*(\d+)", text).group(1)
    assert "Handlungsfeld A: Sprache" in gedruckt[inhalt]
    assert re.search(r"Handlungsfeld A: Sprache\s*\.{3,}\s*\d", text)
    assert "Tabelle 1: Einwohner nach Bezirk" in text and "Quelle: Statistikstelle Musterstadt" in text
    assert docx_maengel(docx) == [] and pdf_maengel(pdf) == []


def test_exporte_der_statistikaemter_als_pdf(amt: Path, pdf_text, libreoffice, schema):
    """The project of exports (signs, notes, hierarchy, GENESIS) in pandoc's template, as printed."""
    from hilfen import pruefen

    docx, pdf = build(2023, amt, export=libreoffice).dateien
    text = einzeilig("\n".join(pdf_text(pdf)))
    assert "Im Dezember 2023 gab es 3.392 Bedarfsgemeinschaften" in text
    assert re.search(r"Bergfeld \. 300 \. 4,2", text) and "164.000 p" in text
    assert "1) vorläufige Werte" in text
    assert "Zeichenerklärung: . = Zahlenwert unbekannt oder geheim zu halten; p = vorläufige Zahl" in text
    assert "Tabelle 12411-0015, Stand: 15.03.2024; Stichtag: 31.12.2023" in text
    assert "7,392" not in text and "29,90" not in text  # no number read or printed wrong
    assert docx_maengel(docx) == [] and pdf_maengel(pdf) == [] and pruefen(docx, schema) == []
    assert zu_breite_woerter(docx) == []


def test_nummerierte_ueberschriften_im_pdf(mini: Path, pdf_text, libreoffice):
    from hilfen import nummerierte_ueberschriften

    nummerierte_ueberschriften(mini / "vorlage.docx", mini / "vorlage.docx")
    (mini / "inhalte/2024/03-anhang.md").write_text(
        "---\ntitel: Mehr\nanhang: true\n---\n\nText.\n", encoding="utf-8"
    )
    _docx, pdf = build(2024, mini, export=libreoffice).dateien
    zeilen = [einzeilig(z).strip() for s in pdf_text(pdf) for z in s.splitlines() if z.strip()]
    assert "1. Einleitung" in zeilen and "2. Handlungsfeld A: Sprache" in zeilen
    assert {"Inhaltsverzeichnis", "Anhang A: Mehr", "Abbildungsverzeichnis"} <= set(zeilen)


def test_logo_der_vorlage_ist_artefakt_jede_abbildung_haelt_ihr_bild(mini: Path, libreoffice):
    """A logo in the template's header needs no setting: LibreOffice (from 24.2) makes it an
    artifact, and every picture of the report is a Figure holding its picture and alt text."""
    from hilfen import vorlage_mit_logo

    vorlage_mit_logo(mini / "vorlage.docx", mini / "vorlage.docx")
    _docx, pdf = build(2024, mini, export=libreoffice).dateien
    assert pdf_maengel(pdf) == []
    merkmale = pdf_merkmale(pdf)
    assert merkmale["abbildungen"] >= 1  # the chart of the mini project, not the logo
    assert merkmale["abbildungen_ohne_alt"] == merkmale["abbildungen_ohne_inhalt"] == 0


def _felder_der_teile(docx: Path, teile: tuple[str, ...]) -> list[tuple[str, str]]:
    """The page total fields (code, cached result) of the headers and footers `teile` of a Word file."""
    felder = []
    for teil in teile:
        wurzel = docx_xml(docx, teil)
        for p in wurzel.iter(f"{W}p"):
            laeufe = [r for r in p if r.tag == f"{W}r"]
            for i, r in enumerate(laeufe):
                code = "".join(t.text or "" for t in r.iter(f"{W}instrText")).split()
                if code[:1] in (["PAGEREF"], ["NUMPAGES"]):
                    ergebnis = "".join(t.text or "" for t in laeufe[i + 2].iter(f"{W}t"))
                    felder.append((" ".join(code), ergebnis))
        felder += [
            (" ".join(e.get(f"{W}instr").split()), "".join(t.text or "" for t in e.iter(f"{W}t")))
            for e in wurzel.iter(f"{W}fldSimple")
            if e.get(f"{W}instr").split()[:1] in (["PAGEREF"], ["NUMPAGES"])
        ]
    return felder


def test_felder_der_vorlage_ohne_fehlertext_und_mit_richtiger_gesamtzahl(mini: Path, pdf_text, libreoffice):
    """STYLEREF with Word's cached error text and "Seite X von NUMPAGES" with roman front matter:
    the running head names the current chapter (LibreOffice from 24.2 computes STYLEREF), the
    total is the part's in its numbering – computed by the fields themselves, in one export."""
    from hilfen import vorlage_mit_feldern

    vorlage_mit_feldern(mini / "vorlage.docx", mini / "vorlage.docx")
    exporte: list[Path] = []

    class Zaehlend:
        def __getattr__(self, name):
            return getattr(libreoffice, name)

        def exportieren(self, docx, *args, **kwargs):
            exporte.append(docx)
            return libreoffice.exportieren(docx, *args, **kwargs)

    docx, pdf = build(2024, mini, export=Zaehlend()).dateien
    assert len(exporte) == 1  # no second layout for the totals
    fusszeilen = [
        re.findall(r"Seite \S+ von \S+", s)[-1] for s in pdf_text(pdf)[1:]
    ]  # pdf_text: no error text
    assert fusszeilen == ["Seite ii von iii", "Seite iii von iii"] + [f"Seite {n} von 4" for n in range(1, 5)]
    koepfe = [
        next(z for z in s.splitlines() if "Ein kleines Projekt für die Tests – " in z)
        for s in pdf_text(pdf)[1:]
    ]
    assert [k.split(" – ", 1)[1].strip() for k in koepfe[2:4]] == ["Einleitung", "Handlungsfeld A: Sprache"]
    # the Word file keeps the fields, so Word computes the same (STYLEREF after F9, PAGEREF in the
    # number format of the target's section), with LibreOffice's results cached
    kopf = " ".join(i.text for i in docx_xml(docx, "word/header1.xml").iter(f"{W}instrText"))
    assert 'STYLEREF "Heading 1"' in kopf
    teile = fusszeilen_der_abschnitte(docx)
    vorspann, koerper = teile[0], teile[-1]
    assert vorspann != koerper and set(teile[1:]) == {koerper}  # no tabs or shapes: landscape shares it
    assert _felder_der_teile(docx, (vorspann,)) == [("PAGEREF _BerichtsgenTeil1", "iii")]
    assert _felder_der_teile(docx, (koerper,)) == [("PAGEREF _BerichtsgenTeil2", "4")]
    # the bookmarks: on the front matter's section break and on the body's last paragraph
    body = docx_xml(docx).find(f"{W}body")
    marken = {b.get(f"{W}name"): b.getparent() for b in body.iter(f"{W}bookmarkStart")}
    erster_wechsel = next(body.iter(f"{W}sectPr")).getparent().getparent()
    assert marken["_BerichtsgenTeil1"] is erster_wechsel
    assert marken["_BerichtsgenTeil2"] is body.findall(f"{W}p")[-1]


def test_durchgehend_gezaehlt_bleibt_numpages(mini: Path, pdf_text, libreoffice):
    """A report numbered through is one part: NUMPAGES stays and counts every page."""
    from hilfen import einstellen, vorlage_mit_feldern

    vorlage_mit_feldern(mini / "vorlage.docx", mini / "vorlage.docx")
    einstellen(mini, 'vorspann_seitenzahlen = "durchgehend"')
    docx, pdf = build(2024, mini, export=libreoffice).dateien
    seiten = pdf_text(pdf)
    fusszeilen = [re.findall(r"Seite \S+ von \S+", s)[-1] for s in seiten[1:]]
    assert fusszeilen == [f"Seite {n} von {len(seiten)}" for n in range(2, len(seiten) + 1)]
    assert {c for c, _ in _felder_der_teile(docx, tuple(fusszeilen_der_abschnitte(docx)))} == {"NUMPAGES"}


@pytest.mark.parametrize("komplex", [False, True], ids=["fldSimple", "komplexes-feld"])
def test_numpages_im_textfeld_der_fusszeile_einer_echten_vorlage(
    komplex: bool, mini: Path, pdf_text, libreoffice, schema
):
    """The cantonal template (Kanton Bern) prints "X/Y" with NUMPAGES in a text box of its footer,
    once as Word's simple field and once as a complex one (which stopped with "Interner Fehler")."""
    from hilfen import KT_BERN, brief_als_berichtsvorlage, pruefen

    brief_als_berichtsvorlage(KT_BERN, mini / "vorlage.docx", numpages_komplex=komplex)
    docx, pdf = build(2024, mini, export=libreoffice).dateien
    seiten = pdf_text(pdf)
    zahlen = [
        next((z.strip() for z in s.splitlines() if re.fullmatch(r"\s*\S+/\S+\s*", z)), None) for s in seiten
    ]
    koerper = len(seiten) - 2
    assert zahlen == [None, "ii/ii"] + [f"{n}/{koerper}" for n in range(1, koerper + 1)]
    teile = fusszeilen_der_abschnitte(docx)
    for teil, name, wert in (
        (teile[0], "_BerichtsgenTeil1", "ii"),
        (teile[-1], "_BerichtsgenTeil2", str(koerper)),
    ):
        felder = _felder_der_teile(docx, (teil,))
        assert felder == [(f"PAGEREF {name}", wert)] * 2  # the text box and its VML fallback
    assert pruefen(docx, schema) == []


def test_styleref_mit_dem_alias_der_formatvorlage(mini: Path, pdf_text, libreoffice):
    """A real header with STYLEREF "h1,Level 1 Topic Heading" (Heading 1's aliases, as simple
    fields): every page after the title names its chapter – LibreOffice printed "Error: Reference
    source not found" for the alias – and the Word file keeps STYLEREF fields."""
    from hilfen import DOCX4J_STYLEREF, brief_als_berichtsvorlage, kontrast_als_warnung

    brief_als_berichtsvorlage(DOCX4J_STYLEREF, mini / "vorlage.docx")
    kontrast_als_warnung(mini)  # its Heading 3 is #4F81BD (4,0:1)
    docx, pdf = build(2024, mini, export=libreoffice).dateien
    seiten = pdf_text(pdf)  # asserts: no field error text
    koepfe = [next((z for z in s.splitlines() if z.strip()), "").split(" - ")[0].strip() for s in seiten]
    # title page (none here), Impressum, table of contents, then one page per chapter
    kapitel = ["Einleitung", "Handlungsfeld A: Sprache", "Abbildungsverzeichnis", "Tabellenverzeichnis"]
    assert koepfe[2:] == kapitel
    codes = [" ".join(i.text.split()) for i in docx_xml(docx, "word/header1.xml").iter(f"{W}instrText")]
    assert codes == ['STYLEREF "heading 1" \\* MERGEFORMAT', 'STYLEREF "heading 2" \\* MERGEFORMAT']


def test_seitenzahl_auf_querformatseite_am_rechten_rand(mini: Path, libreoffice, schema):
    """A page number at the Footer style's right tab stop ends as far from the right edge on a
    landscape page as on a portrait one: the copies' tab stops are stretched to its width."""
    from hilfen import pruefen, vorlage_mit_rechter_seitenzahl, woerter_mit_lage

    vorlage_mit_rechter_seitenzahl(mini / "vorlage.docx", mini / "vorlage.docx")
    docx, pdf = build(2024, mini, export=libreoffice).dateien  # Handlungsfeld A is quer: true
    abstaende = {}
    for breite, woerter in woerter_mit_lage(pdf)[1:]:
        i = max(i for i, w in enumerate(woerter) if w[0] == "von")
        assert woerter[i - 3][0] == "Musterstadt" and woerter[i - 2][0] == "Seite"
        abstaende.setdefault(round(breite), []).append(breite - woerter[i + 1][2])
    assert set(abstaende) == {595, 842}  # portrait and landscape pages
    hoch, quer = abstaende[595], abstaende[842]
    assert max(hoch + quer) - min(hoch + quer) < 1, abstaende
    # in the Word file: the landscape copy carries the style's stops, stretched (text width
    # 9072 → 14004 twips): the centre scaled, the right stop 288 twips past the margin as before
    teil = fusszeilen_der_abschnitte(docx)[2]
    tabs = [
        (t.get(f"{W}val"), t.get(f"{W}pos")) for t in docx_xml(docx, teil).iter(f"{W}tab") if t.get(f"{W}pos")
    ]
    assert tabs == [("clear", "4680"), ("center", "7224"), ("clear", "9360"), ("right", "14292")]
    assert pruefen(docx, schema) == []


def test_franzoesische_vorlage_von_officer(mini: Path, pdf_text, libreoffice, schema):
    """A real third-party template: French style IDs, numbered headings, no page number, no Title style."""
    from hilfen import pruefen

    shutil.copy(REPO / "tests" / "vorlagen" / "officer-template.docx", mini / "vorlage.docx")
    (mini / "inhalte/2024/00-vorwort.md").write_text("---\ntitel: Vorwort\n---\n\nText.\n", encoding="utf-8")
    meldungen: list[str] = []
    docx, pdf = build(2024, mini, export=libreoffice, fortschritt=meldungen.append).dateien
    assert not any("Seitenzahlen nicht übernommen" in m for m in meldungen)  # TOC filled with PDF's pages
    seiten = pdf_text(pdf)
    zeilen = [einzeilig(z).strip() for s in seiten for z in s.splitlines() if z.strip()]
    assert "1. Einleitung" in zeilen and "Vorwort" in zeilen and "1. Testbericht" not in zeilen
    assert list(nach_seitenzahl(seiten)) == ["ii", "iii", "1", "2", "3", "4"]  # page numbers added
    assert docx_maengel(docx) == [] and pdf_maengel(pdf) == [] and pruefen(docx, schema) == []


def _vorlage_logo_felder(projekt: Path) -> None:
    """A corporate-style template: logo on the title page, STYLEREF header, "Seite X von Y" footer,
    an anchored band in the footer."""
    from hilfen import (
        STANDARDVORLAGE,
        einstellen,
        vorlage_mit_feldern,
        vorlage_mit_fussbild,
        vorlage_mit_logo,
    )

    ziel = projekt / "vorlage.docx"
    vorlage_mit_feldern(STANDARDVORLAGE, ziel)
    vorlage_mit_logo(ziel, ziel)
    vorlage_mit_fussbild(ziel, ziel)
    einstellen(projekt, 'logo_alt = "Logo der Stadt Musterstadt"')


def _vorlage_kopieren(datei: Path, unter_aa: bool = False):
    """Copy a template into the project; `unter_aa`: one below WCAG AA (`kontrast_als_warnung`)."""
    from hilfen import kontrast_als_warnung

    def kopieren(projekt: Path) -> None:
        shutil.copy(datei, projekt / "vorlage.docx")
        if unter_aa:
            kontrast_als_warnung(projekt)

    return kopieren


VORLAGEN = {
    "pandoc": _vorlage_kopieren(REPO / "tests/vorlagen/pandoc-reference.docx", unter_aa=True),
    "officer": _vorlage_kopieren(REPO / "tests/vorlagen/officer-template.docx"),
    "libreoffice": _vorlage_kopieren(REPO / "tests/vorlagen/libreoffice.docx"),
    "leverkusen": _vorlage_kopieren(REPO / "vorlagen/leverkusen.docx"),
    "logo-und-felder": _vorlage_logo_felder,
}


@pytest.mark.parametrize("vorlage", list(VORLAGEN))
def test_jede_vorlage_bis_zum_pdf(vorlage: str, mini: Path, pdf_text, libreoffice, schema):
    """Every template, own and third-party: valid and accessible files, no field error, a page
    number on every page after the title page, and every index entry on the page the PDF shows."""
    from hilfen import pruefen

    VORLAGEN[vorlage](mini)
    (mini / "inhalte/2024/00-vorwort.md").write_text("---\ntitel: Vorwort\n---\n\nText.\n", encoding="utf-8")
    (mini / "inhalte/2024/03-listen.md").write_text(LISTEN, encoding="utf-8")  # with every construct
    docx, pdf = build(2024, mini, export=libreoffice).dateien
    seiten = pdf_text(pdf)  # asserts: no field error text
    # nested lists: each level's text starts further right, numbering continues after a nested list
    zeilen = "\n".join(seiten).splitlines()
    spalte = {
        w: next(z.index(w) for z in zeilen if w in z) for w in ("Erstens", "Punkt A", "Unterpunkt eins")
    }
    assert spalte["Erstens"] < spalte["Punkt A"] < spalte["Unterpunkt eins"], spalte
    assert any(re.match(r"\s*2\.\s+Zweitens", z) for z in zeilen)
    # the other constructs as a reader sees them: the hard break ends the line
    assert any(z.strip() == "Zeile eins" for z in zeilen) and any("Zeile zwei mit code" in z for z in zeilen)
    for text in ("Ein Zitat aus dem Integrationskonzept.", "Die Erklärung des Begriffs.", "umzäunter Code"):
        assert any(text in z for z in zeilen), text
    zahlen = gedruckte_seitenzahlen(seiten)
    vorspann = sum(1 for z in zahlen if z and not z.isdigit())
    assert zahlen[0] is None and zahlen[1:] == ["ii", "iii", "iv", "v"][:vorspann] + [
        str(n) for n in range(1, len(seiten) - vorspann)
    ]
    eintraege = [
        p.text.split("\t")
        for p in Document(str(docx)).paragraphs
        if p.style is not None  # a LibreOffice-saved template has no default paragraph style
        and p.style.name.lower().startswith(("toc", "table of figures"))
        and "\t" in p.text
    ]
    assert len(eintraege) >= 5
    for text, seite in eintraege:
        index = zahlen.index(seite)
        assert einzeilig(text).strip() in einzeilig(seiten[index]), f"„{text}“ nicht auf Seite {seite}"
    assert docx_maengel(docx) == [] and pdf_maengel(pdf) == [] and pruefen(docx, schema) == []
    assert zu_breite_woerter(docx) == []


def test_deutsche_silbentrennung_im_pdf(beispiel):
    """LibreOffice hyphenates the running text with the German patterns (hyphen-de)."""
    roh = subprocess.run(
        ["pdftotext", "-layout", str(beispiel["pdf"]), "-"], capture_output=True, text=True
    ).stdout
    getrennt = re.findall(r"([A-Za-zÄÖÜäöüß]{2,})-\n\s*([a-zäöüß]{2,})", roh)
    assert len(getrennt) >= 10, getrennt
    assert ("zusam", "men") in getrennt  # „stellt die vorliegenden Daten zusam-/men“ (Einleitung)


VIELE_TABELLEN = """
import pandas as pd
from berichtsgen import tabelle

for n in range(1, 21):
    def rechnen(k, n=n):
        zeilen = [[f"Bezirk {i}", 100 * n + i, None if i == 1 else 3 * i] for i in range(1, 3 + n % 5)]
        return pd.DataFrame(zeilen, columns=["Bezirk", "Einwohner", "Zuzüge"])

    tabelle(f"t{n}", titel=f"Bezirke, Teil {n}", quelle="Statistikstelle Musterstadt", stichtag="31.12.2023")(rechnen)
"""


def test_tabellen_bleiben_mit_beschriftung_quelle_und_anmerkung_zusammen(mini: Path, pdf_text, libreoffice):
    """Twenty tables of different length between paragraphs of different length: wherever the
    pages break, no source line or note starts a page and no caption ends one; the chapter's last
    table does not leave a page with only its source line."""
    (mini / "viele.py").write_text(VIELE_TABELLEN, encoding="utf-8")
    toml = mini / "berichtsgen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('["rechnen.py"]', '["rechnen.py", "viele.py"]'),
        encoding="utf-8",
    )
    teile = [
        ("Mehr Text zu den Bezirken. " * (1 + 7 * (n % 4))) + f"\n\n```{{tabelle}} t{n}\n```\n"
        for n in range(1, 21)
    ]
    (mini / "inhalte/2024/03-bezirke.md").write_text(
        "---\ntitel: Bezirke\n---\n\n" + "\n".join(teile), encoding="utf-8"
    )
    _docx, pdf = build(2024, mini, export=libreoffice).dateien
    seiten = pdf_text(pdf)
    text = einzeilig("\n".join(seiten))
    assert (
        "Tabelle 22: Bezirke, Teil 20" in text
        and text.count("Zeichenerklärung: . = Zahlenwert unbekannt") == 20  # the None of each table
        and text.count("Zeichenerklärung: – = nichts vorhanden") == 1  # the "-" of the mini's own table
    )
    assert getrenntes_beiwerk(seiten) == []
    assert seiten_nur_mit_beiwerk(pdf, seiten) == []


def test_kein_verwaistes_beiwerk_im_beispiel(beispiel, pdf_text):
    seiten = pdf_text(beispiel["pdf"])
    assert getrenntes_beiwerk(seiten) == [] and seiten_nur_mit_beiwerk(beispiel["pdf"], seiten) == []


@pytest.mark.parametrize(("abschnitte", "enger"), [(36, True), (40, False)])
def test_ueberhang_eines_verzeichnisses_wird_enger_gesetzt(
    mini: Path, libreoffice, abschnitte: int, enger: bool
):
    """36 sections: the TOC spills two entries onto a second page, so it is set tighter and fits on
    one; 40: six entries spill, the TOC keeps its second page and its spacing."""
    from berichtsgen.export.pruefen import verzeichnisseiten

    abschnitt = "## Abschnitt {}\n\nText.\n\n"
    (mini / "inhalte/2024/03-viele.md").write_text(
        "---\ntitel: Viele\n---\n\n" + "".join(abschnitt.format(i) for i in range(abschnitte)),
        encoding="utf-8",
    )
    meldungen: list[str] = []
    docx, pdf = build(2024, mini, export=libreoffice, fortschritt=meldungen.append).dateien
    eintraege = abschnitte + 6  # the chapters, "Daten", the two lists
    gesetzt = verzeichnisseiten(pdf)[0]
    assert sum(gesetzt) == eintraege and (len(gesetzt) == 1) == enger, gesetzt
    assert any("es ist enger gesetzt" in m for m in meldungen) == enger
    styles = docx_xml(docx, "word/styles.xml")
    toc1 = next(s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "toc 1")
    abstand = toc1.find(f"{W}pPr/{W}spacing")
    assert (abstand is not None and abstand.get(f"{W}after") == "0") == enger
