"""Verify that an exported PDF really is tagged PDF/UA and PDF/A: LibreOffice ignores bad options silently."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from ..fehler import ExportFehler, Ort


def pdf_merkmale(pfad: Path) -> dict[str, object]:
    """Read the accessibility and archiving markers of a PDF, and for each of its indexes the
    number of entries on each page it covers ("verzeichnisseiten"), in one pass over the tag tree."""
    with pikepdf.open(pfad) as pdf:
        wurzel = pdf.Root
        mark = wurzel.get("/MarkInfo")
        meta = pdf.open_metadata()
        (alle, ohne_alt, ohne_inhalt), verzeichnisse = _baum_lesen(pdf)
        return {
            "getaggt": bool(mark is not None and mark.get("/Marked", False)),
            "strukturbaum": "/StructTreeRoot" in wurzel,
            "sprache": str(wurzel.get("/Lang", "")),
            "titel": str(meta.get("dc:title", "") or ""),
            "titel_anzeigen": bool(wurzel.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
            "pdfua": str(meta.get("pdfuaid:part", "") or ""),
            "pdfa": str(meta.get("pdfaid:part", "") or "") + str(meta.get("pdfaid:conformance", "") or ""),
            "seiten": len(pdf.pages),
            "abbildungen": alle,
            "abbildungen_ohne_alt": ohne_alt,
            "abbildungen_ohne_inhalt": ohne_inhalt,
            "verzeichnisseiten": verzeichnisse,
        }


def _baum_lesen(pdf) -> tuple[tuple[int, int, int], list[list[int]]]:
    """One walk over the tag tree (a 400-page report has tens of thousands of elements).

    Figures: all, those without alternative text (PDF/UA 7.3) and those that hold no content – no
    marked content of the picture, so that a screen reader following the tags never reaches it
    (LibreOffice 7.4 drew every picture as an artifact). Indexes: for each TOC element (not one
    inside another) the number of its TOCI entries on each page, in the order of the document."""
    baum = pdf.Root.get("/StructTreeRoot")
    if baum is None:
        return (0, 0, 0), []
    rollen = baum.get("/RoleMap", {})
    nummern = {seite.obj.objgen: i for i, seite in enumerate(pdf.pages)}
    alle = ohne_alt = ohne_inhalt = 0
    verzeichnisse: list[list[int]] = []
    stapel, gesehen = [(baum, False)], 0
    while stapel and gesehen < 200000:
        element, im_verzeichnis = stapel.pop()
        gesehen += 1
        for kind in _kinder(element):
            art = str(kind.S)
            if str(rollen.get(art, art)) == "/Figure":
                alle += 1
                ohne_alt += not str(kind.get("/Alt", "")).strip()
                ohne_inhalt += not _haelt_inhalt(kind)
            verzeichnis = art == "/TOC"
            if verzeichnis and not im_verzeichnis:
                seiten: dict[int, int] = {}
                for eintrag in _kinder(kind):
                    seite = _seite(eintrag, nummern)
                    if str(eintrag.S) == "/TOCI" and seite is not None:
                        seiten[seite] = seiten.get(seite, 0) + 1
                verzeichnisse.append([seiten[s] for s in sorted(seiten)])
            stapel.append((kind, im_verzeichnis or verzeichnis))
    return (alle, ohne_alt, ohne_inhalt), verzeichnisse


def _haelt_inhalt(element) -> bool:
    """A structure element holds content: a marked-content id, an object reference, or a child
    element that does."""
    kinder = element.get("/K")
    for kind in list(kinder) if isinstance(kinder, pikepdf.Array) else [] if kinder is None else [kinder]:
        if isinstance(kind, int):
            return True
        if isinstance(kind, pikepdf.Dictionary) and (
            "/MCID" in kind or kind.get("/Type") == "/OBJR" or ("/S" in kind and _haelt_inhalt(kind))
        ):
            return True
    return False


def pdf_pruefen(pfad: Path, anzeige: str, sprache: str = "de") -> dict[str, object]:
    """Fail loudly if the PDF lacks a tag tree, language, title, PDF/UA or PDF/A marker."""
    merkmale = pdf_merkmale(pfad)
    fehlend = []
    if not (merkmale["getaggt"] and merkmale["strukturbaum"]):
        fehlend.append("Tags (Struktur)")
    if not str(merkmale["sprache"]).lower().startswith(sprache.lower()[:2]):
        fehlend.append(f"Sprache {sprache}")
    if not merkmale["titel"] or not merkmale["titel_anzeigen"]:
        fehlend.append("Dokumenttitel")
    if merkmale["pdfua"] != "1":
        fehlend.append("PDF/UA-Kennung")
    if not str(merkmale["pdfa"]).startswith("2"):
        fehlend.append("PDF/A-2-Kennung")
    if merkmale["abbildungen_ohne_alt"]:
        fehlend.append(f"Alternativtext für {merkmale['abbildungen_ohne_alt']} Abbildung(en)")
    if merkmale["abbildungen_ohne_inhalt"]:
        fehlend.append(
            f"das Bild in {merkmale['abbildungen_ohne_inhalt']} Abbildung(en) (nur als Artefakt gezeichnet)"
        )
    if fehlend:
        raise ExportFehler(
            "Das erzeugte PDF ist nicht barrierefrei/archivfähig: es fehlt " + ", ".join(fehlend) + ".",
            Ort(anzeige),
            "Geben Sie Bildern der Vorlage (Logo, Textfelder) mit „logo_alt“ in berichtsgen.toml einen "
            "Alternativtext oder markieren Sie sie in Word als dekorativ."
            if fehlend == [f"Alternativtext für {merkmale['abbildungen_ohne_alt']} Abbildung(en)"]
            else "Prüfen Sie die LibreOffice-Version (mindestens 24.2).",
        )
    return merkmale


def verzeichnisseiten(pfad: Path) -> list[list[int]]:
    """Return, for each index of the PDF (table of contents, list of figures or tables), the number
    of entries on each page it covers, from the tag tree (TOC elements and their TOCI entries)."""
    with pikepdf.open(pfad) as pdf:
        return _baum_lesen(pdf)[1]


def _kinder(element) -> list:
    kinder = element.get("/K")
    liste = list(kinder) if isinstance(kinder, pikepdf.Array) else [kinder] if kinder is not None else []
    return [k for k in liste if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _seite(element, nummern: dict, tiefe: int = 0) -> int | None:
    """The page an element is printed on: its own /Pg, else its first descendant's."""
    pg = element.get("/Pg")
    if pg is not None and pg.objgen in nummern:
        return nummern[pg.objgen]
    kinder = element.get("/K")
    for kind in list(kinder) if isinstance(kinder, pikepdf.Array) else [kinder] if kinder is not None else []:
        if isinstance(kind, pikepdf.Dictionary) and tiefe < 10:
            seite = _seite(kind, nummern, tiefe + 1)
            if seite is not None:
                return seite
    return None
