"""Running one system over a dataset: predictions per text, scored into a Tally, with timings.

Every system (jejak, the Presidio baseline) goes through the same function, so both see the same texts in
the same order and are scored by the same code; only the callable differs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from jejak.evaluation.dataset import Dataset, Example, LabelledSpan
from jejak.evaluation.metrics import Tally

Predictor = Callable[[str], list[LabelledSpan]]


@dataclass
class SystemRun:
    name: str
    tally: Tally
    texts: int
    setup_seconds: float
    analysis_seconds: float

    @property
    def texts_per_second(self) -> float:
        return self.texts / self.analysis_seconds if self.analysis_seconds > 0 else 0.0


def select_examples(dataset: Dataset, entities: Collection[str] | None) -> list[Example]:
    """The examples with gold spans narrowed to `entities` (all types when None)."""
    if not entities:
        return list(dataset.examples)
    wanted = set(entities)
    return [
        Example(e.id, e.lang, e.text, tuple(s for s in e.spans if s.type in wanted)) for e in dataset.examples
    ]


def run_system(
    name: str,
    predict: Predictor,
    examples: Sequence[Example],
    gold_types: Collection[str],
    entities: Collection[str] | None = None,
    setup_seconds: float = 0.0,
) -> SystemRun:
    """Predict every text, keep predictions of `entities` (all when None) and score them."""
    tally = Tally(frozenset(gold_types))
    wanted = set(entities) if entities else None
    elapsed = 0.0
    for example in examples:
        started = time.perf_counter()
        predicted = predict(example.text)
        elapsed += time.perf_counter() - started
        if wanted is not None:
            predicted = [span for span in predicted if span.type in wanted]
        tally.add(example, predicted)
    return SystemRun(name, tally, len(examples), setup_seconds, elapsed)
