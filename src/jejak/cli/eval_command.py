"""`jejak eval`: measure detection on a labelled dataset, next to Presidio's defaults on the same texts.

Contract (docs/cli.md): reads `{"id", "lang", "text", "spans"}` JSON Lines, prints per-entity and
per-language precision/recall/F1 as a table, JSON or markdown (`docs/accuracy.md`). A malformed dataset
exits 2 with one line naming the line; the report never contains texts or values, only counts, line ids
and offsets.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click

from jejak.cli.options import common_options, split_csv
from jejak.cli.session import Session
from jejak.errors import UsageError
from jejak.evaluation.dataset import LabelledSpan, load_dataset
from jejak.evaluation.markdown import render_markdown
from jejak.evaluation.report import build_report
from jejak.evaluation.runner import SystemRun, run_system, select_examples
from jejak.evaluation.table import print_tables


@click.command("eval")
@click.option(
    "--dataset",
    "dataset_path",
    type=click.Path(path_type=Path),
    default=Path("fixtures/eval"),
    show_default=True,
    help="Labelled JSON Lines file, or a directory holding eval.jsonl.",
)
@click.option(
    "--baseline",
    type=click.Choice(["presidio", "none"]),
    default="presidio",
    show_default=True,
    help="Also score Presidio's default configuration on the same texts.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="markdown is what docs/accuracy.md holds.",
)
@click.option(
    "--output", "-o", "output_path", type=click.Path(path_type=Path, dir_okay=False), help="Write here."
)
@click.option("--entities", multiple=True, metavar="TYPE,...", help="Only score these entity types.")
@common_options
def eval_(
    dataset_path: Path,
    baseline: str,
    output_format: str,
    output_path: Path | None,
    entities: tuple[str, ...],
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Score jejak (and Presidio's defaults) on labelled text: precision, recall, F1 per entity, language."""
    dataset = load_dataset(dataset_path)
    wanted = split_csv(entities) or None
    examples = select_examples(dataset, wanted)
    gold_types = {span.type for example in examples for span in example.spans}
    if not gold_types:
        raise UsageError("no labelled spans of the --entities types in the dataset — check the type names")
    runs: list[SystemRun] = []

    def note(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    started = time.perf_counter()
    detector = Session(config_path=config_path, catalog_url=catalog_url).detector
    setup = time.perf_counter() - started
    note(f"jejak: {len(examples)} texts...")

    def jejak_predict(text: str) -> list[LabelledSpan]:
        return [LabelledSpan(s.start, s.end, s.entity_type) for s in detector.analyze_text(text)]

    runs.append(run_system("jejak", jejak_predict, examples, gold_types, wanted, setup))
    note(f"jejak: {runs[-1].texts_per_second:.1f} texts/s")
    baseline_info: dict[str, Any] | None = None
    if baseline == "presidio":
        from jejak.evaluation.presidio_baseline import (
            DESCRIPTION,
            LANGUAGE,
            PresidioBaseline,
            presidio_version,
        )

        started = time.perf_counter()
        presidio = PresidioBaseline()
        setup = time.perf_counter() - started
        note(f"presidio: {len(examples)} texts...")
        runs.append(run_system("presidio", presidio, examples, gold_types, wanted, setup))
        note(f"presidio: {runs[-1].texts_per_second:.1f} texts/s")
        baseline_info = {
            "name": "presidio",
            "presidio_analyzer_version": presidio_version(),
            "language": LANGUAGE,
            "score_threshold": presidio.engine.default_score_threshold,
            "nlp_engine": "spacy.blank('en') with lemma = lower-cased token; no NER model",
            "recognizers": presidio.recognizers,
            "description": DESCRIPTION.format(version=presidio_version()),
        }
    document = build_report(dataset, examples, runs, baseline_info, wanted)
    _write(document, output_format, output_path)


def _write(document: dict[str, Any], output_format: str, output_path: Path | None) -> None:
    if output_format == "table":
        if output_path is None:
            print_tables(document)
            return
        with _open(output_path) as handle:
            print_tables(document, file=handle)
        return
    text = (
        json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output_format == "json"
        else render_markdown(document)
    )
    if output_path is None:
        click.echo(text, nl=False)
        return
    with _open(output_path) as handle:
        handle.write(text)


def _open(path: Path) -> Any:
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror} — choose another --output") from exc
