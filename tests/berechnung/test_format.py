import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from berichtsgen.berechnung.format import LEER, datum, nachkommastellen, prozent, zahl


@pytest.mark.parametrize(
    ("wert", "erwartet"),
    [
        (166081, "166.081"),
        (np.int64(4850), "4.850"),
        (15.7, "15,7"),
        (15.0, "15"),
        (-3.5, "−3,5"),
        (1234567.891, "1.234.567,891"),
        (0.05, "0,05"),
        (None, LEER),
        (pd.NA, LEER),
        (math.nan, LEER),
    ],
)
def test_zahl_deutsch_ohne_stilles_runden(wert, erwartet):
    assert zahl(wert) == erwartet


def test_zahl_mit_festen_stellen():
    assert zahl(15, 1) == "15,0"
    assert zahl(1234.5, 2) == "1.234,50"


def test_prozent_mit_geschuetztem_leerzeichen():
    assert prozent(32.1) == "32,1\u00a0%"


def test_datum():
    assert datum(dt.date(2018, 12, 31)) == "31.12.2018"
    assert datum("2019-05-07") == "07.05.2019"
    assert datum(dt.date(2019, 6, 1), "lang") == "1. Juni 2019"


def test_nachkommastellen():
    assert nachkommastellen(15.75) == 2
    assert nachkommastellen(3) == 0
    assert nachkommastellen(2.0) == 0


def test_zahl_lehnt_text_ab():
    with pytest.raises(TypeError):
        zahl("viele")


def test_veraenderungen_mit_echtem_minus():
    from berichtsgen.berechnung.format import prozentpunkte, veraenderung, veraenderung_prozent

    assert veraenderung(175) == "+175"
    assert veraenderung(-40) == "−40"
    assert veraenderung(0) == "±0"
    assert veraenderung_prozent(4850, 4675) == "+3,7\u00a0%"
    assert veraenderung_prozent(348, 388) == "−10,3\u00a0%"
    assert veraenderung_prozent(5, 0) == "x"
    assert prozentpunkte(15.7, 15.1) == "+0,6\u00a0Prozentpunkte"
    assert prozentpunkte(25.5, 25.9) == "−0,4\u00a0Prozentpunkte"


@pytest.mark.parametrize(
    ("wert", "stellen", "text"),
    [
        (0.25, 1, "0,3"),
        (0.35, 1, "0,4"),
        (2.5, 0, "3"),
        (-2.5, 0, "−3"),
        (0.125, 2, "0,13"),
        (-0.04, 1, "0,0"),
    ],
)
def test_runden_nach_din_1333(wert, stellen, text):
    """Half away from zero, as official statistics round – not Python's round-half-to-even."""
    assert zahl(wert, stellen) == text


def test_filter_mit_projektvorgabe_und_eigenen_stellen():
    from berichtsgen.berechnung.format import jinja_filter

    f = jinja_filter(1)
    assert f["prozent"](23.852054429028815) == "23,9\u00a0%"
    assert f["prozent"](23.852054429028815, 2) == "23,85\u00a0%"
    assert f["zahl"](7392) == "7.392" and f["zahl"](7392.0) == "7.392"  # integers get no decimals
    assert jinja_filter(0)["zahl"](44.06) == "44"


def test_funktionen_fuer_texte_mit_projektvorgabe_und_eigenen_stellen():
    from berichtsgen.berechnung.format import jinja_funktionen

    f = jinja_funktionen(1)
    assert f["veraenderung_prozent"](253377, 250000) == "+1,4\u00a0%"
    assert jinja_funktionen(2)["veraenderung_prozent"](253377, 250000) == "+1,35\u00a0%"
    assert f["veraenderung_prozent"](253377, 250000, 0) == "+1\u00a0%"
    assert f["veraenderung_prozent"](5, 0) == "x"  # a change from nothing is no statement
    assert f["prozentpunkte"](15.7, 16.1) == "\u22120,4\u00a0Prozentpunkte"
    assert f["prozentpunkte"](15.73333, 16.1) == "\u22120,4\u00a0Prozentpunkte"  # the project's decimals
    assert f["prozentpunkte"](12, 10) == "+2\u00a0Prozentpunkte"  # whole shares stay whole
