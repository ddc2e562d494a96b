"""What a Word template offers and lacks: placeholders, styles, fonts, header and footer fields."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .stile import BENOETIGT, stil_ids
from .word import INHALT_TAG, VORLAGEN_VARIABLEN

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_SICHER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass
class Vorlagenbericht:
    """Findings about one template; `fehler` make it unusable, `hinweise` are worth knowing."""

    zeilen: list[str] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)


def _xml(z: zipfile.ZipFile, name: str) -> etree._Element | None:
    if name not in z.namelist():
        return None
    return etree.fromstring(z.read(name), _SICHER)


def _texte(wurzel: etree._Element | None) -> list[str]:
    if wurzel is None:
        return []
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in wurzel.iter(f"{W}p")]


def _schriften(z: zipfile.ZipFile) -> list[str]:
    namen: list[str] = []
    styles = _xml(z, "word/styles.xml")
    if styles is not None:
        for fonts in styles.iter(f"{W}rFonts"):
            for attr in ("ascii", "hAnsi"):
                wert = fonts.get(f"{W}{attr}")
                if wert and wert not in namen:
                    namen.append(wert)
    thema = _xml(z, "word/theme/theme1.xml")
    if thema is not None:
        for teil in ("majorFont", "minorFont"):
            latin = thema.find(f".//{A}{teil}/{A}latin")
            if latin is not None and latin.get("typeface") and latin.get("typeface") not in namen:
                namen.append(latin.get("typeface"))
    return namen


@functools.lru_cache(maxsize=64)
def ersatzschrift(name: str) -> str | None:
    """Return the font fontconfig (and so LibreOffice) uses for `name`, or None if unknown."""
    if shutil.which("fc-match") is None:
        return None
    try:
        ergebnis = subprocess.run(
            ["fc-match", "-f", "%{family}", name], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return ergebnis.split(",")[0].strip() or None


def _design_pruefen(z: zipfile.ZipFile, kopf_fuss: dict[str, etree._Element], b: Vorlagenbericht) -> None:
    """Add what concerns fonts and header/footer fields to `b`."""
    for schrift in _schriften(z):
        ersatz = ersatzschrift(schrift)
        if ersatz is None:
            b.hinweise.append(f"Schrift „{schrift}“: nicht prüfbar (fontconfig fehlt).")
        elif ersatz.lower() != schrift.lower():
            b.hinweise.append(
                f"Schrift „{schrift}“ ist hier nicht installiert; LibreOffice verwendet „{ersatz}“."
            )
        else:
            b.zeilen.append(f"Schrift „{schrift}“: installiert.")
    anweisungen = [(i.text or "") for w in kopf_fuss.values() for i in w.iter(f"{W}instrText")]
    anweisungen += [f.get(f"{W}instr", "") for w in kopf_fuss.values() for f in w.iter(f"{W}fldSimple")]
    felder = sorted({a.split()[0] for a in anweisungen if a.split()})
    b.zeilen.append("Felder in Kopf- und Fußzeilen: " + (", ".join(felder) if felder else "keine"))
    if "PAGE" not in felder:
        b.hinweise.append("Keine Seitenzahl (Feld PAGE) in Kopf- oder Fußzeile.")


def design_hinweise(pfad: Path) -> list[str]:
    """Return the notices about a template's fonts and page numbers, the part `build` prints.

    Cheaper than `vorlage_untersuchen`: placeholders and styles are checked by the build itself.
    """
    b = Vorlagenbericht()
    try:
        with zipfile.ZipFile(pfad) as z:
            teile = [n for n in z.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
            _design_pruefen(z, {n: _xml(z, n) for n in teile}, b)
    except (OSError, zipfile.BadZipFile):
        return []
    return b.hinweise


def vorlage_untersuchen(pfad: Path, anzeige: str) -> Vorlagenbericht:
    """Report what the template at `pfad` (shown as `anzeige`) offers and lacks."""
    b = Vorlagenbericht()
    try:
        z = zipfile.ZipFile(pfad)
    except (OSError, zipfile.BadZipFile):
        b.fehler.append(f"{anzeige}: keine lesbare Word-Datei.")
        return b
    with z:
        koerper = _xml(z, "word/document.xml")
        teile = [n for n in z.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
        texte = _texte(koerper) + [t for n in teile for t in _texte(_xml(z, n))]
        hat_platzhalter = any("{{" in t or "{%" in t for t in texte)

        # placeholders
        if not hat_platzhalter:
            b.zeilen.append(
                "Platzhalter: keine – die Vorlage wird als Referenzdokument verwendet (Titelblatt von berichtsgen)."
            )
        else:
            try:
                benutzt = DocxTemplate(str(pfad)).get_undeclared_template_variables(
                    jinja_env=SandboxedEnvironment()
                )
            except jinja2.TemplateSyntaxError as exc:
                b.fehler.append(f"Platzhalter fehlerhaft: {exc.message}.")
                benutzt = set()
            bekannt = sorted(benutzt & set(VORLAGEN_VARIABLEN))
            unbekannt = sorted(benutzt - set(VORLAGEN_VARIABLEN))
            b.zeilen.append("Platzhalter: " + (", ".join(bekannt) if bekannt else "–"))
            for name in unbekannt:
                b.fehler.append(f"Platzhalter „{name}“ liefert berichtsgen nicht.")
            if any(INHALT_TAG.search(t) for t in texte):
                b.zeilen.append("Berichtstext: {{p inhalt }} vorhanden.")
            else:
                b.fehler.append("Der Platzhalter „{{p inhalt }}“ für den Berichtstext fehlt.")

        # styles
        styles = _xml(z, "word/styles.xml")
        ids = stil_ids(styles) if styles is not None else {}
        vorhanden = [
            f"{anzeige_} ({ids[(art, name)]})" for art, name, anzeige_, _ in BENOETIGT if (art, name) in ids
        ]
        fehlend = [
            (anzeige_, pflicht) for art, name, anzeige_, pflicht in BENOETIGT if (art, name) not in ids
        ]
        b.zeilen.append("Formatvorlagen vorhanden: " + ", ".join(vorhanden))
        if fehlend:
            b.zeilen.append(
                "Formatvorlagen fehlend: "
                + ", ".join(f"{n} (wird ergänzt)" if pflicht else n for n, pflicht in fehlend)
            )

        _design_pruefen(z, {n: _xml(z, n) for n in teile}, b)
    return b
