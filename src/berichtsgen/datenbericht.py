"""What `check` reports beside its findings: the information findings (hand-typed numbers, how
each data file was read) and the data report (the declared checks on each data file, by
Handlungsfeld)."""

from __future__ import annotations

from .fehler import Befund, Ort
from .vorbereitung import Vorbereitung


def infos(v: Vorbereitung) -> list[Befund]:
    """What `check` reports for information: hand-typed numbers, how each data file was read."""
    from .pruefung import zahlen_von_hand

    befunde = list(zahlen_von_hand(v.bericht))
    for name, h in sorted(v.berechnung.lager.alle_dateien.items()):
        angaben = [f"gelesen als {h.erkannt}"]
        angaben += [
            f"{n}: {w}" for n, w in (("Quelle", h.metadaten.quelle), ("Stichtag", h.metadaten.stichtag)) if w
        ]
        text = "; ".join(angaben)
        befunde.append(Befund("daten-gelesen", text.rstrip(".") + ".", Ort(name), schwere="info"))
    for b in befunde:
        b.verorten(v.projekt.wurzel)
    return befunde


def datenbericht(v: Vorbereitung) -> list[str]:
    """Report which checks ran on which data file, grouped by Handlungsfeld (or chapter)."""
    from .inhalt.modell import DiagrammPlatz, TabellenPlatz, alle_bloecke

    zeilen: list[str] = []
    for kapitel in v.bericht.kapitel():
        dateien: list[str] = []
        summen: list[str] = []
        for b in alle_bloecke(kapitel.bloecke):
            if isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
                dateien += [d for d in b.ergebnis.beschriftung.dateien if d not in dateien]
            if isinstance(b, TabellenPlatz):
                summen += [f"  Tabelle „{b.name}“: {z}" for z in v.berechnung.summenberichte.get(b.name, [])]
        if not dateien and not summen:
            continue
        zeilen.append(
            f"Handlungsfeld {kapitel.handlungsfeld}: {kapitel.daten.get('titel')}"
            if kapitel.handlungsfeld
            else kapitel.titel
        )
        zeilen += summen
        for datei in dateien:
            h = v.berechnung.lager.alle_dateien.get(datei)
            if h is None:
                continue
            if not h.pruefergebnisse:
                zeilen.append(f"  {datei}: keine Prüfungen erklärt")
            gruppen: dict[str, list] = {}
            for e in h.pruefergebnisse:  # one line per declared check, not per cell
                gruppen.setdefault(e.beschreibung, []).append(e)
            for beschreibung, ergebnisse in gruppen.items():
                falsch = [e for e in ergebnisse if not e.ok]
                verglichen = [e for e in ergebnisse if e.zellen]
                zellen = sum(e.zellen for e in verglichen)
                umfang = f"{zellen} Zelle{'' if zellen == 1 else 'n'}"
                if len(verglichen) > 1:
                    umfang = f"{len(verglichen)} Vergleiche, {umfang}"
                if not falsch:
                    zeilen.append(f"  {datei}: {beschreibung}: in Ordnung ({umfang})")
                elif verglichen:
                    zeilen.append(f"  {datei}: {beschreibung}: geprüft ({umfang})")
                for e in falsch:
                    zeichen = "FEHLER" if e.hart else "bitte prüfen"
                    zeilen.append(f"  {datei}: {beschreibung}: {zeichen} – {e.meldung}")
    return zeilen
