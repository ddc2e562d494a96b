"""`berichtsgen merge`: a review copy back from a department (issue 23, points 4 and 5).

The returns are the review copies of the example, edited the way Word writes a reviewer's work
(tests/rueckgabe.py: tracked insertion inside a bold run, tracked deletion, a split paragraph, an
edit of a printed value, a caption edit, an edit without tracking, a point comment, a reply, a
resolved comment) – and the same file after LibreOffice saved it again, which many departments'
office suites do. The diff each must give is written out in full (a blank context line of the
diff is "\\x20": a space alone on a line)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berichtsgen.bau import review
from berichtsgen.export.libreoffice import nach_docx
from berichtsgen.fehler import EinstellungsFehler, InhaltsFehler
from berichtsgen.ruecklauf import VERWEIS, WERT, klartext, lesen, merge, uebertragen
from hilfen import REPO, beispiel_kopieren
from rueckgabe import Rueckgabe

KAPITEL = ["03-datenlage", "04-handlungsfeld-a", "07-handlungsfeld-d"]
FIXTURES = REPO.parent / "shared" / "fixtures" / "docx"
ECHT = pytest.mark.skipif(not FIXTURES.is_dir(), reason="the shared Word fixtures are not on this machine")


@pytest.fixture(scope="module")
def gesendet(tmp_path_factory) -> tuple[Path, Path]:
    """The example project and the review copy it sent to FB 50."""
    projekt = beispiel_kopieren(tmp_path_factory.mktemp("ruecklauf") / "projekt")
    durchsicht = review(2019, KAPITEL, projekt, an="FB 50")
    return projekt, durchsicht.datei


def _bearbeitet(durchsicht: Path, ziel: Path) -> Path:
    """What the reviewer of FB 50 sends back."""
    r = Rueckgabe(durchsicht)
    r.einfuegen("Mustertext – für dieses", "Mustertext", " (Entwurf)")  # inside the bold run
    r.teilen("Die folgenden Angaben", "Zum ")  # Enter before "Zum"
    r.loeschen("Nach den Ergebnissen", "50.940")  # a printed value ...
    r.einfuegen("Nach den Ergebnissen", "hatten ", "50.941")  # ... typed over
    r.einfuegen("Tabelle 2: Geflüchtete", "Geflüchtete Personen", " (gesamt)")  # a caption
    r.ohne_verfolgung("Daten werden zusammengeführt", "Daten werden", "Die Daten werden")
    r.loeschen("weitere Verknüpfung", "weitere ")  # in a list item
    r.einfuegen("Die Werte des Diagramms", "damit alle", " sechs")  # the editor changes this one too
    k = r.kommentieren("Zusammenführen der Bedarfslagen", "Bedarfserhebung", "Bitte Stand 2019 ergänzen.")
    r.kommentieren(
        "Zusammenführen der Bedarfslagen",
        "Bedarfserhebung",
        "Ist beauftragt.",
        autor="Bernd Meier",
        antwort_auf=k,
    )
    r.kommentieren("Zensus 2011", "Zensus", "Quelle geprüft.", erledigt=True)
    return r.speichern(ziel)


ERWARTETER_DIFF = """\
--- a/inhalte/2019/03-datenlage.md
+++ b/inhalte/2019/03-datenlage.md
@@ -5,7 +5,9 @@
\x20
 Die folgenden Angaben stammen aus dem Sozialbericht der Statistikstelle, aus dem Zensus 2011 und aus
 der Statistik zu geflüchteten Personen. [](#sozialbericht) zeigt die Entwicklung der Bevölkerung und
-der Anteile von Personen mit ausländischer oder doppelter Staatsangehörigkeit[^doppelstaater]. Zum
+der Anteile von Personen mit ausländischer oder doppelter Staatsangehörigkeit[^doppelstaater].
+
+Zum
 {{ wert("bevoelkerung_stichtag") }} lebten {{ wert("bevoelkerung") | zahl }} Menschen in Leverkusen.
\x20
 ```{tabelle} sozialbericht
--- a/inhalte/2019/04-handlungsfeld-a.md
+++ b/inhalte/2019/04-handlungsfeld-a.md
@@ -3,7 +3,7 @@
 titel: Sprache / Sprachförderung
 ---
\x20
-> **Mustertext** – für dieses Handlungsfeld liegen in den Ausgangsunterlagen nur der Titel vor.
+> **Mustertext (Entwurf)** – für dieses Handlungsfeld liegen in den Ausgangsunterlagen nur der Titel vor.
 > Die Redaktion ersetzt diesen Abschnitt durch die Ergebnisse und nächsten Schritte.
\x20
 Dieses Kapitel beschreibt die Ziele des Handlungsfeldes „Sprache / Sprachförderung“, die seit Januar 2018 erreichten
--- a/inhalte/2019/07-handlungsfeld-d.md
+++ b/inhalte/2019/07-handlungsfeld-d.md
@@ -5,7 +5,7 @@
\x20
 ## Ergebnisse und nächste Schritte
\x20
-Daten werden zusammengeführt und der Bedarf an Wohnraum wird erhoben, mit dem Ziel, beides in den
+Die Daten werden zusammengeführt und der Bedarf an Wohnraum wird erhoben, mit dem Ziel, beides in den
 Gesamtprozess Stadtentwicklung und Schaffung von Wohnraum einzubetten. [](#wohnungssuchende) zeigt die
 wohnungssuchenden Haushalte unter Neuzugewanderten nach der Zahl der Personen im Haushalt.
\x20
@@ -23,7 +23,7 @@
\x20
 - Zusammenführen der Bedarfslagen / Bedarfserhebung, auch zu den Auszügen Neuzugewanderter in
   private Wohnungen
-- weitere Verknüpfung mit Quartiers- und Stadtteilentwicklung, z. B. Projekt „Quartierslotsinnen
+- Verknüpfung mit Quartiers- und Stadtteilentwicklung, z. B. Projekt „Quartierslotsinnen
   und -lotsen“ (Fachbereich Soziales)
 - Fortbestand und Weiterentwicklung des Leverkusener Modells zur Unterbringung von Geflüchteten
\x20
"""

NICHT_UEBERNOMMEN = {
    (
        "merge-wert",
        "inhalte/2019/03-datenlage.md:17",
        "Der Wert „50.940“ → „50.941“ ist berechnet und nicht übernommen (Wert-Funktion "
        "„zensus_migrationshintergrund“ in berechnungen.py:72; Daten: inhalte/2019/daten/zensus_2011.csv).",
    ),
    (
        "merge-berechnet",
        "inhalte/2019/03-datenlage.md:25",
        "„Personen nach“ → „Personen (gesamt) nach“ in berechnetem Inhalt, nicht übernommen "
        "(Tabellen-Funktion „gefluechtete“ in berechnungen.py:27; Daten: daten/gefluechtete.csv).",
    ),
    (
        "merge-konflikt",
        "inhalte/2019/07-handlungsfeld-d.md:15",
        "Konflikt: der Absatz „Die Werte des Diagramms stehen in Tabel…“ wurde seit der Durchsicht im "
        "Kapitel geändert; die Änderung des Rücklaufs („alle Haushaltsgrößen“ → „alle sechs "
        "Haushaltsgrößen“) ist nicht übernommen.",
    ),
}


def _nach_review_geaendert(projekt: Path) -> None:
    """The editor works on one paragraph while the copy is out (the reviewer edits it too)."""
    kapitel = projekt / "inhalte/2019/07-handlungsfeld-d.md"
    text = kapitel.read_text(encoding="utf-8")
    kapitel.write_text(
        text.replace("die Tabelle ist quer gesetzt,", "die Tabelle steht quer,"), encoding="utf-8"
    )


def _kopie(gesendet: tuple[Path, Path], ziel: Path) -> Path:
    projekt, _ = gesendet
    shutil.copytree(projekt, ziel)
    return ziel


def _kapitelbytes(projekt: Path) -> dict[str, bytes]:
    return {d.name: d.read_bytes() for d in sorted((projekt / "inhalte/2019").glob("*.md"))}


def _nicht_uebernommen(ergebnis) -> set[tuple[str, str, str]]:
    return {(b.regel, str(b.ort), b.meldung) for b in ergebnis.befunde if b.regel != "merge-unverfolgt"}


def _kommentare(ergebnis) -> list[tuple]:
    return sorted(
        (s.autor, s.datum, s.text, s.bezug, s.datei, s.zeile, s.antwort_auf is not None, s.erledigt)
        for s in ergebnis.kommentare
    )


ERWARTETE_KOMMENTARE = sorted(
    [
        ("Anna Schmidt", "02.12.2026", "Bitte Stand 2019 ergänzen.", "Bedarfserhebung",
         "inhalte/2019/07-handlungsfeld-d.md", 24, False, False),
        ("Bernd Meier", "02.12.2026", "Ist beauftragt.", "Bedarfserhebung",
         "inhalte/2019/07-handlungsfeld-d.md", 24, True, False),
        ("Anna Schmidt", "02.12.2026", "Quelle geprüft.", "Zensus", "inhalte/2019/03-datenlage.md", 14, False, True),
    ]
)  # fmt: skip


def test_merge_traegt_die_aenderungen_ein_wie_word_sie_schreibt(gesendet, tmp_path: Path):
    projekt = _kopie(gesendet, tmp_path / "projekt")
    _nach_review_geaendert(projekt)
    rueck = _bearbeitet(gesendet[1], tmp_path / "ruecklauf-fb50.docx")
    vorher = _kapitelbytes(projekt)

    ansicht = merge(2019, rueck, projekt)  # without schreiben: shown, nothing written
    assert ansicht.diff == ERWARTETER_DIFF
    assert _nicht_uebernommen(ansicht) == NICHT_UEBERNOMMEN
    unverfolgt = [b for b in ansicht.befunde if b.regel == "merge-unverfolgt"]
    assert [(str(b.ort), b.meldung) for b in unverfolgt] == [
        (
            "inhalte/2019/07-handlungsfeld-d.md:8",
            "„Daten“ → „Die Daten“ ohne Änderungsverfolgung bearbeitet; übernommen, bitte prüfen.",
        )
    ]
    assert _kommentare(ansicht) == ERWARTETE_KOMMENTARE
    assert _kapitelbytes(projekt) == vorher and not ansicht.geschrieben
    assert not list((projekt / "beitraege/2019/durchsicht").glob("*.ruecklauf.*"))

    geschrieben = merge(2019, rueck, projekt, schreiben=True)
    assert geschrieben.geschrieben and geschrieben.diff == ERWARTETER_DIFF
    nachher = _kapitelbytes(projekt)
    assert {n for n in nachher if nachher[n] != vorher[n]} == {
        "03-datenlage.md",
        "04-handlungsfeld-a.md",
        "07-handlungsfeld-d.md",
    }
    protokoll = json.loads(geschrieben.protokoll.read_text(encoding="utf-8"))
    assert protokoll["sha256"] == hashlib.sha256(rueck.read_bytes()).hexdigest()
    assert protokoll["geaendert"] == [f"inhalte/2019/{k}.md" for k in KAPITEL]
    assert (
        geschrieben.protokoll.parent / f"{geschrieben.kennung}.ruecklauf.docx"
    ).read_bytes() == rueck.read_bytes()

    zensus = next(k for k in protokoll["kommentare"] if k["bezug"] == "Zensus")
    assert zensus["zeile"] == 16  # as the chapter reads now (the split paragraph is two lines more)
    assert (projekt / zensus["datei"]).read_text(encoding="utf-8").splitlines()[15] == "## Zensus 2011"

    zweimal = merge(2019, rueck, projekt, schreiben=True)  # the same file once more
    assert zweimal.schon == protokoll["zusammengefuehrt"] and not zweimal.geschrieben
    assert _kapitelbytes(projekt) == nachher


def test_ein_unbearbeiteter_ruecklauf_aendert_kein_byte(gesendet, tmp_path: Path):
    projekt = _kopie(gesendet, tmp_path / "projekt")
    vorher = _kapitelbytes(projekt)
    ergebnis = merge(2019, gesendet[1], projekt, schreiben=True)
    assert ergebnis.diff == "" and ergebnis.befunde == [] and ergebnis.kommentare == []
    assert _kapitelbytes(projekt) == vorher


def test_nach_libreoffice_derselbe_diff(gesendet, tmp_path: Path):
    """The return saved again by LibreOffice merges to the same diff, the same findings and the
    same comments (with the same names, though LibreOffice numbers comments anew)."""
    projekt = _kopie(gesendet, tmp_path / "projekt")
    _nach_review_geaendert(projekt)
    rueck = _bearbeitet(gesendet[1], tmp_path / "ruecklauf.docx")
    wieder = nach_docx(rueck, tmp_path / "libreoffice")
    assert wieder != rueck
    with zipfile.ZipFile(wieder) as z:
        assert b"LibreOffice" in z.read("docProps/app.xml")  # really LibreOffice's file
    direkt, ueber_lo = merge(2019, rueck, projekt), merge(2019, wieder, projekt)
    assert ueber_lo.diff == direkt.diff == ERWARTETER_DIFF
    assert _nicht_uebernommen(ueber_lo) == NICHT_UEBERNOMMEN
    assert _kommentare(ueber_lo) == ERWARTETE_KOMMENTARE
    assert {s.kennung for s in ueber_lo.kommentare} == {s.kennung for s in direkt.kommentare}


def test_merge_befehl_check_resolve_und_status(gesendet, tmp_path: Path, cli):
    projekt = _kopie(gesendet, tmp_path / "projekt")
    rueck = _bearbeitet(gesendet[1], tmp_path / "ruecklauf-fb50.docx")
    vorher = _kapitelbytes(projekt)
    zeigen = cli("merge", "2019", str(rueck), "--projekt", str(projekt))
    assert zeigen.code == 0, zeigen.stderr
    assert "+> **Mustertext (Entwurf)** – für dieses" in zeigen.stdout
    assert "Noch nichts geschrieben. Übernehmen: berichtsgen merge 2019" in zeigen.stdout
    assert "[merge-wert]" in zeigen.stdout and "2 offene Kommentare" in zeigen.stdout
    assert _kapitelbytes(projekt) == vorher
    status = cli("status", "2019", "--projekt", str(projekt))
    assert "03-datenlage" in status.stdout and "Rücklauf offen" in status.stdout

    schreiben = cli("merge", "2019", str(rueck), "--projekt", str(projekt), "--schreiben")
    assert schreiben.code == 0 and "Übernommen in 3 Kapiteldateien." in schreiben.stdout
    nochmal = cli("merge", "2019", str(rueck), "--projekt", str(projekt), "--schreiben")
    assert nochmal.code == 0 and "Dieser Rücklauf ist schon übernommen" in nochmal.stdout

    pruefung = cli("check", "2019", "--projekt", str(projekt))
    offen = [z for z in pruefung.stdout.splitlines() if "[kommentar-offen]" in z]
    assert len(offen) == 2 and all(z.startswith("inhalte/2019/07-handlungsfeld-d.md:") for z in offen)
    assert (
        "Offener Kommentar (Anna Schmidt, 02.12.2026) zu „Bedarfserhebung“: „Bitte Stand 2019 ergänzen.“"
        in offen[0]
    )
    kapitel = projekt / "inhalte/2019/07-handlungsfeld-d.md"  # the editor writes above it: check follows
    text = kapitel.read_text(encoding="utf-8")
    kapitel.write_text(text.replace("---\n\n", "---\n\nNeu.\n\nAuch neu.\n\n", 1), encoding="utf-8")
    verschoben = [
        z
        for z in cli("check", "2019", "--projekt", str(projekt)).stdout.splitlines()
        if "[kommentar-offen]" in z
    ]
    assert [z.split(":")[1] for z in verschoben] == [str(int(z.split(":")[1]) + 4) for z in offen]
    zeilen = set(kapitel.read_text(encoding="utf-8").splitlines())
    assert (
        "- Zusammenführen der Bedarfslagen / Bedarfserhebung, auch zu den Auszügen Neuzugewanderter in"
        in zeilen
    )
    status = cli("status", "2019", "--projekt", str(projekt))
    d = next(z for z in status.stdout.splitlines() if z.startswith("07-handlungsfeld-d"))
    assert "zurück " in d and "übernommen" in d and "2 offene Kommentare" in d

    kennung = offen[0].rsplit(" ", 1)[1]  # "Erledigt? berichtsgen resolve 2019 K…"
    erledigt = cli("resolve", "2019", kennung, "--projekt", str(projekt))
    assert erledigt.code == 0 and "erledigt" in erledigt.stdout
    pruefung = cli("check", "2019", "--projekt", str(projekt))
    assert "[kommentar-offen]" not in pruefung.stdout  # the reply went with its comment
    unbekannt = cli("resolve", "2019", "K00000", "--projekt", str(projekt))
    assert unbekannt.code != 0 and "Traceback" not in unbekannt.stderr + unbekannt.stdout


@ECHT
def test_eine_fremde_datei_wird_abgewiesen(gesendet, tmp_path: Path):
    with pytest.raises(InhaltsFehler, match="keine Durchsicht von berichtsgen"):
        merge(2019, FIXTURES / "pandoc" / "comments.docx", gesendet[0])


@ECHT
def test_kommentare_antworten_und_erledigt_aus_echten_word_dateien():
    """pandoc's comments.docx was written by Word: five comments, one a reply (commentsExtended)."""
    r = lesen(FIXTURES / "pandoc" / "comments.docx")
    assert [(k.nummer, k.text, k.eltern) for k in r.kommentare] == [
        ("0", "I left a comment.", None),
        ("1", "A comment across paragraphs.", None),
        ("2", "This one has multiple paragraphs.\n\nSee?", None),
        ("3", "Do something.", None),
        ("4", "Do something else.", "3"),
    ]
    assert r.kommentare[0].bezug == "some text to have a comment " and r.kommentare[0].datum == "09.05.2016"
    geteilt = lesen(FIXTURES / "pandoc" / "paragraph_insertion_deletion.docx").absaetze
    assert [(a.angenommen, a.marke_eingefuegt, a.marke_geloescht) for a in geteilt] == [
        ("This is a", True, False),
        (" split", False, True),
        ("Paragraph.", False, False),
    ]


def _art(quelle: str) -> str:
    """The block a source is, as the sidecar names it."""
    return "Ueberschrift" if quelle.startswith("#") else "Liste" if quelle[:2] in ("- ", "1.") else "Absatz"


@pytest.mark.parametrize(
    ("quelle", "alt", "neu", "erwartet"),
    [
        (  # the chapter title in the front matter; "Handlungsfeld D:" is computed
            "---\nhandlungsfeld: D\ntitel: Wohnen & Unterbringung\n---",
            "Handlungsfeld D: Wohnen & Unterbringung",
            "Handlungsfeld D: Wohnen und Unterbringung",
            "---\nhandlungsfeld: D\ntitel: Wohnen und Unterbringung\n---",
        ),
        (  # a deleted bold word takes its stars along
            "Ein **wichtiger** Satz mit [Link](https://x.de).",
            "Ein wichtiger Satz mit Link.",
            "Ein Satz mit Link.",
            "Ein Satz mit [Link](https://x.de).",
        ),
        (  # a link's text edited, its address kept; typed stars stay stars (text typed at the
            # end of a link joins it, as it joins bold text: it takes the formatting before it)
            "Siehe [die Seite](https://x.de) dazu.",
            "Siehe die Seite dazu.",
            "Siehe die neue Seite *jetzt* dazu.",
            "Siehe [die neue Seite \\*jetzt\\*](https://x.de) dazu.",
        ),
        (  # across a line break of the source, in a list
            "- eins zwei\n  drei vier\n- fünf",
            "eins zwei drei vier\nfünf",
            "eins zwei DREI vier\nfünf",
            "- eins zwei\n  DREI vier\n- fünf",
        ),
        ("[](#tab) zeigt die Zahl.", "Tabelle 2 zeigt die Zahl.", "Tabelle 3 zeigt die Zahl.", None),
        (  # half of it cannot be placed: none of it is carried
            "[](#tab) zeigt die Zahl.",
            "Tabelle 2 zeigt die Zahl.",
            "Wie Tabelle 2 zeigt, ist die Zahl.",
            None,
        ),
        (  # Enter in a list: a new item with the list's marker
            "- eins zwei\n  drei vier\n- fünf",
            "eins zwei drei vier\nfünf",
            "eins zwei drei vier\nneu dazu\nfünf",
            "- eins zwei\n  drei vier\n- neu dazu\n- fünf",
        ),
        ("1. a b\n2. c", "a b\nc", "a\nb\nc", "1. a\n1. b\n2. c"),
        ("## Titel", "Titel", "Titel\nNeu", None),  # a heading split in two is not a heading
    ],
)
def test_uebertragen(quelle: str, alt: str, neu: str, erwartet: str | None):
    assert uebertragen(quelle, alt, neu, [], _art(quelle)).quelle == erwartet


_WORT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=1, max_size=8)


@st.composite
def _absatz(draw):
    """A paragraph of words, some bold, italic, linked or a value, with line breaks."""
    teile, text, werte = [], [], []
    for _ in range(draw(st.integers(2, 12))):
        wort = draw(_WORT)
        art = draw(st.sampled_from(["", "", "", "fett", "kursiv", "link", "wert"]))
        md = {"fett": f"**{wort}**", "kursiv": f"_{wort}_", "link": f"[{wort}](https://x.de/{wort})"}.get(
            art, wort
        )
        if art == "wert":
            md, wort = '{{ wert("w") }}', "1.234"
            werte.append(
                (len(" ".join(text)) + (1 if text else 0), len(" ".join(text)) + (1 if text else 0) + 5)
            )
        teile.append(md)
        text.append(wort)
    trenner = [draw(st.sampled_from([" ", " ", "\n"])) for _ in teile[1:]]
    quelle = teile[0] + "".join(t + m for t, m in zip(trenner, teile[1:], strict=True))
    return quelle, " ".join(text), werte


@settings(max_examples=300, deadline=None)
@given(_absatz(), st.data())
def test_was_uebertragen_wird_liest_sich_wie_im_ruecklauf(absatz, data):
    """Whatever the merge carries, the Markdown then reads exactly as the reviewer left the text
    (values stay as they are); what it cannot carry it names, never half of it."""
    quelle, alt, werte = absatz
    woerter = alt.split(" ")
    i = data.draw(st.integers(0, len(woerter) - 1))
    art = data.draw(st.sampled_from(["einfuegen", "loeschen", "ersetzen"]))
    neu_wort = data.draw(_WORT)
    if art == "einfuegen":
        woerter.insert(i, neu_wort)
    elif art == "loeschen" and len(woerter) > 1:
        del woerter[i]
    else:
        woerter[i] = neu_wort
    neu = " ".join(woerter)
    ergebnis = uebertragen(quelle, alt, neu, werte, "Absatz")
    if ergebnis.quelle is None:
        assert ergebnis.auslassungen or neu == alt
        return
    assert not ergebnis.auslassungen
    assert klartext(ergebnis.quelle) == neu.replace("1.234", WERT)
    assert VERWEIS not in klartext(ergebnis.quelle)


def test_zwei_ruecklaeufe_derselben_durchsicht(gesendet, tmp_path: Path, cli):
    """The copy went to two people; both send it back. Each return keeps its own protocol; an
    edit of the second in a block the first changed is a conflict for that block only."""
    projekt = _kopie(gesendet, tmp_path / "projekt")
    erste = Rueckgabe(gesendet[1])
    erste.einfuegen("Mustertext – für dieses", "Mustertext", " (Entwurf)")
    erste.kommentieren("Zensus 2011", "Zensus", "Erste Anmerkung.")
    zweite = Rueckgabe(gesendet[1])
    zweite.loeschen("Mustertext – für dieses", "für dieses Handlungsfeld ", autor="Bernd Meier")
    zweite.einfuegen("Gegenüber dem Vorjahr", "veränderten sich", " deutlich", autor="Bernd Meier")
    zweite.kommentieren("Zensus 2011", "Zensus", "Zweite Anmerkung.", autor="Bernd Meier")
    a = merge(2019, erste.speichern(tmp_path / "a.docx"), projekt, schreiben=True)
    b = merge(2019, zweite.speichern(tmp_path / "b.docx"), projekt, schreiben=True)
    assert a.protokoll.name.endswith(".ruecklauf.json") and b.protokoll.name.endswith(".ruecklauf-2.json")
    assert "+Gegenüber dem Vorjahr veränderten sich deutlich die Zahlen" in b.diff
    assert "Mustertext" not in b.diff
    assert [x.regel for x in b.befunde] == ["merge-konflikt"]
    text = (projekt / "inhalte/2019/04-handlungsfeld-a.md").read_text(encoding="utf-8")
    assert "> **Mustertext (Entwurf)** – für dieses Handlungsfeld" in text
    pruefung = cli("check", "2019", "--projekt", str(projekt))
    offen = [z for z in pruefung.stdout.splitlines() if "[kommentar-offen]" in z]
    assert len(offen) == 2 and all(z.startswith("inhalte/2019/03-datenlage.md:14:") for z in offen)
    status = cli("status", "2019", "--projekt", str(projekt))
    zeile = next(z for z in status.stdout.splitlines() if z.startswith("03-datenlage"))
    assert zeile.count("zurück ") == 2 and "2 offene Kommentare" in zeile


def test_was_merge_nicht_uebertraegt_nennt_es(gesendet, tmp_path: Path):
    """Joining two paragraphs, a formatting change and a footnote edit are named at their place
    in the Markdown, not lost silently; a comment's line is the one after the merge wrote."""
    projekt = _kopie(gesendet, tmp_path / "projekt")
    r = Rueckgabe(gesendet[1])
    r.verbinden("Gegenüber dem Vorjahr")  # with the caption below it
    r.verbinden("Daten werden zusammengeführt")
    r.fett_machen("Die Werte des Diagramms", "quer gesetzt")
    r.einfuegen("Zusammenführen der Bedarfslagen", "auch zu den", " neuen", fett=True)  # bold typed
    r.link_einfuegen(
        "Dieses Kapitel beschreibt", "nächsten Schritte", " (Konzept)", "https://www.leverkusen.de"
    )
    r.fussnote_ergaenzen("Doppelstaater sind Personen", " (Stand 2018)")
    r.teilen("Die folgenden Angaben", "Zum ")  # two lines more above the comment
    r.kommentieren("Nach den Ergebnissen", "Zensus 2011", "Jahr prüfen.")
    ergebnis = merge(2019, r.speichern(tmp_path / "r.docx"), projekt, schreiben=True)
    gemeldet = {(b.regel, str(b.ort)) for b in ergebnis.befunde}
    assert gemeldet == {
        ("merge-verbunden", "inhalte/2019/03-datenlage.md:28"),
        ("merge-verbunden", "inhalte/2019/07-handlungsfeld-d.md:8"),
        ("merge-format", "inhalte/2019/07-handlungsfeld-d.md:15"),
        ("merge-format", "inhalte/2019/07-handlungsfeld-d.md:24"),
        ("merge-format", "inhalte/2019/04-handlungsfeld-a.md:9"),
        ("merge-fussnote", "inhalte/2019/03-datenlage.md:33"),
    }
    note = next(b for b in ergebnis.befunde if b.regel == "merge-fussnote")
    assert "(„weitere Staatsangehörigkeit“ → „weitere (Stand 2018) Staatsangehörigkeit“)" in note.meldung
    (kommentar,) = ergebnis.kommentare
    zeilen = (projekt / "inhalte/2019/03-datenlage.md").read_text(encoding="utf-8").splitlines()
    assert zeilen[kommentar.zeile - 1].startswith("Nach den Ergebnissen des Zensus 2011")


@pytest.mark.parametrize(
    ("alt", "neu", "nachher"),
    [
        ("hatten 40.000 Personen", "hatten 39.999 Personen", "39.999"),
        ("hatten 40.000 Personen", "hatten Personen", ""),
    ],
)
def test_ein_wert_eine_meldung(alt: str, neu: str, nachher: str):
    """LibreOffice writes "40.000" → "39.999" as two edits of the digits: one report, with the
    whole new value."""
    quelle = 'hatten {{ wert("x") | zahl }} Personen'
    s = alt.index("40.000")
    ergebnis = uebertragen(quelle, alt, neu, [(s, s + 6)], "Absatz")
    assert ergebnis.quelle is None
    assert [(a.regel, a.vorher, a.nachher, a.ausdruck) for a in ergebnis.auslassungen] == [
        ("merge-wert", "40.000", nachher, '{{ wert("x") | zahl }}')
    ]


def test_ruecklauf_als_odt_und_aus_dem_falschen_jahr(gesendet, tmp_path: Path):
    """LibreOffice's own format comes back as well; a return of 2019 merged as 2025 says which
    year it belongs to."""
    projekt = _kopie(gesendet, tmp_path / "projekt")
    rueck = _bearbeitet(gesendet[1], tmp_path / "ruecklauf.docx")
    odt = tmp_path / "odt" / "ruecklauf.odt"
    odt.parent.mkdir()
    subprocess.run(
        [shutil.which("soffice") or "soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}",
         "--convert-to", "odt", "--outdir", str(odt.parent), str(rueck)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    _nach_review_geaendert(projekt)
    assert merge(2019, odt, projekt).diff == ERWARTETER_DIFF
    with pytest.raises(EinstellungsFehler, match="gehört zum Bericht 2019, nicht zu 2025") as fehler:
        merge(2025, rueck, projekt)
    assert fehler.value.hinweis == f"berichtsgen merge 2019 {rueck}"


def test_zwei_absaetze_verbunden(gesendet, tmp_path: Path):
    """The reviewer deletes the paragraph mark between two paragraphs: the blank line between them
    in the Markdown goes, the paragraphs' own edits are kept."""
    projekt = _kopie(gesendet, tmp_path / "projekt")
    durchsicht = review(2019, ["01-einleitung"], projekt, an="FB 50")
    r = Rueckgabe(durchsicht.datei)
    r.verbinden("Integration ist eine gesamtgesellschaftliche")
    r.einfuegen("Bereits vor einigen Jahren", "Bereits", " vor Jahren,")
    r.loeschen("Bereits", " vor einigen Jahren")
    ergebnis = merge(2019, r.speichern(tmp_path / "r.docx"), projekt)
    assert ergebnis.befunde == []
    assert ergebnis.diff.endswith(
        "-dafür ein, dass Leverkusen weiterhin eine Stadt erfolgreicher Integration ist.\n"
        "-\n"
        "-Bereits vor einigen Jahren hat die Stadt Leverkusen ein Integrationskonzept erarbeitet, das 2009 vom\n"
        "+dafür ein, dass Leverkusen weiterhin eine Stadt erfolgreicher Integration ist. Bereits vor Jahren, hat die Stadt Leverkusen ein Integrationskonzept erarbeitet, das 2009 vom\n"
        " Rat beschlossen wurde. Ein Integrationskonzept ist kein abgeschlossenes Werk, sondern ein permanenter\n"
        " Entwicklungsprozess. Das neue Integrationskonzept wurde 2017 im Rahmen eines mehrstufigen\n"
        " Beteiligungsverfahrens erarbeitet; im Dezember 2017 hat der Rat der Stadt Leverkusen es beschlossen.\n"
    )


def test_ein_geloeschter_absatz_nimmt_seine_leerzeile_mit(gesendet, tmp_path: Path):
    projekt = _kopie(gesendet, tmp_path / "projekt")
    r = Rueckgabe(review(2019, ["01-einleitung"], projekt).datei)
    absatz = (
        "Dieser 1. Umsetzungsbericht berichtet über die Entwicklungen in den acht Handlungsfeldern "
        "des Integrationskonzeptes seit Januar 2018:"
    )
    r.loeschen("Dieser 1. Umsetzungsbericht", absatz)
    ergebnis = merge(2019, r.speichern(tmp_path / "r.docx"), projekt, schreiben=True)
    assert ergebnis.befunde == [] and ergebnis.diff.count("\n-") == 3
    text = (projekt / "inhalte/2019/01-einleitung.md").read_text(encoding="utf-8")
    assert "es beschlossen.\n\n- Handlungsfeld A: Sprache / Sprachförderung\n" in text
