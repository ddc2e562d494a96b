"""Markdown chapter files → document model. The only module that imports markdown_it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .. import angaben
from ..angaben import KOPFBEREICH, ja_nein
from ..fehler import InhaltsFehler, Ort, melden, vorschlag
from .modell import (
    Absatz,
    Beschriftung,
    Bild,
    Block,
    Codeblock,
    Definitionsliste,
    DiagrammPlatz,
    EinfacheTabelle,
    FussnotenVerweis,
    Inline,
    Kapitel,
    Link,
    Liste,
    MassnahmenPlatz,
    Optionen,
    Seitenumbruch,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Umbruch,
    Verweis,
    Zitat,
    alle_bloecke,
)

FRONT_MATTER_FELDER = set(KOPFBEREICH)
"""Keys a chapter's front matter may hold (described in `angaben.KOPFBEREICH`)."""

OHNE_NUMMER = {"vorwort", "grußwort", "geleitwort", "zusammenfassung"}
"""Chapter titles that a numbered heading style does not number unless `nummeriert: true` says so."""

DIREKTIVEN = {"tabelle", "diagramm", "massnahmen", "bild"}
OPTIONEN = set(angaben.OPTIONEN)
"""The options a block may have (described in `angaben.OPTIONEN`)."""

MIT_TABELLE = "{tabelle+markdown}"
"""How `_tabellen_ausfalten` marks a ```{tabelle}``` directive whose table follows it."""
_ZAUN = re.compile(r"^(?P<einzug> {0,3})(?P<zaun>`{3,}|~{3,})\s*\{tabelle\}(?P<rest>.*)$")

_DIREKTIVE = re.compile(r"^\{(?P<art>[^}]*)\}\s*(?P<name>\S*)\s*$")
_OPTION = re.compile(r"^:(?P<schluessel>[^:\s]+):\s*(?P<wert>.*)$")


def _parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"typographer": False})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(deflist_plugin)
    )
    # markdown-it leaves a link to "javascript:" or "file:" as plain text, silently; taken as a link
    # it reaches the link rule, which refuses it at its line (only web addresses and project files)
    md.validateLink = lambda _url: True
    return md


def _tabellen_ausfalten(text: str) -> str:
    """Move a GFM table written inside ```{tabelle} NAME``` out of the fence, right behind it.

    Markdown then parses the table (with its footnotes, links and cross-references) like any
    other; the fence, marked `MIT_TABELLE`, keeps the options. The blank line between options and
    table becomes the closing fence and the old closing fence a blank line, so every line keeps
    its number (without that blank line the table's lines move down by one).
    """
    zeilen = text.split("\n")
    i = 0
    while i < len(zeilen):
        m = _ZAUN.match(zeilen[i])
        if not m:
            i += 1
            continue
        zaun = m.group("zaun")
        ende = next(
            (
                j
                for j in range(i + 1, len(zeilen))
                if re.fullmatch(rf" {{0,3}}{zaun[0]}{{{len(zaun)},}}\s*", zeilen[j])
            ),
            len(zeilen),
        )
        tabelle = next((j for j in range(i + 1, ende) if zeilen[j].lstrip().startswith("|")), None)
        if tabelle is None:
            i = ende + 1
            continue
        zeilen[i] = f"{m.group('einzug')}{zaun}{MIT_TABELLE}{m.group('rest')}"
        schluss = m.group("einzug") + zaun
        koerper = [z for z in zeilen[tabelle:ende]]
        if not zeilen[tabelle - 1].strip() and tabelle - 1 > i:
            zeilen[tabelle - 1] = schluss
            neu = koerper + ([""] if ende < len(zeilen) else [])
        else:
            neu = [schluss, *koerper]
        zeilen[tabelle : ende + 1] = neu
        i = tabelle + len(koerper)
    return "\n".join(zeilen)


