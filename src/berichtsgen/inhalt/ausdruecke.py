"""`{{ … }}` expressions in Markdown and in the Word template: sandboxed, bounded, in German.

Both are rendered in `BegrenzteUmgebung`, Jinja's immutable sandbox with budgets a text never
needs but a hostile or mistaken one would exceed:

- all loop iterations and calls of one document together (`SCHRITTE`): every `for` loop counts
  its iterations, over a `range`, a string, a list or a dict alike,
- the size of every string or list made – a list by what it would print as, so that a list of
  many references to one long string is as big as its text – and of the document's output
  (`ZEICHEN`); everything printed, also into `{% set %}` blocks and macros, together
  (`AUSGABE`), and everything its expressions make, kept or not (`GEMACHT`),
- the size of numbers from `**` and `*` (`STELLEN` digits), widths and precisions in format
  strings (also given as arguments, nested `{}` fields or `*`) and numeric arguments of filters and
  methods (`ARGUMENT`) – not the numbers a report prints: what is formatted (`"{}".format(x)`,
  `"%d" | format(x)`), the values given to berichtsgen's own number functions (only their
  `stellen` is bounded) and a `range`'s bounds (only its length is) may be any size,
- the time of one document (`SEKUNDEN`),

and without `lipsum`, `cycler`, `joiner`, `namespace` and the `pprint` filter. Each size is
checked before the string is made. Only values can be printed: a function, a method or an object
that would print as `<… at 0x…>` is refused. `include`, `import` and `extends` are refused before
rendering. Every message is German and names the file and line.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import math
import numbers
import re
import sys
import time
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, Sized, ValuesView
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from ..fehler import BerichtsgenFehler, InhaltsFehler, Ort

_VORLAGENNAME = "<template>"  # the file name Jinja gives code compiled from a string

SCHRITTE = 100_000
"""Loop iterations and calls one document may take, all loops and nestings together."""
ZEICHEN = 1_000_000
"""Longest string or list (as printed) an expression may make, and longest output of one document."""
AUSGABE = 10 * ZEICHEN
"""Characters one document may print in all, into `{% set %}` blocks and macros too."""
GEMACHT = 20 * ZEICHEN
"""Characters of strings and elements of lists the expressions of one document may make in all,
what is thrown away again included (many variables of a million characters each are not a text)."""
STELLEN = 300
"""Most digits of a number an expression may compute (10**300 is far beyond any statistic)."""
ARGUMENT = 100_000
"""Largest number a filter or method may get as argument (a width, a count), and the largest
width or precision in a format string."""
SEKUNDEN = 10.0
"""Most time the expressions of one document may take."""

_ZU_BREIT = "eine Breite im Format ist zu groß"


def _zahltext(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Grenze(Exception):
    """An expression exceeded a budget; the message says which, in German."""


class Undruckbar(Exception):
    """An expression's value cannot be printed (a function, an object); German message and hint."""

    def __init__(self, meldung: str, hinweis: str):
        super().__init__(meldung)
        self.hinweis = hinweis


def _zu_lang(was: str = "ein Ergebnis") -> Grenze:
    return Grenze(f"{was} hätte mehr als {_zahltext(ZEICHEN)} Zeichen")


class _Bereich:
    """`range` that counts its iterations against the document's budget."""

    def __init__(self, umgebung: BegrenzteUmgebung, *args: int):
        self._bereich = range(*args)
        self._umgebung = umgebung
        if len(self._bereich) > SCHRITTE:
            raise Grenze(
                f"die Zahlenfolge mit {_zahltext(len(self._bereich))} Werten ist zu groß (höchstens {_zahltext(SCHRITTE)})"
            )

    def __len__(self) -> int:
        return len(self._bereich)

    def __iter__(self) -> Iterator[int]:
        for wert in self._bereich:
            self._umgebung.schritt()
            yield wert


