"""The reference platform's API, over real HTTP to the uvicorn process."""

import datetime as dt
import json
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from api_schema.models import ApplicationSubmit, Applicant, CardType
from platform_server.cli import OPENAPI_PATH, openapi_document

from .helpers import ID_NUMBER, NAME


def enrol(platform) -> dict:
    resp = requests.post(platform.url + "/v1/enrol", json={"pairing_code": platform.pairing_code(), "kiosk_name": "t"})
    assert resp.status_code == 200
    return {"Authorization": "Bearer " + resp.json()["token"]}


def application(item="RS-0101", form=None) -> dict:
    form = form or {"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000", "purpose": "购房",
                    "months": "12"}
    return ApplicationSubmit(item_code=item, applicant=Applicant(name=NAME, id_number=ID_NUMBER,
                                                                 card_type=CardType.RESIDENT),
                             form=form, client_created_at=dt.datetime.now(dt.timezone.utc)).model_dump(mode="json")


def test_pairing_code_is_one_time(platform):
    code = platform.pairing_code()
    assert requests.post(platform.url + "/v1/enrol", json={"pairing_code": code}).status_code == 200
    again = requests.post(platform.url + "/v1/enrol", json={"pairing_code": code})
    assert again.status_code == 403 and again.json()["error"]["code"] == "bad_pairing_code"


def test_every_call_needs_a_token(platform):
    for method, path in [("GET", "/v1/catalog"), ("POST", "/v1/applications"), ("GET", "/v1/applications/X"),
                         ("POST", "/v1/evaluations"), ("POST", "/v1/heartbeat")]:
        resp = requests.request(method, platform.url + path, json={}, headers={"Authorization": "Bearer nope"})
        assert resp.status_code == 401, path
        assert resp.json()["error"]["code"] == "unauthenticated"


