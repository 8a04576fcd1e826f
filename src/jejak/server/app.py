"""`LineageServer`: a stdlib ThreadingHTTPServer bound to one lineage store.

The standard library is enough for one JSON endpoint, and keeps `jejak serve` free of a web framework's
dependencies and CVEs. One thread per connection; each ingest takes its own pooled catalog connection and
transaction, and the store lets one writer in at a time.
"""

from __future__ import annotations

import socket
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType

from jejak.lineage.store import LineageStore
from jejak.server.handler import LineageRequestHandler
from jejak.server.settings import ServeSettings


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a slow client never keeps the process alive at shutdown


class _Server6(_Server):
    address_family = socket.AF_INET6


class LineageServer:
    """Listens as soon as it is built (so `port=0` gets a real port, see `url`); `serve_forever` answers."""

    def __init__(self, settings: ServeSettings, store: LineageStore) -> None:
        handler = type(
            "BoundLineageHandler", (LineageRequestHandler,), {"store": store, "settings": settings}
        )
        server_class = _Server6 if ":" in settings.host else _Server
        self.settings = settings
        self._httpd = server_class((settings.host, settings.port), handler)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = f"[{self.settings.host}]" if ":" in self.settings.host else self.settings.host
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def start_in_thread(self) -> threading.Thread:
        """Serve on a daemon thread (tests, embedding); stop with `shutdown`."""
        thread = threading.Thread(target=self.serve_forever, name="jejak-serve", daemon=True)
        thread.start()
        return thread

    def shutdown(self) -> None:
        self._httpd.shutdown()

    def close(self) -> None:
        self._httpd.server_close()

    def __enter__(self) -> LineageServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
