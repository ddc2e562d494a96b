"""Office packages from outside – Word and PowerPoint templates – under one rule (`darstellung.paket`):
bounded before anything is read, macros refused with the same line, and nothing that reaches out
or imports foreign content carried into a report or deck (only hyperlinks stay external); the
`template` command reports the same removals as the build.

Hostile templates are made from the real ones (the package's standard.docx and folien.pptx) by
rewriting their zip (`hilfen`). The last case writes the packages under a file size limit, as a
real process.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from test_robustheit import Fall, _kapitel, fall_ausfuehren

from hilfen import (
    REPO,
    STANDARDVORLAGE,
    einstellen,
    folien_als_pptm,
    folien_mit_ole_verknuepfung,
    folien_mit_verknuepftem_bild,
    folien_mit_vorlage_anderswo,
    folien_ohne_platzhalterlage,
    paket_als_bombe,
    vorlage_mit_aussenverweisen,
    vorlage_mit_fremdinhalt,
    vorlage_mit_vba,
)

FOLIENVORLAGE = REPO / "src" / "berichtsgen" / "vorlagen" / "folien.pptx"
FOLIEN = ("build", "2024", "--format", "pptx")
FREMD = (b"tracker.example.org", b"angreifer", b"vbaProject", b"altChunk", b"aFChunk", b"Fremdinhalt")
"""What must not be in any part of a written report or deck."""


def _folien(macher: Callable[[Path, Path], None] | None = None) -> Callable[[Path], None]:
    """Use a slide template made by `macher` from folien.pptx (or `folien.pptx` itself)."""

    def tun(p: Path) -> None:
        ziel = p / "folien.pptx"
        if macher is None:
            ziel.write_bytes(FOLIENVORLAGE.read_bytes())
        else:
            macher(FOLIENVORLAGE, ziel)
        einstellen(p, 'folien_vorlage = "folien.pptx"')

    return tun


def _word(macher: Callable[[Path, Path], None]) -> Callable[[Path], None]:
    return lambda p: macher(STANDARDVORLAGE, p / "vorlage.docx")


def _zu_gross(datei: str, folien: bool = False) -> Callable[[Path], None]:
    """A template file of 101 MiB (sparse: nothing of it is ever read)."""

    def tun(p: Path) -> None:
        if folien:
            _folien()(p)
        with open(p / datei, "r+b") as f:
            f.truncate(101 * 2**20)

    return tun


def _nacheinander(*schritte: Callable) -> Callable:
    """Do the steps (preparations or checks) one after the other."""

    def tun(*args) -> None:
        for schritt in schritte:
            schritt(*args)

    return tun


def _langer_titel(name: str) -> Callable[[Path], None]:
    """Give the chapter `name` a title of some 2,000 characters."""

    def tun(p: Path) -> None:
        kapitel = p / "inhalte/2024" / name
        text = kapitel.read_text(encoding="utf-8")
        kapitel.write_text(text.replace("titel: Fall", "titel: " + LANGER_TITEL.strip()), encoding="utf-8")

    return tun


def _auch_word_hinweis(_p: Path, ausgabe: str) -> None:
    assert "Vorlage „vorlage.docx“: Verweise nach außen entfernt" in ausgabe, ausgabe


def _nur_hyperlinks_nach_aussen(endung: str) -> Callable[[Path, str], None]:
    """Check the written .docx or .pptx: no external relationship but hyperlinks, no VBA project,
    no imported chunk, nothing of the hostile template's addresses."""

    def pruefen(p: Path, _ausgabe: str) -> None:
        (datei,) = (p / "ausgabe/2024").glob(f"*.{endung}")
        with zipfile.ZipFile(datei) as z:
            for name in z.namelist():
                daten = z.read(name)
                if name.endswith(".rels"):
                    for rel in etree.fromstring(daten):
                        if rel.get("TargetMode") == "External":
                            assert rel.get("Type").endswith("/hyperlink"), (name, rel.get("Target"))
                for fremd in FREMD:
                    assert fremd not in daten and fremd.decode() not in name, (name, fremd)

    return pruefen


