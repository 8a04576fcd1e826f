"""Context words matched in a window of characters around a match, in any script.

Presidio's enhancer compares context words with the lemmas of the tokens next to a match. That fails where
words are not separated by spaces (Thai, Lao, Khmer, Burmese: a whole clause is one token) and, in its
substring mode, lets "ic" fire inside "music". Here the text itself is searched, `before`/`after` characters
around the match:
- a word starting with a Latin letter must start a word ("umid" does not fire inside "humidity"); under four
  characters (IC, KP, NIK) it must also end one;
- words in other scripts may sit anywhere in the window, so `เลขบัตรประชาชน3100600445635` finds its context
  word although nothing separates the two;
- a window stops at the neighbouring numbers: in "PhilSys 1234-5678-9012, Pag-IBIG 2345-6789-0123" the
  word PhilSys belongs to the first number only; names and other wordy matches do not stop it
  ("Pag-IBIG MID ni Gng. Santos: 1234-5678-9012");
- context given with the request (a column's name, e.g. `national_id`) counts as if it stood in the window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

SHORT_WORD = 4
_LATIN = re.compile(r"[a-z0-9]")
_DIGIT = re.compile(r"[0-9]")


class WindowContextEnhancer(ContextAwareEnhancer):
    def __init__(
        self,
        before: int = 50,
        after: int = 20,
        context_similarity_factor: float = 0.35,
        min_score_with_context_similarity: float = 0.4,
    ) -> None:
        super().__init__(
            context_similarity_factor=context_similarity_factor,
            min_score_with_context_similarity=min_score_with_context_similarity,
            context_prefix_count=0,
            context_suffix_count=0,
        )
        self.before = before
        self.after = after

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        # the results are this call's own objects: scored in place (Presidio's deep copy was 11% of a scan)
        results = list(raw_results)
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        given = " ".join(word.lower() for word in context or ())
        lowered = text.lower()
        spans = sorted({(r.start, r.end) for r in results if _DIGIT.search(text, r.start, r.end)})
        for result in results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context:
                continue
            if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            left = max([result.start - self.before, 0, *(e for s, e in spans if e <= result.start)])
            right = min([result.end + self.after, len(text), *(s for s, e in spans if s >= result.end)])
            window = f"{lowered[left : result.start]} {lowered[result.end : right]} {given}"
            word = find_context_word(window, recognizer.context)
            if word is None:
                continue
            result.score = min(
                max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity),
                ContextAwareEnhancer.MAX_SCORE,
            )
            if result.analysis_explanation is not None:
                result.analysis_explanation.set_supportive_context_word(word)
                result.analysis_explanation.set_improved_score(result.score)
            enhanced = RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY
            result.recognition_metadata = {**metadata, enhanced: True}
        return results


def find_context_word(window: str, words: Sequence[str]) -> str | None:
    """One of `words` present in the (lower-cased) window by the rules in the module docstring, or None.

    Which one is the first the combined search meets: any word present lifts a score alike, and asking
    word by word for the first in the list cost ~5 searches per window that holds one."""
    if not words:
        return None
    search = _any_word_search(tuple(words))
    if search.present is not None and search.present.search(window) is None:
        return None
    found = search.pattern.search(window)
    if found is None or found.lastindex is None:
        return None
    return words[found.lastindex - 1]


@dataclass(frozen=True)
class AnyWordSearch:
    """`pattern` matches where any of the words would; group k + 1 is word k's (the word patterns hold no
    groups). Python's `re` tries every alternative, look-behind first, at every position of the window
    (~40-90 us for a recognizer's 20-40 words), so two cheaper questions come first, neither of which can
    change the answer:
    - `present`: some word occurs at all, as plain text (no look-arounds; a window holding no word, the
      common case, costs ~2-5 us);
    - `pattern` begins with a look-ahead for the words' first characters, so positions where no word can
      start are passed over before any alternative is tried (~3x faster when a word is present).
    """

    pattern: re.Pattern[str]
    present: re.Pattern[str] | None


@lru_cache(maxsize=1024)
def _any_word_search(words: tuple[str, ...]) -> AnyWordSearch:
    lowered = [word.lower() for word in words]
    alternatives = "|".join(f"({_word_pattern(word).pattern})" for word in lowered)
    if not all(lowered):  # an empty word matches anywhere: nothing to narrow
        return AnyWordSearch(re.compile(alternatives), None)
    firsts = "".join(sorted({re.escape(word[0]) for word in lowered}))
    return AnyWordSearch(
        pattern=re.compile(f"(?=[{firsts}])(?:{alternatives})"),
        present=re.compile("|".join(re.escape(word) for word in lowered)),
    )


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    pattern = re.escape(word)
    if _LATIN.match(word):
        pattern = rf"(?<![a-z0-9]){pattern}"
        if len(word) < SHORT_WORD:
            pattern += "(?![a-z0-9])"
    return re.compile(pattern)
