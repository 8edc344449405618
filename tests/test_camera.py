"""The camera driver on the stand-in sources (there is no video device here): frames at the camera's
rate, loss noticed within a second whether the camera goes silent or freezes, recovery by itself."""

import time

import pytest

from drivers.camera.monitor import CameraMonitor, CameraStatusEvent
from drivers.camera.sources import StillImageSource, V4l2Source, VideoFileSource
from drivers.status import DeviceState, StatusCode

from .facetools import FACES



@pytest.fixture
def events():
    got: list = []
    return got


def wait_status(events, state, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        statuses = [e.status for e in events if isinstance(e, CameraStatusEvent)]
        if statuses and statuses[-1].state is state:
            return statuses[-1], time.monotonic()
        time.sleep(0.01)
    raise AssertionError(f"no {state} within {timeout}s: {[e.status for e in events]}")


def test_video_frames_arrive_at_the_camera_rate(events):
    source = VideoFileSource(FACES / "live_person_turning.mp4")
    cam = CameraMonitor(source, events.append)
    cam.start()
    try:
        wait_status(events, DeviceState.READY)
        first = cam.wait_frame(0)
        time.sleep(2.0)
        last = cam.latest()
        rate = (last.seq - first.seq) / (last.at - first.at)
        # paced at the clip's 30 fps (a file would read at hundreds); no lower bound: a loaded CI machine decodes slower
        assert 0 < rate <= 35, rate
        assert last.image.shape[:2] == (360, 640)
    finally:
        cam.stop()


@pytest.mark.parametrize("fault,detail", [("silent", "no new frame"), ("frozen", "frozen picture")])
def test_a_lost_camera_is_noticed_and_comes_back(events, fault, detail):
    source = VideoFileSource(FACES / "live_person_turning.mp4")
    cam = CameraMonitor(source, events.append)             # production defaults: stale after 1 s
    cam.start()
    try:
        wait_status(events, DeviceState.READY)
        source.fault = fault
        status, _ = wait_status(events, DeviceState.UNAVAILABLE)
        assert status.code is StatusCode.NOT_RESPONDING and status.detail == detail
        assert cam.latest() is None                        # no stale picture handed out as the present
        source.fault = "none"
        wait_status(events, DeviceState.READY)
        assert cam.wait_frame(cam.latest().seq) is not None
    finally:
        cam.stop()


def test_a_photo_held_up_is_a_steady_source_not_a_frozen_camera(events):
    cam = CameraMonitor(StillImageSource(FACES / "obama.jpg"), events.append)
    cam.start()
    try:
        wait_status(events, DeviceState.READY)
        time.sleep(2.0)                                    # twice the time after which a camera counts as frozen
        assert [e.status.state for e in events][-1] is DeviceState.READY
    finally:
        cam.stop()


def test_no_camera_at_the_configured_path_is_a_status(events):
    cam = CameraMonitor(V4l2Source("/dev/v4l/by-id/usb-none-video-index0"), events.append, reopen_every_s=0.2)
    cam.start()
    try:
        status, _ = wait_status(events, DeviceState.UNAVAILABLE)
        assert status.code is StatusCode.NOT_RESPONDING and "no camera" in status.detail
    finally:
        cam.stop()
