"""Counting true/false positives and negatives per language and entity type, and the scores built on them.

Predictions of a type that the gold labels never use (Presidio's `US_DRIVER_LICENSE` on a Singapore chat,
`DATE_TIME` on an invoice date) cannot be scored per type, but dropping them would flatter a system; they
are counted per type as *unexpected* and enter the "all predictions" precision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from jejak.evaluation.dataset import Example, LabelledSpan
from jejak.evaluation.matching import MODES, Mode, match_spans


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        """None when nothing was predicted: 'no predictions' is not the same as 'all predictions wrong'."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    def as_dict(self) -> dict[str, float | int | None]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
            "f1": round(self.f1, 4),
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class Miss:
    """One scoring error, located by line id and offsets only (never the value)."""

    id: str
    lang: str
    kind: str  # "fn", "fp" or "unexpected"
    type: str
    start: int
    end: int


@dataclass
class Tally:
    """Counts per (language, entity type) and mode, for one system on one dataset."""

    gold_types: frozenset[str]
    cells: dict[Mode, dict[tuple[str, str], Counts]] = field(default_factory=lambda: {m: {} for m in MODES})
    unexpected: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def add(self, example: Example, predicted: Iterable[LabelledSpan]) -> None:
        scored: list[LabelledSpan] = []
        for span in predicted:
            if span.type in self.gold_types:
                scored.append(span)
            else:
                self.unexpected[(example.lang, span.type)] += 1
                self.misses.append(
                    Miss(example.id, example.lang, "unexpected", span.type, span.start, span.end)
                )
        for mode in MODES:
            matched = match_spans(example.spans, scored, mode)
            for gold, _ in matched.true_positives:
                self._cell(mode, example.lang, gold.type).tp += 1
            for gold in matched.false_negatives:
                self._cell(mode, example.lang, gold.type).fn += 1
                if mode == "exact":
                    self.misses.append(Miss(example.id, example.lang, "fn", gold.type, gold.start, gold.end))
            for wrong in matched.false_positives:
                self._cell(mode, example.lang, wrong.type).fp += 1
                if mode == "exact":
                    self.misses.append(
                        Miss(example.id, example.lang, "fp", wrong.type, wrong.start, wrong.end)
                    )

    def _cell(self, mode: Mode, lang: str, entity: str) -> Counts:
        return self.cells[mode].setdefault((lang, entity), Counts())

    def by_type(self, mode: Mode) -> dict[str, Counts]:
        return self._grouped(mode, key=1)

    def by_language(self, mode: Mode) -> dict[str, Counts]:
        return self._grouped(mode, key=0)

    def cell(self, mode: Mode, lang: str, entity: str) -> Counts:
        return self.cells[mode].get((lang, entity), Counts())

    def micro(self, mode: Mode) -> Counts:
        total = Counts()
        for counts in self.cells[mode].values():
            total.add(counts)
        return total

    def micro_all_predictions(self, mode: Mode) -> Counts:
        """Micro counts with every unexpected-type prediction added as a false positive."""
        total = self.micro(mode)
        total.fp += sum(self.unexpected.values())
        return total

    def unexpected_by_type(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for (_, entity), count in self.unexpected.items():
            out[entity] += count
        return out

    def _grouped(self, mode: Mode, key: int) -> dict[str, Counts]:
        out: dict[str, Counts] = {}
        for cell_key, counts in self.cells[mode].items():
            out.setdefault(cell_key[key], Counts()).add(counts)
        return dict(sorted(out.items()))
