"""jejak's Great Expectations 1.x expectations, run by the real great-expectations package.

One training set holds consented users, a withdrawn one, two never asked (one asked for another purpose
only) and free text naming third parties by e-mail and phone. A GX checkpoint must fail on it and pass on
the rows a human knows are fine. GX takes seconds to import, so it is imported in one module-scoped
fixture (collection of the rest of the suite stays fast) and one ephemeral context serves every test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

import jejak

ROWS = [
    # (user_id, text, consented, third party named)
    ("u1", "Loved the new playlist feature", True, False),
    ("u2", "Please add more jazz for the evenings", True, False),
    ("u1", "call my friend at +60 12-345 6789", True, True),
    ("u3", "Dark mode would be nice", False, False),  # granted, then withdrawn later
    ("u4", "The app crashed twice yesterday", False, False),  # asked for analytics only
    ("u2", "email my sister at siti.rahman@example.com", True, True),
    ("u5", "Order arrived on time", False, False),  # never asked
    ("u1", "Recommend more podcasts", True, False),
]
RAW = pd.DataFrame([(user, text) for user, text, _, _ in ROWS], columns=["user_id", "text"])
CLEAN = RAW[[consented and not third for _, _, consented, third in ROWS]].reset_index(drop=True)
NOT_CONSENTED = sum(not consented for _, _, consented, _ in ROWS)
THIRD_PARTIES = sum(third for _, _, _, third in ROWS)
RAW_VALUES = ["siti.rahman@example.com", "+60 12-345 6789", "12-345 6789", '"u3"', '"u4"', '"u5"']

LEDGER = """subject_key,purpose,status,timestamp,jurisdiction,source
u1,model_training,granted,2024-01-10T09:00:00Z,MY,app
u2,model_training,granted,2024-01-11T09:00:00Z,SG,app
u3,model_training,granted,2024-01-12T09:00:00Z,ID,app
u3,model_training,withdrawn,2024-03-01T09:00:00Z,ID,support
u4,analytics,granted,2024-01-12T09:00:00Z,MY,app
"""


@pytest.fixture(scope="module")
def gx() -> Iterator[ModuleType]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GX_ANALYTICS_ENABLED", "false")
        import great_expectations

        import jejak.gx  # noqa: F401  (registers the expectations)

        yield great_expectations


@pytest.fixture(scope="module")
def context(gx: ModuleType) -> Any:
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.enable_analytics(False)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


@pytest.fixture(scope="module")
def batch(context: Any) -> Any:
    asset = context.data_sources.add_pandas("training").add_dataframe_asset("rows")
    return asset.add_batch_definition_whole_dataframe("whole")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("consent") / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    return path


def validate(batch: Any, data: pd.DataFrame, expectation: Any, result_format: str = "COMPLETE") -> Any:
    return batch.get_batch(batch_parameters={"dataframe": data}).validate(
        expectation, result_format={"result_format": result_format}
    )


def consent(ledger: Path, **options: Any) -> Any:
    from jejak.gx import ExpectColumnValuesToHaveConsent

    return ExpectColumnValuesToHaveConsent(
        column="user_id", purpose="model_training", ledger=str(ledger), **options
    )


def no_raw_values(result: Any) -> None:
    text = json.dumps(result.to_json_dict(), default=str)
    for value in RAW_VALUES:
        assert value not in text


def test_personal_data_fails_on_third_parties_and_passes_on_clean_rows(gx: ModuleType, batch: Any) -> None:
    from jejak.gx import ExpectColumnValuesToNotContainPersonalData

    expectation = ExpectColumnValuesToNotContainPersonalData(column="text")
    raw = validate(batch, RAW, expectation)
    assert not raw.success
    assert raw.result["unexpected_count"] == THIRD_PARTIES == 2
    assert raw.result["unexpected_index_list"] == [2, 5]
    assert sorted(raw.result["partial_unexpected_list"]) == [
        "EMAIL_ADDRESS s****.com",
        "PHONE_NUMBER +****6789",
    ]
    no_raw_values(raw)
    assert validate(batch, CLEAN, expectation).success


def test_personal_data_options_select_entity_types(gx: ModuleType, batch: Any) -> None:
    from jejak.gx import ExpectColumnValuesToNotContainPersonalData as Expect

    # a type the data does not hold: nothing to flag
    assert validate(batch, RAW, Expect(column="text", entity_types=["SG_NRIC_FIN"])).success
    only_email = validate(batch, RAW, Expect(column="text", entity_types=["EMAIL_ADDRESS"]))
    assert only_email.result["unexpected_count"] == 1
    # a country keeps the generic types (phone, e-mail) in the check
    assert validate(batch, RAW, Expect(column="text", countries=["SG"])).result["unexpected_count"] == 2
    # SG's identifiers only (country and type options narrow together): passes
    assert validate(batch, RAW, Expect(column="text", countries=["SG"], entity_types=["SG_NRIC_FIN"])).success
    assert validate(batch, RAW, Expect(column="text", mostly=0.7)).success  # 6 of 8 clean


def test_personal_data_reads_integers_as_digits(gx: ModuleType, batch: Any) -> None:
    from jejak.gx import ExpectColumnValuesToNotContainPersonalData

    phones = pd.DataFrame({"phone": [6591234567, 42, 6591234567, None]})
    result = validate(batch, phones, ExpectColumnValuesToNotContainPersonalData(column="phone"))
    assert result.result["unexpected_count"] == 2
    assert result.result["missing_count"] == 1
    assert "6591234567" not in json.dumps(result.to_json_dict(), default=str)


def test_personal_data_unknown_options_fail_loudly(gx: ModuleType, batch: Any) -> None:
    from jejak.gx import ExpectColumnValuesToNotContainPersonalData as Expect

    with pytest.raises(ValueError, match="entity type name"):
        Expect(column="text", entity_types=["email"])
    result = validate(batch, RAW, Expect(column="text", entity_types=["NO_SUCH_TYPE"]))
    assert not result.success
    assert "NO_SUCH_TYPE" in str(result.exception_info)
    result = validate(batch, RAW, Expect(column="text", countries=["US"]))
    assert not result.success
    assert "no recognizer pack for countries US" in str(result.exception_info)


def test_consent_fails_on_withdrawn_and_never_asked_subjects(
    gx: ModuleType, batch: Any, ledger: Path
) -> None:
    expectation = consent(ledger)
    raw = validate(batch, RAW, expectation)
    assert not raw.success
    assert raw.result["unexpected_count"] == NOT_CONSENTED == 3
    assert raw.result["unexpected_index_list"] == [3, 4, 6]
    assert raw.result["partial_unexpected_list"] == ["****"] * 3  # masked keys, never u3/u4/u5
    no_raw_values(raw)
    assert validate(batch, CLEAN, expectation).success
    assert validate(batch, RAW, consent(ledger, mostly=0.6)).success  # 5 of 8 consented


def test_consent_fails_when_it_cannot_judge(gx: ModuleType, batch: Any, ledger: Path, tmp_path: Path) -> None:
    missing = validate(batch, CLEAN, consent(tmp_path / "no-such-ledger.csv"))
    assert not missing.success
    assert "no-such-ledger.csv" in str(missing.exception_info)  # jejak's error, recorded by GX per metric
    from jejak.gx import ExpectColumnValuesToHaveConsent

    unknown = ExpectColumnValuesToHaveConsent(column="user_id", purpose="sales", ledger=str(ledger))
    result = validate(batch, CLEAN, unknown)
    assert not result.success
    assert "purpose 'sales' is not one of consent.purposes" in str(result.exception_info)


def test_consent_sees_a_withdrawal_appended_to_the_ledger(gx: ModuleType, batch: Any, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    expectation = consent(path)
    assert validate(batch, CLEAN, expectation).success
    with path.open("a", encoding="utf-8") as ledger_file:
        ledger_file.write("u2,model_training,withdrawn,2024-05-01T09:00:00Z,SG,support\n")
    again = validate(batch, CLEAN, expectation)
    assert not again.success
    assert again.result["unexpected_count"] == 1  # u2's one clean row


def test_checkpoint_fails_on_raw_data_and_passes_on_cleaned_data(
    gx: ModuleType, context: Any, batch: Any, ledger: Path
) -> None:
    from jejak.gx import ExpectColumnValuesToNotContainPersonalData

    suite = context.suites.add(gx.ExpectationSuite(name="training_consent"))
    suite.add_expectation(consent(ledger))
    suite.add_expectation(ExpectColumnValuesToNotContainPersonalData(column="text", countries=["MY", "ID"]))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name="training_rows", data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name="before_training",
            validation_definitions=[definition],
            result_format={"result_format": "COMPLETE"},
        )
    )
    raw = checkpoint.run(batch_parameters={"dataframe": RAW})
    clean = checkpoint.run(batch_parameters={"dataframe": CLEAN})
    assert not raw.success
    (raw_run,) = raw.run_results.values()
    counts = {r.expectation_config.type: r.result["unexpected_count"] for r in raw_run.results}
    assert counts == {
        "expect_column_values_to_have_consent": NOT_CONSENTED,
        "expect_column_values_to_not_contain_personal_data": THIRD_PARTIES,
    }
    text = json.dumps(raw.describe_dict(), default=str)
    for value in RAW_VALUES:
        assert value not in text
    assert clean.success


def test_consent_suite_helper_adds_a_not_null_check(gx: ModuleType, batch: Any, ledger: Path) -> None:
    from jejak.gx import consent_suite

    suite = consent_suite(
        "helper", key_column="user_id", purpose="model_training", ledger=ledger, text_columns=["text"]
    )
    assert [e.expectation_type for e in suite.expectations] == [
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_have_consent",
        "expect_column_values_to_not_contain_personal_data",
    ]
    keyless = pd.concat([CLEAN, pd.DataFrame({"user_id": [None], "text": ["hello"]})], ignore_index=True)
    results = batch.get_batch(batch_parameters={"dataframe": keyless}).validate(suite)
    assert not results.success
    by_type = {r.expectation_config.type: r.success for r in results.results}
    assert by_type["expect_column_values_to_not_be_null"] is False
    assert by_type["expect_column_values_to_have_consent"] is True  # GX skips the null key


def test_jejak_and_its_cli_do_not_import_great_expectations() -> None:
    code = "import sys, jejak, jejak.cli.main; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_checkpoint_on_the_consent_fixture_and_the_gates_clean_copy(
    gx: ModuleType, context: Any, batch: Any, tmp_path: Path
) -> None:
    """The same data as `jejak gate` (fixtures/consent): the checkpoint fails on the training set and passes
    on the rows `jejak gate --write-consented` kept."""
    from jejak.gx import ExpectColumnValuesToHaveConsent

    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "consent"
    truth = json.loads((fixture / "_truth.json").read_text(encoding="utf-8"))
    clean = tmp_path / "train.consented.jsonl"
    jejak.gate(
        fixture / "train.jsonl", purpose="model_training", ledger=fixture / "ledger.csv",
        subject_column="user_id", config_path=fixture / "jejak.yaml", write_consented_to=clean,
    )  # fmt: skip
    suite = context.suites.add(gx.ExpectationSuite(name="fixture_consent"))
    suite.add_expectation(
        ExpectColumnValuesToHaveConsent(
            column="user_id", purpose="model_training", ledger=str(fixture / "ledger.csv"),
            config_path=str(fixture / "jejak.yaml"),
        )
    )  # fmt: skip
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name="fixture_rows", data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(name="fixture_gate", validation_definitions=[definition])
    )
    raw = checkpoint.run(batch_parameters={"dataframe": pd.read_json(fixture / "train.jsonl", lines=True)})
    assert not raw.success
    (run,) = raw.run_results.values()
    keyed_not_granted = sum(  # rows with a user id whose latest model_training event is not a grant
        1
        for line, verdict in zip(
            (fixture / "train.jsonl").read_text(encoding="utf-8").splitlines(), truth["verdicts"], strict=True
        )
        if json.loads(line)["user_id"] and verdict in ("withdrawn", "missing")
    )
    assert run.results[0].result["unexpected_count"] == keyed_not_granted == 10
    assert checkpoint.run(batch_parameters={"dataframe": pd.read_json(clean, lines=True)}).success
