"""`berichtsgen merge`: a review copy back from a department – its edits into the Markdown.

The returned Word file is read directly (pandoc drops bookmarks and point comments). Each
paragraph sent out carries a bookmark `bg_NNNN_MM` (block NNNN, its paragraph MM) and the sidecar
of `review` holds what each paragraph said and the Markdown lines of its block. Per block the text
with every tracked change accepted is compared with the text sent; a difference is carried into the
block's Markdown at the place it aligns with, so bold, links and footnotes around it stay. What
cannot be carried safely – an edit in a printed value, in a computed table or chart, in a
caption or cross-reference, in a block whose source changed since the review went out – is
reported with where it comes from, never applied. Every carried edit is proven: the block's text
as Markdown reads it afterwards must differ from the Word text only where it did before.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import glob
import hashlib
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .darstellung.paket import SICHER
from .dateien import atomar_schreiben, json_schreiben
from .fehler import Befund, EinstellungsFehler, InhaltsFehler, Ort
from .inhalt.markdown import lesetext, zeilenarten
from .projekt import Projekt, projekt_laden

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
EIGENSCHAFTEN = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
EIGENSCHAFT = "berichtsgen-durchsicht"
WERT = "\ue002"
"""One printed value, in the aligned texts (the value's text on the Word side, its `{{ … }}` in
the Markdown)."""
VERWEIS = "\ue003"
"""A cross-reference `[](#name)` in the Markdown's text (its "Tabelle 7" is computed)."""
PROTOKOLL = "ruecklauf.json"
"""The merge protocol beside the review's sidecar: `KENNUNG.ruecklauf.json`."""


# --- reading the returned Word file -----------------------------------------------------------


@dataclass
class Absatz:
    """One paragraph of the returned body: its bookmarks and its text both ways."""

    marken: list[str]
    angenommen: str
    """The text with every tracked change accepted."""
    abgelehnt: str
    """The text with every tracked change rejected (what the reviewer got, unless edited untracked)."""
    marke_eingefuegt: bool = False
    """The paragraph mark is a tracked insertion (the reviewer split the paragraph here)."""
    marke_geloescht: bool = False
    """The paragraph mark is a tracked deletion (joined with the next)."""
    formatiert: bool = False
    """It holds a tracked change of formatting (w:rPrChange, w:pPrChange)."""


@dataclass
class Kommentar:
    """A point comment of the returned file, with its replies."""

    nummer: str
    autor: str
    datum: str
    text: str
    bezug: str = ""
    """The text it is anchored on."""
    absatz: int | None = None
    """The index of its paragraph in the body."""
    eltern: str | None = None
    """The comment it answers (Word's commentsExtended paraIdParent)."""
    erledigt: bool = False


@dataclass
class Rueckdatei:
    kennung: str | None
    absaetze: list[Absatz]
    kommentare: list[Kommentar]
    fussnoten_geaendert: list[tuple[str, str]] = field(default_factory=list)
    """Footnotes with tracked changes, (accepted, rejected) text (no bookmark reaches into a note)."""


def _unter(e: etree._Element, grenze: etree._Element, namen: tuple[str, ...]) -> bool:
    while e is not None and e is not grenze:
        if e.tag in namen:
            return True
        e = e.getparent()
    return False


_EINGEFUEGT = (f"{W}ins", f"{W}moveTo")
_GELOESCHT = (f"{W}del", f"{W}moveFrom")


def _texte(p: etree._Element) -> tuple[str, str]:
    """The paragraph's text with the changes accepted and with them rejected."""
    an, ab = [], []
    for e in p.iter(f"{W}t", f"{W}delText"):
        if _unter(e, p, (f"{MC}Fallback",)):
            continue
        if e.tag == f"{W}t":
            if not _unter(e, p, _GELOESCHT):
                an.append(e.text or "")
            if not _unter(e, p, _EINGEFUEGT):
                ab.append(e.text or "")
        elif not _unter(e, p, _EINGEFUEGT):
            ab.append(e.text or "")
    return "".join(an), "".join(ab)


def lesen(pfad: Path) -> Rueckdatei:
    """Read the returned review copy: its id, every body paragraph, its comments."""
    try:
        with zipfile.ZipFile(pfad) as z:
            namen = set(z.namelist())
            koerper = etree.fromstring(z.read("word/document.xml"), SICHER)
            teile = {n: etree.fromstring(z.read(n), SICHER) for n in namen if n in _TEILE}
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        raise EinstellungsFehler(
            f"„{pfad.name}“ ist keine lesbare Word-Datei (.docx).",
            Ort(pfad),
            "Speichern Sie den Rücklauf als Word-Dokument (.docx) oder in LibreOffice als .odt.",
        ) from None
    kennung = None
    if "docProps/custom.xml" in teile:
        e = teile["docProps/custom.xml"].find(f"{EIGENSCHAFTEN}property[@name='{EIGENSCHAFT}']")
        kennung = "".join(e.itertext()).strip() if e is not None else None
    absaetze, stelle = [], {}
    for p in koerper.iter(f"{W}p"):
        if _unter(p, None, (f"{MC}Fallback",)):
            continue
        an, ab = _texte(p)
        rpr = p.find(f"{W}pPr/{W}rPr")
        absaetze.append(
            Absatz(
                [
                    m.get(f"{W}name", "")
                    for m in p.iter(f"{W}bookmarkStart")
                    if m.get(f"{W}name", "").startswith("bg_")
                ],
                an,
                ab,
                rpr is not None and rpr.find(f"{W}ins") is not None,
                rpr is not None and rpr.find(f"{W}del") is not None,
                next(p.iter(f"{W}rPrChange", f"{W}pPrChange"), None) is not None or _anders_eingefuegt(p),
            )
        )
        for e in p.iter(f"{W}commentRangeStart", f"{W}commentReference"):
            stelle.setdefault(e.get(f"{W}id"), len(absaetze) - 1)
    return Rueckdatei(kennung, absaetze, _kommentare(koerper, teile, stelle), _fussnoten(teile))


def _auszeichnung(r: etree._Element) -> tuple[bool, bool]:
    """Bold and italic of a run, as its own properties say."""
    rpr = r.find(f"{W}rPr")

    def an(name: str) -> bool:
        e = rpr.find(f"{W}{name}") if rpr is not None else None
        return e is not None and e.get(f"{W}val", "true") not in ("0", "false", "off")

    return an("b"), an("i")


