"""The report document cut into titled tables, shared by the terminal table and the markdown renderer.

Both human formats show the same rows in the same order; only the drawing differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PRIMARY = "jejak"


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def verdict(met: bool | None) -> str:
    return "—" if met is None else ("meets" if met else "**misses**")


def sections(doc: dict[str, Any]) -> list[Section]:
    systems: dict[str, Any] = doc["systems"]
    names = list(systems)
    out = [_summary(systems), _entities(doc, systems, names), _languages(doc, systems, names)]
    if "PERSON" in doc["dataset"]["entity_types"]:
        out.append(_person(doc, systems, names))
    out.append(_unexpected(systems, names))
    if PRIMARY in systems:
        out.append(_worst(systems[PRIMARY]))
    return out


def _summary(systems: dict[str, Any]) -> Section:
    section = Section(
        "Summary (micro averages over the labelled types)",
        [
            "system",
            "precision",
            "recall",
            "F1 exact",
            "F1 overlap",
            "precision incl. unexpected types",
            "texts/s",
            "setup s",
        ],
    )
    for name, s in systems.items():
        exact, overlap = s["micro"]["exact"], s["micro"]["overlap"]
        section.rows.append(
            [
                name,
                fmt(exact["precision"]),
                fmt(exact["recall"]),
                fmt(exact["f1"]),
                fmt(overlap["f1"]),
                fmt(s["micro_all_predictions"]["exact"]["precision"]),
                f"{s['texts_per_second']:.1f}",
                f"{s['setup_seconds']:.1f}",
            ]
        )
    return section


def _entities(doc: dict[str, Any], systems: dict[str, Any], names: list[str]) -> Section:
    headers = ["entity", "support"]
    for name in names:
        headers += [f"{name} P", f"{name} R", f"{name} F1", f"{name} F1 overlap"]
    headers += ["target F1", f"{names[0]} verdict"]
    section = Section("Per entity type (all languages; exact unless noted)", headers)
    for entity in doc["dataset"]["entity_types"]:
        first = systems[names[0]]["entities"][entity]
        support = first["exact"]["support"] if first["exact"] else 0
        row = [entity, str(support)]
        for name in names:
            e = systems[name]["entities"][entity]
            exact, overlap = e["exact"] or {}, e["overlap"] or {}
            row += [
                fmt(exact.get("precision")),
                fmt(exact.get("recall")),
                fmt(exact.get("f1", 0.0)),
                fmt(overlap.get("f1", 0.0)),
            ]
        target = first["target"]
        row += ["—" if target is None else f"{target['f1']:.2f}", verdict(target["met"] if target else None)]
        section.rows.append(row)
    return section


def _languages(doc: dict[str, Any], systems: dict[str, Any], names: list[str]) -> Section:
    headers = ["language", "texts", "spans"]
    for name in names:
        headers += [f"{name} P", f"{name} R", f"{name} F1", f"{name} F1 overlap"]
    section = Section("Per language (micro over the labelled types)", headers)
    for lang, texts in doc["dataset"]["languages"].items():
        first = systems[names[0]]["languages"].get(lang, {})
        row = [lang, str(texts), str(first["exact"]["support"] if first else 0)]
        for name in names:
            scores = systems[name]["languages"].get(lang, {})
            exact, overlap = scores.get("exact", {}), scores.get("overlap", {})
            row += [
                fmt(exact.get("precision")),
                fmt(exact.get("recall")),
                fmt(exact.get("f1", 0.0)),
                fmt(overlap.get("f1", 0.0)),
            ]
        section.rows.append(row)
    return section


def _person(doc: dict[str, Any], systems: dict[str, Any], names: list[str]) -> Section:
    headers = (
        ["language", "support"] + [f"{name} F1" for name in names] + ["target F1", f"{names[0]} verdict"]
    )
    section = Section("PERSON per language (exact)", headers)
    for lang in doc["dataset"]["languages"]:
        cells = [systems[name]["entities_by_language"].get(lang, {}).get("PERSON") for name in names]
        if cells[0] is None:
            continue
        f1s = [c["exact"]["f1"] if c else 0.0 for c in cells]
        section.rows.append(
            [lang, str(cells[0]["exact"]["support"]), *[fmt(f) for f in f1s], "0.80", verdict(f1s[0] >= 0.80)]
        )
    return section


def _unexpected(systems: dict[str, Any], names: list[str]) -> Section:
    section = Section(
        "Unexpected types (predicted types that no gold label uses)",
        ["type", *names],
        note="Not scored per type; counted as false positives in 'precision incl. unexpected types'.",
    )
    types = sorted({t for s in systems.values() for t in s["unexpected_types"]})
    for entity in sorted(
        types, key=lambda t: -sum(s["unexpected_types"].get(t, 0) for s in systems.values())
    ):
        section.rows.append([entity, *[str(systems[n]["unexpected_types"].get(entity, 0)) for n in names]])
    return section


def _worst(system: dict[str, Any], limit: int = 15) -> Section:
    section = Section(
        f"Largest error cells for {PRIMARY} (language x type, exact)",
        ["language", "type", "support", "FN", "FP", "F1"],
        note="Line ids and offsets of every miss are in the JSON report (`misses`).",
    )
    cells = [
        (lang, entity, scores["exact"])
        for lang, by_type in system["entities_by_language"].items()
        for entity, scores in by_type.items()
    ]
    cells.sort(key=lambda c: (-(c[2]["fn"] + c[2]["fp"]), c[0], c[1]))
    for lang, entity, exact in cells[:limit]:
        if exact["fn"] + exact["fp"] == 0:
            break
        section.rows.append(
            [lang, entity, str(exact["support"]), str(exact["fn"]), str(exact["fp"]), fmt(exact["f1"])]
        )
    return section
