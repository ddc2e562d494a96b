"""The installed wheel, not the source tree: it carries the neutral template and the files of `init`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hilfen import REPO

SKRIPT = """
import sys
from pathlib import Path
import berichtsgen
from berichtsgen.anlegen import projekt_anlegen
assert berichtsgen.__file__.startswith(sys.argv[1]), berichtsgen.__file__
ziel = Path(sys.argv[2])
projekt_anlegen(ziel, 2025)
(ziel / "berichtsgen.toml").write_text(
    (ziel / "berichtsgen.toml").read_text(encoding="utf-8").replace('vorlage = "vorlagen/standard.docx"', ""),
    encoding="utf-8",
)  # no template named: the one inside the package
ergebnis = berichtsgen.build(2025, ziel, formate=["docx"])
print(ergebnis.dateien[0])
"""


def test_projekt_aus_dem_installierten_wheel(tmp_path: Path):
    rad = tmp_path / "rad"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(rad),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = rad.glob("berichtsgen-*.whl")
    ziel = tmp_path / "installiert"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(ziel), str(wheel)],
        check=True,
        capture_output=True,
    )
    umgebung = dict(os.environ, PYTHONPATH=str(ziel))
    r = subprocess.run(
        [sys.executable, "-c", SKRIPT, str(ziel), str(tmp_path / "projekt")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=umgebung,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert Path(r.stdout.strip().splitlines()[-1]).is_file()
