"""Lists of any depth in the template's look.

Many templates define their list styles with one level, or with nine levels at the same
indentation. berichtsgen writes two list definitions of its own into numbering.xml – one for
bullets, one for numbers – whose levels are the template's where the template defines them with
growing indentation, and otherwise continue its first level (glyph or number format, indentation
step of 0.63 cm). A numbered list restarts at its own start; an outer list keeps counting across
the lists nested in it.
"""

from __future__ import annotations

import copy

from lxml import etree

from .ooxml import W_NS, qn
from .schema import NUMMERIERUNG, ordnen
from .stile import Stile

EBENEN = 9
SCHRITT = 360
"""Indentation per level in twips (0.63 cm, Word's own step)."""
PUNKTE = ("•", "–", "▪")
"""Bullets by level (repeating), where the template gives none."""
NUMMERN = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
"""Number formats by level (repeating): 1. – a) – i."""


class Listen:
    """Hands out list definitions (numIds) for one document."""

    def __init__(self, teil, stile: Stile):
        self._teil = teil
        self._stile = stile
        self._abstrakt: dict[bool, int] = {}
        self._punkte: int | None = None
        self._einzuege: dict[bool, list[int]] = {}

    def _numbering(self) -> etree._Element | None:
        try:
            return self._teil.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return None  # a stand-in part in unit tests

    def stil(self, geordnet: bool, ebene: int) -> str | None:
        """The paragraph style of a list item: "List Number 2" etc. where the template has it,
        else "List Paragraph", else the first level's style."""
        s = self._stile
        grund = "list number" if geordnet else "list bullet"
        if ebene == 0:
            return s.id(grund)
        return s.id(f"{grund} {ebene + 1}") or s.id("list paragraph") or s.id(grund)

    def nummer(self, geordnet: bool, ebene: int, start: int = 1) -> int | None:
        """Return the numId for a list at `ebene`: one shared for bullets, a new one (restarting
        at `start`) for each numbered list; None without a numbering part."""
        numbering = self._numbering()
        if numbering is None:
            return None
        if not geordnet:
            if self._punkte is None:
                self._punkte = numbering.add_num(self._abstrakt_id(numbering, False)).numId
            return self._punkte
        num = numbering.add_num(self._abstrakt_id(numbering, True))
        num.add_lvlOverride(ilvl=ebene).add_startOverride(start)
        return num.numId

    def einzug(self, geordnet: bool, ebene: int) -> int:
        """The text indentation (twips) of a list item's level, for its following paragraphs."""
        if geordnet not in self._einzuege:
            return SCHRITT * (ebene + 1)
        return self._einzuege[geordnet][min(ebene, EBENEN - 1)]

    # --- the definitions ----------------------------------------------------------------------

    def _abstrakt_id(self, numbering: etree._Element, geordnet: bool) -> int:
        if geordnet in self._abstrakt:
            return self._abstrakt[geordnet]
        vorlage = self._vorlagenebenen(numbering, geordnet)
        aid = (
            max((int(a.get(qn("w:abstractNumId"))) for a in numbering.iter(qn("w:abstractNum"))), default=0)
            + 1
        )
        abstrakt = etree.SubElement(numbering, qn("w:abstractNum"), {qn("w:abstractNumId"): str(aid)})
        etree.SubElement(abstrakt, qn("w:multiLevelType"), {qn("w:val"): "hybridMultilevel"})
        erste = vorlage.get(0)
        links0, haengend = _einzug(erste) if erste is not None else (SCHRITT, SCHRITT)
        einzuege, vorher = [], -1
        for n in range(EBENEN):
            lvl = vorlage.get(n)
            if lvl is not None and _einzug(lvl)[0] > vorher:
                lvl = copy.deepcopy(lvl)
                for stil in lvl.findall(qn("w:pStyle")):  # a level linked to a style stays unlinked here
                    lvl.remove(stil)
            else:
                lvl = _ebene(n, geordnet, max(links0 + n * SCHRITT, vorher + SCHRITT), haengend)
            vorher = _einzug(lvl)[0]
            einzuege.append(vorher)
            abstrakt.append(lvl)
        ordnen(numbering, NUMMERIERUNG)
        self._abstrakt[geordnet] = aid
        self._einzuege[geordnet] = einzuege
        return aid

    def _vorlagenebenen(self, numbering: etree._Element, geordnet: bool) -> dict[int, etree._Element]:
        """The levels of the template's own list style definition, by ilvl (may be empty)."""
        sid = self._stile.id("list number" if geordnet else "list bullet")
        num_id = self._stile.nummerierungen.get(sid or "")
        if num_id is None:
            return {}
        num = next((n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)), None)
        verweis = num.find(qn("w:abstractNumId")) if num is not None else None
        if verweis is None:
            return {}
        aid = verweis.get(qn("w:val"))
        abstrakt = next(
            (a for a in numbering.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == aid), None
        )
        if abstrakt is None:
            return {}
        ebenen = {}
        for lvl in abstrakt.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            passend = fmt is not None and (fmt.get(qn("w:val")) == "bullet") != geordnet
            if passend and lvl.get(qn("w:ilvl"), "").isdigit():
                ebenen[int(lvl.get(qn("w:ilvl")))] = lvl
        return ebenen


def _einzug(lvl: etree._Element) -> tuple[int, int]:
    """Left indentation and hanging indent of a level (twips)."""
    ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    if ind is None:
        return 0, SCHRITT

    def zahl(*namen: str) -> int:
        for name in namen:
            wert = ind.get(qn(f"w:{name}"))
            if wert and wert.lstrip("-").isdigit():
                return int(wert)
        return 0

    return zahl("left", "start"), zahl("hanging") or SCHRITT


def _ebene(n: int, geordnet: bool, links: int, haengend: int) -> etree._Element:
    """A level of berichtsgen's own: a bullet or number format by level, indented by `links`."""
    if geordnet:
        fmt, text = NUMMERN[n % len(NUMMERN)]
        text = text.format(n=n + 1)
        schrift = ""
    else:
        fmt, text = "bullet", PUNKTE[n % len(PUNKTE)]
        schrift = (
            '<w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:hint="default"/></w:rPr>'
        )
    return etree.fromstring(
        f'<w:lvl xmlns:w="{W_NS}" w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{links}" w:hanging="{haengend}"/></w:pPr>{schrift}</w:lvl>'
    )