class KapitelLeser:
    """Read chapter files one after the other; footnotes are numbered through the report.

    `pfad_pruefen` resolves a path in content and fails if it leaves the project.
    """

    def __init__(self, pfad_pruefen: Callable[[Path, Ort], Path]):
        self._md = _parser()
        self._pfad_pruefen = pfad_pruefen
        self.fussnoten = 0
        self.abkuerzungen: dict[str, tuple[str, Ort]] = {}
        """Declared abbreviations: meaning and where it was declared."""

    def lies(self, datei: Path, text: str, quelltext: str = "") -> Kapitel:
        """Parse the (already expression-rendered) `text` of `datei` into a chapter.

        `quelltext` is the file as written, kept for rules on what the editor typed.
        """
        self._datei = datei
        tokens = self._md.parse(_tabellen_ausfalten(text))
        wurzel = SyntaxTreeNode(tokens)
        kopf: dict = {}
        self._fussnoten_text: dict[int, list[Block]] = {}
        self._fussnoten_nummer: dict[int, int] | None = None  # None: reading the footnotes' texts
        knoten = list(wurzel.children)
        for k in knoten:
            if k.type == "front_matter":
                kopf = self._front_matter(k)
            elif k.type == "footnote_block":
                for fn in k.children:
                    self._fussnoten_text[fn.meta["id"]] = self._fussnotentext(self._bloecke(fn.children))
        self._fussnoten_nummer = {}
        bloecke = self._bloecke([k for k in knoten if k.type not in ("front_matter", "footnote_block")])
        kapitel = self._kapitel(kopf, bloecke)
        kapitel.quelltext = quelltext or text
        return kapitel

    @staticmethod
    def _fussnotentext(bloecke: list[Block]) -> list[Block]:
        """A footnote holds text: paragraphs, lists, quotes, code – no heading, table, chart,
        image or page break (which have no place in a note and no number there)."""
        for b in alle_bloecke(bloecke):
            if not isinstance(b, (Absatz, Liste, Zitat, Codeblock, Definitionsliste)):
                art = {
                    Ueberschrift: "eine Überschrift",
                    Seitenumbruch: "einen Seitenumbruch",
                    Bild: "ein Bild",
                }
                raise InhaltsFehler(
                    f"Eine Fußnote enthält nur Text; {art.get(type(b), 'eine Tabelle oder ein Diagramm')} "
                    "gehört in den Fließtext.",
                    b.ort,
                    "Verweisen Sie aus der Fußnote darauf, bei Tabellen und Abbildungen mit [](#name).",
                )
        return bloecke

    def _unterschrift(self, angabe, ort: Ort) -> list[Block]:
        """Return the signature lines of a Vorwort (name in bold, function below)."""
        if angabe is None:
            return []
        if not isinstance(angabe, dict) or not angabe.get("name"):
            raise InhaltsFehler(
                "„unterschrift“ braucht „name“ (und meist „funktion“).",
                ort,
                "Beispiel: unterschrift: {name: Erika Muster, funktion: Oberbürgermeisterin}",
            )
        zeilen = [Absatz([Text(str(angabe["name"]), fett=True)], ort)]
        if angabe.get("funktion"):
            zeilen.append(Absatz([Text(str(angabe["funktion"]))], ort))
        return zeilen

    def _abkuerzungen_lesen(self, angabe, ort: Ort) -> None:
        if angabe is None:
            return
        if not isinstance(angabe, dict):
            raise InhaltsFehler(
                "„abkuerzungen“ muss Zeilen „Abkürzung: Bedeutung“ enthalten.",
                ort,
                "Beispiel: abkuerzungen: {KI: Kommunales Integrationszentrum}",
            )
        for kurz, lang in angabe.items():
            self.abkuerzung(str(kurz), str(lang), ort)

    def abkuerzung(self, kurz: str, lang: str, ort: Ort) -> None:
        """Declare an abbreviation; the same one with another meaning is an error."""
        bisher = self.abkuerzungen.get(kurz)
        if bisher is not None and bisher[0] != lang:
            raise InhaltsFehler(
                f"Abkürzung „{kurz}“ ist schon als „{bisher[0]}“ erklärt ({bisher[1]}).",
                ort,
                "Jede Abkürzung wird nur einmal erklärt.",
            )
        self.abkuerzungen[kurz] = (lang, ort)

    # --- front matter and chapter heading ---------------------------------------------------

    def _ort(self, knoten: SyntaxTreeNode | None) -> Ort:
        zeile = None
        while knoten is not None and not knoten.is_root and zeile is None:
            if knoten.map:
                zeile = knoten.map[0] + 1
            knoten = knoten.parent
        return Ort(self._datei, zeile)

    def _front_matter(self, knoten: SyntaxTreeNode) -> dict:
        ort = self._ort(knoten)
        try:
            daten = yaml.safe_load(knoten.content) or {}
        except yaml.YAMLError as exc:
            zeile = None
            mark = getattr(exc, "problem_mark", None)
            if mark is not None:
                zeile = mark.line + 2  # the first line of the file is "---"
            raise InhaltsFehler(
                "Der Kopfbereich (Front Matter) ist kein gültiges YAML.",
                Ort(self._datei, zeile or ort.zeile),
                "Prüfen Sie Doppelpunkte und Einrückung; Texte mit „:“ in Anführungszeichen setzen.",
            ) from None
        if not isinstance(daten, dict):
            raise InhaltsFehler(
                "Der Kopfbereich (Front Matter) muss aus Zeilen „schlüssel: wert“ bestehen.", ort
            )
        melden(  # every unknown entry at once
            [
                InhaltsFehler(
                    f"Unbekannter Eintrag „{schluessel}“ im Kopfbereich.",
                    ort,
                    vorschlag(str(schluessel), FRONT_MATTER_FELDER),
                )
                for schluessel in daten
                if schluessel not in FRONT_MATTER_FELDER
            ]
        )
        return daten

    def _kapitel(self, kopf: dict, bloecke: list[Block]) -> Kapitel:
        ort = Ort(self._datei, 1)
        titel = kopf.get("titel")
        hf = kopf.get("handlungsfeld")
        if hf is not None:
            hf = str(hf).strip()
            if not re.fullmatch(r"[A-Za-z0-9]{1,3}", hf):
                raise InhaltsFehler(
                    f"„handlungsfeld: {hf}“ ist kein Kennbuchstabe.", ort, "Beispiel: handlungsfeld: C"
                )
            if not titel:
                raise InhaltsFehler(
                    "Ein Handlungsfeld braucht einen „titel“ im Kopfbereich.",
                    ort,
                    "Beispiel: titel: Wohnen & Unterbringung",
                )
        neue_seite = kopf.get("neue_seite", hf is not None)
        ungerade = neue_seite == "ungerade"
        neue_seite = True if ungerade else ja_nein(neue_seite)
        quer = ja_nein(kopf.get("quer", False))
        anhang = ja_nein(kopf.get("anhang", False))
        melden(  # every yes/no that is neither, at once
            [
                fehler
                for wert, fehler in (
                    (
                        neue_seite,
                        InhaltsFehler(
                            "„neue_seite“ muss true, false oder ungerade sein.",
                            ort,
                            "„ungerade“ beginnt das Kapitel auf einer rechten Seite (beidseitiger Druck).",
                        ),
                    ),
                    (quer, InhaltsFehler("„quer“ muss true oder false sein.", ort, "Beispiel: quer: true")),
                    (
                        anhang,
                        InhaltsFehler("„anhang“ muss true oder false sein.", ort, "Beispiel: anhang: true"),
                    ),
                )
                if wert is None
            ]
        )
        if anhang:
            if hf is not None:
                raise InhaltsFehler("Ein Handlungsfeld kann kein Anhang sein.", ort)
            if not titel:
                raise InhaltsFehler("Ein Anhang braucht einen „titel“ im Kopfbereich.", ort)
            neue_seite = True if "neue_seite" not in kopf else neue_seite
        if titel:
            titel = str(titel)
            # an appendix gets "Anhang A: " from the numbering transform, in reading order
            text = f"Handlungsfeld {hf}: {titel}" if hf else titel
            bloecke.insert(0, Ueberschrift(1, [Text(text)], ort, neue_seite))
        else:
            erste = next((b for b in bloecke if isinstance(b, Ueberschrift)), None)
            if erste is None or erste.ebene != 1:
                raise InhaltsFehler(
                    "Das Kapitel hat keinen Titel.",
                    ort,
                    "Geben Sie „titel:“ im Kopfbereich an oder beginnen Sie mit „# Überschrift“.",
                )
            erste.neue_seite = neue_seite
            titel = erste.text
        bloecke += self._unterschrift(kopf.get("unterschrift"), ort)
        self._abkuerzungen_lesen(kopf.get("abkuerzungen"), ort)
        nummeriert = ja_nein(
            kopf.get("nummeriert", not anhang and str(titel).strip().lower() not in OHNE_NUMMER)
        )
        if nummeriert is None:
            raise InhaltsFehler("„nummeriert“ muss true oder false sein.", ort, "Beispiel: nummeriert: false")
        if not nummeriert:
            for b in alle_bloecke(bloecke):
                if isinstance(b, Ueberschrift):
                    b.nummeriert = False
        folien = kopf.get("folien", True)
        if ja_nein(folien) is not None:
            folien = ja_nein(folien)
        if isinstance(folien, list) and all(isinstance(f, (str, int)) and str(f).strip() for f in folien):
            folien = [str(f).strip() for f in folien]
        elif not isinstance(folien, bool):
            raise InhaltsFehler(
                "„folien“ muss ja, nein oder eine Liste sein.",
                ort,
                "Beispiel: folien: [einwohner, Ergebnisse und nächste Schritte] – Namen von Tabellen und "
                "Diagrammen und Überschriften, deren Listen Folien werden.",
            )
        return Kapitel(
            datei=self._datei,
            titel=text if kopf.get("titel") else titel,
            bloecke=bloecke,
            handlungsfeld=hf,
            neue_seite=neue_seite,
            ungerade=ungerade,
            quer=quer,
            anhang=anhang,
            daten=kopf,
            folien=folien,
        )

    # --- blocks -------------------------------------------------------------------------------

    def _bloecke(self, knoten: list[SyntaxTreeNode]) -> list[Block]:
        bloecke: list[Block] = []
        i = 0
        while i < len(knoten):
            k = knoten[i]
            if k.type == "fence" and k.info.strip().startswith(MIT_TABELLE):
                folgt = knoten[i + 1] if i + 1 < len(knoten) and knoten[i + 1].type == "table" else None
                bloecke.append(self._tabelle_mit_titel(k, folgt))
                i += 2 if folgt is not None else 1
                continue
            bloecke.extend(self._block(k))
            i += 1
        return bloecke

    def _block(self, k: SyntaxTreeNode) -> list[Block]:
        ort = self._ort(k)
        if k.type == "heading":
            ebene = int(k.tag[1])
            if ebene > 3:
                raise InhaltsFehler(
                    f"Überschriften der Ebene {ebene} gibt es im Bericht nicht.",
                    ort,
                    "Verwenden Sie höchstens „###“.",
                )
            return [Ueberschrift(ebene, self._inline(k.children[0]), ort)]
        if k.type == "paragraph":
            inline = k.children[0]
            bilder = [c for c in inline.children if c.type == "image"]
            if bilder:
                rest = [c for c in inline.children if c.type not in ("image", "softbreak")]
                rest = [c for c in rest if not (c.type == "text" and not c.content.strip())]
                if len(bilder) > 1 or rest:
                    raise InhaltsFehler(
                        "Ein Bild muss allein in einem eigenen Absatz stehen.",
                        ort,
                        "Setzen Sie Leerzeilen vor und nach „![…](…)“.",
                    )
                return [self._bild(bilder[0], ort)]
            return [Absatz(self._inline(inline), ort)]
        if k.type in ("bullet_list", "ordered_list"):
            eintraege = [self._bloecke(item.children) for item in k.children]
            start = int(k.attrs.get("start", 1)) if k.type == "ordered_list" else 1
            return [Liste(k.type == "ordered_list", eintraege, ort, start)]
        if k.type == "blockquote":
            return [Zitat(self._bloecke(k.children), ort)]
        if k.type == "dl":
            eintraege: list[tuple[list[Inline], list[Block]]] = []
            for kind in k.children:
                if kind.type == "dt":
                    eintraege.append((self._inline(kind.children[0]), []))
                elif kind.type == "dd" and eintraege:
                    eintraege[-1][1].extend(self._bloecke(kind.children))
            return [Definitionsliste(eintraege, ort)]
        if k.type == "table":
            return [self._tabelle(k, ort)]
        if k.type == "fence":
            return [self._fence(k, ort)]
        if k.type == "code_block":
            return [Codeblock(k.content.rstrip("\n").split("\n"), ort)]
        if k.type == "hr":
            return [Seitenumbruch(ort)]
        if k.type == "footnote_anchor":  # markdown-it's back link after a footnote's last block
            return []
        if k.type == "html_block":
            raise InhaltsFehler(
                "HTML wird in Kapiteln nicht unterstützt.", ort, "Verwenden Sie Markdown-Schreibweise."
            )
        raise InhaltsFehler(f"Dieses Markdown-Element wird nicht unterstützt ({k.type}).", ort)

    def _fence(self, k: SyntaxTreeNode, ort: Ort) -> Block:
        m = _DIREKTIVE.match(k.info.strip().replace(MIT_TABELLE, "{tabelle}", 1))
        if not m:
            return Codeblock(k.content.rstrip("\n").split("\n"), ort)
        art, name = m.group("art").strip(), m.group("name")
        if art not in DIREKTIVEN:
            raise InhaltsFehler(f"Unbekannte Anweisung „{{{art}}}“.", ort, vorschlag(art, DIREKTIVEN))
        if not name:
            raise InhaltsFehler(f"Nach „{{{art}}}“ fehlt der Name.", ort, f"Beispiel: ```{{{art}}} einwohner")
        optionen = Optionen()
        falsch: list[InhaltsFehler] = []  # every wrong option of the block, reported at once
        for i, zeile in enumerate(k.content.split("\n"), start=1):
            if not zeile.strip():
                continue
            zort = Ort(ort.datei, (ort.zeile or 0) + i)
            om = _OPTION.match(zeile.strip())
            if not om:
                falsch.append(
                    InhaltsFehler(
                        f"Zeile „{zeile.strip()}“ ist keine Option.",
                        zort,
                        "Optionen haben die Form „:titel: Text“.",
                    )
                )
                continue
            schluessel = om.group("schluessel")
            if schluessel not in OPTIONEN:
                falsch.append(
                    InhaltsFehler(
                        f"Unbekannte Option „:{schluessel}:“.", zort, vorschlag(schluessel, OPTIONEN)
                    )
                )
                continue
            wert = om.group("wert").strip()
            if angaben.OPTIONEN[schluessel].art == "ja_nein":
                if ja_nein(wert) is None:
                    falsch.append(InhaltsFehler(f"„:{schluessel}: {wert}“: erlaubt sind ja und nein.", zort))
                    continue
                setattr(optionen, schluessel, ja_nein(wert))
            else:
                setattr(optionen, schluessel, wert)
        melden(falsch)
        if art == "tabelle":
            return TabellenPlatz(name, optionen, ort)
        if art == "bild":
            return self._bilddatei(name, optionen.alt or "", optionen.titel or "", ort, optionen)
        if art == "massnahmen":
            feld = None if name.lower() == "alle" else name
            return MassnahmenPlatz(f"massnahmen_{name}", optionen, ort, handlungsfeld=feld)
        return DiagrammPlatz(name, optionen, ort)

    def _bild(self, k: SyntaxTreeNode, ort: Ort) -> Bild:
        alt = "".join(c.content for c in k.children if c.type in ("text", "code_inline")).strip()
        # Markdown encodes "Übersicht 1.png" as "%C3%9Cbersicht%201.png"
        src = unquote(k.attrs.get("src", ""))
        return self._bilddatei(src, alt, k.attrs.get("title") or "", ort)

    def _bilddatei(self, src: str, alt: str, titel: str, ort: Ort, optionen: Optionen | None = None) -> Bild:
        """Check an image placed by the editor (Markdown image or ```{bild}``` directive)."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
            raise InhaltsFehler(
                f"Bild „{src}“ ist keine Datei im Projekt.",
                ort,
                "Legen Sie das Bild in den Projektordner und verweisen Sie relativ darauf.",
            )
        pfad = self._pfad_pruefen(self._datei.parent / src, ort)
        if not pfad.is_file():
            raise InhaltsFehler(
                f"Bilddatei „{src}“ nicht gefunden.", ort, "Der Pfad gilt relativ zur Markdown-Datei."
            )
        if pfad.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"):
            raise InhaltsFehler(
                f"Bildformat „{pfad.suffix}“ wird nicht unterstützt.", ort, "Verwenden Sie PNG oder JPEG."
            )
        if not alt:
            raise InhaltsFehler(
                f"Bild „{src}“ hat keinen Alternativtext.",
                ort,
                'Beschreiben Sie den Inhalt: ![Beschreibung](bild.png "Titel").',
            )
        if not titel:
            raise InhaltsFehler(
                f"Bild „{src}“ hat keinen Titel für die Beschriftung.",
                ort,
                'Schreiben Sie ihn in Anführungszeichen hinter den Pfad: ![…](bild.png "Titel").',
            )
        optionen = optionen or Optionen()
        return Bild(pfad, pfad.stem, alt, titel, ort, optionen.quelle, optionen.stichtag)

    def _tabelle_mit_titel(self, fence: SyntaxTreeNode, tabelle: SyntaxTreeNode | None) -> EinfacheTabelle:
        """Read a GFM table written inside ```{tabelle} NAME``` below its options (unfolded by
        `_tabellen_ausfalten`: the directive, then the table)."""
        ort = self._ort(fence)
        platz = self._fence(fence, ort)
        name, optionen = platz.name, platz.optionen
        if tabelle is None:
            raise InhaltsFehler(
                f"In „{{tabelle}} {name}“ steht nach den Optionen keine Markdown-Tabelle.",
                ort,
                "Jede Zeile beginnt mit „|“; die zweite trennt Kopf und Inhalt: |---|--:|.",
            )
        if not optionen.titel:
            raise InhaltsFehler(
                f"Tabelle „{name}“ braucht einen Titel für ihre Beschriftung.",
                ort,
                "Schreiben Sie „:titel: …“ (und „:quelle: …“) über die Tabelle.",
            )
        ergebnis = self._tabelle(tabelle, ort)
        ergebnis.name = name
        ergebnis.beschriftung = Beschriftung(optionen.titel, optionen.quelle, optionen.stichtag)
        ergebnis.quer = optionen.quer
        ergebnis.folie = optionen.folie
        return ergebnis

    def _tabelle(self, k: SyntaxTreeNode, ort: Ort) -> EinfacheTabelle:
        kopf: list[list[Inline]] = []
        zeilen: list[list[list[Inline]]] = []
        ausrichtung: list[str] = []
        for teil in k.children:
            for tr in teil.children:
                zellen = [self._inline(z.children[0]) if z.children else [] for z in tr.children]
                if teil.type == "thead":
                    kopf = zellen
                    for z in tr.children:
                        stil = z.attrs.get("style", "")
                        ausrichtung.append(
                            "rechts" if "right" in stil else "mitte" if "center" in stil else "links"
                        )
                else:
                    zeilen.append(zellen)
        return EinfacheTabelle(kopf, zeilen, ausrichtung, ort)

    # --- inline -------------------------------------------------------------------------------

    def _inline(self, k: SyntaxTreeNode) -> list[Inline]:
        """Turn the inline content of a block into the model; each part knows its own line."""
        self._zeile = self._ort(k).zeile
        return self._inline_teile(k, False, False, False)

    def _hier(self) -> Ort:
        """The place of the inline part being read (its own line, not its paragraph's)."""
        return Ort(self._datei, self._zeile)

    def _inline_teile(self, k: SyntaxTreeNode, fett: bool, kursiv: bool, gestrichen: bool) -> list[Inline]:
        ergebnis: list[Inline] = []
        for c in k.children:
            t = c.type
            if t == "text":
                ergebnis.append(Text(c.content, fett, kursiv, gestrichen=gestrichen))
            elif t == "softbreak":
                ergebnis.append(Text(" ", fett, kursiv, gestrichen=gestrichen))
                self._zeile = self._zeile + 1 if self._zeile else None
            elif t == "hardbreak":
                ergebnis.append(Umbruch())
                self._zeile = self._zeile + 1 if self._zeile else None
            elif t == "code_inline":
                ergebnis.append(Text(c.content, fett, kursiv, code=True, gestrichen=gestrichen))
            elif t == "strong":
                ergebnis.extend(self._inline_teile(c, True, kursiv, gestrichen))
            elif t == "em":
                ergebnis.extend(self._inline_teile(c, fett, True, gestrichen))
            elif t == "s":
                ergebnis.extend(self._inline_teile(c, fett, kursiv, True))
            elif t == "link":
                href = c.attrs.get("href", "")
                ort = self._hier()
                inhalt = self._inline_teile(c, fett, kursiv, gestrichen)
                if href.startswith("#"):
                    if inhalt:
                        raise InhaltsFehler(
                            f"Ein Querverweis auf „{href[1:]}“ bekommt seinen Text automatisch.",
                            ort,
                            f"Schreiben Sie „[](#{href[1:]})“ ohne Text in den eckigen Klammern.",
                        )
                    ergebnis.append(Verweis(href[1:], ort))
                else:
                    texte = [i for i in inhalt if isinstance(i, Text)] or [Text(href)]
                    ergebnis.append(Link(href, texte, ort))
                    # a footnote or cross-reference written in the link's text follows the link
                    ergebnis.extend(i for i in inhalt if isinstance(i, (FussnotenVerweis, Verweis)))
            elif t == "footnote_ref":
                if self._fussnoten_nummer is None:
                    raise InhaltsFehler(
                        "Eine Fußnote kann keine weitere Fußnote enthalten.",
                        self._hier(),
                        "Schreiben Sie den Text der zweiten Fußnote in die erste oder in den Fließtext.",
                    )
                fid = c.meta["id"]
                if fid not in self._fussnoten_nummer:
                    self.fussnoten += 1
                    self._fussnoten_nummer[fid] = self.fussnoten
                ergebnis.append(
                    FussnotenVerweis(self._fussnoten_nummer[fid], self._fussnoten_text.get(fid, []))
                )
            elif t == "image":
                raise InhaltsFehler("Ein Bild muss allein in einem eigenen Absatz stehen.", self._hier())
            elif t == "html_inline":
                raise InhaltsFehler(
                    f"HTML „{c.content}“ wird nicht unterstützt.",
                    self._hier(),
                    "Für einen Zeilenumbruch setzen Sie zwei Leerzeichen ans Zeilenende.",
                )
            else:
                ergebnis.append(Text(c.content, fett, kursiv))
        return ergebnis


def fliesstext(text: str) -> list[tuple[int, str]]:
    """Return what the editor typed as running text, as (line, text) pairs.

    Code (inline, indented, ``` and ~~~ fences), front matter, link targets and HTML are left
    out; footnote texts and table cells are included.
    """
    teile: list[tuple[int, str]] = []
    for token in _parser().parse(text):
        if token.type != "inline" or not token.map:
            continue
        zeile = token.map[0] + 1
        for kind in token.children or []:
            if kind.type in ("softbreak", "hardbreak"):
                zeile += 1
            elif kind.type == "text":
                teile.append((zeile, kind.content))
    return teile


def zeilenarten(text: str) -> tuple[set[int], set[int]]:
    """The lines (0-based) of `text` that continue a paragraph's text from the line before, and
    the lines of footnote texts (the merge of a review aligns the text across them)."""
    weiter: set[int] = set()
    fussnoten: set[int] = set()
    tiefe = 0
    for t in _parser().parse(_tabellen_ausfalten(text)):
        if t.type == "footnote_reference_open" and t.map:
            fussnoten.update(range(t.map[0], t.map[1]))
        tiefe += {"footnote_block_open": 1, "footnote_block_close": -1}.get(t.type, 0)
        if t.type == "inline" and t.map and not tiefe:
            weiter.update(range(t.map[0] + 1, t.map[1]))
    return weiter, fussnoten


def lesetext(text: str, verweis: str) -> str:
    """The text of Markdown as a reader sees it, paragraphs (and table cells) joined by "\\n":
    a cross-reference `[](#name)` is `verweis`, footnote marks and texts are left out."""
    teile, tiefe = [], 0
    for t in _parser().parse(_tabellen_ausfalten(text)):
        tiefe += {"footnote_block_open": 1, "footnote_block_close": -1}.get(t.type, 0)
        if t.type != "inline" or tiefe:
            continue
        stuecke, im_verweis = [], 0
        for c in t.children or []:
            if c.type == "link_open" and str(c.attrs.get("href", "")).startswith("#"):
                stuecke.append(verweis)
                im_verweis += 1
            elif c.type == "link_close" and im_verweis:
                im_verweis -= 1
            elif im_verweis:
                continue
            elif c.type in ("text", "code_inline", "html_inline"):
                stuecke.append(c.content)
            elif c.type == "softbreak":
                stuecke.append(" ")
            elif c.type == "hardbreak":
                stuecke.append("\n")
        teile.append("".join(stuecke))
    return "\n".join(z for z in "\n".join(teile).split("\n") if z.strip())
