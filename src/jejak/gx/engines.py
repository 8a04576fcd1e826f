"""The detector and consent checkers behind the expectations, built once per process.

Building a detector loads every recognizer pack and Presidio (about two seconds), and opening a consent
ledger reads and hashes it, while GX evaluates a metric once per expectation and batch: without a cache a
suite over ten columns would pay that ten times. A config is found as the CLI finds it: the given
`config_path`, else `./jejak.yaml` when present, else the shipped defaults.

A local ledger file is cached with its size and modification time, so a withdrawal appended to it reaches
the next validation in a long-lived worker; a ledger behind a URL (S3, SQL) is read once per process:
call `clear_caches()` to read it again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from jejak.config import USER_CONFIG_NAME, load_config
from jejak.detection.detector import Detector, context_from_name
from jejak.detection.masking import mask_preview
from jejak.finding import Span
from jejak.gx.selection import select_entity_types
from jejak.recognizers.loader import load_packs
from jejak.recognizers.pack import PackSpec

if TYPE_CHECKING:
    from jejak.consent.api import ConsentChecker


def resolve_config_path(config_path: str | Path | None) -> Path | None:
    """`config_path` made absolute, else ./jejak.yaml when it exists (as the CLI reads it), else None."""
    if config_path:
        return Path(config_path).expanduser().resolve()
    local = Path.cwd() / USER_CONFIG_NAME
    return local.resolve() if local.is_file() else None


@dataclass
class DetectionEngine:
    """A detector with the packs it was built from; the lock keeps Presidio to one caller at a time."""

    detector: Detector
    packs: list[PackSpec]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def entity_types(
        self, entity_types: Sequence[str] | None, countries: Sequence[str] | None
    ) -> frozenset[str]:
        return select_entity_types(self.packs, self.detector.entities, entity_types, countries)

    def spans(self, texts: list[str], column: str, wanted: frozenset[str]) -> dict[int, list[Span]]:
        """Index in `texts` -> the spans of wanted types in it (values without any are left out)."""
        with self.lock:
            found = self.detector.analyze_values(pa.array(texts, pa.string()), context_from_name(column))
            hits = {index: [s for s in spans if s.entity_type in wanted] for index, spans in found}
        return {index: spans for index, spans in hits.items() if spans}

    def describe(self, text: str, column: str, wanted: frozenset[str]) -> str:
        """A flagged value as jejak's catalog shows it: entity types with masked previews, never the text
        around them (which may name someone no recognizer caught)."""
        spans = self.spans([text], column, wanted).get(0, [])
        parts = [f"{span.entity_type} {mask_preview(text[span.start : span.end])}" for span in spans]
        return "; ".join(parts) or mask_preview(text)


def detection_engine(config_path: str | Path | None = None) -> DetectionEngine:
    return _detection_engine(resolve_config_path(config_path))


@lru_cache(maxsize=8)
def _detection_engine(config_path: Path | None) -> DetectionEngine:
    config = load_config(config_path)
    packs = load_packs()
    return DetectionEngine(Detector(config.detection, packs), packs)


def consent_checker(
    ledger: str, purpose: str, key_kind: str | None = None, config_path: str | Path | None = None
) -> ConsentChecker:
    """The checker for one ledger and purpose, reopened when a local ledger file has changed."""
    return _consent_checker(ledger, purpose, key_kind, resolve_config_path(config_path), _file_stamp(ledger))


@lru_cache(maxsize=16)
def _consent_checker(
    ledger: str,
    purpose: str,
    key_kind: str | None,
    config_path: Path | None,
    stamp: tuple[int, int] | None,
) -> ConsentChecker:
    from jejak.consent.api import ConsentChecker  # the consent core is needed only when this runs

    return ConsentChecker.open(ledger, purpose=purpose, key_kind=key_kind, config_path=config_path)


def _file_stamp(ledger: str) -> tuple[int, int] | None:
    """(mtime_ns, size) of a local ledger file; None for a URL or a path that is not a file."""
    path = Path(ledger.removeprefix("file://").partition("#")[0])
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return None
    return (stat.st_mtime_ns, stat.st_size) if path.is_file() else None


def clear_caches() -> None:
    """Forget built detectors and opened ledgers (e.g. after a config or a remote ledger changed)."""
    _detection_engine.cache_clear()
    _consent_checker.cache_clear()
