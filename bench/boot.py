"""Boot to a usable kiosk, measured in the appliance VM (QEMU, TCG, -cpu Nehalem, 2 vCPU, 2 GB).

    python -m bench.boot [--runs N]

The image (./dev image) is booted on a fresh disk and provisioned as a technician does (kiosk-provision
all over ssh, the platform on the host, the GA 467 emulator behind a USB serial adapter); then it is shut
down and powered on again, and that boot is measured from the guest's own clock (CLOCK_MONOTONIC, from
the kernel's start; QEMU's firmware and kernel loading before it are not counted):

- to_multi_user_s: multi-user.target reached (the kiosk must not hold it up);
- to_first_frame_s: kiosk.service ready — it sends READY=1 at its first frame (the start screen, 正在准备);
- to_home_window_s: the kiosk's own window drawn (the journal's "kiosk window drawn");
- to_available_s: the journal's first "screen … -> home" (the catalog loaded, the reader ready);
- app_start_s: kiosk.service's process start → its first frame (median of the boot and N restarts);
- app_home_window_s: kiosk.service's process start → its own window drawn (same runs);
- bare_qml_start_s: a bare QML window started the same way in the same VM (a systemd unit as the kiosk
  user with the kiosk's environment, Type=notify, READY=1 at its first frame; median of N+1);
- ratio: app_start_s / bare_qml_start_s.

Left out: time before the kernel (BIOS, loading the kernel from the host), and the compositor's own start
(both windows draw through the same running weston). Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.appliance.box import Box

BARE_QML = r"""
import os, socket, sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
app = QGuiApplication(sys.argv)
engine = QQmlApplicationEngine()
engine.loadData(b'import QtQuick\nimport QtQuick.Window\nWindow { visible: true; visibility: Window.FullScreen; '
                b'color: "#0b5cad"; Text { anchors.centerIn: parent; font.pixelSize: 48; '
                b'text: "\xe6\x94\xbf\xe5\x8a\xa1\xe6\x9c\x8d\xe5\x8a\xa1" } }')
win = engine.rootObjects()[0]
def ready():
    win.frameSwapped.disconnect(ready)
    addr = os.environ["NOTIFY_SOCKET"]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.connect("\0" + addr[1:] if addr.startswith("@") else addr)
        s.sendall(b"READY=1")
win.frameSwapped.connect(ready)
app.exec()
"""


def _start_s(box: Box, unit: str) -> float:
    t = box.vm.unit_times(unit)
    return t["ActiveEnterTimestampMonotonic"] - t["ExecMainStartTimestampMonotonic"]


def _journal_s(box: Box, pattern: str, after_s: float = 0.0) -> float:
    """The first kiosk journal line of this boot matching `pattern` after `after_s` (monotonic, seconds)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        out = box.vm.ssh("journalctl -b -u kiosk.service -o json --output-fields=MESSAGE", check=False).stdout
        for line in out.splitlines():
            entry = json.loads(line)
            at = int(entry["__MONOTONIC_TIMESTAMP"]) / 1e6
            if at > after_s and re.search(pattern, str(entry.get("MESSAGE", ""))):
                return at
        time.sleep(3)
    raise RuntimeError(f"no {pattern!r} in the kiosk's journal")


def _home_window_s(box: Box) -> float:
    """kiosk.service's (latest) process start → its "kiosk window drawn"."""
    started = box.vm.unit_times("kiosk.service")["ExecMainStartTimestampMonotonic"]
    return _journal_s(box, "kiosk window drawn", started) - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2, help="restarts of each app after the boot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-boot-") as tmp:
        box = Box(Path(tmp))
        try:
            box.provision_until_serving()
            box.vm.ssh("systemctl poweroff", check=False)
            box.vm.proc.wait(timeout=300)
            box.power_cut()                                   # already off: the reader and the socket go
            box.power_on()
            box.vm.wait_ssh()
            to_available = _journal_s(box, r"screen \S+ -> home")
            multi_user = box.vm.unit_times("multi-user.target")["ActiveEnterTimestampMonotonic"]
            kiosk = box.vm.unit_times("kiosk.service")
            home_window = _journal_s(box, "kiosk window drawn")
            app, app_home = [_start_s(box, "kiosk.service")], [_home_window_s(box)]
            box.vm.ssh("install -m 0644 /dev/stdin /tmp/bare_qml.py", input_text=BARE_QML)
            bare = []
            for n in range(args.runs + 1):
                box.vm.ssh("systemctl stop kiosk.service")
                box.vm.ssh("systemd-run --unit=bare-qml --service-type=notify -p User=kiosk -p NotifyAccess=main "
                           "-p EnvironmentFile=/etc/kiosk/kiosk.env /opt/kiosk/venv/bin/python /tmp/bare_qml.py",
                           timeout_s=300)
                bare.append(_start_s(box, "bare-qml.service"))
                box.vm.ssh("systemctl stop bare-qml.service")
                if n < args.runs:
                    box.vm.ssh("systemctl start kiosk.service", timeout_s=300)
                    app.append(_start_s(box, "kiosk.service"))
                    app_home.append(_home_window_s(box))
            box.vm.ssh("systemctl start kiosk.service", timeout_s=300)
        finally:
            box.close()
    app_s, home_s, bare_s = statistics.median(app), statistics.median(app_home), statistics.median(bare)
    print(json.dumps({"app_runs_s": [round(a, 2) for a in app], "bare_runs_s": [round(b, 2) for b in bare],
                      "app_home_window_runs_s": [round(a, 2) for a in app_home]}), file=sys.stderr)
    print(json.dumps({"to_multi_user_s": round(multi_user, 2),
                      "to_first_frame_s": round(kiosk["ActiveEnterTimestampMonotonic"], 2),
                      "to_home_window_s": round(home_window, 2), "to_available_s": round(to_available, 2),
                      "app_start_s": round(app_s, 2), "app_home_window_s": round(home_s, 2),
                      "bare_qml_start_s": round(bare_s, 2), "ratio": round(app_s / bare_s, 2),
                      "home_window_ratio": round(home_s / bare_s, 2)}))


if __name__ == "__main__":
    main()
