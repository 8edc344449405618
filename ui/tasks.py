"""Long work off the GUI thread: a callable runs on Qt's thread pool and its result comes back to
the GUI thread as a queued signal.

One relay object per runner, living on the GUI thread, carries (task id, result) back; the callbacks
wait in a dict and are dropped once called. No per-task QObject: a per-task relay whose connections
held the callbacks (and the callbacks the relay) made a cycle through Qt that Python's collector cannot
see — every task's callbacks and what they captured stayed in memory (found by tracemalloc in
bench.soak) — and deleting such relays races with the worker thread still inside emit()."""

from __future__ import annotations

import itertools
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger("ui.tasks")


class _Relay(QObject):
    done = Signal(object, object)            # task id, result
    failed = Signal(object, object)          # task id, exception


def _work(fn: Callable[[], Any], task_id: int, relay: _Relay) -> Callable[[], None]:
    """What a pool thread runs. A plain function, not a QRunnable subclass: PySide leaks some Python
    wrappers of auto-deleted runnables, and with them whatever they hold."""
    def run() -> None:
        try:
            result = fn()
        except Exception as exc:  # reported to the screen as a message, never as a traceback
            log.exception("background task failed")
            # without its traceback: the frames would keep the callable and its locals alive
            relay.failed.emit(task_id, exc.with_traceback(None))
            return
        relay.done.emit(task_id, result)
    return run


class TaskRunner(QObject):
    """Runs callables on a private pool; `on_done(result)` / `on_error(exc)` run on the GUI thread."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)           # on the GUI thread: emits from the pool are queued to it
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None] | None]] = {}

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None) -> None:
        task_id = next(self._ids)
        self._pending[task_id] = (on_done, on_error)
        self.pool.start(_work(fn, task_id, self._relay))

    @Slot(object, object)
    def _done(self, task_id: int, result: Any) -> None:
        on_done, _ = self._pending.pop(task_id)
        on_done(result)

    @Slot(object, object)
    def _failed(self, task_id: int, exc: Exception) -> None:
        _, on_error = self._pending.pop(task_id)
        if on_error is not None:
            on_error(exc)

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)
