"""Build the example report from a script, the way script authors use berichtsgen.

Run from the repository root: `.venv/bin/python beispiele/bericht_bauen.py`.
The script owns the PDF exporter: in a loop over several years (or districts with their own
projects), one LibreOffice stays warm between the builds, so each further PDF takes about a second.
"""

from pathlib import Path

import berichtsgen

PROJEKT = Path(__file__).resolve().parent.parent

with berichtsgen.LibreOfficeExport() as pdf:
    for jahr in [2019]:  # e.g. range(2019, 2024) once the later years' content exists
        befunde = berichtsgen.check(jahr, projekt=PROJEKT)
        for befund in befunde.warnungen:
            print(befund.zeile())
        try:
            ergebnis = berichtsgen.build(jahr, projekt=PROJEKT, fortschritt=print, export=pdf)
        except berichtsgen.BerichtsgenFehler as fehler:
            print(fehler.zeile())  # one German line per error, with file:line and a hint
            continue
        for datei in ergebnis.dateien:
            print("geschrieben:", datei.relative_to(PROJEKT))
        print(f"{ergebnis.seiten} Seiten in {sum(ergebnis.zeiten.values()):.1f} s")
