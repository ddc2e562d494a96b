"""Hostile input on the computation cache, `berichtsgen new` and `berichtsgen init`, one row each.

The cache trusts nothing it did not write for this project (a planted, swapped or foreign entry is
computed again; a linked cache folder is not used, and nothing is deleted where it points). `new`
and `init` write whole or not at all: a link leading out of the project, a full disk or a
read-only folder ends in one German line, and every file stays as it was.
"""

from __future__ import annotations

import errno
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from test_robustheit import Fall, _verknuepfung, fall_ausfuehren

from berichtsgen import build
from berichtsgen.berechnung.zwischenspeicher import ORDNER, Zwischenspeicher

ROOTS = Path(__file__).resolve().parent.parent / "roots"
NEU = ("new", "2025", "--from", "2024")


@dataclass
class EingriffFall(Fall):
    """A case that also changes the system for the call (after preparing the project)."""

    eingriff: Callable[[Path, pytest.MonkeyPatch], None] | None = None


# --- the computation cache ------------------------------------------------------------------------


def _vorgebaut(p: Path) -> None:
    """Build once, so that the cache holds every entry of the mini project."""
    build(2024, p, formate=["docx"], ausgabe=p.parent / "vorbau")


class _Schadcode:
    """Loading this runs `open(marke, "w")`: proof that a planted entry ran code."""

    def __init__(self, marke: Path):
        self.marke = marke

    def __reduce__(self):
        return (open, (str(self.marke), "w"))


def _marke(p: Path) -> Path:
    return p.parent / "ausgefuehrt"


def _mit_leerem_schluessel_untergeschoben(p: Path) -> None:
    """The first write of the user's key failed (empty key file); every entry of a shared project
    is replaced by code, signed as exactly as an attacker can: with the empty key."""
    _vorgebaut(p)
    schluesseldatei = Path(os.environ["XDG_CACHE_HOME"]) / "berichtsgen" / "schluessel"
    schluesseldatei.write_bytes(b"")
    angreifer = Zwischenspeicher(p / ORDNER)
    angreifer._schluessel = b""
    daten = pickle.dumps(_Schadcode(_marke(p)))
    for datei in (p / ORDNER).glob("*/*"):
        datei.write_bytes(angreifer._signieren(datei.name, daten) + daten)


def _nichts_ausgefuehrt(p: Path, _ausgabe: str) -> None:
    assert not _marke(p).exists()
    schluessel = Path(os.environ["XDG_CACHE_HOME"]) / "berichtsgen" / "schluessel"
    assert len(schluessel.read_bytes()) == 32  # replaced


def _vertauscht(p: Path) -> None:
    """Every entry moved to the file of another: each validly signed, none where it belongs."""
    _vorgebaut(p)
    dateien = sorted((p / ORDNER).glob("*/*"))
    inhalte = [d.read_bytes() for d in dateien]
    for datei, inhalt in zip(dateien, inhalte[1:] + inhalte[:1], strict=True):
        datei.write_bytes(inhalt)


def _alles_berechnet(_p: Path, ausgabe: str) -> None:
    assert "aus dem Zwischenspeicher" not in ausgabe, ausgabe


def _dokumente(p: Path) -> Path:
    return p.parent / "dokumente"


def _cache_verknuepft(p: Path) -> None:
    """A committed link `.berichtsgen-cache` → a folder with a user's documents: an old letter and
    a large (sparse) file, so that a size bound counting it would delete the letter."""
    dokumente = _dokumente(p)
    (dokumente / "briefe").mkdir(parents=True)
    (dokumente / "briefe" / "brief.txt").write_text("Sehr geehrte Damen und Herren", encoding="utf-8")
    os.utime(dokumente / "briefe" / "brief.txt", (0, 0))
    (dokumente / "filme").mkdir()
    with open(dokumente / "filme" / "urlaub.mp4", "wb") as f:
        f.truncate(600 * 2**20)
    (p / ORDNER).symlink_to(dokumente)


def _dokumente_unberuehrt(p: Path, _ausgabe: str) -> None:
    dokumente = _dokumente(p)
    assert sorted(d.relative_to(dokumente).as_posix() for d in dokumente.rglob("*")) == [
        "briefe",
        "briefe/brief.txt",
        "filme",
        "filme/urlaub.mp4",
    ]
    assert (dokumente / "briefe" / "brief.txt").read_text(encoding="utf-8") == "Sehr geehrte Damen und Herren"


