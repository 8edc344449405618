"""The reference platform's API, over real HTTP to the uvicorn process, called as a kiosk calls it
(signed requests, a short-lived token, grants for personal data). The attacker's side of the same API
is in tests/security/."""

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from api_schema.models import ApplicationSubmit, Applicant, CardType, VerificationRecord
from api_schema.signatures import public_pem
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from platform_server.cli import OPENAPI_PATH, openapi_document
from platform_server.db import open_database

from ..helpers import ID_NUMBER, NAME
from ..operator_login import logged_in
from ..signed import SignedKiosk


def stored(platform, sql: str) -> list:
    """What the platform's database holds (SQLite or PostgreSQL), read beside the running platform."""
    db = open_database(platform.db)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def enrol(platform) -> SignedKiosk:
    return SignedKiosk(platform.url, platform.pairing_code(), "t")


def application(item="RS-0101", form=None) -> dict:
    form = form or {"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000", "purpose": "购房",
                    "months": "12"}
    now = dt.datetime.now(dt.timezone.utc)
    return ApplicationSubmit(item_code=item, applicant=Applicant(name=NAME, id_number=ID_NUMBER,
                                                                 card_type=CardType.RESIDENT),
                             form=form, client_created_at=now,
                             verification=VerificationRecord(method="face", passed=True, score=0.3, threshold=0.55,
                                                             liveness_steps=["turn_left", "open_mouth"], at=now)
                             ).model_dump(mode="json")


def test_pairing_code_is_one_time(platform):
    code = platform.pairing_code()
    body = {"pairing_code": code, "public_key_pem": public_pem(Ed25519PrivateKey.generate())}
    assert requests.post(platform.url + "/v1/enrol", json=body).status_code == 200
    again = requests.post(platform.url + "/v1/enrol", json=body)
    assert again.status_code == 403 and again.json()["error"]["code"] == "bad_pairing_code"
    rsa = "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAK\n-----END PUBLIC KEY-----"
    wrong_key = requests.post(platform.url + "/v1/enrol", json={"pairing_code": platform.pairing_code(),
                                                                "public_key_pem": rsa})
    assert wrong_key.status_code == 422 and wrong_key.json()["error"]["code"] == "invalid_request"   # not Ed25519


def test_every_call_needs_a_signature(platform):
    for method, path in [("GET", "/v1/catalog"), ("POST", "/v1/applications"),
                         ("GET", "/v1/applications/ZW20261121000001"), ("POST", "/v1/evaluations"),
                         ("POST", "/v1/heartbeat")]:
        resp = requests.request(method, platform.url + path, json={}, headers={"Authorization": "Bearer nope"})
        assert resp.status_code == 401, path
        assert resp.json()["error"]["code"] == "unauthenticated"


def test_catalog_etag(platform):
    auth = enrol(platform)
    first = auth.get("/v1/catalog")
    assert first.status_code == 200 and len(first.json()["items"]) >= 12
    etag = first.headers["ETag"]
    again = auth.get("/v1/catalog", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    stale = auth.get("/v1/catalog", headers={"If-None-Match": '"0-old"'})
    assert stale.status_code == 200


def test_idempotent_submit_under_concurrent_replays(platform):
    auth = enrol(platform)
    key = uuid.uuid4().hex
    body = application()

    def post(_):
        return auth.post("/v1/applications", json=body, headers={"Idempotency-Key": key})

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(16)))
    numbers = {a.json()["application_no"] for a in answers}
    assert len(numbers) == 1
    assert sorted(a.status_code for a in answers).count(201) == 1          # exactly one creation
    assert all(a.status_code in (200, 201) for a in answers)
    assert platform.count_applications(key) == 1


def test_key_reuse_with_other_body_is_refused(platform):
    auth = enrol(platform)
    key = uuid.uuid4().hex
    h = {"Idempotency-Key": key}
    assert auth.post("/v1/applications", json=application(), headers=h).status_code == 201
    other = application(form={"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13900139000",
                              "purpose": "落户", "months": "12"})
    resp = auth.post("/v1/applications", json=other, headers=h)
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "idempotency_key_reused"


