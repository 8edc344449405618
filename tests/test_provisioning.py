"""kiosk-provision against emulated devices (ptys under a temporary root's /dev/serial/by-id), the
real cupsd, the real pcscd and the real reference platform. No real /etc is touched."""

import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drivers.printer.escpos import PaperState
from kiosk.config import PlatformSection, load_config, parse_config
from kiosk.platform_client import PlatformClient
from launcher.demo import DEMO_CAMERA
from provisioning.cli import main as provision
from provisioning.configure import udev_rules
from provisioning.detect import SerialKind, detect
from provisioning.install import UNITS, install
from provisioning.users import kiosk_ids

from .provision_box import IDCARD_ID, PRINTER_ID, SCANNER_ID, EmulatedBox


@pytest.fixture
def box(tmp_path):
    b = EmulatedBox(tmp_path / "root")
    yield b
    b.close()


def _args(box, cups, *extra: str) -> list[str]:
    return ["--root", str(box.root), "--yes", "--cups-server", str(cups.socket), "--cups-queue", cups.pdf_queue,
            *extra]


def test_a_full_non_interactive_run(box, cups, pcscd, platform):
    box.keep_scanning()
    run = subprocess.run(
        [sys.executable, "-m", "provisioning.cli", *_args(box, cups, "--json", "--scan-wait", "4", "--camera", DEMO_CAMERA),
         "all", "--code", platform.pairing_code(), "--name", "高新区驿站 1 号机", "--platform", platform.url],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, **cups.env(), "KIOSK_TECHNICIAN_PIN": "246813"})
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert run.returncode == 0 and summary["ok"], run.stdout + run.stderr
    tested = {r["device"]: r for r in summary["results"]}
    assert set(tested) == {"idcard", "receiptprinter", "qrscanner", "sscard", "camera", "a4printer", "platform"}
    assert "card read ok" in tested["idcard"]["detail"]
    assert box.printer.printed().lines(), "the test receipt came out"

    cfg = load_config(box.root / "etc/kiosk/kiosk.toml")
    assert cfg.kiosk.name == "高新区驿站 1 号机" and cfg.platform.url == platform.url
    assert cfg.idcard.port == f"/dev/serial/by-id/{IDCARD_ID}" and cfg.idcard.required
    assert cfg.receipt_printer.port == f"/dev/serial/by-id/{PRINTER_ID}"
    assert cfg.qrscanner.port == f"/dev/serial/by-id/{SCANNER_ID}"
    assert cfg.sscard.reader.startswith("Virtual PCD") and cfg.printer.queue == cups.pdf_queue
    assert cfg.camera.source == DEMO_CAMERA and cfg.ui.technician_pin_hash.startswith("pbkdf2")

    uid, gid = kiosk_ids(box.root)
    secrets = box.root / "var/lib/kiosk/secrets"
    for name in ("device-key.pem", "device-id"):
        st = (secrets / name).stat()
        assert (st.st_mode & 0o777, st.st_uid) == (0o600, uid), name
    assert (box.root / "etc/kiosk/kiosk.toml").stat().st_gid == gid          # the kiosk can read it
    wants = box.root / "etc/systemd/system"
    # (the slot check and the updater skip themselves off the appliance: ConditionKernelCommandLine=rauc.slot)
    assert sorted(p.name for p in (wants / "multi-user.target.wants").iterdir()) == ["kiosk-boot-check.service",
                                                                                    "kiosk-sync.service"]
    assert sorted(p.name for p in (wants / "graphical.target.wants").iterdir()) == ["kiosk-display.service",
                                                                                   "kiosk.service"]
    assert [p.name for p in (wants / "timers.target.wants").iterdir()] == ["kiosk-update.timer"]
    device_id = (secrets / "device-id").read_text().strip()
    kiosk = PlatformClient(PlatformSection(url=platform.url, key_file=str(secrets / "device-key.pem")))
    assert kiosk.device_id() == device_id and device_id.startswith("K")
    assert kiosk.fetch_catalog().catalog is not None                  # the installed key signs for this kiosk


