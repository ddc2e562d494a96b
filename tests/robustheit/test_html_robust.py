"""Hostile input on the HTML edition (issue 19): files the text links to, their names, the
output folder. Published HTML runs nothing: every page and every copied file is read back for
script, event handlers and active addresses. The cases run like those of `test_robustheit.py`."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from test_robustheit import Fall, _kapitel, _png, _schreiben, _verknuepfung, fall_ausfuehren

HTML = ("build", "2024", "--format", "html")
CHECK = ("check", "2024")
ALTE_FASSUNG = "<!DOCTYPE html><title>letzte gute Fassung</title>"
SKRIPT_HTML = "<!DOCTYPE html><html><body><script>fetch('/konto')</script></body></html>"
SKRIPT_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><rect/></svg>'
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _alles(*schritte: Callable[[Path], None]) -> Callable[[Path], None]:
    def tun(p: Path) -> None:
        for schritt in schritte:
            schritt(p)

    return tun


def _alte_fassung(p: Path) -> None:
    """The last good HTML edition, which a refused build must leave as it was."""
    _schreiben("ausgabe/2024/html/index.html", ALTE_FASSUNG)(p)


def _alte_fassung_steht(p: Path, _ausgabe: str) -> None:
    html = p / "ausgabe/2024/html"
    assert not html.is_symlink()
    assert sorted(d.name for d in html.iterdir()) == ["index.html"]
    assert (html / "index.html").read_text(encoding="utf-8") == ALTE_FASSUNG


def _abgelehnt(vorbereiten: Callable[[Path], None]) -> Callable[[Path], None]:
    return _alles(_alte_fassung, vorbereiten)


# --- reading the edition back as a browser would run it ----------------------------------------

AKTIV = {"script", "iframe", "frame", "object", "embed", "applet", "base", "form", "svg", "math"}
ADRESSEN = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}


def _nichts_ausfuehrbares(html: Path) -> None:
    """No page of `html` holds script, an event handler or an active address; every other file
    is a picture, document or table whose first bytes say so – nothing a browser would run."""
    for datei in html.rglob("*"):
        if datei.is_dir():
            continue
        name = datei.relative_to(html).as_posix()
        if datei.suffix == ".html":
            for e in lxml.html.parse(str(datei)).getroot().iter():
                if not isinstance(e.tag, str):
                    continue
                assert e.tag.lower() not in AKTIV, (name, e.tag)
                for attribut, wert in e.attrib.items():
                    assert not attribut.lower().startswith("on"), (name, e.tag, attribut)
                    if attribut.lower() in ADRESSEN:
                        schema = urlsplit(re.sub(r"[\x00-\x20]", "", wert)).scheme.lower()
                        assert schema in ("", "http", "https", "mailto"), (name, attribut, wert)
        elif datei.suffix == ".css":
            assert not re.search(r"url\(|@import|expression|javascript", datei.read_text("utf-8"), re.I)
        else:
            kopf = datei.read_bytes()[:1445]
            assert datei.suffix.lower() in {".png", ".pdf", ".csv", ".txt", ".docx", ".xlsx", ".zip"}, name
            assert not re.search(rb"<(script|svg|html|!doctype|\?xml|iframe|body)", kopf, re.I), name
            if datei.suffix.lower() == ".pdf":
                assert kopf.startswith(b"%PDF-"), name
            if datei.suffix.lower() == ".png":
                assert kopf.startswith(b"\x89PNG"), name


def _links(html: Path, seite: str = "03-fall.html") -> dict[str, str]:
    """The links of a page to copied files: text → address."""
    wurzel = lxml.html.parse(str(html / seite)).getroot()
    return {
        " ".join(a.text_content().split()): a.get("href")
        for a in wurzel.xpath("//a[starts-with(@href, 'dateien/')]")
    }


# --- what the successful cases must show ----------------------------------------------------------


def _drei_namen(p: Path, _ausgabe: str) -> None:
    """a/x.pdf, a/2-x.pdf and b/x.pdf: three files, three names, each with its own content,
    and the same names when built again."""
    html = p / "ausgabe/2024/html"
    links = _links(html)
    assert links == {"eins": "dateien/x.pdf", "zwei": "dateien/2-x.pdf", "drei": "dateien/x-2.pdf"}
    for text, quelle in (("eins", "a/x.pdf"), ("zwei", "a/2-x.pdf"), ("drei", "b/x.pdf")):
        assert (html / links[text]).read_bytes() == (p / "inhalte/2024" / quelle).read_bytes()
    assert sorted(d.name for d in (html / "dateien").iterdir()) == ["2-x.pdf", "x-2.pdf", "x.pdf"]
    _nichts_ausfuehrbares(html)

    from berichtsgen import build

    build(2024, p, formate=["html"])
    assert _links(html) == links


def _umlaut_und_leerzeichen(p: Path, _ausgabe: str) -> None:
    html = p / "ausgabe/2024/html"
    links = _links(html)
    assert links == {
        "Übersicht": "dateien/%C3%9Cbersicht%202024.pdf#page=2",
        "Karte": "dateien/Karte%20S%C3%BCd.png",
    }
    assert (html / "dateien/Übersicht 2024.pdf").read_bytes() == PDF
    assert (html / unquote("dateien/Karte%20Süd.png")).is_file()
    _nichts_ausfuehrbares(html)


def _symlink_bleibt(p: Path, _ausgabe: str) -> None:
    """The link is neither written through nor replaced: the folder it points to is as it was."""
    assert (p / "ausgabe/2024/html").is_symlink()
    assert sorted(d.name for d in (p.parent / "webserver").iterdir()) == ["index.html"]
    assert (p.parent / "webserver/index.html").read_text(encoding="utf-8") == ALTE_FASSUNG


def _rest_entfernt(p: Path, _ausgabe: str) -> None:
    """A `.html-alt` left by an earlier version is gone (a link: only the link), the new edition
    stands, and the next build succeeds as well."""
    ausgabe = p / "ausgabe/2024"
    assert not (ausgabe / ".html-alt").exists() and not (ausgabe / ".html-alt").is_symlink()
    assert (p.parent / "fremd/wichtig.txt").read_text(encoding="utf-8") == "nicht löschen"
    assert "Testbericht" in (ausgabe / "html/index.html").read_text(encoding="utf-8")
    _nichts_ausfuehrbares(ausgabe / "html")

    from berichtsgen import build

    build(2024, p, formate=["html"])
    assert sorted(d.name for d in ausgabe.iterdir() if d.name.startswith(".")) == []


FAELLE = [
    # --- a linked file is published only if a browser runs nothing of it ----------------------
    Fall(
        "html-link-auf-html-mit-skript",
        _abgelehnt(
            _alles(
                _schreiben("inhalte/2024/anlagen/anlage.html", SKRIPT_HTML),
                _kapitel("Die [Anlage](anlagen/anlage.html) zum Bericht."),
            )
        ),
        r"inhalte/2024/03-fall\.md:5: Fehler: Link „anlagen/anlage\.html“: Dateien vom Typ „\.html“ werden "
        r"nicht veröffentlicht; sie können im Browser Skripte ausführen\. \[link-kaputt\] Verlinken Sie "
        r"die Datei als PDF, DOCX",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-auf-svg-mit-onload",
        _abgelehnt(
            _alles(
                _schreiben("plan.svg", SKRIPT_SVG),
                _kapitel("Text.\n\nSiehe den [Plan](../../plan.svg)."),
            )
        ),
        r"inhalte/2024/03-fall\.md:7: Fehler: Link „\.\./\.\./plan\.svg“: Dateien vom Typ „\.svg“ .*"
        r"Verlinken Sie ein Bild als PNG oder PDF\.",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-auf-svg-check",
        _alles(_schreiben("plan.svg", SKRIPT_SVG), _kapitel("Siehe den [Plan](../../plan.svg).")),
        r"inhalte/2024/03-fall\.md:5: Fehler: Link „\.\./\.\./plan\.svg“: Dateien vom Typ „\.svg“",
        befehl=CHECK,
    ),
    Fall(
        "html-pdf-das-eine-webseite-ist",
        _abgelehnt(
            _alles(
                _schreiben("inhalte/2024/anlage.pdf", SKRIPT_HTML),
                _kapitel("Die [Anlage](anlage.pdf)."),
            )
        ),
        r"03-fall\.md:5: Fehler: Link „anlage\.pdf“: die Datei endet auf „\.pdf“, ihr Inhalt ist aber kein PDF\. "
        r"\[link-kaputt\] Speichern Sie sie als PDF",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-csv-das-eine-webseite-ist",
        _abgelehnt(
            _alles(
                _schreiben("inhalte/2024/werte.csv", "\ufeff  " + SKRIPT_HTML),
                _kapitel("Die [Werte](werte.csv)."),
            )
        ),
        r"03-fall\.md:5: Fehler: Link „werte\.csv“: die Datei beginnt wie eine Webseite",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-skript-link-in-fussnote",  # footnotes were not checked at all, and copied
        _abgelehnt(
            _alles(
                _schreiben("inhalte/2024/anlage.html", SKRIPT_HTML),
                _kapitel("Text[^a].\n\n[^a]: Siehe die\n    [Anlage](anlage.html)."),
            )
        ),
        r"03-fall\.md:8: Fehler: Link „anlage\.html“: Dateien vom Typ „\.html“",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-skript-link-in-tabellenzelle",
        _abgelehnt(
            _alles(
                _schreiben("inhalte/2024/plan.svg", SKRIPT_SVG),
                _kapitel("| Plan | Stand |\n|---|---|\n| [Plan](plan.svg) | 2024 |"),
            )
        ),
        r"03-fall\.md:\d+: Fehler: Link „plan\.svg“: Dateien vom Typ „\.svg“",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-ohne-endung",
        _abgelehnt(_alles(_schreiben("inhalte/2024/LIESMICH", "Text"), _kapitel("[Lies mich](LIESMICH)"))),
        r"03-fall\.md:5: Fehler: Link „LIESMICH“: Dateien ohne Endung werden nicht veröffentlicht\.",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-auf-fifo",  # reading it would wait for ever
        _abgelehnt(
            _alles(
                lambda p: os.mkfifo(p / "inhalte/2024/rohr.pdf"),
                _kapitel("Die [Anlage](rohr.pdf)."),
            )
        ),
        r"03-fall\.md:5: Fehler: Link „rohr\.pdf“ führt zu keiner Datei im Projekt\.",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-verknuepft-nach-aussen",
        _abgelehnt(
            _alles(
                lambda p: (p.parent / "draussen.pdf").write_bytes(b"%PDF-1.7 fremd"),
                lambda p: _verknuepfung("inhalte/2024/anlage.pdf", str(p.parent / "draussen.pdf"))(p),
                _kapitel("Die [Anlage](anlage.pdf)."),
            )
        ),
        r"03-fall\.md:5: Fehler: Link „anlage\.pdf“ ist eine Verknüpfung, die aus dem Projekt hinausführt\.",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-verknuepft-auf-webseite",  # the type is that of the file the link leads to
        _abgelehnt(
            _alles(
                _schreiben("inhalte/2024/seite.html", SKRIPT_HTML),
                _verknuepfung("inhalte/2024/anlage.pdf", "seite.html"),
                _kapitel("## Die [Anlage](anlage.pdf)"),
            )
        ),
        r"03-fall\.md:5: Fehler: Link „anlage\.pdf“: Dateien vom Typ „\.html“ werden nicht veröffentlicht",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    # --- names of copied files ------------------------------------------------------------------
    Fall(
        "html-dateinamen-kollidieren",  # endless loop before
        _alles(
            _schreiben("inhalte/2024/a/x.pdf", PDF + b"a/x"),
            _schreiben("inhalte/2024/a/2-x.pdf", PDF + b"a/2-x"),
            _schreiben("inhalte/2024/b/x.pdf", PDF + b"b/x"),
            _kapitel("Siehe [eins](a/x.pdf), [zwei](a/2-x.pdf) und [drei](b/x.pdf)."),
        ),
        r"Geschrieben: ausgabe/2024/html/index\.html",
        code=0,
        befehl=HTML,
        pruefen=_drei_namen,
    ),
    Fall(
        "html-umlaut-und-leerzeichen",  # refused before: the target stayed percent-encoded
        _alles(
            _schreiben("inhalte/2024/Übersicht 2024.pdf", PDF),
            _schreiben("inhalte/2024/Karte Süd.png", _png()),
            _kapitel("Die [Übersicht](<Übersicht 2024.pdf#page=2>) und die [Karte](Karte%20S%C3%BCd.png)."),
        ),
        r"Geschrieben: ausgabe/2024/html/index\.html",
        code=0,
        befehl=HTML,
        pruefen=_umlaut_und_leerzeichen,
    ),
    Fall(
        "bild-umlaut-und-leerzeichen",  # the same encoding in a Markdown image
        _alles(
            _schreiben("inhalte/2024/Karte Süd.png", _png()),
            _kapitel('![Karte des Südens](<Karte Süd.png> "Karte Süd")\n\n:quelle: Eigene Aufnahme'),
        ),
        r"Geschrieben: ausgabe/2024/html/index\.html",
        code=0,
        befehl=HTML,
        pruefen=lambda p, _a: _nichts_ausfuehrbares(p / "ausgabe/2024/html"),
    ),
    Fall(
        "html-link-kodiert-nach-aussen",  # decoded once, then it must stay inside the project
        _abgelehnt(_kapitel("[Name](%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/hostname)")),
        r"03-fall\.md:5: Fehler: Link „\.\./\.\./\.\./\.\./\.\./\.\./etc/hostname“ führt zu keiner Datei im "
        r"Projekt\.",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-doppelt-kodiert",  # %252E is "%2E" once decoded: a name, not a way up
        _abgelehnt(
            _alles(_schreiben("x.pdf", PDF), _kapitel("[Name](%252E%252E/%252E%252E/x.pdf)")),
        ),
        r"03-fall\.md:5: Fehler: Link „%2E%2E/%2E%2E/x\.pdf“ führt zu keiner Datei im Projekt\.",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-mit-steuerzeichen",  # decoded, a line break or U+202E would reach the message
        _abgelehnt(_kapitel("[Name](anlage%0Agnp%E2%80%AE.pdf)")),
        r"03-fall\.md:5: Fehler: Link „anlage%0Agnp%E2%80%AE\.pdf“ führt zu keiner Datei im Projekt\.",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    # --- a link to a folder ---------------------------------------------------------------------
    Fall(
        "html-link-auf-ordner",  # passed check, then "nicht barrierefrei … bitte melden"
        _abgelehnt(_kapitel("Alle [Daten](daten).")),
        r"inhalte/2024/03-fall\.md:5: Fehler: Link „daten“ führt zu einem Ordner; verlinken lassen sich nur "
        r"Dateien\. \[link-kaputt\] Verlinken Sie eine Datei darin, oder packen Sie den Ordner als ZIP-Datei",
        befehl=HTML,
        pruefen=_alte_fassung_steht,
    ),
    Fall(
        "html-link-auf-ordner-check",
        _kapitel("Alle [Daten](daten/)."),
        r"inhalte/2024/03-fall\.md:5: Fehler: Link „daten/“ führt zu einem Ordner",
        befehl=CHECK,
    ),
    # --- the output folder ------------------------------------------------------------------------
    Fall(
        "html-ausgabe-ist-symlink",
        _alles(
            _schreiben("../webserver/index.html", ALTE_FASSUNG),
            lambda p: _verknuepfung("ausgabe/2024/html", str(p.parent / "webserver"))(p),
        ),
        r"ausgabe/2024/html: Fehler: Der Ordner der HTML-Fassung ist eine Verknüpfung \(symbolischer Link\); "
        r"berichtsgen schreibt nicht durch sie hindurch\. Entfernen Sie die Verknüpfung",
        befehl=HTML,
        pruefen=_symlink_bleibt,
    ),
    Fall(
        "html-rest-alt-als-symlink",  # made every later HTML build fail
        _alles(
            _alte_fassung,
            _schreiben("../fremd/wichtig.txt", "nicht löschen"),
            lambda p: _verknuepfung("ausgabe/2024/.html-alt", str(p.parent / "fremd"))(p),
        ),
        r"Geschrieben: ausgabe/2024/html/index\.html",
        code=0,
        befehl=HTML,
        pruefen=_rest_entfernt,
    ),
    Fall(
        "html-rest-alt-als-datei",
        _alles(
            _alte_fassung,
            _schreiben("../fremd/wichtig.txt", "nicht löschen"),
            _schreiben("ausgabe/2024/.html-alt", "Rest"),
        ),
        r"Geschrieben: ausgabe/2024/html/index\.html",
        code=0,
        befehl=HTML,
        pruefen=_rest_entfernt,
    ),
    # --- links that would run script or open the reader's files: refused, not left as text ----
    *(
        Fall(
            f"link-aktiv-{name}",
            _abgelehnt(_kapitel(text)),
            r"03-fall\.md:\d+: Fehler: Link „" + ziel + r"“ würde beim Anklicken ein Skript ausführen",
            befehl=befehl,
            pruefen=_alte_fassung_steht,
        )
        for name, text, ziel, befehl in (
            (
                "javascript",
                "Ein [Klick](javascript:alert(document.cookie)).",
                r"javascript:alert\(document\.cookie\)",
                HTML,
            ),
            ("gross-geschrieben", "Ein [Klick](JavaScript:alert(1)).", r"JavaScript:alert\(1\)", HTML),
            ("autolink", "Siehe <vbscript:msgbox>.", r"vbscript:msgbox", HTML),
            (
                "datei-des-lesers",
                "Die [Akte](file:///C:/Users/akte.pdf).",
                r"file:///C:/Users/akte\.pdf",
                HTML,
            ),
            ("daten-in-fussnote", "Text[^1].\n\n[^1]: [Hier](data:text/html,x).", r"data:text/html,x", HTML),
            (
                "tabellenzelle-docx",
                "| A |\n|---|\n| [x](javascript:x) |",
                r"javascript:x",
                ("build", "2024", "--format", "docx"),
            ),
            ("check", "Ein [Klick](javascript:alert(1)).", r"javascript:alert\(1\)", CHECK),
        )
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_html_robust(fall: Fall, mini: Path, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)
