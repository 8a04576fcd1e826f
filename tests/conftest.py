"""Shared fixtures: a hash key, a SQLite catalog URL, and a throwaway PostgreSQL server.

The PostgreSQL fixture runs the real server binaries from `/usr/lib/postgresql/*/bin` in a temporary data
directory on a free 127.0.0.1 port, so catalog tests exercise the same SQL a production server would. When
the binaries are missing the tests fail (never skip): a green run must mean PostgreSQL was tested.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
