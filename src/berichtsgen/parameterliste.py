"""The parameter list of a series: the section `[parameter]` of berichtsgen.toml, read into one
`Parameter` row per report, and the checks on it (names, the output file each row names).

A module of its own because the verbs (`bau`) and the series (`serie`) both need it: the series
builds with the verbs, the verbs refuse or check a project that describes a series.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .angaben import PARAMETERLISTE
from .fehler import EinstellungsFehler, Ort, melden, vorschlag
from .projekt import KONFIGURATION, Parameter, Projekt, herkunft, parameter_pruefen, vergleichsname

BEISPIEL = '[parameter]\ndatei = "stadtteile.csv"'


def parameterliste(p: Projekt) -> list[Parameter]:
    """Return the parameter list of the project's section [parameter] (empty without one)."""
    serie = p.serie
    ort = Ort(KONFIGURATION)
    if not serie:
        return []
    melden(  # every unknown entry at once
        [
            EinstellungsFehler(
                f"Unbekannte Einstellung „{name}“ in [parameter].", ort, "Möglich: datei oder liste."
            )
            for name in sorted(set(serie) - set(PARAMETERLISTE))
        ]
    )
    if ("datei" in serie) == ("liste" in serie):
        raise EinstellungsFehler(
            "[parameter] braucht entweder „datei“ oder „liste“.", ort, f"Beispiel:\n{BEISPIEL}"
        )
    if "liste" in serie:
        zeilen = serie["liste"]
        if not isinstance(zeilen, list) or not all(isinstance(z, dict) for z in zeilen):
            raise EinstellungsFehler(
                "„liste“ in [parameter] muss eine Liste von Tabellen sein.",
                ort,
                'Beispiel: liste = [{ stadtteil = "Opladen" }, { stadtteil = "Wiesdorf" }]',
            )
        stellen = _zeilen_der_liste(p)
        liste = [
            _zeile(z, Ort(KONFIGURATION, stellen[i]) if i < len(stellen) else ort)
            for i, z in enumerate(zeilen)
        ]
    else:
        liste = _aus_datei(p, serie["datei"], ort)
    if not liste:
        raise EinstellungsFehler("Die Parameterliste ist leer.", ort, "Jede Zeile beschreibt einen Bericht.")
    return liste


def _zeile(roh: Mapping[str, Any], ort: Ort) -> Parameter:
    for name, wert in roh.items():
        if not str(name).isidentifier():
            raise EinstellungsFehler(
                f"„{name}“ ist als Parametername nicht möglich.",
                ort,
                "Parameternamen bestehen aus Buchstaben, Ziffern und _, etwa stadtteil oder bezirk_nr.",
            )
        if not isinstance(wert, (str, int, float)) or isinstance(wert, bool):
            raise EinstellungsFehler(f"Parameter „{name}“ muss ein Text oder eine Zahl sein.", ort)
    parameter_pruefen(roh, ort)
    return Parameter(roh, herkunft=ort)


def _zeilen_der_liste(p: Projekt) -> list[int]:
    """The line of each row `{ … }` of `liste = [ … ]` in berichtsgen.toml (for messages)."""
    import re

    try:
        text = (p.wurzel / KONFIGURATION).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    beginn = re.search(r"(?m)^[ \t]*liste[ \t]*=[ \t]*\[", text)
    if beginn is None:
        return []
    zeilen, zeichenkette, tiefe, i = [], "", 0, beginn.end()
    while i < len(text):
        z = text[i]
        if zeichenkette:
            if z == "\\" and zeichenkette == '"':
                i += 1
            elif z == zeichenkette:
                zeichenkette = ""
        elif z in "\"'":
            zeichenkette = z
        elif z == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        elif z == "{":
            if tiefe == 0:
                zeilen.append(text.count("\n", 0, i) + 1)
            tiefe += 1
        elif z == "}":
            tiefe -= 1
        elif z == "]" and tiefe == 0:
            break
        i += 1
    return zeilen


def _aus_datei(p: Projekt, angabe: Any, ort: Ort) -> list[Parameter]:
    import pandas as pd

    from .berechnung import daten

    if not isinstance(angabe, str) or not angabe:
        raise EinstellungsFehler("„datei“ in [parameter] muss ein Dateiname sein.", ort, BEISPIEL)
    pfad = p.innerhalb(p.wurzel / angabe, ort)
    if not pfad.is_file():
        raise EinstellungsFehler(
            f"Die Parameterliste „{angabe}“ gibt es nicht.", ort, "Der Pfad gilt relativ zum Projektordner."
        )
    if pfad.suffix.lower() in (".csv", ".txt"):
        return _csv_als_text(pfad, p.relativ(pfad), p.wurzel)
    df = daten.lesen(pfad, p.relativ(pfad))
    liste = []
    for i, reihe in enumerate(df.itertuples(index=False), start=2):
        werte = {}
        for name, wert in zip(df.columns, reihe, strict=True):
            if pd.isna(wert):
                continue
            if isinstance(wert, float) and wert.is_integer():
                wert = int(wert)  # "12" read as 12.0 in a column with gaps
            werte[str(name).strip()] = wert.item() if hasattr(wert, "item") else wert
        liste.append(_zeile(werte, Ort(pfad, i, p.wurzel)))
    return liste


