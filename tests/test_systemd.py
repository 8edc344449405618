"""The systemd side: the unit files pass `systemd-analyze verify` and stay hardened; the kiosk speaks
sd_notify (READY with the start screen's first frame, serving with the kiosk window's, WATCHDOG from its event loop, STOPPING), and a blocked event
loop stops the pings — which is what makes systemd restart a hung screen."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from launcher.sdnotify import Watchdog, watchdog_interval_s
from launcher.startup import START_WATCHDOG_S
from provisioning.install import UNITS, render_unit, unit_source_dir, verify_units


@pytest.fixture
def notify_socket(tmp_path, monkeypatch):
    """A datagram socket standing in for systemd's; yields (receive_all, path)."""
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(0.1)
    got: list[tuple[float, str]] = []
    stop = threading.Event()

    def receive() -> None:
        while not stop.is_set():
            try:
                got.append((time.monotonic(), sock.recv(4096).decode()))
            except socket.timeout:
                continue
    thread = threading.Thread(target=receive, daemon=True)
    thread.start()
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield got, path
    stop.set()
    thread.join()
    sock.close()


def _rendered(tmp_path: Path) -> list[Path]:
    out = []
    for name in UNITS:
        path = tmp_path / name
        path.write_text(render_unit((unit_source_dir() / name).read_text(), str(Path(sys.executable).with_name("kiosk"))))
        out.append(path)
    return out


def test_units_verify_and_are_hardened(tmp_path):
    paths = _rendered(tmp_path)
    verify_units(paths)
    ui = (unit_source_dir() / "kiosk.service").read_text()
    for line in ("Type=notify", "WatchdogSec=", "Restart=on-failure", "StartLimitBurst=", "StartLimitIntervalSec=",
                 "OnFailure=kiosk-out-of-service.service", "ProtectSystem=strict", "PrivateTmp=yes",
                 "NoNewPrivileges=yes", "DevicePolicy=closed", "LimitCORE=0"):
        assert line in ui, line
    # the outbox's sender holds applications in the clear in memory too: no core dumps either
    assert "LimitCORE=0" in (unit_source_dir() / "kiosk-sync.service").read_text()
    for path in paths:
        report = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(path)],
                                capture_output=True, text=True, timeout=60).stdout
        exposure = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", report).group(1))
        assert exposure <= 3.5, (path.name, exposure)


def test_a_broken_unit_is_caught(tmp_path):
    bad = tmp_path / "kiosk.service"
    bad.write_text((unit_source_dir() / "kiosk.service").read_text().replace("WatchdogSec", "WatchdogSecs"))
    with pytest.raises(Exception, match="Unknown key"):
        verify_units([bad])


def test_watchdog_interval_follows_systemd(monkeypatch):
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert watchdog_interval_s() == 15.0
    monkeypatch.setenv("WATCHDOG_PID", "1")          # meant for another process
    assert watchdog_interval_s() is None
    monkeypatch.delenv("WATCHDOG_USEC")
    assert watchdog_interval_s() is None


def test_a_blocked_event_loop_stops_the_pings(qtbot, notify_socket):
    got, _ = notify_socket
    dog = Watchdog(0.05)
    dog.start()
    qtbot.wait(500)                                  # the loop runs: pings every 50 ms
    before = len(got)
    assert before >= 5
    blocked_at = time.monotonic()
    time.sleep(1.0)                                  # the GUI thread hangs
    blocked_until = time.monotonic()
    qtbot.wait(300)                                  # and recovers
    dog.stop()
    # (the receiving thread stamps a datagram a few ms off its sending: a margin at both ends)
    during = [t for t, msg in got if blocked_at + 0.1 < t < blocked_until - 0.1 and msg == "WATCHDOG=1"]
    after = [t for t, msg in got if t >= blocked_until]
    assert during == [], "a hung loop must not ping"
    assert len(after) >= 2
    gaps = [b - a for (a, _), (b, _) in zip(got, got[1:])]
    assert max(gaps) >= 0.9                           # systemd would have seen this silence


def _watchdog_child(tmp_path: Path, slot: str) -> subprocess.CompletedProcess:
    """A Qt loop with the Watchdog (systemd's limit 0.5 s: a dump at 0.4 s without a ping) running `slot`
    once after 100 ms, for 2 s. In a child: faulthandler writes to fd 2, as the kiosk's to the journal."""
    child = tmp_path / "child.py"
    child.write_text(
        "import time\n"
        "from PySide6.QtCore import QCoreApplication, QTimer\n"
        "from launcher.sdnotify import Watchdog\n"
        "app = QCoreApplication([])\n"
        "dog = Watchdog(0.25)\n"
        f"def stuck_in_a_slot():\n    {slot}\n"
        "QTimer.singleShot(100, stuck_in_a_slot)\n"
        "QTimer.singleShot(2000, app.quit)\n"
        "dog.start()\n"
        "app.exec()\n"
        "dog.stop()\n")
    return subprocess.run([sys.executable, str(child)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parents[1], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_a_hang_leaves_every_threads_stack_in_the_journal_before_the_kill(tmp_path):
    """The GUI thread blocked past 80 % of systemd's limit: where it hangs, on stderr — what the journal
    keeps when systemd then kills the kiosk."""
    run = _watchdog_child(tmp_path, "time.sleep(1.5)")
    assert run.returncode == 0, run.stderr
    assert "Thread" in run.stderr and "stuck_in_a_slot" in run.stderr, run.stderr


def test_pings_in_time_leave_no_stack_dump(tmp_path):
    run = _watchdog_child(tmp_path, "time.sleep(0.1)")
    assert run.returncode == 0 and "Thread" not in run.stderr, run.stderr


@pytest.mark.window
def test_the_kiosk_reports_ready_pings_and_stopping(tmp_path, notify_socket, xvfb):
    got, path = notify_socket
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\nstate_dir = "{tmp_path / "state"}"\n[platform]\nurl = "http://127.0.0.1:9"\n'
                   f'key_file = "{tmp_path / "state/secrets/device-key.pem"}"\n[ui]\nfullscreen = false\nvoice_engine = ""\n')
    env = {**os.environ, "NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000", "DISPLAY": xvfb.display,
           "QT_QPA_PLATFORM": "xcb"}
    env.pop("WATCHDOG_PID", None)
    proc = subprocess.Popen([str(Path(sys.executable).with_name("kiosk")), "run", "--config", str(cfg)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(m == "WATCHDOG=1" for _, m in got) < 3:
            time.sleep(0.05)
        while time.monotonic() < deadline and "STATUS=serving" not in [m for _, m in got]:
            time.sleep(0.05)
        messages = [m for _, m in got]
        # ready at the start screen's first frame (正在准备), serving once the kiosk's own window is drawn
        assert messages and messages[0] == "READY=1\nSTATUS=starting", messages
        assert messages.count("WATCHDOG=1") >= 3 and "STATUS=serving" in messages
        # the watchdog's limit raised while the kiosk is built behind the start screen, the unit's after
        start_limit, unit_limit = f"WATCHDOG_USEC={START_WATCHDOG_S * 1_000_000}", "WATCHDOG_USEC=400000"
        assert messages.index(start_limit) < messages.index("STATUS=serving") < messages.index(unit_limit)
        time.sleep(0.5)
        windows = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "政务服务自助终端"],
                                 env={**os.environ, "DISPLAY": xvfb.display}, capture_output=True, text=True).stdout
        assert len(windows.split()) == 1, windows                 # the start screen gave way to the kiosk
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert "STOPPING=1" in [m for _, m in got]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
