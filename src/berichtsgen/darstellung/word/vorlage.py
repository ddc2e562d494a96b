"""The editor's Word template: opened once, checked, and asked for its styles, design and page.

One reader serves the build, `check` and the `berichtsgen template` report: placeholders,
`{{p inhalt }}`, styles by built-in name (created where missing), theme colours and body font,
fonts with their substitutes, header and footer fields, the text width. A template without any
placeholder is used like pandoc's reference.docx.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Emu, Length
from docxtpl import DocxTemplate
from jinja2 import meta
from lxml import etree

from ...fehler import Ort, VorlagenFehler
from ...inhalt import ausdruecke
from ...inhalt.modell import EinfacheTabelle, TabellenPlatz
from ...kontrast import kontrast
from .. import paket
from ..paket import Vorlagenbericht
from ..spalten import Schrift, Spaltenplan, planen, spaltenbloecke, zellen_berechnet, zellen_markdown
from .ooxml import absatz, element, feld, ganze_twips, lauf, qn
from .stile import (
    BENOETIGT,
    VERZEICHNISSTILE,
    Schriftbild,
    Stile,
    Zellformat,
    stil_ids,
    stile_lesen,
    themenfarben,
)

A4 = (Emu(7560000), Emu(10692000))
"""A4 (21 × 29.7 cm)."""
RAND = Emu(900000)
"""Word's default margin of 2.5 cm."""
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
INHALT_TAG = re.compile(r"\{\{p\s+inhalt\s*\}\}")
VARIABLEN = (
    "titel",
    "untertitel",
    "herausgeber",
    "stand",
    "jahr",
    "redaktion",
    "kontakt",
    "parameter",
    "inhalt",
)
"""What a template may use: `{{ titel }}` … and `{{p inhalt }}` for the report body."""
SICHER = etree.XMLParser(resolve_entities=False, no_network=True)
DEKORATIV_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DEKORATIV_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
"""Word's mark for a decorative picture (no alternative text needed; an artifact in a PDF)."""


def _dekorativ(doc_pr: etree._Element) -> bool:
    return any(e.get("val") in ("1", "true") for e in doc_pr.iter(f"{{{DEKORATIV_NS}}}decorative"))


"""Parser for XML from templates: no entity expansion, no network."""


@dataclass(frozen=True)
class Design:
    """The template's chart palette (theme accents with 3:1 contrast) and body font."""

    farben: tuple[str, ...]
    schrift: str | None


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


def _einspaltig(koerper: etree._Element) -> int:
    """Set the report's section (the body's last) in one column; return the template's number of
    columns when it had several (a two-column layout breaks every table's numbers), else 0."""
    spalten = koerper.find(f"{qn('w:sectPr')}/{qn('w:cols')}")
    if spalten is None:
        return 0
    try:
        anzahl = int(spalten.get(qn("w:num"), "1"))
    except ValueError:
        anzahl = 1
    if anzahl <= 1:
        return 0
    for name in ("w:num", "w:equalWidth", "w:sep"):
        spalten.attrib.pop(qn(name), None)
    for spalte in spalten.findall(qn("w:col")):
        spalten.remove(spalte)
    return anzahl


