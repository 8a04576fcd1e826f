"""Rich progress for scans, on stderr so `--format json` on stdout stays clean. Silent when stderr is not a
terminal or with --quiet."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jejak.asset import Asset
from jejak.scan.result import AssetResult


class RichScanProgress:
    def __init__(self, console: Console, enabled: bool) -> None:
        self.progress = Progress(
            TextColumn("[bold]scanning[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rows]:,} rows"),
            TimeElapsedColumn(),
            TextColumn("{task.description}", style="dim"),
            console=console,
            disable=not enabled,
            transient=True,
        )
        self.task = self.progress.add_task("", total=None, rows=0)
        self.rows = 0

    def __enter__(self) -> RichScanProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def listed(self, assets: Sequence[Asset]) -> None:
        self.progress.update(self.task, total=len(assets))

    def asset_started(self, asset: Asset) -> None:
        self.progress.update(self.task, description=_short(asset.uri))

    def rows_scanned(self, rows: int) -> None:
        self.rows += rows
        self.progress.update(self.task, rows=self.rows)

    def asset_finished(self, result: AssetResult) -> None:
        if result.asset.connector:
            self.progress.advance(self.task)


def _short(uri: str, width: int = 48) -> str:
    return uri if len(uri) <= width else "…" + uri[-(width - 1) :]
