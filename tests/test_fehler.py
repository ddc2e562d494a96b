"""Places, errors and findings: German one-line messages, files shown relative to the project."""

from __future__ import annotations

from pathlib import Path

from berichtsgen import Befund, InhaltsFehler, Ort, PruefFehler


def test_ort_wird_beim_ausgeben_relativ(tmp_path: Path):
    ort = Ort(tmp_path / "inhalte" / "2024" / "a.md", 12)
    assert str(ort) == f"{tmp_path}/inhalte/2024/a.md:12"  # no project known yet
    ort.wurzel = tmp_path
    assert str(ort) == "inhalte/2024/a.md:12"
    assert str(Ort(Path("/anderswo/x.md"), 3, tmp_path)) == "/anderswo/x.md:3"
    assert str(Ort("berichtsgen.toml")) == "berichtsgen.toml" and str(Ort()) == ""


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
