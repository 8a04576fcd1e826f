"""Group a stream of items (lines, JSON records) into lists that become one record batch each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from jejak.connectors.formats.streams import STREAM_ERRORS

T = TypeVar("T")


def chunked(
    items: Iterable[T],
    max_items: int,
    max_bytes: int | None = None,
    size_of: Callable[[T], int] = lambda _: 0,
    flush_on: tuple[type[Exception], ...] = STREAM_ERRORS,
) -> Iterator[list[T]]:
    """Yield lists of at most `max_items` items (and about `max_bytes`, when given).

    When the source fails with one of `flush_on` (a truncated gzip, a JSON syntax error), the items read
    before the failure are yielded first and the error is raised afterwards: the scanner then sees every
    row that preceded the damage, which is what "scan what you can, report the rest" requires.
    """
    chunk: list[T] = []
    weight = 0
    try:
        for item in items:
            chunk.append(item)
            weight += size_of(item)
            if len(chunk) >= max_items or (max_bytes is not None and weight >= max_bytes):
                yield chunk
                chunk, weight = [], 0
    except flush_on:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk
