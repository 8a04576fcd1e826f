"""One exception tree for everything jejak raises on purpose.

    JejakError                      base: carries a one-line message that says what to do next
    ├── ConfigError                 bad config file or option (exit code 2)
    ├── UsageError                  bad command-line input, e.g. a path that does not exist (exit code 2)
    ├── ConnectorError              an asset or location cannot be listed or read (asset-level, exit 3)
    │   ├── AssetReadError          one asset is unreadable or corrupt; the scan goes on with the rest
    │   └── TransientConnectorError a retry may succeed (throttling, timeouts)
    ├── RecognizerPackError         a recognizer pack is invalid (unknown key, bad regex, missing validator)
    ├── CatalogError                the catalog cannot be opened, migrated or written
    │   └── HashKeyError            the hash key is missing, unreadable or does not match the catalog
    └── AnalyzerError               the detection engine cannot be built (e.g. configured NER model missing)

Messages never contain raw personal data: they name files, columns, keys and line numbers, not values.
"""

from __future__ import annotations


class JejakError(Exception):
    """Base of every error jejak raises deliberately."""

    exit_code: int = 2


class ConfigError(JejakError):
    """The configuration is invalid; the message names the key path and the source file."""


class UsageError(JejakError):
    """The command line asks for something that cannot be done."""


class ConnectorError(JejakError):
    """A connector could not list or read something."""

    exit_code = 3


class AssetReadError(ConnectorError):
    """One asset could not be read (corrupt, truncated, unsupported, denied)."""

    def __init__(self, uri: str, reason: str) -> None:
        super().__init__(f"{uri}: {reason}")
        self.uri = uri
        self.reason = reason


class TransientConnectorError(ConnectorError):
    """A failure that a retry may fix (throttling, a dropped connection)."""


class RecognizerPackError(JejakError):
    """A recognizer pack failed validation or references something that does not exist."""


class CatalogError(JejakError):
    """The catalog database cannot be opened, migrated or written."""


class HashKeyError(CatalogError):
    """The keyed-hash secret is unusable or is not the one this catalog was written with."""


class AnalyzerError(JejakError):
    """The detection engine could not be set up."""
