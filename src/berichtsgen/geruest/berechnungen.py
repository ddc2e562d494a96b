"""Tabellen, Diagramme und Werte des Berichts: einfache Python-Funktionen.

Jede Funktion bekommt den Kontext `k` (`k.jahr`, `k.daten("datei.csv")`) und liefert eine Tabelle
(pandas DataFrame), eine Abbildung (matplotlib Figure) oder einen Wert. Quelle und Stichtag stehen
in der Begleitdatei der Daten (`daten/bevoelkerung.toml`).
"""

import matplotlib.pyplot as plt

from berichtsgen import Summe, diagramm, tabelle, wert

BEZIRKE = ["Nord", "Mitte", "Süd"]


@tabelle(
    "bevoelkerung",
    titel="Bevölkerung nach Stadtbezirk (Beispieldaten)",
    summen=[Summe("Insgesamt", BEZIRKE)],  # die Gesamtzeile muss die Summe der Bezirke sein
)
def bevoelkerung(k):
    return k.daten("bevoelkerung.csv")


@diagramm("bevoelkerung_bezirke", titel="Bevölkerung nach Stadtbezirk (Beispieldaten)")
def bevoelkerung_bezirke(k):
    df = k.daten("bevoelkerung.csv")
    bezirke = df[df["Stadtbezirk"].isin(BEZIRKE)]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(bezirke["Stadtbezirk"], bezirke["Einwohner"])
    ax.set_ylabel("Einwohner")
    return fig


@wert("einwohner")
def einwohner(k):
    df = k.daten("bevoelkerung.csv")
    return int(df.loc[df["Stadtbezirk"] == "Insgesamt", "Einwohner"].iloc[0])
