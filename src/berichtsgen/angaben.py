"""The one description of every setting an editor or the data staff write (a field table, as
mkdocs keeps its config options): berichtsgen.toml, a chapter's front matter, the options of a
block, a data file's sidecar and the section [parameter].

Each `Angabe` names its kind, its allowed words and its help text. `lesen` turns what a file holds
into checked values with the same rules everywhere (a yes/no is `true`, `false`, `ja` or `nein`
in every file) and collects every mistake instead of stopping at the first; `json_schema` writes
the JSON Schema of berichtsgen.toml that editors' tools (VS Code with Even Better TOML) use for
completion and checking while typing (`berichtsgen schema`; a new project has it beside its
berichtsgen.toml).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .fehler import EinstellungsFehler, Ort, vorschlag

Art = Literal["text", "ganzzahl", "ja_nein", "wahl", "liste", "texte"]
"""Kinds of values: a text, a whole number, yes/no, one of some words, a list of some words, a
list of texts (a single text counts as a list of one)."""

JA_NEIN = {"true": True, "ja": True, "false": False, "nein": False}
"""The words for yes and no, in every file (TOML and YAML also write true and false natively)."""


@dataclass(frozen=True)
class Angabe:
    """One setting: its name, kind, what it means, and what it allows."""

    name: str
    art: Art
    hilfe: str
    """What the setting does, in German (the JSON Schema's description, the editor's tooltip)."""
    woerter: tuple[str, ...] = ()
    """The allowed words of a "wahl" or "liste"."""
    erklaerung: str = ""
    """How the allowed words read in a message, where the plain list says too little."""
    minimum: int | None = None
    """The least whole number allowed."""
    beispiel: str = ""
    """An example line for the message's hint."""
    fremd: str = ""
    """The message for a word a "liste" does not allow ("Unbekanntes Format „{wert}“."); the hint
    then proposes the closest allowed word."""
    regel: Callable[[Any], tuple[str, str | None] | None] | None = None
    """A further rule on the value read (a colour's contrast, a file name's placeholders): returns
    what is wrong and what to do, in German, or None."""
    standard: Any = None
    """The default (from the dataclass it fills; for the JSON Schema)."""
    sorte: str = ""
    """For a sidecar: the data reader's own kind of the value, checked by `berechnung.daten`
    ("datum", "blatt", "zeile", "zeichen", "dezimal", "kodierung", "pruefung", "namen")."""


def _tabelle(*angaben: Angabe) -> dict[str, Angabe]:
    return {a.name: a for a in angaben}


KOPFBEREICH = _tabelle(
    Angabe("titel", "text", "Titel des Kapitels (mit handlungsfeld: „Handlungsfeld C: …“)."),
    Angabe("handlungsfeld", "text", "Kennbuchstabe des Handlungsfelds (A, B, …)."),
    Angabe(
        "neue_seite", "ja_nein", "Das Kapitel beginnt auf einer neuen Seite; „ungerade“: auf einer rechten."
    ),
    Angabe("quer", "ja_nein", "Das ganze Kapitel im Querformat."),
    Angabe("anhang", "ja_nein", "Das Kapitel ist ein Anhang („Anhang A: …“)."),
    Angabe("unterschrift", "text", "Unterschrift unter dem Kapitel (ein Vorwort): Name und Funktion."),
    Angabe("abkuerzungen", "text", "Abkürzungen des Kapitels: Kurzform → Langform."),
    Angabe("nummeriert", "ja_nein", "Die Überschriften tragen die Nummerierung der Formatvorlage."),
    Angabe("folien", "ja_nein", "Was der Foliensatz vom Kapitel zeigt: ja, nein oder eine Liste von Namen."),
)
"""The entries of a chapter's front matter (`inhalt.markdown` reads them)."""

OPTIONEN = _tabelle(
    Angabe("titel", "text", "Beschriftung der Tabelle oder Abbildung."),
    Angabe("quelle", "text", "Quelle unter der Tabelle oder Abbildung."),
    Angabe("alt", "text", "Alternativtext des Diagramms oder Bildes."),
    Angabe("stichtag", "text", "Stichtag der Daten."),
    Angabe("quer", "ja_nein", "Die Tabelle oder das Diagramm auf einer Seite im Querformat."),
    Angabe("folie", "ja_nein", "Die Tabelle oder das Diagramm bekommt eine Folie."),
)
"""The options of a block (`:titel: …` under ```{tabelle} name)."""

