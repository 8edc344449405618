"""The platform's store, on PostgreSQL or SQLite (platform_server.db). Each public method is one
transaction.

Idempotency is decided inside the database's own transaction: the UNIQUE constraint on (device_id,
idempotency_key) and INSERT … ON CONFLICT DO NOTHING — two replays racing each other on two workers
can never both insert; the one that loses answers as a replay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from api_schema.models import (
    ApplicationProgress, ApplicationReceipt, ApplicationStatus, ApplicationSubmit, Catalog,
    EvaluationReceipt, EvaluationSubmit, MemberProgress, MemberReceipt, Policy, ProgressStage, ServiceItem,
)
from api_schema.bundles import member_deferred, split_form
from api_schema.workdays import add_working_days

from . import schema
from .db import Database, IntegrityError, Row, Tx, open_database
from .store_base import StoreError, _iso, _now
from .store_analytics import Analytics
from .store_auth import DeviceCredentials
from .store_ops import DeviceOperations, FleetEntry
from .store_pickups import PickupLinks
from .store_releases import Releases
from .store_uploads import Uploads

__all__ = ["FleetEntry", "PlatformStore", "StoreError", "StoredApplication"]

_STAGE_NAMES = {
    ApplicationStatus.ACCEPTED: "已受理",
    ApplicationStatus.IN_REVIEW: "审核中",
    ApplicationStatus.APPROVED: "已办结（准予）",
    ApplicationStatus.REJECTED: "已办结（不予）",
}
_STAGE_STATUS = {name: status for status, name in _STAGE_NAMES.items()}
_KIOSK_SUBMITTED, _INSTANT = "自助终端提交，已受理", "秒批：系统自动审批通过"
_BUNDLE_ACCEPTED = re.compile(r"“(.+)”一件事并联受理")


def _note_en(note: str) -> str:
    """The platform's own progress notes in English (a department's notes are its own words)."""
    if note == _KIOSK_SUBMITTED:
        return "Submitted at a self-service kiosk and accepted"
    if note == _INSTANT:
        return "Approved at once by the system"
    bundle = _BUNDLE_ACCEPTED.fullmatch(note)
    return f"Accepted with the one-stop bundle {bundle.group(1)}" if bundle else ""


@dataclass(frozen=True)
class StoredApplication:
    receipt: ApplicationReceipt
    applicant_name: str
    id_number: str
    item: ServiceItem
    device_id: str = ""                # the kiosk it was submitted at


class _LostRace(Exception):
    """A replay of the same request committed first (another worker): answer as a replay."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_hash(payload: ApplicationSubmit) -> str:
    return hashlib.sha256(payload.model_dump_json().encode()).hexdigest()


