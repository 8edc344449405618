"""One path through the emulated world, headless: the real platform process, a GA 467 emulator on a
real pty pair, the production driver thread, the kiosk core. Pick an item, identify by card, get a
pre-filled form, submit, and find exactly one application on the platform."""

import dataclasses
import queue
import threading
import time

from drivers.idcard.emulator import sample_card
from drivers.idcard.reader import CardReadEvent, CardRemovedEvent, IdCardMonitor
from kiosk.cards import identity_from_id_card
from kiosk.platform_client import PlatformClient
from kiosk.session import EndReason, Step

from platform_server.runner import free_port

from .helpers import ID_NUMBER, NAME, identity


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")


def test_card_to_application_exactly_once(platform, client, service, pty_pair, id_emulator):
    outcomes: queue.Queue = queue.Queue()

    removed = threading.Event()

    def on_event(event):
        if isinstance(event, CardReadEvent):
            outcomes.put(service.identify(identity_from_id_card(event.card)))
        elif isinstance(event, CardRemovedEvent):
            removed.set()

    monitor = IdCardMonitor(str(pty_pair.host_path), on_event, poll_interval_s=0.05)
    monitor.start()
    try:
        # A card on the reader before anyone chose a service is ignored, not an error.
        id_emulator.place(sample_card())
        assert outcomes.get(timeout=5).ok is False and service.session.step is Step.HOME
        id_emulator.remove()
        assert removed.wait(5)

        assert service.choose_item("YB-0601").ok          # 医保参保凭证打印: real name by card
        service.start()
        assert service.session.step is Step.IDENTIFY
        id_emulator.place(sample_card())
        assert outcomes.get(timeout=5).ok
        session = service.session
        assert session.step is Step.FORM
        assert session.form.values["applicant_name"] == NAME and session.form.values["id_number"] == ID_NUMBER

        assert service.event("set_field", "mobile", "13800138000").ok
        assert service.event("to_review").ok
        assert service.submit().ok
        receipt = session.receipt
        assert session.step is Step.RESULT and receipt.application_no.startswith("ZW")
        assert receipt.certificate_available                                   # 秒批
        assert platform.count_applications(session.idempotency_key) == 1
        assert client.progress(receipt.application_no).item_code == "YB-0601"

        service.end(EndReason.FINISHED)
        assert service.session.step is Step.HOME and service.session.identity is None
    finally:
        monitor.stop()


def test_expired_card_is_refused_with_a_reason(service, pty_pair, id_emulator):
    results: queue.Queue = queue.Queue()
    monitor = IdCardMonitor(str(pty_pair.host_path),
                            lambda e: isinstance(e, CardReadEvent)
                            and results.put(service.identify(identity_from_id_card(e.card))),
                            poll_interval_s=0.05)
    monitor.start()
    try:
        service.choose_item("RS-0101")
        service.start()
        id_emulator.place(sample_card(expired=True))
        outcome = results.get(timeout=5)
        assert not outcome.ok and outcome.message_code == "identity_expired"
        assert service.session.step is Step.IDENTIFY
    finally:
        monitor.stop()


def test_platform_down_queues_and_delivers_exactly_once(platform, client, service, platform_cfg):
    """Submit with the platform unreachable: an honest "queued" result, the application kept
    (encrypted) in the outbox, and delivered exactly once when the platform is back."""
    service.choose_item("YB-0601")
    service.start()
    service.identify(identity())
    service.event("set_field", "mobile", "13800138000")
    service.event("to_review")
    service.sync.client = PlatformClient(dataclasses.replace(platform_cfg, url=f"http://127.0.0.1:{free_port()}",
                                                             connect_timeout_s=0.5))
    assert service.submit().ok
    session = service.session
    assert session.step is Step.RESULT and session.receipt is None and session.queued_id
    key = session.queued_id
    assert service.sync.outbox.stats().depth == 1
    assert platform.count_applications(key) == 0
    service.end(EndReason.FINISHED)

    service.sync.client = client                       # the network is back
    time.sleep(0.25)                                   # past the (short, test) backoff
    report = service.sync.sync_once()
    assert report.done == 1 and service.sync.outbox.stats().depth == 0
    assert platform.count_applications(key) == 1
    assert service.sync.sync_once().done == 0          # nothing left, nothing sent twice
    assert platform.count_applications(key) == 1
