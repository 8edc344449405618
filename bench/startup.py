"""Cold start: process start -> the kiosk's home screen on screen (first frame swapped), against a
bare QML hello-world measured the same way in the same run.

    python -m bench.startup [--runs N]

The kiosk side is `kiosk run` with a real configuration: the reference platform as a uvicorn
process and a GA 467 emulator on a socat pty pair (both set up before timing). Each child prints
CLOCK_MONOTONIC (system-wide on Linux) at its first frame; spawn-to-frame is the time measured.
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


def time_to_first_frame(cmd: list[str], env: dict[str, str]) -> float:
    start = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("FIRST_FRAME "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no first frame from {cmd[:3]}: rc={done.returncode}\n{done.stderr[-2000:]}")


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
            time_to_first_frame(hello_cmd, env)          # warm the page cache for both: compare like with like
            time_to_first_frame(kiosk_cmd, env)
            kiosk_s, hello_s = [], []
            for _ in range(args.runs):                   # interleaved, so drift hits both alike
                hello_s.append(time_to_first_frame(hello_cmd, env))
                kiosk_s.append(time_to_first_frame(kiosk_cmd, env))
        finally:
            emulator.stop()
            pty.close()
    cold, base = statistics.median(kiosk_s), statistics.median(hello_s)
    print(f"kiosk runs: {[round(x, 3) for x in kiosk_s]}  hello runs: {[round(x, 3) for x in hello_s]}",
          file=sys.stderr)
    print(json.dumps({"cold_start_s": round(cold, 3), "baseline_s": round(base, 3), "ratio": round(cold / base, 2),
                      "runs": args.runs, "platform": env.get("QT_QPA_PLATFORM", "xcb")}))


if __name__ == "__main__":
    main()
