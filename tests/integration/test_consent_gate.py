"""`jejak gate` and `jejak.gate` on fixtures/consent: exact verdicts from a ledger in any format.

The training set mixes consented, withdrawn, re-granted, never-asked and analytics-only subjects, a tie
between a grant and a withdrawal, a subject whose only event is malformed, third parties named in free
text, and a withdrawn subject found by e-mail alone; `_truth.json` holds each row's expected verdict.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner, Result
from tests.conftest import PostgresServer

import jejak
from jejak.cli.main import cli
from jejak.errors import UsageError

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "consent"
TRUTH = json.loads((FIXTURE / "_truth.json").read_text(encoding="utf-8"))
BLOCKED = [i for i, verdict in enumerate(TRUTH["verdicts"]) if verdict not in ("consented", "not_personal")]
RAW = ("ana.lim@example.com", "bo.tan@example.com", "siti.third@example.org", "345 6789", "walk.in@example")


def gate(*args: str, config: Path = FIXTURE / "jejak.yaml") -> Result:
    return CliRunner().invoke(cli, ["gate", *args, "--config", str(config)], catch_exceptions=False)


def gate_json(
    dataset: Path | str, ledger: Path | str, *extra: str, config: Path = FIXTURE / "jejak.yaml"
) -> Any:
    result = gate(
        str(dataset), "--purpose", "model_training", "--ledger", str(ledger), "--subject-column", "user_id",
        "--format", "json", *extra, config=config,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("ledger", ["ledger.csv", "ledger.jsonl", "ledger.parquet"])
def test_gate_blocks_with_exact_counts_whatever_the_ledger_format(ledger: str) -> None:
    result, report = gate_json(FIXTURE / "train.jsonl", FIXTURE / ledger)
    assert result.exit_code == 1 and report["passed"] is False
    assert report["rows"] == TRUTH["rows"] and report["rows_by_verdict"] == TRUTH["rows_by_verdict"]
    assert report["blocked_rows"] == BLOCKED and report["rows_blocked"] == TRUTH["rows_blocked"]
    assert (report["consented"], report["withdrawn"], report["missing"]) == (3, 2, 3)
    assert report["unknown_subject_rows"] == 3 and report["policy"]["unknown_subjects"] == "block"
    problems = [problem["where"] for problem in report["ledger"]["problems"]]
    if ledger == "ledger.csv":
        assert problems == [f"line {line}" for line in TRUTH["ledger_problem_lines"]]
    elif ledger == "ledger.jsonl":  # no header line
        assert problems == [f"line {line - 1}" for line in TRUTH["ledger_problem_lines"]]
    else:
        assert problems == [f"record {line - 1}" for line in TRUTH["ledger_problem_lines"]]
    assert not any(raw in result.output for raw in RAW)  # stdout and stderr


def test_write_consented_output_passes_the_gate(tmp_path: Path) -> None:
    out = tmp_path / "clean" / "train.jsonl"
    result, report = gate_json(FIXTURE / "train.jsonl", FIXTURE / "ledger.csv", "--write-consented", str(out))
    assert result.exit_code == 1 and report["written"] == {
        "path": str(out),
        "rows": TRUTH["rows"] - len(BLOCKED),
    }
    original = (FIXTURE / "train.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert out.read_text(encoding="utf-8") == "".join(
        line for index, line in enumerate(original) if index not in BLOCKED
    )  # the passing rows, byte for byte and in order
    again, clean = gate_json(out, FIXTURE / "ledger.csv")
    assert again.exit_code == 0 and clean["passed"] and clean["rows_blocked"] == 0
    assert "PASSED" in gate(str(out), "--purpose", "model_training", "--ledger", str(FIXTURE / "ledger.csv"),
                            "--subject-column", "user_id").stdout  # fmt: skip


def test_unknown_subjects_allowed_by_policy(tmp_path: Path) -> None:
    config = tmp_path / "jejak.yaml"
    config.write_text(
        "consent:\n  identifier_columns: {email: EMAIL_ADDRESS}\n  unknown_subjects: allow\n",
        encoding="utf-8",
    )
    _, report = gate_json(FIXTURE / "train.jsonl", FIXTURE / "ledger.csv", config=config)
    assert report["rows_blocked"] == TRUTH["rows_blocked"] - TRUTH["rows_by_verdict"]["unknown_subject"]
    assert report["policy"]["unknown_subjects"] == "allow"


def test_without_identifier_columns_a_subject_named_by_email_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "jejak.yaml").write_text("consent: {}\n", encoding="utf-8")
    _, report = gate_json(FIXTURE / "train.jsonl", FIXTURE / "ledger.csv", config=tmp_path / "jejak.yaml")
    verdicts = report["rows_by_verdict"]
    # the own-e-mail mention and the withdrawn-by-e-mail row can no longer be attributed
    assert verdicts["unknown_subject"] == TRUTH["rows_by_verdict"]["unknown_subject"] + 2
    assert verdicts["withdrawn"] == TRUTH["rows_by_verdict"]["withdrawn"] - 1


def test_ledger_in_a_postgresql_table(postgres_server: PostgresServer) -> None:
    url = postgres_server.new_database()
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE consent (id serial PRIMARY KEY, subject_key text, purpose text, status text, "
            "timestamp text, jurisdiction text, source text, email text)"
        )
        for line in (FIXTURE / "ledger.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            conn.execute(
                "INSERT INTO consent (subject_key, purpose, status, timestamp, jurisdiction, source, email) "
                "VALUES (%(subject_key)s, %(purpose)s, %(status)s, %(timestamp)s, %(jurisdiction)s, "
                "%(source)s, %(email)s)",
                row,
            )
    result, report = gate_json(FIXTURE / "train.jsonl", f"{url}#public.consent")
    assert result.exit_code == 1 and report["rows_by_verdict"] == TRUTH["rows_by_verdict"]
    assert len(report["ledger"]["problems"]) == len(TRUTH["ledger_problem_lines"])


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = gate(
        str(tmp_path / "nope.jsonl"), "--purpose", "model_training", "--ledger", str(FIXTURE / "ledger.csv")
    )
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr
    purpose = gate(str(FIXTURE / "train.jsonl"), "--purpose", "ads", "--ledger", str(FIXTURE / "ledger.csv"))
    assert purpose.exit_code == 2 and "consent.purposes" in purpose.stderr
    column = gate(
        str(FIXTURE / "train.jsonl"), "--purpose", "model_training", "--ledger", str(FIXTURE / "ledger.csv"),
        "--subject-column", "uid",
    )  # fmt: skip
    assert column.exit_code == 2 and "no column 'uid'" in column.stderr and "user_id" in column.stderr
    bad_ledger = tmp_path / "ledger.csv"
    bad_ledger.write_text("who,what\nu1,x\n", encoding="utf-8")
    columns = gate(str(FIXTURE / "train.jsonl"), "--purpose", "model_training", "--ledger", str(bad_ledger))
    assert columns.exit_code == 2 and "consent.columns" in columns.stderr
    same = gate(
        str(FIXTURE / "train.jsonl"), "--purpose", "model_training", "--ledger", str(FIXTURE / "ledger.csv"),
        "--write-consented", str(FIXTURE / "train.jsonl"),
    )  # fmt: skip
    assert same.exit_code == 2 and "the dataset itself" in same.stderr


def test_python_api(tmp_path: Path) -> None:
    result = jejak.gate(
        FIXTURE / "train.jsonl",
        purpose="model_training",
        ledger=FIXTURE / "ledger.parquet",
        subject_column="user_id",
        config_path=FIXTURE / "jejak.yaml",
    )
    assert not result.passed and result.rows_blocked == TRUTH["rows_blocked"]
    assert result.as_json()["rows_by_verdict"] == TRUTH["rows_by_verdict"]
    with pytest.raises(UsageError, match=r"nothing to read|not found|no such"):
        jejak.gate(tmp_path / "missing.jsonl", purpose="model_training", ledger=FIXTURE / "ledger.csv")


def test_parquet_dataset_written_back_as_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in (FIXTURE / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "train.parquet", row_group_size=5)
    shutil.copy(FIXTURE / "jejak.yaml", tmp_path / "jejak.yaml")
    out = tmp_path / "clean.parquet"
    _, report = gate_json(
        tmp_path / "train.parquet", FIXTURE / "ledger.csv", "--write-consented", str(out),
        config=tmp_path / "jejak.yaml",
    )  # fmt: skip
    assert report["blocked_rows"] == BLOCKED
    assert pq.read_table(out).to_pylist() == [row for i, row in enumerate(rows) if i not in BLOCKED]


def test_import_jejak_stays_light() -> None:
    code = "import sys, jejak; assert 'presidio_analyzer' not in sys.modules and 'pyarrow' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_postgresql_table_as_the_dataset_is_written_back_as_parquet(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    url = postgres_server.new_database()
    rows = [json.loads(line) for line in (FIXTURE / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("CREATE TABLE train (id integer PRIMARY KEY, user_id text, email text, text text)")
        for index, row in enumerate(rows):
            conn.execute(
                "INSERT INTO train VALUES (%s, %s, %s, %s)",
                (index, row["user_id"], row["email"], row["text"]),
            )
    out = tmp_path / "clean.parquet"
    result, report = gate_json(f"{url}#public.train", FIXTURE / "ledger.csv", "--write-consented", str(out))
    assert result.exit_code == 1 and report["blocked_rows"] == BLOCKED
    assert [row["id"] for row in pq.read_table(out).to_pylist()] == [
        i for i in range(len(rows)) if i not in BLOCKED
    ]
    wrong = gate(
        f"{url}#public.train", "--purpose", "model_training", "--ledger", str(FIXTURE / "ledger.csv"),
        "--write-consented", str(tmp_path / "clean.csv"),
    )  # fmt: skip
    assert wrong.exit_code == 2 and ".parquet" in wrong.stderr