def _nummerierung_sichern(teil) -> None:
    """Give a document without a numbering part (Word writes none when a file has no list) an
    empty one, as python-docx cannot create it and lists and numbered headings need it."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.packuri import PackURI
    from docx.oxml.ns import nsmap
    from docx.parts.numbering import NumberingPart

    try:
        teil.part_related_by(RT.NUMBERING)
    except KeyError:
        xml = f'<w:numbering xmlns:w="{nsmap["w"]}"/>'.encode()
        neu = NumberingPart.load(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, xml, teil.package)
        teil.relate_to(neu, RT.NUMBERING)


class Vorlage:
    """One Word template, read once.

    Opening collects what makes the template unusable in `maengel` instead of raising, so that
    `berichtsgen template` can list everything; `Vorlage.oeffnen` raises the first of them.
    """

    def __init__(self, pfad: Path, herkunft: str = "berichtsgen.toml"):
        self.pfad = pfad
        if not pfad.is_file():
            if herkunft == "--vorlage":
                raise VorlagenFehler(
                    f"Vorlage „{pfad}“ aus der Option --vorlage nicht gefunden.", None, "Prüfen Sie den Pfad."
                )
            raise VorlagenFehler(
                f"Vorlage „{pfad}“ nicht gefunden.",
                Ort("berichtsgen.toml"),
                "Prüfen Sie die Einstellung „vorlage“.",
            )
        bereinigt = paket.bereinigen(pfad, "docx")  # bounded, checked and cleaned before python-docx reads it
        try:
            self.tpl = DocxTemplate(bereinigt.datei())
            self.docx = self.tpl.get_docx()
        except Exception:  # python-docx raises several kinds for a broken package
            raise VorlagenFehler(
                "Die Vorlage ist keine lesbare Word-Datei.",
                Ort(pfad),
                "Speichern Sie sie in Word als „Word-Dokument (*.docx)“.",
            ) from None
        _nummerierung_sichern(self.docx.part)
        self.hinweise: list[str] = []
        """Notices for the editors about the template (shown as progress lines)."""
        self.entfernt = bereinigt.entfernt
        """What was removed from the template (`paket`: it never reaches a report)."""
        spaltenzahl = _einspaltig(self.docx.element.body)
        if spaltenzahl:
            self.hinweise.append(
                f"Vorlage „{pfad.name}“ setzt den Text in {spaltenzahl} Spalten: der Bericht wird einspaltig "
                "gesetzt, denn Tabellen und Abbildungen brauchen die ganze Satzbreite."
            )
        if self.entfernt:
            self.hinweise.append("Vorlage " + paket.hinweis(pfad.name, self.entfernt))
        self.fehlende_stile = [
            anzeige for art, name, anzeige, pflicht in BENOETIGT if pflicht and (art, name) not in self._ids()
        ]
        self.referenzdokument = not any("{{" in t or "{%" in t for t in self._texte())
        self.stile: Stile
        self.stile, ergaenzt = stile_lesen(
            self.docx.part.styles.element,
            pfad,
            lambda: self.docx.part.numbering_part.element,
            VERZEICHNISSTILE + (("title", "subtitle") if self.referenzdokument else ()),
            themenfarben(self._thema()),
            [e.get(qn("w:val")) for e in self.docx.element.body.iter(qn("w:tblStyle"))],
        )
        self.ergaenzte_stile = ergaenzt
        """Styles the template lacks and berichtsgen adds (as shown to editors)."""
        if ergaenzt:
            self.hinweise.append(
                f"Vorlage „{pfad.name}“: fehlende Formatvorlagen ergänzt: {', '.join(ergaenzt)}. "
                "Für das eigene Erscheinungsbild legen Sie sie in Word an."
            )
        self.platzhalter: set[str] = set()
        """The variables the template uses."""
        self.maengel: list[VorlagenFehler] = []
        if not self.referenzdokument:
            self._platzhalter_pruefen()

    @classmethod
    def oeffnen(cls, pfad: Path, herkunft: str = "berichtsgen.toml") -> Vorlage:
        """Open the template for a report: fail on its first defect, use it as reference document
        if it has no placeholders. `herkunft` says where the path came from, for messages."""
        vorlage = cls(pfad, herkunft)
        if vorlage.maengel:
            raise vorlage.maengel[0]
        if vorlage.referenzdokument:
            vorlage._als_referenzdokument()
        return vorlage

    def _ids(self) -> dict[tuple[str, str], str]:
        return stil_ids(self.docx.part.styles.element)

    # --- parts --------------------------------------------------------------------------------

    def geschichten(self, *arten: str) -> list[etree._Element]:
        """Return the document body and the parts of the kinds `arten` (header, footer, notes)."""
        wurzeln = [self.docx.element.body]
        for rel in self.docx.part.rels.values():
            if not rel.is_external and rel.reltype in arten and hasattr(rel.target_part, "element"):
                wurzeln.append(rel.target_part.element)
        return wurzeln

    def _kopf_fuss(self) -> list[etree._Element]:
        return self.geschichten(RT.HEADER, RT.FOOTER)[1:]

    def _felder(self) -> list[str]:
        """Return the field codes of the headers and footers (PAGE, NUMPAGES, STYLEREF …)."""
        teile = self._kopf_fuss()
        anweisungen = [(i.text or "") for w in teile for i in w.iter(qn("w:instrText"))]
        anweisungen += [f.get(qn("w:instr"), "") for w in teile for f in w.iter(qn("w:fldSimple"))]
        return [a.split()[0].upper() for a in anweisungen if a.split()]

    def bilder_zugaenglich(self, alt: str | None) -> list[str]:
        """Make the template's own pictures and text boxes (logo, footer box) accessible.

        Those without a description get `alt` (the setting `logo_alt`), or are marked decorative
        (Word's extension): LibreOffice (from 24.2, the version berichtsgen requires) then draws
        them as artifacts in the PDF, on the title page too, so a template's logo needs no
        setting. Returned: the pictures that would still be Figures without text (none since 7.4
        is no longer supported; kept for the rule `bild-ohne-alt`).
        """
        ohne_text = []
        for wurzel in self.geschichten(RT.HEADER, RT.FOOTER):
            for doc_pr in wurzel.iter(qn("wp:docPr")):
                if (doc_pr.get("descr") or "").strip() or _dekorativ(doc_pr):
                    continue
                if alt:
                    doc_pr.set("descr", alt)
                    continue
                doc_pr.append(
                    etree.fromstring(
                        f'<a:extLst xmlns:a="{A_NS}"><a:ext uri="{DEKORATIV_URI}">'
                        f'<adec:decorative xmlns:adec="{DEKORATIV_NS}" val="1"/></a:ext></a:extLst>'
                    )
                )
        return ohne_text

    def seitenzahl_sichern(self, position: str) -> None:
        """Give the report page numbers when the template's headers and footers have none.

        A paragraph "Seite N" (PAGE field) in the template's footer style is added to its default
        footer (created if it has none); `position` is "mitte", "links", "rechts" or "aus". The
        index pages listed in the table of contents can then be found.
        """
        if position == "aus" or "PAGE" in self._felder():
            return
        fusszeile = self.docx.sections[-1].footer
        fusszeile.is_linked_to_previous = False  # creates the part where the template has none
        ausrichtung = {"mitte": "center", "links": "left", "rechts": "right"}[position]
        stil = stil_ids(self.docx.part.styles.element).get(("paragraph", "footer")) or self.stile.id("normal")
        fusszeile._element.append(
            absatz(stil, [lauf("Seite "), *feld("PAGE", [lauf("1")])], ausrichtung=ausrichtung)
        )
        self.hinweise.append(
            f"Vorlage „{self.pfad.name}“ hat keine Seitenzahl in Kopf- oder Fußzeile: berichtsgen setzt sie "
            f"in die Fußzeile ({position}); „seitenzahl“ in berichtsgen.toml wählt die Stelle oder „aus“."
        )

    def _texte(self) -> list[str]:
        """Return the text of every paragraph of the template's body, headers and footers."""
        return [
            "".join(t.text or "" for t in p.iter(qn("w:t")))
            for w in self.geschichten(RT.HEADER, RT.FOOTER)
            for p in w.iter(qn("w:p"))
        ]

    def _thema(self) -> etree._Element | None:
        for rel in self.docx.part.rels.values():
            if not rel.is_external and rel.reltype == RT.THEME:
                return etree.fromstring(rel.target_part.blob, SICHER)
        return None

    # --- placeholders -------------------------------------------------------------------------

    def _platzhalter_pruefen(self) -> None:
        """Collect placeholder defects: the body placeholder, syntax, unknown names, filters."""
        ort = Ort(self.pfad)
        if not any(INHALT_TAG.search(t) for t in self._texte()):
            self.maengel.append(
                VorlagenFehler(
                    "In der Vorlage fehlt der Platzhalter „{{p inhalt }}“ für den Berichtstext.",
                    ort,
                    "Schreiben Sie ihn in Word allein in einen Absatz, wo der Bericht beginnen soll.",
                )
            )
        # the XML docxtpl renders: body, headers and footers, prepared as docxtpl does
        xml = self.tpl.patch_xml(self.tpl.xml_to_string(self.docx.element.body))
        for teil in self._kopf_fuss():
            xml += self.tpl.patch_xml(self.tpl.xml_to_string(teil))
        umgebung = ausdruecke.umgebung({}, autoescape=True)
        try:
            baum = umgebung.parse(xml)
            self.platzhalter = meta.find_undeclared_variables(baum)
            umgebung.compile(baum)  # unknown filters and tests fail here, not only when rendering
        except jinja2.TemplateSyntaxError as exc:
            self.maengel.append(
                VorlagenFehler(
                    f"Platzhalter in der Vorlage fehlerhaft: {ausdruecke.deutsch(exc)}.",
                    ort,
                    "Platzhalter haben die Form {{ titel }}; prüfen Sie die geschweiften Klammern.",
                )
            )
            return
        verboten = ausdruecke.verbotene_anweisung(baum)
        if verboten:
            self.maengel.append(
                VorlagenFehler(
                    f"Die Vorlage enthält „{{% {verboten[0]} %}}“; das ist in Vorlagen nicht erlaubt.",
                    ort,
                    "Eine Vorlage kann keine anderen Dateien einbinden; löschen Sie die Anweisung in Word.",
                )
            )
        unbekannt = sorted(self.platzhalter - set(VARIABLEN))
        if unbekannt:
            self.maengel.append(
                VorlagenFehler(
                    f"Die Vorlage verwendet den unbekannten Platzhalter „{unbekannt[0]}“.",
                    ort,
                    "Bekannt sind: " + ", ".join("{{ " + v + " }}" for v in VARIABLEN[:-1]) + ".",
                )
            )

    def _als_referenzdokument(self) -> None:
        """Use a template without any placeholder like pandoc's reference.docx.

        Its styles, page setup, headers and footers are kept, its body text is replaced by
        berichtsgen's default title page and the `{{p inhalt }}` placeholder.
        """
        body = self.docx.element.body
        for kind in list(body):
            if etree.QName(kind).localname != "sectPr":
                body.remove(kind)
        titel = self.stile.id("title")  # created where missing: never a (numbered) heading style
        normal = self.stile.id("normal")
        absaetze = [
            absatz(titel, [lauf("{{ titel }}")]),
            absatz(self.stile.id("subtitle") or normal, [lauf("{{ untertitel }}")]),
            absatz(normal, [lauf("{{ herausgeber }}")]),
            absatz(normal, [lauf("Stand: {{ stand }}"), element("w:r", element("w:br", type="page"))]),
            absatz(normal, [lauf("{{p inhalt }}")]),
        ]
        for a in reversed(absaetze):
            body.insert(0, a)
        self.hinweise.append(
            f"Vorlage „{self.pfad.name}“ hat keine Platzhalter: verwendet werden ihre Formatvorlagen, "
            "Seiteneinstellungen, Kopf- und Fußzeilen; ihr Text wird ignoriert, das Titelblatt kommt von berichtsgen."
        )

    # --- design and page ----------------------------------------------------------------------

    def benutzte_stile(self) -> set[str]:
        """Return the IDs of the styles the report uses: berichtsgen's and those in the template's text."""
        ids = self.stile.berichtsstile()
        if (
            not self.referenzdokument
        ):  # its own title page: berichtsgen writes title and subtitle only for a reference document
            ids -= {self.stile.id("title"), self.stile.id("subtitle")}
        wurzeln = self.geschichten(RT.HEADER, RT.FOOTER)
        if self.referenzdokument:  # its body text is replaced, its sample styles are not used
            wurzeln = wurzeln[1:]
        for wurzel in wurzeln:
            for name in ("pStyle", "rStyle", "tblStyle"):
                ids |= {e.get(qn("w:val")) for e in wurzel.iter(qn(f"w:{name}"))}
        return ids

    def schriftbilder(self) -> dict[str, Schriftbild]:
        """Return how the text of each style the report uses looks, by the style's name as Word shows it."""
        bilder = self.stile.schriftbilder
        return {self.stile.namen.get(sid, sid): bilder[sid] for sid in self.benutzte_stile() if sid in bilder}

    def tabellenbilder(self) -> dict[tuple[str, ...], Schriftbild]:
        """Return how the text of report tables looks in each region of their table style (header
        row, bands, first column), as rendered: by (table style name, region as editors know it),
        and of links on a region's shading: by (table style name, region, character style name).

        Text colour and shading are those the cells get (`Bloecke._zellformat`): the region's own,
        else the cell paragraph style's colour and the whole table's shading, else white; regions
        with automatic text colour are left out (Word and LibreOffice choose it against the shading).
        """
        stil = self.stile.tabellenstil
        if stil is None:
            return {}
        groesse = self.tabellenschrift().halbpunkte
        band = stil.bandgroesse
        stellen = [
            (True, 0, 1),
            (True, 0, 0),
            (False, 0, 1),
            (False, band, 1),
            (False, 0, 0),
            (False, band, 0),
        ]
        bilder: dict[tuple[str, ...], Schriftbild] = {}
        gesehen = set()
        for kopf, i, j in stellen:
            format_ = stil.zelle(kopf, i, j)
            if format_ == Zellformat(fett=format_.fett) and stil.ganz.fuellung in (None, "auto"):
                continue  # the cell style's text on white: the rule on paragraph styles says it
            text = format_.farbe if format_.farbe is not None else self.stile.zelltext
            grund = format_.fuellung if format_.fuellung not in (None, "auto") else stil.ganz.fuellung
            grund = grund if grund not in (None, "auto") else "#FFFFFF"
            if text in (None, "auto") or (text, grund) in gesehen:
                continue
            gesehen.add((text, grund))
            fett = format_.fett if format_.fett is not None else kopf
            bilder[(stil.name, stil.bereich(kopf, i, j))] = Schriftbild(text, grund, groesse, fett)
            link_id = self.stile.id("hyperlink", "character") or ""
            link = self.stile.schriftbilder.get(link_id)
            if not kopf and link is not None and grund != "#FFFFFF" and (link.farbe, grund) not in gesehen:
                # a link in a body cell keeps its style's colour (in a header cell the header's)
                gesehen.add((link.farbe, grund))
                schluessel = (stil.name, stil.bereich(kopf, i, j), self.stile.namen.get(link_id, link_id))
                bilder[schluessel] = Schriftbild(link.farbe, grund, groesse, fett)
        return bilder

    def zelltextfarbe(self, zeile: int, spalte: int) -> str | None:
        """Return the text colour of body cell (`zeile`, `spalte`) of a report table: for the
        shading berichtsgen writes itself (the Ampel of a status); None where it is automatic."""
        stil = self.stile.tabellenstil
        eigene = stil.zelle(False, zeile, spalte).farbe if stil is not None else None
        farbe = eigene if eigene is not None else self.stile.zelltext
        return None if farbe == "auto" else farbe

    def design(self) -> Design:
        """Return the template's chart palette and body font: its theme accents and Normal font.

        Accent colours below 3:1 contrast against white are left out (WCAG 1.4.11); the font is
        the one of the "Standard" style, else the theme's body font.
        """
        farben: list[str] = []
        schrift = None
        thema = self._thema()
        if thema is not None:
            for i in range(1, 7):
                farbe = thema.find(f".//{{{A_NS}}}accent{i}/{{{A_NS}}}srgbClr")
                if farbe is not None and kontrast("#" + farbe.get("val", "FFFFFF")) >= 3:
                    farben.append("#" + farbe.get("val").upper())
            latin = thema.find(f".//{{{A_NS}}}minorFont/{{{A_NS}}}latin")
            if latin is not None and latin.get("typeface"):
                schrift = latin.get("typeface")
        schrift = self.stile.schriften.get(self.stile.id("normal") or "", schrift)
        return Design(tuple(farben), schrift)

    def textbreite(self, quer: bool = False) -> Length:
        """Return the text width of the template's last section (of its landscape form if `quer`).

        A template that does not say (pandoc's reference.docx has no page size) counts as A4 with
        Word's default margins of 2.5 cm.
        """
        sektion = self.docx.sections[-1]
        breite, hoehe = sektion.page_width or A4[0], sektion.page_height or A4[1]
        links = sektion.left_margin if sektion.left_margin is not None else RAND
        rechts = sektion.right_margin if sektion.right_margin is not None else RAND
        seite = max(breite, hoehe) if quer else min(breite, hoehe)
        return Emu(seite - links - rechts)

    def textbreite_cm(self, quer: bool = False) -> float:
        """Return the text width in cm, rounded to 0.01 cm."""
        return round(self.textbreite(quer).cm, 2)

    # --- what the editors are told ------------------------------------------------------------

    def _schriften(self) -> list[str]:
        """Return the fonts the report really uses: those of the styles it applies (through their
        basedOn chain, with theme fonts resolved) and of the runs in headers and footers.

        A font a template only declares (Courier for an unused code style) is not listed.
        """
        wahl = self._schriftwahl
        namen: list[str] = []
        kandidaten = [wahl.name(sid) for sid in sorted(self.benutzte_stile())]
        for teil in self._kopf_fuss():
            kandidaten += [wahl.aus_rfonts(f) for f in teil.iter(qn("w:rFonts"))]
        for name in kandidaten:
            if name and name not in namen:
                namen.append(name)
        return namen

    @functools.cached_property
    def _schriftwahl(self) -> _Schriftwahl:
        return _Schriftwahl(self.docx.part.styles.element, self._thema())

    def tabellenschrift(self) -> Schrift:
        """Return the font and size of table text: the cell style's, else the table style's, else
        the document default (as Word resolves them)."""
        zellstil = self.stile.zellstil()
        wahl = self._schriftwahl
        name = wahl.name(zellstil) or wahl.name(self.stile.tabelle()) or "Liberation Sans"
        return Schrift(
            name, wahl.groesse(zellstil) or wahl.groesse(self.stile.tabelle()) or wahl.standardgroesse
        )

    def tabelle_planen(self, b: TabellenPlatz | EinfacheTabelle, quer: bool) -> Spaltenplan | None:
        """Plan the columns of a table block as the build will (None for a table not computed)."""
        if isinstance(b, TabellenPlatz):
            if b.ergebnis is None:
                return None
            zellen = zellen_berechnet(b.ergebnis)
        else:
            zellen = zellen_markdown(b)
        breite = ganze_twips(Cm(self.textbreite_cm(quer))) / 20
        return planen(zellen, breite, self.tabellenschrift(), self.zellrand_pt())

    def tabelle_teilen(self, b: TabellenPlatz) -> int:
        """The number of column blocks a computed table is split into on landscape pages, as the
        build will (1: it fits whole)."""
        if b.ergebnis is None:
            return 1
        breite = ganze_twips(Cm(self.textbreite_cm(True))) / 20
        return len(spaltenbloecke(b.ergebnis, breite, self.tabellenschrift(), self.zellrand_pt()))

    def zellrand_pt(self) -> float:
        """Return the left and right cell margins of report tables together, in points (the table
        style's, else Word's default of 0.19 cm each)."""
        links = rechts = 108  # twips
        stil = self._schriftwahl.nach_id.get(self.stile.tabelle())
        rand = stil.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}") if stil is not None else None
        if rand is not None:
            for seite in rand:
                name, wert = etree.QName(seite).localname, seite.get(qn("w:w"))
                if wert is None or not wert.lstrip("-").isdigit():
                    continue
                if name in ("left", "start"):
                    links = int(wert)
                elif name in ("right", "end"):
                    rechts = int(wert)
        return (links + rechts) / 20

    def _design_bericht(self, b: Vorlagenbericht) -> None:
        """Add what concerns fonts and header/footer fields to `b`."""
        for schrift in self._schriften():
            ersatz = ersatzschrift(schrift)
            if ersatz is None:
                b.hinweise.append(f"Schrift „{schrift}“: nicht prüfbar (fontconfig fehlt).")
            elif ersatz.lower() != schrift.lower():
                b.hinweise.append(
                    f"Schrift „{schrift}“ ist hier nicht installiert; LibreOffice verwendet „{ersatz}“."
                )
            else:
                b.zeilen.append(f"Schrift „{schrift}“: installiert.")
        felder = sorted(set(self._felder()))
        b.zeilen.append("Felder in Kopf- und Fußzeilen: " + (", ".join(felder) if felder else "keine"))
        if "STYLEREF" in felder:
            b.hinweise.append(
                "Feld STYLEREF in Kopf- oder Fußzeile: zeigt auf jeder Seite das aktuelle Kapitel (Word und "
                "LibreOffice); für Titel/Untertitel und nicht verwendete Formatvorlagen setzt berichtsgen den Text ein."
            )
        if "NUMPAGES" in felder:
            b.hinweise.append(
                "Feld NUMPAGES (Seitenzahl gesamt): zählt die Seiten des Teils (Vorspann römisch, Bericht ab 1); "
                "berichtsgen setzt dafür einen Seitenverweis (PAGEREF) auf das Ende des Teils ein."
            )
        ueberschrift = self.stile.id("heading 1")
        if ueberschrift in self.stile.nummerierungen:
            b.hinweise.append(
                "Überschrift 1 ist nummeriert: Kapitel tragen die Nummer, Vorwort, Anhänge und Verzeichnisse "
                "nicht (Einstellung „kapitelnummern“)."
            )
        if "PAGE" not in felder:
            b.hinweise.append(
                "Keine Seitenzahl (Feld PAGE) in Kopf- oder Fußzeile: berichtsgen setzt sie in die Fußzeile "
                "(Einstellung „seitenzahl“)."
            )

    def design_hinweise(self) -> list[str]:
        """Return the notices about fonts and page numbers, the part of the report `build` prints."""
        b = Vorlagenbericht()
        self._design_bericht(b)
        return b.hinweise

    def bericht(self) -> Vorlagenbericht:
        """Report what the template offers and lacks (`berichtsgen template`)."""
        b = Vorlagenbericht()
        if self.referenzdokument:
            b.zeilen.append(
                "Platzhalter: keine – die Vorlage wird als Referenzdokument verwendet (Titelblatt von berichtsgen)."
            )
        else:
            bekannt = sorted(self.platzhalter & set(VARIABLEN))
            b.zeilen.append("Platzhalter: " + (", ".join(bekannt) if bekannt else "–"))
            for name in sorted(self.platzhalter - set(VARIABLEN)):
                b.fehler.append(f"Platzhalter „{name}“ liefert berichtsgen nicht.")
            for mangel in self.maengel:
                if "unbekannten Platzhalter" not in mangel.meldung:
                    b.fehler.append(mangel.meldung)
            if any(INHALT_TAG.search(t) for t in self._texte()):
                b.zeilen.append("Berichtstext: {{p inhalt }} vorhanden.")
        ids, ergaenzt = self.stile.ids, set(self.ergaenzte_stile)
        vorhanden = [
            f"{anzeige} ({ids[(art, name)]})"
            for art, name, anzeige, _ in BENOETIGT
            if (art, name) in ids and anzeige not in ergaenzt
        ]
        fehlend = [
            anzeige + (" (wird ergänzt)" if anzeige in ergaenzt else "")
            for art, name, anzeige, _ in BENOETIGT
            if (art, name) not in ids or anzeige in ergaenzt
        ]
        b.zeilen.append("Formatvorlagen vorhanden: " + ", ".join(vorhanden))
        if fehlend:
            b.zeilen.append("Formatvorlagen fehlend: " + ", ".join(fehlend))
        tabellenstil = self.stile.tabellenstil
        if tabellenstil is not None:
            kopf = tabellenstil.zelle(True, 0, 1)
            aussehen = (
                f" (Überschriftenzeile{' ' + kopf.farbe if kopf.farbe else ''} auf {kopf.fuellung})"
                if kopf.fuellung not in (None, "auto")
                else ""
            )
            b.zeilen.append(f"Tabellen: Tabellenformatvorlage „{tabellenstil.name}“{aussehen}")
        if self.entfernt:  # the same rule as the build: removed, never in a report
            b.hinweise.append(
                "Verweise nach außen entfernt (sie gelangen in keinen Bericht): "
                + "; ".join(self.entfernt)
                + "."
            )
        self._design_bericht(b)
        return b


