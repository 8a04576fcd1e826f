"""Labelled evaluation data: JSON Lines of `{"id", "lang", "text", "spans": [{"type", "start", "end"}]}`.

Offsets are Python code points, the same unit `jejak analyze` reports. A bad line stops the evaluation with
one line naming the file, the line number and what is wrong: scoring half a dataset silently would publish
numbers nobody can reproduce. Messages never quote the text, which holds (synthetic) personal data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jejak.errors import UsageError

#: File read when --dataset names a directory.
DEFAULT_FILE = "eval.jsonl"
#: Markdown beside the data saying what it is and how far to trust its scores; reports quote it verbatim.
ABOUT_FILE = "ABOUT.md"


class DatasetError(UsageError):
    """The dataset is missing or has a malformed line (exit code 2)."""


@dataclass(frozen=True, order=True)
class LabelledSpan:
    """A typed character range; used for gold labels and for predictions alike."""

    start: int
    end: int
    type: str

    def overlaps(self, other: LabelledSpan) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Example:
    id: str
    lang: str
    text: str
    spans: tuple[LabelledSpan, ...]


@dataclass(frozen=True)
class Dataset:
    path: Path
    sha256: str
    examples: tuple[Example, ...]
    #: The dataset's ABOUT.md (what it is, how it was made, caveats), when there is one.
    about: str | None = None

    @property
    def languages(self) -> list[str]:
        return sorted({example.lang for example in self.examples})

    @property
    def gold_types(self) -> set[str]:
        return {span.type for example in self.examples for span in example.spans}


def resolve_dataset_path(path: Path) -> Path:
    """A file, or a directory holding `eval.jsonl`."""
    target = path / DEFAULT_FILE if path.is_dir() else path
    if not target.is_file():
        raise DatasetError(
            f"dataset {target} not found — pass --dataset FILE.jsonl or a directory with {DEFAULT_FILE}"
        )
    return target


def load_dataset(path: Path) -> Dataset:
    target = resolve_dataset_path(path)
    try:
        raw = target.read_bytes()
    except OSError as exc:
        raise DatasetError(
            f"cannot read {target}: {exc.strerror} — check the path and its permissions"
        ) from exc
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{target} is not UTF-8 (byte {exc.start}) — re-encode it as UTF-8") from exc
    examples: list[Example] = []
    seen: set[str] = set()
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        example = parse_line(line, number, target.name)
        if example.id in seen:
            raise DatasetError(
                f"{target.name} line {number}: duplicate id {example.id!r} — ids must be unique"
            )
        seen.add(example.id)
        examples.append(example)
    if not examples:
        raise DatasetError(f"{target} holds no examples — generate it with fixtures/eval/make_eval.py")
    about_path = target.parent / ABOUT_FILE
    about = about_path.read_text(encoding="utf-8").strip() if about_path.is_file() else None
    return Dataset(target, hashlib.sha256(raw).hexdigest(), tuple(examples), about)


def parse_line(line: str, number: int, source: str = "dataset") -> Example:
    """One JSON line as an Example; raises DatasetError naming `source` and `number` when malformed."""
    where = f"{source} line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{where}: not valid JSON ({exc.msg}) — fix or remove the line") from exc
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: expected a JSON object — fix or remove the line")
    identifier = record.get("id")
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise DatasetError(f"{where}: 'id' must be a string or an integer")
    lang, text, spans = record.get("lang"), record.get("text"), record.get("spans")
    if not isinstance(lang, str) or not lang:
        raise DatasetError(f"{where}: 'lang' must be a language code such as 'en' or 'th'")
    if not isinstance(text, str):
        raise DatasetError(f"{where}: 'text' must be a string")
    if not isinstance(spans, list):
        raise DatasetError(f"{where}: 'spans' must be a list (use [] for a line without personal data)")
    return Example(
        str(identifier), lang, text, tuple(sorted(_span(s, i, len(text), where) for i, s in enumerate(spans)))
    )


def _span(raw: Any, index: int, length: int, where: str) -> LabelledSpan:
    label = f"{where}: span {index}"
    if not isinstance(raw, dict):
        raise DatasetError(f"{label} must be an object with 'type', 'start' and 'end'")
    kind, start, end = raw.get("type"), raw.get("start"), raw.get("end")
    if not isinstance(kind, str) or not kind:
        raise DatasetError(f"{label}: 'type' must be an entity type such as 'EMAIL_ADDRESS'")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise DatasetError(f"{label}: 'start' and 'end' must be integers (code point offsets)")
    assert isinstance(start, int) and isinstance(end, int)
    if not 0 <= start < end <= length:
        raise DatasetError(f"{label}: offsets {start}-{end} are outside the text (length {length}) or empty")
    return LabelledSpan(start, end, kind)
