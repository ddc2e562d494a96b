"""Start next year's report from this year's: `berichtsgen new 2020 --from 2019`.

Copies the chapters, the abbreviations and the year's settings, moves the Stichtage of the data
sidecars forward by the years between, leaves the data itself to be supplied, and lists what the
editors and data staff must update.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .dateien import atomar_schreiben, schreibfehler, umask
from .fehler import EinstellungsFehler, Ort, verortet
from .projekt import KONFIGURATION, Projekt, projekt_laden

DATENENDUNGEN = (".csv", ".txt", ".xlsx", ".xlsm")


@dataclass
class Fortschreibung:
    """What `new` did and what is left to do."""

    angelegt: list[str] = field(default_factory=list)
    zu_tun: list[str] = field(default_factory=list)


def _jahre_verschieben(text: str, abstand: int) -> str:
    """Move every four-digit year (1900–2099) in `text` forward by `abstand`."""
    return re.sub(r"(?<!\d)(19|20)(\d\d)(?!\d)", lambda m: str(int(m.group(0)) + abstand), text)


def _toml_wert(wert: object) -> str:
    """A value of the settings as TOML writes it (strings escaped as JSON does, which TOML reads)."""
    if isinstance(wert, str):
        return json.dumps(wert, ensure_ascii=False)
    if isinstance(wert, bool):
        return "true" if wert else "false"
    if isinstance(wert, (int, float)):
        return str(wert)
    if isinstance(wert, (dt.date, dt.time)):  # datetime is a date
        return wert.isoformat()
    if isinstance(wert, list):
        return "[" + ", ".join(_toml_wert(w) for w in wert) + "]"
    if isinstance(wert, dict):
        return "{" + ", ".join(f"{_toml_schluessel(k)} = {_toml_wert(w)}" for k, w in wert.items()) + "}"
    raise TypeError(type(wert))  # pragma: no cover - tomllib returns nothing else


def _toml_schluessel(schluessel: str) -> str:
    return schluessel if re.fullmatch(r"[A-Za-z0-9_-]+", schluessel) else _toml_wert(schluessel)


def _lesen(alt: Projekt, datei: Path) -> bytes:
    """The content of a file of last year's report, which must lie inside the project (a link
    leading out is refused, as by the build) and be a regular file."""
    ort = Ort(datei)
    echt = alt.innerhalb(datei, ort)
    if not echt.is_file():
        raise EinstellungsFehler(
            f"„{alt.relativ(datei)}“ ist keine gewöhnliche Datei und lässt sich nicht fortschreiben.",
            ort,
            "Ersetzen Sie sie durch eine Textdatei oder entfernen Sie sie.",
        )
    try:
        return echt.read_bytes()
    except OSError:
        raise EinstellungsFehler(
            f"„{alt.relativ(datei)}“ lässt sich nicht lesen.", ort, "Prüfen Sie die Zugriffsrechte der Datei."
        ) from None


def _text(alt: Projekt, datei: Path, inhalt: bytes) -> str:
    try:
        return inhalt.decode("utf-8")
    except UnicodeDecodeError:
        raise EinstellungsFehler(
            f"„{alt.relativ(datei)}“ ist nicht als UTF-8 gespeichert.",
            Ort(datei),
            "Speichern Sie die Datei als UTF-8 und rufen Sie den Befehl erneut auf.",
        ) from None


def neues_jahr(projekt: str | Path, jahr: int, von: int) -> Fortschreibung:
    """Create `inhalte/JAHR` from `inhalte/VON` and return what was done and what is left.

    Everything is read and checked first; then the new folder is written under a temporary name
    and renamed into place, and berichtsgen.toml replaced in one step. An error at any point
    leaves the project exactly as it was.
    """
    alt = projekt_laden(projekt, von)
    with verortet(alt.wurzel):
        return _fortschreiben(alt, jahr, von)


def _fortschreiben(alt: Projekt, jahr: int, von: int) -> Fortschreibung:
    wurzel = alt.wurzel
    abstand = jahr - von
    ziel = wurzel / alt.einstellungen.inhalte / str(jahr)
    if ziel.exists() or ziel.is_symlink():
        raise EinstellungsFehler(
            f"Den Inhaltsordner „{alt.relativ(ziel)}“ gibt es schon.",
            None,
            "Löschen oder verschieben Sie ihn, wenn Sie neu beginnen wollen.",
        )
    if abstand <= 0:
        raise EinstellungsFehler(
            f"{jahr} liegt nicht nach {von}.", None, "Beispiel: berichtsgen new 2020 --from 2019"
        )
    alt.innerhalb(ziel.parent, Ort(alt.einstellungen.inhalte))  # the new folder lands inside too
    f = Fortschreibung()
    quelle = alt.inhaltsordner
    neu: dict[str, bytes] = {}  # what the new folder holds, by name in it

    for md in sorted(quelle.glob("*.md")):
        neu[md.name] = _lesen(alt, md)
        f.zu_tun.append(f"{alt.relativ(ziel / md.name)}: Text für {jahr} überarbeiten.")
    for datei in sorted(quelle.glob("*.csv")):  # editorial lists such as abkuerzungen.csv
        neu[datei.name] = _lesen(alt, datei)

    gemeinsam = wurzel / alt.einstellungen.daten
    for datei in sorted((quelle / "daten").glob("*")):
        if datei.suffix == ".toml":
            text = _text(alt, datei, _lesen(alt, datei))
            verschoben = re.sub(
                r'^(stichtag\s*=\s*")([^"]*)(")',
                lambda m: m.group(1) + _jahre_verschieben(m.group(2), abstand) + m.group(3),
                text,
                flags=re.M,
            )
            neu[f"daten/{datei.name}"] = verschoben.encode("utf-8")
            if verschoben != text:
                f.zu_tun.append(
                    f"{alt.relativ(ziel / 'daten' / datei.name)}: Stichtag vorgerückt, bitte prüfen."
                )
        elif datei.suffix.lower() in DATENENDUNGEN:
            f.zu_tun.append(
                f"{alt.relativ(ziel / 'daten' / datei.name)}: Daten für {jahr} liefern "
                f"(Vorjahr: {alt.relativ(datei)})."
            )
    for datei in sorted(gemeinsam.glob("*")) if gemeinsam.is_dir() else []:
        if datei.suffix.lower() in DATENENDUNGEN:
            f.zu_tun.append(f"{alt.relativ(datei)}: Zeitreihe um das neue Jahr ergänzen.")

    konfiguration = alt.innerhalb(wurzel / KONFIGURATION, Ort(KONFIGURATION))
    text = _text(alt, konfiguration, _lesen(alt, konfiguration))
    einstellungen, hinweis = _einstellungen_fortschreiben(text, jahr, von, abstand)
    f.zu_tun.append(hinweis)

    _ordner_schreiben(ziel, neu, alt)
    if einstellungen is not None:
        try:
            atomar_schreiben(konfiguration, einstellungen.encode("utf-8"))
        except BaseException as exc:  # a full disk, Ctrl-C: the new folder goes again, nothing changed
            shutil.rmtree(ziel, ignore_errors=True)
            if isinstance(exc, OSError):
                raise schreibfehler(
                    exc, KONFIGURATION, f"Der Bericht für {jahr} lässt sich nicht anlegen"
                ) from None
            raise
    f.angelegt = [alt.relativ(ziel / name) for name in neu]
    return f


def _ordner_schreiben(ziel: Path, dateien: dict[str, bytes], alt: Projekt) -> None:
    """Write the new year's folder whole: under a temporary name beside it, then renamed."""
    temp = None
    name = ""
    try:
        temp = Path(tempfile.mkdtemp(dir=ziel.parent, prefix=".berichtsgen-neu-"))
        os.chmod(temp, 0o777 & ~umask())  # not the private mode of mkdtemp
        (temp / "daten").mkdir()
        for name, inhalt in dateien.items():
            atomar_schreiben(temp / name, inhalt)
        name = ""
        os.rename(temp, ziel)
    except BaseException as exc:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise schreibfehler(
                exc,
                alt.relativ(ziel / name) if name else alt.relativ(ziel),
                f"Der Bericht für {ziel.name} lässt sich nicht anlegen",
            ) from None
        raise


