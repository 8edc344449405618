"""System releases and their rollout: a signed bundle kept in chunks (streamed in as it is uploaded,
streamed out by byte range so a kiosk resumes an interrupted download), stages of the fleet it is
offered to, and who runs what from the kiosks' heartbeats. A part of PlatformStore (its database).

The platform does not check a bundle's signature: the kiosk does, against the keyring in its image
(RAUC), so a platform broken into cannot install anything a province did not sign. A province with
thousands of kiosks would put the bundles behind a content network; the kiosk checks size and SHA-256
whatever served them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import AsyncIterator, Awaitable, Callable, Iterator

from api_schema.models import Heartbeat
from api_schema.releases import (
    FINAL_CODES, RETRIED_CODES, REFUSED, ROLLED_BACK, KioskRelease, Release, Rollout, RolloutCreate, RolloutProgress,
    RolloutState, UpdateCheck, UpdateOffer,
)

from .db import Database, Row
from .store_base import StoreError, _iso, _now

RELEASE_CHUNK = 1 << 20
MAX_RELEASE = 4 << 30                  # a slot is 4 GiB; its bundle is smaller


def share(version: str, device_id: str) -> int:
    """A kiosk's place 0–99 in a release's rollout: the same for every stage of that release, so a wider
    percentage only adds kiosks; another release draws another order (not always the same first 10 %)."""
    return int.from_bytes(hashlib.sha256(f"{version}:{device_id}".encode()).digest()[:4], "big") % 100


def targets(rollout: Rollout, device_id: str, hall: str) -> bool:
    if rollout.kiosks:
        return device_id in rollout.kiosks
    return (not rollout.hall or rollout.hall == hall) and share(rollout.version, device_id) < rollout.percent


def failed_on(hb: Heartbeat | KioskRelease | None, version: str) -> bool:
    """This kiosk tried the release and it failed for the release's sake (not offered again)."""
    return hb is not None and hb.update_version == version and (
        hb.update_state == ROLLED_BACK or (hb.update_state == REFUSED and hb.update_code in FINAL_CODES))


def outcome(hb: Heartbeat | KioskRelease, version: str) -> str:
    if hb.system_version == version:
        return "updated"
    if hb.update_version == version and (hb.update_state == ROLLED_BACK or (
            hb.update_state == REFUSED and hb.update_code not in RETRIED_CODES)):
        return "failed"
    if hb.update_version == version and hb.update_state in ("downloading", "downloaded", "installed"):
        return hb.update_state
    return "waiting"


