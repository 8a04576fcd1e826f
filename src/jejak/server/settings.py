"""How `jejak serve` listens and whom it lets in, resolved once at the CLI edge and checked before binding.

The server writes into the catalog on behalf of anyone who can reach it, so the defaults are closed: bound
to loopback, and a bearer token is required. `--no-auth` is only accepted on a loopback address (a local
Airflow or notebook on the same machine); any other host needs a token and gets a warning, because the token
then crosses the network in clear unless a TLS proxy sits in front.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jejak.errors import ConfigError
from jejak.token_files import read_token_file

TOKEN_ENV = "JEJAK_API_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000  # Marquez's port, which OpenLineage clients and integrations default to
DEFAULT_MAX_BODY_BYTES = 1 << 20
MIN_TOKEN_LENGTH = 16
TOKEN_HINT = "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"


@dataclass(frozen=True)
class ServeSettings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = field(default=None, repr=False)  # None only with auth off on loopback
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    @property
    def is_loopback(self) -> bool:
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_token(token_file: Path | None, env: Mapping[str, str]) -> str | None:
    """The token from `token_file` (first line, stripped) or `JEJAK_API_TOKEN`; None when neither is set."""
    if token_file is not None:
        token = read_token_file(token_file, "token file", TOKEN_HINT)
        return _checked(token, str(token_file))
    value = env.get(TOKEN_ENV, "").strip()
    return _checked(value, f"${TOKEN_ENV}") if value else None


def _checked(token: str, where: str) -> str:
    if len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(
            f"the API token in {where} has {len(token)} characters; "
            f"use at least {MIN_TOKEN_LENGTH} ({TOKEN_HINT})"
        )
    return token


def build_settings(
    *,
    host: str,
    port: int,
    token_file: Path | None,
    no_auth: bool,
    max_body_bytes: int,
    env: Mapping[str, str] | None = None,
) -> ServeSettings:
    """Validated settings; raises ConfigError when the server would be open to others."""
    environ = os.environ if env is None else env
    if no_auth:
        if not is_loopback(host):
            raise ConfigError(
                f"--no-auth is only allowed on a loopback host (127.0.0.1, ::1, localhost), not {host}; "
                f"give a token with --token-file or ${TOKEN_ENV}"
            )
        if token_file is not None:
            raise ConfigError("--no-auth and --token-file contradict each other; give one of them")
        return ServeSettings(host, port, None, max_body_bytes)
    token = resolve_token(token_file, environ)
    if token is None:
        raise ConfigError(
            f"jejak serve needs an API token: --token-file FILE or ${TOKEN_ENV} ({TOKEN_HINT}); "
            "--no-auth is allowed on 127.0.0.1 only"
        )
    return ServeSettings(host, port, token, max_body_bytes)