def _anders_eingefuegt(p: etree._Element) -> bool:
    """Text inserted bold or italic where the text it was typed after (or replaced) is not, or
    the other way round: Word gives typed text the formatting of the text before it, so the
    reviewer set it on purpose – and the Markdown, which takes the formatting before, misses it."""
    for link in p.iter(f"{W}hyperlink"):  # a link the reviewer added: its address does not come over
        texte = [r for r in link.iter(f"{W}r") if r.find(f"{W}t") is not None]
        if texte and all(_unter(r, p, _EINGEFUEGT) for r in texte):
            return True
    laeufe = [r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None or r.find(f"{W}delText") is not None]
    for i, r in enumerate(laeufe):
        if not _unter(r, p, _EINGEFUEGT):
            continue
        bezug = laeufe[i - 1] if i else next((x for x in laeufe[1:] if not _unter(x, p, _EINGEFUEGT)), None)
        if bezug is not None and _auszeichnung(r) != _auszeichnung(bezug):
            return True
    return False


_TEILE = (
    "docProps/custom.xml",
    "word/comments.xml",
    "word/commentsExtended.xml",
    "word/footnotes.xml",
    "word/endnotes.xml",
)


def _kommentare(koerper: etree._Element, teile: dict, stelle: dict[str, int]) -> list[Kommentar]:
    wurzel = teile.get("word/comments.xml")
    if wurzel is None:
        return []
    erweitert = {}  # paraId of a comment's last paragraph → (parent's paraId, done)
    if "word/commentsExtended.xml" in teile:
        for e in teile["word/commentsExtended.xml"].iter(f"{W15}commentEx"):
            erweitert[e.get(f"{W15}paraId")] = (e.get(f"{W15}paraIdParent"), e.get(f"{W15}done") == "1")
    bezug = _bezuege(koerper)
    liste, nach_para = [], {}
    for c in wurzel.iter(f"{W}comment"):
        nummer = c.get(f"{W}id", "")
        absaetze = c.findall(f".//{W}p")
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in absaetze).strip()
        para = absaetze[-1].get(f"{W14}paraId") if absaetze else None
        eltern_para, erledigt = erweitert.get(para, (None, False))
        k = Kommentar(
            nummer,
            c.get(f"{W}author", "") or "",
            _datum(c.get(f"{W}date", "") or ""),
            text,
            bezug.get(nummer, ""),
            stelle.get(nummer),
            eltern_para,
            erledigt,
        )
        for p in absaetze:
            nach_para[p.get(f"{W14}paraId")] = nummer
        liste.append(k)
    for k in liste:  # the parent's paraId → its comment's number
        if k.eltern is not None:
            k.eltern = nach_para.get(k.eltern)
    return liste


def _datum(iso: str) -> str:
    """A comment's date as a German reader writes it (Word stores 2026-12-02T10:15:00Z)."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{m[3]}.{m[2]}.{m[1]}" if m else ""


def _bezuege(koerper: etree._Element) -> dict[str, str]:
    """The text each comment is anchored on (between commentRangeStart and commentRangeEnd)."""
    offen: dict[str, list[str]] = {}
    fertig: dict[str, str] = {}
    for e in koerper.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
        if e.tag == f"{W}commentRangeStart":
            offen[e.get(f"{W}id")] = []
        elif e.tag == f"{W}commentRangeEnd":
            fertig[e.get(f"{W}id")] = "".join(offen.pop(e.get(f"{W}id"), []))
        else:
            for teil in offen.values():
                teil.append(e.text or "")
    return fertig


def _fussnoten(teile: dict) -> list[str]:
    geaendert = []
    for name in ("word/footnotes.xml", "word/endnotes.xml"):
        wurzel = teile.get(name)
        if wurzel is None:
            continue
        for note in wurzel:
            if note.find(f".//{W}ins") is not None or note.find(f".//{W}del") is not None:
                texte = [_texte(p) for p in note.iter(f"{W}p")]
                geaendert.append(
                    (" ".join(a for a, _b in texte).strip(), " ".join(b for _a, b in texte).strip())
                )
    return geaendert


# --- blocks back together -----------------------------------------------------------------------


@dataclass
class Blocktext:
    angenommen: str
    abgelehnt: str
    verbunden: bool = False
    """Its last paragraph mark is deleted: the reviewer joined it with the next block."""
    formatiert: bool = False
    """Some of its formatting was changed (tracked)."""


def _bloecke(rueck: Rueckdatei, fremd: set[str]) -> tuple[dict[str, Blocktext], dict[int, str]]:
    """Per block of the sidecar (bg_NNNN) its returned text both ways; and per body paragraph
    the block it belongs to. A paragraph without a bookmark belongs to the block before it (a
    split paragraph, a paragraph added), unless it is the template's own text."""
    gesammelt: dict[str, list[Absatz]] = {}
    zugehoerig: dict[int, str] = {}
    aktuell = None
    for i, a in enumerate(rueck.absaetze):
        if a.marken:
            aktuell = a.marken[0][:7]
        elif not (a.angenommen or a.abgelehnt) or (a.abgelehnt and a.abgelehnt in fremd):
            if a.abgelehnt in fremd:
                aktuell = None
            continue
        if aktuell is None:
            continue
        gesammelt.setdefault(aktuell, []).append(a)
        zugehoerig[i] = aktuell
    return {
        b: Blocktext(
            _fuegen(liste, True),
            _fuegen(liste, False),
            liste[-1].marke_geloescht,
            any(a.formatiert for a in liste),
        )
        for b, liste in gesammelt.items()
    }, zugehoerig


def _fuegen(absaetze: list[Absatz], angenommen: bool) -> str:
    """Paragraphs joined by "\\n", except where a paragraph mark is gone in this view."""
    teile = []
    for a in absaetze:
        teile.append(a.angenommen if angenommen else a.abgelehnt)
        weg = a.marke_geloescht if angenommen else a.marke_eingefuegt
        teile.append("" if weg else "\n")
    text = "".join(teile[:-1]) if teile else ""
    return "\n".join(z.strip() for z in text.split("\n") if z.strip())  # (Markdown has no spaces there)


# --- aligning the Word text with the Markdown ---------------------------------------------------


_AUSDRUCK = re.compile(r"\{\{.*?\}\}", re.S)
_ANWEISUNG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)


def _jinja_maskiert(quelle: str) -> str:
    """The source with each `{{ … }}` one WERT and statements removed, for Markdown to parse."""
    return _ANWEISUNG.sub("", _AUSDRUCK.sub(WERT, quelle))


