"""Erase from S3 objects: rewrite a private local copy, put it back conditionally, then purge old versions.

S3 has no rename, but a PUT is atomic: readers see the old object or the new one, never a mix. So:

1. the planned version (pinned by version id and `If-Match` on its ETag) is downloaded into a private
   temp directory (mode 0700, removed afterwards: it holds the subject's data) and rewritten there with
   the same checked rewriters as local files (`rewrite.write_temp`: invariants, gzip stays gzip);
2. the journal records the new content's sha256 (`written`), then the object is put with
   `If-Match: <planned ETag>` (a concurrent writer makes the PUT fail instead of being overwritten) and
   `x-amz-checksum-sha256` (S3 verifies the upload, and later HEADs tell whether the object is the erased
   one without downloading it). Content type, encoding, user metadata, server-side encryption, storage
   class and tags are carried over;
3. `delete_object_versions` (planned for a versioned bucket) deletes every other version and delete
   marker of the key, but only once the current version is this plan's erased content: older versions
   would otherwise be the only copy of the data. A listing afterwards proves none is left.

A run killed after the PUT is recognised by the object's checksum (the journal's `new_sha256`), so it is
never rewritten twice.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlencode

from botocore.exceptions import ClientError

from jejak.connectors.local import describe
from jejak.connectors.s3_clients import S3Clients
from jejak.connectors.s3_errors import CHANGED, DENIED, GONE, S3_ERRORS, error_code
from jejak.connectors.s3_objects import S3Uri, object_fingerprint
from jejak.erasure.edits import RewriteError
from jejak.erasure.erase_local import REWRITE_ACTIONS
from jejak.erasure.eraser import Checkpoint, EraseItem, StalePlan, swapped, written
from jejak.erasure.journal import Journal, JournalEntry, Step
from jejak.erasure.outcome import AssetOutcome
from jejak.erasure.rewrite import SUPPORTED_FORMATS, write_temp
from jejak.errors import UsageError

DELETE_VERSIONS = "delete_object_versions"
#: The largest object one PUT may carry; larger ones would need a multipart upload.
MAX_PUT_BYTES = 5 * 1024**3
#: HEAD/GET headers carried over to the rewritten object (boto3 response key = PutObject parameter).
_CARRIED = (
    "ContentType",
    "ContentEncoding",
    "ContentDisposition",
    "ContentLanguage",
    "CacheControl",
    "Metadata",
    "ServerSideEncryption",
    "SSEKMSKeyId",
    "StorageClass",
)
_DELETE_BATCH = 1000  # DeleteObjects takes at most 1,000 keys


@dataclass(frozen=True)
class _Version:
    version_id: str
    is_latest: bool
    delete_marker: bool


class S3ObjectEraser:
    """Erases the plan's S3 objects through the same clients (endpoint, profile, retries) a scan uses."""

    def __init__(self, clients: S3Clients) -> None:
        self._clients = clients

    def unsupported(self, item: EraseItem) -> str | None:
        if item.action == DELETE_VERSIONS:
            return None
        if item.action not in REWRITE_ACTIONS:
            return f"{item.action} is not supported for S3 objects"
        if item.hit.get("format") not in SUPPORTED_FORMATS:
            return f"format {item.hit.get('format')} cannot be rewritten yet; erase by hand"
        if int(item.hit.get("size") or 0) > MAX_PUT_BYTES:
            return "objects over 5 GiB need a multipart rewrite, not supported yet; erase by hand"
        return None

    def check(self, item: EraseItem, entry: JournalEntry | None) -> bool:
        where = S3Uri.parse(item.uri)
        try:
            head = self._client(where.bucket).head_object(
                Bucket=where.bucket, Key=where.key, ChecksumMode="ENABLED"
            )
            done = entry is not None and entry.is_swapped and self._holds(where, head, entry.new_sha256)
        except S3_ERRORS as exc:
            if _code(exc) in GONE:
                raise StalePlan(item.plan_id, item.uri, "no longer exists") from None
            raise UsageError(
                f"cannot check {item.uri} before erasing: {_failure(exc, 'nothing changed')}"
            ) from None
        if done:
            return item.action != DELETE_VERSIONS  # a version purge is always (re)done: it is idempotent
        if not _same_object(head, item.planned_fingerprint):
            raise StalePlan(item.plan_id, item.uri)
        return False

    def erase(self, item: EraseItem, journal: Journal, checkpoint: Checkpoint) -> AssetOutcome:
        if item.action == DELETE_VERSIONS:
            return self._delete_versions(item, journal)
        try:
            return self._rewrite(item, journal, checkpoint)
        except S3_ERRORS as exc:
            return AssetOutcome(item.uri, item.action, "failed", _failure(exc, "the object is unchanged"))

    def _rewrite(self, item: EraseItem, journal: Journal, checkpoint: Checkpoint) -> AssetOutcome:
        where = S3Uri.parse(item.uri)
        client = self._client(where.bucket)
        pinned = _pinned(item)
        with tempfile.TemporaryDirectory(prefix="jejak-erase-") as private:
            original = Path(private) / (PurePosixPath(where.key).name or "object")
            head = client.head_object(Bucket=where.bucket, Key=where.key, **pinned)
            original_sha256 = _download(client, where, pinned, original)
            entry = JournalEntry(
                item.plan_id, item.uri, item.action, Step.PLANNED, original_sha256=original_sha256
            )
            journal.record(entry)
            checkpoint("planned")
            asset = describe(original)
            if asset is None or asset.format.value != item.hit.get("format"):
                reason = "its content no longer reads as the planned format; the object is unchanged"
                return AssetOutcome(item.uri, item.action, "failed", reason)
            try:
                result = write_temp(
                    original,
                    asset.format.value,
                    asset.compression == "gzip",
                    item.edits,
                    Path(private) / "new",
                )
            except RewriteError as exc:
                return AssetOutcome(item.uri, item.action, "failed", f"{exc}; the object is unchanged")
            entry = written(entry, result)
            journal.record(entry)
            checkpoint("written")
            extra = {name: head[name] for name in _CARRIED if head.get(name)}
            version = {"VersionId": pinned["VersionId"]} if "VersionId" in pinned else {}
            tags = client.get_object_tagging(Bucket=where.bucket, Key=where.key, **version).get("TagSet", [])
            if tags:
                extra["Tagging"] = urlencode([(tag["Key"], tag["Value"]) for tag in tags])
            with result.temp_path.open("rb") as body:
                client.put_object(
                    Bucket=where.bucket,
                    Key=where.key,
                    Body=body,
                    IfMatch=str(head["ETag"]),
                    ChecksumSHA256=_b64(result.new_sha256),
                    **extra,
                )
        return swapped(item, entry, journal, checkpoint)

    def _delete_versions(self, item: EraseItem, journal: Journal) -> AssetOutcome:
        where = S3Uri.parse(item.uri)
        client = self._client(where.bucket)
        entry = journal.entries(item.plan_id).get(item.uri)
        if entry is None or not entry.is_swapped or entry.new_sha256 is None:
            reason = (
                "the object was not rewritten, so its older versions are kept (they may be the only copy)"
            )
            return AssetOutcome(item.uri, item.action, "failed", reason)
        try:
            versions = list(_versions(client, where))
            latest = next((v for v in versions if v.is_latest), None)
            if latest is None or latest.delete_marker or not self._holds(
                where, client.head_object(
                    Bucket=where.bucket, Key=where.key, VersionId=latest.version_id, ChecksumMode="ENABLED"
                ), entry.new_sha256, latest.version_id,
            ):  # fmt: skip
                reason = "the current version is not this plan's erased content; older versions are kept"
                return AssetOutcome(item.uri, item.action, "failed", reason)
            older = [v for v in versions if v is not latest]
            errors = _delete(client, where, older)
            left = [v for v in _versions(client, where) if v.version_id != latest.version_id]
        except S3_ERRORS as exc:
            return AssetOutcome(item.uri, item.action, "failed", _failure(exc, "some versions may remain"))
        deleted = len(older) - len(errors)
        if errors:
            code = errors[0]
            hint = " (object lock, legal hold or MFA delete may protect them)" if code in DENIED else ""
            reason = f"{len(errors)} of {len(older)} older version(s) could not be deleted: {code}{hint}"
            return AssetOutcome(item.uri, item.action, "failed", reason, versions_deleted=deleted)
        return AssetOutcome(
            item.uri, item.action, "erased", None, versions_deleted=deleted,
            sha256_after=entry.new_sha256, verification="remaining" if left else "clean",
        )  # fmt: skip

    def _client(self, bucket: str) -> Any:
        return self._clients.client(self._clients.bucket(bucket).region)

    def _holds(
        self, where: S3Uri, head: dict[str, Any], sha256_hex: str | None, version_id: str | None = None
    ) -> bool:
        """Whether the object `head` describes has exactly the content `sha256_hex`: from its SHA-256
        checksum when S3 keeps one for the whole object, else by hashing a download."""
        if sha256_hex is None:
            return False
        checksum = head.get("ChecksumSHA256")
        if checksum and "-" not in str(checksum):  # "...-N" is a checksum of part checksums
            return bool(checksum == _b64(sha256_hex))
        pinned = {"VersionId": version_id} if version_id else {}
        return _download(self._client(where.bucket), where, pinned, None) == sha256_hex


