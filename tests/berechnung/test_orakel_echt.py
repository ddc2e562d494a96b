"""The oracle on real exports: every printed cell equals the cell as the office wrote it.

Each file of `../shared/fixtures/statistik/` (SOURCES.md there names origin, shape and licence)
becomes the table `return k.daten(datei)` of a small project, built into DOCX and HTML. The file is
read again without berichtsgen (`orakel.quelle_lesen`: csv module, openpyxl, zipfile), split into
title lines, header rows, body and footer by its shape, and each body cell is compared by position
with the printed body cell of both forms; the normalisation (signs after DIN 55301, German numbers
as written, keys exactly, empty stays empty) is defined in the docstring of `orakel.py`.

Header rows are checked apart and loosely (`test_kopf_…`): another change turns multi-row headers
into two-level headers, so only "the printed header names the column" is asserted.

A file that fails today is marked `xfail(strict=True)` with what is wrong: when a fix makes it
pass, the mark must go. The summary for every file (shape, rows, cells compared, wrong by kind,
examples) is printed by

    PYTHONPATH=src:tests:tests/berechnung python tests/berechnung/test_orakel_echt.py
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from orakel import (
    Gedruckt,
    Quelle,
    Vergleich,
    csv_zerlegen,
    docx_tabelle,
    einordnen,
    html_tabelle,
    kopf_pruefen,
    quelle_lesen,
    vergleichen,
)

from hilfen import ECHTE_EXPORTE, export_projekt

DATEIEN = sorted(p.name for p in ECHTE_EXPORTE.glob("*") if p.suffix in (".csv", ".zip", ".xlsx")) + [
    # the first sheet of this Statistischer Bericht is its title page: two of its tables besides
    "21711_ausgaben_je_schueler_2024.xlsx|21711-01",
    "21711_ausgaben_je_schueler_2024.xlsx|csv-21711-01",
]
"""Every real export, and a sheet as `datei|blatt` (read with `k.daten(datei, blatt)`)."""

FALSCH_HEUTE: dict[str, str] = {
    # file: what is printed wrong, while it is (xfail strict: a fix makes it fail loudly)
}
"""Files whose printed body differs from the file today, and how."""

KOPF_FALSCH_HEUTE: dict[str, str] = {
    # file: what is printed wrong, while it is (xfail strict: a fix makes it fail loudly)
}
"""Files whose printed header does not name the file's columns today."""


@dataclass
class Gebaut:
    quelle: Quelle
    docx: Gedruckt | None
    html: Gedruckt | None
    fehler: str = ""
    ohne_quelle: bool = False
    """The file named no Quelle the build could take; the chapter gave one to print at all."""


def bauen(ordner: Path, eintrag: str) -> Gebaut:
    """Build the unchanged table of `eintrag` (a file, or `datei|blatt`) into DOCX and HTML in a
    project under `ordner`."""
    from berichtsgen import build
    from berichtsgen.fehler import BerichtsgenFehler, PruefFehler

    datei, _, blatt = eintrag.partition("|")
    projekt = export_projekt(ordner, datei, blatt, titel="Orakel")
    kapitel = projekt / "inhalte" / "2024" / "01-export.md"
    kapitel.write_text("---\ntitel: Export\n---\n\n```{tabelle} export\n```\n", encoding="utf-8")
    quelle = quelle_lesen(ECHTE_EXPORTE / datei, blatt or None)
    ohne_quelle = False
    try:
        try:
            ergebnis = build(2024, projekt, formate=["docx", "html"])
        except PruefFehler as fehler:
            if {b.regel for b in fehler.befunde if b.fehler} != {"quelle-fehlt"}:
                raise
            # the Quelle is not this test's matter (test_quellen_echt.py): give one, print the cells
            ohne_quelle = True
            kapitel.write_text(
                "---\ntitel: Export\n---\n\n```{tabelle} export\n:quelle: Orakel\n```\n", encoding="utf-8"
            )
            ergebnis = build(2024, projekt, formate=["docx", "html"])
    except BerichtsgenFehler as fehler:
        zeile = fehler.zeile() if isinstance(fehler, PruefFehler) else str(fehler)
        return Gebaut(quelle, None, None, f"{type(fehler).__name__}: {zeile}")
    docx = next(d for d in ergebnis.dateien if d.suffix == ".docx")
    html = next(d for d in ergebnis.dateien if d.is_dir())
    return Gebaut(quelle, docx_tabelle(docx), html_tabelle(html), ohne_quelle=ohne_quelle)


