"""Cold start: process start -> the kiosk's first frame on screen (its start screen, 正在准备), and -> its
home window's first frame, against a bare QML hello-world measured the same way in the same run.

    python -m bench.startup [--runs N]

The kiosk side is `kiosk run` with a real configuration: the reference platform as a uvicorn
process and a GA 467 emulator on a socat pty pair (both set up before timing). Each child prints
CLOCK_MONOTONIC (system-wide on Linux) at its first frame (FIRST_FRAME; the kiosk also at its home window's,
HOME_FRAME); spawn-to-frame is the time measured. `ratio` is first frame / baseline, `home_ratio` home
window / baseline.
Without a DISPLAY both run on Qt's offscreen platform. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO = r"""
import sys, time
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow
app = QGuiApplication(sys.argv)
engine = QQmlApplicationEngine()
engine.loadData(b'import QtQuick\nWindow { width: 1280; height: 800; visible: true; Text { text: "\xe4\xbd\xa0\xe5\xa5\xbd" } }')
win = engine.rootObjects()[0]
def frame():
    print(f"FIRST_FRAME {time.monotonic():.6f}", flush=True)
    app.quit()
win.frameSwapped.connect(frame)
app.exec()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("QT_QUICK_BACKEND", "software")
    return env


def time_to_frames(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawn to each FRAME line the child printed (FIRST_FRAME, HOME_FRAME)."""
    start = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    frames = {line.split()[0]: float(line.split()[1]) - start for line in done.stdout.splitlines()
              if line.endswith(tuple("0123456789")) and line.split()[0] in ("FIRST_FRAME", "HOME_FRAME")}
    if "FIRST_FRAME" not in frames:
        raise RuntimeError(f"no first frame from {cmd[:3]}: rc={done.returncode}\n{done.stderr[-2000:]}")
    return frames


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from drivers.idcard.emulator import Ga467Emulator
    from drivers.ptypair import PtyPair
    from ._platform import enrolled_platform

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp, \
            enrolled_platform(Path(tmp)) as (platform, client):
        root = Path(tmp)
        token = client.cfg.key_file
        pty = PtyPair(root)
        emulator = Ga467Emulator(str(pty.device_path), processing_delay_s=0).start()
        try:
            config = root / "kiosk.toml"
            config.write_text(
                f'[kiosk]\nstate_dir = "{root}"\n[platform]\nurl = "{platform.url}"\nkey_file = "{token}"\n'
                f'[idcard]\nport = "{pty.host_path}"\n[ui]\nfullscreen = false\n', encoding="utf-8")
            env = _env()
            kiosk_cmd = [sys.executable, "-m", "launcher.cli", "run", "--config", str(config), "--first-frame-exit"]
            hello_cmd = [sys.executable, "-c", HELLO]
            time_to_frames(hello_cmd, env)               # warm the page cache for both: compare like with like
            time_to_frames(kiosk_cmd, env)
            kiosk_s, home_s, hello_s = [], [], []
            for _ in range(args.runs):                   # interleaved, so drift hits both alike
                hello_s.append(time_to_frames(hello_cmd, env)["FIRST_FRAME"])
                kiosk = time_to_frames(kiosk_cmd, env)
                kiosk_s.append(kiosk["FIRST_FRAME"])
                home_s.append(kiosk["HOME_FRAME"])
        finally:
            emulator.stop()
            pty.close()
    cold, home, base = statistics.median(kiosk_s), statistics.median(home_s), statistics.median(hello_s)
    print(f"kiosk runs: {[round(x, 3) for x in kiosk_s]}  home window: {[round(x, 3) for x in home_s]}  "
          f"hello runs: {[round(x, 3) for x in hello_s]}", file=sys.stderr)
    print(json.dumps({"cold_start_s": round(cold, 3), "home_window_s": round(home, 3), "baseline_s": round(base, 3),
                      "ratio": round(cold / base, 2), "home_ratio": round(home / base, 2),
                      "runs": args.runs, "platform": env.get("QT_QPA_PLATFORM", "xcb")}))


if __name__ == "__main__":
    main()
