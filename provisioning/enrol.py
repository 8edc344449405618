"""Enrolment: a one-time pairing code (from the platform's operator, read over the phone if need be)
exchanged for a device id bound to the kiosk's own Ed25519 key, made here and kept 0600 under the kiosk
user (the platform keeps only the public half). A kiosk already enrolled is re-enrolled only when
asked; then it signs the request with its old key and the platform revokes the old identity."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Config
from kiosk.platform_client import PlatformClient, PlatformError

from .users import chown_to_kiosk


class EnrolError(Exception):
    """Enrolment did not happen; the message says why and what to do."""


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    key_fingerprint: str          # sha256 of the public key, first 16 hex: read it to the operator


def enrol(host_cfg: Config, root: Path, code: str, *, force: bool = False) -> Enrolled:
    """`host_cfg`: the configuration with its paths as this tool opens them (see configure.host_view)."""
    client = PlatformClient(host_cfg.platform)
    try:
        if client.is_enrolled() and not force:
            raise EnrolError(f"already enrolled as {client.device_id() or '?'}; use --force to enrol again "
                             "(the old identity is revoked by the platform when the new one is made)")
        try:
            answer = client.enrol(code, host_cfg.kiosk.name)
        except PlatformError as exc:
            raise EnrolError(f"{exc.detail} ({exc.code})") from None
        secrets_dir = client.identity.key_path.parent
        for path in (secrets_dir, *secrets_dir.iterdir()):
            chown_to_kiosk(root, path)
        return Enrolled(answer.device_id, answer.key_fingerprint)
    finally:
        client.close()
