"""The held-out accuracy set (fixtures/eval_holdout): reproducible, well-formed, and broad enough to score."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOLDOUT = ROOT / "fixtures" / "eval_holdout"
LANGUAGES = ("en", "ms", "id", "th", "vi", "tl", "km", "lo", "my")
TYPES = (
    "SG_NRIC_FIN", "SG_UEN", "SG_PASSPORT", "MY_NRIC", "MY_PASSPORT", "ID_NIK", "ID_NPWP", "ID_PASSPORT",
    "TH_TNIN", "VN_CCCD", "VN_CMND", "VN_MST", "PH_PHILSYS", "PH_TIN", "PH_SSS", "PH_UMID", "PH_PHILHEALTH",
    "PH_PAGIBIG", "PH_PASSPORT", "MM_NRC", "KH_NID", "BN_IC", "LA_ID", "TL_BI", "TL_ELECTORAL",
    "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "DATE_OF_BIRTH", "PERSON",
    "LOCATION",
)  # fmt: skip


@pytest.fixture(scope="module")
def records():
    lines = (HOLDOUT / "eval.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_generator_check_passes():
    result = subprocess.run(
        [sys.executable, str(HOLDOUT / "make_holdout.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_records_have_the_schema(records):
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for record in records:
        assert set(record) == {"id", "lang", "text", "spans"}
        assert isinstance(record["text"], str) and record["text"]


def test_spans_in_range_trimmed_sorted_and_disjoint(records):
    for record in records:
        text, previous_end = record["text"], 0
        for span in record["spans"]:
            start, end = span["start"], span["end"]
            assert 0 <= start < end <= len(text), record["id"]
            value = text[start:end]
            assert value == value.strip(), (record["id"], value)
            assert start >= previous_end, (record["id"], span)
            previous_end = end


def test_every_language_has_enough_texts(records):
    counts = Counter(r["lang"] for r in records)
    for lang in LANGUAGES:
        assert counts[lang] >= 100, (lang, counts[lang])
    assert counts["tet"] >= 30


def test_every_entity_type_occurs_often_enough(records):
    counts = Counter(s["type"] for r in records for s in r["spans"])
    for kind in TYPES:
        assert counts[kind] >= 15, (kind, counts[kind])


def test_person_names_in_every_language(records):
    persons = Counter(r["lang"] for r in records for s in r["spans"] if s["type"] == "PERSON")
    for lang in ("en", "ms", "id", "th", "vi", "tl"):
        assert persons[lang] >= 150, (lang, persons[lang])
    for lang in ("km", "lo", "my"):
        assert persons[lang] >= 80, (lang, persons[lang])


def test_hard_negatives_are_present(records):
    unlabelled = [r for r in records if not r["spans"]]
    assert len(unlabelled) >= 50
