"""S3 URIs and object listings: which objects lie under a root, with the metadata to describe them.

A root names a bucket, a prefix or a single object. `s3://bucket/raw` means the object `raw` or the "folder"
`raw/`, never `raw2024.csv`, just as a local directory path never matches a sibling file by its name.
Versioned buckets are listed with `ListObjectVersions` keeping only the latest version of each key: one
paginated listing gives every object its version id, where a HeadObject per object would cost a request
each (old versions and delete markers come along on the wire, which is cheaper than N round trips until a
key has hundreds of versions).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jejak.errors import UsageError

SCHEME = "s3://"


@dataclass(frozen=True)
class S3Uri:
    bucket: str
    key: str  # an object key or a prefix; "" for the whole bucket

    @classmethod
    def parse(cls, uri: str) -> S3Uri:
        if not uri.startswith(SCHEME):
            raise UsageError(f"not an S3 URI: {uri} — use s3://bucket/prefix")
        bucket, _, key = uri[len(SCHEME) :].partition("/")
        if not bucket:
            raise UsageError(f"no bucket in {uri} — use s3://bucket/prefix")
        return cls(bucket, key)

    def __str__(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.key}"


@dataclass(frozen=True)
class ListedObject:
    """One object's listing entry. `relative` is its key relative to the root, for include/exclude globs."""

    key: str
    relative: str
    size: int
    etag: str
    modified: float
    version_id: str | None = None


def iter_objects(client: Any, root: S3Uri, with_versions: bool) -> Iterator[ListedObject]:
    """Objects under `root` in key order, leaving out folder markers (keys ending in `/`) and deleted keys."""
    if with_versions:
        pages = client.get_paginator("list_object_versions").paginate(Bucket=root.bucket, Prefix=root.key)
        entries = (entry for page in pages for entry in page.get("Versions", []) if entry.get("IsLatest"))
    else:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=root.bucket, Prefix=root.key)
        entries = (entry for page in pages for entry in page.get("Contents", []))
    for entry in entries:
        key = str(entry["Key"])
        relative = relative_key(root.key, key)
        if relative is None or key.endswith("/"):
            continue
        version = entry.get("VersionId")
        yield ListedObject(
            key=key,
            relative=relative,
            size=int(entry.get("Size", 0)),
            etag=str(entry.get("ETag", "")).strip('"'),
            modified=entry["LastModified"].timestamp(),
            version_id=str(version) if with_versions and version else None,
        )


def object_fingerprint(etag: str, size: int, version_id: str | None) -> str:
    """An object's content fingerprint for incremental rescans and erasure staleness checks: ETag and size,
    plus the version id when the bucket has versions (`s3:<etag>:<size>[:<version id>]`)."""
    fingerprint = "s3:" + etag.strip('"') + f":{size}"
    return f"{fingerprint}:{version_id}" if version_id else fingerprint


def relative_key(root_key: str, key: str) -> str | None:
    """`key` relative to the root (its last segment when the root is the object itself); None when the
    key only shares a name prefix with the root (`raw2024.csv` under root `raw`)."""
    if not root_key or root_key.endswith("/"):
        return key[len(root_key) :]
    if key == root_key:
        return key.rsplit("/", 1)[-1]
    if key.startswith(root_key + "/"):
        return key[len(root_key) + 1 :]
    return None
