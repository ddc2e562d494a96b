import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from berichtsgen.berechnung.diagramme import als_png, nachbearbeiten, stil  # noqa: E402


def _zwei_reihen():
    fig, ax = plt.subplots()
    ax.bar([0, 1], [1200, 3400], 0.4, label="A")
    ax.bar([0.4, 1.4], [2500.5, 100], 0.4, label="B")
    ax.legend()
    ax.set_title("Titel im Bild")
    return fig, ax


def test_deutsche_achsen_ohne_titel_mit_schraffur():
    with stil(["#1F4E79", "#C55A11"], "DejaVu Sans"):
        fig, ax = _zwei_reihen()
        nachbearbeiten(fig)
        fig.canvas.draw()
        beschriftungen = [t.get_text() for t in ax.get_yticklabels()]
        assert "3.000" in beschriftungen  # thousands point on the axis
        assert ax.get_title() == ""
        erste, zweite = ax.containers
        assert not any(b.get_hatch() for b in erste)
        assert all(b.get_hatch() for b in zweite)
        png, breite, hoehe = als_png(fig, 10.0)
    assert png.startswith(b"\x89PNG") and breite <= 10.0 and hoehe > 0


def test_eigene_schraffur_bleibt():
    fig, ax = plt.subplots()
    ax.bar([0], [1], label="A")
    ax.bar([1], [2], hatch="..", label="B")
    nachbearbeiten(fig)
    assert ax.containers[1][0].get_hatch() == ".."


def test_alternativtext_aus_den_daten():
    from berichtsgen.berechnung.diagramme import alt_text

    fig, ax = plt.subplots()
    ax.bar(["1 Person", "2 Personen"], [402, 54], label="Haushalte")
    ax.set_xlabel("")
    assert alt_text(fig, "Wohnungssuchende Haushalte nach Haushaltsgröße") == (
        "Säulendiagramm: Wohnungssuchende Haushalte nach Haushaltsgröße; Haushalte: 1 Person: 402, 2 Personen: 54."
    )
    fig, ax = plt.subplots()
    ax.plot([2017, 2018], [4675, 4850.5], label="Insgesamt")
    assert (
        alt_text(fig, "Geflüchtete") == "Liniendiagramm: Geflüchtete; Insgesamt: 2017: 4.675, 2018: 4.850,5."
    )
    # a scatter plot is described by its points, not by its title alone (check refuses that)
    fig, ax = plt.subplots()
    ax.scatter([204769, 170908], [62.6, 68.5])
    ax.set_xlabel("Wahlberechtigte")
    ax.set_ylabel("Wahlbeteiligung")
    assert alt_text(fig, "Berliner Bezirke") == (
        "Punktdiagramm: Berliner Bezirke; Wahlberechtigte und Wahlbeteiligung: 204.769 | 62,6, 170.908 | 68,5."
    )


def test_jahre_auf_der_achse_ohne_tausenderpunkt():
    with stil(["#1F4E79"], "DejaVu Sans"):
        fig, ax = plt.subplots()
        ax.plot([2015, 2016, 2017, 2018], [1500, 2500, 1200, 3000])
        nachbearbeiten(fig)
        fig.canvas.draw()
        x = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        y = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert x and all(len(t) == 4 and "." not in t for t in x) and "2016" in x
    assert "2.000" in y  # counts keep their thousands point


def test_beschriftungen_in_deutschen_zahlen():
    with stil(["#1F4E79", "#C55A11"], "DejaVu Sans"):
        fig, (ax1, ax2) = plt.subplots(1, 2)
        ax1.pie([44.1, 55.9], autopct="%1.1f%%")
        balken = ax2.bar(["a", "b"], [12345, 2.5])
        ax2.bar_label(balken)
        nachbearbeiten(fig)
    assert sorted(t.get_text() for t in ax1.texts if "%" in t.get_text()) == ["44,1\u00a0%", "55,9\u00a0%"]
    assert [t.get_text() for t in ax2.texts] == ["12.345", "2,5"]


