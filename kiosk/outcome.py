"""What a use case tells the screen: ok, or a message code (words are chosen in kiosk/messages.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message_code: str = ""


OK = Outcome(True)