class _Gezaehlt:
    """What a `for` loop iterates: the values of `folge`, each counted as one step."""

    def __init__(self, umgebung: BegrenzteUmgebung, folge: Any):
        self._umgebung = umgebung
        self._folge = folge

    def __len__(self) -> int:  # LoopContext asks (loop.length); TypeError if `folge` has none
        return len(self._folge)

    def __iter__(self) -> Iterator[Any]:
        schritt = self._umgebung.schritt
        for wert in self._folge:
            schritt()
            yield wert


# --- the code generator: loops counted, printed text measured ----------------------------------


_HUELLEN = frozenset({"schleife", "verketten", "behaelter"})
"""The environment's checks `_Umhuellen` wraps around expressions."""


def _umhuellt(node: nodes.Node, methode: str) -> nodes.Call:
    """`environment.<methode>(<node>)` (Jinja allows no node types of one's own: a call of an
    environment attribute, which its parser never makes, that `_Generator` writes as a plain call)."""
    return nodes.Call(nodes.EnvironmentAttribute(methode), [node], [], None, None, lineno=node.lineno)


def _ist_umhuellt(node: nodes.Node, methode: str | None = None) -> bool:
    """Whether `node` is a check of `_Umhuellen` (the check `methode`, if given)."""
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.EnvironmentAttribute)
        and node.node.name in _HUELLEN
        and (methode is None or node.node.name == methode)
    )


class _Umhuellen(NodeTransformer):
    """Wrap what a template iterates (`for`), joins (`~`) and builds (list, tuple and dict
    literals) in the environment's checks."""

    def visit_Call(self, node: nodes.Call) -> nodes.Call:
        return node if _ist_umhuellt(node) else self.generic_visit(node)  # wrapped already

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        if not _ist_umhuellt(node.iter, "schleife"):
            node.iter = _umhuellt(node.iter, "schleife")
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Concat:
        node = self.generic_visit(node)
        node.nodes = [n if _ist_umhuellt(n, "verketten") else _umhuellt(n, "verketten") for n in node.nodes]
        return node

    def _behaelter(self, node: nodes.Expr) -> nodes.Expr:
        node = self.generic_visit(node)
        if getattr(node, "ctx", "load") != "load":  # `{% for a, b in … %}`: a target, not a value
            return node
        return _umhuellt(node, "behaelter")

    visit_List = visit_Tuple = visit_Dict = _behaelter


class _Generator(CodeGenerator):
    """Jinja's code generator, writing the checks of `_Umhuellen` and counting the template's own text where it
    may repeat (in loops, macros, blocks – everywhere but the top level)."""

    _frame_jetzt = None

    def visit_Call(self, node: nodes.Call, frame: Any, **optionen: Any) -> None:
        if not _ist_umhuellt(node):
            super().visit_Call(node, frame, **optionen)
            return
        self.write(f"environment.{node.node.name}(")
        self.visit(node.args[0], frame)
        self.write(")")

    def visit_Output(self, node: nodes.Output, frame: Any) -> None:
        self._frame_jetzt = frame
        try:
            super().visit_Output(node, frame)
        finally:
            self._frame_jetzt = None

    def _output_const_repr(self, group: Any) -> str:
        text = super()._output_const_repr(group)
        if self._frame_jetzt is not None and not self._frame_jetzt.rootlevel:
            return f"environment.literal({text})"
        return text


# --- sizes and what can be printed -------------------------------------------------------------


def _umfang(wert: Any, grenze: int = ZEICHEN) -> int:
    """About how many characters `wert` prints as (a container as Python writes it, each element
    counted however often it is referenced); counting stops once past `grenze`."""
    summe = 0
    stapel = [wert]
    while stapel:
        w = stapel.pop()
        if isinstance(w, str):
            summe += len(w) + 2
        elif isinstance(w, (list, tuple, set, frozenset)):
            summe += 2 + 2 * len(w)
            if summe <= grenze:
                stapel.extend(w)
        elif isinstance(w, Mapping):
            summe += 2 + 4 * len(w)
            if summe <= grenze:
                stapel.extend(w.keys())
                stapel.extend(w.values())
        elif isinstance(w, bool) or w is None:
            summe += 5
        elif isinstance(w, int):
            summe += w.bit_length() * 3 // 10 + 2
        else:
            summe += 24
        if summe > grenze:
            return summe
    return summe


