"""The HTML edition, read as a browser and a screen reader would get it (no browser here: that is
tests/e2e/test_html_browser.py)."""

import errno
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest

from berichtsgen import build
from berichtsgen.export.html_pruefen import ausfuehrbares, html_pruefen
from hilfen import STANDARDVORLAGE, einstellen


def _seite(datei: Path):
    return lxml.html.parse(str(datei)).getroot()


def _text(e) -> str:
    return " ".join(e.text_content().split())


@pytest.fixture
def html(mini: Path) -> Path:
    (ergebnis,) = build(2024, mini, formate=["html"]).dateien
    return ergebnis


def test_html_fassung_startseite_und_eine_seite_je_kapitel(html: Path, mini: Path):
    assert html == mini / "ausgabe" / "2024" / "html"
    seiten = sorted(p.name for p in html.glob("*.html"))
    assert seiten == ["01-einleitung.html", "02-handlungsfeld-a-sprache.html", "index.html"]
    start = _seite(html / "index.html")
    assert start.get("lang") == "de"
    assert start.findtext(".//title") == "Testbericht"
    assert _text(start.find(".//h1")) == "Testbericht"
    assert "Stadt Musterstadt" in _text(start.find(".//dl"))
    inhalt = [(_text(a), a.get("href")) for a in start.xpath("//nav[@class='inhaltsverzeichnis']//a")]
    assert inhalt[0] == ("Einleitung", "01-einleitung.html#abschnitt-1")
    assert ("Handlungsfeld A: Sprache", "02-handlungsfeld-a-sprache.html#abschnitt-3") in inhalt
    kapitel = _seite(html / "01-einleitung.html")
    assert kapitel.findtext(".//title") == "Einleitung – Testbericht"
    blaettern = {a.get("rel"): a.get("href") for a in kapitel.xpath("//nav[@class='blaettern']//a[@rel]")}
    assert blaettern == {"prev": "index.html", "next": "02-handlungsfeld-a-sprache.html"}
    assert html_pruefen(html) == []


def test_tabelle_mit_beschriftung_kopfzellen_zahlen_rechts_und_quelle(html: Path):
    seite = _seite(html / "01-einleitung.html")
    (tabelle,) = seite.xpath("//table[@id='_RefTabelle1']")
    assert _text(tabelle.find("caption")) == "Tabelle 1: Einwohner nach Bezirk"
    kopf = tabelle.xpath("./thead//th")
    assert [_text(th) for th in kopf] == ["Bezirk", "Einwohner", "Anteil (in %)", "Fläche"]
    assert {th.get("scope") for th in kopf} == {"col"}
    zeilen = [[_text(z) for z in tr] for tr in tabelle.xpath("./tbody/tr")]
    assert zeilen[0] == ["Nord", "12.345", "60,7", "–"]  # German number format, as printed in Word
    assert zeilen[1] == ["Süd", "8.000", "39,3", "4,25"]
    assert [z.get("scope") for z in tabelle.xpath("./tbody/tr/th")] == ["row"] * 3
    assert tabelle.xpath("./tbody/tr[1]/td")[0].get("class") == "rechts"
    assert tabelle.xpath("./tbody/tr[last()]")[0].get("class") == "summe"
    quelle = tabelle.getparent().getnext()
    assert _text(quelle) == "Quelle: Statistikstelle Musterstadt; Stichtag: 31.12.2023"


def test_abbildung_mit_bild_alternativtext_beschriftung_und_quelle(html: Path):
    seite = _seite(html / "01-einleitung.html")
    (figur,) = seite.xpath("//figure[@id='_RefAbbildung1']")
    bild = figur.find("img")
    assert bild.get("alt") == "Säulendiagramm: Einwohner nach Bezirk; Nord 12.345, Süd 8.000."
    assert (html / bild.get("src")).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _text(figur.find("figcaption")).startswith("Abbildung 1: Einwohner nach Bezirk")
    assert _text(figur.find("figcaption/span[@class='quelle']")) == "Quelle: Eigene Darstellung"


def test_querverweise_und_fussnoten_als_links(html: Path):
    seite = _seite(html / "01-einleitung.html")
    absatz = seite.xpath("//main//p")[0]
    verweise = {_text(a): a.get("href") for a in absatz.xpath(".//a")}
    assert verweise["Tabelle 1"] == "01-einleitung.html#_RefTabelle1"
    assert verweise["Abbildung 1"] == "01-einleitung.html#_RefAbbildung1"
    assert verweise["1"] == "#fn-1"
    (note,) = seite.xpath("//section[@class='fussnoten']//li")
    assert note.get("id") == "fn-1" and "Stand 31.12.2023." in _text(note)
    assert note.xpath(".//a[@href='#fnref-1']")
    assert seite.xpath("//*[@id='fnref-1']")


