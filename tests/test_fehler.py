"""Places, errors and findings: German one-line messages, files shown relative to the project."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from berichtsgen import Befund, InhaltsFehler, Ort, PruefFehler
from berichtsgen.fehler import anzeigen


def test_ort_wird_beim_ausgeben_relativ(tmp_path: Path):
    """A place is frozen and knows no project; it is shown relative to one when asked."""
    ort = Ort(tmp_path / "inhalte" / "2024" / "a.md", 12)
    assert str(ort) == f"{tmp_path}/inhalte/2024/a.md:12"  # no project known yet
    assert ort.text(tmp_path) == "inhalte/2024/a.md:12"
    assert Ort(Path("/anderswo/x.md"), 3).text(tmp_path) == "/anderswo/x.md:3"
    assert str(Ort("berichtsgen.toml")) == "berichtsgen.toml" and str(Ort()) == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        ort.zeile = 13  # type: ignore[misc]
    assert hash(ort) == hash(Ort(tmp_path / "inhalte" / "2024" / "a.md", 12))


def test_ein_weg_einen_pfad_zu_zeigen(tmp_path: Path):
    """Places, the project's own paths and messages show a file one way: relative to the project
    as written (a link stays a link), else absolute without ".."."""
    (tmp_path / "echt").mkdir()
    (tmp_path / "echt" / "a.md").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "echt")
    assert anzeigen(tmp_path / "link" / "a.md", tmp_path) == "link/a.md"
    assert anzeigen(tmp_path / "x" / ".." / "echt" / "a.md", tmp_path) == "echt/a.md"
    assert anzeigen(tmp_path / ".." / "anderswo.md", tmp_path) == f"{tmp_path.parent}/anderswo.md"
    assert anzeigen("inhalte/a.md", tmp_path) == "inhalte/a.md"  # already relative to the project
    assert anzeigen(tmp_path / "a.md", None) == f"{tmp_path}/a.md"


def test_ein_fehler_reist_mit_seinem_projektordner(tmp_path: Path):
    import pickle

    fehler = InhaltsFehler("x", Ort(tmp_path / "a.md", 2)).verorten(tmp_path)
    zurueck = pickle.loads(pickle.dumps(fehler))
    assert zurueck.zeile() == fehler.zeile() == "a.md:2: Fehler: x [inhalt]"


def test_fehler_und_befunde_werden_einmal_verortet(tmp_path: Path):
    fehler = InhaltsFehler("Tabelle „x“ ist nicht bekannt.", Ort(tmp_path / "a.md", 2), "Meinten Sie „y“?")
    assert (
        fehler.verorten(tmp_path).zeile()
        == "a.md:2: Fehler: Tabelle „x“ ist nicht bekannt. [inhalt] Meinten Sie „y“?"
    )
    befund = Befund(
        "quelle-fehlt", "Tabelle „x“ hat keine Quelle.", Ort(tmp_path / "a.md", 3), schwere="warnung"
    )
    pruef = PruefFehler([Befund.aus_fehler(fehler), befund]).verorten(tmp_path)
    assert pruef.zeile() == "a.md:2: Fehler: Tabelle „x“ ist nicht bekannt. [inhalt] Meinten Sie „y“?"
    assert befund.zeile() == "a.md:3: Warnung: Tabelle „x“ hat keine Quelle. [quelle-fehlt]"
    assert (befund.fehler, befund.warnung, befund.info) == (False, True, False)
