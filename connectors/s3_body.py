"""A GetObject body as the forward-only binary stream the shared readers expect.

botocore's `StreamingBody` has `read(n)` but no `readinto`/`read1`, and it raises botocore exceptions when
the connection drops mid-object. Wrapped as a raw stream under a `BufferedReader`, it gains `read1` (which
the gzip and line readers prefer) and its failures become `OSError`s, which the reader contract already
turns into "read failed after N rows" with the rows before the break kept.
"""

from __future__ import annotations

import io
from typing import Protocol

from botocore.exceptions import BotoCoreError

#: Big enough that a CSV or JSONL reader is not slowed by small reads, small enough not to matter in memory.
BUFFER_BYTES = 1 << 20


class Body(Protocol):
    """What is used of botocore's StreamingBody."""

    def read(self, amt: int | None = None) -> bytes: ...

    def close(self) -> None: ...


class ObjectBody(io.RawIOBase):
    """`body` as a raw stream; closing it releases the HTTP connection."""

    def __init__(self, body: Body) -> None:
        super().__init__()
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._body.read(len(buffer))
        except BotoCoreError as exc:
            raise OSError(f"S3 connection broke mid-object ({type(exc).__name__})") from exc
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


def buffered(body: Body) -> io.BufferedReader:
    return io.BufferedReader(ObjectBody(body), buffer_size=BUFFER_BYTES)
