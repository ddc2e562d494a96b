"""A department's Word file becomes a chapter: `berichtsgen import JAHR BEITRAG.docx --kapitel NAME`.

pandoc (3.x, from the pypandoc-binary wheel) reads the Word file into its JSON tree; this module
walks the tree and writes the project's own Markdown dialect – never pandoc's Markdown writer.
What does not come over (a comment, an equation, a text box's frame, a picture without alt text,
a heading deeper than the report allows, an endnote made a footnote) is a finding in the known
form; an accounting check proves that every word of the Word file is in the chapter or named in a
finding, else the import fails. Open tracked changes stop it until the editor says whether they
are accepted or rejected.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from .darstellung import paket
from .darstellung.word.stile import ALIASSE
from .dateien import atomar_schreiben, json_schreiben
from .fehler import Befund, EinstellungsFehler, InhaltsFehler, Ort
from .projekt import UMLAUTE, Projekt, projekt_laden
from .ruecklauf import offen_im_protokoll, protokolle

BEITRAEGE = "beitraege"
"""The folder of the contributions round: `beitraege/JAHR/KAPITEL/` holds what came in and went out."""
PROTOKOLL = "import.json"
"""The import protocol in a chapter's folder: file, time, decision on changes, findings."""

ENDUNGEN = (".docx", ".doc", ".odt", ".rtf")
"""What `import` reads: Word files, and through LibreOffice the older and the other formats."""

AENDERUNGEN = {"annehmen": "accept", "ablehnen": "reject"}
"""What `--aenderungen` may say, and pandoc's word for it."""

W = f"{{{paket.W_NS}}}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_GEAENDERT = {f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo"}
_WORT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
"""A word for the accounting: a run of letters and digits, each CJK character on its own (those
scripts write no spaces, and a link or a run boundary may fall between any two)."""


@dataclass
class Import:
    """What `import_docx` wrote and found."""

    kapitel: Path
    """The chapter file (written unless `schreiben=False`)."""
    text: str
    """The chapter's Markdown."""
    befunde: list[Befund] = field(default_factory=list)
    """What did not come over as it was, each with its place in the Word file."""
    bilder: list[Path] = field(default_factory=list)
    """Pictures copied into the year's folder."""
    protokoll: Path | None = None
    """The import protocol, `beitraege/JAHR/KAPITEL/import.json` (written unless `schreiben=False`)."""
    diagrammwerte: list[Path] = field(default_factory=list)
    """The cached series of each Word chart, as CSV beside the protocol."""