def _template(
    name: str, datei: str, vorbereiten: Callable[[Path], None], meldung: str, code: int = 0
) -> Fall:
    """A case for `berichtsgen template DATEI`: the same rule as the build."""
    return Fall(name, vorbereiten, meldung, code, ("template", datei), projekt_option=False)


LANGER_TITEL = "Sehr langer Abschnittstitel " * 72  # some 2,000 characters

FAELLE = [
    # --- slide templates: cleaned as Word templates are -------------------------------------------
    Fall(
        "folien-verknuepftes-bild",
        _folien(folien_mit_verknuepftem_bild),
        r"Hinweis: Folienvorlage „folien\.pptx“: Verweise nach außen entfernt \(der Foliensatz lädt beim "
        r"Öffnen nichts nach\): verknüpftes Bild „http://tracker\.example\.org/logo\.png“ "
        r"\(ppt/slideLayouts/slideLayout2\.xml\)",
        code=0,
        befehl=FOLIEN,
        pruefen=_nur_hyperlinks_nach_aussen("pptx"),
    ),
    Fall(
        "folien-ole-unc-pfad",
        _folien(folien_mit_ole_verknuepfung),
        r"Verweise nach außen entfernt .*verknüpftes OLE-Objekt „file://///angreifer/freigabe/tabelle\.xlsx“",
        code=0,
        befehl=FOLIEN,
        pruefen=_nur_hyperlinks_nach_aussen("pptx"),
    ),
    Fall(
        "folien-vorlage-anderswo",
        _folien(folien_mit_vorlage_anderswo),
        r"Verweise nach außen entfernt .*Dokumentvorlage an anderem Ort „http://tracker\.example\.org/vorlage"
        r"\.potx“ \(ppt/presentation\.xml\)",
        code=0,
        befehl=FOLIEN,
        pruefen=_nur_hyperlinks_nach_aussen("pptx"),
    ),
    Fall(
        "folien-pptm-umbenannt",
        _folien(folien_als_pptm),
        r"folien\.pptx: Fehler: Die Folienvorlage enthält Makros \(VBA\); berichtsgen übernimmt keine Makros\. "
        r"Speichern Sie sie in PowerPoint ohne Makros",
        befehl=FOLIEN,
    ),
    Fall(
        "folien-bombe",
        _folien(lambda q, z: paket_als_bombe(q, z, "ppt/media/riesig.png")),
        r"folien\.pptx: Fehler: Teil „ppt/media/riesig\.png“ der Folienvorlage ist ungewöhnlich stark gepackt",
        befehl=FOLIEN,
    ),
    Fall(
        "folien-datei-zu-gross",
        _zu_gross("folien.pptx", folien=True),
        r"folien\.pptx: Fehler: Die Folienvorlage ist 101 MiB groß \(erlaubt: 100 MiB\)",
        befehl=FOLIEN,
    ),
    Fall(
        "folien-platzhalter-ohne-lage",
        _folien(folien_ohne_platzhalterlage),
        r"folien\.pptx: Fehler: Der Inhaltsplatzhalter des Layouts „Titel und Inhalt“ hat weder im Layout "
        r"noch im Folienmaster eine Position",
        befehl=FOLIEN,
    ),
    Fall(
        "folientitel-2000-zeichen",
        _nacheinander(_folien(), _kapitel("Text.", "03-lang.md"), _langer_titel("03-lang.md")),
        r"03-lang\.md:2: Warnung: Der Folientitel „Sehr langer Abschnittstitel Sehr langer…“ ist 2015 Zeichen "
        r"lang.*\[folientitel-zu-lang\]",
        code=0,
        befehl=FOLIEN,
    ),
    # --- Word templates: imported chunks, VBA without the macro content type, the file's size -----
    Fall(
        "vorlage-fremdinhalt-altchunk",
        _word(vorlage_mit_fremdinhalt),
        r"Hinweis: Vorlage „vorlage\.docx“: Verweise nach außen entfernt .*eingebundener Fremdinhalt "
        r"\(altChunk\) „fremd\.htm“ \(word/document\.xml\)",
        code=0,
        pruefen=_nur_hyperlinks_nach_aussen("docx"),
    ),
    Fall(
        "vorlage-vba-ohne-makrotyp",
        _word(vorlage_mit_vba),
        r"vorlage\.docx: Fehler: Die Vorlage enthält Makros \(VBA\); berichtsgen übernimmt keine Makros\. "
        r"Speichern Sie sie in Word ohne Makros",
    ),
    Fall(
        "vorlage-datei-zu-gross",
        _zu_gross("vorlage.docx"),
        r"vorlage\.docx: Fehler: Die Vorlage ist 101 MiB groß \(erlaubt: 100 MiB\)",
    ),
    Fall(
        "vorlage-aussenverweise-folien-und-word",  # one build, both templates cleaned
        _nacheinander(_word(vorlage_mit_aussenverweisen), _folien(folien_mit_verknuepftem_bild)),
        r"Folienvorlage „folien\.pptx“: Verweise nach außen entfernt",
        code=0,
        befehl=("build", "2024", "--format", "docx", "--format", "pptx"),
        pruefen=_nacheinander(
            _nur_hyperlinks_nach_aussen("docx"), _nur_hyperlinks_nach_aussen("pptx"), _auch_word_hinweis
        ),
    ),
    # --- `template` says the same for both kinds --------------------------------------------------
    _template(
        "template-folien-verknuepftes-bild",
        "folien.pptx",
        _folien(folien_mit_verknuepftem_bild),
        r"Hinweis: Verweise nach außen entfernt \(sie gelangen in keinen Foliensatz\): verknüpftes Bild "
        r"„http://tracker\.example\.org/logo\.png“",
    ),
    _template(
        "template-folien-ole",
        "folien.pptx",
        _folien(folien_mit_ole_verknuepfung),
        r"Hinweis: Verweise nach außen entfernt .*verknüpftes OLE-Objekt",
    ),
    _template(
        "template-folien-pptm",
        "folien.pptx",
        _folien(folien_als_pptm),
        r"folien\.pptx: Fehler: Die Folienvorlage enthält Makros \(VBA\)",
        code=1,
    ),
    _template(
        "template-folien-bombe",
        "folien.pptx",
        _folien(lambda q, z: paket_als_bombe(q, z, "ppt/media/riesig.png")),
        r"ungewöhnlich stark gepackt",
        code=1,
    ),
    _template(
        "template-word-altchunk",
        "vorlage.docx",
        _word(vorlage_mit_fremdinhalt),
        r"Hinweis: Verweise nach außen entfernt \(sie gelangen in keinen Bericht\): eingebundener Fremdinhalt",
    ),
    _template(
        "template-word-vba",
        "vorlage.docx",
        _word(vorlage_mit_vba),
        r"vorlage\.docx: Fehler: Die Vorlage enthält Makros \(VBA\)",
        code=1,
    ),
]


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.id)
def test_pakete(fall: Fall, mini: Path, cli, zeitlimit, monkeypatch):
    fall_ausfuehren(fall, mini, cli, monkeypatch)