_FOLGEN = (Iterator, KeysView, ValuesView, ItemsView, range, _Bereich, _Gezaehlt)


def _art_undruckbar(wert: Any) -> str | None:
    """Say in German why `wert` cannot be printed (a function, an object that would print as
    Python writes it), or None."""
    if isinstance(wert, (str, numbers.Number, Decimal, datetime.date, datetime.time, jinja2.Undefined)):
        return None
    if wert is None or isinstance(wert, (list, tuple, dict, set, frozenset)) and _eingebaut(wert):
        return None
    if isinstance(wert, _FOLGEN):
        return "folge"
    if callable(wert):
        return "funktion"
    typ = type(wert)
    if typ.__repr__ is object.__repr__ and typ.__str__ is object.__str__:
        return "objekt"
    if typ.__module__.startswith("jinja2"):
        return "objekt"
    return None


def _eingebaut(behaelter: Any) -> bool:
    """Whether a list, tuple, dict or set prints as Python writes those (not as a named tuple)."""
    typ = type(behaelter)
    return any(typ.__repr__ is basis.__repr__ for basis in (list, tuple, dict, set, frozenset))


_UNDRUCKBAR = {
    "funktion": (
        "Der Ausdruck ergibt eine Funktion, keinen Wert zum Drucken",
        'Drucken Sie einen Wert, etwa {{ jahr }} oder {{ parameter.NAME }}; eine Funktion rufen Sie mit Klammern auf: wert("name").',
    ),
    "folge": (
        "Der Ausdruck ergibt eine Folge von Werten, die sich so nicht drucken lässt",
        'Verbinden Sie die Werte zu einem Text: {{ … | join(", ") }}.',
    ),
    "objekt": (
        "Der Ausdruck ergibt ein Objekt, das sich nicht drucken lässt",
        "Drucken Sie einen Wert, etwa {{ jahr }} oder {{ parameter.NAME }}.",
    ),
}


def _druckbar_pruefen(wert: Any, grenze: int = ZEICHEN) -> int:
    """Refuse what cannot be printed or would print longer than `grenze`, before it is made into
    text; return about how long it prints."""
    art = _art_undruckbar(wert)
    if art is None and isinstance(wert, (list, tuple, dict, set, frozenset)):
        art = _inneres_undruckbar(wert)
    if art is not None:
        raise Undruckbar(*_UNDRUCKBAR[art])
    if isinstance(wert, str):
        laenge = len(wert)
    else:
        laenge = _umfang(wert, grenze)
    if laenge > grenze:
        raise Grenze(f"der Wert würde gedruckt länger als {_zahltext(grenze)} Zeichen")
    return laenge


def _inneres_undruckbar(behaelter: Any) -> str | None:
    """The first element of a container (at any depth) that cannot be printed, as its kind."""
    stapel, gesehen = [behaelter], 0
    while stapel and gesehen <= ZEICHEN:
        w = stapel.pop()
        gesehen += 1
        if isinstance(w, (list, tuple, set, frozenset)):
            if not _eingebaut(w):
                return "objekt"
            stapel.extend(w)
        elif isinstance(w, Mapping):
            if not _eingebaut(w):
                return "objekt"
            stapel.extend(w.keys())
            stapel.extend(w.values())
        elif not isinstance(w, str):
            art = _art_undruckbar(w)
            if art is not None:
                return art
    return None


# --- format strings ----------------------------------------------------------------------------

_ZIFFERN = re.compile(r"\d+")


def _breiten(spec: str) -> int:
    """The sum of the numbers in a format spec (width and precision), refusing one too large."""
    summe = 0
    for ziffern in _ZIFFERN.findall(spec):
        if len(ziffern) > 6 or int(ziffern) > ARGUMENT:
            raise Grenze(_ZU_BREIT)
        summe += int(ziffern)
    return summe


