"""Every attack we know of on the kiosk API, the operators' pages and the kiosk, each a function that
tries it against running parts and answers whether it SUCCEEDED (True = the attacker got in). Run by
tests/security/test_attacks.py (each must fail) and `python -m bench.attack` (counted).

The rig: a platform as a province runs it (no stand-ins), a second one with the stand-ins for the SMS
gateway, two enrolled kiosks on each — the victim's kiosk, where a person applied and was verified,
and the attacker's, an enrolled kiosk in the attacker's hands (stolen, or opened)."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import requests

from api_schema.signatures import content_digest, sign
from platform_server.runner import PlatformProcess

from ..helpers import ID_NUMBER, NAME, face_record
from ..operator_login import add_operator, csrf_of, logged_in
from ..signed import Signer, SignedKiosk

OTHER_ID = "110101199003070054"          # another person (a valid GB 11643 number)
MOBILE = "13912345678"


@dataclass
class Rig:
    prod: PlatformProcess
    lab: PlatformProcess                   # with the stand-ins: SMS codes can be read
    victim: SignedKiosk
    attacker: SignedKiosk
    lab_victim: SignedKiosk
    lab_attacker: SignedKiosk
    number: str                            # the victim person's application (an instant item: a certificate)
    victim_grant: str
    workdir: Path
    notes: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        self.prod.stop()
        self.lab.stop()


def _application(verification: dict | None = None, id_number: str = ID_NUMBER, form_id: str = ID_NUMBER) -> dict:
    now = dt.datetime.now(dt.timezone.utc)
    return {"item_code": "RS-0101", "applicant": {"name": NAME, "id_number": id_number, "card_type": "resident"},
            "form": {"applicant_name": NAME, "id_number": form_id, "mobile": "13800138000", "purpose": "购房",
                     "months": "12"},
            "verification": face_record(now).model_dump(mode="json") if verification is None else verification,
            "client_created_at": now.isoformat()}


def start(workdir: Path) -> Rig:
    for name in ("prod", "lab"):
        (workdir / name).mkdir(parents=True, exist_ok=True)
    prod = PlatformProcess(workdir / "prod", stand_ins=False)
    lab = PlatformProcess(workdir / "lab")
    victim = SignedKiosk(prod.url, prod.pairing_code(), "victim")
    resp = victim.post("/v1/applications", json=_application(), headers={"Idempotency-Key": uuid.uuid4().hex})
    resp.raise_for_status()
    lab.register_person(OTHER_ID, MOBILE)
    return Rig(prod, lab, victim, SignedKiosk(prod.url, prod.pairing_code(), "attacker"),
               SignedKiosk(lab.url, lab.pairing_code(), "victim"), SignedKiosk(lab.url, lab.pairing_code(), "attacker"),
               resp.json()["application_no"], victim.grant(ID_NUMBER), workdir)


def _ok(resp: requests.Response) -> bool:
    return resp.status_code < 300


def _leaks(resp: requests.Response) -> bool:
    return NAME in resp.text or ID_NUMBER in resp.text


# ------------------------------------------------------------------ a second kiosk and the person's data

def _personal_reads(r: Rig, grant: str) -> list[requests.Response]:
    k = r.attacker
    return [k.get(f"/v1/applications/{r.number}/certificate", grant=grant),
            k.post(f"/v1/applications/{r.number}/pickup", grant=grant),
            k.post("/v1/applications/query", json={"id_number": ID_NUMBER}, grant=grant),
            k.post("/v1/enterprises/identify", json={"uscc": "91350100M000100Y43", "id_number": ID_NUMBER}, grant=grant)]


def read_without_grant(r: Rig) -> bool:
    return any(_ok(x) or _leaks(x) for x in _personal_reads(r, ""))


def read_with_the_victims_grant(r: Rig) -> bool:
    return any(_ok(x) or _leaks(x) for x in _personal_reads(r, r.victim_grant))


def read_with_own_grant_for_someone_else(r: Rig) -> bool:
    return any(_ok(x) or _leaks(x) for x in _personal_reads(r, r.attacker.grant(OTHER_ID)))


def read_with_a_made_up_grant(r: Rig) -> bool:
    return any(_ok(x) for x in _personal_reads(r, "A" * 32))


def progress_by_number_shows_the_person(r: Rig) -> bool:
    return _leaks(r.attacker.get(f"/v1/applications/{r.number}"))


def guess_neighbouring_numbers(r: Rig) -> bool:
    base = int(r.number[-6:])
    found = [r.attacker.get(f"/v1/applications/{r.number[:-6]}{n:06d}/certificate") for n in range(base - 2, base + 3)]
    return any(_ok(x) or _leaks(x) for x in found)


def rate_someone_elses_application(r: Rig) -> bool:
    return _ok(r.attacker.post("/v1/evaluations", json={"application_no": r.number, "stage": "accept", "level": 1}))


def grant_for_a_failed_face_check(r: Rig) -> bool:
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    person = {"name": NAME, "id_number": ID_NUMBER, "card_type": "resident"}
    records = [{"method": "face", "passed": False, "at": now},
               {"method": "face", "passed": True, "score": 0.7, "threshold": 0.55, "liveness_steps": ["turn_left"], "at": now},
               {"method": "face", "passed": True, "score": 0.5, "threshold": 0.9, "liveness_steps": ["turn_left"], "at": now},
               {"method": "face", "passed": True, "score": 0.3, "threshold": 0.55, "at": now},
               {"method": "face", "passed": True, "score": 0.3, "threshold": 0.55, "liveness_steps": ["turn_left"],
                "at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)).isoformat()},
               {"method": "face", "passed": True, "score": 0.3, "threshold": 0.55, "liveness_steps": ["turn_left"],
                "at": (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)).isoformat()},
               {"method": "test_skipped", "passed": True, "at": now},
               {"method": "sms", "passed": True, "at": now},
               {"method": "staff", "passed": True, "at": now}]
    return any(_ok(r.attacker.post("/v1/grants", json={"applicant": person, "verification": rec})) for rec in records)


def grant_for_a_bad_id_number(r: Rig) -> bool:
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    for number in ("110105194912310021", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", " 11010519491231002X", "11010519491231002X\n"):
        resp = r.attacker.post("/v1/grants", json={"applicant": {"name": NAME, "id_number": number, "card_type": "resident"},
                                                   "verification": {"method": "card_only", "passed": True, "at": now}})
        if _ok(resp):
            return True
    return False


def submit_without_a_real_verification(r: Rig) -> bool:
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    tries = [_application({"method": "test_skipped", "passed": True, "at": now}),
             {**_application(), "verification": None},
             _application({"method": "sms", "passed": True, "at": now}),
             _application({"method": "card_only", "passed": True, "at": now})]   # RS-0101 asks for the face
    return any(_ok(r.attacker.post("/v1/applications", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}))
               for body in tries)


def submit_for_someone_else(r: Rig) -> bool:
    tries = [_application(form_id=OTHER_ID), _application(id_number="١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"),
             _application(id_number="110105194912310021", form_id="110105194912310021")]
    return any(_ok(r.attacker.post("/v1/applications", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}))
               for body in tries)


def answer_another_kiosks_sms_code(r: Rig) -> bool:
    sent = r.lab_victim.post("/v1/identity/sms", json={"id_number": OTHER_ID})
    if not _ok(sent):
        r.notes["sms"] = sent.text
        return False
    code = (r.lab.last_sms(MOBILE) or "").split("验证码 ")[-1][:6]
    return _ok(r.lab_attacker.post(f"/v1/identity/sms/{sent.json()['challenge_id']}", json={"code": code}))


def flood_a_person_with_sms(r: Rig) -> bool:
    answers = [r.lab_attacker.post("/v1/identity/sms", json={"id_number": OTHER_ID}).status_code for _ in range(8)]
    return answers.count(200) > 5


def guess_an_sms_code(r: Rig) -> bool:
    sent = r.lab_attacker.post("/v1/identity/sms", json={"id_number": OTHER_ID})
    if not _ok(sent):
        return False                       # refused already (the per-person limit)
    challenge = sent.json()["challenge_id"]
    return any(r.lab_attacker.post(f"/v1/identity/sms/{challenge}", json={"code": f"{n:06d}"}).json().get("verified")
               for n in range(12))


# ------------------------------------------------------------------ credentials

def old_token_after_renewal(r: Rig) -> bool:
    k = SignedKiosk(r.prod.url, r.prod.pairing_code(), "renewing")
    old = k.token
    k.renew()
    k.token = old
    return _ok(k.get("/v1/catalog"))


def replay_a_captured_request(r: Rig) -> bool:
    captured = requests.Request("GET", r.victim.url + "/v1/catalog", auth=Signer(r.victim)).prepare()
    session = requests.Session()
    session.send(captured)
    return _ok(session.send(captured))


def sign_with_another_kiosks_key(r: Rig) -> bool:
    forged = requests.Request("GET", r.victim.url + "/v1/catalog").prepare()
    forged.headers.update({"Authorization": f"Bearer {r.victim.token}", "Content-Digest": content_digest(b"")})
    forged.headers.update(sign(r.attacker.key, r.victim.device_id, "GET", "/v1/catalog", "", dict(forged.headers)))
    return _ok(requests.Session().send(forged))


def bearer_token_alone(r: Rig) -> bool:
    return _ok(requests.get(r.victim.url + "/v1/catalog", headers={"Authorization": f"Bearer {r.victim.token}"}))


def stale_signature(r: Rig) -> bool:
    stale = requests.Request("GET", r.victim.url + "/v1/catalog").prepare()
    stale.headers.update({"Authorization": f"Bearer {r.victim.token}", "Content-Digest": content_digest(b"")})
    stale.headers.update(sign(r.victim.key, r.victim.device_id, "GET", "/v1/catalog", "", dict(stale.headers),
                              now=time.time() - 600))
    return _ok(requests.Session().send(stale))


def tamper_with_a_signed_body(r: Rig) -> bool:
    req = requests.Request("POST", r.victim.url + "/v1/heartbeat", auth=Signer(r.victim),
                           json={"kiosk_state": "AVAILABLE", "software_version": "1", "sent_at": "2026-12-03T00:00:00Z"}
                           ).prepare()
    req.body = req.body.replace(b"AVAILABLE", b"AVAILABLX")
    return _ok(requests.Session().send(req))


def sign_a_request_for_another_path(r: Rig) -> bool:
    req = requests.Request("GET", r.victim.url + "/v1/catalog", auth=Signer(r.victim)).prepare()
    req.url = r.victim.url + f"/v1/applications/{r.number}"
    return _ok(requests.Session().send(req))


def unknown_key_id(r: Rig) -> bool:
    req = requests.Request("GET", r.attacker.url + "/v1/catalog").prepare()
    req.headers.update({"Authorization": f"Bearer {r.attacker.token}", "Content-Digest": content_digest(b"")})
    req.headers.update(sign(r.attacker.key, "K000000000000", "GET", "/v1/catalog", "", dict(req.headers)))
    return _ok(requests.Session().send(req))


def revoked_kiosk_keeps_going(r: Rig) -> bool:
    k = SignedKiosk(r.prod.url, r.prod.pairing_code(), "to be revoked")
    requests.post(f"{r.prod.url}/v1/admin/devices/{k.device_id}/revoke",
                  headers={"Authorization": f"Bearer {r.prod.admin_token}"}, timeout=10).raise_for_status()
    return _ok(k.get("/v1/catalog")) or _ok(k.post("/v1/auth/token"))


def old_identity_after_reenrolment(r: Rig) -> bool:
    from kiosk.config import PlatformSection
    from kiosk.platform_client import PlatformClient, PlatformError
    key_file = r.workdir / f"reenrol-{uuid.uuid4().hex[:6]}" / "device-key.pem"
    client = PlatformClient(PlatformSection(url=r.prod.url, key_file=str(key_file)))
    client.enrol(r.prod.pairing_code(), "re-enrolled")
    old_key, old_id = key_file.read_bytes(), client.device_id()
    client.enrol(r.prod.pairing_code(), "re-enrolled")             # kiosk-provision enrol --force
    stale_file = key_file.with_name("old") / "device-key.pem"
    stale_file.parent.mkdir()
    stale_file.write_bytes(old_key)
    stale_file.with_name("device-id").write_text(old_id)
    try:
        PlatformClient(PlatformSection(url=r.prod.url, key_file=str(stale_file))).fetch_catalog()
    except PlatformError:
        return False
    return True


def a_kiosk_token_on_the_operators_api(r: Rig) -> bool:
    return any(_ok(r.attacker.request(m, p)) for m, p in (("POST", "/v1/admin/pairing-codes"),
                                                          ("GET", "/v1/admin/audit")))


# ------------------------------------------------------------------ bodies

def big_declared_body(r: Rig) -> bool:
    return r.attacker.post("/v1/heartbeat", data=b"x" * (300 * 2**10),
                           headers={"Content-Type": "application/json"}).status_code != 413


def malformed_body_unauthenticated(r: Rig) -> bool:
    resp = requests.post(r.prod.url + "/v1/applications", data=b"{" * 100_000, headers={"Content-Type": "application/json"})
    return resp.status_code != 401


def endless_chunked_body(r: Rig) -> bool:
    before = _rss_kb(r.prod.proc.pid)

    def endless():
        for _ in range(200):
            yield b"x" * 2**20
    req = requests.Request("POST", r.attacker.url + "/v1/heartbeat", auth=Signer(r.attacker), data=b"").prepare()
    req.prepare_body(endless(), None)
    req.headers.pop("Content-Length", None)
    try:
        status = requests.Session().send(req, timeout=30).status_code
    except requests.ConnectionError:
        status = 413
    r.notes["chunked_rss_growth_mb"] = f"{(_rss_kb(r.prod.proc.pid) - before) / 1024:.1f}"
    return status < 400 or float(r.notes["chunked_rss_growth_mb"]) > 40


def upload_over_the_limit(r: Rig) -> bool:
    return r.attacker.request("PUT", "/v1/uploads/abcdefgh12", data=os.urandom(21 * 2**20)).status_code != 413


def unbounded_fields(r: Rig) -> bool:
    hb = {"kiosk_state": "A" * 100, "software_version": "1", "sent_at": "2026-12-03T00:00:00Z"}
    long_upload = {**_application(), "uploads": [{"upload_id": "abcdefgh12", "material_code": "m" * 65, "filename": "f",
                                                  "content_type": "x", "size": 1, "sha256": "0" * 64}]}
    tries = [r.attacker.post("/v1/heartbeat", json=hb),
             r.attacker.post("/v1/applications", json={**_application(), "item_code": "X" * 1000},
                             headers={"Idempotency-Key": uuid.uuid4().hex}),
             r.attacker.post("/v1/applications", json=long_upload, headers={"Idempotency-Key": uuid.uuid4().hex}),
             r.attacker.post("/v1/applications", json={**_application(), "deferred_materials": ["x"] * 100},
                             headers={"Idempotency-Key": uuid.uuid4().hex}),
             r.attacker.post("/v1/applications/query", json={"id_number": "1" * 1000}),
             r.attacker.request("PUT", "/v1/uploads/abcdefgh12", data=b"x", headers={"X-Filename": "f" * 1000})]
    return any(x.status_code != 422 for x in tries)


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))


# ------------------------------------------------------------------ operators

def fleet_without_login(r: Rig) -> bool:
    resp = requests.get(r.prod.url + "/fleet", allow_redirects=False)
    return resp.status_code == 200 or r.victim.device_id in resp.text


def fleet_with_the_old_basic_login(r: Rig) -> bool:
    resp = requests.get(r.prod.url + "/fleet", auth=("anyone", r.prod.admin_token), allow_redirects=False)
    return resp.status_code == 200


def non_ascii_password(r: Rig) -> bool:
    resp = requests.post(r.prod.url + "/login", data={"username": "张三", "password": "密码密码密码密码密码密码"},
                         allow_redirects=False)
    basic = requests.get(r.prod.url + "/fleet", headers={"Authorization": "Basic 5byg5LiJOuWvhueggQ=="},
                         allow_redirects=False)
    return resp.status_code >= 500 or basic.status_code >= 500 or resp.status_code == 303


def guess_an_operators_password(r: Rig) -> bool:
    password = add_operator(r.prod, "guessed", "administrator")
    for n in range(6):
        requests.post(r.prod.url + "/login", data={"username": "guessed", "password": f"wrong-{n}-password"},
                      allow_redirects=False)
    right = requests.post(r.prod.url + "/login", data={"username": "guessed", "password": password},
                          allow_redirects=False)
    return right.status_code == 303                  # the guesser found it: the lockout did not hold


def supervisor_sends_a_command(r: Rig) -> bool:
    session = logged_in(r.prod, "duty", "supervisor")
    page = session.get(r.prod.url + "/fleet").text
    csrf = csrf_of(page) if 'name="csrf"' in page else ""
    resp = session.post(f"{r.prod.url}/fleet/devices/{r.victim.device_id}/commands",
                        data={"csrf": csrf, "command": "out_of_service"}, allow_redirects=False)
    api = session.post(f"{r.prod.url}/v1/admin/devices/{r.victim.device_id}/commands",
                       params={"command": "out_of_service"}, headers={"X-CSRF-Token": csrf})
    return resp.status_code == 303 or _ok(api)


def operator_revokes_a_kiosk(r: Rig) -> bool:
    session = logged_in(r.prod, "ops", "operator")
    csrf = csrf_of(session.get(r.prod.url + "/fleet").text)
    resp = session.post(f"{r.prod.url}/fleet/devices/{r.victim.device_id}/revoke", data={"csrf": csrf},
                        allow_redirects=False)
    return resp.status_code == 303


def cross_site_form_without_csrf(r: Rig) -> bool:
    session = logged_in(r.prod, "ops2", "operator")
    resp = session.post(f"{r.prod.url}/fleet/devices/{r.victim.device_id}/commands",
                        data={"command": "out_of_service"}, allow_redirects=False)
    other = session.post(f"{r.prod.url}/fleet/devices/{r.victim.device_id}/commands",
                         data={"command": "out_of_service", "csrf": "x" * 32}, allow_redirects=False)
    return resp.status_code == 303 or other.status_code == 303


def mint_an_eid_on_a_real_platform(r: Rig) -> bool:
    resp = requests.post(r.prod.url + "/v1/admin/qr-tokens", json={"kind": "eid", "name": NAME, "id_number": ID_NUMBER},
                         headers={"Authorization": f"Bearer {r.prod.admin_token}"})
    sms = requests.get(r.prod.url + "/v1/admin/sms", params={"mobile": MOBILE},
                       headers={"Authorization": f"Bearer {r.prod.admin_token}"})
    return _ok(resp) or _ok(sms)


def service_token_prefix(r: Rig) -> bool:
    return _ok(requests.post(r.prod.url + "/v1/admin/pairing-codes",
                             headers={"Authorization": f"Bearer {r.prod.admin_token[:-1]}"}))


def operator_actions_unaudited(r: Rig) -> bool:
    trail = requests.get(r.prod.url + "/v1/admin/audit", headers={"Authorization": f"Bearer {r.prod.admin_token}"}).json()
    actions = {(e["username"], e["action"]) for e in trail}
    return not {("service-token", "revoke"), ("guessed", "login")} <= actions


# ------------------------------------------------------------------ the kiosk itself

def pin_brute_force_across_restarts(r: Rig) -> bool:
    """10^6 six-digit PINs; five tries per lockout, lockouts doubling (to a day) and kept across power
    cycles: how many guesses do 30 days of patient power-cycling buy? Success: a 1 in 1000 chance or better."""
    from kiosk.technician import PinCheck, hash_pin
    stored, state, now = hash_pin("918273", iterations=1000), r.workdir / "pin-state.json", [0.0]
    guesses = 0
    while now[0] < 30 * 24 * 3600:
        check = PinCheck(stored, state, clock=lambda: now[0])          # a restart
        if check.locked():
            now[0] += check.seconds_left() + 1
            continue
        guesses += 1
        if check.verify(f"{guesses:06d}"):
            return True
        now[0] += 1
    r.notes["pin_guesses_in_30_days"] = str(guesses)
    return guesses > 1000


def printer_impostor(r: Rig) -> bool:
    from drivers.printer import ipp
    from drivers.printer.ipp_emulator import IppPrinterEmulator, PaperSim

    from .printer_certs import pin_of, printer_certificates
    files = printer_certificates(r.workdir)
    pin = pin_of(files[0][0])
    impostor = IppPrinterEmulator(PaperSim(r.workdir / "imp.json").create({"main": 0}), tls=files[1]).start()
    try:
        ipp.get_printer_attributes(impostor.uri, ["printer-state"], pin_sha256=pin)
    except ipp.CertificateChanged:
        return False
    finally:
        impostor.stop()
    return True


def long_typed_name(r: Rig) -> bool:
    from kiosk.identity import IdentityRefused, manual_identity
    try:
        manual_identity("张" * 200, ID_NUMBER, dt.date.today())
    except IdentityRefused:
        return False
    return True


ATTACKS: dict[str, Callable[[Rig], bool]] = {f.__name__: f for f in (
    read_without_grant, read_with_the_victims_grant, read_with_own_grant_for_someone_else, read_with_a_made_up_grant,
    progress_by_number_shows_the_person, guess_neighbouring_numbers, rate_someone_elses_application,
    grant_for_a_failed_face_check, grant_for_a_bad_id_number, submit_without_a_real_verification, submit_for_someone_else,
    answer_another_kiosks_sms_code, flood_a_person_with_sms, guess_an_sms_code,
    old_token_after_renewal, replay_a_captured_request, sign_with_another_kiosks_key, bearer_token_alone,
    stale_signature, tamper_with_a_signed_body, sign_a_request_for_another_path, unknown_key_id,
    revoked_kiosk_keeps_going, old_identity_after_reenrolment, a_kiosk_token_on_the_operators_api,
    big_declared_body, malformed_body_unauthenticated, endless_chunked_body, upload_over_the_limit, unbounded_fields,
    fleet_without_login, fleet_with_the_old_basic_login, non_ascii_password, guess_an_operators_password,
    supervisor_sends_a_command, operator_revokes_a_kiosk, cross_site_form_without_csrf, mint_an_eid_on_a_real_platform,
    service_token_prefix, operator_actions_unaudited, pin_brute_force_across_restarts, printer_impostor, long_typed_name,
)}
