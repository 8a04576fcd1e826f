"""Amazon S3 and S3-compatible stores (`s3://bucket/prefix`): list objects with their region and version,
read them through the shared format readers.

Listing never downloads an object whose format its name tells (`.csv`, `.parquet`, `.jsonl.gz`...): the
fingerprint comes from the listing's ETag, size and version id, so an incremental rescan can skip unchanged
objects without reading a byte. Only a key with no telling suffix costs one ranged GET of its first
`HEAD_BYTES` to sniff the content. Parquet is read through ranged GETs (it needs random access), everything
else by streaming the object body; gzip is undone by the shared readers.

Each read is pinned to what was listed (the version id in versioned buckets, `If-Match` on the ETag
always), so an object overwritten mid-scan fails with "changed while being read" instead of yielding a mix
of two versions' bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, BinaryIO, ClassVar, Literal, cast

import pyarrow as pa
from botocore.exceptions import ClientError
from pydantic import Field

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import (
    UNREADABLE_HINT,
    Connector,
    ConnectorSettings,
    ListOptions,
    ReadOptions,
    ReadReport,
)
from jejak.connectors.formats.readers import read_asset
from jejak.connectors.formats.sniff import HEAD_BYTES, format_from_name, sniff
from jejak.connectors.path_filter import PathFilter
from jejak.connectors.s3_body import buffered
from jejak.connectors.s3_clients import BucketInfo, S3Clients
from jejak.connectors.s3_errors import DENIED, GONE, S3_ERRORS, error_code, listing_error, read_error
from jejak.connectors.s3_objects import ListedObject, S3Uri, iter_objects, object_fingerprint
from jejak.connectors.s3_ranged import RangedObjectFile
from jejak.errors import AssetReadError
from jejak.residency.cloud_regions import CloudRegions

CONNECTOR_NAME = "s3"
MIB = 1 << 20

#: Asset hints this connector sets (stored as the asset's properties in the catalog).
REGION_HINT = "s3.region"
VERSIONING_HINT = "s3.versioning"
VERSION_ID_HINT = "s3.version_id"
TAGS_HINT = "s3.tags"

#: Formats read through ranged GETs; the rest are streamed front to back.
RANDOM_ACCESS = frozenset({AssetFormat.PARQUET, AssetFormat.ARROW})
#: Suffixes that are never data jejak reads (images, archives, model weights): listed as UNKNOWN without
#: the sniffing GET, which on an ML bucket full of checkpoint shards would be most of the requests.
BINARY_SUFFIXES = frozenset(
    {
        *(".bin", ".pt", ".pth", ".ckpt", ".safetensors", ".onnx", ".h5", ".npy", ".npz", ".pkl"),
        *(".zip", ".tar", ".tgz", ".7z", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff"),
        *(".mp3", ".mp4", ".wav", ".flac"),
    }
)


class S3Settings(ConnectorSettings):
    """`connectors.s3` in jejak.yaml. Credentials are never settings: they come from the AWS chain."""

    #: S3-compatible stores (MinIO, Ceph, R2, moto): their base URL; None means AWS itself.
    endpoint_url: str | None = None
    #: Region for requests when a bucket's own is unknown (and for GetBucketLocation); else boto3's default.
    region: str | None = None
    #: Named AWS profile; None uses boto3's chain (environment, shared config, container/instance role).
    profile: str | None = None
    #: Attempts per request, the first one included, before throttling or 5xx becomes an error.
    max_attempts: int = Field(default=8, ge=1)
    #: botocore retry mode; adaptive also slows the client down while S3 is throttling it.
    retry_mode: Literal["standard", "adaptive"] = "adaptive"
    #: GetObjectTagging per object at listing (one request each); tags land in the `s3.tags` hint.
    object_tags: bool = True
    #: Size of each ranged GET (and of the read cache's blocks) for Parquet.
    range_block_bytes: int = Field(default=8 * MIB, ge=64 * 1024)
    #: Bucket-in-path (`path`) or bucket-in-host (`virtual`) URLs; None: path with endpoint_url, else auto.
    addressing_style: Literal["auto", "path", "virtual"] | None = None
    #: Place assets in the country of their bucket's AWS region. Turn off for S3-compatible stores whose
    #: region names say nothing about where the disks are (MinIO answers us-east-1 by default).
    locate_by_region: bool = True
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=60.0, gt=0)


class S3Connector(Connector):
    """Objects in S3 buckets, located by bucket region and pinned to the listed version when read."""

    schemes: ClassVar[tuple[str, ...]] = ("s3",)
    Settings: ClassVar[type[ConnectorSettings]] = S3Settings

    def __init__(self, settings: ConnectorSettings | None = None) -> None:
        super().__init__(settings)
        self.s3_settings = cast(S3Settings, self.settings)
        self._clients = S3Clients(self.s3_settings)
        self._regions: CloudRegions | None = None

    def list_assets(self, root: str, options: ListOptions) -> Iterator[Asset]:
        where = S3Uri.parse(root)
        selection = PathFilter.from_options(options)
        try:
            bucket = self._clients.bucket(where.bucket)
            client = self._clients.client(bucket.region)
            for listed in iter_objects(client, where, bucket.has_versions):
                if selection.accepts(listed.relative):
                    asset = self._describe(client, bucket, listed)
                    if asset is not None:
                        yield asset
        except S3_ERRORS as exc:
            raise listing_error(exc, where.bucket, root, self.s3_settings.endpoint_url) from exc

    def read_batches(
        self, asset: Asset, options: ReadOptions, report: ReadReport
    ) -> Iterator[pa.RecordBatch]:
        unreadable = asset.hints.get(UNREADABLE_HINT)
        if unreadable:
            raise AssetReadError(asset.uri, unreadable)  # the reason already says what to do
        target = _ObjectRef.of(asset)
        endpoint = self.s3_settings.endpoint_url
        try:
            client = self._clients.client(asset.hints.get(REGION_HINT))
        except S3_ERRORS as exc:
            raise read_error(exc, asset.uri, endpoint) from exc
        block = self.s3_settings.range_block_bytes
        if asset.format in RANDOM_ACCESS and asset.compression is None and asset.size:
            size = asset.size

            def fetch(start: int, end: int) -> bytes:
                return target.get_range(client, start, end, endpoint)

            def opener() -> BinaryIO:
                return cast(BinaryIO, RangedObjectFile(fetch, size, block))
        else:

            def opener() -> BinaryIO:
                return target.get_body(client, endpoint)

        yield from read_asset(opener, asset, options, report)

    def _describe(self, client: Any, bucket: BucketInfo, listed: ListedObject) -> Asset | None:
        """The asset for one listed object; None when it vanished between listing and tagging."""
        uri = f"s3://{bucket.name}/{listed.key}"
        hints = {VERSIONING_HINT: bucket.versioning}
        if bucket.region:
            hints[REGION_HINT] = bucket.region
        if listed.version_id:
            hints[VERSION_ID_HINT] = listed.version_id
        target = _ObjectRef(bucket.name, listed.key, listed.etag, listed.version_id, uri)
        if self.s3_settings.object_tags:
            tags = target.tags(client)
            if tags is None:
                return None
            if tags:
                hints[TAGS_HINT] = json.dumps(tags, sort_keys=True, ensure_ascii=False)
        format_, compression = self._format(client, target, listed, hints)
        fingerprint = object_fingerprint(listed.etag, listed.size, listed.version_id)
        return Asset(
            uri=uri,
            connector=CONNECTOR_NAME,
            format=format_,
            size=listed.size,
            modified=listed.modified,
            etag=listed.etag,
            compression=compression,
            location=self._location(bucket),
            fingerprint=fingerprint,
            hints=hints,
        )

    def _format(
        self, client: Any, target: _ObjectRef, listed: ListedObject, hints: dict[str, str]
    ) -> tuple[AssetFormat, str | None]:
        """From the key's suffix when it tells; else sniffed from one ranged GET of the object's head."""
        claimed, compression = format_from_name(listed.key)
        if claimed is not None:
            return claimed, compression
        if compression is None and PurePosixPath(listed.key.lower()).suffix in BINARY_SUFFIXES:
            return AssetFormat.UNKNOWN, None
        if listed.size == 0:
            return sniff(b"", listed.key)
        try:
            head = target.get_range(
                client, 0, min(listed.size, HEAD_BYTES) - 1, self.s3_settings.endpoint_url
            )
        except AssetReadError as exc:
            hints[UNREADABLE_HINT] = exc.reason  # listed anyway: skipping it would overstate coverage
            return AssetFormat.UNKNOWN, compression
        return sniff(head, listed.key)

    def _location(self, bucket: BucketInfo) -> str | None:
        if not (self.s3_settings.locate_by_region and bucket.region):
            return None
        if self._regions is None:
            self._regions = CloudRegions.load()
        return self._regions.country("aws", bucket.region)


class _ObjectRef:
    """One object as listed: reads are pinned to its version id (when known) and its ETag."""

    def __init__(self, bucket: str, key: str, etag: str | None, version_id: str | None, uri: str) -> None:
        self.bucket, self.key, self.etag, self.version_id, self.uri = bucket, key, etag, version_id, uri

    @classmethod
    def of(cls, asset: Asset) -> _ObjectRef:
        where = S3Uri.parse(asset.uri)
        return cls(where.bucket, where.key, asset.etag, asset.hints.get(VERSION_ID_HINT), asset.uri)

    def _params(self) -> dict[str, str]:
        params = {"Bucket": self.bucket, "Key": self.key}
        if self.version_id:
            params["VersionId"] = self.version_id
        if self.etag:
            params["IfMatch"] = f'"{self.etag}"'
        return params

    def get_body(self, client: Any, endpoint_url: str | None) -> BinaryIO:
        try:
            response = client.get_object(**self._params())
        except S3_ERRORS as exc:
            raise read_error(exc, self.uri, endpoint_url) from exc
        return buffered(response["Body"])

    def get_range(self, client: Any, start: int, end: int, endpoint_url: str | None) -> bytes:
        try:
            response = client.get_object(**self._params(), Range=f"bytes={start}-{end}")
            with response["Body"] as body:
                return bytes(body.read())
        except S3_ERRORS as exc:
            raise read_error(exc, self.uri, endpoint_url) from exc

    def tags(self, client: Any) -> dict[str, str] | None:
        """The object's tags, None if the object vanished since it was listed. Empty when tagging may not
        be read: a denial costs the hint, not the object's scan."""
        params = {"Bucket": self.bucket, "Key": self.key}
        if self.version_id:
            params["VersionId"] = self.version_id
        try:
            response = client.get_object_tagging(**params)
        except ClientError as exc:  # transport errors fail the listing, as for any other request
            code = error_code(exc)
            if code in DENIED:
                return {}
            if code in GONE:
                return None
            raise
        return {str(tag["Key"]): str(tag["Value"]) for tag in response.get("TagSet", [])}
