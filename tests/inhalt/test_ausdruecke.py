import pytest

from berichtsgen.berechnung.format import jinja_filter
from berichtsgen.fehler import InhaltsFehler
from berichtsgen.inhalt.ausdruecke import auswerten, umgebung
from berichtsgen.projekt import Parameter


@pytest.fixture
def env():
    return umgebung(jinja_filter())


def test_werte_und_filter(env):
    text = auswerten(
        env,
        "Rund {{ wert('a') | zahl }} und {{ 32.1 | prozent }} im Jahr {{ jahr }}.",
        "k.md",
        {"wert": {"a": 26998}.get, "jahr": 2019},
    )
    assert text == "Rund 26.998 und 32,1\u00a0% im Jahr 2019."


def test_unbekannter_name_mit_zeile(env):
    with pytest.raises(InhaltsFehler) as info:
        auswerten(env, "Zeile 1\nZeile 2 {{ gibtsnicht }}\n", "k.md", {})
    assert str(info.value.ort) == "k.md:2"
    assert "nicht definiert" in info.value.meldung


def test_syntaxfehler_mit_zeile(env):
    with pytest.raises(InhaltsFehler) as info:
        auswerten(env, "a\nb\n{{ wert( }}\n", "k.md", {"wert": str})
    assert info.value.ort.zeile == 3


def test_sandbox_verbietet_interna(env):
    with pytest.raises(InhaltsFehler, match="nicht erlaubt"):
        auswerten(env, "{{ ''.__class__.__mro__[1].__subclasses__() }}", "k.md", {})


# --- issue 19: every way to iterate, format or print is bounded before anything big is made ------

FEINDLICH = [
    '{% for a in "x" * 1000000 %}{% for b in "x" * 1000000 %}{% endfor %}{% endfor %}',
    "{% for a in [0] * 100000 %}{% for b in [0] * 100000 %}{% endfor %}{% endfor %}",
    "{% for a in {l} %}{% for b in {l} %}{% for c in {l} %}{% endfor %}{% endfor %}{% endfor %}".replace(
        "{l}", "[" + ", ".join(["0"] * 1000) + "]"
    ),
    "{% for a in dict(a=1) %}{% for b in 'x' * 999999 %}{% for c in 'x' * 999999 %}{% endfor %}{% endfor %}{% endfor %}",
    '{% for a in ["x" * 900000] recursive %}{% if a != "x" %}{{ loop(a) }}{% endif %}{% endfor %}',
    "{{ '{:>{w}}'.format(1, w=999999999) }}",
    "{{ '{:{}}'.format(1, '999999999') }}",
    "{{ '{0:{1}}'.format('x', '9999999') }}",
    "{{ '{:.{p}f}'.format(1.5, p='9999999') }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '%.*f' % (999999999, 1.5) }}",
    "{{ '%*s' | format(999999999, 'x') }}",
    "{% set s = 'x' * 900000 %}{{ ('{0}' * 5000).format(s) }}",
    "{% set s = 'x' * 900000 %}{{ ('%(a)s' * 5000) % dict(a=s) }}",
    "{% set s = 'x' * 900000 %}{{ [s] * 5000 }}",
    "{% set s = 'x' * 900000 %}{{ [s, s, s] }}",
    "{% set s = 'x' * 900000 %}{{ ([s] * 5000) | join }}",
    "{% set s = 'x' * 900000 %}{{ [s, s] | join }}",
    "{% set s = 'x' * 900000 %}{{ [s, s] | string }}",
    "{% set s = 'x' * 900000 %}{{ [s, s] | tojson }}",
    "{% set s = 'x' * 900000 %}{{ '' ~ [s, s] }}",
    "{% set s = 'x' * 900000 %}{{ '%s' % ([s, s],) }}",
    "{% set s = 'x' * 900000 %}{{ '{}'.format([s, s]) }}",
    "{% set s = 'x' * 900000 %}{{ [s] + [s] }}",
    "{{ range(90000) | join('x' * 90000) }}",
    "{{ range(90000) | map('string') | join('x' * 90000) }}",
    "{{ ('y' * 1000).join(['x'] * 100000) }}",
    "{{ ('x' * 100000).replace('x', 'y' * 100000) }}",
    "{{ ('x' * 100000) | replace('x', 'y' * 100000) }}",
    "{{ ('\\t' * 100000).expandtabs(100000) }}",
    "{{ ('x' * 100000).translate({120: 'y' * 100000}) }}",
    "{{ ('x\\n' * 400000) | indent(100000) }}",
    "{{ ('x\\n' * 400000) | indent('y' * 100000) }}",
    "{{ ('x ' * 400000) | wordwrap(1, wrapstring='y' * 100000) }}",
    "{{ ('x ' * 400000) | urlize(target='y' * 100000) }}",
    "{% set s = 'x' * 900000 %}{% set a %}{% for i in range(5000) %}{{ s }}{% endfor %}{% endset %}",
    "{% set a %}{% for i in range(99999) %}" + "y" * 1000 + "{% endfor %}{% endset %}",
    "{% macro m() %}{% for i in range(99999) %}" + "y" * 1000 + "{% endfor %}{% endmacro %}{% set a = m() %}",
    "{% macro f(n, x) %}{% if n %}{{ f(n - 1, [x, x]) }}{% else %}{{ x | length }}{% endif %}{% endmacro %}"
    "{{ f(60, 'x' * 1000) }}",
    "".join(f"{{% set s{i} = 'x' * 900000 %}}" for i in range(1000)),
    # issue 20: values may be large, sizes may not
    "{% for i in range(253377, 253377 + 10**9) %}{% endfor %}",
    "{{ (5).to_bytes(10**9, 'big') }}",
    "{{ dict(a=253377, b='x' * 10**9) }}",
    "{{ '{:{}}'.format(253377, 10**9) }}",
]
"""Each would take far more than a gigabyte or hours without the bounds."""

