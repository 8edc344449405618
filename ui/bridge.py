"""Device threads reach Qt only through signals: the bridge lives in the GUI thread, device
callbacks emit from their own thread, and Qt queues the call to the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DeviceBridge(QObject):
    event = Signal(object)

    def post(self, event: object) -> None:
        """Safe to call from any thread."""
        self.event.emit(event)
