"""`kiosk demo`: the emulated world in one process. The reference platform on a loopback thread;
a GA 467 module emulator and a QR scanner emulator on socat pty pairs, and a social security card
behind pcscd's vpcd reader, each read by its production driver; a kiosk enrolled with a real
pairing code; and a small control panel to present cards and codes."""

from __future__ import annotations

import itertools
import logging
import tempfile
from pathlib import Path
from typing import Callable

from drivers.camera.page_emulator import write_photographed_page
from drivers.idcard.emulator import Fault, Ga467Emulator, sample_card
from drivers.idcard.protocol import CardKind
from drivers.printer.escpos import PaperState
from drivers.printer.escpos_emulator import EscPosEmulator
from drivers.ptypair import PtyPair, PtyPairError
from drivers.qrscanner.emulator import QrScannerEmulator
from drivers.smartcard.emulator import VPCD_PORT, SocialSecurityCardEmulator
from drivers.smartcard.pcscd import Pcscd, PcscdError, ensure_pcscd
from kiosk.config import Config, with_overrides
from kiosk.platform_client import PlatformClient
from kiosk.technician import hash_pin
from platform_server.runner import EmbeddedPlatform

from .demo_person import CARD_FRAME, FACE_VIDEO, PromptedCamera
from .demo_person import load as load_recording

log = logging.getLogger("launcher.demo")
DEMO_PIN = "246810"          # the demo's technician PIN (long-press the emblem at the top left)
PANEL_QML = Path(__file__).with_name("demo_panel.qml")
# The person in front of the demo's camera: the shared recording of a live performer answering whatever
# the screen asks (launcher/demo_person.py), so the demo runs the shipped real-person check (threshold,
# two random steps, the hold and response timing). A frame of its frontal rest is the demo card's chip
# photo (0.48 from the performer through the emulated 1 KB card photo). The stage footage's faces are
# small and blurred: a card from another moment measures 0.52–0.75 — docs/pad.md.
PORTRAIT_FRAME = CARD_FRAME
# A plain video camera for kiosk-provision's detect and self-test (tests, bench.provision): a segment of
# the same recording, as a `[camera] source` spec.
FACE_SEGMENT = "147-208"
DEMO_CAMERA = f"video:{FACE_VIDEO}#{FACE_SEGMENT}"
DEMO_MOBILE = "13800138000"


def portrait_from_video(video: Path, frame_no: int, out: Path) -> Path | None:
    """One frame of the video as an image file (the emulated card's portrait); None without the video."""
    import cv2
    cap = cv2.VideoCapture(str(video))
    cap.set(cv2.CAP_PROP_POS_FRAMES, frame_no)
    ok, frame = cap.read()
    cap.release()
    if not ok or not cv2.imwrite(str(out), frame):
        return None
    return out


class DemoSetupError(RuntimeError):
    pass


