"""What every printer driver raises when it cannot take a job."""

from __future__ import annotations

from ..status import StatusCode


class PrintError(Exception):
    """The printer could not take the job (no queue, scheduler down, refused, out of paper); `code` is
    the device status code that says why."""

    def __init__(self, code: StatusCode, detail: str) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail
