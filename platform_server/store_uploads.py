"""Attachments: uploaded before the application that uses them, written in chunks as they stream in and
read back the same way — never whole in a worker's memory (20 MiB × every thread of every worker
would be). A part of PlatformStore (its database)."""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO, Iterator, Sequence

from api_schema.models import UploadRef

from .db import Database, Tx
from .store_base import StoreError, _iso, _now

UNCLAIMED_TTL = dt.timedelta(hours=24)     # an outbox resends its uploads before it submits: a day is plenty
UNCLAIMED_MAX = 256                        # a kiosk's unclaimed uploads (an application has up to 32)
CHUNK = 256 * 1024


class Uploads:
    """Mixed into PlatformStore, which provides the database."""
    db: Database

    def put_upload(self, device_id: str, upload_id: str, filename: str, content_type: str, body: BinaryIO,
                   size: int, digest: str) -> None:
        """Store an upload read from `body` (its `size` and SHA-256 `digest` known: the request was
        spooled while it was hashed). A replay of the same id replaces it until an application uses it;
        uploads no application claimed within UNCLAIMED_TTL are purged; a kiosk holds at most
        UNCLAIMED_MAX unclaimed."""
        with self.db.tx() as db:
            stale = (_iso(_now() - UNCLAIMED_TTL),)
            db.execute("DELETE FROM upload_chunks WHERE (device_id, upload_id) IN (SELECT device_id, upload_id"
                       " FROM uploads WHERE application_no IS NULL AND created_at < ?)", stale)
            db.execute("DELETE FROM uploads WHERE application_no IS NULL AND created_at < ?", stale)
            waiting = db.execute("SELECT COUNT(*) FROM uploads WHERE device_id = ? AND application_no IS NULL"
                                 " AND upload_id != ?", (device_id, upload_id)).fetchone()[0]
            if waiting >= UNCLAIMED_MAX:
                raise StoreError("rate_limited", "too many uploads not yet used by an application")
            row = db.execute("SELECT sha256, application_no FROM uploads WHERE device_id = ? AND upload_id = ?"
                             + self.db.for_update, (device_id, upload_id)).fetchone()
            if row is not None and row["application_no"] is not None:
                if row["sha256"] != digest:
                    raise StoreError("idempotency_key_reused", "this upload id belongs to a submitted application")
                return
            db.execute("DELETE FROM upload_chunks WHERE device_id = ? AND upload_id = ?", (device_id, upload_id))
            seq = 0
            while chunk := body.read(CHUNK):
                db.execute("INSERT INTO upload_chunks VALUES (?, ?, ?, ?)", (device_id, upload_id, seq, chunk))
                seq += 1
            db.execute("INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (device_id, upload_id)"
                       " DO UPDATE SET filename = excluded.filename, content_type = excluded.content_type,"
                       " size = excluded.size, sha256 = excluded.sha256, data = excluded.data,"
                       " created_at = excluded.created_at",
                       (upload_id, device_id, filename, content_type, size, digest, b"", _iso(_now())))

    def _claim_uploads(self, db: Tx, number: str, device_id: str, refs: Sequence[UploadRef]) -> None:
        """The application's attachments: its uploads, as they were sent (size and digest checked)."""
        for ref in refs:
            row = db.execute("SELECT size, sha256 FROM uploads WHERE device_id = ? AND upload_id = ?"
                             + self.db.for_update, (device_id, ref.upload_id)).fetchone()
            if row is None or row["size"] != ref.size or row["sha256"] != ref.sha256:
                raise StoreError("upload_missing", f"upload {ref.upload_id} missing or different")
            db.execute("INSERT INTO attachments (application_no, material_code, filename, content_type, size, data,"
                       " device_id, upload_id) SELECT ?, ?, filename, content_type, size, data, device_id, upload_id"
                       " FROM uploads WHERE device_id = ? AND upload_id = ?",
                       (number, ref.material_code, device_id, ref.upload_id))
            db.execute("UPDATE uploads SET application_no = ? WHERE device_id = ? AND upload_id = ?",
                       (number, device_id, ref.upload_id))

    def attachment_chunks(self, device_id: str, upload_id: str) -> Iterator[bytes]:
        """An attachment's bytes, a chunk at a time (one query per chunk: none held in memory)."""
        seq = 0
        while (row := self.db.execute("SELECT data FROM upload_chunks WHERE device_id = ? AND upload_id = ?"
                                      " AND seq = ?", (device_id, upload_id, seq)).fetchone()) is not None:
            yield bytes(row["data"])
            seq += 1

    def attachments_of(self, number: str) -> list[tuple[str, str, int, bytes]]:
        """(material, filename, size, bytes) of an application's attachments (an operator's or a test's
        look; a download would stream attachment_chunks)."""
        return [(r["material_code"], r["filename"], r["size"],
                 b"".join(self.attachment_chunks(r["device_id"], r["upload_id"])) if r["upload_id"]
                 else bytes(r["data"]))
                for r in self.db.execute("SELECT material_code, filename, size, data, device_id, upload_id"
                                         " FROM attachments WHERE application_no = ?", (number,))]
