"""Whatever ends a build – a hanging, frozen, killed or missing LibreOffice, SIGTERM, SIGKILL or
Ctrl-C of berichtsgen, a closed pipe, a file size limit, no write permission – it ends within
seconds with one German line, the last good report untouched, and no LibreOffice process, profile
or work folder left behind. berichtsgen runs as a real process here."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from hilfen import einstellen

pytestmark = pytest.mark.e2e

ALT = {
    "testbericht-2024.docx": b"letzter guter Bericht (DOCX)",
    "testbericht-2024.pdf": b"%PDF letzter guter Bericht",
}
AUFRUF = [sys.executable, "-c", "from berichtsgen.cli import main; main()"]


def _prozesse(merkmal: str) -> list[int]:
    """Processes whose command line contains `merkmal`."""
    gefunden = []
    for prozess in Path("/proc").glob("[0-9]*"):
        try:
            befehl = (prozess / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if merkmal in befehl and int(prozess.name) != os.getpid():
            gefunden.append(int(prozess.name))
    return gefunden


_VORHER: set[str] = set()
"""What ran before the test: the warm LibreOffice of the end-to-end tests is nobody's leftover."""


def _reste(projekt: Path) -> list[str]:
    """LibreOffice processes, workers, profiles and work folders of berichtsgen that the test left."""
    reste = [f"Prozess {p}" for p in _prozesse("berichtsgen-lo-") + _prozesse("_uno_worker")]
    reste += [str(p) for p in Path(tempfile.gettempdir()).glob("berichtsgen-lo-*")]
    reste += [str(p) for p in (projekt / "ausgabe").rglob(".berichtsgen-*")]
    return [r for r in reste if r not in _VORHER]


def _warten_bis_weg(projekt: Path, sekunden: float = 8.0) -> list[str]:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        if not _reste(projekt):
            return []
        time.sleep(0.2)
    return _reste(projekt)


@pytest.fixture
def projekt(mini: Path) -> Path:
    """The mini project with a last good report in its output folder."""
    _VORHER.clear()
    _VORHER.update(_reste(mini))
    ausgabe = mini / "ausgabe" / "2024"
    ausgabe.mkdir(parents=True)
    for name, inhalt in ALT.items():
        (ausgabe / name).write_bytes(inhalt)
    return mini


def _lang(projekt: Path) -> None:
    """Make the PDF stage take a few seconds (some 40 pages), so that it can be interrupted."""
    absatz = "Ein Absatz mit etwas Text, damit die Seiten voll werden und LibreOffice zu tun hat. " * 12
    teile = "".join(f"## Abschnitt {i}\n\n{absatz}\n\n{absatz}\n\n" for i in range(60))
    (projekt / "inhalte/2024/03-lang.md").write_text("---\ntitel: Lang\n---\n\n" + teile, encoding="utf-8")


def _alt_unveraendert(projekt: Path) -> bool:
    ausgabe = projekt / "ausgabe" / "2024"
    return {d.name: d.read_bytes() for d in ausgabe.iterdir() if d.is_file()} == ALT


