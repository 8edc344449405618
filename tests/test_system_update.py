"""The appliance's update checks on the host, with the real RAUC and openssl: a bundle is trusted only when
its signature chains to the box's keyring (an attacker's re-signed or byte-changed bundle is refused), a
bundle for other hardware or an older release is refused with a reason, and the boot check marks a new
slot good only on proof and rolls back otherwise. The whole path — RAUC writing a slot, GRUB's try,
the reboot — runs on the appliance image in tests/appliance/test_update.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.system_release import booted_slot, last_update, release_version
from provisioning.bootcheck import check_boot, proof
from provisioning.updates import (BundleInfo, Trial, UpdateRefused, bundle_info, check, enrolled, read_trial,
                                  version_key, write_trial)

REPO = Path(__file__).resolve().parents[1]
COMPATIBLE = (REPO / "appliance/compatible").read_text().strip()


def _keys(folder: Path) -> Path:
    subprocess.run(["bash", str(REPO / "appliance/make-update-keys.sh"), str(folder)], check=True, timeout=120)
    return folder


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> dict[str, Path]:
    """A small real bundle (an 8 MB ext4 slot image) signed by the box's release signer, and the box's
    system.conf; and the same bundle re-signed by an attacker's own CA, and with a byte of it changed."""
    work = tmp_path_factory.mktemp("bundles")
    box, attacker = _keys(work / "box"), _keys(work / "attacker")
    rootfs = work / "rootfs.ext4"
    tree = work / "tree"
    (tree / "usr/lib/open-gov-kiosk").mkdir(parents=True)
    (tree / "usr/lib/open-gov-kiosk/release").write_text("VERSION=0.2.0\n")
    (tree / "payload").write_bytes(os.urandom(256 * 1024))    # squashfs refuses a bundle of (nearly) nothing
    subprocess.run(["mkfs.ext4", "-q", "-d", str(tree), str(rootfs), "8M"], check=True, timeout=60)
    good = work / "good.raucb"
    subprocess.run([str(REPO / "appliance/build-bundle.sh"), str(rootfs), "0.2.0", str(good),
                    str(box / "update-signer.pem"), str(box / "update-signer.key"), str(box / "update-ca.pem")],
                   check=True, timeout=300, capture_output=True)
    foreign = work / "foreign.raucb"
    subprocess.run(["rauc", "resign", "--cert", str(attacker / "update-signer.pem"), "--key",
                    str(attacker / "update-signer.key"), "--keyring", str(attacker / "update-ca.pem"),
                    "--no-verify", str(good), str(foreign)], check=True, timeout=120, capture_output=True)
    tampered = work / "tampered.raucb"
    data = bytearray(good.read_bytes())
    data[-200] ^= 0xFF                                       # inside the CMS signature at the end
    tampered.write_bytes(bytes(data))
    # a signer of the box's own CA, valid only from next year: what a box whose clock went back years
    # (a dead RTC battery, no NTP in a park) sees of every release
    later = work / "later"
    later.mkdir()
    _future_signer(box, later)
    future = work / "future.raucb"                        # (no keyring: RAUC would check it against today)
    subprocess.run([str(REPO / "appliance/build-bundle.sh"), str(rootfs), "0.2.0", str(future),
                    str(later / "signer.pem"), str(later / "signer.key")], check=True, timeout=300, capture_output=True)
    conf = work / "system.conf"
    conf.write_text(f"[system]\ncompatible={COMPATIBLE}\nbootloader=noop\nbundle-formats=verity\n\n"
                    f"[keyring]\npath={box / 'update-ca.pem'}\n")
    return {"good": good, "foreign": foreign, "tampered": tampered, "future": future, "conf": conf}


def _future_signer(ca_dir: Path, out: Path) -> None:
    ca_key = serialization.load_pem_private_key((ca_dir / "update-ca.key").read_bytes(), None)
    ca = x509.load_pem_x509_certificate((ca_dir / "update-ca.pem").read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=365)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "next signer")]))
            .issuer_name(ca.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    (out / "signer.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (out / "signer.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))


def test_a_bundle_signed_by_the_release_signer_is_read(signed):
    assert bundle_info(signed["good"], signed["conf"]) == BundleInfo("0.2.0", COMPATIBLE)


@pytest.mark.parametrize("which", ["foreign", "tampered"])
def test_a_re_signed_or_changed_bundle_is_refused_as_a_bad_signature(signed, which):
    with pytest.raises(UpdateRefused) as refused:
        bundle_info(signed[which], signed["conf"])
    assert refused.value.code == "bad_signature", refused.value


def test_a_clock_far_off_is_said_so_not_taken_for_a_bad_signature(signed):
    with pytest.raises(UpdateRefused) as refused:
        bundle_info(signed["future"], signed["conf"])
    assert refused.value.code == "clock_off" and "clock" in str(refused.value), refused.value


def test_a_missing_bundle_is_said_so(tmp_path, signed):
    with pytest.raises(UpdateRefused, match="no such bundle"):
        bundle_info(tmp_path / "nothing.raucb", signed["conf"])


