"""Tabellen, Diagramme und Werte des Testprojekts „alles“: jede Tabellen- und Diagrammart einmal.

Alle Zahlen kommen aus den Dateien in inhalte/2019/daten/ und daten/ (Herkunft: SOURCES.md).
"""

import matplotlib.pyplot as plt

from berichtsgen import Summe, diagramm, prozent, tabelle, vergleich, wert, zahl

# --- Tabellen --------------------------------------------------------------------------------


@tabelle(
    "gefluechtete",
    titel="Geflüchtete Personen nach Aufenthaltsstatus",
    summen=[
        Summe(
            "Summe (a+b)",
            [
                "a) Asylbewerber mit Aufenthaltsgestattung",
                "b) Asylberechtigte bzw. Personen mit humanitärer Aufenthaltserlaubnis "
                "oder Niederlassungserlaubnis",
            ],
        ),
        Summe("Insgesamt (a+b+c)", ["Summe (a+b)", "c) Ausreisepflichtige mit Rückführungshindernis"]),
    ],
)
def gefluechtete(k):
    """A time series of the project's shared daten/ folder, transposed (years as columns)."""
    tabelle = k.daten("gefluechtete.csv").set_index("Jahr").T
    tabelle.index.name = "Aufenthaltsstatus"
    tabelle.columns = [str(jahr) for jahr in tabelle.columns]
    return tabelle


@tabelle("gefluechtete_vergleich", titel="Geflüchtete Personen: Veränderung zum Vorjahr")
def gefluechtete_vergleich(k):
    """The comparison with the year before (absolute and in per cent)."""
    return vergleich(k.daten("gefluechtete.csv"), "Jahr", bis=k.jahr, merkmal="Aufenthaltsstatus")


@tabelle(
    "gefluechtete_18_27",
    titel="Geflüchtete im Alter von 18 bis unter 28 Jahren",
    summen=[
        Summe(
            "Gesamt",
            [
                "Asylbewerber mit Aufenthaltsgestattung",
                "Asylberechtigte bzw. Personen mit humanitärer Aufenthaltserlaubnis oder Niederlassungserlaubnis",
                "Ausreisepflichtige mit Rückführungshindernis",
            ],
        )
    ],
)
def gefluechtete_18_27(k):
    """A data file whose notes below the data give source and date ("Quelle: …", "Stand: …")."""
    return k.daten("gefluechtete_18_27.csv")


@tabelle(
    "wohnungssuchende_tabelle",
    titel="Wohnungssuchende unter Neuzugewanderten nach Personen im Haushalt",
    summen=[Summe("Insgesamt", [str(n) for n in range(1, 12)])],
)
def wohnungssuchende_tabelle(k):
    """A wide table (twelve columns), placed with :quer: ja."""
    tabelle = k.daten("wohnungssuchende.csv").set_index("Personen im Haushalt").T
    tabelle.columns = [str(int(n)) for n in tabelle.columns]
    tabelle["Insgesamt"] = tabelle.sum(axis=1)
    tabelle.index.name = "Personen im Haushalt"
    return tabelle


@tabelle("bundestagswahl", titel="Bundestagswahl 2021 in Deutschland")
def bundestagswahl(k):
    """A GENESIS-Online export: counts and shares in one column, source and date from the file."""
    df = k.daten("14111-0001_bundestagswahl.csv")
    return df.rename(columns={"Spalte 1": "Merkmal", "Spalte 2": "Einheit"})


@tabelle("berlin_wahl", titel="Landtagswahl Berlin 2016: Stimmen nach Parteien und Bezirk")
def berlin_wahl(k):
    """A Regionaldatenbank export with a header of four rows, printed in two (group over entry)."""
    df = k.daten("14341-01-02-5_00.csv")
    df = df[df["Spalte 1"] == "18.09.2016"]
    df = df.drop(columns=["Spalte 1", "Spalte 2"], level=0).rename(columns={"Spalte 3": "Bezirk"})
    return df.drop(columns=[("Gültige Stimmen", "Anzahl")])


@tabelle("koeln_flaeche", titel="Katasterfläche der Stadt Köln nach Nutzungsart (in ar)")
def koeln_flaeche(k):
    """A Landesdatenbank export with signs of official statistics ("–" for Moor)."""
    df = k.daten("33111-02ir.csv")
    spalten = [
        ("Spalte 1", ""),
        ("Flächennutzungsarten, Bodenfläche insgesamt", "Insgesamt"),
        ("Flächennutzungsarten, Landwirtschaftsfläche", "Moor"),
        ("Flächennutzungsarten, Landwirtschaftsfläche", "Heide"),
        ("Flächennutzungsarten, Waldfläche", "Insgesamt"),
    ]
    tabelle = df[spalten].iloc[[0, 1, 2, 17, 18]]
    return tabelle.rename(columns={"Spalte 1": "Stichtag"})


