"""Find the template's styles by their built-in names, whatever IDs the producing Word gave them."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..fehler import Ort, VorlagenFehler
from .ooxml import qn

# Names some producers write in the UI language instead of the built-in (English) name.
ALIASSE = {
    "standard": "normal",
    "überschrift 1": "heading 1",
    "überschrift 2": "heading 2",
    "überschrift 3": "heading 3",
    "beschriftung": "caption",
    "aufzählungszeichen": "list bullet",
    "aufzählungszeichen 2": "list bullet 2",
    "listennummer": "list number",
    "listennummer 2": "list number 2",
    "tabellenraster": "table grid",
    "fußnotentext": "footnote text",
    "fußnotenzeichen": "footnote reference",
    "inhaltsverzeichnisüberschrift": "toc heading",
    "zitat": "quote",
    "listenabsatz": "list paragraph",
    "verzeichnis 1": "toc 1",
    "verzeichnis 2": "toc 2",
    "verzeichnis 3": "toc 3",
    "abbildungsverzeichnis": "table of figures",
}

# What the report needs: (kind, built-in name, shown to editors as, required)
BENOETIGT = (
    ("paragraph", "normal", "Standard", True),
    ("paragraph", "heading 1", "Überschrift 1", True),
    ("paragraph", "heading 2", "Überschrift 2", True),
    ("paragraph", "heading 3", "Überschrift 3", True),
    ("paragraph", "caption", "Beschriftung", True),
    ("paragraph", "quelle", "Quelle", True),
    ("paragraph", "list bullet", "Aufzählungszeichen", True),
    ("paragraph", "list number", "Listennummer", True),
    ("table", "berichtstabelle", "Berichtstabelle", False),
    ("table", "table grid", "Tabellenraster", False),
    ("paragraph", "list bullet 2", "Aufzählungszeichen 2", False),
    ("paragraph", "list number 2", "Listennummer 2", False),
    ("paragraph", "toc heading", "Inhaltsverzeichnisüberschrift", False),
    ("paragraph", "footnote text", "Fußnotentext", False),
    ("character", "footnote reference", "Fußnotenzeichen", False),
    ("character", "hyperlink", "Hyperlink", False),
    ("paragraph", "quote", "Zitat", False),
    ("paragraph", "tabelleninhalt", "Tabelleninhalt", False),
    ("paragraph", "toc 1", "Verzeichnis 1", False),
    ("paragraph", "toc 2", "Verzeichnis 2", False),
    ("paragraph", "toc 3", "Verzeichnis 3", False),
    ("paragraph", "table of figures", "Abbildungsverzeichnis", False),
)


@dataclass
class Stile:
    """Style IDs of the template by built-in name (lower case)."""

    ids: dict[tuple[str, str], str]

    def id(self, name: str, art: str = "paragraph") -> str | None:
        """Return the ID of the style with built-in `name`, or None."""
        return self.ids.get((art, name))

    def tabelle(self) -> str | None:
        """Return the table style for report tables: "Berichtstabelle", else "Table Grid"."""
        return self.id("berichtstabelle", "table") or self.id("table grid", "table")


def stile_lesen(styles: etree._Element, vorlage: str) -> Stile:
    """Map the styles of a styles.xml root by built-in name and check the required ones exist."""
    ids: dict[tuple[str, str], str] = {}
    for stil in styles.iter(qn("w:style")):
        art = stil.get(qn("w:type"), "paragraph")
        sid = stil.get(qn("w:styleId"))
        name_el = stil.find(qn("w:name"))
        name = (name_el.get(qn("w:val")) if name_el is not None else sid or "").strip().lower()
        name = ALIASSE.get(name, name)
        if sid:
            ids.setdefault((art, name), sid)
    fehlend = [anzeige for art, name, anzeige, pflicht in BENOETIGT if pflicht and (art, name) not in ids]
    if fehlend:
        raise VorlagenFehler(
            f"Formatvorlage „{fehlend[0]}“ fehlt"
            + (f" (und {len(fehlend) - 1} weitere: {', '.join(fehlend[1:])})" if len(fehlend) > 1 else "")
            + ".",
            Ort(vorlage),
            "Legen Sie sie in Word an (Start → Formatvorlagen) oder verwenden Sie vorlagen/standard.docx.",
        )
    return Stile(ids)
