"""Maßnahmen: fixed status vocabulary (configurable), Ampel with legend, overview appendix."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from berichtsgen import build
from berichtsgen.fehler import DatenFehler
from hilfen import W, einstellen

MASSNAHMEN = (
    "Handlungsfeld;Maßnahme;Federführung;Zeitraum;Status;Bemerkung\n"
    "A;Sprachkurse ausbauen;Volkshochschule;2024–2025;in Umsetzung;\n"
    "A;Sprachcafé;;;geplant;\n"
    "B;Elternabende;;;umgesetzt;\n"
)


def _vorbereiten(mini: Path, daten: str = MASSNAHMEN) -> None:
    (mini / "inhalte/2024/daten/massnahmen.csv").write_text(daten, encoding="utf-8")
    (mini / "inhalte/2024/daten/massnahmen.toml").write_text(
        'quelle = "Integrationsrat"\nstichtag = "01.03.2024"\n', encoding="utf-8"
    )
    kapitel = mini / "inhalte/2024/02-handlungsfeld-a.md"
    kapitel.write_text(kapitel.read_text(encoding="utf-8") + "\n```{massnahmen} A\n```\n", encoding="utf-8")


def test_massnahmen_eines_handlungsfelds_mit_ampel(mini: Path):
    _vorbereiten(mini)
    einstellen(mini, 'aufbau = ["kapitel", "massnahmen"]')
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    doc = Document(str(docx))
    texte = [p.text for p in doc.paragraphs]
    assert "Tabelle 3: Maßnahmen im Handlungsfeld A" in texte
    assert "Quelle: Integrationsrat; Stichtag: 01.03.2024" in texte
    assert any(t.startswith("Umsetzungsstand: umgesetzt (grün hinterlegt)") for t in texte)
    tabelle = next(t for t in doc.tables if t.rows[0].cells[0].text == "Maßnahme")
    assert [[c.text for c in r.cells] for r in tabelle.rows] == [  # no "Bemerkung": "–" in every row
        ["Maßnahme", "Federführung", "Zeitraum", "Status"],
        ["Sprachkurse ausbauen", "Volkshochschule", "2024–2025", "in Umsetzung"],
        ["Sprachcafé", "–", "–", "geplant"],
    ]
    assert tabelle.rows[1].cells[3]._tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == "FFEB9C"
    # the appendix: every field, and the chart of the Umsetzungsstand
    assert "Anhang A: Maßnahmenübersicht" in texte
    assert (
        "Tabelle A.1: Übersicht der Maßnahmen" in texte
        and "Abbildung A.1: Maßnahmen nach Handlungsfeld und Umsetzungsstand" in texte
    )
    uebersicht = next(t for t in doc.tables if t.rows[0].cells[0].text == "Handlungsfeld")
    assert [r.cells[0].text for r in uebersicht.rows[1:]] == ["A", "A", "B"]


def test_unbekannter_status_nennt_datei_zeile_und_vorschlag(mini: Path):
    _vorbereiten(mini, MASSNAHMEN.replace("geplant", "geplannt"))
    with pytest.raises(DatenFehler) as info:
        build(2024, mini, formate=["docx"])
    assert info.value.zeile() == (
        "inhalte/2024/daten/massnahmen.csv:3: Fehler: Status „geplannt“ ist nicht vorgesehen. [daten] Meinten Sie „geplant“?"
    )


def test_eigenes_statusvokabular(mini: Path):
    _vorbereiten(
        mini,
        MASSNAHMEN.replace("in Umsetzung", "läuft")
        .replace("geplant", "offen")
        .replace("umgesetzt", "fertig"),
    )
    einstellen(mini, 'status = ["fertig", "läuft", "offen"]')
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    assert any(
        p.text.startswith("Umsetzungsstand: fertig (grün hinterlegt), läuft (gelb hinterlegt), offen (blau")
        for p in Document(str(docx)).paragraphs
    )


def test_leere_spalten_fallen_weg_status_und_massnahme_bleiben(mini: Path):
    """Columns with "–" in every row are left out; the Ampel moves with the Status column."""
    _vorbereiten(mini, "Handlungsfeld;Maßnahme;Federführung;Zeitraum;Status;Bemerkung\nA;;;;geplant;\n")
    (docx,) = build(2024, mini, formate=["docx"]).dateien
    tabelle = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == "Maßnahme")
    assert [[c.text for c in r.cells] for r in tabelle.rows] == [["Maßnahme", "Status"], ["–", "geplant"]]
    assert tabelle.rows[1].cells[1]._tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == "DDEBF7"  # "geplant"
