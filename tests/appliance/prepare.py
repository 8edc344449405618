"""The VM tests' inputs made early, beside the host tests: the image (./dev image: downloads and dpkg,
mostly one core, ~5 min on a machine without it) and the update bundles (two squashfs builds, ~3 min),
both cached (the bundles beside the image they are made from). A TCG guest itself never runs beside
other tests.

Two ways: `./dev test` runs `python -m tests.appliance.prepare` at nice 19 while the host tests run on
every core, then the VM tests in a session of their own; a single pytest session holding both kinds
(`pytest tests/…`) builds them in a thread (start()) and runs the VM tests last (tests/conftest.py)."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import Future

from .bundles import Bundles, cached_bundles
from .vm import image_dir, stop_image_build

_ready: Future | None = None


def start() -> None:
    global _ready
    if _ready is not None:
        return
    _ready = Future()

    def run() -> None:
        # nice 19 for this thread and what it starts (Linux: a thread's own priority, inherited by its
        # children): the host tests beside it keep the CPU they time themselves on
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            _ready.set_result(cached_bundles(image_dir()))
        except BaseException as exc:                 # handed to the first VM test that needs them
            _ready.set_exception(exc)
    threading.Thread(target=run, name="vm-inputs", daemon=True).start()


def bundles() -> Bundles:
    """The bundles (and so the image) made early, or now."""
    if _ready is not None:
        return _ready.result(timeout=3600)
    return cached_bundles(image_dir())


def stop() -> None:
    """A session that ends before its VM tests (-x, a deselection) does not leave a build running."""
    stop_image_build()


if __name__ == "__main__":
    made = cached_bundles(image_dir())
    print(f"VM inputs ready: {made.stick}", file=sys.stderr)
