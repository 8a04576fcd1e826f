"""Which rows a sampled scan reads.

With a known row count (Parquet metadata) rows are spread evenly over the whole asset, so a sample sees
the end of a file as well as its start; otherwise the first N rows are taken and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from jejak.scan.result import SampleInfo


@dataclass
class RowSampler:
    limit: int
    total: int | None
    taken: int = 0

    @property
    def info(self) -> SampleInfo:
        return SampleInfo(rows=self.limit, method="spread" if self.total else "head")

    @property
    def done(self) -> bool:
        return self.taken >= self.limit

    def select(self, batch: pa.RecordBatch, offset: int) -> tuple[pa.RecordBatch, pa.Array]:
        """The sampled rows of `batch` and their row numbers within the asset."""
        if self.total and self.total > self.limit:
            step = self.total / self.limit
            wanted: list[int] = []
            k = int(-(-offset // step)) if offset else 0  # first sample index at or after offset
            while self.taken + len(wanted) < self.limit:
                row = int(k * step)
                if row >= offset + batch.num_rows:
                    break
                if row >= offset:
                    wanted.append(row - offset)
                k += 1
        else:
            wanted = list(range(min(batch.num_rows, self.limit - self.taken)))
        self.taken += len(wanted)
        local = pa.array(wanted, pa.int64())
        return batch.take(local), pa.array([offset + i for i in wanted], pa.int64())