def test_other_hardware_and_downgrades_are_refused_unless_allowed():
    mine = BundleInfo("0.2.0", COMPATIBLE)
    check(mine, running="0.1.9", compatible=COMPATIBLE, allow_downgrade=False)
    check(mine, running="0.2.0", compatible=COMPATIBLE, allow_downgrade=False)          # reinstall
    with pytest.raises(UpdateRefused) as refused:
        check(BundleInfo("0.2.0", "someone-else/arm64"), running="0.1.0", compatible=COMPATIBLE,
              allow_downgrade=False)
    assert refused.value.code == "incompatible"
    with pytest.raises(UpdateRefused) as refused:
        check(BundleInfo("0.1.10", COMPATIBLE), running="0.1.10.1", compatible=COMPATIBLE, allow_downgrade=False)
    assert refused.value.code == "downgrade"
    check(BundleInfo("0.1.10", COMPATIBLE), running="0.1.10.1", compatible=COMPATIBLE, allow_downgrade=True)
    assert version_key("0.1.10") > version_key("0.1.9")           # numbers, not strings


def test_off_the_appliance_release_and_slot_are_empty(tmp_path):
    assert release_version(tmp_path / "none") == "" and booted_slot(tmp_path / "none") == ""
    cmdline = tmp_path / "cmdline"
    cmdline.write_text("BOOT_IMAGE=/boot/vmlinuz root=PARTLABEL=rootfs.1 rauc.slot=B rw quiet\n")
    assert booted_slot(cmdline) == "B"
    assert last_update(tmp_path) is None


class Actions:
    def __init__(self) -> None:
        self.marked: list[str] = []
        self.reboots = 0

    def mark(self, state: str) -> None:
        self.marked.append(state)

    def reboot(self) -> None:
        self.reboots += 1


def _trial(slot: str = "B", needs_platform: bool = True) -> Trial:
    return Trial(slot=slot, version="0.2.0", from_version="0.1.0", needs_platform=needs_platform,
                 installed_at="2026-12-04T02:00:00+00:00")


def test_a_slot_that_ran_before_is_marked_good_at_once(tmp_path):
    acts = Actions()
    assert check_boot(slot="A", update_dir=tmp_path, status=lambda: {}, mark=acts.mark, reboot=acts.reboot) == "good"
    assert acts.marked == ["good"] and acts.reboots == 0 and last_update(tmp_path) is None


def test_a_new_slot_is_good_only_once_drawn_and_heard_by_the_platform(tmp_path):
    write_trial(_trial(), tmp_path)
    says = iter([{"ActiveState": "activating"}, {"ActiveState": "active", "StatusText": "starting"},
                 {"ActiveState": "active", "StatusText": "serving"},          # drawn, not heard yet
                 {"ActiveState": "active", "StatusText": "serving; platform answered"}])
    acts = Actions()
    assert check_boot(slot="B", update_dir=tmp_path, status=lambda: next(says), poll_s=0.01,
                      mark=acts.mark, reboot=acts.reboot) == "updated"
    assert acts.marked == ["good"] and read_trial(tmp_path) is None
    result = last_update(tmp_path)
    assert (result.state, result.version) == ("updated", "0.2.0")
    assert json.loads((tmp_path / "result.json").read_text())["at"]


def test_offline_a_drawn_kiosk_is_proof_enough():
    assert proof({"ActiveState": "active", "StatusText": "serving"}, needs_platform=False) == "proved"
    assert proof({"ActiveState": "active", "StatusText": "serving"}, needs_platform=True) is None
    # heard by the platform before its first frame (READY=1 makes the unit active): not drawn yet
    assert proof({"ActiveState": "activating", "StatusText": "serving; platform answered"}, True) is None


def test_a_crash_looping_kiosk_marks_the_slot_bad_and_reboots_then_the_old_slot_says_why(tmp_path):
    write_trial(_trial(), tmp_path)
    acts = Actions()
    assert check_boot(slot="B", update_dir=tmp_path, status=lambda: {"ActiveState": "failed", "Result": "exit-code"},
                      poll_s=0.01, mark=acts.mark, reboot=acts.reboot) == "rolled_back_now"
    assert acts.marked == ["bad"] and acts.reboots == 1
    assert "kiosk failed" in read_trial(tmp_path).failure
    # GRUB boots A again: the old slot is good, and the update's end is recorded for the heartbeat
    assert check_boot(slot="A", update_dir=tmp_path, status=lambda: {}, mark=acts.mark, reboot=acts.reboot) == "good"
    result = last_update(tmp_path)
    assert (result.state, result.code, result.version) == ("rolled_back", "not_proved", "0.2.0")
    assert "kiosk failed" in result.message and read_trial(tmp_path) is None


def test_no_proof_in_time_is_a_rollback(tmp_path):
    write_trial(_trial(), tmp_path)
    acts = Actions()
    assert check_boot(slot="B", update_dir=tmp_path, status=lambda: {"ActiveState": "active", "StatusText": "serving"},
                      trial_s=0.05, poll_s=0.01, mark=acts.mark, reboot=acts.reboot) == "rolled_back_now"
    assert acts.marked == ["bad"] and "did not prove" in read_trial(tmp_path).failure


def test_a_power_cut_in_the_new_slots_first_boot_is_recorded_as_not_started(tmp_path):
    """The new slot never got to its check (GRUB's one try used): the old one says the update did not start."""
    write_trial(_trial(slot="B"), tmp_path)
    acts = Actions()
    assert check_boot(slot="A", update_dir=tmp_path, status=lambda: {}, mark=acts.mark, reboot=acts.reboot) == "good"
    assert "did not start" in last_update(tmp_path).message


def test_only_an_enrolled_box_waits_for_the_platform_to_hear_its_new_system(tmp_path):
    key = tmp_path / "secrets/device-key.pem"
    key.parent.mkdir()
    assert not enrolled(key)                      # unprovisioned: drawing its screen will be the proof
    (key.parent / "device-id").write_text("K123\n")
    assert enrolled(key)
