"""Document model → Word file, through the editor's template (docxtpl). Only this stage knows OOXML."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup

from ..fehler import InhaltsFehler, Ort, VorlagenFehler
from ..inhalt.modell import (
    Absatz,
    Bild,
    DiagrammPlatz,
    FussnotenVerweis,
    Kapitel,
    TabellenPlatz,
    alle_bloecke,
)
from ..kontrast import kontrast
from .abschnitte import Abschnitt, Abschnitte
from .bloecke import ABBILDUNG, TABELLE, Baukontext, Bloecke, Nummer, absatz_el, lauf
from .ooxml import (
    PPR_ORDNUNG,
    RPR_ORDNUNG,
    SETTINGS_ORDNUNG,
    STIL_ORDNUNG,
    TBLPR_ORDNUNG,
    TCPR_ORDNUNG,
    W_NS,
    el,
    feld,
    geordnet,
    qn,
    stabil_geordnet,
)
from .stile import Stile, stile_lesen

A4 = (7560000, 10692000)
"""A4 in EMU (21 × 29.7 cm)."""
RAND = 900000
"""2.5 cm in EMU."""
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
INHALT_TAG = re.compile(r"\{\{p\s+inhalt\s*\}\}")
VORLAGEN_VARIABLEN = ("titel", "untertitel", "herausgeber", "stand", "jahr", "redaktion", "kontakt", "inhalt")
FUSSNOTEN_TYP = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass
class Berichtsdaten:
    """What the title page, Impressum and properties show."""

    titel: str
    untertitel: str
    herausgeber: str
    stand: str
    jahr: int
    redaktion: str
    kontakt: str
    sprache: str
    vorspann_seitenzahlen: str = "roemisch"


def nummerieren(kapitel: Iterable[Kapitel]) -> dict[str, Nummer]:
    """Number tables and figures through the report, in reading order."""
    nummern: dict[str, Nummer] = {}
    zaehler = {TABELLE: 0, ABBILDUNG: 0}
    orte: dict[str, Ort] = {}
    for k in kapitel:
        if k.anhang:  # each appendix counts its own: Abbildung A.1, A.2, B.1 …
            zaehler = {TABELLE: 0, ABBILDUNG: 0}
        for b in alle_bloecke(k.bloecke):
            if isinstance(b, (TabellenPlatz, DiagrammPlatz, Bild)):
                art = TABELLE if isinstance(b, TabellenPlatz) else ABBILDUNG
                if b.name in nummern:
                    raise InhaltsFehler(
                        f"„{b.name}“ steht schon in {orte[b.name]}; jede Tabelle und Abbildung darf nur einmal vorkommen.",
                        b.ort,
                        "Verweisen Sie stattdessen mit [](#" + b.name + ") darauf.",
                    )
                zaehler[art] += 1
                nummern[b.name] = Nummer(art, zaehler[art], k.anhang, bool(k.anhang) and zaehler[art] == 1)
                orte[b.name] = b.ort
    return nummern


class WordAusgabe:
    """Fills one Word template with one report."""

    def __init__(self, vorlage: Path, anzeige: str):
        self.anzeige = anzeige
        if not vorlage.is_file():
            raise VorlagenFehler(
                f"Vorlage „{anzeige}“ nicht gefunden.", Ort("berichtsgen.toml"), "Prüfen Sie „vorlage“."
            )
        try:
            self.tpl = DocxTemplate(str(vorlage))
            self.docx = self.tpl.get_docx()
        except Exception as exc:  # python-docx raises several kinds for a broken package
            raise VorlagenFehler(
                f"Die Vorlage ist keine lesbare Word-Datei ({type(exc).__name__}).",
                Ort(anzeige),
                "Speichern Sie sie in Word als „Word-Dokument (*.docx)“.",
            ) from None
        self.hinweise: list[str] = []
        """Notices for the editors about the template (shown as progress lines)."""
        self.stile: Stile
        self.stile, ergaenzt = stile_lesen(
            self.docx.part.styles.element, anzeige, lambda: self.docx.part.numbering_part.element
        )
        if ergaenzt:
            self.hinweise.append(
                f"Vorlage „{anzeige}“: fehlende Formatvorlagen ergänzt: {', '.join(ergaenzt)}. "
                "Für das eigene Erscheinungsbild legen Sie sie in Word an."
            )
        self._vorlage_pruefen()

    def _geschichten(self, *arten: str) -> list[etree._Element]:
        """Return the document body and the parts of the kinds `arten` (header, footer, notes)."""
        wurzeln = [self.docx.element.body]
        for rel in self.docx.part.rels.values():
            if not rel.is_external and rel.reltype in arten and hasattr(rel.target_part, "element"):
                wurzeln.append(rel.target_part.element)
        return wurzeln

    def _texte(self) -> list[str]:
        """Return the text of every paragraph of the template's body, headers and footers."""
        return [
            "".join(t.text or "" for t in p.iter(qn("w:t")))
            for w in self._geschichten(RT.HEADER, RT.FOOTER)
            for p in w.iter(qn("w:p"))
        ]

    def _als_referenzdokument(self) -> None:
        """Use a template without any placeholder like pandoc's reference.docx.

        Its styles, page setup, headers and footers are kept, its body text is replaced by
        berichtsgen's default title page and the `{{p inhalt }}` placeholder.
        """
        body = self.docx.element.body
        for kind in list(body):
            if etree.QName(kind).localname != "sectPr":
                body.remove(kind)
        titel = self.stile.id("title") or self.stile.id("heading 1")
        normal = self.stile.id("normal")
        absaetze = [
            absatz_el(titel, [lauf("{{ titel }}")]),
            absatz_el(self.stile.id("subtitle") or normal, [lauf("{{ untertitel }}")]),
            absatz_el(normal, [lauf("{{ herausgeber }}")]),
            absatz_el(normal, [lauf("Stand: {{ stand }}"), el("w:r", el("w:br", type="page"))]),
            absatz_el(normal, [lauf("{{p inhalt }}")]),
        ]
        for a in reversed(absaetze):
            body.insert(0, a)
        self.hinweise.append(
            f"Vorlage „{self.anzeige}“ hat keine Platzhalter: verwendet werden ihre Formatvorlagen, "
            "Seiteneinstellungen, Kopf- und Fußzeilen; ihr Text wird ignoriert, das Titelblatt kommt von berichtsgen."
        )

    def _vorlage_pruefen(self) -> None:
        texte = self._texte()
        if not any("{{" in t or "{%" in t for t in texte):
            self._als_referenzdokument()
            return
        if not any(INHALT_TAG.search(t) for t in texte):
            raise VorlagenFehler(
                "In der Vorlage fehlt der Platzhalter „{{p inhalt }}“ für den Berichtstext.",
                Ort(self.anzeige),
                "Schreiben Sie ihn in Word allein in einen Absatz, wo der Bericht beginnen soll.",
            )
        try:
            unbekannt = self.tpl.get_undeclared_template_variables(
                jinja_env=SandboxedEnvironment(), context=dict.fromkeys(VORLAGEN_VARIABLEN)
            )
        except jinja2.TemplateSyntaxError as exc:
            raise VorlagenFehler(
                f"Platzhalter in der Vorlage fehlerhaft: {exc.message}.",
                Ort(self.anzeige),
                "Platzhalter haben die Form {{ titel }}; prüfen Sie die geschweiften Klammern.",
            ) from None
        if unbekannt:
            raise VorlagenFehler(
                f"Die Vorlage verwendet den unbekannten Platzhalter „{sorted(unbekannt)[0]}“.",
                Ort(self.anzeige),
                "Bekannt sind: " + ", ".join("{{ " + v + " }}" for v in VORLAGEN_VARIABLEN[:-1]) + ".",
            )

    def benutzte_stile(self) -> set[str]:
        """Return the IDs of the styles the report uses: berichtsgen's and those in the template's text."""
        ids = self.stile.berichtsstile()
        for wurzel in self._geschichten(RT.HEADER, RT.FOOTER):
            for name in ("pStyle", "rStyle", "tblStyle"):
                ids |= {e.get(qn("w:val")) for e in wurzel.iter(qn(f"w:{name}"))}
        return ids

    def design(self) -> tuple[list[str], str | None]:
        """Return the template's chart palette and body font: its theme accents and Normal font.

        Accent colours below 3:1 contrast against white are left out (WCAG 1.4.11); the font is
        the one of the "Standard" style, else the theme's body font.
        """
        farben: list[str] = []
        schrift = None
        for rel in self.docx.part.rels.values():
            if rel.is_external or not rel.reltype.endswith("/theme"):
                continue
            thema = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False))
            for i in range(1, 7):
                farbe = thema.find(f".//{{{A_NS}}}accent{i}/{{{A_NS}}}srgbClr")
                if farbe is not None and kontrast("#" + farbe.get("val", "FFFFFF")) >= 3:
                    farben.append("#" + farbe.get("val").upper())
            latin = thema.find(f".//{{{A_NS}}}minorFont/{{{A_NS}}}latin")
            if latin is not None and latin.get("typeface"):
                schrift = latin.get("typeface")
        normal = self.stile.id("normal")
        for stil in self.docx.part.styles.element.iter(qn("w:style")):
            if stil.get(qn("w:styleId")) == normal:
                fonts = stil.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
                if fonts is not None and fonts.get(qn("w:ascii")):
                    schrift = fonts.get(qn("w:ascii"))
        return farben, schrift

    def textbreite_cm(self, quer: bool = False) -> float:
        """Return the text width of the template's last section in cm (of its landscape form if `quer`).

        A template that does not say (pandoc's reference.docx has no page size) counts as A4 with
        Word's default margins of 2.5 cm.
        """
        sektion = self.docx.sections[-1]
        breite, hoehe = sektion.page_width or A4[0], sektion.page_height or A4[1]
        links = sektion.left_margin if sektion.left_margin is not None else RAND
        rechts = sektion.right_margin if sektion.right_margin is not None else RAND
        seite = max(breite, hoehe) if quer else min(breite, hoehe)
        return round((seite - links - rechts) / 360000, 2)

    # --- body ---------------------------------------------------------------------------------

    def rendern(
        self,
        kapitel: list[Kapitel],
        aufbau: Iterable[str],
        daten: Berichtsdaten,
        ziel: Path,
        zusatz: dict[str, Kapitel] | None = None,
    ) -> None:
        """Fill the template with the report and save it to `ziel`.

        `zusatz` holds generated chapters (such as the appendix "datenquellen") by building block.
        """
        zusatz = zusatz or {}
        self._fussnoten: list[tuple[int, list]] = []
        aufbau = list(aufbau)
        in_folge = [
            k for b in aufbau for k in (kapitel if b == "kapitel" else [zusatz[b]] if b in zusatz else [])
        ]
        nummern = nummerieren(in_folge)  # in reading order, generated appendices included
        k = Baukontext(
            stile=self.stile,
            teil=self.docx.part,
            nummern=nummern,
            textbreite_cm=self.textbreite_cm(),
            textbreite_quer_cm=self.textbreite_cm(quer=True),
            fussnote=self._fussnote,
        )
        bloecke = Bloecke(k)
        self._bloecke = bloecke
        self._k = k
        vorspann = {"roemisch": "lowerRoman", "keine": "keine"}.get(daten.vorspann_seitenzahlen)
        abschnitte = Abschnitte(Abschnitt(zaehlung=vorspann, titelseite=True))
        k.abschnitte = abschnitte
        koerper: list[etree._Element] = []
        hat_abb = any(n.art == ABBILDUNG for n in nummern.values())
        hat_tab = any(n.art == TABELLE for n in nummern.values())
        for i, baustein in enumerate(aufbau):
            neue_seite = i > 0
            if baustein == "impressum":
                koerper += self._impressum(daten, neue_seite)
            elif baustein == "inhaltsverzeichnis":
                koerper += self._verzeichnis(
                    "Inhaltsverzeichnis", 'TOC \\o "1-3" \\h \\z \\u', neue_seite, ueberschrift=False
                )
            elif baustein == "abbildungsverzeichnis" and hat_abb:
                koerper += self._verzeichnis(
                    "Abbildungsverzeichnis", f'TOC \\h \\z \\c "{ABBILDUNG}"', neue_seite
                )
            elif baustein == "tabellenverzeichnis" and hat_tab:
                koerper += self._verzeichnis(
                    "Tabellenverzeichnis", f'TOC \\h \\z \\c "{TABELLE}"', neue_seite
                )
            elif baustein == "kapitel":
                nach_wechsel = False
                if koerper and vorspann is not None:  # the body starts at page 1
                    koerper.append(abschnitte.wechsel(Abschnitt(zaehlung="decimal", start=1)))
                    nach_wechsel, neue_seite = True, False
                for kap in kapitel:
                    koerper += self._kapitel(kap, bloecke, abschnitte, neue_seite, nach_wechsel)
                    nach_wechsel = neue_seite = False
                if abschnitte.aktuell.quer:  # what follows the chapters is portrait again
                    koerper.append(abschnitte.wechsel(abschnitte.weiter(quer=False)))
            elif baustein in zusatz:
                koerper += self._kapitel(zusatz[baustein], bloecke, abschnitte, neue_seite, False)
        inhalt = Markup("".join(etree.tostring(e, encoding="unicode") for e in koerper))
        kontext = {
            "titel": daten.titel,
            "untertitel": daten.untertitel,
            "herausgeber": daten.herausgeber,
            "stand": daten.stand,
            "jahr": daten.jahr,
            "redaktion": daten.redaktion,
            "kontakt": daten.kontakt,
            "inhalt": inhalt,
        }
        try:
            self.tpl.render(kontext, jinja_env=SandboxedEnvironment(autoescape=True))
        except jinja2.TemplateError as exc:
            raise VorlagenFehler(f"Die Vorlage lässt sich nicht füllen: {exc}.", Ort(self.anzeige)) from None
        abschnitte.abschliessen(self.docx.element.body)
        self._fussnoten_schreiben()
        self._nachbearbeiten(daten)
        self.tpl.save(str(ziel))

    def _kapitel(
        self, kap: Kapitel, bloecke: Bloecke, abschnitte: Abschnitte, neue_seite: bool, nach_wechsel: bool
    ) -> list[etree._Element]:
        """Render a chapter; landscape chapters and odd-page starts get sections of their own."""
        elemente: list[etree._Element] = []
        eigener_abschnitt = kap.quer or kap.ungerade or abschnitte.aktuell.quer
        if eigener_abschnitt:
            beginn = "oddPage" if kap.ungerade else "nextPage"
            elemente.append(abschnitte.wechsel(abschnitte.weiter(quer=kap.quer, beginn=beginn)))
        inhalt = [e for b in kap.bloecke for e in bloecke.block(b)]
        if inhalt and (eigener_abschnitt or nach_wechsel):
            self._seitenumbruch_vor(inhalt[0], entfernen=True)
        elif inhalt and neue_seite:
            self._seitenumbruch_vor(inhalt[0])
        return elemente + inhalt

    def _seitenumbruch_vor(self, e: etree._Element, entfernen: bool = False) -> None:
        if etree.QName(e).localname != "p":
            return
        ppr = e.find(qn("w:pPr"))
        if entfernen:  # a section break already starts the page
            for umbruch in ppr.findall(qn("w:pageBreakBefore")) if ppr is not None else []:
                ppr.remove(umbruch)
            return
        if ppr is None:
            ppr = el("w:pPr")
            e.insert(0, ppr)
        if ppr.find(qn("w:pageBreakBefore")) is None:
            ppr.append(el("w:pageBreakBefore"))
            geordnet(ppr, PPR_ORDNUNG)

    def _impressum(self, d: Berichtsdaten, neue_seite: bool) -> list[etree._Element]:
        normal = self.stile.id("normal")
        zeilen = [
            ("Herausgeber", d.herausgeber),
            ("Redaktion", d.redaktion),
            ("Kontakt", d.kontakt),
            ("Stand", d.stand),
        ]
        elemente = [absatz_el(normal, [lauf("Impressum", fett=True)], seitenumbruch=neue_seite)]
        for label, wert in zeilen:
            if wert:
                elemente.append(absatz_el(normal, [lauf(f"{label}: ", fett=True), lauf(wert)]))
        elemente.append(
            absatz_el(normal, [lauf("Nachdruck, auch auszugsweise, nur mit Quellenangabe gestattet.")])
        )
        return elemente

    def _verzeichnis(
        self, titel: str, anweisung: str, neue_seite: bool, ueberschrift: bool = True
    ) -> list[etree._Element]:
        stil = (
            self.stile.id("heading 1")
            if ueberschrift
            else (self.stile.id("toc heading") or self.stile.id("normal"))
        )
        laeufe = [lauf(titel, fett=not ueberschrift and not self.stile.id("toc heading"))]
        if ueberschrift:
            laeufe = self._k.eintragen("inhalt", 1, titel, laeufe)
        kopf = absatz_el(stil, laeufe, seitenumbruch=neue_seite)
        platzhalter = lauf("Verzeichnis in Word mit „Felder aktualisieren“ (F9) füllen.")
        return [kopf, absatz_el(self.stile.id("normal"), feld(anweisung, [platzhalter]))]

    # --- indexes filled with LibreOffice's page numbers ------------------------------------

    def verzeichnisse_fuellen(self, verzeichnisse: list, ziel: Path) -> list[str]:
        """Write the laid-out entries into the cached results of the index fields; save to `ziel`.

        `verzeichnisse` are `export.Verzeichnis` objects in document order. An index whose entries
        do not match what the report holds keeps its placeholder; the returned hints say which.
        """
        hinweise: list[str] = []
        offen = list(verzeichnisse)
        for p in list(self.docx.element.body.iter(qn("w:p"))):
            anweisung = "".join(t.text or "" for t in p.iter(qn("w:instrText"))).strip()
            if not anweisung.startswith("TOC"):
                continue
            art = re.search(r'\\c\s+"([^"]+)"', anweisung)
            art = art.group(1) if art else "inhalt"
            gelegt = next((v for v in offen if v.art == art), None)
            eigene = self._k.verzeichnis.get(art, [])
            if gelegt is None or len(gelegt.eintraege) != len(eigene) or not eigene:
                name = "Inhaltsverzeichnis" if art == "inhalt" else f"Verzeichnis „{art}“"
                hinweise.append(f"{name}: Seitenzahlen nicht übernommen; Word füllt es mit F9.")
                continue
            offen.remove(gelegt)
            neu = [
                self._verzeichniseintrag(e, seite, art)
                for e, (_text, seite) in zip(eigene, gelegt.eintraege, strict=True)
            ]
            laeufe = [r for r in p if etree.QName(r).localname == "r"]
            anfang = laeufe[:3]  # begin, instruction, separate
            ende = laeufe[-1]
            ppr_erster = neu[0].find(qn("w:pPr"))
            for i, r in enumerate(anfang):
                ppr_erster.addnext(r) if i == 0 else anfang[i - 1].addnext(r)
            neu[-1].append(ende)
            for e in neu:
                p.addprevious(e)
            p.getparent().remove(p)
        self.docx.save(str(ziel))
        return hinweise

    def _verzeichniseintrag(self, eintrag, seite: str, art: str) -> etree._Element:
        stil = self.stile.id(f"toc {eintrag.ebene}") if art == "inhalt" else self.stile.id("table of figures")
        rechts = int(self.textbreite_cm() / 2.54 * 1440)
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val=stil or self.stile.id("normal")))
        ppr.append(el("w:tabs", el("w:tab", val="right", leader="dot", pos=rechts)))
        if stil is None and eintrag.ebene > 1:
            ppr.append(el("w:ind", left=284 * (eintrag.ebene - 1)))
        geordnet(ppr, PPR_ORDNUNG)
        link = el("w:hyperlink", anchor=eintrag.lesezeichen, history=1)
        link.append(lauf(eintrag.text))
        link.append(el("w:r", el("w:tab")))
        for r in feld(f"PAGEREF {eintrag.lesezeichen} \\h", [lauf(seite)]):
            link.append(r)
        return el("w:p", ppr, link)

    # --- footnotes ----------------------------------------------------------------------------

    def _fussnote(self, f: FussnotenVerweis) -> etree._Element:
        self._fussnoten.append((f.nummer, f.inhalt))
        return self._fussnotenzeichen(el("w:footnoteReference", id=f.nummer))

    def _fussnotenzeichen(self, kind: etree._Element) -> etree._Element:
        rpr = el("w:rPr")
        stil = self.stile.id("footnote reference", "character")
        if stil:
            rpr.append(el("w:rStyle", val=stil))
        else:
            rpr.append(el("w:vertAlign", val="superscript"))
        return el("w:r", rpr, kind)

    def _fussnoten_teil(self) -> etree._Element:
        teil = self.docx.part
        for rel in teil.rels.values():
            if rel.reltype == RT.FOOTNOTES:
                ziel = rel.target_part
                if hasattr(ziel, "element"):
                    return ziel.element
                # python-docx keeps a notes part it has no class for as bytes: edit a parsed
                # copy and write it back when done
                self._fussnoten_blob = ziel
                return parse_xml(ziel.blob)
        xml = (
            f'<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            "</w:footnotes>"
        )
        neu = XmlPart(PackURI("/word/footnotes.xml"), FUSSNOTEN_TYP, parse_xml(xml), teil.package)
        teil.relate_to(neu, RT.FOOTNOTES)
        return neu.element

    def _fussnoten_schreiben(self) -> None:
        if not self._fussnoten:
            return
        self._fussnoten_blob = None
        wurzel = self._fussnoten_teil()
        stil = self.stile.id("footnote text") or self.stile.id("normal")
        for nummer, bloecke in self._fussnoten:
            fn = el("w:footnote", id=nummer)
            absaetze = []
            for b in bloecke or [Absatz([], Ort())]:
                absaetze += self._bloecke.block(b)
            erster = absaetze[0] if absaetze else absatz_el(stil, [])
            for p in absaetze:
                ppr = p.find(qn("w:pPr"))
                if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
                    ppr.find(qn("w:pStyle")).set(qn("w:val"), stil)
            marke = self._fussnotenzeichen(el("w:footnoteRef"))
            position = 1 if erster.find(qn("w:pPr")) is not None else 0
            erster.insert(position, marke)
            erster.insert(position + 1, lauf(" "))
            for p in absaetze or [erster]:
                fn.append(p)
            wurzel.append(fn)
        if self._fussnoten_blob is not None:
            self._fussnoten_blob._blob = etree.tostring(
                wurzel, xml_declaration=True, encoding="UTF-8", standalone=True
            )

    # --- properties ---------------------------------------------------------------------------

    def _nachbearbeiten(self, d: Berichtsdaten) -> None:
        kern = self.docx.core_properties
        kern.title = d.titel
        kern.subject = d.untertitel
        kern.author = d.herausgeber
        kern.language = d.sprache
        self._sprache_setzen(d.sprache)
        # templates from other producers (pandoc) write style children and run properties in an
        # order Word's schema does not allow
        styles = self.docx.part.styles.element
        for stil in styles.iter(qn("w:style")):
            stabil_geordnet(stil, STIL_ORDNUNG)
        for rpr in styles.iter(qn("w:rPr")):
            stabil_geordnet(rpr, RPR_ORDNUNG)
        for name, ordnung in (("pPr", PPR_ORDNUNG), ("tcPr", TCPR_ORDNUNG), ("tblPr", TBLPR_ORDNUNG)):
            for eltern in styles.iter(qn(f"w:{name}")):
                stabil_geordnet(eltern, ordnung)
        self._zeichnungs_ids_eindeutig()
        self._einstellungen_reparieren()

    def _einstellungen_reparieren(self) -> None:
        """Repair what templates from other producers get wrong in settings.xml.

        python-docx-made templates omit the required w:zoom/@w:percent; pandoc's reference.docx
        puts w:footnotePr before w:doNotTrackMoves. Both break the schema Word checks.
        """
        einstellungen = self.docx.settings.element
        zoom = einstellungen.find(qn("w:zoom"))
        if zoom is not None and zoom.get(qn("w:percent")) is None:
            zoom.set(qn("w:percent"), "100")
        stabil_geordnet(einstellungen, SETTINGS_ORDNUNG)

    def _sprache_setzen(self, sprache: str) -> None:
        styles = self.docx.part.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = el("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = el("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            rpr_default.append(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = el("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), sprache)
        lang.set(qn("w:eastAsia"), lang.get(qn("w:eastAsia")) or sprache)
        geordnet(rpr, RPR_ORDNUNG)

    def _zeichnungs_ids_eindeutig(self) -> None:
        """Give every wp:docPr a unique id across body, headers, footers and notes."""
        naechste = 1
        for wurzel in self._geschichten(RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES):
            for doc_pr in wurzel.iter(qn("wp:docPr")):
                doc_pr.set("id", str(naechste))
                naechste += 1