class _Leser:
    """Walks pandoc's JSON tree and writes the project's Markdown."""

    def __init__(
        self,
        datei: str,
        bilder: Path,
        bildname: str,
        schreiben: bool = True,
        absaetze: list[list[str]] | None = None,
        rollen: dict[str, str | None] | None = None,
    ):
        self.schreiben = schreiben
        self.datei = datei
        self.absaetze = absaetze or []
        """The words of every paragraph of the Word file's body, to name a place as "Absatz N"."""
        self._nach = 0
        self._in_note = 0
        self.rollen = rollen or {}
        """What each paragraph style becomes (`_rolle`); None: a style of its own with no mapping."""
        self._gemeldet: set[str] = set()
        self._in_zelle = 0
        self.verweise: list[tuple[str, str, str, int]] = []
        """(bookmark, Markdown, text, paragraph) of every internal link, in the text as \\x00N\\x00."""
        self._bildtitel: str | None = None
        self._bildquelle: str | None = None
        """The caption paragraph found below a picture, and a "Quelle: …" line below that."""
        """The caption paragraph found below a picture, for its title."""
        self.befunde: list[Befund] = []
        self.noten: list[str] = []
        self.bilder = bilder
        self.bildname = bildname
        self.kopiert: list[Path] = []
        self.absatz = 0
        self.verloren: list[str] = []
        """Texts named in findings (counted as accounted for)."""
        self.anker: dict[str, str] = {}
        """The table or picture named for each bookmark in its caption (a Word cross-reference's target)."""
        self.namen: set[str] = set()

    def befund(self, regel: str, meldung: str, text: str = "", hinweis: str | None = None) -> None:
        self.befunde.append(
            Befund(
                f"import-{regel}",
                meldung,
                Ort(self.datei, self.absatz or None, einheit="Absatz"),
                hinweis,
                schwere="warnung",
            )
        )
        if text:
            self.verloren.append(text)

    def verorten(self, text: str) -> None:
        """Move the place ("Absatz N") to the Word paragraph that begins with `text`: the next one
        from the last place on (pandoc leaves out empty paragraphs, Word counts them)."""
        woerter = _WORT.findall(text.casefold())[:8]
        if not woerter or self._in_note:
            return
        for i in range(self._nach, len(self.absaetze)):
            if self.absaetze[i][: len(woerter)] == woerter:
                self.absatz, self._nach = i + 1, i + 1
                return

    # --- inline -----------------------------------------------------------------------------

    def inline(self, teile: list[dict]) -> str:
        aus = []
        for t in teile:
            art, c = t["t"], t.get("c")
            if art == "Str":
                aus.append(_maskieren(c))
            elif art in ("Space", "SoftBreak"):
                aus.append(" ")
            elif art == "LineBreak":
                aus.append("\\\n")
            elif art == "Emph":
                aus.append(f"*{self.inline(c)}*")
            elif art == "Strong":
                aus.append(f"**{self.inline(c)}**")
            elif art == "Strikeout":
                aus.append(f"~~{self.inline(c)}~~")
            elif art in ("Underline", "SmallCaps", "Superscript", "Subscript"):
                aus.append(self.inline(c))
            elif art == "Code":
                aus.append(f"`{c[1]}`")
            elif art == "Quoted":
                aus.append(f"„{self.inline(c[1])}“")
            elif art == "Link":
                text, ziel = self.inline(c[1]), c[2][0]
                if ziel.startswith("#"):  # a bookmark: resolved once every caption is known
                    self.verweise.append((ziel[1:], text, _klartext(c[1]), self.absatz))
                    aus.append(f"\x00{len(self.verweise) - 1}\x00")
                else:
                    aus.append(f"[{text}]({ziel})")
            elif art == "Note":
                self._in_note += 1
                self.noten.append(self.bloecke(c).strip())
                self._in_note -= 1
                aus.append(f"[^{len(self.noten)}]")
            elif art == "Span":
                klassen = c[0][1]
                if "comment-start" in klassen or "comment-end" in klassen:
                    if c[1]:
                        self.befund("kommentar", "Ein Kommentar kommt nicht in das Kapitel.", _klartext(c[1]))
                    continue
                aus.append(self.inline(c[1]))
            elif art == "Image":
                aus.append(self.bild(c))
            elif art == "Math":
                self.befund("formel", f"Eine Formel kommt als Text: {c[1]}", c[1])
                aus.append(_maskieren(c[1]))
            else:
                self.befund("inhalt", f"Ein Inhalt der Art {art} kommt nicht mit.")
        return "".join(aus)

    def bild(self, c: list) -> str:
        _attr, alt_teile, (ziel, titel) = c
        alt = _klartext(alt_teile).strip()
        titel = _titel_ohne_nummer(self._bildtitel or titel.strip(), "abbildung|abb\\.|figure|fig\\.|bild")
        self._bildtitel = None
        quelle = Path(ziel)
        if not quelle.is_file():
            self.befund("bild", "Ein verknüpftes Bild (nicht in der Datei) kommt nicht mit.")
            return ""
        name = f"{self.bildname}-{len(self.kopiert) + 1}{quelle.suffix.lower()}"
        ziel_pfad = self.bilder / name
        if self.schreiben:
            self.bilder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(quelle, ziel_pfad)
        self.kopiert.append(ziel_pfad)
        if not alt:
            self.befund("bild-alt", f"Das Bild {name} hat keinen Alternativtext; bitte ergänzen.")
        if not titel and alt:
            titel = alt
            self.befund(
                "bild-titel",
                f"Das Bild {name} hat keine Beschriftung; vorerst ist sein Alternativtext der Titel.",
                hinweis='Schreiben Sie einen kurzen Titel: ![…](bild.png "Titel").',
            )
        if self._bildquelle and titel and alt:  # a figure with its source: the project's picture block
            optionen = f":titel: {titel}\n:alt: {alt}\n" + _quelle_optionen(self._bildquelle)
            return f"```{{bild}} bilder/{name}\n{optionen}```"
        titel_md = ' "' + titel.replace("\\", "\\\\").replace('"', '\\"') + '"' if titel else ""
        return f"![{_maskieren(alt)}](bilder/{name}{titel_md})"

    # --- blocks -----------------------------------------------------------------------------

    def bloecke(self, bloecke: list[dict]) -> str:
        teile = []
        i = 0
        andere = False  # the last list took the other marker
        while i < len(bloecke):
            b = bloecke[i]
            quelle = None
            if b["t"] == "Table" and i + 1 < len(bloecke) and bloecke[i + 1]["t"] in ("Para", "Plain", "Div"):
                text = _klartext_bloecke([bloecke[i + 1]]).strip()  # (a Div: in a style of its own)
                if re.match(r"(?i)quellen?\s*:", text):
                    quelle = text
                    i += 1
            marken: list[str] = []
            if _nur_bild(b) or b["t"] == "Figure":  # (pandoc makes picture and caption a Figure)
                if i + 1 < len(bloecke) and self._ist_beschriftung(bloecke[i + 1]):
                    marken = _anker(bloecke[i + 1])
                    self._bildtitel = _klartext_bloecke(bloecke[i + 1]["c"][1]).strip()  # Word's caption
                    self.verloren.append(self._bildtitel)  # its number: the report's own
                    i += 1
                folgt = _klartext_bloecke(bloecke[i + 1 : i + 2]).strip()
                if re.match(r"(?i)quellen?\s*:", folgt):
                    self._bildquelle = folgt
                    i += 1
            bilder = len(self.kopiert)
            if b["t"] in ("BulletList", "OrderedList"):
                folgt_liste = i > 0 and bloecke[i - 1]["t"] == b["t"]
                andere = folgt_liste and not andere
                teile.append(self.liste(b["t"], b["c"], andere))
            else:
                andere = False
                teile.append(self.tabelle(b["c"], quelle) if b["t"] == "Table" else self.block(b))
            self._bildquelle = None
            if marken and len(self.kopiert) > bilder:  # a cross-reference to the caption: the picture
                self.anker.update(dict.fromkeys(marken, self.kopiert[-1].stem))
            i += 1
        return "\n\n".join(t for t in teile if t)

    def _ist_beschriftung(self, b: dict) -> bool:
        stil = dict(b["c"][0][2]).get("custom-style", "") if b["t"] == "Div" else ""
        return bool(stil) and self.rollen.get(stil.casefold()) == "beschriftung"

    def verweise_aufloesen(self, markdown: str, querverweise: set[str]) -> str:
        """Put the project's cross-reference `[](#name)` where a link pointed to the caption of a
        table or picture; other internal links keep their text, and a Word cross-reference
        (REF, in `querverweise`) to anything else is a finding."""

        def ersetzen(m: re.Match) -> str:
            marke, text, klartext, self.absatz = self.verweise[int(m[1])]
            if marke in self.anker:
                self.verloren.append(klartext)  # its words ("Tabelle 3") become the report's number
                return f"[](#{self.anker[marke]})"
            if marke in querverweise:
                self.befund(
                    "querverweis",
                    f"Der Querverweis „{klartext}“ zeigt auf keine Tabelle und kein Bild; er bleibt als Text.",
                )
            return text

        return re.sub("\x00(\\d+)\x00", ersetzen, markdown)

    def _neuer_name(self, titel: str) -> str:
        """The name of a table block from its title, unique in the chapter ("tabelle", "tabelle_2")."""
        name, n = _name(titel or "tabelle"), 2
        while name in self.namen:
            name, n = f"{_name(titel or 'tabelle')}_{n}", n + 1
        self.namen.add(name)
        return name

    def block(self, b: dict) -> str:
        art, c = b["t"], b.get("c")
        if art in ("Para", "Plain"):
            self.verorten(_klartext(c))
            return self.inline(c)
        if art == "Header":
            self.verorten(_klartext(c[2]))
            if not _klartext(c[2]).strip():
                return ""  # an empty heading paragraph
            if self._in_zelle:
                return self.inline(c[2])  # a table cell holds no heading
            if any(self.rollen.get(k.replace("-", " ").casefold()) == "verzeichnis" for k in c[1][1]):
                return self.gestaltet(c[1][1][0].replace("-", " "), [{"t": "Para", "c": c[2]}])  # "Inhalt"
            ebene = c[0]
            if ebene > 3:
                self.befund(
                    "ueberschrift",
                    f"Eine Überschrift der Ebene {ebene} wird Ebene 3 (tiefer geht der Bericht nicht).",
                )
                ebene = 3
            return "#" * ebene + " " + self.inline(c[2])
        if art in ("BulletList", "OrderedList"):
            return self.liste(art, c)
        if art == "BlockQuote":
            if self._in_zelle:
                return self.bloecke(c)  # a table cell holds no quotation
            while len(c) == 1 and c[0]["t"] == "BlockQuote":
                c = c[0]["c"]  # pandoc reads a deep indent as quotes in quotes: one quotation
            return "\n".join("> " + z if z else ">" for z in self.bloecke(c).split("\n"))
        if art == "CodeBlock":
            return f"```\n{c[1]}\n```"
        if art == "LineBlock":
            return "\\\n".join(self.inline(z) for z in c)
        if art == "Table":
            return self.tabelle(c)
        if art == "Div":
            klassen, stil = c[0][1], dict(c[0][2]).get("custom-style")
            if stil is not None:
                return self.gestaltet(stil, c[1])
            if "comment" in klassen:
                self.befund("kommentar", "Ein Kommentar kommt nicht in das Kapitel.", _klartext_bloecke(c[1]))
                return ""
            return self.bloecke(c[1])
        if art == "Figure":
            beschriftung = _klartext_bloecke(c[1][1]).strip()
            if beschriftung:
                self._bildtitel = beschriftung
                self.verloren.append(beschriftung)
            bilder = len(self.kopiert)
            text = self.bloecke(c[2])
            if len(self.kopiert) > bilder:
                self.anker.update(
                    dict.fromkeys([m for m in [*_anker(c[1][1]), c[0][0]] if m], self.kopiert[-1].stem)
                )
            return text
        if art == "HorizontalRule":
            return ""
        if art == "DefinitionList":
            return "\n\n".join(
                self.inline(begriff) + "\n: " + self.bloecke(d[0] if d else []) for begriff, d in c
            )
        self.befund("inhalt", f"Ein Block der Art {art} kommt nicht mit.")
        return ""

    def gestaltet(self, stil: str, bloecke: list[dict]) -> str:
        """Paragraphs in a Word style that is neither a heading nor a quotation (those `umbauen`
        made Header and BlockQuote): a table of contents, or a style of the department's own."""
        rolle = self.rollen.get(stil.casefold(), "absatz")
        if rolle == "verzeichnis":
            text = _klartext_bloecke(bloecke)
            self.verorten(text)
            if "verzeichnis" not in self._gemeldet:
                self._gemeldet.add("verzeichnis")
                self.befund(
                    "verzeichnis",
                    "Ein Verzeichnis aus Word kommt nicht mit; der Bericht erstellt seine Verzeichnisse selbst.",
                )
            self.verloren.append(text)
            return ""
        text = self.bloecke(bloecke)
        if rolle is None and stil not in self._gemeldet:
            self._gemeldet.add(stil)
            self.befund(
                "stil",
                f"Die Formatvorlage „{stil}“ hat keine Entsprechung; ihr Text kommt als Absatz.",
                hinweis=f'Soll sie etwas anderes werden: [import.stile] "{stil}" = "ueberschrift-1" '
                "(oder absatz, zitat, titel) in berichtsgen.toml.",
            )
        return text

    def umbauen(self, x):
        """pandoc's tree (read with +styles) with every paragraph whose Word style is a heading,
        the title or a quotation made one (by the style's name, its German alias, `outlineLvl`,
        `basedOn` or [import.stile], see `_rolle`); other styled paragraphs keep their Div."""
        if isinstance(x, dict):
            return {k: self.umbauen(v) for k, v in x.items()}
        if not isinstance(x, list):
            return x
        aus = []
        for el in x:
            if isinstance(el, dict) and el.get("t") == "Div" and dict(el["c"][0][2]).get("custom-style"):
                stil = dict(el["c"][0][2])["custom-style"]
                rolle = self.rollen.get(stil.casefold(), "absatz")
                innen = self.umbauen(el["c"][1])
                if rolle and (rolle.startswith("ueberschrift-") or rolle == "titel"):
                    ebene = 1 if rolle == "titel" else int(rolle.rsplit("-", 1)[1])
                    aus += [
                        {"t": "Header", "c": [ebene, ["", [], []], b["c"]]}
                        if b["t"] in ("Para", "Plain")
                        else b
                        for b in innen
                    ]
                elif rolle == "zitat":
                    aus.append({"t": "BlockQuote", "c": innen})
                elif rolle == "absatz":
                    aus += innen
                else:
                    aus.append({"t": "Div", "c": [el["c"][0], innen]})
            else:
                aus.append(self.umbauen(el))
        return aus

    def liste(self, art: str, c: list, andere_marke: bool = False) -> str:
        """A list; `andere_marke` for a list right after one of its kind (Word keeps them apart,
        Markdown would join them unless the marker changes: "*" after "-", "1)" after "1.")."""
        start, eintraege = (c[0][0], c[1]) if art == "OrderedList" else (1, c)
        zeilen = []
        for i, eintrag in enumerate(eintraege):
            if art == "OrderedList":
                marke = f"{start + i}{')' if andere_marke else '.'}"
            else:
                marke = "*" if andere_marke else "-"
            einzug = " " * (len(marke) + 1)
            text = self.bloecke(eintrag)
            erste, *rest = text.split("\n") if text else [""]
            zeilen.append(f"{marke} {erste}")
            zeilen += [einzug + z if z else "" for z in rest]
        return "\n".join(zeilen)

    def tabelle(self, c: list, quelle: str | None = None) -> str:
        _attr, beschriftung, _spalten, kopf, koerper, _fuss = c
        beschriftet = _klartext_bloecke(beschriftung[1]).strip()
        titel = _titel_ohne_nummer(beschriftet)
        zeilen: list[list[str]] = []
        zusammen = False
        anfang = None
        for teil in [kopf[1]] + [k[3] for k in koerper] + [k[2] for k in koerper]:
            for zeile in teil:
                zellen = []
                for zelle in zeile[1]:
                    _a, _ausr, zeilen_span, spalten_span, inhalt = zelle
                    self._in_zelle += 1
                    text = " ".join(self.bloecke(inhalt).split()).replace("|", "\\|")
                    self._in_zelle -= 1
                    anfang = anfang or self.absatz  # the place of the table: its first cell
                    zellen.append(text)
                    if spalten_span > 1 or zeilen_span > 1:
                        zusammen = True
                        zellen += [text] * (spalten_span - 1)
                zeilen.append(zellen)
        if not zeilen:
            return ""
        self.absatz = anfang or self.absatz
        if zusammen:
            self.befund("verbunden", "Verbundene Zellen sind wiederholt; bitte die Tabelle prüfen.")
        if kopf[1]:  # the header row: bold in Word by its style, in the report by the table's
            zeilen[0] = [re.sub(r"^\*\*((?:(?!\*\*).)+)\*\*$", r"\1", z) for z in zeilen[0]]
        breite = max(len(z) for z in zeilen)
        zeilen = [z + [""] * (breite - len(z)) for z in zeilen]
        zahl = re.compile(r"[−+-]?\d{1,3}(\.\d{3})*(,\d+)?\s*%?|[−+-]?\d+(,\d+)?\s*%?|[–.x/-]")
        rechts = [  # a column of numbers (signs of the statistics offices among them) is right-aligned
            all(zahl.fullmatch(z[j]) for z in zeilen[1:] if z[j]) and any(z[j] for z in zeilen[1:])
            for j in range(breite)
        ]
        tabelle = [
            "| " + " | ".join(zeilen[0]) + " |",
            "|" + "".join("--:|" if r else "---|" for r in rechts),
        ]
        tabelle += ["| " + " | ".join(z) + " |" for z in zeilen[1:]]
        if not beschriftet:
            if quelle:
                return "\n".join(tabelle) + "\n\n" + quelle
            return "\n".join(tabelle)
        name = self._neuer_name(titel)
        self.anker.update(dict.fromkeys(_anker(beschriftung[1]), name))  # Word's REF to the caption
        if not titel:
            self.befund(
                "beschriftung",
                f"Die Beschriftung „{beschriftet}“ hat nur eine Nummer; bitte einen Titel ergänzen.",
            )
            titel = beschriftet
        optionen = f":titel: {titel}\n" + (_quelle_optionen(quelle) if quelle else "")
        if not quelle:
            self.befund(
                "quelle",
                f"Die Tabelle „{titel}“ hat keine Zeile „Quelle: …“ darunter; der Bericht verlangt eine Quelle.",
                hinweis="Ergänzen Sie „:quelle: …“ im Tabellenblock des Kapitels.",
            )
        return f"```{{tabelle}} {name}\n{optionen}\n" + "\n".join(tabelle) + "\n```"


