"""Shared fixtures: a hash key, a SQLite catalog URL, and a throwaway PostgreSQL server.

The PostgreSQL fixture runs the real server binaries from `/usr/lib/postgresql/*/bin` in a temporary data
directory on a free 127.0.0.1 port, so catalog tests exercise the same SQL a production server would. When
the binaries are missing the tests fail (never skip): a green run must mean PostgreSQL was tested.

The S3 fixtures run moto's S3 over real HTTP behind a recording, fault-injecting proxy (see `S3TestServer`).
"""

from __future__ import annotations

import http.client
import itertools
import logging
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from jejak.hashing import HashKey

PG_INSTALL_HINT = "install PostgreSQL: apt-get install -y postgresql (.ci/run does this)"


@pytest.fixture
def hash_key(tmp_path: Path) -> HashKey:
    return HashKey.generate(key_file=tmp_path / "hash.key")


@pytest.fixture
def catalog_url(tmp_path: Path) -> str:
    """A fresh catalog database; tests/integration overrides this to point at PostgreSQL."""
    return f"sqlite:///{tmp_path / 'catalog' / 'catalog.db'}"


def _version_key(bin_dir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name)) or (0,)


def find_postgres_bin() -> Path | None:
    """The bin directory of the newest PostgreSQL installed from the distribution packages."""
    candidates = [
        p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb") if (p.parent / "pg_ctl").exists()
    ]
    return max(candidates, key=_version_key) if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A running throwaway server; `new_database()` gives each test an empty database of its own."""

    bin_dir: Path
    base_dir: Path
    port: int
    as_postgres_user: bool
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a server binary as the `postgres` user when we are root (PostgreSQL refuses to run as root)."""
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres_user:
            command = (
                ["runuser", "-u", "postgres", "--", *command]
                if shutil.which("runuser")
                else ["su", "postgres", "-c", shlex.join(command)]
            )
        return subprocess.run(
            command, cwd=self.base_dir, capture_output=True, text=True, timeout=120, check=False
        )

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"jejak_test_{next(self._names)}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def start(self) -> None:
        init = self.run(
            "initdb",
            "-D",
            str(self.data_dir),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        if init.returncode != 0:
            pytest.fail(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}", pytrace=False)
        options = f"-p {self.port} -k {self.base_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        started = self.run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.base_dir / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        if started.returncode != 0:
            log = (self.base_dir / "server.log").read_text(errors="replace").strip().splitlines()[-3:]
            pytest.fail(f"PostgreSQL did not start: {started.stderr.strip()} {log}", pytrace=False)

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        pytest.fail(PG_INSTALL_HINT, pytrace=False)
    as_root = os.geteuid() == 0
    # not under pytest's tmp dir: that is private to the current user, and the server runs as `postgres`
    base_dir = Path(tempfile.mkdtemp(prefix="jejak-pg-"))
    try:
        if as_root:
            try:
                shutil.chown(base_dir, user="postgres", group=None)
            except LookupError:
                pytest.fail(f"no 'postgres' user to run the server as; {PG_INSTALL_HINT}", pytrace=False)
        server = PostgresServer(bin_dir, base_dir, _free_port(), as_postgres_user=as_root)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)


# --- S3: moto over real HTTP, behind a recording, fault-injecting proxy ------------------------------------
#
# Why a proxy: moto answers S3 faithfully but cannot throttle, cannot fail a request on demand, and does not
# say which requests a client made. The S3 tests must prove behaviour that only shows on the wire (a SlowDown
# was retried, Parquet was read in ranged GETs and never in one whole-object GET), so the connector talks to
# this proxy, which forwards to moto and records every request, or answers one itself when told to fail it.
# Object-level denial needs no proxy: moto enforces an explicit Deny in a bucket policy on object requests.


@dataclass(frozen=True)
class ProxiedRequest:
    """One request as the proxy saw it. `headers` keeps only RECORDED_HEADERS; `status` is 0 while the
    request is being matched against faults (before it is answered)."""

    method: str
    path: str  # path-style: /bucket/key
    query: str  # raw query string, e.g. "list-type=2&prefix=raw%2F"
    headers: dict[str, str]
    status: int = 0
    response_bytes: int = 0
    injected: bool = False  # answered by the proxy (a fault), never reached moto

    @property
    def target(self) -> str:
        return f"{self.method} {self.path}?{self.query}"

    @property
    def is_get_object(self) -> bool:
        """A GetObject: GET of a key with no sub-resource (not ?tagging, ?versioning, a listing...)."""
        if self.method != "GET" or self.path.strip("/").count("/") < 1:
            return False
        names = {name for name, _ in parse_qsl(self.query, keep_blank_values=True)}
        return names <= OBJECT_GET_QUERY


RECORDED_HEADERS = ("Range", "If-Match")
XML_CONTENT_TYPE = ("Content-Type", "application/xml")
#: Query parameters a plain GetObject may carry (botocore adds x-id=GetObject).
OBJECT_GET_QUERY = frozenset({"versionId", "partNumber", "x-id"})
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length", "expect"})
RequestMatch = str | Callable[[ProxiedRequest], bool] | None


