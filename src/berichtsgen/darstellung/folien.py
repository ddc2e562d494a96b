"""Document model → a committee slide deck (PPTX) in the editor's PowerPoint template, with python-pptx.

Title slide, an agenda of the chapters, and per chapter a section header (its running text in the
speaker notes) followed by what `inhalt.folien.auswahl` picks: charts as pictures with their alt
text, tables as native PowerPoint tables (split over slides when long), lists as bullet slides.
Every chart and table slide has its numbered caption as title and the Quelle line at its foot, the
same as in the Word file. The layouts are the template's own, found by their type.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..fehler import Ort, VorlagenFehler
from ..inhalt.arten import Ausgelassen, art
from ..inhalt.folien import Stichpunkte, auswahl
from ..inhalt.modell import (
    Absatz,
    Bericht,
    Berichtsdaten,
    Bild,
    Codeblock,
    Definitionsliste,
    DiagrammPlatz,
    EinfacheTabelle,
    FertigeTabelle,
    FussnotenVerweis,
    Kapitel,
    Link,
    Liste,
    Nummer,
    Seitenumbruch,
    TabellenPlatz,
    Text,
    Ueberschrift,
    Umbruch,
    Verweis,
    Zitat,
    eigenschaft,
)
from . import paket
from .paket import Vorlagenbericht
from .spalten import Schrift, Zelle, breite_pt, planen, trennen

STANDARDVORLAGE = Path(__file__).resolve().parent.parent / "vorlagen" / "folien.pptx"
FORTSETZUNG = " (Fortsetzung)"
QUELLE_PT = 11
TABELLE_PT = 14
"""Height of a table row on a slide: the text and the cell margins."""
FUSS = Emu(457200)
"""The strip under a chart or table for its Quelle line (1.27 cm)."""

# layout types of PresentationML (p:sldLayout/@type), then names in English and German
LAYOUTS = {
    "titel": (("title",), ("title slide", "titelfolie")),
    "inhalt": (("obj", "tx"), ("title and content", "titel und inhalt")),
    "abschnitt": (("secHead",), ("section header", "abschnittsüberschrift", "abschnittsueberschrift")),
}


@dataclass
class Folienausgabe:
    """What was written: the file, its slides and how many are in it."""

    datei: Path
    folien: int


@dataclass(frozen=True)
class Flaeche:
    """The content area of the template's "Title and Content" layout (EMU)."""

    links: int
    oben: int
    breite: int
    hoehe: int

    def cm(self) -> tuple[float, float]:
        """Width and height available to a chart (above its Quelle line), in cm."""
        return self.breite / 360000, (self.hoehe - FUSS) / 360000


