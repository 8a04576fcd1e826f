"""`jejak subject find` on the fixture lake: exactly where a planted person's identifiers are, no value shown.

The expectation is computed from the files themselves (a literal, case-insensitive search per record), not
from jejak, and the CLI's output is checked to hold none of the lake's planted values.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from jejak.cli.main import cli

LAKE = Path(__file__).resolve().parents[2] / "fixtures" / "lake"
EMAIL = "waikit_chong@example.com"  # user u002569: raw table, eval prompts (and by phone/ID/key elsewhere)
USER_ID = "u002569"
CONFIG = """
erasure:
  subject_keys:
    - {match: "*/training/*.parquet", column: user_id, kind: user_id}
"""


def lake_records() -> Iterator[tuple[str, int, str]]:
    """(asset path relative to the lake, row or line number, the record as text) for every readable record,
    the truncated gzip log included as far as it decompresses."""
    for path in sorted(LAKE.rglob("*")):
        rel = str(path.relative_to(LAKE))
        if path.name.startswith("_") or "hf_eval_set" in rel or path.is_dir():
            continue
        if path.suffix == ".parquet":
            try:
                rows = pq.read_table(path).to_pylist()
            except pa.ArrowInvalid:
                continue  # the corrupt backup: jejak cannot read it either
            for index, row in enumerate(rows):
                yield rel, index, json.dumps(row, default=str, ensure_ascii=False)
        elif path.suffix == ".gz":
            text = zlib.decompressobj(31).decompress(path.read_bytes()).decode("utf-8", "replace")
            lines = text.split("\n")
            if not text.endswith("\n"):
                lines = lines[:-1]  # a cut last line is not a record
            for index, line in enumerate(lines):
                yield rel, index, line
        else:
            for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                yield rel, index, line
    shards = sorted((LAKE / "eval" / "hf_eval_set").glob("*.arrow"))
    offset = 0
    for shard in shards:
        with pa.ipc.open_stream(shard) as reader:
            rows = reader.read_all().to_pylist()
        for index, row in enumerate(rows):
            yield "eval/hf_eval_set", offset + index, json.dumps(row, ensure_ascii=False)
        offset += len(rows)


def where_literal(value: str) -> set[tuple[str, int]]:
    return {(rel, row) for rel, row, text in lake_records() if value.lower() in text.lower()}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One scan of the lake with a subject-key column on the training set, shared by the tests below."""
    workdir = tmp_path_factory.mktemp("subject")
    (workdir / "jejak.yaml").write_text(CONFIG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JEJAK_HASH_KEY", raising=False)
        patch.delenv("JEJAK_CATALOG", raising=False)
        patch.chdir(workdir)
        result = run(workdir, "scan", str(LAKE), "--quiet", "--format", "json")
        assert result.exit_code == 3, result.output  # the two corrupt files
        yield workdir


def run(workdir: Path, *args: str, input: str | None = None) -> Result:
    options = ["--catalog", f"sqlite:///{workdir / 'catalog.db'}", "--config", str(workdir / "jejak.yaml")]
    return CliRunner().invoke(cli, [*args, *options], input=input, catch_exceptions=False)


def hit_places(document: dict[str, Any]) -> set[tuple[str, int]]:
    return {
        (str(Path(asset["uri"]).relative_to(LAKE)), hit["row"])
        for asset in document["assets"]
        for hit in asset["hits"]
    }


def test_email_is_found_exactly_where_it_was_planted(workdir: Path, planted_values: set[str]) -> None:
    expected = where_literal(EMAIL)
    assert len({rel for rel, _ in expected}) >= 2, "the chosen person should recur in the lake"
    result = run(workdir, "subject", "find", "--id", f"email={EMAIL.upper()}", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert hit_places(document) == expected
    assert {hit["type"] for asset in document["assets"] for hit in asset["hits"]} == {"EMAIL_ADDRESS"}
    assert document["found"] is True and document["summary"]["rows"] == len(expected)
    leaked = {value for value in planted_values if value in result.stdout}
    assert leaked == set()


def test_table_output_names_assets_and_rows_without_values(workdir: Path, planted_values: set[str]) -> None:
    result = run(workdir, "subject", "find", "--id", f"email={EMAIL}", "--id", "phone=+60 14-999 1705")
    assert result.exit_code == 0, result.output
    assert "raw/users.parquet" in result.stdout and "EMAIL_ADDRESS" in result.stdout
    assert {value for value in planted_values if value in result.stdout} == set()


def test_subject_key_column_reaches_rows_without_personal_data(workdir: Path) -> None:
    train = pq.read_table(LAKE / "training" / "train.parquet").to_pylist()
    expected = {("training/train.parquet", i) for i, row in enumerate(train) if row["user_id"] == USER_ID}
    assert expected and all(EMAIL not in json.dumps(train[row]) for _, row in expected)
    result = run(workdir, "subject", "find", "--id", f"user_id={USER_ID}", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert hit_places(document) == expected  # the key is only configured for the training set
    (hit,) = document["assets"][0]["hits"]
    assert hit == {
        "column": "user_id",
        "row": hit["row"],
        "type": "user_id",
        "start": None,
        "end": None,
        "via": "subject_key",
    }


def test_ids_file_from_stdin(workdir: Path) -> None:
    result = run(
        workdir,
        "subject",
        "find",
        "--ids-file",
        "-",
        "--format",
        "json",
        input=f"# subject of DSR-1\nemail={EMAIL}\n\nMY_NRIC=980203-01-0417\n",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [i["type"] for i in document["identifiers"]] == ["EMAIL_ADDRESS", "MY_NRIC"]
    assert "raw/support_chat.jsonl" in {str(Path(a["uri"]).relative_to(LAKE)) for a in document["assets"]}


def test_not_found_exits_1(workdir: Path) -> None:
    result = run(workdir, "subject", "find", "--id", "email=nobody.at.all@example.net", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["found"] is False and document["assets"] == []


def test_json_shape(workdir: Path) -> None:
    result = run(workdir, "subject", "find", "--id", f"email={EMAIL}", "--format", "json")
    document = json.loads(result.stdout)
    assert set(document) == {"schema_version", "jejak_version", "identifiers", "found", "summary", "assets"}
    assert set(document["identifiers"][0]) == {"type", "hash", "via"}
    assert len(document["identifiers"][0]["hash"]) == 64
    assert set(document["summary"]) == {"assets", "rows", "hits"}
    for asset in document["assets"]:
        assert set(asset) == {"uri", "location", "connector", "format", "rows", "hits"}
        for hit in asset["hits"]:
            assert set(hit) == {"column", "row", "type", "start", "end", "via"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "S1234567D"], "--id 1: expected TYPE=VALUE"),
        (["--id", "shoe_size=42"], "unknown identifier type 'shoe_size'"),
        (["--id", "900101-14-5678=x"], "--id 1: unknown identifier type;"),
        ([], "no identifier given"),
    ],
)
def test_bad_identifiers_exit_2_without_echoing_values(workdir: Path, args: list[str], message: str) -> None:
    result = run(workdir, "subject", "find", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "S1234567D" not in result.stderr and "900101" not in result.stderr


def test_gzip_log_line_numbers_match_the_file(workdir: Path) -> None:
    """Line numbers of a gzipped log are the file's own (0-based), so an operator can find the line."""
    with gzip.open(LAKE / "logs" / "app-2026-11-01.log.gz", "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    expected = {("logs/app-2026-11-01.log.gz", i) for i, line in enumerate(lines) if "+60149991705" in line}
    assert expected
    result = run(workdir, "subject", "find", "--id", "phone=014-999 1705", "--format", "json")
    assert expected <= hit_places(json.loads(result.stdout))
