"""Fixtures of the robustness suite."""

from __future__ import annotations

import signal

import pytest


class _Zeitlimit(Exception):
    pass


@pytest.fixture
def zeitlimit():
    """Stop a case that runs longer than 90 seconds (a hang is a failure, not a stuck suite)."""

    def abbrechen(*_):
        raise _Zeitlimit("Fall läuft länger als 90 Sekunden")

    vorher = signal.signal(signal.SIGALRM, abbrechen)
    signal.alarm(90)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, vorher)
