"""Time limits of a session (适老化: where a limit is not essential, warn and let the person extend).

- Each screen allows `screen_timeout_s` without input; the last `warning_s` of it show a warning with
  an "I need more time" button, which restarts the screen's time.
- `idle_limit_s` caps the time since the last real interaction: pressing "more time" again and
  again cannot keep an abandoned session (and a person's data) on screen for ever.
Pure: the caller supplies the clock and ticks; expiry ends the session with EndReason.TIMEOUT.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable


@dataclass(frozen=True)
class IdlePolicy:
    screen_timeout_s: float = 120.0
    warning_s: float = 20.0
    idle_limit_s: float = 600.0


class IdleState(str, Enum):
    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


class IdleGuard:
    def __init__(self, policy: IdlePolicy, clock: Callable[[], float]) -> None:
        self.policy, self._clock = policy, clock
        self.reset()

    def reset(self) -> None:
        """A new screen or a real interaction."""
        now = self._clock()
        self._screen_start = self._last_interaction = now

    def extend(self) -> None:
        """"I need more time": the screen's time restarts, the idle cap does not."""
        self._screen_start = self._clock()

    def seconds_left(self) -> float:
        now = self._clock()
        screen_left = self._screen_start + self.policy.screen_timeout_s - now
        cap_left = self._last_interaction + self.policy.idle_limit_s - now
        return max(0.0, min(screen_left, cap_left))

    def state(self) -> IdleState:
        left = self.seconds_left()
        if left <= 0:
            return IdleState.EXPIRED
        return IdleState.WARNING if left <= self.policy.warning_s else IdleState.ACTIVE
