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

import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .darstellung import paket
from .dateien import atomar_schreiben
from .fehler import Befund, EinstellungsFehler, InhaltsFehler, Ort
from .projekt import projekt_laden

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


class _Leser:
    """Walks pandoc's JSON tree and writes the project's Markdown."""

    def __init__(self, datei: str, bilder: Path, bildname: str, schreiben: bool = True):
        self.schreiben = schreiben
        self.datei = datei
        self.befunde: list[Befund] = []
        self.noten: list[str] = []
        self.bilder = bilder
        self.bildname = bildname
        self.kopiert: list[Path] = []
        self.absatz = 0
        self.verloren: list[str] = []
        """Texts named in findings (counted as accounted for)."""
        self.anker: dict[str, str] = {}
        """The table named for each bookmark in a table's caption (Word's cross-reference target)."""
        self.namen: set[str] = set()
        self._tabellennamen: dict[int, str] = {}

    def befund(self, regel: str, meldung: str, text: str = "") -> None:
        self.befunde.append(
            Befund(f"import-{regel}", meldung, Ort(self.datei, self.absatz or None), schwere="warnung")
        )
        if text:
            self.verloren.append(text)

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
                if ziel[1:] in self.anker:  # Word's cross-reference to a caption: the project's own
                    aus.append(f"[](#{self.anker[ziel[1:]]})")
                    self.verloren.append(text)  # its words ("Tabelle 3") become the report's number
                elif ziel.startswith("#"):
                    aus.append(text)  # an internal link (a bookmark): the text stays
                else:
                    aus.append(f"[{text}]({ziel})")
            elif art == "Note":
                self.noten.append(self.bloecke(c).strip())
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
        _attr, alt_teile, (ziel, _titel) = c
        alt = _klartext(alt_teile).strip()
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
        return f"![{alt}](bilder/{name})"

    # --- blocks -----------------------------------------------------------------------------

    def bloecke(self, bloecke: list[dict]) -> str:
        teile = []
        i = 0
        while i < len(bloecke):
            b = bloecke[i]
            quelle = None
            if b["t"] == "Table" and i + 1 < len(bloecke) and bloecke[i + 1]["t"] in ("Para", "Plain"):
                text = _klartext(bloecke[i + 1]["c"]).strip()
                if re.match(r"(?i)quellen?\s*:", text):
                    quelle = text
                    i += 1
            teile.append(self.tabelle(b["c"], quelle) if b["t"] == "Table" else self.block(b))
            i += 1
        return "\n\n".join(t for t in teile if t)

    def anker_sammeln(self, bloecke: list[dict]) -> None:
        """Name every captioned table first, so that a cross-reference before it finds it."""
        for b in bloecke:
            if b["t"] == "Table":
                for absatz in b["c"][1][1]:
                    for t in absatz.get("c", []):
                        if t.get("t") == "Span" and "anchor" in t["c"][0][1]:
                            self.anker[t["c"][0][0]] = self._name_fuer(b["c"])
            elif b["t"] in ("Div", "BlockQuote"):
                self.anker_sammeln(b["c"][1] if b["t"] == "Div" else b["c"])

    def _name_fuer(self, c: list) -> str:
        schluessel = id(c)
        if schluessel not in self._tabellennamen:
            titel = _titel_ohne_nummer(_klartext_bloecke(c[1][1]).strip()) or "tabelle"
            name, n = _name(titel), 2
            while name in self.namen:
                name, n = f"{_name(titel)}_{n}", n + 1
            self.namen.add(name)
            self._tabellennamen[schluessel] = name
        return self._tabellennamen[schluessel]

    def block(self, b: dict) -> str:
        art, c = b["t"], b.get("c")
        if art in ("Para", "Plain"):
            self.absatz += 1
            return self.inline(c)
        if art == "Header":
            self.absatz += 1
            if not _klartext(c[2]).strip():
                return ""  # an empty heading paragraph
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
            return "\n".join("> " + z if z else ">" for z in self.bloecke(c).split("\n"))
        if art == "CodeBlock":
            return f"```\n{c[1]}\n```"
        if art == "LineBlock":
            return "\\\n".join(self.inline(z) for z in c)
        if art == "Table":
            return self.tabelle(c)
        if art == "Div":
            klassen = c[0][1]
            if "comment" in klassen:
                self.befund("kommentar", "Ein Kommentar kommt nicht in das Kapitel.", _klartext_bloecke(c[1]))
                return ""
            return self.bloecke(c[1])
        if art == "Figure":
            return self.bloecke(c[2])
        if art == "HorizontalRule":
            return ""
        if art == "DefinitionList":
            return "\n\n".join(
                self.inline(begriff) + "\n: " + self.bloecke(d[0] if d else []) for begriff, d in c
            )
        self.absatz += 1
        self.befund("inhalt", f"Ein Block der Art {art} kommt nicht mit.")
        return ""

    def liste(self, art: str, c: list, tiefe: int = 0) -> str:
        start, eintraege = (c[0][0], c[1]) if art == "OrderedList" else (1, c)
        zeilen = []
        for i, eintrag in enumerate(eintraege):
            marke = f"{start + i}." if art == "OrderedList" else "-"
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
        for teil in [kopf[1]] + [k[3] for k in koerper] + [k[2] for k in koerper]:
            for zeile in teil:
                zellen = []
                for zelle in zeile[1]:
                    _a, _ausr, zeilen_span, spalten_span, inhalt = zelle
                    text = " ".join(self.bloecke(inhalt).split()).replace("|", "\\|")
                    zellen.append(text)
                    if spalten_span > 1 or zeilen_span > 1:
                        zusammen = True
                        zellen += [text] * (spalten_span - 1)
                zeilen.append(zellen)
        if not zeilen:
            return ""
        if zusammen:
            self.befund("verbunden", "Verbundene Zellen sind wiederholt; bitte die Tabelle prüfen.")
        breite = max(len(z) for z in zeilen)
        zeilen = [z + [""] * (breite - len(z)) for z in zeilen]
        tabelle = ["| " + " | ".join(zeilen[0]) + " |", "|" + "---|" * breite]
        tabelle += ["| " + " | ".join(z) + " |" for z in zeilen[1:]]
        self.absatz += 1
        if not beschriftet:
            if quelle:
                return "\n".join(tabelle) + "\n\n" + quelle
            return "\n".join(tabelle)
        if not titel:
            self.befund(
                "beschriftung",
                f"Die Beschriftung „{beschriftet}“ hat nur eine Nummer; bitte einen Titel ergänzen.",
            )
            titel = beschriftet
        optionen = f":titel: {titel}\n"
        if quelle:
            teile = re.split(
                r"(?i);\s*stichtag\s*:\s*", re.sub(r"(?i)^quellen?\s*:\s*", "", quelle), maxsplit=1
            )
            optionen += f":quelle: {teile[0].strip()}\n" + (
                f":stichtag: {teile[1].strip()}\n" if len(teile) > 1 else ""
            )
        return f"```{{tabelle}} {self._name_fuer(c)}\n{optionen}\n" + "\n".join(tabelle) + "\n```"


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


