"""Whose law a dataset's people answer to: the ledger's jurisdiction codes, and the regime each points to.

A person's jurisdiction is a fact about them, not about one purpose, so a subject whose decision for the
reported purpose names none (or who has no decision for it: never asked) takes the jurisdiction of their
latest decision that names one, for any purpose. A subject no event places anywhere counts under code null.

Regimes come from `configs/jurisdictions.yaml` (or `jurisdictions:` in the config, counsel's copy): the
parts that bear on consent (the AI-training rule, whether consent is required to train) and on withdrawal
(the erasure right and its deadline), each with the `source` and `verified` flag the file requires. A code
the file has no regime for is reported with `regime: null`, never guessed.
"""

from __future__ import annotations

from typing import Any

from jejak.consent.ledger import ConsentLedger
from jejak.residency.jurisdictions import Jurisdictions


def jurisdictions_by_subject(ledger: ConsentLedger) -> dict[str, str]:
    """Subject hash -> the jurisdiction of their latest decision (any purpose) that names one."""
    latest: dict[str, tuple[Any, str]] = {}
    for (subject, _), decision in ledger.decisions.items():
        if decision.jurisdiction is None:
            continue
        current = latest.get(subject)
        if current is None or decision.at > current[0]:
            latest[subject] = (decision.at, decision.jurisdiction)
    return {subject: code for subject, (_, code) in latest.items()}


def jurisdiction_of(
    ledger: ConsentLedger, subject: str, purpose: str, fallback: dict[str, str]
) -> str | None:
    decision = ledger.decision(subject, purpose)
    if decision is not None and decision.jurisdiction is not None:
        return decision.jurisdiction
    return fallback.get(subject)


def regime_json(jurisdictions: Jurisdictions, code: str | None) -> dict[str, Any] | None:
    """The regime governing `code` (`DE` -> the EU's) as the report shows it; None when there is none."""
    regime_id = jurisdictions.regime_id_for(code) if code else None
    if regime_id is None:
        return None
    regime = jurisdictions.regimes[regime_id]
    erasure, training = regime.erasure, regime.ai_training
    return {
        "id": regime_id,
        "name": regime.name,
        "regulator": regime.regulator,
        "laws": [
            {"name": law.name, "citation": law.citation, "source": law.source, "verified": law.verified}
            for law in regime.laws
        ],
        "ai_training": {
            "consent_required": training.consent_required,
            "rule": training.rule,
            "source": training.source,
            "verified": training.verified,
        },
        "erasure": {
            "right": erasure.right,
            "deadline_days": erasure.deadline_days,
            "rule": erasure.rule,
            "source": erasure.source,
            "verified": erasure.verified,
        },
    }