BEGLEITDATEI = _tabelle(
    Angabe("quelle", "text", "Quelle der Daten.", sorte="text"),
    Angabe("stichtag", "text", "Stichtag der Daten (auch als TOML-Datum).", sorte="datum"),
    Angabe("einheit", "text", "Einheit der Werte.", sorte="text"),
    Angabe("blatt", "text", "Tabellenblatt einer XLSX-Datei (Name oder Nummer ab 0).", sorte="blatt"),
    Angabe("kopfzeile", "ganzzahl", "Zeile mit den Spaltennamen.", minimum=1, sorte="zeile"),
    Angabe("trennzeichen", "text", "Trennzeichen einer CSV-Datei.", sorte="zeichen"),
    Angabe("dezimal", "text", "Dezimalzeichen (Komma oder Punkt).", sorte="dezimal"),
    Angabe("kodierung", "text", "Zeichenkodierung einer CSV-Datei.", sorte="kodierung"),
    Angabe("pruefung", "text", "Plausibilitätsprüfungen ([[pruefung]]).", sorte="pruefung"),
    Angabe("ebene", "text", "Spalte, deren Einrückung die Ebenen der Zeilen angibt.", sorte="text"),
    Angabe(
        "anmerkungen",
        "wahl",
        "Welche Anmerkungen unter eine Tabelle kommen.",
        woerter=("markiert", "alle", "keine"),
        sorte="text",
    ),
    Angabe(
        "textspalten",
        "texte",
        "Spalten, die als Text gelesen werden (Schlüssel mit führender Null).",
        sorte="namen",
    ),
)
"""The entries of a data file's sidecar (`berechnung.daten` reads them, with its own rules per kind)."""

PARAMETERLISTE = _tabelle(
    Angabe("datei", "text", "CSV- oder XLSX-Datei mit einer Zeile je Bericht (relativ zum Projekt)."),
    Angabe(
        "liste", "text", 'Die Berichte als Liste, ein Eintrag je Bericht: liste = [{stadtteil = "Wiesdorf"}].'
    ),
)
"""The entries of [parameter] in berichtsgen.toml."""


def ja_nein(wert: Any) -> bool | None:
    """`wert` as yes/no (True, False, "ja", "nein", "true", "false" in any case), or None."""
    if isinstance(wert, bool):
        return wert
    if isinstance(wert, str):
        return JA_NEIN.get(wert.strip().lower())
    return None


def _wert(a: Angabe, wert: Any) -> tuple[Any, str | None]:
    """The value of `a` read from `wert`, or the German sentence that says what is wrong."""
    name = a.name
    if a.art == "ja_nein":
        gelesen = ja_nein(wert)
        return (gelesen, None) if gelesen is not None else (None, f"„{name}“ muss true oder false sein.")
    if a.art == "ganzzahl":
        if (
            not isinstance(wert, int)
            or isinstance(wert, bool)
            or (a.minimum is not None and wert < a.minimum)
        ):
            return None, f"„{name}“ muss eine positive ganze Zahl sein."
        return wert, None
    if a.art in ("liste", "texte"):
        if isinstance(wert, str):
            wert = [wert]
        if not isinstance(wert, list) or not all(isinstance(w, str) for w in wert):
            return None, f"„{name}“ muss eine Liste von Texten sein."
        return tuple(wert), None
    if not isinstance(wert, str):
        return None, f"„{name}“ muss ein Text sein."
    if a.art == "wahl" and wert not in a.woerter:
        return None, f"„{name} = {wert}“ ist nicht möglich."
    return wert, None


def _hinweis_woerter(a: Angabe) -> str:
    return a.erklaerung or "Möglich: " + ", ".join(a.woerter) + "."


