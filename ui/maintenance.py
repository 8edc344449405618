"""The technician's view model: the hidden entry (long press + PIN) and the maintenance screen
(the outbox as it is, the devices, "sync now"). No personal data is ever shown here."""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from PySide6.QtCore import Property, QObject, Signal, Slot

from api_schema.models import WorkOrderBrief
from kiosk.session import Step
from kiosk.technician import PinCheck

from .viewmodel import KioskViewModel


class MaintenanceViewModel(QObject):
    changed = Signal()

    def __init__(self, kiosk: KioskViewModel, pins: PinCheck, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk, self.pins = kiosk, pins
        self._data: dict[str, Any] = {}
        self._orders: list[dict[str, Any]] = []

    data = Property("QVariantMap", lambda self: self._data, notify=changed)
    # the kiosk's open work orders, as the platform's last heartbeat answer listed them
    orders = Property("QVariantList", lambda self: self._orders, notify=changed)

    def set_work_orders(self, briefs: Sequence[WorkOrderBrief]) -> None:
        orders = [{"no": b.order_no, "fault": b.fault, "code": b.code, "escalated": b.escalated,
                   "opened": b.opened_at.astimezone().strftime("%m-%d %H:%M"),
                   "due": b.due_at.astimezone().strftime("%m-%d %H:%M"),
                   "overdue": b.due_at < dt.datetime.now(dt.timezone.utc)} for b in briefs]
        if orders != self._orders:
            self._orders = orders
            self.changed.emit()
    syncing = Property(bool, lambda self: self._syncing, notify=changed)
    _syncing = False

    @Slot()
    def openLogin(self) -> None:
        """Long press in the corner: only at the home screen, never inside a person's session."""
        if self.pins.enabled and self.kiosk.service.session.step is Step.HOME:
            self.kiosk.show_home_screen("technician")

    @Slot(str)
    def login(self, pin: str) -> None:
        if self.pins.verify(pin):
            self.kiosk.show_home_screen("maintenance")
            self.refresh()
        else:
            minutes = max(1, round(self.pins.seconds_left() / 60))
            self.kiosk.show_home_screen("technician", f"PIN 已锁定，请 {minutes} 分钟后再试" if self.pins.locked() else "PIN 错误")

    @Slot()
    def refresh(self) -> None:
        box = self.kiosk.service.sync.outbox

        def read() -> Any:
            stats = box.stats()
            return stats, box.parked()

        def done(result: Any) -> None:
            stats, parked_rows = result
            self._data = {
                # numbers and times only: the screen words them in its language (and again on a switch)
                "queued": stats.depth, "parked": stats.parked,
                "oldestMinutes": int(stats.oldest_age_s // 60) if stats.oldest_age_s is not None else -1,
                "lastSync": dt.datetime.fromtimestamp(stats.last_good_sync).strftime("%Y-%m-%d %H:%M")
                if stats.last_good_sync else "",
                "parkedItems": [{"id": i.id[:8].upper(), "kind": i.kind, "status": str(status or ""), "code": code,
                                 "reason": reason} for i, status, code, reason in parked_rows]}
            self.changed.emit()
        self.kiosk.tasks.run(read, done)

    suspended = Property(bool, lambda self: self.kiosk._maintenance, notify=changed)

    @Slot()
    def toggleService(self) -> None:
        """Take the kiosk out of service (e.g. while refilling paper), or return it to service."""
        self.kiosk.set_maintenance(not self.kiosk._maintenance)
        self.changed.emit()

    @Slot()
    def syncNow(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        self.changed.emit()

        def done(_report: Any) -> None:
            self._syncing = False
            self.refresh()
        self.kiosk.tasks.run(lambda: self.kiosk.service.sync.sync_once(wait_s=10), done)
