"""Hostile and broken input, one row each: every case ends with one German line naming the file
(and line) and a hint, the expected exit code, no traceback, no English fragment, the last good
report untouched, and nothing left behind (work folders, LibreOffice profiles).

Each case runs the command line in this process under a time limit; the cases about processes
and signals (`test_prozesse.py`) start berichtsgen as a real process.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from hilfen import (
    STANDARDVORLAGE,
    einstellen,
    vorlage_als_bombe,
    vorlage_mit_aussenverweisen,
    vorlage_mit_dtd,
    vorlage_mit_makros,
)

ENGLISCH = re.compile(
    r"\b(the|is|not|of|expected|unexpected|got|unsafe|error|invalid|such|directory|range|too big|loader|"
    r"specified|object|attribute|token|file|line|denied|space left|traceback|undefined|has no)\b",
    re.I,
)
"""Words of English messages that must not reach an editor."""


@dataclass
class Fall:
    """One bad input: how to make it, what to call, what must come out."""

    id: str
    vorbereiten: Callable[[Path], None]
    meldung: str
    """Regular expression the German line (stderr or stdout) must match."""
    code: int = 1
    befehl: tuple[str, ...] = ("build", "2024", "--format", "docx")
    pruefen: Callable[[Path, str], None] | None = None
    """A further check of the project after the call (given the output)."""
    python_zitat: bool = False
    """The message may quote a Python exception after its German sentence (module errors)."""
    projekt_option: bool = True


# --- what the cases do to the mini project ------------------------------------------------------


def _schreiben(relativ: str, inhalt: str | bytes) -> Callable[[Path], None]:
    def tun(p: Path) -> None:
        ziel = p / relativ
        ziel.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(inhalt, bytes):
            ziel.write_bytes(inhalt)
        else:
            ziel.write_text(inhalt, encoding="utf-8")

    return tun


def _kapitel(text: str, name: str = "03-fall.md") -> Callable[[Path], None]:
    return _schreiben(f"inhalte/2024/{name}", "---\ntitel: Fall\n---\n\n" + text + "\n")


def _verknuepfung(relativ: str, ziel: str = "/etc/hostname") -> Callable[[Path], None]:
    def tun(p: Path) -> None:
        link = p / relativ
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(ziel)

    return tun


def _vorlage(macher: Callable[[Path, Path], None]) -> Callable[[Path], None]:
    return lambda p: macher(STANDARDVORLAGE, p / "vorlage.docx")


def _vorlagentext(text: str) -> Callable[[Path], None]:
    """A template whose body holds `text` (a placeholder, a tag) before {{p inhalt }}."""

    def tun(p: Path) -> None:
        from docx import Document

        doc = Document(str(STANDARDVORLAGE))
        doc.paragraphs[0].insert_paragraph_before(text)
        doc.save(str(p / "vorlage.docx"))

    return tun


def _png() -> bytes:
    import io

    from PIL import Image

    bild = io.BytesIO()
    Image.new("RGB", (20, 10), (31, 78, 121)).save(bild, format="PNG")
    return bild.getvalue()


def _keine_aussenverweise(p: Path, _ausgabe: str) -> None:
    import zipfile

    from lxml import etree

    (docx,) = (p / "ausgabe/2024").glob("*.docx")
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            daten = z.read(name)
            if name.endswith(".rels"):
                for rel in etree.fromstring(daten):
                    if rel.get("TargetMode") == "External":
                        assert rel.get("Type").endswith("/hyperlink"), (name, rel.get("Target"))
            for code in (b"INCLUDEPICTURE", b"DDEAUTO", b"INCLUDETEXT", b"tracker.example.org"):
                assert code not in daten, (name, code)


def _mit_template(name: str, vorbereiten: Callable[[Path], None], meldung: str, code: int = 1) -> Fall:
    """A case for `berichtsgen template vorlage.docx` (the same rules as the build)."""
    return Fall(name, vorbereiten, meldung, code, ("template", "vorlage.docx"), projekt_option=False)


FAELLE = [
    # --- templates: nothing from elsewhere reaches a report; bounded; no DTD -------------------
    Fall(
        "vorlage-aussenverweise",
        _vorlage(vorlage_mit_aussenverweisen),
        r"Verweise nach außen entfernt.*verknüpftes Bild.*OLE.*INCLUDEPICTURE.*DDEAUTO.*Dokumentvorlage",
        code=0,
        pruefen=_keine_aussenverweise,
    ),
    _mit_template(
        "vorlage-aussenverweise-template",
        _vorlage(vorlage_mit_aussenverweisen),
        r"Hinweis: .*Verweise nach außen entfernt",
        code=0,
    ),
    Fall(
        "vorlage-dtd-styles",
        _vorlage(vorlage_mit_dtd),
        r"vorlage\.docx: Fehler: Teil „word/styles\.xml“ .*DTD",
    ),
    Fall(
        "vorlage-dtd-theme",
        _vorlage(lambda q, z: vorlage_mit_dtd(q, z, "word/theme/theme1.xml")),
        r"Teil „word/theme/theme1\.xml“ .*DTD",
    ),
    _mit_template(
        "vorlage-dtd-template", _vorlage(vorlage_mit_dtd), r"vorlage\.docx: Fehler: Teil „word/styles\.xml“"
    ),
    Fall(
        "vorlage-bombe",
        _vorlage(vorlage_als_bombe),
        r"Teil „word/media/riesig\.png“ .*ungewöhnlich stark gepackt",
    ),
    _mit_template("vorlage-bombe-template", _vorlage(vorlage_als_bombe), r"ungewöhnlich stark gepackt"),
    Fall("vorlage-makros", _vorlage(vorlage_mit_makros), r"vorlage\.docx: Fehler: .*enthält Makros"),
    Fall(
        "vorlage-kein-zip",
        _schreiben("vorlage.docx", "kein Word"),
        r"vorlage\.docx: Fehler: .*keine lesbare Word-Datei",
    ),
    Fall("vorlage-include", _vorlagentext("{% include 'x.docx' %}"), r"„\{% include %\}“.*nicht erlaubt"),
    Fall(
        "vorlage-schleifen",
        _vorlagentext("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"),
        r"vorlage\.docx: Fehler: .*Grenze.*Schleifendurchläufe",
    ),
    Fall("vorlage-potenz", _vorlagentext("{{ 9 ** (9 ** 9) }}"), r"vorlage\.docx: Fehler: .*zu große Zahl"),
    Fall("vorlage-syntax", _vorlagentext("{{ titel }"), r"vorlage\.docx: Fehler: Platzhalter .*fehlerhaft"),
    Fall(
        "vorlage-sandbox",
        _vorlagentext("{{ titel.__class__.__mro__ }}"),
        r"vorlage\.docx: Fehler: .*greift auf etwas zu, das in Vorlagen nicht erlaubt ist",
    ),
    # --- everything content reads lies inside the project ----------------------------------------
    Fall(
        "kapitel-verknuepft-nach-aussen",
        _verknuepfung("inhalte/2024/09-fremd.md"),
        r"09-fremd\.md.*außerhalb des Projekts",
    ),
    Fall(
        "abkuerzungen-verknuepft-nach-aussen",
        _verknuepfung("inhalte/2024/abkuerzungen.csv"),
        r"abkuerzungen\.csv.*außerhalb",
    ),
    Fall(
        "daten-verknuepft-nach-aussen",
        _verknuepfung("inhalte/2024/daten/einwohner.csv"),
        r"außerhalb des Projekts",
    ),
    Fall(
        "begleitdatei-verknuepft-nach-aussen",
        _verknuepfung("inhalte/2024/daten/einwohner.toml"),
        r"einwohner\.toml.*außerhalb",
    ),
    Fall(
        "bild-verknuepft-nach-aussen",
        lambda p: (
            _schreiben("../draussen.png", _png())(p),
            _verknuepfung("inhalte/2024/karte.png", str(p.parent / "draussen.png"))(p),
            _kapitel('![Karte](karte.png "Karte")')(p),
        ),
        r"03-fall\.md:5: Fehler: .*außerhalb",
    ),
    Fall(
        "bild-absoluter-pfad",
        _kapitel('![Karte](/etc/hostname "Karte")'),
        r"03-fall\.md:5: Fehler: .*außerhalb",
    ),
    Fall(
        "bild-nach-oben",
        _kapitel('![Karte](../../../bild.png "Karte")'),
        r"03-fall\.md:5: Fehler: .*außerhalb",
    ),
    # --- expressions are bounded and German ---------------------------------------------------------
    Fall(
        "ausdruck-schleifen",
        _kapitel("{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}"),
        r"03-fall\.md:5: Fehler: .*Grenze: mehr als 100\.000 Schleifendurchläufe",
    ),
    Fall("ausdruck-potenz", _kapitel("{{ 9 ** (9 ** 9) }}"), r"03-fall\.md:5: Fehler: .*zu große Zahl"),
    Fall(
        "ausdruck-lipsum",
        _kapitel("{{ lipsum(100000) }}"),
        r"03-fall\.md:5: Fehler: .*„lipsum“ ist nicht definiert",
    ),
    Fall(
        "ausdruck-vervielfachung",
        _kapitel("{{ 'a' * 10**9 }}"),
        r"03-fall\.md:5: Fehler: .*mehr als 1\.000\.000 Zeichen",
    ),
    Fall(
        "ausdruck-breite-filter",
        _kapitel("{{ 'x' | center(1000000000) }}"),
        r"03-fall\.md:5: Fehler: .*als Angabe zu groß",
    ),
    Fall(
        "ausdruck-breite-format",
        _kapitel("{{ '{:>999999999}'.format(1) }}"),
        r"03-fall\.md:5: Fehler: .*Breite im Format",
    ),
    Fall(
        "ausdruck-breite-prozent",
        _kapitel("{{ '%999999999s' % 'x' }}"),
        r"03-fall\.md:5: Fehler: .*Breite im Format",
    ),
    Fall(
        "ausdruck-include", _kapitel("{% include 'geheim.md' %}"), r"03-fall\.md:5: Fehler: „\{% include %\}“"
    ),
    Fall("ausdruck-import", _kapitel("{% import 'x' as y %}"), r"03-fall\.md:5: Fehler: „\{% import %\}“"),
    Fall("ausdruck-extends", _kapitel("{% extends 'x' %}"), r"03-fall\.md:5: Fehler: „\{% extends %\}“"),
    Fall(
        "ausdruck-rekursion",
        _kapitel("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}"),
        r"03-fall\.md:\d+: Fehler: .*(zu oft|Grenze)",
    ),
    Fall(
        "ausdruck-sandbox",
        _kapitel("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        r"03-fall\.md:5: Fehler: .*nicht erlaubt",
    ),
    Fall(
        "ausdruck-syntax",
        _kapitel("Text {{ wert( }}"),
        r"03-fall\.md:5: Fehler: Ausdruck fehlerhaft: erwartet wurde „\)“",
    ),
    Fall(
        "ausdruck-block-offen",
        _kapitel("{% if jahr %}offen"),
        r"03-fall\.md:\d+: Fehler: .*es fehlt „\{% endif %\}“",
    ),
    Fall("ausdruck-null", _kapitel("{{ 1 / 0 }}"), r"03-fall\.md:5: Fehler: .*Division durch null"),
    Fall(
        "ausdruck-namespace",
        _kapitel("{% set n = namespace(a=1) %}"),
        r"03-fall\.md:5: Fehler: .*„namespace“",
    ),
]


def _ersetzen_in(datei: Path, alt: str, neu: str) -> None:
    text = datei.read_text(encoding="utf-8")
    assert alt in text
    datei.write_text(text.replace(alt, neu), encoding="utf-8")


EINWOHNER = (
    "Bezirk;Einwohner;Anteil (in %);Fläche\nNord;12.345;60,7;\nSüd;8.000;39,3;4,25\nInsgesamt;20.345;100,0;\n"
)
DATEN = "inhalte/2024/daten/einwohner"
RECHNEN_EINWOHNER = 'return k.daten("einwohner.csv")'

FAELLE += [
    # --- bad input: one German line, never an internal error ------------------------------------
    Fall(
        "kapitel-steuerzeichen",
        _kapitel("Text mit \x01 Steuerzeichen."),
        r"03-fall\.md:5: Fehler: .*Steuerzeichen",
    ),
    Fall("kapitel-vertikaltab", _kapitel("Zeile\x0bumbruch"), r"03-fall\.md:5: Fehler: .*Steuerzeichen"),
    Fall("kapitel-fffe", _kapitel("Text \ufffe."), r"03-fall\.md:5: Fehler: .*Steuerzeichen \(U\+FFFE\)"),
    Fall(
        "kapitel-nicht-utf8",
        _schreiben("inhalte/2024/03-fall.md", "---\ntitel: Ä\n---\n".encode("cp1252")),
        r"03-fall\.md: Fehler: .*UTF-8",
    ),
    Fall(
        "kapitel-kopfbereich-kaputt",
        _schreiben("inhalte/2024/03-fall.md", "---\ntitel: [a\n---\n"),
        r"03-fall\.md:\d+: Fehler: .*Kopfbereich",
    ),
    Fall(
        "keine-kapitel", lambda p: [f.unlink() for f in (p / "inhalte/2024").glob("*.md")], r"keine Kapitel"
    ),
    Fall("jahr-fehlt", lambda p: None, r"2031", befehl=("build", "2031", "--format", "docx")),
    Fall(
        "daten-steuerzeichen",
        _schreiben(f"{DATEN}.csv", EINWOHNER.replace("Nord;", "Nord\x0b;")),
        r"einwohner\.csv:2: Fehler: .*Steuerzeichen",
    ),
    Fall("daten-utf16", _schreiben(f"{DATEN}.csv", EINWOHNER.encode("utf-16")), r"Geschrieben", code=0),
    Fall(
        "daten-nullbytes",
        _schreiben(f"{DATEN}.csv", EINWOHNER.encode("utf-16-le")),
        r"einwohner\.csv: Fehler: .*Nullbytes",
    ),
    Fall("daten-leer", _schreiben(f"{DATEN}.csv", b""), r"einwohner\.csv: Fehler: "),
    Fall(
        "daten-xlsx-kaputt",
        lambda p: (
            _schreiben(f"{DATEN}.xlsx", b"PK kein Excel")(p),
            _ersetzen_in(p / "rechnen.py", "einwohner.csv", "einwohner.xlsx"),
        ),
        r"einwohner\.xlsx: Fehler: ",
    ),
    Fall(
        "begleitdatei-kaputt",
        _schreiben(f"{DATEN}.toml", 'quelle = "a\nstichtag = 3\n'),
        r"einwohner\.toml:1: Fehler: .*kein gültiges TOML",
    ),
    Fall(
        "begleitdatei-quelle-zahl",
        _schreiben(f"{DATEN}.toml", "quelle = 5\n"),
        r"einwohner\.toml:1: Fehler: „quelle“ muss ein Text sein",
    ),
    Fall(
        "begleitdatei-kopfzeile-text",
        _schreiben(f"{DATEN}.toml", 'kopfzeile = "drei"\n'),
        r"einwohner\.toml:1: Fehler: „kopfzeile“ muss eine ganze Zahl",
    ),
    Fall(
        "begleitdatei-trennzeichen-leer",
        _schreiben(f"{DATEN}.toml", 'trennzeichen = ""\n'),
        r"einwohner\.toml:1: Fehler: „trennzeichen“",
    ),
    Fall(
        "begleitdatei-kodierung-unbekannt",
        _schreiben(f"{DATEN}.toml", 'kodierung = "klingonisch"\n'),
        r"einwohner\.toml:1: Fehler: „kodierung“",
    ),
    Fall(
        "begleitdatei-unbekannt",
        _schreiben(f"{DATEN}.toml", 'quele = "x"\n'),
        r"einwohner\.toml:1: Fehler: Unbekannter Eintrag „quele“",
    ),
    Fall(
        "bild-kein-bild",
        lambda p: (
            _schreiben("inhalte/2024/karte.png", "kein Bild")(p),
            _kapitel('![Karte](karte.png "Karte")')(p),
        ),
        r"03-fall\.md:5: Fehler: .*Bild",
    ),
    Fall(
        "bild-abgeschnitten",
        lambda p: (
            _schreiben("inhalte/2024/karte.png", _png()[:40])(p),
            _kapitel('![Karte](karte.png "Karte")')(p),
        ),
        r"03-fall\.md:5: Fehler: .*Bild",
    ),
    Fall(
        "einstellungen-kaputt",
        _schreiben("berichtsgen.toml", '[bericht]\ntitel = "a\n'),
        r"berichtsgen\.toml:\d+: Fehler: ",
    ),
    Fall(
        "einstellungen-unbekannt",
        lambda p: einstellen(p, 'titl = "x"'),
        r"berichtsgen\.toml:9: Fehler: Unbekannte Einstellung „titl“",
    ),
    Fall(
        "dateiname-unterordner",
        lambda p: _ersetzen_in(
            p / "berichtsgen.toml", 'dateiname = "testbericht-{jahr}"', 'dateiname = "unter/bericht-{jahr}"'
        ),
        r"berichtsgen\.toml:7: Fehler: „dateiname“",
    ),
    Fall(
        "dateiname-feld-unbekannt",
        lambda p: _ersetzen_in(
            p / "berichtsgen.toml", 'dateiname = "testbericht-{jahr}"', 'dateiname = "bericht-{stadt}"'
        ),
        r"berichtsgen\.toml:7: Fehler: „dateiname“.*\{stadt\}",
    ),
    Fall(
        "modul-wirft-beim-laden",
        _schreiben("rechnen.py", "raise RuntimeError('kaputt')\n"),
        r"rechnen\.py:1: Fehler: .*beim Laden",
        python_zitat=True,
    ),
    Fall(
        "modul-syntaxfehler",
        _schreiben("rechnen.py", "def (:\n"),
        r"rechnen\.py:1: Fehler: .*Syntaxfehler",
        python_zitat=True,
    ),
    Fall(
        "funktion-wirft",
        lambda p: _ersetzen_in(p / "rechnen.py", RECHNEN_EINWOHNER, "return 1 / 0"),
        r"rechnen\.py:\d+: Fehler: .*„einwohner“ ist .*abgebrochen",
        python_zitat=True,
    ),
    Fall(
        "funktion-beendet-python",
        lambda p: _ersetzen_in(p / "rechnen.py", RECHNEN_EINWOHNER, "import sys; sys.exit(0)"),
        r"rechnen\.py:\d+: Fehler: .*„einwohner“ .*beendet",
    ),
    Fall(
        "ausgabe-ist-datei",
        _schreiben("datei", "x"),
        r"„datei“ ist eine Datei",
        code=2,
        befehl=("build", "2024", "--ausgabe", "datei"),
    ),
    Fall(
        "projekt-ist-datei",
        _schreiben("datei", "x"),
        r"„datei“ ist eine Datei",
        code=2,
        befehl=("build", "2024", "--projekt", "datei"),
        projekt_option=False,
    ),
    Fall(
        "template-fehlt",
        lambda p: None,
        r"„gibtsnicht\.docx“ nicht gefunden",
        code=2,
        befehl=("template", "gibtsnicht.docx"),
        projekt_option=False,
    ),
    Fall(
        "funktion-liefert-steuerzeichen",
        lambda p: _ersetzen_in(
            p / "rechnen.py",
            RECHNEN_EINWOHNER,
            'return k.daten("einwohner.csv").rename(columns={"Fläche": "Fl\\x0bäche"})',
        ),
        r"rechnen\.py:\d+: Fehler: Tabellen-Funktion „einwohner“ liefert ein Steuerzeichen \(U\+000B\)",
    ),
    Fall(
        "option-vertippt",
        lambda p: None,
        r"Aufruffehler: Unbekannte Option --formt\. Meinten Sie „--format“\? Hilfe",
        code=2,
        befehl=("build", "2024", "--formt", "docx"),
    ),
    Fall(
        "befehl-unbekannt",
        lambda p: None,
        r"Unbekannter Befehl „baue“",
        code=2,
        befehl=("baue",),
        projekt_option=False,
    ),
]


# --- running a case -----------------------------------------------------------------------------

ALT = {
    "testbericht-2024.docx": b"letzter guter Bericht (DOCX)",
    "testbericht-2024.pdf": b"%PDF letzter guter Bericht",
}


def _reste(projekt: Path) -> set[str]:
    """What a build could leave behind: work folders, LibreOffice profiles, LibreOffice processes."""
    reste = {str(p) for p in (projekt / "ausgabe").rglob(".berichtsgen-*")}
    reste |= {str(p) for p in Path(tempfile.gettempdir()).glob("berichtsgen-lo-*")}
    for prozess in Path("/proc").glob("[0-9]*"):
        try:
            befehl = (prozess / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"berichtsgen-lo-" in befehl or b"_uno_worker" in befehl:
            reste.add(f"Prozess {prozess.name}: {befehl[:80]!r}")
    return reste


def fall_ausfuehren(fall: Fall, mini: Path, cli, monkeypatch) -> None:
    """Run one case on the mini project and assert what every case must hold (see the module)."""
    ausgabe = mini / "ausgabe" / "2024"
    ausgabe.mkdir(parents=True)
    for name, inhalt in ALT.items():
        (ausgabe / name).write_bytes(inhalt)
    vorher = _reste(mini)
    fall.vorbereiten(mini)
    monkeypatch.chdir(mini)
    aufruf = cli(*fall.befehl, *(("--projekt", str(mini)) if fall.projekt_option else ()))
    text = aufruf.stderr + aufruf.stdout
    assert aufruf.code == fall.code, text
    assert "Traceback" not in text and "Interner Fehler" not in text, text
    # every error line names its rule before the hint; the cases' patterns read the line without it
    for z in text.splitlines():
        if ": Fehler: " in z or z.startswith("Fehler: "):
            assert re.search(r" \[[a-z-]+\]( |$)", z), z
    treffer = re.search(fall.meldung, text)
    if not treffer:  # a pattern written across message and hint, before errors named their rule
        text = re.sub(r" \[[a-z-]+\](?= |$)", "", text, flags=re.M)
        treffer = re.search(fall.meldung, text)
    assert treffer, text
    zeile = next(z for z in text.splitlines() if treffer.group(0)[:30] in z)
    if fall.python_zitat:
        zeile = zeile.split("(Python:")[0]
    ohne_pfade = re.sub(r"\S*/\S*", "", zeile)
    assert not ENGLISCH.search(ohne_pfade), zeile
    if fall.code != 0:  # the last good report stays as it was
        assert {d.name: d.read_bytes() for d in ausgabe.iterdir() if d.is_file()} == ALT
    if fall.pruefen:
        fall.pruefen(mini, text)
    assert _reste(mini) - vorher == set()
    if os.environ.get("ROBUST_ZEIGEN"):  # a file to read every message at once
        with open(os.environ["ROBUST_ZEIGEN"], "a", encoding="utf-8") as f:
            f.write(f"[{fall.id}] {zeile}\n")


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_boese_eingabe(fall: Fall, mini: Path, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)


def test_datentraeger_voll(mini: Path, cli, zeitlimit, monkeypatch):
    """ENOSPC while the finished files replace the last good report: one German line, the old
    report untouched, no work folder left."""
    import errno

    from berichtsgen import bau

    ausgabe = mini / "ausgabe" / "2024"
    ausgabe.mkdir(parents=True)
    for name, inhalt in ALT.items():
        (ausgabe / name).write_bytes(inhalt)

    def voll(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bau.os, "replace", voll)
    aufruf = cli("build", "2024", "--projekt", str(mini), "--format", "docx")
    assert aufruf.code == 1
    assert "Fehler: Der Bericht lässt sich nicht schreiben: der Datenträger ist voll." in aufruf.stderr
    assert "No space" not in aufruf.stderr and "Traceback" not in aufruf.stderr
    assert {d.name: d.read_bytes() for d in ausgabe.iterdir() if d.is_file()} == ALT
    assert list(ausgabe.glob(".berichtsgen-*")) == []
