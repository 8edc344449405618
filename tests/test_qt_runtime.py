"""The Qt binding itself, where the kiosk depends on it for days of uptime: PySide6 6.12.0 dropped a
reference to True/None on every Signal.emit() and processEvents(), and Python 3.11 aborts the process
("bool_dealloc") after a few thousand — minutes of a running kiosk. pyproject.toml keeps that release
out; this test keeps any later one honest."""

import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ui.application import create_application


class _Emitter(QObject):
    plain = Signal()
    carrying = Signal(object)


def test_calls_into_qt_keep_reference_counts():
    create_application()
    emitter = _Emitter()
    emitter.plain.connect(lambda: None)
    emitter.carrying.connect(lambda value: None)
    timer = QTimer()
    calls = {
        "Signal.emit": emitter.plain.emit,
        "Signal.emit(object)": lambda: emitter.carrying.emit(None),
        "processEvents": QCoreApplication.processEvents,
        "sendPostedEvents": QCoreApplication.sendPostedEvents,
        "QTimer.start/stop": lambda: (timer.start(10), timer.stop()),
    }
    for name, call in calls.items():
        before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
        for _ in range(500):
            call()
        after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
        drift = [a - b for a, b in zip(after, before)]
        assert all(abs(d) < 50 for d in drift), f"{name}: reference counts of None/True/False drifted by {drift}"


def test_a_finished_background_task_leaves_nothing_behind(qtbot, monkeypatch):
    """ui.tasks: once a task has delivered, its callbacks and what they captured are freed — over a
    day of sessions nothing piles up, and nothing of a person outlives the session in memory."""
    import gc
    import logging
    import weakref

    from ui.tasks import TaskRunner

    create_application()
    runner = TaskRunner()
    # pytest keeps every log record of a test, the failures' tracebacks and frames with them: that would
    # keep the failed tasks alive here (a kiosk's log handlers keep no records)
    monkeypatch.setattr(logging.getLogger("ui.tasks"), "disabled", True)

    class Captured:                                  # stands for a person's document in a callback
        pass

    refs, results = [], []
    for n in range(200):
        thing = Captured()
        refs.append(weakref.ref(thing))
        if n % 2:
            runner.run(lambda: n, lambda r, thing=thing: results.append(r))
        else:
            runner.run(lambda: 1 / 0, lambda r: None, lambda exc, thing=thing: results.append(exc))
        del thing
    qtbot.waitUntil(lambda: len(results) == 200, timeout=10000)
    gc.collect()
    assert sum(1 for r in refs if r() is not None) == 0              # before the fix: all 200
    assert runner._pending == {}
