"""Work orders (运维工单) in the store, on both engines: opened by a kiosk's fault and by its silence,
assigned to its hall's technician, made sooner when the fault gets worse, escalated when overdue,
closed only by the kiosk reporting the device ready — and, with several workers seeing the same
heartbeat or sweeping at once, never two open orders for one fault nor an order escalated twice."""

from __future__ import annotations

import datetime as dt

from api_schema.models import DeviceReport, Heartbeat
from api_schema.signatures import public_pem
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from platform_server.faults import OFFLINE_AFTER, SLA
from platform_server.operators import Operators, Role
from platform_server.store import PlatformStore, StoreError

from ..helpers import at_once

UTC = dt.timezone.utc


def _kiosk(store: PlatformStore, name: str, hall: str = "") -> str:
    code, _ = store.create_pairing_code()
    device_id = store.enrol(code, name, public_pem(Ed25519PrivateKey.generate()))
    if hall:
        store.set_hall(device_id, hall)
    return device_id


def _beat(paper: str = "OK", state: str = "AVAILABLE", reason: str = "", **kw: object) -> Heartbeat:
    return Heartbeat(kiosk_state=state, reason=reason, software_version="t", sent_at=dt.datetime.now(UTC),
                     devices=[DeviceReport(device="a4printer", state="AVAILABLE", code=paper, required=False),
                              DeviceReport(device="idcard", state="AVAILABLE", code="OK", required=True)], **kw)


def test_a_paper_fault_opens_an_order_for_the_halls_technician_worsens_and_closes_when_the_kiosk_says_so(store):
    ops = Operators(store)
    ops.add("wang.tech", "a-long-password-1", Role.OPERATOR, "南山24小时自助区")
    ops.add("li.tech", "a-long-password-2", Role.OPERATOR, "南山24小时自助区")
    ops.add("zhao.other", "a-long-password-3", Role.OPERATOR, "福田行政服务大厅")
    busy = _kiosk(store, "已有工单的一台", "南山24小时自助区")
    store.heartbeat(busy, _beat("MEDIA_JAMMED"))                           # li.tech gets it (alphabetical first)
    kiosk = _kiosk(store, "南山一号", "南山24小时自助区")

    (low,) = store.heartbeat(kiosk, _beat("MEDIA_LOW")).work_orders
    assert (low.fault, low.code, low.escalated) == ("a4printer", "MEDIA_LOW", False)
    assert low.due_at - low.opened_at == SLA["MEDIA_LOW"]
    order, _ = store.work_order(low.order_no)
    assert order.assignee == "wang.tech" and order.hall == "南山24小时自助区"    # the one with fewer open orders
    assert store.heartbeat(kiosk, _beat("MEDIA_LOW")).work_orders == [low]      # the same fault: the same order

    (empty,) = store.heartbeat(kiosk, _beat("MEDIA_EMPTY")).work_orders
    assert empty.order_no == low.order_no and empty.code == "MEDIA_EMPTY"
    assert empty.due_at <= empty.opened_at + SLA["MEDIA_LOW"] and empty.due_at < low.due_at   # sooner now
    store.add_order_note(low.order_no, "wang.tech", "已到场，换纸中")
    assert store.heartbeat(kiosk, _beat("OK")).work_orders == []

    order, events = store.work_order(low.order_no)
    assert order.closed_at is not None and order.closed_by == "kiosk"
    assert [e.kind for e in events] == ["opened", "worse", "note", "closed"]
    assert events[2].by == "wang.tech" and events[2].note == "已到场，换纸中"
    # paper out again later is a new order, not the closed one reopened
    (again,) = store.heartbeat(kiosk, _beat("MEDIA_EMPTY")).work_orders
    assert again.order_no != low.order_no and again.due_at - again.opened_at == SLA["MEDIA_EMPTY"]


def test_kiosk_faults_and_a_stuck_queue_are_orders_too(store):
    kiosk = _kiosk(store, "二号")
    answer = store.heartbeat(kiosk, _beat(state="OUT_OF_SERVICE", reason="crash_loop", queue_depth=3,
                                          queue_oldest_age_s=4000.0))
    assert {(o.fault, o.code) for o in answer.work_orders} == {("kiosk", "CRASH_LOOP"), ("queue", "QUEUE_STUCK")}
    (order,) = store.work_orders(device_id=kiosk, open_only=True)[:1]
    assert order.assignee == ""                          # no hall, no technician: the centre's duty desk
    # out of service for its hours, or for maintenance, is no fault
    assert store.heartbeat(kiosk, _beat(state="OUT_OF_SERVICE", reason="hours")).work_orders == []


def test_the_same_fault_seen_by_many_workers_at_once_opens_one_order(store):
    kiosk = _kiosk(store, "三号")
    answers = at_once(8, lambda _: store.heartbeat(kiosk, _beat("MEDIA_EMPTY")))
    assert {o.order_no for a in answers for o in a.work_orders} == {store.work_orders(device_id=kiosk)[0].order_id}
    assert len(store.work_orders(device_id=kiosk)) == 1


def test_silence_inside_its_hours_opens_an_offline_order_a_heartbeat_closes_it(store):
    now = dt.datetime.now(UTC)
    kiosk, closed_tonight = _kiosk(store, "四号"), _kiosk(store, "五号")
    store.heartbeat(kiosk, _beat())
    store.heartbeat(closed_tonight, _beat())
    hour = (now + OFFLINE_AFTER * 2).astimezone().hour
    store.set_service_hours(closed_tonight, f"{(hour + 2) % 24:02d}:00-{(hour + 3) % 24:02d}:00")   # closed then
    later = now + OFFLINE_AFTER * 2
    assert store.sweep(now) == (0, 0)                                   # not silent long enough yet
    assert at_once(4, lambda _: store.sweep(later)).count((1, 0)) == 1  # four workers sweep: one opens it
    (offline,) = store.work_orders(open_only=True)
    assert (offline.device_id, offline.fault, offline.code) == (kiosk, "network", "OFFLINE")
    assert store.heartbeat(kiosk, _beat()).work_orders == []            # it is back
    assert store.work_order(offline.order_id)[0].closed_by == "kiosk"


def test_an_overdue_order_escalates_once(store):
    kiosk = _kiosk(store, "六号")
    (order,) = store.heartbeat(kiosk, _beat("MEDIA_JAMMED")).work_orders
    store.heartbeat(kiosk, _beat("MEDIA_JAMMED"))
    overdue = order.due_at + dt.timedelta(minutes=1)
    assert sorted(at_once(4, lambda _: store.sweep(overdue)[1])) == [0, 0, 0, 1]
    (brief,) = store.heartbeat(kiosk, _beat("MEDIA_JAMMED")).work_orders
    assert brief.escalated
    assert [e.kind for e in store.work_order(order.order_no)[1]] == ["opened", "escalated"]


def test_notes_are_bounded_and_orders_must_exist(store):
    kiosk = _kiosk(store, "七号")
    (order,) = store.heartbeat(kiosk, _beat("MEDIA_LOW")).work_orders
    store.add_order_note(order.order_no, "t", "换纸" * 400 + "\n<script>")
    assert len(store.work_order(order.order_no)[1][-1].note) == 500
    for bad in ((order.order_no, "   "), (999999, "到场")):
        try:
            store.add_order_note(bad[0], "t", bad[1])
        except StoreError as exc:
            assert exc.code in ("invalid_request", "not_found")
        else:
            raise AssertionError(f"accepted {bad}")
