"""Great Expectations 1.x expectations backed by jejak: no personal data in a column, consent for every
subject in a training set (docs/great-expectations.md).

Importing this package imports great_expectations (seconds) and registers the expectations with it; nothing
else in jejak imports it, so the CLI and the core stay fast without the `gx` extra installed.
"""

from __future__ import annotations

try:
    import great_expectations  # noqa: F401  (seconds: only ever imported here)
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("jejak.gx needs Great Expectations 1.x: pip install 'jejak[gx]'") from exc

from jejak.gx.consent import ExpectColumnValuesToHaveConsent
from jejak.gx.engines import clear_caches
from jejak.gx.personal_data import ExpectColumnValuesToNotContainPersonalData
from jejak.gx.suite import consent_suite

__all__ = [
    "ExpectColumnValuesToHaveConsent",
    "ExpectColumnValuesToNotContainPersonalData",
    "clear_caches",
    "consent_suite",
]
