"""The HTML edition of the example in a real browser: headless Chromium, at desktop and phone width,
with axe-core's WCAG 2.1 AA rules. scripts/einrichten.sh installs Chromium, ChromeDriver and
axe-core 4; in CI a missing part fails the test instead of skipping it."""

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from berichtsgen import build
from hilfen import REPO

pytestmark = pytest.mark.e2e

AXE = Path(sys.prefix) / "share" / "axe-core" / "axe.min.js"
BREITEN = {"desktop": (1280, 900), "telefon": (375, 740)}
REGELN = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _fehlt(was: str):
    if os.environ.get("CI"):
        pytest.fail(f"{was} fehlt (scripts/einrichten.sh installiert es)")
    pytest.skip(f"{was} fehlt")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    chromium, treiber = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not treiber:
        _fehlt("Chromium mit ChromeDriver")
    if not AXE.is_file():
        _fehlt(f"axe-core ({AXE})")
    optionen = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=de-DE"):
        optionen.add_argument(a)
    optionen.binary_location = chromium
    fenster = webdriver.Chrome(options=optionen, service=Service(treiber))
    fenster.set_script_timeout(60)
    yield fenster
    fenster.quit()


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    ausgabe = tmp_path_factory.mktemp("ausgabe")
    (ordner,) = build(2019, REPO, ausgabe=ausgabe, formate=["html"]).dateien
    return ordner


def _axe(fenster) -> list[dict]:
    from axe_selenium_python import Axe

    axe = Axe(fenster, script_url=str(AXE))
    axe.inject()
    assert fenster.execute_script("return axe.version").startswith("4.")
    return axe.run(options=json.dumps(REGELN))["violations"]


@pytest.mark.parametrize("breite", BREITEN)
@pytest.mark.parametrize(
    "seite", ["index.html", "04-datenlage.html", "08-handlungsfeld-d-wohnen-unterbringung.html"]
)
def test_wcag_21_aa_ohne_verstoss(browser, html: Path, seite: str, breite: str, tmp_path_factory):
    browser.set_window_size(*BREITEN[breite])
    browser.get((html / seite).as_uri())
    assert browser.execute_script("return document.documentElement.lang") == "de"
    verstoesse = _axe(browser)
    assert verstoesse == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in verstoesse]
    # nothing wider than the window but the tables' own scroll areas
    breiter = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert breiter <= 0, f"{seite} ist bei {breite} um {breiter} px breiter als das Fenster"
    bilder = tmp_path_factory.getbasetemp() / "bildschirmfotos"
    bilder.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(bilder / f"{Path(seite).stem}-{breite}.png"))


def test_diagramme_werden_geladen_und_verweise_fuehren_zum_ziel(browser, html: Path):
    browser.set_window_size(*BREITEN["desktop"])
    browser.get((html / "08-handlungsfeld-d-wohnen-unterbringung.html").as_uri())
    bilder = browser.execute_script(
        "return [...document.images].map(i => [i.alt, i.complete && i.naturalWidth > 0])"
    )
    assert bilder and all(alt and geladen for alt, geladen in bilder)
    browser.get((html / "04-datenlage.html").as_uri())
    browser.find_element("css selector", "main p a[href$='#_RefTabelle2']").click()
    assert browser.execute_script("return location.hash") == "#_RefTabelle2"
    caption = browser.find_element("css selector", "#_RefTabelle2 caption").text
    assert caption.startswith("Tabelle 2:")


def test_zweistufiger_kopf_ohne_verstoss(browser, amt: Path):
    """A table whose header has a group row over its entries (an export's header rows):
    `colspan`, `rowspan` and `scope="colgroup"` pass axe-core's table rules."""
    (html,) = build(2023, amt, formate=["html"]).dateien
    browser.set_window_size(*BREITEN["desktop"])
    browser.get((html / "01-leistungen-nach-dem-sgb-ii.html").as_uri())
    gruppe = browser.execute_script(
        "const th = document.querySelector('th[scope=colgroup]'); return [th.textContent, th.colSpan]"
    )
    assert gruppe == ["Geschlecht, Anzahl", 3]
    verstoesse = _axe(browser)
    assert verstoesse == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in verstoesse]
