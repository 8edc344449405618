"""The kiosk's identity with the platform: its Ed25519 private key (made at enrolment, mode 0600, never
sent anywhere), its device id, and whether the platform revoked it (kept across restarts: a revoked
kiosk stays quiet until it is enrolled again)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .secret_file import write_private


class IdentityMissing(Exception):
    """No key or device id: the kiosk was never enrolled (or its secrets are unreadable)."""


@dataclass(frozen=True)
class DeviceKey:
    device_id: str
    key: Ed25519PrivateKey


class DeviceIdentity:
    def __init__(self, key_path: Path) -> None:
        self.key_path = Path(key_path)
        self.id_path = self.key_path.with_name("device-id")
        self.revoked_path = self.key_path.with_name("revoked")

    def load(self) -> DeviceKey:
        try:
            pem = self.key_path.read_bytes()
            device_id = self.id_path.read_text().strip()
        except FileNotFoundError:
            raise IdentityMissing("this kiosk has no device key: enrol it with a pairing code") from None
        except OSError as exc:
            raise IdentityMissing(f"cannot read the device key: {exc.strerror}") from None
        try:
            key = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError):
            raise IdentityMissing("the device key file is damaged: enrol again") from None
        if not isinstance(key, Ed25519PrivateKey) or not device_id:
            raise IdentityMissing("the device key is not an Ed25519 key: enrol again")
        return DeviceKey(device_id, key)

    def device_id(self) -> str:
        try:
            return self.id_path.read_text().strip()
        except OSError:
            return ""

    def save(self, device_id: str, key: Ed25519PrivateKey) -> None:
        """A new identity (enrolment): the key first, then the id; a revoked mark of an old one goes."""
        write_private(self.key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
        write_private(self.id_path, device_id.encode() + b"\n")
        self.revoked_path.unlink(missing_ok=True)

    @property
    def revoked(self) -> bool:
        return self.revoked_path.exists()

    def mark_revoked(self) -> None:
        try:
            write_private(self.revoked_path, b"revoked by the platform\n")
        except OSError:
            pass                          # the in-memory flag still stops this process
