"""The kiosk's platform client against the real platform and against a real misbehaving HTTP server."""

import datetime as dt
import http.server
import os
import stat
import threading
import time
import uuid
from pathlib import Path

import pytest

from api_schema.models import ApplicationSubmit, Applicant, CardType
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import PlatformSection
from kiosk.device_identity import DeviceIdentity
from kiosk.platform_client import (
    NotEnrolled, PlatformClient, PlatformProtocolError, PlatformRejected, PlatformServerError, PlatformUnreachable,
)
from platform_server.runner import free_port

from .helpers import ID_NUMBER, NAME, face_record


class Misbehaving(http.server.BaseHTTPRequestHandler):
    mode = "500"

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        mode = type(self).mode
        if mode == "slow":
            time.sleep(1.5)
        if mode == "reset":
            self.connection.close()
            return
        status, body = {"500": (500, b"oops"), "502": (502, b"<html>bad gateway</html>"),
                        "json": (200, b'{"version": "x", "items": [{"code": '),
                        "shape": (200, b'{"unexpected": true}'), "404": (404, b"not here"),
                        "slow": (200, b"{}")}[mode]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


@pytest.fixture
def bad_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def client_for(url: str, tmp_path: Path, read_timeout: float = 5) -> PlatformClient:
    key = tmp_path / "secrets" / "device-key.pem"
    DeviceIdentity(key).save("K000000000001", Ed25519PrivateKey.generate())      # enrolled, as far as it knows
    return PlatformClient(PlatformSection(url=url, key_file=str(key), read_timeout_s=read_timeout,
                                          connect_timeout_s=1))


@pytest.mark.parametrize("mode, error", [
    ("500", PlatformServerError), ("502", PlatformServerError), ("json", PlatformProtocolError),
    ("shape", PlatformProtocolError), ("404", PlatformRejected), ("slow", PlatformUnreachable),
    ("reset", PlatformUnreachable),
])
def test_bad_answers_become_named_errors(bad_server, tmp_path, mode, error):
    Misbehaving.mode = mode
    client = client_for(f"http://127.0.0.1:{bad_server.server_address[1]}", tmp_path, read_timeout=0.5)
    with pytest.raises(error) as err:
        client.fetch_catalog()
    assert err.value.retryable is (error is not PlatformRejected)
    assert err.value.code.startswith("platform_")


def test_unreachable_platform(tmp_path):
    client = client_for(f"http://127.0.0.1:{free_port()}", tmp_path)
    with pytest.raises(PlatformUnreachable):
        client.fetch_catalog()


def test_not_enrolled(tmp_path):
    client = PlatformClient(PlatformSection(key_file=str(tmp_path / "missing")))
    assert not client.is_enrolled()
    with pytest.raises(NotEnrolled):
        client.fetch_catalog()


def test_enrol_stores_the_key_0600_and_sends_only_its_public_half(platform, platform_cfg):
    client = PlatformClient(platform_cfg)
    answer = client.enrol(platform.pairing_code(), "k")
    path = Path(platform_cfg.key_file)
    assert b"PRIVATE KEY" in path.read_bytes() and client.device_id() == answer.device_id
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    import sqlite3
    stored = sqlite3.connect(platform.db_path).execute("SELECT public_key_pem FROM devices WHERE device_id = ?",
                                                       (answer.device_id,)).fetchone()[0]
    assert "PUBLIC KEY" in stored and "PRIVATE" not in stored
    assert client.fetch_catalog().catalog is not None


def test_catalog_304_through_client(client):
    first = client.fetch_catalog()
    assert first.catalog is not None and first.etag
    again = client.fetch_catalog(first.etag)
    assert again.catalog is None and again.etag == first.etag


def test_submit_replay_and_rejection(client, platform):
    payload = ApplicationSubmit(
        item_code="YB-0601", applicant=Applicant(name=NAME, id_number=ID_NUMBER, card_type=CardType.RESIDENT),
        form={"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000"},
        verification=face_record(), client_created_at=dt.datetime.now(dt.timezone.utc))
    key = uuid.uuid4().hex
    first = client.submit(payload, key)
    replay = client.submit(payload, key)
    assert replay.replayed and replay.application_no == first.application_no
    assert platform.count_applications(key) == 1
    bad = payload.model_copy(update={"form": {**payload.form, "mobile": "1"}})
    with pytest.raises(PlatformRejected) as err:
        client.submit(bad, uuid.uuid4().hex)
    assert err.value.error_code == "form_invalid" and err.value.fields == {"mobile": "bad_mobile"}


@pytest.fixture(scope="module")
def tls_platform(tmp_path_factory):
    """The platform over HTTPS with a certificate from a throw-away CA."""
    import trustme

    from platform_server.runner import PlatformProcess
    root = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    chain, key, ca_file = root / "chain.pem", root / "key.pem", root / "ca.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(chain))
    cert.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(ca_file))
    proc = PlatformProcess(root, tls=(chain, key, ca_file))
    yield proc, ca_file
    proc.stop()


def test_tls_verified_with_the_platform_ca(tls_platform, tmp_path):
    platform, ca_file = tls_platform
    client = PlatformClient(PlatformSection(url=platform.url, ca_file=str(ca_file),
                                            key_file=str(tmp_path / "token")))
    client.enrol(platform.pairing_code(), "tls kiosk")
    assert client.fetch_catalog().catalog is not None


def test_tls_refuses_an_unknown_certificate(tls_platform, tmp_path):
    platform, _ = tls_platform
    client = client_for(platform.url, tmp_path)           # system CAs only: the test CA is unknown
    with pytest.raises(PlatformUnreachable, match="TLS"):
        client.fetch_catalog()


def test_a_revoked_kiosk_says_so_stops_sending_and_keeps_its_queue(platform, client, tmp_path):
    """The platform revokes the kiosk: the client learns it on its next call, keeps knowing it after a
    restart, sends nothing more; the outbox keeps every item queued (never parked as rejected), and the
    screen's rule puts the kiosk out of service with the reason "revoked"."""
    from kiosk.availability import OutOfServiceReason, ServiceHours, availability
    from kiosk.platform_client import DeviceRevoked
    from kiosk.sync import SyncWorker
    from offline_cache.crypto import Sealer, load_or_create_key
    from offline_cache.outbox import Outbox

    box = Outbox(tmp_path / "kiosk.db", Sealer(load_or_create_key(tmp_path / "store.key", "aes-256-gcm", create=True)))
    item = box.enqueue("application", ApplicationSubmit(
        item_code="YB-0601", applicant=Applicant(name=NAME, id_number=ID_NUMBER, card_type=CardType.RESIDENT),
        form={"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000"},
        verification=face_record(), client_created_at=dt.datetime.now(dt.timezone.utc)).model_dump_json().encode())
    import requests
    requests.post(f"{platform.url}/v1/admin/devices/{client.device_id()}/revoke",
                  headers={"Authorization": f"Bearer {platform.admin_token}"}, timeout=10).raise_for_status()
    report = SyncWorker(box, client, base_backoff_s=0.01, max_backoff_s=0.02).sync_once()
    assert report.parked == 0 and box.get(item).client_status.value == "queued"
    assert client.revoked
    restarted = PlatformClient(client.cfg)
    assert restarted.revoked
    with pytest.raises(DeviceRevoked):
        restarted.fetch_catalog()                   # refused here, before any request is made
    state = availability({}, frozenset(), catalog_ready=True, hours=ServiceHours(), now=dt.datetime.now(),
                         maintenance=False, session_active=False, revoked=restarted.revoked)
    assert state.reason is OutOfServiceReason.REVOKED
    box.close()
