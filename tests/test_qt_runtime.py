"""The Qt binding itself, where the kiosk depends on it for days of uptime: PySide6 6.12.0 dropped a
reference to True/None on every Signal.emit() and processEvents(), and Python 3.11 aborts the process
("bool_dealloc") after a few thousand — minutes of a running kiosk. pyproject.toml keeps that release
out; this test keeps any later one honest."""

import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ui.app import create_application


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
