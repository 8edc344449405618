"""A/B system updates measured on the appliance VM (QEMU, TCG, -cpu Nehalem, 2 vCPU, 2 GB), the way a
technician with a USB stick does them (`kiosk-provision update FILE`), on a provisioned box that serves:

    python -m bench.update

- bundle_mb: the signed bundle of the whole system (verity format, squashfs with zstd);
- install_s: `kiosk-provision update` from start to "installed" (checks, signature, RAUC writing the
  other slot through dm-verity, the box's configuration carried over) while the kiosk serves;
- reboot_to_available_s: the reboot into the new slot until the platform hears it AVAILABLE from there
  (the boot check has then marked it good); baseline_reboot_to_available_s: the same box rebooted with
  no update, measured in the same run;
- tampered_refused: a byte changed in the signature and a bundle re-signed by another CA both refused,
  GRUB's slot order unchanged;
- powercut_mid_install_ok: the power cut while RAUC writes the other slot, the box powered on: the slot
  that ran before boots and serves (the half-written one is never booted);
- bad_update_rolled_back: a release whose kiosk never starts: marked bad by the boot check, rebooted,
  back on the previous slot by itself, the platform told why; bad_update_to_rolled_back_s: from its
  install's reboot to that heartbeat;
- hung_reboots_reset: guest reboots that never reached GRUB and got QEMU's reset button (tests/appliance/box.py).

Left out: building the bundles (on the host, before the clock starts), the first boot and provisioning,
and the download (the bundle comes on a read-only second disk). Last line: one JSON object.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from tests.appliance.box import Box
from tests.appliance.bundles import cached_bundles
from tests.appliance.vm import image_dir


def _reboot_to_available(box: Box, slot: str, state: str | None, timeout_s: float = 900) -> float:
    before, since = box.heartbeat()["sent_at"], box.vm.console_size()
    started = time.monotonic()
    box.vm.ssh("systemctl reboot", check=False, timeout_s=30)
    box.follow_reboots(since, 1, timeout_s=600)
    while True:
        beat = box.wait_heartbeat("AVAILABLE", timeout_s=timeout_s, sent_after=before)
        if beat["boot_slot"] == slot and (state is None or beat["update_state"] == state):
            return time.monotonic() - started
        before = beat["sent_at"]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-update.") as tmp:
        work = Path(tmp)
        image = image_dir()
        bundles = cached_bundles(image)
        box = Box(work / "box", image=image, stick=bundles.stick)
        try:
            box.provision_until_serving()
            baseline = _reboot_to_available(box, "A", None)
            print(f"# plain reboot to AVAILABLE: {baseline:.0f} s", file=sys.stderr)
            env = box.grubenv()
            refusals = [box.update(name) for name in ("tampered.raucb", "foreign.raucb")]
            tampered_refused = all(r.returncode == 1 and "bad_signature" in r.stderr for r in refusals) \
                and box.grubenv() == env
            started = time.monotonic()
            run = box.update("good.raucb")
            install_s = time.monotonic() - started
            if "installed: release" not in run.stdout:
                raise RuntimeError(f"the good update was not installed:\n{run.stdout}\n{run.stderr}")
            print(f"# installed in {install_s:.0f} s", file=sys.stderr)
            reboot_s = _reboot_to_available(box, "B", "updated")
            # the power cut while RAUC writes slot A (the good bundle again: same release, allowed)
            writer = box.start_update("good.raucb")
            time.sleep(install_s / 3)
            writer.kill()
            box.power_cut()
            box.power_on()
            beat = box.wait_heartbeat("AVAILABLE", timeout_s=900, sent_after=box.heartbeat()["sent_at"])
            powercut_ok = beat["boot_slot"] == "B" and beat["system_version"] == bundles.good_version
            since = box.vm.console_size()
            box.update("bad.raucb", "--reboot")
            started = time.monotonic()
            box.follow_reboots(since, 2, timeout_s=1200)
            box.wait_update("rolled_back", "B", timeout_s=1500)
            rolled_back_s = time.monotonic() - started
            # the first beat after a boot may be OUT_OF_SERVICE while the reader comes up: serving after it
            beat = box.wait_heartbeat("AVAILABLE", timeout_s=300)
            rolled_back = (beat["boot_slot"], beat["update_state"], beat["update_version"]) == (
                "B", "rolled_back", bundles.bad_version)
        finally:
            box.close()
    print(json.dumps({"bundle_mb": round(bundles.good_bytes / 2**20, 1), "install_s": round(install_s, 1),
                      "reboot_to_available_s": round(reboot_s, 1),
                      "baseline_reboot_to_available_s": round(baseline, 1),
                      "bad_update_rolled_back": rolled_back, "bad_update_to_rolled_back_s": round(rolled_back_s, 1),
                      "tampered_refused": tampered_refused, "powercut_mid_install_ok": powercut_ok,
                      "hung_reboots_reset": box.hung_resets}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
