import matplotlib.pyplot as plt

from berichtsgen import Summe, diagramm, tabelle, wert


@tabelle(
    "sgb2",
    titel="Leistungsberechtigte nach dem SGB II nach Stadtbezirk und Stadtteil",
    summen=[
        Summe(
            "Insgesamt",
            ["Wiesdorf", "Bergfeld", "Gewerbegebiet Nord", "Opladen"],
            spalten=["Bedarfsgemeinschaften", "Personen"],
        )
    ],
)
def sgb2(k):
    return k.daten("sgb2_gliederung.csv")


@tabelle("bevoelkerung", titel="Bevölkerung nach Geschlecht")
def bevoelkerung(k):
    return k.daten("12411-0015_tabelle.csv")


@tabelle("anteile", titel="Anteil der Personen in Bedarfsgemeinschaften an der Bevölkerung")
def anteile(k):
    df = k.daten("sgb2_gliederung.csv")
    personen = df.loc[df["Gebiet"] == "Insgesamt", "Personen"].iloc[0]
    einwohner = (
        k.daten("12411-0015_tabelle.csv")
        .set_index("Kreise")
        .loc["Leverkusen, kreisfreie Stadt", ("Geschlecht, Anzahl", "Insgesamt")]
    )
    return (
        df.assign(**{"Anteil an allen (in %)": df["Personen"] / personen * 100})[
            ["Gebiet", "Personen", "Anteil an allen (in %)"]
        ]
        .iloc[[1, 2, 5, 6]]
        .assign(**{"je 1.000 Einwohner": lambda d: d["Personen"] / einwohner * 1000})
    )


@wert("bedarfsgemeinschaften")
def bedarfsgemeinschaften(k):
    df = k.daten("sgb2_gliederung.csv")
    return int(df.loc[df["Gebiet"] == "Insgesamt", "Bedarfsgemeinschaften"].iloc[0])


@wert("anteil_wiesdorf")
def anteil_wiesdorf(k):
    df = k.daten("sgb2_gliederung.csv").set_index("Gebiet")
    return df.loc["Wiesdorf", "Personen"] / df.loc["Insgesamt", "Personen"] * 100


@diagramm(
    "zeitreihe", titel="Bedarfsgemeinschaften 2019 bis 2023", quelle="Statistik der Bundesagentur für Arbeit"
)
def zeitreihe(k):
    df = k.daten("zeitreihe.csv")
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(df["Jahr"], df["Bedarfsgemeinschaften"].astype(float), marker="o")
    ax.set_ylabel("Bedarfsgemeinschaften")
    return fig