def _klartext_bloecke(bloecke: list[dict]) -> str:
    aus = []
    for b in bloecke:
        if b["t"] in ("Para", "Plain"):
            aus.append(_klartext(b["c"]))
        elif b["t"] == "Header":
            aus.append(_klartext(b["c"][2]))
    return " ".join(aus)


def _titel_ohne_nummer(beschriftung: str) -> str:
    """A caption without its label and number ("Tabelle 3: Wohnungen" → "Wohnungen"): the report
    numbers its tables itself."""
    return re.sub(r"(?i)^(tabelle|table|tab\.)\s*[\dA-Z]+(\.\d+)*\s*[:.–-]?\s*", "", beschriftung).strip()


def _name(titel: str) -> str:
    ersetzt = titel.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return "_".join(_WORT.findall(ersetzt))[:40] or "tabelle"


@dataclass
class _Datei:
    """What the Word file itself says, read from its XML (the accounting's side of the ledger)."""

    woerter: list[str] = field(default_factory=list)
    geaendert: bool = False
    endnoten: int = 0
    kommentare: list[str] = field(default_factory=list)
    textfelder: int = 0
    diagramme: int = 0
    smartart: list[str] = field(default_factory=list)
    """The text of each SmartArt graphic (in its own part, which pandoc does not read)."""


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


