"""The platform's store on both engines, without HTTP: what must hold when several workers write at
once (PostgreSQL runs READ COMMITTED with no lock in any one process), migrations run twice or from two
platforms at once, a SQLite file from before migrations, and a database that stops answering."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
import uuid

import pytest
import requests

from api_schema.models import Applicant, ApplicationSubmit, CardType, Heartbeat, VerificationRecord
from platform_server import schema
from platform_server.db import DatabaseUnavailable, open_database
from platform_server.runner import PlatformProcess
from platform_server.store import PlatformStore

from .. import peers
from ..helpers import ID_NUMBER, NAME, at_once


def _submission() -> ApplicationSubmit:
    now = dt.datetime.now(dt.timezone.utc)
    return ApplicationSubmit(
        item_code="RS-0101", applicant=Applicant(name=NAME, id_number=ID_NUMBER, card_type=CardType.RESIDENT),
        form={"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000", "purpose": "购房",
              "months": "12"}, client_created_at=now,
        verification=VerificationRecord(method="card_only", passed=True, at=now))


def test_replays_racing_on_many_connections_make_one_application_and_spend_no_number(store):
    item, payload, key = store.item("RS-0101"), _submission(), uuid.uuid4().hex
    receipts = at_once(12, lambda _: store.submit("K1", key, payload, item))
    assert len({r.application_no for r in receipts}) == 1
    assert sum(not r.replayed for r in receipts) == 1 and store.count_applications(key) == 1
    first = receipts[0].application_no
    following = store.submit("K1", uuid.uuid4().hex, payload, item).application_no
    assert int(following[-6:]) == int(first[-6:]) + 1          # the losers' numbers were given back


def test_a_command_is_delivered_once_to_heartbeats_racing(store):
    store.db.execute("INSERT INTO devices (device_id, name, token_hash, enrolled_at) VALUES ('K2', 'k', 'h', '2026-12-01T00:00:00+00:00')")
    for c in ("restart", "refresh-catalog", "upload-logs"):
        store.queue_command("K2", c)
    beat = Heartbeat(kiosk_state="AVAILABLE", software_version="t", sent_at=dt.datetime.now(dt.timezone.utc))
    delivered = [answer.commands for answer in at_once(8, lambda _: store.heartbeat("K2", beat))]
    assert sorted(c for got in delivered for c in got) == ["refresh-catalog", "restart", "upload-logs"]
    assert [c for got in delivered for c in got if got] == ["restart", "refresh-catalog", "upload-logs"]
    (entry,) = [f for f in store.fleet() if f.device_id == "K2"]
    assert entry.heartbeat == beat                                # the latest state, one row per kiosk


def test_a_pickup_links_last_use_and_a_login_code_are_taken_once(store):
    token, _ = store.create_pickup("ZW1", "K1", uses=1)
    assert sum(r is not None for r in at_once(8, lambda _: store.use_pickup(token))) == 1
    code, _ = store.mint_qr_token("e-id", NAME, ID_NUMBER)

    def resolve(_: int) -> bool:
        try:
            return store.resolve_qr_token("e-id", code) == (NAME, ID_NUMBER)
        except Exception:   # noqa: BLE001 - StoreError qr_invalid for all but one
            return False
    assert sum(at_once(8, resolve)) == 1


def test_migrating_twice_and_from_two_platforms_at_once_is_harmless(where):
    db = open_database(where)
    try:
        command = [sys.executable, "-m", "platform_server.cli", "migrate", "--db", where]
        first = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr[-800:]
        both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for p in both:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 and "schema at revision" in out, err[-800:]
        assert schema.current(db) == schema.head() != ""
    finally:
        db.close()


# The shape of the SQLite store before migrations (the oldest still in the field: no bundles, no
# purge of unclaimed uploads, SMS challenges not bound to a kiosk), with a person's application in it.
_BEFORE = """
CREATE TABLE devices (device_id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
    public_key_pem TEXT, enrolled_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE applications (application_no TEXT PRIMARY KEY, device_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL, item_code TEXT NOT NULL, item_name TEXT NOT NULL, applicant_name TEXT NOT NULL,
    id_number TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, accepted_at TEXT NOT NULL,
    promised_by TEXT NOT NULL, instant INTEGER NOT NULL, UNIQUE (device_id, idempotency_key));
CREATE TABLE uploads (upload_id TEXT NOT NULL, device_id TEXT NOT NULL, filename TEXT NOT NULL,
    content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, data BLOB NOT NULL,
    application_no TEXT, PRIMARY KEY (device_id, upload_id));
CREATE TABLE sms_challenges (challenge_id TEXT PRIMARY KEY, id_number TEXT NOT NULL, code_hash TEXT NOT NULL,
    expires_at TEXT NOT NULL, attempts_left INTEGER NOT NULL, verified_at TEXT);
CREATE TABLE heartbeats (device_id TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL);
INSERT INTO devices VALUES ('K9', 'hall', 'h', NULL, '2026-01-01T00:00:00+00:00', 0);
INSERT INTO applications VALUES ('ZW20260101000001', 'K9', 'k', 'r', 'RS-0101', '社保参保证明', '张三',
    '110101199003070011', '{}', 'accepted', '2026-01-01T00:00:00+00:00', '2026-01-09', 0);
INSERT INTO heartbeats VALUES ('K9', '2026-01-01T00:00:00+00:00', '{"old": 1}');
INSERT INTO heartbeats VALUES ('K9', '2026-01-02T00:00:00+00:00', '{"new": 1}');
"""


def test_a_sqlite_file_from_before_migrations_is_brought_up_to_date_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.executescript(_BEFORE)
    store = PlatformStore(path)
    try:
        assert store.count_applications() == 1 and store.latest_application_no() == "ZW20260101000001"
        columns = {t: {c[1] for c in store.db.execute(f"PRAGMA table_info({t})")}
                   for t in ("applications", "uploads", "sms_challenges")}
        assert "bundle_no" in columns["applications"] and "created_at" in columns["uploads"]
        assert "device_id" in columns["sms_challenges"]
        assert store.db.execute("SELECT body FROM device_state WHERE device_id = 'K9'").fetchone()[0] == '{"new": 1}'
        assert schema.current(store.db) == schema.head()
    finally:
        store.close()


def test_a_dead_database_is_a_503_then_the_platform_serves_again_when_it_is_back(tmp_path):
    """PostgreSQL stopped under a running platform (two workers): each request is refused with 503 and
    Retry-After within the pool's timeout (the kiosk's outbox keeps the application and sends it again);
    started again on the same data, the same workers serve without a restart — the first request after
    it too, though it is a write (the nonce) and may reach a worker whose pooled connections the restart
    closed without its knowing (a 503 there, once in CI, before each connection was checked)."""
    server = peers.start_postgres()
    platform = None
    try:
        url = server.database()
        platform = PlatformProcess(tmp_path, db=url, workers=2)
        assert requests.get(platform.url + "/v1/catalog", timeout=10).status_code == 401     # up (unsigned)
        from ..signed import SignedKiosk
        kiosk = SignedKiosk(platform.url, platform.pairing_code(), "t")
        assert kiosk.get("/v1/catalog").status_code == 200
        server.halt()
        down = kiosk.get("/v1/catalog")
        assert down.status_code == 503 and down.json()["error"]["code"] == "unavailable"
        server.resume()
        back = kiosk.get("/v1/catalog")
        assert back.status_code == 200, back.text
    finally:
        if platform is not None:
            platform.stop()
        server.stop()


def test_a_database_that_never_answers_is_refused_within_the_pool_timeout():
    db = open_database("postgresql://kiosk@127.0.0.1:9/none?connect_timeout=1")
    try:
        with pytest.raises(DatabaseUnavailable):
            db.execute("SELECT 1")
    finally:
        db.close()


def test_workers_killed_mid_request_lose_nothing_and_make_nothing_twice(tmp_path):
    """Two workers on PostgreSQL, killed (SIGKILL) again and again while a kiosk streams an attachment and
    sends the same application over and over as its outbox would: uvicorn starts new workers, the
    interrupted requests fail, and in the end the application exists exactly once, with its attachment
    whole, every answer that came back naming the same number."""
    import hashlib
    import http.client
    import os
    import time
    from urllib.parse import urlsplit

    from .test_api import application, kill_workers
    from ..signed import SignedKiosk, Signer

    server = peers.start_postgres()
    platform = None
    try:
        platform = PlatformProcess(tmp_path, db=server.database(), workers=2)
        kiosk = SignedKiosk(platform.url, platform.pairing_code(), "t")
        blob = os.urandom(4 * 2**20)
        # an attachment streamed slowly, its workers killed half way
        prepared = requests.Request("PUT", platform.url + "/v1/uploads/scan-000001", data=blob,
                                    headers={"Content-Type": "image/jpeg", "X-Filename": "scan.jpg"}).prepare()
        Signer(kiosk)(prepared)
        where = urlsplit(platform.url)
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        conn.putrequest("PUT", "/v1/uploads/scan-000001")
        for name, value in prepared.headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        killed = False
        try:
            for start in range(0, len(blob), 256 * 1024):
                conn.send(blob[start:start + 256 * 1024])
                time.sleep(0.02)
                if start >= len(blob) // 2 and not killed:
                    kill_workers(platform)
                    killed = True
            status = conn.getresponse().status
        except (OSError, http.client.HTTPException):
            status = None
        assert killed and status != 200, "the request was not interrupted"

        def ready() -> bool:
            try:
                return requests.get(platform.url + "/readyz", timeout=2).status_code == 200
            except requests.RequestException:
                return False
        deadline = time.monotonic() + 60
        while not ready():
            assert time.monotonic() < deadline, "no worker came back"
            time.sleep(0.5)
        # the outbox sends it all again: the upload, then the application, while workers keep dying
        key, numbers, stop = uuid.uuid4().hex, [], threading.Event()
        body = application("YB-0601", {"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000"})
        body["uploads"] = [{"upload_id": "scan-000001", "material_code": "other", "filename": "scan.jpg",
                            "content_type": "image/jpeg", "size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}]

        def outbox() -> None:
            uploaded = False
            while not stop.is_set():
                try:
                    if not uploaded:
                        uploaded = kiosk.request("PUT", "/v1/uploads/scan-000001", data=blob, headers={
                            "Content-Type": "image/jpeg", "X-Filename": "scan.jpg"}).status_code == 200
                        continue
                    made = kiosk.post("/v1/applications", json=body, headers={"Idempotency-Key": key})
                    if made.status_code in (200, 201):
                        numbers.append(made.json()["application_no"])
                except requests.RequestException:
                    pass
                time.sleep(0.05)
        sender = threading.Thread(target=outbox)
        sender.start()
        for _ in range(3):
            time.sleep(0.7)
            kill_workers(platform)
        deadline = time.monotonic() + 60
        while len(numbers) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        stop.set()
        sender.join(30)
        assert len(numbers) >= 3 and len(set(numbers)) == 1, numbers
        assert platform.count_applications(key) == 1
        store = PlatformStore(platform.db, migrate=False)
        try:
            ((_, _, size, data),) = store.attachments_of(numbers[0])
        finally:
            store.close()
        assert size == len(blob) and data == blob
    finally:
        if platform is not None:
            platform.stop()
        server.stop()