class Releases:
    """Mixed into PlatformStore, which provides the database."""
    db: Database

    async def put_release(self, version: str, compatible: str, notes: str, who: str,
                          chunks: AsyncIterator[bytes], run: Callable[..., Awaitable[object]]) -> Release:
        """A bundle streamed in (`chunks`), written a chunk at a time (`run` takes the database writes off
        the event loop). A version is immutable once complete; an upload broken off is replaced by the
        next upload of that version."""
        def begin() -> None:
            with self.db.tx() as db:
                row = db.execute("SELECT ready FROM releases WHERE version = ?" + self.db.for_update,
                                 (version,)).fetchone()
                if row is not None and row["ready"]:
                    raise StoreError("release_exists", f"release {version} exists: a release is never replaced")
                db.execute("DELETE FROM release_chunks WHERE version = ?", (version,))
                db.execute("DELETE FROM releases WHERE version = ?", (version,))
                db.execute("INSERT INTO releases VALUES (?, ?, ?, 0, '', 0, ?, ?)",
                           (version, compatible, notes, _iso(_now()), who))

        def put(seq: int, data: bytes) -> None:
            self.db.execute("INSERT INTO release_chunks VALUES (?, ?, ?)", (version, seq, data))

        await run(begin)
        size, seq, hasher, buffer = 0, 0, hashlib.sha256(), bytearray()
        async for piece in chunks:
            size += len(piece)
            if size > MAX_RELEASE:
                raise StoreError("body_too_large", f"a release is at most {MAX_RELEASE >> 30} GiB")
            hasher.update(piece)
            buffer += piece
            while len(buffer) >= RELEASE_CHUNK:
                await run(put, seq, bytes(buffer[:RELEASE_CHUNK]))
                del buffer[:RELEASE_CHUNK]
                seq += 1
        if buffer:
            await run(put, seq, bytes(buffer))
        if size == 0:
            raise StoreError("invalid_request", "an empty release")
        await run(self.db.execute, "UPDATE releases SET size = ?, sha256 = ?, ready = 1 WHERE version = ?",
                  (size, hasher.hexdigest(), version))
        found = self.release(version)
        assert found is not None
        return found

    def release(self, version: str) -> Release | None:
        row = self.db.execute("SELECT * FROM releases WHERE version = ? AND ready = 1", (version,)).fetchone()
        return _release(row) if row else None

    def releases(self) -> list[Release]:
        return [_release(r) for r in self.db.execute("SELECT * FROM releases WHERE ready = 1 ORDER BY uploaded_at DESC")]

    def release_bytes(self, version: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes start..end (inclusive) of a release, a chunk's query at a time."""
        seq, skip = divmod(start, RELEASE_CHUNK)
        left = end - start + 1
        while left > 0:
            row = self.db.execute("SELECT data FROM release_chunks WHERE version = ? AND seq = ?",
                                  (version, seq)).fetchone()
            if row is None:
                return
            data = bytes(row["data"])[skip:skip + left]
            yield data
            left -= len(data)
            seq, skip = seq + 1, 0

    # ------------------------------------------------------------ rollouts

    def create_rollout(self, req: RolloutCreate, who: str) -> Rollout:
        if self.release(req.version) is None:
            raise StoreError("not_found", f"no release {req.version}: upload it first")
        row = self.db.execute(
            "INSERT INTO rollouts (version, kiosks, percent, hall, allow_downgrade, state, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (req.version, json.dumps(sorted(set(req.kiosks))), req.percent, req.hall, int(req.allow_downgrade),
             RolloutState.ACTIVE.value, _iso(_now()), who)).fetchone()
        return _rollout(row)

    def set_rollout_state(self, rollout_id: int, state: RolloutState) -> Rollout:
        """Pause, resume or abort. An aborted rollout stays aborted (start a new one instead)."""
        with self.db.tx() as db:
            row = db.execute("SELECT * FROM rollouts WHERE id = ?" + self.db.for_update, (rollout_id,)).fetchone()
            if row is None:
                raise StoreError("not_found", "no such rollout")
            if row["state"] == RolloutState.ABORTED.value and state is not RolloutState.ABORTED:
                raise StoreError("rollout_ended", "an aborted rollout is not resumed: start a new one")
            row = db.execute("UPDATE rollouts SET state = ? WHERE id = ? RETURNING *",
                             (state.value, rollout_id)).fetchone()
        return _rollout(row)

    def rollouts(self) -> list[Rollout]:
        return [_rollout(r) for r in self.db.execute("SELECT * FROM rollouts ORDER BY id DESC")]

    def update_check(self, device_id: str) -> UpdateCheck:
        """What this kiosk should install: the newest rollout that targets it (active or paused), unless it
        runs that release already or the release failed on it."""
        device = self.db.execute("SELECT hall FROM devices WHERE device_id = ?", (device_id,)).fetchone()
        hall = device["hall"] if device else ""
        hb = self.device_state(device_id)
        for rollout in self.rollouts():
            if rollout.state is RolloutState.ABORTED or not targets(rollout, device_id, hall):
                continue
            if (hb is not None and hb.system_version == rollout.version) or failed_on(hb, rollout.version):
                return UpdateCheck()
            if rollout.state is RolloutState.PAUSED:
                return UpdateCheck(paused=True)
            release = self.release(rollout.version)
            assert release is not None
            return UpdateCheck(offer=UpdateOffer(version=release.version, size=release.size, sha256=release.sha256,
                                                 allow_downgrade=rollout.allow_downgrade,
                                                 path=f"/v1/releases/{release.version}/bundle"))
        return UpdateCheck()

    def who_runs_what(self, hall: str = "") -> list[KioskRelease]:
        """Every kiosk not revoked (of one `hall` when given) with its release and last update outcome."""
        rows = self.db.execute("SELECT d.device_id, d.name, d.hall, s.received_at, s.body FROM devices d LEFT JOIN"
                               " device_state s ON s.device_id = d.device_id WHERE d.revoked = 0"
                               + (" AND d.hall = ?" if hall else "") + " ORDER BY d.name, d.device_id",
                               (hall,) if hall else ()).fetchall()
        out = []
        for r in rows:
            hb = Heartbeat.model_validate_json(r["body"]) if r["body"] else None
            out.append(KioskRelease(
                device_id=r["device_id"], name=r["name"], hall=r["hall"] or "",
                system_version=hb.system_version if hb else "", boot_slot=hb.boot_slot if hb else "",
                update_state=hb.update_state if hb else "", update_version=hb.update_version if hb else "",
                update_code=hb.update_code if hb else "", update_message=hb.update_message if hb else "",
                last_seen=dt.datetime.fromisoformat(r["received_at"]) if r["received_at"] else None))
        return out

    def rollout_progress(self, rollout_id: int, hall: str = "") -> RolloutProgress:
        """A rollout's targets counted by outcome (of one `hall` when given), and those it failed on."""
        found = [r for r in self.rollouts() if r.id == rollout_id]
        if not found:
            raise StoreError("not_found", "no such rollout")
        rollout = found[0]
        counts: dict[str, int] = {}
        failed, targeted = [], 0
        for kiosk in self.who_runs_what(hall):
            if not targets(rollout, kiosk.device_id, kiosk.hall):
                continue
            targeted += 1
            state = outcome(kiosk, rollout.version)
            counts[state] = counts.get(state, 0) + 1
            if state == "failed":
                failed.append(kiosk)
        return RolloutProgress(rollout=rollout, targeted=targeted, counts=counts, failed=failed)

    device_state: Callable[[str], Heartbeat | None]          # DeviceOperations'


def _release(row: Row) -> Release:
    return Release(version=row["version"], compatible=row["compatible"], notes=row["notes"], size=row["size"],
                   sha256=row["sha256"], uploaded_at=dt.datetime.fromisoformat(row["uploaded_at"]),
                   uploaded_by=row["uploaded_by"])


def _rollout(row: Row) -> Rollout:
    return Rollout(id=row["id"], version=row["version"], kiosks=json.loads(row["kiosks"]), percent=row["percent"],
                   hall=row["hall"], allow_downgrade=bool(row["allow_downgrade"]), state=RolloutState(row["state"]),
                   created_at=dt.datetime.fromisoformat(row["created_at"]), created_by=row["created_by"])