def _lesen(pfad: Path, aenderungen: str | None) -> _Datei:
    d = _Datei()
    with zipfile.ZipFile(pfad) as z:
        paket.begrenzen(z, Ort(pfad.name), "Word-Datei", "Word")  # parts, size, no DTD: as for templates
        namen = set(z.namelist())
        for teil in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if teil not in namen:
                continue
            wurzel = etree.fromstring(z.read(teil), paket.SICHER)
            if teil == "word/document.xml":
                d.geaendert = any(True for e in wurzel.iter() if e.tag in _GEAENDERT)
                d.endnoten = sum(1 for _ in wurzel.iter(f"{W}endnoteReference"))
                d.textfelder = sum(1 for _ in wurzel.iter(f"{W}txbxContent"))
            for text in _absatztexte(wurzel, aenderungen):
                d.woerter += _WORT.findall(text.casefold())
        if "word/comments.xml" in namen:
            wurzel = etree.fromstring(z.read("word/comments.xml"), paket.SICHER)
            d.kommentare = [" ".join(_absatztexte(k, None)) for k in wurzel.iter(f"{W}comment")]
        d.diagramme = sum(1 for n in namen if re.fullmatch(r"word/charts/chart\d+\.xml", n))
        for name in sorted(n for n in namen if re.fullmatch(r"word/diagrams/data\d+\.xml", n)):
            wurzel = etree.fromstring(z.read(name), paket.SICHER)
            texte = [
                t.text or "" for t in wurzel.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t")
            ]
            d.smartart.append(" ".join(t for t in texte if t.strip()))
            d.woerter += _WORT.findall(d.smartart[-1].casefold())
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
    """
    import pypandoc

    p = projekt_laden(projekt, jahr)
    pfad = Path(beitrag)
    ort = Ort(pfad.name)
    if pfad.suffix.lower() != ".docx" or not pfad.is_file():
        raise EinstellungsFehler(
            f"„{pfad.name}“ ist keine Word-Datei (.docx).",
            ort,
            "Speichern Sie den Beitrag in Word als .docx.",
        )
    if aenderungen is not None and aenderungen not in AENDERUNGEN:
        raise EinstellungsFehler(
            f"„--aenderungen {aenderungen}“ ist nicht möglich.", None, "Möglich: annehmen, ablehnen."
        )
    if not re.fullmatch(r"[\w-]+", kapitel):
        raise EinstellungsFehler(f"„{kapitel}“ ist kein Kapitelname.", None, "Beispiel: --kapitel 03-wohnen")
    try:
        datei = _lesen(pfad, aenderungen)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
        raise InhaltsFehler(f"„{pfad.name}“ lässt sich nicht als Word-Datei lesen.", ort) from None
    if datei.geaendert and aenderungen is None:
        raise InhaltsFehler(
            f"„{pfad.name}“ enthält nachverfolgte Änderungen, die noch offen sind.",
            ort,
            "Sagen Sie, was mit ihnen geschieht: --aenderungen annehmen oder --aenderungen ablehnen.",
        )
    ziel = p.inhaltsordner / f"{kapitel}.md"
    if ziel.exists():
        raise EinstellungsFehler(
            f"Das Kapitel „{p.relativ(ziel)}“ gibt es schon.",
            None,
            "Wählen Sie einen anderen Namen mit --kapitel.",
        )
    with tempfile.TemporaryDirectory(prefix="berichtsgen-import-") as arbeit:
        args = [f"--extract-media={arbeit}"]
        if aenderungen:
            args.append(f"--track-changes={AENDERUNGEN[aenderungen]}")
        baum = json.loads(pypandoc.convert_file(str(pfad), "json", format="docx", extra_args=args))
        leser = _Leser(pfad.name, p.inhaltsordner / "bilder", kapitel, schreiben)
        bloecke = baum["blocks"]
        titel = None
        if bloecke and bloecke[0]["t"] == "Header" and bloecke[0]["c"][0] == 1:
            titel = _klartext(bloecke[0]["c"][2]).strip()
            bloecke = bloecke[1:]
        leser.anker_sammeln(bloecke)
        text = leser.bloecke(bloecke)
    if datei.endnoten:
        leser.befund("endnote", f"{datei.endnoten} Endnote(n) stehen als Fußnote im Kapitel.")
    if datei.textfelder:
        leser.befund(
            "textfeld", f"Der Text von {datei.textfelder} Textfeld(ern) steht als Absatz im Kapitel."
        )
    if datei.diagramme:
        leser.befund(
            "diagramm",
            f"{datei.diagramme} Word-Diagramm(e) kommen nicht mit; bitte als Diagramm aus Daten anlegen.",
        )
    for text in datei.smartart:
        leser.befund("smartart", f"Eine SmartArt-Grafik kommt nicht mit; ihr Text: „{text[:120]}“", text)
    for kommentar in datei.kommentare:
        if not any(kommentar.strip() and kommentar.strip() in v for v in leser.verloren):
            leser.befund(
                "kommentar",
                f"Ein Kommentar kommt nicht in das Kapitel: „{kommentar.strip()[:80]}“",
                kommentar,
            )
    noten = "".join(f"\n\n[^{i}]: {n}" for i, n in enumerate(leser.noten, start=1))
    kopf = f"---\ntitel: {json.dumps(titel or kapitel, ensure_ascii=False)}\n---\n\n"
    markdown = kopf + text + noten + "\n"
    _abrechnen(pfad.name, datei.woerter, markdown + " ".join(leser.verloren) + " " + (titel or ""))
    if schreiben:
        atomar_schreiben(ziel, markdown.encode("utf-8"))
    return Import(ziel, markdown, leser.befunde, leser.kopiert)


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
