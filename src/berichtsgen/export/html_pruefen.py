"""Check an HTML edition the way a screen reader and a link checker would meet it, without a browser.

What this finds stops the build like a PDF without tags: a page without `lang` or `<title>`, a
picture without alternative text, a table without caption or header cells, a heading that skips a
level, an id used twice, a link to a page or anchor that does not exist (`html_pruefen`); and
anything a browser would run – script, event handlers, active addresses, a file whose type or
content is not inert (`ausfuehrbares`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from ..inhalt.linkziele import ERLAUBT, art_pruefen

_PARSER = lxml.html.HTMLParser(no_network=True, remove_comments=True)


def html_pruefen(ordner: Path) -> list[str]:
    """Return the problems of the HTML pages in `ordner`, one German line each (empty: none)."""
    seiten = {
        datei.name: lxml.html.parse(str(datei), _PARSER).getroot() for datei in sorted(ordner.glob("*.html"))
    }
    ids = {name: set(wurzel.xpath("//@id")) for name, wurzel in seiten.items()}
    probleme: list[str] = []
    for name, wurzel in seiten.items():
        probleme += [f"{name}: {p}" for p in _seite(wurzel, name, ids, ordner)]
    return probleme


def _seite(wurzel, name: str, ids: dict[str, set[str]], ordner: Path) -> list[str]:
    probleme = []
    if not (wurzel.get("lang") or "").strip():
        probleme.append("<html> ohne lang")
    if not "".join(wurzel.xpath("//head/title//text()")).strip():
        probleme.append("kein <title>")
    if len(wurzel.xpath("//main")) != 1:
        probleme.append("nicht genau ein <main>")
    alle = wurzel.xpath("//@id")
    for doppelt in sorted({i for i in alle if alle.count(i) > 1}):
        probleme.append(f"id „{doppelt}“ mehrfach")
    for bild in wurzel.xpath("//img"):
        if not (bild.get("alt") or "").strip():
            probleme.append(f"Bild {bild.get('src')} ohne Alternativtext")
    for i, tabelle in enumerate(wurzel.xpath("//table"), start=1):
        if not "".join(tabelle.xpath("./caption//text()")).strip():
            probleme.append(f"Tabelle {i} ohne <caption>")
        kopf = tabelle.xpath(".//th")
        if not kopf:
            probleme.append(f"Tabelle {i} ohne Kopfzellen (<th>)")
        elif any(th.get("scope") not in ("col", "row", "colgroup", "rowgroup") for th in kopf):
            probleme.append(f"Tabelle {i}: Kopfzelle ohne scope")
    vorher = 0
    for h in wurzel.xpath("//h1|//h2|//h3|//h4|//h5|//h6"):
        ebene = int(h.tag[1])
        if ebene > vorher + 1:
            text = " ".join(h.text_content().split())[:60]
            probleme.append(f"Überschrift „{text}“ (h{ebene}) folgt auf h{vorher}")
        vorher = ebene
    for a in wurzel.xpath("//a[@href]"):
        teile = urlsplit(a.get("href"))
        if teile.scheme or teile.netloc:
            continue  # outside the edition
        seite = unquote(teile.path) or name
        if seite not in ids:
            if not (ordner / seite).is_file():
                probleme.append(f"Verweis auf fehlende Datei {seite}")
            continue
        if teile.fragment and unquote(teile.fragment) not in ids[seite]:
            probleme.append(f"Verweis auf fehlenden Anker {seite}#{teile.fragment}")
    for bild in wurzel.xpath("//img/@src|//link/@href"):
        teile = urlsplit(bild)
        if not teile.scheme and not (ordner / unquote(teile.path)).is_file():
            probleme.append(f"Datei {teile.path} fehlt")
    return probleme


_AKTIVE_ELEMENTE = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "svg",
    "math",
    "template",
)
_ADRESSEN = ("href", "src", "srcset", "action", "formaction", "poster", "data", "background", "ping", "cite")
_SICHERE_SCHEMATA = ("http", "https", "mailto")


def ausfuehrbares(ordner: Path) -> list[str]:
    """Return what in the edition in `ordner` a browser would run, one German line each (empty:
    nothing): script and other active elements, event handlers, `javascript:`/`data:` and other
    active addresses, a refresh, style that loads something; a file that is neither page nor style
    and not of an inert type with matching content (`inhalt.linkziele`)."""
    probleme: list[str] = []
    for datei in sorted(p for p in ordner.rglob("*") if p.is_file() or p.is_symlink()):
        name = datei.relative_to(ordner).as_posix()
        if datei.is_symlink():
            probleme.append(f"{name}: eine Verknüpfung")
        elif datei.suffix == ".html" and datei.parent == ordner:
            wurzel = lxml.html.parse(str(datei), _PARSER).getroot()
            probleme += [f"{name}: {p}" for p in _aktiv(wurzel)]
        elif datei.suffix == ".css" and datei.parent == ordner:
            if re.search(r"url\(|@import|expression\(|javascript:", datei.read_text(encoding="utf-8"), re.I):
                probleme.append(f"{name}: Stil lädt etwas nach")
        elif datei.suffix.lower() not in ERLAUBT or art_pruefen(datei):
            probleme.append(f"{name}: keine unbedenkliche Datei")
    return probleme


def _aktiv(wurzel) -> list[str]:
    probleme = []
    for e in wurzel.iter():
        if not isinstance(e.tag, str):
            continue
        tag = e.tag.rsplit("}", 1)[-1].lower()
        if tag in _AKTIVE_ELEMENTE:
            probleme.append(f"Element <{tag}>")
        if tag == "meta" and e.get("http-equiv"):
            probleme.append(f'<meta http-equiv="{e.get("http-equiv")}">')
        for attribut, wert in e.attrib.items():
            attribut = attribut.rsplit("}", 1)[-1].lower()
            if attribut.startswith("on"):
                probleme.append(f"Ereignis {attribut} an <{tag}>")
            elif attribut in _ADRESSEN:
                schema = urlsplit(re.sub(r"[\x00-\x20]", "", wert)).scheme.lower()
                if schema and schema not in _SICHERE_SCHEMATA:
                    probleme.append(f"Adresse {schema}: in {attribut} an <{tag}>")
            elif attribut == "style" and re.search(r"url\(|expression\(|javascript:", wert, re.I):
                probleme.append(f"Stil an <{tag}> lädt etwas nach")
    return probleme
