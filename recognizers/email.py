"""Presidio's email recognizer, made offline and aware of masking.

Presidio validates the domain with `tldextract`'s module-level extractor, which fetches the Public Suffix
List on first use. Here the recognizers use an extractor limited to tldextract's bundled snapshot, so
scanning never touches the network and no environment variable has to be set process-wide.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import tldextract
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer

#: A log field's key glued to the address: `user=a@b.com`, `uid=a@b.com`. RFC 5322 allows `=` in a local
#: part, so Presidio's pattern takes the key along; addresses with a real `=` are rare, log fields are not.
_LOG_KEY = re.compile(r"[A-Za-z_][\w.-]{0,30}=")
#: What makes tldextract read an address as a URL (`a/b@c.com`: host `a`): only without these in the local
#: part does the domain alone decide (tldextract keeps what follows the last `@` before any of them).
_URL_SYNTAX = re.compile(r"[/?#]")


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's recognizer exactly, but offline (also what `jejak eval`'s Presidio baseline uses)."""

    def validate_result(self, pattern_text: str) -> bool:
        local, at, domain = pattern_text.rpartition("@")
        if at and not _URL_SYNTAX.search(local):
            return has_registered_domain(domain)  # what tldextract reads of the address: its domain alone
        return offline_extractor()(pattern_text).fqdn != ""


@lru_cache(maxsize=4096)
def has_registered_domain(domain: str) -> bool:
    """Whether `domain` is a name under a public suffix (`example.co.id`, not `co.id`), per domain: a
    column of addresses holds a few dozen domains, and tldextract costs ~4 us an address (~0.4 us so)."""
    return offline_extractor()(domain).fqdn != ""


@cache
def offline_extractor() -> tldextract.TLDExtract:
    """One extractor per process, limited to tldextract's bundled snapshot. It builds its suffix trie on
    first use (~0.1 s); every language's e-mail recognizer shares it rather than building its own."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class MaskAwareEmailRecognizer(OfflineEmailRecognizer):
    """jejak's email recognizer: offline, log keys trimmed, and masked addresses are not personal data."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)  # type: ignore[arg-type]
        for result in results:
            key = _LOG_KEY.match(text, result.start)
            if key and "@" not in key.group(0):
                result.start = key.end()
        return results

    def invalidate_result(self, pattern_text: str) -> bool:
        """A masked address (`j***@example.com`) no longer identifies anyone: it is the de-identified form."""
        local = pattern_text.partition("@")[0]
        return "**" in local
