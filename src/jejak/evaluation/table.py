"""The report for a terminal: the shared sections drawn as rich tables."""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console
from rich.table import Table

from jejak.evaluation.sections import sections


def print_tables(doc: dict[str, Any], file: IO[str] | None = None) -> None:
    console = Console(file=file, width=200 if file is not None else None)
    data = doc["dataset"]
    console.print(f"dataset {data['path']}: {data['texts']} texts, {data['spans']} labelled spans")
    if doc["baseline"]:
        console.print(f"baseline: {doc['baseline']['description']}", markup=False)
    for section in sections(doc):
        table = Table(title=section.title, header_style="bold", title_justify="left")
        for index, header in enumerate(section.headers):
            table.add_column(header, justify="left" if index == 0 else "right")
        for row in section.rows:
            table.add_row(*[cell.replace("**", "") for cell in row])
        console.print(table)
        if section.note:
            console.print(section.note, markup=False)
