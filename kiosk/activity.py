"""What the system's updater may know of the kiosk: whether a person is using it, since when it has been
as it is, and how many applications wait to be sent — nothing of the person. The kiosk writes it with
every heartbeat (once a minute, at once on a change) into its state directory; the updater (root,
provisioning/updater.py) reads it before it installs or reboots."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .secret_file import write_atomic

FILE_NAME = "activity.json"


@dataclass(frozen=True)
class Activity:
    kiosk_state: str          # AVAILABLE | ACTIVE (a person's session) | OUT_OF_SERVICE | …
    changed_at: float         # when kiosk_state last changed (Unix time)
    written_at: float
    queue_depth: int          # applications and reports not yet sent to the platform


class ActivityFile:
    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / FILE_NAME
        self._last: Activity | None = read(state_dir)

    def write(self, kiosk_state: str, queue_depth: int, now: float | None = None) -> None:
        now = time.time() if now is None else now
        changed = now if self._last is None or self._last.kiosk_state != kiosk_state else self._last.changed_at
        self._last = Activity(kiosk_state, changed, now, queue_depth)
        try:
            write_atomic(self.path, json.dumps(asdict(self._last)).encode(), mode=0o644, dir_mode=0o700)
        except OSError:
            pass                          # a full disk: the updater then finds it stale and waits


def read(state_dir: Path) -> Activity | None:
    try:
        data = json.loads((Path(state_dir) / FILE_NAME).read_text())
        return Activity(str(data["kiosk_state"]), float(data["changed_at"]), float(data["written_at"]),
                        int(data["queue_depth"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