def _same_object(head: dict[str, Any], planned: str) -> bool:
    """Whether the current object is the one planned: its fingerprint as the connector computed it."""
    parts = planned.split(":")
    version = parts[3] if len(parts) == 4 else None
    current = str(head.get("VersionId") or "null") if version else None
    return (
        object_fingerprint(str(head.get("ETag", "")), int(head.get("ContentLength", -1)), current) == planned
    )


def _pinned(item: EraseItem) -> dict[str, str]:
    """The planned version: its version id when the plan has one, and its ETag either way."""
    parts = item.planned_fingerprint.split(":")
    pinned = {"IfMatch": f'"{parts[1]}"'} if len(parts) >= 3 else {}
    if len(parts) == 4 and parts[3] != "null":
        pinned["VersionId"] = parts[3]
    return pinned


def _download(client: Any, where: S3Uri, pinned: dict[str, str], target: Path | None) -> str:
    """Stream the object (bounded memory) to `target`, or nowhere to only hash it; returns its sha256."""
    digest = hashlib.sha256()
    response = client.get_object(Bucket=where.bucket, Key=where.key, **pinned)
    with response["Body"] as body, target.open("xb") if target else nullcontext() as handle:
        for block in iter(lambda: body.read(1 << 20), b""):
            digest.update(block)
            if handle is not None:
                handle.write(block)
    return digest.hexdigest()