def _starten(projekt: Path, *args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [*AUFRUF, "build", "2024", "--projekt", str(projekt), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        **kw,
    )


def _bis_pdf_stufe(prozess: subprocess.Popen, zeitlimit: float = 60) -> str:
    """Read progress lines until the PDF stage begins; return them."""
    gelesen = ""
    ende = time.monotonic() + zeitlimit
    while time.monotonic() < ende:
        zeile = prozess.stderr.readline()
        gelesen += zeile
        if "PDF wird mit LibreOffice erzeugt" in zeile or not zeile:
            return gelesen
    raise AssertionError("PDF-Stufe nicht erreicht: " + gelesen)


def _falsches_soffice(tmp_path: Path, skript: str) -> str:
    datei = tmp_path / "soffice-attrappe"
    datei.write_text("#!/bin/sh\n" + skript + "\n", encoding="utf-8")
    datei.chmod(0o755)
    return str(datei)


def _deutsch_ohne_traceback(text: str) -> None:
    assert "Traceback" not in text and "Interner Fehler" not in text, text


def test_soffice_haengt_beim_start(projekt: Path, tmp_path: Path):
    """A soffice that never answers: reported after pdf_zeitlimit (+2 s at most), killed with its group."""
    einstellen(projekt, "pdf_zeitlimit = 3")
    attrappe = _falsches_soffice(tmp_path, "sleep 300")
    prozess = _starten(projekt, env={"BERICHTSGEN_SOFFICE": attrappe})
    _bis_pdf_stufe(prozess)
    beginn = time.monotonic()  # from here LibreOffice has pdf_zeitlimit seconds to answer
    _aus, fehler = prozess.communicate(timeout=60)
    dauer = time.monotonic() - beginn
    assert prozess.returncode == 1 and "LibreOffice hat nach 3 Sekunden nicht geantwortet" in fehler, fehler
    _deutsch_ohne_traceback(fehler)
    assert dauer < 3 + 2, dauer
    assert _warten_bis_weg(projekt, 3) == [] and _prozesse(attrappe) == []
    assert _alt_unveraendert(projekt)


def test_soffice_startet_nicht(projekt: Path, tmp_path: Path):
    attrappe = _falsches_soffice(tmp_path, "exit 1")
    prozess = _starten(projekt, env={"BERICHTSGEN_SOFFICE": attrappe})
    _aus, fehler = prozess.communicate(timeout=60)
    assert prozess.returncode == 1 and "LibreOffice startet nicht" in fehler, fehler
    _deutsch_ohne_traceback(fehler)
    assert _warten_bis_weg(projekt, 3) == [] and _alt_unveraendert(projekt)


def _soffice_des_baus() -> list[int]:
    return [p for p in _prozesse("berichtsgen-lo-") if b"soffice" in Path(f"/proc/{p}/cmdline").read_bytes()]


def test_soffice_friert_ein(projekt: Path, libreoffice):
    """LibreOffice stopped (SIGSTOP) during the PDF stage: the build ends after pdf_zeitlimit."""
    einstellen(projekt, "pdf_zeitlimit = 6")
    prozess = _starten(projekt)
    _bis_pdf_stufe(prozess)
    ende = time.monotonic() + 20
    while not _soffice_des_baus() and time.monotonic() < ende:
        time.sleep(0.05)
    gestoppt = time.monotonic()
    for pid in _soffice_des_baus():
        os.kill(pid, signal.SIGSTOP)
    _aus, fehler = prozess.communicate(timeout=60)
    assert time.monotonic() - gestoppt < 6 + 2 + 1
    assert prozess.returncode == 1 and "nicht geantwortet" in fehler, fehler
    _deutsch_ohne_traceback(fehler)
    assert _warten_bis_weg(projekt, 3) == [] and _alt_unveraendert(projekt)


def test_soffice_wird_getoetet(projekt: Path):
    _lang(projekt)
    prozess = _starten(projekt)
    _bis_pdf_stufe(prozess)
    ende = time.monotonic() + 20
    while not _soffice_des_baus() and time.monotonic() < ende:
        time.sleep(0.05)
    time.sleep(0.3)
    for pid in _soffice_des_baus():
        os.kill(pid, signal.SIGKILL)
    _aus, fehler = prozess.communicate(timeout=60)
    assert prozess.returncode == 1 and "LibreOffice" in fehler, fehler
    _deutsch_ohne_traceback(fehler)
    assert _warten_bis_weg(projekt, 3) == [] and _alt_unveraendert(projekt)


@pytest.mark.parametrize("signal_nummer", [signal.SIGTERM, signal.SIGINT])
def test_abbruch_von_berichtsgen_waehrend_der_pdf_stufe(projekt: Path, signal_nummer: int):
    """SIGTERM or Ctrl-C: "Abgebrochen.", exit 143 or 130, LibreOffice and the work folder gone."""
    _lang(projekt)
    prozess = _starten(projekt)
    _bis_pdf_stufe(prozess)
    time.sleep(0.5)
    prozess.send_signal(signal_nummer)
    _aus, fehler = prozess.communicate(timeout=30)
    assert prozess.returncode == 128 + signal_nummer and "Abgebrochen." in fehler, fehler
    _deutsch_ohne_traceback(fehler)
    assert _warten_bis_weg(projekt, 3) == [] and _alt_unveraendert(projekt)


def test_sigkill_von_berichtsgen_und_der_naechste_bau(projekt: Path, cli):
    """SIGKILL cannot be caught: LibreOffice dies with its worker within seconds, the work folder
    stays until the next build removes it."""
    _lang(projekt)
    prozess = _starten(projekt)
    _bis_pdf_stufe(prozess)
    time.sleep(0.5)
    prozess.kill()
    prozess.communicate(timeout=30)
    ende = time.monotonic() + 6
    while [r for r in _reste(projekt) if ".berichtsgen-" not in r] and time.monotonic() < ende:
        time.sleep(0.2)
    # the worker killed LibreOffice and removed the profile; the work folder stays (killed)
    assert [r for r in _reste(projekt) if ".berichtsgen-" not in r] == []
    assert list((projekt / "ausgabe/2024").glob(".berichtsgen-*"))
    assert _alt_unveraendert(projekt)
    assert cli("build", "2024", "--projekt", str(projekt), "--format", "docx").code == 0
    assert list((projekt / "ausgabe/2024").glob(".berichtsgen-*")) == []


def test_geschlossene_pipe_haelt_den_bau_nicht_auf(projekt: Path):
    """`berichtsgen build … 2>&1 | head -1`: the build goes on and writes its files."""
    prozess = _starten(projekt, "--format", "docx")
    prozess.stderr.readline()
    prozess.stderr.close()  # the reader has gone
    prozess.wait(timeout=60)
    assert prozess.returncode == 0
    assert (projekt / "ausgabe/2024/testbericht-2024.docx").read_bytes() != ALT["testbericht-2024.docx"]


def test_dateigroessen_grenze(projekt: Path):
    """A file size limit (ulimit -f) below the report's size: one German line, nothing on the terminal."""

    def grenze():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    prozess = _starten(projekt, "--format", "docx", preexec_fn=grenze)
    aus, fehler = prozess.communicate(timeout=60)
    assert prozess.returncode == 1, fehler
    assert "Der Bericht lässt sich nicht schreiben: die Datei wäre größer, als das System erlaubt" in fehler
    _deutsch_ohne_traceback(aus + fehler)
    assert _warten_bis_weg(projekt, 3) == [] and _alt_unveraendert(projekt)


def test_ausgabeordner_ohne_schreibrecht(projekt: Path):
    """An output folder berichtsgen may not write to. As root, every folder is writable: there
    /sys stands in (writing there is not permitted)."""
    ausgabe = projekt / "ausgabe" / "2024"
    if os.getuid() == 0:
        args, ziel = ("--ausgabe", "/sys/berichtsgen-test"), None
    else:
        args, ziel = (), ausgabe
        ausgabe.chmod(0o555)
    try:
        prozess = _starten(projekt, "--format", "docx", *args)
        aus, fehler = prozess.communicate(timeout=60)
    finally:
        if ziel is not None:
            ziel.chmod(0o755)
    assert prozess.returncode == 1, fehler
    assert "Der Bericht lässt sich nicht schreiben: es fehlen Schreibrechte" in fehler, fehler
    _deutsch_ohne_traceback(aus + fehler)
    assert _alt_unveraendert(projekt)


def test_zwei_baue_gleichzeitig(projekt: Path):
    """Two builds of one project at once both succeed: neither removes the other's work folder
    or LibreOffice profile (each holds its lock)."""
    _lang(projekt)
    erster, zweiter = _starten(projekt), _starten(projekt)
    for prozess in (erster, zweiter):
        _aus, fehler = prozess.communicate(timeout=120)
        assert prozess.returncode == 0, fehler
    assert _warten_bis_weg(projekt, 3) == []
    assert (projekt / "ausgabe/2024/testbericht-2024.pdf").read_bytes().startswith(b"%PDF-")


# --- Ctrl-C and SIGTERM while a data function runs: build, build --alle, watch -------------------

SCHLAEFT = (
    "import os, pathlib, time; "
    "pathlib.Path({marke!r}, f'laeuft-{{os.getpid()}}').write_text('x'); time.sleep(120)"
)
"""A table function that says it runs (a marker file per process), then sleeps for two minutes."""


def _schlaefrig(modul: Path, zeile: str, marke: Path) -> None:
    """Make the table function whose body is `zeile` sleep (see SCHLAEFT)."""
    text = modul.read_text(encoding="utf-8")
    assert zeile in text
    einzug = text.split(zeile)[0].rsplit("\n", 1)[1]
    modul.write_text(text.replace(zeile, SCHLAEFT.format(marke=str(marke)) + "\n" + einzug + zeile), "utf-8")


def _warten_auf(marke: Path, anzahl: int, sekunden: float = 90) -> None:
    ende = time.monotonic() + sekunden
    while len(list(marke.glob("laeuft-*"))) < anzahl:
        assert time.monotonic() < ende, f"keine {anzahl} laufenden Funktionen nach {sekunden} s"
        time.sleep(0.1)


def _sitzung(pid: int) -> list[int]:
    """The processes of session `pid` (berichtsgen and every child it forked), but not `pid`."""
    gefunden = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            felder = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(felder[3]) == pid and int(stat.parent.name) != pid and felder[0] != "Z":
            gefunden.append(int(stat.parent.name))
    return gefunden


def _beenden_und_pruefen(prozess: subprocess.Popen, signal_nummer: int, projekt: Path) -> str:
    """Send the signal; the command must end within 15 s with 128 + signal, "Abgebrochen.",
    no failed function or report, and nothing of its own left running."""
    gesendet = time.monotonic()
    prozess.send_signal(signal_nummer)
    aus, fehler = prozess.communicate(timeout=60)
    dauer = time.monotonic() - gesendet
    text = aus + fehler
    assert prozess.returncode == 128 + signal_nummer, text
    assert dauer < 15, (dauer, text)
    _deutsch_ohne_traceback(text)
    for falsch in ("abgebrochen (Python", "fehlgeschlagen", "Fehler:", "KeyboardInterrupt", "Abgebrochen("):
        assert falsch not in text, text
    ende = time.monotonic() + 8
    while _sitzung(prozess.pid) and time.monotonic() < ende:
        time.sleep(0.2)
    assert _sitzung(prozess.pid) == [], "Prozesse des Baus laufen weiter"
    assert _warten_bis_weg(projekt, 3) == []
    return text


@pytest.mark.parametrize("signal_nummer", [signal.SIGTERM, signal.SIGINT])
def test_abbruch_waehrend_einer_funktion(projekt: Path, tmp_path: Path, signal_nummer: int):
    """A signal while a data function runs ends the build at once: no "Funktion … abgebrochen"."""
    _schlaefrig(projekt / "rechnen.py", 'return k.daten("einwohner.csv")', tmp_path)
    prozess = _starten(projekt, "--format", "docx", start_new_session=True)
    _warten_auf(tmp_path, 1)
    text = _beenden_und_pruefen(prozess, signal_nummer, projekt)
    assert "Abgebrochen. Der letzte vollständige Bericht ist unverändert." in text
    assert _alt_unveraendert(projekt)


def test_abbruch_waehrend_zwei_diagramme_gezeichnet_werden(projekt: Path, tmp_path: Path):
    """SIGTERM while two chart processes draw slow charts: the build does not wait for them."""
    zeile = 'df = k.daten("einwohner.csv").iloc[:2]'
    _schlaefrig(projekt / "rechnen.py", zeile, tmp_path)
    modul = projekt / "rechnen.py"
    text = modul.read_text(encoding="utf-8")
    anfang = text.index("@diagramm(")
    ende = text.index("\n@", anfang + 1) if "\n@" in text[anfang + 1 :] else len(text)
    zweites = text[anfang:ende].replace('"einwohner_bild"', '"zweites_bild"', 1)
    modul.write_text(text + "\n\n" + zweites.replace("def einwohner_bild", "def zweites_bild"), "utf-8")
    kapitel = projekt / "inhalte/2024/01-einleitung.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8") + "\n```{diagramm} zweites_bild\n:quelle: Eigene\n```\n", "utf-8"
    )
    prozess = _starten(projekt, "--format", "docx", start_new_session=True, env={"BERICHTSGEN_PROZESSE": "2"})
    _warten_auf(tmp_path, 2)
    text = _beenden_und_pruefen(prozess, signal.SIGTERM, projekt)
    assert "Abgebrochen." in text and _alt_unveraendert(projekt)


