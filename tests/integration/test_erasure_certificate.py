"""`jejak report erasure PLAN_ID` end to end: scan a copy of the fixture lake, plan, certify (not executed),
execute, certify again in JSON and HTML, and check the certificate against the files themselves.

The lake copy, the subject and the CLI helper are those of test_erase_execute.py, loaded from that file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import Result


def _load_execute_tests() -> ModuleType:
    path = Path(__file__).with_name("test_erase_execute.py")
    spec = importlib.util.spec_from_file_location("jejak_erase_execute_helpers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_EXECUTE = _load_execute_tests()
FIXTURES: Path = _EXECUTE.FIXTURES
FIVE: tuple[str, ...] = _EXECUTE.FIVE
LITERALS: tuple[str, ...] = _EXECUTE.LITERALS
run = _EXECUTE.run
TODAY = datetime.now(UTC).date().isoformat()
REQUEST = (
    f"reference: DSR-CERT-7\ncountry: VN\nreceived: {TODAY}\nlegal_basis: the subject withdrew consent\n"
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def erased(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Scan, plan, certify before executing, execute, certify again: every result the tests look at."""
    workdir = tmp_path_factory.mktemp("certificate")
    shutil.copytree(FIXTURES, workdir / "lake")
    (workdir / "jejak.yaml").write_text(_EXECUTE.CONFIG, encoding="utf-8")
    (workdir / "ids.txt").write_text(_EXECUTE.IDS, encoding="utf-8")
    (workdir / "request.yaml").write_text(REQUEST, encoding="utf-8")
    files = {name: workdir / "lake" / name for name in FIVE}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JEJAK_HASH_KEY", raising=False)
        patch.delenv("JEJAK_CATALOG", raising=False)
        patch.chdir(workdir)
        scanned = run(workdir, "scan", *(str(path) for path in files.values()), "--quiet")
        assert scanned.exit_code == 0, scanned.output
        planned = run(
            workdir,
            "erase",
            "plan",
            "--ids-file",
            "ids.txt",
            "--request",
            "request.yaml",
            "--output",
            "plan.json",
        )
        assert planned.exit_code == 0, planned.output
        plan = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
        before = {name: sha256(path) for name, path in files.items()}
        unexecuted = run(workdir, "report", "erasure", plan["plan_id"])
        executed = run(workdir, "erase", "execute", "plan.json", "--approve", "--actor", "dpo")
        assert executed.exit_code == 0, executed.output
        after = {name: sha256(path) for name, path in files.items()}
        as_json = run(workdir, "report", "erasure", plan["plan_id"], "--format", "json")
        as_html = run(
            workdir, "report", "erasure", plan["plan_id"], "--format", "html", "--output", "certificate.html"
        )
        unknown = run(workdir, "report", "erasure", str(uuid.uuid4()))
        bad_format = run(workdir, "report", "erasure", plan["plan_id"], "--format", "pdf")
    return {
        "workdir": workdir,
        "plan": plan,
        "files": files,
        "before": before,
        "after": after,
        "unexecuted": unexecuted,
        "json": as_json,
        "html": as_html,
        "unknown": unknown,
        "bad_format": bad_format,
    }


def test_a_plan_never_executed_exits_1(erased: dict[str, Any]) -> None:
    result: Result = erased["unexecuted"]
    assert result.exit_code == 1, result.output
    certificate = json.loads(result.stdout)
    assert certificate["status"] == "not_executed" and certificate["assets"] == []
    assert certificate["plan"]["plan_id"] == erased["plan"]["plan_id"]
    assert [entry["action"] for entry in certificate["audit"]["trail"]] == ["plan_created"]


def test_certificate_after_execution(erased: dict[str, Any]) -> None:
    result: Result = erased["json"]
    assert result.exit_code == 0, result.output
    certificate = json.loads(result.stdout)
    plan = erased["plan"]
    assert certificate["kind"] == "jejak.erasure_certificate" and certificate["status"] == "complete"
    assert certificate["plan"]["content_hash"] == plan["content_hash"]
    assert certificate["request"]["reference"] == "DSR-CERT-7" and certificate["request"]["country"] == "VN"
    assert certificate["plan"]["deadline"] == plan["deadline"]
    assert certificate["actions"] == plan["actions"] and len(certificate["actions"]) == 5
    by_uri = {asset["asset_uri"]: asset for asset in certificate["assets"]}
    assert set(by_uri) == {str(path) for path in erased["files"].values()}
    for name, path in erased["files"].items():
        asset = by_uri[str(path)]
        assert asset["sha256_before"] == erased["before"][name] != erased["after"][name], name
        assert asset["sha256_after"] == erased["after"][name] == sha256(path), name
        assert (asset["status"], asset["verification"]) == ("erased", "clean"), name
        assert asset["rows_after"] == asset["rows_before"] - asset["removed"], name
    assert certificate["residual"] == [] and certificate["earlier_executions"] == []
    trail = certificate["audit"]["trail"]
    assert [entry["action"] for entry in trail] == ["plan_created", "plan_approved", "erase_executed"]
    assert {entry["actor"] for entry in trail[1:]} == {"dpo"}
    assert trail[2]["content_hash"] == certificate["execution"]["content_hash"]
    assert certificate["audit"]["chain_intact"] and certificate["integrity"]["verified"]
    times = certificate["timestamps"]
    assert times["completed"] == certificate["execution"]["at"] and times["request_received"] == TODAY
    if plan["deadline"]["due"]:
        assert times["within_deadline"] is True
    assert certificate["subject"]["identifiers"] == [
        {"type": i["type"], "hash": i["hash"]} for i in plan["subject"]["identifiers"]
    ]


def test_html_certificate_is_written_to_the_file(erased: dict[str, Any]) -> None:
    result: Result = erased["html"]
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "written to certificate.html: complete" in result.stderr
    page = (erased["workdir"] / "certificate.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "s-complete" in page
    assert erased["plan"]["plan_id"] in page and "DSR-CERT-7" in page
    for name in FIVE:
        assert erased["after"][name] in page and erased["before"][name] in page


def test_no_planted_identifier_in_the_certificate(erased: dict[str, Any], planted_values: set[str]) -> None:
    texts = {
        "json": erased["json"].stdout,
        "unexecuted": erased["unexecuted"].stdout,
        "html": (erased["workdir"] / "certificate.html").read_text(encoding="utf-8"),
    }
    values = {value for value in planted_values | set(LITERALS) if len(value) >= 6}
    for kind, text in texts.items():
        leaked = sorted(value for value in values if value in text)
        assert leaked == [], kind


def test_unknown_plan_id_exits_2(erased: dict[str, Any]) -> None:
    result: Result = erased["unknown"]
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: no plan ") and "in the catalog; " in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_format_is_a_usage_error(erased: dict[str, Any]) -> None:
    assert erased["bad_format"].exit_code == 2
