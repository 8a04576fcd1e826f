"""Exit codes are a contract for hooks and scripts (docs/cli.md)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS_MATCHED = 1  # --fail-on matched (wins over PARTIAL: a hook must block on a confirmed finding)
    USAGE_ERROR = 2  # bad flags, bad config, missing path: nothing (or nothing useful) was done
    PARTIAL_FAILURE = 3  # some assets or input lines could not be read; the rest was processed and reported
