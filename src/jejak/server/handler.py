"""The HTTP side of `jejak serve`: Marquez's `POST /api/v1/lineage`, checked in the order that costs least.

    401  no or wrong `Authorization: Bearer <token>` (compared in constant time); nothing else is looked at
    415  Content-Type is not application/json, or a Content-Encoding other than gzip
    411  no Content-Length (chunked bodies are not accepted: their size is unknown up front)
    413  Content-Length (or the gunzipped body) over --max-body-bytes; the body is never read
    400  not JSON, or not a valid RunEvent: `{"error": "run.runId: not a UUID"}`
    201  `{}`: the event is in the catalog (one transaction: applied whole or not at all)
    500  the catalog could not be written (`{"error": ...}`, no data quoted); nothing was applied

A response that leaves a request body unread closes the connection, so the unread bytes are never taken
for the next request. `GET /api/v1/health` answers without a token (it reveals nothing).
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
import zlib
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar
from urllib.parse import urlsplit

from jejak.errors import CatalogError
from jejak.lineage.errors import LineageEventError
from jejak.lineage.events import parse_run_event
from jejak.lineage.store import LineageStore
from jejak.server.settings import ServeSettings

#: Marquez's path, and OpenMetadata's spelling of the same endpoint
LOG = logging.getLogger("jejak.server")
LINEAGE_PATHS = frozenset({"/api/v1/lineage", "/api/v1/openlineage/lineage"})
HEALTH_PATH = "/api/v1/health"
SOCKET_TIMEOUT_S = 30  # a client that stops sending mid-request frees its thread after this
LINGER_BYTES = 8 << 20  # at most this much of a refused body is read (and dropped) before closing
LINGER_SECONDS = 2.0


class LineageRequestHandler(BaseHTTPRequestHandler):
    """Bound to a store and settings by `LineageServer` (a subclass per server sets the class attributes)."""

    protocol_version = "HTTP/1.1"
    server_version = "jejak"
    sys_version = ""
    timeout = SOCKET_TIMEOUT_S
    store: ClassVar[LineageStore]
    settings: ClassVar[ServeSettings]

    def log_message(self, format: str, *args: Any) -> None:
        """One line per request (method, path, status) to the `jejak.server` logger; never headers or
        bodies."""
        LOG.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        if urlsplit(self.path).path.rstrip("/") == HEALTH_PATH:
            self._send(200, {"status": "ok"})
        else:
            self._send(404, {"error": f"no such endpoint; POST events to {min(LINEAGE_PATHS)}"})

    def do_POST(self) -> None:
        if urlsplit(self.path).path.rstrip("/") not in LINEAGE_PATHS:
            self._refuse(404, f"no such endpoint; POST events to {min(LINEAGE_PATHS)}")
            return
        if not self._authorized():
            self._refuse(401, "missing or wrong bearer token", {"WWW-Authenticate": 'Bearer realm="jejak"'})
            return
        body = self._read_body()
        if body is None:
            return
        try:
            data = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            self._send(400, {"error": "the body is not UTF-8"})
            return
        except json.JSONDecodeError as exc:
            self._send(400, {"error": f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"})
            return
        try:
            event = parse_run_event(data)
            self.store.ingest([event])
        except LineageEventError as exc:
            self._send(400, {"error": str(exc)})
            return
        except CatalogError as exc:
            self._send(500, {"error": str(exc)})
            return
        except Exception:  # a bug: the client gets an answer, the log gets the traceback, nothing applied
            LOG.exception("ingest failed")
            self._send(500, {"error": "internal error (see the jejak serve log); nothing was applied"})
            return
        self._send(201, {})

    # -- steps -------------------------------------------------------------------------------------------

    def _authorized(self) -> bool:
        expected = self.settings.token
        if expected is None:
            return True
        given = self.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        wanted = expected.encode("utf-8")
        offered = token.strip().encode("utf-8") if scheme.lower() == "bearer" else b""
        return hmac.compare_digest(offered, wanted)

    def _read_body(self) -> bytes | None:
        """The request body within the size limit, or None after answering the request with an error."""
        if self.headers.get_content_type() != "application/json":
            self._refuse(415, "send Content-Type: application/json")
            return None
        encoding = self.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip"):
            self._refuse(415, f"Content-Encoding {encoding} is not supported; send identity or gzip")
            return None
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._refuse(411, "send the body with a Content-Length, not chunked")
            return None
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            self._refuse(411, "send a Content-Length header")
            return None
        try:
            length = int(raw_length)
        except ValueError:
            self._refuse(400, "Content-Length is not a number")
            return None
        limit = self.settings.max_body_bytes
        if length < 0:
            self._refuse(400, "Content-Length is negative")
            return None
        if length > limit:
            self._refuse(413, f"the body has {length} bytes; the limit is {limit} (--max-body-bytes)")
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            self._refuse(400, "the body ended before Content-Length bytes")
            return None
        if encoding == "gzip":
            return self._gunzip(body, limit)
        return body

    def _gunzip(self, body: bytes, limit: int) -> bytes | None:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            plain = inflater.decompress(body, limit + 1)
        except zlib.error:
            self._send(400, {"error": "the body is not valid gzip"})
            return None
        if len(plain) > limit:
            self._send(
                413, {"error": f"the gunzipped body is over the limit of {limit} bytes (--max-body-bytes)"}
            )
            return None
        if not inflater.eof:
            self._send(400, {"error": "the gzip body is truncated"})
            return None
        return plain

    def _refuse(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        """An error answered before the body was read: the connection closes after it. Closing a socket
        with unread bytes makes the kernel reset it, which can destroy the answer before the client reads
        it; so the write side is shut first and what the client still sends is discarded, up to a bound
        (a lingering close), never buffered."""
        self.close_connection = True
        self._send(status, {"error": reason}, {"Connection": "close", **(headers or {})})
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(LINGER_SECONDS)
            drained = 0
            while drained < LINGER_BYTES and (chunk := self.connection.recv(65536)):
                drained += len(chunk)
        except OSError:
            pass  # the client went away first: nothing left to protect

    def _send(self, status: int, document: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(document).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
