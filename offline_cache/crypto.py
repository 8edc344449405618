"""Encryption at rest: an authenticated cipher (AES-256-GCM by default, SM4-GCM where the platform
requires national cryptography) with a key in a file only the kiosk user can read.

Each value is sealed as: 1 byte cipher id | 12-byte random nonce | ciphertext + 16-byte tag, with
the row's identity as associated data, so a ciphertext moved to another row does not open.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CIPHERS = {"aes-256-gcm": (1, 32), "sm4-gcm": (2, 16)}


class StoreKeyError(Exception):
    """The key file is missing, unreadable, malformed or readable by others."""


class SealError(Exception):
    """A sealed value that does not open: wrong key, wrong row, or tampered with."""


def load_or_create_key(path: Path, cipher: str, *, create: bool) -> bytes:
    """The key from `path` (mode 0600 enforced). With `create`, a missing key is generated — only
    allowed for an empty store: a lost key must never be silently replaced over existing data."""
    size = CIPHERS[cipher][1]
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not create:
            raise StoreKeyError(f"the store key {path} is missing: the queued data cannot be opened "
                            "(restore the key from the technician's backup)") from None
        return _create_key(path, size)
    if stat.S_IMODE(st.st_mode) & 0o077:
        raise StoreKeyError(f"the store key {path} is readable by other users (mode {stat.S_IMODE(st.st_mode):o}); "
                        "it must be 0600")
    key = path.read_bytes()
    if len(key) != size:
        raise StoreKeyError(f"the store key {path} has {len(key)} bytes, {cipher} needs {size}")
    return key


def _create_key(path: Path, size: int) -> bytes:
    """Atomically: a kill at any moment leaves either no key or the whole key, never a stub.
    Written to a private temp file, fsynced, then hard-linked into place (fails if a key exists)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(size)
    fd, tmp = tempfile.mkstemp(prefix=".key-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:                 # another process won the race: use its key
            return load_or_create_key(path, _cipher_for(size), create=False)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)                    # the new name is durable too
        finally:
            os.close(dir_fd)
        return key
    finally:
        os.unlink(tmp)


def _cipher_for(size: int) -> str:
    return next(name for name, (_, n) in CIPHERS.items() if n == size)


class Sealer:
    def __init__(self, key: bytes, cipher: str = "aes-256-gcm") -> None:
        if cipher not in CIPHERS:
            raise ValueError(f"unknown cipher {cipher}")
        self.cipher, self._id = cipher, CIPHERS[cipher][0]
        self._key = key
        self._aes = AESGCM(key) if cipher == "aes-256-gcm" else None

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        if self._aes is not None:
            return bytes([self._id]) + nonce + self._aes.encrypt(nonce, plaintext, aad)
        enc = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        enc.authenticate_additional_data(aad)
        body = enc.update(plaintext) + enc.finalize()
        return bytes([self._id]) + nonce + body + enc.tag

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        if len(sealed) < 29 or sealed[0] != self._id:
            raise SealError("not sealed with this store's cipher")
        nonce, body = sealed[1:13], sealed[13:]
        try:
            if self._aes is not None:
                return self._aes.decrypt(nonce, body, aad)
            dec = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, body[-16:])).decryptor()
            dec.authenticate_additional_data(aad)
            return dec.update(body[:-16]) + dec.finalize()
        except InvalidTag:
            raise SealError("the sealed value does not open (wrong key, wrong row, or tampered)") from None
