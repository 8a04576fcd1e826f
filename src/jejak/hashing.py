"""The keyed hash that lets jejak find the same identifier again without ever storing it.

Findings keep `HMAC-SHA256(key, normalised value)` instead of the value. A plain SHA-256 would not do: the
space of phone numbers or national IDs is small enough to brute-force, so anyone holding the catalog could
recover the values. With a secret key only the holder of the key can test "does this NRIC occur anywhere?".

The key comes from `JEJAK_HASH_KEY` when set, else from a key file that jejak creates once with mode 0600.
The same key must be used for every scan written to one catalog (hashes of different keys never match), so the
catalog stores the key's `fingerprint()` and refuses a different key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jejak.errors import HashKeyError

ENV_VAR = "JEJAK_HASH_KEY"
KEY_BYTES = 32
_FINGERPRINT_LABEL = b"jejak hash key fingerprint v1"
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


@dataclass(frozen=True, repr=False)
class HashKey:
    """A 32-byte secret plus where it came from (for error messages that say which file to restore).

    `key_file` is the file the key was read from or would be read from: it is kept even when the key came
    from the environment, so a mismatch message can still name the file that holds the catalog's key.
    """

    secret: bytes = field(repr=False)
    key_file: Path | None = None
    from_env: bool = False

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise HashKeyError(f"a hash key must be {KEY_BYTES} bytes, got {len(self.secret)}")

    def __repr__(self) -> str:  # never show the secret, even in a traceback
        source = "env" if self.from_env else self.key_file
        return f"HashKey(fingerprint={self.fingerprint()!r}, source={source})"

    @classmethod
    def generate(cls, key_file: Path | None = None) -> HashKey:
        return cls(secrets.token_bytes(KEY_BYTES), key_file=key_file)

    @classmethod
    def from_text(cls, text: str, key_file: Path | None = None) -> HashKey:
        """Turn the value of `JEJAK_HASH_KEY` into a key.

        Exactly 64 hex digits are taken as the 32 key bytes, so the content of a key file can be pasted into
        the variable and gives the same hashes. Any other string is a passphrase: the key is SHA-256 of its
        UTF-8 bytes (no salt or stretching: the passphrase must itself be long and random).
        """
        text = text.strip()
        if len(text) == 2 * KEY_BYTES and set(text) <= _HEX_DIGITS:
            return cls(bytes.fromhex(text), key_file=key_file, from_env=True)
        return cls(hashlib.sha256(text.encode("utf-8")).digest(), key_file=key_file, from_env=True)

    @classmethod
    def resolve(cls, key_file: Path, env: Mapping[str, str]) -> HashKey:
        """`JEJAK_HASH_KEY` when set and non-empty, else the key file (created on first use)."""
        text = env.get(ENV_VAR, "")
        if text.strip():
            return cls.from_text(text, key_file=key_file)
        return cls(read_or_create_key_file(key_file), key_file=key_file)

    def fingerprint(self) -> str:
        """A short id of the key, safe to store: an HMAC of a fixed label reveals nothing about the key."""
        return hmac.new(self.secret, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]

    def hex(self) -> str:
        """The key as 64 hex digits, the key file format (for `export JEJAK_HASH_KEY=...` in CI)."""
        return self.secret.hex()


class KeyedHasher:
    """Hashes normalised values with one key; the HMAC state is keyed once and copied per value (faster)."""

    def __init__(self, key: HashKey) -> None:
        self._keyed = hmac.new(key.secret, digestmod=hashlib.sha256)

    def hash(self, normalised_value: str) -> str:
        mac = self._keyed.copy()
        mac.update(normalised_value.encode("utf-8"))
        return mac.hexdigest()


def read_or_create_key_file(key_file: Path) -> bytes:
    """Read the key file, or create it with a new random key if it does not exist yet."""
    try:
        return _read_key_file(key_file)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a directory in its place, no permission, ...
        raise HashKeyError(
            f"cannot read hash key file {key_file}: {exc.strerror}; fix its permissions or set {ENV_VAR}"
        ) from exc
    secret = secrets.token_bytes(KEY_BYTES)
    try:
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: never overwrite a key another process just wrote; mode 0600 is applied at creation, so
        # the file is not readable by others even for the moment before a chmod would run.
        fd = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return _read_key_file(key_file)
    except OSError as exc:
        raise HashKeyError(
            f"cannot create hash key file {key_file}: {exc.strerror}; "
            f"set {ENV_VAR} or make the directory writable"
        ) from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return secret


def _read_key_file(key_file: Path) -> bytes:
    fd = os.open(key_file, os.O_RDONLY)  # FileNotFoundError propagates: the caller creates the file
    with os.fdopen(fd, "r", encoding="ascii", errors="replace") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise HashKeyError(
                f"hash key file {key_file} is accessible by other users "
                f"(mode {stat.S_IMODE(mode):o}); run: chmod 600 {key_file}"
            )
        text = handle.read(4 * KEY_BYTES).strip()
    if len(text) != 2 * KEY_BYTES or not set(text) <= _HEX_DIGITS:
        raise HashKeyError(
            f"hash key file {key_file} is malformed (expected {2 * KEY_BYTES} hex digits); "
            f"restore it from a backup or set {ENV_VAR}"
        )
    return bytes.fromhex(text)


def subject_key_hash(hasher: KeyedHasher, kind: str, value: str) -> str:
    """The keyed hash of a subject-key value; the kind is part of it, so `user_id:7` and `order_id:7`
    never meet. Scans and look-ups must both use this function."""
    return hasher.hash(f"{kind}:{value.strip()}")


def identifier_hash(
    hasher: KeyedHasher, normalize: Callable[[str, str], str], entity_type: str, value: str
) -> str:
    """The keyed hash of an identifier as a finding records it: the value normalised by its entity type's
    pack normaliser first (`normalize`: the detector's), so `+65 9123 4567` and `91234567` meet. Findings,
    consent identifiers, erasure requests and erasure's verification must all use this function, or a
    request never meets the findings it is about."""
    return hasher.hash(normalize(entity_type, value))
