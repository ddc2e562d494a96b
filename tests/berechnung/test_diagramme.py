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