def _maskieren(text: str) -> str:
    return re.sub(r"([*_`\[\]<>\\])", r"\\\1", text)


def _klartext(teile: list[dict]) -> str:
    aus = []
    for t in teile:
        art, c = t["t"], t.get("c")
        if art == "Str":
            aus.append(c)
        elif art in ("Space", "SoftBreak", "LineBreak"):
            aus.append(" ")
        elif art in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
            aus.append(_klartext(c))
        elif art in ("Link", "Span", "Quoted"):
            aus.append(_klartext(c[1]))
        elif art == "Code":
            aus.append(c[1])
    return "".join(aus)


def _anker(x) -> list[str]:
    """The bookmarks (pandoc's anchor spans) anywhere in part of the tree."""
    if isinstance(x, list):
        return [a for e in x for a in _anker(e)]
    if not isinstance(x, dict):
        return []
    if x.get("t") == "Span" and "anchor" in x["c"][0][1]:
        return [x["c"][0][0], *_anker(x["c"][1])]
    return _anker(x.get("c"))


def _klartext_bloecke(bloecke: list[dict]) -> str:
    aus = []
    for b in bloecke:
        if b["t"] in ("Para", "Plain"):
            aus.append(_klartext(b["c"]))
        elif b["t"] == "Header":
            aus.append(_klartext(b["c"][2]))
        elif b["t"] == "Div":
            aus.append(_klartext_bloecke(b["c"][1]))
    return " ".join(aus)


