"""Build the example report from a script, the way script authors use berichtsgen.

Run from the repository root: `.venv/bin/python beispiele/bericht_bauen.py`.
In a loop over several years (or districts with their own projects), LibreOffice stays warm
between the builds, so each further PDF takes about a second.
"""

from pathlib import Path

import berichtsgen

PROJEKT = Path(__file__).resolve().parent.parent

for jahr in [2019]:  # e.g. range(2019, 2024) once the later years' content exists
    try:
        dateien = berichtsgen.build(jahr, projekt=PROJEKT, fortschritt=print)
    except berichtsgen.BerichtsgenFehler as fehler:
        print(fehler.zeile())  # one German line with file:line and a hint
        continue
    for datei in dateien:
        print("geschrieben:", datei.relative_to(PROJEKT))
