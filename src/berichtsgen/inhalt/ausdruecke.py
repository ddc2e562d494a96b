"""`{{ … }}` expressions in Markdown and in the Word template: sandboxed, bounded, in German.

Both are rendered in `BegrenzteUmgebung`, Jinja's immutable sandbox with budgets a text never
needs but a hostile or mistaken one would exceed:

- all loop iterations and calls of one document together (`SCHRITTE`),
- the length of every string or list made and of the document's output (`ZEICHEN`),
- the size of numbers from `**` and `*` (`STELLEN` digits), widths in format strings and
  numeric filter arguments,
- the time of one document (`SEKUNDEN`),

and without `lipsum`, `cycler`, `joiner` and `namespace`. `include`, `import` and `extends` are
refused before rendering. Every message is German and names the file and line.
"""

from __future__ import annotations

import math
import re
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..fehler import BerichtsgenFehler, InhaltsFehler, Ort

_VORLAGENNAME = "<template>"  # the file name Jinja gives code compiled from a string

SCHRITTE = 100_000
"""Loop iterations and calls one document may take, all loops and nestings together."""
ZEICHEN = 1_000_000
"""Longest string or list an expression may make, and longest output of one document."""
STELLEN = 300
"""Most digits of a number an expression may compute (10**300 is far beyond any statistic)."""
ARGUMENT = 100_000
"""Largest number a filter or method may get as argument (a width, a count)."""
SEKUNDEN = 10.0
"""Most time the expressions of one document may take."""

_BREITE = re.compile(r"\d{7,}")
"""A width or precision of seven digits or more in a format string."""


class Grenze(Exception):
    """An expression exceeded a budget; the message says which, in German."""


class _Bereich:
    """`range` that counts its iterations against the document's budget."""

    def __init__(self, umgebung: BegrenzteUmgebung, *args: int):
        self._bereich = range(*args)
        self._umgebung = umgebung
        if len(self._bereich) > SCHRITTE:
            raise Grenze(
                f"range mit {len(self._bereich):,} Werten ist zu groß (höchstens {SCHRITTE:,})".replace(
                    ",", "."
                )
            )

    def __len__(self) -> int:
        return len(self._bereich)

    def __iter__(self) -> Iterator[int]:
        for wert in self._bereich:
            self._umgebung.schritt()
            yield wert


class BegrenzteUmgebung(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with budgets on steps, sizes and time (see the module)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **optionen: Any):
        super().__init__(**optionen)
        self.globals = {"range": lambda *args: _Bereich(self, *args), "dict": dict}
        self.beginnen()

    def beginnen(self) -> None:
        """Start the budgets of a new document."""
        self._schritte = 0
        self._beginn = time.monotonic()

    def schritt(self) -> None:
        self._schritte += 1
        if self._schritte > SCHRITTE:
            raise Grenze(f"mehr als {SCHRITTE:,} Schleifendurchläufe und Aufrufe".replace(",", "."))
        if self._schritte % 256 == 0 and time.monotonic() - self._beginn > SEKUNDEN:
            raise Grenze(f"länger als {SEKUNDEN:.0f} Sekunden")

    def filter_begrenzen(self) -> None:
        """Wrap every filter (Jinja calls them directly, past the sandbox): count it, bound its
        numeric arguments and the size of what it returns."""
        for name, f in list(self.filters.items()):
            if getattr(f, "_begrenzt", False):
                continue
            self.filters[name] = _begrenzt(self, f, formatiert=name == "format")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _zahl(left) and _zahl(right):
            if abs(right) > 10_000 or (abs(left) > 1 and right * math.log10(abs(left)) > STELLEN):
                raise Grenze(f"die Potenz {left} ** {right} ergäbe eine zu große Zahl")
        elif operator == "*":
            for folge, faktor in ((left, right), (right, left)):
                if isinstance(folge, (str, list, tuple)) and isinstance(faktor, int):
                    if len(folge) * faktor > ZEICHEN:
                        raise Grenze(
                            f"die Vervielfachung ergäbe mehr als {ZEICHEN:,} Zeichen".replace(",", ".")
                        )
            if _zahl(left) and _zahl(right) and isinstance(left, int) and isinstance(right, int):
                if _stellen(left) + _stellen(right) > STELLEN:
                    raise Grenze("das Produkt ergäbe eine zu große Zahl")
        elif (
            operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple))
        ):
            if len(left) + len(right) > ZEICHEN:
                raise Grenze(f"das Ergebnis hätte mehr als {ZEICHEN:,} Zeichen".replace(",", "."))
        elif operator == "%" and isinstance(left, str) and _BREITE.search(left):
            raise Grenze("eine Breite im Format ist zu groß")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """ "….format(…)" with a width of seven digits would build a giant string: refused."""
        fmt = super().wrap_str_format(value)
        if fmt is not None and _BREITE.search(value.__self__):

            def verweigert(*_args: Any, **_kwargs: Any) -> str:
                raise Grenze("eine Breite im Format ist zu groß")

            return verweigert
        return fmt

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        __self.schritt()
        _argumente_pruefen(args, kwargs)
        ergebnis = super().call(__context, __obj, *args, **kwargs)
        _groesse_pruefen(ergebnis)
        return ergebnis


