"""A seekable, read-only file over ranged reads of a remote object, for formats that need random access.

Parquet keeps its index in a footer and reads column chunks wherever they lie; pyarrow asks a file object
to `seek` and `read`. Downloading the whole object first would put a multi-gigabyte shard in memory or on
disk; instead each read is served from fixed-size blocks fetched with HTTP Range requests, and only the
last few blocks are kept, so memory stays at `cached_blocks * block_bytes` whatever the object's size.

The fetch function is supplied by the connector (it pins the ETag or version, and translates errors), so
this module knows nothing about S3 and is tested with plain bytes.
"""

from __future__ import annotations

import io
import os
from collections import OrderedDict
from collections.abc import Callable

#: Fetch bytes `start` to `end` inclusive (an HTTP Range); must return exactly that many bytes.
RangeFetcher = Callable[[int, int], bytes]


class RangedObjectFile(io.RawIOBase):
    """Random access to an object of known `size` through `fetch`, block by block.

    A read larger than a block (pyarrow coalesces a row group's column chunks into one read) is assembled
    from consecutive blocks, so no single request ever asks for more than `block_bytes`.
    """

    def __init__(self, fetch: RangeFetcher, size: int, block_bytes: int, cached_blocks: int = 2) -> None:
        super().__init__()
        if block_bytes < 1 or cached_blocks < 1:
            raise ValueError("block_bytes and cached_blocks must be positive")
        self._fetch = fetch
        self._size = size
        self._block_bytes = block_bytes
        self._cached_blocks = cached_blocks
        self._blocks: OrderedDict[int, bytes] = OrderedDict()
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            position = offset
        elif whence == os.SEEK_CUR:
            position = self._position + offset
        elif whence == os.SEEK_END:
            position = self._size + offset
        else:
            raise ValueError(f"invalid whence ({whence}); use os.SEEK_SET, SEEK_CUR or SEEK_END")
        if position < 0:
            raise ValueError(f"negative seek position {position}")
        self._position = position
        return position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        wanted = max(min(len(view), self._size - self._position), 0)
        done = 0
        while done < wanted:
            index, offset = divmod(self._position, self._block_bytes)
            block = self._block(index)
            take = min(wanted - done, len(block) - offset)
            view[done : done + take] = block[offset : offset + take]
            done += take
            self._position += take
        return done

    def close(self) -> None:
        self._blocks.clear()
        super().close()

    def _block(self, index: int) -> bytes:
        block = self._blocks.get(index)
        if block is not None:
            self._blocks.move_to_end(index)
            return block
        start = index * self._block_bytes
        end = min(start + self._block_bytes, self._size) - 1
        block = self._fetch(start, end)
        if len(block) != end - start + 1:
            # the object shrank or the store ignored the Range: either way the bytes are not the listed object
            raise OSError(f"ranged read of bytes {start}-{end} returned {len(block)} bytes")
        self._blocks[index] = block
        while len(self._blocks) > self._cached_blocks:
            self._blocks.popitem(last=False)
        return block