def _titelwert(quelle: str) -> tuple[int, int] | None:
    """Where the value of `titel:` stands in a front matter block."""
    m = re.search(r"^titel:[ \t]*(?P<q>[\"']?)(?P<wert>.*?)(?P=q)[ \t]*$", quelle, re.M)
    return (m.start("wert"), m.end("wert")) if m else None


def _ausrichtbar(quelle: str) -> tuple[str, list[tuple[int, int]]]:
    """The characters of the source that can meet the Word text, each with its span in the
    source: a value's `{{ … }}` is one WERT, a line break inside a paragraph a space (with the
    next line's indentation and quote marks), footnote texts and statements are left out."""
    if quelle.startswith("---"):
        stelle = _titelwert(quelle)
        if stelle is None:
            return "", []
        return quelle[stelle[0] : stelle[1]], [(i, i + 1) for i in range(*stelle)]
    zeilen = quelle.split("\n")
    anfaenge = [0]
    for z in zeilen:
        anfaenge.append(anfaenge[-1] + len(z) + 1)
    weiter, aus = zeilenarten(_jinja_maskiert(quelle))
    ausgelassen = [(m.start(), m.end()) for m in _ANWEISUNG.finditer(quelle)]
    werte = {m.start(): m.end() for m in _AUSDRUCK.finditer(quelle)}
    zeichen, spannen = [], []
    i = 0
    while i < len(quelle):
        zeile = bisect.bisect_right(anfaenge, i) - 1
        if zeile in aus:
            i = anfaenge[zeile + 1]
            continue
        bis = next((e for s, e in ausgelassen if s == i), None)
        if bis is not None:
            i = bis
            continue
        if i in werte:
            zeichen.append(WERT)
            spannen.append((i, werte[i]))
            i = werte[i]
            continue
        c = quelle[i]
        if c == "\n" and zeile + 1 in weiter:
            m = re.compile(r"[ \t>]*").match(quelle, i + 1)
            zeichen.append(" ")
            spannen.append((i, m.end()))
            i = m.end()
            continue
        zeichen.append(c)
        spannen.append((i, i + 1))
        i += 1
    return "".join(zeichen), spannen


def klartext(quelle: str) -> str:
    """The text of a block's source as a reader sees it, paragraphs joined by "\\n" (values
    WERT, cross-references VERWEIS, footnote marks and texts left out)."""
    if quelle.startswith("---"):
        stelle = _titelwert(quelle)
        return quelle[stelle[0] : stelle[1]] if stelle else ""
    return lesetext(_jinja_maskiert(quelle), VERWEIS)


def _zuordnung(a: str, b: str) -> list[int | None]:
    """For each character of `a`, the character of `b` it aligns with (or None)."""
    ziel: list[int | None] = [None] * len(a)
    for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(blk.size):
            ziel[blk.a + k] = blk.b + k
    return ziel


def _unterschiede(a: str, b: str) -> list[tuple[str, str]]:
    return [
        (a[i1:i2], b[j1:j2])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if tag != "equal"
    ]


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _aenderungen(alt: str, neu: str) -> list[tuple[int, int, str]]:
    """The edits from `alt` to `neu` by words: (start, end in `alt`, new text)."""
    a = [m.span() for m in _TOKEN.finditer(alt)]
    b = [m.span() for m in _TOKEN.finditer(neu)]
    sm = difflib.SequenceMatcher(None, [alt[s:e] for s, e in a], [neu[s:e] for s, e in b], autojunk=False)
    ergebnis = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        von = a[i1][0] if i1 < len(a) else len(alt)
        bis = a[i2 - 1][1] if i2 > i1 else von
        text = neu[b[j1][0] : b[j2 - 1][1]] if j2 > j1 else ""
        vorn = re.match(r"\s+", alt[von:bis])
        if not text and vorn and alt[bis:].startswith(vorn.group()):  # "Zweite " rather than " Zweite"
            von, bis = von + vorn.end(), bis + vorn.end()
        ergebnis.append((von, bis, text))
    return ergebnis


def _maskiert(text: str, werte: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """`text` with each value span one WERT; and for each character of `text` its index there."""
    stelle, aus, i = [], [], 0
    anfang = {s: e for s, e in werte}
    while i < len(text):
        if i in anfang:
            for _ in range(i, anfang[i]):
                stelle.append(len(aus))
            aus.append(WERT)
            i = anfang[i]
            continue
        stelle.append(len(aus))
        aus.append(text[i])
        i += 1
    return "".join(aus), stelle


def _markdown(text: str) -> str:
    """A reviewer's typed text as Markdown text: the signs that would start markup escaped (an
    underscore inside a word, "a_b.csv", or a lone "&" does not and stays as typed)."""
    text = re.sub(r"([\\*\[\]`<|]|~~)", r"\\\1", text)
    text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)  # "_" at a word's edge
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)  # "&amp;" would be an entity
    text = re.sub(r"(\n[ \t]*)([#>+-])", r"\1\\\2", text)  # what starts a new paragraph's line
    return re.sub(r"(\n[ \t]*\d+)([.)])", r"\1\\\2", text)


@dataclass
class Auslassung:
    """An edit of the reviewer not carried into the Markdown."""

    regel: str
    """merge-wert, merge-berechnet (cross-reference, number, caption) or merge-unklar."""
    vorher: str
    """The text sent around the edit."""
    nachher: str
    """The same place as the reviewer left it."""
    stelle: int | None = None
    """Where in the block's source it is (for the line of the report)."""
    ausdruck: str | None = None
    """The `{{ … }}` a value edit hit."""


@dataclass
class Uebertragung:
    quelle: str | None
    """The block's new Markdown (None: nothing carried)."""
    auslassungen: list[Auslassung] = field(default_factory=list)


def _umfeld(alt: str, von: int, bis: int, text: str) -> tuple[str, str]:
    """An edit with a word of context either side: (as sent, as edited)."""
    links = re.search(r"\S+\s*$", alt[:von])
    rechts = re.match(r"\s*\S+", alt[bis:])
    vorn = links.group() if links and (von == bis or len(alt[von:bis]) < 4) else ""
    hinten = rechts.group() if rechts and (von == bis or len(alt[von:bis]) < 4) else ""
    return tuple(t.replace("\n", " ¶ ") for t in (vorn + alt[von:bis] + hinten, vorn + text + hinten))


def uebertragen(
    quelle: str, alt: str, neu: str, werte: list[tuple[int, int]], absatz_art: str
) -> Uebertragung:
    """Carry the reviewer's edit of a block's text from `alt` (as sent; `werte` the spans of the
    printed values in it) to `neu` into the block's Markdown `quelle`."""
    ergebnis = Uebertragung(None)
    ausrichtbar, spannen = _ausrichtbar(quelle)
    maske, stelle = _maskiert(alt, werte)
    ziel = _zuordnung(maske, ausrichtbar)

    def in_quelle(i: int) -> tuple[int, int] | None:
        k = ziel[stelle[i]]
        return None if k is None else spannen[k]

    def auslassen(regel: str, von: int, bis: int, text: str, ausdruck: str | None = None) -> None:
        ort = next(
            (o for o in (in_quelle(i) for i in range(max(0, von - 1), min(len(alt), bis + 1))) if o), None
        )
        vorher, nachher = _umfeld(alt, von, bis, text)
        ergebnis.auslassungen.append(Auslassung(regel, vorher, nachher, ort[0] if ort else None, ausdruck))

    schnitte: list[tuple[int, int, str]] = []  # (start, end in the source, Markdown to put there)
    uebernommen: list[tuple[int, int, str]] = []
    aenderungen = _aenderungen(alt, neu)
    for s, e in werte:  # a value edited, in one edit or several ("40.000" → "39.999"): one report
        an_ihm = [(v, b, t) for v, b, t in aenderungen if (v < e and b > s) or s < v < e]
        if not an_ihm:
            continue
        von, bis = min(s, an_ihm[0][0]), max(e, an_ihm[-1][1])
        nachher = _anwenden(alt, [(v, b, t) for v, b, t in an_ihm])[
            von : bis + sum(len(t) - (b - v) for v, b, t in an_ihm)
        ]
        ausdruck = next(  # the value's own {{ … }}: where its masked character aligns
            (quelle[a:b] for a, b in [in_quelle(s) or (0, 0)] if quelle[a:b].startswith("{{")), None
        )
        ort = in_quelle(s)
        ergebnis.auslassungen.append(
            Auslassung("merge-wert", alt[s:e], nachher.strip(), ort[0] if ort else None, ausdruck)
        )
    for von, bis, text in aenderungen:
        if any((von < e and bis > s) or s < von < e for s, e in werte):
            continue
        if "\n" in text and absatz_art not in ("Absatz", "Liste"):
            auslassen("merge-unklar", von, bis, text)
            continue
        ersatz = _markdown(text)
        if von == bis:
            vor = in_quelle(von - 1) if von > 0 else None
            nach = in_quelle(von) if von < len(alt) else None
            if vor is None and nach is None:
                auslassen("merge-unklar", von, bis, text)
                continue
            punkt = vor[1] if vor is not None else nach[0]
            schnitte.append((punkt, punkt, _absaetze(ersatz, quelle, punkt, absatz_art)))
        else:
            orte = [in_quelle(i) for i in range(von, bis)]
            if any(o is None for o in orte):
                auslassen("merge-berechnet", von, bis, text)
                continue
            zusammen: list[list[int]] = []
            for s, e in orte:  # neighbouring characters as one cut
                if zusammen and zusammen[-1][1] == s:
                    zusammen[-1][1] = e
                else:
                    zusammen.append([s, e])
            schnitte.append(
                (zusammen[0][0], zusammen[0][1], _absaetze(ersatz, quelle, zusammen[0][0], absatz_art))
            )
            schnitte += [(s, e, "") for s, e in zusammen[1:]]
        uebernommen.append((von, bis, text))
    if not uebernommen:
        return ergebnis
    if ergebnis.auslassungen:  # half an edit can read wrong ("1.234" typed as text beside a value
        for von, bis, text in uebernommen:  # refused): the block's other edits stay out too
            auslassen("merge-unklar", von, bis, text)
        return ergebnis
    neu_quelle = quelle
    for s, e, t in sorted(schnitte, key=lambda x: (x[0], x[1]), reverse=True):
        links, rechts = neu_quelle[:s], neu_quelle[e:]
        if t.startswith("\n"):
            links = links.rstrip(" \t")
        if t.endswith("\n"):
            rechts = rechts.lstrip(" \t")
        if not t:  # "**" "**" left around a deleted word go with it
            vorn, hinten = re.search(r"[*_~]*$", links).group(), re.match(r"[*_~]*", rechts).group()
            if vorn and hinten.startswith(vorn[::-1]):
                links, rechts = links[: -len(vorn)], rechts[len(vorn) :]
        neu_quelle = links + t + rechts
    erwartet = _anwenden(alt, uebernommen)
    erwartet_werte = _werte_nach(werte, uebernommen)
    vorher = _unterschiede(klartext(quelle), _normal(_maskiert(alt, werte)[0]))
    nachher = _unterschiede(klartext(neu_quelle), _normal(_maskiert(erwartet, erwartet_werte)[0]))
    if vorher != nachher:  # the Markdown would not read as the reviewer left it: carry nothing
        for von, bis, text in uebernommen:
            auslassen("merge-unklar", von, bis, text)
        return ergebnis
    ergebnis.quelle = neu_quelle
    return ergebnis


_LISTENPUNKT = re.compile(r"(?P<einzug>[ \t]*)(?P<marke>[-*+]|\d+[.)])[ \t]+")


def _absaetze(ersatz: str, quelle: str, stelle: int, absatz_art: str) -> str:
    """Typed text with a paragraph break (Enter) as Markdown at `stelle` of the source: a blank
    line in running text, a new item with the marker of the item it is typed in in a list."""
    if "\n" not in ersatz:
        return ersatz
    if absatz_art != "Liste":
        return re.sub(r"[ \t]*\n[ \t]*", "\n\n", ersatz)
    zeilen = quelle[:stelle].split("\n")
    marke = next((m for z in reversed(zeilen) if (m := _LISTENPUNKT.match(z))), None)
    if marke is None:
        return ersatz  # (carried as typed: the check afterwards refuses it)
    neu = marke["einzug"] + (marke["marke"] if not marke["marke"][0].isdigit() else "1" + marke["marke"][-1])
    if (stelle == 0 or quelle[stelle - 1] == "\n") and ersatz.endswith("\n"):  # "X¶" before an item
        return neu + " " + _absaetze(ersatz[:-1].strip(" \t"), quelle, stelle, absatz_art) + "\n"
    return re.sub(r"[ \t]*\n[ \t]*", lambda _m: "\n" + neu + " ", ersatz)


def _normal(text: str) -> str:
    """Paragraphs without the spaces at their ends (Markdown drops them, Word keeps them)."""
    return re.sub(r"[ \t]*\n[ \t]*", "\n", text).strip()


