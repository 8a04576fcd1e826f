"""`jejak analyze`: detect entities in free text, one string or a JSONL stream.

Contract (docs/cli.md): input lines `{"id": ..., "text": "..."}`, output lines
`{"id": ..., "entities": [{"type", "start", "end", "score"}]}`, offsets in code points of the original text,
one output line per input line in the same order. No values are echoed back, so the output is safe to keep.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from jejak.cli.exit_codes import ExitCode
from jejak.cli.options import common_options, split_csv
from jejak.cli.session import Session
from jejak.detection.masking import mask_preview
from jejak.errors import UsageError
from jejak.finding import Span

if TYPE_CHECKING:
    from jejak.detection.detector import Detector


@click.command()
@click.option("--text", help="Analyse this string.")
@click.option(
    "--input", "input_path", metavar="FILE|-", help="JSON Lines input ({'id', 'text'} per line); - is stdin."
)
@click.option(
    "--output",
    "output_path",
    metavar="FILE|-",
    default="-",
    show_default=True,
    help="Where JSON Lines results go; - is stdout.",
)
@click.option(
    "--language",
    default="auto",
    show_default=True,
    help="Language code of the texts, or auto (guessed per text from its script).",
)
@click.option("--entities", multiple=True, metavar="TYPE,...", help="Only these entity types.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "table"]),
    default=None,
    help="For --text: table (default on a terminal) or json.",
)
@common_options
def analyze(
    text: str | None,
    input_path: str | None,
    output_path: str,
    language: str,
    entities: tuple[str, ...],
    output_format: str | None,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Find personal data in text (no catalog is written)."""
    if (text is None) == (input_path is None):
        raise UsageError("give exactly one of --text or --input")
    overrides: dict[str, Any] = {"detection": {"entities": split_csv(entities)}} if entities else {}
    session = Session(config_path=config_path, catalog_url=catalog_url, overrides=overrides)
    detector = session.detector
    lang = None if language == "auto" else language
    if lang is not None and lang not in detector.config.languages:
        raise UsageError(
            f"--language {lang!r} is not configured; choose one of "
            f"{', '.join(detector.config.languages)} or auto"
        )
    if text is not None:
        spans = detector.analyze_text(text, language=lang)
        if (output_format or ("table" if sys.stdout.isatty() else "json")) == "json":
            click.echo(json.dumps({"entities": [_span(s) for s in spans]}, ensure_ascii=False))
        else:
            _table(text, spans)
        return
    assert input_path is not None
    failures = _analyze_stream(detector, input_path, output_path, lang)
    if failures:
        if not quiet:
            click.echo(f"warning: {failures} input line(s) could not be read (see their 'error')", err=True)
        raise SystemExit(int(ExitCode.PARTIAL_FAILURE))


def _analyze_stream(detector: Detector, input_path: str, output_path: str, language: str | None) -> int:
    failures = 0
    with _opened(input_path, "r") as source, _opened(output_path, "w") as sink:
        for number, line in enumerate(source, start=1):
            record, error = _parse(line, number)
            out: dict[str, Any] = {"id": record.get("id") if record else None, "entities": []}
            if error:
                failures += 1
                out["error"] = error
            else:
                assert record is not None
                spans = detector.analyze_text(record["text"], language=record.get("language") or language)
                out["entities"] = [_span(s) for s in spans]
            sink.write(json.dumps(out, ensure_ascii=False) + "\n")
    return failures


def _parse(line: str, number: int) -> tuple[dict[str, Any] | None, str | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None, f"line {number}: not valid JSON"
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return (
            record if isinstance(record, dict) else None
        ), f"line {number}: expected an object with a 'text' string"
    return record, None


def _span(span: Span) -> dict[str, Any]:
    return {"type": span.entity_type, "start": span.start, "end": span.end, "score": span.score}


@contextmanager
def _opened(path: str, mode: str) -> Iterator[IO[str]]:
    """open() that understands '-' as stdin/stdout (never closed) and fails with a one-line UsageError."""
    if path == "-":
        yield sys.stdin if mode == "r" else sys.stdout
        return
    try:
        handle = open(path, mode, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UsageError(f"cannot open {path}: {exc.strerror}") from exc
    with handle:
        yield handle


def _table(text: str, spans: list[Span]) -> None:
    table = Table(header_style="bold")
    for name in ("type", "start", "end", "score", "preview", "recognizer"):
        table.add_column(name)
    for span in spans:
        table.add_row(
            span.entity_type,
            str(span.start),
            str(span.end),
            f"{span.score:.2f}",
            mask_preview(text[span.start : span.end]),
            span.recognizer,
        )
    Console().print(table if spans else "no personal data found")
