"""Scale benchmark: a synthetic municipal annual report at 1x, 4x and 16x, built by the peer
pipeline (matplotlib + pandoc + soffice) and by berichtsgen, cold and warm.

Run from the repository root: `.venv/bin/python benchmarks/skalierung.py [--faktoren 1 4 16] [--runden 3]`.
Needs pandoc for the peer pipeline (`apt-get install pandoc`). Prints the table of
benchmarks/README.md: peer pipeline, berichtsgen cold (new process, empty cache), the warm rebuild
after a one-chapter edit (LibreOffice and the cache warm) with its PDF stage, the largest memory of
the process tree during the cold build (LibreOffice included) and of the Python process when warm.
It also builds the report cold with `silbentrennung = false`: loading the German hyphenation patterns
costs LibreOffice some 2.4 s at its start. The peer runs twice: as scripted by hand (no
hyphenation) and with German hyphenation on (`lang=de-DE` and `w:autoHyphenation` in its DOCX), the
same work as berichtsgen's default; "kalt / Vergleich" compares with the latter.

"1x" = 8 chapters, 20 charts of 16 × 9 cm at 200 dpi in four kinds (bars, stacked bars, lines,
pies), 15 tables of 5–20 rows × 4 columns, each from its own CSV read with `k.daten()`; "4x" and
"16x" the same content four and sixteen times. The numbers are made up by a seeded generator: this
is a benchmark, not a report.
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
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
JAHR = 2024
KAPITEL, DIAGRAMME, TABELLEN = 8, 20, 15

BERECHNUNGEN = """
from pathlib import Path

import matplotlib.pyplot as plt

from berichtsgen import diagramm, tabelle

DATEN = Path(__file__).parent / "inhalte" / "2024" / "daten"
CM = 1 / 2.54


def _zeichnen(art, df):
    fig, ax = plt.subplots(figsize=(16 * CM, 9 * CM))
    x = df.iloc[:, 0].astype(str)
    if art == 0:
        ax.bar(x, df.iloc[:, 1])
    elif art == 1:
        unten = None
        for spalte in df.columns[1:]:
            ax.bar(x, df[spalte], bottom=unten, label=spalte)
            unten = df[spalte] if unten is None else unten + df[spalte]
        ax.legend()
    elif art == 2:
        for spalte in df.columns[1:]:
            ax.plot(x, df[spalte], marker="o", label=spalte)
        ax.legend()
    else:
        ax.pie(df.iloc[:6, 1], labels=x[:6])
    return fig


for datei in sorted(DATEN.glob("c*.csv")):
    nummer = int(datei.stem[1:])

    def zeichnen(k, datei=datei, nummer=nummer):
        return _zeichnen(nummer % 4, k.daten(datei.name))

    diagramm(datei.stem, titel=f"Diagramm {nummer}", quelle="Synthetische Daten")(zeichnen)

for datei in sorted(DATEN.glob("t*.csv")):
    def rechnen(k, datei=datei):
        return k.daten(datei.name)

    tabelle(datei.stem, titel=f"Tabelle {datei.stem}", quelle="Synthetische Daten", stichtag="31.12.2023")(rechnen)
"""

PEER = """
import subprocess, sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

