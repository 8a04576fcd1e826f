"""Entities that are only ever reported next to a context word are not asked of values without one.

A bare date, a sole proprietor's business number (`53123456A`) or a PhilSys number is personal data only
beside a word that says so (`dob`, `uen`, `philsys`): their packs score such matches under the threshold,
and only a context word lifts them over it (jejak.detection.context). Yet their prefilters take every ISO
timestamp and every code of that shape, and a log has one timestamp per line: with the default entities,
each line's timestamp was analysed in full for DATE_OF_BIRTH only to be dropped for its score (200,000 log
lines in one process: 21.1 s, and 5.6 s with the gate, the same findings).

An entity is *gated* when every recognizer reporting it is a pack pattern recognizer whose best score
without context is under the threshold. Such an entity can be found in a value only if a context word lies
in the window around a match or in the column's name. The window is cut from the analysed text (lower-cased,
UUIDs hidden) and the column's words, with spaces where the match was and between the two, and a context
word holds no other space: so each space-free piece of a context word present in the window is present in
the analysed text or among the column's words. A value holding no piece of any of the entity's context
words, with a column holding none either, cannot have that entity: the gate *closes* it for that value.

A closed entity's matches still count for the others, though: a window stops at the neighbouring numbers,
and an unreported date between an SSS number and the word `SSS` keeps the word from it. So a value is
dropped only when every entity asked of it is closed: then nothing can be reported, whatever the windows.
The screen's masks are narrowed so, vectorised, before any Python runs on the value (an ISO timestamp is
asked only for DATE_OF_BIRTH); the detector drops, value by value, those whose entities left after the
recognizers' own pre-checks are all closed (a timestamp with a space, `2026-03-01 00:00:00`, also passes the
phone prefilter, and only the phone recognizer's pre-check rules it out).

The screen applies the same rule before it tells entities apart (`jejak.detection.screen.GateStage`): a
candidate that only closed entities' prefilters take and that holds no piece of any of their words is no
candidate (a log's timestamps, which only DATE_OF_BIRTH's prefilter takes, are then not screened for the
forty other entities either).

Only ASCII values are judged (an ASCII value is its own analysed text, UUIDs aside, which the gate hides the
same way); any other value passes, since normalisation (digits, NFC, Zawgyi) may change it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from presidio_analyzer import EntityRecognizer

from jejak.detection.machine_ids import hide_uuids_in
from jejak.detection.prefilter import Prefilter
from jejak.recognizers.pattern import PackPatternRecognizer


@dataclass(frozen=True)
class GatedEntity:
    #: every space-free piece of every context word, lower-cased
    pieces: frozenset[str]
    #: a value holding one of them (case-insensitively) may have the entity
    prefilter: Prefilter

    def opened_by(self, column_words: Sequence[str]) -> bool:
        """Whether the column's own words hold a piece (then every value of it may have the entity)."""
        given = " ".join(word.lower() for word in column_words)
        return any(piece in given for piece in self.pieces)


class ContextGate:
    def __init__(self, gated: Mapping[str, GatedEntity]) -> None:
        self.gated = dict(gated)
        self._pieces_of: dict[frozenset[str], Prefilter] = {}

    def closed_for(self, column_words: Sequence[str]) -> frozenset[str]:
        """The gated entities a column's name does not open."""
        return frozenset(name for name, gate in self.gated.items() if not gate.opened_by(column_words))

    def pieces_of(self, entities: frozenset[str]) -> Prefilter:
        """A value holding none of what this matches holds no piece of any of `entities`' context words."""
        found = self._pieces_of.get(entities)
        if found is None:
            pieces = frozenset(piece for name in entities for piece in self.gated[name].pieces)
            regex = _pieces_regex(pieces)
            found = self._pieces_of[entities] = Prefilter([regex] if regex else [])
        return found

    @classmethod
    def build(
        cls, recognizers_by_entity: Mapping[str, Sequence[EntityRecognizer]], threshold: float
    ) -> ContextGate:
        """Gate the entities whose recognizers are all pack pattern recognizers scoring under `threshold`
        without context (a class-backed recognizer may score anything, so its entities are never gated)."""
        gated: dict[str, GatedEntity] = {}
        for entity, recognizers in recognizers_by_entity.items():
            if not recognizers or not all(
                isinstance(r, PackPatternRecognizer) and r.spec.best_score_alone() < threshold
                for r in recognizers
            ):
                continue
            pieces = frozenset(_pieces(word for r in recognizers for word in r.context or ()))
            regex = _pieces_regex(pieces)
            gated[entity] = GatedEntity(pieces=pieces, prefilter=Prefilter([regex] if regex else []))
        return cls(gated)

    def narrow(
        self, masks: Mapping[str, pa.BooleanArray], texts: pa.Array, column_words: Sequence[str]
    ) -> tuple[dict[str, pa.BooleanArray], dict[str, pa.BooleanArray]]:
        """`masks` (entity -> which of `texts` its prefilter takes) cleared where every entity they take a
        value for is closed to it, and per gated entity, where it is closed (for the caller to drop a value
        whose entities left after its own pre-checks are all closed)."""
        closed: dict[str, pa.BooleanArray] = {}
        for entity, mask in masks.items():
            gate = self.gated.get(entity)
            if gate is None or gate.opened_by(column_words):
                continue
            positions = pc.indices_nonzero(mask)
            if len(positions) == 0:
                continue
            taken = texts.take(positions)
            shut = pc.and_(
                pc.fill_null(pc.string_is_ascii(taken), False),
                pc.invert(gate.prefilter.matches(hide_uuids_in(taken))),
            )
            if not pc.any(shut).as_py():
                continue
            flags = np.zeros(len(texts), dtype=bool)
            flags[positions.filter(shut).to_numpy()] = True
            closed[entity] = pa.array(flags, pa.bool_())
        if not closed:
            return dict(masks), closed
        open_to_some = functools.reduce(
            pc.or_,
            (
                pc.and_not(mask, closed[entity]) if entity in closed else mask
                for entity, mask in masks.items()
            ),
        )
        return {entity: pc.and_(mask, open_to_some) for entity, mask in masks.items()}, closed


def _pieces(words: Iterable[str]) -> set[str]:
    return {piece for word in words for piece in word.lower().split(" ") if piece}


def _pieces_regex(pieces: frozenset[str]) -> str | None:
    """An RE2 alternation of the pieces (the Prefilter adds `(?i)`); None without any (a Prefilter of no
    regex matches nothing: the entity is never found)."""
    if not pieces:
        return None
    return "|".join(re.escape(piece) for piece in sorted(pieces))