class DemoWorld:
    def __init__(self, base: Config | None = None, *, fullscreen: bool = False) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
        try:
            self._start(base, fullscreen)
        except (PtyPairError, RuntimeError, OSError) as exc:
            self._tmp.cleanup()
            raise DemoSetupError(str(exc)) from exc

    def _start(self, base: Config | None, fullscreen: bool) -> None:
        root = Path(self._tmp.name)
        self.platform = EmbeddedPlatform(root)
        self.pty = PtyPair(root / "idcard")
        # 0.4 s models a real module's RF + crypto work for a read
        self.emulator = Ga467Emulator(str(self.pty.device_path), processing_delay_s=0.4).start()
        self.printer_pty = PtyPair(root / "receipt")
        self.receipt_printer = EscPosEmulator(str(self.printer_pty.device_path)).start()
        self.qr_pty = PtyPair(root / "qr")
        self.qr = QrScannerEmulator(str(self.qr_pty.device_path))
        sscard_reader = ""
        try:
            self.pcscd: Pcscd | None = ensure_pcscd()
            sscard_reader = "Virtual PCD 00 00"
        except PcscdError as exc:
            self.pcscd = None
            log.warning("social security card emulation off: %s", exc)
        self.sscard = SocialSecurityCardEmulator(port=self.pcscd.vpcd_port if self.pcscd else VPCD_PORT)
        self.portrait = portrait_from_video(FACE_VIDEO, PORTRAIT_FRAME, root / "portrait.jpg")
        if self.portrait is None:
            log.warning("no test video at %s: the demo kiosk has no camera (face items use other ways)", FACE_VIDEO)
        self.person = None                                              # RunOptions.camera_source
        if self.portrait:
            load_recording()          # ~4 s, here: never on the camera's thread (it could be mid-dlib at exit)
            self.person = PromptedCamera()
        self.config = with_overrides(
            base or Config(),
            kiosk={"name": "演示终端 · 设备均为模拟", "state_dir": str(root / "state")},
            platform={"url": self.platform.url, "key_file": str(root / "state" / "device-key.pem")},
            idcard={"port": str(self.pty.host_path), "photo_decoder": "emulator"},
            # the document camera: a photographed page (drivers/camera/page_emulator.py) under the lens
            doc_camera={"source": f"image:{write_photographed_page(root / 'page-under-the-lens.jpg')}"},
            sscard={"reader": sscard_reader},
            qrscanner={"port": str(self.qr_pty.host_path)},
            receipt_printer={"port": str(self.printer_pty.host_path)},
            ui={"fullscreen": fullscreen, "technician_pin_hash": hash_pin(DEMO_PIN, iterations=1000)})
        client = PlatformClient(self.config.platform)
        answer = client.enrol(self.platform.pairing_code(), self.config.kiosk.name)
        client.close()
        # the sample card holder's number on record, for the SMS way of the real-person check
        self.platform.register_person(sample_card().text.id_number, DEMO_MOBILE)
        log.info("demo kiosk enrolled as %s; platform at %s", answer.device_id, self.platform.url)

    def place(self, kind: str) -> None:
        card = {
            "resident": lambda: sample_card(CardKind.RESIDENT, portrait=self.portrait),
            "hmt": lambda: sample_card(CardKind.HMT_PERMIT),
            "foreign": lambda: sample_card(CardKind.FOREIGN_PR),
            "expired": lambda: sample_card(expired=True),
        }[kind]()
        self.emulator.remove()
        self.emulator.place(card)

    def scan(self, kind: str) -> None:
        """What a person holds up to the scanner: a fresh e-ID or e-social-security code from the
        platform, the last receipt's tracking code, or some unrelated code."""
        if kind in ("eid", "esscard"):
            self.qr.scan(f"{kind}:{self.platform.qr_token(kind, '张三丰', '11010519491231002X')}")
        elif kind == "receipt":
            self.qr.scan(self.platform.latest_application() or "ZW00000000000000")
        else:
            self.qr.scan("https://example.com/not-a-government-code")

    def close(self) -> None:
        self.sscard.remove()
        if self.pcscd is not None:
            self.pcscd.stop()
        self.qr.close()
        self.qr_pty.close()
        self.receipt_printer.stop()
        self.printer_pty.close()
        self.emulator.stop()
        self.pty.close()
        self.platform.stop()
        self._tmp.cleanup()


def facing_the_camera(world: DemoWorld, panel: "Callable[[object], None] | None"):  # -> after_window
    """The demo's person watches the kiosk's screen (its prompts), then the panel opens (if asked)."""
    def after_window(window: object) -> None:
        if world.person is not None:
            face = window.vm.face  # type: ignore[attr-defined]
            world.person.prompt = lambda: face.prompt_key
        if panel is not None:
            panel(window)
    return after_window


def attach_panel(world: DemoWorld):  # -> callable for RunOptions.after_window
    """The emulator control panel: a second small window beside the kiosk."""
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtQml import QQmlApplicationEngine

    previews = itertools.count(1)

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

        @Slot(bool)
        def sscard(self, inserted: bool) -> None:
            (world.sscard.insert if inserted else world.sscard.remove)()

        @Slot(str)
        def scan(self, kind: str) -> None:
            world.scan(kind)

        @Slot(str)
        def paper(self, state: str) -> None:
            world.receipt_printer.set_paper(PaperState(state))

        @Slot(result=str)
        def sms(self) -> str:
            """The demo person's phone: the last text the platform sent to it."""
            return world.platform.last_sms(DEMO_MOBILE) or "（没有短信）"

        @Slot(result=str)
        def printed(self) -> str:
            """The receipt printer's output so far, drawn as the paper would show it: a PNG's URL."""
            from ui.receipt_preview import render_preview
            path = Path(world._tmp.name) / f"receipt-preview-{next(previews)}.png"   # a new name: QML caches by URL
            render_preview(world.receipt_printer.printed()).save(str(path))
            return QUrl.fromLocalFile(str(path)).toString()

    keep: list[object] = []

    def after_window(_window: object) -> None:
        panel = Panel()
        engine = QQmlApplicationEngine()
        engine.rootContext().setContextProperty("panel", panel)
        engine.load(QUrl.fromLocalFile(str(PANEL_QML)))
        keep.extend([panel, engine])

    return after_window