def test_viele_reihen_bleiben_unterscheidbar():
    farben = ["#1F4E79", "#C55A11", "#2E7D32"]
    with stil(farben, "DejaVu Sans"):
        fig, (links, rechts) = plt.subplots(1, 2)
        for i in range(8):
            links.plot([0, 1], [i, i + 1], label=f"Reihe {i}")
            rechts.bar([j + i * 0.1 for j in range(2)], [i + 1, i + 2], 0.1, label=f"Reihe {i}")
        links.legend()
        nachbearbeiten(fig)
    from matplotlib.colors import to_hex

    linien = {
        (to_hex(line.get_color()), line.get_linestyle(), line.get_marker()) for line in links.get_lines()
    }
    assert len(linien) == 8  # no colour+style pair repeats
    balken = {(to_hex(c[0].get_facecolor()), c[0].get_hatch() or "") for c in rechts.containers}
    assert len(balken) == 8
    keys = links.get_legend().get_lines()
    assert {k.get_marker() for k in keys} != {"None"}  # the legend shows the markers too


def test_legende_ausserhalb_wird_nicht_abgeschnitten():
    with stil(["#1F4E79", "#C55A11"], "DejaVu Sans"):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.bar(["a", "b"], [1, 2], label="Eine recht lange Reihenbezeichnung")
        ax.bar(["a", "b"], [2, 1], bottom=[1, 2], label="Noch eine Reihe")
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1))
        nachbearbeiten(fig)
        als_png(fig, 16)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(200)  # as the image was drawn
    rahmen = ax.get_legend().get_window_extent(FigureCanvasAgg(fig).get_renderer())
    assert (
        0 <= rahmen.x0 and rahmen.x1 <= fig.bbox.x1 * 1.005
    )  # inside the image (text metrics may vary a hair)
    assert rahmen.x1 > ax.get_window_extent().x1 + 100  # and it really is outside the axes


def test_eigene_achseneinstellungen_der_funktion_bleiben():
    """Found in a user's trial: an explicit set_xticks([2017, 2019, 2021, 2023]) printed every year."""
    from matplotlib.ticker import PercentFormatter

    fig, ax = plt.subplots()
    ax.plot(range(2016, 2025), [10, 12, 11, 14, 15, 13, 16, 18, 17])
    ax.set_xticks([2017, 2019, 2021, 2023])
    ax.set_ylim(0, 40)
    ax.yaxis.set_major_formatter(PercentFormatter())
    nachbearbeiten(fig)
    fig.canvas.draw()
    assert list(ax.get_xticks()) == [2017, 2019, 2021, 2023]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017", "2019", "2021", "2023"]
    assert ax.get_ylim() == (0, 40)
    assert isinstance(ax.yaxis.get_major_formatter(), PercentFormatter)
    plt.close(fig)


def test_alternativtext_nennt_das_zeichen_eines_fehlenden_werts():
    """Found in a user's trial: a value "…" (not yet available) of the data file was named "." in a
    line chart's alt text."""
    import pandas as pd

    from berichtsgen import Wert
    from berichtsgen.berechnung.diagramme import alt_text

    werte = pd.Series(
        pd.array(
            [Wert(4675.0), Wert(float("nan"), zeichen="…"), Wert(float("nan"), zeichen="/")],
            dtype="statistik",
        ),
        index=[2017, 2018, 2019],
    )
    fig, ax = plt.subplots()
    ax.plot(werte.index, werte, label="Insgesamt")
    assert (
        alt_text(fig, "Geflüchtete")
        == "Liniendiagramm: Geflüchtete; Insgesamt: 2017: 4.675, 2018: …, 2019: /."
    )

    fig, ax = plt.subplots()
    ax.bar(["Nord", "Süd", "West"], werte.to_numpy(dtype=float))
    assert (
        alt_text(fig, "Geflüchtete")
        == "Säulendiagramm: Geflüchtete; Nord: 4.675, Süd: kein Wert, West: kein Wert."
    )


def test_jahre_einer_flaechenreihe_ohne_tausenderpunkt_und_ohne_halbe_jahre():
    """Found in the project "alles": a stackplot over 1994–2012 printed "1.995", "1.997,5" on its
    x axis – its years sit in polygons, not in lines."""
    with stil(["#1F4E79", "#C55A11"], "DejaVu Sans"):
        fig, ax = plt.subplots()
        jahre = list(range(1994, 2013))
        ax.stackplot(
            jahre, [2_350_000 + 6_000 * i for i in range(19)], [1_700_000 - 6_000 * i for i in range(19)]
        )
        nachbearbeiten(fig)
        fig.canvas.draw()
        x = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        y = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert x and all(len(t) == 4 and t.isdigit() for t in x), x
    assert any("." in t for t in y)  # the areas' values keep their thousands point
