"""The `erasure:` section of jejak.yaml: subject-key columns to index, and assets to redact rather than cut.

Kept apart from `jejak.config` so the erasure package owns its settings; `jejak.config` only mounts this
model. It imports nothing but pydantic, so the core config module can import it without a cycle.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubjectKeyColumn(_Strict):
    """A column whose values identify a person without being personal data by themselves (`user_id`).

    Scans index the keyed hash of `f"{kind}:{value.strip()}"` per row of every asset whose URI matches
    `match`, so `jejak subject find --id user_id=u123` reaches rows that hold no visible PII. `column` is a
    leaf name as scans report it (`user_id`, or a dotted path such as `meta.user_id` in nested data).
    """

    match: str = Field(min_length=1)
    column: str = Field(min_length=1)
    kind: str = Field(pattern=r"^[a-z][a-z0-9_]*$")


class ErasureConfig(_Strict):
    #: Columns indexed as subject keys (see `SubjectKeyColumn`); text assets have no columns and are skipped.
    subject_keys: tuple[SubjectKeyColumn, ...] = ()
    #: Globs over asset URIs whose hits are redacted in place instead of deleting the row (e.g. chat tables
    #: where one row holds several people's messages). Text logs are always redacted.
    redact: tuple[str, ...] = ()

    def key_columns(self, uri: str) -> dict[str, str]:
        """Column -> key kind for the asset at `uri` (first matching rule per column wins)."""
        found: dict[str, str] = {}
        for rule in self.subject_keys:
            if rule.column not in found and fnmatchcase(uri, rule.match):
                found[rule.column] = rule.kind
        return found

    def kinds(self) -> frozenset[str]:
        return frozenset(rule.kind for rule in self.subject_keys)

    def is_redacted(self, uri: str) -> bool:
        return any(fnmatchcase(uri, glob) for glob in self.redact)
