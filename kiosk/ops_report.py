"""The technician's status slip from what the kiosk knows now, with this machine's addresses."""

from __future__ import annotations

import datetime as dt
import socket
from urllib.parse import urlparse

from . import __version__
from .documents import Document, SlipDevice, status_slip
from .heartbeat import KioskSnapshot


def slip_document(snapshot: KioskSnapshot, *, kiosk_id: str, kiosk_name: str, platform_url: str,
                  queue_depth: int, last_sync: float | None) -> Document:
    devices = snapshot.devices or {}
    return status_slip(
        kiosk_id=kiosk_id, kiosk_name=kiosk_name, version=__version__, addresses=local_addresses(platform_url),
        devices=[SlipDevice(n, s.state.value, s.code.value, s.detail) for n, s in sorted(devices.items())],
        queue_depth=queue_depth, last_sync=dt.datetime.fromtimestamp(last_sync, dt.timezone.utc) if last_sync else None,
        now=dt.datetime.now(dt.timezone.utc))


def local_addresses(platform_url: str = "") -> list[str]:
    """The address the kiosk uses to reach the platform (a connected UDP socket sends nothing), then
    the others the host name resolves to; loopback only when there is nothing else."""
    found: list[str] = []
    host = urlparse(platform_url).hostname if platform_url else None
    for target in ([host] if host else []) + ["192.0.2.1"]:      # TEST-NET-1: never routed, never sent to
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((target, 9))
                found.append(s.getsockname()[0])
        except OSError:
            continue
    try:
        found += [ai[4][0] for ai in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    unique = list(dict.fromkeys(found))
    outside = [a for a in unique if not a.startswith("127.")]
    return outside or unique
