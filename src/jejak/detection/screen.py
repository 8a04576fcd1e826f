"""The vectorised screen in front of the recognizers: which values of several columns may hold what.

pyarrow.compute compiles a regex on every call, and the combined prefilter of every entity takes ~4 ms to
compile, more than matching it against thousands of values: run column by column, a batch of a dozen short
columns (a small file, a streamed chunk of a log) spends most of its screening time compiling the same
patterns again. The columns of a batch are therefore screened as one concatenated array, each pattern
compiled once per batch, and the answer is split back per column (zero-copy slices).

A batch with few candidates (a small file) would still compile every entity's prefilter to sort them out;
those few values are instead put to an RE2::Set of all the entities' prefilters (google-re2), built once per
process, which names every entity whose prefilter a value matches in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import re2

from jejak.detection.machine_ids import hide_uuids_in
from jejak.detection.prefilter import Prefilter, ascii_digits

#: columns are concatenated up to this many bytes (a string array's offsets are 32-bit: 2 GiB at most)
JOINED_BYTES = 256 * 1024 * 1024
#: and up to this many values: RE2's DFA, whose state cache is bounded, matches one column's look-alike
#: values faster than a mixture (12 telemetry columns of 64k values: 0.12 s alone, 0.5 s joined), so only
#: small columns, whose cost is mostly compiling, are joined (12 of 1,024 values: 38 ms alone, 19 ms joined)
JOINED_VALUES = 16_384
#: up to this many candidates, entities are told apart by the RE2::Set (~3 us a value) rather than by
#: compiling every entity's prefilter in pyarrow (~3.5 ms for the forty-odd built-in ones)
SET_VALUES = 512


@dataclass(frozen=True)
class Candidates:
    """One column's values that some entity's prefilter takes."""

    #: positions in the column's values
    indices: pa.Array
    #: the values at those positions
    texts: pa.Array
    #: entity -> whether its own prefilter takes each of the `texts`
    masks: Mapping[str, pa.BooleanArray]


class EntityPatternSet:
    """Every entity's prefilter in one RE2::Set: which of them a value matches, in one pass per value."""

    def __init__(self, entities: Mapping[str, Prefilter]) -> None:
        self.entities = entities
        #: the compiled set and its pattern index -> entity, built on first use (as one tuple: a thread
        #: sharing the detector never sees a set still being built)
        self._built: tuple[Any, list[str]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_built": None}  # built again where it is unpickled

    def masks(self, values: list[str | None]) -> dict[str, pa.BooleanArray]:
        """Entity -> whether its prefilter matches each value, as `Prefilter.matches` answers."""
        found = {name: [prefilter.passthrough] * len(values) for name, prefilter in self.entities.items()}
        compiled, slots = self._compiled()
        for position, value in enumerate(values):
            if value is None:
                continue
            hits = compiled.Match(value) if compiled is not None else None
            if hits is None:
                # nothing matched, or the set's DFA ran out of memory (RE2::Set then also answers no
                # match): each pattern is asked, so an exhausted DFA cannot drop a candidate
                names = [name for name, prefilter in self.entities.items() if prefilter.search(value)]
            else:
                names = [slots[index] for index in hits]
            for name in names:
                found[name][position] = True
        return {name: pa.array(mask, pa.bool_()) for name, mask in found.items()}

    def _compiled(self) -> tuple[Any, list[str]]:
        built = self._built
        if built is None:
            patterns = [
                (name, p.pattern) for name, p in self.entities.items() if p.pattern and not p.passthrough
            ]
            compiled: Any = None
            if patterns:
                compiled = re2.Set.SearchSet()
                for _, pattern in patterns:
                    compiled.Add(pattern)
                compiled.Compile()
            built = self._built = (compiled, [name for name, _ in patterns])
        return built


@dataclass(frozen=True)
class GateStage:
    """The context gate (jejak.detection.context_gate) as a step of the screen, for columns whose names
    leave some gated entities closed: a candidate is kept if an open entity's prefilter takes it, if it is
    not ASCII, or if it matches a closed entity's keys (a piece of its context words, a pattern scoring
    alone; UUIDs hidden, as recognizers read it). Any other candidate was taken by closed entities'
    prefilters alone, which cannot report it."""

    #: every entity's prefilter except the closed ones', combined
    open_entities: Prefilter
    #: the closed entities' keys (`ContextGate.keys_of`)
    keys: Prefilter

    def keep(self, texts: pa.Array) -> pa.BooleanArray:
        not_ascii = pc.invert(pc.fill_null(pc.string_is_ascii(texts), False))
        return pc.or_(
            pc.or_(self.open_entities.mask(texts), not_ascii), self.keys.matches(hide_uuids_in(texts))
        )


@dataclass(frozen=True)
class Screen:
    #: every entity's prefilter, combined: what may hold anything at all
    combined: Prefilter
    #: entity -> its own prefilter
    entities: Mapping[str, Prefilter]
    #: the same, as one RE2::Set, for a few candidates
    pattern_set: EntityPatternSet
    #: the context gate's step, for columns whose names leave gated entities closed
    gate: GateStage | None = None

    def candidates(self, columns: Sequence[pa.Array]) -> list[Candidates]:
        """Per column (string arrays), in order: its candidates."""
        found: list[Candidates] = []
        for group in _groups(columns):
            found.extend(self._screen([columns[i] for i in group]))
        return found

    def _screen(self, columns: list[pa.Array]) -> list[Candidates]:
        joined = columns[0] if len(columns) == 1 else pa.concat_arrays(columns)
        positions = pc.indices_nonzero(self.combined.mask(joined))
        texts = joined.take(positions)
        if self.gate is not None and len(positions):
            kept = self.gate.keep(texts)
            positions, texts = positions.filter(kept), texts.filter(kept)
        # once: every entity's prefilter reads the candidates as the recognizers will see them
        normalized = hide_uuids_in(ascii_digits(texts))
        if len(positions) <= SET_VALUES:
            masks = self.pattern_set.masks(normalized.to_pylist())
        else:
            masks = {name: prefilter.matches(normalized) for name, prefilter in self.entities.items()}
        starts = np.cumsum([0] + [len(column) for column in columns])
        bounds = np.searchsorted(positions.to_numpy(), starts).tolist()
        split = []
        for k, start in enumerate(starts[:-1].tolist()):
            first, count = bounds[k], bounds[k + 1] - bounds[k]
            split.append(
                Candidates(
                    indices=pc.subtract(positions.slice(first, count), pa.scalar(start, pa.uint64())),
                    texts=texts.slice(first, count),
                    masks={name: mask.slice(first, count) for name, mask in masks.items()},
                )
            )
        return split


def _groups(columns: Sequence[pa.Array]) -> list[list[int]]:
    """Consecutive runs of columns of one type whose values together stay under JOINED_BYTES and
    JOINED_VALUES; a larger column alone."""
    groups: list[list[int]] = []
    size = count = 0
    for index, column in enumerate(columns):
        if (
            not groups
            or count + len(column) > JOINED_VALUES
            or size + column.nbytes > JOINED_BYTES
            or column.type != columns[groups[-1][0]].type
        ):
            groups.append([])
            size = count = 0
        groups[-1].append(index)
        size += column.nbytes
        count += len(column)
    return groups
