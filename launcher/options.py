"""How `kiosk run` and `kiosk demo` start the kiosk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from drivers.camera.sources import FrameSource


@dataclass
class RunOptions:
    allow_skip_verification: bool = False       # the demo only
    start_screen: bool = True                    # the demo builds everything first (its panel needs the window)
    first_frame_exit: bool = False               # bench.startup: print FIRST_FRAME and HOME_FRAME, then quit
    after_window: Callable[[object], None] | None = None   # hook for the demo's control panel
    camera_source: FrameSource | None = None     # the demo's person in front of the camera, not [camera] source
