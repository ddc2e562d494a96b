import pytest

from berichtsgen.berechnung.format import jinja_filter
from berichtsgen.fehler import InhaltsFehler
from berichtsgen.inhalt.ausdruecke import rendern, umgebung


@pytest.fixture
def env():
    return umgebung(jinja_filter())


def test_werte_und_filter(env):
    text = rendern(
        env,
        "Rund {{ wert('a') | zahl }} und {{ 32.1 | prozent }} im Jahr {{ jahr }}.",
        "k.md",
        {"wert": {"a": 26998}.get, "jahr": 2019},
    )
    assert text == "Rund 26.998 und 32,1\u00a0% im Jahr 2019."


def test_unbekannter_name_mit_zeile(env):
    with pytest.raises(InhaltsFehler) as info:
        rendern(env, "Zeile 1\nZeile 2 {{ gibtsnicht }}\n", "k.md", {})
    assert str(info.value.ort) == "k.md:2"
    assert "nicht definiert" in info.value.meldung


def test_syntaxfehler_mit_zeile(env):
    with pytest.raises(InhaltsFehler) as info:
        rendern(env, "a\nb\n{{ wert( }}\n", "k.md", {"wert": str})
    assert info.value.ort.zeile == 3


def test_sandbox_verbietet_interna(env):
    with pytest.raises(InhaltsFehler, match="nicht erlaubt"):
        rendern(env, "{{ ''.__class__.__mro__[1].__subclasses__() }}", "k.md", {})
