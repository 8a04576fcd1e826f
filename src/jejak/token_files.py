"""Bearer tokens kept in files (`--token-file`, `--api-key-file`): read the same way everywhere.

A token on a command line ends up in shell history and the process list; a file (mode 0600) does not. The
first line counts, stripped, so `echo $TOKEN > file` and editors that add a newline both work.
"""

from __future__ import annotations

from pathlib import Path

from jejak.errors import ConfigError


def read_token_file(path: Path, what: str, hint: str) -> str:
    """The token on the first line of `path`; a one-line ConfigError naming `what` if unreadable or empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror}; check the path") from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not token:
        raise ConfigError(f"{what} {path} is empty; {hint}")
    return token