def _csv_als_text(pfad: Path, anzeige: str, wurzel: Path) -> list[Parameter]:
    """Read a parameter list as written: "007" stays "007" (a Stadtteil number, a key into the
    data), not the number 7 the data reader would make of it; encoding and separator as detected."""
    from .berechnung import daten

    zeilen, _kodierung, _sep = daten.csv_zeilen(pfad, anzeige, daten.metadaten_lesen(pfad, anzeige))
    nummern = [i for i, z in enumerate(zeilen, start=1) if any(f.strip() for f in z)]
    if not nummern:
        return []
    kopf = [k.strip() for k in zeilen[nummern[0] - 1]]
    liste = []
    for i in nummern[1:]:
        werte = {n: f.strip() for n, f in zip(kopf, zeilen[i - 1], strict=False) if n and f.strip()}
        liste.append(_zeile(werte, Ort(pfad, i, wurzel)))
    return liste


def auswaehlen(liste: list[Parameter], angaben: Mapping[str, str]) -> Parameter:
    """Return the one row of `liste` matching every `name=wert` of `angaben` (as typed: text).

    Without a list the `angaben` themselves are the parameters.
    """
    if not liste:
        return Parameter(angaben)
    bekannt = list(dict.fromkeys(n for z in liste for n in z))
    for name in angaben:
        if name not in bekannt:
            raise EinstellungsFehler(
                f"Die Parameterliste hat keinen Parameter „{name}“.",
                Ort(KONFIGURATION),
                vorschlag(name, bekannt) or f"Parameter: {', '.join(bekannt)}.",
            )
    passend = [z for z in liste if all(str(z.get(n, "")) == str(w) for n, w in angaben.items())]
    if len(passend) == 1:
        return passend[0]
    name = next(iter(angaben))
    werte = ", ".join(sorted({str(z.get(name, "")) for z in liste})[:12])
    if not passend:
        beschreibung = Parameter(angaben).beschreibung()
        raise EinstellungsFehler(
            f"Keine Zeile der Parameterliste passt zu {beschreibung}.", Ort(KONFIGURATION), f"{name}: {werte}"
        )
    raise EinstellungsFehler(
        f"{len(passend)} Zeilen der Parameterliste passen zu {Parameter(angaben).beschreibung()}.",
        Ort(KONFIGURATION),
        "Nennen Sie weitere Parameter, bis genau eine Zeile passt.",
    )


def namen_pruefen(p: Projekt, zeilen: list[Parameter]) -> list[EinstellungsFehler]:
    """Return what is wrong with the output names of a series: a name no share can hold (see
    `projekt.dateiname_sicher`), or two reports writing the same file – also where the names differ
    only in case or Unicode normalisation (one file on Windows and macOS)."""
    from dataclasses import replace

    fehler: list[EinstellungsFehler] = []
    gesehen: dict[str, tuple[str, Parameter]] = {}
    for z in zeilen:
        try:
            name = replace(p, parameter=z).dateiname
        except EinstellungsFehler as exc:
            fehler.append(exc)
            continue
        vergleich = vergleichsname(name)  # "Opladen" and "opladen" are one file on Windows and macOS
        if vergleich in gesehen:
            erster, andere = gesehen[vergleich]
            gleich = "" if erster == name else f" und „{erster}“ (unter Windows und macOS dieselbe)"
            fehler.append(
                EinstellungsFehler(
                    f"„{andere.beschreibung()}“ und „{z.beschreibung()}“ ergäben beide die Datei „{name}“{gleich}.",
                    herkunft(z) or Ort(KONFIGURATION),
                    _hinweis_gleiche_namen(p, z),
                )
            )
            continue
        gesehen[vergleich] = (name, z)
    return fehler


def _hinweis_gleiche_namen(p: Projekt, z: Parameter) -> str:
    """What to do about two reports with one file name, in terms of this project's parameters."""
    muster = p.einstellungen.dateiname
    benutzt = [n for n in z if f"{{parameter.{n}}}" in muster]
    frei = [n for n in z if n not in benutzt]
    if not benutzt:
        return f'Nehmen Sie einen Parameter in den Dateinamen auf: dateiname = "{muster}-{{parameter.{next(iter(z))}}}"'
    weiter = (
        f' oder nehmen Sie einen weiteren Parameter auf: dateiname = "{muster}-{{parameter.{frei[0]}}}"'
        if frei
        else ""
    )
    return (
        f"Die Werte von „{benutzt[0]}“ unterscheiden sich nur in Groß- und Kleinschreibung, in der "
        "Schreibweise eines Umlauts oder in Zeichen, die im Dateinamen zu „-“ werden: schreiben Sie sie "
        f"in der Parameterliste eindeutig{weiter}."
    )
