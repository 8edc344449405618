"""systemd's notify protocol (sd_notify), in a few lines instead of a dependency: READY=1 once the
first frame is on screen, WATCHDOG=1 from the GUI event loop, STATUS= for `systemctl status`.

The pings come from a QTimer on the GUI thread on purpose: a hung event loop stops them, and systemd
restarts the kiosk after WatchdogSec (a thread pinging on its own would hide exactly that hang).
"""

from __future__ import annotations

import faulthandler
import logging
import os
import socket
import sys

log = logging.getLogger("launcher.sdnotify")


def notify(state: str) -> bool:
    """Send one state message; False when not started by systemd (no NOTIFY_SOCKET) or it failed."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):                        # abstract namespace
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode())
    except OSError as exc:
        log.warning("sd_notify failed: %s", exc)
        return False
    return True


def watchdog_interval_s() -> float | None:
    """Half of systemd's WatchdogSec (the documented safe ping rate), or None when no watchdog is
    asked for this process."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 1e6 / 2


class Watchdog:
    """Pings systemd's watchdog from the Qt event loop it is created on. When the loop has not pinged for
    80 % of systemd's limit, every thread's stack goes to stderr (the journal) before systemd kills the
    kiosk: a hang on a box in a park is then diagnosed from its journal, not guessed at. Only code
    locations are written (faulthandler prints no values), so no person's data."""

    DUMP_AT = 0.8                     # of systemd's limit

    def __init__(self, interval_s: float, parent: object = None) -> None:
        from PySide6.QtCore import QTimer
        self._timer = QTimer(parent)  # type: ignore[arg-type]
        self._timer.setInterval(max(50, int(interval_s * 1000)))
        self._timer.timeout.connect(self.ping)
        self._unit_limit_s = self._limit_s = 2 * interval_s        # the unit's WatchdogSec

    def start(self) -> None:
        self.ping()
        self._timer.start()

    def allow(self, limit_s: float | None) -> None:
        """A known long stretch of the GUI thread ahead (the kiosk built behind the start screen: tens of
        seconds on a slow box, in a few blocks): systemd's limit raised to `limit_s` for it (sd_notify's
        WATCHDOG_USEC=), then back to the unit's with None. Pinged at once either way."""
        self._limit_s = limit_s or self._unit_limit_s
        notify(f"WATCHDOG_USEC={int(self._limit_s * 1e6)}")
        self.ping()

    def ping(self) -> None:
        notify("WATCHDOG=1")
        # re-armed on every ping (it replaces the previous one); its own C thread, no GIL needed
        faulthandler.dump_traceback_later(self._limit_s * self.DUMP_AT, repeat=False, file=sys.stderr)

    def stop(self) -> None:
        self._timer.stop()
        faulthandler.cancel_dump_traceback_later()
