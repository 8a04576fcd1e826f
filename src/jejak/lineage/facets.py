"""Which parts of OpenLineage facets the catalog keeps.

Facets are kept as JSON because they are the producer's own account of a dataset or run (schema, data
source, storage, Spark version), and reports want them later. A few facets carry free text written by
people or engines that can quote data values: a job's SQL (`WHERE nric = 'S1234567D'`), its source code, a
run's error message and stack trace. The catalog never stores raw personal data, so those texts are dropped
and the facet is kept as a stub saying so; everything structural stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: facet key -> the members that may hold free text and are not stored
FREE_TEXT_MEMBERS: dict[str, tuple[str, ...]] = {
    "sql": ("query",),
    "sourceCode": ("sourceCode",),
    "errorMessage": ("message", "stackTrace"),
    "extractionError": ("errors",),
}
#: members of the columnLineage facet that describe transformations in free text (SQL expressions)
DESCRIPTION_MEMBERS = frozenset({"description", "transformationDescription"})
DROPPED_NOTE = "free text not stored by jejak (may quote personal data)"


def stored_facets(facets: Mapping[str, Any]) -> dict[str, Any]:
    """`facets` as the catalog keeps them: free-text members of the facets above removed, and the
    transformation descriptions of a columnLineage facet (types, subtypes and `masking` stay)."""
    kept: dict[str, Any] = {}
    for key, value in facets.items():
        members = FREE_TEXT_MEMBERS.get(key)
        if members and isinstance(value, Mapping) and any(member in value for member in members):
            value = {k: v for k, v in value.items() if k not in members}
            value["_jejak_dropped"] = {
                "members": [m for m in members if m in facets[key]],
                "why": DROPPED_NOTE,
            }
        elif key == "columnLineage":
            value = _without_descriptions(value)
        kept[key] = value
    return kept


def _without_descriptions(value: Any) -> Any:
    """The columnLineage facet without its transformation descriptions (`hmac(nric) WHERE nric = '...'`)."""
    if isinstance(value, Mapping):
        return {k: _without_descriptions(v) for k, v in value.items() if k not in DESCRIPTION_MEMBERS}
    if isinstance(value, list):
        return [_without_descriptions(item) for item in value]
    return value


def merge_facets(
    stored: Mapping[str, Any] | None, incoming: Mapping[str, Any], *, incoming_is_newer: bool
) -> dict[str, Any]:
    """Facets after an event: a newer event's facets replace stored ones key by key; an older event (events
    may arrive out of order) only fills keys not yet known. A facet sent as `{"_deleted": true}` (the
    spec's way to retract one) removes the key when it is newer."""
    merged = dict(stored or {})
    for key, value in incoming.items():
        deleted = isinstance(value, Mapping) and value.get("_deleted") is True
        if incoming_is_newer:
            if deleted:
                merged.pop(key, None)
            else:
                merged[key] = value
        elif key not in merged and not deleted:
            merged[key] = value
    return merged