def _titel_ohne_nummer(beschriftung: str, marken: str = "tabelle|table|tab\\.") -> str:
    """A caption without its label and number ("Tabelle 3: Wohnungen" → "Wohnungen"): the report
    numbers its tables and figures itself."""
    ohne = re.sub(rf"(?i)^({marken})\s*[\dA-Z]+(\.\d+)*\s*[:.–-]?\s*", "", beschriftung)
    return re.sub(r"^[:.–-]\s*", "", ohne).strip()  # pandoc took "Figure 1" away, the colon stayed


def _quelle_optionen(zeile: str) -> str:
    """The block options of a line "Quelle: …; Stichtag: …" below a table or a figure."""
    teile = re.split(r"(?i);\s*stichtag\s*:\s*", re.sub(r"(?i)^quellen?\s*:\s*", "", zeile), maxsplit=1)
    return f":quelle: {teile[0].strip()}\n" + (f":stichtag: {teile[1].strip()}\n" if len(teile) > 1 else "")


def _nur_bild(b: dict) -> bool:
    """A paragraph that holds a picture and nothing else (a figure as Word writes it)."""
    teile = (
        [t for t in b.get("c") or [] if t.get("t") not in ("Space", "SoftBreak")]
        if b["t"] in ("Para", "Plain")
        else []
    )
    return len(teile) == 1 and teile[0]["t"] == "Image"


def _name(titel: str) -> str:
    ersetzt = titel.lower().translate(UMLAUTE)
    return "_".join(_WORT.findall(ersetzt))[:40] or "tabelle"


@dataclass
class _Stil:
    """A paragraph style of the Word file, as styles.xml defines it."""

    basis: str | None
    """The name of the style it is based on (`w:basedOn`)."""
    ebene: int | None
    """Its outline level (`w:outlineLvl`, 0 = heading 1; 9 = body text)."""
    eigen: bool
    """A style the author made (`w:customStyle`), not one of Word's built-in styles."""


@dataclass
class _Diagramm:
    """A Word chart: where it stands and the series Word keeps beside it (its cache)."""

    absatz: int
    spalten: list[tuple[str, list[str]]]
    """(heading, values) of the table its cache makes (`_spalten`), values as stored ("12.5")."""


@dataclass
class _Datei:
    """What the Word file itself says, read from its XML (the accounting's side of the ledger)."""

    woerter: list[str] = field(default_factory=list)
    absaetze: list[list[str]] = field(default_factory=list)
    """The words of every paragraph of the body, in order ("Absatz N" is the N-th)."""
    geaendert: bool = False
    endnoten: list[int] = field(default_factory=list)
    """The paragraph of every endnote reference."""
    kommentare: list[tuple[int, str]] = field(default_factory=list)
    """(paragraph, text) of every comment."""
    textfelder: list[int] = field(default_factory=list)
    diagramme: list[_Diagramm] = field(default_factory=list)
    smartart: list[tuple[int, str]] = field(default_factory=list)
    """(paragraph, text) of every SmartArt graphic (its text is in a part pandoc does not read)."""
    stile: dict[str, _Stil] = field(default_factory=dict)
    """Every paragraph style by its name."""
    verknuepft: list[int] = field(default_factory=list)
    """The paragraph of every picture only linked, not held in the file (pandoc drops it)."""
    nummern: list[str] = field(default_factory=list)
    """The label and number of every caption ("Figure 1", "Tabelle 3"): the report numbers anew."""
    felder: list[tuple[int, str]] = field(default_factory=list)
    """(paragraph, instruction) of every field of the body ("DATE \\@ dd.MM.yyyy", "REF _Ref1 \\h")."""


TEXTSTILE = {
    "normal",
    "body text",
    "first paragraph",
    "compact",
    "footnote text",
    "endnote text",
    "list paragraph",
    "plain text",
    "no spacing",
    "table contents",
    "tabelleninhalt",
    "quelle",
    "source",
}
"""Styles of running text by name (Word's, pandoc's, LibreOffice's and berichtsgen's own "Quelle"),
whichever way a template marks them: their paragraphs are paragraphs, no finding."""


def _rollen(stile: dict[str, _Stil], eigene: dict[str, str]) -> dict[str, str | None]:
    """What the paragraphs of each style become: "ueberschrift-N", "titel", "zitat", "absatz",
    "verzeichnis" (Word's table of contents), or None for a style of the author's own that
    nothing maps. In this order: [import.stile] (`eigene`, by name in lower case), the built-in
    name (also in German, as the template reader knows it), the outline level, the base style."""

    def rolle(name: str, tiefe: int = 0) -> str | None:
        schluessel = name.casefold()
        if schluessel in eigene:
            return eigene[schluessel]
        schluessel = ALIASSE.get(schluessel, schluessel)
        if m := re.fullmatch(r"heading (\d)", schluessel):
            return f"ueberschrift-{m[1]}"
        if schluessel == "caption":
            return "beschriftung"
        if schluessel in ("title", "quote", "intense quote"):
            return "titel" if schluessel == "title" else "zitat"
        if schluessel in TEXTSTILE or re.fullmatch(r"list (bullet|number|continue)( \d)?", schluessel):
            return "absatz"
        if re.fullmatch(r"toc \d|table of figures|toc heading", schluessel):
            return "verzeichnis"
        stil = stile.get(name)
        if stil is None or tiefe > 30:
            return "absatz"
        if stil.ebene is not None and stil.ebene < 9:
            return f"ueberschrift-{stil.ebene + 1}"
        if stil.basis:  # a style of the author's own is body text only if [import.stile] says so
            geerbt = rolle(stil.basis, tiefe + 1)
            return None if stil.eigen and geerbt in ("absatz", None) else geerbt
        return None if stil.eigen else "absatz"

    return {name.casefold(): rolle(name) for name in stile}


