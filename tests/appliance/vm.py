"""The appliance image booted in QEMU and watched from outside: its screen through QMP `screendump`, its
console in a file. TCG with -cpu Nehalem: /dev/kvm here is a PVM flavour a stock kernel cannot use, and
llvmpipe's JIT crashed under TCG with AVX2 (../shared/reference/appliance.md)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def image_dir() -> Path:
    """The cached image (built when its inputs changed: ./dev image)."""
    run = subprocess.run(["bash", str(REPO / "dev"), "image"], capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise RuntimeError(f"./dev image failed:\n{run.stderr[-3000:]}")
    return Path(run.stdout.strip().splitlines()[-1])


class Vm:
    def __init__(self, image: Path, workdir: Path, memory_mb: int = 2048) -> None:
        self.workdir = workdir
        self.qmp_path, self.console = workdir / "qmp.sock", workdir / "console.log"
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "Nehalem", "-smp", "2", "-m", str(memory_mb),
             "-kernel", str(image / "vmlinuz"), "-initrd", str(image / "initrd.img"),
             "-append", "root=/dev/vda rw console=ttyS0 quiet",
             # -snapshot: the cached image is never written; each boot starts from the same disk
             "-drive", f"file={image / 'rootfs.img'},format=raw,if=virtio", "-snapshot",
             "-device", "virtio-gpu-pci,xres=1280,yres=800", "-vga", "none", "-display", "none",
             "-device", "virtio-tablet-pci", "-device", "virtio-keyboard-pci",
             "-qmp", f"unix:{self.qmp_path},server,nowait", "-serial", f"file:{self.console}",
             "-nic", "user,model=virtio-net-pci"],
            stdout=subprocess.DEVNULL, stderr=open(workdir / "qemu.log", "wb"), start_new_session=True)
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

    def qmp(self, command: str, **arguments: object) -> dict:
        self._io.write(json.dumps({"execute": command, **({"arguments": arguments} if arguments else {})}) + "\n")
        self._io.flush()
        while True:
            answer = json.loads(self._io.readline())
            if "error" in answer:
                raise RuntimeError(f"QMP {command}: {answer['error']}")
            if "return" in answer:
                return answer["return"]

    def screen(self, path: Path) -> Path:
        self.qmp("screendump", filename=str(path), format="png")
        return path

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)             # the power cord
            self.proc.wait()
        self._sock.close()