class _Schriftwahl:
    """Resolves the font name and size of a style as Word does: the style's own, its basedOn
    chain, then the document defaults; theme fonts ("minorHAnsi") by the template's theme."""

    def __init__(self, styles: etree._Element, thema: etree._Element | None):
        self.nach_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self._themen: dict[str, str] = {}
        if thema is not None:
            for teil, praefix in (("majorFont", "major"), ("minorFont", "minor")):
                latin = thema.find(f".//{{{A_NS}}}{teil}/{{{A_NS}}}latin")
                if latin is not None and latin.get("typeface"):
                    self._themen[praefix] = latin.get("typeface")
        vorgabe = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.standard = (
            self.aus_rfonts(vorgabe.find(qn("w:rFonts"))) if vorgabe is not None else None
        ) or self._themen.get("minor")
        sz = vorgabe.find(qn("w:sz")) if vorgabe is not None else None
        self.standardgroesse = _halbpunkte(sz) or 20  # Word's default: 10 pt

    def aus_rfonts(self, fonts: etree._Element | None) -> str | None:
        if fonts is None:
            return None
        thema_angabe = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
        if thema_angabe:
            return self._themen.get("major" if thema_angabe.startswith("major") else "minor")
        return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))

    def name(self, sid: str | None, tiefe: int = 0) -> str | None:
        """The font of style `sid`; None for a character or table style that sets none."""
        stil = self.nach_id.get(sid)
        if stil is None or tiefe > 20:
            return self.standard
        eigene = self.aus_rfonts(stil.find(f"{qn('w:rPr')}/{qn('w:rFonts')}"))
        if eigene:
            return eigene
        if stil.get(qn("w:type"), "paragraph") != "paragraph":
            return None  # a character or table style without a font keeps the paragraph's
        basis = stil.find(qn("w:basedOn"))
        return self.name(basis.get(qn("w:val")) if basis is not None else None, tiefe + 1)

    def groesse(self, sid: str | None, tiefe: int = 0) -> int | None:
        """The size of style `sid` in half points, from its basedOn chain; None if none sets it."""
        stil = self.nach_id.get(sid)
        if stil is None or tiefe > 20:
            return None
        eigene = _halbpunkte(stil.find(f"{qn('w:rPr')}/{qn('w:sz')}"))
        if eigene:
            return eigene
        basis = stil.find(qn("w:basedOn"))
        return self.groesse(basis.get(qn("w:val")), tiefe + 1) if basis is not None else None


def _halbpunkte(sz: etree._Element | None) -> int | None:
    wert = sz.get(qn("w:val")) if sz is not None else None
    return int(wert) if wert and wert.isdigit() else None
