"""The project check: each rule found, one German line with file:line and rule; build stops on errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import RGBColor

from berichtsgen import build, check
from berichtsgen.fehler import PruefFehler


def _ersetzen(datei: Path, alt: str, neu: str) -> None:
    text = datei.read_text(encoding="utf-8")
    assert alt in text
    datei.write_text(text.replace(alt, neu), encoding="utf-8")


def _befunde(mini: Path, info: bool = False) -> list[str]:
    befunde = check(2024, mini).befunde
    return [b.zeile() for b in befunde if b.info == info]


def test_sauberes_projekt_hat_nur_den_fehlenden_stichtag(mini: Path):
    assert _befunde(mini) == [
        "inhalte/2024/01-einleitung.md:13: Warnung: Diagramm „einwohner_bild“ hat keinen Stichtag. "
        "[stichtag-fehlt] Geben Sie „:stichtag: …“ an oder stichtag=… in der Funktion."
    ]


def test_check_sagt_wie_jede_datei_gelesen_wurde(mini: Path):
    assert _befunde(mini, info=True) == [
        "inhalte/2024/daten/einwohner.csv: Info: gelesen als Windows-1252, Trennzeichen „;“, Dezimalkomma, "
        "Kopfzeile in Zeile 1. [daten-gelesen]"
    ]


def test_quelle_und_stichtag_aus_der_begleitdatei(mini: Path):
    (mini / "inhalte/2024/daten/einwohner.toml").write_text(
        'quelle = "Einwohnermelderegister"\nstichtag = "30.06.2024"\n', encoding="utf-8"
    )
    _ersetzen(
        mini / "rechnen.py", 'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"', "quelle=None"
    )
    from docx import Document as Doc

    (docx,) = build(2024, mini, formate=["docx"]).dateien
    quellen = [p.text for p in Doc(str(docx)).paragraphs if p.text.startswith("Quelle:")]
    assert quellen == [
        "Quelle: Einwohnermelderegister; Stichtag: 30.06.2024",
        "Quelle: Eigene Darstellung; Stichtag: 30.06.2024",  # the option wins for the Quelle
        "Quelle: Volkshochschule Musterstadt; Stichtag: 31.12.2023",  # the table written in Markdown
    ]


def test_jede_regel_mit_datei_und_zeile(mini: Path):
    kapitel = mini / "inhalte/2024/01-einleitung.md"
    _ersetzen(kapitel, "## Daten", "### Daten")
    _ersetzen(
        kapitel, ":quelle: Eigene Darstellung", ":quelle: Eigene Darstellung\n:alt: Einwohner nach Bezirk"
    )
    _ersetzen(kapitel, "Musterstadt hat", "Siehe [Bericht](bericht-2023.pdf). Musterstadt hat")
    _ersetzen(
        mini / "rechnen.py",
        'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"',
        'stichtag="31.12.2023"',
    )
    _ersetzen(kapitel, "```{tabelle} einwohner\n", "```{tabelle} einwohnr\n")
    doc = Document(str(mini / "vorlage.docx"))
    doc.styles["Quelle"].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    doc.save(str(mini / "vorlage.docx"))
    befunde = _befunde(mini)
    regeln = sorted(z.split("[")[1].split("]")[0] for z in befunde)
    assert regeln == [
        "alt-wiederholt-titel",
        "inhalt",
        "kontrast",
        "link-kaputt",
        "stichtag-fehlt",
        "ueberschrift-uebersprungen",
    ]
    assert (
        "inhalte/2024/01-einleitung.md:8: Fehler: Überschrift der Ebene 3 folgt auf Ebene 1; eine Ebene fehlt."
        in "\n".join(befunde)
    )
    assert any(
        z.startswith("inhalte/2024/01-einleitung.md:10: Fehler: Tabelle „einwohnr“ ist nicht bekannt.")
        for z in befunde
    )
    assert any(
        z.startswith("vorlage.docx: Fehler: Formatvorlage „Quelle“ hat Textfarbe #AAAAAA mit nur 2,3:1")
        for z in befunde
    )
    assert any("Link „bericht-2023.pdf“ führt zu keiner Datei im Projekt." in z for z in befunde)


def test_fehlende_quelle_stoppt_den_bau(mini: Path):
    _ersetzen(
        mini / "rechnen.py",
        'quelle="Statistikstelle Musterstadt",\n    stichtag="31.12.2023"',
        'stichtag="31.12.2023"',
    )
    with pytest.raises(PruefFehler) as info:
        build(2024, mini, formate=["docx"])
    assert info.value.zeile() == (
        "inhalte/2024/01-einleitung.md:10: Fehler: Tabelle „einwohner“ hat keine Quelle. [quelle-fehlt] "
        "Geben Sie „:quelle: …“ an oder quelle=… in der Funktion."
    )


def test_barrierefreiheit_als_warnung(mini: Path):
    _ersetzen(mini / "inhalte/2024/01-einleitung.md", "## Daten", "### Daten")
    with pytest.raises(PruefFehler):
        build(2024, mini, formate=["docx"])
    _ersetzen(mini / "berichtsgen.toml", "[jahr.2024]", 'barrierefreiheit = "warnung"\n\n[jahr.2024]')
    meldungen: list[str] = []
    build(2024, mini, formate=["docx"], fortschritt=meldungen.append)
    assert any("Warnung: Überschrift der Ebene 3" in m for m in meldungen)
    assert (
        "inhalte/2024/01-einleitung.md:8: Warnung: Überschrift der Ebene 3 folgt auf Ebene 1; eine Ebene fehlt."
        in "\n".join(meldungen)
    )


def test_check_befehl(mini: Path, cli):
    r = cli("check", "2024", "--projekt", str(mini))
    assert r.code == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 Fehler, 1 Warnung."
    assert (
        "    Tabelle „einwohner“: „Insgesamt“ = „Nord“ + „Süd“: in Ordnung (2 Vergleiche, 6 Zellen)"
        in r.stdout
    )
    assert not (mini / "ausgabe").exists()  # check writes nothing


def test_plausibilitaetspruefungen_aus_der_begleitdatei(mini: Path):
    datei = mini / "inhalte/2024/daten/einwohner.csv"
    roh = datei.read_bytes().replace(b"S\xfcd;8.000;39,3", b"S\xfcd;-8.000;39,3")
    datei.write_bytes(roh.replace(b"Insgesamt;20.345", b"Insgesamt;4.345"))  # the table's own sum still holds
    (mini / "inhalte/2024/daten/einwohner.toml").write_text(
        '[[pruefung]]\nart = "nicht_negativ"\nspalten = ["Einwohner"]\n\n'
        '[[pruefung]]\nart = "anteile"\nspalten = ["Anteil (in %)"]\nrundung = 0.1\n\n'
        '[[pruefung]]\nart = "veraenderung"\nspalten = ["Einwohner"]\nschwelle = 50\n',
        encoding="utf-8",
    )
    ergebnis = check(2024, mini)
    zeilen = [b.zeile() for b in ergebnis.befunde if b.regel == "plausibilitaet"]
    assert (
        "inhalte/2024/daten/einwohner.csv:3: Fehler: Prüfung keine negativen Werte schlägt fehl: "
        "„Einwohner“ in Zeile „Süd“ ist −8.000. [plausibilitaet] Prüfen Sie die Datenlieferung." in zeilen
    )
    # the shares include the 100 of the totals row: a soft finding for a human look
    assert any(
        z.startswith("inhalte/2024/daten/einwohner.csv: Warnung: Prüfung „Anteil (in %)“ ergibt 100")
        for z in zeilen
    )
    assert any("Warnung: Prüfung „Einwohner“ ändert sich von „Nord“ zu „Süd“" in z for z in zeilen)
    assert ergebnis.datenbericht[0] == "Einleitung"
    assert (
        "  inhalte/2024/daten/einwohner.csv: keine negativen Werte: FEHLER – „Einwohner“ in Zeile „Süd“ ist −8.000."
        in ergebnis.datenbericht
    )
    with pytest.raises(PruefFehler):  # a failed hard check stops the build
        build(2024, mini, formate=["docx"])


def test_von_hand_geschriebene_zahlen_als_hinweis(mini: Path):
    _ersetzen(
        mini / "inhalte/2024/01-einleitung.md",
        "## Daten",
        "Rund 27.000 Menschen, das sind 32,1 % – Stand 31.12.2023, Bericht 2024, Seite 12345.\n\n## Daten",
    )
    hinweise = [z for z in _befunde(mini, info=True) if "[zahl-von-hand]" in z]
    assert [h.split(": ", 2)[2].split(" [")[0] for h in hinweise] == [
        "„27.000“ ist von Hand geschrieben.",
        "„32,1 %“ ist von Hand geschrieben.",
        "„12345“ ist von Hand geschrieben.",
    ]
    assert all(h.startswith("inhalte/2024/01-einleitung.md:8: Info:") for h in hinweise)


def test_summenpruefung_der_begleitdatei_findet_abweichung(mini: Path):
    (mini / "inhalte/2024/daten/einwohner.toml").write_text(
        '[[pruefung]]\nart = "summe"\ngesamt = "Insgesamt"\nteile = ["Nord", "Süd"]\ntoleranz = 0\n',
        encoding="utf-8",
    )
    ergebnis = check(2024, mini)
    assert not [b for b in ergebnis.befunde if b.regel == "plausibilitaet"]
    assert any(
        "„Insgesamt“ = „Nord“ + „Süd“: in Ordnung (2 Vergleiche, 6 Zellen)" in z
        for z in ergebnis.datenbericht
    )
    datei = mini / "inhalte/2024/daten/einwohner.csv"
    datei.write_bytes(datei.read_bytes().replace(b"Insgesamt;20.345", b"Insgesamt;20.346"))
    zeilen = [b.zeile() for b in check(2024, mini).befunde if b.regel == "plausibilitaet"]
    assert zeilen == [
        "inhalte/2024/daten/einwohner.csv:4: Fehler: Prüfung „Insgesamt“ = „Nord“ + „Süd“ schlägt fehl: "
        "Spalte „Einwohner“: 20.346 statt 20.345. [plausibilitaet] Prüfen Sie die Datenlieferung."
    ]


def test_bild_ohne_quelle_ist_eine_warnung(mini: Path):
    from PIL import Image

    Image.new("RGB", (300, 200), "white").save(mini / "inhalte/2024/foto.png")
    _ersetzen(
        mini / "inhalte/2024/02-handlungsfeld-a.md",
        "1. Erstens",
        '![Ein Foto des Rathauses](foto.png "Rathaus")\n\n1. Erstens',
    )
    befunde = _befunde(mini)
    assert any(
        z.startswith("inhalte/2024/02-handlungsfeld-a.md:7: Warnung: Bild „foto.png“ hat keine Quelle.")
        for z in befunde
    )


def test_von_hand_geschriebene_zahlen_nur_im_fliesstext(mini: Path):
    """Code and fences of either kind are not running text; each number is found on its own line."""
    _ersetzen(
        mini / "inhalte/2024/01-einleitung.md",
        "## Daten",
        "~~~\n12345 im Code\n~~~\n\n```text\n67890\n```\n\nErst `55555` dann\nauf der zweiten Zeile 4.321 Personen.\n\n## Daten",
    )
    hinweise = [z for z in _befunde(mini, info=True) if "[zahl-von-hand]" in z]
    assert [h.split(" Info: ")[0] + " " + h.split("„")[1].split("“")[0] for h in hinweise] == [
        "inhalte/2024/01-einleitung.md:17: 4.321"
    ]


def test_summe_der_funktion_nennt_nicht_pruefbare_zellen_und_prueft_nie_nichts(mini: Path):
    datei = mini / "inhalte/2024/daten/einwohner.csv"
    datei.write_bytes(datei.read_bytes().replace(b"S\xfcd;8.000;", b"S\xfcd;.;"))
    (warnung,) = [b.zeile() for b in check(2024, mini).befunde if b.regel == "summe-nicht-pruefbar"]
    assert warnung == (
        "inhalte/2024/daten/einwohner.csv:3: Warnung: Summenprüfung „Insgesamt“ der Tabelle „einwohner“: "
        "nicht prüfbar (1 Zelle): Zeile 3 „Süd“, Spalte „Einwohner“: „.“ (Zahlenwert unbekannt oder geheim zu "
        "halten). [summe-nicht-pruefbar] Bitte von Hand prüfen."
    )
    datei.write_bytes(datei.read_bytes().replace(b"S\xfcd;.;39,3", b"S\xfcd;.;."))
    fehler = [b.zeile() for b in check(2024, mini).fehler]
    assert any(
        "Summenprüfung „Insgesamt“ der Tabelle „einwohner“ hat keine einzige Zelle verglichen." in z
        for z in fehler
    )


def test_kontrast_zur_hinterlegung_und_fuer_grosse_schrift(tmp_path: Path):
    """WCAG: against the shading the text stands on; 3:1 for large text, 4.5:1 otherwise."""
    from berichtsgen.darstellung.word.stile import Schriftbild
    from berichtsgen.inhalt.modell import Bericht
    from berichtsgen.pruefung import Umfeld, textkontrast

    bilder = {
        "Weiß auf Grün": Schriftbild("#FFFFFF", "#2E7D32", 28, True),  # 5,1:1 – fine
        "Grau groß": Schriftbild("#949494", "#FFFFFF", 36),  # 3,0:1 at 18 pt – fine
        "Grau klein": Schriftbild("#949494", "#FFFFFF", 22),  # 3,0:1 at 11 pt – too little
        "Weiß auf Hellgrün": Schriftbild("#FFFFFF", "#8BC34A", 40, True),
    }
    befunde = [b.meldung for b in textkontrast(Bericht([]), Umfeld(tmp_path, tmp_path / "v.docx", bilder))]
    assert befunde == [
        "Formatvorlage „Grau klein“ hat Textfarbe #949494 mit nur 3,0:1 Kontrast zu Weiß; nötig sind 4,5:1.",
        "Formatvorlage „Weiß auf Hellgrün“ hat Textfarbe #FFFFFF mit nur 2,1:1 Kontrast zur Hinterlegung "
        "#8BC34A; nötig sind 3:1 (große Schrift).",
    ]


def test_weisse_schrift_auf_farbiger_ueberschrift_ist_kein_fehler(mini: Path):
    from docx.oxml import parse_xml

    doc = Document(str(mini / "vorlage.docx"))
    stil = doc.styles["Heading 1"]
    stil.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    ppr = stil.element.get_or_add_pPr()
    ppr.append(
        parse_xml(
            '<w:shd xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:val="clear" w:color="auto" w:fill="1F4E79"/>'
        )
    )
    doc.save(str(mini / "vorlage.docx"))
    meldungen = [b.meldung for b in check(2024, mini).befunde if b.regel == "kontrast"]
    assert not any("„Heading 1“" in m for m in meldungen)
    # the TOC heading inherits the fill but keeps its own dark colour: that one is found
    assert any(
        m.startswith("Formatvorlage „TOC Heading“ hat Textfarbe #1F4E79 mit nur 1,0:1") for m in meldungen
    )


def test_markdown_tabelle_ohne_beschriftung_warnt(mini: Path):
    """A bare GFM table gets a warning with its line; the captioned one of the mini project none."""
    kapitel = mini / "inhalte/2024/01-einleitung.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8") + "\n| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8"
    )
    zeile = kapitel.read_text(encoding="utf-8").splitlines().index("| a | b |") + 1
    befunde = [b for b in check(2024, mini).befunde if b.regel == "tabelle-ohne-titel"]
    assert [b.zeile() for b in befunde] == [
        f"inhalte/2024/01-einleitung.md:{zeile}: Warnung: Die Tabelle hat keine Beschriftung (Titel, Nummer, "
        "Quelle). [tabelle-ohne-titel] Setzen Sie sie in ```{tabelle} name``` mit den Zeilen „:titel: …“ und "
        "„:quelle: …“ darüber."
    ]


def test_markdown_tabelle_mit_titel_ohne_quelle_ist_fehler(mini: Path):
    _ersetzen(mini / "inhalte/2024/02-handlungsfeld-a.md", ":quelle: Volkshochschule Musterstadt\n", "")
    befunde = [b for b in check(2024, mini).befunde if b.regel == "quelle-fehlt"]
    assert [b.meldung for b in befunde] == ["Tabelle „kurse“ hat keine Quelle."] and befunde[0].fehler
