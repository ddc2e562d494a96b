import matplotlib.pyplot as plt

from berichtsgen import Summe, diagramm, tabelle, wert


@tabelle(
    "einwohner",
    titel="Einwohner nach Bezirk",
    quelle="Statistikstelle Musterstadt",
    stichtag="31.12.2023",
    summen=[Summe("Insgesamt", ["Nord", "Süd"])],
)
def einwohner(k):
    return k.daten("einwohner.csv")


@diagramm(
    "einwohner_bild",
    titel="Einwohner nach Bezirk",
    quelle="Statistikstelle Musterstadt",
    alt="Säulendiagramm: Einwohner nach Bezirk; Nord 12.345, Süd 8.000.",
)
def einwohner_bild(k):
    df = k.daten("einwohner.csv").iloc[:2]
    fig, ax = plt.subplots(figsize=(4, 2.5))
    ax.bar(df["Bezirk"], df["Einwohner"])
    ax.set_title("Wird entfernt")
    return fig


@wert("einwohner_gesamt")
def einwohner_gesamt(k):
    df = k.daten("einwohner.csv")
    return int(df.loc[df["Bezirk"] == "Insgesamt", "Einwohner"].iloc[0])
