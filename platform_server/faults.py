"""What counts as a fault a technician must go to (a work order), how soon, and in whose words.

Read from a kiosk's heartbeat (its devices, its state, its queue) or from its silence. Pure: no
database — the store opens and closes orders from what this says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api_schema.models import Heartbeat

H = dt.timedelta(hours=1)
OFFLINE_AFTER = dt.timedelta(minutes=10)      # silent this long inside its hours: someone must look
QUEUE_STUCK_S = 3600                          # an application waiting an hour to be sent
QUEUE_DEEP = 50                               # or this many waiting
CLOCK_OFF_S = 120                             # the kiosk's clock this far from the platform's

# How soon a technician must have it fixed (SLA), by fault code. Paper running low can wait for the
# round; a kiosk that cannot serve at all cannot.
SLA = {"MEDIA_LOW": 8 * H, "MEDIA_EMPTY": 2 * H, "MEDIA_JAMMED": 2 * H, "NOT_RESPONDING": 4 * H,
       "HARDWARE_ERROR": 4 * H, "CRASH_LOOP": 1 * H, "DISPLAY_FAILED": 1 * H, "OFFLINE": 1 * H,
       "QUEUE_STUCK": 2 * H, "PARKED": 4 * H, "CLOCK_WRONG": 8 * H}
# device codes that are faults (NOT_CONFIGURED is a choice, OK is fine)
_DEVICE_FAULTS = ("MEDIA_LOW", "MEDIA_EMPTY", "MEDIA_JAMMED", "NOT_RESPONDING", "HARDWARE_ERROR")
# a worse code shortens the order's time (paper low, then empty)
_RANK = {"MEDIA_LOW": 0, "PARKED": 0, "CLOCK_WRONG": 0, "QUEUE_STUCK": 1, "NOT_RESPONDING": 1,
         "HARDWARE_ERROR": 1, "MEDIA_JAMMED": 1, "MEDIA_EMPTY": 1, "OFFLINE": 2, "DISPLAY_FAILED": 2, "CRASH_LOOP": 2}

DEVICE_WORDS = {"idcard": "身份证读卡器", "sscard": "社保卡读卡器", "qrscanner": "扫码器", "a4printer": "A4打印机",
                "receiptprinter": "凭条打印机", "camera": "摄像头", "doccamera": "高拍仪"}
CODE_WORDS = {"MEDIA_LOW": "纸将尽", "MEDIA_EMPTY": "缺纸", "MEDIA_JAMMED": "卡纸", "NOT_RESPONDING": "无响应",
              "HARDWARE_ERROR": "故障", "CRASH_LOOP": "软件反复崩溃", "DISPLAY_FAILED": "显示故障",
              "OFFLINE": "离线", "QUEUE_STUCK": "申请积压未上传", "PARKED": "有申请需人工处理",
              "CLOCK_WRONG": "系统时间不准"}


@dataclass(frozen=True)
class Fault:
    fault: str          # what is wrong: a device ("a4printer"), "kiosk" (software, display), "network", "queue", "clock"
    code: str           # how: a device code or one of SLA's own

    @property
    def sla(self) -> dt.timedelta:
        return SLA[self.code]

    def worse_than(self, code: str) -> bool:
        return _RANK[self.code] > _RANK.get(code, 0)

    def words(self) -> str:
        return describe(self.fault, self.code)


def describe(fault: str, code: str) -> str:
    """An order's title for people: 「A4打印机：缺纸」, 「终端：软件反复崩溃」."""
    what = DEVICE_WORDS.get(fault) or {"kiosk": "终端", "network": "网络", "queue": "待上传申请",
                                       "clock": "终端时钟"}.get(fault, fault)
    return f"{what}：{CODE_WORDS.get(code, code)}"


def faults_of(hb: Heartbeat) -> dict[str, Fault]:
    """The faults a heartbeat reports, by what is wrong (at most one order per kiosk and fault)."""
    found: dict[str, Fault] = {}
    for device in hb.devices:
        if device.code in _DEVICE_FAULTS:
            found[device.device] = Fault(device.device, device.code)
    if hb.kiosk_state.upper() == "OUT_OF_SERVICE" and hb.reason in ("crash_loop", "display_failed"):
        found["kiosk"] = Fault("kiosk", hb.reason.upper())
    if hb.parked:
        found["queue"] = Fault("queue", "PARKED")
    if (hb.queue_oldest_age_s or 0) >= QUEUE_STUCK_S or hb.queue_depth >= QUEUE_DEEP:
        found["queue"] = Fault("queue", "QUEUE_STUCK")
    if abs(hb.clock_offset_s) >= CLOCK_OFF_S:
        found["clock"] = Fault("clock", "CLOCK_WRONG")
    return found


OFFLINE = Fault("network", "OFFLINE")
