"""The heartbeat: every minute the platform learns whether this kiosk serves, and why not.

What goes out: the kiosk state and reason, each device's state and code, the outbox (depth, oldest
age, parked), page counters, software version, last good sync and the audit chain's head. Nothing
of a person. Offline, the newest heartbeat waits in the outbox (one at most) and the sync worker
delivers it with the backlog. The answer may carry commands (ones this version does not know are
ignored) and the service hours the platform set for this kiosk.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from api_schema.hours import ServiceHours
from api_schema.models import DeviceReport, Heartbeat, KioskCommand, WorkOrderBrief
from drivers.status import DeviceStatus
from offline_cache.counters import Counters
from offline_cache.outbox import Outbox, OutboxStats

from . import __version__, system_release
from .activity import ActivityFile
from .audit import AuditLog
from .platform_client import NotEnrolled, PlatformClient, PlatformError, PlatformRejected

log = logging.getLogger("kiosk.heartbeat")


@dataclass(frozen=True)
class KioskSnapshot:
    """What the screen side knows at the moment of the beat (taken on its own thread)."""
    state: str                                   # in_service | active | out_of_service
    reason: str = ""
    devices: Mapping[str, DeviceStatus] | None = None
    required: frozenset[str] = frozenset()
    submissions_paused: str = ""                 # the message code, when new applications are refused


def _utc(ts: float | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc) if ts else None


def build_heartbeat(snapshot: KioskSnapshot, outbox: Outbox | None, counters: Counters | None = None,
                    audit: AuditLog | None = None, now: dt.datetime | None = None,
                    clock_offset_s: float = 0.0) -> Heartbeat:
    stats = outbox.stats() if outbox is not None else OutboxStats(0, None, 0, None)
    devices = snapshot.devices or {}
    names = sorted(set(devices) | set(snapshot.required))
    reports = [DeviceReport(device=n, state=devices[n].state.value if n in devices else "UNAVAILABLE",
                            code=devices[n].code.value if n in devices else "NOT_RESPONDING",
                            required=n in snapshot.required) for n in names]
    return Heartbeat(
        kiosk_state=snapshot.state, reason=snapshot.reason, submissions_paused=snapshot.submissions_paused,
        devices=reports, queue_depth=stats.depth,
        queue_oldest_age_s=round(stats.oldest_age_s, 1) if stats.oldest_age_s is not None else None,
        parked=stats.parked, page_counters=counters.all() if counters else {}, software_version=__version__,
        last_good_sync=_utc(stats.last_good_sync), audit_seq=audit.seq if audit else 0,
        audit_head=audit.head if audit else "", sent_at=now or dt.datetime.now(dt.timezone.utc),
        clock_offset_s=round(clock_offset_s, 1), **_system_fields(system_release.current()))


def _system_fields(release: system_release.SystemRelease) -> dict[str, str]:
    update = release.update
    return {"system_version": release.version, "boot_slot": release.slot,
            "update_state": update.state if update else "", "update_version": update.version if update else "",
            "update_code": update.code if update else "", "update_message": update.message if update else ""}


class HeartbeatSender:
    def __init__(self, client: PlatformClient, outbox: Outbox | None, counters: Counters | None = None,
                 audit: AuditLog | None = None, activity: ActivityFile | None = None) -> None:
        self.client, self.outbox, self.counters, self.audit = client, outbox, counters, audit
        self.activity = activity           # for the system's updater: in use or not, unsent count

    def beat(self, snapshot: KioskSnapshot) -> "PlatformAnswer | None":
        """Send one heartbeat (blocking: call it off the GUI thread) and return what the platform
        answered. Unreachable: queued for the sync worker (when there is an outbox), None."""
        hb = build_heartbeat(snapshot, self.outbox, self.counters, self.audit,
                             clock_offset_s=self.client.clock_offset_s)
        if self.activity is not None:
            self.activity.write(hb.kiosk_state, hb.queue_depth)
        try:
            answer = self.client.heartbeat(hb)
        except NotEnrolled:
            return None
        except PlatformRejected as exc:
            log.warning("heartbeat refused: HTTP %d %s", exc.status, exc.error_code)
            return None
        except PlatformError as exc:
            if self.outbox is not None:
                log.info("heartbeat queued (%s)", exc.code)
                self.outbox.replace_queued("heartbeat", hb.model_dump_json().encode())
            return None
        return PlatformAnswer(list(_known(answer.commands)), _hours(answer.service_hours), tuple(answer.work_orders))


@dataclass(frozen=True)
class PlatformAnswer:
    commands: list[KioskCommand]
    service_hours: ServiceHours | None        # set on the platform; None: this kiosk's own configuration's
    work_orders: tuple[WorkOrderBrief, ...] = ()   # its open work orders, for the maintenance screen


def _hours(text: str | None) -> ServiceHours | None:
    if text is None:
        return None
    try:
        return ServiceHours.parse(text)
    except ValueError:
        log.warning("service hours from the platform ignored: %.20s", text)
        return None


def _known(commands: Iterable[str]) -> Iterable[KioskCommand]:
    seen: set[KioskCommand] = set()
    for text in commands:
        try:
            command = KioskCommand(text)
        except ValueError:
            log.warning("unknown platform command ignored: %.40s", text)
            continue
        if command not in seen:                 # a command queued twice is done once
            seen.add(command)
            yield command
