"""Tabellen, Diagramme und Werte des Umsetzungsberichts (Beispielprojekt Stadt Leverkusen).

Jede Funktion bekommt den Kontext `k` (k.jahr, k.daten("datei.csv")) und liefert eine Tabelle
(pandas DataFrame), eine Abbildung (matplotlib Figure) oder einen Wert. Alle Zahlen stammen aus
den Dateien in inhalte/JAHR/daten/; nichts wird hier eingetippt. Quelle und Stichtag stehen in der
Begleitdatei jeder Datendatei (daten.csv → daten.toml); hier nur, wo eine Abbildung anders zitiert.
"""

import matplotlib.pyplot as plt

from berichtsgen import BerichtsgenFehler, Summe, diagramm, tabelle, vergleich, wert, zahl

# --- Datenlage ------------------------------------------------------------------------------


@tabelle(
    "sozialbericht",
    titel="Datenlage Sozialbericht: Bevölkerung und Staatsangehörigkeit",
)
def sozialbericht(k):
    df = k.daten("sozialbericht.csv")
    tabelle = df.set_index("Stichtag").T
    tabelle.index.name = "Indikator"
    return tabelle


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
        Summe(
            "Insgesamt (a+b+c)",
            ["Summe (a+b)", "c) Ausreisepflichtige mit Rückführungshindernis"],
        ),
    ],
)
def gefluechtete(k):
    df = k.daten("gefluechtete.csv")
    reihenfolge = [
        "a) Asylbewerber mit Aufenthaltsgestattung",
        "b) Asylberechtigte bzw. Personen mit humanitärer Aufenthaltserlaubnis oder Niederlassungserlaubnis",
        "Summe (a+b)",
        "c) Ausreisepflichtige mit Rückführungshindernis",
        "Insgesamt (a+b+c)",
        "Leistungsempfänger nach Asylbewerberleistungsgesetz",
    ]
    tabelle = df.set_index("Jahr")[reihenfolge].T
    tabelle.index.name = "Aufenthaltsstatus"
    tabelle.columns = [str(jahr) for jahr in tabelle.columns]
    return tabelle


@tabelle(
    "gefluechtete_vergleich",
    titel="Geflüchtete Personen: Veränderung zum Vorjahr",
)
def gefluechtete_vergleich(k):
    # daten/gefluechtete.csv is a time series for all report years; the comparison takes the
    # newest year up to the report year and the one before, so next year's report moves on by itself
    df = k.daten("gefluechtete.csv")
    return vergleich(df, "Jahr", bis=k.jahr, merkmal="Aufenthaltsstatus (jeweils 31.12.)")


@wert("zensus_migrationshintergrund")
def zensus_migrationshintergrund(k):
    return int(k.daten("zensus_2011.csv")["Anzahl"].iloc[0])


@wert("zensus_anteil_migrationshintergrund")
def zensus_anteil(k):
    return float(k.daten("zensus_2011.csv")["Anteil (in %)"].iloc[0])


@wert("bevoelkerung")
def bevoelkerung(k):
    """Population at the newest Stichtag of the Sozialbericht data."""
    return int(k.daten("sozialbericht.csv")["Bevölkerung in Personen"].iloc[-1])


@wert("bevoelkerung_stichtag")
def bevoelkerung_stichtag(k):
    return str(k.daten("sozialbericht.csv")["Stichtag"].iloc[-1])


# --- Handlungsfeld C ------------------------------------------------------------------------


