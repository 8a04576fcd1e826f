"""The evaluation report as one JSON-ready document; the table and markdown renderers read only this.

Keeping one document means the three formats cannot disagree. It holds counts, scores, timings, the
baseline's exact configuration and the misses located by line id and offsets — never a text or a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jejak import __version__
from jejak.evaluation.dataset import Dataset, Example
from jejak.evaluation.matching import MODES
from jejak.evaluation.runner import SystemRun
from jejak.evaluation.targets import TARGETS, meets, target_for

SCHEMA_VERSION = 1

SCORING = (
    "A prediction is a true positive when its type and its span (start, end in code points) equal a gold "
    "span's (exact); the relaxed score only asks for the same type and overlapping spans (overlap). "
    "Matching is one to one. Per entity type and language: precision, recall, F1, support (gold spans), "
    "TP/FP/FN; micro averages pool all counts. Predictions of types the gold labels never use are not "
    "scored per type but counted as unexpected types, and added as false positives in the "
    "'all predictions' precision. Targets are judged on exact F1."
)


def build_report(
    dataset: Dataset,
    examples: Sequence[Example],
    runs: Sequence[SystemRun],
    baseline: dict[str, Any] | None,
    entities: Sequence[str] | None,
) -> dict[str, Any]:
    gold_types = sorted({s.type for e in examples for s in e.spans})
    return {
        "schema_version": SCHEMA_VERSION,
        "jejak_version": __version__,
        "dataset": {
            "path": _display_path(dataset.path),
            "sha256": dataset.sha256,
            "texts": len(examples),
            "spans": sum(len(e.spans) for e in examples),
            "languages": {lang: sum(1 for e in examples if e.lang == lang) for lang in dataset.languages},
            "entity_types": gold_types,
            "entities_filter": list(entities) if entities else None,
            "about": dataset.about,
        },
        "scoring": SCORING,
        "targets": [{"name": t.name, "f1": t.f1} for t in TARGETS],
        "baseline": baseline,
        "systems": {run.name: _system(run, gold_types, dataset.languages) for run in runs},
    }


def _system(run: SystemRun, gold_types: list[str], languages: list[str]) -> dict[str, Any]:
    tally = run.tally
    by_type = {mode: tally.by_type(mode) for mode in MODES}
    by_lang = {mode: tally.by_language(mode) for mode in MODES}
    entities: dict[str, Any] = {}
    for entity in gold_types:
        exact = by_type["exact"].get(entity)
        f1 = exact.f1 if exact else 0.0
        target = target_for(entity)
        entities[entity] = {
            **{
                mode: (by_type[mode][entity].as_dict() if entity in by_type[mode] else None) for mode in MODES
            },
            "target": None
            if target is None
            else {"name": target.name, "f1": target.f1, "met": meets(target, f1)},
        }
    return {
        "texts": run.texts,
        "setup_seconds": round(run.setup_seconds, 3),
        "analysis_seconds": round(run.analysis_seconds, 3),
        "texts_per_second": round(run.texts_per_second, 1),
        "micro": {mode: tally.micro(mode).as_dict() for mode in MODES},
        "micro_all_predictions": {mode: tally.micro_all_predictions(mode).as_dict() for mode in MODES},
        "entities": entities,
        "languages": {
            lang: {mode: by_lang[mode][lang].as_dict() for mode in MODES if lang in by_lang[mode]}
            for lang in languages
        },
        "entities_by_language": {
            lang: {
                entity: {mode: tally.cell(mode, lang, entity).as_dict() for mode in MODES}
                for entity in gold_types
                if tally.cell("exact", lang, entity).support or tally.cell("exact", lang, entity).fp
            }
            for lang in languages
        },
        "unexpected_types": dict(sorted(tally.unexpected_by_type().items(), key=lambda kv: (-kv[1], kv[0]))),
        "misses": [
            {"id": m.id, "lang": m.lang, "kind": m.kind, "type": m.type, "start": m.start, "end": m.end}
            for m in tally.misses
        ],
    }


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
