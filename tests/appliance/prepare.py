"""The VM tests' inputs made early: the test session (tests/conftest.py) runs the VM tests last and,
meanwhile, beside the host tests, builds the image (./dev image: downloads and dpkg, mostly one core,
~5 min on a machine without it) and the update bundles (two squashfs builds, ~3 min). A TCG guest itself
never runs beside other tests."""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from pathlib import Path

from .bundles import Bundles, make_bundles
from .vm import image_dir, stop_image_build

_ready: Future | None = None


def start(work: Path) -> None:
    global _ready
    if _ready is not None:
        return
    _ready = Future()

    def run() -> None:
        # nice 19 for this thread and what it starts (Linux: a thread's own priority, inherited by its
        # children): the host tests beside it keep the CPU they time themselves on
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            _ready.set_result(make_bundles(image_dir(), work / "bundles"))
        except BaseException as exc:                 # handed to the first VM test that needs them
            _ready.set_exception(exc)
    threading.Thread(target=run, name="vm-inputs", daemon=True).start()


def bundles(work: Path) -> Bundles:
    """The bundles (and so the image) made early, or now."""
    if _ready is not None:
        return _ready.result(timeout=3600)
    return make_bundles(image_dir(), work / "bundles")


def stop() -> None:
    """A session that ends before its VM tests (-x, a deselection) does not leave a build running."""
    stop_image_build()
