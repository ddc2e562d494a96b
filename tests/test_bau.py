"""The whole build with the Word stage real and the PDF stage faked (fast)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from berichtsgen import build
from berichtsgen.export import FakeExport
from berichtsgen.fehler import BerichtsgenFehler, DatenFehler, InhaltsFehler, VorlagenFehler
from hilfen import REPO, W, absatz_texte, docx_xml, kontrast_als_warnung


def _bauen(projekt: Path, **kw) -> list[Path]:
    return build(2024, projekt, formate=["docx"], **kw).dateien


def test_docx_inhalt_wie_ihn_ein_leser_sieht(mini: Path):
    (docx,) = _bauen(mini)
    assert docx == mini / "ausgabe" / "2024" / "testbericht-2024.docx"
    texte = absatz_texte(docx_xml(docx))
    assert "Testbericht" in texte  # title page from the template
    assert "Musterstadt hat 20.345 Einwohner im Jahr 2024. Siehe Tabelle 1 und Abbildung 1." in texte
    assert "Handlungsfeld A: Sprache" in texte
    assert "Tabelle 1: Einwohner nach Bezirk" in texte
    assert "Abbildung 1: Einwohner nach Bezirk" in texte
    assert "Quelle: Statistikstelle Musterstadt; Stichtag: 31.12.2023" in texte
    assert "Quelle: Eigene Darstellung" in texte  # option overrides the function's quelle
    assert "Zeichenerklärung: – = nichts vorhanden" in texte  # the empty "Fläche" cells
    assert "Wird entfernt" not in " ".join(texte)


def test_tabellen_zellen_kopfzeile_und_ausrichtung(mini: Path):
    (docx,) = _bauen(mini)
    doc = Document(str(docx))
    tabelle = doc.tables[0]
    zeilen = [[c.text for c in r.cells] for r in tabelle.rows]
    assert zeilen[0] == ["Bezirk", "Einwohner", "Anteil (in %)", "Fläche"]
    assert zeilen[1] == ["Nord", "12.345", "60,7", "–"]
    assert zeilen[3] == ["Insgesamt", "20.345", "100,0", ""]  # the file left it empty; "-" in Nord is "–"
    kopf = tabelle.rows[0]._tr
    assert kopf.find(f"{W}trPr/{W}tblHeader") is not None
    zahl_absatz = tabelle.rows[1].cells[1]._tc.find(f"{W}p")
    assert zahl_absatz.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"
    summe = tabelle.rows[3].cells[1]._tc
    assert summe.find(f".//{W}r/{W}rPr/{W}b") is not None
    # a GFM table of the editor gets a flagged header row too
    assert doc.tables[1].rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None


def test_beschriftungen_sind_seq_felder_und_verweise_ref_felder(mini: Path):
    (docx,) = _bauen(mini)
    wurzel = docx_xml(docx)
    anweisungen = [t.text.strip() for t in wurzel.iter(f"{W}instrText")]
    assert "SEQ Tabelle \\* ARABIC" in anweisungen
    assert "SEQ Abbildung \\* ARABIC" in anweisungen
    assert "REF _RefTabelle1 \\h" in anweisungen and "REF _RefAbbildung1 \\h" in anweisungen
    assert any(a.startswith('TOC \\o "1-3"') for a in anweisungen)
    assert 'TOC \\h \\z \\c "Abbildung"' in anweisungen and 'TOC \\h \\z \\c "Tabelle"' in anweisungen
    marken = {b.get(f"{W}name") for b in wurzel.iter(f"{W}bookmarkStart")}
    assert {"_RefTabelle1", "_RefAbbildung1"} <= marken


def test_bild_mit_alt_text_und_eindeutigen_ids(mini: Path):
    (docx,) = _bauen(mini)
    wurzel = docx_xml(docx)
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    bilder = list(wurzel.iter(f"{wp}docPr"))
    assert [b.get("descr") for b in bilder] == [
        "Säulendiagramm: Einwohner nach Bezirk; Nord 12.345, Süd 8.000."
    ]
    assert not bilder[0].get("title")


def test_sprache_titel_stile_der_vorlage(mini: Path):
    (docx,) = _bauen(mini)
    doc = Document(str(docx))
    assert doc.core_properties.title == "Testbericht"
    lang = docx_xml(docx, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "de-DE"
    stile = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Caption", "Quelle", "List Number"} <= stile


def test_fussnote_ist_echte_word_fussnote(mini: Path):
    (docx,) = _bauen(mini)
    fussnoten = docx_xml(docx, "word/footnotes.xml")
    texte = [t for t in absatz_texte(fussnoten) if t.strip()]
    assert texte == [" Stand 31.12.2023."]
    assert docx_xml(docx).find(f".//{W}footnoteReference") is not None


def test_deutsche_stil_ids_werden_gefunden(mini: Path):
    shutil.copy(REPO / "vorlagen" / "leverkusen.docx", mini / "vorlage.docx")
    (docx,) = _bauen(mini)
    doc = Document(str(docx))
    ids = {p.style.style_id for p in doc.paragraphs}
    assert {"berschrift1", "Beschriftung", "Quelle"} <= ids
    namen = [s.name for s in doc.styles]
    assert len(namen) == len(set(namen)), "no duplicate styles added"


def test_pdf_wird_ueber_die_schnittstelle_angefordert(mini: Path):
    fake = FakeExport()
    dateien = build(2024, mini, formate=["pdf"], export=fake).dateien
    assert [d.name for d in dateien] == ["testbericht-2024.pdf"]
    assert fake.vorbereitet == 1 and fake.aufrufe[0][2] == "Testbericht"
    assert not (mini / "ausgabe" / "2024" / "testbericht-2024.docx").exists()


def _ersetzen(datei: Path, alt: str, neu: str) -> None:
    datei.write_text(datei.read_text(encoding="utf-8").replace(alt, neu), encoding="utf-8")


def test_fehlgeschlagener_bau_laesst_letzten_bericht_stehen(mini: Path):
    (docx,) = _bauen(mini)
    vorher = docx.read_bytes()
    _ersetzen(mini / "inhalte/2024/01-einleitung.md", "{tabelle} einwohner", "{tabelle} einwohnr")
    with pytest.raises(InhaltsFehler) as info:
        _bauen(mini)
    assert info.value.zeile() == (
        "inhalte/2024/01-einleitung.md:10: Fehler: Tabelle „einwohnr“ ist nicht bekannt. [inhalt] Meinten Sie „einwohner“?"
    )
    assert docx.read_bytes() == vorher
    assert [p.name for p in docx.parent.iterdir()] == [docx.name]  # no temporary files left


def test_summenfehler_nennt_datendatei_und_zeile(mini: Path):
    datei = mini / "inhalte/2024/daten/einwohner.csv"
    datei.write_bytes(datei.read_bytes().replace(b"20.345", b"20.346"))
    with pytest.raises(DatenFehler) as info:
        _bauen(mini)
    assert str(info.value.ort) == "inhalte/2024/daten/einwohner.csv:4"


def test_vorlage_ohne_inhalt_platzhalter(mini: Path, tmp_path: Path):
    doc = Document(str(mini / "vorlage.docx"))
    for p in doc.paragraphs:
        if "inhalt" in p.text:
            p.text = "kein Platzhalter"
    doc.save(str(mini / "vorlage.docx"))
    with pytest.raises(VorlagenFehler, match=re.escape("{{p inhalt }}")):
        _bauen(mini)


def test_fehlende_formatvorlagen_werden_ergaenzt(mini: Path):
    doc = Document(str(mini / "vorlage.docx"))
    for name in ("Quelle", "Caption", "List Number"):
        stil = doc.styles[name]
        stil.element.getparent().remove(stil.element)
    doc.save(str(mini / "vorlage.docx"))
    meldungen: list[str] = []
    (docx,) = build(2024, mini, formate=["docx"], fortschritt=meldungen.append).dateien
    assert (
        "Hinweis: Vorlage „vorlage.docx“: fehlende Formatvorlagen ergänzt: Beschriftung, Quelle, Listennummer. "
        "Für das eigene Erscheinungsbild legen Sie sie in Word an." in meldungen
    )
    ergebnis = Document(str(docx))
    stile = [p.style.name for p in ergebnis.paragraphs]
    assert {"Quelle", "Caption", "List Number"} <= set(stile)
    namen = [s.name for s in ergebnis.styles]
    assert len(namen) == len(set(namen))


def test_doppelte_funktion_nennt_beide_dateien(mini: Path):
    (mini / "mehr.py").write_text(
        "from berichtsgen import tabelle\n\n@tabelle('einwohner', titel='X', quelle='Q')\ndef e(k):\n    return None\n",
        encoding="utf-8",
    )
    _ersetzen(mini / "berichtsgen.toml", 'module = ["rechnen.py"]', 'module = ["rechnen.py", "mehr.py"]')
    with pytest.raises(BerichtsgenFehler) as info:
        _bauen(mini)
    assert str(info.value.ort) == "mehr.py:3"
    assert "rechnen.py:6" in info.value.meldung


def test_funktion_mit_fehler_nennt_zeile_im_projektcode(mini: Path):
    _ersetzen(
        mini / "rechnen.py", 'return k.daten("einwohner.csv")', 'return k.daten("einwohner.csv")["Fehlt"]'
    )
    with pytest.raises(DatenFehler) as info:
        _bauen(mini)
    assert str(info.value.ort) == "rechnen.py:14"
    assert "KeyError" in info.value.meldung


def test_pfad_ausserhalb_des_projekts(mini: Path):
    """Content (here a data file) stays inside the project; only the template may live elsewhere."""
    _ersetzen(mini / "rechnen.py", 'k.daten("einwohner.csv")', 'k.daten("../../../../etc/passwd")')
    with pytest.raises(BerichtsgenFehler, match="außerhalb des Projekts"):
        _bauen(mini)


def test_vorlage_von_ueberall_und_fehler_nennen_ihre_herkunft(mini: Path, tmp_path: Path):
    """A corporate template on a shared drive: from berichtsgen.toml or --vorlage, outside the project."""
    laufwerk = tmp_path / "laufwerk"
    laufwerk.mkdir()
    shutil.move(mini / "vorlage.docx", laufwerk / "cd-vorlage.docx")
    _ersetzen(
        mini / "berichtsgen.toml", 'vorlage = "vorlage.docx"', f'vorlage = "{laufwerk / "cd-vorlage.docx"}"'
    )
    assert _bauen(mini)[0].is_file()
    (docx,) = build(2024, mini, formate=["docx"], vorlage=laufwerk / "cd-vorlage.docx").dateien
    assert docx.is_file()
    with pytest.raises(VorlagenFehler) as info:
        build(2024, mini, formate=["docx"], vorlage=laufwerk / "fehlt.docx")
    assert info.value.zeile() == (
        f"Fehler: Vorlage „{laufwerk / 'fehlt.docx'}“ aus der Option --vorlage nicht gefunden. [vorlage] Prüfen Sie den Pfad."
    )
    _ersetzen(mini / "berichtsgen.toml", "cd-vorlage.docx", "fehlt.docx")
    with pytest.raises(VorlagenFehler) as info:
        _bauen(mini)
    assert (
        str(info.value.ort) == "berichtsgen.toml"
        and "Prüfen Sie die Einstellung „vorlage“." in info.value.zeile()
    )


def test_ohne_vorlage_die_mitgelieferte(mini: Path):
    _ersetzen(mini / "berichtsgen.toml", 'vorlage = "vorlage.docx"\n', "")
    (mini / "vorlage.docx").unlink()
    (docx,) = _bauen(mini)
    assert "Testbericht" in absatz_texte(docx_xml(docx))
    stile = {s.get(f"{W}styleId") for s in docx_xml(docx, "word/styles.xml").iter(f"{W}style")}
    assert {"Quelle", "Tabelleninhalt"} <= stile  # the neutral template's own styles


def test_fehlende_datendatei_nennt_funktion_und_datei(mini: Path):
    (mini / "inhalte/2024/daten/einwohner.csv").unlink()
    with pytest.raises(DatenFehler) as info:
        _bauen(mini)
    assert info.value.zeile() == (
        "rechnen.py:33: Fehler: Datendatei „inhalte/2024/daten/einwohner.csv“ nicht gefunden. "
        "[daten] Legen Sie die Datei im Ordner „daten“ des Jahres ab oder prüfen Sie den Namen."
    )


def test_kaputter_platzhalter_in_der_vorlage(mini: Path):
    doc = Document(str(mini / "vorlage.docx"))
    titel = next(p for p in doc.paragraphs if "{{ titel }}" in p.text)
    titel.text = "{{ titel "
    doc.save(str(mini / "vorlage.docx"))
    with pytest.raises(VorlagenFehler) as info:
        _bauen(mini)
    assert str(info.value.ort) == "vorlage.docx"
    assert "Platzhalter in der Vorlage fehlerhaft" in info.value.meldung


def test_unbekannter_platzhalter_in_der_vorlage(mini: Path):
    doc = Document(str(mini / "vorlage.docx"))
    doc.add_paragraph("{{ buergermeister }}")
    doc.save(str(mini / "vorlage.docx"))
    with pytest.raises(VorlagenFehler, match="unbekannten Platzhalter „buergermeister“"):
        _bauen(mini)


def test_verzeichnisse_bekommen_die_gelegten_seitenzahlen(mini: Path):
    from berichtsgen.export import Verzeichnis

    fake = FakeExport()
    fake.verzeichnisse = [
        Verzeichnis(
            "inhalt",
            [
                ("Einleitung", "3"),
                ("Daten", "3"),
                ("Handlungsfeld A: Sprache", "4"),
                ("Abbildungsverzeichnis", "5"),
                ("Tabellenverzeichnis", "6"),
            ],
        ),
        Verzeichnis("Abbildung", [("Abbildung 1: Einwohner nach Bezirk", "3")]),
        Verzeichnis(
            "Tabelle",
            [("Tabelle 1: Einwohner nach Bezirk", "2"), ("Tabelle 2: Sprachkurse", "4"), ("zu viel", "9")],
        ),
    ]
    meldungen: list[str] = []
    docx, _pdf = build(2024, mini, export=fake, fortschritt=meldungen.append).dateien
    doc = Document(str(docx))
    eintraege = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("toc", "table of"))
    ]
    assert eintraege == [
        ("toc 1", "Einleitung\t3"),
        ("toc 2", "Daten\t3"),
        ("toc 1", "Handlungsfeld A: Sprache\t4"),
        ("toc 1", "Abbildungsverzeichnis\t5"),
        ("toc 1", "Tabellenverzeichnis\t6"),
        ("table of figures", "Abbildung 1: Einwohner nach Bezirk\t3"),
    ]
    wurzel = docx_xml(docx)
    links = [h.get(f"{W}anchor") for h in wurzel.iter(f"{W}hyperlink")]
    marken = {b.get(f"{W}name") for b in wurzel.iter(f"{W}bookmarkStart")}
    assert links and set(links) <= marken
    # the TOC field still wraps the entries, so Word can rebuild it
    felder = [t.text.strip() for t in wurzel.iter(f"{W}instrText")]
    assert felder.count('TOC \\o "1-3" \\h \\z \\u') == 1
    assert "Hinweis: Verzeichnis „Tabelle“: Seitenzahlen nicht übernommen; Word füllt es mit F9." in meldungen


def _abschnitte(docx: Path) -> list[dict]:
    wurzel = docx_xml(docx)
    ergebnis = []
    for s in wurzel.iter(f"{W}sectPr"):
        groesse = s.find(f"{W}pgSz")
        nummern = s.find(f"{W}pgNumType")
        ergebnis.append(
            {
                "quer": groesse.get(f"{W}orient") == "landscape"
                and int(groesse.get(f"{W}w")) > int(groesse.get(f"{W}h")),
                "nummern": dict((k.split("}")[1], v) for k, v in nummern.attrib.items())
                if nummern is not None
                else {},
                "titelseite": s.find(f"{W}titlePg") is not None,
                "beginn": s.find(f"{W}type").get(f"{W}val") if s.find(f"{W}type") is not None else "nextPage",
                "fusszeile": s.find(f"{W}footerReference[@{W}type='default']") is not None,
            }
        )
    return ergebnis


def test_abschnitte_vorspann_roemisch_querkapitel(mini: Path):
    (docx,) = _bauen(mini)
    assert _abschnitte(docx) == [
        # title page, Impressum, TOC: roman numbers, title page without header/footer
        {
            "quer": False,
            "nummern": {"fmt": "lowerRoman"},
            "titelseite": True,
            "beginn": "nextPage",
            "fusszeile": True,
        },
        # body from page 1
        {
            "quer": False,
            "nummern": {"fmt": "decimal", "start": "1"},
            "titelseite": False,
            "beginn": "nextPage",
            "fusszeile": True,
        },
        # the landscape Handlungsfeld A continues the numbering
        {
            "quer": True,
            "nummern": {"fmt": "decimal"},
            "titelseite": False,
            "beginn": "nextPage",
            "fusszeile": True,
        },
        # back to portrait for the lists of figures and tables
        {
            "quer": False,
            "nummern": {"fmt": "decimal"},
            "titelseite": False,
            "beginn": "nextPage",
            "fusszeile": True,
        },
    ]


def test_vorspann_ohne_seitenzahl_und_kapitel_auf_ungerader_seite(mini: Path):
    _ersetzen(mini / "berichtsgen.toml", "[jahr.2024]", 'vorspann_seitenzahlen = "keine"\n\n[jahr.2024]')
    _ersetzen(mini / "inhalte/2024/02-handlungsfeld-a.md", "quer: true", "neue_seite: ungerade")
    (docx,) = _bauen(mini)
    abschnitte = _abschnitte(docx)
    assert abschnitte[0]["fusszeile"] is False and abschnitte[0]["titelseite"] is True
    assert abschnitte[1]["nummern"] == {"fmt": "decimal", "start": "1"}
    assert abschnitte[2]["beginn"] == "oddPage" and not abschnitte[2]["quer"]


def test_quer_gesetzte_tabelle(mini: Path):
    _ersetzen(mini / "inhalte/2024/02-handlungsfeld-a.md", "quer: true\n", "")
    _ersetzen(
        mini / "inhalte/2024/01-einleitung.md",
        "```{tabelle} einwohner\n",
        "```{tabelle} einwohner\n:quer: ja\n",
    )
    (docx,) = _bauen(mini)
    assert [a["quer"] for a in _abschnitte(docx)] == [False, False, True, False]
    texte = absatz_texte(docx_xml(docx))
    assert "Tabelle 1: Einwohner nach Bezirk" in texte


def test_abkuerzungen_beim_ersten_mal_ausgeschrieben_und_verzeichnis(mini: Path):
    _ersetzen(
        mini / "inhalte/2024/01-einleitung.md",
        "titel: Einleitung\n",
        "titel: Einleitung\nabkuerzungen:\n  KI: Kommunales Integrationszentrum\n  VHS: Volkshochschule\n"
        "unterschrift: {name: Erika Muster, funktion: Oberbürgermeisterin}\n",
    )
    _ersetzen(
        mini / "inhalte/2024/01-einleitung.md",
        "## Daten",
        "Laut AZR leben hier viele. Das KI berichtet. Das KI plant.\n\nDas VHS-Programm wächst.\n\n## Daten",
    )
    (mini / "inhalte/2024/abkuerzungen.csv").write_text(
        "Abkürzung;Bedeutung\nAZR;Ausländerzentralregister\nHF;Handlungsfeld\n", encoding="utf-8"
    )
    _ersetzen(mini / "berichtsgen.toml", "[jahr.2024]", 'aufbau = ["kapitel", "abkuerzungen"]\n\n[jahr.2024]')
    meldungen: list[str] = []
    ergebnis = build(2024, mini, formate=["docx"], fortschritt=meldungen.append)
    texte = absatz_texte(docx_xml(ergebnis.dateien[0]))
    # spelled out where the sentence allows it; after an article or in a compound left as written
    satz = next(t for t in texte if t.startswith("Laut"))
    assert satz == "Laut Ausländerzentralregister (AZR) leben hier viele. Das KI berichtet. Das KI plant."
    assert "Das VHS-Programm wächst." in texte
    hinweise = [b for b in ergebnis.befunde if b.regel == "abkuerzung-nicht-ausgeschrieben"]
    assert [b.meldung for b in hinweise] == [
        "„KI“ wird hier zum ersten Mal verwendet, aber nicht ausgeschrieben: nach „Das“ würde "
        "„Kommunales Integrationszentrum (KI)“ den Satz verbiegen.",
        "„VHS“ wird hier zum ersten Mal verwendet, aber nicht ausgeschrieben: in „VHS-…“ würde "
        "„Volkshochschule (VHS)“ den Satz verbiegen.",
    ]
    assert all(b.ort.zeile and b.schwere == "warnung" for b in hinweise)
    assert texte[texte.index("Erika Muster") + 1] == "Oberbürgermeisterin"
    # listed: what the report uses (HF is declared but never used)
    tabelle = Document(str(ergebnis.dateien[0])).tables[-1]
    assert [[c.text for c in r.cells] for r in tabelle.rows] == [
        ["Abkürzung", "Bedeutung"],
        ["AZR", "Ausländerzentralregister"],
        ["KI", "Kommunales Integrationszentrum"],
        ["VHS", "Volkshochschule"],
    ]
    assert "Abkürzungsverzeichnis" in texte


def test_abkuerzung_widerspruechlich_erklaert(mini: Path):
    _ersetzen(
        mini / "inhalte/2024/01-einleitung.md",
        "titel: Einleitung\n",
        "titel: Einleitung\nabkuerzungen: {KI: A}\n",
    )
    _ersetzen(
        mini / "inhalte/2024/02-handlungsfeld-a.md",
        "titel: Sprache\n",
        "titel: Sprache\nabkuerzungen: {KI: B}\n",
    )
    with pytest.raises(InhaltsFehler, match="„KI“ ist schon als „A“ erklärt"):
        _bauen(mini)


def test_fussnoten_in_tabellenzellen_und_listen(mini: Path):
    _ersetzen(mini / "inhalte/2024/02-handlungsfeld-a.md", "1. Erstens", "1. Erstens[^l]")
    _ersetzen(mini / "inhalte/2024/02-handlungsfeld-a.md", "| Kurse | 12 |", "| Kurse[^t] | 12 |")
    with (mini / "inhalte/2024/02-handlungsfeld-a.md").open("a", encoding="utf-8") as f:
        f.write("\n[^l]: In der Liste.\n[^t]: In der Tabelle.\n")
    (docx,) = _bauen(mini)
    noten = [t.strip() for t in absatz_texte(docx_xml(docx, "word/footnotes.xml")) if t.strip()]
    assert noten == ["Stand 31.12.2023.", "In der Liste.", "In der Tabelle."]
    ids = [int(r.get(f"{W}id")) for r in docx_xml(docx).iter(f"{W}footnoteReference")]
    assert ids == [1, 2, 3]
    zelle = Document(str(docx)).tables[1].rows[1].cells[0]._tc
    assert zelle.find(f".//{W}footnoteReference") is not None


def test_vorspann_durchgehend_ein_abschnitt(mini: Path):
    _ersetzen(
        mini / "berichtsgen.toml", "[jahr.2024]", 'vorspann_seitenzahlen = "durchgehend"\n\n[jahr.2024]'
    )
    _ersetzen(mini / "inhalte/2024/02-handlungsfeld-a.md", "quer: true\n", "")
    (docx,) = _bauen(mini)
    assert _abschnitte(docx) == [
        {"quer": False, "nummern": {}, "titelseite": True, "beginn": "nextPage", "fusszeile": True}
    ]


def test_vorlage_ohne_platzhalter_ist_referenzdokument(mini: Path):
    """Like pandoc's reference.docx: styles, page setup, headers and footers are used, its text is not."""
    doc = Document()
    doc.add_paragraph("Dieser Text der Vorlage wird ignoriert.")
    doc.sections[0].header.paragraphs[0].text = "Kopfzeile der Stadt"
    doc.save(str(mini / "vorlage.docx"))
    kontrast_als_warnung(mini)
    meldungen: list[str] = []
    (docx,) = build(2024, mini, formate=["docx"], fortschritt=meldungen.append).dateien
    texte = absatz_texte(docx_xml(docx))
    assert "Dieser Text der Vorlage wird ignoriert." not in texte
    assert texte[:3] == ["Testbericht", "Ein kleines Projekt für die Tests", "Stadt Musterstadt"]
    assert any("hat keine Platzhalter" in m for m in meldungen)
    assert any("fehlende Formatvorlagen ergänzt: Quelle" in m for m in meldungen)
    assert "Kopfzeile der Stadt" in absatz_texte(docx_xml(docx, "word/header1.xml"))


