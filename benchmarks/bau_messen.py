"""Time the 2019 example build: cold (new process, no LibreOffice running) and warm (same process).

Run from the repository root: `.venv/bin/python benchmarks/bau_messen.py [--laeufe 5]`.
Prints the median seconds per stage (inhalt, berechnung = charts and tables, docx, pdf), the total,
and the peak resident memory of the Python process after each stage.
Targets on a 2-core machine: cold DOCX + PDF ≤ 6 s, warm ≤ 2 s, Python peak ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STUFEN = ("inhalt", "berechnung", "docx", "pdf")

KALT = """
import json, sys, time
start = time.perf_counter()
import berichtsgen
ergebnis = berichtsgen.bauen(2019, sys.argv[1], ausgabe=sys.argv[2])
gesamt = time.perf_counter() - start
print(json.dumps({"zeiten": ergebnis.zeiten, "speicher": ergebnis.speicher_mb, "gesamt": gesamt}))
"""


def kalt(laeufe: int) -> list[dict]:
    messungen = []
    for _ in range(laeufe):
        with tempfile.TemporaryDirectory() as ausgabe:
            r = subprocess.run(
                [sys.executable, "-c", KALT, str(REPO), ausgabe], capture_output=True, text=True, check=True
            )
            messungen.append(json.loads(r.stdout.strip().splitlines()[-1]))
    return messungen


def warm(laeufe: int) -> list[dict]:
    import berichtsgen

    messungen = []
    with tempfile.TemporaryDirectory() as ausgabe:
        berichtsgen.bauen(2019, REPO, ausgabe=ausgabe)  # warm-up: imports, LibreOffice start
        for _ in range(laeufe):
            start = time.perf_counter()
            ergebnis = berichtsgen.bauen(2019, REPO, ausgabe=ausgabe)
            messungen.append(
                {"zeiten": ergebnis.zeiten, "speicher": ergebnis.speicher_mb, "gesamt": time.perf_counter() - start}
            )
    return messungen


def bericht(name: str, messungen: list[dict], ziel: float) -> bool:
    print(f"\n{name} ({len(messungen)} Läufe, Median)")
    for stufe in STUFEN:
        sek = statistics.median(m["zeiten"][stufe] for m in messungen)
        mb = max(m["speicher"][stufe] for m in messungen)
        print(f"  {stufe:<11} {sek:6.2f} s   Spitze Python-Prozess {mb:6.0f} MB")
    gesamt = statistics.median(m["gesamt"] for m in messungen)
    spitze = max(max(m["speicher"].values()) for m in messungen)
    ok = gesamt <= ziel and spitze <= 300
    print(f"  {'gesamt':<11} {gesamt:6.2f} s   (Ziel ≤ {ziel:.0f} s, Speicher ≤ 300 MB: {'erreicht' if ok else 'VERFEHLT'})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laeufe", type=int, default=5)
    args = parser.parse_args()
    ok_kalt = bericht("kalt", kalt(args.laeufe), 6)
    ok_warm = bericht("warm", warm(args.laeufe), 2)
    return 0 if ok_kalt and ok_warm else 1


if __name__ == "__main__":
    sys.exit(main())