# --- new and init ---------------------------------------------------------------------------------


def _nichts_fortgeschrieben(p: Path, _ausgabe: str) -> None:
    """`new` changed nothing: no year folder, no temporary folder or file, the settings as before."""
    assert not (p / "inhalte" / "2025").exists()
    assert sorted(d.name for d in (p / "inhalte").iterdir()) == ["2024"]
    assert (p / "berichtsgen.toml").read_bytes() == (ROOTS / "mini" / "berichtsgen.toml").read_bytes()
    assert not [d.name for d in p.iterdir() if d.name.endswith(".neu")]


def _voll(bei: bytes | None = None) -> Callable[[Path, pytest.MonkeyPatch], None]:
    """The disk fills up: every write (or the first write of data containing `bei`) fails."""

    def eingriff(_p: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        echt = os.write

        def schreiben(fd: int, daten) -> int:
            if bei is None or bei in bytes(daten):
                raise OSError(errno.ENOSPC, "No space left on device")
            return echt(fd, daten)

        monkeypatch.setattr(os, "write", schreiben)

    return eingriff


def _schreibgeschuetzt(relativ: str) -> Callable[[Path, pytest.MonkeyPatch], None]:
    """The folder `relativ` of the project (and everything below) is read-only: creating, opening
    for writing and renaming into it fail as for a user without the right (tests run as root,
    whom chmod does not stop)."""

    def eingriff(p: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        gesperrt = (p / relativ).resolve()

        def pruefen(pfad, dir_fd=None) -> None:
            if dir_fd is None and Path(os.path.abspath(pfad)).parent.is_relative_to(gesperrt):
                raise PermissionError(errno.EACCES, "Permission denied", str(pfad))

        def sperren(echt, schreibend: Callable[[tuple], bool] = lambda _a: True):
            def ersatz(pfad, *args, **kwargs):
                if schreibend(args):
                    pruefen(pfad, kwargs.get("dir_fd"))
                return echt(pfad, *args, **kwargs)

            return ersatz

        monkeypatch.setattr(os, "mkdir", sperren(os.mkdir))
        monkeypatch.setattr(
            os, "open", sperren(os.open, lambda a: bool(a[0] & (os.O_CREAT | os.O_WRONLY | os.O_RDWR)))
        )
        for name in ("replace", "rename"):
            echt = getattr(os, name)
            monkeypatch.setattr(
                os, name, lambda alt, neu, _e=echt, **kw: (pruefen(neu), _e(alt, neu, **kw))[1]
            )

    return eingriff


def _leerer_ordner(p: Path) -> None:
    (p / "leer").mkdir()


def _nichts_angelegt(relativ: str, leer_da: bool = False) -> Callable[[Path, str], None]:
    """`init` left nothing: no folder `relativ` (or, with `leer_da`, the empty folder it was)."""

    def pruefen(p: Path, _ausgabe: str) -> None:
        ordner = p / relativ
        if leer_da:
            assert list(ordner.iterdir()) == []
        else:
            assert not ordner.exists()

    return pruefen


FAELLE = [
    # --- the cache trusts nothing it did not write for this project -------------------------------
    Fall(
        "cache-leerer-schluessel-untergeschoben",
        _mit_leerem_schluessel_untergeschoben,
        r"Geschrieben: ausgabe/2024/testbericht-2024\.docx",
        code=0,
        pruefen=_nichts_ausgefuehrt,
    ),
    Fall(
        "cache-eintraege-vertauscht",
        _vertauscht,
        r"Geschrieben: ausgabe/2024/testbericht-2024\.docx",
        code=0,
        pruefen=_alles_berechnet,
    ),
    Fall(
        "cache-ordner-verknuepft",
        _cache_verknuepft,
        r"\.berichtsgen-cache: Hinweis: Der Zwischenspeicher ist eine Verknüpfung \(führt nach .*\) und wird "
        r"nicht benutzt; gebaut wird ohne Zwischenspeicher\. Löschen Sie die Verknüpfung",
        code=0,
        pruefen=_dokumente_unberuehrt,
    ),
    # --- new: nothing from outside the project, whole or not at all --------------------------------
    Fall(
        "new-kapitel-verknuepft-nach-aussen",
        _verknuepfung("inhalte/2024/09-fremd.md"),
        r"inhalte/2024/09-fremd\.md: Fehler: Pfad „inhalte/2024/09-fremd\.md“ liegt außerhalb des "
        r"Projekts \(führt nach /etc/hostname\)\. Verwenden Sie nur Dateien innerhalb des Projektordners",
        befehl=NEU,
        pruefen=_nichts_fortgeschrieben,
    ),
    Fall(
        "new-abkuerzungen-verknuepft-nach-aussen",
        _verknuepfung("inhalte/2024/abkuerzungen.csv"),
        r"inhalte/2024/abkuerzungen\.csv: Fehler: .*außerhalb des Projekts",
        befehl=NEU,
        pruefen=_nichts_fortgeschrieben,
    ),
    Fall(
        "new-begleitdatei-verknuepft-nach-aussen",
        _verknuepfung("inhalte/2024/daten/einwohner.toml"),
        r"inhalte/2024/daten/einwohner\.toml: Fehler: .*außerhalb des Projekts",
        befehl=NEU,
        pruefen=_nichts_fortgeschrieben,
    ),
    EingriffFall(
        "new-datentraeger-voll",
        lambda p: None,
        r"inhalte/2025/01-einleitung\.md: Fehler: Der Bericht für 2025 lässt sich nicht anlegen: der "
        r"Datenträger ist voll\. Schaffen Sie Platz und rufen Sie den Befehl erneut auf; verändert wurde nichts\.",
        befehl=NEU,
        pruefen=_nichts_fortgeschrieben,
        eingriff=_voll(),
    ),
    EingriffFall(
        "new-datentraeger-voll-bei-den-einstellungen",
        lambda p: None,
        r"^berichtsgen\.toml: Fehler: Der Bericht für 2025 lässt sich nicht anlegen: der Datenträger ist "
        r"voll\. Schaffen Sie Platz",
        befehl=NEU,
        pruefen=_nichts_fortgeschrieben,
        eingriff=_voll(bei=b"[jahr.2025]"),
    ),
    # --- init: a read-only folder -------------------------------------------------------------------
    EingriffFall(
        "init-in-schreibgeschuetzten-ordner",
        lambda p: None,
        r"^neu: Fehler: Das Projekt lässt sich nicht anlegen: es fehlen Schreibrechte\. Wählen Sie einen "
        r"Ordner, in den Sie schreiben dürfen; verändert wurde nichts\.",
        befehl=("init", "neu", "--jahr", "2025"),
        projekt_option=False,
        pruefen=_nichts_angelegt("neu"),
        eingriff=_schreibgeschuetzt("."),
    ),
    EingriffFall(
        "init-in-schreibgeschuetzten-leeren-ordner",
        _leerer_ordner,
        r"^leer/berechnungen\.py: Fehler: Das Projekt lässt sich nicht anlegen: es fehlen Schreibrechte\.",
        befehl=("init", "leer", "--jahr", "2025"),
        projekt_option=False,
        pruefen=_nichts_angelegt("leer", leer_da=True),
        eingriff=_schreibgeschuetzt("leer"),
    ),
    EingriffFall(
        "init-datentraeger-voll-mittendrin",
        lambda p: None,
        r"^neu/vorlagen/standard\.docx: Fehler: Das Projekt lässt sich nicht anlegen: der Datenträger ist voll\.",
        befehl=("init", "neu", "--jahr", "2025"),
        projekt_option=False,
        pruefen=_nichts_angelegt("neu"),
        eingriff=_voll(bei=b"word/document.xml"),
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_zwischenspeicher_neu(fall: Fall, mini: Path, cli, zeitlimit, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(mini.parent / "xdg"))  # the user's key of this test
    if isinstance(fall, EingriffFall) and fall.eingriff is not None:
        vorbereiten, eingriff = fall.vorbereiten, fall.eingriff

        def danach(p: Path) -> None:
            vorbereiten(p)
            eingriff(p, monkeypatch)

        fall = replace(fall, vorbereiten=danach)
    fall_ausfuehren(fall, mini, cli, monkeypatch)
