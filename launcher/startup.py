"""`kiosk run`'s start: a screen first, the kiosk behind it.

Importing the kiosk (numpy and OpenCV for the cameras, pydantic for the catalog, requests for the platform,
the QML of fifteen screens) takes most of its start-up: seconds on a slow box. So the first thing on the
screen is the start screen ("正在准备，请稍候"), painted by Qt alone; systemd hears READY=1 and the watchdog
starts with it. The kiosk's modules are then imported on a thread while the event loop stays free, the
kiosk is assembled on the GUI thread (launcher/wiring.py), and its window replaces the start screen at its
first frame; the devices, the face models and the catalog come up behind that (STATUS=serving).
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from kiosk.config import Config
from ui.application import create_application
from ui.lockdown import Lockdown
from ui.notice_window import STARTING, NoticeWindow

from .options import RunOptions
from .qtloop import quit_on_signals
from .sdnotify import Watchdog, notify, watchdog_interval_s

if TYPE_CHECKING:
    from .wiring import AssembledKiosk

log = logging.getLogger("launcher.startup")
# The watchdog is pinged from the start screen's event loop; a kiosk stuck behind it (an import or the
# assembly that never ends) would never be noticed without a bound. Minutes: the VM takes ~40 s.
GIVE_UP_S = 300
# systemd's watchdog limit while the kiosk is imported and built behind the start screen. Under the VM's
# software CPU the GUI thread is busy for 10-13 s at a time then (the assembly, the window's first
# render) and the import thread holds the interpreter for seconds: a 30 s limit killed healthy starts,
# and each restart began the same race again. Back to the unit's WatchdogSec once the window is drawn.
START_WATCHDOG_S = 120


def run_kiosk(cfg: Config, opts: RunOptions) -> int:
    app = create_application()
    start = _Start(app, cfg, opts)
    quit_on_signals(app)
    try:
        code = app.exec()
    finally:
        notify("STOPPING=1")
        start.close()
    if start.error is not None:
        raise start.error
    return code


def _import_kiosk() -> BaseException | None:
    started = time.monotonic()
    try:
        importlib.import_module("launcher.wiring")
    except BaseException as exc:                 # handed to the GUI thread, raised there
        return exc
    log.info("kiosk imported in %.1f s", time.monotonic() - started)
    return None


class _Start(QObject):
    imported = Signal(object)                    # from the import thread: None, or what it raised

    def __init__(self, app: QGuiApplication, cfg: Config, opts: RunOptions) -> None:
        super().__init__()
        self.app, self.cfg, self.opts = app, cfg, opts
        self.kiosk: AssembledKiosk | None = None
        self.error: BaseException | None = None
        interval = watchdog_interval_s()
        self.watchdog = Watchdog(interval, app) if interval else None
        self.screen: NoticeWindow | None = None
        self.lockdown: Lockdown | None = None
        self.imported.connect(self._build_or_stop)
        if not opts.start_screen:
            self._build()
            return
        self.screen = NoticeWindow(STARTING, cfg.kiosk.name, on_first_frame=self._screen_drawn)
        if cfg.ui.fullscreen:
            self.lockdown = Lockdown(self.screen)
        else:
            self.screen.show()

    def _first_frame(self) -> None:
        log.info("first frame")
        if self.opts.first_frame_exit:
            print(f"FIRST_FRAME {time.monotonic():.6f}", flush=True)
        notify("READY=1\nSTATUS=starting")
        if self.watchdog is not None:
            self.watchdog.start()

    def _screen_drawn(self) -> None:
        self._first_frame()
        if self.watchdog is not None:
            self.watchdog.allow(START_WATCHDOG_S)
        QTimer.singleShot(GIVE_UP_S * 1000, self._give_up_if_not_drawn)
        threading.Thread(target=lambda: self.imported.emit(_import_kiosk()), name="kiosk-import", daemon=True).start()

    def _build_or_stop(self, error: BaseException | None) -> None:
        try:
            if error is not None:
                raise error
            self._build()
        except BaseException as exc:             # a slot cannot raise: out of the loop, raised by run_kiosk
            self.error = exc
            self.app.exit(2)

    def _build(self) -> None:
        from .wiring import AssembledKiosk
        if self.lockdown is not None:
            # The kiosk's window brings its own lockdown. Two at once fight: each puts its window back to
            # fullscreen on top when the other takes the screen (measured under TCG: the kiosk's first
            # frame 7 s later). The start screen stays drawn until the kiosk's window replaces it.
            self.lockdown.release()
            self.lockdown = None
        started = time.monotonic()
        self.kiosk = AssembledKiosk(self.app, self.cfg, self.opts, on_drawn=self._kiosk_drawn)
        log.info("kiosk assembled in %.1f s", time.monotonic() - started)

    def _kiosk_drawn(self) -> None:
        if self.screen is None:
            self._first_frame()
        else:
            self._close_screen()
        log.info("kiosk window drawn")          # bench.boot reads this line's time from the journal
        notify("STATUS=serving")
        if self.watchdog is not None:
            self.watchdog.allow(None)
        if self.opts.first_frame_exit:
            print(f"HOME_FRAME {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, lambda: self.app.exit(0))

    def _give_up_if_not_drawn(self) -> None:
        if self.screen is not None:             # still the start screen: systemd restarts us (and counts it)
            log.error("the kiosk's window was not drawn within %d s of the start screen", GIVE_UP_S)
            self.error = RuntimeError(f"kiosk not drawn within {GIVE_UP_S} s")
            self.app.exit(3)

    def _close_screen(self) -> None:
        if self.lockdown is not None:
            self.lockdown.release()
            self.lockdown = None
        if self.screen is not None:
            self.screen.destroy()
            self.screen = None

    def close(self) -> None:
        if self.watchdog is not None:
            self.watchdog.stop()
        self._close_screen()
        if self.kiosk is not None:
            self.kiosk.close()