# --- Diagramme -------------------------------------------------------------------------------


@diagramm(
    "wohnungssuchende",
    titel="Wohnungssuchende Haushalte unter Neuzugewanderten nach Haushaltsgröße",
    alt=lambda k: (
        "Säulendiagramm: Wohnungssuchende Haushalte und Personen nach Haushaltsgröße; "
        + ", ".join(
            f"{int(z['Personen im Haushalt'])}: {zahl(int(z['Anzahl Haushalte']))} Haushalte"
            for _, z in k.daten("wohnungssuchende.csv").iterrows()
        )
        + "."
    ),
)
def wohnungssuchende(k):
    """Columns, two series (hatched), bar labels."""
    df = k.daten("wohnungssuchende.csv")
    fig, ax = plt.subplots(figsize=(6.3, 3.2))
    x = list(range(len(df)))
    haushalte = ax.bar([i - 0.2 for i in x], df["Anzahl Haushalte"], 0.4, label="Anzahl Haushalte")
    personen = ax.bar([i + 0.2 for i in x], df["Anzahl Einzelpersonen"], 0.4, label="Anzahl Einzelpersonen")
    for balken in (haushalte, personen):
        ax.bar_label(balken, fontsize=6.5, padding=1)
    ax.set_xticks(x, [str(int(p)) for p in df["Personen im Haushalt"]])
    ax.set_xlabel("Personen im Haushalt")
    ax.legend(loc="upper right")
    return fig


@diagramm("gefluechtete_balken", titel="Geflüchtete von 18 bis unter 28 Jahren nach Aufenthaltsstatus")
def gefluechtete_balken(k):
    """Horizontal bars; no alt text given, so berichtsgen writes it from the data."""
    df = k.daten("gefluechtete_18_27.csv")
    df = df[df["Aufenthaltsstatus"] != "Gesamt"]
    fig, ax = plt.subplots(figsize=(6.3, 2.6))
    kurz = ["Aufenthaltsgestattung", "Asylberechtigte u. a.", "Ausreisepflichtige"]
    ax.barh(kurz, df["18 bis unter 28 Jahre"])
    ax.set_xlabel("Personen")
    return fig


@diagramm("koeln_linien", titel="Flächen der Stadt Köln 1994 bis 2012 nach Nutzungsart (in ar)")
def koeln_linien(k):
    """Lines: five series on four colours, so berichtsgen adds line styles and markers."""
    df = k.daten("33111-02ir.csv")
    jahre = [int(str(s)[-4:]) for s in df[("Spalte 1", "")]]
    fig, ax = plt.subplots(figsize=(6.3, 3.4))
    for gruppe, eintrag, name in [
        ("Flächennutzungsarten, Gebäude- und Freifläche", "Insgesamt", "Gebäude- und Freifläche"),
        ("Flächennutzungsarten, Verkehrsfläche", "Insgesamt", "Verkehrsfläche"),
        ("Flächennutzungsarten, Landwirtschaftsfläche", "Insgesamt", "Landwirtschaftsfläche"),
        ("Flächennutzungsarten, Waldfläche", "Insgesamt", "Waldfläche"),
        ("Flächennutzungsarten, Erholungsfläche", "Insgesamt", "Erholungsfläche"),
    ]:
        ax.plot(jahre, df[(gruppe, eintrag)].astype(float), label=name)
    ax.set_xticks([1994, 1998, 2002, 2006, 2010, 2012])
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    return fig


def _alt_koeln_flaechen(k):
    df = k.daten("33111-02ir.csv")
    siedlung = df[("Flächennutzungsarten, Siedlungs- und Verkehrsfläche", "Insgesamt")]
    gesamt = df[("Flächennutzungsarten, Bodenfläche insgesamt", "Insgesamt")]
    return (
        f"Flächendiagramm: Von {zahl(int(gesamt.iloc[0]))} ar Bodenfläche waren 2012 "
        f"{zahl(int(siedlung.iloc[0]))} ar Siedlungs- und Verkehrsfläche, 1994 {zahl(int(siedlung.iloc[-1]))} ar."
    )


