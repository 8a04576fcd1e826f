"""bench/scale_data.py, the scale benchmark's generator: deterministic, and its planted values are valid.

Values are checked with python-stdnum and phonenumbers, never with jejak's recognizers (the generator must
stay independent of what it measures).
"""

import importlib.util
import sys
from pathlib import Path

import phonenumbers
import pytest
from stdnum import luhn
from stdnum.id import nik
from stdnum.my import nric
from stdnum.th import pin

BENCH = Path(__file__).resolve().parents[2] / "bench"
ROWS = 1_000


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("scale_data", BENCH / "scale_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_data"] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["dense", "sparse"])
def test_same_seed_same_bytes(gen, kind, tmp_path):
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    truth = gen.write_table(kind, first, ROWS, seed=7)
    gen.write_table(kind, second, ROWS, seed=7)
    assert first.read_bytes() == second.read_bytes()
    assert truth.rows == ROWS
    gen.write_table(kind, second, ROWS, seed=8)
    assert first.read_bytes() != second.read_bytes()


def test_log_is_deterministic_and_about_one_percent_personal(gen, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    truth = gen.write_jsonl("log", first, 1, seed=7)
    gen.write_jsonl("log", second, 1, seed=7)
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size >= 1 << 20
    assert set(truth.counts) == {"msg"}
    personal = sum(1 for row in gen.iter_chunk("log", 7, 0) if row.spans)
    assert 0.005 < personal / gen.GEN_CHUNK < 0.02


def _sg_nric_valid(value: str) -> bool:
    """Independent NRIC/FIN check (shared/spec/identifiers.md §B, M series as 'KLJNPQRTUWX'[10 - r])."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(value[1:8], weights, strict=True))
    total += {"S": 0, "F": 0, "T": 4, "G": 4, "M": 3}[value[0]]
    r = total % 11
    if value[0] in "ST":
        return value[8] == "JZIHGFEDCBA"[r]
    if value[0] in "FG":
        return value[8] == "XWUTRQPNMLK"[r]
    return value[8] == "KLJNPQRTUWX"[10 - r]


def test_planted_values_pass_their_checks(gen):
    rows = list(gen.iter_rows("dense", gen.DEFAULT_SEED, ROWS))
    checked = dict.fromkeys(gen.ENTITIES, 0)
    for row in rows:
        for column, spans in row.spans.items():
            text = row.values[column]
            for entity, start, end in spans:
                value = text[start:end]
                assert value == value.strip() and value
                checked[entity] += 1
                if entity == "SG_NRIC_FIN":
                    assert _sg_nric_valid(value), value
                elif entity == "MY_NRIC":
                    assert nric.is_valid(value), value
                elif entity == "ID_NIK":
                    assert nik.is_valid(value), value
                elif entity == "TH_TNIN":
                    assert pin.is_valid(value), value
                elif entity == "CREDIT_CARD":
                    assert luhn.is_valid(value.replace(" ", "").replace("-", "")), value
                elif entity == "PHONE_NUMBER":
                    country = row.values["country"]
                    number = phonenumbers.parse(value, country)
                    assert phonenumbers.is_valid_number_for_region(number, country), value
                elif entity == "VN_CCCD":
                    assert len(value) == 12 and value.isdigit() and value[3] in "0123", value
                elif entity == "PH_PHILSYS":
                    assert [len(p) for p in value.split("-")] == [4, 4, 4], value
                elif entity == "EMAIL_ADDRESS":
                    assert value.count("@") == 1, value
    assert all(checked[entity] for entity in gen.ENTITIES), checked


def test_spans_are_a_prefix_of_the_table(gen):
    spans = gen.slice_spans("dense", 50, seed=3)
    rows = list(gen.iter_rows("dense", 3, 200))[:50]
    assert spans == {(i, c): s for i, row in enumerate(rows) for c, s in row.spans.items()}