def _anwenden(text: str, aenderungen: list[tuple[int, int, str]]) -> str:
    for von, bis, neu in sorted(aenderungen, reverse=True):
        text = text[:von] + neu + text[bis:]
    return text


def _werte_nach(
    werte: list[tuple[int, int]], aenderungen: list[tuple[int, int, str]]
) -> list[tuple[int, int]]:
    verschoben = []
    for s, e in werte:
        d = sum(len(t) - (b - v) for v, b, t in aenderungen if b <= s)
        verschoben.append((s + d, e + d))
    return verschoben


# --- the merge -------------------------------------------------------------------------------------


@dataclass
class Stimme:
    """A reviewer's comment as the editor sees it: where in the Markdown, by whom, its state."""

    kennung: str
    """Short and stable ("K3f9a1"): what `berichtsgen resolve` takes."""
    autor: str
    datum: str
    text: str
    bezug: str
    datei: str | None
    zeile: int | None
    antwort_auf: str | None = None
    erledigt: bool = False
    vorher_erledigt: bool = field(default=False, compare=False, repr=False, kw_only=True)
    """(`resolve`) It was resolved already."""

    def ort(self) -> Ort:
        return Ort(Path(self.datei), self.zeile) if self.datei else Ort()

    def zeile_text(self) -> str:
        wer = f"{self.autor}, {self.datum}" if self.datum else self.autor
        art = "Antwort" if self.antwort_auf else "Kommentar"
        zu = f" zu „{_kurz(self.bezug)}“" if self.bezug else ""
        stand = "erledigt" if self.erledigt else "offen"
        ort = f"{self.ort()}: " if self.datei else ""
        return f"{ort}{art} ({wer}){zu}: „{_kurz(self.text, 200)}“ – {stand} [{self.kennung}]"


@dataclass
class Zusammenfuehrung:
    """What `merge` found in a returned review copy and what it carries (or carried) over."""

    kennung: str
    diff: str
    """The unified diff of the Markdown files ("" when nothing is carried)."""
    befunde: list[Befund]
    """What was not carried, or carried with a flag."""
    kommentare: list[Stimme]
    geaendert: list[str]
    """The chapter files the diff changes."""
    geschrieben: bool = False
    schon: str | None = None
    """When this very file was merged before (then nothing happens)."""
    protokoll: Path | None = None