_MESSEN = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (500_000_000, 500_000_000))
from berichtsgen.fehler import InhaltsFehler
from berichtsgen.inhalt.ausdruecke import auswerten, umgebung
from berichtsgen.projekt import Parameter
env = umgebung({})
for text in json.loads(sys.stdin.read()):
    beginn = time.monotonic()
    try:
        auswerten(env, text, "k.md", {})
        meldung = "gerendert"
    except InhaltsFehler as exc:
        meldung = exc.meldung
    try:  # as the Word template is filled
        umgebung({}, autoescape=True).from_string(text).render({})
        vorlage = "gerendert"
    except Exception as exc:
        vorlage = type(exc).__name__
    print(json.dumps([text, meldung, vorlage, time.monotonic() - beginn]), flush=True)
"""


def test_feindliche_ausdruecke_scheitern_schnell_und_ohne_viel_speicher():
    """Under a limit of 500 MB address space (Python and Jinja take about 100 of it) each hostile
    text is refused by a bound – not by a MemoryError – in well under a second, in a chapter and
    in the Word template's placeholders."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[2] / "src")
    lauf = subprocess.run(
        [sys.executable, "-c", _MESSEN],
        input=json.dumps(FEINDLICH),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": src},
    )
    ergebnisse = [json.loads(z) for z in lauf.stdout.splitlines()]
    assert len(ergebnisse) == len(FEINDLICH), lauf.stderr[-2000:]
    for text, meldung, vorlage, dauer in ergebnisse:
        assert meldung.startswith("Der Ausdruck überschreitet eine Grenze"), (text, meldung)
        assert vorlage == "Grenze", (text, vorlage)
        assert dauer < 2.0, (text, dauer)  # in a chapter and in the template


