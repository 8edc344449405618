"""The outbox and its sync: encryption at rest, one-transaction enqueue, refusals that corrupt
nothing, and exactly-once delivery through real network faults to the real platform."""

import dataclasses
import datetime as dt
import os
import time
from pathlib import Path

import pytest

from api_schema.models import ApplicationSubmit, Applicant, CardType
from kiosk.config import Config, with_overrides
from kiosk.platform_client import PlatformClient
from kiosk.storage import StoreUnavailable, open_outbox
from kiosk.sync import Sent, SyncWorker
from offline_cache.crypto import Sealer, SealError, load_or_create_key
from offline_cache.db import MIGRATIONS, StoreCorrupt, StoreFull
from offline_cache.outbox import Attachment, Bounds, ClientStatus, Outbox, OutboxRefused

from .faultproxy import FaultProxy
from .helpers import ID_NUMBER, NAME, face_record

MB = 2**20


def application(mobile: str = "13800138000") -> bytes:
    return ApplicationSubmit(
        item_code="YB-0601", applicant=Applicant(name=NAME, id_number=ID_NUMBER, card_type=CardType.RESIDENT),
        form={"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": mobile}, verification=face_record(),
        client_created_at=dt.datetime.now(dt.timezone.utc)).model_dump_json().encode()


def make_outbox(tmp_path: Path, cipher: str = "aes-256-gcm", **kw) -> Outbox:
    key = load_or_create_key(tmp_path / "secrets" / "store.key", cipher, create=True)
    return Outbox(tmp_path / "kiosk.db", Sealer(key, cipher), **kw)


def test_nothing_personal_in_plaintext_on_disk(tmp_path):
    box = make_outbox(tmp_path)
    scan = b"%PDF-1.4 " + NAME.encode() + os.urandom(2 * MB)
    payload = application()
    item = box.enqueue("application", payload, [Attachment("id-card-front.jpg", "image/jpeg", scan)])
    assert box.payload(item) == payload
    [(name, ctype, chunks)] = box.attachments(item)
    parts = list(chunks())
    assert name == "id-card-front.jpg" and len(parts) == 9 and b"".join(parts) == scan   # 256 KiB chunks
    box.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    for path in tmp_path.glob("kiosk.db*"):
        raw = path.read_bytes()
        for secret in (NAME.encode(), NAME.encode("gbk"), ID_NUMBER.encode(), b"13800138000"):
            assert secret not in raw, (path.name, secret)
    key = tmp_path / "secrets" / "store.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"


def test_sealed_values_are_bound_to_their_row(tmp_path):
    box = make_outbox(tmp_path)
    a, b = box.enqueue("application", b"first"), box.enqueue("application", b"second")
    with box.conn:
        box.conn.execute("UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE id = ?) WHERE id = ?", (a, b))
    with pytest.raises(SealError):
        box.payload(b)


def test_sm4_cipher(tmp_path):
    box = make_outbox(tmp_path, "sm4-gcm")
    payload = application()
    item = box.enqueue("application", payload)
    assert box.payload(item) == payload
    assert b"\x02" == box.conn.execute("SELECT substr(payload, 1, 1) FROM outbox").fetchone()[0]


def test_due_is_oldest_first_and_bounded_by_snapshot(tmp_path):
    now = [1000.0]
    box = make_outbox(tmp_path, clock=lambda: now[0])
    ids = []
    for i in range(3):
        ids.append(box.enqueue("application", b"x"))
        now[0] += 1
    assert [i.id for i in box.due(snapshot=1001.5)] == ids[:2]
    box.mark_retry(ids[0], "platform_unreachable", next_attempt_at=now[0] + 60)
    assert [i.id for i in box.due()] == ids[1:]


def test_migrations_run_once(tmp_path):
    box = make_outbox(tmp_path)
    box.enqueue("application", b"x")
    box.close()
    again = make_outbox(tmp_path)
    assert again.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert again.stats().depth == 1


def test_corrupted_database_is_refused(tmp_path):
    box = make_outbox(tmp_path)
    box.enqueue("application", b"x")
    box.close()
    db = tmp_path / "kiosk.db"
    raw = bytearray(db.read_bytes())
    raw[100:4096] = os.urandom(3996)                 # scribble over the schema page
    db.write_bytes(raw)
    with pytest.raises(StoreCorrupt):
        make_outbox(tmp_path)


def test_missing_or_exposed_key_is_a_clear_refusal(tmp_path):
    cfg = with_overrides(Config(), kiosk={"state_dir": str(tmp_path)})
    box = open_outbox(cfg)
    box.enqueue("application", b"x")
    box.close()
    key = tmp_path / "secrets" / "store.key"
    key.chmod(0o644)
    with pytest.raises(StoreUnavailable, match="readable by other users"):
        open_outbox(cfg)
    key.unlink()
    with pytest.raises(StoreUnavailable, match="missing"):
        open_outbox(cfg)                             # never a fresh key over existing data
    assert not key.exists()