def _absatztexte(wurzel: etree._Element, aenderungen: str | None) -> list[str]:
    """The text of every paragraph (runs joined: Word splits words over runs), as it stands after
    the tracked changes are accepted (or rejected)."""
    texte = []
    for absatz in wurzel.iter(f"{W}p"):
        teile = []
        for t in absatz.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr"):
            if next(t.iterancestors(f"{W}p")) is not absatz:
                continue  # a text box's paragraph, counted on its own
            if any(v.tag == MC_FALLBACK for v in t.iterancestors()):
                continue  # the same content as its mc:Choice, for older programs
            geloescht = any(v.tag in (f"{W}del", f"{W}moveFrom") for v in t.iterancestors())
            eingefuegt = any(v.tag in (f"{W}ins", f"{W}moveTo") for v in t.iterancestors())
            if (geloescht and aenderungen != "ablehnen") or (eingefuegt and aenderungen == "ablehnen"):
                continue
            teile.append(t.text or "" if t.tag in (f"{W}t", f"{W}delText") else " ")
        texte.append("".join(teile))
    return texte


_STRIKT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": paket.W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/chart": b"http://schemas.openxmlformats.org/drawingml/2006/chart",
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"http://purl.oclc.org/ooxml/drawingml/diagram": b"http://schemas.openxmlformats.org/drawingml/2006/diagram",
}
"""Strict OOXML's namespaces of the same elements (a file saved as "Strict Open XML")."""
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"


def _xml(z: zipfile.ZipFile, teil: str) -> etree._Element:
    inhalt = z.read(teil)
    for strikt, uebergang in _STRIKT.items():
        inhalt = inhalt.replace(strikt, uebergang)
    return etree.fromstring(inhalt, paket.SICHER)


def _ziele(z: zipfile.ZipFile, namen: set[str]) -> dict[str, str]:
    """The parts document.xml refers to, by relationship id (word/charts/chart1.xml …)."""
    teil = "word/_rels/document.xml.rels"
    if teil not in namen:
        return {}
    ziele = {}
    for r in etree.fromstring(z.read(teil), paket.SICHER):
        ziel = r.get("Target", "")
        ziele[r.get("Id")] = ziel.lstrip("/") if ziel.startswith("/") else "word/" + ziel
    return ziele


def _spalten(wurzel: etree._Element) -> list[tuple[str, list[str]]]:
    """The series Word keeps beside a chart (its cache), as the columns of a table: the categories
    (or x values) once if every series has the same, else beside each series; then every series'
    values (y values, bubble sizes). Each value as Word stored it."""

    def punkte(e: etree._Element | None) -> list[str]:
        if e is None:
            return []
        ebenen = e.findall(f".//{_C}lvl") or [e]  # categories in several levels: "2018 / Mädchen"
        werte: dict[int, list[str]] = {}
        for ebene in reversed(ebenen):
            for pt in ebene.iter(f"{_C}pt"):
                werte.setdefault(int(pt.get("idx", "0")), []).append(pt.findtext(f"{_C}v") or "")
        return [" / ".join(werte.get(i, [""])) for i in range(max(werte, default=-1) + 1)]

    reihen = []
    for ser in wurzel.iter(f"{_C}ser"):
        name = (
            " ".join(v.text or "" for v in ser.iterfind(f"{_C}tx//{_C}v")).strip()
            or f"Reihe {len(reihen) + 1}"
        )
        achse = "X-Wert" if ser.find(f"{_C}xVal") is not None else "Kategorie"
        kategorien = punkte(ser.find(f"{_C}cat")) or punkte(ser.find(f"{_C}xVal"))
        werte = [(name, punkte(ser.find(f"{_C}val")) or punkte(ser.find(f"{_C}yVal")))]
        if ser.find(f"{_C}bubbleSize") is not None:
            werte.append((f"{name} (Blasengröße)", punkte(ser.find(f"{_C}bubbleSize"))))
        reihen.append((name, achse, kategorien, werte))
    if not reihen:
        return []
    gemeinsam = all(r[2] == reihen[0][2] for r in reihen)
    spalten = [(reihen[0][1], reihen[0][2])] if gemeinsam and reihen[0][2] else []
    for name, achse, kategorien, werte in reihen:
        if not gemeinsam and kategorien:
            spalten.append((f"{name} ({achse})", kategorien))
        spalten += werte
    return spalten


def _felder(wurzel: etree._Element, absatz: Callable[[etree._Element], int]) -> list[tuple[int, str]]:
    """(paragraph, instruction) of every field: simple ones (w:fldSimple) and those Word writes
    as runs (w:fldChar begin, w:instrText …, separate, end; nested fields too)."""
    felder = [(absatz(e), e.get(f"{W}instr") or "") for e in wurzel.iter(f"{W}fldSimple")]
    offen: list[list] = []
    for e in wurzel.iter(f"{W}fldChar", f"{W}instrText"):
        if any(v.tag == MC_FALLBACK for v in e.iterancestors()):
            continue
        art = e.get(f"{W}fldCharType")
        if e.tag == f"{W}instrText":
            if offen and offen[-1][2]:
                offen[-1][1] += e.text or ""
        elif art == "begin":
            offen.append([absatz(e), "", True])
        elif art == "separate" and offen:
            offen[-1][2] = False
        elif art == "end" and offen:
            anfang, anweisung, _ = offen.pop()
            felder.append((anfang, anweisung.strip()))
    return sorted(felder, key=lambda f: f[0])


OHNE_BEFUND = {"HYPERLINK", "SEQ", "TOC", "REF", ""}
"""Fields that come over as they are meant: links, caption numbers (the report numbers), Word's
table of contents (a finding of its own), cross-references (resolved, or a finding of their own)."""


def _fuer_pandoc(pfad: Path, arbeit: Path) -> Path:
    """The Word file as pandoc is to read it: a simple field that points to a bookmark the file
    does not have (a REF copied from another document) made its result text, which pandoc would
    drop with the field. Returns `pfad` itself where nothing needs changing."""
    with zipfile.ZipFile(pfad) as z:
        wurzel = etree.fromstring(z.read("word/document.xml"), paket.SICHER)
        marken = {m.get(f"{W}name") for m in wurzel.iter(f"{W}bookmarkStart")}
        geaendert = False
        for feld in list(wurzel.iter(f"{W}fldSimple")):
            teile = (feld.get(f"{W}instr") or "").split()
            if (
                len(teile) > 1
                and teile[0].upper() in ("REF", "PAGEREF", "NOTEREF")
                and teile[1] not in marken
            ):
                eltern, stelle = feld.getparent(), feld.getparent().index(feld)
                for kind in reversed(list(feld)):
                    eltern.insert(stelle, kind)
                eltern.remove(feld)
                geaendert = True
        if not geaendert:
            return pfad
        ziel = arbeit / "fuer-pandoc.docx"
        with zipfile.ZipFile(ziel, "w", zipfile.ZIP_DEFLATED) as neu:
            for info in z.infolist():
                if info.filename == "word/document.xml":
                    neu.writestr(
                        info, etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", standalone=True)
                    )
                else:
                    neu.writestr(info, z.read(info))
    return ziel