class Folienvorlage:
    """A PowerPoint template, opened and checked once: its layouts and the content area."""

    def __init__(self, pfad: Path | None):
        self.pfad = pfad or STANDARDVORLAGE
        if not self.pfad.is_file():
            raise VorlagenFehler(
                "Die Folienvorlage fehlt.",
                Ort(self.pfad),
                "Prüfen Sie „folien_vorlage“ in berichtsgen.toml; ohne die Einstellung gilt die mitgelieferte.",
            )
        bereinigt = paket.bereinigen(self.pfad, "pptx", "Folienvorlage")  # before python-pptx reads it
        self.entfernt = bereinigt.entfernt
        """What was removed from the template (`paket`: it never reaches a deck)."""
        self.hinweise = (
            ["Folienvorlage " + paket.hinweis(self.pfad.name, self.entfernt, "der Foliensatz")]
            if self.entfernt
            else []
        )
        """Notices for the editors about the template (shown as progress lines)."""
        try:
            self.praesentation = Presentation(bereinigt.datei())
        except Exception:  # python-pptx raises many kinds for a broken package
            raise VorlagenFehler(
                "Die Folienvorlage ist keine lesbare PowerPoint-Datei.",
                Ort(self.pfad),
                "Speichern Sie sie in PowerPoint als „PowerPoint-Präsentation (*.pptx)“.",
            ) from None
        self.layouts = {rolle: self._layout(rolle) for rolle in LAYOUTS}
        for rolle, deutsch in (("titel", "Titelfolie"), ("inhalt", "Titel und Inhalt")):
            if self.layouts[rolle] is None:
                raise VorlagenFehler(
                    f"Der Folienvorlage fehlt das Layout „{deutsch}“.",
                    Ort(self.pfad),
                    "Legen Sie es im Folienmaster an (Ansicht → Folienmaster) oder nehmen Sie die "
                    "mitgelieferte Vorlage.",
                )
        if self.layouts["abschnitt"] is None:
            self.layouts["abschnitt"] = self.layouts["titel"]
        inhalt = self._platzhalter(self.layouts["inhalt"], (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY))
        if inhalt is None:
            raise VorlagenFehler(
                "Das Layout „Titel und Inhalt“ der Folienvorlage hat keinen Inhaltsplatzhalter.",
                Ort(self.pfad),
                "Fügen Sie im Folienmaster einen Platzhalter „Inhalt“ ein.",
            )
        lage = (inhalt.left, inhalt.top, inhalt.width, inhalt.height)
        if any(wert is None for wert in lage) or inhalt.width <= 0 or inhalt.height <= 0:
            raise VorlagenFehler(
                "Der Inhaltsplatzhalter des Layouts „Titel und Inhalt“ hat weder im Layout noch im "
                "Folienmaster eine Position und Größe.",
                Ort(self.pfad),
                "Ziehen Sie den Platzhalter im Folienmaster (Ansicht → Folienmaster) einmal zurecht und "
                "speichern Sie die Vorlage neu.",
            )
        self.flaeche = Flaeche(*lage)

    def bericht(self) -> Vorlagenbericht:
        """Report what the template offers (`berichtsgen template` for a .pptx): its layouts, the
        content area, and what was removed (the same rule as the build)."""
        b = Vorlagenbericht()
        breite, hoehe = self.praesentation.slide_width, self.praesentation.slide_height
        if breite and hoehe:  # a presentation without p:sldSz has PowerPoint's default
            b.zeilen.append(
                f"Folienformat: {breite / 360000:.1f} × {hoehe / 360000:.1f} cm".replace(".", ",")
            )
        namen = {"titel": "Titelfolie", "inhalt": "Titel und Inhalt", "abschnitt": "Abschnitt"}
        b.zeilen.append(
            "Layouts: "
            + ", ".join(f"{namen[rolle]} („{layout.name}“)" for rolle, layout in self.layouts.items())
        )
        breite, hoehe = self.flaeche.cm()
        b.zeilen.append(f"Platz für Diagramme: {breite:.1f} × {hoehe:.1f} cm".replace(".", ","))
        if self.entfernt:
            b.hinweise.append(
                "Verweise nach außen entfernt (sie gelangen in keinen Foliensatz): "
                + "; ".join(self.entfernt)
                + "."
            )
        return b

    def _layout(self, rolle: str):
        typen, namen = LAYOUTS[rolle]
        alle = [layout for master in self.praesentation.slide_masters for layout in master.slide_layouts]
        for layout in alle:
            if layout._element.get("type") in typen:
                return layout
        for layout in alle:
            if layout.name.strip().lower() in namen:
                return layout
        return None

    @staticmethod
    def _platzhalter(layout, typen):
        for ph in layout.placeholders:
            if ph.placeholder_format.type in typen:
                return ph
        return None


def rendern(bericht: Bericht, daten: Berichtsdaten, vorlage: Folienvorlage, ziel: Path) -> Folienausgabe:
    """Write the deck of `bericht` into `ziel`."""
    deck = _Deck(vorlage)
    deck.titelfolie(daten)
    kapitel = _kapitel(bericht)
    deck.agenda([k.titel for k, _inhalte in kapitel])
    for k, inhalte in kapitel:
        deck.abschnitt(k.titel, _fliesstext(k))
        for inhalt in inhalte:
            if isinstance(inhalt, Stichpunkte):
                deck.stichpunkte(inhalt)
            elif isinstance(inhalt, (DiagrammPlatz, Bild)) and inhalt.ergebnis is not None:
                deck.abbildung(inhalt.nummer, inhalt.ergebnis)
            elif isinstance(inhalt, TabellenPlatz) and inhalt.ergebnis is not None:
                deck.tabelle(inhalt.nummer, _zeilen_berechnet(inhalt.ergebnis), inhalt.ergebnis)
            elif isinstance(inhalt, EinfacheTabelle) and inhalt.beschriftung is not None:
                deck.tabelle(inhalt.nummer, _zeilen_markdown(inhalt), None, inhalt.beschriftung)
    p = deck.praesentation
    p.core_properties.title = eigenschaft(daten.titel)
    p.core_properties.author = eigenschaft(daten.herausgeber or "")
    p.core_properties.language = daten.sprache
    p.core_properties.subject = eigenschaft(daten.untertitel or "")
    paket.speichern(p, ziel)
    return Folienausgabe(ziel, len(p.slides))


