"""A private speech-dispatcher for the voice guidance (demo, tests, kiosks without a system one).

speech-dispatcher's auto-spawned daemon hangs where there is no sound server. Ours reads a copy of
the system configuration with the output fixed (ALSA, a named device: "default" on a kiosk with a
sound card, "null" where there is none), espeak-ng as the module, and serves a unix socket whose
address the Qt speechd engine reads from SPEECHD_ADDRESS."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .children import die_with_parent, stop_process

SYSTEM_CONFIG = Path("/etc/speech-dispatcher")


class SpeechdError(RuntimeError):
    pass


class Speechd:
    def __init__(self, proc: subprocess.Popen, root: tempfile.TemporaryDirectory, socket: Path) -> None:
        self.proc, self._root, self.socket = proc, root, socket

    @property
    def address(self) -> str:
        return f"unix_socket:{self.socket}"

    def stop(self) -> None:
        stop_process(self.proc)
        self._root.cleanup()


# The voices the kiosk speaks with: Mandarin (and its pinyin reading) and English.
KIOSK_VOICES = ("sit/cmn", "sit/cmn-Latn-pinyin", "gmw/en", "gmw/en-US")


def kiosk_espeak_data(root: Path) -> Path | None:
    """espeak-ng's data with only the kiosk's voices and no variants, as symlinks under `root` (for
    ESPEAK_DATA_PATH). With all of Debian's — 130 languages × 101 variants — speech-dispatcher lists
    13,000 voices before it opens its socket (42 s on the appliance VM) and Qt's speechd engine reads
    them all while it holds the interpreter's lock: 142 s without a watchdog ping, and systemd killed
    the kiosk. None when espeak-ng's data is not where Debian puts it (then its own list is used)."""
    source = next((p for p in sorted(Path("/usr/lib").glob("*/espeak-ng-data")) if (p / "lang").is_dir()), None)
    if source is None:
        return None
    data = root / "espeak-ng-data"
    data.mkdir()
    for entry in source.iterdir():
        if entry.name not in ("lang", "voices"):
            (data / entry.name).symlink_to(entry)
    for voice in KIOSK_VOICES:
        if (source / "lang" / voice).exists():
            (data / "lang" / voice).parent.mkdir(parents=True, exist_ok=True)
            (data / "lang" / voice).symlink_to(source / "lang" / voice)
    (data / "voices").mkdir()                 # no variants, no mbrola
    return root


def start_speechd(alsa_device: str | None = None, timeout_s: float = 60.0) -> Speechd:
    """Start it and wait for its socket (on the voice thread: nothing else waits). `alsa_device` None:
    "default" if the machine has a sound card, else "null" (speech is synthesised and thrown away, so
    the path is still exercised). It speaks with the kiosk's voices only (kiosk_espeak_data)."""
    binary = shutil.which("speech-dispatcher")
    if binary is None or not SYSTEM_CONFIG.is_dir():
        raise SpeechdError("speech-dispatcher is not installed (Debian: speech-dispatcher speech-dispatcher-espeak-ng)")
    if alsa_device is None:
        alsa_device = "default" if Path("/dev/snd").is_dir() and any(Path("/dev/snd").glob("pcm*")) else "null"
    root = tempfile.TemporaryDirectory(prefix="kiosk-speechd-")
    conf = Path(root.name) / "conf"
    shutil.copytree(SYSTEM_CONFIG, conf)
    with open(conf / "speechd.conf", "a") as f:
        f.write(f'\nAudioOutputMethod "alsa"\nAudioALSADevice "{alsa_device}"\nDefaultModule espeak-ng\n')
    sock = Path(root.name) / "speechd.sock"
    env = {**os.environ, "HOME": root.name}
    voices = kiosk_espeak_data(Path(root.name))
    if voices is not None:
        env["ESPEAK_DATA_PATH"] = str(voices)
    proc = subprocess.Popen([binary, "--run-single", "--timeout", "0", "--communication-method", "unix_socket",
                             "--socket-path", str(sock), "--config-dir", str(conf), "--log-dir", root.name,
                             "--pid-file", str(Path(root.name) / "speechd.pid")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent,
                            cwd=root.name, env=env)
    deadline = time.monotonic() + timeout_s
    while not sock.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_process(proc)
            root.cleanup()
            raise SpeechdError(f"speech-dispatcher did not open its socket within {timeout_s:.0f} s")
        time.sleep(0.05)
    return Speechd(proc, root, sock)