def test_markdown_tabelle_mit_nummer_und_verzeichnisse_auf_der_startseite(html: Path):
    seite = _seite(html / "02-handlungsfeld-a-sprache.html")
    (tabelle,) = seite.xpath("//table")
    assert _text(tabelle.find("caption")) == "Tabelle 2: Sprachkurse"
    assert [_text(z) for z in tabelle.xpath("./tbody/tr/*")] == ["Kurse", "12"]
    start = _seite(html / "index.html")
    listen = {_text(s.find("h2")): [_text(a) for a in s.xpath(".//a")] for s in start.xpath("//section")}
    assert listen["Tabellenverzeichnis"] == ["Tabelle 1: Einwohner nach Bezirk", "Tabelle 2: Sprachkurse"]
    assert listen["Abbildungsverzeichnis"] == ["Abbildung 1: Einwohner nach Bezirk"]


def test_abkuerzungen_als_abbr(mini: Path):
    kapitel = mini / "inhalte" / "2024" / "01-einleitung.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8").replace(
            "---\n\n", "abkuerzungen:\n  VHS: Volkshochschule\n---\n\nDie VHS bietet Kurse an.\n\n", 1
        ),
        encoding="utf-8",
    )
    (html,) = build(2024, mini, formate=["html"]).dateien
    abkuerzungen = _seite(html / "01-einleitung.html").xpath("//abbr")
    assert [(a.text, a.get("title")) for a in abkuerzungen] == [("VHS", "Volkshochschule")]


def test_alles_auf_einer_seite(mini: Path):
    einstellen(mini, 'html_seiten = "eine"')
    (html,) = build(2024, mini, formate=["html"]).dateien
    assert sorted(p.name for p in html.glob("*.html")) == ["index.html"]
    seite = _seite(html / "index.html")
    ebenen = [h.tag for h in seite.xpath("//main//h1|//main//h2|//main//h3")]
    assert ebenen[0] == "h1" and ebenen.count("h1") == 1  # the title; chapters one level below
    assert "h2" in ebenen and seite.xpath("//a[@href='index.html#_RefTabelle2']")
    assert html_pruefen(html) == []


def test_farben_aus_den_einstellungen_mit_kontrast(mini: Path):
    from berichtsgen.kontrast import kontrast

    einstellen(mini, 'farben = ["#3399CC", "#B3541E"]')  # 3.2:1 is enough for bars, not for text
    (html,) = build(2024, mini, formate=["html"]).dateien
    css = (html / "stil.css").read_text(encoding="utf-8")
    akzent = css.split("--akzent: ", 1)[1][:7]
    assert akzent != "#3399CC" and kontrast(akzent) >= 4.5
    assert "@media print" in css


def test_statistikamt_und_fremde_vorlage(amt: Path):
    """Exports of statistics offices with signs and notes, pandoc's reference.docx."""
    (html,) = build(2023, amt, formate=["html"]).dateien
    assert html_pruefen(html) == []
    seite = _seite(html / "01-leistungen-nach-dem-sgb-ii.html")
    zellen = [_text(td) for td in seite.xpath("//td[@class='rechts']")]
    for zeichen in (".", "x", "–", "(1,1)"):  # the office's signs stay as printed in Word
        assert zeichen in zellen
    anmerkungen = [_text(p) for p in seite.xpath("//p[@class='quelle anmerkung']")]
    assert "1) vorläufige Werte" in anmerkungen
    assert any(a.startswith("Zeichenerklärung: – = nichts vorhanden; . = Zahlenwert") for a in anmerkungen)


def test_zwei_baue_schreiben_dieselbe_html_fassung(amt: Path, tmp_path: Path):
    """The web edition is reproducible: built twice, every file holds the same bytes (an unnumbered
    table – the generated list of data sources – took its id from the Python object's address)."""
    fassungen = []
    for n in range(2):
        (html,) = build(2023, amt, formate=["html"], ausgabe=tmp_path / str(n)).dateien
        fassungen.append(
            {d.relative_to(html): d.read_bytes() for d in sorted(html.rglob("*")) if d.is_file()}
        )
    assert fassungen[0] == fassungen[1]
    quellen = fassungen[0][Path("02-anhang-a-datenquellen.html")].decode()
    assert 'aria-labelledby="tabelle-1-titel"' in quellen


def test_fehlgeschlagener_bau_laesst_die_letzte_html_fassung_stehen(mini: Path):
    (html,) = build(2024, mini, formate=["html"]).dateien
    vorher = (html / "01-einleitung.html").read_bytes()
    kapitel = mini / "inhalte" / "2024" / "01-einleitung.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8") + "\n```{tabelle} gibtsnicht\n```\n", encoding="utf-8"
    )
    with pytest.raises(Exception):  # noqa: B017 - any error; what matters is the old edition
        build(2024, mini, formate=["html"])
    assert (html / "01-einleitung.html").read_bytes() == vorher


