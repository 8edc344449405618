"""Long work off the GUI thread: a callable runs on Qt's thread pool and its result comes back to
the GUI thread as a queued signal."""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("ui.tasks")


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the screen as a message, never as a traceback
            log.exception("background task failed")
            self.relay.failed.emit(exc)
            return
        self.relay.done.emit(result)


class TaskRunner(QObject):
    """Runs callables on a private pool; `on_done(result)` / `on_error(exc)` run on the GUI thread."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None) -> None:
        relay = _Relay()          # lives in the GUI thread: its signals are delivered there
        self._relays.add(relay)

        @Slot(object)
        def done(result: Any) -> None:
            self._relays.discard(relay)
            on_done(result)

        @Slot(object)
        def failed(exc: Exception) -> None:
            self._relays.discard(relay)
            if on_error is not None:
                on_error(exc)

        relay.done.connect(done)
        relay.failed.connect(failed)
        self.pool.start(_Task(fn, relay))

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)