class _Messend:
    """A format string's fields measured before each is formatted: widths and precisions (also
    from nested `{}` fields) at most `ARGUMENT`, the whole at most `ZEICHEN`, only printable values."""

    _laenge = 0
    _faktor = 1

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._laenge = len(format_string)
        ergebnis = super().vformat(format_string, args, kwargs)  # type: ignore[misc]
        self._env.gemacht(len(ergebnis))
        return ergebnis

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:  # !r, !a: as Python writes it (\U0001f600 for one character)
            self._vorher(_druckbar_pruefen(value) * (10 if conversion == "a" else 4))
        return super().convert_field(value, conversion)  # type: ignore[misc]

    def format_field(self, value: Any, format_spec: str) -> Any:
        breite = _breiten(format_spec)
        self._vorher((_druckbar_pruefen(value) + breite + 15 * len(format_spec)) * self._faktor)
        ergebnis = super().format_field(value, format_spec)  # type: ignore[misc]
        self._laenge += len(ergebnis)
        return ergebnis

    def _vorher(self, schaetzung: int) -> None:
        if self._laenge + schaetzung > ZEICHEN:
            raise _zu_lang("der formatierte Text")


class _Formatierer(_Messend, SandboxedFormatter):
    pass


class _MarkupFormatierer(_Messend, SandboxedEscapeFormatter):
    _faktor = 6  # escaping: " becomes &#34;


_PROZENT = re.compile(
    r"%(?:\((?P<schluessel>[^)]*)\))?[-#0 +]*(?P<breite>\*|\d+)?(?:\.(?P<genau>\*|\d*))?[hlL]?(?P<art>.?)",
    re.S,
)


def _prozent_pruefen(fmt: Any, werte: Any) -> int:
    """`fmt % werte` measured before it is made: widths and precisions (also `*` ones) at most
    `ARGUMENT`, the result at most `ZEICHEN` characters, only printable values; return about how
    long it will be."""
    if not isinstance(fmt, str) or "%" not in fmt:
        return len(fmt) if isinstance(fmt, str) else 0
    if isinstance(werte, tuple):
        folge = list(werte)
    elif isinstance(werte, Mapping) and "%(" in fmt:  # "%(name)s" % mapping
        folge = []
    else:
        folge = [werte]
    summe = len(fmt)

    def zahl(angabe: str | None) -> int:
        if angabe is None or angabe == "":
            return 0
        if angabe == "*":
            wert = folge.pop(0) if folge else 0
            wert = wert if isinstance(wert, int) else 0
        elif len(angabe) > 6:
            raise Grenze(_ZU_BREIT)
        else:
            wert = int(angabe)
        if abs(wert) > ARGUMENT:
            raise Grenze(_ZU_BREIT)
        return abs(wert)

    for treffer in _PROZENT.finditer(fmt):
        if treffer["art"] == "%":
            continue
        breite, genau = zahl(treffer["breite"]), zahl(treffer["genau"])
        if treffer["schluessel"] is not None:
            wert = werte.get(treffer["schluessel"]) if isinstance(werte, Mapping) else None
        else:
            wert = folge.pop(0) if folge else None
        laenge = _druckbar_pruefen(wert) * (10 if treffer["art"] in ("r", "a") else 1)
        summe += breite + genau + laenge
        if summe > ZEICHEN:
            raise _zu_lang("der formatierte Text")
    return summe


# --- the environment ---------------------------------------------------------------------------


WERT_AUF, WERT_ZU = "\ue000", "\ue001"
"""Around every printed value of a chapter in a review copy (`BegrenzteUmgebung.markieren`):
private-use characters no text holds, which the Word renderer turns into shaded runs."""