def _zahl(wert: Any) -> bool:
    return isinstance(wert, (int, float)) and not isinstance(wert, bool)


def _stellen(zahl: int) -> int:
    return len(str(abs(zahl))) if abs(zahl) < 10**STELLEN else STELLEN + 1


def _argumente_pruefen(args: tuple, kwargs: dict) -> None:
    for wert in (*args, *kwargs.values()):
        if _zahl(wert) and abs(wert) > ARGUMENT:
            raise Grenze(f"die Zahl {wert} ist als Angabe zu groß (höchstens {ARGUMENT:,})".replace(",", "."))


def _groesse_pruefen(ergebnis: Any) -> None:
    if isinstance(ergebnis, Markup):  # the report body for the template's {{p inhalt }}
        return
    if isinstance(ergebnis, (str, list, tuple)) and len(ergebnis) > ZEICHEN:
        raise Grenze(f"ein Ergebnis hätte mehr als {ZEICHEN:,} Zeichen".replace(",", "."))


def _begrenzt(umgebung: BegrenzteUmgebung, f: Callable, formatiert: bool = False) -> Callable:
    def gezaehlt(*args: Any, **kwargs: Any) -> Any:
        umgebung.schritt()
        _argumente_pruefen(args[1:], kwargs)  # the first argument is the value being filtered
        if formatiert and args and isinstance(args[0], str) and _BREITE.search(args[0]):
            raise Grenze("eine Breite im Format ist zu groß")
        ergebnis = f(*args, **kwargs)
        _groesse_pruefen(ergebnis)
        return ergebnis

    gezaehlt._begrenzt = True  # type: ignore[attr-defined]
    for merkmal in ("jinja_pass_arg",):  # keep how Jinja passes context/environment
        if hasattr(f, merkmal):
            setattr(gezaehlt, merkmal, getattr(f, merkmal))
    return gezaehlt


def umgebung(filter: dict[str, Callable[..., Any]], autoescape: bool = False) -> BegrenzteUmgebung:
    """Return the bounded environment for Markdown (or, with `autoescape`, a Word template), with
    the German format `filter`."""
    env = BegrenzteUmgebung(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=autoescape,
    )
    env.filters.update(filter)
    env.filter_begrenzen()
    return env


VERBOTEN = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
}


def verbotene_anweisung(baum: nodes.Template) -> tuple[str, int] | None:
    """Return the first `include`/`import`/`extends` of a parsed text (name and line), if any."""
    for art, name in VERBOTEN.items():
        for knoten in baum.find_all(art):
            return name, knoten.lineno
    return None


def _zeile_aus_traceback() -> int | None:
    tb = sys.exc_info()[2]
    zeile = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _VORLAGENNAME:
            zeile = tb.tb_lineno
        tb = tb.tb_next
    return zeile


HINWEIS = 'Ausdrücke haben die Form {{ wert("name") | zahl }}.'


def rendern(env: BegrenzteUmgebung, text: str, datei: Any, kontext: dict[str, Any]) -> str:
    """Render the expressions in `text` (from `datei`) with `kontext`; errors name file and line."""
    if "{{" not in text and "{%" not in text and "{#" not in text:
        return text
    env.beginnen()
    try:
        baum = env.parse(text)
        verboten = verbotene_anweisung(baum)
        if verboten:
            raise InhaltsFehler(
                f"„{{% {verboten[0]} %}}“ ist in Texten nicht erlaubt.",
                Ort(datei, verboten[1]),
                "Ein Kapitel kann keine anderen Dateien einbinden; schreiben Sie den Text hinein.",
            )
        teile, laenge = [], 0
        for teil in env.from_string(baum).generate(kontext):
            laenge += len(teil)
            if laenge > ZEICHEN:
                raise Grenze(f"der Text würde länger als {ZEICHEN:,} Zeichen".replace(",", "."))
            teile.append(teil)
        return "".join(teile)
    except jinja2.TemplateSyntaxError as exc:
        raise InhaltsFehler(
            f"Ausdruck fehlerhaft: {deutsch(exc)}.", Ort(datei, exc.lineno), HINWEIS
        ) from None
    except jinja2.UndefinedError as exc:
        was = deutsch(exc)
        raise InhaltsFehler(
            f"Ausdruck fehlerhaft: {was if was != UNGUELTIG else 'ein Name ist nicht definiert'}.",
            Ort(datei, _zeile_aus_traceback()),
            'Verfügbar sind jahr, bericht und wert("name").',
        ) from None
    except jinja2.exceptions.SecurityError:
        raise InhaltsFehler(
            "Der Ausdruck greift auf etwas zu, das in Texten nicht erlaubt ist.",
            Ort(datei, _zeile_aus_traceback()),
            HINWEIS,
        ) from None
    except Grenze as exc:
        raise InhaltsFehler(
            f"Der Ausdruck überschreitet eine Grenze: {exc}.",
            Ort(datei, _zeile_aus_traceback()),
            "Texte brauchen keine so großen Schleifen oder Werte; vereinfachen Sie den Ausdruck.",
        ) from None
    except BerichtsgenFehler as exc:
        if not exc.ort.datei:
            exc.ort = Ort(datei, _zeile_aus_traceback())
        raise
    except (RecursionError, MemoryError):
        raise InhaltsFehler(
            "Der Ausdruck ruft sich zu oft selbst auf oder wird zu groß.",
            Ort(datei, _zeile_aus_traceback()),
            "Vereinfachen Sie den Ausdruck.",
        ) from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, jinja2.TemplateError) as exc:
        raise InhaltsFehler(
            f"Der Ausdruck lässt sich nicht auswerten ({_art(exc)}).",
            Ort(datei, _zeile_aus_traceback()),
            "Prüfen Sie, ob der Filter zum Wert passt (zahl, prozent, datum).",
        ) from None