def _einstellungen_fortschreiben(text: str, jahr: int, von: int, abstand: int) -> tuple[str | None, str]:
    """The settings with `[jahr.JAHR]` appended (last year's values, years moved forward), or None
    where it exists already; and what to check."""
    jahre = tomllib.loads(text).get("jahr", {})
    if str(jahr) in jahre:
        return None, f"{KONFIGURATION}: [jahr.{jahr}] gibt es schon, bitte prüfen."
    werte = jahre.get(str(von), {})
    zeilen = [f"\n[jahr.{jahr}]"]
    for schluessel, wert in werte.items():
        if isinstance(wert, str):
            wert = _jahre_verschieben(wert, abstand)
        zeilen.append(f"{_toml_schluessel(schluessel)} = {_toml_wert(wert)}")
    neu = text.rstrip("\n") + "\n" + "\n".join(zeilen) + "\n"
    try:
        tomllib.loads(neu)
    except tomllib.TOMLDecodeError:  # never write a broken settings file
        raise EinstellungsFehler(
            f"Die Einstellungen ließen sich nicht fortschreiben: [jahr.{jahr}] wäre kein gültiges TOML.",
            Ort(KONFIGURATION),
            f"Legen Sie [jahr.{jahr}] in berichtsgen.toml von Hand an.",
        ) from None
    return neu, f"{KONFIGURATION}: [jahr.{jahr}] angelegt ({', '.join(werte) or 'leer'}), bitte prüfen."