def test_diagramm_ohne_alt_bekommt_beschreibung_aus_den_daten(mini: Path):
    _ersetzen(
        mini / "rechnen.py", '    alt="Säulendiagramm: Einwohner nach Bezirk; Nord 12.345, Süd 8.000.",\n', ""
    )
    (docx,) = _bauen(mini)
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    (bild,) = docx_xml(docx).iter(f"{wp}docPr")
    assert bild.get("descr") == "Säulendiagramm: Einwohner nach Bezirk; Nord: 12.345, Süd: 8.000."


def test_diagramme_nehmen_farben_und_schrift_der_vorlage(mini: Path):
    import zipfile

    from berichtsgen.darstellung.word.vorlage import Design, Vorlage
    from berichtsgen.projekt import projekt_laden
    from berichtsgen.vorbereitung import design_der_vorlage as _design_der_vorlage

    # the theme's accents 1, 2, 4 reach 3:1 against white; 3, 5, 6 (light green, cyan, orange) do not
    word = Vorlage.oeffnen(mini / "vorlage.docx")
    assert word.design() == Design(("#4F81BD", "#C0504D", "#8064A2"), "Liberation Sans")
    p = _design_der_vorlage(projekt_laden(mini, 2024), word)  # beside the settings, not in them
    assert p.farben == ("#4F81BD", "#C0504D", "#8064A2")
    assert p.schrift == "Liberation Sans"
    # settings win over the template
    _ersetzen(
        mini / "berichtsgen.toml",
        "[jahr.2024]",
        'farben = ["#000000", "#333333"]\nschrift = "DejaVu Sans"\n\n[jahr.2024]',
    )
    p = _design_der_vorlage(projekt_laden(mini, 2024), word)
    assert p.farben == ("#000000", "#333333") and p.schrift == "DejaVu Sans"
    # a theme colour set in Word becomes the first chart colour
    with zipfile.ZipFile(mini / "vorlage.docx") as z:
        teile = {n: z.read(n) for n in z.namelist()}
    teile["word/theme/theme1.xml"] = teile["word/theme/theme1.xml"].replace(b'val="4F81BD"', b'val="8B0000"')
    with zipfile.ZipFile(mini / "vorlage.docx", "w") as z:
        for name, daten in teile.items():
            z.writestr(name, daten)
    assert Vorlage.oeffnen(mini / "vorlage.docx").design().farben[0] == "#8B0000"


