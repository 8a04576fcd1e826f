"""The human view of a scan: one row per asset column (or per text asset) with entity counts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from jejak.scan.result import AssetResult
from jejak.scan.scanner import ScanRun


def render_scan_table(run: ScanRun, console: Console) -> None:
    table = Table(title="Personal data found", show_lines=False, header_style="bold")
    for name, justify in (
        ("asset", "left"),
        ("format", "left"),
        ("loc", "left"),
        ("rows", "right"),
        ("column", "left"),
        ("entities (count)", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for result in run.results:
        asset = result.asset
        if result.error and not result.rows:
            _note_row(table, result, f"[red]error:[/] {result.error}")
            continue
        rows = f"{result.rows:,}"
        if result.skip_reason == "unchanged":
            counts = _counts(result.entity_counts()) or "none"
            since = result.unchanged_since_run
            _note_row(table, result, f"[dim]unchanged since run {since}, not read:[/] {counts}")
            continue
        if result.skipped:
            _note_row(table, result, f"[dim]{'; '.join(result.warnings) or 'skipped'}[/]")
            continue
        if asset.is_tabular and result.columns:
            first = True
            for column in result.columns.values():
                if not column.entities:
                    continue
                table.add_row(
                    asset.uri if first else "",
                    asset.format.value if first else "",
                    (asset.location or "-") if first else "",
                    rows if first else "",
                    column.name,
                    _counts({n: s.count for n, s in column.entities.items()}),
                )
                first = False
            if first:
                table.add_row(asset.uri, asset.format.value, asset.location or "-", rows, "-", "[dim]none[/]")
        else:
            table.add_row(
                asset.uri,
                asset.format.value,
                asset.location or "-",
                rows,
                "(text)",
                _counts(result.entity_counts()) or "[dim]none[/]",
            )
        if result.error:
            table.add_row("", "", "", "", "", f"[red]error:[/] {result.error}")
    console.print(table)
    s = run.summary
    console.print(
        f"{s.assets} assets, {s.rows:,} rows scanned; personal data in {s.assets_with_personal_data}; "
        f"{s.assets_failed} failed"
        + (f"; {s.assets_unchanged} unchanged (not read, --full rescans them)" if s.assets_unchanged else "")
        + f". Totals: {_counts(s.entities) or 'none'}"
    )


def _note_row(table: Table, result: AssetResult, note: str) -> None:
    """A row for an asset that has no columns to show (failed before reading anything, or skipped)."""
    asset = result.asset
    table.add_row(asset.uri, asset.format.value, asset.location or "-", "-", "-", note)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} ({count:,})" for name, count in sorted(counts.items()))
