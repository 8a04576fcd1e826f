"""What one column holds, learnt from its first values, so the rest of it is read with the right recognizers.

Most columns of a table hold one kind of thing: a `phone` column holds phone numbers, a `national_id` column
NRICs and NIKs. Asking every recognizer about every value of such a column costs several Presidio calls per
value where one would do (a NIK reaches the eleven-region phone matcher because it is a digit run). So the
first `sample_values` candidates of a column are analysed in full, as always; if at least `min_share` of them
turned out to be a single identifier filling the whole cell, the column is *typed* with the entity types
seen there, and later values are asked of those recognizers only. A value the typed recognizers do not
fill completely (a note typed into a phone column) is analysed in full again, so typing changes what a
value costs, not what is found in it. Free-text columns never type: their findings sit inside longer text.

Integer columns are told apart as well: an int64 `user_id` is an id, and an eight-digit id is a valid
Singapore phone number one time in five. Entities marked `integer_columns: with_context` in their pack
(phone numbers) are looked for in integer columns only when the column's name is one of their context
words (`phone`, `mobile`, `hp`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from jejak.config import ColumnTypingConfig
from jejak.finding import Span


@dataclass
class ColumnProfile:
    #: Words of the column's name: context for every value of it.
    context: tuple[str, ...] = ()
    #: The column is stored as integers (cast to strings for the recognizers).
    integer: bool = False
    #: The column is stored as dates or timestamps (cast to ISO strings).
    temporal: bool = False
    typing: ColumnTypingConfig = field(default_factory=ColumnTypingConfig)
    sampled: int = 0
    whole: Counter[str] = field(default_factory=Counter)
    #: Entity types the column is typed with, once decided; empty: read in full.
    typed: tuple[str, ...] = ()
    decided: bool = False

    def observe(self, text: str, spans: list[Span]) -> None:
        """Count one fully analysed candidate value towards the decision."""
        if self.decided:
            return
        self.sampled += 1
        entity = whole_value_entity(text, spans)
        if entity is not None:
            self.whole[entity] += 1
        if self.sampled >= self.typing.sample_values:
            self._decide()

    def _decide(self) -> None:
        self.decided = True
        if not self.typing.enabled or self.sampled == 0:
            return
        if sum(self.whole.values()) >= self.typing.min_share * self.sampled:
            self.typed = tuple(sorted(self.whole))


def whole_value_entity(text: str, spans: list[Span]) -> str | None:
    """The entity type of `spans` when they are one span filling `text` (surrounding blanks aside)."""
    if len(spans) != 1:
        return None
    span = spans[0]
    if text[: span.start].strip() or text[span.end :].strip():
        return None
    return span.entity_type
