"""The technician's entry: a PIN checked against a salted PBKDF2 hash from the configuration, with
a lockout after repeated failures. An empty hash disables the entry."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Callable

ITERATIONS = 200_000
MAX_FAILURES = 5
LOCKOUT_S = 300.0


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """The value for `[ui] technician_pin_hash`: pbkdf2_sha256$iterations$salt$hash."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


class PinCheck:
    def __init__(self, stored: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._stored = stored
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    @property
    def enabled(self) -> bool:
        return bool(self._stored)

    def locked(self) -> bool:
        return self._clock() < self._locked_until

    def verify(self, pin: str) -> bool:
        if not self.enabled or self.locked():
            return False
        try:
            scheme, iterations, salt, digest = self._stored.split("$")
            ok = scheme == "pbkdf2_sha256" and hmac.compare_digest(
                hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations)).hex(), digest)
        except ValueError:
            ok = False
        if ok:
            self._failures = 0
            return True
        self._failures += 1
        if self._failures >= MAX_FAILURES:
            self._failures, self._locked_until = 0, self._clock() + LOCKOUT_S
        return False