def test_detect_tells_the_devices_apart(box, cups):
    box.keep_scanning()
    found = detect(box.root, cups_server=str(cups.socket), scan_wait_s=4)
    kinds = {Path(d.path).name: d.kind for d in found.serial}
    assert kinds == {IDCARD_ID: SerialKind.IDCARD, PRINTER_ID: SerialKind.RECEIPT_PRINTER,
                     SCANNER_ID: SerialKind.QR_SCANNER}
    assert any(q.name == cups.pdf_queue for q in found.cups_queues)
    # the ID card module's pty never got a printer's bytes, the printer never a GA 467 frame
    assert not box.printer.printed().lines()
    rules = udev_rules(found)
    assert 'ENV{ID_SERIAL}=="Synjones_SS628-100_0001A2"' in rules and 'SYMLINK+="kiosk/idcard"' in rules
    assert rules.count("ID_MM_DEVICE_IGNORE") == 3


def test_configure_is_idempotent_and_keeps_hand_edits(box, cups, capsys):
    base = _args(box, cups)
    assert provision([*base, "configure", "--name", "一号机", "--platform", "http://10.1.2.3:8710"]) == 0
    path = box.root / "etc/kiosk/kiosk.toml"
    first = path.read_bytes()
    assert provision([*base, "configure", "--name", "一号机", "--platform", "http://10.1.2.3:8710"]) == 0
    assert path.read_bytes() == first and "unchanged" in capsys.readouterr().out
    path.write_text(path.read_text() + '\n[face]\nthreshold = 0.5\n')         # a hall's own setting
    assert provision([*base, "configure", "--name", "二号机", "--platform", "http://10.1.2.3:8710"]) == 0
    cfg = parse_config(path.read_text())
    assert cfg.kiosk.name == "二号机" and cfg.face.threshold == 0.5
    backups = list(path.parent.glob("kiosk.toml.bak-*"))
    assert len(backups) == 1 and b"[face]" in backups[0].read_bytes()


def test_enrol_refuses_a_bad_code_and_a_second_enrolment(box, cups, platform, capsys):
    base = _args(box, cups)
    provision([*base, "configure", "--name", "一号机", "--platform", platform.url])
    assert provision([*base, "enrol", "--code", "ZZZZ-ZZZZ"]) == 1
    assert "pairing code unknown" in capsys.readouterr().out
    assert not (box.root / "var/lib/kiosk/secrets/device-key.pem").exists()
    assert provision([*base, "enrol", "--code", platform.pairing_code()]) == 0
    assert provision([*base, "enrol", "--code", platform.pairing_code()]) == 1
    assert "already enrolled" in capsys.readouterr().out
    assert provision([*base, "enrol", "--force", "--code", platform.pairing_code()]) == 0


def test_selftest_names_what_fails(box, cups, capsys):
    base = _args(box, cups)
    provision([*base, "configure", "--name", "一号机", "--platform", "http://127.0.0.1:9"])
    box.printer.set_paper(PaperState.EMPTY)
    box.idcard.remove()
    assert provision([*base, "selftest"]) == 1
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "receiptprinter" in line)
    assert "FAIL" in row and "print_paper_out" in row
    idrow = next(line for line in out.splitlines() if " idcard " in line)
    assert "PASS" in idrow and "no card on the pad" in idrow


def test_status_slip_on_the_receipt_printer(box, cups, platform):
    base = _args(box, cups)
    provision([*base, "configure", "--name", "一号机", "--platform", platform.url])
    provision([*base, "enrol", "--code", platform.pairing_code()])
    assert provision([*base, "status-slip"]) == 0
    text = "\n".join(box.printer.printed().lines())
    device_id = (box.root / "var/lib/kiosk/secrets/device-id").read_text().strip()
    assert "终端状态单" in text and device_id in text and "身份证读卡器：正常" in text
    assert "打印机：正常" in text and "队列：0 件" in text


def test_install_writes_verified_units_and_the_user(tmp_path):
    root = tmp_path / "root"
    result = install(root, kiosk_bin=sys.executable)
    assert {w.path.name for w in result.written} >= set(UNITS)
    assert kiosk_ids(root) is not None
    state = root / "var/lib/kiosk"
    assert state.stat().st_mode & 0o777 == 0o700 and state.stat().st_uid == kiosk_ids(root)[0]
    again = install(root, kiosk_bin=sys.executable)               # idempotent
    assert not any(w.changed for w in again.written)


