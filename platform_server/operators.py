"""Operators as people: named accounts with a role, passwords hashed with Argon2id (argon2-cffi),
browser sessions with a CSRF token, login throttling, and an audit trail of every operator action.

Roles, each including the ones before it:
- supervisor (值班/效能监察): reads the fleet;
- operator (运维): sends commands to kiosks (out of service, back in service, refresh, status slip);
- administrator (管理员): pairing codes, revoking kiosks, accounts.

The service token (for automation and the test rig) is read from a file of mode 0600 or the
environment, never from a command line; it acts as an administrator named "service-token" and is
audited like anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import IntEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .store import PlatformStore, StoreError, _iso, _now

SESSION_TTL = dt.timedelta(hours=8)
FAILURES_PER_ACCOUNT = 5         # then the account waits LOCKOUT_S (a guesser gets 5 tries per 15 min)
FAILURES_PER_SOURCE = 20
LOCKOUT_S = 15 * 60
SERVICE_USER = "service-token"
_USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


class Role(IntEnum):
    SUPERVISOR = 1
    OPERATOR = 2
    ADMINISTRATOR = 3


@dataclass(frozen=True)
class Operator:
    username: str
    role: Role
    csrf: str = ""               # the session's CSRF token ("" for the service token: no cookie, no CSRF)
    hall: str = ""               # the hall they work for ("": the city centre, every hall)


class LoginRefused(Exception):
    """Wrong name or password (never said which), a disabled account, or too many tries (`throttled`)."""

    def __init__(self, message: str, throttled: bool = False) -> None:
        super().__init__(message)
        self.throttled = throttled


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Operators:
    def __init__(self, store: PlatformStore, service_token: str | None = None) -> None:
        self.store = store
        self._service_hash = _hash(service_token) if service_token else None
        self._hasher = PasswordHasher()          # Argon2id, the library's (RFC 9106) defaults
        self._dummy = self._hasher.hash(secrets.token_hex(8))    # an unknown name costs what a known one does

    # ------------------------------------------------------------ accounts

    def add(self, username: str, password: str, role: Role, hall: str = "") -> None:
        username = username.strip().lower()
        if not 2 <= len(username) <= 32 or not set(username) <= _USERNAME_CHARS:
            raise StoreError("invalid_request", "user names are 2-32 of a-z 0-9 . _ -")
        if len(password) < 12:
            raise StoreError("invalid_request", "passwords have at least 12 characters")
        with self.store.db.tx() as db:
            db.execute("INSERT INTO operators (username, password_hash, role, created_at, hall) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,"
                       " role = excluded.role, created_at = excluded.created_at, disabled = 0, hall = excluded.hall",
                       (username, self._hasher.hash(password), role.name.lower(), _iso(_now()), hall.strip()[:64]))
            db.execute("DELETE FROM operator_sessions WHERE username = ?", (username,))    # a new password ends sessions

    def accounts(self) -> list[tuple[str, Role, bool]]:
        return [(r["username"], Role[r["role"].upper()], bool(r["disabled"])) for r in self.store.db.execute(
            "SELECT username, role, disabled FROM operators ORDER BY username")]

    # ------------------------------------------------------------ login and sessions

    def login(self, username: str, password: str, source: str) -> tuple[str, Operator]:
        """A new session (its secret for the cookie, and who it is) or LoginRefused."""
        username = username.strip().lower()[:64]
        account_key, source_key = f"login:{_hash(username)}", f"login-from:{source}"
        if not (self.store.hit(account_key, FAILURES_PER_ACCOUNT, LOCKOUT_S, count=False)
                and self.store.hit(source_key, FAILURES_PER_SOURCE, LOCKOUT_S, count=False)):
            self.audit(username, "login", "", ok=False, source=source)
            raise LoginRefused("too many failed logins: wait 15 minutes", throttled=True)
        row = self.store.db.execute("SELECT * FROM operators WHERE username = ?", (username,)).fetchone()
        try:
            self._hasher.verify(row["password_hash"] if row else self._dummy, password)
            good = row is not None and not row["disabled"]
        except (VerificationError, InvalidHashError):
            good = False
        if not good:
            self.store.hit(account_key, FAILURES_PER_ACCOUNT, LOCKOUT_S)
            self.store.hit(source_key, FAILURES_PER_SOURCE, LOCKOUT_S)
            self.audit(username, "login", "", ok=False, source=source)
            raise LoginRefused("wrong user name or password")
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        with self.store.db.tx() as db:
            db.execute("DELETE FROM operator_sessions WHERE expires_at < ?", (_iso(_now()),))
            db.execute("INSERT INTO operator_sessions VALUES (?, ?, ?, ?)",
                       (_hash(session), username, csrf, _iso(_now() + SESSION_TTL)))
        self.audit(username, "login", "", ok=True, source=source)
        return session, Operator(username, Role[row["role"].upper()], csrf, row["hall"])

    def session(self, secret: str) -> Operator | None:
        row = self.store.db.execute(
            "SELECT s.username, s.csrf, s.expires_at, o.role, o.disabled, o.hall FROM operator_sessions s"
            " JOIN operators o ON o.username = s.username WHERE s.session_hash = ?", (_hash(secret),)).fetchone()
        if row is None or row["disabled"] or dt.datetime.fromisoformat(row["expires_at"]) < _now():
            return None
        return Operator(row["username"], Role[row["role"].upper()], row["csrf"], row["hall"])

    def logout(self, secret: str) -> None:
        with self.store.db.tx() as db:
            db.execute("DELETE FROM operator_sessions WHERE session_hash = ?", (_hash(secret),))

    def service(self, token: str) -> Operator | None:
        """The service token, compared in constant time."""
        if self._service_hash and hmac.compare_digest(_hash(token), self._service_hash):
            return Operator(SERVICE_USER, Role.ADMINISTRATOR)
        return None

    # ------------------------------------------------------------ audit

    def audit(self, username: str, action: str, target: str, *, ok: bool = True, source: str = "") -> None:
        with self.store.db.tx() as db:
            db.execute("INSERT INTO operator_audit (at, username, action, target, ok, source) VALUES (?, ?, ?, ?, ?, ?)",
                       (_iso(_now()), username[:64], action, target[:128], int(ok), source[:64]))

    def audit_entries(self, limit: int = 200) -> list[dict[str, object]]:
        return [dict(r) for r in self.store.db.execute(
            "SELECT at, username, action, target, ok, source FROM operator_audit ORDER BY id DESC LIMIT ?", (limit,))]
