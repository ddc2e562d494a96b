"""One description of every setting: the same words everywhere, every mistake at once with its
line, and a JSON Schema of berichtsgen.toml that says what the loader says."""

from __future__ import annotations

import json
import tomllib
from dataclasses import MISSING, fields
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from berichtsgen import angaben
from berichtsgen.fehler import EinstellungsFehler, Fehlerliste
from berichtsgen.inhalt.markdown import KapitelLeser
from berichtsgen.projekt import EINSTELLUNGEN, Einstellungen, json_schema, projekt_laden, schema_text
from hilfen import REPO, einstellen

SCHEMA = jsonschema.Draft4Validator(json_schema())


def _schema_fehler(toml: str) -> list[str]:
    return [e.message for e in SCHEMA.iter_errors(tomllib.loads(toml))]


def test_alle_fehler_der_projektdatei_auf_einmal_mit_zeile(mini: Path, cli):
    toml = mini / "berichtsgen.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('dateiname = "testbericht-{jahr}"', 'dateiname = "testbericht-{jahr}"\ntitl = "x"')
    text = text.replace(
        'stand = "März 2024"', 'stand = "März 2024"\nseitenzahl = "oben"\nfarben = ["#FFD700"]'
    )
    toml.write_text(text + "\n[extra]\nx = 1\n", encoding="utf-8")
    zeilen = text.splitlines()
    with pytest.raises(Fehlerliste) as info:
        projekt_laden(mini, 2024)
    assert [(f.meldung.split(" ")[0:3], f.ort.zeile) for f in info.value.fehler] == [
        (["Unbekannter", "Abschnitt", "[extra]."], len(zeilen) + 2),
        (["Unbekannte", "Einstellung", "„titl“."], zeilen.index('titl = "x"') + 1),
        (["„seitenzahl", "=", "oben“"], zeilen.index('seitenzahl = "oben"') + 1),
        (["Diagrammfarbe", "#FFD700", "hat"], zeilen.index('farben = ["#FFD700"]') + 1),
    ]
    aufruf = cli("check", "2024", "--projekt", str(mini))
    ausgabe = (aufruf.stdout + aufruf.stderr).splitlines()
    assert aufruf.code != 0
    for f in info.value.fehler:
        assert f.zeile() in ausgabe  # every one, one line each, with file and line
    zeile = zeilen.index('seitenzahl = "oben"') + 1
    assert (
        f"berichtsgen.toml:{zeile}: Fehler: „seitenzahl = oben“ ist nicht möglich. [einstellungen]"
        in aufruf.stderr
    )
    # a single mistake is the error itself, as before
    einstellen_ohne = (
        text.replace('\ntitl = "x"', "")
        .replace('\nseitenzahl = "oben"', "")
        .replace('\nfarben = ["#FFD700"]', "")
    )
    toml.write_text(
        einstellen_ohne.replace('stand = "März 2024"', 'stand = "März 2024"\nseitenzahl = "oben"'),
        encoding="utf-8",
    )
    with pytest.raises(EinstellungsFehler) as info:
        projekt_laden(mini, 2024)
    assert (
        not isinstance(info.value, Fehlerliste)
        and info.value.hinweis == "Möglich: mitte, links, rechts, aus."
    )


@given(wort=st.sampled_from(sorted(angaben.JA_NEIN)), gross=st.booleans())
def test_ja_und_nein_gelten_in_jeder_datei(tmp_path_factory, wort: str, gross: bool):
    """true, false, ja and nein (in any case) mean yes and no in berichtsgen.toml, in a
    chapter's front matter and in a block's options alike."""
    geschrieben = wort.upper() if gross else wort
    erwartet = angaben.JA_NEIN[wort]
    ordner = tmp_path_factory.mktemp("ja")
    (ordner / "inhalte" / "2024").mkdir(parents=True)
    (ordner / "berichtsgen.toml").write_text(
        f'[bericht]\ntitel = "T"\nsilbentrennung = "{geschrieben}"\n', encoding="utf-8"
    )
    assert projekt_laden(ordner, 2024).einstellungen.silbentrennung is erwartet
    leser = KapitelLeser(lambda pfad, _ort: pfad)
    kapitel = leser.lies(
        Path("k.md"),
        f"---\ntitel: K\nquer: {geschrieben}\nnummeriert: {geschrieben}\nfolien: {geschrieben}\n---\n\n"
        f"```{{tabelle}} t\n:quer: {geschrieben}\n:folie: {geschrieben}\n```\n",
    )
    assert kapitel.quer is erwartet and kapitel.folien is erwartet
    platz = kapitel.bloecke[-1]
    assert platz.optionen.quer is erwartet and platz.optionen.folie is erwartet
    assert SCHEMA.is_valid({"bericht": {"titel": "T", "silbentrennung": wort}})


def test_jede_einstellung_ist_einmal_beschrieben():
    assert list(EINSTELLUNGEN) == [f.name for f in fields(Einstellungen)]
    for f in fields(Einstellungen):
        a = EINSTELLUNGEN[f.name]
        assert a.hilfe.endswith(".") and a.hilfe[0].isupper(), f.name
        assert a.standard == (None if f.default is MISSING else f.default)
        if a.art in ("wahl", "liste"):
            assert a.woerter, f.name
            standard = f.default if isinstance(f.default, tuple) else (f.default,)
            assert set(standard) <= set(a.woerter), f.name  # the default is an allowed word
    for tabelle in (angaben.KOPFBEREICH, angaben.OPTIONEN, angaben.BEGLEITDATEI, angaben.PARAMETERLISTE):
        assert all(name == a.name and a.hilfe.endswith(".") for name, a in tabelle.items())


