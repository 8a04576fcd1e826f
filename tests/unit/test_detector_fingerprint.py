"""An incremental rescan reuses findings only under the same detector fingerprint: a change to what jejak's
own recognizers find must change it, or unchanged assets would keep findings the new code would not make."""

from __future__ import annotations

import pytest

from jejak.config import load_config
from jejak.detection import detector
from jejak.recognizers.loader import load_packs


def test_the_detection_revision_is_part_of_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    config, packs = load_config().detection, load_packs()
    before = detector.detector_fingerprint(config, packs, ner=False)
    assert detector.detector_fingerprint(config, packs, ner=False) == before
    monkeypatch.setattr(detector, "DETECTION_REVISION", detector.DETECTION_REVISION + 1)
    assert detector.detector_fingerprint(config, packs, ner=False) != before
