"""Every Office package berichtsgen takes from outside, bounded and cleaned at the zip level.

Word and PowerPoint templates arrive by e-mail, and so will the Word files an import reads. One
rule holds for all of them, in the build, in `check` and in `berichtsgen template`; it works on
the package itself, before python-docx or python-pptx sees it:

1. Bounded before anything is extracted: the file itself (`DATEI`), the number of parts
   (`EINTRAEGE`), the total uncompressed size (`GESAMT`) and the compression ratio of large parts
   (`VERHAELTNIS`: a 2 MB file must not inflate to 2 GiB). XML parts with a document type
   declaration are refused (Office never writes one; entities are never resolved).
2. Refused: macros – a VBA project (part or relationship) or a macro-enabled content type
   (.docm, .dotm, .pptm, .potm renamed), in Word and PowerPoint with the same line.
3. Removed, each with a notice for the editors: every external relationship but hyperlinks (a
   linked picture, video or sound, an attached template on a server, an OLE or DDE link, an
   external frame or subdocument) together with the XML elements that use it; imported foreign
   content (`w:altChunk` with its aFChunk part: HTML, RTF or another document that may fetch
   pictures); the fields INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, DDEAUTO and IMPORT (their last
   result stays). Ordinary hyperlinks stay.

`bereinigen` returns the cleaned bytes (the file's own bytes when nothing was to remove) and the
removals; the readers (`vorlage.Vorlage`, `folien.Folienvorlage`, and an importer of Word files
with `rolle="Datei"`) open those bytes, never the file. `speichern` writes a package the same way
round: built in memory, then written in one go.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..fehler import Ort, VorlagenFehler

DATEI = 100 * 2**20
"""Most bytes the file itself may have (100 MiB; templates with pictures have a few MB)."""
EINTRAEGE = 10_000
"""Most parts a package may hold (Word and PowerPoint write dozens, a large deck some thousand)."""
GESAMT = 256 * 2**20
"""Most bytes a package may hold uncompressed (256 MiB; real ones hold a few)."""
VERHAELTNIS = 100
"""Highest compression ratio of a part larger than `GROSS` (XML reaches 10–30, pictures ~1)."""
GROSS = 2**20
VERBOTENE_FELDER = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDEAUTO", "DDE", "IMPORT")
"""Field codes that fetch content from a file or a program when the report is opened."""
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
O_NS = "urn:schemas-microsoft-com:office:office"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def qn(tag: str) -> str:
    """The Clark name of a WordprocessingML tag ("w:p"), without loading python-docx."""
    praefix, name = tag.split(":")
    assert praefix == "w", tag
    return f"{{{W_NS}}}{name}"


SICHER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
"""Parser for XML from outside: no entity expansion, no network, no huge trees."""

HYPERLINK = R_NS + "/hyperlink"
AFCHUNK = R_NS + "/aFChunk"
_ART = {
    R_NS + "/image": "verknüpftes Bild",
    R_NS + "/attachedTemplate": "Dokumentvorlage an anderem Ort",
    R_NS + "/oleObject": "verknüpftes OLE-Objekt",
    R_NS + "/subDocument": "Filialdokument",
    R_NS + "/frame": "Rahmen",
    R_NS + "/video": "verknüpftes Video",
    R_NS + "/audio": "verknüpfter Ton",
    "http://schemas.microsoft.com/office/2007/relationships/media": "verknüpftes Medium",
    AFCHUNK: "eingebundener Fremdinhalt (altChunk)",
}
_MAKROS = ("vbaproject", "vbadata", "macroenabled")
"""What marks macros, in content types, part names and relationship types (lower case)."""

FORMATE = {
    "docx": ("Word", "Word-Dokument (*.docx)"),
    "pptx": ("PowerPoint", "PowerPoint-Präsentation (*.pptx)"),
}
"""The program that writes a kind of package, and the format to save in (for hints)."""
UNLESBAR = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    RuntimeError,
    ValueError,
    NotImplementedError,
    zlib.error,
    lzma.LZMAError,
    etree.XMLSyntaxError,
)
"""What reading a broken zip or its XML raises (an encrypted part: RuntimeError)."""


@dataclass
class Vorlagenbericht:
    """Findings about one template; `fehler` make it unusable, `hinweise` are worth knowing."""

    zeilen: list[str] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)


@dataclass
class Bereinigt:
    """A package as berichtsgen uses it: its cleaned bytes and what was removed (as shown to editors)."""

    daten: bytes
    entfernt: list[str] = field(default_factory=list)

    def datei(self) -> io.BytesIO:
        """The package as a file python-docx, docxtpl or python-pptx opens."""
        return io.BytesIO(self.daten)


def bereinigen(pfad: Path, art: str = "docx", rolle: str = "Vorlage") -> Bereinigt:
    """Bound, check and clean the package at `pfad` (a "docx" or "pptx"); `rolle` names it in
    messages ("Vorlage", "Folienvorlage"). Raise `VorlagenFehler` for what is refused."""
    programm, format_ = FORMATE[art]
    ort = Ort(pfad)
    try:
        groesse = pfad.stat().st_size
        if groesse > DATEI:
            raise VorlagenFehler(
                f"Die {rolle} ist {groesse // 2**20} MiB groß (erlaubt: {DATEI // 2**20} MiB).",
                ort,
                f"Verkleinern Sie Bilder in {programm} (Bilder komprimieren) und speichern Sie neu.",
            )
        roh = pfad.read_bytes()
        with zipfile.ZipFile(io.BytesIO(roh)) as z:
            begrenzen(z, ort, rolle, programm)
            paket = _Paket(z)
            if paket.makros():
                raise VorlagenFehler(
                    f"Die {rolle} enthält Makros (VBA); berichtsgen übernimmt keine Makros.",
                    ort,
                    f"Speichern Sie sie in {programm} ohne Makros als „{format_}“.",
                )
            entfernt = paket.bereinigen()
            return Bereinigt(paket.schreiben() if entfernt else roh, entfernt)
    except UNLESBAR:
        raise VorlagenFehler(
            f"Die {rolle} ist keine lesbare {programm}-Datei.",
            ort,
            f"Speichern Sie sie in {programm} als „{format_}“.",
        ) from None


def hinweis(name: str, entfernt: list[str], wohin: str = "der Bericht") -> str:
    """The notice of what was removed from the package `name`, for the progress lines."""
    return (
        f"„{name}“: Verweise nach außen entfernt ({wohin} lädt beim Öffnen nichts nach): "
        f"{'; '.join(entfernt)}. Fügen Sie Bilder und Inhalte eingebettet ein, nicht verknüpft."
    )


def begrenzen(z: zipfile.ZipFile, ort: Ort, rolle: str, programm: str) -> None:
    """Refuse a package with too many parts, too large when inflated, or with a DTD (names the part)."""
    eintraege = z.infolist()
    if len(eintraege) > EINTRAEGE:
        raise VorlagenFehler(
            f"Die {rolle} besteht aus {len(eintraege)} Teilen (erlaubt: {EINTRAEGE}).",
            ort,
            f"So eine Datei entsteht nicht in {programm}; verwenden Sie eine in {programm} gespeicherte {rolle}.",
        )
    gesamt = sum(e.file_size for e in eintraege)
    if gesamt > GESAMT:
        raise VorlagenFehler(
            f"Die {rolle} wäre entpackt {gesamt // 2**20} MiB groß (erlaubt: {GESAMT // 2**20} MiB).",
            ort,
            f"Verkleinern Sie Bilder in {programm} (Bilder komprimieren) und speichern Sie neu.",
        )
    for e in eintraege:
        if e.file_size > GROSS and e.file_size > VERHAELTNIS * max(e.compress_size, 1):
            raise VorlagenFehler(
                f"Teil „{e.filename}“ der {rolle} ist ungewöhnlich stark gepackt "
                f"({e.file_size // 2**20} MiB aus {max(e.compress_size, 1) // 1024} KiB).",
                ort,
                f"So ein Teil entsteht nicht in {programm}; verwenden Sie eine in {programm} gespeicherte {rolle}.",
            )
    for e in eintraege:
        if e.filename.endswith((".xml", ".rels")):
            with z.open(e) as teil:
                anfang = teil.read(4096)
            if b"<!DOCTYPE" in anfang or b"<!ENTITY" in anfang:
                raise VorlagenFehler(
                    f"Teil „{e.filename}“ der {rolle} enthält eine Dokumenttyp-Deklaration (DTD).",
                    ort,
                    f"{programm} schreibt so etwas nie: öffnen Sie die {rolle} in {programm} und speichern "
                    "Sie sie neu.",
                )


class _Paket:
    """The parts of an open package: read when needed, parsed once, written when changed."""

    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        self.teile = list(dict.fromkeys(z.namelist()))  # a name twice: the last entry counts, as in zipfile
        self._baeume: dict[str, etree._Element] = {}
        self.geaendert: set[str] = set()
        self.entfallen: set[str] = set()
        typen = "[Content_Types].xml"
        self.typen = self.xml(typen) if typen in self.teile else etree.Element("Types")

    def xml(self, name: str) -> etree._Element:
        """The parsed part `name` (parsed once)."""
        if name not in self._baeume:
            self._baeume[name] = etree.fromstring(self.z.read(name), SICHER)
        return self._baeume[name]

    def _ist_xml(self, name: str) -> bool:
        """Whether part `name` is XML (a relationship of a binary part is dropped, nothing else)."""
        try:
            self.xml(name)
        except etree.XMLSyntaxError:
            return False
        return True

    def _typ(self, name: str) -> str:
        for e in self.typen:
            if etree.QName(e).localname == "Override" and e.get("PartName", "").lstrip("/") == name:
                return e.get("ContentType", "")
        endung = name.rsplit(".", 1)[-1].lower()
        for e in self.typen:
            if etree.QName(e).localname == "Default" and e.get("Extension", "").lower() == endung:
                return e.get("ContentType", "")
        return ""

    def _beziehungen(self) -> list[str]:
        """The relationship parts, the main document's first (its removals are read first)."""
        rels = [n for n in self.teile if n.endswith(".rels")]
        haupt = [
            _rels_von(posixpath.normpath(rel.get("Target", "").lstrip("/")))
            for rel in (self.xml("_rels/.rels") if "_rels/.rels" in self.teile else [])
            if rel.get("Type", "").endswith("/officeDocument")
        ]
        return [n for n in haupt if n in rels] + [n for n in rels if n not in haupt]

    def makros(self) -> bool:
        """Whether the package carries a VBA project or declares itself macro-enabled."""
        if any(m in e.get("ContentType", "").lower() for e in self.typen for m in _MAKROS):
            return True
        if any(m in posixpath.basename(n).lower() for n in self.teile for m in _MAKROS[:2]):
            return True
        return any(
            m in rel.get("Type", "").lower()
            for name in self._beziehungen()
            for rel in self.xml(name)
            for m in _MAKROS[:2]
        )

    def bereinigen(self) -> list[str]:
        """Remove what reaches out or imports foreign content; return the removals."""
        entfernt: list[str] = []
        mit_beziehungen = set()
        for rels_name in self._beziehungen():
            quelle = _quelle_von(rels_name)
            mit_beziehungen.add(quelle)
            beziehungen = self.xml(rels_name)
            for rel in list(beziehungen):
                typ, ziel = rel.get("Type", ""), rel.get("Target", "")
                extern = rel.get("TargetMode") == "External"
                if not (extern and typ != HYPERLINK) and typ != AFCHUNK:
                    continue
                beziehungen.remove(rel)
                self.geaendert.add(rels_name)
                if quelle in self.teile and rel.get("Id") and self._ist_xml(quelle):
                    _verweise_entfernen(self.xml(quelle), rel.get("Id"))
                    self.geaendert.add(quelle)
                if not extern:  # an imported chunk: its part goes too
                    teil = posixpath.normpath(posixpath.join(posixpath.dirname(quelle), ziel))
                    teil = ziel.lstrip("/") if ziel.startswith("/") else teil
                    self.entfallen |= {teil, _rels_von(teil)}
                    ziel = posixpath.basename(ziel)
                entfernt.append(f"{_ART.get(typ, 'Verknüpfung')} „{_kurz(ziel)}“ ({quelle or 'Paket'})")
            if quelle in self.teile:
                entfernt += self._felder(quelle)
        for name in self.teile:  # parts without relationships may hold fields too
            if name not in mit_beziehungen:
                entfernt += self._felder(name)
        return entfernt

    def _felder(self, name: str) -> list[str]:
        """Remove the fetching fields of a WordprocessingML part."""
        if "wordprocessingml" not in self._typ(name):
            return []
        if name not in self._baeume:  # most parts have no field: not parsed
            daten = self.z.read(name)
            if b"instrText" not in daten and b"fldSimple" not in daten:
                return []
        codes = _felder_entfernen(self.xml(name))
        if codes:
            self.geaendert.add(name)
        return [f"Feld {code} ({name})" for code in codes]

    def schreiben(self) -> bytes:
        """The package with the changed parts, without the removed ones."""
        for e in list(self.typen):
            if e.get("PartName", "").lstrip("/") in self.entfallen:
                self.typen.remove(e)
                self._baeume["[Content_Types].xml"] = self.typen
                self.geaendert.add("[Content_Types].xml")
        puffer = io.BytesIO()
        with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name in self.teile:
                if name in self.entfallen:
                    continue
                if name in self.geaendert:
                    daten = etree.tostring(
                        self._baeume[name], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                else:
                    daten = self.z.read(name)
                z.writestr(name, daten)
        return puffer.getvalue()


def _quelle_von(rels_name: str) -> str:
    """The part a relationship part belongs to ("" for the package's own)."""
    ordner, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(ordner), name[: -len(".rels")]).lstrip("/")


