"""`kiosk demo` as a person meets it: a real X window (Xvfb), real pointer events (xdotool),
a real screenshot (ImageMagick's import)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

pytestmark = pytest.mark.window


def x_env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env["DISPLAY"] = display
    return env


def wait_for_line(log: Path, text: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        assert proc.poll() is None, f"kiosk demo exited early:\n{log.read_text(errors='replace')[-3000:]}"
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not logged in {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


def find_window(display: str, title: str, timeout: float = 20) -> str:
    """xdotool search, retried: it fails with BadWindow when some window vanishes while it walks
    the tree (an X race, not a kiosk fault)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=x_env(display),
                               capture_output=True, text=True, timeout=10)
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.2)
    return ""


def launch_demo(display: str, tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, Path]:
    """`kiosk demo` (without the emulator panel) on the display; its output goes to a log file."""
    log = tmp_path / "demo.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "launcher.cli", "demo", "--no-panel", *extra], env=x_env(display),
                                stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def stop_demo(proc: subprocess.Popen, timeout: float = 20) -> int:
    """SIGTERM, and SIGKILL if it does not go in time: a demo left running would keep its pcscd
    (and the virtual reader's port) into later tests."""
    proc.terminate()
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


def screenshot(display: str, path: Path) -> QImage:
    subprocess.run(["import", "-window", "root", str(path)], env=x_env(display), check=True, timeout=30)
    image = QImage(str(path))
    assert not image.isNull()
    return image


def wait_for_kiosk(log: Path, proc: subprocess.Popen) -> None:
    """The demo's own platform first (migrations, keys, enrolment: 21 s once in CI beside the suite and an
    image build — not the kiosk's start, which bench.startup measures), then the kiosk's catalog."""
    wait_for_line(log, "demo kiosk enrolled", proc, timeout=120)
    wait_for_line(log, "catalog 2026.11-seed.1", proc)


def test_demo_opens_a_window_and_answers_touch(xvfb, artifacts, tmp_path):
    proc, log = launch_demo(xvfb.display, tmp_path)
    try:
        wait_for_kiosk(log, proc)
        wait_for_line(log, "idcard: READY", proc)
        assert find_window(xvfb.display, "政务服务自助终端"), "the kiosk window is not on the X display"
        time.sleep(0.5)
        home = screenshot(xvfb.display, artifacts / "demo-window-home.png")
        assert home.pixelColor(4, 4) == QColor("#0b5cad")          # the top bar is drawn (an empty corner of it)
        # Tap the "个人服务" tile (top-left quarter of the window) with the real X pointer.
        subprocess.run(["xdotool", "mousemove", "300", "300", "click", "1"], env=x_env(xvfb.display), check=True)
        wait_for_line(log, "screen home -> catalog", proc, timeout=10)
        time.sleep(0.3)
        catalog = screenshot(xvfb.display, artifacts / "demo-window-catalog.png")
        assert catalog != home
    finally:
        stop_demo(proc)
    assert "Traceback" not in log.read_text(errors="replace")


def test_demo_without_display_says_how_to_get_one():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "launcher.cli", "demo"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "Xvfb" in done.stderr and "No display" in done.stderr and "Traceback" not in done.stderr


def test_run_with_a_bad_config_is_a_clear_error(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text("[platform]\nurl = 42\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "launcher.cli", "run", "--config", str(bad)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "platform.url: expected str" in done.stderr and "Traceback" not in done.stderr


def test_sigterm_stops_the_demo_cleanly(xvfb, tmp_path):
    """systemd and the tests stop the kiosk with SIGTERM: it must leave through its clean-up path
    (device threads, emulators, the pcscd it started), not die in the middle."""
    proc, log = launch_demo(xvfb.display, tmp_path)
    try:
        wait_for_kiosk(log, proc)
        wait_for_line(log, "idcard: READY", proc)
        rc = stop_demo(proc)
    except BaseException:
        stop_demo(proc)
        raise
    text = log.read_text(errors="replace")
    assert rc == 0 and "Traceback" not in text, text[-2000:]


ESCAPES = ["alt+F4", "ctrl+q", "ctrl+w", "Escape", "F11", "alt+Tab", "ctrl+alt+BackSpace", "ctrl+shift+Escape"]


def xdo(display: str, *args: str) -> str:
    return subprocess.run(["xdotool", *args], env=x_env(display), capture_output=True, text=True, timeout=10,
                          check=True).stdout.strip()


def test_locked_down_window_survives_every_escape_key(xvfb, artifacts, tmp_path):
    """The appliance's window: fullscreen, frameless, focused; every key combination that could leave it
    is sent as real X key events, and the window is still there, still fullscreen, still focused and
    still working (a tap opens the catalog)."""
    proc, log = launch_demo(xvfb.display, tmp_path, "--fullscreen")
    try:
        wait_for_kiosk(log, proc)
        wait_for_line(log, "idcard: READY", proc)
        window = find_window(xvfb.display, "政务服务自助终端")
        assert window
        xdo(xvfb.display, "windowfocus", "--sync", window)
        assert xdo(xvfb.display, "getwindowgeometry", window).splitlines()[-1].split()[-1] == "1280x800"
        for combo in ESCAPES:
            xdo(xvfb.display, "key", "--window", window, "--clearmodifiers", combo)
            xdo(xvfb.display, "key", combo)          # and to whatever has the focus
        wait_for_line(log, "lockdown: ignored key Ctrl+Shift+Escape", proc, timeout=10)
        for name in ("Alt+F4", "Ctrl+Q", "Ctrl+W", "Escape", "F11", "Alt+Tab"):
            assert f"lockdown: ignored key {name}" in log.read_text(errors="replace"), name
        assert proc.poll() is None, "the kiosk exited"
        assert find_window(xvfb.display, "政务服务自助终端") == window
        assert xdo(xvfb.display, "getwindowfocus") == window
        assert xdo(xvfb.display, "getwindowgeometry", window).splitlines()[-1].split()[-1] == "1280x800"
        screenshot(xvfb.display, artifacts / "lockdown-after-escape-keys.png")
        xdo(xvfb.display, "mousemove", "300", "300", "click", "1")
        wait_for_line(log, "screen home -> catalog", proc, timeout=10)
    finally:
        stop_demo(proc)
    assert "Traceback" not in log.read_text(errors="replace")
