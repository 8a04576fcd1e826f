"""`jejak serve` as a real subprocess on 127.0.0.1 with a token, over a catalog of its own, for tests."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from jejak.hashing import HashKey
from jejak.lineage.store import LineageStore

JEJAK = Path(sys.executable).with_name("jejak")


@dataclass
class ServeProcess:
    url: str  # the server's base URL, without /api/v1/lineage
    token: str
    catalog: str
    key_file: Path

    def store(self) -> LineageStore:
        return LineageStore.open(self.catalog, HashKey.resolve(self.key_file, {}))


@contextmanager
def serving(base: Path, *options: str) -> Iterator[ServeProcess]:
    """Start `jejak serve --port 0` in `base` (catalog in `base/catalog`), wait for its first line (the
    endpoint URL), stop it afterwards. JEJAK_* and OPENLINEAGE_* variables of the caller are not passed on."""
    token = secrets.token_urlsafe(32)
    token_file = base / "token"
    token_file.write_text(token + "\n", encoding="utf-8")
    catalog = f"sqlite:///{base / 'catalog' / 'catalog.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JEJAK_", "OPENLINEAGE_"))}
    command = [str(JEJAK), "serve", "--port", "0", "--token-file", str(token_file), "--catalog", catalog]
    process = subprocess.Popen(
        [*command, *options, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=base,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        if not first:
            pytest.fail(f"jejak serve did not start: {process.stderr.read() if process.stderr else ''}")
        url = first.split()[2].removesuffix("/api/v1/lineage")
        yield ServeProcess(url, token, catalog, base / "catalog" / "hash.key")
    finally:
        process.terminate()
        process.wait(timeout=10)
