"""What every device monitor shares: its own thread, status as data (emitted only on change), and
a listener that can never kill the device thread."""

from __future__ import annotations

import logging
import threading
from typing import Callable

from .status import DeviceState, DeviceStatus, StatusCode


class DeviceMonitor:
    device = "device"

    def __init__(self, on_event: Callable[[object], None], status_event: Callable[[DeviceStatus], object],
                 log: logging.Logger) -> None:
        self._on_event = on_event
        self._status_event = status_event
        self._log = log
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"{self.device}-monitor", daemon=True)
        self._status: DeviceStatus | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def status(self) -> DeviceStatus | None:
        return self._status

    def _run(self) -> None:
        raise NotImplementedError

    def _emit(self, event: object) -> None:
        try:
            self._on_event(event)
        except Exception:  # a faulty listener must not kill the device thread
            self._log.exception("%s event listener failed", self.device)

    def _set_status(self, state: DeviceState, code: StatusCode, detail: str = "") -> None:
        status = DeviceStatus(self.device, state, code, detail)
        if status != self._status:
            self._status = status
            self._log.info("%s: %s %s %s", self.device, state.value, code.value, detail)
            self._emit(self._status_event(status))