def _metadaten(meta: dict) -> tuple[str | None, list[dict]]:
    """What pandoc took out of the text as metadata (the Title, Subtitle, Author, Date and
    Abstract paragraphs at the start): the title, and the rest as paragraphs in their order."""

    def bloecke(wert: dict) -> list[dict]:
        if wert["t"] == "MetaInlines":
            return [{"t": "Para", "c": wert["c"]}]
        if wert["t"] == "MetaBlocks":
            return wert["c"]
        if wert["t"] == "MetaList":
            return [b for w in wert["c"] for b in bloecke(w)]
        if wert["t"] == "MetaString":
            return [{"t": "Para", "c": [{"t": "Str", "c": wert["c"]}]}]
        return []

    titel = _klartext_bloecke(bloecke(meta["title"])).strip() if "title" in meta else None
    rest = [
        b for name in ("subtitle", "author", "date", "abstract") if name in meta for b in bloecke(meta[name])
    ]
    return titel or None, rest


def _stilname(e: etree._Element) -> str:
    """A style's name as Word shows it (and pandoc's custom-style says), else its id."""
    name = e.find(f"{W}name")
    return (name.get(f"{W}val") if name is not None else None) or e.get(f"{W}styleId") or ""


def _lesen(pfad: Path, aenderungen: str | None) -> _Datei:
    d = _Datei()
    with zipfile.ZipFile(pfad) as z:
        paket.begrenzen(z, Ort(pfad.name), "Word-Datei", "Word")  # parts, size, no DTD: as for templates
        namen = set(z.namelist())
        ziele = _ziele(z, namen)
        orte: dict[str | None, int] = {}
        for teil in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if teil not in namen:
                continue
            wurzel = _xml(z, teil)
            texte = _absatztexte(wurzel, aenderungen)
            for text in texte:
                d.woerter += _WORT.findall(text.casefold())
            if teil != "word/document.xml":
                continue
            d.absaetze = [_WORT.findall(t.casefold()) for t in texte]
            nummer = {a: i + 1 for i, a in enumerate(list(wurzel.iter(f"{W}p")))}

            def absatz(e: etree._Element, nummer: dict[etree._Element, int] = nummer) -> int:
                return nummer.get(next(e.iterancestors(f"{W}p"), None), 0)

            d.geaendert = any(True for e in wurzel.iter() if e.tag in _GEAENDERT)
            d.felder = _felder(wurzel, absatz)
            d.verknuepft = [
                absatz(e)
                for e in wurzel.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
                if e.get(f"{_R}link") and not e.get(f"{_R}embed")
            ]
            for nummer_des_absatzes, anweisung in d.felder:
                if anweisung.split()[:1] == ["SEQ"] and 0 < nummer_des_absatzes <= len(texte):
                    marke = re.match(r"\s*\D{0,40}?\d+(?:[.-]\d+)*", texte[nummer_des_absatzes - 1])
                    d.nummern += [marke[0]] if marke else []
            d.endnoten = [absatz(e) for e in wurzel.iter(f"{W}endnoteReference")]
            d.textfelder = [
                absatz(e)
                for e in wurzel.iter(f"{W}txbxContent")
                if not any(v.tag == MC_FALLBACK for v in e.iterancestors())  # the same box again
            ]
            orte = {e.get(f"{W}id"): absatz(e) for e in wurzel.iter(f"{W}commentReference")}
            for e in wurzel.iter(f"{_C}chart"):
                teil_des_diagramms = ziele.get(e.get(f"{_R}id"), "")
                if teil_des_diagramms in namen:
                    d.diagramme.append(_Diagramm(absatz(e), _spalten(_xml(z, teil_des_diagramms))))
            for e in wurzel.iter(f"{_DGM}relIds"):
                teil_der_grafik = ziele.get(e.get(f"{_R}dm"), "")
                if teil_der_grafik in namen:
                    texte = [
                        t.text or ""
                        for t in _xml(z, teil_der_grafik).iter(
                            "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
                        )
                    ]
                    text = " ".join(t for t in texte if t.strip())
                    d.smartart.append((absatz(e), text))
                    d.woerter += _WORT.findall(text.casefold())
        if "word/comments.xml" in namen:
            for k in _xml(z, "word/comments.xml").iter(f"{W}comment"):
                d.kommentare.append((orte.get(k.get(f"{W}id"), 0), " ".join(_absatztexte(k, None))))
        if "word/styles.xml" in namen:
            stile = [
                e for e in _xml(z, "word/styles.xml").iter(f"{W}style") if e.get(f"{W}type") == "paragraph"
            ]
            ids = {e.get(f"{W}styleId"): _stilname(e) for e in stile}
            for e in stile:
                basis = e.find(f"{W}basedOn")
                ebene = e.find(f"{W}pPr/{W}outlineLvl")
                d.stile[_stilname(e)] = _Stil(
                    ids.get(basis.get(f"{W}val")) if basis is not None else None,
                    int(ebene.get(f"{W}val"))
                    if ebene is not None and ebene.get(f"{W}val", "").isdigit()
                    else None,
                    e.get(f"{W}customStyle") in ("1", "true"),
                )
    return d


def import_docx(
    jahr: int,
    beitrag: str | Path,
    kapitel: str,
    projekt: str | Path = ".",
    *,
    aenderungen: str | None = None,
    schreiben: bool = True,
) -> Import:
    """Turn the Word file `beitrag` into the chapter `inhalte/JAHR/KAPITEL.md` of the project.

    `aenderungen` ("annehmen" or "ablehnen") says what becomes of tracked changes; without it a
    file with open changes is refused. The chapter is written only if it does not exist yet.
    A .doc, .odt or .rtf file is first converted with LibreOffice.
    """
    p = projekt_laden(projekt, jahr)
    pfad = Path(beitrag)
    if pfad.suffix.lower() not in ENDUNGEN or not pfad.is_file():
        raise EinstellungsFehler(
            f"„{pfad.name}“ ist keine Word-Datei (.docx, .doc, .odt oder .rtf).",
            Ort(pfad.name),
            "Speichern Sie den Beitrag in Word als .docx.",
        )
    if aenderungen is not None and aenderungen not in AENDERUNGEN:
        raise EinstellungsFehler(
            f"„--aenderungen {aenderungen}“ ist nicht möglich.", None, "Möglich: annehmen, ablehnen."
        )
    if not re.fullmatch(r"[\w-]+", kapitel):
        raise EinstellungsFehler(f"„{kapitel}“ ist kein Kapitelname.", None, "Beispiel: --kapitel 03-wohnen")
    ziel = p.inhaltsordner / f"{kapitel}.md"
    if ziel.exists():
        raise EinstellungsFehler(
            f"Das Kapitel „{p.relativ(ziel)}“ gibt es schon.",
            None,
            "Wählen Sie einen anderen Namen mit --kapitel.",
        )
    with tempfile.TemporaryDirectory(prefix="berichtsgen-umwandlung-") as umwandlung:
        lesbar = pfad
        if pfad.suffix.lower() != ".docx":
            from .export.libreoffice import nach_docx

            lesbar = nach_docx(pfad, Path(umwandlung))
        return _importieren(p, pfad, lesbar, ziel, kapitel, aenderungen, schreiben)


