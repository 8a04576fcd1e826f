"""boto3 clients per region, and what jejak needs to know about each bucket (region, versioning).

A bucket answers only in its own region: a client signing for another region gets redirects or
`AuthorizationHeaderMalformed`. So each bucket's region is looked up once (`GetBucketLocation`) and its
requests go through a client for that region, created once and reused. Credentials come from one boto3
session: the named profile if configured, else boto3's standard chain (environment, shared config and
credentials files, container/instance role), so jejak never handles secrets itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from jejak import __version__
from jejak.connectors.s3_errors import DENIED, error_code
from jejak.errors import UsageError

if TYPE_CHECKING:
    from jejak.connectors.s3 import S3Settings

#: Where a bucket without a LocationConstraint lives; also the signing region when nothing else is known.
DEFAULT_REGION = "us-east-1"
#: Legacy LocationConstraint values that are not region names.
_LEGACY_LOCATIONS = {"": DEFAULT_REGION, "EU": "eu-west-1"}

Versioning = Literal["Enabled", "Suspended", "Disabled", "Unknown"]


@dataclass(frozen=True)
class BucketInfo:
    """`region` is None when neither GetBucketLocation nor HeadBucket would say (permissions)."""

    name: str
    region: str | None
    versioning: Versioning

    @property
    def has_versions(self) -> bool:
        """Versioning was on at some point, so objects carry version ids worth pinning reads to."""
        return self.versioning in ("Enabled", "Suspended")


class S3Clients:
    """Lazily built clients by region and bucket facts by name, for the life of one connector."""

    def __init__(self, settings: S3Settings) -> None:
        self._settings = settings
        self._session: boto3.Session | None = None
        self._clients: dict[str, Any] = {}
        self._buckets: dict[str, BucketInfo] = {}

    def client(self, region: str | None = None) -> Any:
        """A client signing for `region` (None: the configured region, else boto3's, else us-east-1)."""
        name = region or self._settings.region or self._session_region() or DEFAULT_REGION
        if name not in self._clients:
            try:
                self._clients[name] = self._boto_session().client(
                    "s3",
                    region_name=name,
                    endpoint_url=self._settings.endpoint_url,
                    config=self._config(name),
                )
            except ValueError as exc:  # botocore's "Invalid endpoint: ..."
                raise UsageError(
                    f"invalid S3 endpoint URL {self._settings.endpoint_url!r} — use e.g. http://host:9000"
                ) from exc
        return self._clients[name]

    def bucket(self, name: str) -> BucketInfo:
        """Region and versioning of bucket `name`, asked once. Raises botocore errors for the caller to
        translate (NoSuchBucket surfaces here first, from GetBucketLocation)."""
        if name not in self._buckets:
            region = self._region_of(name)
            self._buckets[name] = BucketInfo(name, region, self._versioning_of(name, region))
        return self._buckets[name]

    def _region_of(self, bucket: str) -> str | None:
        """GetBucketLocation, falling back to the `x-amz-bucket-region` header of HeadBucket, which S3
        sends even with a 403: many read-only policies grant ListBucket and GetObject but not
        GetBucketLocation."""
        try:
            constraint = self.client().get_bucket_location(Bucket=bucket).get("LocationConstraint")
        except ClientError as exc:
            if error_code(exc) not in DENIED:
                raise
        else:
            constraint = constraint or ""
            return _LEGACY_LOCATIONS.get(constraint, constraint)
        try:
            response = self.client().head_bucket(Bucket=bucket)
        except ClientError as exc:
            if error_code(exc) not in DENIED:
                raise
            response = exc.response
        headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        region = headers.get("x-amz-bucket-region")
        return str(region) if region else None

    def _versioning_of(self, bucket: str, region: str | None) -> Versioning:
        try:
            status = self.client(region).get_bucket_versioning(Bucket=bucket).get("Status")
        except ClientError as exc:
            if error_code(exc) not in DENIED:
                raise
            return "Unknown"  # listed without version ids: reads then follow the latest version
        if status in ("Enabled", "Suspended"):
            return status  # type: ignore[no-any-return]
        return "Disabled"

    def _boto_session(self) -> boto3.Session:
        if self._session is None:
            # ProfileNotFound surfaces here; the connector translates it with the other botocore errors
            self._session = boto3.Session(profile_name=self._settings.profile)
        return self._session

    def _session_region(self) -> str | None:
        region = self._boto_session().region_name
        return str(region) if region else None

    def _config(self, region: str) -> Config:
        settings = self._settings
        addressing = settings.addressing_style or ("path" if settings.endpoint_url else "auto")
        return Config(
            region_name=region,
            # total_max_attempts counts the first try too, as AWS_MAX_ATTEMPTS does; botocore's
            # `max_attempts` key would count retries only
            retries={"total_max_attempts": settings.max_attempts, "mode": settings.retry_mode},
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            s3={"addressing_style": addressing},
            user_agent_extra=f"jejak/{__version__}",
        )
