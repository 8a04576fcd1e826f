"""The detection facade the scanner and `jejak analyze` use: strings in, `Span`s out.

It combines the RE2 prefilter (vectorised, over unique values), Presidio (on candidates only), and overlap
resolution. Keeping this one seam is what lets a later, faster path (vectorised checksums, a process pool)
replace Presidio for structured identifiers without touching the scanner.

Four things keep values away from Presidio here, none changing what is found in them: each entity's own
prefilter, the context gate (jejak.detection.context_gate: an entity that needs a context word is not asked
of a value and column without one), a recognizer's `could_match(text)` (a cheap exact pre-check, e.g. the
phone recognizer's digit runs), and a column's profile (jejak.detection.column_profile: typed columns ask
only their own recognizers, integer columns skip phone numbers unless named for them).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from jejak import __version__
from jejak.config import DetectionConfig
from jejak.detection.analyzer_factory import NER_ENTITIES, BuiltAnalyzer, build_analyzer
from jejak.detection.column_profile import ColumnProfile, whole_value_entity
from jejak.detection.context import find_context_word
from jejak.detection.context_gate import ContextGate
from jejak.detection.language import guess_language
from jejak.detection.machine_ids import hide_uuids
from jejak.detection.normalize import ValueNormalizer
from jejak.detection.normalized_text import normalize_text
from jejak.detection.overlaps import resolve_overlaps
from jejak.detection.prefilter import Prefilter
from jejak.detection.screen import Candidates, EntityPatternSet, GateStage, Screen
from jejak.detection.whole_values import WholeValueReader
from jejak.finding import Span
from jejak.recognizers.pack import PackSpec

CACHEABLE_CHARS = 256
#: Column names split on separators, not on "non-word" characters: Thai and Burmese vowel signs are not
#: word characters to `re`, and splitting on them would cut ชื่อ into pieces.
_NAME_SEPARATORS = re.compile(r"[\s_\-./:;,()\[\]{}#0-9]+")


def context_from_name(name: str) -> list[str]:
    """Words of a column name, used as context words: `national_id` -> national, id; `phoneNumber` -> phone,
    number. A value in a column called `nric` is an NRIC more surely than the same value in free text."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return [word.lower() for word in _NAME_SEPARATORS.split(spaced) if word]


#: Raised whenever a change to jejak's own recognizers changes what they find (between releases the version
#: alone would not tell): 2 = short national phone numbers need a context word; 3 = IPv4 addresses are
#: hidden from the phone matcher.
DETECTION_REVISION = 3


def detector_fingerprint(config: DetectionConfig, packs: Sequence[PackSpec], ner: bool) -> str:
    """What the findings of a scan depend on besides the data: jejak's version and detection revision, the
    detection settings, every loaded pack and whether a NER model is in use. An incremental rescan reuses an
    asset's findings only while this stays the same, so an upgraded pack or a new entity type reaches
    unchanged data too."""
    digest = hashlib.sha256(f"{__version__}/{DETECTION_REVISION}".encode())
    digest.update(config.model_dump_json().encode())
    digest.update(b"ner" if ner else b"no-ner")
    for pack in sorted(packs, key=lambda p: p.pack):
        digest.update(pack.model_dump_json().encode())
    return digest.hexdigest()[:16]