def test_pruefung_findet_maengel(tmp_path: Path):
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html><head></head><body><main>"
        "<h1 id='a'>T</h1><h3 id='a'>U</h3><img src='x.png'>"
        "<table><tr><td>1</td></tr></table><a href='fehlt.html'>x</a><a href='#nirgends'>y</a>"
        "</main></body></html>",
        encoding="utf-8",
    )
    probleme = html_pruefen(tmp_path)
    for erwartet in (
        "ohne lang",
        "kein <title>",
        "id „a“ mehrfach",
        "ohne Alternativtext",
        "ohne <caption>",
        "ohne Kopfzellen",
        "(h3) folgt auf h1",
        "fehlende Datei fehlt.html",
        "fehlenden Anker index.html#nirgends",
        "Datei x.png fehlt",
    ):
        assert any(erwartet in p for p in probleme), (erwartet, probleme)


def test_verlinkte_projektdateien_reisen_mit(mini: Path):
    """A link to a file of the project works in the published folder: the file is copied along."""
    (mini / "inhalte" / "2024" / "anlage.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    kapitel = mini / "inhalte" / "2024" / "01-einleitung.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8").replace(
            "[^1]: Stand 31.12.2023.", "Die Daten als [Tabelle](anlage.csv).\n\n[^1]: Stand 31.12.2023."
        ),
        encoding="utf-8",
    )
    (html,) = build(2024, mini, formate=["html"]).dateien
    (a,) = _seite(html / "01-einleitung.html").xpath("//a[text()='Tabelle']")
    assert a.get("href") == "dateien/anlage.csv"
    assert (html / "dateien" / "anlage.csv").read_text(encoding="utf-8") == "a;b\n1;2\n"
    assert html_pruefen(html) == []


def test_unbedenkliche_dateien_reisen_mit_unter_eigenem_namen(mini: Path):
    """Documents, tables, pictures and archives are copied; an ending in capitals becomes small and
    dots inside the name dashes ("bericht.php.pdf" would run as PHP on some servers)."""
    from PIL import Image

    anlagen = mini / "inhalte" / "2024" / "anlagen"
    anlagen.mkdir()
    (anlagen / "bericht.php.PDF").write_bytes(b"%PDF-1.7\n%%EOF\n")
    shutil.copy(STANDARDVORLAGE, anlagen / "vorlage.docx")
    Image.new("RGB", (4, 4)).save(anlagen / "foto.jpg")
    Image.new("RGB", (4, 4)).save(anlagen / "bild.gif")
    with zipfile.ZipFile(anlagen / "daten.zip", "w") as z:
        z.writestr("a.csv", "a;b\n")
    (anlagen / "liesmich.txt").write_text("Zum Lesen.\n", encoding="utf-8")
    links = "\n".join(
        f"[{name}](anlagen/{name})"
        for name in ("bericht.php.PDF", "vorlage.docx", "foto.jpg", "bild.gif", "daten.zip", "liesmich.txt")
    )
    kapitel = mini / "inhalte" / "2024" / "01-einleitung.md"
    kapitel.write_text(
        kapitel.read_text(encoding="utf-8").replace("[^1]: Stand", links + "\n\n[^1]: Stand"),
        encoding="utf-8",
    )
    (html,) = build(2024, mini, formate=["html"]).dateien
    hrefs = [
        a.get("href")
        for a in _seite(html / "01-einleitung.html").xpath("//a[starts-with(@href, 'dateien/')]")
    ]
    assert hrefs == [
        "dateien/bericht-php.pdf",
        "dateien/vorlage.docx",
        "dateien/foto.jpg",
        "dateien/bild.gif",
        "dateien/daten.zip",
        "dateien/liesmich.txt",
    ]
    assert (html / "dateien" / "bericht-php.pdf").read_bytes() == b"%PDF-1.7\n%%EOF\n"
    assert ausfuehrbares(html) == []