def test_disk_full_refuses_and_corrupts_nothing(tmp_path):
    box = make_outbox(tmp_path, max_page_count=64)   # a tiny "disk": 64 pages
    first = box.enqueue("application", application())
    with pytest.raises(StoreFull):
        box.enqueue("application", application(), [Attachment("scan.jpg", "image/jpeg", os.urandom(MB))])
    assert box.stats().depth == 1 and box.payload(first)
    assert box.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert box.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0   # nothing half-written


def test_offline_bounds(tmp_path):
    now = [1_000_000.0]
    box = make_outbox(tmp_path, clock=lambda: now[0], bounds=Bounds(max_queue=2, max_offline_days=1, min_free_mb=0))
    box.enqueue("application", b"a")
    box.check_bounds()
    box.enqueue("application", b"b")
    with pytest.raises(OutboxRefused) as err:
        box.check_bounds()
    assert err.value.code == "offline_queue_full"
    box.bounds = Bounds(max_queue=100, max_offline_days=1, min_free_mb=0)
    now[0] += 2 * 86400                               # two days without a good sync
    with pytest.raises(OutboxRefused, match="sync") as err:
        box.check_bounds()
    assert err.value.code == "offline_too_long"
    box.mark_good_sync()
    box.check_bounds()
    box.bounds = Bounds(min_free_mb=10**9)
    with pytest.raises(OutboxRefused) as err:
        box.check_bounds()
    assert err.value.code == "offline_disk_low"


# ---------------------------------------------------------------- sync against the real platform

@pytest.fixture
def proxied(platform, platform_cfg, client, tmp_path):
    """A sync worker whose client goes through the fault proxy to the real platform."""
    proxy = FaultProxy(platform.url)
    cfg = dataclasses.replace(platform_cfg, url=proxy.url, read_timeout_s=1.0, connect_timeout_s=1.0)
    faulty = PlatformClient(cfg)
    box = make_outbox(tmp_path)
    worker = SyncWorker(box, faulty, base_backoff_s=0.01, max_backoff_s=0.02)
    yield worker, proxy, box
    proxy.close()
    box.close()


@pytest.mark.parametrize("fault", ["500", "reset", "slow", "lost_answer"])
def test_faults_keep_items_and_deliver_exactly_once(proxied, platform, fault):
    worker, proxy, box = proxied
    ids = [box.enqueue("application", application(f"1380013800{i}")) for i in range(5)]
    proxy.mode = fault
    report = worker.sync_once()
    # the pass stops after the first group in flight fails: the later items are not even tried
    assert report.done == 0 and report.retried == worker.concurrency == 2
    assert box.stats().depth == 5
    assert box.get(ids[0]).attempts == 1 and box.get(ids[0]).last_error.startswith("platform_")
    assert box.get(ids[4]).attempts == 0
    proxy.mode = "pass"
    time.sleep(0.05)
    assert worker.sync_once().done == 5 and box.stats().depth == 0
    for key in ids:
        assert platform.count_applications(key) == 1              # lost_answer: the replay was deduped
    assert box.get(ids[0]).server_ref.startswith("ZW")


def test_permanent_rejection_is_parked_not_lost(proxied, platform):
    worker, proxy, box = proxied
    bad = box.enqueue("application", application("123"))          # the platform refuses the mobile number
    good = box.enqueue("application", application())
    report = worker.sync_once()
    assert report.parked == 1 and report.done == 1
    item, status, code, reason = box.parked()[0]
    assert item.id == bad and status == 422 and code == "form_invalid" and item.client_status is ClientStatus.PARKED
    assert box.payload(bad)                                        # kept for the technician
    assert platform.count_applications(good) == 1


def test_send_now_and_purge_after_retention(proxied):
    now = [time.time()]
    worker, proxy, box = proxied
    box.clock = lambda: now[0]
    item = box.enqueue("application", application())
    result = worker.send_now(item)
    assert result.status is Sent.DONE and result.receipt.application_no.startswith("ZW")
    assert worker.send_now(item).receipt == result.receipt           # answered from the stored receipt
    assert box.purge(retention_s=3600) == 0
    now[0] += 7200
    assert box.purge(retention_s=3600) == 1 and box.get(item) is None


def test_key_creation_is_atomic_under_kill(tmp_path):
    """kill -9 at random moments while the very first start creates the key: afterwards the key
    is either absent or whole, and the store opens."""
    import random
    import subprocess
    import sys
    script = ("import sys; from pathlib import Path; from offline_cache.crypto import load_or_create_key;"
              "[load_or_create_key(Path(sys.argv[1]) / f'k{i}', 'aes-256-gcm', create=True) for i in range(300)]")
    rng = random.Random(7)
    for run in range(5):
        folder = tmp_path / f"r{run}"
        proc = subprocess.Popen([sys.executable, "-c", script, str(folder)])
        time.sleep(rng.uniform(0.1, 0.3))
        proc.kill()
        proc.wait()
        for key in folder.glob("k*"):
            assert len(key.read_bytes()) == 32, key


