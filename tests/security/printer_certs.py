"""Two network printers' TLS identities from one throw-away CA (trustme): the real one and an impostor."""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path


def printer_certificates(directory: Path) -> list[tuple[str, str]]:
    """[(chain, key)] PEM files for "real" and "impostor", both for 127.0.0.1."""
    import trustme
    ca, files = trustme.CA(), []
    for name in ("real", "impostor"):
        cert = ca.issue_cert("127.0.0.1")
        chain, key = directory / f"{name}.pem", directory / f"{name}.key"
        cert.private_key_and_cert_chain_pem.write_to_path(str(chain))
        cert.private_key_pem.write_to_path(str(key))
        files.append((str(chain), str(key)))
    return files


def pin_of(chain: str) -> str:
    """The SHA-256 of the leaf certificate's DER: what `[printer] tls_pin_sha256` holds."""
    pem = Path(chain).read_text()
    cert = pem[pem.index("-----BEGIN CERTIFICATE-----"):]
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(cert[:cert.index("-----END CERTIFICATE-----") + 25])).hexdigest()