def test_die_farben_der_vorlage_stehen_neben_den_einstellungen(mini: Path):
    """The preparation keeps one project, as loaded: what the template contributes is beside it."""
    from berichtsgen.vorbereitung import Stoppuhr, projekt_mit_optionen, vorbereiten

    p = projekt_mit_optionen(2024, mini, None, None)
    v = vorbereiten(p, lambda _t: None, Stoppuhr(), neu=True, schreiben=False, prozesse=1)
    assert v.projekt is p
    assert (p.einstellungen.farben, p.einstellungen.schrift) == ((), "")
    assert v.aussehen.farben == ("#4F81BD", "#C0504D", "#8064A2") == v.berechnung.aussehen.farben


def test_word_datei_ohne_maengel_der_barrierefreiheit(mini: Path):
    from hilfen import docx_maengel

    (docx,) = _bauen(mini)
    assert docx_maengel(docx) == []
    # the check itself can fail: a picture without description, a table without header row
    kaputt = mini / "kaputt.docx"
    doc = Document(str(docx))
    doc.inline_shapes[0]._inline.docPr.set("descr", "")
    doc.tables[0].rows[0]._tr.trPr.remove(doc.tables[0].rows[0]._tr.trPr.find(f"{W}tblHeader"))
    doc.save(str(kaputt))
    assert docx_maengel(kaputt) == ["Bild Abbildung 1 ohne Beschreibung", "Tabelle ohne markierte Kopfzeile"]