def test_das_schema_ist_ausgeliefert_und_aktuell():
    """A new project gets the schema beside its berichtsgen.toml (and the directive Even Better
    TOML reads); the example has it too; both are what `berichtsgen schema` prints."""
    jsonschema.Draft4Validator.check_schema(json_schema())
    for ordner in (REPO / "src" / "berichtsgen" / "geruest", REPO):
        assert (ordner / "berichtsgen.schema.json").read_text(encoding="utf-8") == schema_text()
        assert (
            (ordner / "berichtsgen.toml")
            .read_text(encoding="utf-8")
            .startswith("#:schema ./berichtsgen.schema.json\n")
        )
    assert json.loads(schema_text())["$schema"] == "http://json-schema.org/draft-04/schema#"  # taplo's


def test_berichtsgen_schema_gibt_es_aus(cli):
    aufruf = cli("schema")
    assert aufruf.code == 0 and aufruf.stdout == schema_text()


@pytest.mark.parametrize(
    "toml",
    [
        *(p.read_text(encoding="utf-8") for p in sorted(REPO.glob("tests/roots/*/berichtsgen.toml"))),
        (REPO / "berichtsgen.toml").read_text(encoding="utf-8"),
        '[bericht]\ntitel = "T"\nformate = "html"\nsilbentrennung = "nein"\nnachkommastellen = 0\n',
        '[bericht]\ntitel = "T"\n[jahr.2024]\nfarben = ["#1F4E79"]\n[parameter]\ndatei = "liste.csv"\n',
    ],
)
def test_was_der_lader_annimmt_nimmt_das_schema_an(toml: str):
    assert _schema_fehler(toml) == []


@pytest.mark.parametrize(
    "zeilen",
    [
        'titl = "x"',
        'seitenzahl = "oben"',
        'formate = ["docx", "odt"]',
        'aufbau = ["kapitel", "anhang"]',
        'silbentrennung = "vielleicht"',
        "pdf_zeitlimit = 0",
        'nachkommastellen = "1"',
        'farben = ["blau"]',
        "sprache = 3",
    ],
)
def test_was_der_lader_ablehnt_lehnt_das_schema_ab(mini: Path, zeilen: str):
    einstellen(mini, zeilen)
    text = (mini / "berichtsgen.toml").read_text(encoding="utf-8")
    with pytest.raises(EinstellungsFehler):
        projekt_laden(mini, 2024)
    assert _schema_fehler(text) != []


def test_alle_fehler_eines_kopfbereichs_auf_einmal(mini: Path):
    """Every unknown entry of a front matter, and every yes/no that is neither, is a finding of
    its own in one check – not one per run."""
    from berichtsgen import check

    kapitel = mini / "inhalte/2024/01-einleitung.md"
    text = kapitel.read_text(encoding="utf-8")
    kapitel.write_text(
        text.replace("titel: Einleitung\n", "titel: Einleitung\ntitl: x\nquerr: ja\n", 1), encoding="utf-8"
    )
    meldungen = [b.meldung for b in check(2024, mini).fehler]
    assert "Unbekannter Eintrag „titl“ im Kopfbereich." in meldungen
    assert "Unbekannter Eintrag „querr“ im Kopfbereich." in meldungen
    kapitel.write_text(
        text.replace("titel: Einleitung\n", "titel: Einleitung\nquer: vielleicht\nanhang: oft\n", 1),
        encoding="utf-8",
    )
    meldungen = [b.zeile() for b in check(2024, mini).fehler]
    assert any("01-einleitung.md:1: Fehler: „quer“ muss true oder false sein." in m for m in meldungen)
    assert any("„anhang“ muss true oder false sein." in m for m in meldungen)


def test_alle_fehler_einer_begleitdatei_und_eines_blocks_auf_einmal(mini: Path):
    from berichtsgen import check

    (mini / "inhalte/2024/daten/einwohner.toml").write_text(
        'quelle = 3\nkopfzeile = 0\nherkunft = "x"\n', encoding="utf-8"
    )
    zeilen = sorted(b.zeile() for b in check(2024, mini).fehler if "einwohner.toml" in b.zeile())
    assert [z.split(": Fehler: ")[0] for z in zeilen] == [
        "inhalte/2024/daten/einwohner.toml:1",
        "inhalte/2024/daten/einwohner.toml:2",
        "inhalte/2024/daten/einwohner.toml:3",
    ]
    (mini / "inhalte/2024/daten/einwohner.toml").unlink()
    kapitel = mini / "inhalte/2024/01-einleitung.md"
    text = kapitel.read_text(encoding="utf-8")
    assert "```{tabelle} einwohner\n" in text
    kapitel.write_text(
        text.replace("```{tabelle} einwohner\n", "```{tabelle} einwohner\n:quer: oft\n:farbe: rot\n", 1),
        encoding="utf-8",
    )
    meldungen = [b.meldung for b in check(2024, mini).fehler]
    assert "„:quer: oft“: erlaubt sind ja und nein." in meldungen
    assert "Unbekannte Option „:farbe:“." in meldungen