@diagramm(
    "koeln_flaechen_gestapelt",
    titel="Siedlungs- und Verkehrsfläche und übrige Fläche der Stadt Köln 1994 bis 2012 (in ar)",
    alt=_alt_koeln_flaechen,
)
def koeln_flaechen_gestapelt(k):
    """A stacked area chart: a kind berichtsgen does not describe itself, so the function gives alt."""
    df = k.daten("33111-02ir.csv").iloc[::-1]
    jahre = [int(str(s)[-4:]) for s in df[("Spalte 1", "")]]
    siedlung = df[("Flächennutzungsarten, Siedlungs- und Verkehrsfläche", "Insgesamt")].astype(float)
    gesamt = df[("Flächennutzungsarten, Bodenfläche insgesamt", "Insgesamt")].astype(float)
    fig, ax = plt.subplots(figsize=(6.3, 3))
    ax.stackplot(
        jahre, siedlung, gesamt - siedlung, labels=["Siedlungs- und Verkehrsfläche", "übrige Fläche"]
    )
    ax.legend(loc="lower right", fontsize=7)
    return fig


@diagramm(
    "auslaender_alter",
    titel="Ausländerinnen und Ausländer in Leverkusen nach Altersgruppe",
    alt=lambda k: (
        "Kreisdiagramm: Ausländerinnen und Ausländer nach Altersgruppe; "
        + "; ".join(f"{g}: {zahl(int(a))}" for g, a in k.daten("auslaender_altersgruppen.csv").values)
        + "."
    ),
)
def auslaender_alter(k):
    """A pie with German percentages (autopct)."""
    df = k.daten("auslaender_altersgruppen.csv")
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.pie(df["Anzahl"].astype(float), labels=df["Altersgruppe"], autopct=lambda p: prozent(p, 1))
    ax.set_aspect("equal")
    return fig


@diagramm(
    "migrationshintergrund_alter",
    titel="Personen mit Migrationshintergrund in Leverkusen nach Altersgruppe (2011)",
    quelle="IT.NRW, Zensus 2011",
    stichtag="09.05.2011",
)
def migrationshintergrund_alter(k):
    """A ring (a pie with a hole) with its total in the middle."""
    df = k.daten("migrationshintergrund_altersgruppen.csv")
    werte = [int(v) for v in df["Anzahl"]]
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.pie(
        werte,
        labels=[f"{g}\n{zahl(w)}" for g, w in zip(df["Altersgruppe"], werte, strict=True)],
        wedgeprops={"width": 0.45, "edgecolor": "white"},
        startangle=90,
        counterclock=False,
    )
    ax.text(0, 0, f"N = {zahl(sum(werte))}", ha="center", va="center", fontsize=8)
    ax.set_aspect("equal")
    return fig


@diagramm("berlin_streuung", titel="Wahlbeteiligung und Wahlberechtigte der Berliner Bezirke 2016")
def berlin_streuung(k):
    """A scatter plot."""
    df = k.daten("14341-01-02-5_00.csv")
    df = df[(df["Spalte 1"] == "18.09.2016") & (df["Spalte 2"] != "11000000")]
    fig, ax = plt.subplots(figsize=(5.5, 3))
    ax.scatter(
        df[("Wahlberechtigte", "Anzahl")].astype(float), df[("Wahlbeteiligung", "Prozent")].astype(float)
    )
    ax.set_xlabel("Wahlberechtigte")
    ax.set_ylabel("Wahlbeteiligung (in %)")
    return fig


# --- Werte -----------------------------------------------------------------------------------


@wert("auslaender_gesamt")
def auslaender_gesamt(k):
    return int(k.daten("auslaender_altersgruppen.csv")["Anzahl"].sum())


@wert("zensus_anteil")
def zensus_anteil(k):
    return float(k.daten("zensus_2011.csv")["Anteil (in %)"].iloc[0])


@wert("gefluechtete_2018")
def gefluechtete_2018(k):
    df = k.daten("gefluechtete.csv").set_index("Jahr")
    return int(df.loc[2018, "Insgesamt (a+b+c)"])


@wert("gefluechtete_2017")
def gefluechtete_2017(k):
    df = k.daten("gefluechtete.csv").set_index("Jahr")
    return int(df.loc[2017, "Insgesamt (a+b+c)"])


@wert("wahlbeteiligung_2016")
def wahlbeteiligung_2016(k):
    df = k.daten("14341-01-02-5_00.csv")
    return float(df.loc[df["Spalte 2"] == "11000000", ("Wahlbeteiligung", "Prozent")].iloc[0])


@wert("wahlbeteiligung_2011")
def wahlbeteiligung_2011(k):
    df = k.daten("14341-01-02-5_00.csv")
    zeile = (df["Spalte 2"] == "11000000") & (df["Spalte 1"] == "18.09.2011")
    return float(df.loc[zeile, ("Wahlbeteiligung", "Prozent")].iloc[0])