def test_bild_mit_quelle_ueber_die_anweisung(mini: Path):
    from PIL import Image

    Image.new("RGB", (300, 200), "white").save(mini / "inhalte/2024/karte.png", dpi=(150, 150))
    _ersetzen(
        mini / "inhalte/2024/02-handlungsfeld-a.md",
        "1. Erstens",
        "```{bild} karte.png\n:titel: Stadtbezirke\n:alt: Karte der zwei Stadtbezirke Nord und Süd\n"
        ":quelle: Vermessungsamt\n:stichtag: 01.01.2024\n```\n\n1. Erstens",
    )
    (docx,) = _bauen(mini)
    texte = absatz_texte(docx_xml(docx))
    assert "Abbildung 2: Stadtbezirke" in texte
    assert "Quelle: Vermessungsamt; Stichtag: 01.01.2024" in texte
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    assert "Karte der zwei Stadtbezirke Nord und Süd" in [
        d.get("descr") for d in docx_xml(docx).iter(f"{wp}docPr")
    ]


def test_zweimal_verwiesene_fussnote_steht_einmal_in_den_fussnoten(mini: Path):
    _ersetzen(mini / "inhalte/2024/01-einleitung.md", ". Siehe\n", ". Siehe[^1]\n")
    (docx,) = _bauen(mini)
    noten = [f.get(f"{W}id") for f in docx_xml(docx, "word/footnotes.xml").iter(f"{W}footnote")]
    assert noten == ["-1", "0", "1"]
    # the second mark refers to the first: a second w:footnoteReference would make LibreOffice
    # print a second, empty footnote and shift every later number
    dok = docx_xml(docx)
    assert [r.get(f"{W}id") for r in dok.iter(f"{W}footnoteReference")] == ["1"]
    assert sum((c.text or "").strip().startswith("NOTEREF") for c in dok.iter(f"{W}instrText")) == 1