def _importieren(
    p: Projekt, pfad: Path, lesbar: Path, ziel: Path, kapitel: str, aenderungen: str | None, schreiben: bool
) -> Import:
    """`import_docx` once the file is a .docx (`lesbar`, converted from `pfad` where it was not)."""
    import pypandoc

    jahr = p.jahr
    ort = Ort(pfad.name)
    try:
        datei = _lesen(lesbar, aenderungen)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
        raise InhaltsFehler(f"„{pfad.name}“ lässt sich nicht als Word-Datei lesen.", ort) from None
    if datei.geaendert and aenderungen is None:
        raise InhaltsFehler(
            f"„{pfad.name}“ enthält nachverfolgte Änderungen, die noch offen sind.",
            ort,
            "Sagen Sie, was mit ihnen geschieht: --aenderungen annehmen oder --aenderungen ablehnen.",
        )
    with tempfile.TemporaryDirectory(prefix="berichtsgen-import-") as arbeit:
        args = [f"--extract-media={arbeit}"]
        if aenderungen:
            args.append(f"--track-changes={AENDERUNGEN[aenderungen]}")
        vorbereitet = _fuer_pandoc(lesbar, Path(arbeit))
        baum = json.loads(
            pypandoc.convert_file(str(vorbereitet), "json", format="docx+styles", extra_args=args)
        )
        leser = _Leser(
            pfad.name,
            p.inhaltsordner / "bilder",
            kapitel,
            schreiben,
            absaetze=datei.absaetze,
            rollen=_rollen(datei.stile, dict(p.importstile)),
        )
        titel, vorspann = _metadaten(baum.get("meta", {}))
        bloecke = leser.umbauen(vorspann + _listen_verschachteln(baum["blocks"]))
        n = len(vorspann)  # Word's title, then "Handlungsfeld B: Bildung": the latter is the chapter's
        if titel is not None and n < len(bloecke) and _handlungsfeld(bloecke[n]):
            bloecke = [
                bloecke[n],
                {"t": "Para", "c": [{"t": "Str", "c": titel}]},
                *bloecke[:n],
                *bloecke[n + 1 :],
            ]
            titel = None
        if titel is None and bloecke and bloecke[0]["t"] == "Header" and bloecke[0]["c"][0] == 1:
            titel = _klartext(bloecke[0]["c"][2]).strip()
            leser.verorten(titel)
            bloecke = bloecke[1:]
        text = leser.bloecke(bloecke)
    for leser.absatz in datei.endnoten:
        leser.befund("endnote", "Die Endnote steht als Fußnote im Kapitel.")
    for leser.absatz in datei.verknuepft:
        leser.befund(
            "bild",
            "Ein Bild ist nur verknüpft, nicht in der Datei gespeichert, und kommt nicht mit.",
            hinweis="Fügen Sie es in Word ein (nicht verknüpft) oder legen Sie die Bilddatei bei.",
        )
    for leser.absatz in datei.textfelder:
        leser.befund("textfeld", "Der Text des Textfelds steht als Absatz im Kapitel.")
    ordner = p.wurzel / BEITRAEGE / str(jahr) / kapitel
    tabellen = _diagrammwerte(datei.diagramme)
    for diagramm, (name, _inhalt) in zip(datei.diagramme, tabellen, strict=True):
        leser.absatz = diagramm.absatz
        leser.befund(
            "diagramm",
            f"Ein Word-Diagramm kommt nicht mit; seine Werte stehen in {p.relativ(ordner / name)}.",
            " ".join(kopf for kopf, _werte in diagramm.spalten),
            hinweis="Legen Sie es als Diagramm aus Daten an (README: Diagramme).",
        )
    for leser.absatz, text_der_grafik in datei.smartart:
        leser.befund(
            "smartart",
            f"Eine SmartArt-Grafik kommt nicht mit; ihr Text: „{text_der_grafik[:120]}“",
            text_der_grafik,
        )
    for leser.absatz, kommentar in datei.kommentare:
        if not any(kommentar.strip() and kommentar.strip() in v for v in leser.verloren):
            leser.befund(
                "kommentar",
                f"Ein Kommentar kommt nicht in das Kapitel: „{kommentar.strip()[:80]}“",
                kommentar,
            )
    for leser.absatz, anweisung in datei.felder:
        name = (anweisung.split() or [""])[0].upper()
        if name in OHNE_BEFUND or (name == "PAGEREF" and "_Toc" in anweisung):
            continue
        leser.befund(
            "feld", f"Das Feld {name} kommt als fester Text ins Kapitel; dort rechnet es nicht mehr."
        )
    noten = "".join(f"\n\n[^{i}]: {n}" for i, n in enumerate(leser.noten, start=1))
    kopf = _kopf(titel or kapitel)
    querverweise = {
        a.split()[1] for _, a in datei.felder if len(a.split()) > 1 and a.split()[0].upper() == "REF"
    }
    markdown = leser.verweise_aufloesen(kopf + text + noten + "\n", querverweise)
    angekommen = " ".join([markdown, *leser.verloren, *datei.nummern, titel or ""])
    _abrechnen(pfad.name, datei.woerter, angekommen)
    befunde = sorted(leser.befunde, key=lambda b: b.ort.zeile or 0)  # in the order of the Word file
    ergebnis = Import(
        ziel, markdown, befunde, leser.kopiert, ordner / PROTOKOLL, [ordner / name for name, _ in tabellen]
    )
    original = pfad.read_bytes()
    protokoll = {
        "kapitel": p.relativ(ziel),
        "beitrag": pfad.name,
        "umgewandelt": None if lesbar == pfad else "LibreOffice",
        "sha256": hashlib.sha256(original).hexdigest(),
        "importiert": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "aenderungen": aenderungen,
        "bilder": [p.relativ(b) for b in leser.kopiert],
        "diagrammwerte": [p.relativ(d) for d in ergebnis.diagrammwerte],
        "befunde": [
            {"regel": b.regel, "ort": b.ort.text(), "meldung": b.meldung, "hinweis": b.hinweis}
            for b in befunde
        ],
    }
    if schreiben:
        ordner.mkdir(parents=True, exist_ok=True)
        atomar_schreiben(ordner / pfad.name, original)  # the file as it came, for the record
        for name, inhalt in tabellen:
            atomar_schreiben(ordner / name, inhalt.encode("utf-8-sig"))  # Excel opens it as it is
        json_schreiben(ordner / PROTOKOLL, protokoll)
        atomar_schreiben(ziel, markdown.encode("utf-8"))
    return ergebnis


def _eintraege(b: dict) -> list:
    return b["c"][1] if b["t"] == "OrderedList" else b["c"]


def _listenebene(b: dict) -> int | None:
    """The level of a list Word made with its list styles ("List Bullet 2", "Aufzählungszeichen 2"),
    which pandoc reads as a list of its own; None for any other block."""
    if b.get("t") not in ("BulletList", "OrderedList") or not _eintraege(b) or not _eintraege(b)[0]:
        return None
    erster = _eintraege(b)[0][0]
    stil = dict(erster["c"][0][2]).get("custom-style", "") if erster.get("t") == "Div" else ""
    name = ALIASSE.get(stil.casefold(), stil.casefold())
    treffer = re.fullmatch(r"list (?:bullet|number)(?: (\d))?", name)
    return int(treffer[1] or 1) if treffer else None


