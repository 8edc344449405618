"""Enrolment: a one-time pairing code (from the platform's operator, read over the phone if need be)
exchanged for a device id and token; the kiosk's own key pair made here and its public half sent.
Secrets are 0600 under the kiosk user; a kiosk already enrolled is re-enrolled only when asked."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import Config
from kiosk.platform_client import PlatformClient, PlatformError

from .users import chown_to_kiosk


class EnrolError(Exception):
    """Enrolment did not happen; the message says why and what to do."""


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    key_fingerprint: str          # sha256 of the public key, first 16 hex: read it to the operator


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def enrol(host_cfg: Config, root: Path, code: str, *, force: bool = False) -> Enrolled:
    """`host_cfg`: the configuration with its paths as this tool opens them (see configure.host_view)."""
    client = PlatformClient(host_cfg.platform)
    try:
        if client.is_enrolled() and not force:
            raise EnrolError(f"already enrolled as {client.device_id() or '?'}; use --force to enrol again "
                             "(the old token stops being used here; revoke it on the platform)")
        secrets_dir = client.token_path.parent
        key = Ed25519PrivateKey.generate()
        public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)
        try:
            answer = client.enrol(code, host_cfg.kiosk.name, public_pem.decode())
        except PlatformError as exc:
            raise EnrolError(f"{exc.detail} ({exc.code})") from None
        _write_private(secrets_dir / "device-key.pem", key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        (secrets_dir / "device-key.pub").write_bytes(public_pem)
        for path in (secrets_dir, *secrets_dir.iterdir()):
            chown_to_kiosk(root, path)
        return Enrolled(answer.device_id, hashlib.sha256(public_pem).hexdigest()[:16])
    finally:
        client.close()