def _kapitel(bericht: Bericht) -> list[tuple[Kapitel, list]]:
    """The chapters that make the deck with their content slides: the report's own (unless
    `folien: false`), and of the generated ones (appendices, lists) those with a table or chart
    (the Maßnahmenübersicht, not the list of abbreviations)."""
    gewaehlt = []
    for baustein, kapitel in bericht.bausteine:
        for k in kapitel:
            inhalte = auswahl(k)
            if k.folien is not False and (
                baustein == "kapitel" or any(not isinstance(i, Stichpunkte) for i in inhalte)
            ):
                gewaehlt.append((k, inhalte))
    return gewaehlt


BLOECKE: dict[type, str] = {
    Ueberschrift: "abschnitt",  # the title of the slides under it; in the notes in capitals
    Liste: "stichpunkte",  # the lists under a heading: a slide of bullet points
    TabellenPlatz: "folie",
    EinfacheTabelle: "folie",
    DiagrammPlatz: "folie",
    Bild: "folie",
    Absatz: "notizen",
    Zitat: "notizen",
    Codeblock: Ausgelassen("Programmtext gehört nicht auf eine Folie."),
    Definitionsliste: Ausgelassen("Eine Begriffsliste ist Nachschlagestoff, kein Vortrag."),
    Seitenumbruch: Ausgelassen("Folien haben keine Seitenumbrüche."),
}
"""What the deck makes of each kind of block (which tables and charts get a slide is the
chapter's choice, `inhalt.folien.auswahl`)."""

INLINE: dict[type, str] = {
    Text: "text",
    Link: "link",
    Verweis: "verweis",
    Umbruch: "umbruch",
    FussnotenVerweis: Ausgelassen("Anmerkungen stehen im Bericht, nicht in den Notizen."),
}
"""What the speaker notes make of each kind of inline content."""


def _klartext(inhalt: list) -> str:
    teile = []
    for t in inhalt:
        zweig = art(INLINE, t)
        if zweig == "text":
            teile.append(t.text)
        elif zweig == "verweis" and t.ziel is not None:
            teile.append(t.ziel.text)
        elif zweig == "link":
            teile.append(_klartext(t.inhalt))
        elif zweig == "umbruch":
            teile.append(" ")
    return " ".join("".join(teile).split())


def _fliesstext(kapitel: Kapitel) -> str:
    """The chapter's running text for the speaker notes, a paragraph per line."""
    absaetze = []
    for b in kapitel.bloecke:
        zweig = art(BLOECKE, b)
        if zweig == "notizen":
            absaetze += [
                _klartext(x.inhalt)
                for x in ([b] if isinstance(b, Absatz) else b.bloecke)
                if isinstance(x, Absatz)
            ]
        elif zweig == "abschnitt" and b is not kapitel.bloecke[0]:
            absaetze.append(_klartext(b.inhalt).upper())
    return "\n\n".join(a for a in absaetze if a)


@dataclass
class _Zelle:
    text: str
    rechts: bool = False
    fett: bool = False
    fuellung: str | None = None


def _zeichen_setzen(absatz: Any, zeichen: Any) -> None:
    """Put the bullet element `zeichen` (a:buAutoNum, a:buNone) in place of the layout's."""
    ppr = absatz._p.get_or_add_pPr()
    for alt in ppr.findall(qn("a:buNone")) + ppr.findall(qn("a:buChar")) + ppr.findall(qn("a:buAutoNum")):
        ppr.remove(alt)
    danach = [k for k in ppr if k.tag in (qn("a:tabLst"), qn("a:defRPr"), qn("a:extLst"))]
    if danach:  # the schema's order: bullets before tab stops and default run properties
        danach[0].addprevious(zeichen)
    else:
        ppr.append(zeichen)


