from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pytest

from jejak.errors import HashKeyError
from jejak.hashing import HashKey, KeyedHasher


def test_key_file_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    key_file = tmp_path / "nested" / ".jejak" / "hash.key"
    old_umask = os.umask(0)  # even with a permissive umask the file must not be readable by others
    try:
        first = HashKey.resolve(key_file, {})
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == first.hex() and len(first.secret) == 32
    assert HashKey.resolve(key_file, {}).secret == first.secret
    assert first.key_file == key_file and not first.from_env


def test_group_or_world_readable_key_file_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "hash.key"
    HashKey.resolve(key_file, {})
    key_file.chmod(0o644)
    with pytest.raises(
        HashKeyError, match=r"accessible by other users \(mode 644\); run: chmod 600"
    ) as excinfo:
        HashKey.resolve(key_file, {})
    assert "\n" not in str(excinfo.value)
    key_file.chmod(0o640)
    with pytest.raises(HashKeyError):
        HashKey.resolve(key_file, {})


@pytest.mark.parametrize("content", ["", "xyz\n", "ab" * 31 + "\n", "zz" * 32 + "\n"])
def test_malformed_key_file_is_refused(tmp_path: Path, content: str) -> None:
    key_file = tmp_path / "hash.key"
    key_file.write_text(content)
    key_file.chmod(0o600)
    with pytest.raises(HashKeyError, match=r"malformed .*restore it from a backup or set JEJAK_HASH_KEY"):
        HashKey.resolve(key_file, {})


def test_env_hex_key_is_used_as_bytes_and_no_file_is_written(tmp_path: Path) -> None:
    key_file = tmp_path / "hash.key"
    key = HashKey.resolve(key_file, {"JEJAK_HASH_KEY": "0f" * 32})
    assert key.secret == bytes.fromhex("0f" * 32) and key.from_env
    assert not key_file.exists()
    file_key = HashKey.resolve(tmp_path / "other.key", {})
    assert HashKey.resolve(key_file, {"JEJAK_HASH_KEY": file_key.hex()}).secret == file_key.secret


def test_env_passphrase_is_hashed_with_sha256(tmp_path: Path) -> None:
    key = HashKey.resolve(tmp_path / "k", {"JEJAK_HASH_KEY": "correct horse battery staple"})
    assert key.secret == hashlib.sha256(b"correct horse battery staple").digest()


def test_empty_env_value_falls_back_to_the_key_file(tmp_path: Path) -> None:
    key = HashKey.resolve(tmp_path / "k", {"JEJAK_HASH_KEY": "  "})
    assert not key.from_env and (tmp_path / "k").exists()


def test_fingerprint_is_short_stable_and_reveals_nothing() -> None:
    key = HashKey(bytes(range(32)))
    assert key.fingerprint() == HashKey(bytes(range(32))).fingerprint()
    assert len(key.fingerprint()) == 16 and int(key.fingerprint(), 16) >= 0
    assert key.fingerprint() != HashKey(bytes(32)).fingerprint()
    assert key.fingerprint() not in key.hex()
    assert key.hex() not in repr(key) and key.fingerprint() in repr(key)


def test_keyed_hasher_is_hmac_sha256_of_utf8() -> None:
    key = HashKey(b"k" * 32)
    hasher = KeyedHasher(key)
    expected = hmac.new(b"k" * 32, "s1234567d€".encode(), hashlib.sha256).hexdigest()
    assert hasher.hash("s1234567d€") == expected
    assert hasher.hash("s1234567d€") == expected, "hashing must not mutate the keyed state"
    assert hasher.hash("other") != expected
    assert KeyedHasher(HashKey(b"j" * 32)).hash("s1234567d€") != expected


def test_key_must_be_32_bytes() -> None:
    with pytest.raises(HashKeyError, match="32 bytes"):
        HashKey(b"short")


def test_unreadable_key_path_is_a_hash_key_error(tmp_path: Path) -> None:
    (tmp_path / "hash.key").mkdir()
    with pytest.raises(HashKeyError, match=r"cannot read hash key file .*set JEJAK_HASH_KEY"):
        HashKey.resolve(tmp_path / "hash.key", {})
