"""When each reported dataset was built: the lineage graph first, the asset's modification time otherwise.

Lineage is the better witness: a completed run of the job that writes the dataset
(`jejak.lineage.builds`). A modification time is what is left when lineage does not know the dataset (or
knows it only from a manifest, which has no run times): it is later than the build when a file was copied
or touched afterwards, which can hide a withdrawal, so the report names its source (`built_at_source`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jejak.consent.report import BuildResolver, BuiltAt, modified_time
from jejak.consent.source import Source
from jejak.lineage.builds import BuildTimes


def lineage_then_modified(times: BuildTimes | None, cwd: Path) -> BuildResolver:
    """A resolver reading `times` (None: no catalog to read) and falling back to the modification time."""

    def resolve(name: str, source: Source) -> BuiltAt:
        node = times.node([name, source.asset.uri], cwd) if times is not None else None
        build = times.last_build(node) if times is not None and node is not None else None
        if build is not None:
            return BuiltAt(build.at, "lineage", str(build.dataset), str(build.job), build.run_id)
        return replace(modified_time(name, source), lineage_dataset=None if node is None else str(node))

    return resolve
