"""Computation stage: the project's functions turn data into tables, charts and values."""

from .kontext import Berechnung, Kontext
from .register import Summe, diagramm, tabelle, wert

__all__ = ["Berechnung", "Kontext", "Summe", "diagramm", "tabelle", "wert"]