class BegrenzteUmgebung(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with budgets on steps, sizes and time (see the module)."""

    markieren = False
    """Put `WERT_AUF` … `WERT_ZU` around every printed value (a review copy: computed text is
    shown as such, and a reviewer's edit in it is found)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _Generator

    def __init__(self, **optionen: Any):
        super().__init__(finalize=self._drucken, **optionen)
        self.globals = {
            "range": _nimmt_werte(lambda *args: _Bereich(self, *args), ()),  # bounded by its length
            "dict": _nimmt_werte(lambda *args, **kwargs: dict(*args, **kwargs), ()),
        }
        self.filters.pop("pprint", None)  # prints Python's notation, indented without bound
        self.beginnen()

    def beginnen(self) -> None:
        """Start the budgets of a new document."""
        self._schritte = 0
        self._ausgabe = 0
        self._gemacht = 0
        self._beginn = time.monotonic()

    def schritt(self) -> None:
        self._schritte += 1
        if self._schritte > SCHRITTE:
            raise Grenze(f"mehr als {_zahltext(SCHRITTE)} Schleifendurchläufe und Aufrufe")
        if time.monotonic() - self._beginn > SEKUNDEN:
            raise Grenze(f"länger als {SEKUNDEN:.0f} Sekunden")

    def gemacht(self, laenge: int) -> None:
        """Count a string or list an expression makes against the document's budget."""
        self._gemacht += laenge
        if self._gemacht > GEMACHT:
            raise Grenze(f"die Ausdrücke machen zusammen mehr als {_zahltext(GEMACHT)} Zeichen")

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        return super()._generate(_Umhuellen().visit(source), *args, **kwargs)

    # --- called by the generated code ---

    def schleife(self, folge: Any) -> Any:
        """What a `for` loop iterates, counted."""
        return folge if isinstance(folge, (_Bereich, _Gezaehlt)) else _Gezaehlt(self, folge)

    def verketten(self, wert: Any) -> Any:
        """An operand of `~`, checked before it becomes text."""
        self.gemacht(_druckbar_pruefen(wert))
        return wert

    def behaelter(self, wert: Any) -> Any:
        """A list, tuple or dict written in the text, as long as it would print."""
        if not isinstance(wert, str) and _umfang(wert) > ZEICHEN:
            raise _zu_lang("die Liste")
        return wert

    def literal(self, text: str) -> str:
        """The template's own text where it may repeat, counted in what the document prints."""
        self._gedruckt(len(text))
        return text

    def _drucken(self, wert: Any) -> Any:
        """Jinja's `finalize`: every printed value, refused if it cannot or should not be printed."""
        if isinstance(wert, Markup):  # the report body for the template's {{p inhalt }}
            self._gedruckt(len(wert))
            return wert
        self._gedruckt(_druckbar_pruefen(wert))
        if self.markieren:
            return f"{WERT_AUF}{wert}{WERT_ZU}"
        return wert

    def _gedruckt(self, laenge: int) -> None:
        self._ausgabe += laenge
        if self._ausgabe > AUSGABE:
            raise Grenze(f"der Text würde länger als {_zahltext(AUSGABE)} Zeichen")

    # --- the sandbox ---

    def filter_begrenzen(self) -> None:
        """Wrap every filter (Jinja calls them directly, past the sandbox): count it, bound its
        numeric arguments and the size of what it returns."""
        for name, f in list(self.filters.items()):
            if getattr(f, "_begrenzt", False):
                continue
            self.filters[name] = _begrenzt(self, f, name)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _zahl(left) and _zahl(right):
            if abs(right) > 10_000 or (abs(left) > 1 and right * math.log10(abs(left)) > STELLEN):
                raise Grenze(f"die Potenz {left} ** {right} ergäbe eine zu große Zahl")
        elif operator == "*":
            for folge, faktor in ((left, right), (right, left)):
                if isinstance(folge, (str, list, tuple)) and isinstance(faktor, int) and faktor > 0:
                    einzeln = len(folge) if isinstance(folge, str) else _umfang(folge, ZEICHEN // faktor + 1)
                    if einzeln * faktor > ZEICHEN:
                        raise Grenze(f"die Vervielfachung ergäbe mehr als {_zahltext(ZEICHEN)} Zeichen")
                    self.gemacht(len(folge) * faktor)
            if _zahl(left) and _zahl(right) and isinstance(left, int) and isinstance(right, int):
                if _stellen(left) + _stellen(right) > STELLEN:
                    raise Grenze("das Produkt ergäbe eine zu große Zahl")
        elif (
            operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple))
        ):
            if isinstance(left, str) and isinstance(right, str):
                laenge = len(left) + len(right)
            else:
                laenge = _umfang(left) + _umfang(right)
            if laenge > ZEICHEN:
                raise Grenze(f"das Ergebnis hätte mehr als {_zahltext(ZEICHEN)} Zeichen")
            self.gemacht(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            self.gemacht(_prozent_pruefen(left, right))
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """ "….format(…)" and "….format_map(…)" with every field measured before it is formatted."""
        if super().wrap_str_format(value) is None:
            return None
        f_self = value.__self__
        art = type(f_self)
        formatierer = (
            _MarkupFormatierer(self, escape=f_self.escape)
            if isinstance(f_self, Markup)
            else _Formatierer(self)
        )
        ist_map = value.__name__ == "format_map"

        def formatieren(*args: Any, **kwargs: Any) -> str:
            if ist_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return art(formatierer.vformat(f_self, args, kwargs))

        formatieren._werte = True  # type: ignore[attr-defined]  # what is formatted may be any number
        return formatieren

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        __self.schritt()
        if not _werte_aufruf(__obj):
            _argumente_pruefen(args, kwargs)
        if isinstance(__obj, LoopContext) and args:  # loop(kinder) in a recursive loop iterates too
            args = (__self.schleife(args[0]), *args[1:])
        args = _methode_pruefen(__obj, args, kwargs)
        ergebnis = super().call(__context, __obj, *args, **kwargs)
        __self.gemacht(_groesse_pruefen(ergebnis))
        return ergebnis


def _zahl(wert: Any) -> bool:
    return isinstance(wert, (int, float)) and not isinstance(wert, bool)


def _stellen(zahl: int) -> int:
    return len(str(abs(zahl))) if abs(zahl) < 10**STELLEN else STELLEN + 1


def _argumente_pruefen(args: tuple, kwargs: dict) -> None:
    for wert in (*args, *kwargs.values()):
        if _zahl(wert) and abs(wert) > ARGUMENT:
            raise Grenze(f"die Zahl {wert} ist als Angabe zu groß (höchstens {_zahltext(ARGUMENT)})")


def _nimmt_werte(f: Callable[..., Any], groessen: tuple[str, ...] = ("stellen",)) -> Callable[..., Any]:
    """`f` wrapped as a function whose number arguments are values a report prints (a district's
    253.377 inhabitants), not sizes: only its parameters named in `groessen` are bounded by
    `ARGUMENT`."""
    signatur = inspect.signature(f)

    @functools.wraps(f)
    def aufruf(*args: Any, **kwargs: Any) -> Any:
        try:
            gebunden = signatur.bind(*args, **kwargs).arguments
        except TypeError:
            gebunden = {}  # the call itself says what is wrong
        _argumente_pruefen((), {name: wert for name, wert in gebunden.items() if name in groessen})
        return f(*args, **kwargs)

    aufruf._werte = True  # type: ignore[attr-defined]
    return aufruf


_WERTE_FILTER = frozenset({"format", "default", "d", "sum"})
"""Jinja's filters whose further arguments are values (what `format` formats is measured with
its widths by `_prozent_pruefen`)."""


def _werte_aufruf(f: Any, name: str = "") -> bool:
    """Whether the number arguments of a call of `f` are values rather than sizes: berichtsgen's
    number functions (`_nimmt_werte`), `str.format` (whose widths `_Formatierer` measures, nested
    fields included) and the filters of `_WERTE_FILTER`."""
    return getattr(f, "_werte", False) or name in _WERTE_FILTER


def _groesse_pruefen(ergebnis: Any) -> int:
    """Refuse a string or container longer than `ZEICHEN`; return its length."""
    if isinstance(ergebnis, Markup):  # the report body for the template's {{p inhalt }}
        return 0
    if isinstance(ergebnis, str):
        if len(ergebnis) > ZEICHEN:
            raise _zu_lang()
        return len(ergebnis)
    if isinstance(ergebnis, (list, tuple, dict, set, frozenset)):
        if _umfang(ergebnis) > ZEICHEN:
            raise _zu_lang()
        return len(ergebnis)
    return 0


def _methode_pruefen(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """Estimate what a method of a string returns before calling it (`join`, `replace`,
    `expandtabs`, `translate` can make a string far longer than their arguments); return the
    arguments (a generator given to `join` as a list)."""
    selbst, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
    if not isinstance(selbst, (str, bytes)):
        return args
    schaetzung = 0
    try:
        if name == "join" and args:
            teile = args[0] if isinstance(args[0], Sized) else list(args[0])
            args = (teile, *args[1:])
            schaetzung = len(selbst) * max(len(teile) - 1, 0)
            for teil in teile:
                schaetzung += len(teil) if isinstance(teil, (str, bytes)) else 0
                if schaetzung > ZEICHEN:
                    break
        elif name == "replace" and len(args) >= 2:
            alt, neu = args[0], args[1]
            anzahl = selbst.count(alt) if alt else len(selbst) + 1
            grenze = args[2] if len(args) > 2 else kwargs.get("count", -1)
            if isinstance(grenze, int) and grenze >= 0:
                anzahl = min(anzahl, grenze)
            schaetzung = len(selbst) + anzahl * max(len(neu) - len(alt), 0)
        elif name == "expandtabs":
            tab = args[0] if args else kwargs.get("tabsize", 8)
            schaetzung = len(selbst) + selbst.count("\t" if isinstance(selbst, str) else b"\t") * max(
                int(tab), 0
            )
        elif name == "translate" and args and isinstance(args[0], Mapping):
            laengste = max((len(v) for v in args[0].values() if isinstance(v, (str, bytes))), default=1)
            schaetzung = len(selbst) * max(laengste, 1)
    except (TypeError, ValueError):
        return args  # the call itself says what is wrong
    if schaetzung > ZEICHEN:
        raise _zu_lang()
    return args


_OHNE_TEXT = frozenset(
    "abs attr batch bool count d default dictsort first float groupby int items last length list map "
    "max min random reject rejectattr reverse round select selectattr slice sort sum unique".split()
)
"""Filters that do not make their value into text (the others are measured before)."""


def _begrenzt(umgebung: BegrenzteUmgebung, f: Callable, name: str = "") -> Callable:
    versatz = 1 if hasattr(f, "jinja_pass_arg") else 0  # context or environment comes first

    def gezaehlt(*args: Any, **kwargs: Any) -> Any:
        umgebung.schritt()
        weitere = args[versatz + 1 :]
        if not _werte_aufruf(f, name):
            _argumente_pruefen(weitere, kwargs)  # the value being filtered may be any number
        if len(args) > versatz and name not in _OHNE_TEXT:
            wert = args[versatz]
            if name == "join":
                wert = _verbinden_pruefen(umgebung, wert, weitere, kwargs)
                kwargs.pop("attribute", None)
                args = (*args[:versatz], wert, *weitere[:1])
            else:
                for a in (wert, *weitere, *kwargs.values()):
                    _druckbar_pruefen(a)
                _text_pruefen(name, wert, weitere, kwargs)
        ergebnis = f(*args, **kwargs)
        umgebung.gemacht(_groesse_pruefen(ergebnis))
        return ergebnis

    gezaehlt._begrenzt = True  # type: ignore[attr-defined]
    for merkmal in ("jinja_pass_arg",):  # keep how Jinja passes context/environment
        if hasattr(f, merkmal):
            setattr(gezaehlt, merkmal, getattr(f, merkmal))
    return gezaehlt


def _verbinden_pruefen(umgebung: BegrenzteUmgebung, wert: Any, weitere: tuple, kwargs: dict) -> list:
    """The values `join` would join, as a list, measured with the separators between them."""
    from jinja2.filters import make_attrgetter

    teile = list(wert)
    attribut = kwargs.get("attribute", weitere[1] if len(weitere) > 1 else None)
    if attribut is not None:
        teile = list(map(make_attrgetter(umgebung, attribut), teile))
    trenner = weitere[0] if weitere else kwargs.get("d", "")
    laenge = _druckbar_pruefen(trenner) * max(len(teile) - 1, 0)
    if laenge > ZEICHEN:
        raise _zu_lang()
    for teil in teile:
        laenge += _druckbar_pruefen(teil)
        if laenge > ZEICHEN:
            raise _zu_lang()
    return teile


def _text_pruefen(name: str, wert: Any, weitere: tuple, kwargs: dict) -> None:
    """Estimate what a text filter that inserts something per line or word makes, before it runs."""
    if name == "format":
        _prozent_pruefen(wert, kwargs or weitere)
        return
    if not isinstance(wert, str):
        return
    einfuegen = sum(len(a) for a in (*weitere, *kwargs.values()) if isinstance(a, str))
    if name == "indent":
        breite = weitere[0] if weitere else kwargs.get("width", 4)
        stellen = wert.count("\n") + 1
        einfuegen = breite if isinstance(breite, int) and not isinstance(breite, bool) else einfuegen
    elif name == "wordwrap":
        stellen = min(len(wert), wert.count(" ") + wert.count("\n") + len(wert) // 10 + 1)
    elif name == "urlize":
        stellen = wert.count(" ") + wert.count("\n") + 1
        einfuegen += 80
    elif name == "replace" and len(weitere) >= 2:
        alt, neu = str(weitere[0]), str(weitere[1])
        stellen = wert.count(alt) if alt else len(wert) + 1
        einfuegen = max(len(neu) - len(alt), 0)
    else:
        return
    if (3 if name == "urlize" else 1) * len(wert) + stellen * einfuegen > ZEICHEN:
        raise _zu_lang()


def umgebung(
    filter: Mapping[str, Callable[..., Any]],
    autoescape: bool = False,
    funktionen: Mapping[str, Callable[..., Any]] | None = None,
) -> BegrenzteUmgebung:
    """Return the bounded environment for Markdown (or, with `autoescape`, a Word template), with
    the German number `filter` and `funktionen`: what they get is a value (of any size), only
    their argument `stellen` is bounded."""
    env = BegrenzteUmgebung(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=autoescape,
    )
    env.filters.update({name: _nimmt_werte(f) for name, f in filter.items()})
    env.globals.update({name: _nimmt_werte(f) for name, f in (funktionen or {}).items()})
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


def auswerten(env: BegrenzteUmgebung, text: str, datei: Any, kontext: dict[str, Any]) -> str:
    """Evaluate the expressions in `text` (from `datei`) with `kontext`; errors name file and line."""
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
                raise Grenze(f"der Text würde länger als {_zahltext(ZEICHEN)} Zeichen")
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
            'Verfügbar sind jahr, bericht, wert("name"), veraenderung_prozent(neu, alt) und prozentpunkte(neu, alt).',
        ) from None
    except jinja2.exceptions.SecurityError:
        raise InhaltsFehler(
            "Der Ausdruck greift auf etwas zu, das in Texten nicht erlaubt ist.",
            Ort(datei, _zeile_aus_traceback()),
            HINWEIS,
        ) from None
    except Undruckbar as exc:
        raise InhaltsFehler(f"{exc}.", Ort(datei, _zeile_aus_traceback()), exc.hinweis) from None
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
            f"Der Ausdruck lässt sich nicht auswerten ({art(exc)}).",
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


def art(exc: Exception) -> str:
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
    (r"[Nn]o filter named '([^']+)'", lambda m: f"es gibt keinen Filter „{m[1]}“"),
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
