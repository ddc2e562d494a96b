"""Dispatch on the kinds of the document model, the same way in every renderer.

Each renderer keeps a table from the model's kinds (block and inline classes) to what renders
them, or to a reason it leaves them out on purpose; `art` looks a kind up through its classes
(a Maßnahmenübersicht is a table) and raises for a kind the table does not name, so that a new kind
of the model is never dropped silently. `tests/darstellung/test_renderer.py` holds every renderer's table
against the model.
"""

from __future__ import annotations

from typing import TypeVar

W = TypeVar("W")


class Ausgelassen(str):
    """A table entry for a kind a renderer leaves out on purpose; the text says why."""


def art(tabelle: dict[type, W], objekt: object) -> W:
    """What `tabelle` says for the kind of `objekt` (its class or the nearest base class)."""
    for klasse in type(objekt).__mro__:
        if klasse in tabelle:
            return tabelle[klasse]
    raise TypeError(f"Unbekannte Art {type(objekt).__name__}: der Renderer kennt sie nicht")
