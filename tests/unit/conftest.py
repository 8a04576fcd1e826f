"""Fixtures for unit tests: one detector per session (building Presidio's engine takes ~2 s)."""

from __future__ import annotations

import pytest

from jejak.config import load_config
from jejak.detection.detector import Detector
from jejak.recognizers.loader import load_packs


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector(load_config().detection, load_packs())
