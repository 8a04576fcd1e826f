"""The CLI contracts of docs/cli.md: analyze's JSONL, exit codes, errors, findings, documentation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from jejak.cli.main import cli

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _write_small_lake(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "users.csv").write_text("name,email,nric\nA,a.tan@example.com,S1234567D\nB,b.lim@example.org,\n")
    (root / "app.log").write_text("INFO ok\nERROR nric=S1234567D failed\n")


def test_analyze_jsonl_contract(jejak, tmp_path: Path) -> None:
    texts = [
        {"id": "a", "text": "NRIC S1234567D, call +65 9123 4567"},
        {"id": 2, "text": "nothing here"},
        {"id": "th", "text": "คุณสมชาย เลขบัตรประชาชน 3100600445635 ค่ะ"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    result = jejak("analyze", "--input", str(source), "--output", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", 2, "th"]
    assert lines[1]["entities"] == []
    for line in lines:
        for entity in line["entities"]:
            assert set(entity) == {"type", "start", "end", "score"}
    first = {(e["type"], texts[0]["text"][e["start"] : e["end"]]) for e in lines[0]["entities"]}
    assert first == {("SG_NRIC_FIN", "S1234567D"), ("PHONE_NUMBER", "+65 9123 4567")}
    (thai,) = [e for e in lines[2]["entities"] if e["type"] == "TH_TNIN"]  # code points of the Thai text
    assert texts[2]["text"][thai["start"] : thai["end"]] == "3100600445635"


def test_analyze_reads_stdin_and_writes_stdout(jejak) -> None:
    result = jejak(
        "analyze", "--input", "-", "--output", "-", input='{"id": 1, "text": "mail x.y@example.com"}\n'
    )
    assert result.exit_code == 0
    (line,) = [json.loads(raw) for raw in result.stdout.splitlines()]
    assert line["id"] == 1 and [e["type"] for e in line["entities"]] == ["EMAIL_ADDRESS"]


def test_analyze_bad_line_keeps_order_and_exits_3(jejak) -> None:
    stdin = '{"id": 1, "text": "S1234567D"}\nnot json\n{"id": 3}\n{"id": 4, "text": "ok"}\n'
    result = jejak("analyze", "--input", "-", input=stdin)
    assert result.exit_code == 3
    lines = [json.loads(raw) for raw in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [1, None, 3, 4]
    assert "line 2" in lines[1]["error"] and "line 3" in lines[2]["error"]
    assert "error" not in lines[3]


def test_analyze_text_json(jejak) -> None:
    result = jejak("analyze", "--text", "NIK saya 3171011708450001", "--format", "json")
    assert json.loads(result.stdout)["entities"][0]["type"] == "ID_NIK"


def test_analyze_needs_exactly_one_input(jejak) -> None:
    result = jejak("analyze")
    assert result.exit_code == 2 and "exactly one of --text or --input" in result.stderr


def test_scan_missing_path_is_a_usage_error(jejak) -> None:
    result = jejak("scan", "no/such/dir")
    assert result.exit_code == 2
    assert "no/such/dir" in result.stderr and "path not found" in result.stderr


def test_scan_missing_path_beside_a_good_one_is_partial(jejak, tmp_path: Path) -> None:
    _write_small_lake(tmp_path / "lake")
    result = jejak("scan", str(tmp_path / "lake"), "no/such/dir", "--format", "json", "--quiet")
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    errors = [a for a in document["assets"] if a["error"]]
    assert [a["uri"] for a in errors] == ["no/such/dir"]
    assert document["summary"]["entities"] == {"EMAIL_ADDRESS": 2, "SG_NRIC_FIN": 2}


@pytest.mark.parametrize(
    ("fail_on", "code"), [("any", 1), ("SG_NRIC_FIN", 1), ("TH_TNIN,ID_NIK", 0), ("EMAIL_ADDRESS,TH_TNIN", 1)]
)
def test_fail_on(jejak, tmp_path: Path, fail_on: str, code: int) -> None:
    _write_small_lake(tmp_path / "lake")
    assert jejak("scan", str(tmp_path / "lake"), "--fail-on", fail_on, "--quiet").exit_code == code


def test_bad_config_exits_2_naming_the_key(jejak, tmp_path: Path) -> None:
    (tmp_path / "jejak.yaml").write_text("scan:\n  batch_rowz: 10\n")
    _write_small_lake(tmp_path / "lake")
    result = jejak("scan", str(tmp_path / "lake"))
    assert result.exit_code == 2
    assert "scan.batch_rowz: unknown key" in result.stderr


def test_findings_query_after_scan(jejak, tmp_path: Path) -> None:
    assert "no findings recorded" in jejak("findings").stdout
    _write_small_lake(tmp_path / "lake")
    jejak("scan", str(tmp_path / "lake"), "--quiet")
    result = jejak("findings", "--entity", "SG_NRIC_FIN", "--format", "json")
    records = json.loads(result.stdout)
    assert len(records) == 2
    assert {r["column"] for r in records} == {"nric", None}  # the CSV column and the log line
    assert {r["preview"] for r in records} == {"S****567D"}
    assert len({r["value_hash"] for r in records}) == 1
    assert (tmp_path / ".jejak" / "catalog.db").exists()
    assert (tmp_path / ".jejak" / "hash.key").stat().st_mode & 0o077 == 0


def test_sample_limits_rows(jejak, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    lake.mkdir()
    (lake / "big.csv").write_text("email\n" + "".join(f"u{i}@example.com\n" for i in range(50)))
    document = json.loads(jejak("scan", str(lake), "--sample", "10", "--format", "json", "--quiet").stdout)
    (asset,) = document["assets"]
    assert asset["rows"] == 10 and asset["entities"] == {"EMAIL_ADDRESS": 10}
    assert asset["sample"] == {"rows": 10, "method": "head"}


def test_binary_files_are_skipped_not_failed(jejak, tmp_path: Path) -> None:
    _write_small_lake(tmp_path / "lake")
    (tmp_path / "lake" / "weights.bin").write_bytes(bytes(range(256)) * 40)
    result = jejak("scan", str(tmp_path / "lake"), "--format", "json", "--quiet")
    assert result.exit_code == 0
    (binary,) = [a for a in json.loads(result.stdout)["assets"] if a["uri"].endswith("weights.bin")]
    assert binary["skipped"] and binary["error"] is None and "not a format" in binary["warnings"][0]


def test_version_lists_packs_and_pipelines(jejak) -> None:
    result = jejak("version")
    assert result.exit_code == 0
    assert "pack sg" in result.stdout and "SG_NRIC_FIN" in result.stdout
    assert "nlp th: blank (xx)" in result.stdout


def test_locations_from_config_place_assets(jejak, tmp_path: Path) -> None:
    _write_small_lake(tmp_path / "lake")
    (tmp_path / "jejak.yaml").write_text(
        "locations:\n  - {match: '*/lake/*.log', country: SG}\n  - {match: '*/lake/*', country: MY}\n"
    )
    document = json.loads(jejak("scan", str(tmp_path / "lake"), "--format", "json", "--quiet").stdout)
    assert {Path(a["uri"]).name: a["location"] for a in document["assets"]} == {
        "app.log": "SG",
        "users.csv": "MY",
    }


def _commands_and_options() -> list[tuple[str, str]]:
    pairs = []
    group = cli
    assert isinstance(group, click.Group)
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the group imports its commands when asked for them
        command = group.get_command(ctx, name)
        assert command is not None, name
        pairs.append((name, ""))
        for param in command.params:
            if isinstance(param, click.Option):
                pairs.append((name, max(param.opts, key=len)))
    return pairs


@pytest.mark.parametrize(("command", "option"), _commands_and_options())
def test_every_command_and_option_is_documented(command: str, option: str) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    assert re.search(rf"`jejak {command}\b", docs), f"docs/cli.md lacks a section for `jejak {command}`"
    if option:
        assert f"`{option}" in docs, f"docs/cli.md does not document {command} {option}"