class PlatformStore(DeviceCredentials, DeviceOperations, PickupLinks, Uploads, Analytics, Releases):
    def __init__(self, where: str | Path, *, migrate: bool = True) -> None:
        """`where`: a SQLite file's path or a PostgreSQL URL. `migrate=False`: the schema is known to be
        the newest (a worker of `serve`, whose parent migrated before forking)."""
        self.db: Database = open_database(where)
        if migrate:
            schema.migrate(self.db)

    def close(self) -> None:
        self.db.close()

    def key(self, name: str) -> bytes:
        """A secret the platform keeps across restarts (certificate 验证码, receipt tracking tags): made
        once, at first use. A printed code must still check out after the platform restarts."""
        with self.db.tx() as db:
            db.execute("INSERT INTO platform_keys VALUES (?, ?) ON CONFLICT DO NOTHING", (name, secrets.token_bytes(32)))
            return bytes(db.execute("SELECT value FROM platform_keys WHERE name = ?", (name,)).fetchone()["value"])

    # ------------------------------------------------------------ catalog

    def set_catalog(self, version: str, items: list[ServiceItem], policies: list[Policy] | None = None) -> Catalog:
        """Store a new catalog revision; the watermark only ever grows."""
        with self.db.tx() as db:
            row = db.execute("SELECT watermark FROM catalog WHERE id = 1" + self.db.for_update).fetchone()
            watermark = (row["watermark"] if row else 0) + 1
            catalog = Catalog(version=version, watermark=watermark, items=items, policies=policies or [])
            body = catalog.model_dump_json()
            etag = f'"{watermark}-{hashlib.sha256(body.encode()).hexdigest()[:16]}"'
            db.execute("INSERT INTO catalog (id, watermark, body, etag) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
                       " SET watermark = excluded.watermark, body = excluded.body, etag = excluded.etag",
                       (watermark, body, etag))
        return catalog

    def catalog(self) -> tuple[str, str]:
        """(etag, body JSON) of the current catalog."""
        row = self.db.execute("SELECT etag, body FROM catalog WHERE id = 1").fetchone()
        if row is None:
            raise StoreError("not_found", "no catalog has been published")
        return row["etag"], row["body"]

    def item(self, code: str) -> ServiceItem | None:
        _, body = self.catalog()
        for item in Catalog.model_validate_json(body).items:
            if item.code == code:
                return item
        return None

    # ------------------------------------------------------------ identity by QR code

    def mint_qr_token(self, kind: str, name: str, id_number: str,
                      ttl: dt.timedelta = dt.timedelta(minutes=5)) -> tuple[str, dt.datetime]:
        """What the e-ID / e-social-security app would show: a short-lived, single-use code."""
        token, expires = secrets.token_urlsafe(24), _now() + ttl
        with self.db.tx() as db:
            db.execute("INSERT INTO qr_tokens (token, kind, name, id_number, expires_at) VALUES (?, ?, ?, ?, ?)",
                       (token, kind, name, id_number.upper(), _iso(expires)))
        return token, expires

    def resolve_qr_token(self, kind: str, token: str) -> tuple[str, str]:
        now = _iso(_now())
        row = self.db.execute(         # one statement: a code shown twice at once is used once
            "UPDATE qr_tokens SET used_at = ? WHERE token = ? AND kind = ? AND used_at IS NULL AND expires_at >= ?"
            " RETURNING name, id_number", (now, token, kind, now)).fetchone()
        if row is None:
            raise StoreError("qr_invalid", "the code is unknown, used or expired")
        return row["name"], row["id_number"]

    # ------------------------------------------------------------ applications

    def _next_application_no(self, db: Tx, today: dt.date, prefix: str = "ZW") -> str:
        name = f"{prefix}-{today:%Y%m%d}"
        seq = db.execute("INSERT INTO counters (name, value) VALUES (?, 1) "
                         "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
                         (name,)).fetchone()["value"]
        return f"{prefix}{today.strftime('%Y%m%d')}{seq:06d}"

    def _replay(self, db: Tx, device_id: str, key: str, digest: str) -> ApplicationReceipt | None:
        row = db.execute("SELECT * FROM applications WHERE device_id = ? AND idempotency_key = ?",
                         (device_id, key)).fetchone()
        if row is None:
            return None
        if row["request_hash"] != digest:
            raise StoreError("idempotency_key_reused", "this Idempotency-Key was used for a different request")
        return self._receipt(row, db).model_copy(update={"replayed": True})

    def submit(self, device_id: str, key: str, payload: ApplicationSubmit, item: ServiceItem) -> ApplicationReceipt:
        digest = request_hash(payload)
        with self.db.tx() as db:
            replayed = self._replay(db, device_id, key, digest)
            if replayed is not None:
                return replayed
            now = _now()
            status = ApplicationStatus.APPROVED if item.instant else ApplicationStatus.ACCEPTED
            promised = add_working_days(now.date(), item.time_limit_promised_days)
            try:
                with db.savepoint():            # a twin that won the race: its number is not spent
                    number = self._next_application_no(db, now.date(), "YJS" if item.members else "ZW")
                    # The database decides (on PostgreSQL a concurrent twin's insert waits for this one)
                    if db.execute(
                        "INSERT INTO applications (application_no, device_id, idempotency_key, request_hash,"
                        " item_code, item_name, applicant_name, id_number, body, status, accepted_at, promised_by,"
                        " instant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (device_id, idempotency_key) DO NOTHING RETURNING application_no",
                        (number, device_id, key, digest, item.code, item.name, payload.applicant.name,
                         payload.applicant.id_number.upper(), payload.model_dump_json(exclude={"attachments"}),
                         status.value, _iso(now), promised.isoformat(), int(item.instant))).fetchone() is None:
                        raise _LostRace
            except _LostRace:
                replayed = self._replay(db, device_id, key, digest)   # committed by the twin: visible now
                assert replayed is not None
                return replayed
            self._claim_uploads(db, number, device_id, payload.uploads)
            self._add_stage(db, number, ApplicationStatus.ACCEPTED, now, _KIOSK_SUBMITTED)
            if item.instant:
                self._add_stage(db, number, ApplicationStatus.APPROVED, now, _INSTANT)
            for member in self._members(item):       # 一件事: one application per member, same transaction
                self._insert_member(db, device_id, key, digest, payload, member, number, now)
            row = db.execute("SELECT * FROM applications WHERE application_no = ?", (number,)).fetchone()
            return self._receipt(row, db)

    def _members(self, item: ServiceItem) -> list[ServiceItem]:
        members = [self.item(code) for code in item.members]
        if any(m is None for m in members):
            raise StoreError("not_found", f"bundle {item.code} names an item the catalog does not hold")
        return members  # type: ignore[return-value]

    def _insert_member(self, db: Tx, device_id: str, key: str, digest: str, payload: ApplicationSubmit,
                       member: ServiceItem, bundle_no: str, now: dt.datetime) -> None:
        number = self._next_application_no(db, now.date())
        body = payload.model_copy(update={"item_code": member.code, "form": split_form(payload.form, member),
                                          "deferred_materials": member_deferred(payload.deferred_materials, member)})
        db.execute(
            "INSERT INTO applications (application_no, device_id, idempotency_key, request_hash, item_code, item_name,"
            " applicant_name, id_number, body, status, accepted_at, promised_by, instant, bundle_no)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            (number, device_id, f"{key}#{member.code}", digest, member.code, member.name, payload.applicant.name,
             payload.applicant.id_number.upper(), body.model_dump_json(exclude={"attachments"}),
             ApplicationStatus.ACCEPTED.value, _iso(now),
             add_working_days(now.date(), member.time_limit_promised_days).isoformat(), bundle_no))
        self._add_stage(db, number, ApplicationStatus.ACCEPTED, now, f"“{bundle_no}”一件事并联受理")

    def _add_stage(self, db: Tx, number: str, status: ApplicationStatus,
                   at: dt.datetime, note: str) -> None:
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM progress WHERE application_no = ?",
                         (number,)).fetchone()[0]
        db.execute("INSERT INTO progress VALUES (?, ?, ?, ?, ?)", (number, seq, _STAGE_NAMES[status], _iso(at), note))

    def _receipt(self, row: Row, db: Tx | None = None) -> ApplicationReceipt:
        status = ApplicationStatus(row["status"])
        members = [MemberReceipt(application_no=m["application_no"], item_code=m["item_code"], item_name=m["item_name"],
                                 status=ApplicationStatus(m["status"]), promised_by=dt.date.fromisoformat(m["promised_by"]))
                   for m in (db or self.db).execute(
                       "SELECT * FROM applications WHERE bundle_no = ? ORDER BY application_no", (row["application_no"],))]
        return ApplicationReceipt(
            application_no=row["application_no"], item_code=row["item_code"], item_name=row["item_name"],
            status=status, accepted_at=dt.datetime.fromisoformat(row["accepted_at"]),
            promised_by=max([dt.date.fromisoformat(row["promised_by"]), *(m.promised_by for m in members)]),
            certificate_available=bool(row["instant"]) and status is ApplicationStatus.APPROVED, members=members)

    def set_status(self, number: str, status: ApplicationStatus, note: str) -> None:
        with self.db.tx() as db:
            if db.execute("UPDATE applications SET status = ? WHERE application_no = ?",
                          (status.value, number)).rowcount == 0:
                raise StoreError("not_found", "no such application")
            self._add_stage(db, number, status, _now(), note)

    def progress(self, number: str) -> ApplicationProgress | None:
        db = self.db
        row = db.execute("SELECT * FROM applications WHERE application_no = ?", (number,)).fetchone()
        if row is None:
            return None
        members = [MemberProgress(application_no=m["application_no"], item_code=m["item_code"], item_name=m["item_name"],
                                  status=ApplicationStatus(m["status"]), stages=self._stages(m["application_no"]))
                   for m in db.execute("SELECT * FROM applications WHERE bundle_no = ? ORDER BY application_no", (number,))]
        return ApplicationProgress(application_no=number, item_code=row["item_code"], item_name=row["item_name"],
                                   status=ApplicationStatus(row["status"]), stages=self._stages(number),
                                   members=members, bundle_no=row["bundle_no"])

    def _stages(self, number: str) -> list[ProgressStage]:
        return [ProgressStage(stage=r["stage"], at=dt.datetime.fromisoformat(r["at"]), note=r["note"],
                              status=_STAGE_STATUS.get(r["stage"]), note_en=_note_en(r["note"]))
                for r in self.db.execute("SELECT * FROM progress WHERE application_no = ? ORDER BY seq", (number,))]

    def progress_by_id_number(self, id_number: str) -> list[ApplicationProgress]:
        rows = self.db.execute(
            "SELECT application_no FROM applications WHERE id_number = ? AND bundle_no = ''"   # a bundle lists its own
            " ORDER BY accepted_at DESC LIMIT 50",
            (id_number.strip().upper(),)).fetchall()
        return [p for p in (self.progress(r["application_no"]) for r in rows) if p is not None]

    def application(self, number: str) -> StoredApplication | None:
        row = self.db.execute("SELECT * FROM applications WHERE application_no = ?", (number,)).fetchone()
        if row is None:
            return None
        item = self.item(row["item_code"])
        if item is None:
            return None
        return StoredApplication(self._receipt(row), row["applicant_name"], row["id_number"], item, row["device_id"])

    def latest_application_no(self) -> str | None:
        row = self.db.execute("SELECT application_no FROM applications ORDER BY accepted_at DESC, application_no DESC LIMIT 1").fetchone()
        return row["application_no"] if row else None

    def count_members(self, bundle_no: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM applications WHERE bundle_no = ?", (bundle_no,)).fetchone()[0]

    def count_applications(self, key: str | None = None) -> int:
        if key is None:
            return self.db.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM applications WHERE idempotency_key = ?",
                                    (key,)).fetchone()[0]

    # ------------------------------------------------------------ evaluations

    def evaluate(self, device_id: str, ev: EvaluationSubmit) -> EvaluationReceipt:
        with self.db.tx() as db:
            row = db.execute("SELECT status FROM applications WHERE application_no = ?",
                             (ev.application_no,)).fetchone()
            if row is None:
                raise StoreError("not_found", "no such application")
            finished = row["status"] in (ApplicationStatus.APPROVED.value, ApplicationStatus.REJECTED.value)
            if ev.stage.value == "complete" and not finished:
                raise StoreError("stage_not_reached", "the application is not finished yet")
            evaluation_id = "E" + secrets.token_hex(8).upper()
            try:
                db.execute("INSERT INTO evaluations VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (evaluation_id, ev.application_no, ev.stage.value, int(ev.level), ev.comment,
                            _iso(_now()), device_id))
            except IntegrityError:
                raise StoreError("already_evaluated", "this stage of the application was already rated") from None
        return EvaluationReceipt(evaluation_id=evaluation_id, application_no=ev.application_no,
                                 stage=ev.stage, level=ev.level)
