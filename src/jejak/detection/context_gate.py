"""Entities that are only ever reported next to a context word are not asked of values without one.

A bare date, a sole proprietor's business number (`53123456A`) or a PhilSys number is personal data only
beside a word that says so (`dob`, `uen`, `philsys`): their packs score such matches under the threshold,
and only a context word lifts them over it (jejak.detection.context). Yet their prefilters take every ISO
timestamp and every code of that shape, and a log has one timestamp per line: with the default entities,
each line's timestamp was analysed in full for DATE_OF_BIRTH only to be dropped for its score (200,000 log
lines in one process: 21.1 s, and 5.6 s with the gate, the same findings).

An entity is *gated* when every recognizer reporting it is a pack pattern recognizer and one of its
patterns scores under the threshold without context. Such a pattern's match is reported only if a context
word lies in the window around it. The window is cut from the analysed text (lower-cased, UUIDs hidden)
with spaces where the match was, and the column's words follow it after a space; a context word holds no
other space. So a word present in the window either lies in the column's words alone (which `opened_by`
asks exactly as the enhancer does: the column then opens the entity for all its values) or has a whole
space-free piece in the analysed text. The other patterns, which score at the threshold alone (VN_MST's
branch form `0101234567-001`, where the plain ten digits need a word), may match anywhere. An entity is
therefore *closed* for a value, in a column that does not open it, when the value holds no piece of its
context words and none of its strong patterns may match (look-arounds made consuming or dropped: a looser
regex); pieces and strong patterns together are the entity's *keys*.

A closed entity's matches still count for the others, though: a window stops at the neighbouring numbers,
and an unreported date between an SSS number and the word `SSS` keeps the word from it. So a value is
dropped only when every entity asked of it is closed: then nothing can be reported, whatever the windows.
The screen's masks are narrowed so, vectorised, before any Python runs on the value (an ISO timestamp is
asked only for DATE_OF_BIRTH); the detector drops, value by value, those whose entities left after the
recognizers' own pre-checks are all closed (a timestamp with a space, `2026-03-01 00:00:00`, also passes the
phone prefilter, and only the phone recognizer's pre-check rules it out).

The screen applies the same rule before it tells entities apart (`jejak.detection.screen.GateStage`): a
candidate that only closed entities' prefilters take and that matches none of their keys is no
candidate (a log's timestamps, which only DATE_OF_BIRTH's prefilter takes, are then not screened for the
forty other entities either).

Only ASCII values are judged (an ASCII value is its own analysed text, UUIDs aside, which the gate hides the
same way); any other value passes, since normalisation (digits, NFC, Zawgyi) may change it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from presidio_analyzer import EntityRecognizer

from jejak.detection.context import find_context_word
from jejak.detection.machine_ids import hide_uuids_in
from jejak.detection.prefilter import Prefilter
from jejak.recognizers.pack import strip_lookarounds
from jejak.recognizers.pattern import PackPatternRecognizer


@dataclass(frozen=True)
class GatedEntity:
    #: the context words of the entity's recognizers
    words: tuple[str, ...]
    #: its patterns that score at the threshold alone, as RE2 regexes with their look-arounds made consuming
    #: or dropped (`strip_lookarounds`: a looser regex, never a stricter one)
    strong: tuple[str, ...] = ()

    @functools.cached_property
    def pieces(self) -> frozenset[str]:
        """Every space-free piece of every context word, lower-cased."""
        return frozenset(piece for word in self.words for piece in word.lower().split(" ") if piece)

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """RE2 regexes that a value which may have the entity, in a column that does not open it, matches:
        the strong patterns and the pieces (case-insensitively)."""
        pieces = "|".join(re.escape(piece) for piece in sorted(self.pieces))
        return self.strong + ((pieces,) if pieces else ())

    @functools.cached_property
    def prefilter(self) -> Prefilter:
        """The keys as one prefilter."""
        return Prefilter(self.keys)

    def opened_by(self, column_words: Sequence[str]) -> bool:
        """Whether the column's name holds a context word, as the enhancer reads it at the end of every
        window: then every value of the column may have the entity. (A word reaching from the text into
        the name has a piece in the text, which the keys catch.)"""
        return find_context_word(" ".join(word.lower() for word in column_words), self.words) is not None


#: column names whose closed entities are remembered at most (then forgotten and learnt again)
CLOSED_MEMO = 4096


class ContextGate:
    def __init__(self, gated: Mapping[str, GatedEntity]) -> None:
        self.gated = dict(gated)
        self._keys_of: dict[frozenset[str], Prefilter] = {}
        self._closed_for: dict[tuple[str, ...], frozenset[str]] = {}

    def closed_for(self, column_words: Sequence[str]) -> frozenset[str]:
        """The gated entities a column's name does not open (asked for every column of every batch, so
        remembered by the name's words)."""
        key = tuple(column_words)
        closed = self._closed_for.get(key)
        if closed is None:
            if len(self._closed_for) >= CLOSED_MEMO:
                self._closed_for.clear()
            closed = frozenset(name for name, gate in self.gated.items() if not gate.opened_by(key))
            self._closed_for[key] = closed
        return closed

    def keys_of(self, entities: frozenset[str]) -> Prefilter:
        """A value matching none of this has none of `entities` (in a column that opens none of them)."""
        found = self._keys_of.get(entities)
        if found is None:
            keys = sorted({key for name in entities for key in self.gated[name].keys})
            found = self._keys_of[entities] = Prefilter(keys)
        return found

    @classmethod
    def build(
        cls, recognizers_by_entity: Mapping[str, Sequence[EntityRecognizer]], threshold: float
    ) -> ContextGate:
        """Gate the entities whose recognizers are all pack pattern recognizers with a pattern scoring under
        `threshold` without context (a class-backed recognizer may score anything, so its entities are
        never gated). Patterns at the threshold become keys of the gate, as the context words' pieces are;
        an entity whose strong patterns RE2 cannot read is not gated."""
        gated: dict[str, GatedEntity] = {}
        for entity, recognizers in recognizers_by_entity.items():
            patterned = [r for r in recognizers if isinstance(r, PackPatternRecognizer)]
            if not recognizers or len(patterned) != len(recognizers):
                continue
            specs = {id(r.spec): r.spec for r in patterned}.values()
            scored = [
                (pattern, alone)
                for spec in specs
                for pattern, alone in zip(spec.patterns, spec.scores_alone(), strict=True)
            ]
            if all(alone >= threshold for _, alone in scored):
                continue
            strong = sorted(
                {f"(?m:{strip_lookarounds(p.regex)})" for p, alone in scored if alone >= threshold}
            )
            if not all(_re2_reads(regex) for regex in strong):
                continue
            words = tuple(dict.fromkeys(word for r in recognizers for word in r.context or ()))
            gated[entity] = GatedEntity(words=words, strong=tuple(strong))
        return cls(gated)

    def narrow(
        self, masks: Mapping[str, pa.BooleanArray], texts: pa.Array, column_words: Sequence[str]
    ) -> tuple[dict[str, pa.BooleanArray], dict[str, pa.BooleanArray]]:
        """`masks` (entity -> which of `texts` its prefilter takes) cleared where every entity they take a
        value for is closed to it, and per gated entity, where it is closed (for the caller to drop a value
        whose entities left after its own pre-checks are all closed)."""
        closed: dict[str, pa.BooleanArray] = {}
        closed_here = self.closed_for(column_words)
        for entity, mask in masks.items():
            if entity not in closed_here:
                continue
            gate = self.gated[entity]
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


def _re2_reads(regex: str) -> bool:
    """Whether RE2 compiles `regex` (asked through pyarrow, which reports rather than logs the error)."""
    try:
        pc.match_substring_regex(pa.array([""], pa.string()), regex)
    except pa.ArrowInvalid:
        return False
    return True
