"""The running kiosk's side of operations: the heartbeat every minute and at once on a change of state or
of a system update's outcome (off the GUI thread), the platform's commands in its answer, and the status slip."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from api_schema.models import KioskCommand, WorkOrderBrief
from kiosk import system_release
from kiosk.heartbeat import HeartbeatSender, KioskSnapshot, PlatformAnswer
from kiosk.ops_report import slip_document

from .sdnotify import notify

if TYPE_CHECKING:
    from ui.viewmodel import KioskViewModel

log = logging.getLogger("launcher.operations")


class Operations(QObject):
    def __init__(self, vm: KioskViewModel, sender: HeartbeatSender, *, interval_s: float, kiosk_name: str,
                 platform_url: str, work_orders: Callable[[Sequence[WorkOrderBrief]], None] | None = None,
                 update_dir: Path = system_release.UPDATE_DIR) -> None:
        """`work_orders`: told the kiosk's open work orders with each answer (the maintenance screen);
        `update_dir`: where the system's updater writes what an update came to."""
        super().__init__(vm)
        self.vm, self.sender, self.work_orders = vm, sender, work_orders
        self.kiosk_name, self.platform_url = kiosk_name, platform_url
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.beat)
        # A change of state (available, out of service and why) is told at once, not at the next beat:
        # the supervisor sees a kiosk come up or fail within seconds. Debounced: one beat per burst.
        self._sent_state: tuple[bool, str, str] | None = None
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(2000)
        self._soon.timeout.connect(self.beat)
        vm.changed.connect(self._state_maybe_changed)
        # So is what a system update came to (refused and why, installed, rolled back): written by the
        # updater or a technician's `kiosk-provision update`, not by this process — watched.
        self.update_dir = update_dir
        self._sent_update = self._update_outcome()
        self._update_watch = QFileSystemWatcher([str(update_dir)] if update_dir.is_dir() else [], self)
        self._update_watch.directoryChanged.connect(self._update_maybe_changed)

    def start(self) -> None:
        QTimer.singleShot(0, self.beat)
        self._timer.start()

    @staticmethod
    def _serving(snapshot: KioskSnapshot) -> tuple[bool, str, str]:
        """What a change is told for: in or out of service and why, new applications refused and why (a
        person starting a session is not one)."""
        return snapshot.state != "OUT_OF_SERVICE", snapshot.reason, snapshot.submissions_paused

    def _tell_soon(self) -> None:
        if not self._soon.isActive():          # (start() again would push a burst's beat further out)
            self._soon.start()

    def _state_maybe_changed(self) -> None:
        if self._sent_state is not None and self._serving(self.vm.snapshot()) != self._sent_state:
            self._tell_soon()

    def _update_outcome(self) -> tuple[str, str, str] | None:
        """What is told at once: the state, release and code — not a download's progress (the updater
        writes it every few megabytes; it goes with the regular beats)."""
        update = system_release.last_update(self.update_dir)
        return (update.state, update.version, update.code) if update else None

    def _update_maybe_changed(self) -> None:
        if self._update_outcome() != self._sent_update:
            self._tell_soon()

    def beat(self) -> None:
        snapshot = self.vm.snapshot()                      # read on the GUI thread, sent from a worker
        self._sent_state = self._serving(snapshot)
        self._sent_update = self._update_outcome()                           # (a small file)
        self.vm.tasks.run(lambda: self.sender.beat(snapshot), self.apply)

    def apply(self, answer: PlatformAnswer | None) -> None:
        if answer is None:                                 # not reached: nothing new from the platform
            return
        # The appliance's boot check (provisioning/bootcheck.py) takes this as the proof that a newly
        # updated system works: drawn, and heard by the platform.
        notify("STATUS=serving; platform answered")
        self.vm.set_service_hours(answer.service_hours)
        if self.work_orders is not None:
            self.work_orders(answer.work_orders)
        commands = answer.commands
        for command in commands:
            log.info("platform command: %s", command.value)
            if command in (KioskCommand.OUT_OF_SERVICE, KioskCommand.IN_SERVICE):
                self.vm.set_maintenance(command is KioskCommand.OUT_OF_SERVICE, by="platform")
            elif command is KioskCommand.REFRESH_CATALOG:
                self.vm.loadCatalog()
            elif command is KioskCommand.PRINT_STATUS_SLIP:
                self.print_slip()
        if commands:
            QTimer.singleShot(0, self.beat)                # tell the platform the new state at once

    def print_slip(self) -> None:
        printer, snapshot = self.vm.printing.printer, self.vm.snapshot()
        if printer is None:
            log.warning("status slip asked for, but no printer is configured")
            return
        outbox, client = self.sender.outbox, self.sender.client

        def work() -> object:
            stats = outbox.stats()
            doc = slip_document(snapshot, kiosk_id=client.device_id(), kiosk_name=self.kiosk_name,
                                platform_url=self.platform_url, queue_depth=stats.depth,
                                last_sync=stats.last_good_sync)
            return printer.print_document(doc)
        self.vm.tasks.run(work, lambda outcome: log.info("status slip: %s", outcome))