def _rels_von(teil: str) -> str:
    ordner, name = posixpath.split(teil)
    return posixpath.join(ordner, "_rels", name + ".rels")


GEPACKT = frozenset(
    {"png", "jpg", "jpeg", "jpe", "gif", "webp", "wdp", "jxr", "xlsx", "docx", "pptx", "mp3", "mp4", "m4a"}
)
"""Parts that are compressed already (pictures, embedded Office files, media): stored in the zip
as they are. Deflating them again took 0,6 s of every save of a 400-page report (18 MB of charts)
to win 7 %; Word and LibreOffice read stored parts as they read deflated ones."""


class _Schreiber:
    """The zip writer python-docx's package writer writes through, storing what is compressed already."""

    def __init__(self, datei: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(datei, "w", compression=zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        art = zipfile.ZIP_STORED if pack_uri.ext.lower() in GEPACKT else zipfile.ZIP_DEFLATED
        self._zip.writestr(pack_uri.membername, blob, compress_type=art)

    def close(self) -> None:
        self._zip.close()


def _word_schreiben(paket: Any, puffer: io.BytesIO) -> bool:
    """Write a python-docx document (or docxtpl's, when it replaces nothing at the zip level)
    through `_Schreiber`, as python-docx's `save` does; False where that cannot be done."""
    from docx.document import Document
    from docx.opc.pkgwriter import PackageWriter

    dokument = getattr(paket, "docx", paket)  # docxtpl keeps the python-docx document it renders
    if not isinstance(dokument, Document):
        return False
    if paket is not dokument and (
        not getattr(paket, "is_rendered", False)
        or any(
            getattr(paket, n, None)
            for n in ("pics_to_replace", "crc_to_new_media", "crc_to_new_embedded", "zipname_to_replace")
        )
    ):
        return False  # docxtpl's own save replaces pictures and parts
    opc = dokument.part.package
    for teil in opc.parts:
        teil.before_marshal()
    schreiber = _Schreiber(puffer)
    PackageWriter._write_content_types_stream(schreiber, opc.parts)
    PackageWriter._write_pkg_rels(schreiber, opc.rels)
    PackageWriter._write_parts(schreiber, opc.parts)
    schreiber.close()
    if paket is not dokument:
        paket.is_saved = True
    return True


def speichern(paket: Any, ziel: Path) -> None:
    """Write a python-docx, docxtpl or python-pptx package into `ziel`: first in memory, then in
    one write (a failing write leaves no half-written zip object behind to fail again later).
    Pictures of a Word file are stored, not deflated a second time (`GEPACKT`)."""
    puffer = io.BytesIO()
    if not _word_schreiben(paket, puffer):
        paket.save(puffer)
    ziel.write_bytes(puffer.getvalue())


def _kurz(ziel: str) -> str:
    return ziel if len(ziel) <= 60 else ziel[:57] + "…"


_WORD_HALTER = {(W_NS, "drawing"), (W_NS, "pict"), (W_NS, "object")}
"""The Word elements that hold a linked picture (removed as a whole)."""


def _verweise_entfernen(wurzel: etree._Element, rid: str) -> None:
    """Remove what refers to relationship `rid`: a linked picture (its drawing or slide picture,
    unless it is also embedded), an attached template, an OLE link (in slides its object frame), a
    linked VML image, video or sound, a subdocument, a frame, an imported chunk."""
    for e in list(wurzel.iter()):
        if not isinstance(e.tag, str):
            continue
        attribute = [a for a, w in e.attrib.items() if w == rid and etree.QName(a).namespace in (R_NS, O_NS)]
        if not attribute or e.getparent() is None:
            continue
        name = etree.QName(e).localname
        eingebettet = e.get(f"{{{R_NS}}}embed")
        if name == "blip" and eingebettet and eingebettet != rid:
            for a in attribute:  # linked and embedded: the embedded copy stays
                del e.attrib[a]
            continue
        ziel = _halter(e, name)
        eltern = ziel.getparent()
        if eltern is not None and _qname(eltern) in ((MC_NS, "Choice"), (MC_NS, "Fallback")):
            ziel = eltern.getparent()  # the whole mc:AlternateContent
        if ziel is not None and ziel.getparent() is not None:
            ziel.getparent().remove(ziel)


def _halter(e: etree._Element, name: str) -> etree._Element:
    """What goes with element `e` that uses a removed relationship."""
    if name == "blip":
        fuellung = e.getparent()
        bild = fuellung.getparent() if fuellung is not None else None
        if bild is not None and _qname(bild) == (P_NS, "pic"):
            return bild
        return _vorfahr(e, _WORD_HALTER)
    if name == "imagedata":
        return _vorfahr(e, _WORD_HALTER)
    if name == "oleObj":
        return _vorfahr(e, {(P_NS, "graphicFrame")})
    if name in ("videoFile", "audioFile", "quickTimeFile", "media"):
        return _vorfahr(e, {(P_NS, "pic")})
    return e


def _vorfahr(e: etree._Element, namen: set) -> etree._Element:
    """The nearest ancestor of `e` named in `namen`, else `e` itself."""
    return next((v for v in e.iterancestors() if _qname(v) in namen), e)


def _qname(e: etree._Element) -> tuple[str | None, str] | None:
    if not isinstance(e.tag, str):
        return None
    q = etree.QName(e)
    return q.namespace, q.localname


def _verboten(code: str) -> str | None:
    wort = code.strip().split(None, 1)[0].upper() if code.strip() else ""
    return wort if wort in VERBOTENE_FELDER else None


@dataclass
class Feld:
    """A complex field: its runs from begin to end, its code, and its cached result."""

    laeufe: list[etree._Element]
    code: str
    ergebnis: str


def felder_finden(wurzel: etree._Element) -> list[Feld]:
    """Find the complex fields of a part (begin … separate … end, all in one paragraph).

    A paragraph's runs are its own: the runs of a text box anchored in it belong to the box's
    paragraphs (found on their own) – taking them twice made a field in a footer's text box be
    removed twice.
    """
    felder = []
    for p in wurzel.iter(qn("w:p")):
        offen: list[etree._Element] | None = None
        tiefe = 0
        for r in p.iter(qn("w:r")):
            if next(r.iterancestors(qn("w:p"))) is not p:
                continue
            zeichen = r.find(qn("w:fldChar"))
            art = zeichen.get(qn("w:fldCharType")) if zeichen is not None else None
            if art == "begin":
                tiefe += 1
                if tiefe == 1:
                    offen = []
            if offen is not None:
                offen.append(r)
            if art == "end":
                tiefe -= 1
                if tiefe == 0 and offen is not None:
                    code = "".join(i.text or "" for x in offen for i in x.iter(qn("w:instrText")))
                    getrennt = [x for x in offen if x.find(qn("w:fldChar")) is not None]
                    trenner = next(
                        (
                            x
                            for x in getrennt
                            if x.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate"
                        ),
                        None,
                    )
                    ergebnis = ""
                    if trenner is not None:
                        nach = offen[offen.index(trenner) + 1 : -1]
                        ergebnis = "".join(t.text or "" for x in nach for t in x.iter(qn("w:t")))
                    felder.append(Feld(offen, code.strip(), ergebnis))
                    offen = None
    return felder


def _felder_entfernen(wurzel: etree._Element) -> list[str]:
    """Empty the code of fields that fetch content (the last result stays); unwrap simple ones."""
    gefunden = []
    for feld in felder_finden(wurzel):
        code = _verboten(feld.code)
        if code:
            for r in feld.laeufe:
                for anweisung in r.findall(qn("w:instrText")):
                    r.remove(anweisung)
            gefunden.append(code)
    for anweisung in list(wurzel.iter(qn("w:instrText"))):  # fields spanning paragraphs
        code = _verboten(anweisung.text or "")
        if code:
            anweisung.getparent().remove(anweisung)
            gefunden.append(code)
    for einfach in list(wurzel.iter(qn("w:fldSimple"))):
        code = _verboten(einfach.get(qn("w:instr"), ""))
        if code:
            for kind in list(einfach):
                einfach.addprevious(kind)
            einfach.getparent().remove(einfach)
            gefunden.append(code)
    return gefunden
