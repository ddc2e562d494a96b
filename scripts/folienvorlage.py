"""Make berichtsgen's neutral slide template (src/berichtsgen/vorlagen/folien.pptx).

python-pptx's own default template (4:3, "Office Theme", MIT licence) widened to 16:9: every shape
of the slide master and the layouts keeps its place relative to the slide. Run from the
repository root: `.venv/bin/python scripts/folienvorlage.py`.
"""

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

ZIEL = Path("src/berichtsgen/vorlagen/folien.pptx")
BREITE = Emu(12192000)  # 33.867 cm: 16:9 at the default height of 19.05 cm


def main() -> None:
    praesentation = Presentation()
    faktor = BREITE / praesentation.slide_width
    praesentation.slide_width = BREITE
    master = praesentation.slide_master
    for teil in [master, *master.slide_layouts]:
        for form in teil.shapes:
            if form._element.xpath("./*[local-name()='spPr']/*[local-name()='xfrm']"):  # not inherited
                form.left, form.width = Emu(round(form.left * faktor)), Emu(round(form.width * faktor))
    praesentation.core_properties.title = "berichtsgen – neutrale Folienvorlage"
    praesentation.core_properties.author = "berichtsgen"
    praesentation.save(str(ZIEL))
    print(f"{ZIEL}: {ZIEL.stat().st_size} Bytes")


if __name__ == "__main__":
    main()
