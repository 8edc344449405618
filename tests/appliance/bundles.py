"""Update bundles for the VM tests and bench.update, made the way a release is (appliance/build-bundle.sh,
signed by the image's release signer), from the image's own slot image with one thing changed:

- good:     the release number one step up;
- bad:      one step up too, but its kiosk exits at once (a release that never becomes ready);
- foreign:  the good one re-signed by a CA the box does not trust;
- tampered: the good one with one byte of its signature changed.

They reach the box on a technician's "USB stick": an ext4 image handed to QEMU read-only (/dev/vdb)."""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .vm import REPO

APPLIANCE = REPO / "appliance"


@dataclass(frozen=True)
class Bundles:
    stick: Path                   # the ext4 image holding them
    release: str                  # what the image runs
    good_version: str
    bad_version: str
    good_bytes: int
    good: Path                    # the good one on the host too (the platform's rollout serves it)


def next_release(release: str, step: int = 1) -> str:
    return f"{release}.{step}"


def _run(*argv: str | Path, timeout_s: float = 900) -> str:
    run = subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=timeout_s)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))}: exit {run.returncode}\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return run.stdout


def _variant(image: Path, work: Path, name: str, files: dict[str, tuple[str, int]]) -> Path:
    """A copy of the image's slot filesystem with `files` (path -> (content, mode)) written into it by
    debugfs (no mount: the file is changed as a filesystem image)."""
    rootfs = work / f"{name}.ext4"
    _run("cp", "--sparse=always", image / "rootfs.ext4", rootfs)
    for i, (path, (content, mode)) in enumerate(files.items()):
        local = work / f"{name}.{i}"
        local.write_text(content)
        local.chmod(mode)
        _run("debugfs", "-w", "-R", f"rm {path}", rootfs)
        _run("debugfs", "-w", "-R", f"write {local} {path}", rootfs)
        _run("debugfs", "-w", "-R", f"set_inode_field {path} mode 0{0o100000 | mode:o}", rootfs)
        local.unlink()                          # (the folder is kept beside the image: cached_bundles)
    return rootfs


def _bundle(image: Path, rootfs: Path, version: str, out: Path, signer: str = "update-signer") -> Path:
    _run(APPLIANCE / "build-bundle.sh", rootfs, version, out, image / f"{signer}.pem", image / f"{signer}.key",
         image / "update-ca.pem")
    rootfs.unlink()
    return out


RECIPE = (Path(__file__), APPLIANCE / "build-bundle.sh", APPLIANCE / "make-update-keys.sh")


def cached_bundles(image: Path) -> Bundles:
    """The bundles of this image, kept beside it in `bundles/` (the image's cache is keyed by its inputs;
    the bundles are made again when their own recipe changed). One maker at a time: `./dev test`'s
    background build and a VM session may both ask."""
    folder = image / "bundles"
    recipe = hashlib.sha256(b"".join(p.read_bytes() for p in RECIPE)).hexdigest()[:16]
    with open(image / "bundles.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = folder / "recipe"
        if not (stamp.exists() and stamp.read_text() == recipe):
            shutil.rmtree(folder, ignore_errors=True)
            make_bundles(image, folder)
            stamp.write_text(recipe)
        return _found(image, folder)


def _versions(image: Path) -> tuple[str, str, str]:
    """What the image runs, the good bundle's release and the bad one's."""
    release = (image / "release").read_text().strip()
    return release, next_release(release, 1), next_release(release, 2)


def _found(image: Path, work: Path) -> Bundles:
    release, good_v, bad_v = _versions(image)
    good = work / "stick" / "good.raucb"
    return Bundles(stick=work / "stick.ext4", release=release, good_version=good_v, bad_version=bad_v,
                   good_bytes=good.stat().st_size, good=good)


def make_bundles(image: Path, work: Path) -> Bundles:
    """The four bundles and the stick with them (~1–2 min: two squashfs builds)."""
    _, good_v, bad_v = _versions(image)
    on_stick = work / "stick"
    on_stick.mkdir(parents=True, exist_ok=True)
    release_file = "/usr/lib/open-gov-kiosk/release"
    good = _bundle(image, _variant(image, work, "good", {release_file: (f"VERSION={good_v}\n", 0o644)}),
                   good_v, on_stick / "good.raucb")
    broken_kiosk = "#!/bin/sh\necho 'this release never becomes ready' >&2\nexit 1\n"
    _bundle(image, _variant(image, work, "bad", {release_file: (f"VERSION={bad_v}\n", 0o644),
                                                 "/opt/kiosk/venv/bin/kiosk": (broken_kiosk, 0o755)}),
            bad_v, on_stick / "bad.raucb")
    # another CA's signer: a bundle that is well made and signed, by someone the box does not trust
    other = work / "other-keys"
    _run("bash", APPLIANCE / "make-update-keys.sh", other)
    _run("rauc", "resign", "--cert", other / "update-signer.pem", "--key", other / "update-signer.key",
         "--keyring", other / "update-ca.pem", "--no-verify", good, on_stick / "foreign.raucb")
    shutil.rmtree(other)
    tampered = on_stick / "tampered.raucb"
    shutil.copyfile(good, tampered)
    with open(tampered, "r+b") as f:            # the CMS signature sits at the end, before its 8-byte size
        f.seek(-200, 2)
        byte = f.read(1)
        f.seek(-200, 2)
        f.write(bytes([byte[0] ^ 0xFF]))
    size_mb = sum(p.stat().st_size for p in on_stick.iterdir()) // 2**20 + 256
    _run("mke2fs", "-q", "-t", "ext4", "-d", on_stick, "-L", "kiosk-stick", work / "stick.ext4", f"{size_mb}M")
    return _found(image, work)
