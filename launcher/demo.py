"""`kiosk demo`: the emulated world in one process. The reference platform on a loopback thread,
a GA 467 module emulator on a socat pty pair read by the production driver, a kiosk enrolled with a
real pairing code, and a small control panel to place and remove cards."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from drivers.idcard.emulator import Fault, Ga467Emulator, sample_card
from drivers.idcard.protocol import CardKind
from drivers.ptypair import PtyPair
from kiosk.config import Config, with_overrides
from kiosk.platform_client import PlatformClient
from platform_server.runner import EmbeddedPlatform

log = logging.getLogger("launcher.demo")
PANEL_QML = Path(__file__).with_name("demo_panel.qml")


class DemoWorld:
    def __init__(self, base: Config | None = None) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
        root = Path(self._tmp.name)
        self.platform = EmbeddedPlatform(root)
        self.pty = PtyPair(root)
        # 0.4 s models a real module's RF + crypto work for a read
        self.emulator = Ga467Emulator(str(self.pty.device_path), processing_delay_s=0.4).start()
        self.config = with_overrides(
            base or Config(),
            kiosk={"name": "演示终端 · 设备均为模拟", "state_dir": str(root / "state")},
            platform={"url": self.platform.url, "token_file": str(root / "state" / "device-token")},
            idcard={"port": str(self.pty.host_path)},
            ui={"fullscreen": False})
        client = PlatformClient(self.config.platform)
        answer = client.enrol(self.platform.pairing_code(), self.config.kiosk.name)
        client.close()
        log.info("demo kiosk enrolled as %s; platform at %s", answer.device_id, self.platform.url)

    def place(self, kind: str) -> None:
        card = {
            "resident": lambda: sample_card(CardKind.RESIDENT),
            "hmt": lambda: sample_card(CardKind.HMT_PERMIT),
            "foreign": lambda: sample_card(CardKind.FOREIGN_PR),
            "expired": lambda: sample_card(expired=True),
        }[kind]()
        self.emulator.remove()
        self.emulator.place(card)

    def close(self) -> None:
        self.emulator.stop()
        self.pty.close()
        self.platform.stop()
        self._tmp.cleanup()


def attach_panel(world: DemoWorld):  # -> callable for RunOptions.after_window
    """The emulator control panel: a second small window beside the kiosk."""
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtQml import QQmlApplicationEngine

    class Panel(QObject):
        @Slot(str)
        def place(self, kind: str) -> None:
            world.place(kind)

        @Slot()
        def remove(self) -> None:
            world.emulator.remove()

        @Slot(bool)
        def silent(self, on: bool) -> None:
            world.emulator.fault = Fault.SILENT if on else Fault.NONE

    keep: list[object] = []

    def after_window(_window: object) -> None:
        panel = Panel()
        engine = QQmlApplicationEngine()
        engine.rootContext().setContextProperty("panel", panel)
        engine.load(QUrl.fromLocalFile(str(PANEL_QML)))
        keep.extend([panel, engine])

    return after_window
