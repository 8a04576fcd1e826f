"""Detection over a column's distinct values, the way a scan and the consent gate both read a table.

A column holds the same value many times (a country code, a user's e-mail on each of their rows): each
distinct value is analysed once, and the dictionary indices map what is found back to rows. Column profiles
(context words from the column's name, typing) live as long as the reading of one asset, so every batch of it
is read alike, and a gate reading a dataset finds what a scan of that dataset finds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from jejak.detection.column_profile import ColumnProfile
from jejak.finding import Span
from jejak.scan.leaves import Leaf

if TYPE_CHECKING:
    from jejak.detection.detector import Detector


@dataclass(frozen=True)
class LeafHits:
    """What one leaf's distinct values hold."""

    #: per cell of the leaf, which distinct value it holds (null for a null cell)
    indices: pa.Array
    #: distinct value index -> (the value, the spans found in it), for values holding something
    found: dict[int, tuple[str, list[Span]]]


@dataclass
class DistinctValueReader:
    """Reads the leaves of one asset's batches: one reader per asset, whose column profiles it keeps."""

    detector: Detector
    profiles: dict[str, ColumnProfile] = field(default_factory=dict)

    def read(self, leaves: Sequence[Leaf]) -> list[LeafHits]:
        """The leaves of one batch, screened together (each prefilter compiled once per batch)."""
        encoded = [pc.dictionary_encode(leaf.values) for leaf in leaves]
        profiles = [self._profile(leaf) for leaf in leaves]
        screened = self.detector.screen_columns([column.dictionary for column in encoded], profiles)
        read = []
        for column, profile, candidates in zip(encoded, profiles, screened, strict=True):
            values = column.dictionary
            found = {
                index: (values[index].as_py(), spans)
                for index, spans in self.detector.analyze_candidates(candidates, column=profile)
            }
            read.append(LeafHits(indices=column.indices, found=found))
        return read

    def _profile(self, leaf: Leaf) -> ColumnProfile:
        profile = self.profiles.get(leaf.name)
        if profile is None:
            profile = self.profiles[leaf.name] = self.detector.column(leaf.name, leaf.integer, leaf.temporal)
        return profile