@pytest.fixture(scope="module")
def gebaut(tmp_path_factory):
    fertig: dict[str, Gebaut] = {}

    def holen(datei: str) -> Gebaut:
        if datei not in fertig:
            fertig[datei] = bauen(tmp_path_factory.mktemp("orakel"), datei)
        return fertig[datei]

    return holen


def _markiert(liste: dict[str, str]):
    return [
        pytest.param(d, marks=pytest.mark.xfail(strict=True, reason=liste[d])) if d in liste else d
        for d in DATEIEN
    ]


pytestmark = pytest.mark.skipif(
    not ECHTE_EXPORTE.is_dir(), reason="die echten Exporte liegen nicht neben dem Projekt"
)


@pytest.mark.parametrize("datei", _markiert(FALSCH_HEUTE))
def test_jede_gedruckte_zelle_wie_das_amt_sie_schrieb(gebaut, datei: str):
    b = gebaut(datei)
    assert not b.fehler, b.fehler
    for form, gedruckt in (("DOCX", b.docx), ("HTML", b.html)):
        v = vergleichen(b.quelle, gedruckt)
        assert v.verglichen > 0, f"{form}: nichts verglichen ({v.befund})"
        assert v.anzahl_falsch == 0, f"{form}: {v.kurz()} von {v.verglichen} Zellen falsch; {v.beispiele()}"


@pytest.mark.parametrize("datei", _markiert(KOPF_FALSCH_HEUTE))
def test_kopf_nennt_die_spalten_der_datei(gebaut, datei: str):
    b = gebaut(datei)
    assert not b.fehler, b.fehler
    for form, gedruckt in (("DOCX", b.docx), ("HTML", b.html)):
        assert gedruckt.kopf, f"{form}: kein Tabellenkopf"
        befunde = kopf_pruefen(b.quelle, gedruckt)
        assert befunde == [], f"{form}: {len(befunde)} Kopfbefunde, z. B. {befunde[:4]}"


@pytest.mark.parametrize(
    ("geschrieben", "beschriftung", "richtig", "falsch"),
    [
        ("05111", True, {"05111"}, {"5.111", "5111"}),
        ("11000000", True, {"11000000"}, {"11.000.000"}),
        ("JH05166016", True, {"JH05166016"}, set()),
        ("      Flensburg, Kreisfreie Stadt", True, {"Flensburg, Kreisfreie Stadt"}, set()),
        ("-", False, {"–"}, {"0", "0,0", "-"}),
        ("...", False, {"…"}, {"–", "."}),
        (".", False, {"."}, {"–"}),
        ("x", False, {"x"}, {"–"}),
        ("/", False, {"/"}, {"–"}),
        ("0", False, {"0"}, {"–", "0,0"}),
        ("82175684", False, {"82175684", "82.175.684"}, {"82.175.684,0", "82.175.68"}),
        ("1.596.852.249", False, {"1.596.852.249"}, {"1596852,249"}),
        ("-232.396.396", False, {"−232.396.396", "-232.396.396"}, {"232.396.396"}),
        ("-0,4", False, {"−0,4", "-0,4"}, {"–", "0,4"}),
        ("76,70", False, {"76,70"}, {"76,7", "77"}),
        ("6,0", False, {"6,0"}, {"6"}),
        ("(123)", False, {"(123)"}, {"123"}),
        ("1234 p", False, {"1.234 p", "1234 p"}, {"1.234"}),
        ("12 1)", False, {"12 1)"}, {"12"}),
        ("", False, {""}, {"–"}),
        ("e", False, {"e"}, set()),
    ],
)
def test_die_druckform_einer_zelle(geschrieben: str, beschriftung: bool, richtig: set[str], falsch: set[str]):
    """The oracle's rule for one cell (the docstring of orakel.py), pinned."""
    erlaubt = einordnen(geschrieben, beschriftung).erlaubt
    assert richtig <= erlaubt and not falsch & erlaubt


