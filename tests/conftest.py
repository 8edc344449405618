"""Test session: real services on loopback, started on first use and stopped by PID."""

from __future__ import annotations

import os

# Qt aborts the process without a display; tests that need a real window start Xvfb themselves.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")   # the kiosk's pinyin keyboard, as in production
os.environ.setdefault("QT_QUICK_BACKEND", "software")   # deterministic offscreen rendering
os.environ.pop("KIOSK_CONFIG", None)

from pathlib import Path  # noqa: E402
from typing import Iterator  # noqa: E402

import pytest  # noqa: E402

from drivers.idcard.emulator import Ga467Emulator  # noqa: E402
from drivers.ptypair import PtyPair  # noqa: E402
from drivers.smartcard.pcscd import Pcscd, ensure_pcscd  # noqa: E402
from kiosk.config import PlatformSection  # noqa: E402
from kiosk.platform_client import PlatformClient  # noqa: E402
from kiosk.service import KioskService  # noqa: E402
from kiosk.sync import SyncWorker  # noqa: E402
from offline_cache.crypto import Sealer, load_or_create_key  # noqa: E402
from offline_cache.outbox import Outbox  # noqa: E402
from platform_server.runner import PlatformProcess  # noqa: E402

from . import peers  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def pytest_configure(config: pytest.Config) -> None:
    if config.option.durations is None:
        config.option.durations = 30          # CI's log says where the suite's hour goes


@pytest.hookimpl(wrapper=True)          # its first half before -m deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    """The VM tests last: a TCG guest takes both cores, never beside other tests. The tests on the
    machine's one pcscd marked `pcscd`: `./dev test` runs them outside pytest-xdist's workers (a test
    restarts pcscd, and two workers' cards would meet in its one vpcd reader; xdist's own groups do
    not hold under pytest 9.2)."""
    for item in items:
        if "pcscd" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.pcscd)
    items.sort(key=lambda i: i.get_closest_marker("vm") is not None)        # (stable: the order kept)
    return (yield)


def pytest_collection_finish(session: pytest.Session) -> None:
    """A session with both kinds (after -m and -k) builds the VM tests' image and bundles meanwhile: the
    image (downloads, dpkg: mostly one core) can go on beside the host tests."""
    vm = sum(1 for i in session.items if i.get_closest_marker("vm"))
    if 0 < vm < len(session.items) and not session.config.option.collectonly:
        from .appliance import prepare
        prepare.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    from .appliance import prepare
    prepare.stop()


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """After each test, collect its garbage here, on the GUI thread. A test's windows and view models
    form reference cycles; left to the collector they are freed whenever it next runs — in whatever
    thread allocates at that moment (a pool worker, a device thread) — and a Qt object destroyed off
    its own thread can crash the process. (A kiosk has one window for its life: this is the tests'.)"""
    yield
    import gc
    gc.collect()


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformProcess]:
    """The reference platform as a real uvicorn process on 127.0.0.1."""
    proc = PlatformProcess(tmp_path_factory.mktemp("platform"))
    yield proc
    proc.stop()


@pytest.fixture
def platform_cfg(platform: PlatformProcess, tmp_path: Path) -> PlatformSection:
    return PlatformSection(url=platform.url, key_file=str(tmp_path / "secrets" / "device-key.pem"),
                           read_timeout_s=10)


@pytest.fixture
def client(platform: PlatformProcess, platform_cfg: PlatformSection) -> Iterator[PlatformClient]:
    """A freshly enrolled kiosk: its own device id and token."""
    c = PlatformClient(platform_cfg)
    c.enrol(platform.pairing_code(), "test kiosk")
    yield c
    c.close()


@pytest.fixture
def sync(client: PlatformClient, tmp_path: Path) -> Iterator[SyncWorker]:
    """An encrypted outbox in a temp dir and its sync worker, delivering to the test platform."""
    key = load_or_create_key(tmp_path / "secrets" / "store.key", "aes-256-gcm", create=True)
    outbox = Outbox(tmp_path / "kiosk.db", Sealer(key))
    yield SyncWorker(outbox, client, base_backoff_s=0.05, max_backoff_s=0.2)
    outbox.close()


@pytest.fixture
def service(client: PlatformClient, sync: SyncWorker) -> KioskService:
    svc = KioskService(client, sync)
    assert svc.refresh_catalog().ok
    return svc


@pytest.fixture
def pty_pair() -> Iterator[PtyPair]:
    with PtyPair() as pair:
        yield pair


@pytest.fixture
def id_emulator(pty_pair: PtyPair) -> Iterator[Ga467Emulator]:
    emu = Ga467Emulator(str(pty_pair.device_path), processing_delay_s=0.0).start()
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def cups() -> Iterator[peers.Cups]:
    instance = peers.start_cupsd()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[peers.Postgres]:
    instance = peers.start_postgres()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    instance = ensure_pcscd()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def xvfb() -> Iterator[peers.Xvfb]:
    instance = peers.start_xvfb()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS



@pytest.fixture
def kiosk_window(qtbot, service: KioskService):
    """A factory: the kiosk window (offscreen, 1280×800) over the real platform with its catalog
    loaded; `make(window={...KioskWindow options}, **view model options)` -> (view model, KioskWindow).
    Everything made is closed after the test."""
    from ui.app import KioskWindow
    from ui.application import create_application
    from ui.viewmodel import KioskViewModel

    made: list = []

    def make(*, window: dict | None = None, **vm_options):
        create_application()
        vm = KioskViewModel(service, **vm_options)
        ui = KioskWindow(vm, fullscreen=False, **(window or {}))
        made.append((vm, ui))
        ui.window.resize(1280, 800)
        vm.loadCatalog()
        qtbot.waitUntil(lambda: vm.catalogReady, timeout=10000)
        return vm, ui
    yield make
    for vm, ui in made:
        vm.tasks.wait()
        ui.close()


@pytest.fixture
def kiosk_ui(qtbot, kiosk_window, service: KioskService, pty_pair: PtyPair, id_emulator: Ga467Emulator):
    """The kiosk window with the GA 467 emulator read by the production monitor thread; technician
    PIN 246813. Yields (view model, window, service)."""
    from drivers.idcard.reader import IdCardMonitor
    from kiosk.cards import from_reader_event
    from kiosk.technician import PinCheck, hash_pin
    from ui.bridge import DeviceBridge

    vm, ui = kiosk_window(window={"pins": PinCheck(hash_pin("246813", iterations=1000))},
                          allow_skip_verification=True)
    vm.set_kiosk_name("测试终端")
    bridge = DeviceBridge()
    bridge.event.connect(vm.onDeviceEvent)
    monitor = IdCardMonitor(str(pty_pair.host_path), lambda e: bridge.post(from_reader_event(e)),
                            poll_interval_s=0.05)
    monitor.start()
    qtbot.waitUntil(lambda: vm.readerReady, timeout=10000)
    vm.maintenance_vm = ui.maintenance    # for the maintenance test
    yield vm, ui.window, service
    monitor.stop()