@pytest.mark.parametrize(
    ("text", "erwartet"),
    [
        ("{% for k, v in parameter.items() %}{{ k }}={{ v }};{% endfor %}", "stadtteil=Opladen;nummer=7;"),
        (
            "{% for c in 'abc' %}{{ loop.index }}{{ c }}{{ '/' ~ loop.length if loop.last }}{% endfor %}",
            "1a2b3c/3",
        ),
        ("{% for k in parameter %}{{ k }} {% endfor %}", "stadtteil nummer "),
        (
            "{% for x in [[1, [2]], 3] recursive %}{% if x is iterable %}{{ loop(x) }}{% else %}{{ x }}{% endif %}{% endfor %}",
            "123",
        ),
        ("{{ '{:>6}|{:.2f}|{:{w}}|'.format('a', 3.14159, 'b', w=3) }}", "     a|3.14|b  |"),
        ("{{ '{0}-{0}'.format(parameter.stadtteil) }}", "Opladen-Opladen"),
        ("{{ '%5.1f|%-4s|%*d' % (2.25, 'ab', 3, 7) }}", "  2.2|ab  |  7"),
        ("{{ '%(stadtteil)s' % parameter }}", "Opladen"),
        ("{{ '%s und %s' | format('a', 'b') }}", "a und b"),
        ("{{ [1, 2, 3] | join(', ') }} {{ ['a', 'b'] | map('upper') | join('-') }}", "1, 2, 3 A-B"),
        ("{{ [parameter, parameter] | join(', ', attribute='stadtteil') }}", "Opladen, Opladen"),
        ("{{ [1, 'a', (2, 3)] }} {{ dict(a=1) }}", "[1, 'a', (2, 3)] {'a': 1}"),
        ("{{ parameter.stadtteil ~ ' ' ~ parameter.nummer }}", "Opladen 7"),
        ("{% set a %}{% for i in range(3) %}x{% endfor %}{% endset %}{{ a }}", "xxx"),
        ("{% macro m(n) %}<{{ n }}>{% endmacro %}{{ m(1) }}{{ m(2) }}", "<1><2>"),
        (
            "{{ 'a-b'.replace('-', '--') }} {{ '-'.join(['a', 'b']) }} {{ 'x' | indent(2, true) }}",
            "a--b a-b   x",
        ),
        ("{{ ('x' * 10) | wordwrap(5) }}", "xxxxx\nxxxxx"),
        ("{{ ('x' * 999999) | length }}", "999999"),
    ],
)
def test_schleifen_formate_und_listen_wie_gewohnt(env, text, erwartet):
    kontext = {"parameter": Parameter({"stadtteil": "Opladen", "nummer": 7})}
    assert auswerten(env, text, "k.md", kontext) == erwartet


@pytest.mark.parametrize(
    ("text", "art"),
    [
        ("{{ parameter.items }}", "Funktion"),
        ("{{ wert }}", "Funktion"),
        ("{{ ''.upper }}", "Funktion"),
        ("{{ ''.format }}", "Funktion"),
        ("{{ range }}", "Funktion"),
        ("{% macro m() %}{% endmacro %}{{ m }}", "Funktion"),
        ("{% for i in [1] %}{{ loop }}{% endfor %}", "Folge von Werten"),
        ("{{ [wert] }}", "Funktion"),
        ("{{ 'Werte: ' ~ [wert] }}", "Funktion"),
        ("{{ dict(a=wert) }}", "Funktion"),
        ("{{ 'Wert: ' ~ wert }}", "Funktion"),
        ("{{ '%s' % wert }}", "Funktion"),
        ("{{ '%s' | format(wert) }}", "Funktion"),
        ("{{ '{}'.format(wert) }}", "Funktion"),
        ("{{ '{!r}'.format(wert) }}", "Funktion"),
        ("{{ '{0.items}'.format(parameter) }}", "Funktion"),
        ("{{ wert | string }}", "Funktion"),
        ("{{ wert | upper }}", "Funktion"),
        ("{{ [wert] | join }}", "Funktion"),
        ("{{ [parameter] | join(attribute='items') }}", "Funktion"),
        ("{{ range(3) }}", "Folge von Werten"),
        ("{{ parameter.items() }}", "Folge von Werten"),
        ("{{ parameter.keys() }}", "Folge von Werten"),
        ("{{ ['a'] | map('upper') }}", "Folge von Werten"),
        ("{{ [1, 2] | batch(1) | string }}", "Folge von Werten"),
        ("{{ [{'a': 1}] | groupby('a') }}", "Objekt"),
        ("{{ self }}", "Objekt"),
    ],
)
def test_nichts_pythonhaftes_wird_gedruckt(env, text, art):
    """A function, a method, a generator or an object would print as Python writes it
    (`<bound method …>`, `<generator object … at 0x…>`): refused with a German line and a hint."""
    kontext = {"parameter": Parameter({"stadtteil": "Opladen"}), "wert": {"a": 1}.get}
    with pytest.raises(InhaltsFehler) as info:
        auswerten(env, "Zeile 1\n" + text, "k.md", kontext)
    assert info.value.meldung.startswith("Der Ausdruck ergibt ") and art in info.value.meldung
    assert info.value.ort.zeile == 2 and info.value.hinweis


def test_pprint_gibt_es_nicht(env):
    with pytest.raises(InhaltsFehler, match="es gibt keinen Filter „pprint“"):
        auswerten(env, "{{ [1] | pprint }}", "k.md", {})


def test_breite_bis_zur_grenze_geht(env):
    text = auswerten(
        env, "{{ '{:>{w}}'.format('x', w=100000) | length }} {{ ('%*d' % (100000, 1)) | length }}", "k.md", {}
    )
    assert text == "100000 100000"
