"""The recognizer pack format: one YAML file per country (or topic), validated strictly.

A pack declares entities. Each entity is either *declarative* (regex patterns with scores, context words
per language, an optional validator referenced as "module:function") or *backed by a recognizer class*
(e.g. Presidio's EmailRecognizer, jejak's phone recognizer) referenced as "module:Class". Both kinds carry a
`prefilter`: an RE2-compatible regex that every value holding the entity must match. The scanner runs one
combined prefilter over whole Arrow columns and hands only matching values to the recognizers, which is
where most of jejak's speed comes from; an entity without a prefilter forces every value through.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternSpec(_Strict):
    """One regex with the score a bare match gets (before validation and context)."""

    name: str
    regex: str
    score: float = Field(ge=0.0, le=1.0)
    #: Score when a checksum validator passes. 1.0 for shapes that are rare by chance (S1234567D, a dashed
    #: Thai ID); lower for bare digit runs, which then still need a context word to reach the threshold.
    validated_score: float = Field(default=1.0, ge=0.0, le=1.0)


class EntitySpec(_Strict):
    """One entity type and how to recognise it."""

    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    description: str = ""
    #: What the pattern/validator rests on: a source, a spec section, a library module.
    evidence: str
    patterns: tuple[PatternSpec, ...] = ()
    #: "module:function" returning bool; see `validator_kind`.
    validator: str | None = None
    #: checksum: a pass is proof (score -> 1.0), a fail rejects. structure: a fail rejects, a pass keeps
    #: the pattern score (date/region checks are too weak to prove an identifier on their own).
    validator_kind: Literal["checksum", "structure"] = "checksum"
    #: "module:Class" of a Presidio EntityRecognizer, for entities not expressible as patterns.
    recognizer: str | None = None
    #: Keyword arguments for `recognizer`.
    options: dict[str, object] = Field(default_factory=dict)
    #: Further entity types a class-backed `recognizer` reports (the MRZ recognizer names a document by its
    #: issuing state). A type that another spec defines keeps that spec's normalizer and priority.
    reports: tuple[str, ...] = ()
    prefilter: str | None = None
    #: Context words by language code; all languages' words apply to every text (SEA text mixes them).
    context: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    #: How a found value is normalised before keyed hashing (see jejak.detection.normalize).
    normalizer: Literal[
        "strip", "lower", "upper_alnum", "digits", "e164", "ip", "mm_nrc", "address", "person_name"
    ] = "upper_alnum"
    #: Overlap tie-breaker: when two entity types claim the same characters with equal scores, the higher
    #: priority wins (national identifiers outrank generic number shapes such as CREDIT_CARD).
    priority: int = 0
    #: `with_context`: in a column stored as integers, look for the entity only when the column's name is
    #: one of its context words (an int64 `user_id` is full of valid phone numbers; a `phone` column is not).
    integer_columns: Literal["scan", "with_context"] = "scan"
    #: `scan`: also look in columns stored as dates or timestamps (read as ISO text, `1985-03-12`). Only a
    #: date of birth can be one; every other entity skips them.
    temporal_columns: Literal["skip", "scan"] = "skip"

    @model_validator(mode="after")
    def _one_kind(self) -> EntitySpec:
        if bool(self.patterns) == bool(self.recognizer):
            raise ValueError("give either `patterns` or `recognizer`, not both or neither")
        if self.validator and not self.patterns:
            raise ValueError("`validator` applies to `patterns` only")
        if self.reports and not self.recognizer:
            raise ValueError("`reports` applies to `recognizer` only")
        for name in self.reports:
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                raise ValueError(f"reports: invalid entity type {name!r}")
        for pattern in self.patterns:
            _check_regex(pattern.regex, f"pattern {pattern.name!r}")
        if self.prefilter:
            _check_regex(self.prefilter, "prefilter")
        return self

    def effective_prefilter(self) -> str | None:
        """The RE2 regex the prefilter uses: the declared one, else the patterns' alternation with their
        look-arounds removed (RE2 has none; without them a pattern matches more, which a prefilter may)."""
        if self.prefilter:
            return self.prefilter
        if self.patterns:
            return "|".join(f"(?:{strip_lookarounds(p.regex)})" for p in self.patterns)
        return None

    def scores_alone(self) -> list[float]:
        """Per pattern, the highest score its match gets without a context word: a checksum pass lifts it to
        `validated_score`, a structure check never does (as `PackPatternRecognizer` scores)."""
        proven = self.validator is not None and self.validator_kind == "checksum"
        return [max(p.score, p.validated_score) if proven else p.score for p in self.patterns]

    def context_words(self) -> list[str]:
        """Every context word or phrase of every language, lower-cased, de-duplicated, order kept.

        Phrases stay whole ("kad pengenalan", "thai id"): they are looked for in the text around a match,
        not among tokens (see jejak.detection.context), so "id" alone never counts for a Thai ID.
        """
        seen: dict[str, None] = {}
        for phrases in self.context.values():
            for phrase in phrases:
                seen.setdefault(" ".join(phrase.lower().split()), None)
        return list(seen)


class PackSpec(_Strict):
    """A whole pack file."""

    pack: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    version: str
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    description: str = ""
    entities: tuple[EntitySpec, ...]


_LOOKAROUND_OPENERS = ("(?=", "(?!", "(?<=", "(?<!")


def strip_lookarounds(regex: str) -> str:
    """`regex` in RE2 terms: a negative look-behind at the very start or look-ahead at the very end, on one
    character class, becomes a consuming equivalent (`(?<![0-9A-Za-z])` -> `(?:^|[^0-9A-Za-z])`), which is
    exact for deciding *whether* a text matches; any other look-around is dropped (a looser regex, which a
    prefilter may be).

    Escapes and character classes are skipped over, so `[(]` or `\\(` never open a group.
    """
    out: list[str] = []
    i = 0
    while i < len(regex):
        if regex.startswith(_LOOKAROUND_OPENERS, i):
            end = _group_end(regex, i)
            group = regex[i:end]
            if (group.startswith("(?<!") and i == 0) or (group.startswith("(?!") and end == len(regex)):
                out.append(_consuming(group))
            i = end
            continue
        if regex[i] == "\\":
            out.append(regex[i : i + 2])
            i += 2
            continue
        if regex[i] == "[":
            end = _class_end(regex, i)
            out.append(regex[i:end])
            i = end
            continue
        out.append(regex[i])
        i += 1
    return "".join(out)


def _consuming(group: str) -> str:
    """A consuming stand-in for a look-around group over a single character class, else ""."""
    opener = next(o for o in _LOOKAROUND_OPENERS if group.startswith(o))
    body = group[len(opener) : -1]
    single = body.startswith("[") and _class_end(body, 0) == len(body)
    if not single and body not in ("\\d", "\\w", "\\s"):
        return ""
    negated = body.upper() if not single else "[" + body[2:] if body.startswith("[^") else "[^" + body[1:]
    anchor = "^" if opener == "(?<!" else "$"
    return f"(?:{anchor}|{negated})"


def _class_end(regex: str, start: int) -> int:
    i = start + 1
    if i < len(regex) and regex[i] == "^":
        i += 1
    if i < len(regex) and regex[i] == "]":
        i += 1
    while i < len(regex) and regex[i] != "]":
        i += 2 if regex[i] == "\\" else 1
    return i + 1


def _group_end(regex: str, start: int) -> int:
    depth, i = 0, start
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(regex, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _check_regex(regex: str, what: str) -> None:
    try:
        re.compile(regex)
    except re.error as exc:
        raise ValueError(f"{what}: invalid regex ({exc})") from exc
