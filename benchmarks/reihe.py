"""Series benchmark: 20 small reports from one project (one per Stadtteil), built one after another
in one process with one warm LibreOffice, and with `berichtsgen.build_many` on its default local
process pool (two workers per core, sharing the LibreOffice of the calling process).

Run from the repository root: `.venv/bin/python benchmarks/reihe.py [--berichte 20] [--runden 3]`.
Both ways run in turn, `--runden` times; the medians are compared.
Each run starts with an empty cache, so both ways compute every chart and table. The numbers are
made up by a seeded generator: this is a benchmark, not a report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

JAHR = 2024

BERECHNUNGEN = """
import matplotlib.pyplot as plt

from berichtsgen import diagramm, tabelle, wert

CM = 1 / 2.54


def _teil(k):
    df = k.daten("stadtteile.csv")
    return df[df["Stadtteil"] == k.parameter.stadtteil]


@tabelle("altersgruppen", titel="Einwohner nach Altersgruppen", quelle="Synthetische Daten")
def altersgruppen(k):
    return _teil(k)[["Jahr", "unter 18", "18 bis 64", "65 und älter"]]


@wert("einwohner")
def einwohner(k):
    t = _teil(k)
    return int(t.iloc[-1][["unter 18", "18 bis 64", "65 und älter"]].sum())


@diagramm("entwicklung", titel="Einwohner nach Altersgruppen", quelle="Synthetische Daten")
def entwicklung(k):
    t = _teil(k)
    fig, ax = plt.subplots(figsize=(16 * CM, 8 * CM))
    for spalte in ["unter 18", "18 bis 64", "65 und älter"]:
        ax.plot(t["Jahr"].astype(str), t[spalte], marker="o", label=spalte)
    ax.legend()
    return fig


@diagramm("anteile", titel="Altersgruppen im letzten Jahr", quelle="Synthetische Daten")
def anteile(k):
    t = _teil(k).iloc[-1]
    fig, ax = plt.subplots(figsize=(16 * CM, 8 * CM))
    ax.bar(["unter 18", "18 bis 64", "65 und älter"], [t["unter 18"], t["18 bis 64"], t["65 und älter"]])
    return fig
"""

KAPITEL = """---
titel: Stadtteil {{ parameter.stadtteil }}
---

Im Stadtteil {{ parameter.stadtteil }} lebten Ende {{ jahr }} {{ wert("einwohner") | zahl }} Menschen.
Die folgenden Tabellen und Abbildungen zeigen die Entwicklung der Altersgruppen.

```{tabelle} altersgruppen
```

```{diagramm} entwicklung
```

```{diagramm} anteile
```
"""

SEQUENZIELL = """
import json, sys, time
import berichtsgen
from berichtsgen.serie import parameterliste
from berichtsgen.bau import _projekt

wurzel = sys.argv[1]
start = time.perf_counter()
with berichtsgen.LibreOfficeExport() as pdf:
    for zeile in parameterliste(_projekt(2024, wurzel, None, None)):
        berichtsgen.build(2024, wurzel, export=pdf, parameter=zeile)
print(json.dumps(time.perf_counter() - start))
"""

PARALLEL = """
import json, sys, time
import berichtsgen

start = time.perf_counter()
serie = berichtsgen.build_many(2024, sys.argv[1])
assert not serie.fehlgeschlagen, serie.zusammenfassung()
print(json.dumps(time.perf_counter() - start))
"""


def erzeugen(ziel: Path, berichte: int) -> Path:
    zufall = random.Random(berichte)
    daten = ziel / "inhalte" / str(JAHR) / "daten"
    daten.mkdir(parents=True)
    (ziel / "berichtsgen.toml").write_text(
        '[bericht]\ntitel = "Stadtteilprofil {parameter.stadtteil}"\nherausgeber = "Musterstadt"\n'
        'module = ["profil.py"]\ndateiname = "profil-{parameter.stadtteil}-{jahr}"\n'
        'aufbau = ["inhaltsverzeichnis", "kapitel", "tabellenverzeichnis", "abbildungsverzeichnis"]\n\n'
        '[jahr.2024]\nstand = "Juni 2024"\n\n[parameter]\ndatei = "stadtteile.csv"\n',
        encoding="utf-8",
    )
    (ziel / "profil.py").write_text(BERECHNUNGEN, encoding="utf-8")
    (ziel / "inhalte" / str(JAHR) / "01-stadtteil.md").write_text(KAPITEL, encoding="utf-8")
    namen = [f"Stadtteil {i + 1}" for i in range(berichte)]
    (ziel / "stadtteile.csv").write_text("stadtteil\n" + "\n".join(namen) + "\n", encoding="utf-8")
    zeilen = ["Stadtteil;Jahr;unter 18;18 bis 64;65 und älter"]
    for name in namen:
        for jahr in range(2015, 2025):
            zeilen.append(
                f"{name};{jahr};{zufall.randint(800, 3000)};{zufall.randint(4000, 12000)};{zufall.randint(1000, 4000)}"
            )
    (daten / "stadtteile.csv").write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    return ziel


def _laufen(skript: str, projekt: Path) -> float:
    shutil.rmtree(projekt / ".berichtsgen-cache", ignore_errors=True)
    shutil.rmtree(projekt / "ausgabe", ignore_errors=True)
    aus = subprocess.run([sys.executable, "-c", skript, str(projekt)], capture_output=True, text=True)
    if aus.returncode:
        raise SystemExit(aus.stderr[-2000:])
    return json.loads(aus.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--berichte", type=int, default=20)
    parser.add_argument(
        "--runden",
        type=int,
        default=3,
        help="so oft beide Wege im Wechsel; verglichen werden die Mediane (ein Lauf schwankt um ±0,1×)",
    )
    argumente = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    nacheinander: list[float] = []
    parallel: list[float] = []
    with tempfile.TemporaryDirectory(prefix="berichtsgen-reihe-") as ordner:
        projekt = erzeugen(Path(ordner) / "projekt", argumente.berichte)
        for _ in range(argumente.runden):
            nacheinander.append(_laufen(SEQUENZIELL, projekt))
            parallel.append(_laufen(PARALLEL, projekt))
            pdfs = len(list((projekt / "ausgabe" / str(JAHR)).glob("*.pdf")))
    kerne = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    a, b = statistics.median(nacheinander), statistics.median(parallel)
    print(
        "| Berichte | Kerne | Runden | nacheinander (ein Prozess, ein LibreOffice) | build_many "
        "| Durchsatz (Mediane) | je Runde |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {argumente.berichte} ({pdfs} PDF) | {kerne} | {argumente.runden} | {a:.1f} s | {b:.1f} s "
        f"| {a / b:.2f}× | {', '.join(f'{x / y:.2f}' for x, y in zip(nacheinander, parallel, strict=True))} |"
    )


if __name__ == "__main__":
    main()
