"""The erasure request as the privacy officer records it (`request.yaml`), and its deadline.

The request names the case, not the person: a reference from the officer's own register, the country
whose law governs it, when it was received and on what legal basis. The subject's identifiers are given
separately (`--id`, `--ids-file`) and only their keyed hashes reach a plan; a request whose free text
quotes one of them is refused. The deadline comes from the regime's `erasure.deadline_days` in
`configs/jurisdictions.yaml` (or the user's reviewed copy), counted in calendar days from receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jejak.errors import UsageError
from jejak.residency.jurisdictions import Jurisdictions


class ErasureRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: The officer's own reference for the case (ticket, register number); never the person's name.
    reference: str | None = Field(default=None, max_length=200)
    #: ISO 3166-1 alpha-2 country whose law governs the request (usually the subject's).
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    received: date | None = None
    legal_basis: str | None = Field(default=None, max_length=2000)

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def load_request(path: Path) -> ErasureRequest:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read request file {path}: {exc.strerror}; check the path") from exc
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: not valid YAML ({exc.__class__.__name__}); fix the syntax") from exc
    try:
        return ErasureRequest.model_validate(raw or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "<top>"
        message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise UsageError(f"{path}: {where}: {message}; see docs/erasure.md for the request format") from None


@dataclass(frozen=True)
class Deadline:
    """When the request must be answered, and the rule it rests on (or why there is no date)."""

    regime: str | None
    deadline_days: int | None
    extension_days: int | None
    due: date | None
    rule: str | None
    source: str | None
    verified: bool | None
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "deadline_days": self.deadline_days,
            "extension_days": self.extension_days,
            "due": self.due.isoformat() if self.due else None,
            "rule": self.rule,
            "source": self.source,
            "verified": self.verified,
            "note": self.note,
        }


def deadline_for(request: ErasureRequest, received: date, jurisdictions: Jurisdictions) -> Deadline:
    if request.country is None:
        return Deadline(
            None, None, None, None, None, None, None, "no country in the request: no deadline known"
        )
    regime_id = jurisdictions.regime_id_for(request.country)
    regime = jurisdictions.regime_for(request.country)
    if regime_id is None or regime is None:
        missing = (
            f"{jurisdictions.source} has no rules for {request.country}: check the deadline with counsel"
        )
        return Deadline(None, None, None, None, None, None, None, missing)
    rule = regime.erasure
    days = rule.deadline_days
    note = (
        None if days is not None else f"{regime_id}: no statutory erasure deadline in {jurisdictions.source}"
    )
    return Deadline(
        regime=regime_id,
        deadline_days=days,
        extension_days=rule.extension_days,
        due=received + timedelta(days=days) if days is not None else None,
        rule=rule.rule,
        source=rule.source,
        verified=rule.verified,
        note=note,
    )