def test_ausfuehrbares_findet_skript_ereignisse_und_aktive_adressen(html: Path):
    """The last guard before the edition is written: whatever got in, the build would refuse it."""
    assert ausfuehrbares(html) == []
    seite = html / "01-einleitung.html"
    text = seite.read_text(encoding="utf-8")
    seite.write_text(
        text.replace(
            "</main>",
            '<script>alert(1)</script><img src="bilder/x.png" alt="x" onerror="alert(2)">'
            '<a href=" JaVa&#9;Script:alert(3)">a</a><a href="data:text/html,<script>">b</a>'
            '<meta http-equiv="refresh" content="0;url=https://example.org"></main>',
        ),
        encoding="utf-8",
    )
    (html / "dateien").mkdir()
    (html / "dateien" / "plan.svg").write_text('<svg onload="alert(4)"/>', encoding="utf-8")
    (html / "dateien" / "anlage.pdf").write_text("<html><script>alert(5)</script>", encoding="utf-8")
    (html / "stil.css").write_text("body { background: url(https://example.org/x.png) }", encoding="utf-8")
    assert ausfuehrbares(html) == [
        "01-einleitung.html: Element <script>",
        "01-einleitung.html: Ereignis onerror an <img>",
        "01-einleitung.html: Adresse javascript: in href an <a>",
        "01-einleitung.html: Adresse data: in href an <a>",
        '01-einleitung.html: <meta http-equiv="refresh">',
        "dateien/anlage.pdf: keine unbedenkliche Datei",
        "dateien/plan.svg: keine unbedenkliche Datei",
        "stil.css: Stil lädt etwas nach",
    ]


def test_ersetzen_stellt_die_alte_fassung_wieder_her(tmp_path: Path, monkeypatch):
    """If the new edition cannot be put in place, the old one goes back where it was."""
    from berichtsgen.darstellung import html as html_modul

    ziel, neu = tmp_path / "html", tmp_path / "arbeit" / "html"
    ziel.mkdir()
    (ziel / "index.html").write_text("alt", encoding="utf-8")
    neu.mkdir(parents=True)
    (neu / "index.html").write_text("neu", encoding="utf-8")
    umbenennen = Path.rename

    def scheitert(self: Path, wohin):
        if self == neu:
            raise OSError(errno.ENOSPC, "No space left on device")
        return umbenennen(self, wohin)

    monkeypatch.setattr(Path, "rename", scheitert)
    with pytest.raises(OSError):
        html_modul.ersetzen(neu, ziel)
    assert (ziel / "index.html").read_text(encoding="utf-8") == "alt"
    monkeypatch.setattr(Path, "rename", umbenennen)
    html_modul.ersetzen(neu, ziel)
    assert (ziel / "index.html").read_text(encoding="utf-8") == "neu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arbeit", "html"]
    assert list((tmp_path / "arbeit").iterdir()) == []


def test_namen_in_dateien_verschieden_auch_fuer_server_ohne_gross_und_klein():
    from berichtsgen.darstellung.html import _freier_name

    vergeben: set[str] = set()
    quellen = ["a/Plan.pdf", "b/plan.PDF", "c/U\u0308bersicht.pdf", "d/\u00dcbersicht.pdf", "e/x.php.pdf"]
    namen = [_freier_name(Path(q), vergeben) for q in quellen]
    assert namen == ["Plan.pdf", "plan-2.pdf", "\u00dcbersicht.pdf", "\u00dcbersicht-2.pdf", "x-php.pdf"]
    lang = _freier_name(Path("ä" * 200 + ".pdf"), vergeben)
    assert len(lang.encode()) <= 255 - len("-99") and lang.endswith(".pdf")


@pytest.mark.parametrize(
    "quelle, name",
    [
        ("CON.pdf", "CON-datei.pdf"),
        ("nul.txt", "nul-datei.txt"),
        ("Lpt1.csv", "Lpt1-datei.csv"),
        ("Con-Anlage.pdf", "Con-Anlage.pdf"),
        ("fdp\u202excod.pdf", "fdpxcod.pdf"),
    ],
)
def test_namen_in_dateien_halten_auf_windows(quelle: str, name: str):
    """Windows' device names and invisible formatting characters never become a name in dateien/."""
    from berichtsgen.darstellung.html import _freier_name

    assert _freier_name(Path(quelle), set()) == name


def test_unbekannte_art_und_fehlendes_ergebnis_fallen_auf():
    """The web edition never drops a block silently: a kind its template does not know, or a
    table or chart placed without its result, is a defect that stops the build (the Word renderer
    does the same); a page break, which a web page does not have, is left out on purpose."""
    from berichtsgen.darstellung import html
    from berichtsgen.fehler import Ort
    from berichtsgen.inhalt.modell import DiagrammPlatz, Optionen, Seitenumbruch, TabellenPlatz

    makros = html._umgebung().get_template("bloecke.html.j2").module

    class NeueArt:
        pass

    with pytest.raises(TypeError, match="NeueArt"):
        makros.block(NeueArt(), 0)
    with pytest.raises(TypeError, match="NeueArt"):
        makros.inline([NeueArt()])
    for platz in (
        TabellenPlatz("t", Optionen(), Ort("a.md", 3)),
        DiagrammPlatz("d", Optionen(), Ort("a.md", 5)),
    ):
        with pytest.raises(TypeError, match="ohne berechnetes Ergebnis"):
            makros.block(platz, 0)
    assert str(makros.block(Seitenumbruch(Ort("a.md", 7)), 0)).strip() == ""
