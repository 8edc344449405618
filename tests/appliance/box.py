"""A kiosk box in a VM with everything around it, for the VM tests and the benchmarks that boot it: the
reference platform on the host (reached by the guest as 10.0.2.2), an ID card reader on a USB serial
adapter whose far end is the GA 467 emulator on the host, a disk that survives power cuts, and what a
technician does to it (over ssh, the real CLIs)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from drivers.idcard.emulator import Ga467Emulator
from platform_server.runner import PlatformProcess

from .vm import Vm, disk_copy, image_dir

TECHNICIAN_PIN = "480916"
GUEST_SUBMIT = Path(__file__).with_name("guest_submit.py")


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


class Box:
    def __init__(self, workdir: Path, image: Path | None = None, stick: Path | None = None) -> None:
        self.workdir = workdir
        self.image = image or image_dir()
        (workdir / "platform").mkdir(parents=True, exist_ok=True)
        # as a province runs it: no stand-ins for e-ID, SMS or the verification a test may skip
        self.platform = PlatformProcess(workdir / "platform", stand_ins=False)
        self.disk = disk_copy(self.image, workdir / "disk.raw")
        self.device_id = ""
        self.stick = stick
        self.hung_resets = 0
        self.vm: Vm
        self.reader: Ga467Emulator
        self.power_on()

    def power_on(self) -> None:
        self.vm = Vm(self.image, self.workdir, disk=self.disk, idcard=True, stick=self.stick)
        self.reader = Ga467Emulator(self.vm.idcard_pty).start()     # the reader is powered with the box

    def power_cut(self) -> None:
        self.vm.power_cut()
        self.reader.stop()

    def close(self) -> None:
        self.power_cut()
        self.platform.stop()

    def platform_down(self) -> None:
        """The platform stops answering (its port closed), as when the province's network is down."""
        self._platform_port = self.platform.port
        self.platform.stop()

    def platform_up(self) -> None:
        """Back on the same address with the same database."""
        self.platform = PlatformProcess(self.workdir / "platform", port=self._platform_port, stand_ins=False)

    # ------------------------------------------------------------ the technician

    def provision(self, name: str = "高新区政务服务驿站 1 号机") -> subprocess.CompletedProcess:
        """`kiosk-provision all` typed over ssh with a pairing code from the platform (the PIN from the
        environment, as the docs tell): detect, configure, install, enrol, selftest, the kiosk restarted."""
        self.vm.wait_ssh()
        run = self.vm.ssh(f"kiosk-provision all --yes --code {self.platform.pairing_code()} --name '{name}' "
                          f"--platform http://10.0.2.2:{self.platform.port}",
                          env={"KIOSK_TECHNICIAN_PIN": TECHNICIAN_PIN}, timeout_s=900, check=False)
        found = re.search(r"enrolled: (\S+)", run.stdout)
        self.device_id = found.group(1) if found else ""
        return run

    def provision_until_serving(self) -> None:
        """For the benchmarks: provisioned and AVAILABLE on the platform, or a clear failure."""
        run = self.provision()
        if run.returncode != 0:
            raise RuntimeError(f"provisioning failed:\n{run.stdout[-2000:]}\n{run.stderr[-1000:]}")
        self.wait_heartbeat("AVAILABLE")

    def heartbeat(self) -> dict | None:
        try:
            return self.platform.last_heartbeat(self.device_id)
        except Exception:                     # none yet (404)
            return None

    def wait_heartbeat(self, state: str, reason: str = "", timeout_s: float = 300, paused: str | None = None,
                       sent_after: str = "") -> dict:
        """The platform's last heartbeat of this box in `state` (with `reason`, and new applications refused
        for `paused` — "" for accepted — when given; sent after the `sent_at` of an earlier one)."""
        deadline = time.monotonic() + timeout_s
        while True:
            beat = self.heartbeat()
            if beat and beat["kiosk_state"] == state and (not reason or beat["reason"] == reason) \
                    and (paused is None or beat.get("submissions_paused", "") == paused) \
                    and (not sent_after or _instant(beat["sent_at"]) > _instant(sent_after)):
                return beat
            if time.monotonic() > deadline:
                raise AssertionError(f"no heartbeat {state}/{reason}/{paused} in {timeout_s:.0f} s; last: {beat}")
            time.sleep(2)

    def journal(self, unit: str = "kiosk.service") -> str:
        """This boot's journal of the unit."""
        return self.vm.ssh(f"journalctl -b -u {unit} --no-pager -o cat", check=False).stdout

    def qemu_gone(self) -> str:
        """Empty while the box's QEMU runs; else its exit code and the end of its log."""
        if (code := self.vm.proc.poll()) is None:
            return ""
        return f"the box's QEMU exited ({code}); its log ends:\n" \
               f"{(self.workdir / 'qemu.log').read_text(errors='replace')[-600:]}"

    def diagnosis(self, lines: int = 60) -> str:
        """For a failed assertion: how often the kiosk restarted this boot and the end of its journal."""
        if gone := self.qemu_gone():
            return gone
        restarts = self.vm.ssh("systemctl show -p NRestarts --value kiosk.service", check=False).stdout.strip()
        tail = "\n".join(self.journal().splitlines()[-lines:])
        return f"kiosk.service restarts this boot: {restarts}\n{tail}"

    def main_pid(self, unit: str = "kiosk.service") -> int:
        return int(self.vm.ssh(f"systemctl show -p MainPID --value {unit}").stdout.strip() or 0)

    def active(self, unit: str) -> bool:
        return self.vm.ssh(f"systemctl is-active {unit}", check=False).stdout.strip() == "active"

    def wait_active(self, unit: str, timeout_s: float) -> bool:
        """Whether the unit became active within the time (a Type=notify unit: once it said it is ready)."""
        deadline = time.monotonic() + timeout_s
        while not self.active(unit):
            if time.monotonic() > deadline:
                return False
            time.sleep(2)
        return True

    # ------------------------------------------------------------ system updates (A/B slots)

    STICK = "/run/kiosk-stick"
    INSTALL_TIMEOUT_S = 1800                 # a bundle of the whole system under TCG: minutes

    def grubenv(self) -> dict[str, str]:
        """GRUB's slot order and tries as RAUC left them (the boot partition's grubenv)."""
        out = self.vm.ssh("grub-editenv /boot/grub/grubenv list").stdout
        return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    def _stick_in(self) -> None:
        """The technician's stick (the second disk) mounted, once per boot."""
        self.vm.ssh(f"mkdir -p {self.STICK} && (mountpoint -q {self.STICK} || mount -o ro /dev/vdb {self.STICK})")

    def update(self, bundle: str, *flags: str) -> subprocess.CompletedProcess:
        """`kiosk-provision update` of a bundle on the technician's stick."""
        self._stick_in()
        return self.vm.ssh(f"kiosk-provision update {self.STICK}/{bundle} {' '.join(flags)}", check=False,
                           timeout_s=self.INSTALL_TIMEOUT_S)

    def slot_being_written(self, partlabel: str, timeout_s: float) -> bool:
        """RAUC has begun writing this (empty) slot: an ext4 superblock's magic at byte 1080 of it."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            magic = self.vm.ssh(f"dd if=/dev/disk/by-partlabel/{partlabel} bs=1 skip=1080 count=2 2>/dev/null | od -An -tx1",
                                check=False).stdout.split()
            if magic == ["53", "ef"]:
                return True
            time.sleep(3)
        return False

    def start_update(self, bundle: str) -> subprocess.Popen:
        """The same, left running (to cut the power in the middle of it)."""
        self._stick_in()
        return self.vm.ssh_popen(f"kiosk-provision update {self.STICK}/{bundle}")

    BOOTING = "open-gov-kiosk: booting slot"          # GRUB's line on the console (appliance/grub.cfg)
    RESTARTING = "reboot: Restarting system"
    HUNG_RESET_S = 240

    def follow_reboots(self, since: int, boots: int, timeout_s: float) -> list[str]:
        """Wait until GRUB began `boots` boots after console offset `since`; the slots it booted. A guest
        that said "Restarting system" and did not reach GRUB within HUNG_RESET_S gets QEMU's reset button
        (counted in `hung_resets`): once under TCG a guest's own reboot never came back (no BIOS or GRUB
        output for minutes; not reproduced since) — a test that waited on it would only time out."""
        deadline, stuck_since = time.monotonic() + timeout_s, None
        while True:
            text = self.vm.console_since(since)
            slots = re.findall(re.escape(self.BOOTING) + r" (\w)", text)
            if len(slots) >= boots:
                return slots
            if text.count(self.RESTARTING) > len(slots):
                stuck_since = stuck_since or time.monotonic()
                if time.monotonic() - stuck_since > self.HUNG_RESET_S:
                    print(f"guest did not come back from its reboot in {self.HUNG_RESET_S} s: reset", flush=True)
                    self.hung_resets += 1
                    self.vm.qmp("system_reset")
                    stuck_since = None
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(slots)} of {boots} boots after the update:\n{text[-3000:]}")
            time.sleep(3)

    def wait_update(self, state: str, slot: str, timeout_s: float) -> dict:
        """The heartbeat that says the last update came to `state`, from `slot`."""
        deadline = time.monotonic() + timeout_s
        beat = self.heartbeat() or {}
        while (beat.get("update_state"), beat.get("boot_slot")) != (state, slot):
            if time.monotonic() > deadline:
                raise AssertionError(f"no heartbeat with update {state} from slot {slot} in {timeout_s:.0f} s; "
                                     f"last: {beat}\n{self.vm.console_tail()}")
            time.sleep(5)
            beat = self.heartbeat() or {}
        return beat

    # ------------------------------------------------------------ applications and power cuts

    def start_submitting(self, count: int) -> "Submitter":
        self.vm.ssh("install -m 0644 /dev/stdin /tmp/guest_submit.py", input_text=GUEST_SUBMIT.read_text())
        return Submitter(self.vm.ssh_popen(
            f"runuser -u kiosk -- /opt/kiosk/venv/bin/python -u /tmp/guest_submit.py {count}"))

    def wait_drained(self, timeout_s: float = 600) -> None:
        """The kiosk's own sync worker (kiosk.service) delivers what was queued before the cut. Asked as
        the kiosk user: a root process opening the database could leave root-owned WAL files behind."""
        deadline = time.monotonic() + timeout_s
        while True:
            out = self.vm.ssh("runuser -u kiosk -- kiosk queue status --json", check=False).stdout
            try:
                status = json.loads(out.strip().splitlines()[-1])
            except (ValueError, IndexError):
                status = None
            if status is not None:
                assert status["parked"] == 0, f"applications parked for a technician: {status}"
                if not any(i["kind"] == "application" for i in status["items"]):
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"the outbox did not drain in {timeout_s:.0f} s: {out[-500:]}")
            time.sleep(5)

    def on_platform(self) -> Counter:
        """Applications of this kiosk on the platform, counted by content (the stamp each carries), read
        from the platform's database directly."""
        with sqlite3.connect(f"file:{self.platform.db_path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT json_extract(body, '$.client_created_at') FROM applications "
                              "WHERE device_id = ?", (self.device_id,)).fetchall()
        return Counter(_stamp(r[0]) for r in rows)

    def store_checks(self) -> tuple[str, str]:
        """(PRAGMA integrity_check of the kiosk's database, `kiosk audit verify`'s words)."""
        integrity = self.vm.ssh(
            "runuser -u kiosk -- /opt/kiosk/venv/bin/python -c \"import sqlite3; print(sqlite3.connect('file:/var/lib/kiosk/kiosk.db"
            "?mode=ro', uri=True).execute('PRAGMA integrity_check').fetchone()[0])\"", check=False)
        audit = self.vm.ssh("runuser -u kiosk -- kiosk audit verify", check=False)
        return (integrity.stdout.strip() or integrity.stderr.strip(),
                ("ok: " if audit.returncode == 0 else "broken: ") + audit.stdout.strip() + audit.stderr.strip()[-300:])


def _stamp(text: str) -> str:
    """One spelling of a timestamp (the platform may store +00:00 or Z)."""
    return text.replace("Z", "+00:00") if text else ""


@dataclass
class Submitter:
    """guest_submit.py running in the guest; the stamps the host has seen committed."""
    proc: subprocess.Popen
    queued: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("QUEUED "):
                self.queued.append(_stamp(line.split(" ", 1)[1].strip()))
            elif line.startswith("ALL_QUEUED"):
                break
        self.done.set()

    def wait_for(self, n: int, timeout_s: float = 600) -> None:
        deadline = time.monotonic() + timeout_s
        while len(self.queued) < n and not self.done.is_set():
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.queued)} of {n} applications queued in {timeout_s:.0f} s")
            time.sleep(0.05)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
