"""`berichtsgen watch`: rebuilds on every relevant change with a warm LibreOffice, one line per
rebuild, errors shown without stopping, the last good report kept."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from berichtsgen.beobachten import _Filter, beobachten
from hilfen import einzeilig


def _warten(zeilen: list[str], anzahl: int, sekunden: float = 60) -> list[str]:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        fertig = [z for z in zeilen if not z.startswith(("  ", "Beobachte"))]
        if len(fertig) >= anzahl:
            return fertig
        time.sleep(0.05)
    raise AssertionError(f"nach {sekunden} s nur: {zeilen}")


def _erscheint(zeilen: list[str], text: str, sekunden: float = 10) -> None:
    ende = time.monotonic() + sekunden
    while text not in "\n".join(zeilen):
        assert time.monotonic() < ende, f"„{text}“ fehlt in: {zeilen}"
        time.sleep(0.05)


def test_baut_bei_jeder_aenderung_neu_und_behaelt_den_letzten_guten_bericht(mini: Path, pdf_text):
    zeilen: list[str] = []
    stop = threading.Event()
    faden = threading.Thread(
        target=beobachten,
        args=(2024, mini),
        kwargs={"melde": zeilen.append, "stop": stop, "entprellen_ms": 200},
    )
    faden.start()
    try:
        assert "Erster Bau: gebaut in" in _warten(zeilen, 1)[0]
        pdf = mini / "ausgabe" / "2024" / "testbericht-2024.pdf"
        assert "7 Seiten" in zeilen[0] and "ausgabe/2024/testbericht-2024.pdf" in zeilen[0]

        kapitel = mini / "inhalte" / "2024" / "01-einleitung.md"
        text = kapitel.read_text(encoding="utf-8")
        kapitel.write_text(text + "\nEin neuer Satz aus der Redaktion.\n", encoding="utf-8")
        zeile = _warten(zeilen, 2)[1]
        assert zeile.split()[1:4] == ["01-einleitung.md", "geändert:", "gebaut"], zeile
        assert "Ein neuer Satz aus der Redaktion." in einzeilig("\n".join(pdf_text(pdf)))

        # outputs, the cache and Word's lock files do not start a build
        (mini / "ausgabe" / "2024" / "notiz.txt").write_text("x", encoding="utf-8")
        (mini / "inhalte" / "2024" / "~$einleitung.md").write_text("x", encoding="utf-8")
        time.sleep(1.0)
        assert len(_warten(zeilen, 2)) == 2

        gut = pdf.read_bytes()
        kapitel.write_text(
            text.replace('wert("einwohner_gesamt")', 'wert("einwohner_gesammt")'), encoding="utf-8"
        )
        zeile = _warten(zeilen, 3)[2]
        assert "Fehler, der letzte gute Bericht bleibt stehen" in zeile
        # one error on the same line, several each on an indented line of its own
        _erscheint(
            zeilen, "inhalte/2024/01-einleitung.md:5: Fehler: Wert „einwohner_gesammt“ ist nicht bekannt."
        )
        assert "Meinten Sie „einwohner_gesamt“?" in "\n".join(zeilen)
        assert pdf.read_bytes() == gut

        daten = mini / "inhalte" / "2024" / "daten" / "einwohner.csv"
        kapitel.write_text(text, encoding="utf-8")
        _warten(zeilen, 4)
        daten.write_bytes(daten.read_bytes().replace(b"12.345", b"12.346").replace(b"20.345", b"20.346"))
        zeile = _warten(zeilen, 5)[4]
        assert "einwohner.csv geändert: gebaut" in zeile
        assert "12.346" in einzeilig("\n".join(pdf_text(pdf)))
    finally:
        stop.set()
        faden.join(30)
    assert not faden.is_alive()


def test_filter():
    wurzel = Path("/projekt")
    f = _Filter(wurzel, wurzel / "ausgabe", Path("/laufwerk/vorlagen/stadt.docx"))
    assert f(None, "/projekt/inhalte/2024/01-kapitel.md")
    assert f(None, "/projekt/inhalte/2024/daten/sgb2.xlsx")
    assert f(None, "/projekt/berichtsgen.toml") and f(None, "/projekt/rechnen.py")
    assert f(None, "/laufwerk/vorlagen/stadt.docx")  # a template outside the project
    assert not f(None, "/laufwerk/vorlagen/andere.docx")
    assert not f(None, "/projekt/ausgabe/2024/bericht-2024.pdf")
    assert not f(None, "/projekt/ausgabe/2024/bericht-2024.docx")
    assert not f(None, "/projekt/.berichtsgen-cache/ab/cd.pkl")
    assert not f(None, "/projekt/inhalte/2024/~$kapitel.docx")
    assert not f(None, "/projekt/.~lock.vorlage.docx#")
    assert not f(None, "/projekt/inhalte/2024/.01-kapitel.md.swp")
    assert not f(None, "/projekt/__pycache__/rechnen.cpython-311.pyc")


def _leser(prozess: subprocess.Popen) -> queue.Queue:
    """The lines the process prints, read by a thread (so that waiting for one has a limit)."""
    zeilen: queue.Queue = queue.Queue()

    def lesen() -> None:
        for zeile in prozess.stdout:
            zeilen.put(zeile)

    threading.Thread(target=lesen, daemon=True).start()
    return zeilen


def _zeile(zeilen: queue.Queue, sekunden: float = 60) -> str:
    """The next line, or fail after `sekunden` (never hang the suite)."""
    try:
        return zeilen.get(timeout=sekunden)
    except queue.Empty:
        raise AssertionError(f"keine Ausgabe nach {sekunden} s") from None


def test_kommandozeile_endet_mit_strg_c(mini: Path):
    umgebung = dict(os.environ, PYTHONUNBUFFERED="1")
    prozess = subprocess.Popen(
        [sys.executable, "-m", "berichtsgen", "watch", "2024", "--format", "docx"],
        cwd=mini,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=umgebung,
    )
    try:
        zeilen = _leser(prozess)
        erste = _zeile(zeilen)
        assert "Erster Bau: gebaut in" in erste and "testbericht-2024.docx" in erste
        assert "Beobachte den Projektordner" in _zeile(zeilen)
        kapitel = mini / "inhalte" / "2024" / "02-handlungsfeld-a.md"
        kapitel.write_text(kapitel.read_text(encoding="utf-8") + "\nNoch ein Satz.\n", encoding="utf-8")
        assert "02-handlungsfeld-a.md geändert: gebaut" in _zeile(zeilen)
        prozess.send_signal(signal.SIGINT)
        prozess.wait(timeout=30)
        time.sleep(0.2)
        rest = "".join(zeilen.queue)
    finally:
        if prozess.poll() is None:
            prozess.kill()
    assert prozess.returncode == 130, rest  # 128 + SIGINT, as a shell reports Ctrl-C
    assert "Beobachtung beendet" in rest
    assert "KeyboardInterrupt" not in rest and "Traceback" not in rest