def test_submit_validation(platform):
    auth = enrol(platform)
    url = "/v1/applications"
    no_key = auth.post(url, json=application())
    assert no_key.status_code == 400 and no_key.json()["error"]["code"] == "idempotency_key_required"
    bad = application(form={"applicant_name": NAME, "id_number": "110105194912310021", "mobile": "123",
                            "purpose": "购房", "months": "12"})
    resp = auth.post(url, json=bad, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"] == {"id_number": "bad_id_number", "mobile": "bad_mobile"}
    garbage = auth.post(url, data=b"{not json", headers={"Idempotency-Key": uuid.uuid4().hex,
                                                              "Content-Type": "application/json"})
    assert garbage.status_code == 422 and garbage.json()["error"]["code"] == "invalid_request"
    unknown = auth.post(url, json=application(item="NOPE"), headers={"Idempotency-Key": uuid.uuid4().hex})
    assert unknown.status_code == 404


def test_progress_certificate_and_evaluation(platform):
    auth = enrol(platform)
    receipt = auth.post("/v1/applications", json=application(),
                            headers={"Idempotency-Key": uuid.uuid4().hex}).json()
    number = receipt["application_no"]
    assert receipt["status"] == "approved" and receipt["certificate_available"]   # 秒批
    progress = auth.get(f"/v1/applications/{number}").json()
    assert [s["stage"] for s in progress["stages"]] == ["已受理", "已办结（准予）"]
    grant = auth.grant(ID_NUMBER)
    by_id = auth.post("/v1/applications/query", json={"id_number": ID_NUMBER}, grant=grant)
    assert number in [a["application_no"] for a in by_id.json()["applications"]]
    pdf = auth.get(f"/v1/applications/{number}/certificate", grant=grant)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ev = {"application_no": number, "stage": "accept", "level": 5}
    assert auth.post("/v1/evaluations", json=ev).status_code == 201
    twice = auth.post("/v1/evaluations", json=ev)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_evaluated"
    done = auth.post("/v1/evaluations", json={**ev, "stage": "complete", "level": 1})
    assert done.status_code == 201
    bad_level = auth.post("/v1/evaluations", json={**ev, "level": 6})
    assert bad_level.status_code == 422


def test_certificate_text_is_chinese_with_embedded_font(platform, tmp_path: Path):
    auth = enrol(platform)
    number = auth.post("/v1/applications", json=application(),
                           headers={"Idempotency-Key": uuid.uuid4().hex}).json()["application_no"]
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(auth.get(f"/v1/applications/{number}/certificate", grant=auth.grant(ID_NUMBER)).content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert number in text and "社保参保证明" in text and NAME in text and ID_NUMBER not in text  # masked
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert cjk and cjk[0].split()[-5] == "yes"            # the "emb" column: the CJK font is embedded


def test_phone_pickup_link_serves_the_certificate_a_few_times_only(platform):
    """手机扫码下载: the kiosk asks (with its token), the phone opens the link (no token: a phone has
    none); the link works a few times, then says in words that it is gone. Items without a
    certificate get no link; the database keeps only the token's hash."""
    auth = enrol(platform)
    number = auth.post("/v1/applications", json=application(),
                           headers={"Idempotency-Key": uuid.uuid4().hex}).json()["application_no"]
    assert requests.post(f"{platform.url}/v1/applications/{number}/pickup").status_code == 401
    assert auth.post(f"/v1/applications/{number}/pickup").json()["error"]["code"] == "grant_required"
    link = auth.post(f"/v1/applications/{number}/pickup", grant=auth.grant(ID_NUMBER))
    assert link.status_code == 200
    body = link.json()
    url, uses = body["url"], body["uses"]
    assert url.startswith(platform.url + "/p/") and len(url.rsplit("/", 1)[1]) >= 32
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(minutes=5) < expires - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(minutes=10)
    for _ in range(uses):
        pdf = requests.get(url)                                        # the phone: no Authorization
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["Cache-Control"] == "no-store" and pdf.headers["Content-Type"] == "application/pdf"
    gone = requests.get(url)
    assert gone.status_code == 404 and "链接已失效" in gone.text and gone.headers["Content-Type"].startswith("text/html")
    assert requests.get(platform.url + "/p/" + "x" * 32).status_code == 404
    token = url.rsplit("/", 1)[1]
    rows = stored(platform, "SELECT token_hash FROM pickups")
    assert rows and all(token not in r[0] for r in rows)

    form = {"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000", "purpose": "就业"}
    later = auth.post("/v1/applications", json=application("GA-0702", form),
                          headers={"Idempotency-Key": uuid.uuid4().hex}).json()["application_no"]
    none = auth.post(f"/v1/applications/{later}/pickup", grant=auth.grant(ID_NUMBER))
    assert none.status_code == 404 and none.json()["error"]["code"] == "no_certificate"


def test_receipt_qr_code_opens_a_page_that_proves_the_receipt_genuine(platform):
    """The receipt's QR: <public url>/t/<办件号>?v=<tag>. With the platform's tag the page says genuine and
    shows the progress, no personal data; a made-up or neighbouring number (numbers are sequential)
    or a wrong tag shows nothing."""
    auth = enrol(platform)
    receipt = auth.post("/v1/applications", json=application(),
                            headers={"Idempotency-Key": uuid.uuid4().hex}).json()
    number, tag = receipt["application_no"], receipt["tracking_tag"]
    assert len(tag) == 10
    page = requests.get(f"{platform.url}/t/{number}", params={"v": tag})
    assert page.status_code == 200 and "核验为真" in page.text and number in page.text and "已办结" in page.text
    assert NAME not in page.text and ID_NUMBER not in page.text and NAME[0] + "*" not in page.text
    neighbour = number[:-1] + str((int(number[-1]) + 1) % 10)
    for url, params in ((f"/t/{number}", {}), (f"/t/{number}", {"v": "AAAAAAAAAA"}), (f"/t/{neighbour}", {"v": tag})):
        refused = requests.get(platform.url + url, params=params)
        assert refused.status_code == 404 and "无法核验" in refused.text and number not in refused.text


def test_non_instant_item_and_complete_stage(platform):
    auth = enrol(platform)
    form = {"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000", "purpose": "就业"}
    receipt = auth.post("/v1/applications", json=application("GA-0702", form),
                            headers={"Idempotency-Key": uuid.uuid4().hex}).json()
    assert receipt["status"] == "accepted" and not receipt["certificate_available"]
    ev = {"application_no": receipt["application_no"], "stage": "complete", "level": 4}
    early = auth.post("/v1/evaluations", json=ev)
    assert early.status_code == 409 and early.json()["error"]["code"] == "stage_not_reached"
    no_pdf = auth.get(f"/v1/applications/{receipt['application_no']}/certificate")
    assert no_pdf.status_code == 404


def test_heartbeat_delivers_commands_once(platform):
    auth = enrol(platform)
    hb = {"kiosk_state": "AVAILABLE", "software_version": "0.1.0", "sent_at": "2026-11-21T02:00:00Z"}
    assert auth.post("/v1/heartbeat", json=hb).json()["commands"] == []


def test_openapi_document_is_checked_in():
    """platform_server/openapi.json must be regenerated (kiosk-platform openapi) when the API changes."""
    assert json.loads(OPENAPI_PATH.read_text(encoding="utf-8")) == json.loads(openapi_document())


def test_platform_starts_whatever_its_service_token(tmp_path, monkeypatch):
    """secrets.token_urlsafe can begin with "-": passed in the environment, never as an argument."""
    import secrets as _secrets

    from platform_server.runner import PlatformProcess
    monkeypatch.setattr(_secrets, "token_urlsafe", lambda n=None: "-starts-with-a-dash")
    proc = PlatformProcess(tmp_path)
    try:
        assert proc.pairing_code()
    finally:
        proc.stop()


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _workers(platform) -> list[int]:
    """The processes that serve requests: uvicorn's workers, or the one process when there is one."""
    return _worker_children(platform) or [platform.proc.pid]


def _worker_children(platform) -> list[int]:
    children = Path(f"/proc/{platform.proc.pid}/task/{platform.proc.pid}/children").read_text().split()
    return [int(c) for c in children if b"python" in _cmdline(c)]


def _cmdline(pid: str) -> bytes:
    """A child's command line, or nothing when it is gone already (a killed worker being replaced)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def kill_workers(platform) -> None:
    """SIGKILL to uvicorn's workers (a platform started with workers > 1), never to its master: while the
    master replaces workers killed a moment ago there may be none — then this waits for them (CI once
    killed the master here, and the platform was gone for the rest of the test). One that dies
    meanwhile is not an error."""
    deadline = time.monotonic() + 30
    while not (pids := _worker_children(platform)):
        assert time.monotonic() < deadline, "uvicorn started no worker in 30 s"
        time.sleep(0.05)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_large_attachment_is_streamed_never_whole_in_a_workers_memory(platform):
    """16 MiB through PUT /v1/uploads (read by the platform as it arrives) and into an application:
    no worker's peak resident memory grows by more than 8 MiB (held whole, the body alone would be 16,
    and its copies 32 more); the attachment comes back byte for byte, from either database."""
    auth = enrol(platform)
    blob = os.urandom(16 * 2**20)
    auth.request("PUT", "/v1/uploads/warmup-0001", data=b"x" * 1000).raise_for_status()   # the route's code loaded
    before = {pid: _peak_rss_kb(pid) for pid in _workers(platform)}
    stored_upload = auth.request("PUT", "/v1/uploads/large-00001", data=blob,
                                 headers={"Content-Type": "image/jpeg", "X-Filename": "scan.jpg"})
    assert stored_upload.status_code == 200, stored_upload.text
    assert stored_upload.json()["sha256"] == hashlib.sha256(blob).hexdigest()
    grown_kb = max(_peak_rss_kb(pid) - kb for pid, kb in before.items())
    assert grown_kb < 8 * 1024, f"a worker's peak memory grew {grown_kb} kB for a 16 MiB upload"
    body = application("YB-0601", {"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000"})
    body["uploads"] = [{"upload_id": "large-00001", "material_code": "other", "filename": "scan.jpg",
                        "content_type": "image/jpeg", "size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}]
    made = auth.post("/v1/applications", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert made.status_code == 201, made.text
    from platform_server.store import PlatformStore
    store = PlatformStore(platform.db, migrate=False)
    try:
        ((material, filename, size, data),) = store.attachments_of(made.json()["application_no"])
    finally:
        store.close()
    assert (material, filename, size) == ("other", "scan.jpg", len(blob)) and data == blob


def test_service_hours_are_set_by_an_operator_and_handed_to_the_kiosk_with_its_heartbeat(platform):
    auth = enrol(platform)
    hb = {"kiosk_state": "AVAILABLE", "software_version": "0.1.0", "sent_at": "2026-11-21T02:00:00Z"}
    assert auth.post("/v1/heartbeat", json=hb).json()["service_hours"] is None       # none set: its own
    path = f"/v1/admin/devices/{auth.device_id}/service-hours"
    supervisor = logged_in(platform, "sup-hours", "supervisor")
    assert supervisor.put(platform.url + path, json={"service_hours": "08:30-20:00"},
                          timeout=10).status_code in (403, 401)                     # a supervisor only looks
    admin = {"Authorization": f"Bearer {platform.admin_token}"}
    for bad in ("08:00-24:30", "8.30-20", "25:00-26:00"):
        refused = requests.put(platform.url + path, json={"service_hours": bad}, headers=admin, timeout=10)
        assert refused.status_code == 422, bad
    assert requests.put(platform.url + path, json={"service_hours": ""}, headers=admin,
                        timeout=10).json() == {"service_hours": "00:00-24:00"}       # round the clock
    platform.set_service_hours(auth.device_id, "8:30-20:00")
    assert auth.post("/v1/heartbeat", json=hb).json()["service_hours"] == "08:30-20:00"
    platform.set_service_hours(auth.device_id, None)
    assert auth.post("/v1/heartbeat", json=hb).json()["service_hours"] is None


def test_a_kiosk_flooding_heartbeats_is_slowed_down_and_nothing_of_the_flood_is_kept(platform):
    """A kiosk gone wrong (or a stolen key) sends heartbeats as fast as it can: a dozen in a minute are
    taken, the rest refused with 429 rate_limited and not recorded; another kiosk is not affected."""
    flood, other = enrol(platform), enrol(platform)
    hb = {"kiosk_state": "AVAILABLE", "software_version": "0.1.0", "sent_at": "2026-11-21T02:00:00Z"}
    codes = [flood.post("/v1/heartbeat", json=hb).status_code for _ in range(30)]
    assert codes[:12] == [200] * 12 and set(codes[12:]) == {429}
    refused = flood.post("/v1/heartbeat", json=hb).json()
    assert refused["error"]["code"] == "rate_limited"
    kept = stored(platform, f"SELECT COUNT(*) AS n FROM heartbeats WHERE device_id = '{flood.device_id}'")
    assert kept[0]["n"] == 12
    assert other.post("/v1/heartbeat", json=hb).status_code == 200
