"""Consent ledger rows, the latest-event rule, and the gate's verdict per row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jejak.consent.config import ConsentConfig
from jejak.consent.dataset_rows import RowPeople
from jejak.consent.gate import GatePolicy, Verdict, judge
from jejak.consent.ledger import ConsentLedger
from jejak.consent.ledger_rows import (
    ConsentEvent,
    ConsentStatus,
    LedgerProblem,
    LedgerRow,
    parse_row,
    parse_time,
)
from jejak.hashing import HashKey, KeyedHasher

CONFIG = ConsentConfig(identifier_columns={"email": "EMAIL_ADDRESS"})
GOOD = {"subject_key": "u1", "purpose": "model_training", "status": "Granted", "timestamp": "2026-01-02"}


def lower(entity: str, value: str) -> str:
    return value.strip().lower()


def event(
    subject: str, status: str, at: str, purpose: str = "model_training", email: str = ""
) -> ConsentEvent:
    row = {"subject_key": subject, "purpose": purpose, "status": status, "timestamp": at, "email": email}
    parsed = parse_row(LedgerRow(1, 2, row), CONFIG, CONFIG.purposes)
    assert isinstance(parsed, ConsentEvent)
    return parsed


@pytest.fixture
def ledger() -> ConsentLedger:
    return ConsentLedger(KeyedHasher(HashKey.generate()), "user_id")


def test_a_good_row_becomes_an_event() -> None:
    parsed = parse_row(
        LedgerRow(3, 4, {**GOOD, "jurisdiction": "th", "email": "A@x.com"}), CONFIG, CONFIG.purposes
    )
    assert isinstance(parsed, ConsentEvent)
    assert parsed.status is ConsentStatus.GRANTED and parsed.jurisdiction == "TH"
    assert parsed.at == datetime(2026, 1, 2, tzinfo=UTC) and parsed.identifiers == (
        ("EMAIL_ADDRESS", "A@x.com"),
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"subject_key": " "}, "no subject key"),
        ({"purpose": "ads"}, "unknown purpose 'ads'"),
        ({"purpose": "someone@example.com"}, "unknown purpose:"),  # not quoted: it may be personal data
        ({"status": "yes please"}, "status is neither"),
        ({"timestamp": "yesterday"}, "not an ISO 8601"),
        ({"jurisdiction": "Malaysia"}, "two-letter country code"),
    ],
)
def test_malformed_rows_are_problems_that_quote_no_value(change: dict[str, str], reason: str) -> None:
    parsed = parse_row(LedgerRow(5, 6, {**GOOD, **change}), CONFIG, CONFIG.purposes)
    assert isinstance(parsed, LedgerProblem) and parsed.where == "line 6" and reason in parsed.reason
    assert "someone@example.com" not in parsed.reason


def test_times_without_a_zone_are_utc_and_zones_are_kept() -> None:
    assert parse_time("2026-06-01T12:30:00+07:00") == datetime(2026, 6, 1, 5, 30, tzinfo=UTC)
    assert parse_time("2026-06-01T12:30:00Z") == datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
    assert parse_time(datetime(2026, 1, 1)) == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_time("") is None and parse_time(None) is None and parse_time(17) is None


def test_latest_event_wins_and_a_tie_goes_to_withdrawal(ledger: ConsentLedger) -> None:
    for item in (
        event("u1", "granted", "2026-01-01"),
        event("u1", "withdrawn", "2026-02-01"),
        event("u2", "withdrawn", "2026-02-01"),
        event("u2", "granted", "2026-03-01"),
        event("u3", "withdrawn", "2026-04-01T00:00:00Z"),
        event("u3", "granted", "2026-04-01T00:00:00Z"),  # read after the withdrawal: still withdrawn
        event("u4", "granted", "2026-01-01", purpose="analytics"),
    ):
        ledger.add(item, lower)
    status = {
        user: ledger.status(str(ledger.key_hash(user)), "model_training") for user in ("u1", "u2", "u3", "u4")
    }
    assert status == {"u1": "withdrawn", "u2": "granted", "u3": "withdrawn", "u4": "missing"}
    assert ledger.key_hash("  ") is None


def test_verdicts(ledger: ConsentLedger) -> None:
    ledger.add(event("u1", "granted", "2026-01-01", email="ana@example.com"), lower)
    ledger.add(event("u2", "withdrawn", "2026-01-01", email="bo@example.com"), lower)
    policy = GatePolicy("model_training", "user_id", "user_id", "block", ("email",))
    u1, ana, bo = (
        ledger.key_hash("u1"),
        ledger.hasher.hash("ana@example.com"),
        ledger.hasher.hash("bo@example.com"),
    )
    third = ledger.hasher.hash("third@example.org")

    def verdict(people: RowPeople) -> Verdict:
        return judge(people, ledger, policy)[0]

    assert verdict(RowPeople()) is Verdict.NOT_PERSONAL
    assert verdict(RowPeople(key=u1, own={third})) is Verdict.CONSENTED  # a whole cell: the subject's own
    assert verdict(RowPeople(key=u1, mentions={ana})) is Verdict.CONSENTED  # their own, known to the ledger
    assert verdict(RowPeople(key=u1, mentions={third})) is Verdict.UNKNOWN_SUBJECT
    assert verdict(RowPeople(key=u1, mentions={bo, third})) is Verdict.WITHDRAWN  # withdrawn wins
    assert verdict(RowPeople(own={bo})) is Verdict.WITHDRAWN  # no key: found through the ledger's e-mail
    assert verdict(RowPeople(own={third})) is Verdict.UNKNOWN_SUBJECT
    assert verdict(RowPeople(key=ledger.key_hash("u9"))) is Verdict.MISSING
    allow = GatePolicy("model_training", "user_id", "user_id", "allow", ())
    assert allow.passes(Verdict.UNKNOWN_SUBJECT) and not policy.passes(Verdict.UNKNOWN_SUBJECT)