def test_catalog_etag(platform):
    auth = enrol(platform)
    first = requests.get(platform.url + "/v1/catalog", headers=auth)
    assert first.status_code == 200 and len(first.json()["items"]) >= 12
    etag = first.headers["ETag"]
    again = requests.get(platform.url + "/v1/catalog", headers={**auth, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    stale = requests.get(platform.url + "/v1/catalog", headers={**auth, "If-None-Match": '"0-old"'})
    assert stale.status_code == 200


def test_idempotent_submit_under_concurrent_replays(platform):
    auth = enrol(platform)
    key = uuid.uuid4().hex
    body = application()

    def post(_):
        return requests.post(platform.url + "/v1/applications", json=body, headers={**auth, "Idempotency-Key": key})

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
    h = {**auth, "Idempotency-Key": key}
    assert requests.post(platform.url + "/v1/applications", json=application(), headers=h).status_code == 201
    other = application(form={"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13900139000",
                              "purpose": "落户", "months": "12"})
    resp = requests.post(platform.url + "/v1/applications", json=other, headers=h)
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "idempotency_key_reused"


def test_submit_validation(platform):
    auth = enrol(platform)
    url = platform.url + "/v1/applications"
    no_key = requests.post(url, json=application(), headers=auth)
    assert no_key.status_code == 400 and no_key.json()["error"]["code"] == "idempotency_key_required"
    bad = application(form={"applicant_name": NAME, "id_number": "110105194912310021", "mobile": "123",
                            "purpose": "购房", "months": "12"})
    resp = requests.post(url, json=bad, headers={**auth, "Idempotency-Key": uuid.uuid4().hex})
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"] == {"id_number": "bad_id_number", "mobile": "bad_mobile"}
    garbage = requests.post(url, data=b"{not json", headers={**auth, "Idempotency-Key": uuid.uuid4().hex,
                                                              "Content-Type": "application/json"})
    assert garbage.status_code == 422 and garbage.json()["error"]["code"] == "invalid_request"
    unknown = requests.post(url, json=application(item="NOPE"), headers={**auth, "Idempotency-Key": uuid.uuid4().hex})
    assert unknown.status_code == 404


def test_progress_certificate_and_evaluation(platform):
    auth = enrol(platform)
    receipt = requests.post(platform.url + "/v1/applications", json=application(),
                            headers={**auth, "Idempotency-Key": uuid.uuid4().hex}).json()
    number = receipt["application_no"]
    assert receipt["status"] == "approved" and receipt["certificate_available"]   # 秒批
    progress = requests.get(f"{platform.url}/v1/applications/{number}", headers=auth).json()
    assert [s["stage"] for s in progress["stages"]] == ["已受理", "已办结（准予）"]
    by_id = requests.post(platform.url + "/v1/applications/query", json={"id_number": ID_NUMBER}, headers=auth)
    assert number in [a["application_no"] for a in by_id.json()["applications"]]
    pdf = requests.get(f"{platform.url}/v1/applications/{number}/certificate", headers=auth)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ev = {"application_no": number, "stage": "accept", "level": 5}
    assert requests.post(platform.url + "/v1/evaluations", json=ev, headers=auth).status_code == 201
    twice = requests.post(platform.url + "/v1/evaluations", json=ev, headers=auth)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_evaluated"
    done = requests.post(platform.url + "/v1/evaluations", json={**ev, "stage": "complete", "level": 1}, headers=auth)
    assert done.status_code == 201
    bad_level = requests.post(platform.url + "/v1/evaluations", json={**ev, "level": 6}, headers=auth)
    assert bad_level.status_code == 422


def test_certificate_text_is_chinese_with_embedded_font(platform, tmp_path: Path):
    auth = enrol(platform)
    number = requests.post(platform.url + "/v1/applications", json=application(),
                           headers={**auth, "Idempotency-Key": uuid.uuid4().hex}).json()["application_no"]
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(requests.get(f"{platform.url}/v1/applications/{number}/certificate", headers=auth).content)
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
    number = requests.post(platform.url + "/v1/applications", json=application(),
                           headers={**auth, "Idempotency-Key": uuid.uuid4().hex}).json()["application_no"]
    assert requests.post(f"{platform.url}/v1/applications/{number}/pickup").status_code == 401
    link = requests.post(f"{platform.url}/v1/applications/{number}/pickup", headers=auth)
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
    import sqlite3
    rows = sqlite3.connect(platform.db_path).execute("SELECT token_hash FROM pickups").fetchall()
    assert rows and all(token not in r[0] for r in rows)

    form = {"applicant_name": NAME, "id_number": ID_NUMBER, "mobile": "13800138000", "purpose": "就业"}
    later = requests.post(platform.url + "/v1/applications", json=application("GA-0702", form),
                          headers={**auth, "Idempotency-Key": uuid.uuid4().hex}).json()["application_no"]
    none = requests.post(f"{platform.url}/v1/applications/{later}/pickup", headers=auth)
    assert none.status_code == 404 and none.json()["error"]["code"] == "no_certificate"


def test_receipt_qr_code_opens_a_page_that_proves_the_receipt_genuine(platform):
    """The receipt's QR: <public url>/t/<办件号>?v=<tag>. With the platform's tag the page says genuine and
    shows the progress, no personal data; a made-up or neighbouring number (numbers are sequential)
    or a wrong tag shows nothing."""
    auth = enrol(platform)
    receipt = requests.post(platform.url + "/v1/applications", json=application(),
                            headers={**auth, "Idempotency-Key": uuid.uuid4().hex}).json()
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
    receipt = requests.post(platform.url + "/v1/applications", json=application("GA-0702", form),
                            headers={**auth, "Idempotency-Key": uuid.uuid4().hex}).json()
    assert receipt["status"] == "accepted" and not receipt["certificate_available"]
    ev = {"application_no": receipt["application_no"], "stage": "complete", "level": 4}
    early = requests.post(platform.url + "/v1/evaluations", json=ev, headers=auth)
    assert early.status_code == 409 and early.json()["error"]["code"] == "stage_not_reached"
    no_pdf = requests.get(f"{platform.url}/v1/applications/{receipt['application_no']}/certificate", headers=auth)
    assert no_pdf.status_code == 404


def test_heartbeat_delivers_commands_once(platform):
    auth = enrol(platform)
    hb = {"kiosk_state": "AVAILABLE", "software_version": "0.1.0", "sent_at": "2026-11-21T02:00:00Z"}
    assert requests.post(platform.url + "/v1/heartbeat", json=hb, headers=auth).json()["commands"] == []


def test_openapi_document_is_checked_in():
    """platform_server/openapi.json must be regenerated (kiosk-platform openapi) when the API changes."""
    assert json.loads(OPENAPI_PATH.read_text(encoding="utf-8")) == json.loads(openapi_document())


def test_platform_starts_whatever_its_admin_token(tmp_path, monkeypatch):
    """secrets.token_urlsafe can begin with "-": the runner must pass it so argparse cannot mistake it."""
    import secrets as _secrets

    from platform_server.runner import PlatformProcess
    monkeypatch.setattr(_secrets, "token_urlsafe", lambda n=None: "-starts-with-a-dash")
    proc = PlatformProcess(tmp_path)
    try:
        assert proc.pairing_code()
    finally:
        proc.stop()