_ARTEN = (
    (ZeroDivisionError, "Division durch null"),
    (ArithmeticError, "Rechenfehler"),
    (LookupError, "Eintrag nicht vorhanden"),
    (TypeError, "der Wert hat nicht die passende Art"),
    (ValueError, "ungültiger Wert"),
    (AttributeError, "diese Eigenschaft gibt es nicht"),
)


def _art(exc: Exception) -> str:
    """Say in German what kind of error a Python exception is (its English text stays out)."""
    return next((text for art, text in _ARTEN if isinstance(exc, art)), "Fehler beim Auswerten")


_ZEICHEN = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "name": "ein Name",
    "end of template": "Textende",
}


def _token(name: str) -> str:
    return f"„{_ZEICHEN[name]}“" if name in _ZEICHEN and name != "name" else _ZEICHEN.get(name, f"„{name}“")


_MUSTER: list[tuple[str, Callable[[re.Match], str]]] = [
    (r"'([^']+)' is undefined", lambda m: f"„{m[1]}“ ist nicht definiert"),
    (r"'[^']+' has no attribute '([^']+)'", lambda m: f"„{m[1]}“ gibt es hier nicht"),
    (r"\S+ object has no element (\S+)", lambda m: f"Eintrag {m[1]} gibt es nicht"),
    (r"no filter named '([^']+)'", lambda m: f"es gibt keinen Filter „{m[1]}“"),
    (r"[Nn]o test named '([^']+)'", lambda m: f"es gibt keinen Test „{m[1]}“"),
    (r"[Ee]ncountered unknown tag '([^']+)'.*", lambda m: f"unbekannte Anweisung „{m[1]}“"),
    (
        r"[Uu]nexpected end of template.*innermost block that needs to be closed is '(\w+)'.*",
        lambda m: f"es fehlt „{{% end{m[1]} %}}“",
    ),
    (
        r"unexpected end of template, expected '([^']+)'.*",
        lambda m: f"der Ausdruck endet zu früh, es fehlt {_token(m[1])}",
    ),
    (r"[Uu]nexpected end of template.*", lambda m: "der Ausdruck endet zu früh"),
    (r"[Ee]xpected an expression, got '([^']*)'", lambda m: f"vor {_token(m[1])} fehlt ein Ausdruck"),
    (
        r"expected token '([^']*)', got '([^']*)'",
        lambda m: f"erwartet wurde {_token(m[1])}, nicht {_token(m[2])}",
    ),
    (
        r"unexpected '([^']*)', expected '([^']*)'",
        lambda m: f"erwartet wurde {_token(m[2])}, nicht {_token(m[1])}",
    ),
    (r"unexpected char '(.)' at \d+", lambda m: f"unerwartetes Zeichen „{m[1]}“"),
    (r"unexpected '([^']*)'", lambda m: f"unerwartet: {_token(m[1])}"),
    (r"tag name expected", lambda m: "nach „{%“ fehlt die Anweisung"),
]


def deutsch(exc: Exception | str) -> str:
    """Say what a Jinja error means in German; never pass its English text on."""
    meldung = exc if isinstance(exc, str) else (getattr(exc, "message", None) or str(exc))
    for muster, ersatz in _MUSTER:
        treffer = re.fullmatch(muster, meldung.strip().rstrip("."), re.S)
        if treffer:
            return ersatz(treffer)
    return UNGUELTIG


UNGUELTIG = "die Schreibweise ist ungültig"
