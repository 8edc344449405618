"""The audit log: a session's events chained by keyed hashes, no person in it, tampering found."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from api_schema.models import EvaluationLevel
from kiosk.audit import AuditEvent, AuditLog, verify_chain
from kiosk.config import parse_config
from kiosk.service import KioskService
from kiosk.session import EndReason, VerificationMethod, VerificationResult

from .helpers import ID_NUMBER, NAME, identity


@pytest.fixture
def audit(tmp_path: Path):
    log = AuditLog.open(tmp_path / "state")
    yield log
    log.close()


def _session(service: KioskService) -> None:
    assert service.choose_item("RS-0101").ok
    service.start()
    assert service.identify(identity()).ok
    assert not service.verified(VerificationResult(VerificationMethod.FACE, False, score=0.71, threshold=0.55)).ok
    assert service.verified(VerificationResult(VerificationMethod.FACE, True, score=0.31, threshold=0.55,
                                               liveness_steps=("turn_left", "turn_right"), consent=True)).ok
    for name, value in (("mobile", "13800138000"), ("purpose", "购房"), ("months", "12")):
        service.event("set_field", name, value)
    assert service.event("to_review").ok, service.session.last_error
    assert service.submit().ok
    service.printed("receipt", True)
    service.event("to_rating")
    assert service.rate(EvaluationLevel.SATISFIED).ok
    service.end(EndReason.FINISHED)


def test_a_session_is_chained_without_the_person(client, sync, audit):
    service = KioskService(client, sync, audit=audit)
    assert service.refresh_catalog().ok
    _session(service)
    service.service_state_changed(True, "platform")
    audit.flush()
    text = audit.path.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["event"] for line in lines] == [
        "session_start", "identified", "verified", "verified", "submitted", "printed", "evaluated", "session_end",
        "service_state"]
    assert len({line["session"] for line in lines[:8]}) == 1
    assert lines[8]["state"] == "out_of_service" and lines[8]["reason"] == "platform"
    assert lines[1]["person"] == audit.pseudonym(ID_NUMBER.lower())       # same person, same pseudonym
    assert lines[2]["passed"] is False and lines[3]["steps"] == ["turn_left", "turn_right"]
    assert lines[4]["application_no"].startswith("ZW") and lines[7]["reason"] == "finished"
    for secret in (NAME, ID_NUMBER, ID_NUMBER[-8:], "13800138000", "购房", "北京市"):
        assert secret not in text
    check = audit.verify()
    assert check.ok and check.lines == 9 and check.head == audit.head


def test_personal_fields_cannot_be_logged(audit):
    with pytest.raises(ValueError, match="not allowed"):
        audit.record(AuditEvent.IDENTIFIED, "s1", name=NAME)


def _tamper_cases(lines: list[bytes]) -> dict[str, tuple[list[bytes], int]]:
    edited = json.loads(lines[2])
    edited["passed"] = not edited["passed"]    # e.g. "the check passed" written over a refusal
    return {
        "edited": (lines[:2] + [json.dumps(edited, ensure_ascii=False, sort_keys=True,
                                           separators=(",", ":")).encode()] + lines[3:], 3),
        "removed": (lines[:2] + lines[3:], 3),
        "reordered": (lines[:1] + [lines[2], lines[1]] + lines[3:], 2),
        "garbage": (lines[:4] + [b"not json"] + lines[5:], 5),
    }


def test_tampering_is_found_at_its_line(tmp_path, audit):
    for n in range(6):
        audit.record(AuditEvent.VERIFIED, f"s{n}", passed=n % 2 == 0, method="face")
    audit.flush()
    lines = audit.path.read_bytes().splitlines()
    for case, (changed, bad_line) in _tamper_cases(lines).items():
        copy = tmp_path / f"{case}.log"
        copy.write_bytes(b"\n".join(changed) + b"\n")
        check = verify_chain(copy, audit._key)
        assert not check.ok and check.first_bad_line == bad_line, (case, check)
    # Recomputing the plain hashes does not help without the key
    assert not verify_chain(audit.path, b"\x00" * 32).ok


def test_the_chain_continues_after_a_restart_and_a_torn_line(tmp_path):
    state = tmp_path / "state"
    first = AuditLog.open(state)
    first.record(AuditEvent.SESSION_START, "a", item="RS-0101")
    first.close()
    with open(state / "audit.log", "ab") as fh:
        fh.write(b'{"seq":2,"at":"2026-')                      # the power went in the middle of a line
    again = AuditLog.open(state)
    again.record(AuditEvent.SESSION_END, "a", reason="timeout")
    again.close()
    check = verify_chain(state / "audit.log", again._key)
    assert check.ok and check.lines == 2


def test_kiosk_audit_verify_command(tmp_path):
    state = tmp_path / "state"
    log = AuditLog.open(state)
    for n in range(3):
        log.record(AuditEvent.SESSION_START, f"s{n}", item="RS-0101")
    log.close()
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\nstate_dir = "{state}"\n')
    parse_config(cfg.read_text())
    run = [sys.executable, "-m", "launcher.cli", "audit", "verify", "--config", str(cfg)]
    ok = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "3" in ok.stdout, ok.stdout + ok.stderr
    path = state / "audit.log"
    path.write_text(path.read_text().replace("RS-0101", "RS-0102", 1))
    bad = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "第 1 行" in bad.stdout, bad.stdout + bad.stderr


def test_rotation_keeps_one_chain_across_files_and_a_restart(tmp_path):
    """A small max_bytes: the log rotates into audit.log.N, the oldest go beyond `keep`; the chain runs
    on across files and across a restart; a changed or missing middle file is found."""
    from kiosk.audit import rotated_files, verify_log
    from offline_cache.crypto import load_or_create_key

    state = tmp_path / "state"
    key = load_or_create_key(state / "secrets" / "audit.key", "aes-256-gcm", create=True)
    log = AuditLog(state / "audit.log", key, max_bytes=700, keep=3)
    for n in range(40):
        log.record(AuditEvent.SESSION_START, f"s{n}", item="RS-0101")
        log.flush()                                         # one line per write: rotation between lines
    log.close()
    files = rotated_files(state / "audit.log")
    assert len(files) == 3 and [f.name for f in files] == sorted((f.name for f in files), key=lambda n: int(n[10:]))
    check = verify_log(state / "audit.log", key)
    kept = sum(len(f.read_bytes().splitlines()) for f in files) + len((state / "audit.log").read_bytes().splitlines())
    assert check.ok and check.lines == kept < 40 and check.head == log.head

    again = AuditLog(state / "audit.log", key, max_bytes=700, keep=3)        # a restart continues the chain
    assert again.seq == 40
    again.record(AuditEvent.SESSION_END, "s40", reason="timeout")
    again.close()
    assert verify_log(state / "audit.log", key).ok

    middle = rotated_files(state / "audit.log")[1]
    saved = middle.read_bytes()
    middle.write_bytes(saved.replace(b"RS-0101", b"RS-0102", 1))
    bad = verify_log(state / "audit.log", key)
    assert not bad.ok and middle.name in bad.problem and "changed" in bad.problem
    middle.unlink()
    gone = verify_log(state / "audit.log", key)
    assert not gone.ok and "expected" in gone.problem
