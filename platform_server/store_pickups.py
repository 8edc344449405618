"""Phone pickup links for documents (手机扫码下载): a person at a kiosk whose printer cannot print scans a
code and downloads the certificate on their own phone. A part of PlatformStore (its transactions).

The link carries a random token; the store keeps only its hash (a copied database gives no working
link). A link is short-lived and good for a few downloads (a phone's browser may fetch twice), tied
to the device that asked for it and to one application."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from .db import Database
from .store_base import _iso, _now

PICKUP_TTL = dt.timedelta(minutes=10)
PICKUP_USES = 3


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PickupLinks:
    """Mixed into PlatformStore, which provides the database."""
    db: Database

    def create_pickup(self, application_no: str, device_id: str, document: str = "certificate",
                      ttl: dt.timedelta = PICKUP_TTL, uses: int = PICKUP_USES) -> tuple[str, dt.datetime]:
        token, expires = secrets.token_urlsafe(24), _now() + ttl
        with self.db.tx() as db:
            db.execute("DELETE FROM pickups WHERE expires_at < ?", (_iso(_now()),))     # old links go
            db.execute("INSERT INTO pickups (token_hash, application_no, document, device_id, expires_at, uses_left)"
                       " VALUES (?, ?, ?, ?, ?, ?)", (_hash(token), application_no, document, device_id,
                                                      _iso(expires), uses))
        return token, expires

    def use_pickup(self, token: str) -> tuple[str, str] | None:
        """(application_no, document) for a live link, counting one use; None: unknown, used up or expired."""
        row = self.db.execute(         # one statement: two phones at once cannot both take the last use
            "UPDATE pickups SET uses_left = uses_left - 1 WHERE token_hash = ? AND uses_left > 0 AND expires_at >= ?"
            " RETURNING application_no, document", (_hash(token), _iso(_now()))).fetchone()
        return (row["application_no"], row["document"]) if row else None
