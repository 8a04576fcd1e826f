"""Scoring and reporting for bench/scale.py: F1 against planted spans, the issue's targets, the printed table.

F1 uses jejak's evaluation matching (`jejak.evaluation.matching.match_spans`, the rule `jejak eval` uses):
within one cell (row, column), a prediction matches a planted span of the same type, one to one; `exact`
needs equal start and end, `overlap` only intersecting ranges. Micro averages pool every type; targets are
judged on exact F1, as `jejak eval` judges its own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from jejak.evaluation.dataset import LabelledSpan
from jejak.evaluation.matching import MODES, match_spans
from jejak.evaluation.metrics import Counts

Cells = Mapping[tuple[int, str], list[tuple[str, int, int]]]

RSS_LIMIT_MB = 1536.0
TARGET_DENSE_VS_FLOOR = 20.0
TARGET_SPARSE_VS_FLOOR = 3.0
TARGET_VS_PRESIDIO = 500.0


def _spans(found: list[tuple[str, int, int]], entities: Collection[str]) -> list[LabelledSpan]:
    return [LabelledSpan(start, end, entity) for entity, start, end in found if entity in entities]


def score(gold: Cells, predicted: Cells, entities: Collection[str]) -> dict[str, Any]:
    """Micro, per-type and per-column counts of `predicted` against `gold`, both modes."""
    by_type: dict[str, dict[str, Counts]] = {mode: {} for mode in MODES}
    by_column: dict[str, dict[str, Counts]] = {mode: {} for mode in MODES}
    for key in sorted(set(gold) | set(predicted)):
        g = _spans(gold.get(key, []), entities)
        p = _spans(predicted.get(key, []), entities)
        for mode in MODES:
            matched = match_spans(g, p, mode)
            column = by_column[mode].setdefault(key[1], Counts())
            for span, _ in matched.true_positives:
                by_type[mode].setdefault(span.type, Counts()).tp += 1
                column.tp += 1
            for span in matched.false_negatives:
                by_type[mode].setdefault(span.type, Counts()).fn += 1
                column.fn += 1
            for span in matched.false_positives:
                by_type[mode].setdefault(span.type, Counts()).fp += 1
                column.fp += 1
    micro = {}
    for mode in MODES:
        total = Counts()
        for counts in by_type[mode].values():
            total.add(counts)
        micro[mode] = total.as_dict()
    return {
        "micro": micro,
        "by_type": {
            entity: {**counts.as_dict(), "f1_overlap": round(by_type["overlap"][entity].f1, 4)}
            for entity, counts in sorted(by_type["exact"].items())
        },
        "by_column": {
            column: {**counts.as_dict(), "f1_overlap": round(by_column["overlap"][column].f1, 4)}
            for column, counts in sorted(by_column["exact"].items())
        },
    }


def findings_to_cells(findings: list[dict[str, Any]]) -> dict[tuple[int, str], list[tuple[str, int, int]]]:
    cells: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
    for f in findings:
        cells.setdefault((int(f["row"]), str(f["column"])), []).append(
            (str(f["entity_type"]), int(f["start"]), int(f["end"]))
        )
    return cells


# --------------------------------------------------------------------------------------------- targets


def _target(name: str, wanted: str, measured: Any, passed: bool | None, note: str = "") -> dict[str, Any]:
    return {"target": name, "wanted": wanted, "measured": measured, "pass": passed, "note": note}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    ratios = results["ratios"]
    for table, limit in (("dense", TARGET_DENSE_VS_FLOOR), ("sparse", TARGET_SPARSE_VS_FLOOR)):
        ratio = ratios.get(f"{table}_full_over_floor")
        full = results["jejak_full"].get(table, {})
        note = _extrapolation_note(full)
        out.append(
            _target(
                f"full scan of {table} within {limit:g}x of the read floor",
                f"(c)/(a) <= {limit:g}",
                ratio,
                None if ratio is None else ratio <= limit,
                note,
            )
        )
    for table in ("dense", "sparse"):
        ratio = ratios.get(f"{table}_presidio_over_full")
        full = results["jejak_full"].get(table, {})
        out.append(
            _target(
                f"{table}: >= {TARGET_VS_PRESIDIO:g}x Presidio's throughput",
                f"(b)/(c) >= {TARGET_VS_PRESIDIO:g}",
                ratio,
                None if ratio is None else ratio >= TARGET_VS_PRESIDIO,
                _extrapolation_note(full) + "Presidio timed on a slice and extrapolated (linear).",
            )
        )
    for table in ("dense", "sparse"):
        f1 = results["f1"].get(table)
        if not f1:
            continue
        jejak, presidio = f1["jejak"]["micro"]["exact"]["f1"], f1["presidio"]["micro"]["exact"]["f1"]
        out.append(
            _target(
                f"{table}: F1 equal to or better than Presidio's",
                "jejak micro F1 (exact) >= Presidio's",
                {"jejak": jejak, "presidio": presidio},
                jejak >= presidio,
                f"on the first {f1['rows']} rows",
            )
        )
    for name, label in (("log", "the log"), ("big", "the big input")):
        run = results["jejak_full"].get(name)
        size = results["data"].get(name, {}).get("mb")
        if not run:
            out.append(_target(f"peak RSS < 1.5 GB on {label}", "< 1536 MB", None, None, "not measured"))
            continue
        rss = run["peak_rss_mb"]
        note = f"input {size} MB"
        if run.get("extrapolated_from_rows"):
            note += (
                f"; measured on the first {run['extrapolated_from_rows']:,} of {run['rows_total']:,} lines "
                "only (full scan over the time budget): indicative, not a verdict on the whole file"
            )
        out.append(
            _target(
                f"peak RSS < 1.5 GB on {label}",
                "< 1536 MB",
                rss,
                None if run.get("extrapolated_from_rows") else rss < RSS_LIMIT_MB,
                note,
            )
        )
    return out


def _extrapolation_note(full: dict[str, Any]) -> str:
    if full.get("extrapolated_from_rows"):
        return (
            f"jejak measured on the first {full['extrapolated_from_rows']:,} rows and extrapolated "
            f"linearly to {full['rows_total']:,} (full scan over the time budget). "
        )
    return ""


# --------------------------------------------------------------------------------------------- printing


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if 0 < abs(value) < 10:
            return f"{value:.{max(digits, 2)}f}"
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def render(results: dict[str, Any]) -> str:
    data, floor, full, sample = (results[k] for k in ("data", "floor", "jejak_full", "jejak_sample"))
    presidio = results["presidio"]["runs"]
    ratios = results["ratios"]
    parts = []
    rows = []
    for name in ("dense", "sparse", "log", "big"):
        if name not in data:
            continue
        a, c, d, b = floor.get(name, {}), full.get(name, {}), sample.get(name, {}), presidio.get(name, {})
        rows.append(
            [
                name,
                data[name]["rows"],
                data[name]["mb"],
                a.get("rows_per_s"),
                a.get("mb_per_s"),
                b.get("rows_per_s"),
                c.get("rows_per_s"),
                c.get("mb_per_s"),
                c.get("peak_rss_mb"),
                ("~" if c.get("extrapolated_from_rows") else "") + _fmt(c.get("seconds")),
                d.get("rows_per_s"),
                d.get("peak_rss_mb"),
            ]
        )
    parts.append(
        _table(
            [
                "input",
                "rows",
                "MB",
                "(a) floor rows/s",
                "(a) MB/s",
                "(b) Presidio rows/s",
                "(c) jejak rows/s",
                "(c) MB/s",
                "(c) RSS MB",
                "(c) s",
                "(d) sample rows/s",
                "(d) RSS MB",
            ],
            rows,
        )
    )
    parts.append("~ = extrapolated from a prefix (see notes); (b) timed on a slice, extrapolated")
    default = results.get("jejak_full_default_entities", {})
    if default:
        rows = [
            [name, run.get("rows_per_s"), full.get(name, {}).get("rows_per_s"), run.get("peak_rss_mb")]
            for name, run in default.items()
        ]
        parts.append(
            _table(["input", "(e) default entities rows/s", "(c) bench entities rows/s", "(e) RSS MB"], rows)
        )
    rows = []
    for name in ("dense", "sparse", "log", "big"):
        if name not in data:
            continue
        rows.append(
            [
                name,
                ratios.get(f"{name}_full_over_floor"),
                ratios.get(f"{name}_presidio_over_full"),
                ratios.get(f"{name}_full_over_floor_asset_only"),
                ratios.get(f"{name}_presidio_over_full_asset_only"),
            ]
        )
    parts.append(
        _table(
            ["input", "(c)/(a)", "(b)/(c)", "(c)/(a) w/o start-up", "(b)/(c) w/o start-up"],
            rows,
        )
    )
    rows = []
    for name, f1 in results["f1"].items():
        for system in ("presidio", "jejak"):
            micro = f1[system]["micro"]
            rows.append(
                [
                    f"{name} ({f1['rows']} rows)",
                    system,
                    micro["exact"]["precision"],
                    micro["exact"]["recall"],
                    micro["exact"]["f1"],
                    micro["overlap"]["f1"],
                    micro["exact"]["tp"],
                    micro["exact"]["fp"],
                    micro["exact"]["fn"],
                ]
            )
    parts.append(
        _table(["slice", "system", "P", "R", "F1 exact", "F1 overlap", "TP", "FP", "FN"], _digits(rows, 3))
    )
    types = sorted(
        {t for f1 in results["f1"].values() for s in ("presidio", "jejak") for t in f1[s]["by_type"]}
    )
    rows = []
    for entity in types:
        row: list[Any] = [entity]
        for f1 in results["f1"].values():
            for system in ("presidio", "jejak"):
                row.append(f1[system]["by_type"].get(entity, {}).get("f1"))
        rows.append(row)
    headers = ["F1 exact by type"] + [f"{n} {s}" for n in results["f1"] for s in ("presidio", "jejak")]
    parts.append(_table(headers, _digits(rows, 3)))
    rows = []
    for name, f1 in results["f1"].items():
        columns = sorted(set(f1["presidio"]["by_column"]) | set(f1["jejak"]["by_column"]))
        for column in columns:
            row = [name, column]
            for system in ("presidio", "jejak"):
                counts = f1[system]["by_column"].get(column, {})
                row += [counts.get("f1"), counts.get("tp"), counts.get("fp"), counts.get("fn")]
            rows.append(row)
    headers = ["slice", "column"] + [
        f"{s} {k}" for s in ("presidio", "jejak") for k in ("F1", "TP", "FP", "FN")
    ]
    parts.append(_table(headers, _digits(rows, 3)))
    rows = [
        [
            t["target"],
            t["wanted"],
            _measured(t["measured"]),
            {True: "PASS", False: "FAIL"}.get(t["pass"], "n/a"),
        ]
        for t in results["targets"]
    ]
    parts.append(_table(["target", "wanted", "measured", "verdict"], rows))
    return "\n\n".join(parts)


def _digits(rows: list[list[Any]], digits: int) -> list[list[Any]]:
    return [[f"{v:.{digits}f}" if isinstance(v, float) else v for v in row] for row in rows]


def _measured(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_fmt(v, 3)}" for k, v in value.items())
    return _fmt(value)
