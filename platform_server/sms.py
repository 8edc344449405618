"""Verification by an SMS code (the non-face way of issue 6): the platform — never the kiosk — knows
the mobile number on record for an ID number, sends a six-digit code there and checks the answer.
The reference platform's "SMS gateway" is a table an operator (or a test) can read; a real platform
hands the text to its carrier gateway."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from .store import PlatformStore, StoreError, _iso, _now, hash_token

CODE_TTL = dt.timedelta(minutes=5)
ATTEMPTS = 5


def mask_mobile(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) >= 7 else "****"


class SmsVerification:
    def __init__(self, store: PlatformStore) -> None:
        self.store = store

    def register(self, id_number: str, mobile: str) -> None:
        """The number on record (in a real platform: from the person's verified account)."""
        with self.store.db.tx() as db:
            db.execute("INSERT INTO people (id_number, mobile) VALUES (?, ?)"
                       " ON CONFLICT (id_number) DO UPDATE SET mobile = excluded.mobile", (id_number.upper(), mobile))

    def send(self, id_number: str, device_id: str) -> tuple[str, str, dt.datetime]:
        """(challenge id, masked mobile, expiry); StoreError no_mobile_on_record when there is none. Only the
        kiosk that asked (`device_id`) can answer the challenge."""
        code = f"{secrets.randbelow(10**6):06d}"
        challenge, expires = secrets.token_urlsafe(18), _now() + CODE_TTL
        with self.store.db.tx() as db:
            row = db.execute("SELECT mobile FROM people WHERE id_number = ?", (id_number.upper(),)).fetchone()
            if row is None:
                raise StoreError("no_mobile_on_record", "no mobile number on record for this person")
            db.execute("INSERT INTO sms_challenges (challenge_id, id_number, code_hash, expires_at, attempts_left, device_id)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       (challenge, id_number.upper(), hash_token(code), _iso(expires), ATTEMPTS, device_id))
            db.execute("INSERT INTO sms_outbox (mobile, text, sent_at) VALUES (?, ?, ?)",
                       (row["mobile"], f"【政务服务】您正在自助终端核验身份，验证码 {code}，5分钟内有效。如非本人操作请忽略。",
                        _iso(_now())))
        return challenge, mask_mobile(row["mobile"]), expires

    def answer(self, challenge_id: str, code: str, device_id: str) -> tuple[bool, int, str]:
        """(verified, attempts left, the person's ID number). A challenge is good for one success and
        ATTEMPTS tries, from the kiosk that asked for it."""
        with self.store.db.tx() as db:
            row = db.execute("SELECT * FROM sms_challenges WHERE challenge_id = ? AND device_id = ?"
                             + self.store.db.for_update, (challenge_id, device_id)).fetchone()
            if row is None or row["verified_at"] or dt.datetime.fromisoformat(row["expires_at"]) < _now():
                raise StoreError("sms_invalid", "the code request is unknown, used or expired")
            if row["attempts_left"] <= 0:
                return False, 0, row["id_number"]
            if hmac.compare_digest(row["code_hash"], hash_token(code)):
                db.execute("UPDATE sms_challenges SET verified_at = ? WHERE challenge_id = ?", (_iso(_now()), challenge_id))
                return True, row["attempts_left"], row["id_number"]
            left = row["attempts_left"] - 1
            db.execute("UPDATE sms_challenges SET attempts_left = ? WHERE challenge_id = ?", (left, challenge_id))
            return False, left, row["id_number"]

    def verified_since(self, device_id: str, id_number: str, since: dt.datetime) -> bool:
        """Did this person answer a code at this kiosk since then? (What an "sms" verification record claims.)"""
        row = self.store.db.execute(
            "SELECT 1 FROM sms_challenges WHERE device_id = ? AND id_number = ? AND verified_at >= ? LIMIT 1",
            (device_id, id_number.strip().upper(), _iso(since.astimezone(dt.timezone.utc).replace(microsecond=0)))
        ).fetchone()
        return row is not None

    def last_sent(self, mobile: str) -> str | None:
        row = self.store.db.execute("SELECT text FROM sms_outbox WHERE mobile = ? ORDER BY id DESC LIMIT 1",
                                         (mobile,)).fetchone()
        return row["text"] if row else None
