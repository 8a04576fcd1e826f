"""Redacting fields of a JSON record (a JSON Lines line, an element of a JSON array), and checking that a
redacted record changed nowhere else. Columns are dotted paths through objects, as the scan names them;
lists are not addressed yet (erase the row instead)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from jejak.erasure.edits import MARKER, Cut, RewriteError, cuts_by_column, redact_text, redaction_fits


def field(record: Any, column: str) -> tuple[dict[str, Any], str]:
    """The object holding a dotted path's leaf, and the leaf's name."""
    *parents, leaf = column.split(".")
    node = record
    for name in parents:
        node = node.get(name) if isinstance(node, dict) else None
    if not isinstance(node, dict) or leaf not in node:
        raise RewriteError(f"column {column} is not a field path this rewriter can address; erase by hand")
    return node, leaf


def redact_json(record: Any, cuts: Sequence[Cut]) -> Any:
    """Blank spans in the strings at the cuts' field paths (in place); a subject-key cell of another type
    is blanked whole."""
    for column, column_cuts in cuts_by_column(cuts, "a JSON record").items():
        parent, leaf = field(record, column)
        cell = parent[leaf]
        if isinstance(cell, str):
            parent[leaf] = redact_text(cell, column_cuts)
        elif all(cut.whole for cut in column_cuts):
            parent[leaf] = MARKER
        else:
            raise RewriteError(f"column {column} is not text; erase that row instead of redacting it")
    return record


def json_redaction_fits(before: Any, after: Any, cuts: Sequence[Cut]) -> bool:
    """`after` is `before` with only the cut fields changed, each only inside its spans."""
    expected = copy.deepcopy(before)
    for column, column_cuts in cuts_by_column(cuts, "a JSON record").items():
        try:
            old_parent, leaf = field(before, column)
            new_parent, _ = field(after, column)
        except RewriteError:
            return False
        old, new = old_parent[leaf], new_parent[leaf]
        if not isinstance(new, str):
            return False
        if not (redaction_fits(old, new, column_cuts) if isinstance(old, str) else new == MARKER):
            return False
        field(expected, column)[0][leaf] = new
    return bool(expected == after)