def _listen_verschachteln(bloecke: list[dict]) -> list[dict]:
    """Put a list in "List Bullet 2" into the last item of the list before it, and join the list
    that goes on after it with that one: the nesting the author saw in Word."""
    aus: list[dict] = []
    for b in bloecke:
        ebene = _listenebene(b)
        vorige = _listenebene(aus[-1]) if aus else None
        if ebene and vorige and ebene > vorige:
            liste, tiefe = aus[-1], vorige
            while tiefe < ebene - 1:
                letzter = _eintraege(liste)[-1][-1] if _eintraege(liste)[-1] else None
                if letzter is None or letzter.get("t") not in ("BulletList", "OrderedList"):
                    break
                liste, tiefe = letzter, tiefe + 1
            _eintraege(liste)[-1].append(b)
            continue
        if (
            ebene
            and ebene == vorige
            and aus[-1]["t"] == b["t"]
            and any(
                len(e) > 1 and e[-1].get("t") in ("BulletList", "OrderedList") for e in _eintraege(aus[-1])
            )
        ):
            _eintraege(aus[-1]).extend(_eintraege(b))  # the list goes on after its nested part
            continue
        aus.append(b)
    return aus


def _handlungsfeld(b: dict) -> bool:
    """A first-level heading "Handlungsfeld A: …"."""
    return (
        b["t"] == "Header" and b["c"][0] == 1 and bool(_HANDLUNGSFELD.fullmatch(_klartext(b["c"][2]).strip()))
    )


_HANDLUNGSFELD = re.compile(r"(?i)handlungsfeld\s+([A-Za-z0-9]{1,3})\s*[:.–-]\s*(.+)")


def _kopf(titel: str) -> str:
    """The chapter's front matter: a heading "Handlungsfeld A: Sprache" is `handlungsfeld: A`
    with the title "Sprache" (the report writes the prefix itself, the same in every chapter)."""
    feld = _HANDLUNGSFELD.fullmatch(titel)
    if feld:
        return f"---\nhandlungsfeld: {feld[1]}\ntitel: {json.dumps(feld[2].strip(), ensure_ascii=False)}\n---\n\n"
    return f"---\ntitel: {json.dumps(titel, ensure_ascii=False)}\n---\n\n"


def _diagrammwerte(diagramme: list[_Diagramm]) -> list[tuple[str, str]]:
    """(file name, CSV) of the series Word keeps beside each chart: `;` and decimal comma, as the
    project's data files are; each value as Word stored it, only its point made a comma."""
    tabellen = []
    for n, diagramm in enumerate(diagramme, start=1):
        laenge = max((len(werte) for _kopf, werte in diagramm.spalten), default=0)
        zeilen = [[kopf for kopf, _werte in diagramm.spalten]]
        zeilen += [
            [_dezimalkomma(w[i] if i < len(w) else "") for _k, w in diagramm.spalten] for i in range(laenge)
        ]
        inhalt = "".join(";".join(_csvfeld(f) for f in z) + "\r\n" for z in zeilen)
        tabellen.append((f"diagramm-{n}.csv", inhalt))
    return tabellen


def _dezimalkomma(wert: str) -> str:
    """A number as Word stored it ("4.4000000000000004"), with a decimal comma; text stays."""
    return wert.replace(".", ",") if re.fullmatch(r"-?\d+(\.\d+)?([Ee][-+]?\d+)?", wert) else wert


def _csvfeld(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(z in text for z in ';"\r\n') else text


@dataclass
class Kapitelstand:
    """Where one chapter stands in the contributions round (`status`)."""

    kapitel: str
    """The chapter's file name without .md."""
    fachbereich: str | None
    """Who delivers it ([beitraege] in berichtsgen.toml)."""
    importiert: str | None = None
    """When its Word file was imported (ISO time), from `import.json`."""
    beitrag: str | None = None
    """The Word file imported."""
    hinweise: int = 0
    """Findings of that import."""
    durchsichten: list[tuple[str, str | None, str]] = field(default_factory=list)
    """(time, to whom, Word file) of every review copy that held the chapter."""
    zurueck: list[list[tuple[str, str, bool, int]]] = field(default_factory=list)
    """Per review copy of `durchsichten`, its merged returns: (time merged, returned file, edits
    carried into this chapter, findings on it – what was not carried)."""
    offene_kommentare: int = 0
    """Reviewers' comments on this chapter not yet resolved."""
    vorhanden: bool = True
    """The chapter file exists (a chapter [beitraege] names may not be delivered yet)."""


def status(jahr: int, projekt: str | Path = ".") -> list[Kapitelstand]:
    """Per chapter of `jahr`: who delivers it, what was imported when with how many findings,
    what went out for review to whom (from the files under `beitraege/JAHR/`)."""
    p = projekt_laden(projekt, jahr)
    ordner = p.wurzel / BEITRAEGE / str(jahr)
    namen = sorted(d.stem for d in p.inhaltsordner.glob("*.md") if not d.name.startswith((".", "~")))
    stand = {n: Kapitelstand(n, p.beitraege.get(n)) for n in namen}
    for n, fb in p.beitraege.items():
        stand.setdefault(n, Kapitelstand(n, fb, vorhanden=False))
    for protokoll in ordner.glob(f"*/{PROTOKOLL}"):  # imported once, its chapter file since removed
        stand.setdefault(protokoll.parent.name, Kapitelstand(protokoll.parent.name, None, vorhanden=False))
    for n, k in stand.items():
        protokoll = ordner / n / PROTOKOLL
        if protokoll.is_file():
            daten = json.loads(protokoll.read_text(encoding="utf-8"))
            k.importiert, k.beitrag, k.hinweise = (
                daten.get("importiert"),
                daten.get("beitrag"),
                len(daten.get("befunde", [])),
            )
    for begleitung in sorted((ordner / "durchsicht").glob("*.json")):
        daten = json.loads(begleitung.read_text(encoding="utf-8"))
        if ".ruecklauf" in begleitung.name:  # a return merged (`merge --schreiben`)
            for c in offen_im_protokoll(daten):
                k = stand.get(Path(c["datei"]).stem) if c.get("datei") else None
                if k is not None:
                    k.offene_kommentare += 1
            continue
        for datei in daten.get("kapitel", []):
            k = stand.get(Path(datei).stem)
            if k is not None:
                k.durchsichten.append(
                    (daten.get("erstellt", ""), daten.get("an"), p.relativ(begleitung.with_suffix(".docx")))
                )
                k.zurueck.append([])
                for rueck in protokolle(begleitung.parent, begleitung.stem):
                    r = json.loads(rueck.read_text(encoding="utf-8"))
                    meldungen = sum(1 for b in r.get("befunde", []) if b.startswith(f"{datei}:"))
                    eintrag = (
                        r.get("zusammengefuehrt", ""),
                        r.get("rueckdatei", ""),
                        datei in r.get("geaendert", []),
                    )
                    k.zurueck[-1].append((*eintrag, meldungen))
    return [stand[n] for n in sorted(stand)]


def _abrechnen(datei: str, woerter: list[str], angekommen: str) -> None:
    """Every word of the Word file is in the chapter or in a finding; else the import fails."""
    da = set(_WORT.findall(angekommen.casefold().replace("\\", "")))
    fehlt = [w for w in dict.fromkeys(woerter) if w not in da]
    if fehlt:
        raise InhaltsFehler(
            f"Aus „{datei}“ kämen {len(fehlt)} Wörter nicht an, etwa: " + ", ".join(fehlt[:5]) + ".",
            Ort(datei),
            "Bitte melden Sie diesen Fehler mit der Datei; der Beitrag ist nicht übernommen.",
        )