@pytest.mark.parametrize("fault", ["reset", "lost_answer"])
def test_attachments_are_streamed_and_delivered_exactly_once(proxied, platform, fault):
    """2 MB of attachments go up in sealed 256 KiB chunks under stable upload ids; faults mid-way
    just mean they are sent again; the platform ends with one application and identical bytes."""
    import hashlib
    import uuid

    from kiosk.sync import upload_refs
    worker, proxy, box = proxied
    item = uuid.uuid4().hex
    files = [("M-HOUSE", "lease-p1.jpg", "image/jpeg", os.urandom(2 * MB)),
             ("M-HOUSE", "lease-p2.jpg", "image/jpeg", os.urandom(1000))]
    payload = ApplicationSubmit.model_validate_json(application()).model_copy(
        update={"uploads": upload_refs(item, files)}).model_dump_json().encode()
    box.enqueue("application", payload, [Attachment(n, c, d) for _, n, c, d in files], item_id=item)
    proxy.mode = fault
    assert worker.sync_once().retried == 1 and box.stats().depth == 1
    proxy.mode = "pass"
    time.sleep(0.05)
    assert worker.sync_once().done == 1
    assert platform.count_applications(item) == 1
    number = box.get(item).server_ref
    stored = platform_attachments(platform, number)
    assert [(code, name, hashlib.sha256(data).hexdigest()) for code, name, _, data in stored] == \
        [(code, name, hashlib.sha256(data).hexdigest()) for code, name, _, data in files]


def platform_attachments(platform, number):
    from platform_server.store import PlatformStore
    return PlatformStore(platform.db_path).attachments_of(number)


def test_threads_share_the_outbox_safely(tmp_path):
    """Submissions on worker threads and the sync thread's bookkeeping on one connection."""
    import threading
    box = make_outbox(tmp_path)
    errors = []

    def enqueue_many():
        try:
            for _ in range(100):
                box.enqueue("application", b"x", [Attachment("a", "b", os.urandom(1000))])
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    def bookkeeping():
        try:
            for _ in range(300):
                for item in box.due(limit=5):
                    box.mark_retry(item.id, "platform_unreachable", time.time())
                box.stats()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=enqueue_many) for _ in range(3)] + [threading.Thread(target=bookkeeping)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert box.stats().depth == 300


def test_queue_cli_shows_no_personal_data(tmp_path, proxied):
    import json
    import subprocess
    import sys
    worker, proxy, box = proxied
    cfg_file = tmp_path / "kiosk.toml"
    cfg_file.write_text(f'[kiosk]\nstate_dir = "{tmp_path}"\n[store]\npath = "{box.path}"\n'
                        f'key_file = "{tmp_path / "secrets" / "store.key"}"\n', encoding="utf-8")
    box.enqueue("application", application())
    box.enqueue("application", application("123"))
    proxy.mode = "pass"
    worker.sync_once()                                    # one done, one parked (bad mobile)
    box.enqueue("application", application())             # one still queued
    run = lambda *a: subprocess.run([sys.executable, "-m", "launcher.cli", *a, "--config", str(cfg_file)],  # noqa: E731
                                    capture_output=True, text=True, timeout=60)
    status = run("queue", "status")
    parked = run("queue", "parked", "--json")
    assert status.returncode == 0 and "queued: 1" in status.stdout and "parked: 1" in status.stdout
    assert json.loads(parked.stdout)[0]["error_code"] == "form_invalid"
    for out in (status.stdout, status.stderr, parked.stdout):
        assert NAME not in out and ID_NUMBER not in out


def test_sync_service_delivers_while_the_screen_is_down(tmp_path, platform, client, sync, platform_cfg):
    """`kiosk sync --loop` (kiosk-sync.service): delivers what the screen left queued, stops on SIGTERM."""
    import signal
    import subprocess
    import sys
    key = sync.outbox.enqueue("application", application())
    cfg_file = tmp_path / "kiosk.toml"
    cfg_file.write_text(f'[kiosk]\nstate_dir = "{tmp_path}"\n[platform]\nurl = "{platform.url}"\n'
                        f'key_file = "{platform_cfg.key_file}"\n[store]\npath = "{sync.outbox.path}"\n'
                        f'key_file = "{tmp_path / "secrets" / "store.key"}"\nsync_interval_s = 1.0\n', encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "launcher.cli", "sync", "--loop", "--config", str(cfg_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while platform.count_applications(key) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert platform.count_applications(key) == 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert sync.outbox.get(key).client_status.value == "done"
    assert NAME not in proc.stderr.read()