def _ohne_zeichen(absatz: Any) -> None:
    """A further paragraph of a list item: no bullet, its text under the item's text."""
    ppr = absatz._p.get_or_add_pPr()
    ppr.set("indent", "0")
    _zeichen_setzen(absatz, ppr.makeelement(qn("a:buNone"), {}))


def _nummeriert(absatz: Any, start: int) -> None:
    """Number a list paragraph ("1.", "2." …, from `start`) instead of the layout's bullet: a
    numbered list stays numbered. PowerPoint counts on from the paragraph before at its level."""
    ppr = absatz._p.get_or_add_pPr()
    nummer = ppr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod"})
    if start != 1:
        nummer.set("startAt", str(start))
    _zeichen_setzen(absatz, nummer)


def _zeilen_berechnet(t: FertigeTabelle) -> list[list[_Zelle]]:
    fett = t.summenzeilen | t.gruppenzeilen
    zeilen = [[_Zelle(k, t.rechtsbuendig[j], True) for j, k in enumerate(t.kopf)]]
    for i, zeile in enumerate(t.zeilen):
        einzug = "  " * t.ebenen.get(i, 0)
        zeilen.append(
            [
                _Zelle((einzug if j == 0 else "") + z, t.rechtsbuendig[j], i in fett, t.fuellung.get((i, j)))
                for j, z in enumerate(zeile)
            ]
        )
    return zeilen


def _ganz_fett(inhalt: list) -> bool:
    """A Markdown cell written bold as a whole ("**Insgesamt**", "**4.850**"): a total, bold on the slide too."""
    texte = [t for t in inhalt if isinstance(t, Text) and t.text.strip()]
    return bool(texte) and all(t.fett for t in texte)


def _zeilen_markdown(b: EinfacheTabelle) -> list[list[_Zelle]]:
    rechts = [a == "rechts" for a in b.ausrichtung]
    zeilen = [
        [_Zelle(_klartext(k), rechts[j] if j < len(rechts) else False, True) for j, k in enumerate(b.kopf)]
    ]
    for zeile in b.zeilen:
        zeilen.append(
            [
                _Zelle(_klartext(z), rechts[j] if j < len(rechts) else False, _ganz_fett(z))
                for j, z in enumerate(zeile)
            ]
        )
    return zeilen


