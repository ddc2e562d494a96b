"""Generated chapters (Hypothesis): random Markdown of the documented constructs, nested at random –
lists in lists, links and footnotes in list items and table cells, emphasis around links, headings
of every level – with long German compounds and any Unicode (right-to-left text, combining marks,
emoji, characters Word cannot hold), built with three templates into DOCX and HTML.

Whatever the input, the build ends in one of two ways: a report whose Word file is schema-valid
and whose HTML edition passes the project's own check, or a `BerichtsgenFehler` whose every line
reads "Datei:Zeile: Fehler: …" – never another exception (the command line's "Interner Fehler").
A character Word cannot hold (U+0000–U+0008 …) is always such an error, never dropped silently.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from berichtsgen import BerichtsgenFehler, build
from berichtsgen.export.html_pruefen import ausfuehrbares, html_pruefen
from berichtsgen.fehler import STEUERZEICHEN
from hilfen import REPO, STANDARDVORLAGE, W, docx_xml, pruefen

VORLAGEN = {
    "standard": STANDARDVORLAGE,
    "officer": REPO / "tests" / "vorlagen" / "officer-template.docx",
    "pandoc": REPO / "tests" / "vorlagen" / "pandoc-reference.docx",
}

EINSTELLUNGEN = settings(
    max_examples=int(os.environ.get("ZUFALL_BEISPIELE", "12")),
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("SCHRUMPFEN") else []),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
"""A dozen chapters per template (about 20 s each on two cores), the same ones every run, nothing
written into the project; `ZUFALL_BEISPIELE=500` searches longer, `SCHRUMPFEN=1` shrinks a failure."""

# --- words ---------------------------------------------------------------------------------------

KOMPOSITA = [
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsangestellte",
    "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung",
    "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz",
    "Kraftfahrzeughaftpflichtversicherungsbeitragsrückerstattungsanspruchsberechtigte",
    "Eingliederungshilfeleistungsberechtigtenvertretungsverordnungsentwurfsbegründung",
]
"""Words of 60 and more letters, as German law and administration write them."""

SCHRIFTEN = [
    "שלום עולם",  # Hebrew, right to left
    "مرحبا بالعالم",  # Arabic
    "e\u0301te\u0301 n\u0303o",  # combining marks
    "👩‍👩‍👧‍👦 🇩🇪 🏳️‍🌈",  # emoji with joiners and flags
    "Ω≈ç√∫ ∑ ∞",
    "\u202eumgedreht\u202c",  # bidirectional override
    "weich\u00adgetrennt und\u00a0fest",  # soft hyphen, no-break space
    "Zero\u200bWidth\u200dJoiner\ufeff",
    "𝔇𝔢𝔲𝔱𝔰𝔠𝔥 𝟙𝟚𝟛",  # outside the Basic Multilingual Plane
    "\u0085\u2028\u2029",  # line separators that are no newline in Markdown
    "Tab\tdarin",
]

ILLEGAL = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF])
"""What XML 1.0 (and so Word) cannot hold."""

_buchstaben = st.characters(categories=["L", "M", "N"], exclude_characters="\n\r")
_alles = st.characters(codec="utf-8", exclude_characters="\n\r" + ILLEGAL)

wort = st.one_of(
    st.text(_buchstaben, min_size=1, max_size=12),
    st.sampled_from(KOMPOSITA),
    st.sampled_from(SCHRIFTEN),
    st.text(_alles, min_size=1, max_size=8),  # anything else, Markdown and Jinja syntax included
    st.sampled_from(["KI", "KI-Team", "das KI", "(KI)", "{{ jahr }}", "{{ bericht.titel }}", "AZR"]),
)
ruhiges_wort = st.one_of(st.text(_buchstaben, min_size=1, max_size=12), st.sampled_from(KOMPOSITA))
"""A word that is no Markdown syntax (for names and titles)."""


def _text(woerter: list[str]) -> str:
    return " ".join(woerter)


# --- inline --------------------------------------------------------------------------------------


@st.composite
def zeile(draw, tiefe: int = 0, zelle: bool = False, noten: bool = True) -> str:
    """Inline Markdown on one line: words with emphasis, code, links and (with `noten`) footnotes."""
    teile = []
    arten = ["wort"] * 4 + ["fett", "kursiv", "code", "gestrichen", "link"] + (["fussnote"] if noten else [])
    for _ in range(draw(st.integers(1, 5))):
        art = draw(st.sampled_from(arten))
        if art == "wort" or tiefe > 2:
            teile.append(draw(wort))
        elif art == "fett":
            teile.append(f"**{draw(zeile(tiefe + 1, zelle, noten))}**")
        elif art == "kursiv":
            teile.append(f"*{draw(zeile(tiefe + 1, zelle, noten))}*")
        elif art == "gestrichen":
            teile.append(f"~~{draw(zeile(tiefe + 1, zelle, noten))}~~")
        elif art == "code":
            teile.append(f"`{draw(wort).replace('`', '')}`")
        elif art == "link":
            ziel = draw(
                st.sampled_from(
                    ["https://www.leverkusen.de", "https://example.org/ä ö", "mailto:a@example.org"]
                )
            )
            teile.append(f"[{draw(zeile(tiefe + 1, zelle, noten))}](<{ziel}>)")
        else:
            teile.append(f"[^{draw(st.integers(1, 4))}]")
    text = " ".join(teile)
    if zelle:
        text = text.replace("|", "\\|")
    return text


# --- blocks --------------------------------------------------------------------------------------


def _einruecken(text: str, breite: int) -> str:
    return "\n".join((" " * breite + z) if z else z for z in text.split("\n"))


@st.composite
def liste(draw, tiefe: int) -> str:
    geordnet = draw(st.booleans())
    start = draw(st.integers(1, 12)) if geordnet else 1
    punkte = []
    for i in range(draw(st.integers(1, 4))):
        marke = f"{start + i}." if geordnet else "-"
        inhalt = draw(zeile())
        if tiefe < 4 and draw(st.booleans()):
            inhalt += "\n" + draw(liste(tiefe + 1))
        if draw(st.integers(0, 5)) == 0:
            inhalt += "\n\n" + draw(zeile())  # a second paragraph in the item
        punkte.append(marke + " " + _einruecken(inhalt, len(marke) + 1).lstrip())
    return "\n".join(punkte)


@st.composite
def tabelle(draw, nummer: int) -> str:
    spalten = draw(st.integers(1, 4))
    ausrichtung = draw(
        st.lists(st.sampled_from(["---", ":--", "--:", ":-:"]), min_size=spalten, max_size=spalten)
    )
    zeilen = [
        "| " + " | ".join(draw(zeile(zelle=True)) for _ in range(spalten)) + " |"
        for _ in range(draw(st.integers(1, 4)))
    ]
    gfm = "\n".join([zeilen[0], "|" + "|".join(ausrichtung) + "|", *zeilen[1:]])
    if draw(st.booleans()):
        return gfm  # a bare table (a warning: it has no caption)
    titel = _text(draw(st.lists(ruhiges_wort, min_size=1, max_size=4)))
    optionen = [f":titel: {titel}", f":quelle: {_text(draw(st.lists(wort, min_size=1, max_size=3)))}"]
    if draw(st.booleans()):
        optionen.append(":quer: ja")
    return "```{tabelle} t" + str(nummer) + "\n" + "\n".join(optionen) + "\n\n" + gfm + "\n```"


@st.composite
def kapitel(draw) -> str:
    bloecke = []
    ebene = 1
    for i in range(draw(st.integers(1, 8))):
        art = draw(
            st.sampled_from(
                [
                    "absatz",
                    "absatz",
                    "ueberschrift",
                    "liste",
                    "liste",
                    "tabelle",
                    "zitat",
                    "code",
                    "begriff",
                    "umbruch",
                    "verweis",
                ]
            )
        )
        if art == "absatz":
            umbruch = draw(st.sampled_from(["\n", "\\\n", "  \n"]))  # soft or hard line breaks
            bloecke.append(umbruch.join(draw(zeile()) for _ in range(draw(st.integers(1, 3)))))
        elif art == "ueberschrift":
            # mostly one level deeper at most (a skipped level is an accessibility error, also tested)
            ebene = draw(st.integers(1, ebene + 1)) if draw(st.integers(0, 9)) else draw(st.integers(1, 6))
            bloecke.append("#" * ebene + " " + draw(zeile()))
        elif art == "liste":
            bloecke.append(draw(liste(0)))
        elif art == "tabelle":
            bloecke.append(draw(tabelle(i)))
        elif art == "zitat":
            innen = draw(st.one_of(zeile(), liste(1)))
            bloecke.append(_einruecken(innen, 0).replace("\n", "\n> ").join(["> ", ""]))
        elif art == "code":
            bloecke.append("```\n" + draw(wort).replace("`", "") + "\n```")
        elif art == "begriff":
            bloecke.append(draw(ruhiges_wort) + "\n: " + draw(zeile()))
        elif art == "umbruch":
            bloecke.append("---")
        else:  # a cross-reference, mostly to a table of this chapter (numbered or not yet written)
            bloecke.append(f"Siehe [](#t{draw(st.integers(0, i + 1))}).")
    # a footnote in a footnote is an error of its own: now and then
    noten = [
        f"[^{n}]: {draw(zeile(noten=draw(st.integers(0, 9)) == 0))}"
        for n in range(1, 5)
        if draw(st.booleans())
    ]
    titel = _text(draw(st.lists(ruhiges_wort, min_size=1, max_size=5)))
    abkuerzungen = "abkuerzungen: {KI: Kommunales Integrationszentrum}\n" if draw(st.booleans()) else ""
    kopf = (
        f"---\ntitel: {json.dumps(titel, ensure_ascii=False)}\n{abkuerzungen}---\n\n"
        if draw(st.booleans())
        else f"# {titel}\n\n"
    )
    text = kopf + "\n\n".join(bloecke + noten) + "\n"
    if draw(st.integers(0, 9)) == 0:  # now and then one character Word cannot hold, anywhere
        stelle = draw(st.integers(0, len(text)))
        text = text[:stelle] + draw(st.sampled_from(ILLEGAL)) + text[stelle:]
    return text


# --- the build -----------------------------------------------------------------------------------


@pytest.fixture(params=sorted(VORLAGEN), scope="module")
def projekt(request, tmp_path_factory) -> Path:
    ordner = tmp_path_factory.mktemp(f"zufall-{request.param}")
    shutil.copy(VORLAGEN[request.param], ordner / "vorlage.docx")
    (ordner / "inhalte" / "2024").mkdir(parents=True)
    (ordner / "berichtsgen.toml").write_text(
        '[bericht]\ntitel = "Zufallsbericht"\nherausgeber = "Stadt Musterstadt"\nvorlage = "vorlage.docx"\n'
        'formate = ["docx", "html"]\n'
        # pandoc's reference.docx has headings and links below WCAG AA: built as its users must
        + ('barrierefreiheit = "warnung"\n' if request.param == "pandoc" else "")
        + '\n[jahr.2024]\nstand = "Dezember 2024"\n',
        encoding="utf-8",
    )
    return ordner


ZEILE = re.compile(r"^[^\n]*: Fehler: [^\n]+$")


def bauen(projekt: Path, text: str, schema) -> None:
    """Build `text` as the one chapter of `projekt` and hold the outcome to the contract above."""
    (projekt / "inhalte" / "2024" / "01-kapitel.md").write_text(text, encoding="utf-8")
    ausgabe = projekt / "ausgabe"
    shutil.rmtree(ausgabe, ignore_errors=True)
    try:
        ergebnis = build(2024, projekt, formate=["docx", "html"])
    except BerichtsgenFehler as fehler:
        zeilen = fehler.zeile().split("\n")
        assert zeilen and all(ZEILE.match(z) for z in zeilen), fehler.zeile()
        assert "Interner Fehler" not in fehler.zeile()
        assert "Bitte melden Sie diesen Fehler" not in fehler.zeile()  # berichtsgen's own fault
        if STEUERZEICHEN.search(text):
            assert "Steuerzeichen" in fehler.zeile(), fehler.zeile()
        event("abgelehnt: " + re.sub(r"„[^“]*“", "„…“", zeilen[0].split(": Fehler: ", 1)[1])[:60])
        return
    event("gebaut")
    assert not STEUERZEICHEN.search(text), "ein Zeichen, das Word nicht speichern kann, verschwand still"
    (docx,) = [d for d in ergebnis.dateien if d.suffix == ".docx"]
    (html,) = [d for d in ergebnis.dateien if d.is_dir()]
    assert pruefen(docx, schema) == []
    # each footnote is referred to once (a second mark of the same note is a NOTEREF field: two
    # references to one note make Word and LibreOffice count a new, empty footnote)
    zeichen = [r.get(f"{W}id") for r in docx_xml(docx).iter(f"{W}footnoteReference")]
    assert len(zeichen) == len(set(zeichen))
    if zeichen:
        noten = {n.get(f"{W}id") for n in docx_xml(docx, "word/footnotes.xml").iter(f"{W}footnote")}
        assert set(zeichen) <= noten
    assert html_pruefen(html) == []
    assert ausfuehrbares(html) == []


@EINSTELLUNGEN
@given(text=kapitel())
@example(text="# Titel\n\nEin Satz[^1].\n\n[^1]: Fußnote mit [Link](https://www.leverkusen.de).\n")
@example(
    text="# Titel\n\n- Punkt mit [Link](https://example.org) und Fußnote[^1]\n  1. tiefer\n\n[^1]: Text.\n"
)
@example(text="# Titel\n\nText mit \x01 darin.\n")
@example(text="# Titel\n\nText[^1].\n\n[^1]: Erste Fußnote[^2].\n\n[^2]: Zweite.\n")  # was AttributeError
@example(
    text="# Titel\n\n```{tabelle} t\n:titel: T\n:quelle: Q\n\n| 👩‍👩‍👧 | \uf2fb |\n|---|---|\n| a | b |\n```\n"
)  # was RuntimeError
@example(text="# Titel\n\nEins[^1] und zwei[^1].\n\n[^1]: Dieselbe Fußnote.\n")  # was: id fn-1 twice in HTML
@example(
    text="# Titel\n\nA[^1] B[^2] C[^3].\n\n[^1]: - Liste\n\n[^2]: # Kopf\n\n[^3]: > Zitat\n"
)  # was: footnote_anchor
@example(
    text="# T\n\n```{tabelle} t\n:titel: A\u2028B\n:quelle: Q\x85R\n\n| a |\n|---|\n| b |\n```\n"
)  # was: „keine Option“
def test_zufaellige_kapitel(projekt, schema, text):
    bauen(projekt, text, schema)
