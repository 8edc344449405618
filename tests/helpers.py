"""Small builders shared by tests."""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from api_schema.models import CardType, VerificationRecord
from kiosk.identity import Identity, IdentitySourceDevice

NAME = "张三丰"
ID_NUMBER = "11010519491231002X"


def face_record(at: dt.datetime | None = None) -> VerificationRecord:
    """What a kiosk sends after a passed real-person check (the decision only)."""
    return VerificationRecord(method="face", passed=True, score=0.31, threshold=0.55, consent=True,
                              liveness_steps=["turn_left", "open_mouth"], at=at or dt.datetime.now(dt.timezone.utc))


def identity(valid_to: dt.date | None = None, id_number: str = ID_NUMBER) -> Identity:
    return Identity(name=NAME, id_number=id_number, card_type=CardType.RESIDENT,
                    source=IdentitySourceDevice.ID_CARD_READER, gender="男", nation="汉",
                    birth_date=dt.date(1949, 12, 31), address="北京市朝阳区建国路1号", valid_to=valid_to)


def until_back(events: "queue.Queue", is_ready, settle_s: float, timeout_s: float = 15.0) -> list:
    """Every event a monitor delivered until `is_ready(event)` (its reader back), and for `settle_s` after."""
    seen: list = []
    deadline = time.monotonic() + timeout_s
    while not any(is_ready(e) for e in seen):
        seen.append(events.get(timeout=max(0.1, deadline - time.monotonic())))
    time.sleep(settle_s)
    while not events.empty():
        seen.append(events.get_nowait())
    return seen


def collect(events: "queue.Queue", kind: type, timeout: float = 10.0):
    """The next event of `kind` a device monitor delivered (others are skipped), or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            event = events.get(timeout=0.1)
        except queue.Empty:
            continue
        if isinstance(event, kind):
            return event
    raise AssertionError(f"no {kind.__name__} within {timeout}s")


def at_once(n: int, work):  # noqa: ANN001, ANN201
    """`work(i)` on n threads released together (each its own connection: as n workers would)."""
    gate = threading.Barrier(n)

    def run(i: int):  # noqa: ANN202
        gate.wait()
        return work(i)
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))
