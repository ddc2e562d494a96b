"""Work folders and their locks (`aufraeumen`): a clean-up never takes a folder a running build is
taking or holds, and removes what a killed build left."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from berichtsgen.aufraeumen import SPERRE, VERLASSEN_NACH, sperren, verwaiste_entfernen

MUSTER = ".berichtsgen-*"


def test_ein_eben_angelegter_ordner_bleibt(tmp_path: Path):
    # the moment between making the work folder and locking it, as another build's clean-up sees it
    neu = Path(tempfile.mkdtemp(prefix=".berichtsgen-", dir=tmp_path))
    assert verwaiste_entfernen(tmp_path, MUSTER) == []
    sperre = sperren(neu)
    assert (neu / SPERRE).is_file() and [p.name for p in neu.iterdir()] == [SPERRE]
    assert verwaiste_entfernen(tmp_path, MUSTER) == []  # held
    sperre.close()
    assert verwaiste_entfernen(tmp_path, MUSTER) == [neu]  # free: its build has ended


def test_was_ein_abgebrochener_bau_liess_wird_entfernt(tmp_path: Path):
    gesperrt_verlassen = tmp_path / ".berichtsgen-a"
    gesperrt_verlassen.mkdir()
    (gesperrt_verlassen / SPERRE).touch()  # its process died: the lock ended with it
    ungesperrt_alt = tmp_path / ".berichtsgen-b"  # killed before it was locked, long ago
    ungesperrt_alt.mkdir()
    vorher = time.time() - VERLASSEN_NACH - 60
    os.utime(ungesperrt_alt, (vorher, vorher))
    fremd = tmp_path / "berichte"
    fremd.mkdir()
    assert sorted(verwaiste_entfernen(tmp_path, MUSTER)) == [gesperrt_verlassen, ungesperrt_alt]
    assert fremd.is_dir()


def test_eine_vorhandene_sperrdatei_sperrt_nur_einmal(tmp_path: Path):
    eins = sperren(tmp_path)
    with pytest.raises(OSError):
        sperren(tmp_path)
    eins.close()
    zwei = sperren(tmp_path)  # a kept LibreOffice profile: the same lock file, locked again
    zwei.close()


def _bauen_und_aufraeumen(ordner: str, runden: int) -> int:
    """What each build does: clean up, make and lock its folder, find it still there, remove it."""
    verloren = 0
    for _ in range(runden):
        verwaiste_entfernen(Path(ordner), MUSTER)
        arbeit = Path(tempfile.mkdtemp(prefix=".berichtsgen-", dir=ordner))
        try:
            sperre = sperren(arbeit)
        except OSError:
            verloren += 1  # another build's clean-up removed it before it was locked
            continue
        verwaiste_entfernen(Path(ordner), MUSTER)
        if not arbeit.is_dir():
            verloren += 1
        shutil.rmtree(arbeit, ignore_errors=True)
        sperre.close()
    return verloren


def test_gleichzeitige_baue_nehmen_sich_keine_ordner(tmp_path: Path):
    """The builds of a series share an output folder: none may lose its work folder to another's
    clean-up (it did: "Der Bericht lässt sich nicht schreiben" in one of 20 reports)."""
    with multiprocessing.get_context("fork").Pool(4) as pool:
        verloren = pool.starmap(_bauen_und_aufraeumen, [(str(tmp_path), 150)] * 4)
    assert verloren == [0, 0, 0, 0]


def test_ohne_harte_links_sperrt_es_trotzdem(tmp_path: Path, monkeypatch):
    """An output folder on a share without hard links (CIFS without Unix extensions)."""

    def kein_link(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", kein_link)
    sperre = sperren(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [SPERRE]
    with pytest.raises(OSError):
        sperren(tmp_path)  # held
    sperre.close()
