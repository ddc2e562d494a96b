"""Start next year's report from this year's: `berichtsgen new 2020 --from 2019`.

Copies the chapters, the abbreviations and the year's settings, moves the Stichtage of the data
sidecars forward by the years between, leaves the data itself to be supplied, and lists what the
editors and data staff must update.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .fehler import EinstellungsFehler, Ort
from .projekt import KONFIGURATION, projekt_laden

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
    if isinstance(wert, str):
        return '"' + wert.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(wert, bool):
        return "true" if wert else "false"
    if isinstance(wert, (int, float)):
        return str(wert)
    if isinstance(wert, list):
        return "[" + ", ".join(_toml_wert(w) for w in wert) + "]"
    raise TypeError(type(wert))


def neues_jahr(projekt: str | Path, jahr: int, von: int) -> Fortschreibung:
    """Create `inhalte/JAHR` from `inhalte/VON` and return what was done and what is left."""
    alt = projekt_laden(projekt, von)
    wurzel = alt.wurzel
    abstand = jahr - von
    ziel = wurzel / alt.einstellungen.inhalte / str(jahr)
    if ziel.exists():
        raise EinstellungsFehler(
            f"Den Inhaltsordner „{alt.relativ(ziel)}“ gibt es schon.",
            None,
            "Löschen oder verschieben Sie ihn, wenn Sie neu beginnen wollen.",
        )
    if abstand <= 0:
        raise EinstellungsFehler(
            f"{jahr} liegt nicht nach {von}.", None, "Beispiel: berichtsgen new 2020 --from 2019"
        )
    f = Fortschreibung()
    quelle = alt.inhaltsordner
    (ziel / "daten").mkdir(parents=True)

    for md in sorted(quelle.glob("*.md")):
        shutil.copy2(md, ziel / md.name)
        f.angelegt.append(alt.relativ(ziel / md.name))
        f.zu_tun.append(f"{alt.relativ(ziel / md.name)}: Text für {jahr} überarbeiten.")
    for datei in sorted(quelle.glob("*.csv")):  # editorial lists such as abkuerzungen.csv
        shutil.copy2(datei, ziel / datei.name)
        f.angelegt.append(alt.relativ(ziel / datei.name))

    gemeinsam = wurzel / alt.einstellungen.daten
    for datei in sorted((quelle / "daten").glob("*")):
        if datei.suffix == ".toml":
            text = datei.read_text(encoding="utf-8")
            neu = re.sub(
                r'^(stichtag\s*=\s*")([^"]*)(")',
                lambda m: m.group(1) + _jahre_verschieben(m.group(2), abstand) + m.group(3),
                text,
                flags=re.M,
            )
            (ziel / "daten" / datei.name).write_text(neu, encoding="utf-8")
            f.angelegt.append(alt.relativ(ziel / "daten" / datei.name))
            if neu != text:
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

    f.zu_tun += _einstellungen_fortschreiben(wurzel / KONFIGURATION, jahr, von, abstand)
    return f


def _einstellungen_fortschreiben(datei: Path, jahr: int, von: int, abstand: int) -> list[str]:
    """Append `[jahr.JAHR]` with last year's values, years moved forward; return what to check."""
    text = datei.read_text(encoding="utf-8")
    jahre = tomllib.loads(text).get("jahr", {})
    if str(jahr) in jahre:
        return [f"{KONFIGURATION}: [jahr.{jahr}] gibt es schon, bitte prüfen."]
    werte = jahre.get(str(von), {})
    zeilen = [f"\n[jahr.{jahr}]"]
    for schluessel, wert in werte.items():
        if isinstance(wert, str):
            wert = _jahre_verschieben(wert, abstand)
        zeilen.append(f"{schluessel} = {_toml_wert(wert)}")
    datei.write_text(text.rstrip("\n") + "\n" + "\n".join(zeilen) + "\n", encoding="utf-8")
    try:
        tomllib.loads(datei.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError:  # never leave a broken settings file behind
        datei.write_text(text, encoding="utf-8")
        raise EinstellungsFehler(
            f"Die Einstellungen ließen sich nicht fortschreiben: [jahr.{jahr}] wäre kein gültiges TOML.",
            Ort(KONFIGURATION),
            f"Legen Sie [jahr.{jahr}] in berichtsgen.toml von Hand an.",
        ) from None
    return [f"{KONFIGURATION}: [jahr.{jahr}] angelegt ({', '.join(werte) or 'leer'}), bitte prüfen."]