class _Deck:
    def __init__(self, vorlage: Folienvorlage):
        self.v = vorlage
        self.praesentation = vorlage.praesentation
        self._vorhandene_entfernen()

    def _vorhandene_entfernen(self) -> None:
        """A template may carry example slides: the deck starts empty."""
        liste = self.praesentation.slides._sldIdLst
        for eintrag in list(liste):
            self.praesentation.part.drop_rel(eintrag.rId)
            liste.remove(eintrag)

    def _folie(self, rolle: str):
        return self.praesentation.slides.add_slide(self.v.layouts[rolle])

    @staticmethod
    def _titel(folie, text: str) -> None:
        titel = folie.shapes.title
        if titel is None:
            return
        titel.text_frame.text = text
        if len(text) > 45:  # a long caption as title: smaller rather than over the content
            titel.text_frame.paragraphs[0].font.size = Pt(28 if len(text) <= 90 else 22)

    @staticmethod
    def _leeren(folie, behalten: Any = None) -> None:
        """Remove the placeholders berichtsgen does not fill (an empty one would show its prompt
        text in PowerPoint): all but the title and `behalten`."""
        for ph in list(folie.placeholders):
            if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                continue
            if behalten is not None and ph.shape_id == behalten.shape_id:
                continue
            ph._element.getparent().remove(ph._element)

    @staticmethod
    def _koerper(folie):
        for ph in folie.placeholders:
            if ph.placeholder_format.type in (
                PP_PLACEHOLDER.OBJECT,
                PP_PLACEHOLDER.BODY,
                PP_PLACEHOLDER.SUBTITLE,
            ):
                return ph
        return None

    def titelfolie(self, d: Any) -> None:
        folie = self._folie("titel")
        self._titel(folie, d.titel)
        koerper = self._koerper(folie)
        zeilen = [z for z in (d.untertitel, d.herausgeber, d.stand) if z]
        if koerper is not None and zeilen:
            _zeilen_setzen(koerper.text_frame, zeilen)
        self._leeren(folie, koerper if zeilen else None)

    def agenda(self, titel: list[str]) -> None:
        folie = self._folie("inhalt")
        self._titel(folie, "Inhalt")
        koerper = self._koerper(folie)
        _kleiner_wenn_lang(_zeilen_setzen(koerper.text_frame, titel))
        self._leeren(folie, koerper)

    def abschnitt(self, titel: str, notizen: str) -> None:
        folie = self._folie("abschnitt")
        self._titel(folie, titel)
        self._leeren(folie)
        if notizen:
            folie.notes_slide.notes_text_frame.text = notizen

    def stichpunkte(self, s: Stichpunkte) -> None:
        folie = self._folie("inhalt")
        self._titel(folie, s.titel)
        koerper = self._koerper(folie)
        rahmen = koerper.text_frame
        erste = True

        def eintragen(liste: Liste, ebene: int) -> None:
            nonlocal erste
            anfang = liste.start
            for k, eintrag in enumerate(liste.eintraege):
                erster_absatz = True
                for b in eintrag:
                    if isinstance(b, Absatz):
                        absatz = rahmen.paragraphs[0] if erste else rahmen.add_paragraph()
                        erste = False
                        absatz.text = _klartext(b.inhalt)
                        absatz.level = min(ebene, 4)
                        if erster_absatz and liste.geordnet:
                            _nummeriert(absatz, anfang)
                        elif not erster_absatz:  # a further paragraph of the item: no mark of its own
                            _ohne_zeichen(absatz)
                            anfang = liste.start + k + 1  # PowerPoint counts anew after it
                        erster_absatz = False
                    elif isinstance(b, Liste):
                        eintragen(b, ebene + 1)

        for liste in s.listen:
            eintragen(liste, 0)
        _kleiner_wenn_lang(rahmen)
        self._leeren(folie, koerper)

    def _quelle(self, folie, beschriftung: Any, anmerkungen: list[str] = ()) -> None:
        zeilen = [z for z in (beschriftung.quellzeile(), *anmerkungen) if z]
        if not zeilen:
            return
        f = self.v.flaeche
        kasten = folie.shapes.add_textbox(f.links, f.oben + f.hoehe - FUSS, f.breite, FUSS)
        kasten.name = "Quelle"
        rahmen = kasten.text_frame
        rahmen.word_wrap = True
        rahmen.vertical_anchor = MSO_ANCHOR.BOTTOM
        for i, absatz in enumerate(_zeilen_setzen(rahmen, zeilen).paragraphs):
            absatz.font.size = Pt(QUELLE_PT if i == 0 else QUELLE_PT - 1)

    def abbildung(self, nummer: Nummer, d: Any) -> None:
        folie = self._folie("inhalt")
        self._titel(folie, f"{nummer.text}: {d.beschriftung.titel}")
        self._leeren(folie)
        f = self.v.flaeche
        hoehe_max = f.hoehe - FUSS
        faktor = min(f.breite / (d.breite_cm * 360000), hoehe_max / (d.hoehe_cm * 360000))
        breite, hoehe = int(d.breite_cm * 360000 * faktor), int(d.hoehe_cm * 360000 * faktor)
        bild = folie.shapes.add_picture(
            io.BytesIO(d.png),
            f.links + (f.breite - breite) // 2,
            f.oben + (hoehe_max - hoehe) // 2,
            breite,
            hoehe,
        )
        bild.name = nummer.text
        bild._element.nvPicPr.cNvPr.set("descr", d.alt)  # the alt text screen readers announce
        self._quelle(folie, d.beschriftung)

    def tabelle(
        self, nummer: Nummer, zeilen: list[list[_Zelle]], t: FertigeTabelle | None, beschriftung: Any = None
    ) -> None:
        beschriftung = beschriftung or t.beschriftung
        anmerkungen = t.anmerkungen if t is not None else []
        f = self.v.flaeche
        kopf, koerper = zeilen[0], zeilen[1:]
        gruppen = t.gruppen_je_spalte() if t is not None else []
        oben = len(gruppen) > 0  # a header of two rows: the groups over the entries
        satz = _spaltenbreiten(zeilen, f.breite)
        breiten = satz.breiten
        kopfhoehe = _zeilenhoehe(kopf, satz, True) * (1 + oben)
        voll = f.hoehe - FUSS - kopfhoehe  # a slide the table continues from: only the source line below
        letzte = voll - FUSS * min(len(anmerkungen), 2)  # the last also holds the notes
        stuecke = _auf_folien([_zeilenhoehe(z, satz) for z in koerper], voll, letzte)
        teile = len(stuecke)
        for teil, (von, bis) in enumerate(stuecke):
            stueck = koerper[von:bis]
            folie = self._folie("inhalt")
            titel = f"{nummer.text}: {beschriftung.titel}" + (FORTSETZUNG if teil else "")
            self._titel(folie, titel)
            self._leeren(folie)
            kopfzeilen = 1 + oben
            hoehen = [_zeilenhoehe(kopf, satz, True)] * kopfzeilen + [_zeilenhoehe(z, satz) for z in stueck]
            form = folie.shapes.add_table(
                len(stueck) + kopfzeilen, len(kopf), f.links, f.oben, f.breite, Emu(sum(hoehen))
            )
            form.name = nummer.text + (f" ({teil + 1}/{teile})" if teile > 1 else "")
            tabelle = form.table
            tabelle.first_row = True
            for j, b in enumerate(breiten):
                tabelle.columns[j].width = b
            if oben:  # merged cells: a group over its columns, a column named once over both rows
                tabelle.rows[0].height = hoehen[0]
                for j, text, breite, durch in gruppen:
                    zelle = tabelle.cell(0, j)
                    if durch:
                        zelle.merge(tabelle.cell(1, j))
                        _zelle_setzen(zelle, kopf[j], True, satz.pt, satz.verfuegbar_pt[j])
                        continue
                    if breite > 1:
                        zelle.merge(tabelle.cell(0, j + breite - 1))
                    _zelle_setzen(
                        zelle,
                        _Zelle(text, breite == 1 and kopf[j].rechts, True),
                        True,
                        satz.pt,
                        sum(satz.verfuegbar_pt[j : j + breite]) + ZELLRAND_PT * (breite - 1),
                    )
                    if breite > 1:
                        zelle.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
            durch_spalten = {j for j, _t, _b, d in gruppen if d}
            for i, zeile in enumerate([kopf, *stueck], start=oben):
                tabelle.rows[i].height = hoehen[i]
                for j in range(len(kopf)):
                    if i == oben and j in durch_spalten:
                        continue  # spanned by the cell above
                    zelle = zeile[j] if j < len(zeile) else _Zelle("")
                    _zelle_setzen(tabelle.cell(i, j), zelle, i == oben, satz.pt, satz.verfuegbar_pt[j])
            self._quelle(folie, beschriftung, anmerkungen if teil == teile - 1 else [])