class Detector:
    def __init__(self, config: DetectionConfig, packs: Sequence[PackSpec], cache_size: int = 65_536) -> None:
        self.config = config
        self.built: BuiltAnalyzer = build_analyzer(config, packs)
        specs = self.built.entities
        available = set(specs) | (set(NER_ENTITIES) if self.built.nlp_engine.has_ner() else set())
        self.entities: list[str] = sorted(set(config.entities) & available if config.entities else available)
        self.priority = {name: spec.priority for name, spec in specs.items()}
        self.prefilters = {name: Prefilter(self._prefilter_regexes(name)) for name in self.entities}
        self.prefilter = Prefilter(
            [regex for name in self.entities for regex in self._prefilter_regexes(name)]
        )
        self.screen = Screen(
            combined=self.prefilter, entities=self.prefilters, pattern_set=EntityPatternSet(self.prefilters)
        )
        #: screens without some entities (the phone numbers an integer column is not asked about) and with
        #: some gated entities closed (by the column's name), by those two sets
        self._screens_without: dict[tuple[frozenset[str], frozenset[str]], Screen] = {
            (frozenset(), frozenset()): self.screen
        }
        self.normalizer = ValueNormalizer(config.phone_regions)
        self.fingerprint = detector_fingerprint(config, packs, self.built.nlp_engine.has_ner())
        self._could_match = self._pre_checks()
        self.context_gate = ContextGate.build(
            {
                name: [
                    recognizer
                    for language in config.languages
                    for recognizer in self.built.engine.registry.get_recognizers(
                        language=language, entities=[name]
                    )
                ]
                for name in self.entities
            },
            config.score_threshold,
        )
        self.whole_values: WholeValueReader | None = None
        if config.column_typing.whole_value_rules:
            self.whole_values = WholeValueReader(self.built, config.languages, self._analyze_in_full)
        self._cache: OrderedDict[tuple[str, tuple[str, ...], tuple[str, ...]], list[Span]] = OrderedDict()
        self._cache_size = cache_size

    def _prefilter_regexes(self, name: str) -> list[str | None]:
        """An entity's own prefilter plus those of recognizers that also report it (None: no prefilter)."""
        specs = self.built.entities
        if name in NER_ENTITIES and self.built.nlp_engine.has_ner():
            return [None]  # a NER model reads every text: no regex can say where it will find a name
        own = specs[name].effective_prefilter() if name in specs else None
        return [own, *(spec.effective_prefilter() for spec in self.built.reporters.get(name, []))]

    def _pre_checks(self) -> dict[str, list[Callable[[str], bool]]]:
        """Entity -> the `could_match` of every recognizer reporting it, when all of them have one (a
        recognizer without one may find anything, so its entity is never dropped)."""
        checks: dict[str, list[Callable[[str], bool]]] = {}
        language = self.config.languages[0]
        for name in self.entities:
            recognizers = self.built.engine.registry.get_recognizers(language=language, entities=[name])
            found = [getattr(recognizer, "could_match", None) for recognizer in recognizers]
            if found and all(callable(check) for check in found):
                checks[name] = [check for check in found if check is not None]
        return checks

    def column(self, name: str, integer: bool = False, temporal: bool = False) -> ColumnProfile:
        """A fresh profile for one column of one asset (its context words from the name)."""
        return ColumnProfile(
            context=tuple(context_from_name(name)),
            integer=integer,
            temporal=temporal,
            typing=self.config.column_typing,
        )

    def normalize(self, entity_type: str, value: str) -> str:
        """The value as keyed hashing sees it, by the entity's pack `normalizer`."""
        spec = self.built.entities.get(entity_type)
        return self.normalizer.normalize(spec.normalizer if spec else "strip", value)

    def analyze_text(
        self,
        text: str,
        language: str | None = None,
        context: Sequence[str] = (),
        entities: Sequence[str] | None = None,
    ) -> list[Span]:
        """Spans in `text`. `entities` narrows the recognizers run (default: every enabled entity)."""
        if not text or not text.strip():
            return []
        lang = language or guess_language(text, self.config.languages)
        normalized = normalize_text(text)
        results = self.built.engine.analyze(
            text=hide_uuids(normalized.text),
            language=lang,
            entities=list(entities) if entities is not None else self.entities,
            score_threshold=self.config.score_threshold,
            context=list(context) or None,
        )
        spans = []
        for r in results:
            start, end = normalized.original_span(r.start, r.end)
            spans.append(
                Span(
                    entity_type=r.entity_type,
                    start=start,
                    end=end,
                    score=round(float(r.score), 4),
                    recognizer=str((r.recognition_metadata or {}).get("recognizer_name", "")),
                )
            )
        return resolve_overlaps(spans, self.priority)

    def analyze_values(
        self, values: pa.Array, context: Sequence[str] = (), column: ColumnProfile | None = None
    ) -> Iterator[tuple[int, list[Span]]]:
        """For an array of (unique) strings, yield (index, spans) for every value holding something.

        The combined prefilter picks candidates; each entity's own prefilter, run on the candidates only,
        decides which recognizers see which value (a timestamp reaches the phone recognizer, not the email
        one). Results are cached across batches, so values that recur batch after batch cost once. With a
        `column` profile (one per column of an asset, kept across its batches), its context words apply
        and its typing narrows the recognizers asked.
        """
        if column is not None:
            (candidates,) = self.screen_columns([values], [column])
        else:
            (candidates,) = self.screen.candidates([values])
        return self.analyze_candidates(candidates, context, column)

    def screen_columns(
        self, columns: Sequence[pa.Array], profiles: Sequence[ColumnProfile]
    ) -> list[Candidates]:
        """`self.screen.candidates` for columns with their profiles: a column is screened only for the
        entities it is asked about. An integer column (user ids, amounts in cents) is all digit runs, which
        the phone prefilter takes; screened for everything, each of its values would be a candidate only to
        be dropped after every entity's prefilter had run on it."""
        by_screen: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
        for index, profile in enumerate(profiles):
            skipped = frozenset(self._skipped_in(profile))
            closed = self.context_gate.closed_for(profile.context) & (set(self.prefilters) - skipped)
            by_screen.setdefault((skipped, closed), []).append(index)
        found: list[Candidates | None] = [None] * len(columns)
        for (skipped, closed), indices in by_screen.items():
            screened = self._screen_without(skipped, closed).candidates([columns[i] for i in indices])
            for index, candidates in zip(indices, screened, strict=True):
                found[index] = candidates
        return [candidates for candidates in found if candidates is not None]

    def _screen_without(self, skipped: frozenset[str], closed: frozenset[str]) -> Screen:
        """The screen for columns not asked about `skipped` entities, in which the context gate keeps
        `closed` entities from making candidates on their own."""
        screen = self._screens_without.get((skipped, closed))
        if screen is None:
            kept = {name: prefilter for name, prefilter in self.prefilters.items() if name not in skipped}
            regexes = [regex for name in kept for regex in self._prefilter_regexes(name)]
            gate = None
            if closed:
                open_regexes = [
                    regex for name in kept if name not in closed for regex in self._prefilter_regexes(name)
                ]
                gate = GateStage(Prefilter(open_regexes), self.context_gate.keys_of(closed))
            screen = Screen(
                combined=Prefilter(regexes), entities=kept, pattern_set=EntityPatternSet(kept), gate=gate
            )
            self._screens_without[(skipped, closed)] = screen
        return screen

    def analyze_candidates(
        self, candidates: Candidates, context: Sequence[str] = (), column: ColumnProfile | None = None
    ) -> Iterator[tuple[int, list[Span]]]:
        """As `analyze_values`, for values already screened (`self.screen.candidates`, which screens the
        columns of a batch together)."""
        if len(candidates.indices) == 0:
            return
        skipped = self._skipped_in(column) if column is not None else set()
        context_key = tuple(column.context) if column is not None else tuple(context)
        masks, closed = self.context_gate.narrow(
            {name: mask for name, mask in candidates.masks.items() if name not in skipped},
            candidates.texts,
            context_key,
        )
        if not masks:
            return
        # candidates no asked entity's own prefilter takes (an integer id column's values, once the phone
        # recognizer is not asked about it) are dropped here, vectorised, not one by one in Python
        kept = pc.indices_nonzero(functools.reduce(pc.or_, masks.values()))
        per_entity = {name: mask.take(kept).to_pylist() for name, mask in masks.items()}
        per_closed = {name: shut.take(kept).to_pylist() for name, shut in closed.items()}
        indices = candidates.indices.take(kept).to_pylist()
        texts = candidates.texts.take(kept).to_pylist()

        def closed_for_all(names: tuple[str, ...], position: int) -> bool:
            return bool(per_closed) and all(
                name in per_closed and per_closed[name][position] for name in names
            )

        for position, (index, text) in enumerate(zip(indices, texts, strict=True)):
            entities: tuple[str, ...] | None = None
            typed = column.typed if column is not None else ()  # decided part way through a batch
            if typed:
                # a typed column's value is first asked of its types' recognizers alone, and is nearly
                # always answered there: the other entities' pre-checks (a national id column's values
                # reach the phone pre-check) are run only when it is not
                narrowed = tuple(
                    name
                    for name, mask in per_entity.items()
                    if name in typed and mask[position] and self._may_find(name, text)
                )
                if narrowed:
                    if closed_for_all(narrowed, position):
                        entities = self._asked(per_entity, position, text)
                        if not entities or closed_for_all(entities, position):
                            continue
                    spans = self._cached(text, context_key, narrowed, typed=True)
                    if whole_value_entity(text, spans) is not None:
                        yield index, spans
                        continue
            if entities is None:
                entities = self._asked(per_entity, position, text)
                if not entities or closed_for_all(entities, position):
                    continue
            spans = self._cached(text, context_key, entities)
            if column is not None:
                column.observe(text, spans)
            if spans:
                yield index, spans

    def _asked(self, per_entity: dict[str, list[bool]], position: int, text: str) -> tuple[str, ...]:
        """The entities a candidate is asked about: its masks say so and their recognizers could find it."""
        return tuple(
            name for name, mask in per_entity.items() if mask[position] and self._may_find(name, text)
        )

    def _may_find(self, name: str, text: str) -> bool:
        """Whether one of the recognizers reporting entity `name` could find something in `text` (all of them
        may, unless each has a `could_match` pre-check)."""
        checks = self._could_match.get(name)
        return checks is None or any(check(text) for check in checks)

    def _skipped_in(self, column: ColumnProfile) -> set[str]:
        """Entities a column is not asked about: in an integer column, `integer_columns: with_context` ones
        whose context words are not in the column's name; in a date or timestamp column, all but
        `temporal_columns: scan` ones."""
        if column.temporal:
            specs = self.built.entities
            return {
                name for name in self.entities if name not in specs or specs[name].temporal_columns != "scan"
            }
        if not column.integer:
            return set()
        named = " ".join(column.context)
        return {
            name
            for name, spec in self.built.entities.items()
            if spec.integer_columns == "with_context"
            and find_context_word(named, spec.context_words()) is None
        }

    def _cached(
        self, text: str, context: tuple[str, ...], entities: tuple[str, ...], typed: bool = False
    ) -> list[Span]:
        """Only short texts are cached: they are what recurs (timestamps, ids, codes), and the cache then
        stays within ~`cache_size` x `CACHEABLE_CHARS` characters however long a log's free text is.
        `typed`: asked of a typed column's recognizers, so `whole_values` may answer it."""
        if len(text) > CACHEABLE_CHARS:
            return self._analyze(text, context, entities, typed)
        key = (text, context, entities)
        spans = self._cache.get(key)
        if spans is not None:
            self._cache.move_to_end(key)
            return spans
        spans = self._analyze(text, context, entities, typed)
        self._cache[key] = spans
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return spans

    def _analyze(
        self, text: str, context: tuple[str, ...], entities: tuple[str, ...], typed: bool
    ) -> list[Span]:
        if typed and self.whole_values is not None:
            spans = self.whole_values.spans(text, context, entities)
            if spans is not None:
                return spans
        return self._analyze_in_full(text, context, entities)

    def _analyze_in_full(self, text: str, context: tuple[str, ...], entities: tuple[str, ...]) -> list[Span]:
        return self.analyze_text(text, context=context, entities=entities)
