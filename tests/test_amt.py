"""A Sozialbericht from exports shaped as statistics offices deliver them, with a third-party template.

Signs, note lines, an indented hierarchy, a GENESIS table and a time series with a gap: what a
council member reads in the Word file, and what `check` says about the data.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

from berichtsgen import build, check
from hilfen import absatz_texte, docx_xml


def test_tabellen_wie_das_amt_sie_druckt(amt: Path):
    (docx,) = build(2023, amt, formate=["docx"]).dateien
    doc = Document(str(docx))
    sgb2, anteile, bevoelkerung = ([[c.text for c in r.cells] for r in t.rows] for t in doc.tables[:3])
    assert sgb2[1:4] == [
        ["Innenstadtbezirk", "", "", "", ""],
        ["Wiesdorf", "1.067", "2.210", "13,8", "4,2"],
        ["Bergfeld", ".", "300", ".", "4,2"],
    ]
    assert sgb2[6] == ["Opladen", "2.325\u00a01)", "4.880", "10,9", "(1,1)"]
    assert anteile[0] == ["Gebiet", "Personen", "Anteil an allen (in %)", "je 1.000 Einwohner"]
    assert anteile[1] == ["Wiesdorf", "2.210", "29,9", "13,5"]  # computed: one decimal, not 29,905…
    assert bevoelkerung[4] == ["Leverkusen, kreisfreie Stadt", "80.123", ".", "164.000\u00a0p"]
    texte = absatz_texte(docx_xml(docx))
    assert (
        "Im Dezember 2023 gab es 3.392 Bedarfsgemeinschaften; in Wiesdorf lebten 29,9\u00a0% der"
        in " ".join(texte)
    )
    assert "1) vorläufige Werte" in texte
    assert (
        "Quelle: Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 12411-0015, Stand: 15.03.2024; "
        "Stichtag: 31.12.2023" in texte
    )
    # the hierarchy: Wiesdorf indented under its group heading
    zelle = doc.tables[0].rows[2].cells[0]._tc
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert zelle.find(f".//{w}pPr/{w}ind").get(f"{w}left") == "170"


def test_check_sagt_was_geprueft_wurde_und_was_nicht(amt: Path):
    ergebnis = check(2023, amt)
    assert ergebnis.fehler == []
    bericht = "\n".join(ergebnis.datenbericht)
    assert "sgb2_gliederung.csv: keine negativen Werte: geprüft (9 Zellen)" in bericht
    assert "nicht prüfbar (1 Zelle): Zeile 6 „Bergfeld“, Spalte „Bedarfsgemeinschaften“" in bericht
    gelesen = [b.meldung for b in ergebnis.befunde if b.regel == "daten-gelesen"]
    assert any(m.startswith("gelesen als GENESIS-Tabelle") for m in gelesen)