def _kurz(text: str, laenge: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= laenge else text[: laenge - 1] + "…"


def _werte_im_block(eintrag: dict) -> tuple[str, list[tuple[int, int]]]:
    """The block's text as sent (paragraphs joined by "\\n") and its values' spans in it."""
    text, werte = "", []
    for i, a in enumerate(eintrag["absaetze"]):
        if i:
            text += "\n"
        werte += [(len(text) + s, len(text) + e) for s, e in a.get("werte", [])]
        text += a["text"]
    return text, werte


def _finden(text: str, quelle: str, zeile: int) -> int | None:
    """Where the block's source `quelle` stands in the file's `text` now (the occurrence at a line
    start nearest its old line), or None."""
    treffer, i = [], text.find(quelle)
    while i >= 0:
        ende = i + len(quelle)
        if (i == 0 or text[i - 1] == "\n") and (ende == len(text) or text[ende] == "\n"):
            treffer.append(i)
        i = text.find(quelle, i + 1)
    if not treffer:
        return None
    return min(treffer, key=lambda s: abs(text.count("\n", 0, s) + 1 - zeile))


def kommentarkennung(kennung: str, k: Kommentar) -> str:
    """A comment's short name, the same after LibreOffice saved the file (which numbers the
    comments anew): from the review, the author, the day and the text."""
    return "K" + hashlib.sha1(f"{kennung}\n{k.autor}\n{k.datum}\n{k.text}".encode()).hexdigest()[:5]


def merge(
    jahr: int, rueckdatei: str | Path, projekt: str | Path = ".", *, schreiben: bool = False
) -> Zusammenfuehrung:
    """Compare the returned review copy `rueckdatei` with what `review` sent and carry the
    reviewer's text edits into the chapters' Markdown (only with `schreiben`)."""
    pfad = Path(rueckdatei)
    if not pfad.is_file():
        raise EinstellungsFehler(
            f"Die Datei „{pfad}“ gibt es nicht.", None, "Geben Sie den Pfad des Rücklaufs an."
        )
    with tempfile.TemporaryDirectory(prefix="berichtsgen-ruecklauf-") as arbeit:
        if pfad.suffix.lower() in (".odt", ".doc", ".rtf"):  # saved in LibreOffice's own format
            from .export.libreoffice import nach_docx

            rueck = lesen(nach_docx(pfad, Path(arbeit)))
        else:
            rueck = lesen(pfad)
    if rueck.kennung:  # a review of another year's report: say so before that year is looked for
        gefunden = sorted(Path(projekt).glob(f"beitraege/*/durchsicht/{glob.escape(rueck.kennung)}.json"))
        jahre = [d.parent.parent.name for d in gefunden]
        if jahre and str(jahr) not in jahre:
            raise EinstellungsFehler(
                f"Die Durchsicht „{rueck.kennung}“ gehört zum Bericht {jahre[0]}, nicht zu {jahr}.",
                None,
                f"berichtsgen merge {jahre[0]} {pfad}",
            )
    p = projekt_laden(projekt, jahr)
    if not rueck.kennung:
        raise InhaltsFehler(
            f"„{pfad.name}“ ist keine Durchsicht von berichtsgen (die Dokumenteigenschaft „{EIGENSCHAFT}“ fehlt).",
            Ort(pfad),
            f"Zurückführen lässt sich nur eine Datei aus „berichtsgen review {jahr}“, in Word oder LibreOffice bearbeitet.",
        )
    ordner = p.wurzel / "beitraege" / str(jahr) / "durchsicht"
    begleitdatei = ordner / f"{rueck.kennung}.json"
    if not begleitdatei.is_file():
        raise InhaltsFehler(
            f"Zur Durchsicht „{rueck.kennung}“ fehlt die Begleitdatei {p.relativ(begleitdatei)}.",
            Ort(pfad),
            "Die Begleitdatei entsteht mit „berichtsgen review“ und gehört unter Versionsverwaltung.",
        )
    begleitung = json.loads(begleitdatei.read_text(encoding="utf-8"))
    inhalt = pfad.read_bytes()
    pruefsumme = hashlib.sha256(inhalt).hexdigest()
    frueher = [json.loads(d.read_text(encoding="utf-8")) for d in protokolle(ordner, rueck.kennung)]
    protokoll, n = ordner / f"{rueck.kennung}.{PROTOKOLL}", 2  # each return of a review its own
    while protokoll.exists():
        protokoll, n = ordner / f"{rueck.kennung}.ruecklauf-{n}.json", n + 1
    kennung = rueck.kennung
    texte, zugehoerig = _bloecke(rueck, set(begleitung.get("fremd", [])))
    dateien: dict[str, str] = {}
    schnitte: dict[str, list[tuple[int, int, str]]] = {}
    befunde: list[Befund] = []
    ort_des_blocks: dict[str, tuple[str, int]] = {}
    stelle_des_blocks: dict[str, int] = {}
    verbunden: list[tuple[dict, int]] = []

    def text_von(datei: str) -> str:
        if datei not in dateien:
            ziel = p.wurzel / datei
            dateien[datei] = ziel.read_text(encoding="utf-8") if ziel.is_file() else ""
        return dateien[datei]

    def melden(
        regel: str, datei: str, zeile: int, meldung: str, hinweis: str | None = None, schwere="warnung"
    ):
        befunde.append(Befund(regel, meldung, Ort(Path(datei), zeile), hinweis, schwere))

    for eintrag in begleitung["anker"]:
        datei, zeile = eintrag["datei"], eintrag["zeile"]
        ort_des_blocks[eintrag["anker"]] = (datei, zeile)
        gesendet, werte = _werte_im_block(eintrag)
        zurueck = texte.get(eintrag["anker"])
        if zurueck is None:
            melden(
                "merge-fehlt",
                datei,
                zeile,
                f"„{_kurz(gesendet)}“ fehlt im Rücklauf (ohne Änderungsverfolgung gelöscht?); nicht übernommen.",
                "Löschen Sie den Block selbst, wenn das gewollt ist.",
            )
            continue
        text = text_von(datei)
        stelle = _finden(text, eintrag["quelle"], zeile)
        if stelle is not None:
            zeile = text.count("\n", 0, stelle) + 1
            ort_des_blocks[eintrag["anker"]] = (datei, zeile)
            stelle_des_blocks[eintrag["anker"]] = stelle
        if zurueck.verbunden:
            verbunden.append((eintrag, zeile))
        if zurueck.formatiert:
            melden(
                "merge-format",
                datei,
                zeile,
                f"In „{_kurz(gesendet, 40)}“ wurde die Formatierung geändert (etwa fett, kursiv oder ein "
                "neuer Link); Formatierungen übernimmt merge nicht.",
                "Setzen Sie **fett**, _kursiv_ oder [Link](https://…) im Kapitel selbst; das Aussehen "
                "sonst gibt die Vorlage vor.",
            )
        if zurueck.angenommen == gesendet:
            continue
        unverfolgt = zurueck.abgelehnt != gesendet
        if eintrag["art"] == "berechnet":
            herkunft = _herkunft(eintrag)
            for von, bis, neu in _aenderungen(gesendet, zurueck.angenommen):
                vorher, nachher = _umfeld(gesendet, von, bis, neu)
                melden(
                    "merge-berechnet",
                    datei,
                    zeile,
                    f"„{_kurz(vorher) or '…'}“ → „{_kurz(nachher)}“ in berechnetem Inhalt, nicht übernommen"
                    + (f" ({herkunft})." if herkunft else "."),
                    "Ändern Sie die Daten oder die Funktion; Beschriftung und Quelle stehen in den Optionen des Blocks.",
                )
            continue
        uebertragung = uebertragen(eintrag["quelle"], gesendet, zurueck.angenommen, werte, eintrag["block"])
        for aus in uebertragung.auslassungen:
            hier = zeile + (eintrag["quelle"].count("\n", 0, aus.stelle) if aus.stelle is not None else 0)
            melden(aus.regel, datei, hier, *_meldung(aus, begleitung))
        if uebertragung.quelle is None:
            continue
        if stelle is None:
            if _finden(text, uebertragung.quelle, zeile) is not None:
                melden(
                    "merge-schon",
                    datei,
                    zeile,
                    f"„{_kurz(gesendet)}“: die Änderung steht schon im Kapitel.",
                    schwere="info",
                )
            else:
                melden(
                    "merge-konflikt",
                    datei,
                    zeile,
                    f"Konflikt: der Absatz „{_kurz(gesendet, 40)}“ wurde seit der Durchsicht im Kapitel geändert; "
                    f"die Änderung des Rücklaufs ({_aenderung_text(gesendet, zurueck.angenommen)}) ist nicht übernommen.",
                    "Übernehmen Sie sie von Hand; die übrigen Blöcke sind davon nicht berührt.",
                )
            continue
        bereich = (stelle, stelle + len(eintrag["quelle"]))
        if any(s < bereich[1] and bereich[0] < e for s, e, _t in schnitte.get(datei, [])):
            melden(  # two blocks of one source (a signature under the front matter)
                "merge-unklar",
                datei,
                zeile,
                f"„{_kurz(gesendet)}“ → „{_kurz(zurueck.angenommen)}“ lässt sich nicht sicher übertragen; nicht übernommen.",
                "Bitte von Hand übernehmen.",
            )
            continue
        if not uebertragung.quelle.strip():  # a block deleted: with the blank line after it
            rest = text[bereich[1] :]
            bereich = (bereich[0], len(text) if not rest.strip() else len(text) - len(rest.lstrip("\n")))
        schnitte.setdefault(datei, []).append((*bereich, uebertragung.quelle.strip()))
        if unverfolgt:
            von, bis, neu = _aenderungen(gesendet, zurueck.abgelehnt)[0]
            vorher, nachher = _umfeld(gesendet, von, bis, neu)
            melden(
                "merge-unverfolgt",
                datei,
                zeile,
                f"„{_kurz(vorher)}“ → „{_kurz(nachher)}“ ohne Änderungsverfolgung bearbeitet; übernommen, bitte prüfen.",
                schwere="info",
            )
    for eintrag, zeile in verbunden:  # two paragraphs joined: the blank line between them goes
        datei, folgt = eintrag["datei"], _folgender(begleitung["anker"], eintrag)
        text = text_von(datei)
        anfang, ende = stelle_des_blocks.get(eintrag["anker"]), None
        if anfang is not None:
            ende = anfang + len(eintrag["quelle"])
        naechster = stelle_des_blocks.get(folgt["anker"]) if folgt else None
        if (
            ende is not None
            and naechster is not None
            and eintrag["block"] == folgt["block"] == "Absatz"
            and not text[ende:naechster].strip()
            and not zeilenarten(_jinja_maskiert(eintrag["quelle"]))[1]  # (no footnote text in it)
        ):
            schnitte.setdefault(datei, []).append((ende, naechster, " "))
            continue
        melden(
            "merge-verbunden",
            datei,
            zeile,
            f"„{_kurz(_werte_im_block(eintrag)[0], 40)}“ ist im Rücklauf mit dem folgenden Absatz "
            "verbunden; das Verbinden ist nicht übernommen (der folgende Block ist kein Textabsatz).",
            "Verbinden Sie die beiden im Kapitel selbst, wenn das gewollt ist.",
        )
    for angenommen, abgelehnt in rueck.fussnoten_geaendert:
        for datei in begleitung.get("kapitel", []):
            text_von(datei)
        ort = _fussnote_finden(abgelehnt, begleitung.get("kapitel", []), dateien)
        befunde.append(
            Befund(
                "merge-fussnote",
                f"Eine Fußnote wurde geändert ({_aenderung_text(abgelehnt, angenommen)}); "
                "Fußnoten übernimmt merge nicht.",
                ort or Ort(pfad),
                "Bitte von Hand in die Fußnote des Kapitels übernehmen.",
                "warnung",
            )
        )
    diff, geaendert, neu_text = [], [], {}
    for datei, liste in schnitte.items():
        alt = dateien[datei]
        neu = alt
        for s, e, t in sorted(liste, reverse=True):
            neu = neu[:s] + t + neu[e:]
        if neu != alt:
            neu_text[datei] = neu
            geaendert.append(datei)
            diff += difflib.unified_diff(
                alt.splitlines(keepends=True), neu.splitlines(keepends=True), f"a/{datei}", f"b/{datei}"
            )
    for block, stelle in stelle_des_blocks.items():  # the comments' lines in the chapters as written
        datei = ort_des_blocks[block][0]
        if schreiben and datei in neu_text:
            versatz = sum(len(t) - (e - s) for s, e, t in schnitte[datei] if e <= stelle)
            ort_des_blocks[block] = (datei, neu_text[datei].count("\n", 0, stelle + versatz) + 1)
    stimmen = _stimmen(kennung, rueck, zugehoerig, ort_des_blocks, frueher)
    ergebnis = Zusammenfuehrung(kennung, "".join(diff), befunde, stimmen, geaendert, protokoll=protokoll)
    schon = next((f for f in frueher if f.get("sha256") == pruefsumme and f.get("geschrieben")), None)
    if schon is not None:
        ergebnis.schon, ergebnis.protokoll = schon.get("zusammengefuehrt"), None
        return ergebnis
    if not schreiben:
        return ergebnis
    for datei, neu in neu_text.items():
        atomar_schreiben(p.wurzel / datei, neu.encode("utf-8"))
    atomar_schreiben(protokoll.with_suffix(".docx"), inhalt)
    eintrag = {
        "kennung": kennung,
        "rueckdatei": pfad.name,
        "sha256": pruefsumme,
        "zusammengefuehrt": datetime.datetime.now(datetime.UTC).astimezone().isoformat(timespec="seconds"),
        "geschrieben": True,
        "geaendert": geaendert,
        "befunde": [b.zeile() for b in befunde],
        "kommentare": [{k: v for k, v in vars(s).items() if k != "vorher_erledigt"} for s in stimmen],
    }
    json_schreiben(protokoll, eintrag)
    ergebnis.geschrieben = True
    return ergebnis


def _meldung(aus: Auslassung, begleitung: dict) -> tuple[str, str]:
    """What the editor reads about an edit not carried: the message and the hint."""
    was = f"„{_kurz(aus.vorher) or '…'}“ → „{_kurz(aus.nachher)}“"
    if aus.regel == "merge-wert":
        herkunft = _wertherkunft(aus.ausdruck or "", begleitung) or (
            f"aus {aus.ausdruck}" if aus.ausdruck else ""
        )
        return (
            f"Der Wert {was} ist berechnet und nicht übernommen" + (f" ({herkunft})." if herkunft else "."),
            "Korrigieren Sie die Daten oder die Funktion; der Text zeigt dann den neuen Wert.",
        )
    if aus.regel == "merge-berechnet":
        return (
            f"{was} ändert berechneten Text (Querverweis, Nummer, Beschriftung); nicht übernommen.",
            "Nummern und Verweistexte vergibt berichtsgen; Beschriftungen stehen in den Optionen des Blocks.",
        )
    return (
        f"{was} lässt sich nicht sicher in den Markdown-Text übertragen; nicht übernommen.",
        "Bitte von Hand übernehmen; die übrigen Änderungen dieses Absatzes sind es ebenfalls nicht.",
    )


def _aenderung_text(alt: str, neu: str) -> str:
    """The edits from `alt` to `neu` in words, with context: „a“ → „b“; …"""
    teile = []
    for von, bis, text in _aenderungen(alt, neu):
        vorher, nachher = _umfeld(alt, von, bis, text)
        teile.append(f"„{_kurz(vorher)}“ → „{_kurz(nachher)}“")
    return "; ".join(teile[:3]) + ("; …" if len(teile) > 3 else "")


def _folgender(anker: list[dict], eintrag: dict) -> dict | None:
    """The block sent right after `eintrag`, if it is from the same file."""
    i = anker.index(eintrag)
    if i + 1 < len(anker) and anker[i + 1]["datei"] == eintrag["datei"]:
        return anker[i + 1]
    return None


def _fussnote_finden(text: str, kapitel: list[str], dateien: dict[str, str]) -> Ort | None:
    """Where a footnote's text (as sent) stands in the chapters: the line of its first words."""
    anfang = " ".join(text.split()[:4])
    for datei in kapitel:
        for n, zeile in enumerate(dateien.get(datei, "").splitlines(), start=1):
            if anfang and anfang in " ".join(zeile.split()):
                return Ort(Path(datei), n)
    return None


def _herkunft(eintrag: dict) -> str:
    teile = []
    if eintrag.get("name"):
        art = {"TabellenPlatz": "Tabellen-Funktion", "DiagrammPlatz": "Diagramm-Funktion"}.get(
            eintrag["block"], "Block"
        )
        teile.append(
            f"{art} „{eintrag['name']}“" + (f" in {eintrag['funktion']}" if eintrag.get("funktion") else "")
        )
    if eintrag.get("daten"):
        teile.append("Daten: " + ", ".join(eintrag["daten"]))
    return "; ".join(teile)


def _wertherkunft(ausdruck: str, begleitung: dict) -> str:
    """The function and data files of the value `{{ wert("…") }}` a value edit hit."""
    teile = []
    for name in dict.fromkeys(re.findall(r"wert\(\s*[\"']([^\"']+)[\"']\s*\)", ausdruck)):
        h = begleitung.get("werte", {}).get(name)
        if h:
            teile.append(f"Wert-Funktion „{name}“ in {h['funktion']}; Daten: " + ", ".join(h["daten"]))
    return " / ".join(teile)


def _stimmen(
    kennung: str, rueck: Rueckdatei, zugehoerig: dict[int, str], ort_des_blocks: dict, frueher: list[dict]
) -> list[Stimme]:
    erledigt_vorher = {k["kennung"] for f in frueher for k in f.get("kommentare", []) if k.get("erledigt")}
    stimmen = []
    nach_nummer = {k.nummer: k for k in rueck.kommentare}
    for k in rueck.kommentare:
        block = zugehoerig.get(k.absatz) if k.absatz is not None else None
        datei, zeile = ort_des_blocks.get(block, (None, None)) if block else (None, None)
        kk = kommentarkennung(kennung, k)
        stimmen.append(
            Stimme(
                kk,
                k.autor,
                k.datum,
                k.text,
                k.bezug,
                datei,
                zeile,
                kommentarkennung(kennung, nach_nummer[k.eltern]) if k.eltern in nach_nummer else None,
                k.erledigt or kk in erledigt_vorher,
            )
        )
    erledigt = {s.kennung for s in stimmen if s.erledigt}
    for s in stimmen:  # a reply to a resolved comment is resolved with it
        if s.antwort_auf in erledigt:
            s.erledigt = True
        if s.antwort_auf and s.datei is None:
            vorgaenger = next((v for v in stimmen if v.kennung == s.antwort_auf), None)
            if vorgaenger is not None:
                s.datei, s.zeile = vorgaenger.datei, vorgaenger.zeile
    return stimmen


_PROTOKOLLNAME = re.compile(r"(?P<kennung>.+)\.ruecklauf(-\d+)?\.json")


def protokolle(ordner: Path, kennung: str | None = None) -> list[Path]:
    """The merge protocols in a review folder (of one review: `kennung`), oldest first."""
    gefunden = []
    for datei in ordner.glob("*.ruecklauf*.json"):
        m = _PROTOKOLLNAME.fullmatch(datei.name)
        if m and (kennung is None or m["kennung"] == kennung):
            gefunden.append(datei)
    return sorted(gefunden, key=lambda d: (d.name.split(".ruecklauf")[0], len(d.name), d.name))


def offene_kommentare(p: Projekt) -> list[Stimme]:
    """The reviewers' comments of the year's merged returns not yet resolved (for `check`)."""
    offen = []
    for protokoll in protokolle(p.wurzel / "beitraege" / str(p.jahr) / "durchsicht"):
        try:
            daten = json.loads(protokoll.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        offen += [Stimme(**k) for k in offen_im_protokoll(daten)]
    return offen


def offen_im_protokoll(daten: dict) -> list[dict]:
    """The comments of one merge protocol not resolved, neither themselves nor with the comment
    they answer."""
    erledigt = {k["kennung"] for k in daten.get("kommentare", []) if k.get("erledigt")}
    return [
        k
        for k in daten.get("kommentare", [])
        if not k.get("erledigt") and k.get("antwort_auf") not in erledigt
    ]


def _zeile_jetzt(p: Projekt, s: Stimme, texte: dict[str, list[str]]) -> Ort:
    """Where a comment's text stands in its chapter now: the line holding the first words it is
    anchored on nearest the line the merge recorded (the editor may have written above it since)."""
    if not s.datei or not s.zeile or not s.bezug.strip():
        return s.ort()
    if s.datei not in texte:
        datei = p.wurzel / s.datei
        texte[s.datei] = datei.read_text(encoding="utf-8").splitlines() if datei.is_file() else []
    worte = " ".join(s.bezug.split()[:3])
    treffer = [n for n, z in enumerate(texte[s.datei], start=1) if worte in " ".join(z.split())]
    if not treffer:
        return s.ort()
    return Ort(Path(s.datei), min(treffer, key=lambda n: (abs(n - s.zeile), n)))


def kommentare_offen(p: Projekt) -> list[Befund]:
    """The open reviewer comments as findings of `check`, at their place in the Markdown."""
    texte: dict[str, list[str]] = {}
    return [
        Befund(
            "kommentar-offen",
            ("Offene Antwort" if s.antwort_auf else "Offener Kommentar")
            + f" ({s.autor}, {s.datum})"
            + (f" zu „{_kurz(s.bezug)}“" if s.bezug else "")
            + f": „{_kurz(s.text, 200)}“",
            _zeile_jetzt(p, s, texte),
            f"Erledigt? berichtsgen resolve {p.jahr} {s.kennung}",
            "info",
        )
        for s in offene_kommentare(p)
    ]


def erledigen(jahr: int, kennungen: list[str], projekt: str | Path = ".") -> list[Stimme]:
    """Mark reviewer comments resolved in their merge protocols; return them."""
    p = projekt_laden(projekt, jahr)
    gesucht = {k.strip().strip("[]").upper() for k in kennungen}  # also as copied: "[K25822]"
    gefunden = []
    for protokoll in protokolle(p.wurzel / "beitraege" / str(jahr) / "durchsicht"):
        daten = json.loads(protokoll.read_text(encoding="utf-8"))
        geaendert = False
        for k in daten.get("kommentare", []):
            if k["kennung"].upper() in gesucht or (k.get("antwort_auf") or "").upper() in gesucht:
                stimme = Stimme(**k)
                stimme.vorher_erledigt = bool(k.get("erledigt"))
                if not k.get("erledigt"):  # a reply is resolved with its comment
                    k["erledigt"], geaendert, stimme.erledigt = True, True, True
                gefunden.append(stimme)
        if geaendert:
            json_schreiben(protokoll, daten)
    fehlt = gesucht - {s.kennung.upper() for s in gefunden}
    if fehlt:
        raise EinstellungsFehler(
            f"Einen Kommentar „{sorted(fehlt)[0]}“ gibt es in den Rückläufen von {jahr} nicht.",
            None,
            f"Die Kennungen (etwa K25822) nennt „berichtsgen check {jahr}“ am Ende jeder Kommentarzeile.",
        )
    return gefunden
