"""The kiosk's state from its required devices, the platform, the hours and the technician's switch,
and the card-removal rule."""

import datetime as dt

import pytest

from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.availability import KioskState, OutOfServiceReason, ServiceHours, availability
from kiosk.config import ConfigError, parse_config, required_devices

NOON = dt.datetime(2026, 11, 21, 12, 0)
READY = DeviceStatus("idcard", DeviceState.READY, StatusCode.OK)


def state(devices=None, required=frozenset({"idcard"}), *, catalog=True, hours="", now=NOON, maintenance=False,
          active=False, provisioned=True):
    devices = {"idcard": READY} if devices is None else devices
    return availability(devices, required, catalog_ready=catalog, hours=ServiceHours.parse(hours), now=now,
                        maintenance=maintenance, session_active=active, provisioned=provisioned)


def test_available_when_required_devices_are_ready_and_the_catalog_is_there():
    assert state().state is KioskState.AVAILABLE
    assert state(active=True).state is KioskState.ACTIVE


def test_each_reason():
    unplugged = {"idcard": DeviceStatus("idcard", DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING)}
    a = state(unplugged)
    assert (a.state, a.reason, a.devices) == (KioskState.OUT_OF_SERVICE, OutOfServiceReason.HARDWARE, ("idcard",))
    assert state({}).reason is OutOfServiceReason.HARDWARE             # never heard from: not ready
    paper = {"idcard": READY, "receipt": DeviceStatus("receipt", DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY)}
    a = state(paper, frozenset({"idcard", "receipt"}))
    assert (a.reason, a.devices) == (OutOfServiceReason.CONSUMABLES, ("receipt",))
    assert state(catalog=False).reason is OutOfServiceReason.BACKEND
    assert state(hours="08:30-20:00", now=NOON.replace(hour=21)).reason is OutOfServiceReason.HOURS
    assert state(maintenance=True).reason is OutOfServiceReason.MAINTENANCE


def test_a_box_never_provisioned_says_so_not_that_its_reader_is_broken():
    """A fresh image has no reader configured and no enrolment: "尚未配置", not "设备故障：身份证读卡器"."""
    a = state({}, catalog=False, provisioned=False)
    assert (a.state, a.reason) == (KioskState.OUT_OF_SERVICE, OutOfServiceReason.NOT_PROVISIONED)


def test_optional_devices_do_not_close_the_kiosk():
    broken_qr = {"idcard": READY, "qrscanner": DeviceStatus("qrscanner", DeviceState.UNAVAILABLE, StatusCode.OK)}
    assert state(broken_qr).state is KioskState.AVAILABLE


def test_a_person_being_served_is_never_cut_off():
    assert state({}, catalog=False, maintenance=True, active=True).state is KioskState.ACTIVE


@pytest.mark.parametrize("text,inside,outside", [
    ("08:30-20:00", [dt.time(8, 30), dt.time(19, 59)], [dt.time(8, 29), dt.time(20, 0), dt.time(0, 0)]),
    ("00:00-24:00", [dt.time(0, 0), dt.time(23, 59)], []),
    ("", [dt.time(0, 0), dt.time(23, 59)], []),
    # across midnight: a 24-hour area closed for cleaning from 02:00 to 06:00
    ("06:00-02:00", [dt.time(6, 0), dt.time(23, 59), dt.time(0, 0), dt.time(1, 59)], [dt.time(2, 0), dt.time(5, 59)]),
    ("08:00-08:00", [dt.time(0, 0), dt.time(8, 0), dt.time(7, 59)], []),          # the whole day
])
def test_service_hours(text, inside, outside):
    hours = ServiceHours.parse(text)
    for t in inside:
        assert hours.open_at(dt.datetime.combine(NOON.date(), t)), t
    for t in outside:
        assert not hours.open_at(dt.datetime.combine(NOON.date(), t)), t


@pytest.mark.parametrize("bad", ["8-20", "24:00-08:00", "08:00-25:00", "08:60-09:00", "nonsense"])
def test_bad_service_hours_are_a_config_error(bad):
    with pytest.raises(ConfigError, match="ui.service hours"):
        parse_config(f'[ui]\nservice_hours = "{bad}"\n')


def test_required_devices_come_from_the_config():
    cfg = parse_config('[sscard]\nrequired = true\n[idcard]\nrequired = false\n')
    assert required_devices(cfg) == frozenset({"sscard"})


def test_taking_out_the_social_security_card_ends_the_session_before_submit(service):
    from dataclasses import replace

    from kiosk.identity import IdentitySourceDevice as Src
    from kiosk.session import Step

    from .helpers import identity

    service.refresh_catalog()
    assert service.choose_item("YB-0601").ok and service.event("start").ok
    assert service.identify(replace(identity(), source=Src.SOCIAL_SECURITY_CARD)).ok
    assert service.session.step is Step.FORM
    assert not service.document_removed(Src.ID_CARD_READER)           # another reader: nothing happens
    assert service.session.step is Step.FORM
    assert service.document_removed(Src.SOCIAL_SECURITY_CARD)
    assert service.session.step is Step.HOME and service.session.identity is None

    # An ID card is picked up from the pad once read: that ends nothing.
    assert service.choose_item("YB-0601").ok and service.event("start").ok
    assert service.identify(identity()).ok
    assert not service.document_removed(Src.ID_CARD_READER)
    assert service.session.step is Step.FORM and service.session.identity is not None


def test_a_full_queue_refuses_the_start_of_an_application_not_its_end(service):
    """New applications cannot be stored (here the queue at its production bound of 500 waiting items):
    开始办理 says so on the guide, before anyone fills a form; the guide itself still opens."""
    from kiosk.config import StoreSection
    from kiosk.session import Step

    outbox = service.sync.outbox
    for _ in range(StoreSection().max_queue):
        outbox.enqueue("evaluation", b"{}")
    service.refresh_catalog()
    assert service.submissions_paused() == "offline_queue_full"
    assert service.choose_item("YB-0601").ok and service.session.step is Step.GUIDE
    outcome = service.begin_application()
    assert not outcome.ok and outcome.message_code == "offline_queue_full"
    assert service.session.step is Step.GUIDE
