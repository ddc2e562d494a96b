import matplotlib.pyplot as plt

from berichtsgen import DatenFehler, diagramm, tabelle, wert


def _zeile(k):
    df = k.daten("sgb2_gliederung.csv")
    treffer = df[df["Gebiet"].str.strip() == k.parameter.Stadtteil]
    if treffer.empty:
        raise DatenFehler(f"Stadtteil „{k.parameter.Stadtteil}“ steht nicht in sgb2_gliederung.csv.")
    return treffer


@tabelle("leistungen", titel="Leistungsberechtigte nach dem SGB II im Stadtteil")
def leistungen(k):
    return _zeile(k)[["Gebiet", "Bedarfsgemeinschaften", "Personen", "Quote (in %)"]]


@wert("personen")
def personen(k):
    return int(_zeile(k)["Personen"].iloc[0])


@diagramm(
    "vergleich",
    titel="Personen in Bedarfsgemeinschaften: Stadtteil und Stadt",
    quelle="Statistik der Bundesagentur für Arbeit",
)
def vergleich(k):
    df = k.daten("sgb2_gliederung.csv")
    gesamt = df.loc[df["Gebiet"] == "Insgesamt", "Personen"].iloc[0]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar([k.parameter.Stadtteil, "Stadt insgesamt"], [int(_zeile(k)["Personen"].iloc[0]), gesamt])
    ax.set_ylabel("Personen")
    return fig
