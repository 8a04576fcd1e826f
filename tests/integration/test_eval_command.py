"""`jejak eval` end to end on a 20-line hand-written dataset, with the Presidio baseline, as JSON.

Spans are computed from the pieces below, so the offsets cannot drift from the text. NRICs are the shared
spec's verified examples (shared/spec/identifier-examples.json), planted next to the word NRIC.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.integration.conftest import Jejak

Piece = str | tuple[str, str]  # plain text, or (entity type, value)

LINES: list[tuple[str, list[Piece]]] = [
    ("en", ["My NRIC is ", ("SG_NRIC_FIN", "S1234567D"), ", please check my account."]),
    ("en", ["NRIC ", ("SG_NRIC_FIN", "T1234567J"), " belongs to the applicant."]),
    ("en", ["Customer NRIC: ", ("SG_NRIC_FIN", "F1234567N"), "."]),
    ("en", ["KYC done for NRIC ", ("SG_NRIC_FIN", "G1234567X"), " today."]),
    ("en", ["NRIC no. ", ("SG_NRIC_FIN", "M1234567K"), " verified."]),
    ("en", ["Email me at ", ("EMAIL_ADDRESS", "mei.ling@example.com"), " please."]),
    ("en", ["Reply to ", ("EMAIL_ADDRESS", "budi_santoso@example.co.id"), "."]),
    ("en", ["Call me on ", ("PHONE_NUMBER", "+65 9123 4567"), " after 6pm."]),
    ("en", ["My mobile is ", ("PHONE_NUMBER", "+60 12-345 6789"), "."]),
    ("en", ["Card ", ("CREDIT_CARD", "4111 1111 1111 1111"), " was charged twice."]),
    ("en", ["Login from ", ("IP_ADDRESS", "203.0.113.7"), " at 2026-11-01T08:00:00Z."]),
    ("en", ["Order ORD-20261101-000123 shipped, amount S$45.90."]),
    ("en", ["Invoice INV-2026-00451 dated 2026-10-02, version 2.4.1."]),
    ("en", ["The NRIC S1234567A was rejected: wrong check letter."]),
    ("en", ["Tracking JNT48213395012 is in transit."]),
    ("ms", ["No. IC saya ", ("SG_NRIC_FIN", "S1234567D"), ", terima kasih."]),
    ("ms", ["Sila hubungi ", ("PHONE_NUMBER", "+60 13-456 7890"), "."]),
    ("en", ["Masked contact s***@example.com is de-identified."]),
    ("en", ["Transfer to IBAN ", ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"), " please."]),
    ("en", ["Release 10.0.12 deployed; nothing personal here."]),
]


def _record(number: int, lang: str, pieces: list[Piece]) -> dict[str, Any]:
    text, spans = "", []
    for piece in pieces:
        if isinstance(piece, tuple):
            entity, value = piece
            spans.append({"type": entity, "start": len(text), "end": len(text) + len(value)})
            text += value
        else:
            text += piece
    return {"id": f"t-{number:02d}", "lang": lang, "text": text, "spans": spans}


def _dataset(directory: Path) -> Path:
    path = directory / "slice.jsonl"
    records = [_record(n, lang, pieces) for n, (lang, pieces) in enumerate(LINES, start=1)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_eval_json_with_presidio_baseline(jejak: Jejak, tmp_path: Path) -> None:
    dataset = _dataset(tmp_path)
    result = jejak("eval", "--dataset", str(dataset), "--baseline", "presidio", "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["dataset"]["texts"] == 20 and doc["dataset"]["spans"] == 14
    assert set(doc["systems"]) == {"jejak", "presidio"}
    assert doc["baseline"]["language"] == "en" and "no NER" in doc["baseline"]["nlp_engine"]
    jejak_run, presidio_run = doc["systems"]["jejak"], doc["systems"]["presidio"]
    for run in (jejak_run, presidio_run):
        assert {
            "micro",
            "micro_all_predictions",
            "entities",
            "languages",
            "entities_by_language",
            "unexpected_types",
            "misses",
            "texts_per_second",
        } <= set(run)
        assert set(run["micro"]) == {"exact", "overlap"}
        assert set(run["languages"]) == {"en", "ms"}
    nric = jejak_run["entities"]["SG_NRIC_FIN"]
    assert nric["exact"]["f1"] == 1.0 and nric["exact"]["support"] == 6
    assert nric["target"] == {"name": "checksum-validated ID", "f1": 0.97, "met": True}
    # Presidio's Singapore recognizer is disabled by default: it finds no NRIC at all.
    assert presidio_run["entities"]["SG_NRIC_FIN"]["exact"]["recall"] == 0.0
    assert dataset.read_text(encoding="utf-8") not in result.stdout  # no texts in the report


def test_eval_markdown_to_file_without_baseline(jejak: Jejak, tmp_path: Path) -> None:
    out = tmp_path / "accuracy.md"
    dataset = _dataset(tmp_path)
    result = jejak(
        "eval",
        "--dataset",
        str(dataset),
        "--baseline",
        "none",
        "--format",
        "markdown",
        "--output",
        str(out),
        "--entities",
        "SG_NRIC_FIN,EMAIL_ADDRESS",
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Accuracy") and "| SG_NRIC_FIN | 6 |" in text and "PHONE_NUMBER" not in text


def test_eval_exit_codes_on_bad_input(jejak: Jejak, tmp_path: Path) -> None:
    missing = jejak("eval", "--dataset", str(tmp_path / "nope.jsonl"), "--baseline", "none")
    assert missing.exit_code == 2 and missing.stderr.startswith("error: dataset")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "lang": "en", "text": "x", "spans": []}\n{oops\n', encoding="utf-8")
    malformed = jejak("eval", "--dataset", str(bad), "--baseline", "none")
    assert malformed.exit_code == 2 and "bad.jsonl line 2: not valid JSON" in malformed.stderr
    assert len(malformed.stderr.strip().splitlines()) == 1
    unknown = jejak("eval", "--dataset", str(_dataset(tmp_path)), "--baseline", "none", "--entities", "NOPE")
    assert unknown.exit_code == 2