sys.path.insert(0, sys.argv[1])
wurzel = Path(sys.argv[1])
ns = {"__file__": str(wurzel / "berechnungen.py")}
exec(open(wurzel / "berechnungen.py").read().split("for datei in")[0], ns)
daten = wurzel / "inhalte" / "2024" / "daten"
ziel = Path(sys.argv[2])
bilder = ziel / "bilder"
bilder.mkdir(parents=True, exist_ok=True)
md = []
for kapitel in sorted((wurzel / "inhalte" / "2024").glob("*.md")):
    text = kapitel.read_text(encoding="utf-8").split("---", 2)[2]
    for zeile in text.splitlines():
        if zeile.startswith("```{diagramm}"):
            name = zeile.split()[1]
            df = pd.read_csv(daten / f"{name}.csv", sep=";", decimal=",")
            fig = ns["_zeichnen"](int(name[1:]) % 4, df)
            fig.savefig(bilder / f"{name}.png", dpi=200)
            plt.close(fig)
            md.append(f"![Diagramm {name}](bilder/{name}.png)")
        elif zeile.startswith("```{tabelle}"):
            name = zeile.split()[1]
            df = pd.read_csv(daten / f"{name}.csv", sep=";", decimal=",")
            md.append("| " + " | ".join(df.columns) + " |")
            md.append("|" + "---|" * len(df.columns))
            for reihe in df.itertuples(index=False):
                md.append("| " + " | ".join(str(w) for w in reihe) + " |")
            md.append("")
        elif not zeile.startswith("```"):
            md.append(zeile)
(ziel / "bericht.md").write_text("\\n".join(md), encoding="utf-8")
subprocess.run(["pandoc", "--toc", "-M", "lang=de-DE", "-o", str(ziel / "bericht.docx"), str(ziel / "bericht.md")],
               cwd=ziel, check=True)
if len(sys.argv) > 3 and sys.argv[3] == "trennen":  # German hyphenation on, as berichtsgen's default
    import zipfile
    alt = ziel / "bericht.docx"
    neu = ziel / "bericht-neu.docx"
    with zipfile.ZipFile(alt) as z, zipfile.ZipFile(neu, "w", zipfile.ZIP_DEFLATED) as n:
        for eintrag in z.infolist():
            daten = z.read(eintrag)
            if eintrag.filename == "word/settings.xml":
                text = daten.decode("utf-8")
                kopf = text.index(">", text.index("<w:settings")) + 1
                daten = (text[:kopf] + "<w:autoHyphenation/>" + text[kopf:]).encode("utf-8")
            n.writestr(eintrag, daten)
    neu.replace(alt)
subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(ziel), str(ziel / "bericht.docx")],
               check=True, capture_output=True)
"""

WARM = """
import json, sys, time
from pathlib import Path
import berichtsgen

wurzel = Path(sys.argv[1])
with berichtsgen.LibreOfficeExport() as pdf:
    berichtsgen.build(2024, wurzel, export=pdf)
    kapitel = sorted((wurzel / "inhalte" / "2024").glob("*.md"))[0]
    kapitel.write_text(kapitel.read_text(encoding="utf-8") + "\\nEin Satz mehr, geändert.\\n", encoding="utf-8")
    start = time.perf_counter()
    ergebnis = berichtsgen.build(2024, wurzel, export=pdf)
    gesamt = time.perf_counter() - start
