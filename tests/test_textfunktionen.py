"""What the README documents for chapter texts works in chapter texts (issue 20, point 6).

The tests read the README's section "Ausdrücke": its list of filters and functions and its
examples with their printed results (`{{ … }}  → 26.998`). Each example is written into a real
chapter of the mini project and built; the DOCX must print the result the README promises. A
filter or function added to the README without an implementation, or implemented without being
documented, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from berichtsgen import build
from berichtsgen.berechnung.format import jinja_filter, jinja_funktionen
from hilfen import REPO, absatz_texte, docx_xml, einzeilig

WERTE = {
    "auslaender_gesamt": 26998,
    "auslaender_vorjahr": 25904,
    "anteil": 16.3,
    "anteil_vorjahr": 15.7,
    "einwohner": 253377,
    "einwohner_vorjahr": 250000,
}
"""The computed values the README's examples name, as a project's functions would return them."""


def _abschnitt() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    beginn = text.index("- **Ausdrücke:**")
    return text[beginn : text.index("\n- **", beginn + 1)]


def _genannt() -> tuple[list[str], list[str]]:
    """The filters and the functions the README lists for texts."""
    satz = re.search(
        r"die Filter ((?:`\w+`,? ?)+) und die Funktionen ((?:`\w+`,? ?)+)", einzeilig(_abschnitt())
    )
    assert satz, "README: der Satz „… die Filter `…` und die Funktionen `…`“ fehlt im Abschnitt Ausdrücke"
    return re.findall(r"`(\w+)`", satz[1]), re.findall(r"`(\w+)`", satz[2])


def _beispiele() -> list[tuple[str, str]]:
    """The README's examples: (text with expressions, the printed result it promises)."""
    block = re.search(r"```markdown\n(.*?)```", _abschnitt(), re.S)
    assert block, "README: der Abschnitt Ausdrücke hat keine Beispiele"
    beispiele = []
    for zeile in block[1].splitlines():
        if "→" in zeile:
            text, erwartet = zeile.rsplit("→", 1)
            beispiele.append((text.strip(), erwartet.strip()))
    return beispiele


def _bauen(projekt: Path, zeilen: list[str]) -> list[str]:
    """Build the mini project with the values of WERTE and a chapter of one paragraph per line
    ("Beispiel 1: …"); return the DOCX text of each of these paragraphs (non-breaking spaces as
    spaces)."""
    namen = sorted({n for z in zeilen for n in re.findall(r'wert\("(\w+)"\)', z)})
    fehlend = [n for n in namen if n not in WERTE]
    assert not fehlend, f"WERTE braucht einen Wert für {fehlend}"
    with (projekt / "rechnen.py").open("a", encoding="utf-8") as f:
        for name in namen:
            f.write(f'\n\n@wert("{name}")\ndef wert_{name}(k):\n    return {WERTE[name]!r}\n')
    kapitel = "".join(f"Beispiel {i}: {z}\n\n" for i, z in enumerate(zeilen, 1))
    (projekt / "inhalte/2024/03-texte.md").write_text(
        "---\ntitel: Texte\n---\n\n" + kapitel, encoding="utf-8"
    )
    (docx,) = build(2024, projekt, formate=["docx"]).dateien
    texte = [t.replace("\u00a0", " ") for t in absatz_texte(docx_xml(docx))]
    gefunden = []
    for i in range(1, len(zeilen) + 1):
        (absatz,) = [t for t in texte if t.startswith(f"Beispiel {i}: ")]
        gefunden.append(absatz)
    return gefunden


def test_readme_nennt_genau_die_filter_und_funktionen_der_texte():
    filter_, funktionen = _genannt()
    assert sorted(filter_) == sorted(jinja_filter()), "README und Filter für Texte stimmen nicht überein"
    assert sorted(funktionen) == sorted(jinja_funktionen()), (
        "README und Funktionen für Texte stimmen nicht überein"
    )


def test_jedes_beispiel_der_readme_druckt_was_sie_verspricht(mini: Path):
    filter_, funktionen = _genannt()
    beispiele = _beispiele()
    texte = [text for text, _ in beispiele]
    for name in filter_:
        assert any(re.search(rf"\|\s*{name}\b", t) for t in texte), (
            f"README: kein Beispiel für den Filter {name}"
        )
    for name in funktionen:
        assert any(f"{name}(" in t for t in texte), f"README: kein Beispiel für die Funktion {name}"
    gedruckt = _bauen(mini, texte)
    for (text, erwartet), absatz in zip(beispiele, gedruckt, strict=True):
        assert erwartet in absatz, f"{text} druckt „{absatz}“, die README verspricht „{erwartet}“"


@pytest.mark.parametrize(
    ("ausdruck", "erwartet"),
    [
        ('{{ wert("einwohner") * 1 }}', "253377"),
        ('{{ (wert("einwohner") * 1) | zahl }}', "253.377"),
        ('{{ (wert("einwohner") + 0.5) | zahl(1) }}', "253.377,5"),
        ('{{ (wert("einwohner") / 1000) | zahl(1) }} Tausend', "253,4 Tausend"),
        ('{{ veraenderung_prozent(wert("einwohner"), wert("einwohner_vorjahr")) }}', "+1,4 %"),
        ('{{ veraenderung_prozent(wert("einwohner"), wert("einwohner_vorjahr"), 2) }}', "+1,35 %"),
        ('{{ prozentpunkte(wert("anteil_vorjahr"), wert("anteil")) }}', "−0,6 Prozentpunkte"),
        ('{{ (wert("einwohner_vorjahr") - wert("einwohner")) | veraenderung }}', "−3.377"),
        ('{{ "{} Menschen".format(wert("einwohner")) }}', "253377 Menschen"),
        ('{{ "%d Menschen" | format(wert("einwohner")) }}', "253377 Menschen"),
        ('{{ [wert("einwohner"), wert("einwohner_vorjahr")] | max | zahl }}', "253.377"),
    ],
)
def test_grosse_werte_in_einem_kapitel(mini: Path, ausdruck: str, erwartet: str):
    """The sandbox bounds loops and sizes, not the numbers a report prints: a district's
    population goes through arithmetic, the number functions and formats."""
    (absatz,) = _bauen(mini, [ausdruck])
    assert absatz == f"Beispiel 1: {erwartet}"