def _versions(client: Any, where: S3Uri) -> Iterator[_Version]:
    """Every version and delete marker of exactly this key (the prefix listing also returns longer keys)."""
    pages = client.get_paginator("list_object_versions").paginate(Bucket=where.bucket, Prefix=where.key)
    for page in pages:
        for kind, marker in (("Versions", False), ("DeleteMarkers", True)):
            for entry in page.get(kind, []):
                if entry["Key"] == where.key:
                    yield _Version(str(entry["VersionId"]), bool(entry.get("IsLatest")), marker)


def _delete(client: Any, where: S3Uri, versions: list[_Version]) -> list[str]:
    """Delete the versions in batches; returns the error code of each one that could not be deleted."""
    errors: list[str] = []
    for start in range(0, len(versions), _DELETE_BATCH):
        batch = versions[start : start + _DELETE_BATCH]
        objects = [{"Key": where.key, "VersionId": v.version_id} for v in batch]
        response = client.delete_objects(Bucket=where.bucket, Delete={"Objects": objects, "Quiet": True})
        errors += [str(error.get("Code", "unknown")) for error in response.get("Errors", [])]
    return errors


def _code(exc: Exception) -> str:
    return error_code(exc) if isinstance(exc, ClientError) else type(exc).__name__


def _failure(exc: Exception, consequence: str) -> str:
    code = _code(exc)
    if code in CHANGED:
        return f"the object changed since planning (precondition failed); {consequence}"
    if code in DENIED:
        needs = "s3:GetObject, s3:PutObject and, for versions, s3:DeleteObjectVersion"
        return f"access denied ({code}): erasing needs {needs}; {consequence}"
    return f"S3 error {code}; {consequence}"


def _b64(sha256_hex: str) -> str:
    return base64.b64encode(bytes.fromhex(sha256_hex)).decode("ascii")
