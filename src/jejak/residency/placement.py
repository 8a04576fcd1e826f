"""Which country each dataset and job is in, from the best evidence available.

In order: a location the lineage itself carries (a manifest's `location`, written by whoever knows where
the job runs), the scanned asset's location (an S3 bucket's region, a local path's `locations` rule), then
the config's `locations` rules matched against the dataset's display name (`s3://bucket/key`, a path) or
its OpenLineage name (`namespace:name`), and for jobs against `namespace:name`. Anything else is unplaced:
the report lists it, because a hop from or to an unknown country cannot be judged.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from jejak.config import LocationRule
from jejak.lineage.names import DatasetId, asset_uri_for
from jejak.residency.snapshot import LineageSnapshot


class Placement:
    def __init__(self, snapshot: LineageSnapshot, rules: Sequence[LocationRule]) -> None:
        self.snapshot = snapshot
        self.rules = tuple(rules)

    def display_name(self, dataset: DatasetId) -> str:
        """The name people know a dataset by: its asset URI when jejak scanned it or can spell it."""
        scanned = self.snapshot.scanned.get(dataset)
        if scanned is not None:
            return scanned.uri
        return asset_uri_for(dataset) or str(dataset)

    def dataset_country(self, dataset_id: int) -> str | None:
        stated = self.snapshot.dataset_locations.get(dataset_id)
        if stated:
            return stated
        name = self.snapshot.datasets[dataset_id]
        scanned = self.snapshot.scanned.get(name)
        if scanned is not None and scanned.location:
            return scanned.location
        return self._by_rule(self.display_name(name), str(name))

    def job_country(self, job_id: int) -> str | None:
        stated = self.snapshot.job_locations.get(job_id)
        return stated or self._by_rule(str(self.snapshot.jobs[job_id]))

    def _by_rule(self, *names: str) -> str | None:
        for rule in self.rules:
            if any(fnmatchcase(name, rule.match) for name in names):
                return rule.country
        return None
