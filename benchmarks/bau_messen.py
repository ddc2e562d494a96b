"""Time the 2019 example build: cold (new process, no LibreOffice running) and warm (same process),
and the start of the command line.

Run from the repository root: `.venv/bin/python benchmarks/bau_messen.py [--laeufe 5]`.
Prints the median seconds per stage (inhalt, berechnung = charts and tables, docx, pdf), the total,
the peak resident memory of the Python process after each stage, and how long
`berichtsgen --help` and `berichtsgen --version` take.
Targets on a 2-core machine: cold DOCX + PDF ≤ 6 s, warm ≤ 2 s, Python peak ≤ 300 MB,
`--help`/`--version` < 0.3 s (without loading pandas or matplotlib).
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
ergebnis = berichtsgen.build(2019, sys.argv[1], ausgabe=sys.argv[2])
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
    with tempfile.TemporaryDirectory() as ausgabe, berichtsgen.LibreOfficeExport() as pdf:
        berichtsgen.build(2019, REPO, ausgabe=ausgabe, export=pdf)  # warm-up: imports, LibreOffice start
        for _ in range(laeufe):
            start = time.perf_counter()
            ergebnis = berichtsgen.build(2019, REPO, ausgabe=ausgabe, export=pdf)
            messungen.append(
                {
                    "zeiten": ergebnis.zeiten,
                    "speicher": ergebnis.speicher_mb,
                    "gesamt": time.perf_counter() - start,
                }
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
    print(
        f"  {'gesamt':<11} {gesamt:6.2f} s   (Ziel ≤ {ziel:.0f} s, Speicher ≤ 300 MB: {'erreicht' if ok else 'VERFEHLT'})"
    )
    return ok


def befehlszeile(laeufe: int) -> bool:
    """Time `berichtsgen --help` and `--version` as an editor starts them (a new process each)."""
    programm = str(Path(sys.executable).parent / "berichtsgen")
    ok = True
    print(f"\nBefehlszeile ({laeufe} Läufe, Median)")
    for aufruf in (["--help"], ["--version"], ["build", "--help"]):
        zeiten = []
        for _ in range(laeufe):
            start = time.perf_counter()
            subprocess.run([programm, *aufruf], capture_output=True, check=True)
            zeiten.append(time.perf_counter() - start)
        sek = statistics.median(zeiten)
        ok = ok and sek < 0.3
        print(f"  berichtsgen {' '.join(aufruf):<13} {sek:6.3f} s   (Ziel < 0,3 s)")
    geladen = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, berichtsgen.cli; print(sorted({'pandas', 'matplotlib'} & set(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"  geladen mit der Befehlszeile: {geladen} (Ziel: [])")
    return ok and geladen == "[]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laeufe", type=int, default=5)
    args = parser.parse_args()
    ok_cli = befehlszeile(max(args.laeufe, 5))
    ok_kalt = bericht("kalt", kalt(args.laeufe), 6)
    ok_warm = bericht("warm", warm(args.laeufe), 2)
    return 0 if ok_cli and ok_kalt and ok_warm else 1


if __name__ == "__main__":
    sys.exit(main())
