"""`{{ … }}` expressions in Markdown, rendered in a sandboxed Jinja environment."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..fehler import BerichtsgenFehler, InhaltsFehler, Ort

_VORLAGENNAME = "<template>"  # the file name Jinja gives code compiled from a string


def umgebung(filter: dict[str, Callable[..., Any]]) -> SandboxedEnvironment:
    """Return the sandboxed Jinja environment for Markdown, with the German format `filter`."""
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(filter)
    return env


def _zeile_aus_traceback() -> int | None:
    tb = sys.exc_info()[2]
    zeile = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _VORLAGENNAME:
            zeile = tb.tb_lineno
        tb = tb.tb_next
    return zeile


def rendern(env: SandboxedEnvironment, text: str, datei: str, kontext: dict[str, Any]) -> str:
    """Render the expressions in `text` (from `datei`) with `kontext`; errors name file and line."""
    if "{{" not in text and "{%" not in text and "{#" not in text:
        return text
    try:
        return env.from_string(text).render(kontext)
    except jinja2.TemplateSyntaxError as exc:
        raise InhaltsFehler(
            f"Ausdruck fehlerhaft: {_deutsch(exc.message or '')}",
            Ort(datei, exc.lineno),
            'Ausdrücke haben die Form {{ wert("name") | zahl }}.',
        ) from None
    except jinja2.UndefinedError as exc:
        raise InhaltsFehler(
            f"Im Ausdruck ist {_deutsch(exc.message or '')}.",
            Ort(datei, _zeile_aus_traceback()),
            'Verfügbar sind jahr, bericht und wert("name").',
        ) from None
    except jinja2.exceptions.SecurityError:
        raise InhaltsFehler(
            "Der Ausdruck greift auf etwas zu, das in Texten nicht erlaubt ist.",
            Ort(datei, _zeile_aus_traceback()),
        ) from None
    except BerichtsgenFehler as exc:
        if not exc.ort.datei:
            exc.ort = Ort(datei, _zeile_aus_traceback())
        raise
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise InhaltsFehler(
            f"Der Ausdruck lässt sich nicht auswerten ({exc}).",
            Ort(datei, _zeile_aus_traceback()),
            "Prüfen Sie, ob der Filter zum Wert passt (zahl, prozent, datum).",
        ) from None


def _deutsch(meldung: str) -> str:
    """Translate the most common Jinja messages; keep the rest as they are."""
    ersetzungen = {
        "is undefined": "nicht definiert",
        "unexpected end of template": "unerwartetes Ende",
        "expected token": "erwartet wurde",
        "unexpected": "unerwartet:",
        "no filter named": "kein Filter namens",
        "no test named": "kein Test namens",
    }
    for en, de in ersetzungen.items():
        meldung = meldung.replace(en, de)
    return meldung