def test_template_folien_zeigt_layouts_und_flaeche(mini: Path, cli, monkeypatch):
    """`template` on a clean slide template: its format, layouts and the room for charts, no notice."""
    monkeypatch.chdir(mini)
    aufruf = cli("template", str(FOLIENVORLAGE))
    assert aufruf.code == 0, aufruf.stderr
    assert "Folienformat: 33,9 × 19,1 cm" in aufruf.stdout
    assert "Layouts: Titelfolie („Title Slide“), Titel und Inhalt („Title and Content“)" in aufruf.stdout
    assert "Platz für Diagramme:" in aufruf.stdout and "Hinweis" not in aufruf.stdout


# --- writing the packages under a file size limit ---------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize(("format_", "grenze"), [("docx", 4096), ("pptx", 32768)])
def test_dateigroessen_grenze_beim_schreiben_ohne_nachklapp(mini: Path, format_: str, grenze: int):
    """A file size limit hit while the Word file or the deck is written: the German line only –
    no "Exception ignored" from a zip object python-docx or python-pptx left half-written."""

    def begrenzen():
        resource.setrlimit(resource.RLIMIT_FSIZE, (grenze, grenze))

    prozess = subprocess.run(
        [sys.executable, "-c", "from berichtsgen.cli import main; main()"]
        + ["build", "2024", "--projekt", str(mini), "--format", format_],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=begrenzen,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert prozess.returncode == 1, prozess.stderr
    assert "die Datei wäre größer, als das System erlaubt" in prozess.stderr
    assert "Exception ignored" not in prozess.stderr and "Traceback" not in prozess.stderr, prozess.stderr
    assert prozess.stderr.rstrip().splitlines()[-1].startswith("ausgabe/2024: Fehler:"), prozess.stderr


@pytest.mark.parametrize("art", ["docx", "pptx"])
def test_speichern_auf_vollen_datentraeger_ohne_nachklapp(art: str, monkeypatch):
    """`paket.speichern` onto a full disk (/dev/full: every write fails with ENOSPC) raises once,
    and leaves no zip object that fails again when it is collected ("Exception ignored in …")."""
    import gc

    from docx import Document
    from pptx import Presentation

    from berichtsgen.darstellung import paket

    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full fehlt")
    nachklapp = []
    monkeypatch.setattr(sys, "unraisablehook", nachklapp.append)
    dokument = Document(str(STANDARDVORLAGE)) if art == "docx" else Presentation(str(FOLIENVORLAGE))
    with pytest.raises(OSError):
        paket.speichern(dokument, Path("/dev/full"))
    gc.collect()
    assert nachklapp == []


FREMDE_VORLAGEN = Path(__file__).parent.parent / "vorlagen" / "fremd"


@pytest.mark.parametrize("name", ["ebau-formular-lo.docx", "aagi-kurzbericht.docx", "docx4j-kopflogo.docx"])
def test_speichern_schreibt_jeden_teil_wie_python_docx(name: str, tmp_path: Path):
    """Real templates with pictures (SOURCES.md in tests/vorlagen/fremd), one picture added: every
    part `paket.speichern` writes holds the bytes python-docx's own save writes; pictures are
    stored, XML is deflated. Through docxtpl as the Word renderer saves, and plain python-docx."""
    from docx import Document
    from docxtpl import DocxTemplate
    from PIL import Image

    from berichtsgen.darstellung import paket

    bild = tmp_path / "bild.png"
    Image.new("RGB", (40, 20), "#0B5394").save(bild)
    for art in ("python-docx", "docxtpl"):
        if art == "docxtpl":
            vorlage = DocxTemplate(str(FREMDE_VORLAGEN / name))
            vorlage.render({})
            dokument = vorlage.docx
        else:
            vorlage = dokument = Document(str(FREMDE_VORLAGEN / name))
        dokument.add_picture(str(bild))
        eigen, erwartet = tmp_path / f"eigen-{art}.docx", tmp_path / f"erwartet-{art}.docx"
        paket.speichern(vorlage, eigen)
        dokument.save(erwartet)
        with zipfile.ZipFile(eigen) as e, zipfile.ZipFile(erwartet) as w:
            assert e.namelist() == w.namelist()
            for eintrag in e.infolist():
                assert e.read(eintrag) == w.read(eintrag.filename), eintrag.filename
                bild_teil = eintrag.filename.rsplit(".", 1)[-1].lower() in ("png", "jpeg", "jpg", "gif")
                assert eintrag.compress_type == (zipfile.ZIP_STORED if bild_teil else zipfile.ZIP_DEFLATED)
            assert any(n.endswith(".png") for n in e.namelist())
        assert Document(str(eigen)).inline_shapes  # python-docx reads it back