@tabelle(
    "gefluechtete_18_27",
    titel="In Leverkusen lebende Geflüchtete im Alter von 18 bis unter 28 Jahren",
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
    return k.daten("gefluechtete_18_27.csv")


# --- Handlungsfeld D ------------------------------------------------------------------------


def _alt_wohnungssuchende(df):
    teile = ", ".join(
        f"{int(z['Personen im Haushalt'])} {'Person' if z['Personen im Haushalt'] == 1 else 'Personen'}: "
        f"{zahl(int(z['Anzahl Haushalte']))} Haushalte ({zahl(int(z['Anzahl Einzelpersonen']))} Personen)"
        for _, z in df.iterrows()
    )
    return f"Säulendiagramm: Wohnungssuchende Haushalte unter Neuzugewanderten nach Haushaltsgröße; {teile}."


@diagramm(
    "wohnungssuchende",
    titel="Wohnungssuchende Haushalte unter Neuzugewanderten nach Haushaltsgröße",
    alt=lambda k: _alt_wohnungssuchende(k.daten("wohnungssuchende.csv")),
)
def wohnungssuchende(k):
    df = k.daten("wohnungssuchende.csv")
    # Plausibilität: Einzelpersonen = Haushaltsgröße × Anzahl Haushalte
    for _, zeile in df.iterrows():
        erwartet = zeile["Personen im Haushalt"] * zeile["Anzahl Haushalte"]
        if zeile["Anzahl Einzelpersonen"] != erwartet:
            raise BerichtsgenFehler(
                f"wohnungssuchende.csv: {zeile['Personen im Haushalt']}-Personen-Haushalte: "
                f"{zahl(zeile['Anzahl Einzelpersonen'])} Einzelpersonen, erwartet {zahl(erwartet)}."
            )
    fig, ax = plt.subplots(figsize=(6.3, 3.2))
    x = list(range(len(df)))
    breite = 0.4
    haushalte = ax.bar([i - breite / 2 for i in x], df["Anzahl Haushalte"], breite, label="Anzahl Haushalte")
    personen = ax.bar(
        [i + breite / 2 for i in x],
        df["Anzahl Einzelpersonen"],
        breite,
        label="Anzahl Einzelpersonen",
        hatch="//",
        edgecolor="white",
    )
    for balken in (haushalte, personen):
        ax.bar_label(balken, labels=[zahl(int(v)) for v in balken.datavalues], fontsize=6.5, padding=1)
    ax.set_xticks(x, [str(int(p)) for p in df["Personen im Haushalt"]])
    ax.set_xlabel("Personen im Haushalt")
    ax.set_ylabel("Anzahl")
    ax.legend(loc="upper right")
    return fig


@tabelle(
    "wohnungssuchende_tabelle",
    titel="Wohnungssuchende unter Neuzugewanderten nach Personen im Haushalt",
    summen=[Summe("Insgesamt", [str(n) for n in range(1, 12)])],
)
def wohnungssuchende_tabelle(k):
    df = k.daten("wohnungssuchende.csv").set_index("Personen im Haushalt")
    tabelle = df.T
    tabelle.columns = [str(int(n)) for n in tabelle.columns]
    tabelle["Insgesamt"] = tabelle.sum(axis=1)  # computed here, checked against the parts by `summen`
    tabelle.index.name = "Personen im Haushalt"
    return tabelle


# --- Handlungsfeld H ------------------------------------------------------------------------


def _anteile(df):
    """Yield (Altersgruppe, Anzahl, Anteil in % auf eine Stelle gerundet) for each row."""
    werte = [int(v) for v in df["Anzahl"]]
    gesamt = sum(werte)
    for gruppe, anzahl in zip(df["Altersgruppe"], werte, strict=True):
        yield gruppe, anzahl, round(100 * anzahl / gesamt, 1)


def _alt_kreis(df, wer):
    teile = "; ".join(f"{g}: {zahl(w)} ({zahl(a, 1)} %)" for g, w, a in _anteile(df))
    return f"Ringdiagramm: {zahl(int(df['Anzahl'].sum()))} {wer} nach Altersgruppe; {teile}."


def _kreis(df, mitte_text):
    werte = [int(v) for v in df["Anzahl"]]
    gesamt = sum(werte)
    beschriftungen = [f"{g}\n{zahl(w)} ({zahl(a, 1)} %)" for g, w, a in _anteile(df)]
    fig, ax = plt.subplots(figsize=(5.5, 3.0))
    ax.pie(
        werte,
        labels=beschriftungen,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": "white"},
        textprops={"fontsize": 8},
    )
    ax.text(0, 0, mitte_text.format(gesamt=zahl(gesamt)), ha="center", va="center", fontsize=8)
    ax.set_aspect("equal")
    return fig


@wert("auslaender_gesamt")
def auslaender_gesamt(k):
    return int(k.daten("auslaender_altersgruppen.csv")["Anzahl"].sum())


@diagramm(
    "auslaender_alter",
    titel="Ausländer/innen in Leverkusen nach Altersgruppe (31.12.2018)",
    alt=lambda k: _alt_kreis(
        k.daten("auslaender_altersgruppen.csv"), "Ausländerinnen und Ausländer in Leverkusen"
    ),
)
def auslaender_alter(k):
    return _kreis(k.daten("auslaender_altersgruppen.csv"), "N = {gesamt}")


@diagramm(
    "migrationshintergrund_alter",
    titel="Personen mit Migrationshintergrund in Leverkusen nach Altersgruppe (2011)",
    quelle="IT.NRW, Zensus 2011",
    stichtag="09.05.2011",
    alt=lambda k: _alt_kreis(
        k.daten("migrationshintergrund_altersgruppen.csv"), "Personen mit Migrationshintergrund in Leverkusen"
    ),
)
def migrationshintergrund_alter(k):
    df = k.daten("migrationshintergrund_altersgruppen.csv")
    zensus = int(k.daten("zensus_2011.csv")["Anzahl"].iloc[0])
    if int(df["Anzahl"].sum()) != zensus:
        raise BerichtsgenFehler(
            f"Altersgruppen ergeben {zahl(int(df['Anzahl'].sum()))}, der Zensus nennt {zahl(zensus)} "
            "Personen mit Migrationshintergrund."
        )
    return _kreis(df, "N = {gesamt}")