def lesen(
    angaben: Mapping[str, Angabe],
    roh: Mapping[str, Any],
    ort: Callable[[str], Ort],
    wo: str = "",
) -> tuple[dict[str, Any], list[EinstellungsFehler]]:
    """Check every entry of `roh` against `angaben`; return the values read and every mistake
    (each at `ort(name)`, the line of its entry). `wo` names the section in a message about an
    unknown entry (" in [parameter]")."""
    werte: dict[str, Any] = {}
    fehler: list[EinstellungsFehler] = []
    for name, wert in roh.items():
        a = angaben.get(name)
        if a is None:
            fehler.append(
                EinstellungsFehler(
                    f"Unbekannte Einstellung „{name}“{wo}.", ort(name), vorschlag(name, set(angaben))
                )
            )
            continue
        gelesen, falsch = _wert(a, wert)
        hinweis = (_hinweis_woerter(a) if a.woerter else a.beispiel) or None
        if falsch is None and a.art == "liste":
            fremd = [w for w in gelesen if w not in a.woerter]
            if fremd:
                falsch = (a.fremd or "„{wert}“ ist in „" + name + "“ nicht möglich.").format(wert=fremd[0])
                hinweis = vorschlag(fremd[0], set(a.woerter))
        if falsch is None and a.regel is not None:
            verstoss = a.regel(gelesen)
            if verstoss is not None:
                falsch, hinweis = verstoss
        if falsch is not None:
            fehler.append(EinstellungsFehler(falsch, ort(name), hinweis))
            continue
        werte[name] = gelesen
    return werte, fehler


def _json(a: Angabe) -> dict[str, Any]:
    """The JSON Schema of one setting."""
    if a.art == "ja_nein":
        schema: dict[str, Any] = {"anyOf": [{"type": "boolean"}, {"enum": sorted(JA_NEIN)}]}
    elif a.art == "ganzzahl":
        schema = {"type": "integer"} | ({"minimum": a.minimum} if a.minimum is not None else {})
    elif a.art == "wahl":
        schema = {"type": "string", "enum": list(a.woerter)}
    elif a.art == "liste":
        eintrag = {"type": "string", "enum": list(a.woerter)}
        schema = {"anyOf": [eintrag, {"type": "array", "items": eintrag}]}
    elif a.name == "farben":
        farbe = {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"}
        schema = {"anyOf": [farbe, {"type": "array", "items": farbe}]}
    elif a.art == "texte":
        schema = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    else:
        schema = {"type": "string"}
    schema["description"] = a.hilfe
    if a.standard is not None and a.standard != "" and a.standard != ():
        schema["default"] = list(a.standard) if isinstance(a.standard, tuple) else a.standard
    return schema


def json_schema(
    bericht: Mapping[str, Angabe], parameter: Mapping[str, Angabe], importstile: Sequence[str] = ()
) -> dict[str, Any]:
    """The JSON Schema of berichtsgen.toml ([bericht], [jahr.JAHR], [parameter], [import]), in
    draft 4: the highest Even Better TOML (taplo) reads."""
    abschnitt = {"$ref": "#/definitions/einstellungen"}
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "berichtsgen.toml",
        "description": "Die Projektdatei eines Berichts von berichtsgen.",
        "type": "object",
        "definitions": {
            "einstellungen": {
                "type": "object",
                "properties": {name: _json(a) for name, a in bericht.items()},
                "additionalProperties": False,
            }
        },
        "properties": {
            "bericht": abschnitt | {"description": "Die Einstellungen des Berichts."},
            "jahr": {
                "type": "object",
                "description": "Einstellungen eines Jahres ([jahr.2024]); sie gehen denen in [bericht] vor.",
                "patternProperties": {"^[0-9]{4}$": abschnitt},
                "additionalProperties": False,
            },
            "parameter": {
                "type": "object",
                "description": "Die Parameterliste einer Reihe von Berichten (ein Bericht je Zeile).",
                "properties": {name: _json(a) for name, a in parameter.items() if name != "liste"}
                | {
                    "liste": {
                        "type": "array",
                        "items": {"type": "object"},
                        "description": parameter["liste"].hilfe,
                    }
                },
                "additionalProperties": False,
            },
            "beitraege": {
                "type": "object",
                "description": "Welcher Fachbereich welches Kapitel liefert (Kapitel ohne .md = Fachbereich).",
                "additionalProperties": {"type": "string"},
            },
            "import": {
                "type": "object",
                "description": "Wie berichtsgen import die Word-Beiträge der Fachbereiche liest.",
                "properties": {
                    "stile": {
                        "type": "object",
                        "description": "Was eine Formatvorlage der Beiträge wird, nach ihrem Namen in Word.",
                        "additionalProperties": {"enum": list(importstile)},
                    }
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    }