def test_flatfile_wert_mit_qualitaetskennzeichen():
    """A flat file's value_q is the mark of its value ("p" vorläufig); "e" (endgültig) prints none."""
    text = "statistics_code;time;value;value_q\n61111;2024;118,1;e\n61111;2024;119,2;p\n61111;2024;...;\n"
    q = csv_zerlegen(text)
    assert [z[2].erlaubt for z in q.zeilen] == [{"118,1"}, {"119,2 p"}, {"…"}]
    assert q.zeilen[0][1].art == "Beschriftung" and q.zeilen[0][3].erlaubt == {"e"}


def test_das_orakel_liest_die_form_jeder_datei():
    """A guard for the oracle itself: each file splits into a body with values and label columns."""
    for datei in DATEIEN:
        name, _, blatt = datei.partition("|")
        q = quelle_lesen(ECHTE_EXPORTE / name, blatt or None)
        arten = {z.art for zeile in q.zeilen for z in zeile}
        assert q.zeilen and q.kopf, datei
        assert len({len(z) for z in q.zeilen}) == 1, datei
        assert arten & {"Zahl", "Zeichen"} or q.breite == 1, (datei, arten)  # a title page has no values


def zusammenfassung(ordner: Path) -> list[tuple[str, Gebaut, Vergleich | None, Vergleich | None, list[str]]]:
    zeilen = []
    for datei in DATEIEN:
        b = bauen(ordner / re.sub(r"\W", "_", datei), datei)
        if b.fehler:
            zeilen.append((datei, b, None, None, []))
            continue
        zeilen.append(
            (
                datei,
                b,
                vergleichen(b.quelle, b.docx),
                vergleichen(b.quelle, b.html),
                kopf_pruefen(b.quelle, b.docx),
            )
        )
    return zeilen


if __name__ == "__main__":  # the summary table for the closing note
    import tempfile

    ausfuehrlich = "-v" in sys.argv
    summe: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        print(
            "| Datei | Form | Zeilen (Datei/gedruckt) | Zellen verglichen | falsch DOCX (nach Art) | HTML "
            "| Kopf | Quelle |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for datei, b, d, h, kopf in zusammenfassung(Path(tmp)):
            if d is None:
                print(
                    f"| {datei} | {b.quelle.form} | {len(b.quelle.zeilen)}/– | 0 | Fehler: {b.fehler[:120]} | – | – |"
                )
                continue
            for art, n in d.nach_art.items():
                summe.setdefault(art, [0, 0])[0] += n
                summe[art][1] += len(d.falsch.get(art, []))
            html = "wie DOCX" if h.kurz() == d.kurz() else h.kurz()
            print(
                f"| {datei} | {b.quelle.form} | {len(b.quelle.zeilen)}/{len(b.docx.zeilen)} | {d.verglichen} "
                f"| {d.kurz()} | {html} | {len(kopf) or 'ok'} | {'fehlt' if b.ohne_quelle else 'aus der Datei'} |"
            )
            if ausfuehrlich and (d.anzahl_falsch or kopf):
                print(f"|   | | | | {d.beispiele()} | | {kopf[:2]} |")
    print()
    print(
        "Zusammen (DOCX): " + "; ".join(f"{art} {f} von {n} falsch" for art, (n, f) in sorted(summe.items()))
    )
