"""GUI-thread responsiveness through whole emulated sessions: a 5 ms heartbeat timer on the GUI thread
records every gap (a stall is a gap beyond the interval), and each screen transition is timed from its
cause (the touch, or the card read / platform answer reaching the GUI thread) to the first frame that
shows the new screen.

    python -m bench.ui [--sessions N]

Each session: catalog, guide, ID card read by the production monitor thread (GA 467 emulator on a
pty, the card carrying a chip photo), the real-person check (consent, the live preview of the camera
stand-in — the demo's video — and the challenge, the 1:1 decision with the real models on their
worker thread), form by keypad, submit to the reference platform process, result, the receipt printed on the ESC/POS
emulator (pty), rating. The baseline is the same heartbeat over the idle home screen, in the
same run. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from PySide6.QtCore import QTimer

from ._kiosk_rig import KioskRig, wait_until

HEARTBEAT_MS = 5


class Heartbeat:
    """Stalls of the GUI thread: how much later than due each 5 ms tick came."""

    def __init__(self) -> None:
        self._gaps: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        return [max(0.0, g - HEARTBEAT_MS) for g in self._gaps]

    def _beat(self) -> None:
        now = time.perf_counter()
        self._gaps.append((now - self._last) * 1000)
        self._last = now


class Transitions:
    """Cause-to-frame time of every screen change."""

    def __init__(self, rig: KioskRig) -> None:
        self.rig, self.ms = rig, []
        self._frames: list[float] = []
        self._touch: float | None = None
        self._changed: float | None = None
        self._screen = rig.vm.screen
        rig.window.frameSwapped.connect(lambda: self._frames.append(time.perf_counter()))
        rig.vm.changed.connect(self._on_changed)

    def touch(self) -> None:
        self._touch = time.perf_counter()

    def _on_changed(self) -> None:
        if self.rig.vm.screen != self._screen:
            self._screen, self._changed = self.rig.vm.screen, time.perf_counter()

    def arrived(self, screen: str) -> None:
        changed = self._changed if self._changed is not None else time.perf_counter()
        cause = self._touch if self._touch is not None and self._touch <= changed else changed
        wait_until(lambda: bool(self._frames) and self._frames[-1] >= changed, 2, "a frame of the new screen")
        self.ms.append((next(f for f in self._frames if f >= changed) - cause) * 1000)
        self._touch = self._changed = None


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()

    rig = KioskRig()
    try:
        rig.session()                          # warm-up: QML components compiled, caches filled
        transitions = Transitions(rig)
        beat = Heartbeat()
        beat.start()
        started = time.perf_counter()
        for _ in range(args.sessions):
            rig.session(transitions.touch, transitions.arrived)
        busy_s = time.perf_counter() - started
        stalls = beat.stop()
        beat.start()                           # the baseline: the same window, idle at home
        idle_until = time.perf_counter() + min(busy_s, 20.0)
        wait_until(lambda: time.perf_counter() >= idle_until, busy_s + 5, "the idle baseline")
        idle = beat.stop()
    finally:
        rig.close()
    print(json.dumps({
        "max_stall_ms": round(max(stalls), 1),
        "p99_stall_ms": round(percentile(stalls, 99), 2),
        "transition_ms_p95": round(percentile(transitions.ms, 95), 1),
        "transition_ms_median": round(statistics.median(transitions.ms), 1),
        "transitions": len(transitions.ms),
        "sessions": args.sessions,
        "baseline_idle_max_stall_ms": round(max(idle), 1),
        "baseline_idle_p99_stall_ms": round(percentile(idle, 99), 2),
    }))


if __name__ == "__main__":
    main()
