"""The technician's entry: a PIN of at least six digits checked against a salted PBKDF2 hash from the
configuration, with a lockout after repeated failures that grows with each lockout and survives a
restart (a thief who power-cycles the kiosk gets no fresh tries). An empty hash disables the entry."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from pathlib import Path
from typing import Callable

from .secret_file import write_private

ITERATIONS = 200_000
MIN_DIGITS = 6
MAX_FAILURES = 5                 # tries before a lockout
LOCKOUT_S = 300.0                # the first lockout; each further one doubles
MAX_LOCKOUT_S = 24 * 3600.0


class WeakPin(ValueError):
    """A PIN the kiosk will not take: the message says why."""


def check_pin_strength(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit()) or len(pin) < MIN_DIGITS:
        raise WeakPin(f"the technician PIN must be at least {MIN_DIGITS} digits 0-9")
    if len(set(pin)) == 1 or pin in "01234567890" or pin in "9876543210":
        raise WeakPin("the technician PIN must not be one digit repeated or a run like 123456")


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """The value for `[ui] technician_pin_hash`: pbkdf2_sha256$iterations$salt$hash. Refuses weak PINs."""
    check_pin_strength(pin)
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


class PinCheck:
    """`state_path`: where failures and the lockout are kept (mode 0600); None keeps them in memory only
    (tests of other things). `clock`: wall-clock seconds — a lockout must outlive the process."""

    def __init__(self, stored: str, state_path: Path | None = None, clock: Callable[[], float] = time.time) -> None:
        self._stored = stored
        self._path = state_path
        self._clock = clock
        self._failures, self._lockouts, self._locked_until = 0, 0, 0.0
        self._load()

    @property
    def enabled(self) -> bool:
        return bool(self._stored)

    def locked(self) -> bool:
        return self._clock() < self._locked_until

    def seconds_left(self) -> float:
        return max(0.0, self._locked_until - self._clock())

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
            self._failures, self._lockouts, self._locked_until = 0, 0, 0.0
        else:
            self._failures += 1
            if self._failures >= MAX_FAILURES:
                self._locked_until = self._clock() + min(MAX_LOCKOUT_S, LOCKOUT_S * 2 ** self._lockouts)
                self._failures, self._lockouts = 0, self._lockouts + 1
        self._save()
        return ok

    def _load(self) -> None:
        if self._path is None:
            return
        try:
            state = json.loads(self._path.read_text())
            self._failures, self._lockouts = int(state["failures"]), int(state["lockouts"])
            self._locked_until = float(state["locked_until"])
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError):
            # unreadable state: assume the worst (locked once more) rather than a fresh start
            self._lockouts, self._locked_until = 1, self._clock() + LOCKOUT_S

    def _save(self) -> None:
        if self._path is None:
            return
        data = json.dumps({"failures": self._failures, "lockouts": self._lockouts,
                           "locked_until": self._locked_until}).encode()
        try:
            write_private(self._path, data)
        except OSError:
            pass                  # the in-memory lockout still holds for this process