@dataclass
class _Fault:
    remaining: int | None  # None: every matching request, until reset
    status: int
    code: str
    match: RequestMatch

    def matches(self, request: ProxiedRequest) -> bool:
        if self.match is None:
            return True
        if isinstance(self.match, str):
            return self.match in request.target
        return self.match(request)

    def body(self, request: ProxiedRequest) -> bytes:
        if request.method == "HEAD":
            return b""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>injected by the test proxy</Message>"
            f"<Resource>{request.path}</Resource><RequestId>jejak-test-proxy</RequestId></Error>"
        ).encode()


@dataclass
class S3TestServer:
    """moto on `moto_url`, reached through the proxy on `endpoint_url` (give that one to the connector)."""

    endpoint_url: str
    moto_url: str
    requests: list[ProxiedRequest] = field(default_factory=list)
    _faults: list[_Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        """Forget recorded requests (e.g. after setting up buckets)."""
        with self._lock:
            self.requests.clear()

    def reset(self) -> None:
        """Empty moto (all buckets), the request log and every pending fault."""
        host, port = urlsplit(self.moto_url).netloc.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            connection.request("POST", "/moto-api/reset")
            connection.getresponse().read()
        finally:
            connection.close()
        with self._lock:
            self.requests.clear()
            self._faults.clear()

    def fail_next(
        self, count: int = 1, status: int = 503, code: str = "SlowDown", match: RequestMatch = None
    ) -> None:
        """Answer the next `count` matching requests with `status`/`code` instead of forwarding them.
        `match` is a substring of "METHOD /bucket/key?query" or a predicate on ProxiedRequest."""
        with self._lock:
            self._faults.append(_Fault(count, status, code, match))

    def deny(self, match: RequestMatch) -> None:
        """Answer every matching request 403 AccessDenied until `reset()` (for bucket-level denials, which
        moto does not enforce from bucket policies)."""
        with self._lock:
            self._faults.append(_Fault(None, 403, "AccessDenied", match))

    def object_gets(self, bucket: str, key: str | None = None) -> list[ProxiedRequest]:
        """GetObject requests that reached moto for `bucket` (and `key`, when given)."""
        wanted = f"/{bucket}/{key}" if key is not None else None
        return [
            r
            for r in self.requests
            if r.is_get_object
            and not r.injected
            and (r.path == wanted if wanted else r.path.startswith(f"/{bucket}/"))
        ]

    def get_object_count(self, bucket: str, key: str | None = None) -> int:
        return len(self.object_gets(bucket, key))

    def injected(self) -> list[ProxiedRequest]:
        """Requests the proxy failed on purpose."""
        return [r for r in self.requests if r.injected]

    def _take_fault(self, request: ProxiedRequest) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if (fault.remaining is None or fault.remaining > 0) and fault.matches(request):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
        return None

    def _record(self, request: ProxiedRequest) -> None:
        with self._lock:
            self.requests.append(request)


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as boto3 expects; every response carries a Content-Length
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid a 40 ms delayed-ACK stall
    owner: S3TestServer  # set on the subclass made per server
    upstream: tuple[str, int]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is `S3TestServer.requests`."""

    def do_GET(self) -> None:
        self._forward()

    do_PUT = do_POST = do_DELETE = do_HEAD = do_GET

    def _forward(self) -> None:
        body = self._read_body()
        parts = urlsplit(self.path)
        recorded = {name: value for name in RECORDED_HEADERS if (value := self.headers.get(name))}
        request = ProxiedRequest(self.command, unquote(parts.path), parts.query, recorded)
        fault = self.owner._take_fault(request)
        if fault is not None:
            status, headers, payload = fault.status, [XML_CONTENT_TYPE], fault.body(request)
        else:
            status, headers, payload = self._upstream(body)
        self.owner._record(replace(request, status=status, response_bytes=len(payload), injected=bool(fault)))
        self.send_response(status)
        length = str(len(payload))
        for name, value in headers:
            if name.lower() == "content-length" and self.command == "HEAD":
                length = value  # HEAD describes the object's length without sending it
            elif name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _read_body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = bytearray()
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks += self.rfile.read(size)
                self.rfile.readline()
            while self.rfile.readline().strip():
                pass  # trailers
            return bytes(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _upstream(self, body: bytes | None) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read() if self.command != "HEAD" else b""
            return response.status, response.getheaders(), payload
        finally:
            connection.close()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3TestServer]:
    """moto's S3 on a free 127.0.0.1 port behind the recording proxy; `reset()` gives a clean moto."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury failures
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    moto.start()
    moto_host, moto_port = moto.get_host_and_port()
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _ProxyHandler)
    proxy.daemon_threads = True
    server = S3TestServer(
        endpoint_url=f"http://127.0.0.1:{proxy.server_address[1]}", moto_url=f"http://{moto_host}:{moto_port}"
    )
    proxy.RequestHandlerClass = type(
        "BoundProxyHandler", (_ProxyHandler,), {"owner": server, "upstream": (moto_host, moto_port)}
    )
    thread = threading.Thread(target=proxy.serve_forever, name="s3-test-proxy", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        proxy.shutdown()
        proxy.server_close()
        moto.stop()


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials for boto3's default chain, and none of the developer's own AWS setup."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no 1 s probe of an instance role
