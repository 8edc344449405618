"""The appliance image booted in QEMU and watched from outside: its screen through QMP `screendump`, taps and
keys through QMP `input-send-event`, the technician's shell over ssh (the image's key-only root login,
through a port forward), its console in a file, and optionally an ID card reader on a USB serial adapter
whose far end is a pseudo-terminal on the host (for the GA 467 emulator).

TCG with -cpu Nehalem: /dev/kvm here is a PVM flavour a stock kernel cannot use, and llvmpipe's JIT crashed
under TCG with AVX2 (../shared/reference/appliance.md). A TCG guest takes both cores: never run one beside
other tests."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREEN = (1280, 800)
# The reader's adapter on a fixed port of the bus: QEMU's USB serial number (and so /dev/serial/by-id) names
# the port, and a replug on another port would be another device for the kiosk's configuration.
READER_USB = {"driver": "usb-serial", "chardev": "idcard", "bus": "xhci.0", "port": "1", "id": "idcard-usb"}
_TABLET_MAX = 32767                     # virtio-tablet's absolute axis range


_building: list[subprocess.Popen] = []     # a ./dev image under way (tests/appliance/prepare.py stops it)


def image_dir() -> Path:
    """The cached image (built when its inputs changed: ./dev image)."""
    proc = subprocess.Popen(["bash", str(REPO / "dev"), "image"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    _building.append(proc)
    try:
        out, err = proc.communicate(timeout=1800)
    finally:
        _building.remove(proc)
    if proc.returncode != 0:
        raise RuntimeError(f"./dev image failed:\n{err[-3000:]}")
    return Path(out.strip().splitlines()[-1])


def stop_image_build() -> None:
    for proc in list(_building):
        os.killpg(proc.pid, signal.SIGTERM)


def disk_copy(image: Path, path: Path) -> Path:
    """The box's own disk: a sparse copy of the cached image (~10 s) that keeps what the guest wrote across
    power cuts (-snapshot would forget it at the first one). Raw, not a qcow2 overlay: QEMU then keeps no
    metadata of its own in memory, so every write the guest's disk completed is in the host's page cache
    and survives QEMU's kill — the guest's own page cache dies, as in a power cut — and cache=unsafe can
    skip the host's flushes (in one standalone run: an install's slot write 306 s against 330 s with the
    overlay; not confirmed in CI, where the whole guest ran slower)."""
    subprocess.run(["cp", "--sparse=always", str(image / "disk.img"), str(path)], check=True, timeout=300)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """QEMU goes when the test process does, even by SIGKILL: a leftover TCG guest would starve the next run."""
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)          # PR_SET_PDEATHSIG
    os.setsid()


class Vm:
    def __init__(self, image: Path, workdir: Path, *, disk: Path | None = None, idcard: bool = False,
                 memory_mb: int = 2048, stick: Path | None = None) -> None:
        """`disk`: a copy of the image's disk (disk_copy) that survives power cuts, else the image under -snapshot;
        `idcard`: a USB serial adapter whose far end is the pty in `self.idcard_pty`; `stick`: a filesystem
        image handed in read-only as a second disk (/dev/vdb: a technician's USB stick with bundles)."""
        self.image, self.workdir = image, workdir
        self.qmp_path, self.console = workdir / "qmp.sock", workdir / "console.log"
        self.qmp_path.unlink(missing_ok=True)
        self.ssh_port = _free_port()
        drive = (["-drive", f"file={disk},format=raw,if=virtio,cache=unsafe"] if disk else
                 ["-drive", f"file={image / 'disk.img'},format=raw,if=virtio", "-snapshot"])
        reader = ",".join([READER_USB["driver"], *(f"{k}={v}" for k, v in READER_USB.items() if k != "driver")])
        usb = ["-device", "qemu-xhci,id=xhci", "-chardev", "pty,id=idcard", "-device", reader] if idcard else []
        if stick is not None:
            drive += ["-drive", f"file={stick},format=raw,if=virtio,readonly=on"]
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            # -nodefaults: no floppy drive or CD-ROM (a kiosk has neither; probing them cost ~8 s per boot)
            ["qemu-system-x86_64", "-nodefaults", "-accel", "tcg", "-cpu", "Nehalem", "-smp", "2",
             "-m", str(memory_mb),
             *drive,                          # the BIOS boots the disk: GRUB, then the kernel it names
             "-device", f"virtio-gpu-pci,xres={SCREEN[0]},yres={SCREEN[1]}", "-vga", "none", "-display", "none",
             "-device", "virtio-tablet-pci", "-device", "virtio-keyboard-pci", *usb,
             "-qmp", f"unix:{self.qmp_path},server,nowait", "-serial", f"file:{self.console}",
             "-nic", f"user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:{self.ssh_port}-:22"],
            stdout=subprocess.DEVNULL, stderr=open(workdir / "qemu.log", "ab"), preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 30
        while not self.qmp_path.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"qemu did not start: {(workdir / 'qemu.log').read_text()[-2000:]}")
            time.sleep(0.1)
        self._sock = socket.socket(socket.AF_UNIX)
        self._sock.connect(str(self.qmp_path))
        self._io = self._sock.makefile("rw")
        self._io.readline()                                    # the greeting
        self.qmp("qmp_capabilities")
        self.idcard_pty = ""
        if idcard:
            chardevs = {c["label"]: c["filename"] for c in self.qmp("query-chardev")}
            self.idcard_pty = chardevs["idcard"].removeprefix("pty:")

    # ------------------------------------------------------------ QMP: screen, taps, keys

    def qmp(self, command: str, **arguments: object) -> object:
        self._io.write(json.dumps({"execute": command, **({"arguments": arguments} if arguments else {})}) + "\n")
        self._io.flush()
        while True:
            answer = json.loads(self._io.readline())
            if "error" in answer:
                raise RuntimeError(f"QMP {command}: {answer['error']}")
            if "return" in answer:
                return answer["return"]

    def unplug_reader(self) -> None:
        """The USB serial adapter pulled out (its far end, the emulator's pty, stays): deauthorized in the
        guest, which runs the kernel's USB disconnect a pulled cable runs — the tty vanishes under the
        driver, /dev/serial/by-id loses its link. Not QMP's device_del: QEMU 7.2 segfaulted in it once in
        CI (usb-serial unrealized while its chardev had data), taking the whole box down."""
        # the adapter's USB device (e.g. /sys/devices/.../usb1/1-1), two levels above its tty
        self._reader_sysfs = self.ssh("readlink -f /sys/class/tty/ttyUSB0/device/../..").stdout.strip()
        self.ssh(f"echo 0 > {self._reader_sysfs}/authorized")

    def plug_reader(self) -> None:
        """Plugged back in: authorized again, the kernel enumerates it as a new device."""
        self.ssh(f"echo 1 > {self._reader_sysfs}/authorized")

    def screen(self, path: Path) -> Path:
        self.qmp("screendump", filename=str(path), format="png")
        return path

    def wait_screen(self, looks_right: Callable[[Path], bool], timeout_s: float, path: Path,
                    every_s: float = 2.0) -> bool:
        """Screenshots into `path` until one looks right; False when the time ran out (the last one kept)."""
        deadline = time.monotonic() + timeout_s
        while True:
            self.screen(path)
            if looks_right(path):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(every_s)

    def tap(self, x: int, y: int) -> None:
        """A finger on the touch screen at (x, y) in screen pixels, and off again."""
        ax, ay = (round(v * _TABLET_MAX / (size - 1)) for v, size in ((x, SCREEN[0]), (y, SCREEN[1])))
        self.qmp("input-send-event", events=[{"type": "abs", "data": {"axis": "x", "value": ax}},
                                             {"type": "abs", "data": {"axis": "y", "value": ay}}])
        time.sleep(0.5)        # the pointer enters the window first: a press in the same instant was lost
        for down in (True, False):
            self.qmp("input-send-event", events=[{"type": "btn", "data": {"down": down, "button": "left"}}])
            time.sleep(0.15)

    def keys(self, *qcodes: str) -> None:
        """A key combination (QEMU qcodes: "ctrl", "alt", "f1", "backspace", "meta_l", …), pressed in
        order and let go in reverse."""
        def event(code: str, down: bool) -> dict:
            return {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": code}}}
        self.qmp("input-send-event", events=[event(c, True) for c in qcodes])
        time.sleep(0.2)
        self.qmp("input-send-event", events=[event(c, False) for c in reversed(qcodes)])

    # ------------------------------------------------------------ the technician's shell

    def _ssh_argv(self, command: str, env: dict[str, str] | None) -> list[str]:
        prefix = " ".join(f"{k}={_quote(v)}" for k, v in (env or {}).items())
        return ["ssh", "-i", str(self.image / "technician_ed25519"), "-p", str(self.ssh_port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=15", "root@127.0.0.1",
                f"{prefix} {command}" if prefix else command]

    def ssh(self, command: str, *, timeout_s: float = 120, env: dict[str, str] | None = None,
            check: bool = True, input_text: str | None = None) -> subprocess.CompletedProcess:
        """A command as the technician types it over ssh (root, the image's technician key)."""
        run = subprocess.run(self._ssh_argv(command, env), capture_output=True, text=True, timeout=timeout_s,
                             input=input_text, stdin=None if input_text is not None else subprocess.DEVNULL)
        if check and run.returncode != 0:
            raise RuntimeError(f"ssh {command!r}: exit {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
        return run

    def ssh_popen(self, command: str) -> subprocess.Popen:
        """A long-running command whose output is read as it comes."""
        return subprocess.Popen(self._ssh_argv(command, None), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def wait_ssh(self, timeout_s: float = 600) -> float:
        """Seconds since power-on until the technician can log in."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if self.ssh("true", timeout_s=60, check=False).returncode == 0:
                    return time.monotonic() - self.started
            except subprocess.TimeoutExpired:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"no ssh after {timeout_s:.0f} s; console:\n{self.console_tail()}")
            time.sleep(3)

    def unit_times(self, unit: str) -> dict[str, float]:
        """A unit's monotonic timestamps in the guest (seconds since its kernel started)."""
        props = ("ExecMainStartTimestampMonotonic", "ActiveEnterTimestampMonotonic", "NRestarts")
        out = self.ssh(f"systemctl show {unit} -p {' -p '.join(props)}").stdout
        values = dict(line.split("=", 1) for line in out.split())
        return {k: int(v) / (1 if k == "NRestarts" else 1e6) for k, v in values.items()}

    def console_size(self) -> int:
        try:
            return self.console.stat().st_size
        except OSError:
            return 0

    def console_since(self, offset: int) -> str:
        try:
            with open(self.console, "rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def console_tail(self, chars: int = 3000) -> str:
        try:
            return self.console.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    # ------------------------------------------------------------ power

    def power_cut(self) -> None:
        """The power cord: QEMU killed, the guest's page cache with it (unlike kill -9 of a process)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._sock.close()


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"
