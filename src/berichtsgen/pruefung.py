"""Rules a report must meet before it is published: accessibility and completeness.

`berichtsgen check` prints every finding; `build` runs the same rules first and stops on errors.
Accessibility findings are errors unless the setting `barrierefreiheit = "warnung"` says otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .fehler import Befund, Ort
from .inhalt.modell import (
    Absatz,
    Bild,
    DiagrammPlatz,
    Kapitel,
    Link,
    TabellenPlatz,
    Ueberschrift,
    alle_bloecke,
)
from .kontrast import kontrast

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MINDESTKONTRAST_TEXT = 4.5


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def regeln_pruefen(
    kapitel: list[Kapitel], wurzel: Path, barrierefrei_ist_fehler: bool = True
) -> list[Befund]:
    """Check the read and computed chapters against the rules; return every finding."""
    befunde: list[Befund] = []
    bf = barrierefrei_ist_fehler
    for k in kapitel:
        ebene_vorher = 0
        for b in alle_bloecke(k.bloecke):
            if isinstance(b, Ueberschrift):
                if b.ebene > ebene_vorher + 1:
                    befunde.append(
                        Befund(
                            "ueberschrift-uebersprungen",
                            f"Überschrift der Ebene {b.ebene} folgt auf Ebene {ebene_vorher or 1}; eine Ebene fehlt.",
                            b.ort,
                            "Screenreader navigieren über die Ebenen: verwenden Sie "
                            + "#" * (ebene_vorher + 1)
                            + ".",
                            bf,
                        )
                    )
                ebene_vorher = b.ebene
            elif isinstance(b, (TabellenPlatz, DiagrammPlatz)) and b.ergebnis is not None:
                art = "Tabelle" if isinstance(b, TabellenPlatz) else "Diagramm"
                beschriftung = b.ergebnis.beschriftung
                if not beschriftung.quelle:
                    befunde.append(
                        Befund(
                            "quelle-fehlt",
                            f"{art} „{b.name}“ hat keine Quelle.",
                            b.ort,
                            "Geben Sie „:quelle: …“ an oder quelle=… in der Funktion.",
                        )
                    )
                if not beschriftung.stichtag:
                    befunde.append(
                        Befund(
                            "stichtag-fehlt",
                            f"{art} „{b.name}“ hat keinen Stichtag.",
                            b.ort,
                            "Geben Sie „:stichtag: …“ an oder stichtag=… in der Funktion.",
                            False,
                        )
                    )
                if isinstance(b, DiagrammPlatz):
                    alt = b.ergebnis.alt
                    if _normal(alt).replace(_normal(beschriftung.titel), "").strip() in (
                        "",
                        "diagramm",
                        "abbildung",
                        "grafik",
                        "säulendiagramm",
                        "balkendiagramm",
                        "kreisdiagramm",
                        "liniendiagramm",
                    ):
                        befunde.append(
                            Befund(
                                "alt-wiederholt-titel",
                                f"Der Alternativtext von „{b.name}“ wiederholt nur den Titel.",
                                b.ort,
                                "Beschreiben Sie, was das Diagramm zeigt (Werte, Verlauf), oder lassen Sie "
                                "alt weg, dann schreibt berichtsgen ihn aus den Daten.",
                                bf,
                            )
                        )
            elif isinstance(b, Bild) and not b.quelle:
                befunde.append(
                    Befund(
                        "quelle-fehlt",
                        f"Bild „{b.pfad.name}“ hat keine Quelle.",
                        b.ort,
                        f"Setzen Sie es mit ```{{bild}} {b.pfad.name}``` und „:quelle: …“ (auch „eigene Aufnahme“).",
                        False,
                    )
                )
            elif isinstance(b, Absatz):
                for teil in b.inhalt:
                    if isinstance(teil, Link):
                        befunde += _link_pruefen(teil, b.ort, k.datei, wurzel)
    return befunde


_AUSDRUCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_DATUM = re.compile(r"\b\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})\b")
_STATISTIK = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{4,}(?:,\d+)?|\d+(?:,\d+)?\s?(?:%|Prozent))(?![\w.,]\d)"
)


def zahlen_von_hand(kapitel: list[Kapitel], anzeigen) -> list[Befund]:
    """Find numbers in the Markdown that look like statistics but are typed by hand.

    Four or more digits (but not a year or a date) and percentages outside `{{ … }}` are
    reported as a hint: next year's text could keep last year's figure by accident.
    """
    befunde = []
    for k in kapitel:
        if not k.datei.is_file() or k.datei.suffix != ".md":
            continue
        text = _AUSDRUCK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), k.datei.read_text(encoding="utf-8"))
        im_block = False
        for nr, zeile in enumerate(text.splitlines(), start=1):
            if zeile.lstrip().startswith("```"):
                im_block = not im_block
                continue
            if im_block:
                continue
            zeile = _DATUM.sub(" ", zeile)
            for treffer in _STATISTIK.finditer(zeile):
                zahl = treffer.group(1)
                if re.fullmatch(r"(19|20)\d\d", zahl):
                    continue  # a year
                befunde.append(
                    Befund(
                        "zahl-von-hand",
                        f"„{zahl}“ ist von Hand geschrieben.",
                        Ort(anzeigen(k.datei), nr),
                        'Zahlen aus Daten besser über {{ wert("…") | zahl }}, damit sie jedes Jahr stimmen.',
                        fehler=False,
                        info=True,
                    )
                )
    return befunde


def _link_pruefen(link: Link, ort: Ort, datei: Path, wurzel: Path) -> list[Befund]:
    ziel = link.ziel.strip()
    if re.match(r"^(https?|mailto):", ziel, re.I):
        if re.match(r"^https?://[^/\s.]+\.[^/\s]+", ziel, re.I) or ziel.lower().startswith("mailto:"):
            return []
        return [Befund("link-kaputt", f"Link „{ziel}“ ist keine gültige Adresse.", ort, None, True)]
    pfad = (datei.parent / ziel.split("#")[0]).resolve()
    if not pfad.is_relative_to(wurzel.resolve()) or not pfad.exists():
        return [
            Befund(
                "link-kaputt",
                f"Link „{ziel}“ führt zu keiner Datei im Projekt.",
                ort,
                "Verlinken Sie Webadressen mit https:// oder prüfen Sie den Pfad.",
            )
        ]
    return []


def vorlage_kontrast(
    styles: etree._Element, benutzt: set[str], anzeige: str, barrierefrei_ist_fehler: bool = True
) -> list[Befund]:
    """Find used styles whose text colour (own or inherited) misses 4.5:1 against white.

    `benutzt` are the IDs of the styles the report uses; unused styles of a template do not count.
    """
    nach_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def farbe(sid: str | None, tiefe: int = 0) -> str | None:
        stil = nach_id.get(sid)
        if stil is None or tiefe > 20:
            return None
        eigene = stil.find(f"{W}rPr/{W}color")
        if eigene is not None:
            if eigene.get(f"{W}themeColor") or eigene.get(f"{W}val", "auto") == "auto":
                return None  # theme colours are not evaluated here
            return "#" + eigene.get(f"{W}val")
        basis = stil.find(f"{W}basedOn")
        return farbe(basis.get(f"{W}val"), tiefe + 1) if basis is not None else None

    befunde = []
    for sid in sorted(benutzt):
        wert = farbe(sid)
        if wert is None or not re.fullmatch(r"#[0-9A-Fa-f]{6}", wert):
            continue
        verhaeltnis = kontrast(wert)
        if verhaeltnis < MINDESTKONTRAST_TEXT:
            name = nach_id[sid].find(f"{W}name")
            befunde.append(
                Befund(
                    "kontrast",
                    f"Formatvorlage „{name.get(f'{W}val') if name is not None else sid}“ hat "
                    f"Textfarbe {wert} mit nur {str(round(verhaeltnis, 1)).replace('.', ',')}:1 Kontrast zu Weiß; "
                    "nötig sind 4,5:1.",
                    Ort(anzeige),
                    "Wählen Sie in Word eine dunklere Schriftfarbe.",
                    barrierefrei_ist_fehler,
                )
            )
    return befunde
