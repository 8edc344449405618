"""Who may call, kept in the platform's store: enrolled kiosks' public keys, their short-lived access
tokens, the signature nonces already seen, the grants that let one kiosk read one person's data while
that person stands at it, and the counters of the rate limits. A part of PlatformStore (its
transactions). Every secret is kept as its SHA-256 only: a copied database holds no working token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time

from .db import Database, Tx
from .store_base import StoreError, _iso, _now


ACCESS_TTL = dt.timedelta(minutes=15)
TOKENS_PER_DEVICE = 8            # one per process of a kiosk (screen, outbox, provisioning) with room to spare
GRANT_TTL = dt.timedelta(minutes=20)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class DeviceCredentials:
    """Mixed into PlatformStore, which provides the database."""
    db: Database

    def create_pairing_code(self, ttl: dt.timedelta = dt.timedelta(hours=24)) -> tuple[str, dt.datetime]:
        alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud over the phone
        code = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(2))
        expires = _now() + ttl
        with self.db.tx() as db:
            db.execute("INSERT INTO pairing_codes (code, expires_at) VALUES (?, ?)", (code, _iso(expires)))
        return code, expires

    def enrol(self, code: str, name: str, public_key_pem: str, replaces: str | None = None) -> str:
        """Exchange a one-time pairing code for a device id bound to the kiosk's public key. `replaces`:
        the kiosk's previous identity (it proved it holds that key): revoked in the same transaction."""
        code = code.strip().upper()
        with self.db.tx() as db:
            row = db.execute("SELECT * FROM pairing_codes WHERE code = ?" + self.db.for_update, (code,)).fetchone()
            if row is None or row["used_at"] is not None or dt.datetime.fromisoformat(row["expires_at"]) < _now():
                raise StoreError("bad_pairing_code", "pairing code unknown, used or expired")
            device_id = "K" + secrets.token_hex(6).upper()
            # token_hash: the bearer token of API v1.0, unused now; a random value keeps the column's UNIQUE
            db.execute("INSERT INTO devices (device_id, name, token_hash, public_key_pem, enrolled_at)"
                       " VALUES (?, ?, ?, ?, ?)", (device_id, name, _hash(secrets.token_hex(16)), public_key_pem,
                                                   _iso(_now())))
            db.execute("UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE code = ?",
                       (_iso(_now()), device_id, code))
            if replaces:
                self._revoke(db, replaces)
        return device_id

    def device_credentials(self, device_id: str, token: str | None) -> tuple[str, bool, bool] | None:
        """(public key PEM, revoked, `token` is its live access token) of an enrolled kiosk, in one query
        (every signed request asks); None for an unknown id or one without a key."""
        row = self.db.execute(
            "SELECT d.public_key_pem, d.revoked, t.expires_at FROM devices d LEFT JOIN access_tokens t"
            " ON t.device_id = d.device_id AND t.token_hash = ? WHERE d.device_id = ?",
            (_hash(token or ""), device_id)).fetchone()
        if row is None or not row["public_key_pem"]:
            return None
        live = row["expires_at"] is not None and dt.datetime.fromisoformat(row["expires_at"]) > _now()
        return row["public_key_pem"], bool(row["revoked"]), live

    def _revoke(self, db: Tx, device_id: str) -> int:
        db.execute("DELETE FROM access_tokens WHERE device_id = ?", (device_id,))
        db.execute("DELETE FROM grants WHERE device_id = ?", (device_id,))
        return db.execute("UPDATE devices SET revoked = 1 WHERE device_id = ?", (device_id,)).rowcount

    def revoke(self, device_id: str) -> None:
        """A stolen or retired kiosk: its key, tokens and grants stop working at once."""
        with self.db.tx() as db:
            if self._revoke(db, device_id) == 0:
                raise StoreError("not_found", "no such device")

    # ------------------------------------------------------------ access tokens

    def issue_token(self, device_id: str, previous: str | None = None,
                    ttl: dt.timedelta = ACCESS_TTL) -> tuple[str, dt.datetime]:
        """A new access token; the one it renews (`previous`) stops working at once, and a kiosk holds at
        most TOKENS_PER_DEVICE (the oldest goes)."""
        token, expires = secrets.token_urlsafe(32), _now() + ttl
        with self.db.tx() as db:
            db.execute("DELETE FROM access_tokens WHERE expires_at < ?", (_iso(_now()),))
            if previous:
                db.execute("DELETE FROM access_tokens WHERE token_hash = ? AND device_id = ?", (_hash(previous), device_id))
            db.execute("INSERT INTO access_tokens VALUES (?, ?, ?)", (_hash(token), device_id, _iso(expires)))
            db.execute("DELETE FROM access_tokens WHERE device_id = ? AND token_hash NOT IN (SELECT token_hash FROM"
                       " access_tokens WHERE device_id = ? ORDER BY expires_at DESC LIMIT ?)",
                       (device_id, device_id, TOKENS_PER_DEVICE))
        return token, expires

    def use_nonce(self, device_id: str, nonce: str, keep_s: float) -> bool:
        """False when this kiosk already used this nonce (a replayed request). One statement: the
        database's unique key decides, whichever worker sees the replay."""
        now = time.time()
        if self.db.execute("INSERT INTO nonces VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING nonce",
                           (device_id, nonce, now + keep_s), durable=False).fetchone() is None:
            return False
        if secrets.randbelow(64) == 0:                            # now and then: forget the expired ones
            self.db.execute("DELETE FROM nonces WHERE expires < ?", (now,), durable=False)
        return True

    # ------------------------------------------------------------ grants (one person at one kiosk)

    def issue_grant(self, device_id: str, id_number: str, level: str,
                    ttl: dt.timedelta = GRANT_TTL) -> tuple[str, dt.datetime]:
        grant, expires = secrets.token_urlsafe(24), _now() + ttl
        with self.db.tx() as db:
            db.execute("DELETE FROM grants WHERE expires_at < ?", (_iso(_now()),))
            db.execute("INSERT INTO grants VALUES (?, ?, ?, ?, ?)",
                       (_hash(grant), device_id, id_number.strip().upper(), level, _iso(expires)))
        return grant, expires

    def grant(self, device_id: str, grant: str) -> tuple[str, str] | None:
        """(id_number, level) of a live grant this kiosk holds; None otherwise (another kiosk's grant too)."""
        row = self.db.execute("SELECT * FROM grants WHERE grant_hash = ? AND device_id = ?",
                                   (_hash(grant), device_id)).fetchone()
        if row is None or dt.datetime.fromisoformat(row["expires_at"]) < _now():
            return None
        return row["id_number"], row["level"]

    # ------------------------------------------------------------ rate limits

    def hit(self, key: str, limit: int, window_s: float, *, count: bool = True) -> bool:
        """Count one event under `key`; False (and not counted) when `limit` were counted in the window.
        `count=False`: only ask whether one more would be allowed."""
        now = time.time()
        with self.db.tx(durable=False) as db:
            db.execute("DELETE FROM rate_events WHERE key = ? AND at < ?", (key, now - window_s))
            if db.execute("SELECT COUNT(*) FROM rate_events WHERE key = ?", (key,)).fetchone()[0] >= limit:
                return False
            if count:
                db.execute("INSERT INTO rate_events VALUES (?, ?)", (key, now))
        return True
