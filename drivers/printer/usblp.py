"""A USB receipt printer of the printer class, as Linux's usblp driver shows it (/dev/usb/lp0): a plain
character device, not a tty — pyserial cannot open it (no termios). This gives the receipt driver the
few port calls it uses (write, flush, read with a timeout, reset_input_buffer, close) on such a device.
usblp passes DLE EOT answers back on read() when the printer is bidirectional, as thermal printers are."""

from __future__ import annotations

import os
import select
import time

USBLP_PREFIX = "/dev/usb/lp"


def is_usblp(path: str) -> bool:
    return os.path.realpath(path).startswith(USBLP_PREFIX)


class RawPort:
    def __init__(self, path: str, timeout_s: float = 0.5, write_timeout_s: float = 5.0) -> None:
        self.timeout_s, self.write_timeout_s = timeout_s, write_timeout_s
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)

    def _fileno(self) -> int:
        if self._fd is None:
            raise OSError("port closed")
        return self._fd

    def write(self, data: bytes) -> int:
        fd, view, deadline = self._fileno(), memoryview(data), time.monotonic() + self.write_timeout_s
        while view:
            if not select.select([], [fd], [], max(0.0, deadline - time.monotonic()))[1]:
                raise TimeoutError("receipt printer does not take data (write timeout)")
            view = view[os.write(fd, view):]
        return len(data)

    def flush(self) -> None:
        """Writes go straight to the driver; nothing is buffered here."""

    def read(self, n: int) -> bytes:
        fd = self._fileno()
        if not select.select([fd], [], [], self.timeout_s)[0]:
            return b""
        try:
            return os.read(fd, n)
        except BlockingIOError:
            return b""

    def reset_input_buffer(self) -> None:
        fd = self._fileno()
        while select.select([fd], [], [], 0)[0]:
            try:
                if not os.read(fd, 4096):
                    return
            except BlockingIOError:
                return

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
