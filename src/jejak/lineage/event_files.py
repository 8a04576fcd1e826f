"""Files of OpenLineage events: JSON Lines (one event per line), a JSON array of events, or one event.

Every problem is collected with where it is (`line 3`, `item 2`), not only the first, so a producer can fix
a file in one go; the caller decides whether a file with bad events is rejected or its good events applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from jejak.lineage.errors import LineageEventError
from jejak.lineage.events import RunEvent, parse_run_event


@dataclass
class EventFile:
    """The events of one file and the problems found in it (`line N: run.runId: not a UUID`)."""

    source: str
    events: list[RunEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_event_text(text: str, source: str) -> EventFile:
    """Parse `text`: a JSON array or a single event as a whole, else JSON Lines."""
    result = EventFile(source)
    stripped = text.strip()
    if not stripped:
        result.problems.append("no events (the file is empty)")
        return result
    whole: Any = None
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        if stripped.startswith("["):
            error = _json_error(stripped)
            result.problems.append(f"not a valid JSON array: {error}")
            return result
    if isinstance(whole, list):
        for index, item in enumerate(whole):
            _add(result, item, f"item {index + 1}")
        return result
    if isinstance(whole, dict):
        _add(result, whole, "line 1" if "\n" not in stripped else "event")
        return result
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        _add(result, item, f"line {number}")
    return result


def _add(result: EventFile, item: Any, where: str) -> None:
    try:
        result.events.append(parse_run_event(item))
    except LineageEventError as exc:
        result.problems.append(f"{where}: {exc}")


def _json_error(text: str) -> str:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return "unknown error"