print(json.dumps({"gesamt": gesamt, "zeiten": ergebnis.zeiten, "speicher": ergebnis.speicher_mb}))
"""


def erzeugen(ziel: Path, faktor: int) -> Path:
    """Write the synthetic project at `faktor` times the 1x content into `ziel`."""
    zufall = random.Random(faktor)
    daten = ziel / "inhalte" / str(JAHR) / "daten"
    daten.mkdir(parents=True)
    (ziel / "berichtsgen.toml").write_text(
        '[bericht]\ntitel = "Jahresbericht (synthetisch)"\nherausgeber = "Musterstadt"\n'
        'module = ["berechnungen.py"]\ndateiname = "bericht-{jahr}"\n\n[jahr.2024]\nstand = "Juni 2024"\n',
        encoding="utf-8",
    )
    (ziel / "berechnungen.py").write_text(BERECHNUNGEN, encoding="utf-8")
    for i in range(DIAGRAMME * faktor):
        zeilen = ["Jahr;Wert A;Wert B;Wert C"] + [
            f"{2010 + j};{zufall.randint(10, 900)};{zufall.randint(10, 900)};{zufall.randint(10, 900)}"
            for j in range(10)
        ]
        (daten / f"c{i}.csv").write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    for i in range(TABELLEN * faktor):
        zeilen = ["Stadtteil;Einwohner;Anteil (in %);Haushalte"] + [
            f"Stadtteil {j};{zufall.randint(500, 40000)};{zufall.randint(1, 999) / 10:.1f}".replace(".", ",")
            + f";{zufall.randint(100, 20000)}"
            for j in range(5 + i % 16)
        ]
        (daten / f"t{i}.csv").write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    absatz = (
        "Die Entwicklung im Berichtsjahr zeigt in den Stadtteilen ein gemischtes Bild; die folgenden "
        "Abbildungen und Tabellen fassen die wichtigsten Kennzahlen zusammen. "
    ) * 4
    kapitel = KAPITEL * faktor
    for n in range(kapitel):
        teile = [f"---\ntitel: Kapitel {n + 1}\n---\n\n{absatz}\n"]
        for i in range(n, DIAGRAMME * faktor, kapitel):
            teile.append(f"## Abschnitt {i}\n\n{absatz}\n\n```{{diagramm}} c{i}\n```\n")
        for i in range(n, TABELLEN * faktor, kapitel):
            teile.append(f"{absatz}\n\n```{{tabelle}} t{i}\n```\n")
        (ziel / "inhalte" / str(JAHR) / f"{n:03d}-kapitel.md").write_text("\n".join(teile), encoding="utf-8")
    return ziel


class Speicher:
    """The largest resident memory of a process and its descendants together, sampled."""

    def __init__(self, pid: int):
        self.pid, self.spitze, self._laufen = pid, 0, True
        self._faden = threading.Thread(target=self._messen, daemon=True)
        self._faden.start()

    def _baum(self) -> list[int]:
        kinder: dict[int, list[int]] = {}
        for eintrag in Path("/proc").glob("[0-9]*"):
            try:
                ppid = int((eintrag / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kinder.setdefault(ppid, []).append(int(eintrag.name))
        baum, offen = [], [self.pid]
        while offen:
            p = offen.pop()
            baum.append(p)
            offen += kinder.get(p, [])
        return baum

    def _messen(self) -> None:
        while self._laufen:
            summe = 0
            for p in self._baum():
                try:
                    for zeile in Path(f"/proc/{p}/status").read_text().splitlines():
                        if zeile.startswith("VmRSS:"):
                            summe += int(zeile.split()[1]) // 1024
                except OSError:
                    pass
            self.spitze = max(self.spitze, summe)
            time.sleep(0.1)

    def ende(self) -> int:
        self._laufen = False
        self._faden.join()
        return self.spitze


def _laufen(befehl: list[str], **kw) -> tuple[float, int, str]:
    start = time.perf_counter()
    prozess = subprocess.Popen(befehl, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    speicher = Speicher(prozess.pid)
    aus, fehler = prozess.communicate()
    dauer = time.perf_counter() - start
    spitze = speicher.ende()
    if prozess.returncode:
        raise SystemExit(f"{befehl[:3]} ist fehlgeschlagen:\n{fehler[-2000:]}")
    return dauer, spitze, aus


def messen(faktor: int, arbeit: Path, runde: int = 0) -> dict:
    projekt = erzeugen(arbeit / f"projekt-{faktor}x-{runde}", faktor)
    peer = arbeit / f"peer-{faktor}x-{runde}"
    peer_zeit, _, _ = _laufen([sys.executable, "-c", PEER, str(projekt), str(peer)])
    shutil.rmtree(peer, ignore_errors=True)
    peer_trennen, _, _ = _laufen([sys.executable, "-c", PEER, str(projekt), str(peer), "trennen"])
    shutil.rmtree(projekt / ".berichtsgen-cache", ignore_errors=True)
    # the command an editor runs (the peer, too, is a script run from the shell)
    kalt = [sys.executable, "-m", "berichtsgen", "build", str(JAHR), "--projekt", str(projekt)]
    kalt_zeit, kalt_speicher, _ = _laufen(kalt)
    einstellungen = projekt / "berichtsgen.toml"
    text = einstellungen.read_text(encoding="utf-8")
    einstellungen.write_text(
        text.replace("[bericht]\n", "[bericht]\nsilbentrennung = false\n"), encoding="utf-8"
    )
    shutil.rmtree(projekt / ".berichtsgen-cache", ignore_errors=True)
    ohne_zeit, _, _ = _laufen(kalt)
    einstellungen.write_text(text, encoding="utf-8")
    _, _, aus = _laufen([sys.executable, "-c", WARM, str(projekt)])
    warm = json.loads(aus.strip().splitlines()[-1])
    return {
        "faktor": faktor,
        "peer": peer_zeit,
        "peer_trennen": peer_trennen,
        "kalt": kalt_zeit,
        "kalt_ohne": ohne_zeit,
        "warm": warm["gesamt"],
        "pdf": warm["zeiten"].get("pdf", 0.0),
        "zeiten": warm["zeiten"],
        "speicher_kalt": kalt_speicher,
        "speicher_warm": max(warm["speicher"].values()) if warm["speicher"] else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faktoren", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument(
        "--runden",
        type=int,
        default=1,
        help="so oft jede Messung; die Tabelle zeigt Mediane, dazu kalt / Vergleich je Runde",
    )
    argumente = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc fehlt (apt-get install pandoc)")
    os.environ.setdefault("MPLBACKEND", "Agg")
    zeilen = []
    with tempfile.TemporaryDirectory(prefix="berichtsgen-skalierung-") as ordner:
        for faktor in argumente.faktoren:
            runden = []
            for runde in range(argumente.runden):
                runden.append(messen(faktor, Path(ordner), runde))
                print(json.dumps(runden[-1]), file=sys.stderr, flush=True)
            zeilen.append(_mediane(runden))
    print(
        "| Umfang | Vergleichskette | mit Silbentrennung | berichtsgen kalt | kalt / Vergleich mit Trennung "
        "| kalt ohne Silbentrennung | ohne / Vergleich | warm nach Kapitel-Änderung "
        "| davon PDF | warm / PDF | max. RSS kalt (mit LibreOffice) | Python warm |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for z in zeilen:
        print(
            f"| {z['faktor']}x | {z['peer']:.1f} s | {z['peer_trennen']:.1f} s | {z['kalt']:.1f} s "
            f"| {z['kalt'] / z['peer_trennen']:.2f} "
            f"| {z['kalt_ohne']:.1f} s | {z['kalt_ohne'] / z['peer']:.2f} "
            f"| {z['warm']:.1f} s | {z['pdf']:.1f} s | {z['warm'] / max(z['pdf'], 0.01):.1f} "
            f"| {z['speicher_kalt']} MB | {z['speicher_warm']:.0f} MB |"
        )
    for z in zeilen:
        stufen = ", ".join(f"{k} {v:.2f} s" for k, v in z["zeiten"].items())
        print(f"\nwarm {z['faktor']}x: {stufen}")
        if len(z["quoten"]) > 1:
            quoten = ", ".join(f"{q:.2f}" for q in z["quoten"])
            print(
                f"{z['faktor']}x je Runde: kalt / Vergleich mit Trennung {quoten}; warm / PDF "
                + ", ".join(f"{q:.2f}" for q in z["warm_quoten"])
            )


def _mediane(runden: list[dict]) -> dict:
    """The median of every measurement over the rounds, and the ratios of each round."""
    z = {k: statistics.median(r[k] for r in runden) for k in runden[0] if k != "zeiten"}
    z["faktor"] = runden[0]["faktor"]
    z["zeiten"] = {k: statistics.median(r["zeiten"].get(k, 0.0) for r in runden) for k in runden[0]["zeiten"]}
    z["quoten"] = [r["kalt"] / r["peer_trennen"] for r in runden]
    z["warm_quoten"] = [r["warm"] / max(r["pdf"], 0.01) for r in runden]
    return z


if __name__ == "__main__":
    main()
