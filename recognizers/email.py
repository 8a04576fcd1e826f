"""Presidio's email recognizer, made offline and aware of masking.

Presidio validates the domain with `tldextract`'s module-level extractor, which fetches the Public Suffix
List on first use. Here each recognizer owns an extractor limited to tldextract's bundled snapshot, so
scanning never touches the network and no environment variable has to be set process-wide.
"""

from __future__ import annotations

from typing import Any

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's recognizer exactly, but offline (also what `jejak eval`'s Presidio baseline uses)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        return self._extract(pattern_text).fqdn != ""


class MaskAwareEmailRecognizer(OfflineEmailRecognizer):
    """jejak's email recognizer: offline, and masked addresses are not personal data."""

    def invalidate_result(self, pattern_text: str) -> bool:
        """A masked address (`j***@example.com`) no longer identifies anyone: it is the de-identified form."""
        local = pattern_text.partition("@")[0]
        return "**" in local
