"""The `consent:` section of jejak.yaml: purposes, how to read a ledger, and the gate's policy.

Kept apart from `jejak.config` so the consent package owns its settings; it imports nothing but pydantic,
so the core config module can mount it without a cycle.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_KIND = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LedgerColumns(_Strict):
    """The ledger's column names, for ledgers exported by other systems under other names."""

    subject: str = "subject_key"
    purpose: str = "purpose"
    status: str = "status"
    timestamp: str = "timestamp"
    jurisdiction: str = "jurisdiction"
    source: str = "source"


class ConsentConfig(_Strict):
    #: Purposes a ledger event may name; anything else is a malformed row, never a consent.
    purposes: tuple[str, ...] = ("model_training", "evaluation", "analytics", "marketing")
    #: The kind of subject key the ledger's subject column holds: hashed as `erasure.subject_keys` hashes
    #: keys of that kind, so the gate's `--subject-column` values meet the ledger's.
    key_kind: str = Field(default="user_id", pattern=_KIND)
    columns: LedgerColumns = LedgerColumns()
    #: Ledger columns holding identifiers of the subject (`email: EMAIL_ADDRESS`), so a dataset row that
    #: names the person without a key (an e-mail in free text) is matched to their consent too.
    identifier_columns: dict[str, str] = Field(default_factory=dict)
    #: Rows with personal data of no known subject (third parties named in free text, or no key at all):
    #: `block` them (the default: nobody consented for them) or `allow` them through.
    unknown_subjects: Literal["block", "allow"] = "block"