def _zeilen_setzen(rahmen, zeilen: list[str]):
    """Fill a text frame with one paragraph per line; return it."""
    rahmen.text = zeilen[0] if zeilen else ""
    for z in zeilen[1:]:
        rahmen.add_paragraph().text = z
    return rahmen


def _kleiner_wenn_lang(rahmen) -> None:
    """Long lists get smaller type (down to 14 pt) rather than running off the slide."""
    zeilen = sum(1 + len(a.text) // 70 for a in rahmen.paragraphs)
    if zeilen > 7:
        for absatz in rahmen.paragraphs:
            absatz.font.size = Pt(max(14, 28 - 2 * (zeilen - 7)))


SCHRIFT_MESSEN = "Liberation Sans"
"""Measured with Arial's metrics: wider than the Calibri or Aptos of most slide templates, so a
word measured to fit does fit."""
ZELLRAND_PT = 2 * 7.2 + 1
"""PowerPoint's cell margins (0,1 inch each side) and a little air (`planen` adds its own)."""
KLEINSTE_PT = 10
"""The smallest size of a slide table before its words break."""


@dataclass
class _Satz:
    """How a slide table is set: column widths, font size, and the width each column gives a word."""

    breiten: list[Emu]
    pt: float
    verfuegbar_pt: list[float]


def _spaltenbreiten(zeilen: list[list[_Zelle]], gesamt: int) -> _Satz:
    """Plan the columns as document tables are planned (`spalten.planen`, by real font metrics):
    at least as wide as their longest word; where the words do not fit at 14 pt, the size steps
    down to 10 pt, and only then do long words break – at syllables, with a hyphen."""
    zellen = [[Zelle(z.text, z.fett or i == 0) for z in zeile] for i, zeile in enumerate(zeilen)]
    plan = planen(
        zellen, gesamt / 12700, Schrift(SCHRIFT_MESSEN, TABELLE_PT * 2), ZELLRAND_PT, KLEINSTE_PT * 2
    )
    breiten = [Emu(int(b * 12700)) for b in plan.breiten_pt]
    breiten[-1] = Emu(gesamt - sum(breiten[:-1]))
    return _Satz(breiten, plan.halbpunkte / 2, [b - ZELLRAND_PT + 1 for b in plan.breiten_pt])


def _zeilenhoehe(zeile: list[_Zelle], satz: _Satz, kopfzeile: bool = False) -> Emu:
    """The height of a row: its longest cell's lines (by font metrics) at the table's size."""
    zeilen = 1
    for j, z in enumerate(zeile[: len(satz.verfuegbar_pt)]):
        breite = breite_pt(z.text, SCHRIFT_MESSEN, int(satz.pt * 2), z.fett or kopfzeile)
        zeilen = max(zeilen, math.ceil(breite / max(satz.verfuegbar_pt[j], 1)))
    return Emu(int(Pt(satz.pt * (1.2 * zeilen + 0.9))))


def _auf_folien(hoehen: list[int], voll: int, letzte: int) -> list[tuple[int, int]]:
    """Split rows of `hoehen` over slides: a slide is filled up to `voll` before the table
    continues; what remains goes on the last one, which has `letzte` (room for the notes)."""
    stuecke, von = [], 0
    while True:
        if sum(hoehen[von:]) <= letzte or von >= len(hoehen):
            stuecke.append((von, len(hoehen)))
            return stuecke
        bis, summe = von, 0
        while bis < len(hoehen) and summe + hoehen[bis] <= voll:
            summe += hoehen[bis]
            bis += 1
        bis = max(bis, von + 1)  # a row taller than a slide still goes somewhere
        if bis == len(hoehen):  # everything fits, but not with the notes: the last row moves on
            bis = max(von + 1, bis - 1)
        stuecke.append((von, bis))
        von = bis


def _zelle_setzen(
    zelle, z: _Zelle, kopfzeile: bool, pt: float = TABELLE_PT, verfuegbar: float | None = None
) -> None:
    rahmen = zelle.text_frame
    rahmen.word_wrap = True
    absatz = rahmen.paragraphs[0]
    lauf = absatz.add_run()
    fett = z.fett or kopfzeile
    if verfuegbar is None:
        lauf.text = z.text
    else:  # a word wider than its column breaks at a syllable, with a hyphen, never inside
        lauf.text = trennen(z.text, lambda w: breite_pt(w, SCHRIFT_MESSEN, int(pt * 2), fett) <= verfuegbar)
    lauf.font.size = Pt(pt)
    lauf.font.bold = z.fett or kopfzeile
    absatz.alignment = PP_ALIGN.RIGHT if z.rechts else PP_ALIGN.LEFT
    zelle.margin_top = zelle.margin_bottom = Pt(2)
    zelle.vertical_anchor = MSO_ANCHOR.MIDDLE
    if z.fuellung and not kopfzeile:
        zelle.fill.solid()
        zelle.fill.fore_color.rgb = RGBColor.from_string(z.fuellung.upper())
        lauf.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)  # dark text on the light Ampel fill