def test_interactive_configure_asks_and_listens_for_a_scan(box, cups):
    """On a terminal the tool asks for what is missing and asks the technician to scan a code."""
    master, slave = os.openpty()
    box.keep_scanning()
    proc = subprocess.Popen([sys.executable, "-m", "provisioning.cli", "--root", str(box.root), "--cups-server",
                             str(cups.socket), "configure"], stdin=slave, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **cups.env()},
                            start_new_session=True)    # no controlling terminal: the PIN prompt reads stdin
    os.close(slave)
    os.write(master, "驿站二号机\nhttp://10.0.0.7:8710\n".encode())   # name, platform
    # The PIN is asked without echo, and a hidden prompt discards what was typed ahead (as a terminal
    # does): type it once the prompt is there.
    prompt, deadline = b"", time.monotonic() + 60
    while b"PIN" not in prompt and time.monotonic() < deadline:
        if select.select([proc.stderr], [], [], 1)[0]:
            prompt += os.read(proc.stderr.fileno(), 4096)
    os.write(master, b"246813\n")
    out, err = proc.communicate(timeout=120)
    assert "246813" not in out + err + prompt.decode(errors="replace")          # never echoed
    os.close(master)
    assert proc.returncode == 0, out + err
    assert "扫描任意二维码" in out and "终端名称" in out
    cfg = load_config(box.root / "etc/kiosk/kiosk.toml")
    assert cfg.kiosk.name == "驿站二号机" and cfg.platform.url == "http://10.0.0.7:8710"
    assert cfg.qrscanner.port.endswith(SCANNER_ID) and cfg.ui.technician_pin_hash


def test_a_usb_printer_class_receipt_printer_is_found_and_configured(tmp_path, cups):
    """The receipt printer as the kernel's usblp shows it (/dev/usb/lp0, here a pty the emulator answers
    on): detect asks it DLE EOT the usblp way, configure writes that name without a baud, and udev gives
    the kiosk's group the device."""
    from drivers.printer.escpos_emulator import EscPosEmulator
    from drivers.ptypair import PtyPair

    root = tmp_path / "root"
    (root / "dev/usb").mkdir(parents=True)
    with PtyPair() as pair:
        emulator = EscPosEmulator(str(pair.device_path)).start()
        try:
            (root / "dev/usb/lp0").symlink_to(pair.host_path)
            (root / "dev/usb/lp1").symlink_to(tmp_path / "nothing-there")       # a stale node: skipped
            found = detect(root, cups_server=str(cups.socket))
            printers = [d for d in found.serial if d.kind is SerialKind.RECEIPT_PRINTER]
            assert [(d.path, d.baud) for d in printers] == [("/dev/usb/lp0", 0)] and "usblp" in printers[0].detail
            assert 'SUBSYSTEM=="usbmisc", KERNEL=="lp0", GROUP="kiosk"' in udev_rules(found)
            assert provision(["--root", str(root), "--yes", "--cups-server", str(cups.socket), "configure",
                              "--name", "一号机", "--platform", "http://10.1.2.3:8710"]) == 0
            cfg = load_config(root / "etc/kiosk/kiosk.toml")
            assert cfg.receipt_printer.port == "/dev/usb/lp0" and cfg.receipt_printer.transport == "auto"
        finally:
            emulator.stop()


def test_the_screen_check_names_a_missing_font_and_a_missing_locale(tmp_path, monkeypatch):
    """A box where Chinese would show as boxes fails its selftest with the package to install (the
    appliance image passes it: tests/appliance/test_box.py provisions with this check)."""
    def check(**env: str) -> str:              # a process of its own: Qt reads the fonts once per process
        run = subprocess.run([sys.executable, "-c", "from provisioning.selftest import check_screen_text as c\n"
                              "try:\n print('ok', c())\nexcept RuntimeError as e:\n print('fail', e)"],
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}, capture_output=True,
                             text=True, timeout=120)
        return run.stdout.strip()

    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig></fontconfig>')
    assert re.match(r"fail no CJK font .*fonts-noto-cjk", check(FONTCONFIG_FILE=str(empty)))   # no font at all
    if "zh_cn.utf8" in subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().split():
        assert check().endswith("zh_CN.UTF-8")
    else:                                                           # e.g. the CI machine: C.UTF-8 only
        assert "zh_CN.UTF-8 missing" in check()
