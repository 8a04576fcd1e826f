"""botocore errors as jejak errors: one line each, naming the bucket or object and what to do next.

botocore's own messages are long ("An error occurred (AccessDenied) when calling the ListObjectsV2
operation: ...") and the scanner shows errors verbatim, so every failure is translated here, once. Two
contexts differ in blast radius: a listing failure fails the whole root (`ConnectorError`, or `UsageError`
for a bucket that does not exist), a read failure fails one object only (`AssetReadError`), and the scan
goes on with the rest.

Retryable failures (throttling, 5xx, dropped connections) never reach this module until botocore's retry
policy (`max_attempts`, `retry_mode`) has given up on them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    CredentialRetrievalError,
    EndpointConnectionError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
)

from jejak.errors import (
    AssetReadError,
    ConfigError,
    ConnectorError,
    JejakError,
    TransientConnectorError,
    UsageError,
)

#: What botocore raises: catch exactly these around S3 calls, never a blind `except Exception`.
S3_ERRORS: tuple[type[Exception], ...] = (ClientError, BotoCoreError)

#: Error codes by meaning. Bare status codes appear when the response had no XML body (HEAD requests,
#: and some S3-compatible stores answering a bucket-policy denial with an empty 403).
DENIED = frozenset({"AccessDenied", "AccessDeniedException", "AllAccessDisabled", "403"})
CREDENTIALS_REJECTED = frozenset(
    {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired"}
)
MISSING_BUCKET = frozenset({"NoSuchBucket"})
GONE = frozenset({"NoSuchKey", "NoSuchVersion", "404"})
CHANGED = frozenset({"PreconditionFailed", "412"})
THROTTLED = frozenset(
    {
        "SlowDown",
        "Throttling",
        "ThrottlingException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "503",
    }
)
ARCHIVED = frozenset({"InvalidObjectState"})


def error_code(exc: ClientError) -> str:
    """The S3 error code, or the HTTP status as a string when the response carried no code."""
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "")
    if code:
        return code
    return str(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "unknown"))


def listing_error(exc: Exception, bucket: str, root: str, endpoint_url: str | None) -> JejakError:
    """Why `root` (in `bucket`) could not be listed, as the error the scanner reports for the root."""
    if isinstance(exc, ClientError):
        code = error_code(exc)
        if code in MISSING_BUCKET or (
            code == "404" and _operation(exc) in ("HeadBucket", "GetBucketLocation")
        ):
            where = " and --endpoint-url" if endpoint_url else ""
            return UsageError(f"bucket {bucket} not found — check the name{where}")
        if code in DENIED:
            return ConnectorError(
                f"access denied listing {root} — grant s3:ListBucket on {bucket}, or check which AWS "
                "credentials are in use (AWS_PROFILE, connectors.s3.profile)"
            )
        if code in CREDENTIALS_REJECTED:
            return ConnectorError(
                f"S3 rejected the credentials ({code}) listing {root} — {_credential_hint()}"
            )
        if code in THROTTLED or _status(exc) >= 500:
            return TransientConnectorError(f"S3 kept failing ({code}) listing {root} — {_retry_hint()}")
        return ConnectorError(
            f"S3 {_operation(exc)} failed ({code}) listing {root} — check the bucket and retry"
        )
    if isinstance(exc, BotoCoreError):
        return transport_error(exc, endpoint_url, f"listing {root}")
    return ConnectorError(f"listing {root} failed ({type(exc).__name__}) — retry")


def read_error(exc: Exception, uri: str, endpoint_url: str | None) -> AssetReadError:
    """Why one object could not be read: that asset fails, the scan goes on."""
    if isinstance(exc, ClientError):
        code = error_code(exc)
        if code in DENIED:
            reason = "access denied (s3:GetObject); grant read access or exclude it"
        elif code in CHANGED:
            reason = "changed while being read (its ETag no longer matches the listing); scan again"
        elif code in GONE:
            reason = "the object disappeared after it was listed; scan again"
        elif code in ARCHIVED:
            reason = "archived (Glacier / Deep Archive storage class); restore it or exclude it"
        elif code in CREDENTIALS_REJECTED:
            reason = f"S3 rejected the credentials ({code}); {_credential_hint()}"
        elif code in THROTTLED or _status(exc) >= 500:
            reason = f"S3 kept failing ({code}); {_retry_hint()}"
        else:
            reason = f"S3 {_operation(exc)} failed ({code}); retry, or exclude it"
        return AssetReadError(uri, reason)
    if isinstance(exc, BotoCoreError):
        return AssetReadError(uri, str(transport_error(exc, endpoint_url, "reading")))
    return AssetReadError(uri, f"read failed ({type(exc).__name__}); retry")


def transport_error(exc: BotoCoreError, endpoint_url: str | None, doing: str) -> JejakError:
    """Errors before S3 answered: credentials, profile, network."""
    if isinstance(exc, NoCredentialsError | PartialCredentialsError | CredentialRetrievalError):
        return UsageError(f"no usable AWS credentials for {doing} — {_credential_hint()}")
    if isinstance(exc, ProfileNotFound):
        return ConfigError(
            f"AWS profile {exc.kwargs.get('profile')!r} not found — check connectors.s3.profile / "
            "AWS_PROFILE against ~/.aws/config"
        )
    endpoint = _endpoint(exc, endpoint_url)
    if isinstance(exc, ConnectTimeoutError):
        return TransientConnectorError(
            f"timed out connecting to S3 endpoint {endpoint} — check network, retry"
        )
    if isinstance(exc, EndpointConnectionError):
        return ConnectorError(f"cannot reach S3 endpoint {endpoint} — check --endpoint-url / network")
    if isinstance(exc, HTTPClientError):
        return TransientConnectorError(
            f"connection to S3 endpoint {endpoint} failed while {doing} ({type(exc).__name__}) — retry"
        )
    return ConnectorError(
        f"S3 client error while {doing} ({type(exc).__name__}) — check connectors.s3 settings"
    )


def _operation(exc: ClientError) -> str:
    return str(getattr(exc, "operation_name", "") or "request")


def _status(exc: ClientError) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)


def _endpoint(exc: BotoCoreError, endpoint_url: str | None) -> str:
    """The configured endpoint, else scheme://host of the URL botocore tried (never its path or query)."""
    if endpoint_url:
        return endpoint_url
    tried = str(exc.kwargs.get("endpoint_url", "")) if hasattr(exc, "kwargs") else ""
    parts = urlsplit(tried)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "(default AWS endpoint)"


def _credential_hint() -> str:
    return (
        "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a profile (AWS_PROFILE or connectors.s3.profile), "
        "or run where an instance/task role is available"
    )


def _retry_hint() -> str:
    return "retry later, or raise connectors.s3.max_attempts"
