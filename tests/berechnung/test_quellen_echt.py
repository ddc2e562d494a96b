"""Real exports name their own Quelle, Stand and Stichtag: the table a clerk builds from one says so.

Each row: a file of `../shared/fixtures/statistik/` (SOURCES.md names origin and licence), and what
a reader finds in its text – the table code in the title line ("GENESIS-Tabelle: 12411-01-01-4",
"Tabelle: 12411-15i") or, for a flat file and "GENESIS-Tabelle: Temporär", in the file name
("12411-03iz_flat.csv"); the database from the © line; the Stand from the export's own line
"Stand: 14.12.2017 / 15:51:18" (never "Gebietsstand 01.01.1979" from a footnote); a footer line
"Quelle: …"; the Stichtag from the title or the time column ("31.12.2015", "Jahr: 2016"), never
the export's time stamp. The table `return k.daten(datei)` must carry exactly that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hilfen import ECHTE_EXPORTE, aus_export_berechnen

EXPORTE = ECHTE_EXPORTE

RDB = "Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland, Tabelle"
NRW = "IT.NRW, Landesdatenbank NRW, Tabelle"
DESTATIS = "Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle"

ERWARTET: dict[str, tuple[str | None, str | None]] = {
    # file: (Quelle, Stichtag) as a reader finds them in the file
    # Regionaldatenbank: title "- Stichtag 31.12. -", the header names 31.12.2015
    "12411-01-01-4.csv": (f"{RDB} 12411-01-01-4, Stand: 14.12.2017", "31.12.2015"),
    # the same table over five years (31.12.2011 … 31.12.2015)
    "12411-01-01-4_00.csv": (f"{RDB} 12411-01-01-4, Stand: 10.10.2017", "jeweils 31.12."),
    "12612-04-01-4_00.csv": (f"{RDB} 12612-04-01-4, Stand: 10.10.2017", "2015"),
    "22411-02-03-4_00.csv": (f"{RDB} 22411-02-03-4, Stand: 10.10.2017", "31.12.2015"),
    # "Jahr: 2016" only in a title line; the footnotes' "Gebietsstand 01.01.1979" is no Stand
    "41141-01-01-4.csv": (f"{RDB} 41141-01-01-4, Stand: 23.06.2018", "2016"),
    "21111-02-06-4.csv": (f"{RDB} 21111-02-06-4, Stand: 13.03.2025", "2023"),
    # the Regionalatlas: a table code that is not numeric
    "AI-N-02_00.csv": (f"{RDB} AI-N-02, Stand: 10.10.2017", "2010"),
    # three elections (17.09.2006, 18.09.2011, 18.09.2016): no single Stichtag
    "14341-01-02-5_00.csv": (f"{RDB} 14341-01-02-5, Stand: 10.10.2017", None),
    # "Tabelle: 13211-02-05-4" (2026 layout); a footnote names the Bundesagentur as source
    "13211-02-05-4.csv": (
        f"Arbeitsmarktstatistik der Bundesagentur für Arbeit (BA); {RDB} 13211-02-05-4, Stand: 09.07.2026",
        "2023",
    ),
    # IT.NRW Landesdatenbank, "Tabelle: …" and "© IT.NRW, Düsseldorf, 2026"
    "12411-15i.csv": (f"{NRW} 12411-15i, Stand: 19.01.2026", "31.12.2024"),
    "22517-02i.csv": (f"{NRW} 22517-02i, Stand: 27.11.2025", "2023"),
    "13111-54i.csv": (
        f"Statistik der Bundesagentur für Arbeit, Datenabruf Juli 2024; {NRW} 13111-54i, Stand: 15.01.2026",
        "31.12.2024",
    ),
    # "GENESIS-Tabelle: Temporär": the code from the file name; 19 years, each on 31.12.
    "33111-02ir.csv": (f"{NRW} 33111-02ir, Stand: 07.10.2013", "jeweils 31.12."),
    # GENESIS-Online: the date 26.09.2021 is the header, 12.07.2024 the export
    "14111-0001_$F-RAW.csv": (f"{DESTATIS} 14111-0001, Stand: 12.07.2024", "26.09.2021"),
    # flat files: the table from the name, not the statistic ("61111"); no Stand in the file
    "61111-0002_de_flat.csv": (f"{DESTATIS} 61111-0002", None),
    "61111-0002_de_flat.zip": (f"{DESTATIS} 61111-0002", None),
    "31141-0002_$F_flat.csv": (f"{DESTATIS} 31141-0002", None),
    "51000-0002_flat.csv": (f"{DESTATIS} 51000-0002", None),
    "12411-03iz_flat.csv": (f"{NRW} 12411-03iz", "31.12.2019"),
    # municipal open data without any statement: nothing is made up
    "gesamtergebnisplan.csv": (None, None),
    "result_stadtteil.csv": (None, None),
}

# read since the reader names columns of one header name apart
ERWARTET |= {
    "22811-05i.csv": ("IT.NRW, Landesdatenbank NRW, Tabelle 22811-05i, Stand: 02.01.2026", "2024"),
    "61111-0002_de.csv": (
        "Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 61111-0002, Stand: 22.11.2024",
        None,  # months of many years
    ),
    "Gestorbene_Verwaltungsbezirke_nach_Geschlecht_ab_2000.xlsx": (
        "Hessisches Statistisches Landesamt, Wiesbaden",  # its © line; it states no Stand
        None,  # every year since 2000
    ),
    # a Statistischer Bericht: the first sheet with a table is read; its © is on the imprint sheet
    "21711_ausgaben_je_schueler_2024.xlsx": ("Statistisches Bundesamt (Destatis), Tabelle 21711-b01", None),
}

AUSGELASSEN: dict[str, str] = {}


def _tabelle_wie_gebaut(tmp_path: Path, datei: str):
    return aus_export_berechnen(tmp_path, datei)[0]


def test_jede_datei_ist_bedacht():
    vorhanden = {p.name for p in EXPORTE.iterdir() if p.suffix in (".csv", ".zip", ".xlsx")}
    assert vorhanden == set(ERWARTET) | set(AUSGELASSEN)


@pytest.mark.parametrize("datei", sorted(ERWARTET))
def test_quelle_und_stichtag_aus_der_datei(tmp_path: Path, datei: str):
    quelle, stichtag = ERWARTET[datei]
    beschriftung = _tabelle_wie_gebaut(tmp_path, datei).beschriftung
    assert (beschriftung.quelle, beschriftung.stichtag) == (quelle, stichtag)