@pytest.mark.parametrize("signal_nummer", [signal.SIGTERM, signal.SIGINT])
def test_abbruch_einer_reihe(tmp_path: Path, signal_nummer: int):
    """`build --alle` on two worker processes, both in a data function: the signal ends the whole
    series within seconds, no report is listed as failed, no worker or LibreOffice stays."""
    import shutil

    reihe = tmp_path / "reihe"
    shutil.copytree(Path(__file__).resolve().parents[1] / "roots" / "reihe", reihe)
    zeile = 'return _zeile(k)[["Gebiet", "Bedarfsgemeinschaften", "Personen", "Quote (in %)"]]'
    marke = tmp_path / "marken"
    marke.mkdir()
    _schlaefrig(reihe / "profil.py", zeile, marke)
    prozess = subprocess.Popen(
        [*AUFRUF, "build", "2023", "--projekt", str(reihe), "--alle", "--prozesse", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _warten_auf(marke, 2)
    text = _beenden_und_pruefen(prozess, signal_nummer, reihe)
    assert "Abgebrochen." in text
    assert list((reihe / "ausgabe").rglob("*.docx")) == []


@pytest.mark.parametrize("signal_nummer", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("wann", ["beim Warten", "während eines Baus"])
def test_abbruch_von_watch(projekt: Path, tmp_path: Path, signal_nummer: int, wann: str):
    """watch ends with 130/143 on Ctrl-C or SIGTERM, while it waits and while it builds."""
    if wann == "während eines Baus":
        _schlaefrig(projekt / "rechnen.py", 'return k.daten("einwohner.csv")', tmp_path)
    prozess = subprocess.Popen(
        [*AUFRUF, "watch", "2024", "--projekt", str(projekt), "--format", "docx"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    if wann == "während eines Baus":
        _warten_auf(tmp_path, 1)
    else:
        assert "Erster Bau: gebaut" in prozess.stdout.readline()
        assert "Beobachte den Projektordner" in prozess.stdout.readline()
    text = _beenden_und_pruefen(prozess, signal_nummer, projekt)
    assert "Beobachtung beendet" in text
    if wann == "während eines Baus":
        assert _alt_unveraendert(projekt)


def test_datentraeger_voll_in_der_pdf_stufe(projekt: Path):
    """The output folder fills up while LibreOffice writes the PDF (a 120 KiB file system: the
    Word file fits, the PDF does not): one German line saying so, the last good report untouched,
    no work folder, profile or LibreOffice temporary file left."""
    ausgabe = projekt / "ausgabe" / "2024"
    montiert = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=120k", "tmpfs", str(ausgabe)])
    if montiert.returncode != 0:  # CI runs as root: there the test must run
        (pytest.fail if os.environ.get("CI") else pytest.skip)("kein tmpfs einhängbar (braucht root)")
    try:
        for name, inhalt in ALT.items():
            (ausgabe / name).write_bytes(inhalt)
        lo_temp_vorher = set(Path(tempfile.gettempdir()).glob("lu*.tmp"))
        prozess = _starten(projekt)
        aus, fehler = prozess.communicate(timeout=120)
        assert prozess.returncode == 1, fehler
        assert (
            f"Fehler: LibreOffice konnte das PDF nicht schreiben: der Datenträger ist voll (frei in {ausgabe}:"
            in fehler
        ), fehler
        _deutsch_ohne_traceback(aus + fehler)
        assert _warten_bis_weg(projekt, 3) == [] and _alt_unveraendert(projekt)
        assert set(Path(tempfile.gettempdir()).glob("lu*.tmp")) - lo_temp_vorher == set()
    finally:
        subprocess.run(["umount", "-l", str(ausgabe)])