def test_leere_absaetze_werden_gefunden(tmp_path: Path):
    """The accessibility helper finds spacing paragraphs in the body, not empty table cells."""
    from docx.oxml import OxmlElement

    from hilfen import docx_maengel

    doc = Document()
    doc.core_properties.title = "T"
    doc.add_heading("Titel", 1)
    tabelle = doc.add_table(rows=1, cols=4)
    tabelle.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # empty cells: no spacing
    for _ in range(3):
        doc.add_paragraph("")
    doc.save(str(tmp_path / "x.docx"))
    assert "mehr als zwei leere Absätze hintereinander" in docx_maengel(tmp_path / "x.docx")


def test_ueberhang_eines_verzeichnisses_ein_zweiter_lauf(mini: Path):
    """The exporter reports two entries on an index's second page: tighter styles, one more export."""
    fake = FakeExport()
    fake.verzeichnisseiten = [[[40, 2], [3]], [[42], [3]]]
    meldungen: list[str] = []
    build(2024, mini, export=fake, fortschritt=meldungen.append)
    assert len(fake.aufrufe) == 2 and any("enger gesetzt" in m for m in meldungen)
    fake = FakeExport()
    fake.verzeichnisseiten = [[[40, 3]]]  # three: the index keeps its page
    build(2024, mini, export=fake)
    assert len(fake.aufrufe) == 1


def test_erstes_kapitel_quer_ohne_leeren_abschnitt(mini: Path):
    """A landscape first chapter right after the front matter: no empty section in between (it
    would print a blank page), and the landscape section restarts the numbering at 1 itself."""
    _ersetzen(
        mini / "inhalte/2024/01-einleitung.md", "titel: Einleitung\n", "titel: Einleitung\nquer: true\n"
    )
    (docx,) = _bauen(mini)
    abschnitte = _abschnitte(docx)
    assert [a["quer"] for a in abschnitte] == [False, True, True, False]
    assert abschnitte[1]["nummern"] == {"fmt": "decimal", "start": "1"}
