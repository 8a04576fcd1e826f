"""A data subject's identifiers, from `TYPE=VALUE` text to keyed hashes, at the edge and nowhere else.

`--id email=a@b.com` is normalised exactly as a scan normalises what it finds (the detector's normaliser
for the entity type: e-mail lower-cased, phone in E.164, IDs without separators ...) and hashed with the
catalog's key, so it meets the findings' `value_hash`. A configured subject-key kind (`user_id`) is hashed
as the scan hashes key columns. The raw values stay inside `SubjectIds` only to check that nothing jejak
writes quotes them; they are never part of its repr, a plan, a report or an error message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from jejak.catalog.subject_index import VIA_FINDING, VIA_SUBJECT_KEY
from jejak.errors import UsageError
from jejak.hashing import KeyedHasher, identifier_hash, subject_key_hash

#: Short names people type, for the entity types they mean.
ALIASES = {"email": "EMAIL_ADDRESS", "phone": "PHONE_NUMBER", "name": "PERSON"}
_TYPE_SHAPED = re.compile(r"[A-Za-z][A-Za-z_]{0,40}")


@dataclass(frozen=True, order=True)
class SubjectIdentifier:
    """One identifier of the subject: its type (entity type or key kind) and keyed hash, nothing else."""

    type: str
    hash: str
    via: str  # finding | subject_key

    def as_json(self) -> dict[str, str]:
        return {"type": self.type, "hash": self.hash, "via": self.via}


@dataclass(frozen=True)
class SubjectIds:
    identifiers: tuple[SubjectIdentifier, ...]
    _raw: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def hashes(self) -> frozenset[str]:
        return frozenset(identifier.hash for identifier in self.identifiers)

    def quoted_in(self, text: str) -> bool:
        """Whether `text` contains one of the raw values (case-insensitively): a safety check for free text
        that jejak is about to store, such as a request's legal basis."""
        folded = text.casefold()
        return any(raw.casefold() in folded for raw in self._raw if raw)

    def as_json(self) -> list[dict[str, Any]]:
        return [identifier.as_json() for identifier in self.identifiers]


class IdentifierReader:
    """Parses `TYPE=VALUE` strings; `normalize(entity_type, value)` is the detector's normaliser."""

    def __init__(
        self,
        hasher: KeyedHasher,
        normalize: Callable[[str, str], str],
        entity_types: Collection[str],
        key_kinds: Collection[str],
    ) -> None:
        self._hasher = hasher
        self._normalize = normalize
        self._entity_types = frozenset(entity_types)
        self._key_kinds = frozenset(key_kinds)

    def read(self, specs: Iterable[tuple[str, str]]) -> SubjectIds:
        """`specs` are (where, "TYPE=VALUE") pairs; `where` names the source in errors (`--id 2`,
        `ids.txt: line 3`), since the text itself may not be shown."""
        found: dict[SubjectIdentifier, None] = {}
        raw: list[str] = []
        for where, spec in specs:
            identifier, value = self._one(where, spec)
            found[identifier] = None
            raw.append(value.strip())
        if not found:
            raise UsageError("no identifier given; pass --id TYPE=VALUE or --ids-file FILE")
        return SubjectIds(tuple(sorted(found)), tuple(raw))

    def _one(self, where: str, spec: str) -> tuple[SubjectIdentifier, str]:
        name, equals, value = spec.partition("=")
        name = name.strip()
        if not equals or not name or not value.strip():
            raise UsageError(f"{where}: expected TYPE=VALUE (e.g. email=..., MY_NRIC=..., user_id=...)")
        if name in self._key_kinds:
            return SubjectIdentifier(
                name, subject_key_hash(self._hasher, name, value), VIA_SUBJECT_KEY
            ), value
        entity = ALIASES.get(name.lower(), name.upper())
        if entity not in self._entity_types:
            shown = f" {name!r}" if _TYPE_SHAPED.fullmatch(name) else ""  # never echo what may be a value
            raise UsageError(
                f"{where}: unknown identifier type{shown}; use an entity type (jejak recognizers), "
                "email, phone or name, or a key kind configured in erasure.subject_keys"
            )
        if not self._normalize(entity, value):
            raise UsageError(f"{where}: the {entity} value is empty once normalised; check it")
        value_hash = identifier_hash(self._hasher, self._normalize, entity, value)
        return SubjectIdentifier(entity, value_hash, VIA_FINDING), value


def read_id_lines(text: str, source: str) -> list[tuple[str, str]]:
    """`TYPE=VALUE` lines of an ids file (blank lines and `#` comments skipped), each with its place."""
    return [
        (f"{source}: line {number}", line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
