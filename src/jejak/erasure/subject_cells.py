"""Does a cell still hold the subject where the plan says? Checked by hashing, as the scan did.

SQL tables have no content fingerprint to compare with the plan's, and their row numbers are positions in
primary-key order, which an insert or delete elsewhere shifts. So before erasing a table's rows jejak
re-derives, for every planned location, the keyed hash the scan derived there: the entity's normaliser
over `cell[start:end]` for a finding, `HMAC(kind:value)` for a subject-key cell. Only when each one is
one of the subject's hashes are those rows the subject's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jejak.catalog.subject_index import VIA_SUBJECT_KEY
from jejak.hashing import KeyedHasher, identifier_hash, subject_key_hash


@dataclass(frozen=True)
class SubjectCells:
    hasher: KeyedHasher
    normalize: Callable[[str, str], str]  # the detector's: (entity type, value) -> normalised value

    def holds(self, location: Mapping[str, Any], values: Iterable[str], hashes: Collection[str]) -> bool:
        """Whether one of `values` (a cell's text as the scan read it; several for a list cell) still
        yields one of `hashes` at `location`."""
        kind, start, end = str(location["type"]), location.get("start"), location.get("end")
        for value in values:
            if location.get("via") == VIA_SUBJECT_KEY:
                if value.strip() and subject_key_hash(self.hasher, kind, value) in hashes:
                    return True
                continue
            if start is None or end is None or not 0 <= start < end <= len(value):
                continue
            if identifier_hash(self.hasher, self.normalize, kind, value[start:end]) in hashes:
                return True
        return False
