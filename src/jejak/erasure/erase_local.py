"""Erase from local files: a checked temp file beside the original, then an atomic `os.replace`.

The temp lives in the same directory (same filesystem, so the rename is atomic) and is named after the
plan, so a later run of the same plan recognises and discards what a killed run left behind. Staleness is
the local connector's own fingerprint (size, mtime, hash of the first 64 KiB); an asset this plan already
replaced is recognised by its sha256, which the journal recorded before the swap.
"""

from __future__ import annotations

from pathlib import Path

from jejak.connectors.local import describe
from jejak.erasure.edits import RewriteError
from jejak.erasure.eraser import Checkpoint, EraseItem, StalePlan, swapped, written
from jejak.erasure.journal import Journal, JournalEntry, Step
from jejak.erasure.outcome import AssetOutcome
from jejak.erasure.rewrite import SUPPORTED_FORMATS, sha256_file, swap, write_temp

REWRITE_ACTIONS = frozenset({"delete_rows", "redact_spans"})


class LocalFileEraser:
    def unsupported(self, item: EraseItem) -> str | None:
        if item.action not in REWRITE_ACTIONS:
            return f"{item.action} is not supported for local files"
        if item.hit.get("format") not in SUPPORTED_FORMATS:
            return f"format {item.hit.get('format')} cannot be rewritten yet; erase by hand"
        return None

    def check(self, item: EraseItem, entry: JournalEntry | None) -> bool:
        path = Path(item.uri)
        if (
            entry is not None
            and entry.is_swapped
            and path.is_file()
            and sha256_file(path) == entry.new_sha256
        ):
            return True
        asset = describe(path)
        if asset is None or asset.fingerprint is None or asset.fingerprint != item.planned_fingerprint:
            raise StalePlan(item.plan_id, item.uri)
        return False

    def erase(self, item: EraseItem, journal: Journal, checkpoint: Checkpoint) -> AssetOutcome:
        path = Path(item.uri)
        temp = path.parent / item.temp_name
        temp.unlink(missing_ok=True)  # left by a killed run of this plan; the original is intact
        asset = describe(path)
        if asset is None:
            return AssetOutcome(item.uri, item.action, "failed", "the file vanished; nothing was changed")
        entry = JournalEntry(
            item.plan_id, item.uri, item.action, Step.PLANNED, original_sha256=sha256_file(path)
        )
        journal.record(entry)
        checkpoint("planned")
        try:
            result = write_temp(path, asset.format.value, asset.compression == "gzip", item.edits, temp)
        except RewriteError as exc:
            return AssetOutcome(item.uri, item.action, "failed", f"{exc}; the original is kept")
        except OSError as exc:
            reason = f"cannot write beside it ({exc.strerror}); the original is kept"
            return AssetOutcome(item.uri, item.action, "failed", reason)
        entry = written(entry, result, str(temp))
        journal.record(entry)
        checkpoint("written")
        swap(temp, path)
        return swapped(item, entry, journal, checkpoint)
